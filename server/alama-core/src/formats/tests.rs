use expect_test::{expect, Expect};

use super::*;

/// Renders the sentences of `text` tagged with the spans named by their
/// text (`"واشنطن GPE"`, the first occurrence of each), one token per line
/// and a blank line between sentences, as CoNLL has it.
fn check(text: &str, spans: &[&str], scheme: Scheme, clitics: Clitics, expect: Expect) {
    let mut ranges: Vec<(usize, usize, &str)> = spans
        .iter()
        .map(|span| {
            let (name, label) = span.rsplit_once(' ').unwrap();
            let start = text.find(name).unwrap();
            (start, start + name.len(), label)
        })
        .collect();
    ranges.sort();
    let together: Vec<(usize, usize)> = ranges.iter().map(|&(s, e, _)| (s, e)).collect();
    let sentences = sentences(text, &together);
    let mut alignment = Alignment::default();
    let tagged = tag_tokens(&sentences, &ranges, scheme, clitics, &mut alignment);
    let mut out = String::new();
    for sentence in tagged {
        for token in sentence {
            out.push_str(&format!(
                "{}\t{}\n",
                &text[token.start..token.end],
                token.tag
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("{alignment:?}\n"));
    expect.assert_eq(&out);
}

fn words(text: &str) -> Vec<Vec<&str>> {
    sentences(text, &[])
        .iter()
        .map(|s| s.iter().map(|t| &text[t.start..t.end]).collect())
        .collect()
}

#[test]
fn a_proclitic_stays_in_the_token_or_becomes_its_own() {
    let text = "وصل الوفد إلى وواشنطن، ثم بالقاهرة الجديدة.";
    let spans = ["واشنطن GPE", "القاهرة الجديدة GPE"];
    check(
        text,
        &spans,
        Scheme::Iob2,
        Clitics::Keep,
        expect![[r#"
            وصل	O
            الوفد	O
            إلى	O
            وواشنطن	B-GPE
            ،	O
            ثم	O
            بالقاهرة	B-GPE
            الجديدة	I-GPE
            .	O

            Alignment { start_inside: 2, end_inside: 0, lost: 0 }
        "#]],
    );
}

#[test]
fn split_clitics_are_tokens_tagged_outside() {
    let text = "وصل الوفد إلى وواشنطن ثم عاد.";
    check(
        text,
        &["واشنطن GPE"],
        Scheme::Iob2,
        Clitics::Split,
        expect![[r#"
            وصل	O
            الوفد	O
            إلى	O
            و	O
            واشنطن	B-GPE
            ثم	O
            عاد	O
            .	O

            Alignment { start_inside: 1, end_inside: 0, lost: 0 }
        "#]],
    );
}

#[test]
fn bioes_marks_single_and_last_tokens() {
    let text = "Prime Minister Mark Carney met Xi Jinping in Beijing.";
    check(
        text,
        &["Mark Carney PER", "Xi Jinping PER", "Beijing GPE"],
        Scheme::Bioes,
        Clitics::Keep,
        expect![[r#"
            Prime	O
            Minister	O
            Mark	B-PER
            Carney	E-PER
            met	O
            Xi	B-PER
            Jinping	E-PER
            in	O
            Beijing	S-GPE
            .	O

            Alignment { start_inside: 0, end_inside: 0, lost: 0 }
        "#]],
    );
}

#[test]
fn sentences_end_at_terminal_marks_but_not_after_abbreviations() {
    let text = "Mr. Smith went to the U.S. on Jan. 5. He left at 3.5 p.m. today!\
                \nهل وصل؟ نعم، وصل. «قال: نعم.» Then 1,200 left.";
    expect![[r#"
        [
            [
                "Mr",
                ".",
                "Smith",
                "went",
                "to",
                "the",
                "U",
                ".",
                "S",
                ".",
                "on",
                "Jan",
                ".",
                "5",
                ".",
            ],
            [
                "He",
                "left",
                "at",
                "3.5",
                "p",
                ".",
                "m",
                ".",
                "today",
                "!",
            ],
            [
                "هل",
                "وصل",
                "؟",
            ],
            [
                "نعم",
                "،",
                "وصل",
                ".",
            ],
            [
                "«",
                "قال",
                ":",
                "نعم",
                ".",
                "»",
            ],
            [
                "Then",
                "1,200",
                "left",
                ".",
            ],
        ]
    "#]]
    .assert_debug_eq(&words(text));
}

#[test]
fn words_keep_their_hyphens_marks_and_digits_and_emoji_their_modifiers() {
    let text = "al-Maliki ٣٫٥ مُحمّد 👍🏽 🇮🇶🇪🇬 foo- -bar";
    expect![[r#"
        [
            [
                "al-Maliki",
                "٣٫٥",
                "م\u{64f}حم\u{651}د",
                "👍🏽",
                "🇮🇶",
                "🇪🇬",
                "foo",
                "-",
                "-",
                "bar",
            ],
        ]
    "#]]
    .assert_debug_eq(&words(text));
}

#[test]
fn no_sentence_ends_inside_an_entity() {
    let text = "He joined Yahoo! Japan last year.";
    check(
        text,
        &["Yahoo! Japan ORG"],
        Scheme::Iob2,
        Clitics::Keep,
        expect![[r#"
            He	O
            joined	O
            Yahoo	B-ORG
            !	I-ORG
            Japan	I-ORG
            last	O
            year	O
            .	O

            Alignment { start_inside: 0, end_inside: 0, lost: 0 }
        "#]],
    );
}

#[test]
fn a_span_ending_inside_a_token_is_counted_and_split_when_asked() {
    let text = "Egypt's team won.";
    check(
        text,
        &["Egypt GPE"],
        Scheme::Iob2,
        Clitics::Split,
        expect![[r#"
            Egypt	B-GPE
            '	O
            s	O
            team	O
            won	O
            .	O

            Alignment { start_inside: 0, end_inside: 0, lost: 0 }
        "#]],
    );
    let text = "زار الرياضيون الرياضَ أمس";
    check(
        text,
        &["الرياض GPE"],
        Scheme::Iob2,
        Clitics::Split,
        expect![[r#"
            زار	O
            الرياض	B-GPE
            يون	O
            الرياضَ	O
            أمس	O

            Alignment { start_inside: 0, end_inside: 1, lost: 0 }
        "#]],
    );
}
