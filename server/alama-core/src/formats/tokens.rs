//! Tokens and sentences of a text, for the token-level formats.
//!
//! A token is a run of word characters (letters, digits, and the marks and
//! joiners written inside Arabic words), with a hyphen between two word
//! characters inside it (al-Maliki) and a decimal point or thousands
//! separator between two digits (3.5, 1,200, ٣٫٥); any other character
//! that is not white space is a token of its own, with the emoji
//! modifiers and joiners after it (a flag's two letters are one token). This is the whitespace-and-punctuation
//! tokenization of CoNLL corpora and of ANERcorp.
//!
//! A sentence ends at a line break and after a full stop, question or
//! exclamation mark (Latin or Arabic ؟) with the closing quotes and
//! brackets after it, unless the full stop ends an abbreviation (Mr.,
//! U.S., Jan.) or a lowercase Latin word follows. The Arabic comma and
//! semicolon (، ؛) end no sentence. A sentence never ends inside one of
//! the spans the caller keeps together, so an entity is never cut.

/// A token: its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Latin abbreviations written with a full stop that ends no sentence,
/// lowercased.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "maj",
    "rep", "sen", "gov", "pres", "rev", "hon", "inc", "ltd", "co", "corp", "bros", "no", "vs",
    "etc", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mt", "ft", "e.g", "i.e",
];

/// The characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔' | '。')
}

/// The characters that close a quotation or a parenthesis, kept with the
/// sentence they end.
fn closes(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}' | '›')
}

/// Whether `c` belongs inside a word: a letter, a digit, or a mark,
/// tatweel or zero-width joiner written inside one.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}' | '\u{0640}' | '\u{200C}' | '\u{200D}')
        || is_combining(c)
}

/// Combining marks of other scripts (Latin accents written apart).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Whether `c` modifies the symbol before it (variation selectors, skin
/// tones, the zero-width joiner of emoji sequences, tag characters).
fn modifies_symbol(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}' | '\u{20E3}')
}

/// Whether `c` is one of the letters that make a flag in pairs (🇮🇶).
fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Whether `c` joins two digits into one number.
fn joins_digits(c: char) -> bool {
    matches!(c, '.' | ',' | '٫' | '٬')
}

/// The tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        if is_word_char(c) {
            let mut last = c;
            while let Some(&(at, next)) = chars.peek() {
                if is_word_char(next) {
                    last = next;
                    end = at + next.len_utf8();
                    chars.next();
                    continue;
                }
                // A hyphen between letters, or a separator between digits,
                // is inside the token when a word character follows it.
                let after = text[at + next.len_utf8()..].chars().next();
                let joins = match next {
                    '-' => after.is_some_and(is_word_char) && last.is_alphabetic(),
                    c if joins_digits(c) => {
                        last.is_numeric() && after.is_some_and(char::is_numeric)
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                chars.next();
                let (after_at, after) = chars.next().expect("a word character follows");
                last = after;
                end = after_at + after.len_utf8();
            }
        } else {
            // A flag is two regional indicators.
            let mut indicators = usize::from(is_regional_indicator(c));
            while let Some(&(at, next)) = chars.peek() {
                let pair = indicators == 1 && is_regional_indicator(next);
                if !modifies_symbol(next) && !pair {
                    break;
                }
                indicators += usize::from(pair);
                end = at + next.len_utf8();
                chars.next();
            }
        }
        tokens.push(Token { start, end });
    }
    tokens
}

/// The sentences of `text`, each a list of tokens; none is empty. No
/// sentence ends inside one of the byte ranges `together` (sorted by
/// start, not overlapping).
pub fn sentences(text: &str, together: &[(usize, usize)]) -> Vec<Vec<Token>> {
    let tokens = tokenize(text);
    let mut sentences = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    // The first range of `together` that may still hold a break.
    let mut range = 0;
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        // A line break between the last token and this one ends a sentence.
        if let Some(last) = current.last() {
            let gap = &text[last.end..token.start];
            if gap.contains(['\n', '\r', '\u{2029}']) && !inside(together, &mut range, token.start)
            {
                sentences.push(std::mem::take(&mut current));
            }
        }
        current.push(token);
        if is_terminal(text, &current) {
            // The closing marks written right after it end the sentence too.
            while let Some(&close) = tokens.get(i + 1) {
                let last = current[current.len() - 1];
                if close.start != last.end || !text[close.start..close.end].chars().all(closes) {
                    break;
                }
                current.push(close);
                i += 1;
            }
            if let Some(next) = tokens.get(i + 1) {
                if !continues_lowercase(text, next) && !inside(together, &mut range, next.start) {
                    sentences.push(std::mem::take(&mut current));
                }
            }
        }
        i += 1;
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// Whether the last token of `current` ends a sentence: a terminal mark
/// that does not end an abbreviation.
fn is_terminal(text: &str, current: &[Token]) -> bool {
    let Some((token, before)) = current.split_last() else {
        return false;
    };
    let mut marks = text[token.start..token.end].chars();
    let (Some(mark), None) = (marks.next(), marks.next()) else {
        return false;
    };
    if !ends_sentence(mark) {
        return false;
    }
    if mark != '.' {
        return true;
    }
    // The word the full stop follows directly, with the stops inside it
    // (U.S., e.g).
    let mut start = token.start;
    for t in before.iter().rev() {
        if t.end != start {
            break;
        }
        start = t.start;
    }
    let word = text[start..token.start].to_lowercase();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    let dotted = word.contains('.') && word.split('.').all(|part| part.chars().count() <= 2);
    !(initial || dotted || ABBREVIATIONS.contains(&word.as_str()))
}

/// Whether the token after a full stop is a lowercase Latin word, which
/// continues the sentence ("approx. five", "p.m. today").
fn continues_lowercase(text: &str, next: &Token) -> bool {
    text[next.start..next.end]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
}

/// Whether byte `at` lies inside one of the ranges, strictly after its
/// start. `from` is the first range that may: the calls come in order.
fn inside(ranges: &[(usize, usize)], from: &mut usize, at: usize) -> bool {
    while *from < ranges.len() && ranges[*from].1 <= at {
        *from += 1;
    }
    ranges
        .get(*from)
        .is_some_and(|&(start, end)| start < at && at < end)
}
