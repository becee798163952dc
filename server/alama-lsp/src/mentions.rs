//! The mentions in the corpus of the entity at a place in an open
//! document, located in the client's encoding: what `textDocument/references`
//! and the `alama.mentions` command answer.

use std::sync::Arc;

use alama_core::engine::Status;
use alama_ide::hover::mention_at;
use alama_ide::workspace::mention_key;
use ropey::Rope;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Position, Range, Uri};

use crate::position::{self, Positions};
use crate::server::{not_yet, Server};

/// A mention of the entity, where the client finds it.
pub struct Located {
    pub uri: Uri,
    pub range: Range,
    pub ty: Arc<str>,
    pub status: Status,
    pub text: String,
}

/// Returns every mention in the corpus of the entity at `position` of the
/// open document `uri` (see [`alama_ide::workspace::entity_key`] for what
/// is the same entity), by document and in the order of each text; none
/// when no mention is there, and `None` when the document is not open.
///
/// A document that is not open is read from disk and its suggestions are
/// found again, but only where the corpus counts show the entity. That
/// runs off the session's lock, on all cores, so that the other requests
/// are answered meanwhile.
///
/// # Errors
///
/// The retry error while the corpus is first indexed, when the counts
/// that tell where to look are not known yet.
pub async fn of_entity_at(
    server: &Server,
    uri: &Uri,
    position: Position,
) -> Result<Option<Vec<Located>>> {
    let (search, encoding) = {
        let session = server.session();
        if session.first_indexing() {
            return Err(not_yet("the corpus is being indexed".to_owned()));
        }
        if !session.is_open(uri) {
            return Ok(None);
        }
        let Some((buffer, text, found)) = session.open_document(uri) else {
            return Ok(Some(Vec::new()));
        };
        let workspace = session
            .workspace(&buffer.path)
            .expect("the document is open in it");
        let encoding = session.encoding();
        let offset = position::offset(&buffer.rope, position, encoding);
        let Some(mention) = mention_at(found, offset) else {
            return Ok(Some(Vec::new()));
        };
        let key = mention_key(text, mention);
        (workspace.mention_search(&key), encoding)
    };
    let found = tokio::task::spawn_blocking(move || search.run())
        .await
        .map_err(|error| {
            tracing::warn!("the search for mentions failed: {error}");
            Error::internal_error()
        })?;
    let mut out = Vec::new();
    for (path, text, mentions) in found {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let rope = Rope::from_str(text.as_str());
        let mut positions = Positions::new(&rope, encoding);
        for m in mentions {
            out.push(Located {
                uri: uri.clone(),
                range: positions.range(m.span),
                ty: m.ty,
                status: m.status,
                text: text.slice(m.span).unwrap_or_default().to_owned(),
            });
        }
    }
    Ok(Some(out))
}
