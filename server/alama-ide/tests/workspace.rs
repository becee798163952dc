//! The editor features over a small corpus on disk: hover cards, code
//! actions, commands and edits.
//!
//! Documents are written as fixtures; a place in a document is marked on the
//! line under it (`^` a cursor, `[` … `]` a range), so markers never sit
//! inside right-to-left text.

use std::fs;
use std::path::{Path, PathBuf};

use alama_core::text::{Edit, Span};
use alama_ide::actions::{actions, ActionKind, Menu};
use alama_ide::hover::{hover, Indexing, Messages};
use alama_ide::lens::{lenses, LensAction};
use alama_ide::workspace::{Command, DocumentFilter, Workspace};
use expect_test::{expect, Expect};

/// A small project lexicon instead of the embedded one: quick to load and
/// independent of its data.
const LEXICON: &str = r#"{"id": "geonames:98182", "type": "GPE", "names": {"ar": "بغداد", "en": "Baghdad"}, "description": "capital of Iraq", "xrefs": {"geonames": "98182", "wikidata": "Q1530"}}
{"id": "geonames:4140963", "type": "GPE", "names": {"ar": "واشنطن", "en": "Washington"}, "description": "capital of the United States"}
{"id": "geonames:5815135", "type": "GPE", "names": {"ar": "واشنطن", "en": "Washington State"}, "description": "state of the United States"}
"#;

const ARTICLE: &str =
    "زار الرئيس باراك أوباما بغداد ثم عاد إلى واشنطن.\nوقال أوباما في بغداد 😀 إن العراق مهم.\n";
const OTHER: &str = "Obama was in Baghdad. أوباما في بغداد.\n";

struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    workspace: Workspace,
}

