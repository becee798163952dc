use std::sync::Arc;

use expect_test::{expect, Expect};

use super::*;
use crate::engine::DEFAULT_CALENDAR;
use crate::gazetteer::FunctionWords;
use crate::lexicon::Lexicon;

/// The chunks of the tests: a few given names, Egypt, a few function words.
fn chunks() -> Chunks {
    let given = GivenNames::parse("Mohamed\nAli\nAhmed\nKhaled\nSultan\nBader\nPatrick\n");
    let mut countries = Lexicon::default();
    let line = r#"{"id": "iso3166:EG", "type": "GPE", "names": {"en": "Egypt"}, "xrefs": {"iso3166": "EG"}}"#;
    assert_eq!(countries.load("countries", line.into()), vec![]);
    let nationalities = Arc::new(Nationalities::new(&countries));
    let (chunks, errors) = Chunks::new(
        ("chunks.tsv", DEFAULT_CHUNK_WORDS),
        DEFAULT_CALENDAR,
        Arc::new(given),
        nationalities,
        Arc::new(FunctionWords::new([
            "is", "may", "have", "new", "state", "high",
        ])),
    );
    assert_eq!(errors, vec![]);
    chunks
}

/// Lists the chunks of `text` as `TYPE name`, an acronym repeated marked `*`,
/// a company's short name after `=`.
fn check(text: &str, expect: Expect) {
    let listing: Vec<String> = chunks()
        .find(text)
        .chunks
        .iter()
        .map(|chunk| {
            let mark = if chunk.repeat { " *" } else { "" };
            let short = chunk
                .short
                .map(|(start, end)| format!(" = {}", &text[start..end]))
                .unwrap_or_default();
            format!(
                "{} {}{mark}{short}",
                chunk.ty,
                &text[chunk.start..chunk.end]
            )
        })
        .collect();
    expect.assert_eq(&listing.join("\n"));
}

