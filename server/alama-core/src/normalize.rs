//! The matching key: a folded copy of a text that recognizers search, with a
//! map from every key character back to the original text.
//!
//! The document itself is never rewritten. [`MatchKey::new`] walks the
//! original text segment by segment (a base character and the combining marks
//! that follow it), applies NFKC and the folds below, and records for every key
//! character the byte offset of the segment it came from. A key range
//! therefore maps back to an exact original span with
//! [`MatchKey::original_range`].
//! Most characters (ASCII, the Arabic letters and digits) are alone in their
//! segment and need no NFKC: a table made from the general path at start-up
//! gives what they become without decoding or normalizing them. Most of a
//! text becomes characters of the same UTF-8 length, with one space between
//! words: such runs keep one shift and are copied, not written character by
//! character.
//!
//! Folds:
//! - NFKC; bidi and format controls, Arabic harakat (U+064B–U+065F, U+0670)
//!   and tatweel are dropped;
//! - أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ ئ → ء, Persian ی ک → ي ك;
//! - Arabic-Indic and Persian digits → ASCII digits;
//! - Latin is lower-cased; curly quotes and apostrophes become `"` and `'`,
//!   dashes become `-`;
//! - a run of horizontal white space (NBSP included) becomes one space, a run
//!   containing a line break becomes one `\n`.

use std::sync::LazyLock;

use unicode_normalization::{
    char::is_combining_mark, is_nfkc_quick, IsNormalized, UnicodeNormalization,
};

use crate::filtered_vec::FilteredVec;

/// Folded text plus the way back to the original.
#[derive(Debug, Clone)]
pub struct MatchKey {
    key: String,
    /// For every character of `key`, the byte offset in the original text of
    /// the segment that produced it, kept as the places where that offset
    /// stops following the key's: from a pair `(key, original)` up to the
    /// next, the character at key byte `key + i` comes from `original + i`.
    /// Most characters are copied or folded into one of the same length, so
    /// a pair is needed only after dropped or collapsed characters, digits
    /// and NFKC forms. Never empty.
    shifts: Vec<(u32, u32)>,
    /// Byte offsets in `key` where words start and end, in turn (a start,
    /// its end, the next start …), for the recognizers that look only
    /// there.
    word_bounds: Vec<u32>,
}

impl MatchKey {
    pub fn new(text: &str) -> MatchKey {
        Builder::<true>::of(text).finish()
    }

    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The number of words (runs of [`is_word_char`]).
    pub fn word_count(&self) -> usize {
        self.word_bounds.len() / 2
    }

    /// The byte ranges of the words.
    pub fn words(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let bounds = self.word_bounds.as_chunks::<2>().0;
        bounds
            .iter()
            .map(|&[start, end]| (start as usize, end as usize))
    }

    /// The original byte range covered by the key byte range `start..end`
    /// (which must lie on key character boundaries and not be empty).
    ///
    /// The end is extended over the combining marks of the last segment, so a
    /// span never cuts a letter from its harakat.
    pub fn original_range(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.key.len());
        let last_char = self.key[..end]
            .char_indices()
            .next_back()
            .map_or(start, |(at, _)| at);
        (
            self.origin(start),
            segment_end(text, self.origin(last_char)),
        )
    }

    /// The original byte offset of the segment that produced the key
    /// character at byte `at`.
    fn origin(&self, at: usize) -> usize {
        let after = self.shifts.partition_point(|&(key, _)| key as usize <= at);
        let (key, original) = self.shifts[after - 1];
        original as usize + (at - key as usize)
    }
}

/// Normalizes a short string (a lexicon name, a trigger, a month name) into
/// its key, trimmed of surrounding white space.
pub fn normalize(text: &str) -> String {
    simple_key(text).unwrap_or_else(|| normalize_by_segments(text))
}

