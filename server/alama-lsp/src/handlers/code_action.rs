//! `textDocument/codeAction`: the annotator's choices at the selection,
//! derived from the range alone (clients without diagnostic `data` too).
//!
//! A client that runs `alama.pick` (see [`commands::PICK`]) gets one entry
//! where a choice among types or entities is to be made, which opens a
//! pick list; another gets one entry per type.

use alama_ide::actions::{actions, ActionKind, Menu};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::commands;
use crate::position;
use crate::server::Server;

pub async fn handle(
    server: &Server,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let session = server.session();
    let uri = params.text_document.uri;
    let Some(buffer) = session.buffer(&uri) else {
        return Ok(None);
    };
    let Some(workspace) = session.workspace(&buffer.path) else {
        return Ok(None);
    };
    let selection = position::span(&buffer.rope, params.range, session.encoding());
    let wanted = params.context.only.as_deref();
    let menu = if session.support().pick {
        Menu::Pick
    } else {
        Menu::Flat
    };
    let response = actions(workspace, &buffer.path, selection, menu)
        .into_iter()
        .filter_map(|action| {
            let kind = match action.kind {
                ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                ActionKind::Refactor => CodeActionKind::REFACTOR_REWRITE,
                ActionKind::Source => CodeActionKind::SOURCE,
            };
            let requested = wanted
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())));
            if !requested {
                return None;
            }
            let (name, argument) = commands::to_json(&action.command, &uri);
            let (name, argument) = match &action.pick {
                Some(pick) => (commands::PICK, commands::pick_json(pick, name, argument)),
                None => (name, argument),
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title.clone(),
                kind: Some(kind),
                is_preferred: action.preferred.then_some(true),
                command: Some(Command::new(
                    action.title,
                    name.to_owned(),
                    Some(vec![argument]),
                )),
                ..CodeAction::default()
            }))
        })
        .collect();
    Ok(Some(response))
}
