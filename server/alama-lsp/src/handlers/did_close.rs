//! `textDocument/didClose`: annotations of an unsaved buffer are dropped.

use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;

pub async fn handle(server: &Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let mut session = server.session();
    let Some(buffer) = session.buffers.remove(&uri) else {
        return;
    };
    let recount = session.workspace_mut(&buffer.path).and_then(|workspace| {
        workspace
            .close(&buffer.path)
            .then(|| workspace.repropagate())
    });
    jobs::after_change(server, &mut session, None);
    server
        .output
        .publish_diagnostics(&crate::diagnostics::none(&uri, None));
    drop(session);
    if let Some(job) = recount {
        crate::handlers::execute_command::recount(server, job);
    }
}