/// `text` lower-cased, when that is its key: ASCII letters and digits, `'`
/// and `-`, and the Arabic letters that no fold changes, words one space
/// apart. Most names of the data files are written so, and are normalized
/// tens of thousands at a time when an engine is made.
fn simple_key(text: &str) -> Option<String> {
    let mut previous = ' ';
    for ch in text.chars() {
        let simple = match ch {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '\'' | '-' => true,
            ' ' => previous != ' ',
            '\u{0621}'..='\u{064A}' => {
                !matches!(ch, 'أ' | 'إ' | 'آ' | 'ى' | 'ة' | 'ؤ' | 'ئ' | '\u{0640}')
            }
            _ => false,
        };
        if !simple {
            return None;
        }
        previous = ch;
    }
    (previous != ' ' || text.is_empty()).then(|| text.to_ascii_lowercase())
}

/// [`normalize`] of any text, segment by segment.
fn normalize_by_segments(text: &str) -> String {
    let mut key = Builder::<false>::of(text).key;
    key.truncate(key.trim_end().len());
    key.drain(..key.len() - key.trim_start().len());
    key
}

/// Whether `ch` belongs to the segment before it: a combining mark (ASCII and
/// Arabic letters, most of any text, are checked first).
fn continues_segment(ch: char) -> bool {
    !ch.is_ascii() && !is_arabic_letter(ch) && is_combining_mark(ch)
}

/// Whether `ch` alone is in NFKC, checked without tables for the characters
/// of most texts: ASCII and the basic Arabic letters (U+0620–U+064A).
fn is_own_nfkc(ch: char) -> bool {
    ch.is_ascii() || ('\u{0620}'..='\u{064A}').contains(&ch)
}

/// What the key makes of a character alone, for the characters of most
/// texts (ASCII and U+0600–U+067F): [`Builder::push_segment`]'s result,
/// looked up without decoding, normalizing or folding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quick {
    /// Left to [`Builder::push_segment`]: characters that NFKC changes or
    /// that combine with the one before (U+0653–U+0655 after ا و ي ه).
    Slow,
    /// Written as this character, a word character or not.
    Word(char),
    Other(char),
    Space,
    LineBreak,
    Drop,
}

/// How a character takes part in a run of [`Builder::copy_run`], as bit
/// flags: most letters, digits, ASCII punctuation and lone white space do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Runs(u8);

impl Runs {
    /// The key writes the character as one of the same UTF-8 length.
    const WRITTEN: u8 = 1;
    /// … and that one is another ([`QuickTable::folded`]).
    const FOLDED: u8 = 2;
    const WORD: u8 = 4;
    /// White space, which a run holds only alone.
    const SPACE: u8 = 8;
    /// The character may combine with the one before it (or is dropped
    /// before one that may): the one before is then left to the slower
    /// paths.
    const MAY_COMBINE: u8 = 16;

    /// What follows the end of the text.
    const END: Runs = Runs(0);
    /// Any character but ASCII and U+0600–U+067F.
    const ELSEWHERE: Runs = Runs(Runs::MAY_COMBINE);

