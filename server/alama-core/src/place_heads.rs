//! Organizations named by a head word and the place after it: a club
//! («مولودية وهران», «نجم المتلوي»), a national team («منتخب مصر»), a
//! government or a police force («حكومة دمشق», «شرطة دبي»), a league of a
//! continent («دوري أبطال أفريقيا»).
//!
//! The `head` triggers read a definite phrase after an Arabic head, because
//! a head before an indefinite word is mostly a common noun («وزارة جديدة»,
//! «شباب كثيرون»). A place name of the lexicon is a name without the
//! article, so these heads come in their own trigger modes and name an
//! organization only with a lexicon place right after them:
//!
//! - `place`: before any place, a country or a continent too («منتخب مصر»).
//! - `city`: before a place that is not a country, for heads that are also
//!   common nouns: «شباب وهران» is a club, «شباب مصر» the youth of Egypt.

use rustc_hash::FxHashMap;

use crate::arabic::without_proclitic;
use crate::normalize::normalize;

#[cfg(test)]
mod tests;

/// The heads of the `place` and `city` trigger lines, by matching key.
#[derive(Debug, Default)]
pub struct PlaceHeads {
    heads: FxHashMap<String, PlaceHead>,
    /// The most words a head has.
    longest: usize,
    /// Bit `n` is set when a head's last word takes `n` bytes (64 and more
    /// share bit 63): the word before a place is looked up only if its
    /// length, with or without one proclitic, is one of them, which most
    /// words before a place are not.
    last_word_lengths: u64,
}

#[derive(Debug)]
struct PlaceHead {
    ty: String,
    /// Whether the head names an organization only with a place that is
    /// not a country (the `city` mode).
    below_country: bool,
}

/// The kind of place a lexicon name after a head refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A country or territory.
    Country,
    /// A continent or another region without a government (LOC).
    Region,
    /// A city, a province or another place below a country.
    BelowCountry,
}

impl PlaceHeads {
    /// Reads a trigger line of the `place` or `city` mode into the heads.
    /// Returns `None` for a line of another mode, which is left to the
    /// other triggers, and the reason for a line of these modes that has
    /// an empty type or phrase.
    pub fn read_line(&mut self, line: &str) -> Option<Result<(), String>> {
        let mut fields = line.split('\t');
        let (Some(ty), Some(mode @ ("place" | "city")), Some(phrase), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return None;
        };
        let key = normalize(phrase.trim());
        if ty.is_empty() || key.is_empty() {
            return Some(Err("empty type or phrase".to_owned()));
        }
        self.longest = self.longest.max(key.split(' ').count());
        let last_word = key.rsplit(' ').next().unwrap_or_default();
        self.last_word_lengths |= length_bit(last_word.len());
        let head = PlaceHead {
            ty: ty.to_owned(),
            below_country: mode == "city",
        };
        self.heads.insert(key, head);
        Some(Ok(()))
    }

    /// The start and the type of the organization named by a head that ends
    /// just before the byte `at` of the matching key `key`, where a lexicon
    /// place starts, of the kind `kind` tells (`None` if the entity is no
    /// place); `kind` is asked only when a head comes before the place. Only
    /// spaces may separate the head and the place. A proclitic (و ف ب ل ك)
    /// on the head's first word is outside the organization: «ومنتخب مصر»
    /// gives «منتخب مصر».
    pub fn before(
        &self,
        key: &str,
        at: usize,
        kind: impl FnOnce() -> Option<PlaceKind>,
    ) -> Option<(usize, &str)> {
        let mut end = at
            .checked_sub(1)
            .filter(|&end| key.as_bytes()[end] == b' ')?;
        let mut start = word_start(key, end);
        // A proclitic letter takes two bytes.
        let length = length_bit(end - start) | length_bit((end - start).saturating_sub(2));
        if self.last_word_lengths & length == 0 {
            return None;
        }
        for _ in 0..self.longest {
            let phrase = &key[start..at - 1];
            let stripped = without_proclitic(phrase);
            let found = match self.heads.get(phrase) {
                Some(head) => Some((head, start)),
                None if stripped.len() < phrase.len() => (self.heads.get(stripped))
                    .map(|head| (head, start + phrase.len() - stripped.len())),
                None => None,
            };
            if let Some((head, start)) = found {
                let fits = match kind()? {
                    PlaceKind::BelowCountry => true,
                    PlaceKind::Country | PlaceKind::Region => !head.below_country,
                };
                return fits.then_some((start, head.ty.as_str()));
            }
            end = start
                .checked_sub(1)
                .filter(|&end| key.as_bytes()[end] == b' ')?;
            start = word_start(key, end);
        }
        None
    }
}

/// The bit of [`PlaceHeads::last_word_lengths`] for a word of `length`
/// bytes.
fn length_bit(length: usize) -> u64 {
    1 << length.min(63)
}

/// The start of the word of `key` that ends at the byte `end`: after the
/// space or line break before it. A word with punctuation in it is no
/// head's, which the lookup then tells.
fn word_start(key: &str, end: usize) -> usize {
    key.as_bytes()[..end]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |space| space + 1)
}
