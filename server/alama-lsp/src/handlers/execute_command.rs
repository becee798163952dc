//! `workspace/executeCommand`: applies an annotator's decision, persists
//! it, and re-publishes the open documents whose mentions changed; or
//! answers a query (the mentions of an entity, the next or previous
//! suggestion), which changes nothing.
//!
//! A command either happens and says so, or does nothing: its handler
//! never awaits (a query may: the mentions of an entity are searched off
//! the session's lock). The framework drops a cancelled request only between two
//! polls of its handler, so a cancellation that arrives before the handler
//! starts leaves everything as it was, and one that arrives later cannot
//! stop it; what follows the change (semantic tokens, warnings, recounts)
//! runs in tasks of its own.

use alama_ide::navigation::{self, Direction};
use std::path::Path;

use alama_ide::workspace::{Command, Recount};
use serde_json::json;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::commands;
use crate::jobs;
use crate::mentions;
use crate::position;
use crate::server::{not_yet, Server};

pub async fn handle(server: &Server, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
    match params.command.as_str() {
        commands::MENTIONS => return mentions(server, &params.arguments).await.map(Some),
        commands::NEXT_SUGGESTION => {
            return suggestion(
                server,
                commands::NEXT_SUGGESTION,
                &params.arguments,
                Direction::Next,
            )
        }
        commands::PREVIOUS_SUGGESTION => {
            return suggestion(
                server,
                commands::PREVIOUS_SUGGESTION,
                &params.arguments,
                Direction::Previous,
            )
        }
        _ => {}
    }
    let command =
        commands::from_json(&params.command, &params.arguments).map_err(Error::invalid_params)?;
    let document = commands::document_of(&params.arguments)
        .ok_or_else(|| Error::invalid_params("the command names no file of the workspace"))?;
    let summary = run(server, command, &document)?;
    Ok(Some(serde_json::Value::String(summary)))
}

/// Runs a command in the workspace of `document`, then what follows it
/// (diagnostics, lenses, semantic tokens and inlay hints refreshed,
/// warnings shown, closed documents recounted); returns its summary.
///
/// # Errors
///
/// The retry error while a folder is indexed, and the command's own
/// refusal (shown to the annotator too) as invalid params.
pub fn run(server: &Server, command: Command, document: &Path) -> Result<String> {
    let mut session = server.session();
    if let Some(indexing) = session.indexing() {
        // A command applied to workspaces about to be replaced would be
        // lost with them.
        let message = format!(
            "alama: the corpus is being indexed ({} of {} documents); try again when it is done",
            indexing.done, indexing.total
        );
        server.warn_later(message.clone());
        return Err(not_yet(message));
    }
    let Some(workspace) = session.workspace_mut(document) else {
        return Err(Error::invalid_params(format!(
            "{} is not in a workspace folder",
            document.display()
        )));
    };
    let outcome = workspace.execute(command);
    let warnings = workspace.take_warnings();
    jobs::after_change(server, &mut session, None);
    let support = session.support();
    drop(session);
    for warning in warnings {
        server.warn_later(format!("alama: {warning}"));
    }
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            let message = error.to_string();
            server.warn_later(format!("alama: {message}"));
            return Err(Error::invalid_params(message));
        }
    };
    tracing::info!("{}", outcome.summary);
    // The lenses count the document's mentions and name its review state.
    server.refresh_code_lenses(support.code_lens_refresh);
    // Confirmed annotations are the semantic tokens and the inlay hints.
    let client = server.client.clone();
    tokio::spawn(async move {
        if support.semantic_tokens_refresh {
            let _ = client.semantic_tokens_refresh().await;
        }
        if support.inlay_hint_refresh {
            let _ = client.inlay_hint_refresh().await;
        }
    });
    if let Some(job) = outcome.recount {
        recount(server, job);
    }
    Ok(outcome.summary)
}

/// The mentions in the corpus of the entity at a place: an array of
/// `{"uri", "range", "type", "status", "text"}`, in the negotiated encoding.
async fn mentions(server: &Server, arguments: &[LSPAny]) -> Result<LSPAny> {
    let (uri, position) =
        commands::query_place(commands::MENTIONS, arguments).map_err(Error::invalid_params)?;
    let located = mentions::of_entity_at(server, &uri, position)
        .await?
        .ok_or_else(|| Error::invalid_params(format!("{} is not open", uri.as_str())))?;
    let out = located
        .into_iter()
        .map(|m| {
            json!({
                "uri": m.uri,
                "range": m.range,
                "type": &*m.ty,
                "status": m.status.as_str(),
                "text": m.text,
            })
        })
        .collect();
    Ok(LSPAny::Array(out))
}

/// The location of the suggestion of an open document to move to from a
/// position (see [`navigation::suggestion`]), or null when the document
/// has none.
fn suggestion(
    server: &Server,
    name: &str,
    arguments: &[LSPAny],
    direction: Direction,
) -> Result<Option<LSPAny>> {
    let (uri, position) = commands::query_place(name, arguments).map_err(Error::invalid_params)?;
    let session = server.session();
    if session.first_indexing() {
        return Err(not_yet("the corpus is being indexed".to_owned()));
    }
    let encoding = session.encoding();
    if !session.is_open(&uri) {
        return Err(Error::invalid_params(format!(
            "{} is not open",
            uri.as_str()
        )));
    }
    let Some((buffer, _, mentions)) = session.open_document(&uri) else {
        return Ok(None);
    };
    let offset = position::offset(&buffer.rope, position, encoding);
    let Some(span) = navigation::suggestion(mentions, offset, direction) else {
        return Ok(None);
    };
    let range = position::range(&buffer.rope, span, encoding);
    Ok(Some(json!({ "uri": uri, "range": range })))
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
