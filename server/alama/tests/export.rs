//! End-to-end tests of `alama export`: the real binary on temporary corpora.

mod common;

use std::fs;
use std::path::Path;

use common::{alama_in as alama, tree};
use expect_test::expect;
use serde_json::Value;

/// An Arabic sentence with a proclitic before a confirmed name, Latin and
/// emoji, and a second sentence.
const ANNOTATED: &str = "زار أوباما وبغداد 🇮🇶 مع Joe Biden. ثم عاد إلى واشنطن؟";
const ANNOTATIONS: &str = "T1\tPER 4 10\tأوباما\nT2\tGPE 12 17\tبغداد\nT3\tPER 24 33\tJoe Biden\n\
                           N1\tReference T2 geonames:98182\tBaghdad\n";
/// A document nobody annotated, whose suggestion of واشنطن is rejected.
const OTHER: &str = "وصل الوفد إلى واشنطن وبغداد";

/// A project in `dir/corpus`: `news/doc.txt` annotated, `other.txt` not.
fn project(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(corpus.join("news")).unwrap();
    fs::create_dir_all(corpus.join(".alama")).unwrap();
    fs::write(corpus.join("news/doc.txt"), ANNOTATED).unwrap();
    fs::write(corpus.join("news/doc.ann"), ANNOTATIONS).unwrap();
    fs::write(corpus.join("other.txt"), OTHER).unwrap();
    fs::write(
        corpus.join(".alama/rejections.tsv"),
        "other.txt\t14\t20\tGPE\tgeonames:4140963\tواشنطن\n",
    )
    .unwrap();
    corpus
}

/// The spans of each line of a JSON Lines export, as `label text
/// start-end status entity`.
fn spans(jsonl: &str) -> Vec<(String, Vec<String>)> {
    jsonl
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).unwrap();
            let spans = doc["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    format!(
                        "{} {} {}-{} {} {}",
                        s["label"].as_str().unwrap(),
                        s["text"].as_str().unwrap(),
                        s["start"],
                        s["end"],
                        s["status"].as_str().unwrap(),
                        s["entity"].as_str().unwrap_or("-"),
                    )
                })
                .collect();
            (doc["id"].as_str().unwrap().to_owned(), spans)
        })
        .collect()
}

