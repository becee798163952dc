//! Documents on disk: `*.txt` files with their `.ann` annotations.
//!
//! Read in a workspace (the `*_within` functions), a document that leads
//! outside the workspace folder through a symbolic link is not read, and
//! an `.ann` file that does is not read either: its document is read
//! without annotations, and an issue names it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::brat::{AnnFile, AnnIssue};
use crate::fs::confine;
use crate::read::kind_of;
use crate::text::Text;

/// Reading one file, which loading documents does, is [`crate::read`]'s;
/// it is named here too, where the callers that load documents look.
pub use crate::read::{read_file, read_utf8, utf8, LoadError};

/// A document and its confirmed annotations.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    pub text: Text,
    pub annotations: AnnFile,
}

impl Document {
    /// Iterates the document's confirmed names as `(surface, type, entity)`.
    pub fn confirmed(&self) -> impl Iterator<Item = (&str, &str, Option<&str>)> {
        self.annotations.text_bounds().map(|t| {
            (
                t.text.as_str(),
                t.ty.as_str(),
                self.annotations.entity_of(t.id),
            )
        })
    }
}

/// The `.ann` file next to a document.
pub fn ann_path(document: &Path) -> PathBuf {
    document.with_extension("ann")
}

/// What [`collect_documents`] and [`walk`] found.
#[derive(Debug, Default)]
pub struct Found {
    /// Regular files, or symbolic links to them.
    pub documents: Vec<PathBuf>,
    /// Files named like documents that are FIFOs, sockets or devices (or
    /// links to them), found in a folder: never opened.
    pub skipped: Vec<LoadError>,
    /// Paths that could not be read, and paths given that are not
    /// documents (a FIFO among them).
    pub errors: Vec<LoadError>,
}

/// The documents named by `paths`: files as given, directories searched
/// recursively for `*.txt` (hidden entries skipped), in sorted order. A
/// path given that is not a regular `.txt` file or a directory is an
/// error, and is not opened.
pub fn collect_documents(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_into(path, &|_| true, &is_text_file, &mut found),
            Ok(meta) if meta.is_file() && is_text_file(path) => found.documents.push(path.clone()),
            Ok(meta) if is_text_file(path) => found.errors.push(LoadError::NotRegular {
                path: path.clone(),
                kind: kind_of(&meta.file_type()),
            }),
            Ok(_) => found.errors.push(LoadError::NotText { path: path.clone() }),
            Err(source) => found.errors.push(LoadError::Io {
                path: path.clone(),
                source,
            }),
        }
    }
    found.documents.sort();
    found.documents.dedup();
    found
}

fn is_text_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt")
}

/// The files under `dir` that `admit` accepts, recursively, skipping
/// hidden entries. A link to a file is judged by the file it points to;
/// links to folders are not followed.
pub fn walk(dir: &Path, admit: &impl Fn(&Path) -> bool) -> Found {
    walk_folders(dir, &|_| true, admit)
}

/// As [`walk`], but only into the folders that `descend` accepts (their
/// paths under `dir`, which is always read).
pub fn walk_folders(
    dir: &Path,
    descend: &impl Fn(&Path) -> bool,
    admit: &impl Fn(&Path) -> bool,
) -> Found {
    let mut found = Found::default();
    walk_into(dir, descend, admit, &mut found);
    found
}

fn walk_into(
    dir: &Path,
    descend: &impl Fn(&Path) -> bool,
    admit: &impl Fn(&Path) -> bool,
    found: &mut Found,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            found.errors.push(LoadError::Io {
                path: dir.to_owned(),
                source,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // The type the directory entry tells costs no system call; only a
        // link's target is looked up.
        let kind = match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                if descend(&path) {
                    walk_into(&path, descend, admit, found);
                }
                continue;
            }
            Ok(_) if !admit(&path) => continue,
            Ok(kind) if kind.is_symlink() => match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => continue,
                Ok(meta) => meta.file_type(),
                Err(source) => {
                    found.errors.push(LoadError::Io { path, source });
                    continue;
                }
            },
            Ok(kind) => kind,
            Err(_) => continue,
        };
        if kind.is_file() {
            found.documents.push(path);
        } else {
            found.skipped.push(LoadError::NotRegular {
                path,
                kind: kind_of(&kind),
            });
        }
    }
}

