//! The open documents of a workspace: opening one, taking the editor's
//! changes and edits, saving, closing and reloading it, and keeping the
//! corpus counts in step with each.

use std::fs;
use std::io;
use std::mem;
use std::path::Path;
use std::sync::Arc;

use alama_core::brat::{AnnFile, TextBound};
use alama_core::corpus::{load_annotations_within, read_file, utf8, LoadError};
use alama_core::engine::select;
use alama_core::fs::confine;
use alama_core::rejections;
use alama_core::text::{Edit, Span, Text};

use super::counts::{contribution, Contribution};
use super::persist::{Mode, Stamp};
use super::window::recognize_around;
use super::{
    confirmed_names, merged, Buffer, Document, Recognition, Recount, Saved, Workspace,
    WorkspaceError,
};

impl Workspace {
    /// Opens a document with its buffer text.
    pub fn open(&mut self, path: &Path, text: String) -> Result<(), WorkspaceError> {
        let relative = self
            .relative_path(path)
            .ok_or_else(|| WorkspaceError::NotInWorkspace {
                path: path.to_owned(),
                root: self.root.clone(),
            })?;
        let size = text.len() as u64;
        if let Some(limit) = self.filter.max_size.filter(|&limit| size > limit) {
            let path = path.to_owned();
            return Err(LoadError::TooLarge { path, size, limit }.into());
        }
        let text = Arc::new(Text::new(text));
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
            suggestions: Arc::default(),
            mentions: Arc::default(),
            people: Vec::new(),
            clean: stamp,
            recognition: Recognition::default(),
        });
        self.refresh(path);
        Ok(())
    }

    /// Recognizes an open document anew and updates its counts; once
    /// recognitions are deferred, asks for a [`RecognitionJob`](super::RecognitionJob) instead and
    /// updates the mentions and counts from the suggestions it has.
    pub fn refresh(&mut self, path: &Path) {
        let engine = self.engine.clone();
        let propagation = self.propagation.clone();
        let deferred = self.deferred;
        let Some(document) = self.documents.get_mut(path) else {
            return;
        };
        let Some(buffer) = document.buffer.as_mut() else {
            return;
        };
        let before = buffer.mentions.clone();
        if deferred {
            self.unrecognized.insert(path.to_owned());
        } else {
            let (suggestions, people) = engine.suggestions_and_people(&buffer.text, &propagation);
            buffer.suggestions = Arc::new(select(suggestions));
            buffer.people = people;
            buffer.recognition.done = true;
        }
        let contribution = Self::remerge(document);
        // Deferred, the mentions change when the job is done (see
        // `finish_recognition`); until then they are the same, unless
        // merging them again made others. Published again meanwhile, a long
        // document's diagnostics would be written and held twice for
        // nothing.
        let after = &document.buffer.as_ref().expect("an open document").mentions;
        let changed = !deferred || !Arc::ptr_eq(&before, after);
        self.changed_if(path, changed);
        self.set_contribution(path, contribution);
    }

    /// Recomputes an open document's mentions from its suggestions,
    /// annotations and rejections; returns its contribution.
    pub(super) fn remerge(document: &mut Document) -> Contribution {
        let buffer = document.buffer.as_mut().expect("an open document");
        buffer.mentions = merged(
            &document.annotations,
            &buffer.suggestions,
            &document.rejections,
        );
        contribution(&buffer.text, &buffer.mentions, &document.rejections)
    }

    pub(super) fn changed_if(&mut self, path: &Path, changed: bool) {
        if changed {
            self.changed.insert(path.to_owned());
        }
    }

    /// Applies edits (in order) to an open document whose new text
    /// `write_text` writes into the empty string it is given; annotations
    /// and rejections move with the text, those whose characters changed
    /// are dropped and returned. Only a bounded window around the edits is
    /// recognized again, the lines they touch and those a match may reach;
    /// [`Workspace::refresh`] recognizes the whole document (and updates the
    /// corpus counts).
    ///
    /// The string given is the old text's, when nothing else holds that
    /// text: a long document is then not held twice while it is edited.
    pub fn edit(
        &mut self,
        path: &Path,
        edits: &[Edit],
        write_text: impl FnOnce(&mut String),
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
        // The mentions are made again below: then the suggestions, often
        // the same vector, are not copied to be changed.
        buffer.mentions = Arc::default();
        let suggestions = Arc::make_mut(&mut buffer.suggestions);
        for edit in edits {
            dropped.extend(document.annotations.apply_edit(edit));
            rejections::apply_edit(&mut document.rejections, edit);
            suggestions.retain_mut(|m| match edit.map(m.span) {
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
        let mut text = Arc::try_unwrap(mem::take(&mut buffer.text))
            .map(Text::into_string)
            .unwrap_or_default();
        text.clear();
        write_text(&mut text);
        buffer.text = Arc::new(Text::new(text));
        if let Some(region) = touched {
            let context = (
                engine.as_ref(),
                propagation.as_ref(),
                buffer.people.as_slice(),
            );
            recognize_around(context, &buffer.text, suggestions, region);
        }
        buffer.mentions = merged(
            &document.annotations,
            &buffer.suggestions,
            &document.rejections,
        );
        // Its mentions moved with the text, if they did not change.
        self.changed_if(path, true);
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
    pub(super) fn recount_one(&mut self, path: &Path) {
        let Some(document) = self.documents.get(path) else {
            return;
        };
        let job = Recount {
            root: self.root.clone(),
            engine: self.engine.clone(),
            propagation: self.propagation.clone(),
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
        // Refused before the document is listed: the read in `sync` would
        // refuse it too, but after.
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

    pub(super) fn indexed_mut(&mut self, path: &Path) -> Result<&mut Document, WorkspaceError> {
        self.documents
            .get_mut(path)
            .ok_or_else(|| WorkspaceError::NotOpen {
                path: path.to_owned(),
            })
    }

    /// Writes what changed of a document, merged with what is on disk,
    /// unless its buffer has unsaved text: then its annotations wait for the
    /// save.
    pub(super) fn persist(&mut self, path: &Path) -> Result<(), WorkspaceError> {
        let changed = self.sync(path, Mode::Write)?;
        self.merged_names |= changed;
        Ok(())
    }
}
