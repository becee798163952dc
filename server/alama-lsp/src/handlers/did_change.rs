//! `textDocument/didChange`: incremental edits move the annotations with
//! the text; the lines around the edit are recognized again at once, the
//! whole document once typing pauses.

use std::time::Duration;

use alama_core::text::{Edit, Span};
use tower_lsp_server::ls_types::*;

use crate::position;
use crate::server::Server;

/// How long typing must pause before the whole document is recognized.
const SETTLE: Duration = Duration::from_millis(300);

pub async fn handle(server: &Server, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let received = std::time::Instant::now();
    let publications = {
        let mut session = server.session();
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
            if let Some(written) = buffer.published.as_mut() {
                written.edited_from(start);
            }
            edits.push(edit);
        }
        buffer.version = version;
        let path = buffer.path.clone();
        let text = buffer.rope.to_string();
        let Some(workspace) = session.workspace_mut(&path) else {
            return;
        };
        if workspace.open_document(&path).is_none() {
            return;
        }
        match workspace.edit(&path, &edits, text) {
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
        let publications = session.changed_diagnostics();
        tracing::debug!(
            "{}: version {version} recognized and {} diagnostics made in {:.1} ms",
            uri.as_str(),
            publications.iter().map(|p| p.len).sum::<usize>(),
            received.elapsed().as_secs_f64() * 1000.0
        );
        publications
    };
    server.publish(publications);

    // Recognize the whole document once typing pauses: trigger patterns and
    // names found elsewhere in the document reach across lines.
    let server = server.clone();
    tokio::spawn(async move {
        tokio::time::sleep(SETTLE).await;
        let publications = {
            let mut session = server.session();
            let Some(buffer) = session.buffers.get(&uri).filter(|b| b.version == version) else {
                return;
            };
            let path = buffer.path.clone();
            if let Some(workspace) = session.workspace_mut(&path) {
                workspace.refresh(&path);
            }
            session.changed_diagnostics()
        };
        server.publish(publications);
    });
}
