//! End-to-end tests of `alama check`: the real binary on a temporary corpus
//! with one fault of each kind.

mod common;

use std::fs;
use std::process::Command;

use expect_test::expect;

#[test]
fn each_fault_is_reported_at_its_place_and_errors_fail_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join(".alama")).unwrap();
    // A name cut inside a word, one with a comma, a duplicate, an overlap,
    // a type the project does not have, a line whose text moved; the same
    // name as two types; a confirmed name left unresolved in b.txt.
    fs::write(
        corpus.join("a.txt"),
        "زار أوباما بغداد،\nثم Parisian Washington.",
    )
    .unwrap();
    fs::write(
        corpus.join("a.ann"),
        "T1\tPER 4 10\tأوباما\nT2\tGPE 11 17\tبغداد،\nT3\tPER 4 10\tأوباما\n\
         T4\tGPE 21 26\tParis\nT5\tXYZ 21 29\tParisian\nT6\tGPE 30 40\tWashington\n\
         T7\tGPE 0 5\tبغداد\n",
    )
    .unwrap();
    fs::write(corpus.join("b.txt"), "أوباما في بغداد").unwrap();
    fs::write(
        corpus.join("b.ann"),
        "T1\tGPE 10 15\tبغداد\nT2\tORG 0 6\tأوباما\n",
    )
    .unwrap();
    fs::write(corpus.join("c.txt"), "قال أوباما").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_alama"))
        .args(["check", "corpus"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    expect![[r#"
        corpus/a.ann:7: error: reference text `بغداد` differs from the document's `زار أ` at 0..5 [ann-text]
        corpus/a.txt:1:5: error: «أوباما» is annotated twice as PER [duplicate]
        corpus/a.txt:1:5: warning: «أوباما» is confirmed as PER here and as ORG once in the corpus [type-conflict]
        corpus/a.txt:1:5: warning: «أوباما» is confirmed as PER here and as ORG once in the corpus [type-conflict]
        corpus/a.txt:1:12: warning: «بغداد،» starts or ends with white space or punctuation [boundary]
        corpus/a.txt:2:4: error: «Parisian» has the type XYZ, which the project does not declare (PER, ORG, GPE, LOC, FAC, NORP, EVENT, DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL) [unknown-type]
        corpus/a.txt:2:4: warning: «Paris» ends inside a word [boundary]
        corpus/a.txt:2:4: warning: «Paris» (GPE) overlaps «Parisian» (XYZ) [overlap]
        corpus/b.txt:1:1: warning: «أوباما» is confirmed as ORG here and as PER 2 times in the corpus [type-conflict]
        corpus/c.txt:1:5: warning: «أوباما» is confirmed as PER in the corpus (2 times) but neither confirmed nor rejected here [unresolved]
    "#]].assert_eq(&stdout);
    expect![[r#"
        3 errors, 7 warnings in 3 documents
    "#]]
    .assert_eq(&stderr);
}
