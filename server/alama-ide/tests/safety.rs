//! Commands that must not write what cannot be read back, nor write outside
//! the workspace folder: bad spans and arguments, names that need escaping,
//! symbolic links leading elsewhere, stale temporary files.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use alama_core::text::Span;
use alama_ide::workspace::{Command, DocumentFilter, Target, Workspace};

/// A small project lexicon: quick to load.
const LEXICON: &str = r#"{"id": "geonames:98182", "type": "GPE", "names": {"ar": "بغداد", "en": "Baghdad"}}
"#;

const TEXT: &str = "زار علي\nبابا بغداد.\n";

/// A workspace folder in a temporary folder, beside a folder `outside` it.
struct Folder {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

impl Folder {
    /// With the small lexicon in `.alama/` and the `documents`, named and
    /// all holding [`TEXT`].
    fn new(documents: &[&str]) -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let (root, outside) = (base.join("ws"), base.join("outside"));
        fs::create_dir_all(root.join(".alama")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
        fs::write(root.join(".alama/lexicon.jsonl"), LEXICON).unwrap();
        for name in documents {
            fs::write(root.join(name), TEXT).unwrap();
        }
        Folder {
            _dir: dir,
            root,
            outside,
        }
    }

    /// Indexes the folder; returns the workspace and the problems found.
    fn load(&self) -> (Workspace, Vec<String>) {
        Workspace::load(&self.root, DocumentFilter::default(), &|_, _| {})
    }

    /// The target of the first `text` in [`TEXT`], in the document `name`.
    fn target(&self, name: &str, text: &str) -> Target {
        let start = TEXT[..TEXT.find(text).unwrap()].chars().count();
        Target {
            path: self.root.join(name),
            span: Span::new(start, start + text.chars().count()),
            text: text.to_owned(),
        }
    }

