//! `workspace/didChangeConfiguration`: settings are read again (pulled when
//! the client supports `workspace/configuration`, else taken from the
//! notification); new globs or a new document size limit re-index, new
//! severities re-publish.

use tower_lsp_server::ls_types::*;

use crate::indexing;
use crate::jobs;
use crate::server::Server;

pub async fn handle(server: &Server, params: DidChangeConfigurationParams) {
    let before = server.session().settings().clone();
    let changed = if server.session().support().configuration {
        indexing::pull_settings(server).await
    } else {
        indexing::apply_settings(server, &params.settings).await
    };
    if !changed {
        return;
    }
    let mut session = server.session();
    let after = session.settings().clone();
    let indexed =
        |s: &crate::settings::Settings| (s.include.clone(), s.exclude.clone(), s.max_document_size);
    if indexed(&before) != indexed(&after) {
        let server = server.clone();
        tokio::spawn(async move { indexing::index(&server).await });
    } else {
        jobs::publish_all(server, &mut session);
    }
}
