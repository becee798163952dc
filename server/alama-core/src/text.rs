//! Documents and offsets.
//!
//! Offsets in the core's public API are Unicode code points into the original
//! text (brat's unit). This module is the one place that converts between
//! code points and UTF-8 bytes; UTF-16 for the protocol layer is derived from
//! code points there.

use std::fmt;
use std::sync::OnceLock;

/// Code points between two checkpoints of an [`OffsetIndex`].
const CHECKPOINT_EVERY: usize = 16;

/// Converts between code point and byte offsets of one text in O(16).
#[derive(Debug, Clone, Default)]
pub struct OffsetIndex {
    /// Byte offset of every `CHECKPOINT_EVERY`-th code point.
    checkpoints: Vec<u32>,
    char_len: usize,
    byte_len: usize,
}

/// Whether `byte` starts a character in UTF-8.
pub(crate) fn is_first_byte(byte: u8) -> bool {
    // Continuation bytes are 0b10xx_xxxx.
    (byte as i8) >= -0x40
}

/// The first eight bytes of `bytes` as a little-endian number, zero-padded
/// when there are fewer.
pub(crate) fn first_eight_bytes(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => {
            let mut padded = [0; 8];
            padded[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(padded)
        }
    }
}

/// Bit 0 of each byte of `value` set if the byte starts a character in
/// UTF-8 (is not 0b10xx_xxxx), its other bits clear.
fn first_bytes_of_eight(value: u64) -> u64 {
    (!(value >> 7) | (value >> 6)) & 0x0101_0101_0101_0101
}

/// Bit `i` set if `bytes[i]` starts a character, for up to 64 bytes.
fn first_byte_mask(bytes: &[u8]) -> u64 {
    let mut mask = 0;
    for (word, eight) in bytes.chunks(8).enumerate() {
        let firsts = first_bytes_of_eight(first_eight_bytes(eight));
        // Gathers the eight bits into the top byte, lowest byte lowest.
        let gathered = firsts.wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= (gathered & ((1 << eight.len()) - 1)) << (word * 8);
    }
    mask
}

impl OffsetIndex {
    pub fn new(text: &str) -> OffsetIndex {
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut char_len = 0;
        // 64 bytes at a time, as a mask of those that start a character:
        // byte by byte, Arabic's alternation of one- and two-byte characters
        // defeats branch prediction.
        for (block, bytes) in text.as_bytes().chunks(64).enumerate() {
            let mut firsts = first_byte_mask(bytes);
            // Characters to pass before the next checkpoint.
            let mut skip = (CHECKPOINT_EVERY - char_len % CHECKPOINT_EVERY) % CHECKPOINT_EVERY;
            char_len += firsts.count_ones() as usize;
            loop {
                for _ in 0..skip {
                    firsts &= firsts.wrapping_sub(1);
                }
                if firsts == 0 {
                    break;
                }
                checkpoints.push((block * 64 + firsts.trailing_zeros() as usize) as u32);
                skip = CHECKPOINT_EVERY;
            }
        }
        OffsetIndex {
            checkpoints,
            char_len,
            byte_len: text.len(),
        }
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Byte offset of code point offset `char_offset`, or `None` past the end.
    pub fn byte_of_char(&self, text: &str, char_offset: usize) -> Option<usize> {
        if char_offset >= self.char_len {
            return (char_offset == self.char_len).then_some(self.byte_len);
        }
        let checkpoint = self.checkpoints[char_offset / CHECKPOINT_EVERY] as usize;
        byte_after_chars(
            &text.as_bytes()[checkpoint..],
            char_offset % CHECKPOINT_EVERY,
        )
        .map(|ahead| checkpoint + ahead)
    }

    /// Code point offset of byte offset `byte` (which must be a character
    /// boundary).
    pub fn char_of_byte(&self, text: &str, byte: usize) -> usize {
        debug_assert!(text.is_char_boundary(byte));
        if byte >= self.byte_len {
            return self.char_len;
        }
        let slot = match self.checkpoints.binary_search(&(byte as u32)) {
            Ok(slot) => return slot * CHECKPOINT_EVERY,
            Err(slot) => slot - 1,
        };
        let checkpoint = self.checkpoints[slot] as usize;
        slot * CHECKPOINT_EVERY + char_count(&text[checkpoint..byte])
    }
}

/// A span of a document, in code points, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A replacement of the code points `old` by `new_len` code points: what a
/// text edit does to the spans around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub old: Span,
    pub new_len: usize,
}

impl Edit {
    /// Where `span` lies after the edit, or `None` if the edit changed any of
    /// its characters. Text inserted at either end of a span stays outside it.
    pub fn map(&self, span: Span) -> Option<Span> {
        if self.old.end <= span.start {
            let shifted = |offset: usize| offset - self.old.len() + self.new_len;
            Some(Span::new(shifted(span.start), shifted(span.end)))
        } else if self.old.start >= span.end {
            Some(span)
        } else {
            None
        }
    }

