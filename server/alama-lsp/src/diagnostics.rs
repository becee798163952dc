//! Mentions as diagnostics: one per mention, `source` "alama", `code` the
//! entity type. They carry no `data`: code actions are derived from the
//! range. A megabyte of text has some twelve thousand mentions, all sent
//! again on every change, so they are serialized here one by one from
//! borrowed parts, without `ls_types::Diagnostic` values or a
//! `serde_json::Value` tree.

use alama_core::engine::Status;
use alama_ide::hover::Messages;
use alama_ide::workspace::Workspace;
use serde::Serialize;
use tower_lsp_server::ls_types::{DiagnosticSeverity, Range, Uri};

use crate::position::{Encoding, Positions};
use crate::session::Buffer;
use crate::settings::Settings;

/// The serialized params of a `textDocument/publishDiagnostics`.
pub struct Publication {
    pub params: Vec<u8>,
    /// How many diagnostics it holds.
    pub len: usize,
}

/// The fields of `ls_types::Diagnostic` that Alama sets.
#[derive(Serialize)]
struct Diagnostic<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'a str,
    source: &'static str,
    message: &'a str,
}

/// No diagnostics: what a closed document, or one outside the corpus, gets.
pub fn none(uri: &Uri, version: Option<i32>) -> Publication {
    let mut params = start(uri, version, 0);
    params.extend_from_slice(b"]}");
    Publication { params, len: 0 }
}

pub fn of_document(
    workspace: &Workspace,
    uri: &Uri,
    buffer: &Buffer,
    settings: &Settings,
    encoding: Encoding,
) -> Publication {
    let Some((text, mentions)) = workspace.open_document(&buffer.path) else {
        return none(uri, Some(buffer.version));
    };
    let mut params = start(uri, Some(buffer.version), mentions.len());
    let mut positions = Positions::new(&buffer.rope, encoding);
    let mut messages = Messages::new(workspace);
    for (index, m) in mentions.iter().enumerate() {
        if index > 0 {
            params.push(b',');
        }
        let severity = match m.status {
            Status::Suggested => settings.suggestion_severity,
            Status::Confirmed => settings.confirmed_severity,
        };
        let diagnostic = Diagnostic {
            range: positions.range(m.span),
            severity: severity.to_lsp(),
            code: &m.ty,
            source: "alama",
            message: messages.of(m, text.slice(m.span).unwrap_or_default()),
        };
        write(&mut params, &diagnostic);
    }
    params.extend_from_slice(b"]}");
    Publication {
        params,
        len: mentions.len(),
    }
}

/// The params up to the opening bracket of the diagnostics.
fn start(uri: &Uri, version: Option<i32>, diagnostics: usize) -> Vec<u8> {
    // A diagnostic takes some 250 bytes.
    let mut params = Vec::with_capacity(256 + diagnostics * 256);
    params.extend_from_slice(b"{\"uri\":");
    write(&mut params, uri);
    if let Some(version) = version {
        params.extend_from_slice(b",\"version\":");
        write(&mut params, &version);
    }
    params.extend_from_slice(b",\"diagnostics\":[");
    params
}

fn write(buffer: &mut Vec<u8>, value: &impl Serialize) {
    // Writing to memory cannot fail, and these types have no map with
    // non-string keys, the one thing serde_json refuses.
    serde_json::to_writer(buffer, value).expect("diagnostics serialize to JSON");
}
