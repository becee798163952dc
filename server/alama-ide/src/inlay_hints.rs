//! Inlay hints: the type of a mention written beside it, so that an
//! annotator reads what each name was tagged as without hovering.
//!
//! On a line of left-to-right text the label follows its mention ("Baghdad
//! GPE"). A line that holds right-to-left letters gets its labels at its
//! end instead, all in one: an editor draws a label as a piece of its own
//! between two pieces of the line, and VS Code lays out the pieces of a
//! line from left to right, each isolated, so a label in the middle of an
//! Arabic line would swap the words before it with those after it. At the
//! end of the line no word moves. That label names each mention with its
//! type («واشنطن: GPE · أوباما: PER»), in the order of the text.
//!
//! Labels hold no bidirectional control characters (isolates such as FSI
//! and PDI): VS Code draws them as visible symbols, and where labels are
//! placed they are not needed.

use alama_core::engine::{Mention, Status};
use alama_core::text::{Span, Text};

/// Which mentions get a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    /// None: the labels are off.
    Off,
    /// Confirmed mentions only, whose type the annotator decided.
    #[default]
    Confirmed,
    /// Suggestions too, which the diagnostics and the hover show anyway.
    All,
}

/// A label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the label goes, in code points: the end of its mention, or the
    /// end of a right-to-left line.
    pub offset: usize,
    pub label: String,
    /// Confirmed if any mention it names is.
    pub status: Status,
}

/// The most mentions the label at the end of a right-to-left line names;
/// it counts the others.
const MAX_NAMED: usize = 12;

/// Returns the labels of the mentions of `text` that end inside `range`
/// (code points, both ends included, so that a label at the end of the
/// range is shown), in the order of the text. `mentions` are an open
/// document's, sorted.
pub fn inlay_hints(text: &Text, mentions: &[Mention], range: Span, shown: Shown) -> Vec<InlayHint> {
    let wanted = |m: &&Mention| match shown {
        Shown::Off => false,
        Shown::Confirmed => m.status == Status::Confirmed,
        Shown::All => true,
    };
    let source = text.as_str();
    let mut cursor = text.cursor();
    let mut hints = Vec::new();
    let mut line: Option<Line> = None;
    let in_range = mentions
        .iter()
        .filter(|m| range.start <= m.span.end && m.span.end <= range.end)
        .filter(wanted);
    for mention in in_range {
        let (Some(start), Some(end)) = (
            cursor.byte_of_char(mention.span.start),
            cursor.byte_of_char(mention.span.end),
        ) else {
            continue;
        };
        if line.as_ref().is_none_or(|l| start >= l.end) {
            if let Some(done) = line.take() {
                done.finish(&mut hints);
            }
            line = Some(Line::around(source, start, end, mention.span.end));
        }
        let Some(line) = line.as_mut() else { continue };
        if line.right_to_left {
            line.named.push((source[start..end].to_owned(), mention));
        } else {
            hints.push(InlayHint {
                offset: mention.span.end,
                label: mention.ty.to_string(),
                status: mention.status,
            });
        }
    }
    if let Some(done) = line {
        done.finish(&mut hints);
    }
    hints
}

/// The line of the mentions being labelled.
struct Line<'m> {
    /// Its end, in bytes (before the line break).
    end: usize,
    /// Its end in code points.
    end_offset: usize,
    right_to_left: bool,
    /// The mentions of a right-to-left line, with their text.
    named: Vec<(String, &'m Mention)>,
}

impl<'m> Line<'m> {
    /// The line of the mention at bytes `start..end` of `source`, which
    /// ends at code point `end_offset`.
    fn around(source: &str, start: usize, end: usize, end_offset: usize) -> Line<'m> {
        let line_start = source[..start].rfind('\n').map_or(0, |at| at + 1);
        let rest = &source[end..];
        let mut line_end = end + rest.find('\n').unwrap_or(rest.len());
        if source[..line_end].ends_with('\r') {
            line_end -= 1;
        }
        let line_end = line_end.max(end);
        Line {
            end: line_end,
            end_offset: end_offset + source[end..line_end].chars().count(),
            right_to_left: source[line_start..line_end].chars().any(is_right_to_left),
            named: Vec::new(),
        }
    }

    /// Pushes the label at the end of a right-to-left line.
    fn finish(self, hints: &mut Vec<InlayHint>) {
        if self.named.is_empty() {
            return;
        }
        let mut parts: Vec<String> = (self.named.iter().take(MAX_NAMED))
            .map(|(name, m)| format!("{name}: {}", m.ty))
            .collect();
        if self.named.len() > MAX_NAMED {
            parts.push(format!("+{}", self.named.len() - MAX_NAMED));
        }
        let confirmed = self
            .named
            .iter()
            .any(|(_, m)| m.status == Status::Confirmed);
        hints.push(InlayHint {
            offset: self.end_offset,
            label: parts.join(" · "),
            status: if confirmed {
                Status::Confirmed
            } else {
                Status::Suggested
            },
        });
    }
}

/// Whether `ch` is a letter of a right-to-left script (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko and their presentation forms).
fn is_right_to_left(ch: char) -> bool {
    matches!(ch, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && ch.is_alphabetic()
}

#[cfg(test)]
mod tests;
