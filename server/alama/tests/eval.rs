//! End-to-end tests of `alama eval`: the real binary on temporary gold and
//! predicted brat folders.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::tree;
use expect_test::expect;
use serde_json::Value;

/// Runs `alama ARGS` in `dir` with a cache folder of its own; returns the
/// exit code, stdout and stderr.
fn alama(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_alama"))
        .args(args)
        .current_dir(dir)
        .env("ALAMA_CACHE_DIR", dir.join(".cache"))
        .output()
        .expect("the alama binary runs");
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Writes `files` (`(path, content)`) under `dir`, making their folders.
fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
}

/// The `.ann` of `text` annotating the first occurrence of each
/// `(type, name)`, with offsets in code points.
fn ann(text: &str, entities: &[(&str, &str)]) -> String {
    let mut lines = String::new();
    for (n, (ty, name)) in entities.iter().enumerate() {
        let byte = text
            .find(name)
            .unwrap_or_else(|| panic!("{name} in {text}"));
        let start = text[..byte].chars().count();
        let end = start + name.chars().count();
        lines.push_str(&format!("T{}\t{ty} {start} {end}\t{name}\n", n + 1));
    }
    lines
}

const ARABIC: &str =
    "وصل الرئيس باراك أوباما إلى بغداد وللولايات المتحدة يوم 11 يونيو 2014 مع زيد الخالدي.";
const ENGLISH: &str = "Obama visited Baghdad with Qorvath Zemblani on June 11, 2014.\n\
                       Then he left for Washington, and the Iraqi army followed.";

/// A gold folder and a predicted one, the predictions of each document
/// split between its `.ann` and its `.suggestions.ann` as `alama tag
/// --format brat` writes them. Counted by hand (coarse types):
///
/// - ar: أوباما found; بغداد found; للولايات المتحدة found without its
///   preposition (tolerant only); the date found; زيد الخالدي predicted as
///   ORG (a miss and a false hit).
/// - en: Obama and Qorvath Zemblani missed; Baghdad, the date and
///   Washington found; "army" a false ORG; Iraqi (NORP) is not scored in
///   the coarse view.
fn gold_and_pred(dir: &Path) {
    write(
        dir,
        &[
            ("gold/news/ar.txt", ARABIC),
            (
                "gold/news/ar.ann",
                &ann(
                    ARABIC,
                    &[
                        ("PER", "باراك أوباما"),
                        ("GPE", "بغداد"),
                        ("GPE", "للولايات المتحدة"),
                        ("DATE", "11 يونيو 2014"),
                        ("PER", "زيد الخالدي"),
                    ],
                ),
            ),
            ("gold/en.txt", ENGLISH),
            (
                "gold/en.ann",
                &ann(
                    ENGLISH,
                    &[
                        ("PER", "Obama"),
                        ("GPE", "Baghdad"),
                        ("PER", "Qorvath Zemblani"),
                        ("DATE", "June 11, 2014"),
                        ("GPE", "Washington"),
                        ("NORP", "Iraqi"),
                    ],
                ),
            ),
            ("pred/news/ar.txt", ARABIC),
            ("pred/news/ar.ann", &ann(ARABIC, &[("PER", "باراك أوباما")])),
            (
                "pred/news/ar.suggestions.ann",
                &ann(
                    ARABIC,
                    &[
                        ("GPE", "بغداد"),
                        ("GPE", "لولايات المتحدة"),
                        ("DATE", "11 يونيو 2014"),
                        ("ORG", "زيد الخالدي"),
                    ],
                ),
            ),
            ("pred/en.txt", ENGLISH),
            ("pred/en.ann", ""),
            (
                "pred/en.suggestions.ann",
                &ann(
                    ENGLISH,
                    &[
                        ("GPE", "Baghdad"),
                        ("DATE", "June 11, 2014"),
                        ("GPE", "Washington"),
                        ("NORP", "Iraqi"),
                        ("ORG", "army"),
                    ],
                ),
            ),
        ],
    );
}

