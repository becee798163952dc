//! `alama tag --format brat --out DIR`: a brat collection of the corpus'
//! reviewed work, with the unreviewed suggestions beside it.
//!
//! Every document gets three files, at its path under the project root (a
//! document outside the root: at its path under the input path it was
//! found under, in `_outside/<n>-<name>/`, `n` the input's place on the
//! command line and `name` its folder's name):
//!
//! - `<doc>.txt`, a copy of the text;
//! - `<doc>.ann`, the document's confirmed annotations, the corpus' `.ann`
//!   byte for byte (empty when it has none);
//! - `<doc>.suggestions.ann`, the suggestions as `T` lines (with `N` lines
//!   for their lexicon links), each with a note
//!   `#<n><TAB>AnnotatorNotes T<k><TAB>unreviewed alama suggestion (<source>)`,
//!   numbered after the `.ann`'s own annotations. brat lists documents by
//!   their `.txt`, so it never takes them for annotations.
//!
//! A suggestion the project's `.alama/rejections.tsv` rejects is left out,
//! as the editor hides it.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use alama_core::brat::AnnError;
use alama_core::corpus::{ann_path, read_file, Document, LoadError};
use alama_core::engine::{Engine, Mention, Status};
use alama_core::rejections::{RejectedSpans, Rejections};
use anyhow::{bail, Context};

use super::with_surfaces;
use crate::output_dir::Staging;
use crate::rejections::read_rejections;

/// The folder of the documents found outside the project root.
const OUTSIDE: &str = "_outside";

/// Where a document's files go.
struct Place {
    /// The output path without `.txt`, relative to the output folder.
    stem: PathBuf,
    /// The document's path under the project root with `/`, which keys its
    /// rejections; `None` outside the root.
    key: Option<String>,
}

impl Place {
    /// The output file `<stem><suffix>`.
    fn file(&self, suffix: &str) -> PathBuf {
        let mut name = OsString::from(self.stem.as_os_str());
        name.push(suffix);
        PathBuf::from(name)
    }

    fn files(&self) -> [PathBuf; 3] {
        [".txt", ".ann", ".suggestions.ann"].map(|suffix| self.file(suffix))
    }
}

/// Writes the documents' files into a staged output folder.
pub struct BratOut {
    staging: Staging,
    places: HashMap<PathBuf, Place>,
    rejections: Rejections,
}

impl BratOut {
    /// Places every document of `documents` (found under `inputs`) and
    /// reads the project's rejections. A document reached twice (through a
    /// link, or `..`) is kept once; two documents whose files would have
    /// the same path are refused before anything is written.
    pub fn new(
        staging: Staging,
        documents: &mut Vec<PathBuf>,
        inputs: &[PathBuf],
        root: &Path,
    ) -> anyhow::Result<BratOut> {
        let mut places = HashMap::with_capacity(documents.len());
        let mut by_file: HashMap<PathBuf, &Path> = HashMap::with_capacity(3 * documents.len());
        let mut seen = HashSet::with_capacity(documents.len());
        let mut unique = Vec::with_capacity(documents.len());
        for document in documents.iter() {
            let canonical =
                canonical(document).with_context(|| format!("finding {}", document.display()))?;
            if !seen.insert(canonical.clone()) {
                continue;
            }
            let place = place(document, &canonical, inputs, root)?;
            for file in place.files() {
                if let Some(other) = by_file.insert(file.clone(), document) {
                    bail!(
                        "{} and {} would both be written to {} in the output; \
                         nothing was written",
                        other.display(),
                        document.display(),
                        file.display()
                    );
                }
            }
            unique.push(document.clone());
            places.insert(document.clone(), place);
        }
        drop(by_file);
        *documents = unique;
        Ok(BratOut {
            staging,
            places,
            rejections: read_rejections(root)?,
        })
    }

