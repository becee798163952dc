//! Choosing among the entities a lexicon name may refer to, from what the
//! text says around it.
//!
//! The lexicon's file order ranks the entities of a name by prominence (see
//! `scripts/lexicon/README.md`): a country before a city, a large city
//! before a region of another country. [`Linker::rank`] changes that order
//! only where the text itself says more:
//!
//! - **Vowel marks.** Arabic news rarely writes short vowels, but where a
//!   name carries them they decide: «عمّان», with a shadda, is Amman and not
//!   Oman. A candidate loses for each mark its English name contradicts: a
//!   shadda where the English name doubles no consonant, or a vowel on the
//!   first letter (damma, fatha, kasra) that the English name's first vowel
//!   does not render.
//! - **Region words.** A word of `data/linking.tsv` before the name («محافظة
//!   إربد») or after it ("Kiambu County") puts the name's first-level regions
//!   first.
//!
//! Both only reorder the candidates: the set of entities a name may refer to
//! is the lexicon's.

use rustc_hash::FxHashSet;

use crate::arabic::without_proclitic;
use crate::lexicon::{EntityIndex, Lexicon};
use crate::normalize::{is_word_char, normalize};

#[cfg(test)]
mod tests;

/// The embedded region words.
pub const DEFAULT_LINKING: &str = include_str!("../data/linking.tsv");

/// How many words after a name are read for a region word: a few names of
/// a list and their "and".
const LISTED_WORDS: usize = 6;

/// The prefix of the ids of first-level regions.
const REGION_ID: &str = "iso3166-2:";

/// Reorders the entities of ambiguous names by the text around them.
#[derive(Debug, Clone, Default)]
pub struct Linker {
    /// Region words before a name, normalized.
    before: FxHashSet<String>,
    /// Region words after a name, normalized.
    after: FxHashSet<String>,
}

impl Linker {
    /// The linker of the region words in `data` (the format of
    /// `data/linking.tsv`). Lines of another position are skipped.
    pub fn new(data: &str) -> Linker {
        let mut linker = Linker::default();
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            match line.split_once('\t') {
                Some(("before", word)) => linker.before.insert(normalize(word.trim())),
                Some(("after", word)) => linker.after.insert(normalize(word.trim())),
                _ => false,
            };
        }
        linker
    }

    /// Puts the `candidates` of a name in the order the text around it
    /// supports, keeping the lexicon's order among those it supports
    /// equally. The name is at the byte range `written` of the original
    /// text `source` and at `keyed` of its matching key `key`: vowel marks
    /// are read in the original, which the key drops; the word before the
    /// name in the key, which is normalized already.
    pub fn rank(
        &self,
        lexicon: &Lexicon,
        (source, written): (&str, (usize, usize)),
        (key, keyed): (&str, (usize, usize)),
        candidates: &mut [EntityIndex],
    ) {
        if candidates.len() < 2 {
            return;
        }
        let marks = Marks::of(&source[written.0..written.1]);
        // The entities are read once and kept: the engine reads their ids
        // next.
        let region = candidates
            .iter()
            .any(|&index| lexicon.get(index).id.starts_with(REGION_ID))
            && (self.region_word_before(key, keyed.0) || self.region_word_after(source, written.1));
        if marks.is_none() && !region {
            return;
        }
        candidates.sort_by_cached_key(|&index| {
            let entity = lexicon.get(index);
            let contradicted = marks
                .as_ref()
                .map_or(0, |marks| marks.contradictions(entity.name("en")));
            let not_region = region && !entity.id.starts_with(REGION_ID);
            (contradicted, not_region)
        });
    }

    /// Whether a region word comes just before the byte `at` of the
    /// matching key `key`, or "of" and a region word ("Governor of").
    fn region_word_before(&self, key: &str, at: usize) -> bool {
        let mut words = key[..at]
            .rsplit(|c: char| !is_word_char(c))
            .filter(|word| !word.is_empty());
        let mut word = words.next().unwrap_or_default();
        if word == "of" {
            word = words.next().unwrap_or_default();
        }
        !word.is_empty()
            && (self.before.contains(word) || self.before.contains(without_proclitic(word)))
    }

    /// Whether a region word follows the byte `at` of `source`: "Nakuru
    /// County", and in a list, "Kajiado and Nakuru Counties", where the
    /// words up to the region word are capitalized names or "and".
    fn region_word_after(&self, source: &str, at: usize) -> bool {
        let words = source[at..]
            .split(|c: char| !is_word_char(c))
            .filter(|word| !word.is_empty())
            .take(LISTED_WORDS);
        for word in words {
            if self.is_region_word_after(word) {
                return true;
            }
            if word != "and" && !word.starts_with(char::is_uppercase) {
                return false;
            }
        }
        false
    }

    /// Whether `word` is a region word that follows a name ("County").
    pub fn is_region_word_after(&self, word: &str) -> bool {
        // The words after a name are English: an Arabic region word comes
        // before it.
        word.is_ascii() && ascii_contains(&self.after, word)
    }
}

/// Whether the ASCII `word`, lowercased as the matching key writes it, is
/// one of `words`. It is lowercased on the stack rather than into a new
/// string.
fn ascii_contains(words: &FxHashSet<String>, word: &str) -> bool {
    let mut buffer = [0u8; 32];
    // No region word is as long.
    let Some(lower) = buffer.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|lower| words.contains(lower))
}

const FATHA: char = '\u{064E}';
const DAMMA: char = '\u{064F}';
const KASRA: char = '\u{0650}';
const SHADDA: char = '\u{0651}';

/// The vowel marks written on a name that can contradict a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marks {
    shadda: bool,
    /// The short vowel on the first letter.
    first_vowel: Option<char>,
}

impl Marks {
    /// The marks of `written`, `None` if it has none that count.
    fn of(written: &str) -> Option<Marks> {
        // Harakat are U+064B to U+0652, written 0xD9 0x8B to 0xD9 0x92:
        // looked for in the bytes, without decoding.
        let harakat = |pair: &[u8]| pair[0] == 0xD9 && (0x8B..=0x92).contains(&pair[1]);
        if !written.as_bytes().windows(2).any(harakat) {
            return None;
        }
        let shadda = written.contains(SHADDA);
        // Harakat have Unicode's Alphabetic property, as letters do.
        let is_haraka = |c: &char| ('\u{064B}'..='\u{0652}').contains(c);
        let mut chars = written
            .chars()
            .skip_while(|c| !c.is_alphabetic() || is_haraka(c));
        chars.next();
        let first_vowel = chars
            .take_while(is_haraka)
            .find(|&c| matches!(c, FATHA | DAMMA | KASRA));
        (shadda || first_vowel.is_some()).then_some(Marks {
            shadda,
            first_vowel,
        })
    }

    /// How many of the marks the English name `english` contradicts: 0 when
    /// it has no Latin letters to compare.
    fn contradictions(&self, english: &str) -> u32 {
        let letters: Vec<char> = english
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if letters.is_empty() {
            return 0;
        }
        let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        let doubled = letters
            .windows(2)
            .any(|pair| pair[0] == pair[1] && !is_vowel(pair[0]));
        let mut contradicted = u32::from(self.shadda && !doubled);
        if let (Some(mark), Some(&vowel)) =
            (self.first_vowel, letters.iter().find(|&&c| is_vowel(c)))
        {
            let renders = match mark {
                FATHA => matches!(vowel, 'a' | 'e'),
                DAMMA => matches!(vowel, 'o' | 'u'),
                _ => matches!(vowel, 'i' | 'e' | 'y'),
            };
            contradicted += u32::from(!renders);
        }
        contradicted
    }
}
