//! `textDocument/didSave`: annotations made on the unsaved buffer are
//! written with the text.

use tower_lsp_server::ls_types::*;

use crate::server::Server;

pub async fn handle(server: &Server, params: DidSaveTextDocumentParams) {
    let result = {
        let mut session = server.session();
        // Workspaces standing in for those being indexed know too little
        // of the corpus to write to it; nothing was annotated on them.
        if session.provisional {
            return;
        }
        let Some(path) = session
            .buffers
            .get(&params.text_document.uri)
            .map(|b| b.path.clone())
        else {
            return;
        };
        match session.workspace_mut(&path) {
            Some(workspace) if workspace.open_document(&path).is_some() => workspace.save(&path),
            _ => return,
        }
    };
    if let Err(error) = result {
        server.warn_later(format!("alama: {error}"));
    }
}
