//! End-to-end tests of `alama tag --stdin-jsonl`: the real binary fed
//! records on a pipe.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;

use serde_json::{json, Value};

fn alama() -> Command {
    Command::new(env!("CARGO_BIN_EXE_alama"))
}

/// Runs `alama ARGS` in `dir` with `input` on its standard input.
fn run(args: &[&str], dir: &Path, input: Vec<u8>) -> Output {
    let mut child = alama()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the alama binary runs");
    let mut stdin = child.stdin.take().unwrap();
    // Written while the output is read, so that neither pipe fills up.
    let writer = thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

/// Runs `alama tag --stdin-jsonl EXTRA...` in `dir` on `input`; returns the
/// output lines parsed, after checking that the command succeeded quietly.
fn stream(dir: &Path, extra: &[&str], input: Vec<u8>) -> Vec<Value> {
    let mut args = vec!["tag", "--stdin-jsonl"];
    args.extend(extra);
    let output = run(&args, dir, input);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// One input line per record `(id, text)`.
fn records<'a>(records: impl IntoIterator<Item = (Value, &'a str)>) -> Vec<u8> {
    let mut input = Vec::new();
    for (id, text) in records {
        serde_json::to_writer(&mut input, &json!({"id": id, "text": text})).unwrap();
        input.push(b'\n');
    }
    input
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds")
}

/// The seed articles, by file name.
fn seeds() -> BTreeMap<String, String> {
    fs::read_dir(seeds_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// A project (marked by its `.alama/` folder) with the seed articles in
/// `seeds/` and an annotated document whose confirmed names are propagated
/// to them.
fn seed_project(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(corpus.join(".alama")).unwrap();
    fs::create_dir_all(corpus.join("seeds")).unwrap();
    for (name, text) in seeds() {
        fs::write(corpus.join("seeds").join(name), text).unwrap();
    }
    fs::write(
        corpus.join("annotated.txt"),
        "Nuri al-Maliki met Mustafa al-Kadhimi. التقى مصطفى الكاظمى",
    )
    .unwrap();
    fs::write(
        corpus.join("annotated.ann"),
        "T1\tPER 0 14\tNuri al-Maliki\nN1\tReference T1 wikidata:Q58240\tNouri al-Maliki\n\
         T2\tPER 45 58\tمصطفى الكاظمى\n",
    )
    .unwrap();
    corpus
}

/// The spans `alama tag --format jsonl` gives the seed articles among the
/// documents of the project `root`, by file name.
fn tagged_seeds(root: &Path) -> BTreeMap<String, Value> {
    let output = alama()
        .args(["tag", "--format", "jsonl", "."])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let seeds = seeds();
    let mut tagged = BTreeMap::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let document: Value = serde_json::from_str(line).unwrap();
        let path = Path::new(document["path"].as_str().unwrap());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if seeds.contains_key(&name) {
            tagged.insert(name, document["spans"].clone());
        }
    }
    assert_eq!(tagged.len(), seeds.len());
    tagged
}

/// The seed articles, one record a line, each with its file name as id.
fn seed_records() -> Vec<u8> {
    let seeds = seeds();
    records(
        seeds
            .iter()
            .map(|(name, text)| (json!(name), text.as_str())),
    )
}

/// The spans of each answer, by id.
fn by_id(answers: Vec<Value>) -> BTreeMap<String, Value> {
    answers
        .into_iter()
        .map(|answer| {
            let id = answer["id"].as_str().unwrap().to_owned();
            (id, answer["spans"].clone())
        })
        .collect()
}

/// Each seed article, given as a record, gets the spans `alama tag
/// --format jsonl` gives it in the sample corpus.
#[test]
fn seed_records_get_the_spans_of_alama_tag() {
    let expected = tagged_seeds(&seeds_dir());
    let answers = stream(&seeds_dir(), &[], seed_records());
    assert_eq!(by_id(answers), expected);
}

/// Each record gets the spans `alama tag --format jsonl` gives its text as
/// a document of the project: the project's confirmed names propagated,
/// found whether the project is given or the current folder lies in it.
#[test]
fn records_get_the_confirmed_names_of_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = seed_project(dir.path());
    let expected = tagged_seeds(&corpus);
    let propagated = expected
        .values()
        .flat_map(|spans| spans.as_array().unwrap())
        .filter(|span| span["source"] == "propagated")
        .count();
    assert!(propagated >= 2, "the test propagates names: {expected:#?}");

    let project = corpus.to_str().unwrap();
    let given = stream(dir.path(), &["--project", project], seed_records());
    assert_eq!(by_id(given), expected);
    let discovered = stream(&corpus.join("seeds"), &[], seed_records());
    assert_eq!(by_id(discovered), expected);
}

