//! The phrases a rule's hit can start with, and a quick test of whether a
//! text starts with one.

use aho_corasick::nfa::contiguous;

use crate::gazetteer;
use crate::text::first_eight_bytes;

/// Bits of the filters' hashes.
const HASH_BITS: u32 = 16;

/// Lengths of the heads hashed by [`Openings::heads`], shortest first.
const HEAD_LENGTHS: [usize; 4] = [2, 4, 6, 8];

/// Bit of [`Openings::first_two`] for the phrases of one byte.
const ONE_BYTE: u8 = 1 << HEAD_LENGTHS.len();

/// Phrases (keys) that may start a hit, and digits.
pub(super) struct Openings {
    /// For the first two bytes of a text (the second zero when there is
    /// none), which of `heads` have phrases that start with them (bit `i`
    /// for `heads[i]`), and [`ONE_BYTE`] if a phrase is the first byte:
    /// most texts start with no phrase's first letter and need no hash.
    first_two: Box<[u8]>,
    /// Hashed heads of the other phrases: each phrase's first bytes, as many
    /// as the longest of [`HEAD_LENGTHS`] it has. Two-letter Arabic heads
    /// alone would let every word through whose article (ال) starts a
    /// phrase (الف).
    heads: [HeadFilter; HEAD_LENGTHS.len()],
    /// All the phrases, walked when a filter lets a text through. Most words
    /// pass none of them and never touch it.
    trie: contiguous::NFA,
}

impl Openings {
    pub(super) fn new(phrases: &[String]) -> Openings {
        let mut first_two = vec![0; 1 << 16].into_boxed_slice();
        let mut heads = HEAD_LENGTHS.map(HeadFilter::new);
        for phrase in phrases.iter().map(String::as_bytes) {
            match heads
                .iter_mut()
                .enumerate()
                .rev()
                .find(|(_, heads)| heads.len <= phrase.len())
            {
                Some((i, heads)) => {
                    heads.insert(phrase);
                    first_two[first_two_index(phrase)] |= 1 << i;
                }
                None => {
                    if let Some(&byte) = phrase.first() {
                        for second in 0..=u8::MAX {
                            first_two[first_two_index(&[byte, second])] |= ONE_BYTE;
                        }
                    }
                }
            }
        }
        let trie = gazetteer::build_contiguous(phrases);
        Openings {
            first_two,
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
        let filters = self.first_two[first_two_index(bytes)];
        if filters == 0 {
            return false;
        }
        let head = Head::of(bytes);
        let may_start = filters & ONE_BYTE != 0
            || (self.heads.iter().enumerate())
                .any(|(i, heads)| filters & (1 << i) != 0 && heads.may_start(head));
        may_start && self.in_trie(text)
    }

    fn in_trie(&self, text: &str) -> bool {
        let mut found = false;
        gazetteer::walk(&self.trie, text, 0, |_, _| found = true);
        found
    }
}

/// The index in [`Openings::first_two`] of the text `bytes`, not empty.
fn first_two_index(bytes: &[u8]) -> usize {
    usize::from(bytes[0]) | usize::from(bytes.get(1).copied().unwrap_or(0)) << 8
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
        let bit = self.bit(Head::of(phrase));
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether a text whose `head` this is may start with one of the phrases.
    fn may_start(&self, head: Head) -> bool {
        head.len >= self.len && {
            let bit = self.bit(head);
            self.bits[bit / 64] & (1 << (bit % 64)) != 0
        }
    }

    /// The bit of the first `self.len` bytes of `head`, which has them.
    fn bit(&self, head: Head) -> usize {
        let kept = head.bytes & (u64::MAX >> (64 - 8 * self.len));
        let mixed = kept.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - HASH_BITS)) as usize
    }
}

/// The first eight bytes of a text (fewer when it is shorter), read once
/// for every filter.
#[derive(Clone, Copy)]
struct Head {
    /// Little-endian, zero-padded.
    bytes: u64,
    len: usize,
}

impl Head {
    fn of(text: &[u8]) -> Head {
        Head {
            bytes: first_eight_bytes(text),
            len: text.len().min(8),
        }
    }
}
