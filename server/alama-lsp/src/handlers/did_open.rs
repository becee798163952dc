//! `textDocument/didOpen`: the buffer joins its workspace, and is
//! recognized off the session's lock.

use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;
use crate::uri::to_path;

pub async fn handle(server: &Server, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    let Some(path) = to_path(&document.uri) else {
        tracing::info!("ignoring {}: not a file", document.uri.as_str());
        return;
    };
    let mut session = server.session();
    let problem = session.open(document.uri.clone(), document.text, document.version, path);
    jobs::after_change(server, &mut session, Some(&document.uri));
    drop(session);
    if let Some(problem) = problem {
        server.warn_later(format!("alama: {problem}"));
    }
}
