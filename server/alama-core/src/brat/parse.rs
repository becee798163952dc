//! Reading an `.ann` file: each line parsed against the document's text,
//! the annotations whose text moved placed again (see [`crate::reanchor`]),
//! and every other line kept verbatim.

use std::sync::Arc;

use super::{render_line, AnnFile, AnnIssue, Line, Normalization, Reanchored, TextBound};
use crate::reanchor::{reanchor, Anchor};
use crate::text::{Span, Text};

impl AnnFile {
    /// Parses `content` of the file `file` annotating `text`. Malformed lines
    /// are reported and kept verbatim. An annotation whose reference text
    /// differs from the document at its offsets is moved to an occurrence of
    /// that text (see [`crate::reanchor`]) and reported; if there is none it
    /// is reported and kept verbatim.
    pub fn parse(file: &str, content: &str, text: &Text) -> (AnnFile, Vec<AnnIssue>) {
        AnnFile::parse_with(file, content, text, true)
    }

    /// Parses like [`AnnFile::parse`], but takes every offset as written:
    /// an annotation whose reference text is not at its offsets is reported
    /// with the problem and kept verbatim, never looked for elsewhere in the
    /// text. For readers that compare offsets (scoring), to which an
    /// annotation read at another place would be another annotation.
    pub fn parse_strict(file: &str, content: &str, text: &Text) -> (AnnFile, Vec<AnnIssue>) {
        AnnFile::parse_with(file, content, text, false)
    }

    /// Parses `content`; a misplaced annotation is placed again in `text`
    /// if `reanchor` is true, else reported and kept verbatim.
    fn parse_with(
        file: &str,
        content: &str,
        text: &Text,
        reanchor: bool,
    ) -> (AnnFile, Vec<AnnIssue>) {
        let read = content;
        let (bom, content) = match content.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, content),
        };
        let mut issues = Vec::new();
        let mut lines = Vec::new();
        // `T` lines whose text is not at their offsets: where they are, their
        // line number, their raw line and the problem.
        let mut misplaced = Vec::new();
        let mut moved = false;
        let issue = |line: usize, message: String| AnnIssue {
            file: file.to_owned(),
            line,
            message,
        };
        for (number, raw) in content.lines().enumerate() {
            match parse_line(raw, text) {
                Ok(Parsed::Line(line)) => lines.push(line),
                Ok(Parsed::Misplaced(bound, problem)) if reanchor => {
                    misplaced.push((lines.len(), number + 1, raw, problem));
                    lines.push(Line::TextBound(bound));
                }
                Ok(Parsed::Misplaced(_, problem)) => {
                    issues.push(issue(number + 1, problem));
                    lines.push(Line::Verbatim(raw.to_owned()));
                }
                Err(message) => {
                    issues.push(issue(number + 1, message));
                    lines.push(Line::Verbatim(raw.to_owned()));
                }
            }
        }
        if !misplaced.is_empty() {
            let places = places_in(&lines, text);
            for (at, number, raw, problem) in misplaced {
                let Line::TextBound(bound) = &mut lines[at] else {
                    unreachable!("a misplaced line is a text-bound annotation");
                };
                match places[at] {
                    Some(span) => {
                        issues.push(issue(
                            number,
                            format!(
                                "reference text `{}` moved from {} to {}: read there, and written there at the next annotation command",
                                bound.text, bound.span, span
                            ),
                        ));
                        bound.span = span;
                        moved = true;
                    }
                    None => {
                        issues.push(issue(
                            number,
                            format!(
                                "{problem}, and `{}` occurs nowhere in it (the line is kept as is)",
                                bound.text
                            ),
                        ));
                        lines[at] = Line::Verbatim(raw.to_owned());
                    }
                }
            }
            issues.sort_by_key(|issue| issue.line);
        }
        let line_ends = content.matches('\n').count();
        let crlf_ends = content.matches("\r\n").count();
        let file = AnnFile {
            lines,
            crlf: crlf_ends > 0 && crlf_ends * 2 >= line_ends,
            final_newline: content.is_empty() || content.ends_with('\n'),
            bom,
            original: (!moved).then(|| Arc::from(read)),
        };
        (file, issues)
    }

    /// Places the text-bound annotations again in `text`, a new version of
    /// the document (see [`crate::reanchor`]): one whose reference text is
    /// no longer at its offsets moves to an occurrence of it; one whose text
    /// occurs nowhere becomes a verbatim line, unchanged, so that it is kept
    /// (and reported whenever the file is read). Returns the annotations
    /// that did not hold, with their new places.
    ///
    /// Verbatim `T` lines (such as those this kept before) are read again
    /// and placed the same way; those that still have no place stay as they
    /// are, unreported.
    pub fn reanchor(&mut self, text: &Text) -> Vec<Reanchored> {
        self.original = None;
        // The verbatim `T` lines read as annotations, with their line.
        let mut unread = Vec::new();
        for (i, line) in self.lines.iter_mut().enumerate() {
            let Line::Verbatim(raw) = line else {
                continue;
            };
            if let Ok(Parsed::Line(Line::TextBound(bound)) | Parsed::Misplaced(bound, _)) =
                parse_text_bound(raw, text)
            {
                unread.push((i, std::mem::take(raw)));
                *line = Line::TextBound(bound);
            }
        }
        let places = places_in(&self.lines, text);
        let mut moved = Vec::new();
        let mut unread = unread.into_iter().peekable();
        for (i, (line, place)) in self.lines.iter_mut().zip(places).enumerate() {
            let raw = unread.next_if(|(at, _)| *at == i).map(|(_, raw)| raw);
            let Line::TextBound(bound) = line else {
                continue;
            };
            match (place, raw) {
                (Some(span), _) if span == bound.span => {}
                (None, Some(raw)) => *line = Line::Verbatim(raw),
                (place, raw) => {
                    if raw.is_none() {
                        moved.push(Reanchored {
                            bound: bound.clone(),
                            to: place,
                        });
                    }
                    match place {
                        Some(span) => bound.span = span,
                        None => *line = Line::Verbatim(render_line(line)),
                    }
                }
            }
        }
        moved
    }
}

