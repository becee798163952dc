//! Indexing a workspace's documents: recognizing every document once, the
//! counts each contributes to the corpus, and a new engine when the
//! project's data changes.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use alama_core::corpus::{load_document_within, walk_folders};
use alama_core::rejections::{self, Rejections};
use rayon::prelude::*;

use super::counts::{contribution, Contribution};
use super::persist::Stamp;
use super::project_files::{load_engine, read_project_file};
use super::{closed_mentions, new_engine_id, Document, Saved, Tally, Workspace};

impl Workspace {
    /// Indexes the documents under the root; `progress` is called with
    /// (documents done, total). Returns the problems found.
    pub fn index(&mut self, progress: &(dyn Fn(usize, usize) + Sync)) -> Vec<String> {
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

        let found = walk_folders(
            &self.root,
            &|dir| !self.ignored.is_ignored(dir, true),
            &|path| self.admits(path),
        );
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
        self.names = OnceLock::new();
        self.corpus_names = OnceLock::new();

        let done = AtomicUsize::new(0);
        let indexed: Vec<_> = documents
            .into_par_iter()
            .map(|document| {
                let relative = self.relative(&document.path).unwrap_or_default();
                let mut own = rejections.of(&relative).to_vec();
                rejections::reanchor(&mut own, &document.text);
                let (valid, stale): (Vec<_>, Vec<_>) =
                    own.into_iter().partition(|r| r.holds_in(&document.text));
                let recognizer = (&*self.engine, &*self.propagation);
                let mentions =
                    closed_mentions(recognizer, &document.text, &document.annotations, &valid);
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

    pub(super) fn add_contribution(&mut self, contribution: &Contribution, sign: isize) {
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

    pub(super) fn set_contribution(&mut self, path: &Path, contribution: Contribution) {
        let Some(document) = self.documents.get_mut(path) else {
            return;
        };
        let old = std::mem::replace(&mut document.contribution, contribution);
        let new = document.contribution.clone();
        self.add_contribution(&old, -1);
        self.add_contribution(&new, 1);
    }

    /// Reads the project's configuration and data again; returns the
    /// problems found in them.
    pub fn reload_engine(&mut self) -> Vec<String> {
        let (project, engine, problems) = load_engine(&self.root);
        self.project = project;
        self.engine = Arc::new(engine);
        self.engine_id = new_engine_id();
        self.lexicon_names = OnceLock::new();
        problems
    }
}
