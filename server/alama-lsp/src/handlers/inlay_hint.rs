//! `textDocument/inlayHint`: the type after each confirmed mention of the
//! range asked for, and after each suggestion when the `inlayHints` setting
//! is `all` (see `alama_ide::inlay_hints` for where a label goes so that a
//! right-to-left line keeps its order).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::position::{self, Positions};
use crate::server::Server;

pub async fn handle(server: &Server, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let session = server.session();
    let Some((buffer, text, mentions)) = session.open_document(&params.text_document.uri) else {
        return Ok(None);
    };
    let encoding = session.encoding();
    let range = position::span(&buffer.rope, params.range, encoding);
    let shown = session.settings().inlay_hints.shown();
    // A long document's hints are asked for by the screenful: the pass
    // over its text starts where the range does.
    let mut positions = Positions::from(&buffer.rope, encoding, range.start);
    let hints = alama_ide::inlay_hints::inlay_hints(text, mentions, range, shown)
        .into_iter()
        .map(|hint| InlayHint {
            position: positions.position(hint.offset),
            label: InlayHintLabel::String(hint.label),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Ok(Some(hints))
}