/// Outside any project, the current folder is not read as a corpus: its
/// confirmed names are not propagated, and the spans are those of the
/// document tagged alone.
#[test]
fn outside_a_project_no_folder_is_read_as_a_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let text = "وأكد المالكي ونوري المالكي ذلك";
    fs::write(dir.path().join("a.txt"), "قال نوري المالكي إن").unwrap();
    fs::write(dir.path().join("a.ann"), "T1\tPER 4 16\tنوري المالكي\n").unwrap();
    fs::create_dir(dir.path().join("alone")).unwrap();
    fs::write(dir.path().join("alone/b.txt"), text).unwrap();
    let output = alama()
        .args(["tag", "--format", "jsonl", "alone/b.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let answers = stream(dir.path(), &[], records([(json!("b"), text)]));
    assert_eq!(answers, [json!({"id": "b", "spans": document["spans"]})]);
    assert!(!answers[0].to_string().contains("propagated"));
}

/// Many records of different lengths, answered in input order, each id
/// echoed as written: a string, an integer, a decimal, an integer too
/// large for 64 bits, an array.
#[test]
fn answers_keep_the_input_order_and_ids_as_written() {
    let ids = [
        "\"s\"",
        "7",
        "1.50",
        "123456789012345678901234567890",
        "[1,\"x\"]",
    ];
    let mut input = String::new();
    let mut expected_ids = Vec::new();
    for i in 0..3000 {
        let id = if i < ids.len() {
            ids[i].to_owned()
        } else {
            format!("{i}")
        };
        // Every seventh record is long, so that it ends after those behind it.
        let filler = if i % 7 == 0 { 200 } else { 1 };
        let text = format!("{}وصل {i} زائرا إلى بغداد.", "كلام عادي. ".repeat(filler));
        input.push_str(&format!(
            "{{\"id\": {id}, \"text\": {}}}\n",
            serde_json::to_string(&text).unwrap()
        ));
        expected_ids.push(id);
    }
    let dir = tempfile::tempdir().unwrap();
    let output = run(&["tag", "--stdin-jsonl"], dir.path(), input.into_bytes());
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected_ids.len());
    for (i, (line, id)) in lines.iter().zip(&expected_ids).enumerate() {
        assert!(
            line.starts_with(&format!("{{\"id\":{id},\"spans\":[")),
            "{i}: {line}"
        );
        assert!(line.contains(&format!("\"text\":\"{i}\"")), "{i}: {line}");
    }
}

