//! Moving from one suggestion of a document to the next or the previous,
//! so that an annotator can review the suggestions with the keyboard alone.
//!
//! Suggestions are ordered by where they start. The next suggestion is the
//! first to start after the place, the previous one the last to start
//! before it; past the last suggestion the search wraps around to the
//! first, and before the first to the last. A place inside a suggestion is
//! after its start: the previous suggestion from there is that one, and the
//! next is the one after it. A client that selects the suggestion it moved
//! to and sends the selection's start next time thus steps through them in
//! order, each once.

use alama_core::engine::{Mention, Status};
use alama_core::text::Span;

/// Which way to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Next,
    Previous,
}

/// The span of the suggestion to move to from `offset` (code points) among
/// a document's `mentions`, or `None` when the document has no suggestion.
/// Confirmed mentions are passed over.
pub fn suggestion(mentions: &[Mention], offset: usize, direction: Direction) -> Option<Span> {
    let suggestions = mentions
        .iter()
        .filter(|m| m.status == Status::Suggested)
        .map(|m| m.span);
    // The order of `mentions` is not relied on: the nearest start wins,
    // and among the same start the shorter span (never two suggestions of
    // one document, which are disjoint).
    let key = |span: &Span| (span.start, span.end);
    match direction {
        Direction::Next => {
            let after = suggestions
                .clone()
                .filter(|span| span.start > offset)
                .min_by_key(key);
            after.or_else(|| suggestions.min_by_key(key))
        }
        Direction::Previous => {
            let before = suggestions
                .clone()
                .filter(|span| span.start < offset)
                .max_by_key(key);
            before.or_else(|| suggestions.max_by_key(key))
        }
    }
}

#[cfg(test)]
mod tests {
    use alama_core::engine::Source;
    use expect_test::{expect, Expect};

    use super::*;

    /// Suggestions at 5..10, 20..26 and 40..45; a confirmed mention at
    /// 30..35 in between, and one at 0..3 before them.
    fn mentions() -> Vec<Mention> {
        let mention = |start, end, status| Mention {
            span: Span::new(start, end),
            ty: "GPE".into(),
            status,
            source: Source::Lexicon,
            entity: None,
            candidates: Vec::new(),
        };
        vec![
            mention(0, 3, Status::Confirmed),
            mention(5, 10, Status::Suggested),
            mention(20, 26, Status::Suggested),
            mention(30, 35, Status::Confirmed),
            mention(40, 45, Status::Suggested),
        ]
    }

    /// The suggestion reached from each offset, one per line:
    /// `offset -> span`.
    fn check(mentions: &[Mention], direction: Direction, offsets: &[usize], expect: Expect) {
        let lines: Vec<String> = offsets
            .iter()
            .map(|&offset| {
                let found = suggestion(mentions, offset, direction);
                let found = found.map_or("none".to_owned(), |span| span.to_string());
                format!("{offset} -> {found}")
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn next_goes_to_the_first_suggestion_starting_after_the_place_and_wraps() {
        check(
            &mentions(),
            Direction::Next,
            &[0, 4, 5, 7, 10, 19, 20, 31, 40, 44, 45, 1000],
            expect![[r#"
                0 -> 5..10
                4 -> 5..10
                5 -> 20..26
                7 -> 20..26
                10 -> 20..26
                19 -> 20..26
                20 -> 40..45
                31 -> 40..45
                40 -> 5..10
                44 -> 5..10
                45 -> 5..10
                1000 -> 5..10"#]],
        );
    }

    #[test]
    fn previous_goes_to_the_last_suggestion_starting_before_the_place_and_wraps() {
        check(
            &mentions(),
            Direction::Previous,
            &[0, 5, 6, 20, 21, 36, 40, 41, 1000],
            expect![[r#"
                0 -> 40..45
                5 -> 40..45
                6 -> 5..10
                20 -> 5..10
                21 -> 20..26
                36 -> 20..26
                40 -> 20..26
                41 -> 40..45
                1000 -> 40..45"#]],
        );
    }

    #[test]
    fn the_order_of_the_mentions_does_not_matter() {
        let mut shuffled = mentions();
        shuffled.reverse();
        check(
            &shuffled,
            Direction::Next,
            &[0, 20, 40],
            expect![[r#"
                0 -> 5..10
                20 -> 40..45
                40 -> 5..10"#]],
        );
    }

    #[test]
    fn a_single_suggestion_is_reached_from_anywhere_and_none_without_one() {
        let single: Vec<Mention> = mentions()
            .into_iter()
            .filter(|m| m.status == Status::Confirmed || m.span.start == 20)
            .collect();
        for direction in [Direction::Next, Direction::Previous] {
            check(
                &single,
                direction,
                &[0, 20, 50],
                expect![[r#"
                    0 -> 20..26
                    20 -> 20..26
                    50 -> 20..26"#]],
            );
        }
        let confirmed: Vec<Mention> = mentions()
            .into_iter()
            .filter(|m| m.status == Status::Confirmed)
            .collect();
        for direction in [Direction::Next, Direction::Previous] {
            check(
                &confirmed,
                direction,
                &[0, 31],
                expect!["0 -> none\n31 -> none"],
            );
            check(&[], direction, &[0], expect!["0 -> none"]);
        }
    }
}
