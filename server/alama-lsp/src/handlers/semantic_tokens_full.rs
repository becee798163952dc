//! `textDocument/semanticTokens/full`: confirmed annotations as tokens of
//! their entity type, so that editors colour them (the VS Code extension
//! contributes a colour per type).

use alama_core::engine::Status;
use alama_core::project::DEFAULT_TYPES;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::position::Positions;
use crate::server::Server;

/// The token type of an entity type: `alamaPer`, `alamaGpe`…
fn token_type(ty: &str) -> String {
    let mut name = String::from("alama");
    let mut letters = ty.chars();
    name.extend(letters.next().map(|c| c.to_ascii_uppercase()));
    name.extend(letters.map(|c| c.to_ascii_lowercase()));
    name
}

/// The legend: one token type per default entity type. A project's other
/// types get no token (the legend is fixed before projects are read).
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: DEFAULT_TYPES
            .iter()
            .map(|ty| SemanticTokenType::from(token_type(ty)))
            .collect(),
        token_modifiers: Vec::new(),
    }
}

pub async fn handle(
    server: &Server,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let session = server.session();
    let Some((buffer, _, mentions)) = session.open_document(&params.text_document.uri) else {
        return Ok(None);
    };
    let mut positions = Positions::new(&buffer.rope, session.encoding());
    let mut data = Vec::new();
    let mut previous = Position::new(0, 0);
    for mention in mentions.iter().filter(|m| m.status == Status::Confirmed) {
        let Some(index) = DEFAULT_TYPES.iter().position(|ty| *ty == &*mention.ty) else {
            continue;
        };
        let range = positions.range(mention.span);
        // A token cannot cross a line break.
        if range.start.line != range.end.line {
            continue;
        }
        let delta_line = range.start.line - previous.line;
        let delta_start = if delta_line == 0 {
            range.start.character - previous.character
        } else {
            range.start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: range.end.character - range.start.character,
            token_type: index as u32,
            token_modifiers_bitset: 0,
        });
        previous = range.start;
    }
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_types_are_named_after_entity_types() {
        let names: Vec<String> = legend()
            .token_types
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect();
        assert_eq!(names[..3], ["alamaPer", "alamaOrg", "alamaGpe"]);
        assert_eq!(names.last().map(String::as_str), Some("alamaCardinal"));
    }
}
