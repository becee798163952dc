//! `initialized`: watches the corpus files, reads the `alama` settings and
//! indexes the workspaces in the background.

use tower_lsp_server::ls_types::*;

use crate::indexing;
use crate::server::Server;

pub async fn handle(server: &Server, _: InitializedParams) {
    let (support, pending) = {
        let mut session = server.session();
        (session.support(), session.take_pending_messages())
    };
    for message in pending {
        server.warn(message).await;
    }
    if support.watched_files_registration {
        let watchers = ["**/*.txt", "**/*.ann", "**/.alama/*", "**/annotation.conf"]
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*glob).to_owned()),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: "alama-watched-files".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        if let Err(error) = server.client.register_capability(vec![registration]).await {
            tracing::warn!("could not watch the corpus files: {error}");
        }
    }
    indexing::pull_settings(server).await;
    let server = server.clone();
    tokio::spawn(async move { indexing::index(&server).await });
}
