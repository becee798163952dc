//! `textDocument/didClose`: annotations of an unsaved buffer are dropped;
//! those of a saved one not written yet are written.

use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;

pub async fn handle(server: &Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let mut session = server.session();
    let Some(closed) = session.close(&uri) else {
        return;
    };
    jobs::after_change(server, &mut session, None);
    server
        .output
        .publish_diagnostics(&crate::diagnostics::none(&uri, None));
    drop(session);
    for warning in closed.warnings {
        server.warn_later(format!("alama: {warning}"));
    }
    if let Some(job) = closed.recount {
        crate::handlers::execute_command::recount(server, job);
    }
}
