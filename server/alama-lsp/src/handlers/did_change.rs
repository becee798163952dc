//! `textDocument/didChange`: incremental edits move the annotations with
//! the text; a bounded window around the edit is recognized again at once,
//! the whole document once typing pauses (off the session's lock).

use std::time::Duration;

use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;

/// How long typing must pause before the whole document is recognized.
const SETTLE: Duration = Duration::from_millis(300);

pub async fn handle(server: &Server, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let received = std::time::Instant::now();
    {
        let mut session = server.session();
        if !session.change(&uri, version, params.content_changes, received) {
            return;
        }
        jobs::after_change(server, &mut session, Some(&uri));
    }

    // Recognize the whole document once typing pauses: trigger patterns and
    // names found elsewhere in the document reach across lines.
    let server = server.clone();
    tokio::spawn(async move {
        tokio::time::sleep(SETTLE).await;
        let mut session = server.session();
        let Some(buffer) = session.buffer(&uri).filter(|b| b.version == version) else {
            return;
        };
        let path = buffer.path.clone();
        if let Some(workspace) = session.workspace_mut(&path) {
            workspace.refresh(&path);
        }
        jobs::after_change(&server, &mut session, None);
    });
}
