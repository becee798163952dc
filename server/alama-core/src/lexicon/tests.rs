use super::record::{cut_at_line_ends, PARALLEL_PARSE_BYTES};
use super::*;
use expect_test::{expect, Expect};

fn check(content: &str, expect: Expect) {
    let mut lexicon = Lexicon::default();
    let errors = lexicon.load("test.jsonl", content.to_owned().into());
    let mut listing: Vec<String> = lexicon
        .iter()
        .map(|(_, e)| format!("{} {} {:?} {:?}", e.id, e.ty, e.names, e.aliases))
        .collect();
    listing.extend(errors.iter().map(ToString::to_string));
    expect.assert_eq(&listing.join("\n"));
}

#[test]
fn loads_entities() {
    check(
        r#"{"id": "geonames:98182", "type": "GPE", "names": {"en": "Baghdad", "ar": "بغداد"}, "aliases": ["Bagdad"], "xrefs": {"geonames": "98182"}}"#,
        expect![[r#"geonames:98182 GPE [("ar", "بغداد"), ("en", "Baghdad")] ["Bagdad"]"#]],
    );
}

#[test]
fn an_entity_is_placed_on_its_line_and_peeked_without_being_kept() {
    let content = concat!(
        "// people\n",
        "{\"id\": \"x:1\", \"type\": \"ORG\", \"names\": {\"en\": \"Reuters\"}}\n",
        "\n",
        "  {\"id\": \"x:2\", \"type\": \"GPE\", \"names\": {\"ar\": \"بغداد\"}}\n",
        "{\"id\": \"x:2\", \"aliases\": [\"دار السلام\"]}\n",
    );
    let mut lexicon = Lexicon::default();
    assert!(lexicon
        .load("own.jsonl", content.to_owned().into())
        .is_empty());
    let place = lexicon.place(EntityIndex(1)).unwrap();
    assert_eq!(
        (place.file, place.line, place.prefix),
        ("own.jsonl", 3, "  ")
    );
    assert!(place.text.starts_with("{\"id\": \"x:2\"") && place.text.ends_with("}}"));
    assert_eq!(lexicon.place(EntityIndex(2)), None);
    assert_eq!(lexicon.id_of(EntityIndex(1)), "x:2");
    assert_eq!(lexicon.file_of(EntityIndex(1)), Some("own.jsonl"));
    assert_eq!(lexicon.file_of(EntityIndex(2)), None);

    // Read back from bytes, entities are read when asked for: a peek
    // reads one with its aliases, and does not keep it.
    let files = [LexiconFile::new("own.jsonl", content)];
    let bytes = SharedBytes::from(lexicon.to_bytes(&[]));
    let (read, _) = Lexicon::from_bytes(&files, &bytes).unwrap();
    let peeked = read.peek(EntityIndex(1));
    assert_eq!(peeked.aliases, ["دار السلام"]);
    assert!(matches!(peeked, Cow::Owned(_)));
    assert_eq!(read.entities_read(), 0);
    read.get(EntityIndex(1));
    assert!(matches!(read.peek(EntityIndex(1)), Cow::Borrowed(_)));
}

#[test]
fn a_repeated_language_keeps_its_last_name() {
    check(
        r#"{"id": "x:1", "type": "GPE", "names": {"en": "A", "ar": "بغداد", "en": "Baghdad"}}"#,
        expect![[r#"x:1 GPE [("ar", "بغداد"), ("en", "Baghdad")] []"#]],
    );
}

#[test]
fn skips_blank_lines_and_comments() {
    check(
        "\n// a comment\n{\"id\": \"x:1\", \"type\": \"ORG\", \"names\": {\"en\": \"Reuters\"}}\n",
        expect![[r#"x:1 ORG [("en", "Reuters")] []"#]],
    );
}

#[test]
fn reports_malformed_lines_with_file_and_line_and_loads_the_rest() {
    check(
        concat!(
            "{\"id\": \"x:1\", \"type\": \"ORG\", \"names\": {\"en\": \"Reuters\"}}\n",
            "{\"id\": \"x:2\", \"type\": \"ORG\"\n",
            "{\"id\": \"nocolon\", \"type\": \"ORG\", \"names\": {\"en\": \"A\"}}\n",
            "{\"id\": \"x:3\", \"type\": \"ORG\", \"names\": {}}\n",
            "{\"id\": \"x:1\", \"type\": \"GPE\", \"names\": {\"en\": \"B\"}}\n",
            "{\"id\": \"x:4\", \"type\": \"ORG\", \"names\": {\"en\": \"C\"}, \"colour\": 1}\n",
            "{\"id\": \"x:5\", \"type\": \"GPE\", \"names\": {\"ar\": \"بغداد\"}}\n",
        ),
        expect![[r#"
            x:1 ORG [("en", "Reuters")] []
            x:5 GPE [("ar", "بغداد")] []
            test.jsonl:2: invalid entry: EOF while parsing an object at line 1 column 27
            test.jsonl:3: id `nocolon` must have the form source:local-id, without white space or control characters
            test.jsonl:4: `names` needs at least one non-empty name
            test.jsonl:5: duplicate id `x:1`
            test.jsonl:6: invalid entry: unknown field `colour`, expected one of `id`, `type`, `names`, `aliases`, `description`, `xrefs` at line 1 column 59"#]],
    );
}

#[test]
fn a_large_file_parsed_in_parts_reports_its_own_line_numbers() {
    let entity =
        |i: usize| format!(r#"{{"id": "x:{i}", "type": "ORG", "names": {{"en": "N{i}"}}}}"#);
    let mut lines: Vec<String> = (0..30_000).map(entity).collect();
    lines[17_000] = "{\"id\": \"x:broken\"".to_owned();
    lines[29_998] = "// a comment\r".to_owned();
    lines[29_999] = entity(5);
    let content = lines.join("\r\n");
    assert!(content.len() > PARALLEL_PARSE_BYTES);
    let mut lexicon = Lexicon::default();
    let errors = lexicon.load("big.jsonl", content.into());
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    expect![[r#"
        [
            "big.jsonl:17001: invalid entry: EOF while parsing an object at line 1 column 17",
            "big.jsonl:30000: duplicate id `x:5`",
        ]
    "#]]
    .assert_debug_eq(&errors);
    assert_eq!(lexicon.len(), 29_997);
}

#[test]
fn cuts_fall_after_line_breaks() {
    let text = "ab\ncd\r\nef\n\ngh";
    for parts in 1..8 {
        let pieces = cut_at_line_ends(text, parts);
        assert_eq!(pieces.concat(), text);
        assert!(pieces.len() <= parts);
        let (last, others) = pieces.split_last().unwrap();
        assert!(
            others.iter().all(|piece| piece.ends_with('\n')),
            "{pieces:?}"
        );
        assert!(!last.is_empty() || pieces.len() == 1, "{pieces:?}");
    }
}

#[test]
fn alias_lines_extend_entities_loaded_before() {
    let base = r#"{"id": "x:1", "type": "GPE", "names": {"ar": "بغداد"}}"#;
    let extension = format!(
        "{}\n{}\n",
        alias_line("x:1", "دار السلام"),
        alias_line("x:9", "y")
    );
    check(
        &format!("{base}\n{extension}"),
        expect![[r#"
            x:1 GPE [("ar", "بغداد")] ["دار السلام"]
            test.jsonl:3: aliases for `x:9`, which no lexicon loaded before defines"#]],
    );
    check(
        r#"{"id": "x:2", "names": {"en": "A"}}"#,
        expect!["test.jsonl:1: missing `type`"],
    );
}

#[test]
fn a_lexicon_read_back_from_bytes_has_the_same_entities_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    std::fs::write(
        &a,
        concat!(
                "{\"id\": \"geonames:98182\", \"type\": \"GPE\", \"names\": {\"ar\": \"بغداد\", \"en\": \"Baghdad\"}, \"description\": \"city in Iraq\"}\n",
                "{\"id\": \"iso3166:IQ\", \"type\": \"GPE\", \"names\": {\"ar\": \"العراق\"}, \"xrefs\": {\"iso3166\": \"IQ\", \"wikidata\": \"Q796\"}}\n",
                "{\"id\": \"x:\\u00e9\", \"type\": \"ORG\", \"names\": {\"en\": \"Écho 🙂\"}}\n",
                "{\"id\": \"x:broken\"\n",
        ),
    )
    .unwrap();
    // A file read from disk, and one embedded (its text not written).
    let files = [
        LexiconFile::at(&a),
        LexiconFile::new(
            "b.jsonl",
            concat!(
                "{\"id\": \"geonames:98182\", \"aliases\": [\"دار السلام\"]}\r\n",
                "{\"id\": \"iso3166:IQ\", \"type\": \"GPE\", \"names\": {\"en\": \"Iraq\"}}\r\n",
                "  {\"id\": \"geonames:98182\", \"aliases\": [\"Bagdad\"]}  \r\n",
            ),
        ),
    ];
    let mut loaded = Lexicon::default();
    let (errors, _) = loaded.load_files(&files);
    let bytes = SharedBytes::from(loaded.to_bytes(&errors));
    // Read back without the file read from disk: its text is in the bytes.
    std::fs::remove_file(&a).unwrap();

    let (read, read_errors) = Lexicon::from_bytes(&files, &bytes).expect("read back");
    assert_eq!(read_errors, errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(read.entities_read(), 0);
    let entities = |lexicon: &Lexicon| -> Vec<Entity> {
        lexicon.iter().map(|(_, entity)| entity.clone()).collect()
    };
    assert_eq!(entities(&read), entities(&loaded));
    let baghdad = read.by_id("geonames:98182").expect("read back");
    assert_eq!(baghdad.aliases, ["دار السلام", "Bagdad"]);
    assert_eq!(read.by_id("x:é").map(|e| e.name("en")), Some("Écho 🙂"));
    let countries = |lexicon: &Lexicon| -> Vec<Arc<str>> {
        lexicon.countries().map(|e| e.id.clone()).collect()
    };
    assert_eq!(countries(&read), [Arc::from("iso3166:IQ")]);

    // Loaded after, an alias line extends an entity not yet read.
    let (mut extended, _) = Lexicon::from_bytes(&files, &bytes).expect("read back");
    let more = alias_line("geonames:98182", "Baghdād");
    assert_eq!(extended.load("c.jsonl", more.into()), []);
    let baghdad = extended.by_id("geonames:98182").expect("read back");
    assert_eq!(baghdad.aliases, ["دار السلام", "Bagdad", "Baghdād"]);

    // Cut bytes, or without the embedded file, read nothing.
    for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
        let cut = SharedBytes::from(bytes[..cut].to_vec());
        assert!(Lexicon::from_bytes(&files, &cut).is_none());
    }
    assert!(Lexicon::from_bytes(&files[..1], &bytes).is_none());
}

#[test]
fn a_file_that_cannot_be_read_is_an_error_and_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    let line = r#"{"id": "x:1", "type": "GPE", "names": {"ar": "بغداد"}}"#;
    let mut bytes = format!("{line}\n").into_bytes();
    bytes.extend(b"\xff\n");
    std::fs::write(&bad, bytes).unwrap();
    let files = [
        LexiconFile::at(&bad),
        LexiconFile::at(&dir.path().join("missing.jsonl")),
        LexiconFile::new(
            "good.jsonl",
            r#"{"id": "x:2", "type": "ORG", "names": {"en": "Acme"}}"#,
        ),
    ];
    let mut lexicon = Lexicon::default();
    let (errors, read) = lexicon.load_files(&files);
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let bad = bad.display();
    assert_eq!(
        errors[0],
        format!(
            "{bad}: not valid UTF-8 at byte {}; not loaded",
            line.len() + 1
        )
    );
    assert!(errors[1].contains("missing.jsonl: "), "{errors:?}");
    assert_eq!(errors.len(), 2);
    assert_eq!(lexicon.len(), 1);
    assert_eq!(read.len(), 3);
}

#[test]
fn default_lexicon_loads_without_errors() {
    let mut lexicon = Lexicon::default();
    let errors = lexicon.load("lexicon.jsonl", DEFAULT_LEXICON.into());
    assert_eq!(errors, vec![]);
    assert!(lexicon.len() > 1000, "only {} entities", lexicon.len());
    let iraq = lexicon.by_id("iso3166:IQ").expect("Iraq is a country");
    assert_eq!((iraq.ty.as_str(), iraq.name("ar")), ("GPE", "العراق"));
}
