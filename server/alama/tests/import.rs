//! End-to-end tests of `alama import`, and of the round trip through
//! `alama export` and back: the real binary on temporary corpora.

mod common;

use std::fs;
use std::path::Path;

use common::{alama_in as alama, tree};
use expect_test::expect;

/// Two annotated documents: Arabic with proclitics, an emoji (two UTF-16
/// units) and Latin; English in two sentences.
const DOCUMENTS: [(&str, &str, &str); 2] = [
    (
        "ar/a.txt",
        "زار أوباما وبغداد 📰 مع Joe Biden. ثم عاد إلى واشنطن؟\n",
        "T1\tPER 4 10\tأوباما\nT2\tGPE 12 17\tبغداد\nT3\tPER 23 32\tJoe Biden\n\
         T4\tGPE 45 51\tواشنطن\n",
    ),
    (
        "en.txt",
        "The U.S. Army left Fallujah on June 11, 2014.\nMr. Smith stayed.\n",
        "T1\tORG 4 13\tU.S. Army\nT2\tGPE 19 27\tFallujah\nT3\tDATE 31 44\tJune 11, 2014\n\
         T4\tPER 50 55\tSmith\n",
    ),
];

/// Writes the documents under `dir/corpus`, with their `.ann` files when
/// `annotated`.
fn corpus(dir: &Path, name: &str, annotated: bool) {
    for (path, text, ann) in DOCUMENTS {
        let txt = dir.join(name).join(path);
        fs::create_dir_all(txt.parent().unwrap()).unwrap();
        fs::write(&txt, text).unwrap();
        if annotated {
            fs::write(txt.with_extension("ann"), ann).unwrap();
        }
    }
}

/// Checks that the documents under `folder` have their `.ann` files of
/// [`DOCUMENTS`], byte for byte.
fn assert_annotations(folder: &Path, what: &str) {
    for (path, _, ann) in DOCUMENTS {
        let imported = fs::read_to_string(folder.join(path).with_extension("ann")).unwrap();
        assert_eq!(imported, ann, "{what}: {path}");
    }
}

/// Each format exported from a corpus and imported into its texts gives
/// back its annotations: every `T` line, byte for byte. CoNLL and spaCy
/// cut the proclitic off (`--clitics split`): with `keep`, «وبغداد» would
/// come back whole, as the policy says.
#[test]
fn import_of_export_gives_the_corpus_back_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "corpus", true);
    for (format, file) in [
        ("conll", "corpus.conll"),
        ("jsonl", "corpus.jsonl"),
        ("doccano", "doccano.jsonl"),
        ("label-studio", "label-studio.json"),
        ("spacy", "spacy.json"),
        ("brat", ""),
    ] {
        let out = format!("out-{format}");
        let mut args = vec!["export", "corpus", "--format", format, "--out", &out];
        if matches!(format, "conll" | "spacy") {
            args.extend(["--clitics", "split"]);
        }
        let (code, stderr) = alama(dir.path(), &args);
        assert_eq!(code, Some(0), "{format}: {stderr}");
        let back = format!("back-{format}");
        corpus(dir.path(), &back, false);
        // brat's export is a folder, read as it is.
        let source = if file.is_empty() {
            out.clone()
        } else {
            format!("{out}/{file}")
        };
        let args = ["import", &source, "--format", format, "--into", &back];
        let (code, stderr) = alama(dir.path(), &args);
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert_eq!(stderr, format!("imported 2 documents into {back}\n"));
        assert_annotations(&dir.path().join(&back), format);
    }
}

/// JSON Lines written with UTF-16 offsets are read back with them: the
/// emoji before Joe Biden counts twice there.
#[test]
fn jsonl_with_utf16_offsets_comes_back_with_them() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "corpus", true);
    let args = [
        "export",
        "corpus",
        "--format",
        "jsonl",
        "--out",
        "out",
        "--offsets",
        "utf16",
    ];
    assert_eq!(alama(dir.path(), &args).0, Some(0));
    corpus(dir.path(), "back", false);
    let args = [
        "import",
        "out/corpus.jsonl",
        "--format",
        "jsonl",
        "--into",
        "back",
        "--offsets",
        "utf16",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    assert_annotations(&dir.path().join("back"), "utf16");
    // Only JSON Lines have offsets of either kind.
    let args = [
        "import",
        "x.conll",
        "--format",
        "conll",
        "--into",
        "back",
        "--offsets",
        "utf16",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--offsets utf16 is only used with --format jsonl"),
        "{stderr}"
    );
}