    /// Writes a document's three files.
    pub fn write(
        &self,
        engine: &Engine,
        document: &Document,
        mentions: &[Mention],
    ) -> anyhow::Result<()> {
        let place = &self.places[&document.path];
        // Read first: a document whose annotations cannot be read gets no
        // file at all.
        let confirmed = match read_file(&ann_path(&document.path), None) {
            Ok(bytes) => bytes,
            Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                Vec::new()
            }
            Err(error) => return Err(error.into()),
        };
        let suggestions = self
            .suggestions(engine, document, mentions, place)
            .with_context(|| format!("suggestions of {}", document.path.display()))?;
        let folder = self.staging.path();
        let [text_file, ann_file, suggestions_file] = place.files().map(|f| folder.join(f));
        if let Some(parent) = text_file.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        for (file, content) in [
            (&text_file, document.text.as_str().as_bytes()),
            (&ann_file, &confirmed),
            (&suggestions_file, suggestions.as_bytes()),
        ] {
            fs::write(file, content).with_context(|| format!("writing {}", file.display()))?;
        }
        Ok(())
    }

    /// The content of the document's `.suggestions.ann`.
    fn suggestions(
        &self,
        engine: &Engine,
        document: &Document,
        mentions: &[Mention],
        place: &Place,
    ) -> Result<String, AnnError> {
        let rejected = match &place.key {
            Some(key) => RejectedSpans::new(
                self.rejections
                    .of(key)
                    .iter()
                    .filter(|r| r.holds_in(&document.text)),
            ),
            None => RejectedSpans::default(),
        };
        let mut file = document.annotations.clone();
        let own = file.line_count();
        let suggested = with_surfaces(&document.text, mentions)
            .filter(|(m, _)| m.status == Status::Suggested && !rejected.hides(m.span));
        for (m, text) in suggested {
            // brat shows a normalization's text as the entity's name.
            let entity = m.entity.as_deref().map(|id| {
                let name = engine.lexicon().by_id(id).map_or(text, |e| e.name("en"));
                (id, name)
            });
            let t = file.add(&m.ty, m.span, text, entity)?;
            let note = format!("unreviewed alama suggestion ({})", m.source.as_str());
            file.add_note(t, &note);
        }
        Ok(file.split_off(own).render())
    }

    /// Puts the output in place.
    pub fn finish(self) -> anyhow::Result<()> {
        self.staging.commit(
            "a brat collection of the corpus' reviewed annotations (<document>.ann), \
             with alama's unreviewed suggestions beside them (<document>.suggestions.ann).",
        )
    }
}

/// `document` with its folder canonical: `..` and links to folders
/// resolved, the file's own name kept (a linked document is placed by its
/// name, as the editor names it).
fn canonical(document: &Path) -> io::Result<PathBuf> {
    let folder = document.parent().filter(|p| !p.as_os_str().is_empty());
    let name = document
        .file_name()
        .ok_or_else(|| io::Error::other("no file name"))?;
    Ok(fs::canonicalize(folder.unwrap_or(Path::new(".")))?.join(name))
}

/// Where `document` (whose [`canonical`] path is `canonical`) goes.
fn place(
    document: &Path,
    canonical: &Path,
    inputs: &[PathBuf],
    root: &Path,
) -> anyhow::Result<Place> {
    let (relative, key) = match canonical.strip_prefix(root) {
        Ok(relative) => {
            let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
            (relative.to_owned(), Some(parts.join("/")))
        }
        Err(_) => {
            // Documents are found by joining names to an input path.
            let (n, input) = inputs
                .iter()
                .enumerate()
                .find(|(_, input)| document.starts_with(input))
                .with_context(|| format!("{}: under no input path", document.display()))?;
            let under = document.strip_prefix(input).expect("checked");
            let is_file = under.as_os_str().is_empty();
            let folder = if is_file {
                canonical.parent()
            } else {
                Some(
                    canonical
                        .ancestors()
                        .nth(under.iter().count())
                        .expect("a prefix"),
                )
            };
            let name = folder
                .and_then(Path::file_name)
                .map_or_else(|| "root".into(), |name| name.to_string_lossy());
            let under = if is_file {
                Path::new(canonical.file_name().expect("a file"))
            } else {
                under
            };
            let prefix = Path::new(OUTSIDE).join(format!("{}-{name}", n + 1));
            (prefix.join(under), None)
        }
    };
    Ok(Place {
        stem: relative.with_extension(""),
        key,
    })
}
