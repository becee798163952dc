use alama_core::engine::{Mention, Status};
use alama_core::text::{Span, Text};
use expect_test::{expect, Expect};

use super::{inlay_hints, Shown};

fn mention(text: &str, name: &str, n: usize, ty: &str, status: Status) -> Mention {
    crate::test_support::mention(text, (name, n), ty, status, None)
}

/// The text with each label inserted where it goes, between `⟨` and `⟩`,
/// and carriage returns shown as `␍`.
fn check(text: &str, mentions: &[Mention], range: Span, shown: Shown, expect: Expect) {
    let hints = inlay_hints(&Text::new(text.to_owned()), mentions, range, shown);
    let mut out: Vec<char> = text.chars().collect();
    for hint in hints.iter().rev() {
        let label = format!("⟨{}⟩", hint.label);
        out.splice(hint.offset..hint.offset, label.chars());
    }
    expect.assert_eq(&out.into_iter().collect::<String>().replace('\r', "␍"));
}

fn all(text: &str) -> Span {
    Span::new(0, text.chars().count())
}

const MIXED: &str = "Obama flew to Baghdad in 2014 😀.\r\nزار أوباما بغداد في 2014 ثم Washington.\nNo names here.\n";

fn mixed_mentions() -> Vec<Mention> {
    vec![
        mention(MIXED, "Obama", 0, "PER", Status::Confirmed),
        mention(MIXED, "Baghdad", 0, "GPE", Status::Suggested),
        mention(MIXED, "2014", 0, "DATE", Status::Confirmed),
        mention(MIXED, "أوباما", 0, "PER", Status::Confirmed),
        mention(MIXED, "بغداد", 0, "GPE", Status::Suggested),
        mention(MIXED, "2014", 1, "DATE", Status::Confirmed),
        mention(MIXED, "Washington", 0, "GPE", Status::Suggested),
    ]
}

#[test]
fn a_latin_line_labels_each_mention_after_it() {
    check(
        MIXED,
        &mixed_mentions(),
        all(MIXED),
        Shown::Confirmed,
        expect![[r#"
            Obama⟨PER⟩ flew to Baghdad in 2014⟨DATE⟩ 😀.␍
            زار أوباما بغداد في 2014 ثم Washington.⟨أوباما: PER · 2014: DATE⟩
            No names here.
        "#]],
    );
}

#[test]
fn suggestions_are_labelled_when_asked_and_nothing_when_off() {
    check(
        MIXED,
        &mixed_mentions(),
        all(MIXED),
        Shown::All,
        expect![[r#"
            Obama⟨PER⟩ flew to Baghdad⟨GPE⟩ in 2014⟨DATE⟩ 😀.␍
            زار أوباما بغداد في 2014 ثم Washington.⟨أوباما: PER · بغداد: GPE · 2014: DATE · Washington: GPE⟩
            No names here.
        "#]],
    );
    check(
        MIXED,
        &mixed_mentions(),
        all(MIXED),
        Shown::Off,
        expect![[r#"
        Obama flew to Baghdad in 2014 😀.␍
        زار أوباما بغداد في 2014 ثم Washington.
        No names here.
    "#]],
    );
}

#[test]
fn only_mentions_ending_in_the_range_are_labelled() {
    let mentions = mixed_mentions();
    // From inside «Obama» to the end of «بغداد».
    let range = Span::new(mentions[0].span.start + 1, mentions[4].span.end);
    check(
        MIXED,
        &mentions,
        range,
        Shown::All,
        expect![[r#"
            Obama⟨PER⟩ flew to Baghdad⟨GPE⟩ in 2014⟨DATE⟩ 😀.␍
            زار أوباما بغداد في 2014 ثم Washington.⟨أوباما: PER · بغداد: GPE⟩
            No names here.
        "#]],
    );
}

#[test]
fn a_long_right_to_left_line_names_its_first_mentions_and_counts_the_others() {
    let text = "بغداد ".repeat(15);
    let mentions: Vec<Mention> = (0..15)
        .map(|n| mention(&text, "بغداد", n, "GPE", Status::Confirmed))
        .collect();
    let hints = inlay_hints(&Text::new(text.clone()), &mentions, all(&text), Shown::All);
    assert_eq!(hints.len(), 1);
    assert_eq!(hints[0].offset, text.chars().count());
    assert_eq!(hints[0].status, Status::Confirmed);
    assert!(hints[0].label.ends_with(" · +3"), "{}", hints[0].label);
    assert_eq!(hints[0].label.matches("بغداد: GPE").count(), 12);
}