    /// The one edit that turns `old` into `new`: everything between their
    /// common prefix and common suffix is replaced.
    pub fn between(old: &str, new: &str) -> Edit {
        let prefix = old
            .chars()
            .zip(new.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let (old_len, new_len) = (old.chars().count(), new.chars().count());
        let suffix = old
            .chars()
            .rev()
            .zip(new.chars().rev())
            .take(old_len.min(new_len) - prefix)
            .take_while(|(a, b)| a == b)
            .count();
        Edit {
            old: Span::new(prefix, old_len - suffix),
            new_len: new_len - prefix - suffix,
        }
    }

    /// The span covered by the new text.
    pub fn inserted(&self) -> Span {
        Span::new(self.old.start, self.old.start + self.new_len)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A document's text with its offset index, built when first needed:
/// tagging a document converts its offsets in order, with a [`Cursor`].
#[derive(Debug, Clone, Default)]
pub struct Text {
    text: String,
    index: OnceLock<OffsetIndex>,
}

impl Text {
    pub fn new(text: String) -> Text {
        Text {
            text,
            index: OnceLock::new(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_string(self) -> String {
        self.text
    }

    fn index(&self) -> &OffsetIndex {
        self.index.get_or_init(|| OffsetIndex::new(&self.text))
    }

    pub fn char_len(&self) -> usize {
        self.index().char_len()
    }

    /// The byte range of a code point span, or `None` if it lies past the end.
    pub fn byte_range(&self, span: Span) -> Option<(usize, usize)> {
        let index = self.index();
        let start = index.byte_of_char(&self.text, span.start)?;
        let end = index.byte_of_char(&self.text, span.end)?;
        Some((start, end))
    }

    /// The text of a code point span, or `None` if it lies past the end.
    pub fn slice(&self, span: Span) -> Option<&str> {
        let (start, end) = self.byte_range(span)?;
        Some(&self.text[start..end])
    }

    /// The code point span of a byte range on character boundaries.
    pub fn span_of_bytes(&self, start: usize, end: usize) -> Span {
        let start_char = self.index().char_of_byte(&self.text, start);
        Span::new(start_char, start_char + char_count(&self.text[start..end]))
    }

    /// The code point spans of byte ranges on character boundaries, in one
    /// pass over the text in the order of their starts.
    pub fn spans_of_bytes(&self, ranges: &[(usize, usize)]) -> Vec<Span> {
        // (start, index) as one integer, which sorts faster than a tuple.
        let mut order: Vec<u64> = ranges
            .iter()
            .enumerate()
            .map(|(index, &(start, _))| (start as u64) << 32 | index as u64)
            .collect();
        // The stable sort merges the runs in which each recognizer found
        // its ranges.
        order.sort();
        let mut spans = vec![Span::new(0, 0); ranges.len()];
        let mut cursor = self.cursor();
        for key in order {
            let index = key as u32 as usize;
            let (start, end) = ranges[index];
            let start_char = cursor.char_of_byte(start);
            spans[index] = Span::new(start_char, start_char + char_count(&self.text[start..end]));
        }
        spans
    }

    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            text: &self.text,
            byte: 0,
            char: 0,
        }
    }
}

/// Converts the offsets of a text asked in increasing order by counting the
/// characters from one to the next: one pass over the text, where the
/// [`OffsetIndex`] would pass over all of it first. An offset asked out of
/// order is counted again from the start.
pub struct Cursor<'t> {
    text: &'t str,
    /// The last offset converted, in bytes and in code points.
    byte: usize,
    char: usize,
}

impl<'t> Cursor<'t> {
    /// Code point offset of byte offset `byte` (a character boundary).
    pub fn char_of_byte(&mut self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        if byte < self.byte {
            (self.byte, self.char) = (0, 0);
        }
        self.char += char_count(&self.text[self.byte..byte]);
        self.byte = byte;
        self.char
    }

    /// Byte offset of code point offset `char_offset`, or `None` past the end.
    pub fn byte_of_char(&mut self, char_offset: usize) -> Option<usize> {
        if char_offset < self.char {
            (self.byte, self.char) = (0, 0);
        }
        let ahead = byte_after_chars(&self.text.as_bytes()[self.byte..], char_offset - self.char)?;
        self.byte += ahead;
        self.char = char_offset;
        Some(self.byte)
    }

    /// The text of a code point span, or `None` if it lies past the end.
    pub fn slice(&mut self, span: Span) -> Option<&'t str> {
        let start = self.byte_of_char(span.start)?;
        let end = self.byte_of_char(span.end)?;
        Some(&self.text[start..end])
    }
}

/// The characters of `text`, counted by `bytecount`, which counts the
/// bytes that start a character several at a time.
fn char_count(text: &str) -> usize {
    bytecount::num_chars(text.as_bytes())
}

/// The byte offset of `bytes` (UTF-8 from a character boundary) after its
/// first `n` characters, or `None` if it has fewer.
fn byte_after_chars(bytes: &[u8], mut n: usize) -> Option<usize> {
    let mut at = 0;
    // Eight bytes at a time: passed whole while the character sought starts
    // past them (they may end inside a character: only first bytes count).
    while let Some(eight) = bytes[at..].first_chunk::<8>() {
        let mut firsts = first_bytes_of_eight(u64::from_le_bytes(*eight));
        let count = firsts.count_ones() as usize;
        if count > n {
            // The n-th first byte of the eight: the lowest left after
            // clearing n.
            for _ in 0..n {
                firsts &= firsts - 1;
            }
            return Some(at + firsts.trailing_zeros() as usize / 8);
        }
        n -= count;
        at += 8;
    }
    for (offset, &byte) in bytes[at..].iter().enumerate() {
        if is_first_byte(byte) {
            if n == 0 {
                return Some(at + offset);
            }
            n -= 1;
        }
    }
    (n == 0).then_some(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways_on_mixed_text() {
        let mut sample = String::new();
        for i in 0..50 {
            sample.push_str(&format!("{i} بغداد 😀 Iraq\r\nهٰذا "));
        }
        // The index reads 64 bytes at a time: texts ending anywhere in one.
        let ends = (sample.len() - 80..=sample.len()).filter(|&end| sample.is_char_boundary(end));
        for sample in ends.map(|end| &sample[..end]) {
            let text = Text::new(sample.to_owned());
            for (char_offset, (byte, _)) in sample.char_indices().enumerate() {
                assert_eq!(text.index().byte_of_char(sample, char_offset), Some(byte));
                assert_eq!(text.index().char_of_byte(sample, byte), char_offset);
            }
            let n = sample.chars().count();
            let offsets: Vec<(usize, usize)> = sample
                .char_indices()
                .map(|(byte, _)| byte)
                .chain([sample.len()])
                .enumerate()
                .collect();
            // Cursors stepping forwards then backwards, by strides short and
            // long, converting one way or the other.
            for stride in [1, 5, 37] {
                let (mut by_bytes, mut by_chars) = (text.cursor(), text.cursor());
                let forwards = offsets.iter().step_by(stride);
                for &(char_offset, byte) in forwards.clone().chain(forwards.rev()) {
                    assert_eq!(by_bytes.char_of_byte(byte), char_offset);
                    assert_eq!(by_chars.byte_of_char(char_offset), Some(byte));
                }
                assert_eq!(by_chars.byte_of_char(n + 1), None);
            }
            // Each character's span, given backwards.
            let ranges: Vec<(usize, usize)> = offsets
                .windows(2)
                .map(|pair| (pair[0].1, pair[1].1))
                .rev()
                .collect();
            let spans: Vec<Span> = (0..n).rev().map(|c| Span::new(c, c + 1)).collect();
            assert_eq!(text.spans_of_bytes(&ranges), spans);
            assert_eq!(text.char_len(), n);
            assert_eq!(text.index().byte_of_char(sample, n), Some(sample.len()));
            assert_eq!(text.index().byte_of_char(sample, n + 1), None);
            assert_eq!(text.index().char_of_byte(sample, sample.len()), n);
        }
    }

    #[test]
    fn slices_code_point_spans_after_emoji() {
        let text = Text::new("😀😀 بغداد".to_owned());
        assert_eq!(text.slice(Span::new(3, 8)), Some("بغداد"));
        assert_eq!(text.slice(Span::new(3, 9)), None);
    }

    #[test]
    fn edits_move_spans_after_them_and_drop_spans_they_touch() {
        let span = Span::new(10, 15);
        let map = |start, end, new_len| {
            Edit {
                old: Span::new(start, end),
                new_len,
            }
            .map(span)
        };
        assert_eq!(map(0, 2, 5), Some(Span::new(13, 18)), "replacement before");
        assert_eq!(
            map(10, 10, 1),
            Some(Span::new(11, 16)),
            "insertion at the start"
        );
        assert_eq!(map(15, 15, 1), Some(span), "insertion at the end");
        assert_eq!(map(15, 20, 0), Some(span), "deletion after");
        assert_eq!(
            map(5, 10, 0),
            Some(Span::new(5, 10)),
            "deletion up to the start"
        );
        assert_eq!(map(12, 12, 1), None, "insertion inside");
        assert_eq!(map(14, 16, 0), None, "deletion across the end");
        assert_eq!(map(0, 30, 3), None, "replacement of the whole");
    }

    #[test]
    fn the_edit_between_two_texts() {
        let edit = |old, new| {
            let e = Edit::between(old, new);
            (e.old.start, e.old.end, e.new_len)
        };
        assert_eq!(edit("في بغداد", "في بغداد"), (8, 8, 0));
        assert_eq!(edit("في بغداد", "وفي بغداد"), (0, 0, 1));
        assert_eq!(edit("aaa", "aa"), (2, 3, 0));
        assert_eq!(edit("😀 x", "😀 yz"), (2, 3, 2));
        assert_eq!(edit("", "abc"), (0, 0, 3));
    }

    #[test]
    fn empty_text() {
        let text = Text::new(String::new());
        assert_eq!(text.char_len(), 0);
        assert_eq!(text.slice(Span::new(0, 0)), Some(""));
        assert_eq!(text.span_of_bytes(0, 0), Span::new(0, 0));
    }
}
