//! CoNLL columns: a token and its tag per line (the first and the last
//! field, separated by tabs, or by spaces when the line has no tab), a
//! blank line between sentences, and `-DOCSTART-` lines between documents,
//! with the document's id after it as `alama export` writes it. Tags are
//! IOB2, IOB1 (an `I-` after another type starts an entity), BIOES or BILOU.

use std::path::Path;

use alama_core::text::Span;
use rayon::prelude::*;

use super::{Content, Source, SourceSpan};

/// A document being read.
struct Reading {
    place: String,
    id: String,
    sentences: Vec<Vec<(String, usize)>>,
    spans: Vec<SourceSpan>,
    /// The entity open at the last token: its first token and label.
    open: Option<(usize, String)>,
    /// Tokens read so far.
    tokens: usize,
}

impl Reading {
    fn new(place: String, id: String) -> Reading {
        Reading {
            place,
            id,
            sentences: vec![Vec::new()],
            spans: Vec::new(),
            open: None,
            tokens: 0,
        }
    }

    /// Closes the entity open before token `at`.
    fn close(&mut self, at: usize) {
        if let Some((start, label)) = self.open.take() {
            self.spans.push((Span::new(start, at), label, None));
        }
    }

    fn end_sentence(&mut self) {
        self.close(self.tokens);
        if self.sentences.last().is_some_and(|s| !s.is_empty()) {
            self.sentences.push(Vec::new());
        }
    }

    /// Adds a token and its tag; an error names what is wrong with the tag.
    fn push(&mut self, token: &str, tag: &str, line: usize) -> Result<(), String> {
        let at = self.tokens;
        let (prefix, label) = match tag {
            "O" => ("O", ""),
            _ => match tag.split_once('-') {
                Some((prefix @ ("B" | "I" | "E" | "S" | "L" | "U"), label))
                    if !label.is_empty() =>
                {
                    (prefix, label)
                }
                _ => {
                    return Err(format!(
                        "the tag {tag:?} is not O, nor B-, I-, E-, S-, L- or U- and a type"
                    ))
                }
            },
        };
        let continues = self.open.as_ref().is_some_and(|(_, open)| open == label);
        match prefix {
            "O" => self.close(at),
            "B" | "S" | "U" => {
                self.close(at);
                self.open = Some((at, label.to_owned()));
            }
            _ if continues => {}
            _ => {
                self.close(at);
                self.open = Some((at, label.to_owned()));
            }
        }
        self.sentences
            .last_mut()
            .expect("a sentence is open")
            .push((token.to_owned(), line));
        self.tokens += 1;
        if matches!(prefix, "E" | "S" | "L" | "U") {
            self.close(self.tokens);
        }
        Ok(())
    }

    fn finish(mut self) -> Source {
        self.end_sentence();
        self.sentences.retain(|s| !s.is_empty());
        Source {
            place: self.place,
            id: self.id,
            content: Content::Tokens(self.sentences),
            spans: self.spans,
            suggestions: 0,
        }
    }
}

/// The documents of a CoNLL file, and the problems of its lines. The
/// documents, each from its `-DOCSTART-` line on, are read on all cores.
pub fn read(name: &str, content: &str) -> (Vec<Source>, Vec<String>) {
    let stem = Path::new(name)
        .file_stem()
        .map_or("document".to_owned(), |s| s.to_string_lossy().into_owned());
    // Each part's byte range and its first line's number.
    let mut parts = Vec::new();
    let (mut start, mut first_line) = (0, 1);
    let mut at = 0;
    for (index, line) in content.split_inclusive('\n').enumerate() {
        if line.starts_with("-DOCSTART-") && at > start {
            parts.push((start..at, first_line));
            (start, first_line) = (at, index + 1);
        }
        at += line.len();
    }
    parts.push((start..content.len(), first_line));
    let read: Vec<(Option<Source>, Vec<String>)> = parts
        .into_par_iter()
        .map(|(range, first_line)| read_part(name, &stem, &content[range], first_line))
        .collect();
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (document, mut found) in read {
        problems.append(&mut found);
        if let Some(mut document) = document {
            // A `-DOCSTART-` without an id: named by the document's place.
            if document.id.is_empty() {
                document.id = format!("{stem}-{:04}", documents.len() + 1);
            }
            documents.push(document);
        }
    }
    (documents, problems)
}

