//! `workspace/symbol`: the entities of the lexicon and of the corpus whose
//! names contain the query, normalized (see `alama_ide::symbols`), at most
//! [`LIMIT`]. An empty query finds nothing.
//!
//! Each is named in the script of the query if it can be, with its type
//! and id as container (`GPE · geonames:98182`) and the symbol kind of its
//! type (see `document_symbol.rs`). Its location is a mention in the
//! corpus, confirmed if any, else a suggestion; for an entity the corpus
//! does not mention, its line in a project lexicon file. Every symbol has a
//! range, which all clients accept. While the corpus is first indexed, only
//! the lexicon and the open documents are searched. The lexicon's names
//! are normalized for the search when first searched, off the session's
//! lock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use alama_core::text::Span;
use alama_ide::symbols::{workspace_symbols, LexiconNames, SymbolPlace};
use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::handlers::document_symbol::kind;
use crate::position::{self, Encoding};
use crate::server::Server;
use crate::session::Session;

/// The most symbols one query returns.
pub const LIMIT: usize = 200;

pub async fn handle(
    server: &Server,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    if params.query.trim().is_empty() {
        return Ok(Some(WorkspaceSymbolResponse::Nested(Vec::new())));
    }
    prepare(server).await;
    let session = server.session();
    let encoding = session.encoding();
    // The texts of closed documents, read once per request.
    let mut read: HashMap<PathBuf, Option<Rope>> = HashMap::new();
    let mut symbols = Vec::new();
    for workspace in session.workspaces() {
        let wanted = LIMIT - symbols.len();
        for found in workspace_symbols(workspace, &params.query, wanted) {
            let Some(location) = location(&session, &found.place, encoding, &mut read) else {
                continue;
            };
            symbols.push(WorkspaceSymbol {
                kind: kind(&found.ty),
                container_name: Some(found.container()),
                name: found.name,
                tags: None,
                location: OneOf::Left(location),
                data: None,
            });
        }
        if symbols.len() >= LIMIT {
            break;
        }
    }
    Ok(Some(WorkspaceSymbolResponse::Nested(symbols)))
}

/// Makes the lexicon's names of the workspaces that lack them, off the
/// session's lock: for a large lexicon that takes a while, during which
/// the documents are served. Names not made here (the thread failed) are
/// made by the search itself.
async fn prepare(server: &Server) {
    let wanted: Vec<_> = server
        .session()
        .workspaces()
        .iter()
        .filter(|w| !w.has_lexicon_names())
        .map(|w| (w.root().to_owned(), w.engine_id(), w.shared_engine()))
        .collect();
    for (root, engine_id, engine) in wanted {
        let made = tokio::task::spawn_blocking(move || LexiconNames::new(engine.lexicon())).await;
        match made {
            Ok(names) => {
                let mut session = server.session();
                let workspace = session.workspace_mut(&root);
                if let Some(workspace) = workspace.filter(|w| w.root() == root) {
                    workspace.install_lexicon_names(engine_id, names);
                }
            }
            Err(error) => tracing::warn!("the lexicon's names were not made: {error}"),
        }
    }
}

/// The location of a found entity, in the negotiated encoding: `None` when
/// its document cannot be read (gone since it was indexed, say).
pub fn location(
    session: &Session,
    place: &SymbolPlace,
    encoding: Encoding,
    read: &mut HashMap<PathBuf, Option<Rope>>,
) -> Option<Location> {
    match place {
        SymbolPlace::Mention {
            path, span, text, ..
        } => {
            let uri = Uri::from_file_path(path)?;
            // An open document's spans are in its buffer's offsets.
            let open = session.buffers().map(|(_, b)| b).find(|b| &b.path == path);
            let range = match (open, text) {
                (Some(buffer), _) => position::range(&buffer.rope, *span, encoding),
                (None, Some(text)) => {
                    position::range(&Rope::from_str(text.as_str()), *span, encoding)
                }
                (None, None) => {
                    let rope = read.entry(path.clone()).or_insert_with(|| on_disk(path));
                    position::range(rope.as_ref()?, *span, encoding)
                }
            };
            Some(Location::new(uri, range))
        }
        SymbolPlace::Lexicon {
            path,
            line,
            prefix,
            text,
        } => {
            let uri = Uri::from_file_path(path)?;
            let rope = Rope::from_str(&format!("{prefix}{text}"));
            let start = prefix.chars().count();
            let span = Span::new(start, start + text.chars().count());
            let mut range = position::range(&rope, span, encoding);
            let line = u32::try_from(*line).ok()?;
            range.start.line += line;
            range.end.line += line;
            Some(Location::new(uri, range))
        }
    }
}

/// The text of a closed document, as a rope.
fn on_disk(path: &Path) -> Option<Rope> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(Rope::from_str(&text)),
        Err(error) => {
            tracing::warn!("{}: {error}; left out of the symbols", path.display());
            None
        }
    }
}
