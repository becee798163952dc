//! `textDocument/didChange`: incremental edits move the annotations with
//! the text; a bounded window around the edit is recognized again at once,
//! the whole document once typing pauses (off the session's lock).

use std::time::Duration;

use alama_core::text::{Edit, Span};
use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::position;
use crate::server::Server;
use crate::session::holding;

/// How long typing must pause before the whole document is recognized.
const SETTLE: Duration = Duration::from_millis(300);

pub async fn handle(server: &Server, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let received = std::time::Instant::now();
    {
        let mut guard = server.session();
        let session = &mut *guard;
        let encoding = session.encoding();
        let Some(buffer) = session.buffers.get_mut(&uri) else {
            tracing::warn!("didChange for {} which is not open", uri.as_str());
            return;
        };
        let mut edits = Vec::with_capacity(params.content_changes.len());
        for change in params.content_changes {
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
        let Some(index) = holding(&session.workspaces, &path) else {
            return;
        };
        let workspace = &mut session.workspaces[index];
        if workspace.open_document(&path).is_none() {
            return;
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
        jobs::after_change(server, session, Some(&uri));
    }

    // Recognize the whole document once typing pauses: trigger patterns and
    // names found elsewhere in the document reach across lines.
    let server = server.clone();
    tokio::spawn(async move {
        tokio::time::sleep(SETTLE).await;
        let mut session = server.session();
        let Some(buffer) = session.buffers.get(&uri).filter(|b| b.version == version) else {
            return;
        };
        let path = buffer.path.clone();
        if let Some(workspace) = session.workspace_mut(&path) {
            workspace.refresh(&path);
        }
        jobs::after_change(&server, &mut session, None);
    });
}
