//! `textDocument/didClose`: annotations of an unsaved buffer are dropped.

use tower_lsp_server::ls_types::*;

use crate::server::Server;

pub async fn handle(server: &Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let (recount, publications) = {
        let mut session = server.session();
        let Some(buffer) = session.buffers.remove(&uri) else {
            return;
        };
        let recount = session.workspace_mut(&buffer.path).and_then(|workspace| {
            workspace
                .close(&buffer.path)
                .then(|| workspace.repropagate())
        });
        (recount, session.changed_diagnostics())
    };
    server.publish(publications);
    server.publish(vec![crate::diagnostics::none(&uri, None)]);
    if let Some(job) = recount {
        crate::handlers::execute_command::recount(server, job);
    }
}
