//! End-to-end tests of `alama status`, `alama stats` and the export of
//! documents by review state: the real binary on temporary corpora.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::alama_in as alama;
use expect_test::expect;

/// Runs `alama ARGS` in `dir` as the user `amal`; returns stdout, stderr
/// and the exit code.
fn run(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_alama"))
        .args(args)
        .current_dir(dir)
        .env("USER", "amal")
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code(),
    )
}

/// A project of three documents: `a.txt` annotated, with a rejected
/// suggestion in `b.txt`.
fn project(dir: &Path) {
    let corpus = dir.join("corpus");
    fs::create_dir_all(corpus.join(".alama")).unwrap();
    fs::create_dir_all(corpus.join("news")).unwrap();
    fs::write(corpus.join("a.txt"), "زار أوباما بغداد").unwrap();
    fs::write(corpus.join("a.ann"), "T1\tPER 4 10\tأوباما\n").unwrap();
    fs::write(corpus.join("b.txt"), "وصل الوفد إلى واشنطن وبغداد").unwrap();
    fs::write(corpus.join("news/c.txt"), "Obama visited Baghdad.").unwrap();
    fs::write(
        corpus.join(".alama/rejections.tsv"),
        "b.txt\t14\t20\tGPE\tgeonames:4140963\tواشنطن\n",
    )
    .unwrap();
}

#[test]
fn states_are_set_listed_counted_and_chosen_for_export() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let (_, stderr, code) = run(dir.path(), &["status", "corpus/a.txt", "--set", "done"]);
    assert_eq!((stderr.as_str(), code), ("1 document now done\n", Some(0)));
    let args = [
        "status",
        "corpus/news",
        "--set",
        "in-progress",
        "--by",
        "sam",
    ];
    let (_, stderr, code) = run(dir.path(), &args);
    assert_eq!(
        (stderr.as_str(), code),
        ("1 document now in progress\n", Some(0))
    );

    let (stdout, _, code) = run(dir.path(), &["status", "corpus"]);
    assert_eq!(code, Some(0));
    let listing: Vec<String> = stdout
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields[2] == "-" || fields[2].ends_with('Z'), "{line}");
            format!("{} {} {}", fields[0], fields[1], fields[3])
        })
        .collect();
    assert_eq!(
        listing,
        [
            "done amal a.txt",
            "todo - b.txt",
            "in-progress sam news/c.txt"
        ]
    );

    let (stdout, stderr, code) = run(dir.path(), &["stats", "corpus"]);
    assert_eq!(code, Some(0), "{stderr}");
    expect![[r#"
        3 documents: 1 to do, 1 in progress, 1 done

        type   confirmed  suggested  rejected
        GPE            0          3         1
        PER            1          0         0
        total          1          3         1
    "#]]
    .assert_eq(&stdout);
    let (stdout, _, _) = run(dir.path(), &["stats", "corpus", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["documents"]["done"], 1);
    assert_eq!(json["total"]["rejected"], 1);

    let args = [
        "export", "corpus", "--format", "jsonl", "--out", "out", "--status", "done",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let exported = fs::read_to_string(dir.path().join("out/corpus.jsonl")).unwrap();
    assert_eq!(exported.lines().count(), 1);
    assert!(exported.starts_with(r#"{"id":"a.txt""#), "{exported}");
    let args = [
        "export",
        "corpus",
        "--format",
        "jsonl",
        "--out",
        "out2",
        "--docs",
        "news/**",
        "--include-suggestions",
    ];
    let (code, stderr) = alama(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let exported = fs::read_to_string(dir.path().join("out2/corpus.jsonl")).unwrap();
    assert!(exported.starts_with(r#"{"id":"news/c.txt""#), "{exported}");
    assert_eq!(exported.lines().count(), 1);
}

#[test]
fn a_bad_state_or_a_status_file_with_a_bad_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let (_, stderr, code) = run(dir.path(), &["status", "corpus", "--set", "finished"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("unknown review state \"finished\""),
        "{stderr}"
    );
    let status = dir.path().join("corpus/.alama/status.tsv");
    fs::write(&status, "a.txt\tdone\n").unwrap();
    let (_, stderr, code) = run(dir.path(), &["status", "corpus/b.txt", "--set", "done"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("status.tsv:1: expected path, state, who and when separated by tabs"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&status).unwrap(), "a.txt\tdone\n");
}
