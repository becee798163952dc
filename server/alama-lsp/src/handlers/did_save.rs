//! `textDocument/didSave`: annotations made on the unsaved buffer are
//! written with the text, merged with what other writers wrote.

use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;

pub async fn handle(server: &Server, params: DidSaveTextDocumentParams) {
    let (result, warnings, recount) = {
        let mut session = server.session();
        // Workspaces standing in for those being indexed know too little
        // of the corpus to write to it; nothing was annotated on them.
        if session.is_provisional() {
            return;
        }
        let Some(path) = session
            .buffer(&params.text_document.uri)
            .map(|b| b.path.clone())
        else {
            return;
        };
        let (result, warnings, recount) = match session.workspace_mut(&path) {
            Some(workspace) if workspace.open_document(&path).is_some() => {
                let result = workspace.save(&path);
                // The merge may have brought another writer's annotations.
                let recount = matches!(result, Ok(true)).then(|| workspace.repropagate());
                (result, workspace.take_warnings(), recount)
            }
            _ => return,
        };
        jobs::after_change(server, &mut session, None);
        (result, warnings, recount)
    };
    if let Err(error) = result {
        server.warn_later(format!("alama: {error}"));
    }
    for warning in warnings {
        server.warn_later(format!("alama: {warning}"));
    }
    if let Some(job) = recount {
        crate::handlers::execute_command::recount(server, job);
    }
}
