//! Name matching: one automaton over the [`MatchKey`] of a text.
//!
//! A gazetteer maps normalized names to payloads (lexicon entities, corpus
//! annotations, trigger words). Matching reports every occurrence that starts
//! and ends on word boundaries, or that starts after an Arabic proclitic:
//!
//! - و ف (conjunctions) and ب ل ك (prepositions), alone or combined (وب، فل…),
//!   before any Arabic name; ك only before a name starting with ال;
//! - the contraction لل: ل + a name starting with ال loses the alif
//!   (للولايات المتحدة), and ل + a name starting with ل (للبنان).
//!
//! The span never includes the clitic letters. Overlapping hits are all
//! reported; callers keep the longest, so an unstripped name (بروسيا) beats a
//! stripped one (روسيا).
//!
//! The automaton (an Aho-Corasick NFA, or from ten thousand names a
//! character-wise double-array trie; split into one per core for a large
//! set) is walked anchored at each word start and after each proclitic
//! prefix, and only from words that may be the first word of some name (a
//! bit of a small filter, cheaper than the walk it saves: with a million
//! names, the walk's nodes are mostly out of the CPU's caches). A set of a handful of names (the persons a
//! document's titles introduce) is not worth an automaton: each name is
//! searched with a substring search instead.

use std::hash::BuildHasher;
use std::sync::Arc;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, MatchKind};
use rustc_hash::{FxBuildHasher, FxHashSet};
use smallvec::SmallVec;

use crate::arabic::{proclitic_preposition, PROCLITIC_HEADS};
use crate::bytes::{put_bytes, put_number, ByteReader, SharedBytes};
use crate::double_array::DoubleArray;
use crate::filtered_vec::FilteredVec;
use crate::normalize::{is_arabic_letter, is_word_char, normalize, MatchKey};
use crate::parallel;

/// Normalized function words ("على", "the"…), which never match on their own.
#[derive(Debug, Default)]
pub struct FunctionWords(FxHashSet<String>);

impl FunctionWords {
    pub fn new(words: impl IntoIterator<Item = impl AsRef<str>>) -> FunctionWords {
        FunctionWords(words.into_iter().map(|w| normalize(w.as_ref())).collect())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }
}

/// How the letter case of a Latin name constrains the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Written in lower case (or not cased at all): any case matches.
    Any,
    /// Capitalized: the text must start with a capital too ("Nice", not "nice").
    Capitalized,
    /// An acronym: the text must be in capitals too ("US", not "us").
    Upper,
}

impl CaseRule {
    fn of(surface: &str) -> CaseRule {
        let mut cased = surface.chars().filter(|&c| is_cased(c));
        let Some(first) = cased.next() else {
            return CaseRule::Any;
        };
        if first.is_lowercase() {
            CaseRule::Any
        } else if surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && cased.all(|c| c.is_uppercase())
        {
            CaseRule::Upper
        } else {
            CaseRule::Capitalized
        }
    }

    fn admits(self, original: &str) -> bool {
        let mut cased = original.chars().filter(|&c| is_cased(c));
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalized => cased.next().is_none_or(|c| c.is_uppercase()),
            CaseRule::Upper => cased.all(|c| c.is_uppercase()),
        }
    }
}

