//! `textDocument/references`: every mention in the corpus of the entity
//! under the cursor, confirmed or suggested, in open documents and in the
//! others alike (see `crate::mentions`).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::mentions;
use crate::server::Server;

pub async fn handle(server: &Server, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let place = params.text_document_position;
    let located = mentions::of_entity_at(server, &place.text_document.uri, place.position).await?;
    Ok(located.map(|located| {
        located
            .into_iter()
            .map(|m| Location::new(m.uri, m.range))
            .collect()
    }))
}