/// Reads a document and its `.ann` file (if any). Problems in the `.ann`
/// file are returned alongside; the offending lines are kept verbatim. A
/// document of more than `max_size` bytes is not read.
///
/// # Errors
///
/// When the document or its `.ann` file cannot be read, is not a regular
/// file, is larger than `max_size`, or is not UTF-8.
pub fn load_document(
    path: &Path,
    max_size: Option<u64>,
) -> Result<(Document, Vec<AnnIssue>), LoadError> {
    let text = Text::new(utf8(path, read_file(path, max_size)?)?);
    let ann = read_ann(None, path)?;
    Ok(with_annotations(path, text, ann))
}

/// Like [`load_document`], for a document of the workspace folder `root`:
/// an `.ann` file leading outside it is not read.
///
/// # Errors
///
/// As [`load_document`], and [`LoadError::Outside`] when the document
/// itself leads outside `root`.
pub fn load_document_within(
    root: &Path,
    path: &Path,
    max_size: Option<u64>,
) -> Result<(Document, Vec<AnnIssue>), LoadError> {
    confine(root, path).map_err(LoadError::Outside)?;
    let text = Text::new(utf8(path, read_file(path, max_size)?)?);
    let ann = read_ann(Some(root), path)?;
    Ok(with_annotations(path, text, ann))
}

/// Like [`load_document`], but only if the document has a `.ann` file:
/// otherwise `None`, and its text is not read.
///
/// # Errors
///
/// As [`load_document`].
pub fn load_annotated(path: &Path) -> Result<Option<(Document, Vec<AnnIssue>)>, LoadError> {
    let ann = read_ann(None, path)?;
    if let Ann::Missing = ann {
        return Ok(None);
    }
    let text = Text::new(read_utf8(path)?);
    Ok(Some(with_annotations(path, text, ann)))
}

/// Reads a document that has no `.ann` file.
///
/// # Errors
///
/// When the document cannot be read, or is not UTF-8.
pub fn load_unannotated(path: &Path) -> Result<Document, LoadError> {
    let text = Text::new(read_utf8(path)?);
    Ok(with_annotations(path, text, Ann::Missing).0)
}

/// The annotations of the document at `path`, whose text is `text`: those
/// of its `.ann` file, or none if it has none.
///
/// # Errors
///
/// When the `.ann` file cannot be read, or is not UTF-8.
pub fn load_annotations(path: &Path, text: &Text) -> Result<(AnnFile, Vec<AnnIssue>), LoadError> {
    Ok(parse_ann(read_ann(None, path)?, text))
}

/// Like [`load_annotations`], for a document of the workspace folder
/// `root`: an `.ann` file leading outside it is not read.
///
/// # Errors
///
/// As [`load_annotations`].
pub fn load_annotations_within(
    root: &Path,
    path: &Path,
    text: &Text,
) -> Result<(AnnFile, Vec<AnnIssue>), LoadError> {
    Ok(parse_ann(read_ann(Some(root), path)?, text))
}

/// A document's `.ann` file, as read.
enum Ann {
    /// It has none.
    Missing,
    Read {
        path: PathBuf,
        content: String,
    },
    /// It leads outside the workspace, and was not read.
    Refused(AnnIssue),
}

/// The `.ann` file of the document at `path`; in the workspace folder
/// `within`, if given, it must not lead outside it.
fn read_ann(within: Option<&Path>, path: &Path) -> Result<Ann, LoadError> {
    let ann = ann_path(path);
    if let Some(root) = within {
        // Only what is there can lead outside.
        if fs::symlink_metadata(&ann).is_ok() {
            if let Err(escape) = confine(root, &ann) {
                return Ok(Ann::Refused(AnnIssue {
                    file: ann.display().to_string(),
                    line: 0,
                    message: format!("{}; its annotations are not read", escape.reason()),
                }));
            }
        }
    }
    match read_utf8(&ann) {
        Ok(content) => Ok(Ann::Read { path: ann, content }),
        Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Ok(Ann::Missing)
        }
        Err(error) => Err(error),
    }
}

