use super::*;
use crate::text::Text;
use expect_test::{expect, Expect};

const DOC: &str = "قال 😀 أوباما في بغداد\r\nObama in Baghdad";

fn check(content: &str, expect: Expect) {
    let text = Text::new(DOC.to_owned());
    let (file, issues) = AnnFile::parse("doc.ann", content, &text);
    let mut listing: Vec<String> = file
        .text_bounds()
        .map(|t| format!("T{} {} {} {:?}", t.id, t.ty, t.span, file.entity_of(t.id)))
        .collect();
    listing.extend(issues.iter().map(ToString::to_string));
    expect.assert_eq(&listing.join("\n"));
}

#[test]
fn reads_text_bounds_and_links_in_code_points() {
    check(
        "T1\tPER 6 12\tأوباما\nT2\tGPE 16 21\tبغداد\nN1\tReference T2 geonames:98182\tBaghdad\n",
        expect![[r#"
            T1 PER 6..12 None
            T2 GPE 16..21 Some("geonames:98182")"#]],
    );
}

#[test]
fn reports_malformed_lines_with_file_and_line() {
    check(
        "T1\tPER 6 12\tأوباما\nT2\tGPE 16\tبغداد\nT3\tGPE 15 21\tبغداد\nT4\tGPE 90 95\tx\nX9 junk\nN1\tReference\tx\nTx\tPER 1 2\tا\n",
        expect![[r#"
            T1 PER 6..12 None
            T3 GPE 16..21 None
            doc.ann:2: bad offsets in `GPE 16`
            doc.ann:3: reference text `بغداد` moved from 15..21 to 16..21: read there, and written there at the next annotation command
            doc.ann:4: offsets 90..95 lie past the end of the document (39 characters), and `x` occurs nowhere in it (the line is kept as is)
            doc.ann:5: unknown annotation kind (kept as is)
            doc.ann:6: expected `Reference T<n> source:id`, found `Reference`
            doc.ann:7: bad id `Tx`, expected T<number>"#]],
    );
}

/// Read strictly, an annotation whose text is not at its offsets is
/// reported with the problem and not read, even where its text occurs
/// elsewhere; the file is still written back as it was.
#[test]
fn strict_reading_takes_offsets_as_written() {
    let text = Text::new(DOC.to_owned());
    let content = "T1\tPER 6 12\tأوباما\nT2\tGPE 15 21\tبغداد\nT3\tGPE 90 95\tبغداد\n";
    let (file, issues) = AnnFile::parse_strict("doc.ann", content, &text);
    let read: Vec<String> = file
        .text_bounds()
        .map(|t| format!("T{} {}", t.id, t.span))
        .collect();
    assert_eq!(read, ["T1 6..12"]);
    let issues: Vec<String> = issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        issues,
        [
            "doc.ann:2: reference text `بغداد` differs from the document's ` بغداد` at 15..21",
            "doc.ann:3: offsets 90..95 lie past the end of the document (39 characters)",
        ]
    );
    assert_eq!(file.render(), content);
}

#[test]
fn round_trip_preserves_every_other_line_byte_for_byte() {
    let content = concat!(
        "T1\tPER 6 12\tأوباما\r\n",
        "R1\tLocated Arg1:T1 Arg2:T2\r\n",
        "#1\tAnnotatorNotes T1\tملاحظة ✓\r\n",
        "A1\tNegated T1\r\n",
        "E1\tAttack:T1\r\n",
        "T2\tGPE 16 21;22 23\tبغداد x\r\n",
        "weird line\r\n",
        "T9\tGPE 0 3\tnot the text\r\n",
    );
    let text = Text::new(DOC.to_owned());
    let (mut file, issues) = AnnFile::parse("doc.ann", content, &text);
    assert_eq!(issues.len(), 2);
    assert_eq!(file.render(), content);

    let id = file
        .add(
            "GPE",
            Span::new(16, 21),
            "بغداد",
            Some(("geonames:98182", "Baghdad")),
        )
        .unwrap();
    assert_eq!(id, 10);
    let expected =
        format!("{content}T10\tGPE 16 21\tبغداد\r\nN1\tReference T10 geonames:98182\tBaghdad\r\n");
    assert_eq!(file.render(), expected);
}

#[test]
fn adding_to_an_empty_file() {
    let text = Text::new(DOC.to_owned());
    let (mut file, _) = AnnFile::parse("doc.ann", "", &text);
    file.add("PER", Span::new(24, 29), "Obama", None).unwrap();
    expect![[r#"
        T1	PER 24 29	Obama
    "#]]
    .assert_eq(&file.render());
}

/// Lines added after a file's own and split off make a file whose
/// numbers continue the first one's, with the same line terminator and
/// a final one even if the first lacked it.
#[test]
fn lines_split_off_continue_the_numbering() {
    let text = Text::new(DOC.to_owned());
    let content = "T1\tPER 6 12\tأوباما\r\n#1\tAnnotatorNotes T1\tnote";
    let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
    let own = file.line_count();
    let t = file
        .add(
            "GPE",
            Span::new(16, 21),
            "بغداد",
            Some(("geonames:98182", "Baghdad")),
        )
        .unwrap();
    assert_eq!(file.add_note(t, "new\nnote"), 2);
    let added = file.split_off(own);
    assert_eq!(file.render(), content, "the file's own lines are left");
    assert_eq!(
        added.render(),
        "T2\tGPE 16 21\tبغداد\r\nN1\tReference T2 geonames:98182\tBaghdad\r\n#2\tAnnotatorNotes T2\tnew note\r\n"
    );
}

#[test]
fn removing_an_annotation_removes_what_refers_to_it() {
    let content = concat!(
        "T1\tPER 6 12\tأوباما\n",
        "T2\tGPE 16 21\tبغداد\n",
        "N1\tReference T1 wikidata:Q76\tBarack Obama\n",
        "R1\tLocated Arg1:T1 Arg2:T2\n",
        "#1\tAnnotatorNotes T1\tnote\n",
        "A1\tNegated T12\n",
        "N2\tReference T2 geonames:98182\tBaghdad\n",
    );
    let text = Text::new(DOC.to_owned());
    let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
    assert_eq!(file.remove(1).map(|t| t.text), Some("أوباما".to_owned()));
    assert_eq!(file.remove(1), None);
    expect![[r#"
        T2	GPE 16 21	بغداد
        A1	Negated T12
        N2	Reference T2 geonames:98182	Baghdad
    "#]]
    .assert_eq(&file.render());
}

#[test]
fn retyping_and_linking() {
    let text = Text::new(DOC.to_owned());
    let (mut file, _) = AnnFile::parse("doc.ann", "T1\tGPE 16 21\tبغداد\n", &text);
    assert_eq!(file.retype(1, "LOC"), Ok(true));
    assert_eq!(file.retype(2, "LOC"), Ok(false));
    file.link(1, Some(("geonames:1", "Baghdad 1"))).unwrap();
    file.link(1, Some(("geonames:98182", "Baghdad"))).unwrap();
    expect![[r#"
        T1	LOC 16 21	بغداد
        N1	Reference T1 geonames:98182	Baghdad
    "#]]
    .assert_eq(&file.render());
    file.link(1, None).unwrap();
    assert_eq!(file.entity_of(1), None);
}

#[test]
fn edits_move_annotations_and_drop_the_changed_ones() {
    let text = Text::new(DOC.to_owned());
    let content =
        "T1\tPER 6 12\tأوباما\nT2\tGPE 16 21\tبغداد\nN1\tReference T1 wikidata:Q76\tObama\n";
    let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
    // "قال" becomes "وقال": everything after moves by one.
    let dropped = file.apply_edit(&Edit {
        old: Span::new(0, 0),
        new_len: 1,
    });
    assert!(dropped.is_empty());
    // A letter typed inside "أوباما" drops it and its link.
    let dropped = file.apply_edit(&Edit {
        old: Span::new(9, 9),
        new_len: 1,
    });
    assert_eq!(dropped.len(), 1);
    expect![[r#"
        T2	GPE 18 23	بغداد
    "#]]
    .assert_eq(&file.render());
}

#[test]
fn annotations_are_placed_again_in_a_new_version_of_the_text() {
    let text = Text::new(DOC.to_owned());
    let content = "T1\tPER 6 12\tأوباما\nT2\tGPE 23 28\tObama\nN1\tReference T2 x:1\tObama\n";
    let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
    // Another program prepended a word and renamed Obama.
    let edited = format!("عاجل {}", DOC.replace("Obama", "Biden"));
    let moved = file.reanchor(&Text::new(edited));
    let moved: Vec<String> = moved
        .iter()
        .map(|m| {
            let to = m.to.map_or("nowhere".to_owned(), |s| s.to_string());
            format!("T{} {} -> {to}", m.bound.id, m.bound.span)
        })
        .collect();
    assert_eq!(moved, ["T1 6..12 -> 11..17", "T2 23..28 -> nowhere"]);
    // The annotation whose text is gone is kept, unchanged, as a line
    // that reading reports.
    expect![[r#"
        T1	PER 11 17	أوباما
        T2	GPE 23 28	Obama
        N1	Reference T2 x:1	Obama
    "#]]
    .assert_eq(&file.render());
    assert_eq!(file.text_bounds().count(), 1);
    // Back in the first text, the kept line is read again, unreported.
    let moved = file.reanchor(&text);
    assert_eq!(moved.len(), 1, "only T1 moved back");
    assert_eq!(file.render(), content);
    assert_eq!(file.text_bounds().count(), 2);
}

#[test]
fn nothing_that_would_break_a_line_is_written() {
    let text = Text::new("قال علي\nبابا في بغداد\u{2028}x".to_owned());
    let content = "T1\tGPE 16 21\tبغداد\n";
    let (mut file, _) = AnnFile::parse("doc.ann", content, &text);
    let errors = [
        file.add("PER", Span::new(4, 12), "علي\nبابا", None),
        file.add("PER", Span::new(16, 23), "بغداد\u{2028}x", None),
        file.add("PER", Span::new(4, 4), "", None),
        file.add("PER X", Span::new(4, 7), "علي", None),
        file.add("PER\n", Span::new(4, 7), "علي", None),
        file.add(
            "PER",
            Span::new(4, 7),
            "علي",
            Some(("wikidata:Q1\nT9", "Ali")),
        ),
        file.add("PER", Span::new(4, 7), "علي", Some(("Q1", "Ali"))),
        file.add(
            "PER",
            Span::new(4, 7),
            "علي",
            Some(("wikidata:Q1", "A\rli")),
        ),
    ];
    let messages: Vec<String> = errors
        .iter()
        .map(|e| e.clone().unwrap_err().to_string())
        .collect();
    expect![[r#"
        «علي\nبابا» at 4..12 crosses a line break, and names never do in Alama
        «بغداد\u{2028}x» at 16..23 crosses a line break, and names never do in Alama
        the span 4..4 is empty; a name needs at least one character
        `PER X` cannot be an entity type: it is empty or holds white space or a control character
        `PER\n` cannot be an entity type: it is empty or holds white space or a control character
        entity id `wikidata:Q1\nT9` must have the form source:local-id, without white space or control characters
        entity id `Q1` must have the form source:local-id, without white space or control characters
        the entity name «A\rli» holds a line break"#]]
    .assert_eq(&messages.join("\n"));
    assert!(file.retype(1, "A\tB").is_err());
    assert!(file.link(1, Some(("a b:c", "x"))).is_err());
    assert_eq!(file.render(), content, "nothing changed");
}

#[test]
fn discontinuous_spans_and_byte_order_marks_round_trip_byte_for_byte() {
    let text = Text::new("قال علي بابا في بغداد\n".to_owned());
    for terminator in ["\n", "\r\n"] {
        for bom in ["", "\u{feff}"] {
            let content = [
                "T1\tPER 4 7;8 12\tعلي بابا",
                "T2\tGPE 16 21\tبغداد",
                "N1\tReference T2 geonames:98182\tBaghdad",
                "",
            ]
            .join(terminator);
            let content = format!("{bom}{content}");
            let (mut file, issues) = AnnFile::parse("doc.ann", &content, &text);
            assert_eq!(issues, []);
            // The first annotation is read, BOM or not.
            let read: Vec<u32> = file.text_bounds().map(|t| t.id).collect();
            assert_eq!(read, [2]);
            assert_eq!(file.render(), content);
            assert_eq!(file.remove(2).map(|t| t.text), Some("بغداد".to_owned()));
            file.add("PER", Span::new(4, 7), "علي", None).unwrap();
            let expected =
                format!("{bom}T1\tPER 4 7;8 12\tعلي بابا{terminator}T2\tPER 4 7\tعلي{terminator}");
            assert_eq!(file.render(), expected);
        }
    }
}

#[test]
fn a_lone_carriage_return_in_a_reference_text_is_written_back() {
    let text = Text::new("a\rb c".to_owned());
    let content = "T1\tPER 0 3\ta\rb\n";
    let (file, issues) = AnnFile::parse("doc.ann", content, &text);
    assert_eq!(issues, []);
    assert_eq!(file.render(), content);
}