#[test]
fn scores_a_gold_and_a_predicted_folder() {
    let dir = tempfile::tempdir().unwrap();
    gold_and_pred(dir.path());
    let before = tree(dir.path());
    let (code, stdout, stderr) = alama(dir.path(), &["eval", "gold", "pred"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (all, _) = stdout.split_once("\n\nar: ").unwrap();
    expect![[r#"
        coarse types: PER, ORG, PLACE (GPE, LOC, FAC), DATE; the other types are not scored

        all: 2 documents
                            exact                       proclitic-tolerant
        type    gold  pred     tp      P      R     F1     tp      P      R     F1
        PER        4     1      1  1.000  0.250  0.400      1  1.000  0.250  0.400
        ORG        0     2      0  0.000  0.000  0.000      0  0.000  0.000  0.000
        PLACE      4     4      3  0.750  0.750  0.750      4  1.000  1.000  1.000
        DATE       2     2      2  1.000  1.000  1.000      2  1.000  1.000  1.000
        total     10     9      6  0.667  0.600  0.632      7  0.778  0.700  0.737"#]]
    .assert_eq(all);
    // Then a table per language, the same way (their rows are checked in
    // the JSON report's test).
    let groups: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains(" document") || line.starts_with("total"))
        .collect();
    assert_eq!(
        groups,
        [
            "all: 2 documents",
            "total     10     9      6  0.667  0.600  0.632      7  0.778  0.700  0.737",
            "ar: 1 document",
            "total      5     5      3  0.600  0.600  0.600      4  0.800  0.800  0.800",
            "en: 1 document",
            "total      5     4      3  0.750  0.600  0.667      3  0.750  0.600  0.667",
        ]
    );
    // Nothing was written: no file, not even a cache of names.
    assert_eq!(tree(dir.path()), before);
}

/// The JSON report, parsed: counts and scores per language and type, for
/// both matchings; the fine view scores every type as written.
#[test]
fn json_report() {
    let dir = tempfile::tempdir().unwrap();
    gold_and_pred(dir.path());
    let (code, stdout, stderr) = alama(dir.path(), &["eval", "gold", "pred", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one object on one line");
    assert_eq!(report["documents"], 2);
    assert_eq!(report["types"], "coarse");
    assert!(report.get("errors").is_none());
    let counts = |c: &Value| {
        let n = |key: &str| c[key].as_u64().unwrap();
        (n("gold"), n("predicted"), n("tp"), n("fp"), n("fn"))
    };
    let overall = &report["overall"];
    assert_eq!(overall["documents"], 2);
    assert_eq!(counts(&overall["exact"]["total"]), (10, 9, 6, 3, 4));
    assert_eq!(counts(&overall["tolerant"]["total"]), (10, 9, 7, 2, 3));
    let exact = &overall["exact"]["total"];
    let close = |value: &Value, expected: f64| (value.as_f64().unwrap() - expected).abs() < 1e-9;
    assert!(close(&exact["precision"], 6.0 / 9.0), "{exact}");
    assert!(close(&exact["recall"], 0.6), "{exact}");
    assert!(close(&exact["f1"], 12.0 / 19.0), "{exact}");
    let types: Vec<&String> = overall["exact"]["types"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(types.len(), 4);
    for ty in ["PER", "ORG", "PLACE", "DATE"] {
        assert!(overall["exact"]["types"].get(ty).is_some(), "{ty}");
    }
    assert_eq!(counts(&overall["exact"]["types"]["PLACE"]), (4, 4, 3, 1, 1));
    assert_eq!(
        counts(&overall["tolerant"]["types"]["PLACE"]),
        (4, 4, 4, 0, 0)
    );
    let ar = &report["languages"]["ar"];
    assert_eq!(ar["documents"], 1);
    assert_eq!(counts(&ar["tolerant"]["total"]), (5, 5, 4, 1, 1));
    assert_eq!(counts(&ar["exact"]["types"]["PER"]), (2, 1, 1, 0, 1));
    let en = &report["languages"]["en"];
    assert_eq!(counts(&en["exact"]["total"]), (5, 4, 3, 1, 2));

    let (code, stdout, _) = alama(
        dir.path(),
        &[
            "eval", "gold", "pred", "--format", "json", "--types", "fine",
        ],
    );
    assert_eq!(code, Some(0));
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["types"], "fine");
    let overall = &report["overall"]["exact"];
    assert_eq!(counts(&overall["types"]["NORP"]), (1, 1, 1, 0, 0));
    assert_eq!(counts(&overall["types"]["GPE"]), (4, 4, 3, 1, 1));
    assert!(overall["types"].get("PLACE").is_none());
    assert_eq!(counts(&overall["total"]), (11, 10, 7, 3, 4));
}

/// `--errors` lists what the exact matching does not pair, at
/// `path:line:col` (columns in characters), in text and in JSON.
#[test]
fn errors_are_listed_at_their_places() {
    let dir = tempfile::tempdir().unwrap();
    gold_and_pred(dir.path());
    let (code, stdout, stderr) = alama(dir.path(), &["eval", "gold", "pred", "--errors"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (errors, table) = stdout.split_once("\n\n").unwrap();
    assert!(table.starts_with("coarse types"), "{table}");
    // Names are isolated for bidi; shown here without the marks.
    assert_eq!(errors.matches('\u{2068}').count(), 6, "{errors}");
    expect![[r#"
        gold/en.txt:1:1: missed PER «Obama»
        gold/en.txt:1:28: missed PER «Qorvath Zemblani»
        gold/en.txt:2:44: false ORG «army»
        gold/news/ar.txt:1:36: proclitic: gold GPE «للولايات المتحدة», predicted GPE «لولايات المتحدة»
        gold/news/ar.txt:1:74: wrong type: gold PER, predicted ORG «زيد الخالدي»"#]]
    .assert_eq(&errors.replace(['\u{2068}', '\u{2069}'], ""));

    let (code, stdout, _) = alama(
        dir.path(),
        &["eval", "gold", "pred", "--errors", "--format", "json"],
    );
    assert_eq!(code, Some(0));
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 5);
    let wrong = &errors[4];
    assert_eq!(wrong["path"], "gold/news/ar.txt");
    assert_eq!(
        (wrong["line"].as_u64(), wrong["column"].as_u64()),
        (Some(1), Some(74))
    );
    assert_eq!(wrong["kind"], "wrong type");
    assert_eq!(wrong["gold"]["type"], "PER");
    assert_eq!(wrong["predicted"]["type"], "ORG");
    assert_eq!(wrong["gold"]["text"], "زيد الخالدي");
    assert_eq!(wrong["gold"]["start"], 73);
    assert_eq!(errors[2]["gold"], Value::Null);
    assert_eq!(errors[2]["predicted"]["text"], "army");
}

/// Without PRED, GOLD's texts are tagged as `alama tag` tags a corpus
/// without annotations: the gold annotations are not confirmed names, are
/// not propagated and reject nothing. A name the defaults do not know is
/// missed, in every document; the result is the same as scoring the output
/// of `alama tag` on the texts alone.
#[test]
fn without_pred_the_defaults_tag_the_gold_texts() {
    let dir = tempfile::tempdir().unwrap();
    // A family name alone: no title, no given name announces it.
    let first = "زار الخالدي بغداد أمس.";
    let second = "وقال الخالدي إن الوفد وصل.";
    write(
        dir.path(),
        &[
            ("gold/a.txt", first),
            (
                "gold/a.ann",
                &ann(first, &[("PER", "الخالدي"), ("GPE", "بغداد")]),
            ),
            ("gold/b.txt", second),
            ("gold/b.ann", &ann(second, &[("PER", "الخالدي")])),
            // Were GOLD read as a project, this would hide بغداد.
            (
                "gold/.alama/rejections.tsv",
                "a.txt\t12\t17\tGPE\tgeonames:98182\tبغداد\n",
            ),
            ("texts/a.txt", first),
            ("texts/b.txt", second),
        ],
    );
    let before = tree(dir.path());
    let (code, stdout, stderr) = alama(dir.path(), &["eval", "gold", "--errors"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (errors, _) = stdout.split_once("\n\n").unwrap();
    expect![[r#"
        gold/a.txt:1:5: missed PER «الخالدي»
        gold/a.txt:1:19: false DATE «أمس»
        gold/b.txt:1:6: missed PER «الخالدي»"#]]
    .assert_eq(&errors.replace(['\u{2068}', '\u{2069}'], ""));
    assert_eq!(tree(dir.path()), before, "nothing was written");

    let json = |args: &[&str]| {
        let (code, stdout, stderr) = alama(dir.path(), args);
        assert_eq!(code, Some(0), "{stderr}");
        serde_json::from_str::<Value>(&stdout).unwrap()
    };
    let defaults = json(&["eval", "gold", "--format", "json", "--types", "fine"]);
    let total = &defaults["overall"]["exact"]["total"];
    assert_eq!(
        (&total["tp"], &total["fn"]),
        (&Value::from(1), &Value::from(2))
    );
    let (code, _, stderr) = alama(
        dir.path(),
        &["tag", "--format", "brat", "--out", "tagged", "texts"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let tagged = json(&[
        "eval", "gold", "tagged", "--format", "json", "--types", "fine",
    ]);
    assert_eq!(defaults, tagged);
}

/// Gold place mentions with entity ids (brat normalization lines) are
/// scored for linking: of the matched ones, how many predicted entities
/// carry the same id. The ids of `alama tag --format brat` are read from
/// its output as they are from the defaults' suggestions, and a wrong id
/// is listed with `--errors`.
#[test]
fn entity_ids_are_scored_as_linking() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Officials in Baghdad and Paris met envoys from Kiambu County and Qorvath County.";
    let mut gold = ann(
        text,
        &[
            ("GPE", "Baghdad"),
            ("GPE", "Paris"),
            ("GPE", "Kiambu County"),
            ("GPE", "Qorvath County"),
        ],
    );
    gold.push_str("N1\tReference T1 geonames:98182\tBaghdad\n");
    gold.push_str("N2\tReference T2 geonames:4717560\tParis\n");
    gold.push_str("N3\tReference T3 iso3166-2:KE-13\tKiambu\n");
    // A county the lexicon does not hold: found, but with no id.
    gold.push_str("N4\tReference T4 iso3166-2:XX-99\tQorvath\n");
    write(
        dir.path(),
        &[
            ("gold/a.txt", text),
            ("gold/a.ann", &gold),
            ("texts/a.txt", text),
        ],
    );
    let (code, stdout, stderr) = alama(dir.path(), &["eval", "gold", "--errors"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let wrong: Vec<&str> = stdout.lines().filter(|l| l.contains("wrong id")).collect();
    expect![[r#"
        [
            "gold/a.txt:1:26: wrong id: gold geonames:4717560, predicted geonames:2988507 «\u{2068}Paris\u{2069}»",
            "gold/a.txt:1:66: wrong id: gold iso3166-2:XX-99, predicted none «\u{2068}Qorvath County\u{2069}»",
        ]
    "#]]
    .assert_debug_eq(&wrong);
    let linking: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("entity ids"))
        .collect();
    expect![[r#"
        [
            "entity ids of PLACE: 2 of 4 matched gold entities with an id (0.500); 1 another id, 1 none",
            "entity ids of PLACE: 2 of 4 matched gold entities with an id (0.500); 1 another id, 1 none",
        ]
    "#]]
    .assert_debug_eq(&linking);

    let json = |args: &[&str]| {
        let (code, stdout, stderr) = alama(dir.path(), args);
        assert_eq!(code, Some(0), "{stderr}");
        serde_json::from_str::<Value>(&stdout).unwrap()
    };
    let defaults = json(&["eval", "gold", "--format", "json"]);
    expect![[r#"
        {
          "PLACE": {
            "accuracy": 0.5,
            "linked": 4,
            "none": 1,
            "other": 1,
            "same": 2
          }
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(&defaults["overall"]["links"]).unwrap());
    let (code, _, stderr) = alama(
        dir.path(),
        &["tag", "--format", "brat", "--out", "tagged", "texts"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        defaults,
        json(&["eval", "gold", "tagged", "--format", "json"])
    );
}

/// Runs `alama eval ARGS`, which must fail: exit code 2, nothing on
/// stdout; returns stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["eval"];
    all.extend(args);
    let (code, stdout, stderr) = alama(dir, &all);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    stderr
}

#[test]
fn a_gold_folder_without_texts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("gold/notes.md", "x"), ("gold/a.ann", "")]);
    assert_eq!(
        refused(dir.path(), &["gold"]),
        "alama: GOLD gold holds no .txt document (a brat folder holds <doc>.txt files \
         with their <doc>.ann)\n"
    );
    write(dir.path(), &[("gold/a.txt", "x")]);
    for (args, start) in [
        (&["missing"][..], "alama: GOLD missing: "),
        (&["gold/a.txt"], "alama: GOLD gold/a.txt is not a folder"),
        (
            &["gold", "gold/notes.md"],
            "alama: PRED gold/notes.md is not a folder",
        ),
    ] {
        let stderr = refused(dir.path(), args);
        assert!(stderr.starts_with(start), "{stderr}");
    }
}

/// An annotation whose offsets lie past the end of its text, or do not
/// hold its text, is refused with its file and line, in GOLD or in PRED;
/// it is never looked for at another place.
#[test]
fn annotations_that_do_not_hold_their_text_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    gold_and_pred(dir.path());
    let good = ann(ARABIC, &[("PER", "باراك أوباما")]);
    write(
        dir.path(),
        &[(
            "gold/news/ar.ann",
            &format!("{good}T2\tGPE 80 95\tبغداد\nT3\tGPE 29 34\tبغداد\n"),
        )],
    );
    expect![[r#"
        alama: the documents cannot be scored:
          gold/news/ar.ann:2: offsets 80..95 lie past the end of the document (85 characters)
          gold/news/ar.ann:3: reference text `بغداد` differs from the document's `غداد ` at 29..34
    "#]]
    .assert_eq(&refused(dir.path(), &["gold", "pred"]));
    // Also without PRED.
    let stderr = refused(dir.path(), &["gold"]);
    assert!(
        stderr.contains("gold/news/ar.ann:2: offsets 80..95"),
        "{stderr}"
    );

    // A link to an annotation the file does not have.
    write(
        dir.path(),
        &[(
            "gold/news/ar.ann",
            &format!("{good}N1\tReference T7 geonames:98182\tBaghdad\n"),
        )],
    );
    let stderr = refused(dir.path(), &["gold"]);
    assert!(
        stderr.contains("gold/news/ar.ann:2: N1 links T7, which the file does not have"),
        "{stderr}"
    );

    write(dir.path(), &[("gold/news/ar.ann", &good)]);
    write(
        dir.path(),
        &[("pred/en.suggestions.ann", "T1\tGPE 14 21\tBagdad\n")],
    );
    let stderr = refused(dir.path(), &["gold", "pred"]);
    assert!(
        stderr.contains(
            "pred/en.suggestions.ann:1: reference text `Bagdad` differs from the document's `Baghdad` at 14..21"
        ),
        "{stderr}"
    );
}

/// GOLD and PRED must hold the same documents, by their paths under each;
/// and the same texts.
#[test]
fn different_documents_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    gold_and_pred(dir.path());
    fs::rename(
        dir.path().join("pred/en.txt"),
        dir.path().join("pred/other.txt"),
    )
    .unwrap();
    for n in 0..7 {
        write(dir.path(), &[(&format!("gold/more/{n}.txt"), "x")]);
    }
    assert_eq!(
        refused(dir.path(), &["gold", "pred"]),
        "alama: GOLD gold and PRED pred hold different documents: 8 only in GOLD: \
         en.txt, more/0.txt, more/1.txt, more/2.txt, more/3.txt and 3 more; \
         1 only in PRED: other.txt\n"
    );

    let dir = tempfile::tempdir().unwrap();
    gold_and_pred(dir.path());
    write(
        dir.path(),
        &[("pred/en.txt", &ENGLISH.replace("Then", "Now"))],
    );
    assert_eq!(
        refused(dir.path(), &["gold", "pred"]),
        "alama: the documents cannot be scored:\n  pred/en.txt: its text differs from that \
         of gold/en.txt, so its offsets do not point at the same characters\n"
    );
}

/// `alama agree`: B scored against A, Cohen's kappa over the tokens, and
/// every disagreement at its place, with A's and B's names.
#[test]
fn agree_reports_kappa_and_each_disagreement() {
    let dir = tempfile::tempdir().unwrap();
    let a_entities = [
        ("PER", "باراك أوباما"),
        ("GPE", "بغداد"),
        ("DATE", "11 يونيو 2014"),
    ];
    let b_entities = [
        ("PER", "باراك أوباما"),
        ("ORG", "بغداد"),
        ("GPE", "ولايات المتحدة"),
    ];
    write(
        dir.path(),
        &[
            ("a/doc.txt", ARABIC),
            ("a/doc.ann", &ann(ARABIC, &a_entities)),
            ("b/doc.txt", ARABIC),
            ("b/doc.ann", &ann(ARABIC, &b_entities)),
        ],
    );
    let (code, stdout, stderr) = alama(dir.path(), &["agree", "a", "b"]);
    assert_eq!(code, Some(0), "{stderr}");
    let head: Vec<&str> = stdout.lines().take(7).collect();
    expect![[r#"
        [
            "annotator A: a, annotator B: b (B scored against A)",
            "Cohen's kappa over 16 tokens: 0.314 (observed agreement 0.625, by chance 0.453)",
            "",
            "a/doc.txt:1:29: wrong type: A GPE, B ORG «\u{2068}بغداد\u{2069}»",
            "a/doc.txt:1:38: only B GPE «\u{2068}ولايات المتحدة\u{2069}»",
            "a/doc.txt:1:57: only A DATE «\u{2068}11 يونيو 2014\u{2069}»",
            "",
        ]
    "#]]
    .assert_debug_eq(&head);

    let (code, stdout, _) = alama(dir.path(), &["agree", "a", "b", "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let kappa = json["kappa"]["kappa"].as_f64().unwrap();
    assert!(0.0 < kappa && kappa < 1.0, "{kappa}");
    assert_eq!(json["overall"]["exact"]["total"]["a"], 3);
    assert_eq!(json["overall"]["exact"]["total"]["b"], 3);
    assert_eq!(json["disagreements"].as_array().unwrap().len(), 3);

    // The same annotation twice agrees fully.
    let (_, stdout, _) = alama(dir.path(), &["agree", "a", "a", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["kappa"]["kappa"], 1.0);
    assert_eq!(json["disagreements"].as_array().unwrap().len(), 0);

    // Folders of different documents are refused.
    write(dir.path(), &[("b/other.txt", ENGLISH)]);
    let (code, stdout, stderr) = alama(dir.path(), &["agree", "a", "b"]);
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert!(
        stderr.contains("1 only in annotator B: other.txt"),
        "{stderr}"
    );
}