fn parse_ann(ann: Ann, text: &Text) -> (AnnFile, Vec<AnnIssue>) {
    match ann {
        Ann::Read { path, content } => AnnFile::parse(&path.display().to_string(), &content, text),
        Ann::Missing => (AnnFile::default(), Vec::new()),
        Ann::Refused(issue) => (AnnFile::default(), vec![issue]),
    }
}

fn with_annotations(path: &Path, text: Text, ann: Ann) -> (Document, Vec<AnnIssue>) {
    let (annotations, issues) = parse_ann(ann, &text);
    let document = Document {
        path: path.to_owned(),
        text,
        annotations,
    };
    (document, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_text_files_recursively_in_order() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("b/c")).unwrap();
        fs::create_dir_all(root.path().join(".alama")).unwrap();
        for name in [
            "b/c/z.txt",
            "a.txt",
            "b/y.txt",
            "b/notes.md",
            ".alama/x.txt",
        ] {
            fs::write(root.path().join(name), "x").unwrap();
        }
        let Found {
            documents, errors, ..
        } = collect_documents(&[root.path().to_owned(), root.path().join("missing")]);
        let names: Vec<_> = documents
            .iter()
            .map(|p| p.strip_prefix(root.path()).unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [PathBuf::from("a.txt"), "b/c/z.txt".into(), "b/y.txt".into()]
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("missing"));
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_byte_offset() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("bad.txt");
        fs::write(&path, b"\xd8\xa8\xd8\xba\xff rest").unwrap();
        let error = load_document(&path, None).unwrap_err().to_string();
        assert!(
            error.ends_with("bad.txt: not valid UTF-8 at byte 4"),
            "{error}"
        );
        // Past the first blocks a vector validates: an encoded surrogate
        // after 200 bytes of Arabic.
        let mut long = "بغداد ".repeat(20).into_bytes();
        long.extend_from_slice(b"\xed\xa0\x80 rest");
        fs::write(&path, &long).unwrap();
        let error = load_document(&path, None).unwrap_err().to_string();
        assert!(
            error.ends_with("bad.txt: not valid UTF-8 at byte 220"),
            "{error}"
        );
    }

    #[test]
    fn loads_annotations_next_to_the_text() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("doc.txt");
        fs::write(&path, "زار أوباما بغداد").unwrap();
        fs::write(
            root.path().join("doc.ann"),
            "T1\tPER 4 10\tأوباما\nT2\tGPE 0 3\tدمش\n",
        )
        .unwrap();
        let (document, issues) = load_document(&path, None).unwrap();
        let confirmed: Vec<_> = document.confirmed().collect();
        assert_eq!(confirmed, [("أوباما", "PER", None)]);
        assert_eq!(issues.len(), 1);
        assert!(
            issues[0].to_string().contains("doc.ann:2:"),
            "{}",
            issues[0]
        );
    }

    /// Makes a FIFO at `path` with the system's `mkfifo`.
    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }

    /// A FIFO named like a document, or a link to one, would block the
    /// reader until some program wrote to it: it is skipped with a message,
    /// never opened, whether found in a folder or given.
    #[cfg(unix)]
    #[test]
    fn fifos_are_skipped_unopened() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("a.txt"), "x").unwrap();
        mkfifo(&root.path().join("pipe.txt"));
        mkfifo(&root.path().join("other"));
        std::os::unix::fs::symlink(root.path().join("pipe.txt"), root.path().join("link.txt"))
            .unwrap();
        std::os::unix::fs::symlink(root.path().join("a.txt"), root.path().join("b.txt")).unwrap();

        let found = walk(root.path(), &is_text_file);
        let mut documents = found.documents.clone();
        documents.sort();
        assert_eq!(
            documents,
            [root.path().join("a.txt"), root.path().join("b.txt")]
        );
        let mut skipped: Vec<String> = found.skipped.iter().map(ToString::to_string).collect();
        skipped.sort();
        let root_name = root.path().display();
        assert_eq!(
            skipped,
            [
                format!("{root_name}/link.txt: skipped: a FIFO, not a regular file"),
                format!("{root_name}/pipe.txt: skipped: a FIFO, not a regular file"),
            ]
        );
        assert!(found.errors.is_empty(), "{:?}", found.errors);

        let given = collect_documents(&[root.path().join("pipe.txt")]);
        assert!(given.documents.is_empty());
        let errors: Vec<String> = given.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [format!(
                "{root_name}/pipe.txt: skipped: a FIFO, not a regular file"
            )]
        );

        // A FIFO met when reading (put in a document's place after the
        // walk) is refused, not waited on.
        let error = load_document(&root.path().join("pipe.txt"), None).unwrap_err();
        assert!(
            matches!(error, LoadError::NotRegular { kind: "a FIFO", .. }),
            "{error}"
        );
        // So is a FIFO in place of a document's annotations.
        mkfifo(&root.path().join("a.ann"));
        let error = load_document(&root.path().join("a.txt"), None).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{root_name}/a.ann: skipped: a FIFO, not a regular file")
        );
    }

    #[test]
    fn a_document_over_the_size_limit_is_not_read() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("big.txt");
        fs::write(&path, "بغداد بغداد").unwrap();
        let error = load_document(&path, Some(20)).unwrap_err().to_string();
        assert!(
            error.ends_with("big.txt: skipped: its 21 bytes are more than the limit of 20 bytes"),
            "{error}"
        );
        assert!(load_document(&path, Some(21)).is_ok());
        assert!(load_document(&path, None).is_ok());
        let error = LoadError::TooLarge {
            path: path.clone(),
            size: 52_428_800,
            limit: 50_000_000,
        };
        assert!(
            error
                .to_string()
                .ends_with("big.txt: skipped: its 52.4 MB are more than the limit of 50.0 MB"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn documents_and_ann_files_leading_outside_the_workspace_are_not_read() {
        use std::os::unix::fs::symlink;
        let root = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(root.path()).unwrap();
        let outside = tempfile::tempdir().unwrap();
        let outside = fs::canonicalize(outside.path()).unwrap();
        let path = root.join("doc.txt");
        fs::write(&path, "زار أوباما بغداد").unwrap();
        fs::write(outside.join("doc.ann"), "T1\tPER 4 10\tأوباما\n").unwrap();
        symlink(outside.join("doc.ann"), root.join("doc.ann")).unwrap();

        let (document, issues) = load_document_within(&root, &path, None).unwrap();
        assert_eq!(document.confirmed().count(), 0);
        let issues: Vec<String> = issues.iter().map(ToString::to_string).collect();
        let expected = format!(
            "{}: leads to {}, outside the workspace {}; its annotations are not read",
            root.join("doc.ann").display(),
            outside.join("doc.ann").display(),
            root.display()
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0], expected);
        let (annotations, issues) = load_annotations_within(&root, &path, &document.text).unwrap();
        assert_eq!(annotations, AnnFile::default());
        assert_eq!(issues[0].to_string(), expected);

        // A document leading outside is not read at all.
        fs::rename(&path, outside.join("doc.txt")).unwrap();
        symlink(outside.join("doc.txt"), root.join("linked.txt")).unwrap();
        let error = load_document_within(&root, &root.join("linked.txt"), None).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}: leads to {}, outside the workspace {}; not read",
                root.join("linked.txt").display(),
                outside.join("doc.txt").display(),
                root.display()
            )
        );
        fs::rename(outside.join("doc.txt"), &path).unwrap();

        // Outside a workspace (the command line), links are followed; and
        // so they are inside one when they stay in it.
        let (document, _) = load_document(&path, None).unwrap();
        assert_eq!(document.confirmed().count(), 1);
        fs::rename(outside.join("doc.ann"), root.join("kept.ann")).unwrap();
        fs::remove_file(root.join("doc.ann")).unwrap();
        symlink("kept.ann", root.join("doc.ann")).unwrap();
        let (document, issues) = load_document_within(&root, &path, None).unwrap();
        assert_eq!((document.confirmed().count(), issues.len()), (1, 0));
    }
}
