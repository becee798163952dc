//! Undo and redo of the annotation commands of a session.
//!
//! A command records, the first time it changes a document, the document's
//! annotations and rejections as they were, with a stamp of its text. Undo
//! puts them back and writes them, as any command writes; redo puts back
//! what undo replaced. Undo refuses a document whose text changed since
//! (the offsets recorded would no longer hold) and says which. The
//! history lives as long as the server's view of the folder: another
//! window's commands are not in it, and a new command clears what can be
//! redone. Adding an alias (a line of the project lexicon) and setting a
//! review state change no document and are not undone.

use std::path::{Path, PathBuf};

use alama_core::brat::AnnFile;
use alama_core::rejections::Rejection;

use super::commands::{CommandError, Outcome};
use super::persist::Stamp;
use super::Workspace;

/// The most steps kept for undo.
const MAX_STEPS: usize = 100;

/// A document's annotations and rejections at one time.
#[derive(Debug, Clone)]
struct Snapshot {
    path: PathBuf,
    /// The text they are in the offsets of.
    stamp: Stamp,
    annotations: AnnFile,
    rejections: Vec<Rejection>,
}

/// What one command changed: the documents as they were before it (or,
/// on the redo stack, before it was undone).
#[derive(Debug)]
struct Step {
    summary: String,
    documents: Vec<Snapshot>,
}

#[derive(Debug, Default)]
pub(super) struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The documents the command under way changed, while one runs.
    recording: Option<Vec<Snapshot>>,
}

impl History {
    /// Starts recording the documents a command changes.
    pub(super) fn start(&mut self) {
        self.recording = Some(Vec::new());
    }

    /// Ends recording; a command that changed a document and succeeded
    /// (`summary`) becomes the step to undo, and what was undone can no
    /// longer be redone.
    pub(super) fn finish(&mut self, summary: Option<&str>) {
        let recorded = self.recording.take().unwrap_or_default();
        let Some(summary) = summary.filter(|_| !recorded.is_empty()) else {
            return;
        };
        self.redo.clear();
        self.undo.push(Step {
            summary: summary.to_owned(),
            documents: recorded,
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    fn is_recorded(&self, path: &Path) -> bool {
        self.recording
            .as_ref()
            .is_none_or(|recorded| recorded.iter().any(|s| s.path == path))
    }
}

impl Workspace {
    /// Records a document as it is before the command under way changes it,
    /// the first time that command changes it.
    pub(super) fn record(&mut self, path: &Path) -> Result<(), CommandError> {
        if self.history.is_recorded(path) {
            return Ok(());
        }
        let snapshot = self.snapshot(path)?;
        if let Some(recorded) = self.history.recording.as_mut() {
            recorded.push(snapshot);
        }
        Ok(())
    }

    fn snapshot(&self, path: &Path) -> Result<Snapshot, CommandError> {
        let text = self.current_text(path)?;
        let document = self.document(path)?;
        Ok(Snapshot {
            path: path.to_owned(),
            stamp: Stamp::of(text.as_str()),
            annotations: document.annotations.clone(),
            rejections: document.rejections.clone(),
        })
    }

    /// Reverts the last command of the session that changed documents.
    pub(super) fn undo(&mut self) -> Result<Outcome, CommandError> {
        self.replay(Way::Undo)
    }

    /// Does again the last command undone, if no command ran since.
    pub(super) fn redo(&mut self) -> Result<Outcome, CommandError> {
        self.replay(Way::Redo)
    }

    /// Puts back the documents of the last step of one stack and moves the
    /// step, with the documents as they were before, to the other stack; a
    /// step that cannot be put back stays where it was.
    fn replay(&mut self, way: Way) -> Result<Outcome, CommandError> {
        let (from, verb) = match way {
            Way::Undo => (&mut self.history.undo, "Undid"),
            Way::Redo => (&mut self.history.redo, "Redid"),
        };
        let Some(step) = from.pop() else {
            return Ok(nothing(way));
        };
        match self.restore(&step) {
            Ok(replaced) => {
                let summary = format!("{verb}: {}", step.summary);
                let to = match way {
                    Way::Undo => &mut self.history.redo,
                    Way::Redo => &mut self.history.undo,
                };
                to.push(Step {
                    summary: step.summary,
                    documents: replaced,
                });
                Ok(self.restored(summary))
            }
            Err(error) => {
                match way {
                    Way::Undo => self.history.undo.push(step),
                    Way::Redo => self.history.redo.push(step),
                }
                Err(error)
            }
        }
    }

    /// Puts back the documents of `step` and writes them; returns them as
    /// they were before. Refuses, changing nothing, if the text of one of
    /// them changed since the step was recorded.
    fn restore(&mut self, step: &Step) -> Result<Vec<Snapshot>, CommandError> {
        let mut replaced = Vec::new();
        for snapshot in &step.documents {
            let now = self.snapshot(&snapshot.path)?;
            if now.stamp != snapshot.stamp {
                return Err(CommandError::Changed {
                    path: snapshot.path.clone(),
                });
            }
            replaced.push(now);
        }
        for snapshot in &step.documents {
            let document = self.document_mut(&snapshot.path)?;
            document.annotations = snapshot.annotations.clone();
            document.rejections = snapshot.rejections.clone();
            self.updated(&snapshot.path)?;
        }
        Ok(replaced)
    }

    /// The outcome of an undo or redo: annotations came or went, so the
    /// corpus' confirmed names are compiled again.
    fn restored(&mut self, summary: String) -> Outcome {
        Outcome {
            summary,
            recount: Some(self.repropagate()),
        }
    }
}

/// Which way a step is replayed.
#[derive(Debug, Clone, Copy)]
enum Way {
    Undo,
    Redo,
}

fn nothing(way: Way) -> Outcome {
    let what = match way {
        Way::Undo => "undo",
        Way::Redo => "redo",
    };
    Outcome {
        summary: format!("Nothing to {what}"),
        recount: None,
    }
}
