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
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use alama_core::brat::AnnFile;
use alama_core::check::{check_document, Finding, Names};
use alama_core::corpus::LoadError;
use alama_core::engine::{confirmed_mentions, select, Engine, Mention, Named, Propagation};
use alama_core::fs::{remove_stale_temporaries, Escape};
use alama_core::lexicon::alias_line;
use alama_core::normalize::is_arabic_letter;
use alama_core::project::{Project, PROJECT_DIR};
use alama_core::rejections::{RejectedSpans, Rejection};
use alama_core::text::{Span, Text};
use rustc_hash::FxHashMap;

use crate::names::{CorpusNames, LexiconNames};

mod commands;
pub(crate) mod counts;
mod documents;
mod filter;
mod history;
mod ignored;
mod index;
mod jobs;
mod persist;
mod project_files;
pub mod review;
mod window;

use counts::Contribution;
pub use counts::{entity_key, mention_key, Tally};
pub use filter::DocumentFilter;
pub use jobs::{MentionSearch, RecognitionJob, Recognized, Recount, Recounted};
use project_files::{guard, load_engine, read_project_file, write_project_file};

pub use commands::{Command, CommandError, Outcome, Target};
pub use ignored::Ignored;
use persist::{Stamp, WriteLock};

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

/// The mentions of a document that is not open: its suggestions as the
/// engine finds them with the corpus' propagation, chosen among themselves,
/// then merged with its annotations and rejections ([`merge`]).
fn closed_mentions(
    (engine, propagation): (&Engine, &Propagation),
    text: &Text,
    annotations: &AnnFile,
    rejections: &[Rejection],
) -> Vec<Mention> {
    let suggestions = select(engine.suggestions(text, propagation));
    merge(annotations, &suggestions, rejections)
}

/// An open document. Its text and mentions are shared with the jobs that
/// recognize it or write its diagnostics off the workspace's lock.
#[derive(Debug)]
struct Buffer {
    text: Arc<Text>,
    /// Suggestions chosen among themselves, before annotations and
    /// rejections hide some: kept to re-recognize only what an edit touches.
    suggestions: Arc<Vec<Mention>>,
    /// The suggestions themselves when nothing hides them or joins them.
    mentions: Arc<Vec<Mention>>,
    /// The names the text introduces (persons after a title, acronyms),
    /// as its last whole-text recognition found them: an edit finds them
    /// again around itself.
    people: Vec<Named>,
    /// The text the editor last read from disk or saved: the buffer has
    /// unsaved text when it holds another. (When another program changed
    /// the file and the editor did not reload it, this is not the text on
    /// disk, yet the buffer is not unsaved.)
    clean: Stamp,
    recognition: Recognition,
}

/// Where the whole-text recognition of an open document stands; see
/// [`Workspace::defer_recognition`].
#[derive(Debug, Default)]
struct Recognition {
    /// The suggestions are those of a whole-text recognition of the buffer
    /// as it was then, moved and completed by the edits since.
    done: bool,
    /// The job under way, by its number.
    running: Option<u64>,
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
    /// A project file with a line that cannot be read, which a rewrite
    /// would lose: it is left as it is.
    #[error("{0}; the file is left as it is until that line is fixed")]
    Unreadable(String),
}

