//! brat standoff annotation files (`<doc>.ann` next to `<doc>.txt`).
//!
//! Alama reads and writes two kinds of lines:
//!
//! - `T` text-bound annotations, `T3<TAB>GPE 12 17<TAB>بغداد`: offsets in code
//!   points, end exclusive; the reference text must equal the document's;
//! - `N` normalizations linking a `T` to a lexicon entity,
//!   `N1<TAB>Reference T3 geonames:98182<TAB>Baghdad`.
//!
//! Every other line (relations, events, attributes, notes, discontinuous
//! spans, unknown or malformed lines) is kept and written back byte for byte,
//! and so are a byte order mark and CRLF line ends.
//!
//! A `T` line whose reference text is no longer at its offsets (the document
//! was edited by another program) is read at the place of that text, as
//! [`crate::reanchor`] finds it, and reported; where the text occurs nowhere
//! the line is kept as it is. Two versions of a file are merged by
//! [`AnnFile::merge`].
//!
//! A line Alama writes is always one line: a name never crosses a line
//! break, and types and entity ids hold no white space (see [`AnnError`]).

use std::io;
use std::path::Path;
use std::sync::Arc;

pub use crate::fs::write_atomically;
use crate::lexicon::{is_entity_id, ENTITY_ID_FORM};
use crate::reanchor::{reanchor, Anchor};
use crate::text::{Edit, Span, Text};

mod merge;

/// A confirmed entity annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBound {
    /// The number after `T`.
    pub id: u32,
    pub ty: String,
    pub span: Span,
    pub text: String,
}

/// A link from a text-bound annotation to a lexicon entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalization {
    /// The number after `N`.
    pub id: u32,
    /// The `T` it normalizes.
    pub target: u32,
    /// The entity id, `source:local-id`.
    pub entity: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    TextBound(TextBound),
    Normalization(Normalization),
    /// Kept verbatim (without its line terminator).
    Verbatim(String),
}

impl Line {
    /// Whether the line is about the annotation `T<id>` (`name`): its link,
    /// or a note, relation or attribute that names it.
    fn refers_to(&self, id: u32, name: &str) -> bool {
        match self {
            Line::Normalization(n) => n.target == id,
            Line::Verbatim(raw) => raw.split(['\t', ' ', ':']).skip(1).any(|f| f == name),
            Line::TextBound(_) => false,
        }
    }
}

/// A problem found while reading an `.ann` file; the line is kept verbatim.
/// Line 0 is the whole file, which was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", if *line == 0 { String::new() } else { format!(":{line}") })]
pub struct AnnIssue {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Why an annotation cannot be written to an `.ann` file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnError {
    #[error("the span {0} is empty; a name needs at least one character")]
    EmptySpan(Span),
    #[error(
        "«{}» at {span} crosses a line break, and names never do in Alama",
        show_line_breaks(text)
    )]
    LineBreak { span: Span, text: String },
    #[error(
        "`{}` cannot be an entity type: it is empty or holds white space or a control character",
        .0.escape_debug()
    )]
    BadType(String),
    #[error("the entity name «{}» holds a line break", show_line_breaks(.0))]
    BadName(String),
    #[error("entity id `{}` {ENTITY_ID_FORM}", .0.escape_debug())]
    BadEntityId(String),
}

/// Whether `c` ends a line, for an editor if not for brat: `\n`, `\r`,
/// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Checks that the text `text` at `span` can be a name: not empty, on one
/// line.
///
/// # Errors
///
/// [`AnnError::EmptySpan`] or [`AnnError::LineBreak`].
pub fn check_name(span: Span, text: &str) -> Result<(), AnnError> {
    if span.is_empty() {
        return Err(AnnError::EmptySpan(span));
    }
    if text.contains(is_line_break) {
        return Err(AnnError::LineBreak {
            span,
            text: text.to_owned(),
        });
    }
    Ok(())
}

/// Checks that `id` is a well-formed entity id (see [`is_entity_id`]).
///
/// # Errors
///
/// [`AnnError::BadEntityId`].
pub fn check_entity_id(id: &str) -> Result<(), AnnError> {
    if is_entity_id(id) {
        Ok(())
    } else {
        Err(AnnError::BadEntityId(id.to_owned()))
    }
}

