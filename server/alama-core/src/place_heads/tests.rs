use super::*;
use crate::normalize::MatchKey;
use expect_test::{expect, Expect};

/// Heads as the embedded triggers write them.
const HEADS: &str = "ORG\tplace\tمنتخب\n\
                     ORG\tplace\tدوري أبطال\n\
                     EVENT\tplace\tكأس أمم\n\
                     ORG\tcity\tشباب\n\
                     ORG\tcity\tوفاق\n";

/// The organization a head before the place `place` of `text` names, as
/// its text and type, or "none".
fn check(text: &str, place: &str, kind: PlaceKind, expect: Expect) {
    let mut heads = PlaceHeads::default();
    for line in HEADS.lines() {
        assert_eq!(heads.read_line(line), Some(Ok(())), "{line}");
    }
    let key = MatchKey::new(text);
    let key = key.as_str();
    let at = key
        .find(&normalize(place))
        .expect("the place is in the key");
    let actual = match heads.before(key, at, || Some(kind)) {
        Some((start, ty)) => format!("{ty} {}{}", &key[start..at], normalize(place)),
        None => "none".to_owned(),
    };
    expect.assert_eq(&actual);
}

#[test]
fn a_head_names_an_organization_with_the_place_after_it() {
    check(
        "فاز منتخب مصر",
        "مصر",
        PlaceKind::Country,
        expect!["ORG منتخب مصر"],
    );
    check(
        "فاز شباب وهران",
        "وهران",
        PlaceKind::BelowCountry,
        expect!["ORG شباب وهران"],
    );
}

#[test]
fn a_proclitic_is_outside_the_organization() {
    check(
        "فاز وشباب وهران",
        "وهران",
        PlaceKind::BelowCountry,
        expect!["ORG شباب وهران"],
    );
    check(
        "لمنتخب مصر",
        "مصر",
        PlaceKind::Country,
        expect!["ORG منتخب مصر"],
    );
    check(
        "فاز\nومنتخب مصر",
        "مصر",
        PlaceKind::Country,
        expect!["ORG منتخب مصر"],
    );
}

#[test]
fn a_head_that_starts_with_a_proclitic_letter_is_whole() {
    check(
        "فاز وفاق سطيف",
        "سطيف",
        PlaceKind::BelowCountry,
        expect!["ORG وفاق سطيف"],
    );
}

#[test]
fn a_head_of_several_words_is_read_whole() {
    check(
        "في دوري أبطال أفريقيا",
        "أفريقيا",
        PlaceKind::Region,
        expect!["ORG دوري ابطال افريقيا"],
    );
    check(
        "وبطولة كأس أمم أفريقيا",
        "أفريقيا",
        PlaceKind::Region,
        expect!["EVENT كاس امم افريقيا"],
    );
    // The last word alone is no head.
    check(
        "أبطال أفريقيا",
        "أفريقيا",
        PlaceKind::Region,
        expect!["none"],
    );
}

#[test]
fn a_city_head_names_nothing_with_a_country() {
    check("شباب مصر", "مصر", PlaceKind::Country, expect!["none"]);
    check(
        "شباب أفريقيا",
        "أفريقيا",
        PlaceKind::Region,
        expect!["none"],
    );
}

#[test]
fn only_spaces_may_separate_the_head_and_the_place() {
    check("منتخب، مصر", "مصر", PlaceKind::Country, expect!["none"]);
    check("منتخب «مصر»", "مصر", PlaceKind::Country, expect!["none"]);
    check("مصر", "مصر", PlaceKind::Country, expect!["none"]);
}

#[test]
fn lines_of_other_modes_are_left_to_the_triggers() {
    let mut heads = PlaceHeads::default();
    assert_eq!(heads.read_line("ORG\thead\tوزارة"), None);
    assert_eq!(heads.read_line("ORG\tplace"), None);
    assert!(heads.heads.is_empty());
}

#[test]
fn a_place_line_without_a_type_or_a_phrase_is_refused() {
    let mut heads = PlaceHeads::default();
    let refused = Some(Err("empty type or phrase".to_owned()));
    assert_eq!(heads.read_line("\tplace\tمنتخب"), refused);
    assert_eq!(heads.read_line("ORG\tcity\t "), refused);
    assert!(heads.heads.is_empty());
}

#[test]
fn a_head_before_an_entity_that_is_no_place_names_nothing() {
    let mut heads = PlaceHeads::default();
    assert_eq!(heads.read_line("ORG\tplace\tمنتخب"), Some(Ok(())));
    let key = MatchKey::new("منتخب الأمم");
    let at = key.as_str().find("الامم").expect("in the key");
    assert_eq!(heads.before(key.as_str(), at, || None), None);
}