/// Whether `c` is a lower- or upper-case letter; Arabic, uncased, is told
/// without the case tables.
fn is_cased(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        !('\u{0600}'..='\u{06FF}').contains(&c) && (c.is_lowercase() || c.is_uppercase())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Variant {
    /// The name as written.
    Whole,
    /// A name starting with ال without its alif, after the preposition ل.
    AlifLess,
}

/// A distinct (key, variant) of the gazetteer.
#[derive(Debug, Clone)]
struct Pattern {
    variant: Variant,
    /// The range of `Gazetteer::entries` holding its payloads.
    entries: std::ops::Range<u32>,
}

/// A name added to a [`GazetteerBuilder`], before names are grouped.
struct Added {
    key: String,
    /// The key's first eight bytes, zero-padded, big-endian: they order keys
    /// as the keys do, most of them without reading the keys from the heap.
    prefix: u64,
    variant: Variant,
    payload: u32,
    rule: CaseRule,
}

impl Added {
    fn new(key: String, variant: Variant, payload: u32, rule: CaseRule) -> Added {
        let mut prefix = [0; 8];
        let len = key.len().min(8);
        prefix[..len].copy_from_slice(&key.as_bytes()[..len]);
        Added {
            prefix: u64::from_be_bytes(prefix),
            key,
            variant,
            payload,
            rule,
        }
    }
}

/// Builds a [`Gazetteer`]; names that normalize to the same key share one
/// pattern and keep all their payloads, in insertion order.
pub struct GazetteerBuilder<T> {
    function_words: Arc<FunctionWords>,
    added: Vec<Added>,
    payloads: Vec<T>,
}

impl<T> GazetteerBuilder<T> {
    pub fn new(function_words: Arc<FunctionWords>) -> Self {
        GazetteerBuilder {
            function_words,
            added: Vec::new(),
            payloads: Vec::new(),
        }
    }

    /// Adds `surface` (as written in a lexicon or a document) for `payload`,
    /// unless it cannot match anything: empty after normalization, or a lone
    /// function word.
    pub fn add(&mut self, surface: &str, payload: T) {
        if let Some((key, rule)) = key_of(&self.function_words, surface) {
            self.push(key, rule, payload);
        }
    }

    /// Adds each `(surface, payload)` as [`Self::add`] does; a large set's
    /// names are normalized on every core.
    pub fn extend<'s>(&mut self, names: impl IntoIterator<Item = (&'s str, T)>) {
        let (surfaces, payloads): (Vec<&str>, Vec<T>) = names.into_iter().unzip();
        let function_words = &*self.function_words;
        let key_of = |surface: &&str| key_of(function_words, surface);
        let keys = if surfaces.len() < PARALLEL_BUILD_NAMES {
            surfaces.iter().map(key_of).collect()
        } else {
            parallel::map_each(&surfaces, key_of)
        };
        // A pattern per name, and one more per name with the article:
        // grown at once, not by doubling into memory new to the process.
        let articles = keys
            .iter()
            .flatten()
            .filter(|(key, _)| after_article(key).is_some());
        self.added.reserve(keys.len() + articles.count());
        self.payloads.reserve(keys.len());
        for (key, payload) in keys.into_iter().zip(payloads) {
            if let Some((key, rule)) = key {
                self.push(key, rule, payload);
            }
        }
    }

    fn push(&mut self, key: String, rule: CaseRule, payload: T) {
        let payload_index = self.payloads.len() as u32;
        self.payloads.push(payload);
        if let Some(rest) = after_article(&key) {
            self.added.push(Added::new(
                format!("ل{rest}"),
                Variant::AlifLess,
                payload_index,
                rule,
            ));
        }
        self.added
            .push(Added::new(key, Variant::Whole, payload_index, rule));
    }

    pub fn build(self) -> Gazetteer<T>
    where
        T: PartialEq,
    {
        let tries = if self.added.len() < PARALLEL_BUILD_NAMES {
            1
        } else {
            parallel::cores()
        };
        self.build_with(FEW_NAMES, tries, DOUBLE_ARRAY_NAMES)
    }

    /// Builds with up to `tries` automata (built in parallel) above
    /// `few_names` names, else a plain list; the automata are double arrays
    /// from `double_array_names` names, else NFAs.
    pub(crate) fn build_with(
        mut self,
        few_names: usize,
        tries: usize,
        double_array_names: usize,
    ) -> Gazetteer<T>
    where
        T: PartialEq,
    {
        // Sorted by key, the names share their prefixes with their
        // neighbours, which makes the automaton's construction several times
        // faster (memory locality). Equal keys keep their insertion order,
        // and patterns of one key their order of first insertion.
        parallel::sort_unstable_by(&mut self.added, |a, b| {
            (a.prefix, &a.key, a.payload, a.variant).cmp(&(b.prefix, &b.key, b.payload, b.variant))
        });
        let mut patterns = Vec::new();
        let mut pattern_keys = Vec::new();
        let mut entries = Vec::with_capacity(self.added.len());
        for group in self.added.chunk_by_mut(|a, b| a.key == b.key) {
            let first = patterns.len();
            let first_entry = entries.len();
            for added in group {
                let same_pattern = patterns[first..]
                    .iter()
                    .position(|p: &Pattern| p.variant == added.variant);
                // Few variants per key: keep the group's patterns contiguous.
                let index = same_pattern.map_or_else(
                    || {
                        patterns.push(Pattern {
                            variant: added.variant,
                            entries: 0..0,
                        });
                        pattern_keys.push(std::mem::take(&mut added.key));
                        patterns.len() - 1
                    },
                    |offset| first + offset,
                );
                // A payload named twice with one key (an alias written like
                // the name but for a shadda) is one entry, one candidate.
                let repeated = entries[first_entry..]
                    .iter()
                    .any(|&(pattern, payload, rule)| {
                        pattern == index
                            && rule == added.rule
                            && self.payloads[payload as usize]
                                == self.payloads[added.payload as usize]
                    });
                if !repeated {
                    entries.push((index, added.payload, added.rule));
                }
            }
        }
        // Freed before the automata take their memory.
        drop(self.added);
        // Entries grouped by pattern, in insertion order within each.
        entries.sort_by_key(|&(pattern, _, _)| pattern);
        let mut flat = Vec::with_capacity(entries.len());
        for group in entries.chunk_by(|a, b| a.0 == b.0) {
            let start = flat.len() as u32;
            flat.extend(group.iter().map(|&(_, payload, rule)| (payload, rule)));
            patterns[group[0].0].entries = start..flat.len() as u32;
        }
        let automaton = pattern_keys.len() > few_names;
        // Sorted keys with one first word are neighbours: the filter is
        // sized by the distinct words, not by the names.
        let mut words: Vec<&str> = pattern_keys.iter().map(|key| first_word(key)).collect();
        words.dedup();
        let first_words = FirstWords::new(words.into_iter());
        let names = if automaton {
            let double_arrays = pattern_keys.len() >= double_array_names;
            let built = Trie::build_all(&pattern_keys, tries, double_arrays);
            if pattern_keys.len() >= PARALLEL_BUILD_NAMES {
                // Normalized on other threads (see `extend`), so freeing
                // them here would cost this thread a visit to every one of
                // their pages; another thread frees them meanwhile.
                parallel::drop_in_background(pattern_keys);
            }
            Names::Tries(built)
        } else {
            let keys = pattern_keys
                .into_iter()
                .map(|key| (FirstWords::hash(first_word(&key)), key))
                .collect();
            Names::Few(keys)
        };
        Gazetteer {
            names,
            first_words,
            tables: Tables::Built {
                patterns,
                entries: flat,
            },
            payloads: self.payloads,
            function_words: self.function_words,
        }
    }
}

/// What follows the article ال that starts a key, if a letter does: such a
/// name also matches without the article's alif, after the preposition ل.
fn after_article(key: &str) -> Option<&str> {
    key.strip_prefix("ال")
        .filter(|rest| rest.starts_with(is_arabic_letter))
}

/// The matching key of `surface` and its case rule, or `None` when it
/// cannot match anything or is a function word written in lower case or
/// capitalized.
fn key_of(function_words: &FunctionWords, surface: &str) -> Option<(String, CaseRule)> {
    let key = normalize(surface);
    if key.is_empty() || !key.contains(is_word_char) {
        return None;
    }
    let single_word = !key.contains([' ', '\n']);
    let case = CaseRule::of(surface);
    // An acronym matches only text in capitals, so one that is also a
    // function word (WHO, SEC) never matches the word (who).
    if single_word && function_words.contains(&key) && case != CaseRule::Upper {
        return None;
    }
    Some((key, case))
}

