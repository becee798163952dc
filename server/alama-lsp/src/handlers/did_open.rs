//! `textDocument/didOpen`: the buffer joins its workspace, and is
//! recognized off the session's lock.

use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;
use crate::session::Buffer;
use crate::uri::to_path;

pub async fn handle(server: &Server, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    let Some(path) = to_path(&document.uri) else {
        tracing::info!("ignoring {}: not a file", document.uri.as_str());
        return;
    };
    let mut session = server.session();
    let mut buffer = Buffer::new(&document.text, document.version, path.clone());
    buffer.changed_at = Some((std::time::Instant::now(), true));
    session.buffers.insert(document.uri.clone(), buffer);
    // Before the projects are read there is no workspace yet: indexing
    // opens the buffer then.
    let problem = match session.workspace_mut(&path) {
        Some(workspace) if workspace.admits(&path) => workspace
            .open(&path, document.text)
            .err()
            .map(|e| e.to_string()),
        _ => None,
    };
    jobs::after_change(server, &mut session, Some(&document.uri));
    drop(session);
    if let Some(problem) = problem {
        server.warn_later(format!("alama: {problem}"));
    }
}
