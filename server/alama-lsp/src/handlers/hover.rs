//! `textDocument/hover`: the card of the mention under the cursor. It never
//! waits for the corpus to be indexed: while it is for the first time, the
//! card has no corpus counts, and a hover without a card is answered with
//! an error the client may retry.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::position;
use crate::server::{not_yet, Server};

pub async fn handle(server: &Server, params: HoverParams) -> Result<Option<Hover>> {
    let place = params.text_document_position_params;
    let session = server.session();
    let first_indexing = session.first_indexing();
    let indexing = session.indexing().filter(|_| first_indexing);
    let encoding = session.encoding();
    let card = session.buffer(&place.text_document.uri).and_then(|buffer| {
        let workspace = session.workspace(&buffer.path)?;
        let offset = position::offset(&buffer.rope, place.position, encoding);
        let card = alama_ide::hover::hover(workspace, &buffer.path, offset, indexing)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: card.markdown,
            }),
            range: Some(position::range(&buffer.rope, card.span, encoding)),
        })
    });
    if card.is_none() && first_indexing {
        return Err(not_yet("the corpus is being indexed".to_owned()));
    }
    Ok(card)
}
