//! Document highlights: every mention in a document of the entity under
//! the cursor, confirmed or suggested, so that an annotator sees at once
//! where else the document names it.
//!
//! "The same entity" is what the corpus counts group by
//! ([`entity_key`](crate::workspace::entity_key)): the linked entity, or
//! for an unlinked name its type and normalized text, so that «بغداد» and
//! «وبغداد» with a proclitic outside the span are one entity, and an
//! unlinked "Jordan" tagged PER is not the GPE.

use alama_core::engine::{Mention, Status};
use alama_core::text::{Span, Text};

use crate::hover::mention_at;
use crate::workspace::mention_key;

/// A mention of the entity under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub span: Span,
    pub status: Status,
}

/// Returns the mentions of the entity at `offset` (code points) among an
/// open document's `mentions`, in the order of the text; none when no
/// mention is there.
pub fn highlights(text: &Text, mentions: &[Mention], offset: usize) -> Vec<Highlight> {
    let Some(under) = mention_at(mentions, offset) else {
        return Vec::new();
    };
    let key = mention_key(text, under);
    mentions
        .iter()
        .filter(|m| mention_key(text, m) == key)
        .map(|m| Highlight {
            span: m.span,
            status: m.status,
        })
        .collect()
}

#[cfg(test)]
mod tests;