/// Written before every name in the automaton, and fed first to every walk.
/// Only anchored walks are run, so the failure links the construction computes
/// are never used: with every name starting with the same byte, they all lead
/// to the start state and cost nothing to compute, where they otherwise
/// dominate the construction of a large lexicon's automaton.
const SENTINEL: u8 = 0;

/// Up to this many names are compared directly, at the words whose first
/// word may start one: building an automaton costs more than that for the
/// few dozen names a document's titles introduce.
const FEW_NAMES: usize = 64;

enum Names {
    /// Each name with [`FirstWords::hash`] of its first word.
    Few(Vec<(u64, String)>),
    /// Automata over consecutive ranges of the sorted names, split where
    /// their first character changes, so that one walk needs only one of them.
    Tries(Vec<Trie>),
}

/// Names above which the automata are built on several threads, one per core.
const PARALLEL_BUILD_NAMES: usize = 50_000;

/// An automaton over the names `first_pattern..` (sorted) that start with a
/// character from `first_char` up to the next trie's.
struct Trie {
    first_char: char,
    first_pattern: usize,
    automaton: TrieAutomaton,
}

/// Names from which the tries are double arrays (`crawdad`), which build and
/// walk faster than Aho-Corasick NFAs, whose construction computes failure
/// links that anchored walks never use, and faster than the finite state
/// transducers (`fst`) used before (docs/BENCHMARKS.md has the figures).
/// But a double array costs some million instructions however small (its
/// tables span the code points up to U+FFFF): more than the NFA of the few
/// dozen names that a document's titles introduce, built for every such
/// document.
const DOUBLE_ARRAY_NAMES: usize = 10_000;

enum TrieAutomaton {
    Contiguous(Box<contiguous::NFA>),
    DoubleArray(DoubleArray),
}

impl Trie {
    /// Up to `parts` tries over sorted `keys`, built in parallel: double
    /// arrays or NFAs.
    fn build_all(keys: &[String], parts: usize, double_array: bool) -> Vec<Trie> {
        let bounds = split_by_first_char(keys, parts);
        let ranges: Vec<&[usize]> = bounds.windows(2).collect();
        parallel::map(&ranges, |range| {
            Trie::build(keys, range[0], range[1], double_array)
        })
    }

    fn build(keys: &[String], first_pattern: usize, end: usize, double_array: bool) -> Trie {
        let keys_here = &keys[first_pattern..end];
        // A double array cannot hold keys with U+FFFF, its end marker: an
        // NFA takes their part instead.
        let automaton = match double_array.then(|| build_double_array(keys_here)) {
            Some(Some(trie)) => TrieAutomaton::DoubleArray(trie),
            _ => TrieAutomaton::Contiguous(Box::new(build_contiguous(keys_here))),
        };
        Trie {
            first_char: first_char(&keys[first_pattern]),
            first_pattern,
            automaton,
        }
    }
}

pub(crate) fn build_contiguous(keys: &[String]) -> contiguous::NFA {
    let sentinel_keys = keys.iter().map(|key| {
        let mut bytes = Vec::with_capacity(key.len() + 1);
        bytes.push(SENTINEL);
        bytes.extend_from_slice(key.as_bytes());
        bytes
    });
    let nfa = noncontiguous::NFA::builder()
        .match_kind(MatchKind::Standard)
        // Anchored walks never use a prefilter.
        .prefilter(false)
        .build(sentinel_keys)
        .expect("pattern sets of this size always build");
    contiguous::NFA::builder()
        .build_from_noncontiguous(&nfa)
        .expect("a built NFA converts")
}

/// A double-array trie from each distinct key of sorted `keys` to
/// [`KeyPatterns::value`] of the patterns that have it.
fn build_double_array(keys: &[String]) -> Option<DoubleArray> {
    let mut first = 0;
    let records = keys.chunk_by(|a, b| a == b).map(|group| {
        let count = group.len();
        let value = KeyPatterns { first, count }.value();
        first += count;
        // Values too large for the trie fail its build.
        (&group[0], u32::try_from(value).unwrap_or(u32::MAX))
    });
    DoubleArray::build(records)
}

/// The patterns of one key: consecutive, two at most (one per [`Variant`]).
struct KeyPatterns {
    first: usize,
    count: usize,
}

impl KeyPatterns {
    fn value(&self) -> u64 {
        debug_assert!((1..=2).contains(&self.count));
        ((self.first as u64) << 1) | (self.count as u64 - 1)
    }

    fn of(value: u32) -> impl Iterator<Item = usize> {
        let first = (value >> 1) as usize;
        first..=first + (value & 1) as usize
    }
}

/// Bounds of up to `parts` ranges of sorted `keys`, of about equal total
/// length, each starting with a new first character.
fn split_by_first_char(keys: &[String], parts: usize) -> Vec<usize> {
    let total: usize = keys.iter().map(|key| key.len()).sum();
    let mut bounds = vec![0];
    let mut length = 0;
    for (i, pair) in keys.windows(2).enumerate() {
        length += pair[0].len();
        let due = length * parts >= total * bounds.len();
        if due && bounds.len() < parts && first_char(&pair[0]) != first_char(&pair[1]) {
            bounds.push(i + 1);
        }
    }
    bounds.push(keys.len());
    bounds
}

/// A set of names compiled into one automaton.
pub struct Gazetteer<T> {
    names: Names,
    /// The first words of the names (a name's first word is a whole word of
    /// the text, or what follows its proclitics): a word not among them
    /// starts no name, and is looked up faster than walked.
    first_words: FirstWords,
    tables: Tables,
    payloads: Vec<T>,
    function_words: Arc<FunctionWords>,
}

/// The patterns, and the payload indices with their case rules grouped by
/// pattern: made by a build, or read in place in the names cache's bytes,
/// as [`Gazetteer::to_bytes`] writes them (a number per entry, two per
/// pattern).
enum Tables {
    Built {
        patterns: Vec<Pattern>,
        entries: Vec<(u32, CaseRule)>,
    },
    Cached {
        patterns: SharedBytes,
        entries: SharedBytes,
    },
}

