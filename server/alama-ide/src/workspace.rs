//! The corpus of one workspace folder, as the editor sees it.
//!
//! Every document under the root that the [`DocumentFilter`] admits is
//! indexed: its annotations, its rejections, what it contributes to the
//! corpus counts, and its state on disk as last read or written (the base
//! of the merge of every write with other writers: see `persist.rs`). Open
//! documents also keep their buffer text and their mentions, so that
//! annotations made on an unsaved buffer reach the disk with the text, or
//! not at all.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use alama_core::brat::{write_atomically, AnnFile, TextBound};
use alama_core::corpus::{
    load_annotations_within, load_document_within, read_file, read_utf8, utf8, walk, LoadError,
};
use alama_core::engine::{confirmed_mentions, select, Engine, Mention, Propagation, Status};
use alama_core::fs::{confine, remove_stale_temporaries, Escape};
use alama_core::lexicon::alias_line;
use alama_core::normalize::normalize;
use alama_core::project::{Project, PROJECT_DIR};
use alama_core::rejections::{self, RejectedSpans, Rejection, Rejections};
use alama_core::text::{Edit, Span, Text};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

mod commands;
mod persist;

pub use commands::{Command, CommandError, Outcome, Target};
use persist::{Mode, Stamp, WriteLock};

/// Which files under the root are documents of the corpus.
#[derive(Debug, Clone)]
pub struct DocumentFilter {
    include: GlobSet,
    exclude: GlobSet,
    /// Documents larger than this, in bytes, are not read (nor opened).
    max_size: Option<u64>,
}

impl DocumentFilter {
    /// Globs are matched against paths relative to the root, with `/`.
    pub fn new(include: &[String], exclude: &[String]) -> Result<DocumentFilter, globset::Error> {
        let set = |globs: &[String]| -> Result<GlobSet, globset::Error> {
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(Glob::new(glob)?);
            }
            builder.build()
        };
        Ok(DocumentFilter {
            include: set(include)?,
            exclude: set(exclude)?,
            max_size: None,
        })
    }

    /// The same filter, but documents of more than `max_size` bytes are
    /// skipped with a message naming them.
    pub fn with_max_size(self, max_size: Option<u64>) -> DocumentFilter {
        DocumentFilter { max_size, ..self }
    }

    pub fn admits(&self, relative: &str) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }
}

impl Default for DocumentFilter {
    fn default() -> DocumentFilter {
        DocumentFilter::new(&["**/*.txt".to_owned()], &[]).expect("valid default glob")
    }
}

/// How often an entity (or an unlinked name of a type) occurs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub confirmed: usize,
    pub suggested: usize,
    pub rejected: usize,
    /// Documents with at least one confirmed or suggested mention.
    pub documents: usize,
}

impl Tally {
    pub fn mentions(&self) -> usize {
        self.confirmed + self.suggested
    }

    fn add(&mut self, counts: Counts, sign: isize) {
        let apply =
            |total: &mut usize, n: u32| *total = total.saturating_add_signed(sign * n as isize);
        apply(&mut self.confirmed, counts.confirmed);
        apply(&mut self.suggested, counts.suggested);
        apply(&mut self.rejected, counts.rejected);
        apply(
            &mut self.documents,
            u32::from(counts.confirmed + counts.suggested > 0),
        );
    }
}

/// One document's counts for one key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    confirmed: u32,
    suggested: u32,
    rejected: u32,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.confirmed += other.confirmed;
        self.suggested += other.suggested;
        self.rejected += other.rejected;
    }
}

/// What identifies "the same entity" across the corpus: its lexicon id, or
/// for an unlinked mention its type and normalized name.
pub fn entity_key(ty: &str, entity: Option<&str>, surface: &str) -> String {
    match entity {
        Some(id) => id.to_owned(),
        None => format!("{ty}\u{1f}{}", normalize(surface)),
    }
}

/// The [`entity_key`] of a mention of `text`.
pub fn mention_key(text: &Text, mention: &Mention) -> String {
    let surface = text.slice(mention.span).unwrap_or_default();
    entity_key(&mention.ty, mention.entity.as_deref(), surface)
}

/// A document's share of the corpus counts, by key.
type Contribution = Vec<(String, Counts)>;

