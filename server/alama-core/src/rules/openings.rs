//! The phrases a rule's hit can start with, and a quick test of whether a
//! text starts with one.

use aho_corasick::nfa::contiguous;

use crate::gazetteer;

/// Bits of the filters' hashes.
const HASH_BITS: u32 = 16;

/// Phrases (keys) that may start a hit, and digits.
pub(super) struct Openings {
    /// The first bytes of the phrases shorter than four bytes.
    short_first_bytes: [bool; 256],
    /// Hashed heads of the other phrases: their first four bytes when
    /// shorter than eight, else their first eight.
    heads: [HeadFilter; 2],
    /// All the phrases, walked when a filter lets a text through. Most words
    /// pass none of them and never touch it.
    trie: contiguous::NFA,
}

impl Openings {
    pub(super) fn new(phrases: &[String]) -> Openings {
        let mut short_first_bytes = [false; 256];
        let mut heads = [HeadFilter::new(4), HeadFilter::new(8)];
        for phrase in phrases.iter().map(String::as_bytes) {
            match phrase.len() {
                0 => {}
                1..4 => short_first_bytes[usize::from(phrase[0])] = true,
                4..8 => heads[0].insert(phrase),
                _ => heads[1].insert(phrase),
            }
        }
        let trie = gazetteer::build_contiguous(phrases);
        Openings {
            short_first_bytes,
            heads,
            trie,
        }
    }

    /// Whether `text` starts with a digit or one of the phrases.
    pub(super) fn start(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let Some(&first) = bytes.first() else {
            return false;
        };
        if first.is_ascii_digit() {
            return true;
        }
        let may_start = self.short_first_bytes[usize::from(first)]
            || self.heads.iter().any(|heads| heads.may_start(bytes));
        may_start && self.in_trie(text)
    }

    fn in_trie(&self, text: &str) -> bool {
        let mut found = false;
        gazetteer::walk(&self.trie, text, 0, |_, _| found = true);
        found
    }
}

/// One bit per hash of the first `len` bytes of some phrases.
struct HeadFilter {
    len: usize,
    bits: Box<[u64]>,
}

impl HeadFilter {
    fn new(len: usize) -> HeadFilter {
        HeadFilter {
            len,
            bits: vec![0; (1 << HASH_BITS) / 64].into_boxed_slice(),
        }
    }

    fn insert(&mut self, phrase: &[u8]) {
        let bit = self.bit(phrase);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether `text` may start with one of the phrases.
    fn may_start(&self, text: &[u8]) -> bool {
        text.len() >= self.len && {
            let bit = self.bit(text);
            self.bits[bit / 64] & (1 << (bit % 64)) != 0
        }
    }

    /// The bit of the first `self.len` bytes of `text`, which has them.
    fn bit(&self, text: &[u8]) -> usize {
        let mut head = [0; 8];
        head[..self.len].copy_from_slice(&text[..self.len]);
        let mixed = u64::from_le_bytes(head).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - HASH_BITS)) as usize
    }
}