/// The bytes of a pattern written out: its variant, then its entries.
const PATTERN_BYTES: usize = 16;
/// The bytes of an entry written out: its payload index, then its case rule
/// in the low byte.
const ENTRY_BYTES: usize = 8;

impl Tables {
    fn patterns_len(&self) -> usize {
        match self {
            Tables::Built { patterns, .. } => patterns.len(),
            Tables::Cached { patterns, .. } => patterns.len() / PATTERN_BYTES,
        }
    }

    /// Pattern `index`; `None` in damaged bytes.
    fn pattern(&self, index: usize) -> Option<Pattern> {
        match self {
            Tables::Built { patterns, .. } => patterns.get(index).cloned(),
            Tables::Cached { patterns, .. } => {
                let mut input = ByteReader::new(patterns.get(index * PATTERN_BYTES..)?);
                let variant = match input.number()? {
                    0 => Variant::Whole,
                    1 => Variant::AlifLess,
                    _ => return None,
                };
                let range = input.number()?;
                let (start, end) = ((range >> 32) as u32, range as u32);
                Some(Pattern {
                    variant,
                    entries: start..end,
                })
            }
        }
    }

    /// Appends the entries, then the patterns, each after their count.
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Tables::Built { patterns, entries } => {
                put_number(out, entries.len() as u64);
                for &(payload, rule) in entries {
                    put_number(out, u64::from(payload) << 8 | rule as u64);
                }
                put_number(out, patterns.len() as u64);
                for pattern in patterns {
                    put_number(out, pattern.variant as u64);
                    put_number(
                        out,
                        u64::from(pattern.entries.start) << 32 | u64::from(pattern.entries.end),
                    );
                }
            }
            Tables::Cached { patterns, entries } => {
                for (table, record_bytes) in [(entries, ENTRY_BYTES), (patterns, PATTERN_BYTES)] {
                    put_number(out, (table.len() / record_bytes) as u64);
                    out.extend_from_slice(table);
                }
            }
        }
    }

    /// The entries of a pattern; none past the end in damaged bytes.
    fn entries(&self, pattern: &Pattern) -> impl Iterator<Item = (u32, CaseRule)> + '_ {
        pattern.entries.clone().map_while(move |index| {
            let index = index as usize;
            match self {
                Tables::Built { entries, .. } => entries.get(index).copied(),
                Tables::Cached { entries, .. } => {
                    let value = ByteReader::new(entries.get(index * ENTRY_BYTES..)?).number()?;
                    let rule = match value & 0xff {
                        0 => CaseRule::Any,
                        1 => CaseRule::Capitalized,
                        2 => CaseRule::Upper,
                        _ => return None,
                    };
                    Some((u32::try_from(value >> 8).ok()?, rule))
                }
            }
        })
    }
}

/// A filter of words, one bit per hash: a word whose bit is clear is not
/// among them. Eight bits per word make it small enough to stay in the
/// cache, where a set of strings would not, and let about one other word in
/// ten through (what a walk then finds nothing for).
#[derive(Debug)]
pub(crate) struct FirstWords {
    /// A power of two of them.
    bits: Box<[u64]>,
}

impl Default for FirstWords {
    /// Of no words.
    fn default() -> Self {
        FirstWords::new([].into_iter())
    }
}

impl FirstWords {
    pub(crate) fn new<'w>(words: impl ExactSizeIterator<Item = &'w str>) -> FirstWords {
        let len = (words.len() * 8 / 64).next_power_of_two();
        let mut filter = FirstWords {
            bits: vec![0; len].into_boxed_slice(),
        };
        for word in words {
            let bit = filter.bit(FirstWords::hash(word));
            filter.bits[bit / 64] |= 1 << (bit % 64);
        }
        filter
    }

    /// The filter of the words whose [`FirstWords::hash`]es are `hashes`.
    pub(crate) fn new_of_hashes(hashes: &[u64]) -> FirstWords {
        let len = (hashes.len() * 8 / 64).next_power_of_two();
        let mut filter = FirstWords {
            bits: vec![0; len].into_boxed_slice(),
        };
        for &hash in hashes {
            let bit = filter.bit(hash);
            filter.bits[bit / 64] |= 1 << (bit % 64);
        }
        filter
    }

    /// The hash of a word, which the filters of every gazetteer take.
    pub(crate) fn hash(word: &str) -> u64 {
        FxBuildHasher.hash_one(word)
    }

    /// Whether the word with this [`FirstWords::hash`] may be among them.
    pub(crate) fn may_contain(&self, hash: u64) -> bool {
        let bit = self.bit(hash);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The name starts whose rest of the word may be among them, in order,
    /// chosen without a branch on each answer ([`FilteredVec`]).
    fn passing<'s>(&self, starts: &'s [NameStart]) -> Vec<&'s NameStart> {
        let mut passing = FilteredVec::with_capacity(starts.len());
        for name_start in starts {
            passing.push_if(name_start, self.may_contain(name_start.hash));
        }
        passing.into_vec()
    }

    fn bit(&self, hash: u64) -> usize {
        let bits = self.bits.len() * 64;
        // The hash's high bits are its best mixed.
        (hash >> (64 - bits.trailing_zeros())) as usize
    }
}

/// Written first in [`Gazetteer::to_bytes`]; a new layout needs a new one.
const BYTES_MAGIC: &[u8; 8] = b"ALAMAGZ7";

impl<T: Copy + Into<u32> + From<u32>> Gazetteer<T> {
    /// The gazetteer as bytes that [`Self::from_bytes`] reads back without a
    /// rebuild, when it is made of double arrays (large sets), else `None`:
    /// NFAs cannot be written out.
    pub(crate) fn to_bytes(&self) -> Option<Vec<u8>> {
        let Names::Tries(tries) = &self.names else {
            return None;
        };
        let mut out = BYTES_MAGIC.to_vec();
        put_number(&mut out, self.first_words.bits.len() as u64);
        for &bits in &self.first_words.bits {
            put_number(&mut out, bits);
        }
        put_number(&mut out, self.payloads.len() as u64);
        for &payload in &self.payloads {
            put_number(&mut out, u64::from(payload.into()));
        }
        self.tables.write(&mut out);
        put_number(&mut out, tries.len() as u64);
        for trie in tries {
            let TrieAutomaton::DoubleArray(double_array) = &trie.automaton else {
                return None;
            };
            put_number(&mut out, u64::from(trie.first_char));
            put_number(&mut out, trie.first_pattern as u64);
            put_bytes(&mut out, double_array.as_bytes());
        }
        Some(out)
    }

