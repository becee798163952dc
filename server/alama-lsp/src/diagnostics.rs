//! Mentions as diagnostics: one per mention, `source` "alama", `code` the
//! entity type. They carry no `data`: code actions are derived from the
//! range. A megabyte of text has some twelve thousand mentions, all sent
//! again on every change, so they are written here as JSON one by one,
//! without `ls_types::Diagnostic` values or a `serde_json::Value` tree; all
//! that follows the range is shared by the mentions of an entity and
//! written once.

use alama_core::engine::Status;
use alama_ide::hover::Messages;
use alama_ide::workspace::Workspace;

use serde::Serialize;
use tower_lsp_server::ls_types::{Range, Uri};

use crate::position::{Encoding, Positions};
use crate::session::Buffer;
use crate::settings::{Settings, Severity};

/// The serialized params of a `textDocument/publishDiagnostics`.
pub struct Publication {
    pub params: Vec<u8>,
    /// How many diagnostics it holds.
    pub len: usize,
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
    let mut tails = Messages::new(workspace);
    for (index, m) in mentions.iter().enumerate() {
        if index > 0 {
            params.push(b',');
        }
        let Range { start, end } = positions.range(m.span);
        // Numbers through `itoa`: `write!` took a fifth of the time here.
        let mut number = itoa::Buffer::new();
        params.extend_from_slice(br#"{"range":{"start":{"line":"#);
        params.extend_from_slice(number.format(start.line).as_bytes());
        params.extend_from_slice(br#","character":"#);
        params.extend_from_slice(number.format(start.character).as_bytes());
        params.extend_from_slice(br#"},"end":{"line":"#);
        params.extend_from_slice(number.format(end.line).as_bytes());
        params.extend_from_slice(br#","character":"#);
        params.extend_from_slice(number.format(end.character).as_bytes());
        params.extend_from_slice(b"}}");
        let surface = text.slice(m.span).unwrap_or_default();
        let severity = match m.status {
            Status::Suggested => settings.suggestion_severity,
            Status::Confirmed => settings.confirmed_severity,
        };
        params.extend_from_slice(tails.of(m, surface, |message| tail(severity, &m.ty, message)));
    }
    params.extend_from_slice(b"]}");
    Publication {
        params,
        len: mentions.len(),
    }
}

/// A diagnostic after its range: what the mentions of one entity share.
fn tail(severity: Severity, code: &str, message: &str) -> Vec<u8> {
    let mut tail = b",\"severity\":".to_vec();
    write(&mut tail, &severity.to_lsp());
    tail.extend_from_slice(b",\"code\":");
    write(&mut tail, code);
    tail.extend_from_slice(b",\"source\":\"alama\",\"message\":");
    write(&mut tail, message);
    tail.push(b'}');
    tail
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

fn write(buffer: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    // Writing to memory cannot fail, and these types have no map with
    // non-string keys, the one thing serde_json refuses.
    serde_json::to_writer(buffer, value).expect("diagnostics serialize to JSON");
}

#[cfg(test)]
mod tests {
    use std::fs;

    use alama_ide::workspace::DocumentFilter;
    use expect_test::expect;
    use ropey::Rope;
    use tower_lsp_server::ls_types::PublishDiagnosticsParams;

    use super::*;

    #[test]
    fn diagnostics_are_the_json_of_ls_types() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir(root.join(".alama")).unwrap();
        fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
        let lexicon =
            r#"{"id": "geonames:98182", "type": "GPE", "names": {"ar": "بغداد", "en": "Baghdad"}}"#;
        fs::write(root.join(".alama/lexicon.jsonl"), lexicon).unwrap();
        // An emoji counts twice in UTF-16; a CRLF ends one line.
        let text = "😀 بغداد\r\nPresident Joe Biden in Baghdad and بغداد.\n";
        let path = root.join("a.txt");
        fs::write(&path, text).unwrap();
        let (mut workspace, _) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
        workspace.open(&path, text.to_owned()).unwrap();
        let buffer = Buffer {
            rope: Rope::from_str(text),
            version: 3,
            path,
        };
        let uri: Uri = "file:///a.txt".parse().unwrap();
        let publication = of_document(
            &workspace,
            &uri,
            &buffer,
            &Settings::default(),
            Encoding::Utf16,
        );

        let params: PublishDiagnosticsParams = serde_json::from_slice(&publication.params).unwrap();
        assert_eq!(
            (params.uri, params.version, publication.len),
            (uri, Some(3), params.diagnostics.len())
        );
        let diagnostics: Vec<String> = params
            .diagnostics
            .iter()
            .map(|d| {
                let severity = d.severity.map(|s| format!("{s:?}")).unwrap_or_default();
                let code = serde_json::to_string(&d.code).unwrap();
                let source = d.source.as_deref().unwrap_or_default();
                let (start, end) = (d.range.start, d.range.end);
                format!(
                    "{}:{}-{}:{} {severity} {code} {source} {}",
                    start.line, start.character, end.line, end.character, d.message
                )
            })
            .collect();
        expect![[r#"
            0:3-0:8 Information "GPE" alama GPE · بغداد (Baghdad) — lexicon
            1:10-1:19 Information "PER" alama PER · Joe Biden — trigger pattern
            1:23-1:30 Information "GPE" alama GPE · Baghdad (بغداد) — lexicon
            1:35-1:40 Information "GPE" alama GPE · بغداد (Baghdad) — lexicon"#]]
        .assert_eq(&diagnostics.join("\n"));
    }
}