/// Checks that `ty` can be written as a type: not empty, with no white
/// space or control character.
///
/// # Errors
///
/// [`AnnError::BadType`].
pub fn check_type(ty: &str) -> Result<(), AnnError> {
    if ty.is_empty() || ty.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(AnnError::BadType(ty.to_owned()));
    }
    Ok(())
}

/// `text` with its line breaks shown as escapes (`\n`), for messages.
fn show_line_breaks(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\u{2028}' | '\u{2029}' => shown.push_str(&c.escape_unicode().to_string()),
            c => shown.push(c),
        }
    }
    shown
}

/// The lines of one `.ann` file.
///
/// A file read and not changed since is written back exactly as it was
/// read, whatever it holds (a mix of line ends, say). Once a line changes,
/// every line is written with the line end most of them had.
#[derive(Debug, Clone)]
pub struct AnnFile {
    lines: Vec<Line>,
    /// Whether lines end with `\r\n` (kept when the file is rewritten).
    crlf: bool,
    /// Whether the original content ended with a line terminator.
    final_newline: bool,
    /// Whether the file starts with a byte order mark (written back).
    bom: bool,
    /// The content as read, while no line has changed since.
    original: Option<Arc<str>>,
}

/// Two files are equal when their lines and line ends are: how a file was
/// read does not matter.
impl PartialEq for AnnFile {
    fn eq(&self, other: &AnnFile) -> bool {
        self.lines == other.lines
            && self.crlf == other.crlf
            && self.final_newline == other.final_newline
            && self.bom == other.bom
    }
}

impl Eq for AnnFile {}

/// No lines, as parsed from an empty or missing file: equal to what
/// [`AnnFile::parse`] makes of `""`.
impl Default for AnnFile {
    fn default() -> AnnFile {
        AnnFile {
            lines: Vec::new(),
            crlf: false,
            final_newline: true,
            bom: false,
            original: None,
        }
    }
}