    /// Reads what [`Self::to_bytes`] wrote; `None` when `bytes` are not
    /// such a gazetteer.
    pub(crate) fn from_bytes(
        bytes: &SharedBytes,
        function_words: Arc<FunctionWords>,
    ) -> Option<Gazetteer<T>> {
        let mut input = ByteReader::new(bytes.strip_prefix(BYTES_MAGIC)?);
        let bits = input.list(ByteReader::number)?;
        if !bits.len().is_power_of_two() {
            return None;
        }
        let first_words = FirstWords {
            bits: bits.into_boxed_slice(),
        };
        let payloads = input.list(|input| Some(T::from(u32::try_from(input.number()?).ok()?)))?;
        // In place: a pattern and its entries are checked when read.
        let mut table = |record_bytes: usize| {
            let len = usize::try_from(input.number()?).ok()?;
            bytes.share(input.take(len.checked_mul(record_bytes)?)?)
        };
        let entries = table(ENTRY_BYTES)?;
        let tables = Tables::Cached {
            entries,
            patterns: table(PATTERN_BYTES)?,
        };
        let tries_len = usize::try_from(input.number()?).ok()?;
        let mut tries = Vec::with_capacity(tries_len.min(1024));
        for _ in 0..tries_len {
            let first_char = char::from_u32(u32::try_from(input.number()?).ok()?)?;
            let first_pattern = usize::try_from(input.number()?).ok()?;
            let double_array = DoubleArray::read(bytes.share(input.bytes()?)?)?;
            if first_pattern > tables.patterns_len() {
                return None;
            }
            tries.push(Trie {
                first_char,
                first_pattern,
                automaton: TrieAutomaton::DoubleArray(double_array),
            });
        }
        if input.remaining() != 0 {
            return None;
        }
        Some(Gazetteer {
            names: Names::Tries(tries),
            first_words,
            tables,
            payloads,
            function_words,
        })
    }
}

/// The first word of a name's key, which [`FirstWords`] hold: up to the
/// first character after its first that is not a word character. A name
/// led by a symbol ("#metoo", "$5 million") has the symbol in it.
fn first_word(key: &str) -> &str {
    let first = key.chars().next().map_or(0, char::len_utf8);
    let end = key[first..]
        .find(|c: char| !is_word_char(c))
        .map_or(key.len(), |i| first + i);
    &key[..end]
}

/// A text's matching key with the places where a name may start in it,
/// found once for all the gazetteers that search it.
pub struct Haystack {
    key: MatchKey,
    starts: Vec<NameStart>,
    /// The symbols written right before a word, not after another word
    /// ("#metoo", "$5", "(isis"), where a name led by a symbol may start.
    symbol_starts: Vec<NameStart>,
}

/// A word start, or a place after its proclitics (see [`after_proclitics`]).
pub(crate) struct NameStart {
    pub(crate) word_start: u32,
    pub(crate) start: u32,
    /// [`FirstWords::hash`] of the rest of the word from `start`.
    pub(crate) hash: u64,
}

impl Haystack {
    pub fn new(text: &str) -> Haystack {
        let key = MatchKey::new(text);
        let haystack = key.as_str();
        // A start per word, and after the proclitics of some.
        let mut starts = Vec::with_capacity(key.word_count() * 5 / 4);
        let mut symbol_starts = Vec::new();
        for (word_start, word_end) in key.words() {
            let name_start = |start: usize| NameStart {
                word_start: word_start as u32,
                start: start as u32,
                hash: FirstWords::hash(&haystack[start..word_end]),
            };
            starts.push(name_start(word_start));
            if let Some(symbol) = symbol_before(haystack, word_start) {
                symbol_starts.push(NameStart {
                    word_start: symbol as u32,
                    start: symbol as u32,
                    hash: FirstWords::hash(&haystack[symbol..word_end]),
                });
            }
            // Most words start with no proclitic letter at all, which their
            // first two bytes tell.
            let word = &haystack[word_start..word_end];
            let head = word.as_bytes().first_chunk::<2>();
            if head.is_some_and(|head| PROCLITIC_HEADS.contains(head)) {
                starts.extend(after_proclitics(word).map(|i| name_start(word_start + i)));
            }
        }
        Haystack {
            key,
            starts,
            symbol_starts,
        }
    }

    pub fn key(&self) -> &MatchKey {
        &self.key
    }

    /// The places where a name may start, in order: for each word, its
    /// start, then the places after its proclitics.
    pub(crate) fn name_starts(&self) -> &[NameStart] {
        &self.starts
    }

    /// The key's words as byte ranges, each with its [`FirstWords::hash`].
    pub(crate) fn words(&self) -> impl Iterator<Item = (usize, usize, u64)> + '_ {
        // Every word has one name start at its start, listed first.
        let hashes = self.starts.iter().filter(|s| s.start == s.word_start);
        let words = self.key.words().zip(hashes);
        words.map(|((start, end), name_start)| (start, end, name_start.hash))
    }
}

/// The start of the symbol right before the word at `word_start`, unless
/// it follows another word.
fn symbol_before(haystack: &str, word_start: usize) -> Option<usize> {
    // Most words follow a space or a line break, the key's only white space.
    if word_start == 0 || matches!(haystack.as_bytes()[word_start - 1], b' ' | b'\n') {
        return None;
    }
    let mut before = haystack[..word_start].char_indices().rev();
    let (symbol, _) = before.next()?;
    let after_word = before.next().is_some_and(|(_, ch)| is_word_char(ch));
    (!after_word).then_some(symbol)
}

