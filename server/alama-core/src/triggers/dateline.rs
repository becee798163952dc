//! The news agency or outlet of a dateline, in parentheses after the place
//! and date that open an article: «بغداد (أ ف ب)», «بنغازي 03 يناير 2026
//! (الأنباء الليبية)», "(Reuters) - Bank of America…".
//!
//! A dateline is the first few words of a line. Parentheses further into a
//! line hold other things (an acronym, a date, a name in another script),
//! which the other readers take care of.

use super::*;

/// The most words before a dateline's parentheses on their line: a place,
/// and a date with its digits («بنغازي 03 يناير 2026», "Washington, June
/// 11"); without digits, a place of two words at most.
const MOST_WORDS_BEFORE: usize = 4;

/// The most words an agency's name in a dateline has, letters spelled
/// apart (أ ف ب) aside.
const MOST_NAME_WORDS: usize = 3;

impl Reader<'_> {
    /// The organizations named in the parentheses of a dateline.
    pub(super) fn dateline_sources(&self) -> Vec<TriggerHit> {
        let key = self.key.as_str();
        let mut hits = Vec::new();
        for (open, _) in key.match_indices('(') {
            let line_start = key[..open].rfind('\n').map_or(0, |at| at + 1);
            let before = key[line_start..open].trim_end_matches(' ');
            let words = before.split(' ').filter(|w| !w.is_empty()).count();
            let sentence = before.contains(['.', '!', '?', ':', '"', '(', ')']);
            let dated = before.contains(|c: char| c.is_ascii_digit());
            if words > MOST_WORDS_BEFORE || words > 2 && !dated || sentence {
                continue;
            }
            let Some((start, end, close)) = self.agency_name(open) else {
                continue;
            };
            // At a line's start, only before a dash: "(Reuters) - …".
            let after = key[close..].trim_start_matches(' ');
            if words == 0 && !after.starts_with(['-', '–', '—']) {
                continue;
            }
            hits.push(TriggerHit::headless_organization(key, start, end));
        }
        hits
    }

    /// The key range of the words in the parentheses opened at `open`, if
    /// they read as an agency's name (up to three capitalized Latin words
    /// or Arabic words, none a function word or a trigger, or letters
    /// spelled apart), and where the parentheses close.
    fn agency_name(&self, open: usize) -> Option<(usize, usize, usize)> {
        let key = self.key.as_str();
        let (tokens, count) = lookahead::<6>(tokens(key, open + 1, true));
        let close = tokens[..count].iter().position(|t| t.text == ")")?;
        let words = &tokens[..close];
        let letters = |t: &Token| t.text.chars().all(char::is_alphabetic);
        let spelled = words.len() >= 2
            && words
                .iter()
                .all(|t| letters(t) && t.text.chars().count() == 1);
        let fits = |t: &Token| {
            letters(t)
                && t.text.chars().count() >= 2
                && !self.is_blocked(t)
                && (t.is_arabic() || self.is_capitalized(t))
        };
        let named = (1..=MOST_NAME_WORDS).contains(&words.len()) && words.iter().all(fits);
        let (first, last) = (words.first()?, words.last()?);
        (spelled || named).then_some((first.start, last.end, tokens[close].end))
    }
}