/// A text-bound annotation that did not hold its reference text at its
/// offsets, and where [`AnnFile::reanchor`] placed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reanchored {
    /// The annotation as it was.
    pub bound: TextBound,
    /// Its new span, or `None` if its text occurs nowhere: it is then kept
    /// as a verbatim line.
    pub to: Option<Span>,
}

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

    pub fn text_bounds(&self) -> impl Iterator<Item = &TextBound> {
        self.lines.iter().filter_map(|line| match line {
            Line::TextBound(t) => Some(t),
            _ => None,
        })
    }

    /// The entity the text-bound annotation `T<target>` is linked to.
    pub fn entity_of(&self, target: u32) -> Option<&str> {
        self.lines.iter().find_map(|line| match line {
            Line::Normalization(n) if n.target == target => Some(n.entity.as_str()),
            _ => None,
        })
    }

    /// Adds a text-bound annotation of the text `text` at `span` (and its
    /// link when `entity` is given: `(id, name)`); returns its number.
    ///
    /// # Errors
    ///
    /// When the annotation cannot be written on one line (see
    /// [`check_name`], [`check_type`], [`check_entity_id`]); nothing is added.
    pub fn add(
        &mut self,
        ty: &str,
        span: Span,
        text: &str,
        entity: Option<(&str, &str)>,
    ) -> Result<u32, AnnError> {
        self.original = None;
        check_name(span, text)?;
        check_type(ty)?;
        if let Some(entity) = entity {
            check_link(entity)?;
        }
        let id = self.next_id('T');
        self.lines.push(Line::TextBound(TextBound {
            id,
            ty: ty.to_owned(),
            span,
            text: text.to_owned(),
        }));
        if let Some((entity, name)) = entity {
            let n = self.next_id('N');
            self.lines.push(Line::Normalization(Normalization {
                id: n,
                target: id,
                entity: entity.to_owned(),
                text: name.to_owned(),
            }));
        }
        Ok(id)
    }

    /// Adds a brat note on `T<target>`, `#<n>\tAnnotatorNotes T<target>\t<note>`;
    /// returns its number.
    pub fn add_note(&mut self, target: u32, note: &str) -> u32 {
        self.original = None;
        let id = self.next_id('#');
        let note = note.replace(['\n', '\r'], " ");
        self.lines.push(Line::Verbatim(format!(
            "#{id}\tAnnotatorNotes T{target}\t{note}"
        )));
        id
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Splits the lines from `at` on into a file of their own (with the
    /// same line terminator), leaving the first `at`. Lines added after
    /// [`AnnFile::line_count`] thus make a file whose numbers continue
    /// those of this one: appended to it, none clash.
    pub fn split_off(&mut self, at: usize) -> AnnFile {
        self.original = None;
        AnnFile {
            lines: self.lines.split_off(at.min(self.lines.len())),
            crlf: self.crlf,
            bom: false,
            final_newline: true,
            original: None,
        }
    }

    /// The text-bound annotation covering exactly `span`.
    pub fn at(&self, span: Span) -> Option<&TextBound> {
        self.text_bounds().find(|t| t.span == span)
    }

    /// Of the annotations of `span` and type `ty`, the one to remove so
    /// that one fewer is left, if there are two or more: the last of those
    /// that have no link and no note, or the last of all when every one has
    /// one, so that the annotation kept is the one that says the most.
    pub fn duplicate_to_remove(&self, span: Span, ty: &str) -> Option<u32> {
        let same: Vec<u32> = self
            .text_bounds()
            .filter(|t| t.span == span && t.ty == ty)
            .map(|t| t.id)
            .collect();
        if same.len() < 2 {
            return None;
        }
        let bare = |id: u32| {
            let name = format!("T{id}");
            !self.lines.iter().any(|line| line.refers_to(id, &name))
        };
        same.iter()
            .rev()
            .copied()
            .find(|&id| bare(id))
            .or(same.last().copied())
    }

    /// Moves `T<id>` to `span`, which holds `text`, keeping its type, its
    /// link and its notes; whether there was such an annotation.
    ///
    /// # Errors
    ///
    /// When the span is empty or the text crosses a line (see
    /// [`check_name`]); nothing changes.
    pub fn respan(&mut self, id: u32, span: Span, text: &str) -> Result<bool, AnnError> {
        check_name(span, text)?;
        self.original = None;
        Ok(self
            .text_bound_mut(id)
            .map(|t| {
                t.span = span;
                t.text = text.to_owned();
            })
            .is_some())
    }

    /// Changes the type of `T<id>`; false if there is no such annotation.
    ///
    /// # Errors
    ///
    /// When `ty` cannot be written as a type (see [`check_type`]).
    pub fn retype(&mut self, id: u32, ty: &str) -> Result<bool, AnnError> {
        self.original = None;
        check_type(ty)?;
        Ok(self
            .text_bound_mut(id)
            .map(|t| t.ty = ty.to_owned())
            .is_some())
    }

    /// Links `T<id>` to `entity` (`(id, name)`), replacing its link, or
    /// unlinks it.
    ///
    /// # Errors
    ///
    /// When the entity cannot be written on one line; nothing changes.
    pub fn link(&mut self, id: u32, entity: Option<(&str, &str)>) -> Result<(), AnnError> {
        self.original = None;
        if let Some(entity) = entity {
            check_link(entity)?;
        }
        let old = self
            .lines
            .iter()
            .position(|line| matches!(line, Line::Normalization(n) if n.target == id));
        let Some((entity, name)) = entity else {
            if let Some(at) = old {
                self.lines.remove(at);
            }
            return Ok(());
        };
        let link = |id_of_n| Normalization {
            id: id_of_n,
            target: id,
            entity: entity.to_owned(),
            text: name.to_owned(),
        };
        match old {
            Some(at) => {
                if let Line::Normalization(n) = &mut self.lines[at] {
                    *n = link(n.id);
                }
            }
            None => {
                let n = self.next_id('N');
                self.lines.push(Line::Normalization(link(n)));
            }
        }
        Ok(())
    }

    /// Removes `T<id>` and every line that refers to it (its link, notes,
    /// attributes, relations and events), as brat does.
    pub fn remove(&mut self, id: u32) -> Option<TextBound> {
        self.original = None;
        let at = self
            .lines
            .iter()
            .position(|line| matches!(line, Line::TextBound(t) if t.id == id))?;
        let Line::TextBound(removed) = self.lines.remove(at) else {
            unreachable!("the position of a text-bound line");
        };
        let name = format!("T{id}");
        self.lines.retain(|line| !line.refers_to(id, &name));
        Some(removed)
    }

    /// Moves the annotations after `edit` and removes those whose characters
    /// it changed, returning them.
    pub fn apply_edit(&mut self, edit: &Edit) -> Vec<TextBound> {
        self.original = None;
        let mut changed = Vec::new();
        for line in &mut self.lines {
            if let Line::TextBound(t) = line {
                match edit.map(t.span) {
                    Some(span) => t.span = span,
                    None => changed.push(t.id),
                }
            }
        }
        changed
            .into_iter()
            .filter_map(|id| self.remove(id))
            .collect()
    }

    fn text_bound_mut(&mut self, id: u32) -> Option<&mut TextBound> {
        self.lines.iter_mut().find_map(|line| match line {
            Line::TextBound(t) if t.id == id => Some(t),
            _ => None,
        })
    }

    fn next_id(&self, prefix: char) -> u32 {
        let highest = self
            .lines
            .iter()
            .filter_map(|line| match line {
                Line::TextBound(t) if prefix == 'T' => Some(t.id),
                Line::Normalization(n) if prefix == 'N' => Some(n.id),
                Line::Verbatim(raw) => raw
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                    .and_then(|digits| digits.parse().ok()),
                _ => None,
            })
            .max();
        highest.map_or(1, |h| h + 1)
    }

    /// The file's content.
    pub fn render(&self) -> String {
        if let Some(original) = &self.original {
            return original.to_string();
        }
        let terminator = if self.crlf { "\r\n" } else { "\n" };
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push_str(terminator);
            }
            out.push_str(&render_line(line));
        }
        if !self.lines.is_empty() && self.final_newline {
            out.push_str(terminator);
        }
        out
    }

    /// Writes the file atomically: a temporary file in the same directory,
    /// then a rename over `path`.
    pub fn write(&self, path: &Path) -> io::Result<()> {
        write_atomically(path, self.render().as_bytes())
    }
}