#[test]
fn organizations_by_their_last_word() {
    check(
        "Abu Dhabi – Mubasher: Abu Dhabi National Oil Company for Distribution recorded \
         profits, the Dubai Civil Aviation Authority said.",
        expect![[r#"
            ORG Abu Dhabi National Oil Company for Distribution
            ORG Dubai Civil Aviation Authority"#]],
    );
}

#[test]
fn a_company_is_named_by_the_word_before_its_line_of_business() {
    check(
        "Adnoc Drilling and ADNOC Distribution rose 📈, the Egyptian Petroleum fell, Khaled \
         Holding, Abu Dhabi National Energy Company and Central Bank too.",
        expect![[r#"
            ORG Adnoc Drilling = Adnoc
            ORG ADNOC Distribution = ADNOC
            ORG Egyptian Petroleum
            ORG Khaled Holding
            ORG Abu Dhabi National Energy Company and Central Bank"#]],
    );
}

#[test]
fn a_modifier_continues_a_name() {
    check(
        "A Federal High Court in Yola ruled.",
        expect!["ORG Federal High Court"],
    );
}

#[test]
fn a_place_and_the_name_of_its_officeholder_are_typed_apart() {
    check(
        "the Prime Minister of the Kurdistan Region Sultan Barzani and the Dubai Region Patrol",
        expect![[r#"
            GPE Kurdistan Region
            PER Sultan Barzani *"#]],
    );
}

#[test]
fn organizations_by_a_head_before_of() {
    check(
        "The Ministry of Health has confirmed it. University of Western Australia scientists",
        expect![[r#"
            ORG Ministry of Health
            ORG University of Western Australia"#]],
    );
}

#[test]
fn an_acronym_in_parentheses_takes_the_type_of_its_organization() {
    check(
        "The World Health Organization (WHO) announced. The Economic and Financial Crimes \
         Commission (EFCC) charged them.",
        expect![[r#"
            ORG World Health Organization
            ORG WHO *
            ORG Economic and Financial Crimes Commission
            ORG EFCC *"#]],
    );
}

#[test]
fn persons_by_a_given_name_or_a_title() {
    check(
        "thanks to the left-back Ali Maaloul goal. Egyptian Health Minister Khaled \
         Abdel-Ghaffar launches it. Director General for Health Dr Patrick Amoth said.",
        expect![[r#"
            PER Ali Maaloul *
            PER Khaled Abdel-Ghaffar *
            PER Patrick Amoth *"#]],
    );
}

#[test]
fn particles_inside_a_name_and_no_possessive() {
    check(
        "Sheikh Ahmed bin Mohammed bin Rashid Al Maktoum's visit; Sultan Ahmed Al Jaber said; \
         Khaled al-Ali.",
        expect![[r#"
            PER Ahmed bin Mohammed bin Rashid Al Maktoum *
            PER Sultan Ahmed Al Jaber *
            PER Khaled al-Ali *"#]],
    );
}

#[test]
fn places_by_their_last_word() {
    check(
        "Kiambu County reported 31 cases, the Red Sea coast and Borg El Arab Stadium.",
        expect![[r#"
            GPE Kiambu County
            LOC Red Sea
            FAC Borg El Arab Stadium"#]],
    );
}

#[test]
fn no_evidence_no_chunk() {
    check(
        "Blue Horizon said. Pyramids beat Zamalek on Sunday. In July Mohamed scored.",
        expect![""],
    );
}

/// A line of business or a body as the last word makes an organization,
/// as "Bank" does.
#[test]
fn lines_of_business_end_an_organization() {
    check(
        "Adnoc Drilling said ADNOC Distribution and the World Economic Forum agreed.",
        expect![[r#"
            ORG Adnoc Drilling = Adnoc
            ORG ADNOC Distribution = ADNOC
            ORG World Economic Forum"#]],
    );
}

#[test]
fn headline_words_split_a_run() {
    check(
        "Dubai Court Overturns Life Sentence in Drug Trafficking Case",
        expect![""],
    );
}

#[test]
fn arabic_text_has_no_chunks() {
    check(
        "قال الرئيس باراك أوباما في واشنطن 😀 يوم 11 يونيو",
        expect![""],
    );
}

#[test]
fn malformed_vocabulary_lines_are_reported() {
    let (_, errors) = Chunks::new(
        ("mine.tsv", "title\tDr\nsideways\tx\norg_tail\n"),
        "",
        Arc::default(),
        Arc::default(),
        Arc::default(),
    );
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3]);
}

#[test]
fn a_conjunction_joins_an_organization_and_separates_persons() {
    check(
        "Emirates Airline and Group, Ali Maaloul and Ahmed Hassan and Egypt",
        expect![[r#"
            ORG Emirates Airline and Group
            PER Ali Maaloul *
            PER Ahmed Hassan *"#]],
    );
}

#[test]
fn al_starts_an_organization_not_a_person_and_an_acronym_ends_a_chunk() {
    check(
        "Al Ahly beat Al Hilal. The Board of Directors MBRSC met Khaled Ali.",
        expect![[r#"
            ORG Al Ahly
            ORG Al Hilal
            PER Khaled Ali *"#]],
    );
}

#[test]
fn title_case_headlines_name_no_persons_by_their_capitals() {
    check(
        "Khaled Ali May Have Caught Them\nThe New York Times said Khaled Ali is here",
        expect![[r#"
            ORG New York Times
            PER Khaled Ali *"#]],
    );
}

/// Lists the lone capitalized words of `text` that nothing knows.
fn check_lone(text: &str, expect: Expect) {
    let lone: Vec<&str> = (chunks().find(text).lone.into_iter())
        .map(|(start, end)| &text[start..end])
        .collect();
    expect.assert_eq(&lone.join(" | "));
}

#[test]
fn lone_unknown_words_inside_a_sentence() {
    check_lone(
        "Vodacom said it would buy a stake in Safaricom, and shares of Aramex's rivals \
         rose 3% after Savola reported. Profits rose at Isro.",
        expect!["Safaricom | Aramex | Savola | Isro"],
    );
}

#[test]
fn an_acronym_that_reports_is_a_lone_word() {
    check_lone(
        "SABIC reported a loss. Later EFCC said 😀 so, but the GDP rose and NATO troops left.",
        expect!["SABIC | EFCC"],
    );
}

#[test]
fn lone_words_joined_by_a_conjunction() {
    // Each word of a list stands alone, but for the words of a longer name
    // and a list that names persons.
    check_lone(
        "Shares of Vodacom and Safaricom rose, and Sheffield United and Aramex 😀 fell, \
         while police charged Esthon and Ahmed.",
        expect!["Vodacom | Safaricom | Aramex"],
    );
}

#[test]
fn lone_words_that_are_known_or_not_alone() {
    // A sentence's first word, a common word (Earth), a word of a longer
    // name (Board of Directors, Sheffield United), an acronym, a given name,
    // a nationality adjective and a creed are left out.
    check_lone(
        "Reuters reported. It orbits above Earth, said the Board of Directors \
         of Sheffield United, the GDP figures, said Ahmed, an Egyptian, and \
         Judaism and Islamists 😀 في Safaricom",
        expect![""],
    );
}

#[test]
fn lone_words_of_a_headline_are_left_out() {
    check_lone(
        "Talks With Vodafone Over Safaricom Stake\nThe deal",
        expect![""],
    );
}

#[test]
fn initials_belong_to_the_name() {
    check(
        "Minister J. K. Rowling met Sheikh A. Al Nahyan. It was Plan B. Then",
        expect![[r#"
            PER J. K. Rowling *
            PER A. Al Nahyan *"#]],
    );
}

#[test]
fn a_club_is_named_by_its_last_word() {
    check(
        "Pascal Struijk scored as Leeds United beat Sheffield United at Bramall Lane.",
        expect![[r#"
            ORG Leeds United
            ORG Sheffield United"#]],
    );
}
