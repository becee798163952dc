//! Double-array tries, built by `crawdad` and walked here in their written
//! form, so that one read from the names cache is walked in place, in the
//! cache file's mapped pages, instead of being copied into a `crawdad::Trie`
//! (a second 90 MB for a million names).
//!
//! The form is that of `crawdad::Trie::serialize_to_vec` (crawdad 0.4), all
//! numbers u32 little-endian: the length of the code table, the code of each
//! character (`u32::MAX`: none), the alphabet size, the number of nodes, then
//! each node's base and check. The top bit of a base marks a leaf, whose base
//! is its value; the top bit of a check, a node with a leaf child at its base.
//! A read out of range ends a walk: damaged bytes never panic.

use crate::bytes::SharedBytes;

const OFFSET_MASK: u32 = 0x7fff_ffff;
/// The code of crawdad's end marker, which leads to a key's leaf.
const END_CODE: u32 = 0;
/// crawdad's end marker, which no key holds.
const END_MARKER: char = '\u{ffff}';
const NO_CODE: u32 = u32::MAX;

pub(crate) struct DoubleArray {
    /// The written form.
    bytes: SharedBytes,
    /// Where the nodes start in `bytes`, after the code table, the alphabet
    /// size and the number of nodes.
    nodes: usize,
    /// The base of the first node, where every walk starts.
    root_base: u32,
}

/// The code table starts after its length.
const CODES: usize = 4;

impl DoubleArray {
    /// A double array of `records`, distinct keys in order with their
    /// values; `None` when crawdad cannot build it (a key with its end
    /// marker, a value above 31 bits).
    pub(crate) fn build<K: AsRef<str>>(
        records: impl IntoIterator<Item = (K, u32)>,
    ) -> Option<DoubleArray> {
        let trie = crawdad::Trie::from_records(records).ok()?;
        DoubleArray::read(SharedBytes::from(trie.serialize_to_vec()))
    }

    /// Reads a double array in its written form; `None` when the lengths in
    /// `bytes` do not add up to theirs.
    pub(crate) fn read(bytes: SharedBytes) -> Option<DoubleArray> {
        let code_count = usize::try_from(word(&bytes, 0)?).ok()?;
        let alphabet_size_at = CODES.checked_add(code_count.checked_mul(4)?)?;
        let node_count = usize::try_from(word(&bytes, alphabet_size_at + 4)?).ok()?;
        let nodes = alphabet_size_at + 8;
        let end = nodes.checked_add(node_count.checked_mul(8)?)?;
        if end != bytes.len() {
            return None;
        }
        let root_base = word(&bytes, nodes)?;
        Some(DoubleArray {
            bytes,
            nodes,
            root_base,
        })
    }

    /// The written form, which [`Self::read`] reads.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Calls `each(end, value)` for each key that starts `text`, shortest
    /// first, with the byte where it ends in `text`.
    #[inline]
    pub(crate) fn prefixes(&self, text: &str, mut each: impl FnMut(usize, u32)) {
        let bytes: &[u8] = &self.bytes;
        let codes = bytes.get(CODES..self.nodes - 8).unwrap_or_default();
        let nodes = bytes.get(self.nodes..).unwrap_or_default();
        let code = |c: char| -> Option<u32> {
            let at = c as usize * 4;
            let code = u32::from_le_bytes(codes.get(at..at + 4)?.try_into().ok()?);
            (code != NO_CODE).then_some(code)
        };
        let node = |index: u32| -> Option<(u32, u32)> {
            let at = index as usize * 8;
            let node = u64::from_le_bytes(nodes.get(at..at + 8)?.try_into().ok()?);
            // The base, then the check.
            Some((node as u32, (node >> 32) as u32))
        };
        let (mut index, mut base) = (0, self.root_base);
        for (at, c) in text.char_indices() {
            if c == END_MARKER || base & !OFFSET_MASK != 0 {
                return;
            }
            let Some(child) = code(c).map(|code| (base & OFFSET_MASK) ^ code) else {
                return;
            };
            let Some((child_base, child_check)) = node(child) else {
                return;
            };
            if child_check & OFFSET_MASK != index {
                return;
            }
            (index, base) = (child, child_base);
            let end = at + c.len_utf8();
            if base & !OFFSET_MASK != 0 {
                each(end, base & OFFSET_MASK);
            } else if child_check & !OFFSET_MASK != 0 {
                if let Some((leaf_base, _)) = node((base & OFFSET_MASK) ^ END_CODE) {
                    each(end, leaf_base & OFFSET_MASK);
                }
            }
        }
    }
}

fn word(bytes: &[u8], at: usize) -> Option<u32> {
    let word = bytes.get(at..)?.first_chunk::<4>()?;
    Some(u32::from_le_bytes(*word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes(double_array: &DoubleArray, text: &str) -> Vec<(usize, u32)> {
        let mut found = Vec::new();
        double_array.prefixes(text, |end, value| found.push((end, value)));
        found
    }

    /// Walks crawdad's serialized trie and compares every hit with
    /// crawdad's own search. This is the test that fails if an update of
    /// crawdad changes the layout described in the module docs (the
    /// workspace pins crawdad exactly for that reason).
    #[test]
    fn finds_what_crawdad_finds() {
        let mut keys = vec![
            "بغداد",
            "بغ",
            "ب",
            "London",
            "Lon",
            "#metoo",
            "世界",
            "世界中",
            "🙂x",
        ];
        keys.sort();
        let records = || keys.iter().zip(0u32..).map(|(key, value)| (*key, value));
        let trie = crawdad::Trie::from_records(records()).unwrap();
        let double_array = DoubleArray::build(records()).expect(
            "crawdad's serialized trie has the layout double_array.rs reads (see its module docs)",
        );
        for text in [
            "بغداد الجديدة",
            "بغد",
            "Londonderry",
            "世界中で",
            "#metoo!",
            "🙂x",
            "x",
            "",
            "ب\u{ffff}",
        ] {
            let expected: Vec<(usize, u32)> = trie
                .common_prefix_search(text.chars())
                .map(|(value, chars)| {
                    (
                        text.char_indices()
                            .nth(chars - 1)
                            .map(|(at, c)| at + c.len_utf8())
                            .unwrap(),
                        value,
                    )
                })
                .filter(|&(end, _)| !text[..end].contains(END_MARKER))
                .collect();
            assert_eq!(prefixes(&double_array, text), expected, "{text}");
        }
        let value = |key| keys.iter().position(|k| *k == key).unwrap() as u32;
        let expected = [(2, value("ب")), (4, value("بغ")), (10, value("بغداد"))];
        assert_eq!(prefixes(&double_array, "بغداد"), expected);
    }

    #[test]
    fn damaged_bytes_read_nothing_or_end_walks() {
        let double_array = DoubleArray::build([("ab", 1), ("abc", 2)]).unwrap();
        let bytes = double_array.as_bytes().to_vec();
        for cut in 0..bytes.len() {
            assert!(DoubleArray::read(SharedBytes::from(bytes[..cut].to_vec())).is_none());
        }
        // Nodes pointing anywhere: walks end, nothing panics.
        let mut rng = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200 {
            let mut damaged = bytes.clone();
            for _ in 0..8 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let at = double_array.nodes + (rng as usize % (bytes.len() - double_array.nodes));
                damaged[at] = (rng >> 32) as u8;
            }
            let damaged = DoubleArray::read(SharedBytes::from(damaged)).unwrap();
            prefixes(&damaged, "abcabc");
        }
    }
}