/// Checks that a link `(id, name)` can be written on one line.
fn check_link((entity, name): (&str, &str)) -> Result<(), AnnError> {
    check_entity_id(entity)?;
    if name.contains(is_line_break) {
        return Err(AnnError::BadName(name.to_owned()));
    }
    Ok(())
}

/// A line without its terminator, as written.
fn render_line(line: &Line) -> String {
    match line {
        // One line each: `add`, `retype` and `link` check what they
        // write, and a parsed line held no line break.
        Line::TextBound(t) => format!(
            "T{}\t{} {} {}\t{}",
            t.id, t.ty, t.span.start, t.span.end, t.text
        ),
        Line::Normalization(n) => format!(
            "N{}\tReference T{} {}\t{}",
            n.id, n.target, n.entity, n.text
        ),
        Line::Verbatim(raw) => raw.clone(),
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

fn parse_normalization(raw: &str) -> Result<Normalization, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    const DOC: &str = "قال 😀 أوباما في بغداد\r\nObama in Baghdad";

    fn check(content: &str, expect: Expect) {
        let text = Text::new(DOC.to_owned());
        let (file, issues) = AnnFile::parse("doc.ann", content, &text);
        let mut listing: Vec<String> = file
            .text_bounds()
            .map(|t| format!("T{} {} {} {:?}", t.id, t.ty, t.span, file.entity_of(t.id)))
            .collect();
        listing.extend(issues.iter().map(ToString::to_string));
        expect.assert_eq(&listing.join("\n"));
    }

    #[test]
    fn reads_text_bounds_and_links_in_code_points() {
        check(
            "T1\tPER 6 12\tأوباما\nT2\tGPE 16 21\tبغداد\nN1\tReference T2 geonames:98182\tBaghdad\n",
            expect![[r#"
                T1 PER 6..12 None
                T2 GPE 16..21 Some("geonames:98182")"#]],
        );
    }

    #[test]
    fn reports_malformed_lines_with_file_and_line() {
        check(
            "T1\tPER 6 12\tأوباما\nT2\tGPE 16\tبغداد\nT3\tGPE 15 21\tبغداد\nT4\tGPE 90 95\tx\nX9 junk\nN1\tReference\tx\nTx\tPER 1 2\tا\n",
            expect![[r#"
                T1 PER 6..12 None
                T3 GPE 16..21 None
                doc.ann:2: bad offsets in `GPE 16`
                doc.ann:3: reference text `بغداد` moved from 15..21 to 16..21: read there, and written there at the next annotation command
                doc.ann:4: offsets 90..95 lie past the end of the document (39 characters), and `x` occurs nowhere in it (the line is kept as is)
                doc.ann:5: unknown annotation kind (kept as is)
                doc.ann:6: expected `Reference T<n> source:id`, found `Reference`
                doc.ann:7: bad id `Tx`, expected T<number>"#]],
        );
    }

    /// Read strictly, an annotation whose text is not at its offsets is
    /// reported with the problem and not read, even where its text occurs
    /// elsewhere; the file is still written back as it was.
    #[test]
    fn strict_reading_takes_offsets_as_written() {
        let text = Text::new(DOC.to_owned());
        let content = "T1\tPER 6 12\tأوباما\nT2\tGPE 15 21\tبغداد\nT3\tGPE 90 95\tبغداد\n";
        let (file, issues) = AnnFile::parse_strict("doc.ann", content, &text);
        let read: Vec<String> = file
            .text_bounds()
            .map(|t| format!("T{} {}", t.id, t.span))
            .collect();
        assert_eq!(read, ["T1 6..12"]);
        let issues: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(
            issues,
            [
                "doc.ann:2: reference text `بغداد` differs from the document's ` بغداد` at 15..21",
                "doc.ann:3: offsets 90..95 lie past the end of the document (39 characters)",
            ]
        );
        assert_eq!(file.render(), content);
    }

    #[test]
    fn round_trip_preserves_every_other_line_byte_for_byte() {
        let content = concat!(
            "T1\tPER 6 12\tأوباما\r\n",
            "R1\tLocated Arg1:T1 Arg2:T2\r\n",
            "#1\tAnnotatorNotes T1\tملاحظة ✓\r\n",
            "A1\tNegated T1\r\n",
            "E1\tAttack:T1\r\n",
            "T2\tGPE 16 21;22 23\tبغداد x\r\n",
            "weird line\r\n",
            "T9\tGPE 0 3\tnot the text\r\n",
        );
        let text = Text::new(DOC.to_owned());
        let (mut file, issues) = AnnFile::parse("doc.ann", content, &text);
        assert_eq!(issues.len(), 2);
        assert_eq!(file.render(), content);

        let id = file
            .add(
                "GPE",
                Span::new(16, 21),
                "بغداد",
                Some(("geonames:98182", "Baghdad")),
            )
            .unwrap();
        assert_eq!(id, 10);
        let expected = format!(
            "{content}T10\tGPE 16 21\tبغداد\r\nN1\tReference T10 geonames:98182\tBaghdad\r\n"
        );
        assert_eq!(file.render(), expected);
    }

    #[test]
    fn adding_to_an_empty_file() {
        let text = Text::new(DOC.to_owned());
        let (mut file, _) = AnnFile::parse("doc.ann", "", &text);
        file.add("PER", Span::new(24, 29), "Obama", None).unwrap();
        expect![[r#"
            T1	PER 24 29	Obama
        "#]]
        .assert_eq(&file.render());
    }

    /// Lines added after a file's own and split off make a file whose
    /// numbers continue the first one's, with the same line terminator and
    /// a final one even if the first lacked it.
    #[test]
    fn lines_split_off_continue_the_numbering() {
        let text = Text::new(DOC.to_owned());
        let content = "T1\tPER 6 12\tأوباما\r\n#1\tAnnotatorNotes T1\tnote";
        let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
        let own = file.line_count();
        let t = file
            .add(
                "GPE",
                Span::new(16, 21),
                "بغداد",
                Some(("geonames:98182", "Baghdad")),
            )
            .unwrap();
        assert_eq!(file.add_note(t, "new\nnote"), 2);
        let added = file.split_off(own);
        assert_eq!(file.render(), content, "the file's own lines are left");
        assert_eq!(
            added.render(),
            "T2\tGPE 16 21\tبغداد\r\nN1\tReference T2 geonames:98182\tBaghdad\r\n#2\tAnnotatorNotes T2\tnew note\r\n"
        );
    }

    #[test]
    fn removing_an_annotation_removes_what_refers_to_it() {
        let content = concat!(
            "T1\tPER 6 12\tأوباما\n",
            "T2\tGPE 16 21\tبغداد\n",
            "N1\tReference T1 wikidata:Q76\tBarack Obama\n",
            "R1\tLocated Arg1:T1 Arg2:T2\n",
            "#1\tAnnotatorNotes T1\tnote\n",
            "A1\tNegated T12\n",
            "N2\tReference T2 geonames:98182\tBaghdad\n",
        );
        let text = Text::new(DOC.to_owned());
        let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
        assert_eq!(file.remove(1).map(|t| t.text), Some("أوباما".to_owned()));
        assert_eq!(file.remove(1), None);
        expect![[r#"
            T2	GPE 16 21	بغداد
            A1	Negated T12
            N2	Reference T2 geonames:98182	Baghdad
        "#]]
        .assert_eq(&file.render());
    }

    #[test]
    fn retyping_and_linking() {
        let text = Text::new(DOC.to_owned());
        let (mut file, _) = AnnFile::parse("doc.ann", "T1\tGPE 16 21\tبغداد\n", &text);
        assert_eq!(file.retype(1, "LOC"), Ok(true));
        assert_eq!(file.retype(2, "LOC"), Ok(false));
        file.link(1, Some(("geonames:1", "Baghdad 1"))).unwrap();
        file.link(1, Some(("geonames:98182", "Baghdad"))).unwrap();
        expect![[r#"
            T1	LOC 16 21	بغداد
            N1	Reference T1 geonames:98182	Baghdad
        "#]]
        .assert_eq(&file.render());
        file.link(1, None).unwrap();
        assert_eq!(file.entity_of(1), None);
    }

    #[test]
    fn edits_move_annotations_and_drop_the_changed_ones() {
        let text = Text::new(DOC.to_owned());
        let content =
            "T1\tPER 6 12\tأوباما\nT2\tGPE 16 21\tبغداد\nN1\tReference T1 wikidata:Q76\tObama\n";
        let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
        // "قال" becomes "وقال": everything after moves by one.
        let dropped = file.apply_edit(&Edit {
            old: Span::new(0, 0),
            new_len: 1,
        });
        assert!(dropped.is_empty());
        // A letter typed inside "أوباما" drops it and its link.
        let dropped = file.apply_edit(&Edit {
            old: Span::new(9, 9),
            new_len: 1,
        });
        assert_eq!(dropped.len(), 1);
        expect![[r#"
            T2	GPE 18 23	بغداد
        "#]]
        .assert_eq(&file.render());
    }

    #[test]
    fn annotations_are_placed_again_in_a_new_version_of_the_text() {
        let text = Text::new(DOC.to_owned());
        let content = "T1\tPER 6 12\tأوباما\nT2\tGPE 23 28\tObama\nN1\tReference T2 x:1\tObama\n";
        let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
        // Another program prepended a word and renamed Obama.
        let edited = format!("عاجل {}", DOC.replace("Obama", "Biden"));
        let moved = file.reanchor(&Text::new(edited));
        let moved: Vec<String> = moved
            .iter()
            .map(|m| {
                let to = m.to.map_or("nowhere".to_owned(), |s| s.to_string());
                format!("T{} {} -> {to}", m.bound.id, m.bound.span)
            })
            .collect();
        assert_eq!(moved, ["T1 6..12 -> 11..17", "T2 23..28 -> nowhere"]);
        // The annotation whose text is gone is kept, unchanged, as a line
        // that reading reports.
        expect![[r#"
            T1	PER 11 17	أوباما
            T2	GPE 23 28	Obama
            N1	Reference T2 x:1	Obama
        "#]]
        .assert_eq(&file.render());
        assert_eq!(file.text_bounds().count(), 1);
        // Back in the first text, the kept line is read again, unreported.
        let moved = file.reanchor(&text);
        assert_eq!(moved.len(), 1, "only T1 moved back");
        assert_eq!(file.render(), content);
        assert_eq!(file.text_bounds().count(), 2);
    }

    #[test]
    fn nothing_that_would_break_a_line_is_written() {
        let text = Text::new("قال علي\nبابا في بغداد\u{2028}x".to_owned());
        let content = "T1\tGPE 16 21\tبغداد\n";
        let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
        let errors = [
            file.add("PER", Span::new(4, 12), "علي\nبابا", None),
            file.add("PER", Span::new(16, 23), "بغداد\u{2028}x", None),
            file.add("PER", Span::new(4, 4), "", None),
            file.add("PER X", Span::new(4, 7), "علي", None),
            file.add("PER\n", Span::new(4, 7), "علي", None),
            file.add(
                "PER",
                Span::new(4, 7),
                "علي",
                Some(("wikidata:Q1\nT9", "Ali")),
            ),
            file.add("PER", Span::new(4, 7), "علي", Some(("Q1", "Ali"))),
            file.add(
                "PER",
                Span::new(4, 7),
                "علي",
                Some(("wikidata:Q1", "A\rli")),
            ),
        ];
        let messages: Vec<String> = errors
            .iter()
            .map(|e| e.clone().unwrap_err().to_string())
            .collect();
        expect![[r#"
            «علي\nبابا» at 4..12 crosses a line break, and names never do in Alama
            «بغداد\u{2028}x» at 16..23 crosses a line break, and names never do in Alama
            the span 4..4 is empty; a name needs at least one character
            `PER X` cannot be an entity type: it is empty or holds white space or a control character
            `PER\n` cannot be an entity type: it is empty or holds white space or a control character
            entity id `wikidata:Q1\nT9` must have the form source:local-id, without white space or control characters
            entity id `Q1` must have the form source:local-id, without white space or control characters
            the entity name «A\rli» holds a line break"#]]
        .assert_eq(&messages.join("\n"));
        assert!(file.retype(1, "A\tB").is_err());
        assert!(file.link(1, Some(("a b:c", "x"))).is_err());
        assert_eq!(file.render(), content, "nothing changed");
    }

    #[test]
    fn discontinuous_spans_and_byte_order_marks_round_trip_byte_for_byte() {
        let text = Text::new("قال علي بابا في بغداد\n".to_owned());
        for terminator in ["\n", "\r\n"] {
            for bom in ["", "\u{feff}"] {
                let content = [
                    "T1\tPER 4 7;8 12\tعلي بابا",
                    "T2\tGPE 16 21\tبغداد",
                    "N1\tReference T2 geonames:98182\tBaghdad",
                    "",
                ]
                .join(terminator);
                let content = format!("{bom}{content}");
                let (mut file, issues) = AnnFile::parse("doc.ann", &content, &text);
                assert_eq!(issues, []);
                // The first annotation is read, BOM or not.
                let read: Vec<u32> = file.text_bounds().map(|t| t.id).collect();
                assert_eq!(read, [2]);
                assert_eq!(file.render(), content);
                assert_eq!(file.remove(2).map(|t| t.text), Some("بغداد".to_owned()));
                file.add("PER", Span::new(4, 7), "علي", None).unwrap();
                let expected = format!(
                    "{bom}T1\tPER 4 7;8 12\tعلي بابا{terminator}T2\tPER 4 7\tعلي{terminator}"
                );
                assert_eq!(file.render(), expected);
            }
        }
    }

    #[test]
    fn a_lone_carriage_return_in_a_reference_text_is_written_back() {
        let text = Text::new("a\rb c".to_owned());
        let content = "T1\tPER 0 3\ta\rb\n";
        let (file, issues) = AnnFile::parse("doc.ann", content, &text);
        assert_eq!(issues, []);
        assert_eq!(file.render(), content);
    }
}
