//! `textDocument/documentHighlight`: the mentions in the document of the
//! entity under the cursor. Confirmed mentions are `Write` highlights and
//! suggestions `Read` ones, so that clients that draw the two kinds apart
//! show which of them the annotator has decided.

use alama_core::engine::Status;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::position::{self, Positions};
use crate::server::Server;

pub async fn handle(
    server: &Server,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let place = params.text_document_position_params;
    let session = server.session();
    let Some((buffer, text, mentions)) = session.open_document(&place.text_document.uri) else {
        return Ok(None);
    };
    let encoding = session.encoding();
    let offset = position::offset(&buffer.rope, place.position, encoding);
    let mut positions = Positions::new(&buffer.rope, encoding);
    let highlights = alama_ide::highlights::highlights(text, mentions, offset)
        .into_iter()
        .map(|h| DocumentHighlight {
            range: positions.range(h.span),
            kind: Some(match h.status {
                Status::Confirmed => DocumentHighlightKind::WRITE,
                Status::Suggested => DocumentHighlightKind::READ,
            }),
        })
        .collect();
    Ok(Some(highlights))
}
