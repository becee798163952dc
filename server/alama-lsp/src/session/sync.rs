//! Text synchronization: the session's side of `didOpen`, `didChange` and
//! `didClose`, so that the handlers only take the lock, call these and say
//! what follows to the client.

use std::path::PathBuf;
use std::time::Instant;

use alama_core::text::{Edit, Span};
use alama_ide::workspace::Recount;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::{holding, Buffer, Session};
use crate::position;

/// What closing a document leaves to do.
pub struct Closed {
    /// The corpus' counts to make again, when the closed document's
    /// annotations changed what is confirmed.
    pub recount: Option<Recount>,
    /// Messages for the user from its workspace.
    pub warnings: Vec<String>,
}

impl Session {
    /// Opens the document `uri` at `path` with `text`: its buffer, and the
    /// document in its workspace when the workspace takes it. Returns a
    /// message for the user when the workspace cannot read the document's
    /// annotations.
    pub fn open(&mut self, uri: Uri, text: String, version: i32, path: PathBuf) -> Option<String> {
        let mut buffer = Buffer::new(&text, version, path.clone());
        buffer.changed_at = Some((Instant::now(), true));
        self.buffers.insert(uri, buffer);
        // Before the projects are read there is no workspace yet: indexing
        // opens the buffer then.
        match self.workspace_mut(&path) {
            Some(workspace) if workspace.admits(&path) => {
                workspace.open(&path, text).err().map(|e| e.to_string())
            }
            _ => None,
        }
    }

    /// Applies the client's `changes` to the buffer of `uri`, which then
    /// has `version`, and moves its annotations with the text. Returns
    /// whether a workspace holds the document open, so that its changes
    /// are published; `false` also when `uri` is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        received: Instant,
    ) -> bool {
        let encoding = self.encoding();
        let Some(buffer) = self.buffers.get_mut(uri) else {
            tracing::warn!("didChange for {} which is not open", uri.as_str());
            return false;
        };
        let mut edits = Vec::with_capacity(changes.len());
        for change in changes {
            let new_len = change.text.chars().count();
            let edit = match change.range {
                Some(range) => Edit {
                    old: position::span(&buffer.rope, range, encoding),
                    new_len,
                },
                None => Edit::between(&buffer.rope.to_string(), &change.text),
            };
            let Span { start, end } = edit.old;
            buffer.rope.remove(start..end);
            let inserted = &change.text;
            let inserted = match change.range {
                Some(_) => inserted.as_str(),
                // A whole-document change: only its middle is new.
                None => {
                    let from = inserted
                        .char_indices()
                        .nth(start)
                        .map_or(inserted.len(), |(i, _)| i);
                    let to = inserted
                        .char_indices()
                        .nth(start + edit.new_len)
                        .map_or(inserted.len(), |(i, _)| i);
                    &inserted[from..to]
                }
            };
            buffer.rope.insert(start, inserted);
            buffer.edited(start);
            edits.push(edit);
        }
        buffer.version = version;
        buffer.changed_at.get_or_insert((received, false));
        let path = buffer.path.clone();
        let Some(index) = holding(&self.workspaces, &path) else {
            return false;
        };
        let workspace = &mut self.workspaces[index];
        if workspace.open_document(&path).is_none() {
            return false;
        }
        match workspace.edit(&path, &edits, |text| buffer.write_text(text)) {
            Ok(dropped) => {
                for annotation in dropped {
                    tracing::info!(
                        "{}: annotation T{} ({} `{}`) dropped: its text was edited",
                        path.display(),
                        annotation.id,
                        annotation.ty,
                        annotation.text
                    );
                }
            }
            Err(error) => tracing::warn!("{error}"),
        }
        true
    }

    /// Closes the document `uri`: annotations of an unsaved buffer are
    /// dropped, and those of a saved one not written yet are written.
    /// Returns `None` when `uri` was not open.
    pub fn close(&mut self, uri: &Uri) -> Option<Closed> {
        let buffer = self.buffers.remove(uri)?;
        let closed = match self.workspace_mut(&buffer.path) {
            Some(workspace) => {
                let changed = workspace.close(&buffer.path);
                Closed {
                    recount: changed.then(|| workspace.repropagate()),
                    warnings: workspace.take_warnings(),
                }
            }
            None => Closed {
                recount: None,
                warnings: Vec::new(),
            },
        };
        Some(closed)
    }
}