fn contribution(text: &Text, mentions: &[Mention], rejections: &[Rejection]) -> Contribution {
    // Mentions are grouped by what their key is made of first, so that a
    // key (a normalization, for an unlinked name) is made once per group.
    let mut by_parts: FxHashMap<(&str, Option<&str>, &str), Counts> = FxHashMap::default();
    for m in mentions {
        let surface = match m.entity {
            Some(_) => "",
            None => text.slice(m.span).unwrap_or_default(),
        };
        let counts = by_parts
            .entry((&m.ty, m.entity.as_deref(), surface))
            .or_default();
        match m.status {
            Status::Confirmed => counts.confirmed += 1,
            Status::Suggested => counts.suggested += 1,
        }
    }
    let rejected = rejections.iter().map(|r| {
        let counts = Counts {
            rejected: 1,
            ..Counts::default()
        };
        (
            (r.ty.as_str(), r.entity.as_deref(), r.text.as_str()),
            counts,
        )
    });
    let mut by_key: FxHashMap<String, Counts> = FxHashMap::default();
    for ((ty, entity, surface), counts) in by_parts.into_iter().chain(rejected) {
        *by_key.entry(entity_key(ty, entity, surface)).or_default() += counts;
    }
    by_key.into_iter().collect()
}

/// The mentions of a document: its confirmed annotations, then the
/// suggestions that are neither rejected nor overlapping them. The
/// suggestions are chosen among themselves ([`select`]): sorted and disjoint,
/// so one pass suffices, even over the thousands of a long document.
fn merge(annotations: &AnnFile, suggestions: &[Mention], rejections: &[Rejection]) -> Vec<Mention> {
    debug_assert!(suggestions
        .windows(2)
        .all(|w| w[0].span.end <= w[1].span.start));
    let confirmed = select(confirmed_mentions(annotations).collect());
    let rejected = RejectedSpans::new(rejections);
    let mut mentions = Vec::with_capacity(confirmed.len() + suggestions.len());
    let mut next = 0;
    for suggestion in suggestions {
        let span = suggestion.span;
        let after = next + confirmed[next..].partition_point(|c| c.span.end <= span.start);
        let hidden =
            confirmed.get(after).is_some_and(|c| c.span.overlaps(span)) || rejected.hides(span);
        if !hidden {
            mentions.extend_from_slice(&confirmed[next..after]);
            mentions.push(suggestion.clone());
            next = after;
        }
    }
    mentions.extend_from_slice(&confirmed[next..]);
    mentions
}

/// An open document.
#[derive(Debug)]
struct Buffer {
    text: Text,
    /// Suggestions chosen among themselves, before annotations and
    /// rejections hide some: kept to re-recognize only what an edit touches.
    suggestions: Vec<Mention>,
    mentions: Vec<Mention>,
    /// The text the editor last read from disk or saved: the buffer has
    /// unsaved text when it holds another. (When another program changed
    /// the file and the editor did not reload it, this is not the text on
    /// disk, yet the buffer is not unsaved.)
    clean: Stamp,
}

impl Buffer {
    fn is_dirty(&self) -> bool {
        Stamp::of(self.text.as_str()) != self.clean
    }
}

/// A document's state on disk as this server last read or wrote it: its
/// annotations and rejections, in the offsets of the text with `stamp`.
/// What the server's view differs from it by is what it has to write.
#[derive(Debug, Clone)]
struct Saved {
    stamp: Stamp,
    annotations: AnnFile,
    rejections: Vec<Rejection>,
}