    /// The flags of `ch` and what it is written as.
    fn of(ch: char, class: Quick) -> (Runs, char) {
        let out = match class {
            Quick::Word(out) | Quick::Other(out) => Some(out),
            Quick::Space => Some(' '),
            Quick::LineBreak => Some('\n'),
            Quick::Slow | Quick::Drop => None,
        };
        let flags = [
            (
                out.is_some_and(|out| out.len_utf8() == ch.len_utf8()),
                Runs::WRITTEN,
            ),
            (out.is_some_and(|out| out != ch), Runs::FOLDED),
            (matches!(class, Quick::Word(_)), Runs::WORD),
            (
                matches!(class, Quick::Space | Quick::LineBreak),
                Runs::SPACE,
            ),
            (
                !ch.is_ascii() && matches!(class, Quick::Slow | Quick::Drop),
                Runs::MAY_COMBINE,
            ),
        ];
        let bits = flags
            .iter()
            .filter(|(on, _)| *on)
            .fold(0, |bits, (_, bit)| bits | bit);
        (Runs(bits), out.unwrap_or(ch))
    }

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// [`Quick`] and [`Runs`] for ASCII, for U+0600–U+067F (two-byte UTF-8
/// starting with 0xD8 or 0xD9), and last, at [`QuickTable::ELSEWHERE`],
/// for any other character, indexed by [`QuickTable::index_at`].
struct QuickTable {
    classes: [Quick; 257],
    runs: [Runs; 257],
    /// What a character with [`Runs::FOLDED`] is written as.
    folded: [char; 257],
    /// For each first byte of a character, where its index starts.
    leads: [Lead; 256],
}

static QUICK: LazyLock<QuickTable> = LazyLock::new(|| {
    let char_of = |index: usize| {
        let code = match index {
            0..128 => index,
            128..QuickTable::ELSEWHERE => 0x0600 + index - 128,
            _ => return None,
        };
        Some(char::from_u32(code as u32).expect("ASCII and U+0600–U+067F are characters"))
    };
    let classes = std::array::from_fn(|index| char_of(index).map_or(Quick::Slow, Quick::of));
    let runs: [(Runs, char); 257] = std::array::from_fn(|index| {
        char_of(index).map_or((Runs::ELSEWHERE, '\0'), |ch| Runs::of(ch, classes[index]))
    });
    QuickTable {
        classes,
        runs: runs.map(|(runs, _)| runs),
        folded: runs.map(|(_, folded)| folded),
        leads: std::array::from_fn(|lead| match lead as u8 {
            ascii @ 0..0x80 => Lead::new(ascii.into(), 0),
            lead @ (0xD8 | 0xD9) => Lead::new(128 + (u16::from(lead & 1) << 6), 0x3F),
            _ => Lead::new(QuickTable::ELSEWHERE as u16, 0),
        }),
    }
});

/// A character's index in the [`QuickTable`] is `base` plus its second byte
/// masked with `second`.
#[derive(Clone, Copy)]
struct Lead {
    base: u16,
    second: u8,
}

impl Lead {
    const fn new(base: u16, second: u8) -> Lead {
        Lead { base, second }
    }
}

impl QuickTable {
    /// The index of any character but ASCII and U+0600–U+067F.
    const ELSEWHERE: usize = 256;

    /// The index in the tables of the character at byte `at`, and its UTF-8
    /// length if it is ASCII or U+0600–U+067F (2 for any other, which every
    /// caller leaves to the slower paths).
    ///
    /// Found without branches: an Arabic text turns from Arabic to ASCII at
    /// every space, and a branch on it was mispredicted at most words. The
    /// length is told by the first byte's top bit, not read from the table:
    /// the next character waits for it.
    #[inline(always)]
    fn index_at(&self, bytes: &[u8], at: usize) -> (usize, usize) {
        let first = bytes[at];
        let lead = self.leads[usize::from(first)];
        let second = bytes.get(at + 1).copied().unwrap_or(0) & lead.second;
        let len = 1 + usize::from(first >> 7);
        (usize::from(lead.base) + usize::from(second), len)
    }

    /// The run flags and length ([`QuickTable::index_at`]) of the character
    /// at byte `at`.
    #[inline(always)]
    fn runs_at(&self, bytes: &[u8], at: usize) -> (Runs, usize) {
        let (index, len) = self.index_at(bytes, at);
        (self.runs[index], len)
    }

    /// The class and length ([`QuickTable::index_at`]) of the character at
    /// byte `at`.
    fn class_at(&self, bytes: &[u8], at: usize) -> (Quick, usize) {
        let (index, len) = self.index_at(bytes, at);
        (self.classes[index], len)
    }

