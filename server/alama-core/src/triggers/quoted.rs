//! Organizations named in quotation marks without a head: «الجريدة»,
//! "أرامكو", “اتصالات المغرب”.
//!
//! Arabic news quotes the short name of a company, a newspaper, a court or
//! a club where it stands without its head (وقعت "سوناطراك" الجزائرية، قضت
//! «الجنايات»). Quotation marks also set off products, satellites, slogans
//! and terms, so a quoted phrase is read as an organization only when it is
//! one to three Arabic words of letters alone, none of them a function
//! word, a trigger or a given name (a person's name, or that of a rover
//! named after one), and none with tanwin. A trigger before the quote reads
//! the name itself (شركة «سبيس 42», منطقة "الخساف"), and its reading is
//! kept.

use super::*;

/// The most words a quoted name without a head has.
const MOST_WORDS: usize = 3;

impl Reader<'_> {
    /// The organizations named in quotation marks in the key, which the
    /// key writes all as `"`. A mark opens a quotation after a space, a
    /// punctuation mark or proclitics alone (ل"أخبار اليوم") and before a
    /// word, maybe after a space (« البنتاجون»); the next mark closes it. Marks are not paired by
    /// counting, which would tie a quotation to every mark before it, so
    /// that a part of a document finds what the whole finds.
    pub(super) fn quoted_names(&self) -> Vec<TriggerHit> {
        let key = self.key.as_str();
        let mut hits = Vec::new();
        for (open, _) in key.match_indices('"') {
            let attached = key[..open].ends_with(is_word_char);
            let opens = (!attached || is_proclitics(&key[token_start(key, open)..open]))
                && key[open + 1..]
                    .trim_start_matches(' ')
                    .starts_with(is_word_char);
            if !opens {
                continue;
            }
            if let Some((start, end)) = self.quoted_name(open) {
                hits.push(TriggerHit::headless_organization(key, start, end));
            }
        }
        hits
    }

    /// The key range of the name after the quotation mark at `open` and
    /// before the next one, if it reads as an organization's (see the
    /// module's doc).
    fn quoted_name(&self, open: usize) -> Option<(usize, usize)> {
        let key = self.key.as_str();
        // The words up to the closing mark, read no further than a name.
        let (tokens, count) = lookahead::<{ MOST_WORDS + 1 }>(tokens(key, open + 1, true));
        let close = tokens[..count].iter().position(|t| t.text == "\"")?;
        let words = &tokens[..close];
        let fits = |word: &Token| {
            word.is_arabic()
                && word.text.chars().count() >= 2
                && word.text.chars().all(is_arabic_letter)
                && !self.is_blocked(word)
        };
        let (first, last) = (words.first()?, words.last()?);
        if last.end != tokens[close].start || !words.iter().all(fits) {
            return None;
        }
        // A word with tanwin is indefinite, a name's never (quoted speech:
        // "اجتماعاً مقتضباً").
        let (from, to) = self.key.original_range(self.text, first.start, last.end);
        if self.text[from..to].contains(['\u{64B}', '\u{64C}', '\u{64D}']) {
            return None;
        }
        // A given name makes a person's name (حسين آيت أحمد) or a thing
        // named after a person («المستكشف راشد», a lunar rover).
        let named_after_a_person = words.iter().any(|word| self.is_given(word));
        (!named_after_a_person).then_some((first.start, last.end))
    }
}

/// Whether a word is proclitics alone, written apart from the word they
/// belong to: و, ل, ول, فب (ل"أخبار اليوم", و«الجريدة»).
fn is_proclitics(word: &str) -> bool {
    word.chars().count() <= 2
        && word
            .chars()
            .all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك'))
}