/// CoNLL's tokens alone make a text when the corpus has none: the tokens
/// with spaces, a sentence per line. IOB1, BIOES and BILOU tags are read.
#[test]
fn conll_without_texts_writes_them_from_the_tokens() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("corpus")).unwrap();
    let conll = "-DOCSTART- news/one\tO\n\nوصل\tO\nوفد\tO\nإلى\tO\nبغداد\tS-GPE\n\n\
                 Prime\tO\nMinister\tO\nMark\tB-PER\nCarney\tE-PER\n\n\
                 -DOCSTART- -X- -X- O\n\nEU\tI-ORG\nleaders\tO\nmet\tO\nin\tO\nRome\tU-LOC\n";
    fs::write(dir.path().join("in.conll"), conll).unwrap();
    let args = [
        "import", "in.conll", "--format", "conll", "--into", "corpus",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let files: Vec<(String, String)> = tree(&dir.path().join("corpus"))
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect();
    expect![[r#"
        [
            (
                "in-0002.ann",
                "T1\tORG 0 2\tEU\nT2\tLOC 18 22\tRome\n",
            ),
            (
                "in-0002.txt",
                "EU leaders met in Rome\n",
            ),
            (
                "news/one.ann",
                "T1\tGPE 12 17\tبغداد\nT2\tPER 33 44\tMark Carney\n",
            ),
            (
                "news/one.txt",
                "وصل وفد إلى بغداد\nPrime Minister Mark Carney\n",
            ),
        ]
    "#]]
    .assert_debug_eq(&files);
}

/// Nothing is written when anything is wrong: an `.ann` with annotations
/// (without --force), a text that differs from the corpus', tokens not in
/// the corpus' text, an id outside the corpus, a malformed line. Each
/// problem names the file and line.
#[test]
fn an_import_with_a_problem_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "corpus", true);
    fs::write(dir.path().join("corpus/new.txt"), "A new text.\n").unwrap();
    let before = tree(dir.path());
    let jsonl = concat!(
        r#"{"id":"en.txt","text":"The U.S. Army left Fallujah on June 11, 2014.\nMr. Smith stayed.\n","spans":[]}"#,
        "\n",
        r#"{"id":"new.txt","text":"Another text.\n","spans":[]}"#,
        "\n",
        r#"{"id":"../outside.txt","text":"x","spans":[]}"#,
        "\n",
        r#"{"id":"fine.txt","text":"Rome","spans":[{"start":0,"end":9,"label":"GPE"}]}"#,
        "\n",
        "not json\n",
    );
    fs::write(dir.path().join("in.jsonl"), jsonl).unwrap();
    let args = [
        "import", "in.jsonl", "--format", "jsonl", "--into", "corpus",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(2), "{stderr}");
    expect![[r#"
        error: in.jsonl:5: not JSON: expected ident at line 1 column 2
        error: in.jsonl:1: corpus/en.ann already holds annotations (--force replaces them)
        error: in.jsonl:2: the text differs from corpus/new.txt, which is kept
        error: in.jsonl:3: the id "../outside.txt" is not a relative path inside the corpus
        error: in.jsonl:4: the span 0..9 (GPE) is empty or lies outside the text of 4 code points
        alama: 5 problems in in.jsonl; nothing was imported
    "#]]
    .assert_eq(&stderr);

    let conll = "-DOCSTART- en.txt\tO\n\nThe\tO\nUS\tB-ORG\nArmy\tI-ORG\n";
    fs::write(dir.path().join("in.conll"), conll).unwrap();
    let args = [
        "import", "in.conll", "--format", "conll", "--into", "corpus", "--force",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(2), "{stderr}");
    expect![[r#"
        error: in.conll:4: the token "US" is not the next one in corpus/en.txt (at code point 4, which holds "U.")
        alama: 1 problem in in.conll; nothing was imported
    "#]]
    .assert_eq(&stderr);
    // spaCy's format: a document that is not one names the file's line.
    let spacy = concat!(
        "[\n",
        r#"{"name": "en.txt", "paragraphs": [{"raw": "x", "sentences": [{"tokens": [{"orth": "y"}]}]}]},"#,
        "\n",
        r#"{"name": "new.txt", "paragraphs": 5}"#,
        "\n]\n",
    );
    fs::write(dir.path().join("in.json"), spacy).unwrap();
    let args = [
        "import", "in.json", "--format", "spacy", "--into", "corpus", "--force",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(2), "{stderr}");
    expect![[r#"
        error: in.json: document 1, paragraph 1: token 1 "y" is not next in the raw text (at code point 0)
        error: in.json:3: document 2: not a spaCy document: invalid type: integer `5`, expected a sequence
        alama: 2 problems in in.json; nothing was imported
    "#]].assert_eq(&stderr);
    fs::remove_file(dir.path().join("in.jsonl")).unwrap();
    fs::remove_file(dir.path().join("in.conll")).unwrap();
    fs::remove_file(dir.path().join("in.json")).unwrap();
    assert_eq!(tree(dir.path()), before, "nothing was written");
}

/// The suggestions of a brat export, noted as unreviewed, are left out.
#[test]
fn suggestions_of_a_brat_export_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "corpus", true);
    // The English document is not annotated: it gets suggestions only.
    fs::remove_file(dir.path().join("corpus/en.ann")).unwrap();
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
    let exported = fs::read_to_string(dir.path().join("out/en.ann")).unwrap();
    assert!(
        exported.contains("unreviewed alama suggestion"),
        "{exported}"
    );
    corpus(dir.path(), "back", false);
    let args = ["import", "out", "--format", "brat", "--into", "back"];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("in the source left out"), "{stderr}");
    let back = |path: &str| fs::read_to_string(dir.path().join("back").join(path)).unwrap();
    assert_eq!(back("ar/a.ann"), DOCUMENTS[0].2);
    assert_eq!(back("en.ann"), "");
}

/// Label Studio's predictions are left out: only annotations are imported.
#[test]
fn suggestions_are_never_imported_as_annotations() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("corpus")).unwrap();
    let tasks = r#"[{"id":7,"data":{"text":"Obama 📰 in Rome"},
        "annotations":[{"result":[{"type":"labels","value":{"start":12,"end":16,"labels":["GPE"]}}]}],
        "predictions":[{"result":[{"type":"labels","value":{"start":0,"end":5,"labels":["PER"]}}]}]}]"#;
    fs::write(dir.path().join("tasks.json"), tasks).unwrap();
    let args = [
        "import",
        "tasks.json",
        "--format",
        "label-studio",
        "--into",
        "corpus",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "imported 1 document into corpus\n\
         1 suggestion in the source left out: only annotations are imported\n"
    );
    let ann = fs::read_to_string(dir.path().join("corpus/label-studio-7.ann")).unwrap();
    // Rome starts after the emoji's two UTF-16 units: at code point 11.
    assert_eq!(ann, "T1\tGPE 11 15\tRome\n");
}