    /// Whether the character before byte `at` is a segment of its own: what
    /// follows (past dropped harakat) is the end, or combines with nothing.
    fn nothing_combines_at(&self, bytes: &[u8], mut at: usize) -> bool {
        while at < bytes.len() {
            match self.class_at(bytes, at) {
                (Quick::Slow, _) => return false,
                (Quick::Drop, len) => at += len,
                _ => return true,
            }
        }
        true
    }
}

impl Quick {
    fn of(ch: char) -> Quick {
        let combines = continues_segment(ch) && fold(ch) != Folded::Drop;
        if combines || ('\u{0653}'..='\u{0655}').contains(&ch) {
            return Quick::Slow;
        }
        let mut builder = Builder::<true>::default();
        builder.push_segment(ch.encode_utf8(&mut [0; 4]), 0);
        let mut written = builder.key.chars();
        match (written.next(), written.next(), builder.pending_space) {
            (None, _, None) => Quick::Drop,
            (None, _, Some((false, _))) => Quick::Space,
            (None, _, Some((true, _))) => Quick::LineBreak,
            (Some(ch), None, None) if is_word_char(ch) => Quick::Word(ch),
            (Some(ch), None, None) => Quick::Other(ch),
            _ => Quick::Slow,
        }
    }
}

/// End of the segment (base character plus combining marks) starting at
/// `start`, with the tatweel that stretches it (هـ).
fn segment_end(text: &str, start: usize) -> usize {
    let mut chars = text[start..].char_indices();
    chars.next();
    for (offset, ch) in chars {
        if !continues_segment(ch) && ch != '\u{0640}' {
            return start + offset;
        }
    }
    text.len()
}

/// Writes a key; with `MAP`, also the way back ([`MatchKey::shifts`]) and
/// the words, which a name's key (see [`normalize`]) does without.
struct Builder<const MAP: bool> {
    key: String,
    shifts: Vec<(u32, u32)>,
    /// The last shift's `original - key` (wrapping), which every character
    /// that follows it keeps.
    shift: u32,
    /// The words' bounds: every character's offset is written, and kept
    /// only where a word starts or ends.
    word_bounds: FilteredVec<u32>,
    /// A white-space run seen but not yet written: `(is line break, origin)`.
    pending_space: Option<(bool, u32)>,
    /// Whether the last character written belongs to a word.
    previous_is_word: bool,
}

impl<const MAP: bool> Default for Builder<MAP> {
    fn default() -> Self {
        Builder {
            key: String::new(),
            shifts: if MAP { vec![(0, 0)] } else { Vec::new() },
            shift: 0,
            word_bounds: FilteredVec::new(),
            pending_space: None,
            previous_is_word: false,
        }
    }
}

impl Builder<true> {
    fn finish(mut self) -> MatchKey {
        self.flush_space();
        self.enter(false);
        MatchKey {
            key: self.key,
            shifts: self.shifts,
            word_bounds: self.word_bounds.into_vec(),
        }
    }
}

impl<const MAP: bool> Builder<MAP> {
    /// The builder that has written all of `text`.
    fn of(text: &str) -> Builder<MAP> {
        let mut builder = Builder {
            key: String::with_capacity(text.len()),
            ..Builder::default()
        };
        let quick = &*QUICK;
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            at = builder.copy_run(text, at, quick);
            if at == bytes.len() {
                break;
            }
            let (class, len) = quick.class_at(bytes, at);
            let next = at + len;
            if class != Quick::Slow {
                // What runs leave of ASCII, Arabic letters and digits.
                let alone = next == bytes.len()
                    || bytes[next] < 0x80
                    || match quick.class_at(bytes, next).0 {
                        Quick::Slow => false,
                        Quick::Drop => quick.nothing_combines_at(bytes, next),
                        _ => true,
                    };
                if alone {
                    builder.push_quick(class, at as u32);
                    at = next;
                    continue;
                }
            }
            let mut end = at + text[at..].chars().next().map_or(1, char::len_utf8);
            end += text[end..]
                .chars()
                .take_while(|&mark| continues_segment(mark))
                .map(char::len_utf8)
                .sum::<usize>();
            builder.push_segment(&text[at..end], at);
            at = end;
        }
        builder
    }

