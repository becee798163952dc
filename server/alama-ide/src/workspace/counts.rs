//! The corpus counts: how often each entity (or unlinked name of a type) is
//! confirmed, suggested and rejected, as each document contributes to them.

use alama_core::engine::{Mention, Status};
use alama_core::normalize::normalize;
use alama_core::rejections::Rejection;
use alama_core::text::Text;
use rustc_hash::FxHashMap;

/// How often an entity (or an unlinked name of a type) occurs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub confirmed: usize,
    pub suggested: usize,
    pub rejected: usize,
    /// Documents with at least one confirmed or suggested mention.
    pub documents: usize,
}

impl Tally {
    pub fn mentions(&self) -> usize {
        self.confirmed + self.suggested
    }

    pub(super) fn add(&mut self, counts: Counts, sign: isize) {
        let apply =
            |total: &mut usize, n: u32| *total = total.saturating_add_signed(sign * n as isize);
        apply(&mut self.confirmed, counts.confirmed);
        apply(&mut self.suggested, counts.suggested);
        apply(&mut self.rejected, counts.rejected);
        apply(
            &mut self.documents,
            u32::from(counts.confirmed + counts.suggested > 0),
        );
    }
}

/// One document's counts for one key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub(super) confirmed: u32,
    pub(super) suggested: u32,
    pub(super) rejected: u32,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.confirmed += other.confirmed;
        self.suggested += other.suggested;
        self.rejected += other.rejected;
    }
}

/// What identifies "the same entity" across the corpus: its lexicon id, or
/// for an unlinked mention its type and normalized name.
pub fn entity_key(ty: &str, entity: Option<&str>, surface: &str) -> String {
    match entity {
        Some(id) => id.to_owned(),
        None => format!("{ty}\u{1f}{}", normalize(surface)),
    }
}

/// The [`entity_key`] of a mention of `text`.
pub fn mention_key(text: &Text, mention: &Mention) -> String {
    let surface = text.slice(mention.span).unwrap_or_default();
    entity_key(&mention.ty, mention.entity.as_deref(), surface)
}

/// A document's share of the corpus counts, by key.
pub(super) type Contribution = Vec<(String, Counts)>;

pub(super) fn contribution(
    text: &Text,
    mentions: &[Mention],
    rejections: &[Rejection],
) -> Contribution {
    // Mentions are grouped by what their key is made of first, so that a
    // key (a normalization, for an unlinked name) is made once per group.
    let mut by_parts: FxHashMap<(&str, Option<&str>, &str), Counts> = FxHashMap::default();
    for m in mentions {
        let surface = match m.entity {
            Some(_) => "",
            None => text.slice(m.span).unwrap_or_default(),
        };
        let counts = by_parts
            .entry((&m.ty, m.entity.as_deref(), surface))
            .or_default();
        match m.status {
            Status::Confirmed => counts.confirmed += 1,
            Status::Suggested => counts.suggested += 1,
        }
    }
    let rejected = rejections.iter().map(|r| {
        let counts = Counts {
            rejected: 1,
            ..Counts::default()
        };
        (
            (r.ty.as_str(), r.entity.as_deref(), r.text.as_str()),
            counts,
        )
    });
    let mut by_key: FxHashMap<String, Counts> = FxHashMap::default();
    for ((ty, entity, surface), counts) in by_parts.into_iter().chain(rejected) {
        *by_key.entry(entity_key(ty, entity, surface)).or_default() += counts;
    }
    by_key.into_iter().collect()
}
