//! Helpers of the unit tests.

use std::sync::Arc;

use alama_core::engine::{Mention, Source, Status};
use alama_core::text::Span;

/// A mention, from the lexicon, of the `n`th occurrence (from 0) of `name`
/// in `text`.
pub fn mention(
    text: &str,
    (name, n): (&str, usize),
    ty: &str,
    status: Status,
    entity: Option<&str>,
) -> Mention {
    let byte = text
        .match_indices(name)
        .nth(n)
        .expect("the name is in the text")
        .0;
    let start = text[..byte].chars().count();
    Mention {
        span: Span::new(start, start + name.chars().count()),
        ty: Arc::from(ty),
        status,
        source: Source::Lexicon,
        entity: entity.map(Arc::from),
        candidates: Vec::new(),
    }
}
