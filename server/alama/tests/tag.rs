//! End-to-end tests: the real `alama` binary on temporary corpora.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::tree;
use serde_json::Value;

fn alama(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_alama"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the alama binary runs")
}

/// A temporary corpus of `files`: `(name, text)`.
fn corpus(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Each document's file name and its spans as `TYPE text [status source entity]`.
type Listing = Vec<(String, Vec<String>)>;

/// Runs `alama tag --format jsonl` and returns the listing, stderr and exit code.
fn tag(dir: &Path, extra: &[&str]) -> (Listing, String, Option<i32>) {
    let mut args = vec!["tag", "--format", "jsonl", "."];
    args.extend(extra);
    let output = alama(&args, dir);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let documents = stdout
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).unwrap();
            let name = Path::new(doc["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let spans = doc["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    format!(
                        "{} {} [{} {} {}]",
                        s["type"].as_str().unwrap(),
                        s["text"].as_str().unwrap(),
                        s["status"].as_str().unwrap(),
                        s["source"].as_str().unwrap(),
                        s["entity"].as_str().unwrap_or("-"),
                    )
                })
                .collect();
            (name, spans)
        })
        .collect();
    (
        documents,
        String::from_utf8(output.stderr).unwrap(),
        output.status.code(),
    )
}

#[test]
fn suggests_places_dates_and_people_in_both_languages() {
    let dir = corpus(&[
        (
            "ar.txt",
            "وقال الرئيس باراك أوباما الأربعاء (11 يونيو 2014) إن القوات وصلت إلى بغداد 😀 وللولايات المتحدة.",
        ),
        (
            "en.txt",
            "President Barack Obama met officials in Baghdad on June 11, 2014.",
        ),
    ]);
    let (documents, stderr, code) = tag(dir.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = format!("{documents:#?}");
    for expected in [
        "PER باراك أوباما [suggested pattern -]",
        "DATE الأربعاء (11 يونيو 2014) [suggested rule -]",
        "GPE بغداد [suggested lexicon geonames:98182]",
        // للولايات المتحدة: the span starts at the second ل.
        "GPE لولايات المتحدة [suggested lexicon iso3166:US]",
        "PER Barack Obama [suggested pattern -]",
        "GPE Baghdad [suggested lexicon geonames:98182]",
        "DATE June 11, 2014 [suggested rule -]",
    ] {
        assert!(text.contains(expected), "missing {expected} in {text}");
    }
}

/// Tags the one document `name` holding `text` with the defaults and
/// checks its listing.
fn check_tagged(name: &str, text: &str, expect: expect_test::Expect) {
    let dir = corpus(&[(name, text)]);
    let (documents, stderr, code) = tag(dir.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    expect.assert_debug_eq(&documents);
}

/// The embedded lexicon's ranking of ambiguous names: the place news means
/// comes first, and phrases of common words are not places.
#[test]
fn ambiguous_names_link_to_the_place_news_means() {
    check_tagged(
        "en.txt",
        // Obama also names a town of 29,000 in Japan; الحد ("the limit") one
        // of 32,000 in Algeria.
        "Obama said officials in Washington and New York spoke of the White House. \
         وصل الوفد إلى واشنطن للحد من التوتر، قال أوباما.",
        expect_test::expect![[r#"
        [
            (
                "en.txt",
                [
                    "GPE Washington [suggested lexicon geonames:4140963]",
                    "GPE New York [suggested lexicon geonames:5128581]",
                    "ORG White House [suggested lexicon wordnet:08128837-n]",
                    "GPE واشنطن [suggested lexicon geonames:4140963]",
                ],
            ),
        ]
    "#]],
    );
}

/// Among places of one name, a large city comes before a region of
/// another country, and the text decides where it says more: vowel marks
/// written on an Arabic name, a region word before or after it.
#[test]
fn the_text_around_a_name_chooses_among_its_places() {
    check_tagged(
        "places.txt",
        "Fans gathered in Manchester. Heavy rain hit Kiambu County \
         and Irbid.\nعاد الوفد إلى عمّان 🇯🇴 بعد زيارة سلطنة عمان، وأمطار في محافظة إربد.",
        expect_test::expect![[r#"
        [
            (
                "places.txt",
                [
                    "GPE Manchester [suggested lexicon geonames:2643123]",
                    "GPE Kiambu County [suggested pattern iso3166-2:KE-13]",
                    "GPE Irbid [suggested lexicon geonames:248946]",
                    "GPE عم\u{651}ان [suggested lexicon geonames:250441]",
                    "GPE سلطنة عمان [suggested lexicon iso3166:OM]",
                    "GPE إربد [suggested lexicon iso3166-2:JO-IR]",
                ],
            ),
        ]
    "#]],
    );
}

/// A person's family name is found again alone, but not the father's
/// name after بن or bin, which names another person.
#[test]
fn a_family_name_is_found_again_but_not_a_fathers_name() {
    check_tagged(
        "names.txt",
        "قال الشيخ محمد بن راشد إن «المستكشف راشد» جاهز، وقال الوزير سالم المنصوري إن \
         المنصوري سيزور دبي. Sheikh Hamdan bin Mohammed met Minister Khalid Al Lamki; \
         Mohammed left and Al Lamki stayed.",
        expect_test::expect![[r#"
        [
            (
                "names.txt",
                [
                    "PER محمد بن راشد [suggested pattern -]",
                    "PER سالم المنصوري [suggested pattern -]",
                    "PER المنصوري [suggested repeated -]",
                    "GPE دبي [suggested lexicon geonames:292223]",
                    "PER Hamdan bin Mohammed [suggested pattern -]",
                    "PER Khalid Al Lamki [suggested pattern -]",
                    "PER Al Lamki [suggested repeated -]",
                ],
            ),
        ]
    "#]],
    );
}

/// A place and a complement with لل name an organization (EgyptAir), but
/// not when the complement is a place too ("from Cairo to Riyadh").
#[test]
fn a_place_and_a_complement_name_an_organization() {
    check_tagged(
        "companies.txt",
        "أعلنت مصر للطيران ✈️ رحلات جديدة، وقال مركز القاهرة للدراسات الاقتصادية إن الرحلة من \
         القاهرة للرياض ألغيت.",
        expect_test::expect![[r#"
        [
            (
                "companies.txt",
                [
                    "ORG مصر للطيران [suggested pattern -]",
                    "ORG مركز القاهرة للدراسات الاقتصادية [suggested pattern -]",
                    "GPE القاهرة [suggested lexicon geonames:360630]",
                    "GPE لرياض [suggested lexicon geonames:108410]",
                ],
            ),
        ]
    "#]],
    );
}

/// Countries are found by the acronyms news writes (UAE, DRC), and an
/// Arab city by its Arabic name with the article where GeoNames lacks it.
#[test]
fn countries_by_acronym_and_cities_with_the_article() {
    check_tagged(
        "acronyms.txt",
        "The UAE 🇦🇪 and the DRC signed a deal; وصل الوفد إلى البصرة.",
        expect_test::expect![[r#"
            [
                (
                    "acronyms.txt",
                    [
                        "GPE UAE [suggested lexicon iso3166:AE]",
                        "GPE DRC [suggested lexicon iso3166:CD]",
                        "GPE البصرة [suggested lexicon geonames:99532]",
                    ],
                ),
            ]
        "#]],
    );
}

/// A party or an armed force found with its head is named again by the
/// rest of its name; a ministry is not.
#[test]
fn an_organization_is_named_again_without_its_head() {
    check_tagged(
        "forces.txt",
        "قال الجيش إن قوات الدعم السريع انسحبت 🚩، وإن الدعم السريع خسر. وأعلنت وزارة التعليم \
         العالي أن التعليم العالي مجاني.",
        expect_test::expect![[r#"
            [
                (
                    "forces.txt",
                    [
                        "ORG قوات الدعم السريع [suggested pattern -]",
                        "ORG الدعم السريع [suggested repeated -]",
                        "ORG وزارة التعليم العالي [suggested pattern -]",
                    ],
                ),
            ]
        "#]],
    );
}

/// A company named by a word and its line of business is named by the word
/// alone later, unless the word is a place.
#[test]
fn a_company_is_named_again_by_its_first_word() {
    check_tagged(
        "companies.txt",
        "Adnoc Drilling won a contract 📈. Dubai Holding bought a stake. Adnoc said Dubai agreed.",
        expect_test::expect![[r#"
            [
                (
                    "companies.txt",
                    [
                        "ORG Adnoc Drilling [suggested pattern -]",
                        "ORG Dubai Holding [suggested pattern -]",
                        "ORG Adnoc [suggested repeated -]",
                        "GPE Dubai [suggested lexicon geonames:292223]",
                    ],
                ),
            ]
        "#]],
    );
}

/// A head and the lexicon place after it name a club, a team or a
/// government; a head that is also a common noun («شباب», youth) only with a
/// town, and a league of a continent is an organization, its cup an event.
#[test]
fn a_head_and_a_place_name_an_organization() {
    check_tagged(
        "clubs.txt",
        "فاز مولودية وهران ⚽ على ترجي مستغانم في دوري أبطال أفريقيا، وقالت حكومة دمشق إن \
         شباب مصر سيشجعون منتخب مصر في كأس أمم أفريقيا. Metlaoui: تعادل نجم المتلوي.",
        expect_test::expect![[r#"
            [
                (
                    "clubs.txt",
                    [
                        "ORG مولودية وهران [suggested pattern -]",
                        "ORG ترجي مستغانم [suggested pattern -]",
                        "ORG دوري أبطال أفريقيا [suggested pattern -]",
                        "ORG حكومة دمشق [suggested pattern -]",
                        "GPE مصر [suggested lexicon iso3166:EG]",
                        "ORG منتخب مصر [suggested pattern -]",
                        "EVENT كأس أمم أفريقيا [suggested pattern -]",
                        "GPE Metlaoui [suggested lexicon geonames:2473517]",
                        "ORG نجم المتلوي [suggested pattern -]",
                    ],
                ),
            ]
        "#]],
    );
}

#[test]
fn spans_are_code_points_sorted_and_disjoint() {
    let text = "😀😀 بغداد و🇮🇶 العراق";
    let dir = corpus(&[("doc.txt", text)]);
    let output = alama(&["tag", "--format", "jsonl", "doc.txt"], dir.path());
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mut previous_end = 0;
    for span in doc["spans"].as_array().unwrap() {
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert!(start >= previous_end, "overlap or disorder at {span}");
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, span["text"].as_str().unwrap());
        previous_end = end;
    }
    assert!(previous_end > 0, "no spans in {doc}");
}

/// A JSON line, byte for byte: quotes and backslashes escaped in the path
/// and in names, `entity` null when unlinked, `candidates` only for an
/// ambiguous name.
#[test]
fn json_lines_escape_paths_and_names() {
    let name = r#"a "b" \c.txt"#;
    let dir = corpus(&[
        (name, "Bank \"Audi\" opened in Tripoli."),
        (r#"a "b" \c.ann"#, "T1\tORG 0 11\tBank \"Audi\"\n"),
    ]);
    let output = alama(&["tag", "--format", "jsonl", name], dir.path());
    let line = String::from_utf8(output.stdout).unwrap();
    expect_test::expect![[r#"
        {"path":"a \"b\" \\c.txt","spans":[{"start":0,"end":11,"type":"ORG","text":"Bank \"Audi\"","status":"confirmed","source":"annotation","entity":null},{"start":22,"end":29,"type":"GPE","text":"Tripoli","status":"suggested","source":"lexicon","entity":"geonames:2210247","candidates":["geonames:2210247","geonames:266826","geonames:252601"]}]}
    "#]]
    .assert_eq(&line);
    let parsed: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(parsed["path"], name);
}

#[test]
fn confirmed_annotations_propagate_across_documents() {
    let dir = corpus(&[
        ("a.txt", "قال نوري المالكي إن"),
        (
            "a.ann",
            "T1\tPER 4 16\tنوري المالكي\nN1\tReference T1 wikidata:Q58240\tNouri al-Maliki\nR1\tFriend Arg1:T1 Arg2:T1\n",
        ),
        ("b.txt", "وأكد المالكي ونوري المالكي ذلك"),
    ]);
    let (documents, stderr, code) = tag(dir.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        documents,
        [
            (
                "a.txt".to_owned(),
                vec!["PER نوري المالكي [confirmed annotation wikidata:Q58240]".to_owned()]
            ),
            (
                "b.txt".to_owned(),
                vec![
                    "PER المالكي [suggested propagated wikidata:Q58240]".to_owned(),
                    "PER نوري المالكي [suggested propagated wikidata:Q58240]".to_owned(),
                ]
            ),
        ]
    );
}

#[test]
fn bad_input_is_reported_and_the_rest_is_tagged() {
    let dir = corpus(&[
        ("empty.txt", ""),
        ("crlf.txt", "Baghdad\r\nبغداد\r\n"),
        ("crlf.ann", "T1\tGPE 0 7\tBaghdad\nbroken line\n"),
        (
            "extra.jsonl",
            "{\"id\": \"x:1\", \"type\": \"ORG\", \"names\": {\"en\": \"Acme\"}}\nnot json\n",
        ),
    ]);
    fs::write(dir.path().join("bad.txt"), b"\xd8\xa8\xff").unwrap();
    fs::write(dir.path().join("latin1.jsonl"), b"{\"id\": \"x:\xe9\"}\n").unwrap();
    let lexicon = dir.path().join("extra.jsonl");
    let latin1 = dir.path().join("latin1.jsonl");
    let (documents, stderr, code) = tag(
        dir.path(),
        &[
            "--lexicon",
            lexicon.to_str().unwrap(),
            "--lexicon",
            latin1.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1), "a document could not be read");
    assert!(
        stderr.contains("bad.txt: not valid UTF-8 at byte 2"),
        "{stderr}"
    );
    assert!(
        stderr.contains("crlf.ann:2: unknown annotation kind"),
        "{stderr}"
    );
    assert!(stderr.contains("extra.jsonl:2: invalid entry"), "{stderr}");
    assert!(
        stderr.contains("latin1.jsonl: not valid UTF-8 at byte 10; not loaded"),
        "{stderr}"
    );
    assert_eq!(
        documents,
        [
            (
                "crlf.txt".to_owned(),
                vec![
                    "GPE Baghdad [confirmed annotation -]".to_owned(),
                    "GPE بغداد [suggested lexicon geonames:98182]".to_owned(),
                ]
            ),
            ("empty.txt".to_owned(), vec![]),
        ]
    );
}

#[test]
fn brat_format_needs_an_output_directory() {
    let dir = corpus(&[("doc.txt", "x")]);
    let output = alama(&["tag", "--format", "brat", "doc.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--format brat needs --out DIR"));
}

#[test]
fn the_defaults_load_from_the_names_built_into_the_program() {
    let dir = corpus(&[("doc.txt", "زار أوباما بغداد")]);
    // No cache directory: only the program has the defaults' names.
    let output = Command::new(env!("CARGO_BIN_EXE_alama"))
        .args(["tag", "--format", "jsonl", "doc.txt"])
        .current_dir(dir.path())
        .env("ALAMA_CACHE_DIR", "")
        .env("ALAMA_LOG", "alama_core::name_cache=debug")
        .output()
        .expect("the alama binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("read from the names built into the program"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            r#""text":"بغداد","status":"suggested","source":"lexicon","entity":"geonames:98182""#
        ),
        "{stdout}"
    );
}

#[test]
fn a_missing_lexicon_is_an_error_said_once() {
    let dir = corpus(&[("doc.txt", "x")]);
    let output = alama(
        &["tag", "--lexicon", "missing.jsonl", "doc.txt"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.starts_with("alama: missing.jsonl: "), "{stderr}");
}

#[test]
fn a_large_corpus_is_listed_whole_in_path_order() {
    let files: Vec<(String, String)> = (0..600)
        .map(|i| {
            (
                format!("doc{i:03}.txt"),
                format!("وصل {i} زائرا إلى بغداد."),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let dir = corpus(&borrowed);
    let (listing, stderr, code) = tag(dir.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let names: Vec<&str> = listing.iter().map(|(name, _)| name.as_str()).collect();
    let expected: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, expected);
    for (i, (name, spans)) in listing.iter().enumerate() {
        assert!(
            spans
                .iter()
                .any(|span| span.starts_with(&format!("CARDINAL {i} "))),
            "{name}: {spans:?}"
        );
    }
}

/// A FIFO named like a document would block `alama tag` until some program
/// wrote to it. Found in a folder it is skipped with a warning (it is not a
/// document, and every document was tagged: exit 0); given on the command
/// line it is an error (exit 1), never opened, and the rest is tagged.
#[cfg(unix)]
#[test]
fn a_fifo_is_skipped_never_opened() {
    let dir = corpus(&[("doc.txt", "زار أوباما بغداد")]);
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.txt"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());

    let (documents, stderr, code) = tag(dir.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "warning: ./pipe.txt: skipped: a FIFO, not a regular file\n"
    );
    let names: Vec<&str> = documents.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["doc.txt"]);

    let output = alama(
        &["tag", "--format", "jsonl", "pipe.txt", "doc.txt"],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "error: pipe.txt: skipped: a FIFO, not a regular file\n"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with(r#"{"path":"doc.txt","#), "{stdout}");
}

/// The files of `tree` as text, for messages and comparisons.
fn texts(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&str, String> {
    tree.iter()
        .map(|(name, bytes)| (name.as_str(), String::from_utf8_lossy(bytes).into_owned()))
        .collect()
}

const ANNOTATED: &str = "زار أوباما بغداد";
/// Mixed line ends and no final one: kept byte for byte all the same.
const ANNOTATIONS: &str =
    "T1\tPER 4 10\tأوباما\r\n#1\tAnnotatorNotes T1\tملاحظة\nR1\tSelf Arg1:T1 Arg2:T1";
const OTHER: &str = "وصل الوفد إلى واشنطن وبغداد";

/// A project in `dir/corpus` (marked by its `.alama/` folder): an
/// annotated document `news/doc.txt` and `other.txt`, whose suggestion of
/// واشنطن is rejected.
fn project(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(corpus.join("news")).unwrap();
    fs::create_dir_all(corpus.join(".alama")).unwrap();
    fs::write(corpus.join("news/doc.txt"), ANNOTATED).unwrap();
    fs::write(corpus.join("news/doc.ann"), ANNOTATIONS).unwrap();
    fs::write(corpus.join("other.txt"), OTHER).unwrap();
    fs::write(
        corpus.join(".alama/rejections.tsv"),
        "# path\tstart\tend\ttype\tentity\ttext\nother.txt\t14\t20\tGPE\tgeonames:4140963\tواشنطن\nnot a rejection\n",
    )
    .unwrap();
    corpus
}

/// Runs `alama tag --format brat --out OUT INPUT... EXTRA...` in `dir`;
/// returns the exit code and stderr.
fn brat(dir: &Path, out: &str, inputs: &[&str], extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["tag", "--format", "brat", "--out", out];
    args.extend(inputs);
    args.extend(extra);
    let output = alama(&args, dir);
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The output is a brat collection of the reviewed work: each document's
/// text and its `.ann` byte for byte; the suggestions are beside it, each
/// noted as unreviewed, numbered after the document's own annotations, the
/// rejected ones left out.
#[test]
fn brat_output_holds_the_reviewed_work_with_the_suggestions_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let before = tree(&corpus);
    let (code, stderr) = brat(dir.path(), "out", &["corpus"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let rejections = corpus.canonicalize().unwrap().join(".alama/rejections.tsv");
    assert_eq!(
        stderr,
        format!(
            "warning: {}:3: expected path, start, end, type, entity and text separated by tabs\n",
            rejections.display()
        )
    );
    assert_eq!(tree(&corpus), before, "the corpus is unchanged");

    let written = tree(&dir.path().join("out"));
    let mut texts = texts(&written);
    let marker = texts.remove(".alama-output").unwrap();
    assert!(marker.starts_with("written by alama tag "), "{marker}");
    let expected = BTreeMap::from([
        ("news/doc.txt", ANNOTATED.to_owned()),
        ("news/doc.ann", ANNOTATIONS.to_owned()),
        (
            "news/doc.suggestions.ann",
            "T2\tGPE 11 16\tبغداد\r\n\
             N1\tReference T2 geonames:98182\tBaghdad\r\n\
             #2\tAnnotatorNotes T2\tunreviewed alama suggestion (lexicon)\r\n"
                .to_owned(),
        ),
        ("other.txt", OTHER.to_owned()),
        ("other.ann", String::new()),
        (
            "other.suggestions.ann",
            "T1\tGPE 22 27\tبغداد\n\
             N1\tReference T1 geonames:98182\tBaghdad\n\
             #1\tAnnotatorNotes T1\tunreviewed alama suggestion (lexicon)\n"
                .to_owned(),
        ),
    ]);
    assert_eq!(texts, expected);
    // Nothing else was left next to the output.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(names, ["corpus", "out"]);
}

/// An output folder that is the corpus, lies inside it or holds it, however
/// it is spelled, is refused before anything is written.
#[test]
fn an_output_folder_in_or_around_the_corpus_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    fs::create_dir(dir.path().join("ext")).unwrap();
    fs::write(dir.path().join("ext/article.txt"), OTHER).unwrap();
    fs::write(
        dir.path().join("ext/article.ann"),
        "T1\tGPE 14 20\tواشنطن\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("corpus"), dir.path().join("link")).unwrap();
    let before = tree(dir.path());
    let mut cases = vec![
        ("corpus", "corpus", "is the project root"),
        ("corpus/../corpus/", "corpus", "is the project root"),
        ("corpus/news", "corpus", "lies inside the project root"),
        (
            "corpus/exports/brat",
            "corpus",
            "lies inside the project root",
        ),
        (
            "corpus/missing/../../corpus",
            "corpus",
            "is the project root",
        ),
        (".", "corpus", "contains the project root"),
        (
            "ext",
            "ext/article.txt",
            "is the folder of the input file ext/article.txt",
        ),
        (
            "ext/brat",
            "ext/article.txt",
            "lies inside the folder of the input file",
        ),
        ("ext/brat", "ext", "lies inside the input folder ext"),
    ];
    if cfg!(unix) {
        cases.push(("link", "corpus", "is the project root"));
        cases.push(("link/new", "corpus", "lies inside the project root"));
    }
    for (out, input, why) in cases {
        let (code, stderr) = brat(dir.path(), out, &["corpus", input], &["--force"]);
        assert_eq!(code, Some(2), "--out {out}: {stderr}");
        assert!(
            stderr.starts_with(&format!("alama: refusing --out {out}: it {why}")),
            "--out {out}: {stderr}"
        );
        assert_eq!(tree(dir.path()), before, "--out {out} wrote something");
    }
}

/// An existing folder that is not empty is replaced only if `alama tag`
/// wrote it and `--force` is given; the corpus is never touched.
#[test]
fn an_existing_output_folder_is_replaced_only_with_force_and_the_marker() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = project(dir.path());
    let corpus_before = tree(&corpus);
    let foreign = dir.path().join("foreign");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("doc.ann"), "T1\tPER 4 10\tأوباما\n").unwrap();
    let foreign_before = tree(&foreign);
    for extra in [&[][..], &["--force"][..]] {
        let (code, stderr) = brat(dir.path(), "foreign", &["corpus"], extra);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.starts_with(
                "alama: refusing --out foreign: the folder is not empty and alama tag did not write it"
            ),
            "{stderr}"
        );
        assert_eq!(tree(&foreign), foreign_before);
    }
    // A marker file alama tag did not write does not count.
    fs::write(foreign.join(".alama-output"), "mine\n").unwrap();
    let (code, stderr) = brat(dir.path(), "foreign", &["corpus"], &["--force"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("alama tag did not write it"), "{stderr}");

    // An empty folder is written; an earlier output is replaced with
    // --force only.
    fs::create_dir(dir.path().join("out")).unwrap();
    let (code, stderr) = brat(dir.path(), "out", &["corpus"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let first = tree(&dir.path().join("out"));
    fs::write(dir.path().join("out/old.ann"), "T1\tPER 0 1\tx\n").unwrap();
    let (code, stderr) = brat(dir.path(), "out", &["corpus"], &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with(
            "alama: refusing --out out: it holds an earlier output of alama tag; give --force to replace it"
        ),
        "{stderr}"
    );
    let (code, stderr) = brat(dir.path(), "out", &["corpus"], &["--force"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(tree(&dir.path().join("out")), first, "old.ann is gone");
    assert_eq!(tree(&corpus), corpus_before);
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["corpus", "foreign", "out"], "nothing left aside");
}

/// Documents outside the project root go under the input path they were
/// found under, one folder per input: three files named doc.txt make three
/// outputs. A document given twice is written once.
#[test]
fn documents_outside_the_root_are_placed_by_their_input_path() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("proj/doc.txt", "في بغداد"),
        ("a/news/doc.txt", "في واشنطن"),
        ("b/news/doc.txt", "في القاهرة"),
        ("c/doc.txt", "في دمشق"),
    ];
    fs::create_dir_all(dir.path().join("proj/.alama")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let inputs = ["proj", "a/news", "b/news", "c/doc.txt", "proj/doc.txt"];
    let (code, stderr) = brat(dir.path(), "out", &inputs, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let written = tree(&dir.path().join("out"));
    let copies: Vec<(&str, String)> = texts(&written)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".txt"))
        .collect();
    assert_eq!(
        copies,
        [
            ("_outside/2-news/doc.txt", "في واشنطن".to_owned()),
            ("_outside/3-news/doc.txt", "في القاهرة".to_owned()),
            ("_outside/4-c/doc.txt", "في دمشق".to_owned()),
            ("doc.txt", "في بغداد".to_owned()),
        ]
    );
    assert_eq!(written.len(), 1 + 4 * 3, "{:?}", written.keys());
}

/// Two documents whose output files would have the same path are refused,
/// naming both, before anything is written.
#[test]
fn documents_that_would_share_an_output_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("proj")).unwrap();
    fs::write(dir.path().join("proj/doc.txt"), "في بغداد").unwrap();
    fs::write(dir.path().join("proj/doc.suggestions.txt"), "في دمشق").unwrap();
    let before = tree(dir.path());
    let (code, stderr) = brat(dir.path(), "out/brat", &["proj"], &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "alama: proj/doc.suggestions.txt and proj/doc.txt would both be written to \
         doc.suggestions.ann in the output; nothing was written\n"
    );
    assert_eq!(tree(dir.path()), before, "not even out/ was left");
}