/// The document of one part of a CoNLL file, which starts at its line
/// `first_line` (with `-DOCSTART-`, but for the file's first part); its id
/// is empty when its `-DOCSTART-` line has none.
fn read_part(
    name: &str,
    stem: &str,
    part: &str,
    first_line: usize,
) -> (Option<Source>, Vec<String>) {
    let mut problems = Vec::new();
    let mut current: Option<Reading> = None;
    for (index, line) in part.lines().enumerate() {
        let number = first_line + index;
        let line = line.trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix("-DOCSTART-") {
            // `-DOCSTART- <id>\tO` as alama writes it; CoNLL 2003's
            // `-DOCSTART- -X- -X- O` has no id.
            let id = match rest.rsplit_once('\t') {
                Some((id, _)) => id.trim().to_owned(),
                None => {
                    let mut fields: Vec<&str> = rest.split_whitespace().collect();
                    if fields.len() > 1 && fields.last() == Some(&"O") {
                        fields.pop();
                    }
                    fields.retain(|&f| f != "-X-");
                    fields.join(" ")
                }
            };
            current = Some(Reading::new(format!("{name}:{number}"), id));
            continue;
        }
        if line.trim().is_empty() {
            if let Some(reading) = &mut current {
                reading.end_sentence();
            }
            continue;
        }
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let (Some(token), Some(tag), true) = (fields.first(), fields.last(), fields.len() >= 2)
        else {
            problems.push(format!("{name}:{number}: expected a token and a tag"));
            continue;
        };
        let reading = current
            .get_or_insert_with(|| Reading::new(format!("{name}:{number}"), stem.to_owned()));
        if let Err(problem) = reading.push(token.trim(), tag.trim(), number) {
            problems.push(format!("{name}:{number}: {problem}"));
        }
    }
    (current.map(Reading::finish), problems)
}

/// The code point range of each token of `sentences` in `text`, where they
/// follow each other with only white space between them; an error starts
/// with the source line of the token that is not found.
pub fn align(
    text: &str,
    sentences: &[Vec<(String, usize)>],
    txt: &Path,
) -> Result<Vec<(usize, usize)>, String> {
    let mut offsets = Vec::new();
    let mut rest = text;
    let mut at = 0;
    for (token, line) in sentences.iter().flatten() {
        let skipped = rest.len() - rest.trim_start().len();
        at += rest[..skipped].chars().count();
        rest = &rest[skipped..];
        if !rest.starts_with(token.as_str()) {
            let found: String = rest.chars().take(token.chars().count().max(1)).collect();
            return Err(format!(
                "{line}: the token {token:?} is not the next one in {} (at code point {at}, \
                 which holds {found:?})",
                txt.display()
            ));
        }
        let length = token.chars().count();
        offsets.push((at, at + length));
        at += length;
        rest = &rest[token.len()..];
    }
    Ok(offsets)
}

/// A text made of the tokens of `sentences`, a space between two tokens
/// and a line break after each sentence, with the code point range of each
/// token.
pub fn rebuild(sentences: &[Vec<(String, usize)>]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut offsets = Vec::new();
    let mut at = 0;
    for sentence in sentences {
        for (i, (token, _)) in sentence.iter().enumerate() {
            if i > 0 {
                text.push(' ');
                at += 1;
            }
            let length = token.chars().count();
            offsets.push((at, at + length));
            at += length;
            text.push_str(token);
        }
        text.push('\n');
        at += 1;
    }
    (text, offsets)
}
