//! `textDocument/didOpen`: the buffer joins its workspace.

use tower_lsp_server::ls_types::*;

use crate::server::Server;
use crate::session::Buffer;
use crate::uri::to_path;

pub async fn handle(server: &Server, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    let Some(path) = to_path(&document.uri) else {
        tracing::info!("ignoring {}: not a file", document.uri.as_str());
        return;
    };
    let received = std::time::Instant::now();
    let (publication, problem) = {
        let mut session = server.session();
        session.buffers.insert(
            document.uri.clone(),
            Buffer::new(&document.text, document.version, path.clone()),
        );
        // Before indexing ends there is no workspace yet: indexing opens
        // the buffer when it is done.
        let problem = match session.workspace_mut(&path) {
            Some(workspace) if workspace.admits(&path) => workspace
                .open(&path, document.text)
                .err()
                .map(|e| e.to_string()),
            _ => None,
        };
        session.workspaces.iter_mut().for_each(|w| {
            w.take_changed();
        });
        let publication = session.diagnostics_of(&document.uri);
        tracing::debug!(
            "{}: version {} opened: {} diagnostics made in {:.1} ms",
            document.uri.as_str(),
            document.version,
            publication.as_ref().map_or(0, |p| p.len),
            received.elapsed().as_secs_f64() * 1000.0
        );
        (publication, problem)
    };
    if let Some(problem) = problem {
        server.warn(format!("alama: {problem}")).await;
    }
    server.publish(publication.into_iter().collect());
}
