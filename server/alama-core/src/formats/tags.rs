//! One tag per token from entity spans: IOB2 or BIOES.

use super::tokens::Token;

/// How entity spans are written on tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `B-` on an entity's first token, `I-` on the others, `O` outside.
    Iob2,
    /// As IOB2, but `S-` for an entity of one token and `E-` on the last
    /// token of a longer one.
    Bioes,
}

/// What becomes of a token that a span starts or ends inside of: most often
/// an Arabic proclitic before a name (و+واشنطن) or a suffix after one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clitics {
    /// The whole token carries the entity's tag, as ANERcorp and Wojood
    /// have it: «وواشنطن» is `B-GPE`.
    Keep,
    /// The token is cut at the span's bounds, and the parts outside the
    /// span become tokens tagged `O` of their own: «و» `O`, «واشنطن» `B-GPE`.
    Split,
}

/// A token with its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    /// Its byte range in the text.
    pub start: usize,
    pub end: usize,
    /// `O`, or a prefix and a label: `B-PER`.
    pub tag: String,
}

/// The spans that did not fall on token bounds, counted while tagging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Spans that start inside a token (after a proclitic).
    pub start_inside: usize,
    /// Spans that end inside a token.
    pub end_inside: usize,
    /// Spans lost because a token already carried another span's tag
    /// (two names in one token, with [`Clitics::Keep`]).
    pub lost: usize,
}

impl Alignment {
    /// Adds another document's counts.
    pub fn add(&mut self, other: &Alignment) {
        self.start_inside += other.start_inside;
        self.end_inside += other.end_inside;
        self.lost += other.lost;
    }
}

/// Tags the tokens of `sentences` with `spans`: byte ranges of the text
/// with their labels, sorted by start and not overlapping. A sentence
/// must not end inside a span (see [`super::sentences`]).
pub fn tag_tokens(
    sentences: &[Vec<Token>],
    spans: &[(usize, usize, &str)],
    scheme: Scheme,
    clitics: Clitics,
    alignment: &mut Alignment,
) -> Vec<Vec<Tagged>> {
    // The first span that may still overlap a token: tokens come in order.
    let mut first = 0;
    let mut counted = vec![false; spans.len()];
    let mut count = |index: usize, token: Token, alignment: &mut Alignment| {
        let (start, end, _) = spans[index];
        if !counted[index] && (start > token.start || end < token.end) {
            counted[index] = true;
            alignment.start_inside += usize::from(start > token.start);
            alignment.end_inside += usize::from(end < token.end);
        }
    };
    let mut tagged = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        // Each piece with the index of its span, if it has one.
        let mut pieces: Vec<(usize, usize, Option<usize>)> = Vec::with_capacity(sentence.len());
        for &token in sentence {
            while first < spans.len() && spans[first].1 <= token.start {
                first += 1;
            }
            let overlapping = (first..spans.len())
                .take_while(|&i| spans[i].0 < token.end)
                .filter(|&i| spans[i].1 > token.start);
            match clitics {
                Clitics::Keep => {
                    let mut overlapping = overlapping;
                    let span = overlapping.next();
                    if let Some(span) = span {
                        count(span, token, alignment);
                    }
                    for other in overlapping {
                        // A later span inside this token is lost, unless
                        // it goes on into the next token.
                        if spans[other].1 <= token.end {
                            alignment.lost += 1;
                        }
                    }
                    pieces.push((token.start, token.end, span));
                }
                Clitics::Split => {
                    let mut at = token.start;
                    for span in overlapping {
                        count(span, token, alignment);
                        let (start, end, _) = spans[span];
                        if start > at {
                            pieces.push((at, start, None));
                        }
                        let from = start.max(at);
                        let to = end.min(token.end);
                        pieces.push((from, to, Some(span)));
                        at = to;
                    }
                    if at < token.end {
                        pieces.push((at, token.end, None));
                    }
                }
            }
        }
        tagged.push(tag_pieces(&pieces, spans, scheme));
    }
    tagged
}

/// The tags of the pieces of one sentence.
fn tag_pieces(
    pieces: &[(usize, usize, Option<usize>)],
    spans: &[(usize, usize, &str)],
    scheme: Scheme,
) -> Vec<Tagged> {
    pieces
        .iter()
        .enumerate()
        .map(|(i, &(start, end, span))| {
            let tag = match span {
                None => "O".to_owned(),
                Some(span) => {
                    let continues = i > 0 && pieces[i - 1].2 == Some(span);
                    let goes_on = pieces.get(i + 1).is_some_and(|next| next.2 == Some(span));
                    let prefix = match (scheme, continues, goes_on) {
                        (Scheme::Iob2, false, _) => "B",
                        (Scheme::Iob2, true, _) => "I",
                        (Scheme::Bioes, false, false) => "S",
                        (Scheme::Bioes, false, true) => "B",
                        (Scheme::Bioes, true, true) => "I",
                        (Scheme::Bioes, true, false) => "E",
                    };
                    format!("{prefix}-{}", spans[span].2)
                }
            };
            Tagged { start, end, tag }
        })
        .collect()
}