    /// The file names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    /// A message with the folder's path left out.
    fn relative(&self, message: String) -> String {
        message
            .replace(&*self.outside.to_string_lossy(), "OUTSIDE")
            .replace(&*self.root.to_string_lossy(), "ROOT")
    }
}

fn reject(target: Target, ty: &str, entity: Option<&str>) -> Command {
    Command::Reject {
        target,
        ty: ty.to_owned(),
        entity: entity.map(str::to_owned),
    }
}

fn annotate(target: Target, ty: &str) -> Command {
    Command::Annotate {
        target,
        ty: ty.to_owned(),
        entity: None,
    }
}

/// The error of a command that must fail, with the folder left out.
fn refused(folder: &Folder, workspace: &mut Workspace, command: Command) -> String {
    let error = workspace.execute(command).err().expect("refused");
    folder.relative(error.to_string())
}

#[test]
fn rejections_of_documents_with_any_name_read_back_exactly() {
    let names = [
        "tab\there.txt",
        "line\nbreak.txt",
        "back\\slash\\n.txt",
        "بغداد.txt",
        "😀 emoji.txt",
    ];
    let folder = Folder::new(&names);
    let (mut workspace, problems) = folder.load();
    assert_eq!(problems, Vec::<String>::new());
    for name in names {
        let summary = workspace
            .execute(reject(
                folder.target(name, "بغداد"),
                "GPE",
                Some("geonames:98182"),
            ))
            .unwrap()
            .summary;
        assert_eq!(summary, "Rejected بغداد as GPE");
    }
    let (mut again, problems) = folder.load();
    assert_eq!(problems, Vec::<String>::new());
    for name in names {
        let path = folder.root.join(name);
        again.open(&path, TEXT.to_owned()).unwrap();
        let (_, mentions) = again.open_document(&path).unwrap();
        assert_eq!(mentions, [], "{name:?}: the rejection holds");
    }
    assert_eq!(again.tally("geonames:98182").rejected, names.len());
}

#[test]
fn bad_arguments_are_refused_naming_them() {
    let folder = Folder::new(&["a.txt"]);
    let (mut workspace, _) = folder.load();
    let baghdad = || folder.target("a.txt", "بغداد");
    let mut refused = |command| refused(&folder, &mut workspace, command);
    assert_eq!(
        refused(reject(baghdad(), "GPE\nROOT/a.txt\t1", None)),
        "the type `GPE\\nROOT/a.txt\\t1` is not one of the project's types \
         (PER, ORG, GPE, LOC, FAC, NORP, EVENT, DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL)"
    );
    assert_eq!(
        refused(reject(baghdad(), "GPE", Some("geonames:1\nx"))),
        "entity id `geonames:1\\nx` must have the form source:local-id, \
         without white space or control characters"
    );
    assert_eq!(
        refused(reject(baghdad(), "GPE", Some("98182"))),
        "entity id `98182` must have the form source:local-id, \
         without white space or control characters"
    );
    assert_eq!(
        refused(Command::Link {
            target: baghdad(),
            entity: "a b:c".to_owned()
        }),
        "entity id `a b:c` must have the form source:local-id, \
         without white space or control characters"
    );
    assert_eq!(Folder::names(&folder.root.join(".alama")).len(), 2);
}

#[test]
fn spans_across_a_line_break_or_empty_are_refused() {
    let folder = Folder::new(&["a.txt"]);
    let (mut workspace, _) = folder.load();
    let across = folder.target("a.txt", "علي\nبابا");
    let mut empty = folder.target("a.txt", "علي");
    empty.span.end = empty.span.start;
    empty.text.clear();
    let mut refused = |command| refused(&folder, &mut workspace, command);
    let crosses = "ROOT/a.txt: «علي\\nبابا» at 4..12 crosses a line break, \
                   and names never do in Alama";
    assert_eq!(refused(annotate(across.clone(), "PER")), crosses);
    assert_eq!(refused(reject(across.clone(), "PER", None)), crosses);
    assert_eq!(
        refused(Command::AddAlias {
            target: across,
            entity: "geonames:98182".to_owned()
        }),
        crosses
    );
    assert_eq!(
        refused(annotate(empty, "PER")),
        "ROOT/a.txt: the span 4..4 is empty; a name needs at least one character"
    );
    assert_eq!(Folder::names(&folder.root), [".alama", "a.txt"]);
}

#[test]
fn a_project_folder_linked_outside_is_neither_read_nor_written() {
    let folder = Folder::new(&["a.txt"]);
    fs::rename(folder.root.join(".alama"), folder.outside.join("project")).unwrap();
    symlink(folder.outside.join("project"), folder.root.join(".alama")).unwrap();
    fs::write(
        folder.outside.join("project/rejections.tsv"),
        "a.txt\t8\t12\tPER\t\tبابا\n",
    )
    .unwrap();
    let (mut workspace, problems) = folder.load();
    let problems: Vec<String> = problems.into_iter().map(|p| folder.relative(p)).collect();
    assert_eq!(
        problems,
        [
            "ROOT/.alama/config.toml: leads to OUTSIDE/project/config.toml, \
             outside the workspace ROOT; the project's settings are not read",
            "ROOT/.alama/rejections.tsv: leads to OUTSIDE/project/rejections.tsv, \
             outside the workspace ROOT; refused",
        ]
    );
    let before = Folder::names(&folder.outside.join("project"));

    let error = refused(
        &folder,
        &mut workspace,
        reject(folder.target("a.txt", "بغداد"), "GPE", None),
    );
    assert_eq!(
        error,
        "ROOT/.alama/rejections.tsv: leads to OUTSIDE/project/rejections.tsv, \
         outside the workspace ROOT; refused"
    );
    let error = refused(
        &folder,
        &mut workspace,
        Command::AddAlias {
            target: folder.target("a.txt", "بغداد"),
            entity: "geonames:98182".to_owned(),
        },
    );
    assert_eq!(
        error,
        "ROOT/.alama/lexicon.jsonl: leads to OUTSIDE/project/lexicon.jsonl, \
         outside the workspace ROOT; refused"
    );
    assert_eq!(Folder::names(&folder.outside.join("project")), before);
    assert_eq!(
        fs::read_to_string(folder.outside.join("project/rejections.tsv")).unwrap(),
        "a.txt\t8\t12\tPER\t\tبابا\n"
    );

    // The folder's write lock lives in `.alama/` too: while that leads
    // outside, nothing is written, and the command says why.
    let error = refused(
        &folder,
        &mut workspace,
        annotate(folder.target("a.txt", "بابا"), "PER"),
    );
    assert_eq!(
        error,
        "ROOT/.alama/write.lock: leads to OUTSIDE/project/write.lock, \
         outside the workspace ROOT; refused"
    );
    assert!(!folder.root.join("a.ann").exists());
    assert_eq!(Folder::names(&folder.outside.join("project")), before);
}

#[test]
fn an_ann_file_that_is_a_link_is_never_written_through() {
    let folder = Folder::new(&["a.txt", "b.txt"]);
    let ann = "T1\tPER 8 12\tبابا\n";
    fs::write(folder.outside.join("a.ann"), ann).unwrap();
    symlink(folder.outside.join("a.ann"), folder.root.join("a.ann")).unwrap();
    fs::write(folder.root.join("kept.ann"), ann).unwrap();
    symlink("kept.ann", folder.root.join("b.ann")).unwrap();
    let (mut workspace, problems) = folder.load();
    let problems: Vec<String> = problems.into_iter().map(|p| folder.relative(p)).collect();
    assert_eq!(
        problems,
        [
            "ROOT/a.ann: leads to OUTSIDE/a.ann, outside the workspace ROOT; \
          its annotations are not read"
        ]
    );
    let mut refused = |command| refused(&folder, &mut workspace, command);
    assert_eq!(
        refused(annotate(folder.target("a.txt", "بغداد"), "GPE")),
        "ROOT/a.ann: leads to OUTSIDE/a.ann, outside the workspace ROOT; refused"
    );
    // A link inside the workspace is read, but not written through either.
    assert_eq!(
        refused(annotate(folder.target("b.txt", "بغداد"), "GPE")),
        "ROOT/b.ann: is a symbolic link, and Alama never writes through one"
    );
    assert_eq!(
        fs::read_to_string(folder.outside.join("a.ann")).unwrap(),
        ann
    );
    assert_eq!(
        fs::read_to_string(folder.root.join("kept.ann")).unwrap(),
        ann
    );
    assert!(fs::symlink_metadata(folder.root.join("a.ann"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_document_that_is_not_utf8_says_so() {
    let folder = Folder::new(&["a.txt"]);
    fs::write(folder.root.join("bad.txt"), b"\xd8\xa8 \xff").unwrap();
    let (mut workspace, problems) = folder.load();
    let problems: Vec<String> = problems.into_iter().map(|p| folder.relative(p)).collect();
    assert_eq!(problems, ["ROOT/bad.txt: not valid UTF-8 at byte 3"]);
    let target = Target {
        path: folder.root.join("bad.txt"),
        span: Span::new(0, 1),
        text: "ب".to_owned(),
    };
    assert_eq!(
        refused(&folder, &mut workspace, annotate(target, "GPE")),
        "ROOT/bad.txt: not valid UTF-8 at byte 3"
    );
    assert!(!folder.root.join("bad.ann").exists());
}

#[test]
fn stale_temporary_files_are_removed_when_indexing() {
    let folder = Folder::new(&["a.txt"]);
    // No process has the largest number a pid can have on Linux.
    let stale = folder.root.join(".alama-tmp-4194305-abcdefghijkl.tmp");
    let live = folder.root.join(format!(
        ".alama-tmp-{}-abcdefghijkl.tmp",
        std::process::id()
    ));
    fs::write(&stale, "half").unwrap();
    fs::write(&live, "being written").unwrap();
    folder.load();
    assert!(!stale.exists());
    assert!(live.exists());
}