/// Where each text-bound line of `lines` is in `text` (see
/// [`crate::reanchor`]); `None` for the other lines and for annotations
/// whose text occurs nowhere.
fn places_in(lines: &[Line], text: &Text) -> Vec<Option<Span>> {
    let (at, anchors): (Vec<usize>, Vec<Anchor>) = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| match line {
            Line::TextBound(t) => Some((
                i,
                Anchor {
                    span: t.span,
                    text: &t.text,
                    kind: &t.ty,
                },
            )),
            _ => None,
        })
        .unzip();
    let mut places = vec![None; lines.len()];
    for (i, place) in at.into_iter().zip(reanchor(text, &anchors)) {
        places[i] = place;
    }
    places
}

/// A parsed line, or a well-formed `T` line whose reference text is not at
/// its offsets (with the problem).
enum Parsed {
    Line(Line),
    Misplaced(TextBound, String),
}

fn parse_line(raw: &str, text: &Text) -> Result<Parsed, String> {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let verbatim = || Ok(Parsed::Line(Line::Verbatim(raw.to_owned())));
    match raw.as_bytes().first() {
        Some(b'T') => parse_text_bound(raw, text),
        Some(b'N') => parse_normalization(raw).map(|n| Parsed::Line(Line::Normalization(n))),
        Some(b'R' | b'E' | b'A' | b'M' | b'#' | b'*') => verbatim(),
        _ if raw.trim().is_empty() => verbatim(),
        _ => Err("unknown annotation kind (kept as is)".to_owned()),
    }
}

/// Parses a `T` line; a discontinuous span is kept verbatim.
fn parse_text_bound(raw: &str, text: &Text) -> Result<Parsed, String> {
    let mut fields = raw.splitn(3, '\t');
    let id = parse_id(fields.next().unwrap_or(""), 'T')?;
    let annotation = fields.next().ok_or("missing type and offsets")?;
    let reference = fields.next().ok_or("missing reference text")?;
    if annotation.contains(';') {
        return Ok(Parsed::Line(Line::Verbatim(raw.to_owned())));
    }
    let mut parts = annotation.split(' ');
    let ty = parts
        .next()
        .filter(|t| !t.is_empty())
        .ok_or("missing type")?;
    let offset = |part: Option<&str>| -> Result<usize, String> {
        part.and_then(|p| p.parse().ok())
            .ok_or_else(|| format!("bad offsets in `{annotation}`"))
    };
    let (start, end) = (offset(parts.next())?, offset(parts.next())?);
    if parts.next().is_some() || start > end {
        return Err(format!("bad offsets in `{annotation}`"));
    }
    let span = Span::new(start, end);
    let bound = TextBound {
        id,
        ty: ty.to_owned(),
        span,
        text: reference.to_owned(),
    };
    match text.slice(span) {
        None => {
            let problem = format!(
                "offsets {span} lie past the end of the document ({} characters)",
                text.char_len()
            );
            Ok(Parsed::Misplaced(bound, problem))
        }
        Some(actual) if actual != reference => {
            let problem = format!(
                "reference text `{reference}` differs from the document's `{actual}` at {span}"
            );
            Ok(Parsed::Misplaced(bound, problem))
        }
        Some(_) => Ok(Parsed::Line(Line::TextBound(bound))),
    }
}

pub(super) fn parse_normalization(raw: &str) -> Result<Normalization, String> {
    let mut fields = raw.splitn(3, '\t');
    let id = parse_id(fields.next().unwrap_or(""), 'N')?;
    let annotation = fields.next().ok_or("missing reference")?;
    let text = fields.next().unwrap_or("");
    let mut parts = annotation.split(' ');
    let (Some(_kind), Some(target), Some(entity), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "expected `Reference T<n> source:id`, found `{annotation}`"
        ));
    };
    Ok(Normalization {
        id,
        target: parse_id(target, 'T')?,
        entity: entity.to_owned(),
        text: text.to_owned(),
    })
}

fn parse_id(field: &str, prefix: char) -> Result<u32, String> {
    field
        .strip_prefix(prefix)
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| format!("bad id `{field}`, expected {prefix}<number>"))
}
