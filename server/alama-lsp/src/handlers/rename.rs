//! `textDocument/prepareRename` and `textDocument/rename`: renaming an
//! entity, not the text (see `alama_ide::symbols::rename_place`). At a
//! mention linked to an entity that a project lexicon file defines, the new
//! name becomes the entity's canonical name in the language of its script
//! (`alama.renameEntity`), the old one an alias; the documents are not
//! edited, and the edit returned is empty. Anywhere else nothing can be
//! renamed, and the reason is the error.

use alama_ide::symbols::{rename_place, RenamePlace};
use alama_ide::workspace::Command;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::handlers::execute_command;
use crate::position;
use crate::server::Server;

pub async fn prepare(
    server: &Server,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let session = server.session();
    let Some(buffer) = session.buffer(&params.text_document.uri) else {
        return Ok(None);
    };
    let Some(workspace) = session.workspace(&buffer.path) else {
        return Ok(None);
    };
    let encoding = session.encoding();
    let offset = position::offset(&buffer.rope, params.position, encoding);
    let place = rename_place(workspace, &buffer.path, offset).map_err(Error::invalid_params)?;
    Ok(
        place.map(|place| PrepareRenameResponse::RangeWithPlaceholder {
            range: position::range(&buffer.rope, place.span, encoding),
            placeholder: place.name,
        }),
    )
}

pub async fn handle(server: &Server, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let place = params.text_document_position;
    let (document, found) = {
        let session = server.session();
        let Some(buffer) = session.buffer(&place.text_document.uri) else {
            return Ok(None);
        };
        let Some(workspace) = session.workspace(&buffer.path) else {
            return Ok(None);
        };
        let offset = position::offset(&buffer.rope, place.position, session.encoding());
        let found = rename_place(workspace, &buffer.path, offset).map_err(Error::invalid_params)?;
        (buffer.path.clone(), found)
    };
    let Some(RenamePlace { entity, .. }) = found else {
        return Ok(None);
    };
    let command = Command::Rename {
        entity,
        name: params.new_name,
    };
    execute_command::run(server, command, &document)?;
    Ok(Some(WorkspaceEdit::default()))
}