impl Corpus {
    fn new(documents: &[(&str, &str)]) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join(".alama")).unwrap();
        fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
        fs::write(root.join(".alama/lexicon.jsonl"), LEXICON).unwrap();
        for (name, text) in documents {
            fs::write(root.join(name), text).unwrap();
        }
        let (workspace, problems) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
        assert_eq!(problems, Vec::<String>::new());
        Corpus {
            _dir: dir,
            root,
            workspace,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn open(&mut self, name: &str) -> PathBuf {
        let path = self.path(name);
        let text = fs::read_to_string(&path).unwrap();
        self.workspace.open(&path, text).unwrap();
        path
    }

    /// The open document's mentions, one per line: `span type status text`.
    fn mentions(&self, path: &Path) -> String {
        let (text, mentions) = self.workspace.open_document(path).unwrap();
        mentions
            .iter()
            .map(|m| {
                format!(
                    "{} {} {} {} {}",
                    m.span,
                    m.ty,
                    m.status.as_str(),
                    m.source.as_str(),
                    text.slice(m.span).unwrap()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Runs the code action titled `title` at the marked place.
    fn apply(&mut self, path: &Path, marks: &str, title: &str) -> String {
        let action = actions(&self.workspace, path, selection(marks), Menu::Flat)
            .into_iter()
            .find(|a| a.title == title)
            .unwrap_or_else(|| panic!("no action `{title}`"));
        self.run(action.command)
    }

    /// Runs the code action titled `title` at the marked place with `value`
    /// picked from its pick list.
    fn apply_picked(&mut self, path: &Path, marks: &str, title: &str, value: &str) -> String {
        let action = actions(&self.workspace, path, selection(marks), Menu::Pick)
            .into_iter()
            .find(|a| a.title == title)
            .unwrap_or_else(|| panic!("no action `{title}`"));
        let command = action
            .picked(value)
            .unwrap_or_else(|| panic!("`{value}` is not a choice of `{title}`"));
        self.run(command)
    }

    fn run(&mut self, command: Command) -> String {
        let outcome = self.workspace.execute(command).unwrap();
        if let Some(job) = outcome.recount {
            self.workspace.finish_recount(job.run());
        }
        outcome.summary
    }

    fn file(&self, name: &str) -> String {
        fs::read_to_string(self.path(name)).unwrap_or_else(|_| "<none>".to_owned())
    }
}

/// A place marked under a line of text: `^` is a cursor, `[` and `]` bound a
/// range (inclusive); the marks' line is given with the number of the text
/// line before it, as `line:marks`.
fn selection(marks: &str) -> Span {
    let (line, marks) = marks.split_once(':').unwrap();
    let line: usize = line.parse().unwrap();
    let line_start: usize = ARTICLE
        .lines()
        .take(line)
        .map(|l| l.chars().count() + 1)
        .sum();
    let column = |c: char| marks.chars().position(|m| m == c);
    match column('^') {
        Some(at) => Span::new(line_start + at, line_start + at),
        None => Span::new(
            line_start + column('[').unwrap(),
            line_start + column(']').unwrap() + 1,
        ),
    }
}

fn check_hover(marks: &str, expect: Expect) {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let path = corpus.open("a.txt");
    let card = hover(&corpus.workspace, &path, selection(marks).start, None);
    expect.assert_eq(&card.map_or("no card".to_owned(), |c| c.markdown));
}

fn check_actions(marks: &str, expect: Expect) {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let path = corpus.open("a.txt");
    // The document's review actions are checked on their own.
    let titles: Vec<String> = actions(&corpus.workspace, &path, selection(marks), Menu::Flat)
        .into_iter()
        .filter(|a| a.kind != ActionKind::Source)
        .map(|a| a.title)
        .filter(|t| !t.starts_with("Tag") || t.ends_with("as PER") || t.ends_with("as GPE"))
        .collect();
    expect.assert_eq(&titles.join("\n"));
}

#[test]
fn hover_on_a_name_a_title_found_earlier_in_the_document() {
    // Not "propagated from the corpus": nothing is confirmed anywhere.
    check_hover(
        //   وقال أوباما
        "1:        ^",
        expect![[r#"
            **PER** · suggestion · named elsewhere in this document

            | text |
            | --- |
            | أوباما |

            ---

            In this document: 1 · in the corpus: 1 in 1 document (confirmed 0, suggested 1, rejected 0)
        "#]],
    );
}

#[test]
fn hover_on_a_linked_place() {
    check_hover(
        //   زار الرئيس باراك أوباما بغداد
        "0:                        ^",
        expect![[r#"
            **GPE** · suggestion · lexicon

            | ar | en |
            | --- | --- |
            | بغداد | Baghdad |

            [geonames:98182](https://www.geonames.org/98182) · [wikidata:Q1530](https://www.wikidata.org/wiki/Q1530) — capital of Iraq

            ---

            In this document: 2 · in the corpus: 4 in 2 documents (confirmed 0, suggested 4, rejected 0)
        "#]],
    );
}

#[test]
fn hover_on_an_ambiguous_name_lists_the_other_candidates() {
    check_hover(
        "0:                                         ^",
        expect![[r#"
            **GPE** · suggestion · lexicon

            | ar | en |
            | --- | --- |
            | واشنطن | Washington |

            [geonames:4140963](https://www.geonames.org/4140963) — capital of the United States

            Other candidates:

            - `geonames:5815135` Washington State — state of the United States

            ---

            In this document: 1 · in the corpus: 1 in 1 document (confirmed 0, suggested 1, rejected 0)
        "#]],
    );
}

#[test]
fn diagnostic_messages_name_the_entity_in_the_script_of_the_mention() {
    let text = "President Joe Biden was in Baghdad, في بغداد، with الرئيس باراك أوباما.\n";
    let mut corpus = Corpus::new(&[("c.txt", text)]);
    let path = corpus.open("c.txt");
    let (text, mentions) = corpus.workspace.open_document(&path).unwrap();
    let mut messages = Messages::new(corpus.workspace.engine().lexicon());
    let lines: Vec<String> = mentions
        .iter()
        .map(|m| {
            messages
                .of(m, text.slice(m.span).unwrap(), str::to_owned)
                .clone()
        })
        .collect();
    expect![[r#"
        PER · Joe Biden — trigger pattern
        GPE · Baghdad (بغداد) — lexicon
        GPE · بغداد (Baghdad) — lexicon
        PER · باراك أوباما — trigger pattern"#]]
    .assert_eq(&lines.join("\n"));
}

#[test]
fn hover_while_the_corpus_is_indexed_leaves_out_the_corpus_counts() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let path = corpus.open("a.txt");
    let indexing = Indexing {
        done: 1234,
        total: 10_000,
    };
    let card = hover(&corpus.workspace, &path, 25, Some(indexing)).unwrap();
    let counts = card.markdown.split("---").last().unwrap();
    expect![[r#"


        In this document: 2 · in the corpus: not counted yet (indexing: 1,234 of 10,000 documents)
    "#]]
    .assert_eq(counts);
}

#[test]
fn hover_outside_any_mention() {
    check_hover("0:^", expect!["no card"]);
}

#[test]
fn actions_on_a_suggestion() {
    check_actions(
        "0:                        ^",
        expect![[r#"
            Accept «بغداد» as GPE
            Reject «بغداد» as GPE
            Accept all 2 suggestions of «بغداد» in this document
            Accept all 4 suggestions of «بغداد» in the corpus
            Accept «بغداد» as PER
            Accept «بغداد» as ORG
            Accept «بغداد» as LOC
            Accept «بغداد» as FAC
            Accept «بغداد» as NORP
            Accept «بغداد» as EVENT
            Accept «بغداد» as DATE
            Accept «بغداد» as TIME
            Accept «بغداد» as MONEY
            Accept «بغداد» as PERCENT
            Accept «بغداد» as QUANTITY
            Accept «بغداد» as CARDINAL"#]],
    );
}

/// The actions at the marked place for a client with pick lists, one per
/// line, with the choices of a pick list after `:`.
fn check_pick_actions(marks: &str, expect: Expect) {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let path = corpus.open("a.txt");
    corpus.apply(
        &path,
        "0:                        ^",
        "Accept «بغداد» as GPE",
    );
    let lines: Vec<String> = actions(&corpus.workspace, &path, selection(marks), Menu::Pick)
        .into_iter()
        .filter(|a| a.kind != ActionKind::Source)
        .map(|a| match a.pick {
            Some(pick) => {
                let choices: Vec<String> = pick
                    .choices
                    .iter()
                    .map(|c| match &c.description {
                        Some(d) => format!("{} ({d})", c.label),
                        None => c.label.clone(),
                    })
                    .collect();
                format!("{}: {}", a.title, choices.join(", "))
            }
            None => a.title,
        })
        .collect();
    expect.assert_eq(&lines.join("\n"));
}

#[test]
fn a_client_with_pick_lists_gets_one_entry_per_choice_among_types() {
    // A suggestion.
    check_pick_actions(
        "0:                                         ^",
        expect![[r#"
            Accept «واشنطن» as GPE
            Reject «واشنطن» as GPE
            Accept «واشنطن» as another type…: PER, ORG, LOC, FAC, NORP, EVENT, DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL"#]],
    );
    // A confirmed annotation.
    check_pick_actions(
        "0:                        ^",
        expect![[r#"
        Remove the annotation «بغداد»
        Change «بغداد» to another type…: PER, ORG, LOC, FAC, NORP, EVENT, DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL"#]],
    );
    // A word that is no mention: tagging it, or an alias of an entity
    // the document names, picked by the annotator.
    check_pick_actions(
        "1:  ^",
        expect![[r#"
        Add «وقال» as an alias of…: Baghdad (GPE · geonames:98182 · capital of Iraq), Washington (GPE · geonames:4140963 · capital of the United States)
        Tag «وقال» as…: PER, ORG, GPE, LOC, FAC, NORP, EVENT, DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL"#]],
    );
}

#[test]
fn a_picked_type_is_the_one_written() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let a = corpus.open("a.txt");
    let summary = corpus.apply_picked(
        &a,
        "0:                        ^",
        "Accept «بغداد» as another type…",
        "LOC",
    );
    assert_eq!(summary, "Accepted بغداد as LOC");
    let summary = corpus.apply_picked(
        &a,
        "0:                        ^",
        "Change «بغداد» to another type…",
        "FAC",
    );
    assert!(summary.contains("FAC"), "{summary}");
    assert!(
        corpus.file("a.ann").contains("\tFAC 24 29\tبغداد"),
        "{}",
        corpus.file("a.ann")
    );
}

#[test]
fn a_document_is_marked_in_progress_then_done_in_the_status_file() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let a = corpus.open("a.txt");
    let review_titles = |corpus: &Corpus| -> Vec<String> {
        actions(&corpus.workspace, &a, selection("0:^"), Menu::Flat)
            .into_iter()
            .filter(|a| a.kind == ActionKind::Source)
            .map(|a| a.title)
            .collect()
    };
    assert_eq!(
        review_titles(&corpus),
        [
            "Mark this document as in progress",
            "Mark this document as done"
        ]
    );
    let summary = corpus.apply(&a, "0:^", "Mark this document as in progress");
    assert_eq!(summary, "a.txt is in progress");
    assert_eq!(
        review_titles(&corpus),
        ["Mark this document as to do", "Mark this document as done"]
    );
    corpus.apply(&a, "0:^", "Mark this document as done");
    let status = corpus.file(".alama/status.tsv");
    let lines: Vec<&str> = status.lines().collect();
    assert_eq!(lines[0], "# path\tstate\twho\twhen");
    let fields: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(lines.len(), 2, "{status}");
    assert_eq!(&fields[..2], ["a.txt", "done"]);
    assert!(
        !fields[2].is_empty() && fields[3].ends_with('Z'),
        "{status}"
    );
    // A line the file cannot read is kept: nothing is written over it.
    let broken = format!("{status}b.txt\tfinished\tx\ty\n");
    fs::write(corpus.path(".alama/status.tsv"), &broken).unwrap();
    let action = actions(&corpus.workspace, &a, selection("0:^"), Menu::Flat)
        .into_iter()
        .find(|a| a.title == "Mark this document as to do")
        .unwrap();
    let Err(error) = corpus.workspace.execute(action.command) else {
        panic!("the state was set over a line the file cannot read");
    };
    let error = error.to_string();
    assert!(
        error.contains("status.tsv:3: unknown review state"),
        "{error}"
    );
    assert_eq!(corpus.file(".alama/status.tsv"), broken);
}

#[test]
fn actions_on_an_untagged_word_with_a_clitic() {
    // وقال أوباما في بغداد 😀 إن العراق مهم: no lexicon entry for العراق here.
    check_actions(
        "1:                              ^",
        expect![[r#"
            Tag «العراق» as PER
            Tag «العراق» as GPE"#]],
    );
}

#[test]
fn accepting_writes_brat_and_propagates_to_other_documents() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let a = corpus.open("a.txt");
    let b = corpus.open("b.txt");
    corpus.workspace.take_changed();
    let summary = corpus.apply(&a, "0:                        ^", "Accept «بغداد» as GPE");
    assert_eq!(summary, "Accepted بغداد as GPE");
    expect![[r#"
        T1	GPE 24 29	بغداد
        N1	Reference T1 geonames:98182	Baghdad
    "#]]
    .assert_eq(&corpus.file("a.ann"));
    // The other mention of a.txt and those of b.txt are now propagated.
    let changed = corpus.workspace.take_changed();
    assert_eq!(changed, [a.clone(), b.clone()]);
    expect![[r#"
        11..23 PER suggested pattern باراك أوباما
        24..29 GPE confirmed annotation بغداد
        41..47 GPE suggested lexicon واشنطن
        54..60 PER suggested repeated أوباما
        64..69 GPE suggested propagated بغداد"#]]
    .assert_eq(&corpus.mentions(&a));
    expect![[r#"
        13..20 GPE suggested lexicon Baghdad
        32..37 GPE suggested propagated بغداد"#]]
    .assert_eq(&corpus.mentions(&b));
}

#[test]
fn tagging_a_name_nobody_suggested_propagates_it() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let a = corpus.open("a.txt");
    let b = corpus.open("b.txt");
    corpus.apply(
        &a,
        "1:                              ^",
        "Tag «العراق» as GPE",
    );
    expect![[r#"
        T1	GPE 75 81	العراق
    "#]]
    .assert_eq(&corpus.file("a.ann"));
    let tally = corpus.workspace.tally("GPE\u{1f}العراق");
    assert_eq!((tally.confirmed, tally.suggested), (1, 0));
    assert!(!corpus.mentions(&b).contains("العراق"));
}

#[test]
fn rejecting_persists_in_the_sidecar_file_and_hides_the_suggestion() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    corpus.apply(
        &a,
        "0:                                         ^",
        "Reject «واشنطن» as GPE",
    );
    expect![[r#"
        # path	start	end	type	entity	text
        a.txt	41	47	GPE	geonames:4140963	واشنطن
    "#]]
    .assert_eq(&corpus.file(".alama/rejections.tsv"));
    assert!(!corpus.mentions(&a).contains("واشنطن"));
    assert_eq!(
        corpus.file("a.ann"),
        "<none>",
        "a rejection never goes to the .ann"
    );
    assert_eq!(corpus.workspace.tally("geonames:4140963").rejected, 1);

    // A new session reads it back.
    let (reloaded, _) = Workspace::load(&corpus.root, DocumentFilter::default(), &|_, _| {});
    corpus.workspace = reloaded;
    let a = corpus.open("a.txt");
    assert!(!corpus.mentions(&a).contains("واشنطن"));
}

#[test]
fn changing_removing_and_linking_annotations() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    let place = "0:                                         ^";
    corpus.apply(&a, place, "Accept «واشنطن» as GPE");
    corpus.apply(&a, place, "Change «واشنطن» to LOC");
    corpus.apply(
        &a,
        place,
        "Link «واشنطن» to Washington State, state of the United States (geonames:5815135)",
    );
    expect![[r#"
        T1	LOC 41 47	واشنطن
        N1	Reference T1 geonames:5815135	Washington State
    "#]]
    .assert_eq(&corpus.file("a.ann"));
    corpus.apply(&a, place, "Remove the annotation «واشنطن»");
    assert_eq!(corpus.file("a.ann"), "");
}

#[test]
fn a_stale_command_is_refused() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    let accept = actions(
        &corpus.workspace,
        &a,
        selection("0:                        ^"),
        Menu::Flat,
    )
    .into_iter()
    .next()
    .unwrap();
    let text = ARTICLE.replacen("بغداد", "بغدا", 1);
    let edit = Edit::between(ARTICLE, &text);
    corpus
        .workspace
        .edit(&a, &[edit], |new| new.push_str(&text))
        .unwrap();
    let error = corpus.workspace.execute(accept.command).err().unwrap();
    let message = error.to_string();
    let message = message.rsplit_once('/').unwrap().1;
    expect!["a.txt: expected `بغداد` at 24..29 but the document has `بغدا `; it changed since the action was offered"]
        .assert_eq(message);
}

#[test]
fn adding_an_alias_extends_the_project_lexicon() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let a = corpus.open("a.txt");
    corpus.apply(&a, "0:                        ^", "Accept «بغداد» as GPE");
    let summary = corpus.apply_picked(
        &a,
        "1:                              ^",
        "Add «العراق» as an alias of…",
        "geonames:98182",
    );
    assert_eq!(summary, "Added العراق as an alias of geonames:98182");
    assert!(corpus
        .file(".alama/lexicon.jsonl")
        .ends_with("}\n{\"aliases\":[\"العراق\"],\"id\":\"geonames:98182\"}\n"));
    assert!(corpus
        .mentions(&a)
        .contains("75..81 GPE suggested lexicon العراق"));
}

/// ARTICLE, open, with بغداد and واشنطن accepted on its first line.
fn article_with_two_places_confirmed() -> (Corpus, PathBuf) {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    corpus.apply(&a, "0:                        ^", "Accept «بغداد» as GPE");
    corpus.apply(
        &a,
        "0:                                         ^",
        "Accept «واشنطن» as GPE",
    );
    (corpus, a)
}

#[test]
fn edits_move_annotations_and_drop_edited_ones() {
    let (mut corpus, a) = article_with_two_places_confirmed();
    let text = format!("عاجل: {ARTICLE}");
    corpus
        .workspace
        .edit(&a, &[Edit::between(ARTICLE, &text)], |new| {
            new.push_str(&text)
        })
        .unwrap();
    // Unsaved: the .ann on disk still matches the .txt on disk.
    assert!(corpus.file("a.ann").contains("GPE 24 29"));
    let edited = text.replacen("واشنطن", "واشنطون", 1);
    let dropped = corpus
        .workspace
        .edit(&a, &[Edit::between(&text, &edited)], |new| {
            new.push_str(&edited)
        })
        .unwrap();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].text, "واشنطن");
    fs::write(corpus.path("a.txt"), &edited).unwrap();
    corpus.workspace.save(&a).unwrap();
    expect!["T1\tGPE 30 35\tبغداد\nN1\tReference T1 geonames:98182\tBaghdad\n"]
        .assert_eq(&corpus.file("a.ann"));
}

#[test]
fn annotations_of_an_unsaved_buffer_wait_for_the_save_or_are_dropped() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    let text = format!("{ARTICLE}سطر جديد\n");
    corpus
        .workspace
        .edit(&a, &[Edit::between(ARTICLE, &text)], |new| {
            new.push_str(&text)
        })
        .unwrap();
    corpus.apply(&a, "0:                        ^", "Accept «بغداد» as GPE");
    assert_eq!(
        corpus.file("a.ann"),
        "<none>",
        "not written before the save"
    );
    assert!(corpus.workspace.close(&a), "the confirmed names changed");
    assert_eq!(corpus.file("a.ann"), "<none>", "dropped with the buffer");
    let a = corpus.open("a.txt");
    assert!(corpus.mentions(&a).contains("24..29 GPE suggested"));
}

#[test]
fn a_buffer_unlike_its_file_keeps_the_annotations_of_unchanged_text() {
    let (mut corpus, a) = article_with_two_places_confirmed();
    assert!(corpus.file("a.ann").contains("GPE 41 47"));
    corpus.workspace.close(&a);
    // The editor reopens it with an unsaved change: one name was retyped.
    let text = ARTICLE.replacen("واشنطن", "واشنطون", 1);
    corpus.workspace.open(&a, text).unwrap();
    expect![[r#"
        11..23 PER suggested pattern باراك أوباما
        24..29 GPE confirmed annotation بغداد
        55..61 PER suggested repeated أوباما
        65..70 GPE suggested propagated بغداد"#]]
    .assert_eq(&corpus.mentions(&a));
    corpus.workspace.close(&a);
    assert!(corpus.file("a.ann").contains("GPE 41 47"), "kept on disk");
}

#[test]
fn closing_an_unchanged_document_without_annotations_loses_nothing() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    assert!(!corpus.workspace.close(&a), "nothing was annotated");
}

#[test]
fn documents_outside_the_filter_are_refused() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let outside = corpus.root.join("notes.md");
    fs::write(&outside, "بغداد").unwrap();
    let error = corpus
        .workspace
        .open(&outside, "بغداد".to_owned())
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("is not a document of the workspace"),
        "{error}"
    );
}

#[test]
fn accepting_every_suggestion_of_a_document() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    let summary = corpus.run(Command::AcceptAll {
        document: Some(a.clone()),
        key: None,
    });
    assert_eq!(summary, "Accepted 5 suggestions");
    assert!(!corpus.mentions(&a).contains("suggested"));
    assert_eq!(
        corpus
            .file("a.ann")
            .lines()
            .filter(|l| l.starts_with('T'))
            .count(),
        5
    );
}

#[test]
fn the_lenses_count_the_mentions_and_name_the_review_state() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    let shown = |corpus: &Corpus| -> Vec<(String, LensAction)> {
        lenses(&corpus.workspace, &a)
            .into_iter()
            .map(|l| (l.title, l.action))
            .collect()
    };
    let accept_all = LensAction::Run(Command::AcceptAll {
        document: Some(a.clone()),
        key: None,
    });
    assert_eq!(
        shown(&corpus),
        [
            (
                "0 confirmed · 5 suggestions · to do".to_owned(),
                LensAction::None
            ),
            ("Accept all suggestions".to_owned(), accept_all.clone()),
            (
                "Set review state…".to_owned(),
                LensAction::ChooseReviewState
            ),
        ]
    );
    let LensAction::Run(command) = accept_all else {
        unreachable!()
    };
    assert_eq!(corpus.run(command), "Accepted 5 suggestions");
    corpus.apply(&a, "0:^", "Mark this document as in progress");
    // Without suggestions there is nothing to accept.
    assert_eq!(
        shown(&corpus),
        [
            (
                "5 confirmed · 0 suggestions · in progress".to_owned(),
                LensAction::None
            ),
            (
                "Set review state…".to_owned(),
                LensAction::ChooseReviewState
            ),
        ]
    );
    // A document that is not open has no lenses.
    assert_eq!(lenses(&corpus.workspace, &corpus.path("b.txt")), []);
}

#[test]
fn finding_the_mentions_of_an_entity_in_the_corpus() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    corpus.open("a.txt");
    let found: Vec<String> = corpus
        .workspace
        .find_mentions("geonames:98182")
        .into_iter()
        .flat_map(|(path, text, mentions)| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            mentions
                .into_iter()
                .map(move |m| format!("{name} {} {}", m.span, text.slice(m.span).unwrap()))
        })
        .collect();
    expect![[r#"
        a.txt 24..29 بغداد
        a.txt 64..69 بغداد
        b.txt 13..20 Baghdad
        b.txt 32..37 بغداد"#]]
    .assert_eq(&found.join("\n"));
}

/// A FIFO named like a document would block indexing until some program
/// wrote to it: it is skipped, with a problem naming it. So is a document
/// larger than the filter's limit, when indexed and when opened.
#[cfg(unix)]
#[test]
fn fifos_and_documents_over_the_size_limit_are_skipped() {
    let corpus = Corpus::new(&[]);
    let root = &corpus.root;
    fs::write(root.join("a.txt"), ARTICLE).unwrap();
    fs::write(root.join("big.txt"), "بغداد ".repeat(20)).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("pipe.txt"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());

    let filter = DocumentFilter::default().with_max_size(Some(200));
    let (mut workspace, problems) = Workspace::load(root, filter, &|_, _| {});
    let root_name = root.display();
    assert_eq!(
        problems,
        [
            format!("{root_name}/pipe.txt: skipped: a FIFO, not a regular file"),
            format!(
                "{root_name}/big.txt: skipped: its 220 bytes are more than the limit of 200 bytes"
            ),
        ]
    );
    assert_eq!(workspace.len(), 1, "only a.txt is indexed");
    let error = workspace
        .open(&root.join("big.txt"), "بغداد ".repeat(20))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{root_name}/big.txt: skipped: its 220 bytes are more than the limit of 200 bytes")
    );
    assert!(workspace.open_document(&root.join("big.txt")).is_none());
}

#[test]
fn a_deferred_recognition_is_installed_unless_the_text_changed_meanwhile() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    corpus.workspace.defer_recognition();
    let a = corpus.open("a.txt");
    assert!(!corpus.workspace.is_recognized(&a));
    assert_eq!(corpus.mentions(&a), "");
    let mut jobs = corpus.workspace.recognition_jobs();
    assert_eq!(jobs.len(), 1);
    // One job at a time per document.
    corpus.workspace.refresh(&a);
    assert!(corpus.workspace.recognition_jobs().is_empty());

    // The text changes while the job runs: what it found is dropped.
    let text = format!("{ARTICLE}x");
    let edit = Edit::between(ARTICLE, &text);
    corpus
        .workspace
        .edit(&a, &[edit], |new| new.push_str(&text))
        .unwrap();
    let stale = jobs.pop().unwrap().run();
    assert!(!corpus.workspace.finish_recognition(stale));
    assert!(!corpus.workspace.is_recognized(&a));

    // The recognition asked for meanwhile runs next.
    let job = corpus.workspace.recognition_jobs().pop().unwrap();
    assert!(corpus.workspace.finish_recognition(job.run()));
    assert!(corpus.workspace.is_recognized(&a));
    assert!(corpus.mentions(&a).contains("GPE suggested lexicon بغداد"));
}

/// What the folder's `.gitignore` files ignore, and any `node_modules`
/// folder, is neither indexed nor opened as a document, whatever the globs.
#[test]
fn gitignored_documents_and_node_modules_are_not_part_of_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::create_dir_all(root.join(".alama")).unwrap();
    fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
    fs::write(root.join(".alama/lexicon.jsonl"), LEXICON).unwrap();
    fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
    for name in [
        "a.txt",
        "news/b.txt",
        "drafts/c.txt",
        "news/drafts/d.txt",
        "node_modules/x.txt",
        "web/node_modules/pkg/readme.txt",
    ] {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, OTHER).unwrap();
    }
    let (mut workspace, problems) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(workspace.len(), 2);
    assert!(workspace.admits(&root.join("a.txt")));
    assert!(workspace.admits(&root.join("news/b.txt")));
    for left_out in ["drafts/c.txt", "news/drafts/d.txt", "node_modules/x.txt"] {
        let path = root.join(left_out);
        assert!(!workspace.admits(&path), "{left_out}");
        assert!(
            workspace.open(&path, OTHER.to_owned()).is_err(),
            "{left_out}"
        );
    }
}

#[test]
fn undo_reverts_the_last_command_and_redo_does_it_again() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let a = corpus.open("a.txt");
    assert_eq!(corpus.run(Command::Undo), "Nothing to undo");
    corpus.apply(&a, "0:                        ^", "Accept «بغداد» as GPE");
    let accepted = corpus.file("a.ann");
    corpus.apply(&a, "0:                        ^", "Change «بغداد» to LOC");
    assert!(corpus.file("a.ann").contains("\tLOC 24 29\t"));

    assert_eq!(corpus.run(Command::Undo), "Undid: Changed بغداد to LOC");
    assert_eq!(corpus.file("a.ann"), accepted);
    assert_eq!(corpus.run(Command::Undo), "Undid: Accepted بغداد as GPE");
    assert_eq!(corpus.file("a.ann"), "");
    assert!(corpus
        .mentions(&a)
        .contains("24..29 GPE suggested lexicon بغداد"));
    assert_eq!(corpus.run(Command::Undo), "Nothing to undo");

    assert_eq!(corpus.run(Command::Redo), "Redid: Accepted بغداد as GPE");
    assert_eq!(corpus.file("a.ann"), accepted);
    // A new command: what was undone can no longer be redone.
    corpus.apply(&a, "1:        ^", "Reject «أوباما» as PER");
    assert_eq!(corpus.run(Command::Redo), "Nothing to redo");
    assert_eq!(corpus.run(Command::Undo), "Undid: Rejected أوباما as PER");
    // Only the header is left.
    assert_eq!(corpus.file(".alama/rejections.tsv").lines().count(), 1);
}

#[test]
fn undo_of_an_accept_all_in_the_corpus_restores_every_document() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE), ("b.txt", OTHER)]);
    let a = corpus.open("a.txt");
    let summary = corpus.apply(
        &a,
        "0:                        ^",
        "Accept all 4 suggestions of «بغداد» in the corpus",
    );
    assert_eq!(summary, "Accepted 4 suggestions");
    assert_ne!(corpus.file("b.ann"), "<none>");
    corpus.run(Command::Undo);
    assert_eq!(corpus.file("a.ann"), "");
    assert_eq!(corpus.file("b.ann"), "");
}

#[test]
fn undo_is_refused_once_the_text_changed() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    corpus.apply(&a, "0:                        ^", "Accept «بغداد» as GPE");
    let text = format!("{ARTICLE}سطر جديد\n");
    let edit = Edit::between(ARTICLE, &text);
    corpus
        .workspace
        .edit(&a, &[edit], |new| new.push_str(&text))
        .unwrap();
    let error = corpus.workspace.execute(Command::Undo).err().unwrap();
    let message = error.to_string();
    expect!["a.txt: the text changed since; the annotations recorded no longer fit it"]
        .assert_eq(message.rsplit_once('/').unwrap().1);
}

#[test]
fn a_rejected_suggestion_has_a_card_and_can_be_restored() {
    let mut corpus = Corpus::new(&[("a.txt", ARTICLE)]);
    let a = corpus.open("a.txt");
    corpus.apply(&a, "1:        ^", "Reject «أوباما» as PER");
    assert!(!corpus
        .mentions(&a)
        .contains("PER suggested repeated أوباما"));
    let card = hover(&corpus.workspace, &a, selection("1:        ^").start, None).unwrap();
    expect![[r#"
        **PER** · rejected suggestion

        «أوباما» is not suggested here again. The quick fix “Restore «أوباما», rejected as PER” suggests it again.
    "#]]
    .assert_eq(&card.markdown);
    let summary = corpus.apply(&a, "1:        ^", "Restore «أوباما», rejected as PER");
    assert_eq!(summary, "Restored the suggestion أوباما");
    assert!(corpus
        .mentions(&a)
        .contains("PER suggested repeated أوباما"));
    assert_eq!(corpus.file(".alama/rejections.tsv").lines().count(), 1);
}