    /// Writes the run of characters from `start` that the key writes with
    /// the same UTF-8 length, with white space only alone, and returns
    /// where it ends. A run keeps one shift, so most of a text is copied,
    /// not written character by character.
    #[inline]
    fn copy_run(&mut self, text: &str, start: usize, quick: &QuickTable) -> usize {
        let bytes = text.as_bytes();
        let runs_at = |at: usize| match bytes.get(at) {
            Some(_) => quick.runs_at(bytes, at),
            None => (Runs::END, 0),
        };
        // Whether the run ends before `here`, the character before
        // `following`.
        let ends_before = |here: Runs, following: Runs| {
            !here.has(Runs::WRITTEN)
                || following.has(Runs::MAY_COMBINE)
                || here.has(Runs::SPACE) && following.has(Runs::SPACE)
        };
        let (mut here, len) = runs_at(start);
        let mut next = start + len;
        let (mut following, mut following_len) = runs_at(next);
        if ends_before(here, following) || here.has(Runs::SPACE) && self.pending_space.is_some() {
            return start;
        }
        self.flush_space();
        self.map_to(start as u32);
        // The run's characters keep their length: each is as far into the
        // key as into the text from the run's start.
        let shift = self.key.len().wrapping_sub(start);
        let (mut at, mut copied) = (start, start);
        loop {
            self.enter_at(here.has(Runs::WORD), at.wrapping_add(shift) as u32);
            if here.has(Runs::FOLDED) {
                let (index, _) = quick.index_at(bytes, at);
                self.key.push_str(&text[copied..at]);
                self.key.push(quick.folded[index]);
                copied = next;
            }
            (at, here) = (next, following);
            next = at + following_len;
            (following, following_len) = runs_at(next);
            if ends_before(here, following) {
                break;
            }
        }
        self.key.push_str(&text[copied..at]);
        at
    }

    fn push_segment(&mut self, segment: &str, origin: usize) {
        let origin = origin as u32;
        let mut base = segment.chars();
        let first = base.next().expect("segments are never empty");
        if first.is_whitespace() {
            self.pend_space(matches!(first, '\n' | '\r' | '\u{0B}' | '\u{0C}'), origin);
            return;
        }
        if segment.len() == first.len_utf8() && is_own_nfkc(first) {
            // Fastest path: a lone ASCII character or Arabic letter.
            self.push_char(fold(first), origin);
            return;
        }
        if segment.is_ascii() || is_nfkc_quick(segment.chars()) == IsNormalized::Yes {
            // Fast path: most letters are already NFKC.
            for ch in segment.chars() {
                self.push_char(fold(ch), origin);
            }
            return;
        }
        for ch in segment.nfkc() {
            self.push_char(fold(ch), origin);
        }
    }

    fn push_char(&mut self, folded: Folded, origin: u32) {
        match folded {
            Folded::Drop => {}
            Folded::Char(ch) => self.write(ch, origin),
            Folded::Lower(ch) if ch.is_ascii() => self.write(ch.to_ascii_lowercase(), origin),
            Folded::Lower(ch) => {
                for lower in ch.to_lowercase() {
                    self.write(lower, origin);
                }
            }
        }
    }

    fn write(&mut self, ch: char, origin: u32) {
        if ch.is_whitespace() {
            self.pend_space(matches!(ch, '\n' | '\r'), origin);
        } else {
            self.put(ch, is_word_char(ch), origin);
        }
    }

    #[inline(always)]
    fn push_quick(&mut self, class: Quick, origin: u32) {
        match class {
            Quick::Word(ch) => self.put(ch, true, origin),
            Quick::Other(ch) => self.put(ch, false, origin),
            Quick::Space => self.pend_space(false, origin),
            Quick::LineBreak => self.pend_space(true, origin),
            Quick::Drop | Quick::Slow => {}
        }
    }

    #[inline(always)]
    fn put(&mut self, ch: char, is_word: bool, origin: u32) {
        self.flush_space();
        self.enter(is_word);
        self.map_to(origin);
        self.key.push(ch);
    }

    /// Maps the character about to be written to the segment at `origin`.
    #[inline(always)]
    fn map_to(&mut self, origin: u32) {
        if MAP {
            let at = self.key.len() as u32;
            if origin.wrapping_sub(at) != self.shift {
                self.shifts.push((at, origin));
                self.shift = origin.wrapping_sub(at);
            }
        }
    }

