//! Work on a workspace's documents that runs off the lock guarding the
//! workspace: recounting closed documents, searching the corpus for an
//! entity's mentions, and recognizing an open document's whole text. Each is
//! taken from the workspace, run, and its result handed back.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use alama_core::brat::AnnFile;
use alama_core::corpus::read_utf8;
use alama_core::engine::{select, Engine, Mention, Named, Propagation};
use alama_core::rejections::Rejection;
use alama_core::text::Text;
use rayon::prelude::*;

use super::counts::{contribution, mention_key, Contribution};
use super::{closed_mentions, new_job_number, Workspace};

/// Recomputes the counts of documents that are not open, off the lock that
/// guards the workspace: see [`Workspace::repropagate`](super::Workspace::repropagate).
pub struct Recount {
    pub(super) root: PathBuf,
    pub(super) engine: Arc<Engine>,
    pub(super) propagation: Arc<Propagation>,
    pub(super) documents: Vec<(PathBuf, AnnFile, Vec<Rejection>)>,
}

/// The result of a [`Recount`], to hand to [`Workspace::finish_recount`](super::Workspace::finish_recount).
pub struct Recounted {
    pub(super) root: PathBuf,
    /// The propagation it counted with: stale once the workspace has
    /// another.
    pub(super) propagation: Arc<Propagation>,
    pub(super) contributions: Vec<(PathBuf, Contribution)>,
}

impl Recounted {
    /// The root of the workspace it belongs to.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Finds every mention of one entity in the corpus, off the lock that
/// guards the workspace and on all cores: see
/// [`Workspace::mention_search`](super::Workspace::mention_search).
pub struct MentionSearch {
    pub(super) key: String,
    pub(super) engine: Arc<Engine>,
    pub(super) propagation: Arc<Propagation>,
    /// The documents whose counts show the entity: an open one with its
    /// buffer's text and mentions, another with its annotations and
    /// rejections, whose text is read from disk.
    pub(super) documents: Vec<(PathBuf, Searched)>,
}

pub(super) enum Searched {
    Open(Arc<Text>, Arc<Vec<Mention>>),
    Closed(AnnFile, Vec<Rejection>),
}

impl MentionSearch {
    /// The mentions of the entity, by document in the order of their
    /// paths, each with the document's text (its buffer's, if open). A
    /// document that cannot be read is left out.
    pub fn run(self) -> Vec<(PathBuf, Arc<Text>, Vec<Mention>)> {
        let key = &self.key;
        self.documents
            .into_par_iter()
            .filter_map(|(path, searched)| {
                let (text, mentions) = match searched {
                    Searched::Open(text, mentions) => (text, mentions.to_vec()),
                    Searched::Closed(annotations, rejections) => {
                        let text = Arc::new(Text::new(read_utf8(&path).ok()?));
                        let mentions = closed_mentions(
                            (&*self.engine, &*self.propagation),
                            &text,
                            &annotations,
                            &rejections,
                        );
                        (text, mentions)
                    }
                };
                let found: Vec<Mention> = mentions
                    .into_iter()
                    .filter(|m| mention_key(&text, m) == *key)
                    .collect();
                Some((path, text, found))
            })
            .collect()
    }
}

/// The recognition of an open document's whole text, to run off the lock
/// that guards the workspace: see [`Workspace::recognition_jobs`](super::Workspace::recognition_jobs).
pub struct RecognitionJob {
    pub(super) number: u64,
    pub(super) path: PathBuf,
    pub(super) engine: Arc<Engine>,
    pub(super) propagation: Arc<Propagation>,
    pub(super) text: Arc<Text>,
}

/// The result of a [`RecognitionJob`], to hand to
/// [`Workspace::finish_recognition`](super::Workspace::finish_recognition).
pub struct Recognized {
    pub(super) number: u64,
    pub(super) path: PathBuf,
    pub(super) engine: Arc<Engine>,
    pub(super) propagation: Arc<Propagation>,
    pub(super) text: Arc<Text>,
    pub(super) suggestions: Vec<Mention>,
    pub(super) people: Vec<Named>,
}

impl RecognitionJob {
    /// The document recognized.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The length of its text, in bytes.
    pub fn text_len(&self) -> usize {
        self.text.as_str().len()
    }

