//! The window of a document that an edit has recognized again at once: the
//! lines the edit touched and those a match may reach from them, cut at white
//! space, so that a keystroke on a long line costs a bounded recognition.

use alama_core::engine::{part_around, select, Engine, Mention, Named, Part, Propagation};
use alama_core::text::{Span, Text};

/// Recognizes `text` again around `region`, which an edit changed, with
/// the engine, the corpus' propagation and the persons the text names with
/// a title: the suggestions of [`recognition_window`] replace those there.
/// `suggestions` are the text's, but for the window: sorted and disjoint.
pub(super) fn recognize_around(
    (engine, propagation, people): (&Engine, &Propagation, &[Named]),
    text: &Text,
    suggestions: &mut Vec<Mention>,
    region: Span,
) {
    let Window { part, exact } = recognition_window(text, region);
    let slice = text.slice(part).unwrap_or_default();
    let part_text = Text::new(slice.to_owned());
    let found = select(engine.suggestions_in_part(&part_text, propagation, people));
    // The suggestions inside `exact` are found again; those reaching out
    // of it are too far from the edit to change.
    let inside = |m: &Mention| exact.start <= m.span.start && m.span.end <= exact.end;
    suggestions.retain(|m| !inside(m));
    let at = suggestions.partition_point(|m| m.span.start < exact.start);
    let kept = |at: usize| suggestions.get(at).map(|m| m.span);
    let (before, after) = (at.checked_sub(1).and_then(kept), kept(at));
    let new: Vec<Mention> = found
        .into_iter()
        .map(|mut m| {
            m.span = Span::new(m.span.start + part.start, m.span.end + part.start);
            m
        })
        .filter(|m| inside(m))
        .filter(|m| !before.is_some_and(|b| b.overlaps(m.span)))
        .filter(|m| !after.is_some_and(|a| a.overlaps(m.span)))
        .collect();
    suggestions.splice(at..at, new);
}

/// Where to recognize a document again after an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Window {
    /// The part recognized on its own.
    pub(super) part: Span,
    /// The part of `part` whose suggestions are those of the whole text:
    /// all but [`MATCH_REACH`](alama_core::engine::MATCH_REACH) at either
    /// end where `part` cuts a line.
    pub(super) exact: Span,
}

/// The part of a document to recognize again after an edit of `region`:
/// the lines around it, but on a line longer than that at most
/// [`WINDOW_REACH`] bytes on either side, cut at white space (see
/// [`part_around`]). The suggestions outside its exact part were not
/// changed by the edit.
pub(super) fn recognition_window(text: &Text, region: Span) -> Window {
    let clamped = Span::new(
        region.start.min(text.char_len()),
        region.end.min(text.char_len()),
    );
    let Some(bytes) = text.byte_range(clamped) else {
        let whole = Span::new(0, text.char_len());
        return Window {
            part: whole,
            exact: whole,
        };
    };
    let Part { bytes, exact } = part_around(text.as_str(), bytes, WINDOW_REACH);
    Window {
        part: text.span_of_bytes(bytes.0, bytes.1),
        exact: text.span_of_bytes(exact.0, exact.1),
    }
}

/// How far around an edit, in bytes, a line is recognized again at most.
/// The exact part reaches at least `WINDOW_REACH - 2 * MATCH_REACH` bytes
/// from the edit on either side: more than a suggestion near the edit can
/// reach.
pub(super) const WINDOW_REACH: usize = 4096;
