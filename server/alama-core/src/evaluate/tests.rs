use super::*;
use expect_test::expect;

/// The span of the `n`th occurrence (from 0) of `needle` in `text`, in
/// code points.
fn nth(text: &str, needle: &str, n: usize) -> Span {
    let (byte, _) = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` occurs {} times", n + 1));
    let start = text[..byte].chars().count();
    Span::new(start, start + needle.chars().count())
}

/// Entities `(type, text)` at the first occurrence of each text.
fn entities(text: &str, list: &[(&str, &str)]) -> Vec<Entity> {
    list.iter()
        .map(|&(ty, surface)| Entity::new(nth(text, surface, 0), ty))
        .collect()
}

/// The comparison of `predicted` with `gold` in `text` as lines of
/// `kind gold-text TYPE ~ predicted-text TYPE`, then the counts of each
/// matching.
fn listing(text: &str, gold: &[Entity], predicted: &[Entity], types: Types) -> String {
    let document = Text::new(text.to_owned());
    let scored = score(&document, gold, predicted, types);
    let show = |e: &Entity| format!("{} {}", document.slice(e.span).unwrap(), e.ty);
    let mut lines = Vec::new();
    let pairs = [
        ("matched", &scored.comparison.matched),
        ("retyped", &scored.comparison.retyped),
    ];
    for (kind, pairs) in pairs {
        for pair in pairs {
            let exact = if pair.exact { "exact" } else { "tolerant" };
            lines.push(format!(
                "{kind} {exact}: {} ~ {}",
                show(&gold[pair.gold]),
                show(&predicted[pair.predicted])
            ));
        }
    }
    for &g in &scored.comparison.missed {
        lines.push(format!("missed: {}", show(&gold[g])));
    }
    for &p in &scored.comparison.spurious {
        lines.push(format!("false: {}", show(&predicted[p])));
    }
    for matching in [Matching::Exact, Matching::Tolerant] {
        let scores = scored.tally.scores(matching);
        let mut counts: Vec<String> = scores
            .types()
            .map(|(ty, c)| format!("{ty} {}", show_counts(c)))
            .collect();
        counts.push(format!("total {}", show_counts(scores.total())));
        lines.push(format!("{matching:?}: {}", counts.join(", ")));
    }
    lines.join("\n")
}

/// `tp/fp/fn`.
fn show_counts(c: Counts) -> String {
    format!(
        "{}/{}/{}",
        c.true_positives, c.false_positives, c.false_negatives
    )
}

const ARABIC: &str = "زار أوباما وبغداد ثم البصرة وللولايات المتحدة وزار البيت الأبيض.";

#[test]
fn exact_and_tolerant_matching() {
    let gold = entities(
        ARABIC,
        &[
            ("PER", "أوباما"),
            ("GPE", "وبغداد"),
            ("GPE", "البصرة"),
            ("GPE", "للولايات المتحدة"),
            ("FAC", "البيت الأبيض"),
        ],
    );
    let predicted = entities(
        ARABIC,
        &[
            ("PER", "أوباما"),
            ("GPE", "بغداد"),
            ("GPE", "بصرة"),
            ("GPE", "لولايات المتحدة"),
            // Ends with the gold entity, but what it leaves out is a word.
            ("FAC", "الأبيض"),
        ],
    );
    expect![[r#"
        matched exact: أوباما PER ~ أوباما PER
        matched tolerant: وبغداد GPE ~ بغداد GPE
        matched tolerant: البصرة GPE ~ بصرة GPE
        matched tolerant: للولايات المتحدة GPE ~ لولايات المتحدة GPE
        missed: البيت الأبيض FAC
        false: الأبيض FAC
        Exact: FAC 0/1/1, GPE 0/3/3, PER 1/0/0, total 1/4/4
        Tolerant: FAC 0/1/1, GPE 3/0/0, PER 1/0/0, total 4/1/1"#]]
    .assert_eq(&listing(ARABIC, &gold, &predicted, Types::Fine));
}

/// English has no proclitics: "the" left out is a different span.
#[test]
fn english_articles_are_not_tolerated() {
    let text = "He visited the White House.";
    let gold = entities(text, &[("FAC", "the White House")]);
    let predicted = entities(text, &[("FAC", "White House")]);
    expect![[r#"
        missed: the White House FAC
        false: White House FAC
        Exact: FAC 0/1/1, total 0/1/1
        Tolerant: FAC 0/1/1, total 0/1/1"#]]
    .assert_eq(&listing(text, &gold, &predicted, Types::Fine));
}

/// Each gold and each predicted entity is paired once: a repeated entity
/// counts once, and an exact pair takes its entities from the tolerant
/// matching.
#[test]
fn each_entity_is_matched_once() {
    let text = "قال وبغداد ثم بغداد";
    let inner = nth(text, "بغداد", 0);
    let gold = vec![
        Entity::new(inner, "GPE"),
        Entity::new(nth(text, "بغداد", 1), "GPE"),
    ];
    let predicted = vec![
        Entity::new(inner, "GPE"),
        Entity::new(inner, "GPE"),
        Entity::new(nth(text, "وبغداد", 0), "GPE"),
        Entity::new(nth(text, "ثم بغداد", 0), "GPE"),
    ];
    expect![[r#"
        matched exact: بغداد GPE ~ بغداد GPE
        missed: بغداد GPE
        false: وبغداد GPE
        false: ثم بغداد GPE
        Exact: GPE 1/2/1, total 1/2/1
        Tolerant: GPE 1/2/1, total 1/2/1"#]]
    .assert_eq(&listing(text, &gold, &predicted, Types::Fine));

    // Two gold spans that end together: the exact pair first, then the
    // other gold entity with the prediction left (وال in front of it).
    let text = "قال إن والجيش تقدم";
    let gold = entities(text, &[("ORG", "والجيش"), ("ORG", "الجيش")]);
    let predicted = entities(text, &[("ORG", "الجيش"), ("ORG", "جيش")]);
    expect![[r#"
        matched exact: الجيش ORG ~ الجيش ORG
        matched tolerant: والجيش ORG ~ جيش ORG
        Exact: ORG 1/1/1, total 1/1/1
        Tolerant: ORG 2/0/0, total 2/0/0"#]]
    .assert_eq(&listing(text, &gold, &predicted, Types::Fine));
}

/// A pair whose spans match and whose types differ is one error of type:
/// a miss and a false hit.
#[test]
fn a_wrong_type_is_a_miss_and_a_false_hit() {
    let gold = entities(ARABIC, &[("ORG", "البيت الأبيض"), ("PER", "وبغداد")]);
    let predicted = entities(ARABIC, &[("FAC", "البيت الأبيض"), ("GPE", "بغداد")]);
    expect![[r#"
        retyped tolerant: وبغداد PER ~ بغداد GPE
        retyped exact: البيت الأبيض ORG ~ البيت الأبيض FAC
        Exact: FAC 0/1/0, GPE 0/1/0, ORG 0/0/1, PER 0/0/1, total 0/2/2
        Tolerant: FAC 0/1/0, GPE 0/1/0, ORG 0/0/1, PER 0/0/1, total 0/2/2"#]]
    .assert_eq(&listing(ARABIC, &gold, &predicted, Types::Fine));
}

/// The coarse view scores GPE, LOC and FAC as one class and leaves out the
/// types it does not name; the fine view scores them all.
#[test]
fn coarse_types() {
    assert_eq!(Types::Coarse.scored_as("GPE"), Some("PLACE"));
    assert_eq!(Types::Coarse.scored_as("LOC"), Some("PLACE"));
    assert_eq!(Types::Coarse.scored_as("FAC"), Some("PLACE"));
    for ty in ["PER", "ORG", "DATE"] {
        assert_eq!(Types::Coarse.scored_as(ty), Some(ty));
    }
    for ty in [
        "NORP", "EVENT", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "X",
    ] {
        assert_eq!(Types::Coarse.scored_as(ty), None, "{ty}");
        assert_eq!(Types::Fine.scored_as(ty), Some(ty));
    }

    let text = "The Iraqi army reached Basra and the Tigris on 3 May with 200 men.";
    let gold = entities(
        text,
        &[
            ("NORP", "Iraqi"),
            ("GPE", "Basra"),
            ("LOC", "Tigris"),
            ("DATE", "3 May"),
            ("CARDINAL", "200"),
        ],
    );
    let predicted = entities(
        text,
        &[
            ("GPE", "Iraqi"),
            ("LOC", "Basra"),
            ("LOC", "Tigris"),
            ("DATE", "3 May"),
            ("QUANTITY", "200 men"),
        ],
    );
    expect![[r#"
        matched exact: Basra GPE ~ Basra LOC
        matched exact: Tigris LOC ~ Tigris LOC
        matched exact: 3 May DATE ~ 3 May DATE
        false: Iraqi GPE
        Exact: DATE 1/0/0, PLACE 2/1/0, total 3/1/0
        Tolerant: DATE 1/0/0, PLACE 2/1/0, total 3/1/0"#]]
    .assert_eq(&listing(text, &gold, &predicted, Types::Coarse));
    expect![[r#"
        matched exact: Tigris LOC ~ Tigris LOC
        matched exact: 3 May DATE ~ 3 May DATE
        retyped exact: Iraqi NORP ~ Iraqi GPE
        retyped exact: Basra GPE ~ Basra LOC
        missed: 200 CARDINAL
        false: 200 men QUANTITY
        Exact: CARDINAL 0/0/1, DATE 1/0/0, GPE 0/1/1, LOC 1/1/0, NORP 0/0/1, QUANTITY 0/1/0, total 2/3/3
        Tolerant: CARDINAL 0/0/1, DATE 1/0/0, GPE 0/1/1, LOC 1/1/0, NORP 0/0/1, QUANTITY 0/1/0, total 2/3/3"#]]
    .assert_eq(&listing(text, &gold, &predicted, Types::Fine));
}

#[test]
fn proclitic_sequences() {
    for prefix in [
        "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "ول",
        "فب", "فل", "وك", "وبال", "فبال", "وَ", "بِال", "وـ",
    ] {
        assert!(is_proclitic_sequence(prefix), "{prefix}");
    }
    for prefix in [
        "", "َ", "ا", "لا", "وو", "بب", "ب ال", "و ", "الو", "لال", "م", "the ", "x",
    ] {
        assert!(!is_proclitic_sequence(prefix), "{prefix:?}");
    }
}

#[test]
fn language_by_the_script_of_most_letters() {
    for (text, language) in [
        ("قال الرئيس باراك أوباما في بغداد", Language::Arabic),
        // Latin names, digits, an emoji and harakat do not turn it.
        (
            "قالَ Barack Obama 😀 في 2014 إن قوات NATO وصلت إلى بغداد 🇮🇶",
            Language::Arabic,
        ),
        (
            "Obama said in Baghdad (بغداد) 😀 on 11 June 2014",
            Language::English,
        ),
        // Half and half is not a majority.
        ("abcd ابتث", Language::English),
        ("abc ابتث", Language::Arabic),
        ("2014 😀 !", Language::English),
        ("", Language::English),
        // Presentation forms are Arabic letters too.
        ("ﻻ ﷲ", Language::Arabic),
    ] {
        assert_eq!(Language::of(text), language, "{text}");
    }
    assert_eq!(Language::Arabic.code(), "ar");
    assert_eq!(Language::English.code(), "en");
}

#[test]
fn precision_recall_and_f1() {
    let counts = Counts {
        true_positives: 2,
        false_positives: 1,
        false_negatives: 3,
    };
    assert_eq!((counts.gold(), counts.predicted()), (5, 3));
    assert!((counts.precision() - 2.0 / 3.0).abs() < 1e-12);
    assert!((counts.recall() - 0.4).abs() < 1e-12);
    assert!((counts.f1() - 0.5).abs() < 1e-12);
    let none = Counts::default();
    assert_eq!(
        (none.precision(), none.recall(), none.f1()),
        (0.0, 0.0, 0.0)
    );
}

/// Documents are counted under their language; the overall tally sums
/// them (micro-averaged: entities, not documents, weigh).
#[test]
fn documents_are_counted_by_language() {
    let mut evaluation = Evaluation::default();
    let documents = [
        (
            ARABIC,
            vec![("PER", "أوباما")],
            vec![("PER", "أوباما"), ("GPE", "بغداد")],
        ),
        (
            "Obama in Baghdad.",
            vec![("PER", "Obama"), ("GPE", "Baghdad")],
            vec![],
        ),
        (
            "Baghdad.",
            vec![("GPE", "Baghdad")],
            vec![("GPE", "Baghdad")],
        ),
    ];
    for (text, gold, predicted) in documents {
        let scored = score(
            &Text::new(text.to_owned()),
            &entities(text, &gold),
            &entities(text, &predicted),
            Types::Coarse,
        );
        evaluation.add(&scored);
    }
    let arabic = evaluation.language(Language::Arabic);
    let english = evaluation.language(Language::English);
    let overall = evaluation.overall();
    assert_eq!(
        (arabic.documents, english.documents, overall.documents),
        (1, 2, 3)
    );
    let total = |tally: &Tally| show_counts(tally.scores(Matching::Exact).total());
    assert_eq!(total(&arabic), "1/1/0");
    assert_eq!(total(&english), "1/0/2");
    assert_eq!(total(&overall), "2/1/2");
    assert_eq!(show_counts(overall.exact.of("PLACE")), "1/1/1");
    assert_eq!(show_counts(overall.tolerant.of("PER")), "1/0/1");
    assert_eq!(show_counts(overall.exact.of("ORG")), "0/0/0");
}

/// Linking counts the matched pairs whose gold entity has an id: the same
/// id, another one or none. A pair matched but for proclitics counts; a
/// retyped or missed gold entity does not, nor does a gold entity without
/// an id.
#[test]
fn links_are_counted_over_matched_pairs_with_a_gold_id() {
    let text = "عاد من عمّان إلى وعمان ثم إلى Manchester وPerth وDover وLeeds.";
    let at = |ty: &str, surface: &str| Entity::new(nth(text, surface, 0), ty);
    let gold = vec![
        at("GPE", "عمّان").with_entity("geonames:250441"),
        at("GPE", "وعمان").with_entity("iso3166:OM"),
        at("GPE", "Manchester").with_entity("geonames:2643123"),
        at("GPE", "Perth").with_entity("geonames:2063523"),
        at("GPE", "Dover").with_entity("geonames:2651048"),
        at("GPE", "Leeds"),
    ];
    let predicted = vec![
        at("GPE", "عمّان").with_entity("iso3166:OM"),
        Entity::new(nth(text, "عمان", 0), "GPE").with_entity("iso3166:OM"),
        at("GPE", "Manchester").with_entity("geonames:2643123"),
        at("GPE", "Perth"),
        at("ORG", "Dover").with_entity("geonames:2651048"),
        at("GPE", "Leeds").with_entity("geonames:2644688"),
    ];
    let scored = score(
        &Text::new(text.to_owned()),
        &gold,
        &predicted,
        Types::Coarse,
    );
    let links: Vec<(&str, Links)> = scored.tally.links().collect();
    assert_eq!(
        links,
        [(
            "PLACE",
            Links {
                same: 2,
                other: 1,
                none: 1
            }
        )]
    );
    assert_eq!(links[0].1.linked(), 4);
    assert_eq!(links[0].1.accuracy(), 0.5);

    let mut evaluation = Evaluation::default();
    evaluation.add(&scored);
    evaluation.add(&scored);
    let overall = evaluation.overall();
    let place = overall.links().next().expect("places are linked").1;
    assert_eq!((place.linked(), place.same), (8, 4));
}