#[test]
fn conll_holds_the_confirmed_annotations_of_the_annotated_documents() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let before = tree(&corpus);
    let (code, stderr) = alama(
        dir.path(),
        &["export", "corpus", "--format", "conll", "--out", "out"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(tree(&corpus), before, "the corpus is unchanged");
    expect![[r#"
        exported 1 document to out/corpus.conll
        1 document without an .ann file left out (--include-suggestions exports every document)
        1 span starting inside a token, 0 ending inside one: the whole token is tagged (--clitics keep)
    "#]]
    .assert_eq(&stderr);
    let conll = fs::read_to_string(dir.path().join("out/corpus.conll")).unwrap();
    expect![[r#"
        -DOCSTART- news/doc.txt	O

        زار	O
        أوباما	B-PER
        وبغداد	B-GPE
        🇮🇶	O
        مع	O
        Joe	B-PER
        Biden	I-PER
        .	O

        ثم	O
        عاد	O
        إلى	O
        واشنطن	O
        ؟	O

    "#]]
    .assert_eq(&conll);
    let marker = fs::read_to_string(dir.path().join("out/.alama-output")).unwrap();
    assert!(marker.starts_with("written by alama export "), "{marker}");
}

#[test]
fn bioes_and_split_clitics_are_chosen_by_options() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let args = [
        "export",
        "corpus",
        "--format",
        "conll",
        "--out",
        "out",
        "--scheme",
        "bioes",
        "--clitics",
        "split",
        "--types",
        "PER,GPE",
        "--map",
        "GPE=LOC",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let conll = fs::read_to_string(dir.path().join("out/corpus.conll")).unwrap();
    expect![[r#"
        -DOCSTART- news/doc.txt	O

        زار	O
        أوباما	S-PER
        و	O
        بغداد	S-LOC
        🇮🇶	O
        مع	O
        Joe	B-PER
        Biden	E-PER
        .	O

        ثم	O
        عاد	O
        إلى	O
        واشنطن	O
        ؟	O

    "#]]
    .assert_eq(&conll);
}

#[test]
fn jsonl_marks_suggestions_leaves_out_rejected_ones_and_counts_utf16_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let before = tree(&corpus);
    let args = [
        "export",
        "corpus",
        "--format",
        "jsonl",
        "--out",
        "out",
        "--include-suggestions",
        "--offsets",
        "utf16",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(tree(&corpus), before, "the corpus is unchanged");
    let jsonl = fs::read_to_string(dir.path().join("out/corpus.jsonl")).unwrap();
    // The flag is two code points and four UTF-16 units: Joe Biden starts
    // two units later than its code point offset, and so does واشنطن.
    expect![[r#"
        [
            (
                "news/doc.txt",
                [
                    "PER أوباما 4-10 confirmed -",
                    "GPE بغداد 12-17 confirmed geonames:98182",
                    "PER Joe Biden 26-35 confirmed -",
                    "GPE واشنطن 48-54 suggested geonames:4140963",
                ],
            ),
            (
                "other.txt",
                [
                    "GPE بغداد 22-27 suggested geonames:98182",
                ],
            ),
        ]
    "#]]
    .assert_debug_eq(&spans(&jsonl));
    for line in jsonl.lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        let tokens = doc["tokens"].as_array().unwrap();
        let tags = doc["ner_tags"].as_array().unwrap();
        assert_eq!(tokens.len(), tags.len());
        assert!(doc["text"].is_string());
    }
}

#[test]
fn the_output_is_never_in_the_corpus_nor_an_unknown_folder_and_is_replaced_only_by_force() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let before = tree(&corpus);
    for out in ["corpus", "corpus/news", "corpus/exports"] {
        let (code, stderr) = alama(
            dir.path(),
            &["export", "corpus", "--format", "jsonl", "--out", out],
        );
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.starts_with(&format!("alama: refusing --out {out}: it ")),
            "{stderr}"
        );
    }
    assert_eq!(tree(&corpus), before, "the corpus is unchanged");

    // A folder alama export did not write, even with --force.
    fs::create_dir(dir.path().join("mine")).unwrap();
    fs::write(dir.path().join("mine/notes.txt"), "keep").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["export", "corpus", "--format", "jsonl", "--out", "mine"];
        args.extend(extra);
        let (code, stderr) = alama(dir.path(), &args);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("alama export did not write it"), "{stderr}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(),
        "keep"
    );

    // An earlier export: replaced with --force only.
    let args = ["export", "corpus", "--format", "jsonl", "--out", "out"];
    assert_eq!(alama(dir.path(), &args).0, Some(0));
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("give --force to replace it"), "{stderr}");
    let forced = [
        "export", "corpus", "--format", "conll", "--out", "out", "--force",
    ];
    let (code, stderr) = alama(dir.path(), &forced);
    assert_eq!(code, Some(0), "{stderr}");
    let written: Vec<String> = tree(&dir.path().join("out")).into_keys().collect();
    assert_eq!(written, [".alama-output", "corpus.conll"]);

    // Nor the output of alama tag.
    let tag = ["tag", "--format", "brat", "--out", "tagged", "corpus"];
    assert_eq!(alama(dir.path(), &tag).0, Some(0));
    let over_tag = [
        "export", "corpus", "--format", "jsonl", "--out", "tagged", "--force",
    ];
    let (code, stderr) = alama(dir.path(), &over_tag);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("alama export did not write it"), "{stderr}");
}

#[test]
fn a_malformed_map_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    for map in ["PER", "PER=", "PER=A B"] {
        let args = [
            "export", "corpus", "--format", "jsonl", "--out", "out", "--map", map,
        ];
        let (code, stderr) = alama(dir.path(), &args);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.starts_with(&format!("alama: --map {map}: expected TYPE=LABEL")),
            "{stderr}"
        );
        assert!(!dir.path().join("out").exists());
    }
}

/// A brat collection that brat itself loads: each document's text and an
/// `.ann` of its spans, the suggestions noted as unreviewed, and an
/// `annotation.conf` that declares the types used.
#[test]
fn brat_export_declares_its_types_and_notes_the_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let args = [
        "export",
        "corpus",
        "--format",
        "brat",
        "--out",
        "out",
        "--include-suggestions",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let written: Vec<(String, String)> = tree(&dir.path().join("out"))
        .into_iter()
        .filter(|(name, _)| name != ".alama-output")
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect();
    expect![[r#"
        [
            (
                "annotation.conf",
                "[entities]\nGPE\nPER\n\n[relations]\n\n[events]\n\n[attributes]\n",
            ),
            (
                "news/doc.ann",
                "T1\tPER 4 10\tأوباما\nT2\tGPE 12 17\tبغداد\nN1\tReference T2 geonames:98182\tبغداد\nT3\tPER 24 33\tJoe Biden\nT4\tGPE 46 52\tواشنطن\nN2\tReference T4 geonames:4140963\tواشنطن\n#1\tAnnotatorNotes T4\tunreviewed alama suggestion\n",
            ),
            (
                "news/doc.txt",
                "زار أوباما وبغداد 🇮🇶 مع Joe Biden. ثم عاد إلى واشنطن؟",
            ),
            (
                "other.ann",
                "T1\tGPE 22 27\tبغداد\nN1\tReference T1 geonames:98182\tبغداد\n#1\tAnnotatorNotes T1\tunreviewed alama suggestion\n",
            ),
            (
                "other.txt",
                "وصل الوفد إلى واشنطن وبغداد",
            ),
        ]
    "#]].assert_debug_eq(&written);
}

/// spaCy's JSON: the tokens and their spaces make the document's text
/// again, line breaks included, and the tags are BILUO.
#[test]
fn spacy_json_rebuilds_each_text_from_its_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    fs::write(
        corpus.join("news/doc.txt"),
        format!("  {ANNOTATED}\n\nEnd.\n"),
    )
    .unwrap();
    fs::write(
        corpus.join("news/doc.ann"),
        "T1\tPER 6 12\tأوباما\nT2\tPER 26 35\tJoe Biden\n",
    )
    .unwrap();
    let args = ["export", "corpus", "--format", "spacy", "--out", "out"];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let docs: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/spacy.json")).unwrap())
            .unwrap();
    let paragraph = &docs[0]["paragraphs"][0];
    let mut rebuilt = String::new();
    let mut tags = Vec::new();
    for sentence in paragraph["sentences"].as_array().unwrap() {
        for token in sentence["tokens"].as_array().unwrap() {
            rebuilt.push_str(token["orth"].as_str().unwrap());
            if token["space"].as_bool().unwrap() {
                rebuilt.push(' ');
            }
            let tag = token["ner"].as_str().unwrap();
            if tag != "O" {
                tags.push(format!("{} {tag}", token["orth"].as_str().unwrap()));
            }
        }
    }
    assert_eq!(rebuilt, paragraph["raw"].as_str().unwrap());
    assert_eq!(rebuilt, format!("  {ANNOTATED}\n\nEnd.\n"));
    assert_eq!(tags, ["أوباما U-PER", "Joe B-PER", "Biden L-PER"]);
}
