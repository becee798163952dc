//! LSP positions ⇄ code point offsets: the only place that knows position
//! encodings.
//!
//! The core counts code points; a client counts UTF-16 code units (the
//! default), UTF-8 bytes or UTF-32 code points in a line, as negotiated at
//! `initialize`. Lines break at LF, CRLF and CR only (ropey's `cr_lines`), as
//! the protocol says. Positions past the end of a line or of the document are
//! clamped; a position inside a character (a surrogate pair, a multi-byte
//! sequence) means that character.

use alama_core::text::Span;
use ropey::iter::Chunks;
use ropey::{str_utils, Rope};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// Code points are the core's unit, so UTF-32 is preferred, then UTF-8;
    /// UTF-16 is the mandatory fallback.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// The offset of `char_index` in this encoding's units.
    fn units(self, rope: &Rope, char_index: usize) -> usize {
        match self {
            Encoding::Utf8 => rope.char_to_byte(char_index),
            Encoding::Utf16 => rope.char_to_utf16_cu(char_index),
            Encoding::Utf32 => char_index,
        }
    }

    /// The length, in this encoding's units, of `text`, which holds `chars`
    /// characters.
    fn units_of_str(self, text: &str, chars: usize) -> u32 {
        let units = match self {
            Encoding::Utf8 => text.len(),
            // A 4-byte character is a surrogate pair.
            Encoding::Utf16 => chars + text.bytes().filter(|&b| b >= 0xF0).count(),
            Encoding::Utf32 => chars,
        };
        units as u32
    }

    /// The length, in this encoding's units, of the character whose UTF-8
    /// form starts with `lead`.
    fn units_of_utf8_lead(self, lead: u8) -> u32 {
        match self {
            Encoding::Utf8 => utf8_len(lead) as u32,
            Encoding::Utf16 => 1 + u32::from(lead >= 0xF0),
            Encoding::Utf32 => 1,
        }
    }

    /// The character containing the unit at `units`.
    fn char_at(self, rope: &Rope, units: usize) -> usize {
        match self {
            Encoding::Utf8 => rope.byte_to_char(units),
            Encoding::Utf16 => rope.utf16_cu_to_char(units),
            Encoding::Utf32 => units,
        }
    }
}

/// The code point offset of `position`, clamped to the document.
pub fn offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let end = start + line_length(rope, line);
    let start_units = encoding.units(rope, start);
    let end_units = encoding.units(rope, end);
    let wanted = (start_units + position.character as usize).min(end_units);
    encoding.char_at(rope, wanted)
}

/// The position of a code point offset, clamped to the document.
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_chars());
    let line = rope.char_to_line(offset);
    let start = rope.line_to_char(line);
    let character = encoding.units(rope, offset) - encoding.units(rope, start);
    Position::new(line as u32, character as u32)
}

pub fn span(rope: &Rope, range: Range, encoding: Encoding) -> Span {
    let (a, b) = (
        offset(rope, range.start, encoding),
        offset(rope, range.end, encoding),
    );
    Span::new(a.min(b), a.max(b))
}

pub fn range(rope: &Rope, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(rope, span.start, encoding),
        position(rope, span.end, encoding),
    )
}

/// The length of a UTF-8 sequence from its first byte.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// The number of characters of a line, without its line break.
fn line_length(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut length = slice.len_chars();
    for terminator in ['\n', '\r'] {
        if length > 0 && slice.char(length - 1) == terminator {
            length -= 1;
        }
    }
    length
}

/// The positions of ascending offsets in one pass over the text: what
/// [`position`] does for one offset, for the thousands of mentions of a long
/// document. An offset below the previous one starts the pass again there.
pub struct Positions<'a> {
    rope: &'a Rope,
    encoding: Encoding,
    chunks: Chunks<'a>,
    /// What is left of the current chunk, from `offset` on.
    rest: &'a str,
    offset: usize,
    line: u32,
    character: u32,
}

impl<'a> Positions<'a> {
    pub fn new(rope: &'a Rope, encoding: Encoding) -> Positions<'a> {
        Positions {
            rope,
            encoding,
            chunks: rope.chunks(),
            rest: "",
            offset: 0,
            line: 0,
            character: 0,
        }
    }

    /// Positions from `offset` on, which is found without a walk from the
    /// start.
    pub fn from(rope: &'a Rope, encoding: Encoding, offset: usize) -> Positions<'a> {
        let mut positions = Positions::new(rope, encoding);
        positions.seek(offset.min(rope.len_chars()));
        positions
    }

    fn seek(&mut self, offset: usize) {
        let Position { line, character } = position(self.rope, offset, self.encoding);
        let (mut chunks, _, chunk_start, _) = self.rope.chunks_at_char(offset);
        let chunk = chunks.next().unwrap_or_default();
        let skip = chunk
            .char_indices()
            .nth(offset - chunk_start)
            .map_or(chunk.len(), |(byte, _)| byte);
        self.chunks = chunks;
        self.rest = &chunk[skip..];
        (self.offset, self.line, self.character) = (offset, line, character);
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.rope.len_chars());
        if offset < self.offset {
            self.seek(offset);
        }
        while self.offset < offset {
            if self.rest.is_empty() {
                match self.chunks.next() {
                    Some(chunk) => self.rest = chunk,
                    None => break,
                }
                continue;
            }
            // Most stretches between two mentions hold no line break: their
            // characters are counted at once.
            let wanted = offset - self.offset;
            let end = str_utils::char_to_byte_idx(self.rest, wanted);
            let stretch = &self.rest[..end];
            if memchr::memchr2(b'\n', b'\r', stretch.as_bytes()).is_none() {
                let chars = if end < self.rest.len() {
                    wanted
                } else {
                    str_utils::byte_to_char_idx(stretch, end)
                };
                self.offset += chars;
                self.character += self.encoding.units_of_str(stretch, chars);
                self.rest = &self.rest[end..];
                continue;
            }
            let (mut line, mut character) = (self.line, self.character);
            // Bytes rather than decoded characters: a character's first
            // byte tells its length in every encoding.
            let bytes = self.rest.as_bytes();
            let mut at = 0;
            while self.offset < offset && at < bytes.len() {
                let byte = bytes[at];
                self.offset += 1;
                // The CR of a CRLF belongs to its line, as in ropey's
                // `cr_lines`; ropey never splits a CRLF between chunks.
                if byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n')) {
                    line += 1;
                    character = 0;
                } else {
                    character += self.encoding.units_of_utf8_lead(byte);
                }
                at += utf8_len(byte);
            }
            self.rest = &self.rest[at..];
            (self.line, self.character) = (line, character);
        }
        Position::new(self.line, self.character)
    }

