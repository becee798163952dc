//! Mentions as diagnostics: one per mention, `source` "alama", `code` the
//! entity type. They carry no `data`: code actions are derived from the
//! range, and a megabyte of text has some twelve thousand mentions, all
//! serialized again on every change.

use alama_core::engine::Status;
use alama_ide::hover::message;
use alama_ide::workspace::Workspace;
use tower_lsp_server::ls_types::{Diagnostic, NumberOrString};

use crate::position::{Encoding, Positions};
use crate::session::Buffer;
use crate::settings::Settings;

pub fn of_document(
    workspace: &Workspace,
    buffer: &Buffer,
    settings: &Settings,
    encoding: Encoding,
) -> Vec<Diagnostic> {
    let Some((text, mentions)) = workspace.open_document(&buffer.path) else {
        return Vec::new();
    };
    let mut positions = Positions::new(&buffer.rope, encoding);
    mentions
        .iter()
        .map(|m| {
            let surface = text.slice(m.span).unwrap_or_default();
            let severity = match m.status {
                Status::Suggested => settings.suggestion_severity,
                Status::Confirmed => settings.confirmed_severity,
            };
            Diagnostic {
                range: positions.range(m.span),
                severity: Some(severity.to_lsp()),
                code: Some(NumberOrString::String(m.ty.clone())),
                source: Some("alama".to_owned()),
                message: message(workspace, m, surface),
                ..Diagnostic::default()
            }
        })
        .collect()
}
