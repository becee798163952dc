//! `textDocument/hover`: the card of the mention under the cursor.

use std::time::Duration;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::position;
use crate::server::Server;

/// The longest a hover waits for the corpus to be indexed.
const INDEX_WAIT: Duration = Duration::from_secs(60);

pub async fn handle(server: &Server, params: HoverParams) -> Result<Option<Hover>> {
    let mut indexed = server.indexed.subscribe();
    let _ = tokio::time::timeout(INDEX_WAIT, indexed.wait_for(|done| *done)).await;
    let place = params.text_document_position_params;
    let session = server.session();
    let Some(buffer) = session.buffers.get(&place.text_document.uri) else {
        return Ok(None);
    };
    let Some(workspace) = session.workspace(&buffer.path) else {
        return Ok(None);
    };
    let encoding = session.encoding();
    let offset = position::offset(&buffer.rope, place.position, encoding);
    let Some(card) = alama_ide::hover::hover(workspace, &buffer.path, offset) else {
        return Ok(None);
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: card.markdown,
        }),
        range: Some(position::range(&buffer.rope, card.mention.span, encoding)),
    }))
}
