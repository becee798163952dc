//! The phrases a rule's hit can start with, and a quick test of whether a
//! text starts with one.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::Anchored;

/// Bytes of a phrase's head kept in the filter.
const HEAD: usize = 8;
/// Bits of the filter's hashes.
const HASH_BITS: u32 = 16;

/// Phrases (keys) that may start a hit, and digits.
pub(super) struct Openings {
    /// The distinct lengths of the phrases' heads (their first bytes, up to
    /// [`HEAD`]).
    head_lengths: Vec<usize>,
    /// A bit for the hash of every head: a text whose heads of those lengths
    /// all miss starts with no phrase. Most words miss, without touching
    /// the trie.
    heads: Box<[u64]>,
    trie: contiguous::NFA,
}

impl Openings {
    pub(super) fn new(phrases: &[String]) -> Openings {
        let mut head_lengths: Vec<usize> = phrases.iter().map(|p| p.len().min(HEAD)).collect();
        head_lengths.sort_unstable();
        head_lengths.dedup();
        let mut heads = vec![0u64; (1 << HASH_BITS) / 64].into_boxed_slice();
        for phrase in phrases {
            let (head, len) = head(phrase.as_bytes());
            let bit = head_hash(head, len.min(phrase.len()));
            heads[bit / 64] |= 1 << (bit % 64);
        }
        let trie = contiguous::NFA::new(phrases).expect("the openings are a few hundred phrases");
        Openings {
            head_lengths,
            heads,
            trie,
        }
    }

    /// Whether `text` starts with a digit or one of the phrases.
    pub(super) fn start(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        if bytes.first().is_some_and(u8::is_ascii_digit) {
            return true;
        }
        let (head, available) = head(bytes);
        let may_start = self
            .head_lengths
            .iter()
            .take_while(|&&len| len <= available)
            .any(|&len| {
                let bit = head_hash(head & mask(len), len);
                self.heads[bit / 64] & (1 << (bit % 64)) != 0
            });
        may_start && self.in_trie(bytes)
    }

    fn in_trie(&self, bytes: &[u8]) -> bool {
        let trie = &self.trie;
        let Ok(mut state) = trie.start_state(Anchored::Yes) else {
            return false;
        };
        for &byte in bytes {
            state = trie.next_state(Anchored::Yes, state, byte);
            if trie.is_dead(state) {
                return false;
            }
            if trie.is_match(state) {
                return true;
            }
        }
        false
    }
}

/// The first [`HEAD`] bytes of `bytes` (zeros past its end) as one number,
/// and how many there were.
fn head(bytes: &[u8]) -> (u64, usize) {
    if let Some(head) = bytes.first_chunk::<HEAD>() {
        return (u64::from_le_bytes(*head), HEAD);
    }
    let len = bytes.len();
    let mut buffer = [0; HEAD];
    buffer[..len].copy_from_slice(&bytes[..len]);
    (u64::from_le_bytes(buffer), len)
}

/// The mask of the first `len` bytes of a head.
fn mask(len: usize) -> u64 {
    if len == HEAD {
        u64::MAX
    } else {
        (1 << (8 * len)) - 1
    }
}

fn head_hash(head: u64, len: usize) -> usize {
    let mixed = (head ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - HASH_BITS)) as usize
}