impl Saved {
    /// No annotations nor rejections, for a document with `text` on disk.
    fn empty(text: &str) -> Saved {
        Saved {
            stamp: Stamp::of(text),
            annotations: AnnFile::default(),
            rejections: Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Document {
    /// Path relative to the root, `/`-separated.
    relative: String,
    /// The annotations and rejections as this server sees them: in the
    /// offsets of the buffer if open, else of the text on disk.
    annotations: AnnFile,
    rejections: Vec<Rejection>,
    saved: Saved,
    buffer: Option<Buffer>,
    contribution: Contribution,
}

impl Document {
    /// A document without annotations (yet).
    fn new(relative: String) -> Document {
        Document {
            relative,
            annotations: AnnFile::default(),
            rejections: Vec::new(),
            saved: Saved::empty(""),
            buffer: None,
            contribution: Vec::new(),
        }
    }
}

/// The confirmed names of a document (text, type, entity), in order: what
/// propagation reads of it.
fn confirmed_names(annotations: &AnnFile) -> Vec<(String, String, Option<String>)> {
    let mut names: Vec<_> = annotations
        .text_bounds()
        .map(|t| {
            let entity = annotations.entity_of(t.id).map(str::to_owned);
            (t.text.clone(), t.ty.clone(), entity)
        })
        .collect();
    names.sort_unstable();
    names
}

/// Problems met while reading the corpus or writing to it.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("{} is not a document of the workspace {}", path.display(), root.display())]
    NotInWorkspace { path: PathBuf, root: PathBuf },
    /// A file that leads outside the workspace folder: neither read nor
    /// written.
    #[error("{0}; refused")]
    Outside(Escape),
    #[error("{} is not open", path.display())]
    NotOpen { path: PathBuf },
}

/// Recomputes the counts of documents that are not open, off the lock that
/// guards the workspace: see [`Workspace::repropagate`].
pub struct Recount {
    root: PathBuf,
    engine: Arc<Engine>,
    propagation: Arc<Propagation>,
    generation: u64,
    documents: Vec<(PathBuf, AnnFile, Vec<Rejection>)>,
}

/// The result of a [`Recount`], to hand to [`Workspace::finish_recount`].
pub struct Recounted {
    root: PathBuf,
    generation: u64,
    contributions: Vec<(PathBuf, Contribution)>,
}

impl Recounted {
    /// The root of the workspace it belongs to.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Recount {
    pub fn run(self) -> Recounted {
        let contributions = self
            .documents
            .into_par_iter()
            .filter_map(|(path, annotations, rejections)| {
                let text = Text::new(read_utf8(&path).ok()?);
                let suggestions = select(self.engine.suggestions(&text, &self.propagation));
                let mentions = merge(&annotations, &suggestions, &rejections);
                Some((path, contribution(&text, &mentions, &rejections)))
            })
            .collect();
        Recounted {
            root: self.root,
            generation: self.generation,
            contributions,
        }
    }
}

/// The corpus of one workspace folder.
pub struct Workspace {
    root: PathBuf,
    project: Project,
    engine: Arc<Engine>,
    /// See [`Workspace::engine_id`].
    engine_id: u64,
    filter: DocumentFilter,
    documents: BTreeMap<PathBuf, Document>,
    propagation: Arc<Propagation>,
    /// Bumped whenever the propagation changes, so that stale recounts are
    /// dropped.
    generation: u64,
    corpus: FxHashMap<String, Tally>,
    /// Open documents whose mentions changed since the last
    /// [`Workspace::take_changed`].
    changed: BTreeSet<PathBuf>,
    /// What the annotator should be told since the last
    /// [`Workspace::take_warnings`].
    warnings: Vec<String>,
    /// Set when a write brought confirmed names of another writer: the
    /// corpus' names are then compiled again (see [`Workspace::execute`]).
    merged_names: bool,
}

impl Workspace {
    /// Reads the project at `root` and indexes its documents; `progress`
    /// is called with (documents done, total). Returns the problems found
    /// (configuration, data files, unreadable documents, malformed lines),
    /// each naming its file. Temporary files that crashed writers left in
    /// the folder are removed first (see [`remove_stale_temporaries`]).
    pub fn load(
        root: &Path,
        filter: DocumentFilter,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> (Workspace, Vec<String>) {
        remove_stale_temporaries(root);
        let (project, engine, mut problems) = load_engine(root);
        let mut workspace = Workspace {
            root: root.to_owned(),
            project,
            engine: Arc::new(engine),
            engine_id: new_engine_id(),
            filter,
            documents: BTreeMap::new(),
            propagation: Arc::new(Propagation::empty()),
            generation: 0,
            corpus: FxHashMap::default(),
            changed: BTreeSet::new(),
            warnings: Vec::new(),
            merged_names: false,
        };
        problems.extend(workspace.index(progress));
        (workspace, problems)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Identifies [`Workspace::engine`]: no two engines of the process,
    /// in this workspace or another, share it. It changes whenever the
    /// engine is rebuilt (with a new lexicon, say), and what was made from
    /// the former engine may then be stale.
    pub fn engine_id(&self) -> u64 {
        self.engine_id
    }

    pub fn types(&self) -> &[String] {
        &self.project.types
    }

    /// Whether `path` is a document of this workspace (indexed or not yet).
    pub fn admits(&self, path: &Path) -> bool {
        self.relative(path).is_some_and(|r| self.filter.admits(&r))
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = relative.iter().map(|p| p.to_str()).collect();
        let parts = parts?;
        let hidden = parts.iter().any(|p| p.starts_with('.') || *p == "..");
        (!hidden && !parts.is_empty()).then(|| parts.join("/"))
    }

    fn rejections_file(&self) -> PathBuf {
        self.root.join(PROJECT_DIR).join("rejections.tsv")
    }

    fn index(&mut self, progress: &(dyn Fn(usize, usize) + Sync)) -> Vec<String> {
        let mut problems = Vec::new();
        let rejections_file = self.rejections_file();
        let rejections = match read_project_file(&self.root, &rejections_file) {
            Ok(Some(content)) => {
                let (rejections, errors) =
                    Rejections::parse(&rejections_file.display().to_string(), &content);
                problems.extend(errors.iter().map(ToString::to_string));
                rejections
            }
            Ok(None) => Rejections::default(),
            Err(error) => {
                problems.push(error.to_string());
                Rejections::default()
            }
        };

        let found = walk(&self.root, &|path| self.admits(path));
        problems.extend(found.errors.iter().map(ToString::to_string));
        problems.extend(found.skipped.iter().map(ToString::to_string));
        let total = found.documents.len();
        let max_size = self.filter.max_size;
        let loaded: Vec<_> = found
            .documents
            .into_par_iter()
            .map(|path| load_document_within(&self.root, &path, max_size))
            .collect();
        let mut documents = Vec::new();
        for result in loaded {
            match result {
                Ok((document, issues)) => {
                    problems.extend(issues.iter().map(ToString::to_string));
                    documents.push(document);
                }
                Err(error) => problems.push(error.to_string()),
            }
        }
        self.propagation = Arc::new(
            self.engine
                .propagation(documents.iter().flat_map(|d| d.confirmed())),
        );

        let done = AtomicUsize::new(0);
        let indexed: Vec<_> = documents
            .into_par_iter()
            .map(|document| {
                let relative = self.relative(&document.path).unwrap_or_default();
                let mut own = rejections.of(&relative).to_vec();
                rejections::reanchor(&mut own, &document.text);
                let (valid, stale): (Vec<_>, Vec<_>) =
                    own.into_iter().partition(|r| r.holds_in(&document.text));
                let suggestions =
                    select(self.engine.suggestions(&document.text, &self.propagation));
                let mentions = merge(&document.annotations, &suggestions, &valid);
                let contribution = contribution(&document.text, &mentions, &valid);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(n, total);
                let saved = Saved {
                    stamp: Stamp::of(document.text.as_str()),
                    annotations: document.annotations.clone(),
                    rejections: valid.clone(),
                };
                let doc = Document {
                    relative,
                    annotations: document.annotations,
                    rejections: valid,
                    saved,
                    buffer: None,
                    contribution,
                };
                (document.path, doc, stale)
            })
            .collect();
        for (path, document, stale) in indexed {
            for r in stale {
                problems.push(format!(
                    "{}: rejection of `{}` at {} no longer matches {}; ignored",
                    rejections_file.display(),
                    r.text,
                    r.span,
                    path.display()
                ));
            }
            self.add_contribution(&document.contribution, 1);
            self.documents.insert(path, document);
        }
        problems
    }

    fn add_contribution(&mut self, contribution: &Contribution, sign: isize) {
        // Keys are cloned only when new to the corpus.
        for (key, counts) in contribution {
            let mut tally = self.corpus.get(key).copied().unwrap_or_default();
            tally.add(*counts, sign);
            if tally == Tally::default() {
                self.corpus.remove(key);
            } else if let Some(total) = self.corpus.get_mut(key) {
                *total = tally;
            } else {
                self.corpus.insert(key.clone(), tally);
            }
        }
    }

    fn set_contribution(&mut self, path: &Path, contribution: Contribution) {
        let Some(document) = self.documents.get_mut(path) else {
            return;
        };
        let old = std::mem::replace(&mut document.contribution, contribution);
        let new = document.contribution.clone();
        self.add_contribution(&old, -1);
        self.add_contribution(&new, 1);
    }

    /// Whether `name` is confirmed somewhere in the corpus.
    pub fn is_confirmed_name(&self, name: &str) -> bool {
        self.propagation.contains(name)
    }

    /// The corpus counts of a key (see [`entity_key`]).
    pub fn tally(&self, key: &str) -> Tally {
        self.corpus.get(key).copied().unwrap_or_default()
    }

    /// The number of indexed documents.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Open documents whose mentions changed since the last call.
    pub fn take_changed(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.changed).into_iter().collect()
    }

    /// What the annotator should be told since the last call: annotations
    /// kept but not placed in a text another program changed, changes not
    /// written.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// The text and mentions of an open document.
    pub fn open_document(&self, path: &Path) -> Option<(&Text, &[Mention])> {
        let buffer = self.documents.get(path)?.buffer.as_ref()?;
        Some((&buffer.text, &buffer.mentions))
    }

    /// Opens a document with its buffer text.
    pub fn open(&mut self, path: &Path, text: String) -> Result<(), WorkspaceError> {
        let relative = self
            .relative(path)
            .filter(|r| self.filter.admits(r))
            .ok_or_else(|| WorkspaceError::NotInWorkspace {
                path: path.to_owned(),
                root: self.root.clone(),
            })?;
        let size = text.len() as u64;
        if let Some(limit) = self.filter.max_size.filter(|&limit| size > limit) {
            let path = path.to_owned();
            return Err(LoadError::TooLarge { path, size, limit }.into());
        }
        let text = Text::new(text);
        let (on_disk, annotations) = match read_file(path, self.filter.max_size) {
            // Usually the buffer is the file as saved, which then need not
            // be checked and indexed again.
            Ok(bytes) if bytes == text.as_str().as_bytes() => {
                let (annotations, _) = load_annotations_within(&self.root, path, &text)?;
                (None, annotations)
            }
            Ok(bytes) => {
                let on_disk = Text::new(utf8(path, bytes)?);
                let (annotations, _) = load_annotations_within(&self.root, path, &on_disk)?;
                (Some(on_disk), annotations)
            }
            Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                (Some(Text::new(String::new())), AnnFile::default())
            }
            Err(error) => return Err(error.into()),
        };
        let disk = on_disk.as_ref().unwrap_or(&text);
        let document = self
            .documents
            .entry(path.to_owned())
            .or_insert_with(|| Document::new(relative));
        let stamp = Stamp::of(disk.as_str());
        let mut rejections = document.saved.rejections.clone();
        if stamp != document.saved.stamp {
            rejections::reanchor(&mut rejections, disk);
            rejections.retain(|r| r.holds_in(disk));
        }
        document.saved = Saved {
            stamp,
            annotations,
            rejections,
        };
        // Annotations of the text on disk are placed in the buffer where it
        // has their text; the others are kept verbatim.
        let mut annotations = document.saved.annotations.clone();
        let mut rejections = document.saved.rejections.clone();
        if on_disk.is_some() {
            annotations.reanchor(&text);
            rejections::reanchor(&mut rejections, &text);
            rejections.retain(|r| r.holds_in(&text));
        }
        document.annotations = annotations;
        document.rejections = rejections;
        document.buffer = Some(Buffer {
            text,
            suggestions: Vec::new(),
            mentions: Vec::new(),
            clean: stamp,
        });
        self.refresh(path);
        Ok(())
    }

    /// Recognizes an open document anew and updates its counts.
    pub fn refresh(&mut self, path: &Path) {
        let engine = self.engine.clone();
        let propagation = self.propagation.clone();
        let Some(document) = self.documents.get_mut(path) else {
            return;
        };
        let Some(buffer) = document.buffer.as_mut() else {
            return;
        };
        buffer.suggestions = select(engine.suggestions(&buffer.text, &propagation));
        let contribution = Self::remerge(document);
        self.changed_if(path, true);
        self.set_contribution(path, contribution);
    }

    /// Recomputes an open document's mentions from its suggestions,
    /// annotations and rejections; returns its contribution.
    fn remerge(document: &mut Document) -> Contribution {
        let buffer = document.buffer.as_mut().expect("an open document");
        buffer.mentions = merge(
            &document.annotations,
            &buffer.suggestions,
            &document.rejections,
        );
        contribution(&buffer.text, &buffer.mentions, &document.rejections)
    }

    fn changed_if(&mut self, path: &Path, changed: bool) {
        if changed {
            self.changed.insert(path.to_owned());
        }
    }

    /// Applies edits (in order) to an open document whose new text is
    /// `text`; annotations and rejections move with the text, those whose
    /// characters changed are dropped and returned. Only the lines around
    /// the edits are recognized again; [`Workspace::refresh`] recognizes
    /// the whole document (and updates the corpus counts).
    pub fn edit(
        &mut self,
        path: &Path,
        edits: &[Edit],
        text: String,
    ) -> Result<Vec<TextBound>, WorkspaceError> {
        let engine = self.engine.clone();
        let propagation = self.propagation.clone();
        let document = self
            .documents
            .get_mut(path)
            .filter(|d| d.buffer.is_some())
            .ok_or_else(|| WorkspaceError::NotOpen {
                path: path.to_owned(),
            })?;
        let mut dropped = Vec::new();
        let mut touched: Option<Span> = None;
        let buffer = document.buffer.as_mut().expect("checked above");
        for edit in edits {
            dropped.extend(document.annotations.apply_edit(edit));
            rejections::apply_edit(&mut document.rejections, edit);
            buffer.suggestions.retain_mut(|m| match edit.map(m.span) {
                Some(span) => {
                    m.span = span;
                    true
                }
                None => false,
            });
            touched = Some(match touched {
                None => edit.inserted(),
                Some(region) => {
                    let moved = edit.map(region).unwrap_or(region);
                    let inserted = edit.inserted();
                    Span::new(moved.start.min(inserted.start), moved.end.max(inserted.end))
                }
            });
        }
        buffer.text = Text::new(text);
        if let Some(region) = touched {
            let window = recognition_window(&buffer.text, region);
            buffer.suggestions.retain(|m| !m.span.overlaps(window));
            let slice = buffer.text.slice(window).unwrap_or_default();
            let suggestions = engine.suggestions(&Text::new(slice.to_owned()), &propagation);
            // The window's suggestions are disjoint from the others, which
            // all lie outside it: they go in at its place.
            let at = buffer
                .suggestions
                .partition_point(|m| m.span.start < window.start);
            buffer.suggestions.splice(
                at..at,
                select(suggestions).into_iter().map(|mut m| {
                    m.span = Span::new(m.span.start + window.start, m.span.end + window.start);
                    m
                }),
            );
        }
        let before = std::mem::take(&mut buffer.mentions);
        buffer.mentions = merge(
            &document.annotations,
            &buffer.suggestions,
            &document.rejections,
        );
        let changed = before != buffer.mentions;
        self.changed_if(path, changed);
        Ok(dropped)
    }

    /// The text of an open document was saved: its annotations and
    /// rejections are written with it, merged with what other writers
    /// wrote. Returns whether the confirmed names of the corpus changed (see
    /// [`Workspace::repropagate`]).
    pub fn save(&mut self, path: &Path) -> Result<bool, WorkspaceError> {
        let document = self.indexed_mut(path)?;
        if let Some(buffer) = document.buffer.as_mut() {
            buffer.clean = Stamp::of(buffer.text.as_str());
        }
        self.sync(path, Mode::Write)
    }

    /// Closes a document. Annotations made on an unsaved buffer are dropped:
    /// the document is read again from disk; those of a saved buffer not
    /// written yet (made while it was unsaved) are written. Returns whether
    /// the confirmed names of the corpus changed (see
    /// [`Workspace::repropagate`]).
    pub fn close(&mut self, path: &Path) -> bool {
        let Some(document) = self.documents.get(path) else {
            return false;
        };
        let Some(buffer) = document.buffer.as_ref() else {
            return false;
        };
        let view = document.annotations.clone();
        let unwritten = document.annotations != document.saved.annotations
            || document.rejections != document.saved.rejections;
        if unwritten && buffer.is_dirty() {
            tracing::info!(
                "{}: closed without saving; its unsaved annotations are dropped",
                path.display()
            );
        } else if unwritten {
            if let Err(error) = self.sync(path, Mode::Read) {
                self.warnings
                    .push(format!("closed, but not written: {error}"));
            }
        }
        let document = self.documents.get_mut(path).expect("present");
        let buffer = document.buffer.take().expect("open");
        let unchanged = document.annotations == document.saved.annotations
            && document.rejections == document.saved.rejections
            && Stamp::of(buffer.text.as_str()) == document.saved.stamp;
        document.annotations = document.saved.annotations.clone();
        document.rejections = document.saved.rejections.clone();
        let changed = confirmed_names(&view) != confirmed_names(&document.annotations);
        if document.saved.stamp == Stamp::of("") && !path.exists() {
            let document = self.documents.remove(path).expect("present");
            self.add_contribution(&document.contribution, -1);
            return changed;
        }
        // The counts of the buffer hold for the disk when both are the same.
        if !unchanged {
            self.recount_one(path);
        }
        changed
    }

    /// Recomputes the contribution of a closed document from disk.
    fn recount_one(&mut self, path: &Path) {
        let Some(document) = self.documents.get(path) else {
            return;
        };
        let job = Recount {
            root: self.root.clone(),
            engine: self.engine.clone(),
            propagation: self.propagation.clone(),
            generation: self.generation,
            documents: vec![(
                path.to_owned(),
                document.annotations.clone(),
                document.rejections.clone(),
            )],
        };
        self.finish_recount(job.run());
    }

    /// A file of the workspace changed on disk (created, changed or
    /// deleted by another program). Returns whether the confirmed names of
    /// the corpus changed.
    pub fn reload(&mut self, path: &Path) -> Result<bool, WorkspaceError> {
        let document_path = if path.extension().is_some_and(|e| e == "ann") {
            path.with_extension("txt")
        } else {
            path.to_owned()
        };
        if !self.admits(&document_path) {
            return Ok(false);
        }
        if !document_path.exists() {
            return Ok(match self.documents.remove(&document_path) {
                Some(document) => {
                    self.add_contribution(&document.contribution, -1);
                    document.annotations.text_bounds().next().is_some()
                }
                None => false,
            });
        }
        if let Some(limit) = self.filter.max_size {
            let size = fs::metadata(&document_path).map_or(0, |m| m.len());
            if size > limit {
                let path = document_path;
                return Err(LoadError::TooLarge { path, size, limit }.into());
            }
        }
        confine(&self.root, &document_path).map_err(LoadError::Outside)?;
        let relative = self.relative(&document_path).unwrap_or_default();
        self.documents
            .entry(document_path.clone())
            .or_insert_with(|| Document::new(relative));
        let changed = self.sync(&document_path, Mode::Read)?;
        if self.documents[&document_path].buffer.is_none() {
            self.recount_one(&document_path);
        }
        Ok(changed)
    }

    fn indexed_mut(&mut self, path: &Path) -> Result<&mut Document, WorkspaceError> {
        self.documents
            .get_mut(path)
            .ok_or_else(|| WorkspaceError::NotOpen {
                path: path.to_owned(),
            })
    }

    /// Writes what changed of a document, merged with what is on disk,
    /// unless its buffer has unsaved text: then its annotations wait for the
    /// save.
    fn persist(&mut self, path: &Path) -> Result<(), WorkspaceError> {
        let changed = self.sync(path, Mode::Write)?;
        self.merged_names |= changed;
        Ok(())
    }

    /// Recompiles the corpus' confirmed names after they changed; open
    /// documents are recognized again at once. The counts of the other
    /// documents are recomputed by the returned job (see [`Recount`]).
    pub fn repropagate(&mut self) -> Recount {
        let confirmed: Vec<(String, String, Option<String>)> = self
            .documents
            .values()
            .flat_map(|d| {
                d.annotations.text_bounds().map(|t| {
                    (
                        t.text.clone(),
                        t.ty.clone(),
                        d.annotations.entity_of(t.id).map(str::to_owned),
                    )
                })
            })
            .collect();
        self.propagation = Arc::new(
            self.engine.propagation(
                confirmed
                    .iter()
                    .map(|(s, t, e)| (s.as_str(), t.as_str(), e.as_deref())),
            ),
        );
        self.generation += 1;
        let open: Vec<PathBuf> = self
            .documents
            .iter()
            .filter(|(_, d)| d.buffer.is_some())
            .map(|(p, _)| p.clone())
            .collect();
        for path in open {
            self.refresh(&path);
        }
        Recount {
            root: self.root.clone(),
            engine: self.engine.clone(),
            propagation: self.propagation.clone(),
            generation: self.generation,
            documents: self
                .documents
                .iter()
                .filter(|(_, d)| d.buffer.is_none())
                .map(|(p, d)| (p.clone(), d.annotations.clone(), d.rejections.clone()))
                .collect(),
        }
    }

    /// Appends an alias line to the project lexicon and reloads the engine.
    fn add_alias(&mut self, entity: &str, alias: &str) -> Result<(), WorkspaceError> {
        let file = self.root.join(PROJECT_DIR).join("lexicon.jsonl");
        // Read and written under the lock, so that an alias another writer
        // appends at the same time is not lost.
        // The file is checked first, so a refusal names it rather than the
        // lock beside it.
        guard(&self.root, &file)?;
        let lock = WriteLock::acquire(&self.root)?;
        let mut content = read_project_file(&self.root, &file)?.unwrap_or_default();
        if !content.is_empty() && !content.ends_with('\n') {
            content.push('\n');
        }
        content.push_str(&alias_line(entity, alias));
        content.push('\n');
        write_project_file(&self.root, &file, &content)?;
        drop(lock);
        self.reload_engine();
        Ok(())
    }

    /// Reads the project's configuration and data again; returns the
    /// problems found in them.
    pub fn reload_engine(&mut self) -> Vec<String> {
        let (project, engine, problems) = load_engine(&self.root);
        self.project = project;
        self.engine = Arc::new(engine);
        self.engine_id = new_engine_id();
        problems
    }

    /// Installs recomputed counts, unless the propagation changed since.
    pub fn finish_recount(&mut self, recounted: Recounted) {
        if recounted.generation != self.generation {
            return;
        }
        for (path, contribution) in recounted.contributions {
            if self
                .documents
                .get(&path)
                .is_some_and(|d| d.buffer.is_none())
            {
                self.set_contribution(&path, contribution);
            }
        }
    }
}

/// The project at `root` and its engine, with the problems found in its
/// configuration and data files.
/// A number no engine of this process has had yet.
fn new_engine_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn load_engine(root: &Path) -> (Project, Engine, Vec<String>) {
    let mut problems = Vec::new();
    let project = Project::load(root).unwrap_or_else(|error| {
        problems.push(error.to_string());
        Project::with_defaults(root.to_owned())
    });
    let (engine, errors) = Engine::new(&project);
    problems.extend(errors.iter().map(ToString::to_string));
    (project, engine, problems)
}

/// The content of a file of the project's own folder, or `None` if there
/// is none.
///
/// # Errors
///
/// When it leads outside the workspace, or cannot be read (or is not UTF-8).
fn read_project_file(root: &Path, file: &Path) -> Result<Option<String>, WorkspaceError> {
    // Only what is there can lead outside.
    match fs::symlink_metadata(file) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        _ => guard(root, file)?,
    }
    match read_utf8(file) {
        Ok(content) => Ok(Some(content)),
        Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Writes a file of the project's own folder (created if needed).
///
/// # Errors
///
/// When it leads outside the workspace, or cannot be written.
fn write_project_file(root: &Path, file: &Path, content: &str) -> Result<(), WorkspaceError> {
    guard(root, file)?;
    let write = || {
        fs::create_dir_all(file.parent().expect("inside the root"))?;
        write_atomically(file, content.as_bytes())
    };
    write().map_err(|source| WorkspaceError::Write {
        path: file.to_owned(),
        source,
    })
}

/// Refuses a file that leads outside the workspace root, through `..` or
/// a symbolic link (see [`confine`]), before it is read or written.
fn guard(root: &Path, path: &Path) -> Result<(), WorkspaceError> {
    confine(root, path).map_err(WorkspaceError::Outside)?;
    Ok(())
}

/// The part of a document to recognize again after an edit of `region`:
/// the whole lines around it, reaching at most [`WINDOW_REACH`] bytes on
/// either side (then cut at a space).
fn recognition_window(text: &Text, region: Span) -> Span {
    let source = text.as_str();
    let Some((from, to)) = text.byte_range(Span::new(
        region.start.min(text.char_len()),
        region.end.min(text.char_len()),
    )) else {
        return Span::new(0, text.char_len());
    };
    let floor = floor_boundary(source, from.saturating_sub(WINDOW_REACH));
    let ceiling = ceil_boundary(source, (to + WINDOW_REACH).min(source.len()));
    let before = &source[floor..from];
    let start = match before.rfind('\n') {
        Some(at) => floor + at + 1,
        None if floor == 0 => 0,
        None => floor + before.find(' ').map_or(0, |at| at + 1),
    };
    let after = &source[to..ceiling];
    let end = match after.find('\n') {
        Some(at) => to + at,
        None if ceiling == source.len() => ceiling,
        None => to + after.rfind(' ').unwrap_or(after.len()),
    };
    text.span_of_bytes(start, end)
}

/// How far around an edit, in bytes, a line is re-recognized at most.
const WINDOW_REACH: usize = 4096;

fn floor_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use alama_core::engine::Source;
    use expect_test::expect;

    #[test]
    fn merge_puts_annotations_over_suggestions_and_hides_rejected_ones() {
        let text = Text::new("aaaa bbbb cccc dddd eeee ffff".to_owned());
        let ann = "T1\tPER 5 14\tbbbb cccc\nT2\tGPE 20 24\teeee\n";
        let (annotations, _) = AnnFile::parse("a.ann", ann, &text);
        let suggestion = |start, end| Mention {
            span: Span::new(start, end),
            ty: "ORG".into(),
            status: Status::Suggested,
            source: Source::Lexicon,
            entity: None,
            candidates: Vec::new(),
        };
        let suggestions =
            [0..4, 10..14, 15..19, 20..24, 25..29].map(|r| suggestion(r.start, r.end));
        let rejections = [Rejection {
            span: Span::new(15, 19),
            ty: "ORG".to_owned(),
            entity: None,
            text: "dddd".to_owned(),
        }];
        let merged = merge(&annotations, &suggestions, &rejections);
        let printed: Vec<String> = merged
            .iter()
            .map(|m| format!("{} {} {}", m.span, m.ty, m.status.as_str()))
            .collect();
        expect![[r#"
            0..4 ORG suggested
            5..14 PER confirmed
            20..24 GPE confirmed
            25..29 ORG suggested"#]]
        .assert_eq(&printed.join("\n"));
    }
}
