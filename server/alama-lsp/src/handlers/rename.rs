//! `textDocument/prepareRename` and `textDocument/rename`: renaming an
//! entity, not the text. At a mention linked to an entity that a project
//! lexicon file defines, the new name becomes the entity's canonical name
//! in the language of its script (`alama.renameEntity`), the old one an
//! alias; the documents are not edited, and the edit returned is empty.
//! Anywhere else nothing can be renamed: an unlinked name is retyped or
//! linked instead, and an entity of the embedded lexicon gets aliases.

use alama_core::normalize::is_arabic_letter;
use alama_ide::hover::mention_at;
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
    let Some((buffer, text, mentions)) = session.open_document(&params.text_document.uri) else {
        return Ok(None);
    };
    let encoding = session.encoding();
    let offset = position::offset(&buffer.rope, params.position, encoding);
    let Some(mention) = mention_at(mentions, offset) else {
        return Ok(None);
    };
    let Some(id) = mention.entity.as_deref() else {
        return Err(Error::invalid_params(
            "only an entity of the lexicon is renamed: retype or link this name instead",
        ));
    };
    let workspace = session
        .workspace(&buffer.path)
        .expect("the document is open in it");
    if !workspace.defines_entity(id) {
        return Err(Error::invalid_params(format!(
            "`{id}` is an entity of the embedded lexicon, which is not renamed; add an alias instead"
        )));
    }
    let lexicon = workspace.engine().lexicon();
    let surface = text.slice(mention.span).unwrap_or_default();
    let language = if surface.chars().any(is_arabic_letter) {
        "ar"
    } else {
        "en"
    };
    let placeholder = lexicon
        .by_id(id)
        .map_or_else(|| surface.to_owned(), |e| e.name(language).to_owned());
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: position::range(&buffer.rope, mention.span, encoding),
        placeholder,
    }))
}

pub async fn handle(server: &Server, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let place = params.text_document_position;
    let (document, entity) = {
        let session = server.session();
        let Some((buffer, _, mentions)) = session.open_document(&place.text_document.uri) else {
            return Ok(None);
        };
        let offset = position::offset(&buffer.rope, place.position, session.encoding());
        let entity = mention_at(mentions, offset).and_then(|m| m.entity.as_deref());
        let Some(entity) = entity else {
            return Err(Error::invalid_params(
                "only an entity of the lexicon is renamed: retype or link this name instead",
            ));
        };
        (buffer.path.clone(), entity.to_owned())
    };
    let command = Command::Rename {
        entity,
        name: params.new_name,
    };
    execute_command::run(server, command, &document)?;
    Ok(Some(WorkspaceEdit::default()))
}