/// One occurrence of a name: a key byte range (clitics excluded) and the
/// payloads whose case rules the original text satisfies, kept inline up to
/// two (most names have one or two readings), so that a hit allocates
/// nothing.
#[derive(Debug)]
pub struct Hit<'g, T> {
    pub key_start: usize,
    pub key_end: usize,
    pub payloads: SmallVec<[&'g T; 2]>,
}

impl<T> Gazetteer<T> {
    /// The names in `haystack`, the key of `text`, sorted by start and end.
    pub fn find<'g>(&'g self, text: &str, haystack: &Haystack) -> Vec<Hit<'g, T>> {
        if self.tables.patterns_len() == 0 {
            // A corpus with nothing confirmed, or a document without titles.
            return Vec::new();
        }
        let key = &haystack.key;
        // The symbols' starts after the words': their hits are sorted in
        // below.
        let starts = (self.first_words.passing(&haystack.starts).into_iter())
            .chain(self.first_words.passing(&haystack.symbol_starts));
        let haystack = key.as_str();
        let mut hits = Vec::new();
        let mut consider = |word_start: usize, start: usize, end: usize, pattern: usize| {
            if haystack[end..].starts_with(is_word_char) {
                return;
            }
            let Some(pattern) = self.tables.pattern(pattern) else {
                return;
            };
            if !self.valid_start(haystack, word_start, start, end, pattern.variant) {
                return;
            }
            let entries = || self.tables.entries(&pattern);
            // The original text is looked up only for a case rule: Arabic
            // names, most of the hits, have none.
            let original = (entries().any(|(_, rule)| rule != CaseRule::Any)).then(|| {
                let (from, to) = key.original_range(text, start, end);
                &text[from..to]
            });
            let payloads: SmallVec<[&T; 2]> = entries()
                .filter(|(_, rule)| original.is_none_or(|original| rule.admits(original)))
                .filter_map(|(index, _)| self.payloads.get(index as usize))
                .collect();
            if !payloads.is_empty() {
                hits.push(Hit {
                    key_start: start,
                    key_end: end,
                    payloads,
                });
            }
        };
        match &self.names {
            // Compared one by one, in their sorted order: the hits of one
            // start are sorted by their end below.
            Names::Few(keys) => {
                for name_start in starts {
                    let (word_start, start) =
                        (name_start.word_start as usize, name_start.start as usize);
                    for (pattern, (hash, name)) in keys.iter().enumerate() {
                        if *hash == name_start.hash && haystack[start..].starts_with(name.as_str())
                        {
                            consider(word_start, start, start + name.len(), pattern);
                        }
                    }
                }
            }
            // Walked only where a name may start, anchored, so the automaton
            // never follows failure links.
            Names::Tries(tries) => {
                for name_start in starts {
                    let (word_start, start) =
                        (name_start.word_start as usize, name_start.start as usize);
                    let first = first_char(&haystack[start..]);
                    let Some(trie) =
                        tries[..tries.partition_point(|t| t.first_char <= first)].last()
                    else {
                        continue;
                    };
                    let each = |end, pattern| {
                        consider(word_start, start, end, trie.first_pattern + pattern)
                    };
                    match &trie.automaton {
                        TrieAutomaton::Contiguous(nfa) => walk(nfa, haystack, start, each),
                        TrieAutomaton::DoubleArray(double_array) => {
                            walk_double_array(double_array, haystack, start, each)
                        }
                    }
                }
            }
        }
        let order = |hit: &Hit<T>| (hit.key_start, hit.key_end);
        // Walks give the hits of the words' starts in order, the few names'
        // comparisons by name; the symbols' come last.
        if !hits.is_sorted_by_key(order) {
            hits.sort_by_key(order);
        }
        hits
    }

    /// Whether a name found at `start..end`, in the word starting at
    /// `word_start`, may start there: at the word start itself, or after a
    /// valid proclitic sequence.
    fn valid_start(
        &self,
        haystack: &str,
        word_start: usize,
        start: usize,
        end: usize,
        variant: Variant,
    ) -> bool {
        let name = &haystack[start..end];
        if start == word_start {
            // "فإن" is ف + إن, not the city فان.
            return variant == Variant::Whole && !self.is_clitic_function_word(name);
        }
        if name.chars().count() < 2 {
            return false;
        }
        let Some(preposition) = proclitic_preposition(&haystack[word_start..start]) else {
            return false;
        };
        let valid = match variant {
            Variant::AlifLess => preposition == Some('ل'),
            Variant::Whole => preposition != Some('ك') || name.starts_with("ال"),
        };
        // "بين" is not ب + a name "ين": the whole word must not be a function word.
        let word_end = haystack[start..]
            .find(|c: char| !is_word_char(c))
            .map_or(haystack.len(), |i| start + i);
        valid
            && !self
                .function_words
                .contains(&haystack[word_start..word_end])
    }
}

/// Calls `each(end, pattern)` for every name of `nfa` that starts exactly at
/// `start`: an anchored walk down the trie, which never follows failure links.
pub(crate) fn walk(
    nfa: &contiguous::NFA,
    haystack: &str,
    start: usize,
    mut each: impl FnMut(usize, usize),
) {
    let start_state = nfa
        .start_state(Anchored::Yes)
        .expect("NFAs support anchored searches");
    let mut state = nfa.next_state(Anchored::Yes, start_state, SENTINEL);
    for (depth, &byte) in (1..).zip(&haystack.as_bytes()[start..]) {
        state = nfa.next_state(Anchored::Yes, state, byte);
        if nfa.is_dead(state) {
            return;
        }
        if !nfa.is_match(state) {
            continue;
        }
        // Failure links all lead to the start state (see `SENTINEL`), so a
        // match state holds only the names that end here.
        for k in 0..nfa.match_len(state) {
            each(start + depth, nfa.match_pattern(state, k).as_usize());
        }
    }
}

