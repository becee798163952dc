//! Turning an editor selection into the span of a name.
//!
//! A selection is widened to whole words, stripped of surrounding
//! punctuation and spaces, and of the Arabic proclitics of its first word
//! (و ف ب ل ك) when what follows is a definite noun or a known name: the span
//! of an annotation never includes the clitic letters, as in the recognizers.

use alama_core::normalize::{is_word_char, normalize};
use alama_core::text::{Span, Text};

/// Letters that belong to a word in the original text: the key's word
/// characters plus harakat, superscript alef and tatweel.
fn in_word(ch: char) -> bool {
    is_word_char(ch) || matches!(ch, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Proclitic sequences, longest first. ك attaches to a definite noun only.
const PROCLITICS: &[&str] = &["وب", "ول", "فب", "فل", "وك", "فك", "و", "ف", "ب", "ل", "ك"];

/// The span of the name in `selection`, or `None` if it holds no word.
/// `known` tells whether a string is a known name (lexicon or corpus).
pub fn snap(text: &Text, selection: Span, known: impl Fn(&str) -> bool) -> Option<Span> {
    // Only the characters around the selection are looked at: a word is
    // never longer than the reach.
    let total = text.char_len();
    let window = Span::new(
        selection.start.min(total).saturating_sub(WORD_REACH),
        (selection.end + WORD_REACH).min(total),
    );
    let chars: Vec<char> = text.slice(window)?.chars().collect();
    let len = chars.len();
    let (mut start, mut end) = (
        selection.start.min(total) - window.start,
        selection.end.min(total) - window.start,
    );
    if start == end {
        // A cursor: the word around it, whichever side it touches.
        while start > 0 && in_word(chars[start - 1]) {
            start -= 1;
        }
        while end < len && in_word(chars[end]) {
            end += 1;
        }
    } else {
        while start > 0 && in_word(chars[start - 1]) && in_word(chars[start]) {
            start -= 1;
        }
        while end < len && in_word(chars[end - 1]) && in_word(chars[end]) {
            end += 1;
        }
    }
    while start < end && !in_word(chars[start]) {
        start += 1;
    }
    while end > start && !in_word(chars[end - 1]) {
        end -= 1;
    }
    if start == end {
        return None;
    }
    let first_word_end = (start..end).find(|&i| !in_word(chars[i])).unwrap_or(end);
    let word: String = chars[start..first_word_end].iter().collect();
    let name: String = chars[start..end].iter().collect();
    let start = start + proclitic_length(&word, &name, &known);
    Some(Span::new(window.start + start, window.start + end))
}

/// How far (in characters) around a selection its words are looked for.
const WORD_REACH: usize = 256;

/// How many letters of `word` (the first word of `name`) are proclitics.
fn proclitic_length(word: &str, name: &str, known: &impl Fn(&str) -> bool) -> usize {
    if known(name) {
        return 0;
    }
    for proclitic in PROCLITICS {
        let Some(rest) = word.strip_prefix(proclitic) else {
            continue;
        };
        let rest_key = normalize(rest);
        let definite = rest_key.starts_with("ال") && rest_key.chars().count() >= 4;
        // لل: ل before a definite noun whose alif is dropped (للعراق).
        let contracted = proclitic.ends_with('ل') && rest_key.starts_with('ل');
        let is_ka = proclitic.ends_with('ك');
        let stripped_name = &name[proclitic.len()..];
        if definite || (!is_ka && (contracted || known(rest) || known(stripped_name))) {
            return proclitic.chars().count();
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// The selection is marked under the text, on its own line: `^` for a
    /// cursor, `[` and `]` around a range (columns in code points).
    fn check(fixture: &str, expect: Expect) {
        let (line, marks) = fixture.split_once('\n').unwrap();
        let column = |c: char| marks.chars().position(|m| m == c);
        let selection = match column('^') {
            Some(at) => Span::new(at, at),
            None => Span::new(column('[').unwrap(), column(']').unwrap() + 1),
        };
        let text = Text::new(line.to_owned());
        let known = |s: &str| ["بغداد", "أوباما", "بروسيا"].contains(&normalize(s).as_str());
        let snapped = snap(&text, selection, known).map_or("none".to_owned(), |span| {
            text.slice(span).unwrap().to_owned()
        });
        expect.assert_eq(&snapped);
    }

    #[test]
    fn a_cursor_selects_its_word() {
        check("زار أوباما بغداد\n      ^", expect!["أوباما"]);
    }

    #[test]
    fn a_cursor_at_a_word_end_selects_it() {
        check("Obama visited\n     ^", expect!["Obama"]);
    }

    #[test]
    fn a_range_widens_to_whole_words() {
        check(
            "President Barack Obama said\n             [    ]",
            expect!["Barack Obama"],
        );
    }

    #[test]
    fn punctuation_and_spaces_are_trimmed() {
        check("قال «بغداد»، أمس\n    [      ]", expect!["بغداد"]);
    }

    #[test]
    fn the_conjunction_before_a_definite_noun_is_stripped() {
        check("والعراق\n   ^", expect!["العراق"]);
    }

    #[test]
    fn preposition_and_article_contraction() {
        check("للعراق\n^", expect!["لعراق"]);
    }

    #[test]
    fn clitics_before_a_known_name_are_stripped() {
        check("وبغداد وأوباما\n[            ]", expect!["بغداد وأوباما"]);
    }

    #[test]
    fn a_name_starting_like_a_clitic_stays_whole() {
        check("بروسيا\n^", expect!["بروسيا"]);
        check("بيروت\n^", expect!["بيروت"]);
        check("وليد\n^", expect!["وليد"]);
    }

    #[test]
    fn harakat_belong_to_the_word() {
        check("زارَ بَغْدَادَ\n       ^", expect!["بَغْدَادَ"]);
    }

    #[test]
    fn nothing_but_punctuation() {
        check("a , b\n  ^", expect!["none"]);
    }
}
