use alama_core::engine::{Mention, Status};
use alama_core::text::Text;
use expect_test::{expect, Expect};

use super::highlights;

/// The first occurrence of a name is confirmed, the others suggested.
fn mention(text: &str, name: &str, n: usize, ty: &str, entity: Option<&str>) -> Mention {
    let status = if n == 0 {
        Status::Confirmed
    } else {
        Status::Suggested
    };
    crate::test_support::mention(text, (name, n), ty, status, entity)
}

/// The highlights of the mention at the `n`th occurrence of `at` in
/// `text`, one per line: `span status text`.
fn check(text: &str, mentions: &[Mention], at: &str, expect: Expect) {
    let text = Text::new(text.to_owned());
    let byte = text
        .as_str()
        .find(at)
        .expect("the cursor's place is in the text");
    let offset = text.as_str()[..byte].chars().count();
    let out: Vec<String> = highlights(&text, mentions, offset)
        .iter()
        .map(|h| {
            format!(
                "{} {} {}",
                h.span,
                h.status.as_str(),
                text.slice(h.span).unwrap()
            )
        })
        .collect();
    expect.assert_eq(&out.join("\n"));
}

const TEXT: &str = "زار أوباما بغداد. Obama left Baghdad, then بغداد again; Jordan met Jordan.";

fn mentions() -> Vec<Mention> {
    let mut mentions = vec![
        mention(TEXT, "أوباما", 0, "PER", None),
        mention(TEXT, "بغداد", 0, "GPE", Some("geonames:98182")),
        mention(TEXT, "Obama", 0, "PER", None),
        mention(TEXT, "Baghdad", 0, "GPE", Some("geonames:98182")),
        mention(TEXT, "بغداد", 1, "GPE", Some("geonames:98182")),
        mention(TEXT, "Jordan", 0, "GPE", None),
        mention(TEXT, "Jordan", 1, "PER", None),
    ];
    mentions.sort_by_key(|m| m.span.start);
    mentions
}

#[test]
fn a_linked_entity_is_highlighted_under_all_its_names() {
    check(
        TEXT,
        &mentions(),
        "Baghdad",
        expect![[r#"
            11..16 confirmed بغداد
            29..36 confirmed Baghdad
            43..48 suggested بغداد"#]],
    );
}

#[test]
fn an_unlinked_name_is_highlighted_only_with_its_type() {
    check(
        TEXT,
        &mentions(),
        "Jordan met",
        expect!["56..62 confirmed Jordan"],
    );
    check(
        TEXT,
        &mentions(),
        "أوباما",
        expect!["4..10 confirmed أوباما"],
    );
}

#[test]
fn nothing_is_highlighted_off_a_mention() {
    check(TEXT, &mentions(), "left", expect![""]);
}
