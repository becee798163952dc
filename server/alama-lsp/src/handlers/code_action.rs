//! `textDocument/codeAction`: the annotator's choices at the selection,
//! derived from the range alone (clients without diagnostic `data` too).

use alama_ide::actions::{actions, ActionKind};
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
    let Some(buffer) = session.buffers.get(&uri) else {
        return Ok(None);
    };
    let Some(workspace) = session.workspace(&buffer.path) else {
        return Ok(None);
    };
    let selection = position::span(&buffer.rope, params.range, session.encoding());
    let wanted = params.context.only.as_deref();
    let response = actions(workspace, &buffer.path, selection)
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
