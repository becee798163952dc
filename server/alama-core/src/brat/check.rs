//! What a line Alama writes may hold: a name on one line, a type of one
//! word, a well-formed entity id.

use crate::lexicon::{is_entity_id, ENTITY_ID_FORM};
use crate::text::Span;

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

/// Checks that a link `(id, name)` can be written on one line.
pub(super) fn check_link((entity, name): (&str, &str)) -> Result<(), AnnError> {
    check_entity_id(entity)?;
    if name.contains(is_line_break) {
        return Err(AnnError::BadName(name.to_owned()));
    }
    Ok(())
}
