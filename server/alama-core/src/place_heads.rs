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

use crate::normalize::{is_word_char, normalize};

#[cfg(test)]
mod tests;

/// The heads of the `place` and `city` trigger lines, by matching key.
#[derive(Debug, Default)]
pub struct PlaceHeads {
    heads: FxHashMap<String, PlaceHead>,
    /// The most words a head has.
    longest: usize,
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
    /// Reads a trigger line of the `place` or `city` mode into the heads and
    /// returns true; returns false for a line of another mode.
    pub fn read_line(&mut self, line: &str) -> bool {
        let mut fields = line.split('\t');
        let (Some(ty), Some(mode @ ("place" | "city")), Some(phrase), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return false;
        };
        let key = normalize(phrase.trim());
        if ty.is_empty() || key.is_empty() {
            return false;
        }
        self.longest = self.longest.max(key.split(' ').count());
        let head = PlaceHead {
            ty: ty.to_owned(),
            below_country: mode == "city",
        };
        self.heads.insert(key, head);
        true
    }

    /// The start and the type of the organization named by a head that ends
    /// just before the byte `at` of the matching key `key`, where a lexicon
    /// place of the kind `kind` starts. Only spaces may separate the head and
    /// the place. A proclitic (و ف ب ل ك) on the head's first word is
    /// outside the organization: «ومنتخب مصر» gives «منتخب مصر».
    pub fn before(&self, key: &str, at: usize, kind: PlaceKind) -> Option<(usize, &str)> {
        if self.heads.is_empty() {
            return None;
        }
        let mut start = at;
        for _ in 0..self.longest {
            let Some(word) = word_before(key, start) else {
                break;
            };
            start = word;
            let phrase = key[start..at].trim_end();
            let stripped = without_proclitic(phrase);
            let found = [
                (phrase, start),
                (stripped, start + phrase.len() - stripped.len()),
            ]
            .into_iter()
            .find_map(|(phrase, start)| Some((self.heads.get(phrase)?, start)));
            if let Some((head, start)) = found {
                let fits = match kind {
                    PlaceKind::BelowCountry => true,
                    PlaceKind::Country | PlaceKind::Region => !head.below_country,
                };
                return fits.then_some((start, head.ty.as_str()));
            }
        }
        None
    }
}

/// The start of the word that ends before the spaces before the byte `at`
/// of `key`, if only spaces separate them.
fn word_before(key: &str, at: usize) -> Option<usize> {
    let before = &key[..at];
    let end = before.trim_end_matches(' ').len();
    if end == before.len() {
        return None;
    }
    let start = before[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map(|(i, _)| i)?;
    Some(start)
}

/// `phrase` without one proclitic letter (و ف ب ل ك) in front, or
/// `phrase`.
fn without_proclitic(phrase: &str) -> &str {
    let mut chars = phrase.chars();
    match chars.next() {
        Some('و' | 'ف' | 'ب' | 'ل' | 'ك') => chars.as_str(),
        _ => phrase,
    }
}
