//! `textDocument/definition`: from a linked mention to the line of its
//! entity in a project lexicon file (`.alama/lexicon.jsonl` or one the
//! project lists), where its names and aliases are written. An entity of
//! the embedded lexicon has no file, and nothing is answered.

use std::collections::HashMap;

use alama_ide::symbols::definition;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::handlers::workspace_symbol::location;
use crate::position;
use crate::server::Server;

pub async fn handle(
    server: &Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let place = params.text_document_position_params;
    let session = server.session();
    let Some(buffer) = session.buffer(&place.text_document.uri) else {
        return Ok(None);
    };
    let Some(workspace) = session.workspace(&buffer.path) else {
        return Ok(None);
    };
    let encoding = session.encoding();
    let offset = position::offset(&buffer.rope, place.position, encoding);
    let Some(found) = definition(workspace, &buffer.path, offset) else {
        return Ok(None);
    };
    let found = location(&session, &found, encoding, &mut HashMap::new());
    Ok(found.map(GotoDefinitionResponse::Scalar))
}
