//! Placing annotations again after their document changed behind Alama's
//! back (another program edited the `.txt`).
//!
//! An annotation (or a rejection) whose offsets no longer hold its reference
//! text is moved to an exact occurrence of that text:
//!
//! 1. Annotations that agree on a displacement are moved by it together:
//!    text inserted or deleted before them moves them all by the same
//!    amount, even past other occurrences of their names. A displacement
//!    counts when at least two annotations find their text at it; the one
//!    most of them agree on is taken first (ties: the smaller, then the
//!    backward one).
//! 2. Each other annotation goes to the occurrence nearest its old offset,
//!    ties to the earlier one.
//!
//! Two annotations of the same kind never take the same occurrence. An
//! annotation whose text no longer occurs at all is left to the caller,
//! which keeps it rather than drop it.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::text::{Span, Text};

/// An annotation to place: its old span, its reference text and its kind
/// (its type: two annotations of one kind never share a span).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor<'a> {
    pub span: Span,
    pub text: &'a str,
    pub kind: &'a str,
}

/// The place of each anchor in `text`: its own span where it still holds
/// its text, else the occurrence it moves to, or `None` where its text no
/// longer occurs.
pub fn reanchor(text: &Text, anchors: &[Anchor]) -> Vec<Option<Span>> {
    let mut places = vec![None; anchors.len()];
    let mut taken: FxHashSet<(Span, &str)> = FxHashSet::default();
    let mut stale = Vec::new();
    for (i, anchor) in anchors.iter().enumerate() {
        if text.slice(anchor.span) == Some(anchor.text) {
            places[i] = Some(anchor.span);
            taken.insert((anchor.span, anchor.kind));
        } else {
            stale.push(i);
        }
    }
    if stale.is_empty() {
        return places;
    }
    let mut occurrences: FxHashMap<&str, Vec<Span>> = FxHashMap::default();
    for &i in &stale {
        let needle = anchors[i].text;
        occurrences
            .entry(needle)
            .or_insert_with(|| occurrences_of(text, needle));
    }
    stale.sort_by_key(|&i| (anchors[i].span.start, i));
    let free =
        |taken: &FxHashSet<(Span, &str)>, span: Span, kind: &str| !taken.contains(&(span, kind));

    // 1. Displacements shared by several annotations.
    while let Some(shift) = common_shift(anchors, &stale, &occurrences, &taken) {
        stale.retain(|&i| {
            let anchor = anchors[i];
            let Some(start) = anchor.span.start.checked_add_signed(shift) else {
                return true;
            };
            let found = &occurrences[anchor.text];
            match found.binary_search_by_key(&start, |o| o.start) {
                Ok(k) if free(&taken, found[k], anchor.kind) => {
                    taken.insert((found[k], anchor.kind));
                    places[i] = Some(found[k]);
                    false
                }
                _ => true,
            }
        });
    }

    // 2. The nearest free occurrence, in the order of the old offsets.
    for i in stale {
        let anchor = anchors[i];
        let nearest = occurrences[anchor.text]
            .iter()
            .filter(|o| free(&taken, **o, anchor.kind))
            .min_by_key(|o| (o.start.abs_diff(anchor.span.start), o.start));
        if let Some(&span) = nearest {
            taken.insert((span, anchor.kind));
            places[i] = Some(span);
        }
    }
    places
}

/// The displacement that brings the most of the `stale` anchors (at least
/// two) onto a free occurrence of their text.
fn common_shift(
    anchors: &[Anchor],
    stale: &[usize],
    occurrences: &FxHashMap<&str, Vec<Span>>,
    taken: &FxHashSet<(Span, &str)>,
) -> Option<isize> {
    let mut votes: FxHashMap<isize, usize> = FxHashMap::default();
    for &i in stale {
        let anchor = anchors[i];
        for o in &occurrences[anchor.text] {
            if !taken.contains(&(*o, anchor.kind)) {
                let shift = o.start as isize - anchor.span.start as isize;
                *votes.entry(shift).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .max_by(|(a, n), (b, m)| {
            n.cmp(m)
                .then_with(|| b.unsigned_abs().cmp(&a.unsigned_abs()))
                .then_with(|| b.cmp(a))
        })
        .map(|(shift, _)| shift)
}

/// Every occurrence of `needle` in `text`, overlapping ones included, in
/// order.
fn occurrences_of(text: &Text, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    let haystack = text.as_str();
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(at) = haystack[from..].find(needle) {
        let start = from + at;
        ranges.push((start, start + needle.len()));
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
    }
    text.spans_of_bytes(&ranges)
}

#[cfg(test)]
mod tests;