    pub fn run(self) -> Recognized {
        let (suggestions, people) = self
            .engine
            .suggestions_and_people(&self.text, &self.propagation);
        Recognized {
            number: self.number,
            path: self.path,
            engine: self.engine,
            propagation: self.propagation,
            text: self.text,
            suggestions: select(suggestions),
            people,
        }
    }
}

impl Recount {
    pub fn run(self) -> Recounted {
        let contributions = self
            .documents
            .into_par_iter()
            .filter_map(|(path, annotations, rejections)| {
                let text = Text::new(read_utf8(&path).ok()?);
                let recognizer = (&*self.engine, &*self.propagation);
                let mentions = closed_mentions(recognizer, &text, &annotations, &rejections);
                Some((path, contribution(&text, &mentions, &rejections)))
            })
            .collect();
        Recounted {
            root: self.root,
            propagation: self.propagation,
            contributions,
        }
    }
}

impl Workspace {
    /// From now on, [`Workspace::refresh`] and what calls it (opening a
    /// document, a change of the corpus' confirmed names) leave the
    /// recognition of the whole text to jobs that run off the lock guarding
    /// the workspace: see [`Workspace::recognition_jobs`].
    pub fn defer_recognition(&mut self) {
        self.deferred = true;
    }

    /// The recognitions wanted and not under way, as jobs to
    /// [`run`](RecognitionJob::run) off the lock and hand back to
    /// [`Workspace::finish_recognition`].
    pub fn recognition_jobs(&mut self) -> Vec<RecognitionJob> {
        let mut jobs = Vec::new();
        let documents = &mut self.documents;
        self.unrecognized.retain(|path| {
            let Some(buffer) = documents.get_mut(path).and_then(|d| d.buffer.as_mut()) else {
                return false;
            };
            if buffer.recognition.running.is_some() {
                return true;
            }
            let number = new_job_number();
            buffer.recognition.running = Some(number);
            jobs.push(RecognitionJob {
                number,
                path: path.clone(),
                engine: self.engine.clone(),
                propagation: self.propagation.clone(),
                text: buffer.text.clone(),
            });
            false
        });
        jobs
    }

    /// Installs the suggestions a job found, unless the document's text,
    /// the engine or the propagation changed since it started: then it is
    /// recognized again when next asked (typing pauses, say). Returns
    /// whether they were installed.
    pub fn finish_recognition(&mut self, done: Recognized) -> bool {
        let current = Arc::ptr_eq(&done.engine, &self.engine)
            && Arc::ptr_eq(&done.propagation, &self.propagation);
        let Some(document) = self.documents.get_mut(&done.path) else {
            return false;
        };
        let Some(buffer) = document.buffer.as_mut() else {
            return false;
        };
        if buffer.recognition.running == Some(done.number) {
            buffer.recognition.running = None;
        }
        if !current || !Arc::ptr_eq(&done.text, &buffer.text) {
            return false;
        }
        buffer.suggestions = Arc::new(done.suggestions);
        buffer.people = done.people;
        buffer.recognition.done = true;
        let contribution = Self::remerge(document);
        self.changed_if(&done.path, true);
        self.set_contribution(&done.path, contribution);
        true
    }

    /// Whether an open document's suggestions come from a recognition of
    /// its whole text (kept up to date by its edits since).
    pub fn is_recognized(&self, path: &Path) -> bool {
        self.documents
            .get(path)
            .and_then(|d| d.buffer.as_ref())
            .is_some_and(|b| b.recognition.done)
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
        self.names = OnceLock::new();
        self.corpus_names = OnceLock::new();
        self.propagation = Arc::new(
            self.engine.propagation(
                confirmed
                    .iter()
                    .map(|(s, t, e)| (s.as_str(), t.as_str(), e.as_deref())),
            ),
        );
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
            documents: self
                .documents
                .iter()
                .filter(|(_, d)| d.buffer.is_none())
                .map(|(p, d)| (p.clone(), d.annotations.clone(), d.rejections.clone()))
                .collect(),
        }
    }

    /// The search for every mention in the corpus of the entity with
    /// `key` (see [`entity_key`](super::entity_key)), to run off the lock: it takes what it
    /// needs of the documents whose counts show the entity.
    pub fn mention_search(&self, key: &str) -> MentionSearch {
        let documents = self
            .documents
            .iter()
            .filter(|(_, d)| {
                d.contribution
                    .iter()
                    .any(|(k, counts)| k == key && counts.confirmed + counts.suggested > 0)
            })
            .map(|(path, d)| {
                let searched = match &d.buffer {
                    Some(buffer) => Searched::Open(buffer.text.clone(), buffer.mentions.clone()),
                    None => Searched::Closed(d.annotations.clone(), d.rejections.clone()),
                };
                (path.clone(), searched)
            })
            .collect();
        MentionSearch {
            key: key.to_owned(),
            engine: self.engine.clone(),
            propagation: self.propagation.clone(),
            documents,
        }
    }

    /// Installs recomputed counts, unless the propagation changed since (or
    /// they were counted for another workspace of the same root).
    pub fn finish_recount(&mut self, recounted: Recounted) {
        if !Arc::ptr_eq(&recounted.propagation, &self.propagation) {
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
