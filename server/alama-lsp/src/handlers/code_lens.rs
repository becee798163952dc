//! `textDocument/codeLens`: at the top of an open document, its counts of
//! confirmed and suggested mentions and its review state, then accepting
//! all its suggestions and setting its review state (a command of the
//! client, which asks for the state). The server asks the client to
//! request them again after every command (see `execute_command.rs`),
//! once the corpus is first indexed and once a long document's whole text
//! is recognized.

use alama_ide::lens::{lenses, LensAction};
use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::commands;
use crate::server::{not_yet, Server};

pub async fn handle(server: &Server, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let session = server.session();
    // Until the corpus is indexed, the counts would miss the names
    // confirmed elsewhere; the lenses are asked for again once it is.
    if session.first_indexing() {
        return Err(not_yet("the corpus is being indexed".to_owned()));
    }
    let Some(buffer) = session.buffer(&uri) else {
        return Ok(None);
    };
    let Some(workspace) = session.workspace(&buffer.path) else {
        return Ok(None);
    };
    let top = Range::new(Position::new(0, 0), Position::new(0, 0));
    let lenses = lenses(workspace, &buffer.path)
        .into_iter()
        .map(|lens| {
            let (name, arguments) = match lens.action {
                // A command without a name: the client shows the title as
                // a label that does nothing.
                LensAction::None => (String::new(), None),
                LensAction::Run(command) => {
                    let (name, argument) = commands::to_json(&command, &uri);
                    (name.to_owned(), Some(vec![argument]))
                }
                LensAction::ChooseReviewState => (
                    commands::SET_REVIEW_STATE.to_owned(),
                    Some(vec![json!({ "uri": uri })]),
                ),
            };
            CodeLens {
                range: top,
                command: Some(Command::new(lens.title, name, arguments)),
                data: None,
            }
        })
        .collect();
    Ok(Some(lenses))
}