    fn pend_space(&mut self, line_break: bool, origin: u32) {
        let pending = self.pending_space.get_or_insert((false, origin));
        pending.0 |= line_break;
    }

    #[inline]
    fn flush_space(&mut self) {
        if let Some((line_break, origin)) = self.pending_space.take() {
            self.enter(false);
            self.map_to(origin);
            self.key.push(if line_break { '\n' } else { ' ' });
        }
    }

    /// Notes a word starting or ending where the key ends, before a
    /// character that is (or is not) a word character.
    #[inline]
    fn enter(&mut self, is_word: bool) {
        self.enter_at(is_word, self.key.len() as u32);
    }

    /// [`Builder::enter`] where the key will be `at` long.
    #[inline(always)]
    fn enter_at(&mut self, is_word: bool, at: u32) {
        if MAP {
            self.word_bounds
                .push_if(at, is_word != self.previous_is_word);
            self.previous_is_word = is_word;
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Folded {
    Drop,
    Char(char),
    /// A cased letter, written lower-cased.
    Lower(char),
}

fn fold(ch: char) -> Folded {
    if ch.is_ascii() && ch != '`' {
        return if ch.is_ascii_uppercase() {
            Folded::Lower(ch)
        } else {
            Folded::Char(ch)
        };
    }
    let folded = match ch {
        // Bidi and format controls, BOM.
        '\u{200B}'..='\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => return Folded::Drop,
        // Harakat, superscript alef, tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => return Folded::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ؤ' | 'ئ' => 'ء',
        'ک' => 'ك',
        '\u{0660}'..='\u{0669}' => digit(ch as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => digit(ch as u32 - 0x06F0),
        '\u{066A}' => '%',
        '\u{066B}' => '.',
        '\u{066C}' => ',',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        // Uncased: skips the case tables for most of an Arabic text.
        _ if is_arabic_letter(ch) => ch,
        _ if ch.is_uppercase() => return Folded::Lower(ch),
        _ => ch,
    };
    Folded::Char(folded)
}

fn digit(value: u32) -> char {
    char::from_digit(value, 10).expect("digit values are below 10")
}

/// Whether `ch` (a key character) belongs to a word.
pub fn is_word_char(ch: char) -> bool {
    // Fast paths for the scripts of the corpus; the key has no harakat.
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric();
    }
    if is_arabic_letter(ch) {
        return true;
    }
    ch.is_alphanumeric() || is_combining_mark(ch)
}

/// Whether `ch` (a key character) is an Arabic letter.
pub fn is_arabic_letter(ch: char) -> bool {
    matches!(ch, '\u{0620}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use proptest::prelude::*;

    proptest! {
        /// The names already written as keys are their own keys.
        #[test]
        fn a_simple_key_is_the_key(text in "[aZ0'\\- بايـأىةؤé\u{064E}\u{00A0}]{0,12}") {
            if let Some(key) = simple_key(&text) {
                prop_assert_eq!(key, normalize_by_segments(&text));
            }
        }
    }

    #[test]
    fn simple_keys_are_taken_as_they_are() {
        assert_eq!(
            simple_key("Al-Maliki bin Ali"),
            Some("al-maliki bin ali".to_owned())
        );
        assert_eq!(simple_key("نوري المالكي"), Some("نوري المالكي".to_owned()));
        for text in ["أحمد", "  x", "x ", "a  b", "مدرسة", "Élise", "x\ty"] {
            assert_eq!(simple_key(text), None, "{text}");
        }
    }

    fn check(text: &str, expect: Expect) {
        expect.assert_eq(&normalize(text));
    }

    /// Every key character maps back inside the original text, covering it.
    fn check_mapping(text: &str, key_part: &str, expect: Expect) {
        let key = MatchKey::new(text);
        let start = key.as_str().find(key_part).expect("part of the key");
        let (from, to) = key.original_range(text, start, start + key_part.len());
        expect.assert_eq(&text[from..to]);
    }

    #[test]
    fn words_are_the_runs_of_word_characters_of_the_key() {
        let texts = [
            "",
            "قالَ الرئيسُ 😀 إنّ «بغداد» — Baghdad's 2014-06-11",
            "وبالـــعراق\u{200C}نا\u{00A0}x\r\n٣٤ y",
            "  leading and trailing  ",
            "end",
        ];
        for text in texts {
            let key = MatchKey::new(text);
            let haystack = key.as_str();
            let mut naive = Vec::new();
            let mut start = None;
            for (i, c) in haystack.char_indices().chain([(haystack.len(), ' ')]) {
                match (is_word_char(c), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        naive.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            assert_eq!(key.words().collect::<Vec<_>>(), naive, "{text}");
        }
    }

    #[test]
    fn hamza_seats_fold_to_alef() {
        check("أحمد إبراهيم آمنة ٱلله", expect!["احمد ابراهيم امنه الله"]);
    }

    #[test]
    fn alef_maqsura_and_persian_yeh_fold_to_yeh() {
        check("مصطفى سی", expect!["مصطفي سي"]);
    }

    #[test]
    fn teh_marbuta_folds_to_heh() {
        check("القاهرة", expect!["القاهره"]);
    }

    #[test]
    fn hamza_on_waw_and_yeh_fold_to_hamza() {
        check("مؤتمر رئيس", expect!["مءتمر رءيس"]);
    }

    #[test]
    fn persian_kaf_folds() {
        check("کرکوک", expect!["كركوك"]);
    }

    #[test]
    fn harakat_superscript_alef_and_tatweel_are_dropped() {
        check("بَغْدَادُ هٰذا بغـــداد", expect!["بغداد هذا بغداد"]);
    }

    #[test]
    fn bidi_and_format_controls_are_dropped() {
        check(
            "\u{FEFF}عرب\u{200F}ي \u{2067}Iraq\u{2069}\u{061C}",
            expect!["عربي iraq"],
        );
    }

    #[test]
    fn arabic_indic_and_persian_digits_become_ascii() {
        check(
            "١١ يونيو ٢٠١٤ و۱۲۳ ٪٥ ٣٫٥",
            expect!["11 يونيو 2014 و123 %5 3.5"],
        );
    }

    #[test]
    fn latin_is_lower_cased_and_quotes_unified() {
        check(
            "Shi’ite “Iraq” «بغداد» Al–Qaida",
            expect![[r#"shi'ite "iraq" "بغداد" al-qaida"#]],
        );
    }

    #[test]
    fn nfkc_expands_compatibility_forms() {
        check("ﻻ ﷲ Ｉｒａｑ ①", expect!["لا الله iraq 1"]);
    }

    #[test]
    fn white_space_runs_collapse_and_keep_line_breaks() {
        check("a\u{00A0} \tb\r\n\r\nc  \n d", expect!["a b\nc\nd"]);
    }

    #[test]
    fn characters_assumed_in_nfkc_are() {
        for ch in ('\0'..='\u{07FF}').filter(|&ch| is_own_nfkc(ch)) {
            assert_eq!(
                is_nfkc_quick(std::iter::once(ch)),
                IsNormalized::Yes,
                "{ch:?}"
            );
        }
    }

    /// The key of `text` made segment by segment, every one normalized and
    /// folded: what [`MatchKey::new`] makes faster.
    fn slow_key(text: &str) -> MatchKey {
        let mut builder = Builder::<true>::default();
        let mut chars = text.char_indices().peekable();
        while let Some((start, base)) = chars.next() {
            let mut end = start + base.len_utf8();
            while let Some((at, mark)) = chars.next_if(|&(_, c)| continues_segment(c)) {
                end = at + mark.len_utf8();
            }
            builder.push_segment(&text[start..end], start);
        }
        builder.finish()
    }

    #[test]
    fn quick_classes_of_common_characters() {
        let classes: Vec<String> = [
            'A', '7', ' ', '\t', '\r', '\u{0B}', '`', '-', 'ب', 'ة', 'أ', '٣', '،', '\u{064E}',
            '\u{0640}', '\u{061C}', '\u{0654}', '\u{0675}', 'é',
        ]
        .iter()
        .map(|&ch| {
            let (class, _) = QUICK.class_at(ch.encode_utf8(&mut [0; 4]).as_bytes(), 0);
            format!("{ch:?} {class:?}")
        })
        .collect();
        expect![[r#"
            'A' Word('a')
            '7' Word('7')
            ' ' Space
            '\t' Space
            '\r' LineBreak
            '\u{b}' LineBreak
            '`' Other('\'')
            '-' Other('-')
            'ب' Word('ب')
            'ة' Word('ه')
            'أ' Word('ا')
            '٣' Word('3')
            '،' Other('،')
            '\u{64e}' Drop
            'ـ' Drop
            '\u{61c}' Drop
            '\u{654}' Slow
            'ٵ' Slow
            'é' Slow
        "#]]
        .assert_eq(&(classes.join("\n") + "\n"));
    }

    /// The quick classes give the key that normalizing and folding every
    /// segment gives, mapped back the same way, on random mixes of the
    /// characters where they could differ: letters before harakat and
    /// marks that compose with them, white space and line breaks, NFKC
    /// forms, emoji.
    #[test]
    fn quick_classes_give_the_key_of_the_segments() {
        let alphabet: Vec<char> =
            "aZ9 \t\r\n\u{0B}`'-.بوياهةأإآٱىؤئکی١٪٫،ـ\u{061C}\u{200F}\u{00A0}\
             \u{064B}\u{064E}\u{0651}\u{0652}\u{0653}\u{0654}\u{0655}\u{0670}\u{0301}\u{0308}\
             ٵﻻＩ①é😀"
                .chars()
                .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let text: String = (0..12)
                .map(|_| {
                    // xorshift: reproducible and dependency-free.
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            let (quick, slow) = (MatchKey::new(&text), slow_key(&text));
            assert_eq!(quick.key, slow.key, "{text:?}");
            assert_eq!(quick.shifts, slow.shifts, "{text:?}");
            assert_eq!(quick.word_bounds, slow.word_bounds, "{text:?}");
            let trimmed = quick.key.trim_matches([' ', '\n']);
            assert_eq!(normalize(&text), trimmed, "names' keys: {text:?}");
        }
    }

    #[test]
    fn key_maps_back_to_exact_original_span() {
        check_mapping("في بَغْدَادَ اليوم", "بغداد", expect!["بَغْدَادَ"]);
        check_mapping("😀 Ｉｒａｑ!", "iraq", expect!["Ｉｒａｑ"]);
        check_mapping(
            "في الولايات\u{200F} المتحدة.",
            "الولايات المتحده",
            expect!["الولايات\u{200F} المتحدة"],
        );
        check_mapping("قبل ١١ يونيو", "11", expect!["١١"]);
        check_mapping("عام 1435 هـ.", "ه", expect!["هـ"]);
        // Runs of plain letters, copied at once, end before a letter with
        // harakat, which stay with it.
        check_mapping("ذهب BaghDad2 إلى بغدادُ", "baghdad2", expect!["BaghDad2"]);
        check_mapping("ذهب BaghDad2 إلى بغدادُ", "بغداد", expect!["بغدادُ"]);
        check_mapping("ذهب BaghDad2 إلى بغدادُ", "الي", expect!["إلى"]);
        // After dropped, collapsed and longer characters.
        check_mapping("\u{FEFF}\u{200F}بغداد", "بغداد", expect!["بغداد"]);
        check_mapping("a \t\r\n  😀 ٢٠١٤ ﻻ Ｂ c", " c", expect![" c"]);
        check_mapping("a \t\r\n  😀 ٢٠١٤ ﻻ Ｂ c", "2014 لا b", expect!["٢٠١٤ ﻻ Ｂ"]);
        check_mapping("a \t\r\n  😀 ٢٠١٤ ﻻ Ｂ c", "ا", expect!["ﻻ"]);
    }
}
