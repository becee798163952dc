//! Other writers of the same folder: a second workspace (another editor
//! window's server) and other programs editing the documents.
//!
//! Every write merges with what is on disk, and annotations whose text moved
//! on disk are placed again at their text.

use std::fs;
use std::path::{Path, PathBuf};

use alama_core::text::{Edit, Span};
use alama_ide::workspace::{Command, DocumentFilter, Target, Workspace};
use expect_test::expect;

/// Two entities, enough to link annotations.
const LEXICON: &str = r#"{"id": "geonames:98182", "type": "GPE", "names": {"ar": "بغداد", "en": "Baghdad"}}
{"id": "geonames:4140963", "type": "GPE", "names": {"ar": "واشنطن", "en": "Washington"}}
"#;

const A: &str = "زار الرئيس أوباما بغداد ثم عاد إلى واشنطن.\nوقال أوباما في بغداد إن العراق مهم.\n";
const B: &str = "Obama was in Baghdad, then in Washington.\n";

/// A corpus folder on disk, which several workspaces may load.
struct Folder {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Folder {
    fn new() -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join(".alama")).unwrap();
        fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
        fs::write(root.join(".alama/lexicon.jsonl"), LEXICON).unwrap();
        fs::write(root.join("a.txt"), A).unwrap();
        fs::write(root.join("b.txt"), B).unwrap();
        Folder { _dir: dir, root }
    }

    /// A workspace on the folder, and the problems its loading reported.
    fn load_reporting(&self) -> (Workspace, Vec<String>) {
        Workspace::load(&self.root, DocumentFilter::default(), &|_, _| {})
    }

    fn load(&self) -> Workspace {
        let (workspace, problems) = self.load_reporting();
        assert_eq!(problems, Vec::<String>::new());
        workspace
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path(name)).unwrap_or_else(|_| "<none>".to_owned())
    }

    /// The `.ann` of a document, after checking that every `T` line holds
    /// the text of the `.txt` on disk at its offsets.
    fn ann(&self, document: &str) -> String {
        let text: Vec<char> = self.read(document).chars().collect();
        let ann = self.read(&document.replace(".txt", ".ann"));
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let offsets: Vec<usize> = fields[1]
                .split(' ')
                .skip(1)
                .map(|n| n.parse().unwrap())
                .collect();
            let found: String = text[offsets[0]..offsets[1]].iter().collect();
            assert_eq!(found, fields[2], "{document}: `{line}` does not hold");
        }
        ann
    }

    /// Another program writes a document.
    fn write(&self, name: &str, content: &str) {
        fs::write(self.path(name), content).unwrap();
    }
}

/// A folder and a workspace on it.
fn one_workspace() -> (Folder, Workspace) {
    let folder = Folder::new();
    let workspace = folder.load();
    (folder, workspace)
}

/// A folder and two workspaces on it, both loaded before either writes.
fn two_workspaces() -> (Folder, Workspace, Workspace) {
    let folder = Folder::new();
    let (first, second) = (folder.load(), folder.load());
    (folder, first, second)
}

/// The span of the `nth` occurrence of `word` in `text`.
fn find(text: &str, word: &str, nth: usize) -> Span {
    let (at, _) = text.match_indices(word).nth(nth).unwrap();
    let start = text[..at].chars().count();
    Span::new(start, start + word.chars().count())
}

/// The text a workspace sees of a document: its buffer if open, else the
/// disk.
fn text_of(workspace: &Workspace, path: &Path) -> String {
    match workspace.open_document(path) {
        Some((text, _)) => text.as_str().to_owned(),
        None => fs::read_to_string(path).unwrap(),
    }
}

fn target(workspace: &Workspace, path: &Path, word: &str, nth: usize) -> Target {
    Target {
        path: path.to_owned(),
        span: find(&text_of(workspace, path), word, nth),
        text: word.to_owned(),
    }
}

/// Runs a command as the editor does: its summary, with the recount done.
fn run(workspace: &mut Workspace, command: Command) -> String {
    let outcome = workspace.execute(command).unwrap();
    if let Some(job) = outcome.recount {
        workspace.finish_recount(job.run());
    }
    outcome.summary
}

fn annotate(
    workspace: &mut Workspace,
    path: &Path,
    word: &str,
    nth: usize,
    ty: &str,
    entity: Option<&str>,
) -> String {
    let target = target(workspace, path, word, nth);
    let command = Command::Annotate {
        target,
        ty: ty.to_owned(),
        entity: entity.map(str::to_owned),
    };
    run(workspace, command)
}

