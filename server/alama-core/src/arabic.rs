//! Arabic proclitics as the matching key writes them: the letters و ف ب ل ك
//! that may be written before a word, at most two (a conjunction, then a
//! preposition), compared as the two UTF-8 bytes each takes, without
//! decoding. The gazetteer, the rules and the nationality adjectives read
//! names after them.

/// The UTF-8 bytes of the proclitic letters و ف ب ل ك.
pub(crate) const PROCLITIC_HEADS: [[u8; 2]; 5] = [
    two_byte_utf8('و'),
    two_byte_utf8('ف'),
    two_byte_utf8('ب'),
    two_byte_utf8('ل'),
    two_byte_utf8('ك'),
];

/// The conjunctions و ف as the two bytes each takes, compared undecoded.
pub(crate) const CONJUNCTIONS: [[u8; 2]; 2] = [two_byte_utf8('و'), two_byte_utf8('ف')];

/// The UTF-8 encoding of `ch`, a character from U+0080 to U+07FF.
pub(crate) const fn two_byte_utf8(ch: char) -> [u8; 2] {
    let code = ch as u32;
    [0xC0 | (code >> 6) as u8, 0x80 | (code & 0x3F) as u8]
}

/// `key` without one proclitic letter (و ف ب ل ك) in front, or `key`.
pub(crate) fn without_proclitic(key: &str) -> &str {
    let mut chars = key.chars();
    match chars.next() {
        Some('و' | 'ف' | 'ب' | 'ل' | 'ك') => chars.as_str(),
        _ => key,
    }
}

/// Parses an Arabic proclitic sequence: an optional conjunction (و ف) and an
/// optional preposition (ب ل ك), at least one of them. Returns the
/// preposition, or `None` when `prefix` is not such a sequence.
pub(crate) fn proclitic_preposition(prefix: &str) -> Option<Option<char>> {
    let mut chars = prefix.chars().peekable();
    let conjunction = chars.next_if(|c| matches!(c, 'و' | 'ف'));
    let preposition = chars.next_if(|c| matches!(c, 'ب' | 'ل' | 'ك'));
    if chars.next().is_some() || (conjunction.is_none() && preposition.is_none()) {
        return None;
    }
    Some(preposition)
}

/// Byte length of the proclitics (و ف ب ل ك, at most two) before an
/// article: 4 in "وبالعراقي", 2 in "والعراقي", 0 in "العراقي" and "وطني".
pub(crate) fn clitics_before_article(word: &str) -> usize {
    // Arabic letters take two bytes: compared as such, without decoding.
    const ARTICLE: [u8; 4] = {
        let (alif, lam) = (two_byte_utf8('ا'), two_byte_utf8('ل'));
        [alif[0], alif[1], lam[0], lam[1]]
    };
    let bytes = word.as_bytes();
    let clitic_at = |at: usize| {
        bytes
            .get(at..)
            .and_then(<[u8]>::first_chunk::<2>)
            .is_some_and(|letter| PROCLITIC_HEADS.contains(letter))
    };
    let article_at =
        |at: usize| bytes.get(at..).and_then(<[u8]>::first_chunk::<4>) == Some(&ARTICLE);
    [4, 2]
        .into_iter()
        .find(|&n| (0..n).step_by(2).all(clitic_at) && article_at(n))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitic_heads_are_the_letters_bytes() {
        for (head, letter) in PROCLITIC_HEADS.iter().zip("وفبلك".chars()) {
            assert_eq!(head, letter.to_string().as_bytes());
        }
    }

    #[test]
    fn proclitic_sequences_are_a_conjunction_then_a_preposition() {
        assert_eq!(proclitic_preposition("و"), Some(None));
        assert_eq!(proclitic_preposition("وب"), Some(Some('ب')));
        assert_eq!(proclitic_preposition("ل"), Some(Some('ل')));
        assert_eq!(proclitic_preposition("بو"), None);
        assert_eq!(proclitic_preposition("وفب"), None);
        assert_eq!(proclitic_preposition(""), None);
    }

    #[test]
    fn clitics_before_the_article_are_counted_in_bytes() {
        assert_eq!(clitics_before_article("وبالعراقي"), 4);
        assert_eq!(clitics_before_article("والعراقي"), 2);
        assert_eq!(clitics_before_article("العراقي"), 0);
        assert_eq!(clitics_before_article("وطني"), 0);
    }
}