/// [`walk`] down a double array, which goes by characters.
fn walk_double_array(
    double_array: &DoubleArray,
    haystack: &str,
    start: usize,
    mut each: impl FnMut(usize, usize),
) {
    double_array.prefixes(&haystack[start..], |end, value| {
        for pattern in KeyPatterns::of(value) {
            each(start + end, pattern);
        }
    });
}

/// The first character of a name or of a text from a name start (never empty).
fn first_char(text: &str) -> char {
    text.chars()
        .next()
        .expect("names and name starts are not empty")
}

/// Where a name may start in `word` besides its start: after each valid
/// proclitic prefix (one or two letters, two bytes each) followed by an
/// Arabic letter.
fn after_proclitics(word: &str) -> impl Iterator<Item = usize> + '_ {
    [2, 4].into_iter().filter(|&i| {
        word.get(..i)
            .is_some_and(|prefix| proclitic_preposition(prefix).is_some())
            && word[i..].starts_with(is_arabic_letter)
    })
}

impl<T> Gazetteer<T> {
    /// Whether a one-word name reads as proclitics plus a function word.
    fn is_clitic_function_word(&self, name: &str) -> bool {
        name.char_indices().skip(1).take(2).any(|(i, _)| {
            proclitic_preposition(&name[..i]).is_some() && self.function_words.contains(&name[i..])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// Runs a gazetteer of `names` over `text` and lists each hit's original
    /// span text and payloads, one per line. A name `x=p` has payload `p`,
    /// other names are their own payload.
    /// Every way of matching (name list, one automaton, several, double arrays)
    /// must agree.
    fn check(names: &[&str], text: &str, expect: Expect) {
        let function_words = Arc::new(FunctionWords::new(["على", "إلى", "بين", "إن", "the", "of"]));
        let haystack = Haystack::new(text);
        let ways = [(0, 1, 0), (0, 3, 0), (0, 3, usize::MAX), (usize::MAX, 1, 0)];
        let listings = ways.map(|(few_names, tries, double_array_names)| {
            let mut builder = GazetteerBuilder::new(function_words.clone());
            for entry in names {
                let (name, payload) = entry.split_once('=').unwrap_or((entry, entry));
                builder.add(name, payload);
            }
            let gazetteer = builder.build_with(few_names, tries, double_array_names);
            let mut listing = String::new();
            for hit in gazetteer.find(text, &haystack) {
                let (from, to) = haystack
                    .key()
                    .original_range(text, hit.key_start, hit.key_end);
                listing.push_str(&format!("{} ← {:?}\n", &text[from..to], hit.payloads));
            }
            listing
        });
        assert_eq!(
            listings[0], listings[1],
            "one automaton and several disagree"
        );
        assert_eq!(listings[0], listings[2], "NFAs and double arrays disagree");
        assert_eq!(listings[0], listings[3], "automaton and name list disagree");
        expect.assert_eq(&listings[0]);
    }

    #[test]
    fn double_array_gazetteers_read_back_from_bytes() {
        let function_words = Arc::new(FunctionWords::new(["على"]));
        let names = [
            "بغداد",
            "الولايات المتحدة",
            "لبنان",
            "البنان",
            "New York",
            "NATO",
            "nice",
        ];
        let mut builder = GazetteerBuilder::new(function_words.clone());
        builder.extend(names.into_iter().zip(0u32..));
        let gazetteer = builder.build_with(0, 3, 0);
        let bytes = gazetteer.to_bytes().expect("double arrays are written out");
        let read =
            Gazetteer::<u32>::from_bytes(&SharedBytes::from(bytes.clone()), function_words.clone())
                .expect("read back");
        let text = "في بغداد وللولايات المتحدة وللبنان. New York, NATO, nato, Nice";
        let haystack = Haystack::new(text);
        let hits = |gazetteer: &Gazetteer<u32>| -> Vec<(usize, usize, Vec<u32>)> {
            let hits = gazetteer.find(text, &haystack).into_iter();
            hits.map(|hit| {
                (
                    hit.key_start,
                    hit.key_end,
                    hit.payloads.into_iter().copied().collect(),
                )
            })
            .collect()
        };
        assert_eq!(hits(&read), hits(&gazetteer));
        assert_eq!(hits(&gazetteer).len(), 7);
        // Read in place, it writes out the same.
        assert_eq!(read.to_bytes(), Some(bytes.clone()));
        for cut in 0..bytes.len() {
            let cut = SharedBytes::from(bytes[..cut].to_vec());
            assert!(Gazetteer::<u32>::from_bytes(&cut, function_words.clone()).is_none());
        }
        let mut builder = GazetteerBuilder::new(function_words);
        builder.add("بغداد", 0u32);
        assert!(
            builder.build_with(0, 1, usize::MAX).to_bytes().is_none(),
            "NFAs are not"
        );
    }

    #[test]
    fn splits_sorted_names_where_the_first_character_changes() {
        let keys = ["aa", "ab", "ac", "ba", "bb", "ca"].map(String::from);
        assert_eq!(split_by_first_char(&keys, 1), vec![0, 6]);
        assert_eq!(split_by_first_char(&keys, 2), vec![0, 3, 6]);
        assert_eq!(split_by_first_char(&keys, 3), vec![0, 3, 5, 6]);
        assert_eq!(
            split_by_first_char(&["aa", "ab"].map(String::from), 2),
            vec![0, 2]
        );
        let arabic = ["بب", "بت", "تا"].map(String::from);
        assert_eq!(split_by_first_char(&arabic, 2), vec![0, 2, 3]);
    }

    #[test]
    fn a_payload_named_twice_alike_is_one_candidate() {
        check(
            &[
                "الولايات المتحدة=US",
                "الولايات المتّحدة=US",
                "بغداد=a",
                "بغداد=b",
            ],
            "في الولايات المتحدة وبغداد",
            expect![[r#"
            الولايات المتحدة ← ["US"]
            بغداد ← ["a", "b"]
        "#]],
        );
    }

    #[test]
    fn matches_whole_words_only() {
        check(
            &["بغداد", "Iran"],
            "بغداديون في بغداد. Iranian Iran",
            expect![[r#"
            بغداد ← ["بغداد"]
            Iran ← ["Iran"]
        "#]],
        );
    }

    #[test]
    fn names_led_by_a_symbol_start_at_the_symbol() {
        check(
            &["#MeToo", "$5 million", "(ISIS)"],
            "Since #MeToo, $5 million went to (ISIS) and US$5 million to x#MeToo.",
            expect![[r##"
            #MeToo ← ["#MeToo"]
            $5 million ← ["$5 million"]
            (ISIS) ← ["(ISIS)"]
        "##]],
        );
    }

    #[test]
    fn single_proclitics() {
        check(
            &["بغداد"],
            "وبغداد فبغداد لبغداد ببغداد",
            expect![[r#"
            بغداد ← ["بغداد"]
            بغداد ← ["بغداد"]
            بغداد ← ["بغداد"]
            بغداد ← ["بغداد"]
        "#]],
        );
    }

    #[test]
    fn combined_proclitics() {
        check(
            &["بغداد"],
            "وببغداد ولبغداد فلبغداد",
            expect![[r#"
            بغداد ← ["بغداد"]
            بغداد ← ["بغداد"]
            بغداد ← ["بغداد"]
        "#]],
        );
    }

    #[test]
    fn clitics_not_in_the_inventory_do_not_strip() {
        check(&["بغداد"], "سبغداد ولوبغداد", expect![""]);
    }

    #[test]
    fn definite_article_forms() {
        check(
            &["البصرة"],
            "والبصرة بالبصرة فالبصرة كالبصرة وبالبصرة",
            expect![[r#"
            البصرة ← ["البصرة"]
            البصرة ← ["البصرة"]
            البصرة ← ["البصرة"]
            البصرة ← ["البصرة"]
            البصرة ← ["البصرة"]
        "#]],
        );
    }

    #[test]
    fn kaf_only_before_the_article() {
        check(&["بغداد"], "كبغداد", expect![""]);
    }

    #[test]
    fn lam_lam_contraction_drops_the_alif() {
        check(
            &["الولايات المتحدة"],
            "للولايات المتحدة وللولايات المتحدة",
            expect![[r#"
            لولايات المتحدة ← ["الولايات المتحدة"]
            لولايات المتحدة ← ["الولايات المتحدة"]
        "#]],
        );
    }

    #[test]
    fn alif_less_form_needs_the_lam() {
        check(&["الولايات المتحدة"], "لولايات المتحدة", expect![""]);
    }

    #[test]
    fn lam_before_a_name_starting_with_lam() {
        check(
            &["لبنان"],
            "للبنان ولبنان",
            expect![[r#"
            لبنان ← ["لبنان"]
            لبنان ← ["لبنان"]
        "#]],
        );
    }

    #[test]
    fn a_name_and_an_alif_less_name_share_a_key() {
        check(
            &["لبنان", "البنان"],
            "للبنان لبنان",
            expect![[r#"
                لبنان ← ["لبنان"]
                لبنان ← ["البنان"]
                لبنان ← ["لبنان"]
            "#]],
        );
    }

    #[test]
    fn unstripped_names_match_whole() {
        check(
            &["روسيا", "بروسيا", "مالي", "كمالي"],
            "بروسيا كمالي",
            expect![[r#"
            بروسيا ← ["بروسيا"]
            روسيا ← ["روسيا"]
            كمالي ← ["كمالي"]
        "#]],
        );
    }

    #[test]
    fn function_words_never_match_alone() {
        // After folding على = علي and إلى = الي.
        check(
            &["علي", "الي", "ين", "فان", "علي خامنئي"],
            "ذهب إلى على بين وعلى فإن علي خامنئي",
            expect![[r#"
            علي خامنئي ← ["علي خامنئي"]
        "#]],
        );
    }

    #[test]
    fn case_rules_for_latin_names() {
        check(
            &["Nice", "US", "iPhone"],
            "nice Nice us US IPHONE iphone",
            expect![[r#"
            Nice ← ["Nice"]
            US ← ["US"]
            IPHONE ← ["iPhone"]
            iphone ← ["iPhone"]
        "#]],
        );
    }

    /// An acronym that is also a function word matches text in capitals
    /// only; written otherwise, the function word is no name.
    #[test]
    fn an_acronym_may_be_a_function_word() {
        check(
            &["OF", "The", "the"],
            "the OF of The Of",
            expect![[r#"
            OF ← ["OF"]
        "#]],
        );
    }

    #[test]
    fn ambiguous_names_keep_every_payload() {
        check(
            &["Tripoli=Libya", "Tripoli=Lebanon", "طرابلس=Libya"],
            "Tripoli طرابلس",
            expect![[r#"
            Tripoli ← ["Libya", "Lebanon"]
            طرابلس ← ["Libya"]
        "#]],
        );
    }

    #[test]
    fn names_a_double_array_cannot_hold_match_through_an_nfa() {
        // U+FFFF ends the keys of a double array.
        let text = "بغداد x\u{FFFF}y.";
        let haystack = Haystack::new(text);
        let mut builder = GazetteerBuilder::new(Arc::default());
        builder.extend([("بغداد", 0u32), ("x\u{FFFF}y", 1)]);
        let gazetteer = builder.build_with(0, 1, 0);
        let hits = gazetteer.find(text, &haystack);
        let payloads: Vec<u32> = hits.iter().map(|hit| *hit.payloads[0]).collect();
        assert_eq!(payloads, [0, 1]);
        assert!(gazetteer.to_bytes().is_none(), "the NFA is not written out");
    }

    #[test]
    fn harakat_and_hamza_variants_match() {
        check(
            &["الأردن"],
            "في الاُردن وفي الأُرْدُنّ",
            expect![[r#"
            الاُردن ← ["الأردن"]
            الأُرْدُنّ ← ["الأردن"]
        "#]],
        );
    }
}