    pub fn range(&mut self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// Lines mixing Arabic, harakat, English, emoji (outside the BMP) and CRLF.
    const TEXT: &str = "قالَ 😀 Obama في بَغْدَاد\r\nNEL\u{85}x\u{2028}y\rz\n😀😀\n";

    /// Prints, for every code point offset of TEXT, its position in the
    /// three encodings and whether each converts back.
    fn check(encoding: Encoding, offsets: &[usize], expect: Expect) {
        let rope = Rope::from_str(TEXT);
        let out: Vec<String> = offsets
            .iter()
            .map(|&o| {
                let p = position(&rope, o, encoding);
                let back = offset(&rope, p, encoding);
                format!("{o} -> {}:{} -> {back}", p.line, p.character)
            })
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn utf16_counts_surrogate_pairs_twice() {
        check(
            Encoding::Utf16,
            &[0, 5, 6, 7, 24, 26, 29, 31, 33, 34, 36, 37, 38, 39],
            expect![[r#"
                0 -> 0:0 -> 0
                5 -> 0:5 -> 5
                6 -> 0:7 -> 6
                7 -> 0:8 -> 7
                24 -> 0:25 -> 24
                26 -> 1:0 -> 26
                29 -> 1:3 -> 29
                31 -> 1:5 -> 31
                33 -> 1:7 -> 33
                34 -> 2:0 -> 34
                36 -> 3:0 -> 36
                37 -> 3:2 -> 37
                38 -> 3:4 -> 38
                39 -> 4:0 -> 39"#]],
        );
    }

    #[test]
    fn utf8_counts_bytes() {
        check(
            Encoding::Utf8,
            &[0, 3, 4, 5, 6, 24, 26, 36, 37, 39],
            expect![[r#"
                0 -> 0:0 -> 0
                3 -> 0:6 -> 3
                4 -> 0:8 -> 4
                5 -> 0:9 -> 5
                6 -> 0:13 -> 6
                24 -> 0:41 -> 24
                26 -> 1:0 -> 26
                36 -> 3:0 -> 36
                37 -> 3:4 -> 37
                39 -> 4:0 -> 39"#]],
        );
    }

    #[test]
    fn utf32_counts_code_points() {
        check(
            Encoding::Utf32,
            &[0, 6, 24, 25, 26, 33, 38, 39, 41],
            expect![[r#"
                0 -> 0:0 -> 0
                6 -> 0:6 -> 6
                24 -> 0:24 -> 24
                25 -> 0:25 -> 24
                26 -> 1:0 -> 26
                33 -> 1:7 -> 33
                38 -> 3:2 -> 38
                39 -> 4:0 -> 39
                41 -> 4:0 -> 39"#]],
        );
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let rope = Rope::from_str(TEXT);
        let at = |line, character| offset(&rope, Position::new(line, character), Encoding::Utf16);
        assert_eq!(at(0, 999), 24, "end of the first line, before CRLF");
        assert_eq!(
            at(1, 999),
            33,
            "end of a line ended by CR: NEL and U+2028 do not break"
        );
        assert_eq!(at(99, 0), rope.len_chars());
        assert_eq!(at(0, 6), 5, "inside the emoji's surrogate pair: the emoji");
    }

    #[test]
    fn one_pass_positions_equal_single_ones() {
        // Small chunks: CRLF pairs and characters meet chunk boundaries;
        // steps of one character and long ones, with and without CRs.
        for text in [TEXT.repeat(40), TEXT.replace('\r', "").repeat(40)] {
            let rope = Rope::from_str(&text);
            let past_the_end = rope.len_chars() + 2;
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for step in [1, 7, 50, 333] {
                    // From the start, or found from somewhere inside.
                    let mut positions = match step {
                        7 => Positions::from(&rope, encoding, past_the_end / 3),
                        _ => Positions::new(&rope, encoding),
                    };
                    let ascending: Vec<usize> = (0..=past_the_end).step_by(step).collect();
                    for offset in ascending.iter().chain(ascending.iter().rev()) {
                        assert_eq!(
                            positions.position(*offset),
                            position(&rope, *offset, encoding),
                            "offset {offset} in {encoding:?}, steps of {step}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn negotiation_prefers_code_points() {
        let offer = |kinds: &[PositionEncodingKind]| Encoding::negotiate(Some(kinds));
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(offer(&[PositionEncodingKind::UTF16]), Encoding::Utf16);
        assert_eq!(
            offer(&[PositionEncodingKind::UTF8, PositionEncodingKind::UTF16]),
            Encoding::Utf8
        );
        assert_eq!(
            offer(&[PositionEncodingKind::UTF8, PositionEncodingKind::UTF32]),
            Encoding::Utf32
        );
    }
}