/// The corpus of one workspace folder.
pub struct Workspace {
    root: PathBuf,
    project: Project,
    engine: Arc<Engine>,
    /// See [`Workspace::engine_id`].
    engine_id: u64,
    filter: DocumentFilter,
    /// What the folder's `.gitignore` files ignore, and `node_modules`.
    ignored: Arc<Ignored>,
    documents: BTreeMap<PathBuf, Document>,
    propagation: Arc<Propagation>,
    /// The corpus' confirmed names by type, for the `type-conflict` check:
    /// counted when a document's findings are first asked for after the
    /// confirmed names changed, rather than at every change.
    names: OnceLock<Names>,
    /// The lexicon's names, normalized, for the workspace symbol search:
    /// made when first searched, made again for another engine.
    lexicon_names: OnceLock<Arc<LexiconNames>>,
    /// The corpus' confirmed names, normalized, for the same search: made
    /// when first searched after the confirmed names changed, as `names`.
    corpus_names: OnceLock<CorpusNames>,
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
    /// Whether whole-text recognitions are left to [`RecognitionJob`]s.
    deferred: bool,
    /// Open documents that want one.
    unrecognized: BTreeSet<PathBuf>,
    /// The commands of this session that can be undone and redone.
    history: history::History,
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
        let (mut workspace, mut problems) = Workspace::new(root, filter);
        problems.extend(workspace.index(progress));
        (workspace, problems)
    }

    /// Reads the project at `root`, but none of its documents yet (see
    /// [`Workspace::index`]); returns the problems found in its
    /// configuration and data files.
    pub fn new(root: &Path, filter: DocumentFilter) -> (Workspace, Vec<String>) {
        remove_stale_temporaries(root, &[PROJECT_DIR]);
        let (project, engine, problems) = load_engine(root);
        let workspace = Workspace::without_documents(
            root.to_owned(),
            project,
            (Arc::new(engine), new_engine_id()),
            filter,
        );
        (workspace, problems)
    }

    /// A workspace with the same project and engine and no document, to
    /// stand in for this one while it is indexed: it recognizes the open
    /// documents, but knows nothing of the corpus.
    pub fn provisional(&self) -> Workspace {
        let mut workspace = Workspace::without_documents(
            self.root.clone(),
            self.project.clone(),
            (self.engine.clone(), self.engine_id),
            self.filter.clone(),
        );
        workspace.deferred = self.deferred;
        workspace
    }

    /// A workspace of `project` that knows no document yet.
    fn without_documents(
        root: PathBuf,
        project: Project,
        (engine, engine_id): (Arc<Engine>, u64),
        filter: DocumentFilter,
    ) -> Workspace {
        Workspace {
            ignored: Arc::new(Ignored::new(&root)),
            root,
            project,
            engine,
            engine_id,
            filter,
            documents: BTreeMap::new(),
            propagation: Arc::new(Propagation::empty()),
            names: OnceLock::new(),
            lexicon_names: OnceLock::new(),
            corpus_names: OnceLock::new(),
            corpus: FxHashMap::default(),
            changed: BTreeSet::new(),
            warnings: Vec::new(),
            merged_names: false,
            deferred: false,
            unrecognized: BTreeSet::new(),
            history: history::History::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The engine, to use off the lock that guards the workspace.
    pub fn shared_engine(&self) -> Arc<Engine> {
        self.engine.clone()
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
        self.relative_path(path).is_some()
    }

    /// The path of a document of this workspace under its root, with `/`:
    /// not hidden, admitted by the filter, and not ignored by the folder's
    /// `.gitignore` files nor in a `node_modules` folder.
    pub fn relative_path(&self, path: &Path) -> Option<String> {
        self.relative(path)
            .filter(|r| self.filter.admits(r) && !self.ignored.is_ignored(path, false))
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

    /// The rejected suggestions of an open document that overlap `span`.
    pub fn rejections_at(&self, path: &Path, span: Span) -> Vec<&Rejection> {
        let Some(document) = self.documents.get(path).filter(|d| d.buffer.is_some()) else {
            return Vec::new();
        };
        (document.rejections.iter())
            .filter(|r| {
                r.span.overlaps(span)
                    || (span.is_empty() && r.span.start <= span.start && span.start <= r.span.end)
            })
            .collect()
    }

    /// The quality findings of an open document's annotations (see
    /// [`alama_core::check::check_document`]): spans that cut words or
    /// carry punctuation, duplicates, overlaps, unknown types, and names
    /// confirmed with another type elsewhere in the corpus. A name
    /// confirmed elsewhere and neither confirmed nor rejected here (`alama
    /// check`'s `unresolved`) is already one of the document's suggestions.
    pub fn findings(&self, path: &Path) -> Vec<Finding> {
        let Some(document) = self.documents.get(path) else {
            return Vec::new();
        };
        let Some(buffer) = &document.buffer else {
            return Vec::new();
        };
        let mut findings = check_document(&buffer.text, &document.annotations, &self.project.types);
        findings.extend(self.confirmed_names().conflicts(&document.annotations));
        findings.sort_by_key(|f| (f.span.start, f.severity, f.code));
        findings
    }

    /// The types other than `ty` that `name` is confirmed with across the
    /// corpus, each with how often, the most frequent first: what a
    /// `type-conflict` finding offers to change an annotation to.
    pub fn other_confirmed_types(&self, name: &str, ty: &str) -> Vec<(String, usize)> {
        self.confirmed_names().other_types(name, ty)
    }

    /// How often `name` is confirmed as `ty` across the corpus.
    pub fn confirmed_count(&self, name: &str, ty: &str) -> usize {
        self.confirmed_names().count(name, ty)
    }

    /// The corpus' confirmed names by type, counted when first asked for
    /// after they changed.
    fn confirmed_names(&self) -> &Names {
        self.names.get_or_init(|| {
            let mut names = Names::default();
            for document in self.documents.values() {
                names.add(&document.annotations);
            }
            names
        })
    }

    /// The lexicon's names for the symbol search (see
    /// [`LexiconNames`]), made when first asked for unless
    /// [`Workspace::install_lexicon_names`] installed them.
    pub(crate) fn lexicon_names(&self) -> &LexiconNames {
        self.lexicon_names
            .get_or_init(|| Arc::new(LexiconNames::new(self.engine.lexicon())))
    }

    /// Whether the lexicon's names for the symbol search are made: if not,
    /// they may be made off the lock that guards the workspace, from
    /// [`Workspace::shared_engine`], and installed.
    pub fn has_lexicon_names(&self) -> bool {
        self.lexicon_names.get().is_some()
    }

    /// Installs the lexicon's names made from the engine `engine_id` (see
    /// [`Workspace::engine_id`]), unless the engine changed since.
    pub fn install_lexicon_names(&mut self, engine_id: u64, names: LexiconNames) {
        if engine_id == self.engine_id {
            let _ = self.lexicon_names.set(Arc::new(names));
        }
    }

    /// The corpus' confirmed names for the symbol search (see
    /// [`CorpusNames`]), made when first asked for after they changed.
    pub(crate) fn corpus_names(&self) -> &CorpusNames {
        self.corpus_names.get_or_init(|| {
            CorpusNames::new(
                self.documents
                    .iter()
                    .map(|(path, d)| (path.as_path(), &d.annotations)),
            )
        })
    }

    /// The annotations of a document of the corpus, in the offsets of its
    /// buffer if it is open (then with its text), else of its text on disk.
    pub(crate) fn annotations(&self, path: &Path) -> Option<(&AnnFile, Option<Arc<Text>>)> {
        let document = self.documents.get(path)?;
        let text = document.buffer.as_ref().map(|b| b.text.clone());
        Some((&document.annotations, text))
    }

    /// The open documents, by path, with their text and mentions.
    pub(crate) fn open_documents(&self) -> impl Iterator<Item = (&Path, &Arc<Text>, &[Mention])> {
        self.documents.iter().filter_map(|(path, d)| {
            let buffer = d.buffer.as_ref()?;
            Some((path.as_path(), &buffer.text, buffer.mentions.as_slice()))
        })
    }

    /// The first closed document (by path) whose counts show a suggestion
    /// with `key` (see [`entity_key`]).
    pub(crate) fn closed_document_suggesting(&self, key: &str) -> Option<&Path> {
        if self.tally(key).suggested == 0 {
            return None;
        }
        self.documents
            .iter()
            .filter(|(_, d)| d.buffer.is_none())
            .find(|(_, d)| {
                (d.contribution.iter()).any(|(k, counts)| k == key && counts.suggested > 0)
            })
            .map(|(path, _)| path.as_path())
    }

    /// The project's own lexicon files on disk, by their names in the
    /// lexicon (see [`alama_core::lexicon::Place`]).
    /// Whether a project lexicon file defines the entity `id` (the
    /// embedded lexicon's entities are not renamed).
    pub fn defines_entity(&self, id: &str) -> bool {
        let lexicon = self.engine.lexicon();
        (lexicon.index_of(id))
            .and_then(|index| lexicon.file_of(index))
            .and_then(|name| self.lexicon_file(name))
            .is_some()
    }

    pub(crate) fn lexicon_file(&self, name: &str) -> Option<&Path> {
        (self.project.lexicons.iter())
            .find(|file| file.name == name)
            .and_then(|file| file.path())
    }

    /// The text and mentions of an open document, to read off the lock
    /// that guards the workspace.
    pub fn shared_document(&self, path: &Path) -> Option<(Arc<Text>, Arc<Vec<Mention>>)> {
        let buffer = self.documents.get(path)?.buffer.as_ref()?;
        Some((buffer.text.clone(), buffer.mentions.clone()))
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

    /// Gives the entity `id`, which a project lexicon file defines, the
    /// canonical name `name` in the language of its script (`ar` for a
    /// name with Arabic letters, else `en`), keeping the name it replaces
    /// as an alias so that the texts that write it are still matched.
    /// Rewrites the entity's line in its file under the folder's write
    /// lock, and reloads the engine. Returns the name replaced, if any.
    fn rename_entity(&mut self, id: &str, name: &str) -> Result<Option<String>, CommandError> {
        let lexicon = self.engine.lexicon();
        let index =
            (lexicon.index_of(id)).ok_or_else(|| CommandError::UnknownEntity(id.to_owned()))?;
        let file = (lexicon.file_of(index))
            .and_then(|name| self.lexicon_file(name))
            .map(Path::to_owned)
            .ok_or_else(|| CommandError::NotRenamable(id.to_owned()))?;
        guard(&self.root, &file)?;
        let lock = WriteLock::acquire(&self.root)?;
        let content = read_project_file(&self.root, &file)?.unwrap_or_default();
        let language = if name.chars().any(is_arabic_letter) {
            "ar"
        } else {
            "en"
        };
        let mut replaced = None;
        let mut found = false;
        let mut lines: Vec<String> = Vec::new();
        for line in content.lines() {
            let entity = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .filter(|v| v["id"] == id && v.get("type").is_some());
            match entity {
                Some(mut entity) if !found => {
                    found = true;
                    let old = entity["names"][language].as_str().map(str::to_owned);
                    entity["names"][language] = name.into();
                    if let Some(old) = old.as_deref().filter(|old| *old != name) {
                        let aliases = entity
                            .as_object_mut()
                            .expect("an entity is an object")
                            .entry("aliases")
                            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                        if let Some(aliases) = aliases.as_array_mut() {
                            if !aliases.iter().any(|a| a == old) {
                                aliases.push(old.into());
                            }
                        }
                    }
                    replaced = old;
                    let indent = &line[..line.len() - line.trim_start().len()];
                    lines.push(format!("{indent}{entity}"));
                }
                _ => lines.push(line.to_owned()),
            }
        }
        if !found {
            return Err(CommandError::NotRenamable(id.to_owned()));
        }
        let mut written = lines.join("\n");
        written.push('\n');
        write_project_file(&self.root, &file, &written)?;
        drop(lock);
        self.reload_engine();
        Ok(replaced)
    }
}

/// A number no engine of this process has had yet.
fn new_engine_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The mentions of an open document (see [`merge`]): its suggestions
/// themselves when nothing hides or joins them.
fn merged(
    annotations: &AnnFile,
    suggestions: &Arc<Vec<Mention>>,
    rejections: &[Rejection],
) -> Arc<Vec<Mention>> {
    if rejections.is_empty() && annotations.text_bounds().next().is_none() {
        return suggestions.clone();
    }
    Arc::new(merge(annotations, suggestions, rejections))
}

/// A number no recognition job of this process has had yet.
fn new_job_number() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use alama_core::engine::{Source, Status, MATCH_REACH};
    use alama_core::text::Edit;
    use expect_test::expect;

    use super::window::{recognition_window, Window, WINDOW_REACH};
    use super::*;

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

    /// The seed articles as one line, `copies` times over.
    fn seeds_on_one_line(copies: usize) -> String {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let mut paths: Vec<PathBuf> = fs::read_dir(&seeds)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        let texts: Vec<String> = paths
            .iter()
            .map(|path| fs::read_to_string(path).unwrap().replace('\n', " "))
            .collect();
        texts.join(" ").repeat(copies)
    }

    /// A project whose lexicon has a few names of the seeds, with
    /// `long.txt` holding `text`.
    fn project(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir(root.join(PROJECT_DIR)).unwrap();
        fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
        let lexicon = [
            ("geonames:98182", "بغداد", "Baghdad"),
            ("geonames:4140963", "واشنطن", "Washington"),
            ("geonames:99237", "العراق", "Iraq"),
            ("geonames:6252001", "الولايات المتحدة", "United States"),
        ]
        .map(|(id, ar, en)| {
            format!(r#"{{"id": "{id}", "type": "GPE", "names": {{"ar": "{ar}", "en": "{en}"}}}}"#)
        });
        fs::write(root.join(".alama/lexicon.jsonl"), lexicon.join("\n")).unwrap();
        fs::write(root.join("long.txt"), text).unwrap();
        (dir, root)
    }

    /// The mentions of an open document, one per line.
    fn mentions_of(workspace: &Workspace, path: &Path) -> Vec<String> {
        let (text, mentions) = workspace.open_document(path).unwrap();
        mentions
            .iter()
            .map(|m| {
                let surface = text.slice(m.span).unwrap();
                format!("{} {} {} {surface}", m.span, m.ty, m.source.as_str())
            })
            .collect()
    }

    /// Edits `long.txt`, open in `workspace` with `text`, replacing the
    /// code points `from..to` with `inserted`; checks that its mentions are
    /// then those of its new text recognized whole.
    fn check_edit(
        workspace: &mut Workspace,
        root: &Path,
        text: &mut String,
        (from, to, inserted): (usize, usize, &str),
    ) {
        let byte = |offset: usize| text.char_indices().nth(offset).unwrap().0;
        *text = format!("{}{inserted}{}", &text[..byte(from)], &text[byte(to)..]);
        let path = root.join("long.txt");
        let edit = Edit {
            old: Span::new(from, to),
            new_len: inserted.chars().count(),
        };
        workspace
            .edit(&path, &[edit], |new| new.push_str(text))
            .unwrap();
        let edited = mentions_of(workspace, &path);
        assert!(edited.len() > 50, "{} mentions", edited.len());

        let (mut fresh, _) = Workspace::load(root, DocumentFilter::default(), &|_, _| {});
        fresh.open(&path, text.clone()).unwrap();
        let whole = mentions_of(&fresh, &path);
        let only_edited: Vec<&String> = edited.iter().filter(|m| !whole.contains(m)).collect();
        let only_whole: Vec<&String> = whole.iter().filter(|m| !edited.contains(m)).collect();
        assert!(
            only_edited.is_empty() && only_whole.is_empty(),
            "after the edit {from}..{to} `{inserted}`: {only_edited:?} instead of {only_whole:?}"
        );
    }

    #[test]
    fn an_edit_on_a_long_line_gets_the_suggestions_of_the_whole_text() {
        // Several windows long, with titles, names, dates and numbers.
        let mut text = seeds_on_one_line(3);
        assert!(text.len() > 10 * WINDOW_REACH && !text.contains('\n'));
        let (_dir, root) = project(&text);
        let (mut workspace, _) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
        workspace
            .open(&root.join("long.txt"), text.clone())
            .unwrap();
        let chars = text.chars().count();
        // Typing inside a word, removing a letter, typing a name, a title
        // and its person, removing a letter again, then a whole stretch.
        let edits = [
            (chars / 7, chars / 7, "x"),
            (chars / 3, chars / 3 + 1, ""),
            (chars / 2, chars / 2, " بغداد "),
            // A person the text names with a title elsewhere: one it does
            // not name yet changes the whole text, which an edit does not
            // recognize again at once.
            (2 * chars / 3, 2 * chars / 3, "، الرئيس بايدن "),
            (5 * chars / 6, 5 * chars / 6 + 1, ""),
            (10, 200, ""),
        ];
        for edit in edits {
            check_edit(&mut workspace, &root, &mut text, edit);
        }
    }

    #[test]
    fn a_window_cut_between_a_title_and_its_person_keeps_the_person() {
        let mut text = seeds_on_one_line(3);
        let (_dir, root) = project(&text);
        let (mut workspace, _) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
        let path = root.join("long.txt");
        workspace.open(&path, text.clone()).unwrap();
        // A person after a title, far enough into the line.
        let (buffer, mentions) = workspace.open_document(&path).unwrap();
        let person = mentions
            .iter()
            .find(|m| m.source == Source::Pattern && &*m.ty == "PER" && m.span.start > 3000)
            .expect("a titled person");
        let space = buffer.byte_range(person.span).unwrap().0 - 1;
        assert_eq!(&text[space..=space], " ");
        // An edit as far after it as the window reaches: the window starts
        // at that space, between the title and the name.
        let mut edit = space - 1 + WINDOW_REACH;
        while !text.is_char_boundary(edit) {
            edit -= 1;
        }
        let at = buffer.span_of_bytes(0, edit).end;
        let window = recognition_window(buffer, Span::new(at, at));
        assert_eq!(window.part.start, person.span.start - 1);
        check_edit(&mut workspace, &root, &mut text, (at, at, "x"));
    }

    #[test]
    fn the_window_of_an_edit_on_a_long_line_is_bounded_and_cut_at_white_space() {
        let text = Text::new(seeds_on_one_line(3));
        let source = text.as_str();
        let middle = text.char_len() / 2;
        let Window { part, exact } = recognition_window(&text, Span::new(middle, middle + 1));
        let (start, end) = text.byte_range(part).unwrap();
        let (from, to) = text.byte_range(Span::new(middle, middle + 1)).unwrap();
        assert!(from - start <= WINDOW_REACH && end - to <= WINDOW_REACH + 3);
        assert!(from - start >= WINDOW_REACH - MATCH_REACH);
        assert!(source[start..].starts_with(char::is_whitespace));
        assert!(source[end..].starts_with(char::is_whitespace));
        let (exact_start, exact_end) = text.byte_range(exact).unwrap();
        assert!(exact_start >= start + MATCH_REACH && end >= exact_end + MATCH_REACH);
        assert!(from - exact_start >= WINDOW_REACH - 2 * MATCH_REACH - 3);
        assert!(exact_end - to >= WINDOW_REACH - 2 * MATCH_REACH - 3);
        // At a line break, the window stops there and needs no margin.
        let line: String = source.chars().take(60).collect();
        let lines = Text::new(format!("{line}\n{line}"));
        let window = recognition_window(&lines, Span::new(90, 91));
        assert_eq!(window.part, Span::new(61, 121));
        assert_eq!(window.exact, window.part);
    }
}
