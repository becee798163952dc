//! `textDocument/documentSymbol`: the outline of an open document, its
//! entities grouped by type (see `alama_ide::symbols::document_symbols`).
//!
//! A client that can show a hierarchy gets one symbol per type present,
//! named by the type, with the number of entities and mentions as detail,
//! and the type's entities as children: named as first written, with their
//! counts of confirmed mentions and suggestions and their id as detail, at
//! their first mention. Another client gets the entities alone, each with
//! its type as container. A document that is not open, or not of the
//! corpus, has no symbols.
//!
//! Entity types are shown with these symbol kinds, for their icons:
//!
//! | type | kind |
//! | --- | --- |
//! | PER | Object |
//! | ORG | Struct |
//! | GPE, LOC, FAC | Namespace |
//! | NORP | EnumMember |
//! | EVENT, DATE, TIME | Event |
//! | MONEY, PERCENT, QUANTITY, CARDINAL, ORDINAL | Number |
//! | any other | Key |

use alama_ide::symbols::{document_symbols, TypeSymbols};
use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::position::{self, Encoding};
use crate::server::Server;

/// The symbol kind of an entity type (see the table above).
pub fn kind(ty: &str) -> SymbolKind {
    match ty {
        "PER" => SymbolKind::OBJECT,
        "ORG" => SymbolKind::STRUCT,
        "GPE" | "LOC" | "FAC" => SymbolKind::NAMESPACE,
        "NORP" => SymbolKind::ENUM_MEMBER,
        "EVENT" | "DATE" | "TIME" => SymbolKind::EVENT,
        "MONEY" | "PERCENT" | "QUANTITY" | "CARDINAL" | "ORDINAL" => SymbolKind::NUMBER,
        _ => SymbolKind::KEY,
    }
}

pub async fn handle(
    server: &Server,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let session = server.session();
    let hierarchical = session.support().hierarchical_document_symbols;
    let empty = if hierarchical {
        DocumentSymbolResponse::Nested(Vec::new())
    } else {
        DocumentSymbolResponse::Flat(Vec::new())
    };
    let uri = params.text_document.uri;
    let Some(buffer) = session.buffer(&uri) else {
        return Ok(Some(empty));
    };
    let Some(workspace) = session.workspace(&buffer.path) else {
        return Ok(Some(empty));
    };
    let types = document_symbols(workspace, &buffer.path);
    let encoding = session.encoding();
    let response = if hierarchical {
        let symbols = types
            .iter()
            .filter_map(|group| nested(group, &buffer.rope, encoding))
            .collect();
        DocumentSymbolResponse::Nested(symbols)
    } else {
        DocumentSymbolResponse::Flat(flat(&types, &uri, &buffer.rope, encoding))
    };
    Ok(Some(response))
}

/// A type's symbol, its entities as children. Its range reaches from its
/// first entity's first mention to the end of the last one's.
#[allow(deprecated)]
fn nested(group: &TypeSymbols, rope: &Rope, encoding: Encoding) -> Option<DocumentSymbol> {
    let kind = kind(&group.ty);
    let children: Vec<DocumentSymbol> = group
        .entities
        .iter()
        .map(|entity| {
            let range = position::range(rope, entity.span, encoding);
            DocumentSymbol {
                name: entity.name.clone(),
                detail: Some(entity.detail()),
                kind,
                tags: None,
                deprecated: None,
                range,
                selection_range: range,
                children: None,
            }
        })
        .collect();
    let first = children.first()?.range;
    let end = children.iter().map(|c| c.range.end).max()?;
    Some(DocumentSymbol {
        name: group.ty.clone(),
        detail: Some(group.detail()),
        kind,
        tags: None,
        deprecated: None,
        range: Range::new(first.start, end),
        selection_range: first,
        children: Some(children),
    })
}

/// The entities alone, each with its type as container.
#[allow(deprecated)]
fn flat(
    types: &[TypeSymbols],
    uri: &Uri,
    rope: &Rope,
    encoding: Encoding,
) -> Vec<SymbolInformation> {
    let mut symbols = Vec::new();
    for group in types {
        for entity in &group.entities {
            symbols.push(SymbolInformation {
                name: entity.name.clone(),
                kind: kind(&group.ty),
                tags: None,
                deprecated: None,
                location: Location::new(uri.clone(), position::range(rope, entity.span, encoding)),
                container_name: Some(group.ty.clone()),
            });
        }
    }
    symbols
}
