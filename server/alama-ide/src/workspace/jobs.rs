//! Work on a workspace's documents that runs off the lock guarding the
//! workspace: recounting closed documents, searching the corpus for an
//! entity's mentions, and recognizing an open document's whole text. Each is
//! taken from the workspace, run, and its result handed back.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use alama_core::brat::AnnFile;
use alama_core::corpus::read_utf8;
use alama_core::engine::{select, Engine, Mention, Propagation};
use alama_core::rejections::Rejection;
use alama_core::text::Text;
use rayon::prelude::*;

use super::closed_mentions;
use super::counts::{contribution, mention_key, Contribution};

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
    pub(super) people: Vec<String>,
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
