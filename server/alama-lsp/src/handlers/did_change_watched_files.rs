//! `workspace/didChangeWatchedFiles`: documents and `.ann` files changed by
//! other programs are read again; a change to the project's configuration
//! or data (`.alama/`, `annotation.conf`) re-indexes the workspace.

use alama_core::project::PROJECT_DIR;
use tower_lsp_server::ls_types::*;

use crate::indexing;
use crate::jobs;
use crate::server::Server;
use crate::uri::to_path;

pub async fn handle(server: &Server, params: DidChangeWatchedFilesParams) {
    let mut reindex = false;
    let mut problems = Vec::new();
    let mut recounts = Vec::new();
    {
        let mut session = server.session();
        for change in params.changes {
            let Some(path) = to_path(&change.uri) else {
                continue;
            };
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let in_project_dir = path
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|p| p == PROJECT_DIR);
            // The server writes the rejections itself, and takes the write
            // lock of the folder; the review states change no suggestion.
            let own = ["rejections.tsv", "status.tsv", "write.lock"].contains(&name);
            if name == "annotation.conf" || (in_project_dir && !own) {
                reindex = true;
                continue;
            }
            let Some(workspace) = session.workspace_mut(&path) else {
                continue;
            };
            match workspace.reload(&path) {
                Ok(true) => recounts.push(workspace.repropagate()),
                Ok(false) => {}
                Err(error) => problems.push(error.to_string()),
            }
            problems.extend(workspace.take_warnings());
        }
        jobs::after_change(server, &mut session, None);
    }
    for job in recounts {
        crate::handlers::execute_command::recount(server, job);
    }
    if reindex {
        let server = server.clone();
        tokio::spawn(async move { indexing::index(&server).await });
    }
    indexing::report_problems(server, problems).await;
}
