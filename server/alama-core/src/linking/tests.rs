use super::*;
use crate::normalize::MatchKey;
use expect_test::{expect, Expect};

/// A lexicon of places sharing names, in prominence order as the embedded
/// one ranks them.
const PLACES: &str = r#"{"id": "iso3166:OM", "type": "GPE", "names": {"en": "Oman", "ar": "عمان"}}
{"id": "geonames:250441", "type": "GPE", "names": {"en": "Amman", "ar": "عمان"}}
{"id": "geonames:248946", "type": "GPE", "names": {"en": "Irbid", "ar": "إربد"}}
{"id": "iso3166-2:JO-IR", "type": "GPE", "names": {"en": "Irbid", "ar": "إربد"}}
{"id": "geonames:184745", "type": "GPE", "names": {"en": "Nakuru", "ar": "ناكورو"}}
{"id": "iso3166-2:KE-31", "type": "GPE", "names": {"en": "Nakuru"}}
{"id": "geonames:1", "type": "GPE", "names": {"en": "Umbra", "ar": "عمبرا"}}
{"id": "geonames:2", "type": "GPE", "names": {"en": "Imbra", "ar": "عمبرا"}}
"#;

/// The ids of `ids`, as the linker ranks them for the name `name` (its
/// first occurrence in `text`).
fn ranked(text: &str, name: &str, ids: &[&str]) -> String {
    let mut lexicon = Lexicon::default();
    assert!(lexicon
        .load("places.jsonl", PLACES.to_owned().into())
        .is_empty());
    let mut candidates: Vec<EntityIndex> = ids
        .iter()
        .map(|id| lexicon.index_of(id).expect("in the lexicon"))
        .collect();
    let from = text.find(name).expect("the name is in the text");
    let key = MatchKey::new(text);
    let keyed_name = normalize(name);
    let key_from = key
        .as_str()
        .find(&keyed_name)
        .expect("the name is in the key");
    let linker = Linker::new(DEFAULT_LINKING);
    linker.rank(
        &lexicon,
        (text, (from, from + name.len())),
        (key.as_str(), (key_from, key_from + keyed_name.len())),
        &mut candidates,
    );
    let ranked: Vec<&str> = candidates.iter().map(|&i| lexicon.id_of(i)).collect();
    ranked.join(" ")
}

fn check(text: &str, name: &str, ids: &[&str], expect: Expect) {
    expect.assert_eq(&ranked(text, name, ids));
}

const OMAN_AMMAN: [&str; 2] = ["iso3166:OM", "geonames:250441"];

/// A shadda doubles a consonant: the entity whose English name doubles
/// none loses. Without marks, the lexicon's order stands.
#[test]
fn a_shadda_chooses_the_name_with_a_doubled_consonant() {
    check(
        "عاد الوفد إلى عمّان مساء أمس 🇯🇴.",
        "عمّان",
        &OMAN_AMMAN,
        expect!["geonames:250441 iso3166:OM"],
    );
    check(
        "وصل الوزير إلى عمان في زيارة رسمية.",
        "عمان",
        &OMAN_AMMAN,
        expect!["iso3166:OM geonames:250441"],
    );
}

/// A vowel on the first letter is rendered by the English name's first
/// vowel: a damma by o or u, a kasra by i or e, a fatha by a or e.
#[test]
fn a_first_vowel_chooses_the_name_that_renders_it() {
    check(
        "سلطنة عُمان",
        "عُمان",
        &OMAN_AMMAN,
        expect!["iso3166:OM geonames:250441"],
    );
    check(
        "زار عَمّان",
        "عَمّان",
        &OMAN_AMMAN,
        expect!["geonames:250441 iso3166:OM"],
    );
    let umbra = ["geonames:1", "geonames:2"];
    check(
        "في عِمبرا",
        "عِمبرا",
        &umbra,
        expect!["geonames:2 geonames:1"],
    );
    check(
        "في عُمبرا",
        "عُمبرا",
        &umbra,
        expect!["geonames:1 geonames:2"],
    );
}

/// A region word before the name (with a proclitic or not) or after it
/// puts the name's first-level regions first; elsewhere the city stays
/// first.
#[test]
fn a_region_word_chooses_the_region() {
    let irbid = |text: &str| {
        let name = if text.contains("Irbid") {
            "Irbid"
        } else {
            "إربد"
        };
        ranked(text, name, &["geonames:248946", "iso3166-2:JO-IR"])
    };
    let (region, city) = (
        "iso3166-2:JO-IR geonames:248946",
        "geonames:248946 iso3166-2:JO-IR",
    );
    assert_eq!(irbid("أمطار غزيرة في محافظة إربد اليوم"), region);
    assert_eq!(irbid("في عجلون ومحافظة إربد"), region);
    assert_eq!(
        irbid("Heavy rain fell on Irbid Governorate on Monday."),
        region
    );
    assert_eq!(irbid("The Governor of Irbid said so."), region);
    assert_eq!(irbid("وصل إلى إربد مساء أمس"), city);
    assert_eq!(irbid("He drove to Irbid, the second city."), city);
    assert_eq!(irbid("The governorate said Irbid was calm."), city);
    check(
        "Floods hit Nakuru County and Kisumu.",
        "Nakuru",
        &["geonames:184745", "iso3166-2:KE-31"],
        expect!["iso3166-2:KE-31 geonames:184745"],
    );
}
