//! `textDocument/didClose`: annotations of an unsaved buffer are dropped;
//! those of a saved one not written yet are written.

use tower_lsp_server::ls_types::*;

use crate::server::Server;

pub async fn handle(server: &Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let (recount, warnings, publications) = {
        let mut session = server.session();
        let Some(buffer) = session.buffers.remove(&uri) else {
            return;
        };
        let (recount, warnings) = match session.workspace_mut(&buffer.path) {
            Some(workspace) => {
                let changed = workspace.close(&buffer.path);
                let recount = changed.then(|| workspace.repropagate());
                (recount, workspace.take_warnings())
            }
            None => (None, Vec::new()),
        };
        (recount, warnings, session.changed_diagnostics())
    };
    server.publish(publications);
    server.publish(vec![crate::diagnostics::none(&uri, None)]);
    for warning in warnings {
        server.warn(format!("alama: {warning}")).await;
    }
    if let Some(job) = recount {
        crate::handlers::execute_command::recount(server, job);
    }
}