/// The confirmed mentions of an open document: `span type text`.
fn confirmed(workspace: &Workspace, path: &Path) -> String {
    let (text, mentions) = workspace.open_document(path).unwrap();
    mentions
        .iter()
        .filter(|m| m.status.as_str() == "confirmed")
        .map(|m| format!("{} {} {}", m.span, m.ty, text.slice(m.span).unwrap()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn two_workspaces_on_one_folder_keep_each_others_annotations() {
    let (folder, mut first, mut second) = two_workspaces();
    let (a, b) = (folder.path("a.txt"), folder.path("b.txt"));
    annotate(&mut first, &a, "بغداد", 0, "GPE", Some("geonames:98182"));
    // The second knows nothing of the first's T1 and N1: its own become
    // T2 and N2 on disk.
    annotate(
        &mut second,
        &a,
        "واشنطن",
        0,
        "GPE",
        Some("geonames:4140963"),
    );
    annotate(&mut first, &b, "Obama", 0, "PER", None);
    annotate(&mut second, &b, "Baghdad", 0, "GPE", Some("geonames:98182"));
    annotate(&mut first, &a, "العراق", 0, "GPE", None);
    expect![[r#"
        T1	GPE 18 23	بغداد
        N1	Reference T1 geonames:98182	Baghdad
        T2	GPE 35 41	واشنطن
        N2	Reference T2 geonames:4140963	Washington
        T3	GPE 67 73	العراق
    "#]]
    .assert_eq(&folder.ann("a.txt"));
    expect![[r#"
        T1	PER 0 5	Obama
        T2	GPE 13 20	Baghdad
        N1	Reference T2 geonames:98182	Baghdad
    "#]]
    .assert_eq(&folder.ann("b.txt"));
    // The first now counts the second's annotation of a.txt, merged when
    // it wrote the file again.
    assert_eq!(first.tally("geonames:4140963").confirmed, 1);
    // A new session reads every annotation.
    let third = folder.load();
    assert_eq!(third.tally("geonames:98182").confirmed, 2);
    assert_eq!(third.tally("geonames:4140963").confirmed, 1);
}

#[test]
fn open_documents_show_the_other_workspaces_annotations_once_merged() {
    let (folder, mut first, mut second) = two_workspaces();
    let a = folder.path("a.txt");
    first.open(&a, A.to_owned()).unwrap();
    second.open(&a, A.to_owned()).unwrap();
    annotate(&mut first, &a, "بغداد", 0, "GPE", Some("geonames:98182"));
    annotate(&mut second, &a, "واشنطن", 0, "GPE", None);
    expect![[r#"
        18..23 GPE بغداد
        35..41 GPE واشنطن"#]]
    .assert_eq(&confirmed(&second, &a));
    // Closing the first, whose buffer is saved, loses nothing.
    first.close(&a);
    second.close(&a);
    expect![[r#"
        T1	GPE 18 23	بغداد
        N1	Reference T1 geonames:98182	Baghdad
        T2	GPE 35 41	واشنطن
    "#]]
    .assert_eq(&folder.ann("a.txt"));
}

#[test]
fn the_same_annotation_made_twice_is_kept_once() {
    let (folder, mut first, mut second) = two_workspaces();
    let a = folder.path("a.txt");
    annotate(&mut first, &a, "بغداد", 1, "GPE", None);
    annotate(&mut first, &a, "واشنطن", 0, "GPE", None);
    annotate(&mut second, &a, "بغداد", 1, "GPE", None);
    expect![[r#"
        T1	GPE 58 63	بغداد
        T2	GPE 35 41	واشنطن
    "#]]
    .assert_eq(&folder.ann("a.txt"));
}

#[test]
fn removals_and_retypes_merge_without_resurrecting_anything() {
    let folder = Folder::new();
    let mut first = folder.load();
    let a = folder.path("a.txt");
    annotate(&mut first, &a, "بغداد", 0, "GPE", None);
    annotate(&mut first, &a, "واشنطن", 0, "GPE", None);
    // A note on T2, written by hand, follows its annotation.
    let ann = format!("{}#1\tAnnotatorNotes T2\tcapital\n", folder.read("a.ann"));
    fs::write(folder.path("a.ann"), ann).unwrap();
    let mut second = folder.load();
    let baghdad = target(&first, &a, "بغداد", 0);
    run(&mut first, Command::Remove { target: baghdad });
    let washington = target(&second, &a, "واشنطن", 0);
    run(
        &mut second,
        Command::Retype {
            target: washington,
            ty: "LOC".to_owned(),
        },
    );
    annotate(&mut second, &a, "أوباما", 1, "PER", None);
    expect![[r#"
        T2	LOC 35 41	واشنطن
        #1	AnnotatorNotes T2	capital
        T3	PER 48 54	أوباما
    "#]]
    .assert_eq(&folder.ann("a.txt"));
}

#[test]
fn rejections_of_two_workspaces_merge() {
    let (folder, mut first, mut second) = two_workspaces();
    let (a, b) = (folder.path("a.txt"), folder.path("b.txt"));
    let reject = |workspace: &mut Workspace, path: &Path, word: &str| {
        let command = Command::Reject {
            target: target(workspace, path, word, 0),
            ty: "GPE".to_owned(),
            entity: None,
        };
        run(workspace, command)
    };
    reject(&mut first, &a, "واشنطن");
    reject(&mut second, &b, "Washington");
    reject(&mut second, &a, "العراق");
    annotate(&mut first, &b, "Obama", 0, "PER", None);
    expect![[r#"
        # path	start	end	type	entity	text
        a.txt	35	41	GPE		واشنطن
        a.txt	67	73	GPE		العراق
        b.txt	30	40	GPE		Washington
    "#]]
    .assert_eq(&folder.read(".alama/rejections.tsv"));
}

/// Defect 4: another program prepends text to an open document, and the
/// editor does not reload it (or the server is not told).
#[test]
fn annotations_follow_text_another_program_prepended() {
    let (folder, mut workspace) = one_workspace();
    let a = folder.path("a.txt");
    workspace.open(&a, A.to_owned()).unwrap();
    annotate(&mut workspace, &a, "بغداد", 0, "GPE", None);
    let prefix = "عاجل: ";
    folder.write("a.txt", &format!("{prefix}{A}"));
    // The buffer still holds the old text: its offsets are placed again at
    // the text on disk.
    annotate(&mut workspace, &a, "واشنطن", 0, "GPE", None);
    expect![[r#"
        T1	GPE 24 29	بغداد
        T2	GPE 41 47	واشنطن
    "#]]
    .assert_eq(&folder.ann("a.txt"));
    // The editor reloads the file; the server is not told but by the edit.
    let text = format!("{prefix}{A}");
    workspace
        .edit(&a, &[Edit::between(A, &text)], |new| new.push_str(&text))
        .unwrap();
    annotate(&mut workspace, &a, "العراق", 0, "GPE", None);
    workspace.close(&a);
    expect![[r#"
        T1	GPE 24 29	بغداد
        T2	GPE 41 47	واشنطن
        T3	GPE 73 79	العراق
    "#]]
    .assert_eq(&folder.ann("a.txt"));
    let again = folder.load();
    assert_eq!(again.tally("GPE\u{1f}بغداد").confirmed, 1);
    assert_eq!(again.tally("GPE\u{1f}واشنطن").confirmed, 1);
}

#[test]
fn annotations_of_a_closed_document_follow_text_deleted_before_them() {
    let (folder, mut workspace) = one_workspace();
    let a = folder.path("a.txt");
    annotate(&mut workspace, &a, "واشنطن", 0, "GPE", None);
    let shorter = A.replacen("زار الرئيس ", "", 1);
    folder.write("a.txt", &shorter);
    annotate(&mut workspace, &a, "العراق", 0, "GPE", None);
    expect![[r#"
        T1	GPE 24 30	واشنطن
        T2	GPE 56 62	العراق
    "#]]
    .assert_eq(&folder.ann("a.txt"));
}

#[test]
fn an_annotation_whose_text_is_gone_is_kept_and_reported() {
    let (folder, mut workspace) = one_workspace();
    let a = folder.path("a.txt");
    annotate(&mut workspace, &a, "واشنطن", 0, "GPE", None);
    folder.write("a.txt", &A.replacen("واشنطن", "نيويورك", 1));
    let summary = annotate(&mut workspace, &a, "العراق", 0, "GPE", None);
    expect!["Accepted العراق as GPE. a.txt: changed on disk; T1 GPE `واشنطن` (35..41) no longer occurs in it, and its line is kept in a.ann as it was"]
        .assert_eq(&summary.replace(&format!("{}/", folder.root.display()), ""));
    expect![[r#"
        T1	GPE 35 41	واشنطن
        T2	GPE 68 74	العراق
    "#]]
    .assert_eq(&folder.read("a.ann"));
}

#[test]
fn a_line_whose_text_moved_is_read_at_its_new_place_and_written_there_later() {
    let folder = Folder::new();
    let a = folder.path("a.txt");
    folder.write("a.txt", &format!("عاجل: {A}"));
    fs::write(folder.path("a.ann"), "T1\tGPE 18 23\tبغداد\n").unwrap();
    let (mut workspace, problems) = folder.load_reporting();
    let problems: Vec<String> = problems
        .iter()
        .map(|p| p.replace(&format!("{}/", folder.root.display()), ""))
        .collect();
    expect![[r#"
        [
            "a.ann:1: reference text `بغداد` moved from 18..23 to 24..29: read there, and written there at the next annotation command",
        ]
    "#]]
    .assert_debug_eq(&problems);
    assert_eq!(workspace.tally("GPE\u{1f}بغداد").confirmed, 1);
    assert_eq!(folder.read("a.ann"), "T1\tGPE 18 23\tبغداد\n", "not yet");
    annotate(&mut workspace, &a, "العراق", 0, "GPE", None);
    expect![[r#"
        T1	GPE 24 29	بغداد
        T2	GPE 73 79	العراق
    "#]]
    .assert_eq(&folder.ann("a.txt"));
}

#[test]
fn a_file_the_other_workspace_wrote_is_merged_into_the_open_document() {
    let (folder, mut first, mut second) = two_workspaces();
    let a = folder.path("a.txt");
    first.open(&a, A.to_owned()).unwrap();
    second.open(&a, A.to_owned()).unwrap();
    annotate(&mut first, &a, "بغداد", 0, "GPE", None);
    // A file watcher tells the second server.
    assert!(second.reload(&folder.path("a.ann")).unwrap());
    assert_eq!(confirmed(&second, &a), "18..23 GPE بغداد");
}

/// Defect 4 with a file watcher: the server reads the changed text while
/// the editor still shows the old one, then the editor reloads it.
#[test]
fn annotations_survive_text_prepended_while_the_document_is_open() {
    let (folder, mut workspace) = one_workspace();
    let a = folder.path("a.txt");
    workspace.open(&a, A.to_owned()).unwrap();
    annotate(&mut workspace, &a, "بغداد", 0, "GPE", None);
    let text = format!("عاجل: {A}");
    folder.write("a.txt", &text);
    workspace.reload(&a).unwrap();
    assert_eq!(confirmed(&workspace, &a), "18..23 GPE بغداد");
    workspace
        .edit(&a, &[Edit::between(A, &text)], |new| new.push_str(&text))
        .unwrap();
    assert_eq!(confirmed(&workspace, &a), "24..29 GPE بغداد");
    workspace.close(&a);
    let again = folder.load_reporting().0;
    assert_eq!(again.tally("GPE\u{1f}بغداد").confirmed, 1);
}

#[test]
fn a_folder_whose_lock_cannot_be_taken_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::write(root.join("a.txt"), A).unwrap();
    fs::write(root.join("a.ann"), "T1\tGPE 18 23\tبغداد\n").unwrap();
    // The lock cannot be opened, as in a folder this user may only read.
    fs::create_dir_all(root.join(".alama/write.lock")).unwrap();
    let (mut workspace, _) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
    let a = root.join("a.txt");
    fs::write(root.join("a.ann"), "T1\tGPE 35 41\tواشنطن\n").unwrap();
    workspace.reload(&root.join("a.ann")).unwrap();
    assert_eq!(workspace.tally("GPE\u{1f}واشنطن").confirmed, 1);
    let command = Command::Annotate {
        target: target(&workspace, &a, "العراق", 0),
        ty: "GPE".to_owned(),
        entity: None,
    };
    let error = workspace.execute(command).err().unwrap().to_string();
    assert!(error.contains(".alama/write.lock"), "{error}");
    assert_eq!(
        fs::read_to_string(root.join("a.ann")).unwrap(),
        "T1\tGPE 35 41\tواشنطن\n"
    );
}

#[test]
fn closing_a_buffer_the_editor_did_not_reload_keeps_the_file() {
    let (folder, mut workspace) = one_workspace();
    let a = folder.path("a.txt");
    workspace.open(&a, A.to_owned()).unwrap();
    annotate(&mut workspace, &a, "بغداد", 1, "GPE", None);
    folder.write("a.txt", &format!("{B}{A}"));
    annotate(&mut workspace, &a, "بغداد", 0, "GPE", None);
    let written = folder.ann("a.txt");
    // Both at their text (the file alone put T1 at the nearer one).
    expect![[r#"
        T1	GPE 60 65	بغداد
        T2	GPE 100 105	بغداد
    "#]]
    .assert_eq(&written);
    // The buffer still shows the old text, where its annotations are.
    assert_eq!(
        confirmed(&workspace, &a),
        "18..23 GPE بغداد\n58..63 GPE بغداد"
    );
    assert!(!workspace.close(&a), "no name changed");
    assert_eq!(folder.ann("a.txt"), written);
}

#[test]
fn a_rejection_that_merges_another_workspaces_annotation_counts_it() {
    let (folder, mut first, mut second) = two_workspaces();
    let a = folder.path("a.txt");
    annotate(&mut first, &a, "العراق", 0, "GPE", None);
    let command = Command::Reject {
        target: target(&second, &a, "واشنطن", 0),
        ty: "GPE".to_owned(),
        entity: None,
    };
    run(&mut second, command);
    let tally = second.tally("GPE\u{1f}العراق");
    assert_eq!((tally.confirmed, tally.documents), (1, 1));
    assert!(second.is_confirmed_name("العراق"), "propagated");
}
