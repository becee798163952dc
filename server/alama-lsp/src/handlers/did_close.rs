//! `textDocument/didClose`: annotations of an unsaved buffer are dropped;
//! those of a saved one not written yet are written.

use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;

pub async fn handle(server: &Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
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
    jobs::after_change(server, &mut session, None);
    server
        .output
        .publish_diagnostics(&crate::diagnostics::none(&uri, None));
    drop(session);
    for warning in warnings {
        server.warn_later(format!("alama: {warning}"));
    }
    if let Some(job) = recount {
        crate::handlers::execute_command::recount(server, job);
    }
}
