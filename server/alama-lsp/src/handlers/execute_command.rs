//! `workspace/executeCommand`: applies an annotator's decision, persists
//! it, and re-publishes the open documents whose mentions changed.

use alama_ide::workspace::Recount;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::commands;
use crate::server::Server;

pub async fn handle(server: &Server, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
    let command =
        commands::from_json(&params.command, &params.arguments).map_err(Error::invalid_params)?;
    let document = commands::document_of(&params.arguments)
        .ok_or_else(|| Error::invalid_params("the command names no file of the workspace"))?;
    let (outcome, publications) = {
        let mut session = server.session();
        let Some(workspace) = session.workspace_mut(&document) else {
            return Err(Error::invalid_params(format!(
                "{} is not in a workspace folder",
                document.display()
            )));
        };
        let outcome = workspace.execute(command);
        (outcome, session.changed_diagnostics())
    };
    server.publish(publications).await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            let message = error.to_string();
            server.warn(format!("alama: {message}")).await;
            return Err(Error::invalid_params(message));
        }
    };
    tracing::info!("{}", outcome.summary);
    if let Some(job) = outcome.recount {
        recount(server, job);
    }
    Ok(Some(serde_json::Value::String(outcome.summary)))
}

/// Recounts the documents that are not open, in the background and off the
/// session's lock.
pub fn recount(server: &Server, job: Recount) {
    let server = server.clone();
    tokio::spawn(async move {
        match tokio::task::spawn_blocking(move || job.run()).await {
            Ok(recounted) => {
                let mut session = server.session();
                if let Some(workspace) = session.workspace_mut(recounted.root()) {
                    workspace.finish_recount(recounted);
                }
            }
            Err(error) => tracing::warn!("recounting the corpus failed: {error}"),
        }
    });
}