/// Every kind of bad line gets an error line naming its line number, with
/// its id when it has one, and the records after it are tagged; an empty
/// text has no spans. The stream ends successfully.
#[test]
fn bad_lines_get_error_lines_and_the_stream_goes_on() {
    let mut input: Vec<u8> = Vec::new();
    for line in [
        &br#"{"id": 1, "text": "Baghdad"}"#[..],
        b"{\"id\": \"latin1\", \"text\": \"caf\xe9\"}",
        b"{\"id\": \"in \xff id\", \"text\": \"x\"}",
        b"not json",
        br#"[1, 2]"#,
        br#""a string""#,
        br#"{"text": "Baghdad"}"#,
        br#"{"id": 8}"#,
        br#"{"id": "nine", "text": 9}"#,
        br#"{"id": 10, "text": null}"#,
        br#"{"id": 11, "text": ""}"#,
        b"",
        b"   ",
        br#"{"id": 14, "text": "Baghdad""#,
        br#"{"id": 15, "text": "Baghdad"} trailing"#,
        br#"{"id": 16, "id": 17, "text": "Baghdad"}"#,
        br#"{"id": null, "text": "Baghdad", "lang": "en"}"#,
        b"{\"id\": 18, \"text\": \"Baghdad\"}\r",
    ] {
        input.extend_from_slice(line);
        input.push(b'\n');
    }
    // The last line has no line break.
    input.extend_from_slice(r#"{"id": 19, "text": "بغداد"}"#.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let output = run(&["tag", "--stdin-jsonl"], dir.path(), input);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    expect_test::expect![[r#"
        {"id":1,"spans":[{"start":0,"end":7,"type":"GPE","text":"Baghdad","status":"suggested","source":"lexicon","entity":"geonames:98182","candidates":["geonames:98182","iso3166-2:IQ-BG"]}]}
        {"id":"latin1","error":"line 2: not valid UTF-8 at byte 29"}
        {"id":null,"error":"line 3: not valid UTF-8 at byte 11"}
        {"id":null,"error":"line 4: not valid JSON: expected ident at column 2"}
        {"id":null,"error":"line 5: not a JSON object"}
        {"id":null,"error":"line 6: not a JSON object"}
        {"id":null,"error":"line 7: no \"id\" field"}
        {"id":8,"error":"line 8: no \"text\" field"}
        {"id":"nine","error":"line 9: \"text\" is a number, not a string"}
        {"id":10,"error":"line 10: \"text\" is null, not a string"}
        {"id":11,"spans":[]}
        {"id":null,"error":"line 12: an empty line, not a JSON object"}
        {"id":null,"error":"line 13: an empty line, not a JSON object"}
        {"id":null,"error":"line 14: not valid JSON: EOF while parsing an object at column 28"}
        {"id":null,"error":"line 15: not valid JSON: trailing characters at column 31"}
        {"id":null,"error":"line 16: duplicate field `id`"}
        {"id":null,"spans":[{"start":0,"end":7,"type":"GPE","text":"Baghdad","status":"suggested","source":"lexicon","entity":"geonames:98182","candidates":["geonames:98182","iso3166-2:IQ-BG"]}]}
        {"id":18,"spans":[{"start":0,"end":7,"type":"GPE","text":"Baghdad","status":"suggested","source":"lexicon","entity":"geonames:98182","candidates":["geonames:98182","iso3166-2:IQ-BG"]}]}
        {"id":19,"spans":[{"start":0,"end":5,"type":"GPE","text":"بغداد","status":"suggested","source":"lexicon","entity":"geonames:98182","candidates":["geonames:98182","iso3166-2:IQ-BG"]}]}
    "#]]
    .assert_eq(&String::from_utf8(output.stdout).unwrap());
}

/// PATHs, or a format other than JSON lines, do not go with
/// `--stdin-jsonl`; without it a PATH is needed.
#[test]
fn paths_and_other_formats_are_refused_with_stdin_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("doc.txt"), "Baghdad").unwrap();
    for (args, message) in [
        (
            &["tag", "--stdin-jsonl", "doc.txt"][..],
            "alama: --stdin-jsonl reads the texts from standard input and takes no PATH, but doc.txt was given\n",
        ),
        (
            &["tag", "--stdin-jsonl", "--format", "text"][..],
            "alama: --stdin-jsonl writes JSON lines to standard output: --format text or brat, --out and --force do not go with it\n",
        ),
    ] {
        let output = run(args, dir.path(), Vec::new());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), message);
        assert!(output.stdout.is_empty());
    }
    let output = run(&["tag"], dir.path(), Vec::new());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("<PATHS>"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// When the reader of the output goes away, the command ends with a
/// failure, without a panic or a message.
#[test]
fn a_closed_output_ends_the_stream_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn(dir.path());
    let mut stdin = child.stdin.take().unwrap();
    let text = "وصل الوفد إلى بغداد. ".repeat(50);
    let writer = thread::spawn(move || {
        for i in 0..20_000 {
            let line = json!({"id": i, "text": text});
            // The command stops reading once its output is closed.
            if writeln!(stdin, "{line}").is_err() {
                return;
            }
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with(r#"{"id":0,"spans":["#), "{first}");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

fn spawn(dir: &Path) -> Child {
    alama()
        .args(["tag", "--stdin-jsonl"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the alama binary runs")
}

/// A text of 50 MB is one record like any other: its spans are those of
/// `alama tag` on it (recognized in pieces, as a document of 16 MB or more
/// is), and the records around it are answered.
#[test]
fn a_text_of_fifty_megabytes_is_one_record() {
    let seeds: Vec<String> = seeds().into_values().collect();
    let article = seeds.join("\n");
    let text = article.repeat((50 << 20) / article.len() + 1);
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("huge.txt"), &text).unwrap();
    let tagged = alama()
        .args(["tag", "--format", "jsonl", "huge.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(tagged.status.code(), Some(0));
    let tagged = String::from_utf8(tagged.stdout).unwrap();
    let spans = tagged.strip_prefix(r#"{"path":"huge.txt","#).unwrap();

    let input = records([
        (json!("before"), "Baghdad"),
        (json!("huge"), text.as_str()),
        (json!("after"), "بغداد"),
    ]);
    let output = run(&["tag", "--stdin-jsonl"], dir.path(), input);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with(r#"{"id":"before","spans":[{"#));
    assert_eq!(lines[1].strip_prefix(r#"{"id":"huge","#), Some(spans));
    assert!(spans.len() > 1 << 20, "the text has many spans");
    assert!(lines[2].starts_with(r#"{"id":"after","spans":[{"#));
}

/// The peak resident memory of `alama tag --stdin-jsonl` over `count`
/// records of the seed articles, and whether every record was answered in
/// order. The input is kept open until every answer is read, so that the
/// process still runs when its peak (`VmHWM`) is read, and so that the
/// answers are shown to come before the end of the input.
#[cfg(target_os = "linux")]
fn peak_memory_kb(count: usize) -> u64 {
    let seeds: Vec<String> = seeds().into_values().collect();
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn(dir.path());
    let mut stdin = child.stdin.take().unwrap();
    let writer = thread::spawn(move || {
        for i in 0..count {
            let line = json!({"id": i, "text": seeds[i % seeds.len()]});
            writeln!(stdin, "{line}").unwrap();
        }
        stdin
    });
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = stdout.lines();
    for i in 0..count {
        let line = lines.next().unwrap().unwrap();
        assert!(
            line.starts_with(&format!("{{\"id\":{i},\"spans\":[{{")),
            "{line}"
        );
    }
    let status = fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().strip_suffix(" kB"))
        .and_then(|kb| kb.parse().ok())
        .expect("/proc/<pid>/status has VmHWM");
    drop(writer.join().unwrap());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(lines.next().is_none());
    peak
}

/// Memory is bounded by the window of records, not by the input: 20,000
/// articles (about 90 MB of input and 130 MB of output) take less than
/// 32 MB more at their peak than 2,000 articles do, which fill the same
/// windows on every core.
#[cfg(target_os = "linux")]
#[test]
fn memory_is_bounded_by_the_window_not_the_input() {
    let few = peak_memory_kb(2_000);
    let many = peak_memory_kb(20_000);
    assert!(
        many < few + 32 * 1024,
        "peak of 20,000 records: {many} kB; of 2,000 records: {few} kB"
    );
}
