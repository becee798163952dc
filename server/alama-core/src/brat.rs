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
use crate::text::{Edit, Span};

mod check;
mod merge;
mod parse;

use check::check_link;
pub use check::{check_entity_id, check_name, check_type, is_line_break, AnnError};

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
    pub fn text_bounds(&self) -> impl Iterator<Item = &TextBound> {
        self.lines.iter().filter_map(|line| match line {
            Line::TextBound(t) => Some(t),
            _ => None,
        })
    }

    /// The links of the file, in its order.
    pub fn normalizations(&self) -> impl Iterator<Item = &Normalization> {
        self.lines.iter().filter_map(|line| match line {
            Line::Normalization(n) => Some(n),
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

#[cfg(test)]
mod tests;
