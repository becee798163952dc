use std::fs;
use std::path::PathBuf;

use alama_core::text::Edit;
use alama_ide::workspace::DocumentFilter;
use expect_test::expect;
use tower_lsp_server::ls_types::PublishDiagnosticsParams;

use super::*;
use crate::session::Buffer;

/// An emoji counts twice in UTF-16; a CRLF ends one line.
const TEXT: &str = "😀 بغداد\r\nPresident Joe Biden in Baghdad and بغداد.\n";

/// A workspace whose lexicon knows Baghdad, with `a.txt` holding `text`
/// open.
fn open(text: &str) -> (tempfile::TempDir, Workspace, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::create_dir(root.join(".alama")).unwrap();
    fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
    let lexicon =
        r#"{"id": "geonames:98182", "type": "GPE", "names": {"ar": "بغداد", "en": "Baghdad"}}"#;
    fs::write(root.join(".alama/lexicon.jsonl"), lexicon).unwrap();
    let path = root.join("a.txt");
    fs::write(&path, text).unwrap();
    let (mut workspace, _) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
    workspace.open(&path, text.to_owned()).unwrap();
    (dir, workspace, path)
}

fn uri() -> Uri {
    "file:///a.txt".parse().unwrap()
}

#[test]
fn diagnostics_are_the_json_of_ls_types() {
    let (_dir, workspace, path) = open(TEXT);
    let mut buffer = Buffer::new(TEXT, 3, path);
    let uri = uri();
    let publication = of_document(
        &workspace,
        &uri,
        &mut buffer,
        &Settings::default(),
        Encoding::Utf16,
    );

    let params: PublishDiagnosticsParams = serde_json::from_slice(&publication.params()).unwrap();
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
        0:3-0:8 Hint "GPE" alama GPE · بغداد (Baghdad) — lexicon
        1:10-1:19 Hint "PER" alama PER · Joe Biden — trigger pattern
        1:23-1:30 Hint "GPE" alama GPE · Baghdad (بغداد) — lexicon
        1:35-1:40 Hint "GPE" alama GPE · بغداد (Baghdad) — lexicon"#]]
    .assert_eq(&diagnostics.join("\n"));
}

/// Publishes `a.txt` after each edit `(from, to, inserted)` (code points)
/// and checks that the diagnostics kept from the last publication are
/// those a buffer without one gets; with every other publication still
/// being sent (and its body shared) when the next is written.
fn check_edits(edits: &[(usize, usize, &str)], settings: &[Settings]) {
    let (_dir, mut workspace, path) = open(TEXT);
    let mut buffer = Buffer::new(TEXT, 1, path.clone());
    let mut sending = None;
    let mut publish = |workspace: &Workspace, buffer: &mut Buffer, settings: &Settings| {
        let publication = of_document(workspace, &uri(), buffer, settings, Encoding::Utf16);
        let params = publication.params();
        sending = sending.is_none().then_some(publication);
        params
    };
    publish(&workspace, &mut buffer, &settings[0]);
    for (step, &(from, to, inserted)) in edits.iter().enumerate() {
        buffer.rope.remove(from..to);
        buffer.rope.insert(from, inserted);
        if let Some(written) = buffer.published.as_mut() {
            written.edited_from(from);
        }
        buffer.version += 1;
        let edit = Edit {
            old: alama_core::text::Span::new(from, to),
            new_len: inserted.chars().count(),
        };
        workspace
            .edit(&path, &[edit], |text| buffer.write_text(text))
            .unwrap();
        let settings = &settings[(step + 1).min(settings.len() - 1)];
        let copied = publish(&workspace, &mut buffer, settings);
        let mut fresh = Buffer::new(&buffer.rope.to_string(), buffer.version, path.clone());
        let written = of_document(&workspace, &uri(), &mut fresh, settings, Encoding::Utf16);
        let written = written.params();
        assert_eq!(
            String::from_utf8_lossy(&copied),
            String::from_utf8_lossy(&written),
            "after edit {step}"
        );
    }
}

#[test]
fn diagnostics_before_an_edit_are_copied_as_they_would_be_written() {
    let default = Settings::default();
    // A line break for the space before a mention, which moves it and
    // those after it to a new line, but not in the text; in the second
    // line, between the mentions; at its start; typing after the last
    // mention; then the first line, before everything.
    let edits = [
        (31, 32, "\n"),
        (31, 31, "x"),
        (9, 9, "\n"),
        (49, 49, "ب"),
        (0, 2, ""),
    ];
    check_edits(&edits, &[default]);
}

#[test]
fn a_new_engine_writes_every_diagnostic_again() {
    let (dir, workspace, path) = open(TEXT);
    let mut buffer = Buffer::new(TEXT, 1, path.clone());
    let settings = Settings::default();
    of_document(&workspace, &uri(), &mut buffer, &settings, Encoding::Utf16);
    // The folder is indexed again after its lexicon renamed Baghdad.
    let root = dir.path().canonicalize().unwrap();
    let lexicon =
        r#"{"id": "geonames:98182", "type": "GPE", "names": {"ar": "بغداد", "en": "Bagdad"}}"#;
    fs::write(root.join(".alama/lexicon.jsonl"), lexicon).unwrap();
    let (mut reindexed, _) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
    reindexed.open(&path, TEXT.to_owned()).unwrap();
    let publication = of_document(&reindexed, &uri(), &mut buffer, &settings, Encoding::Utf16);
    let params = String::from_utf8(publication.params()).unwrap();
    assert!(!params.contains("Baghdad)"), "{params}");
    assert!(params.contains("بغداد (Bagdad)"), "{params}");
}

#[test]
fn new_settings_write_every_diagnostic_again() {
    let information = Settings {
        suggestion_severity: Severity::Information,
        ..Settings::default()
    };
    check_edits(&[(40, 40, "x")], &[Settings::default(), information]);
}

/// The diagnostics of an open buffer, which keeps them for the next time.
fn of_document(
    workspace: &Workspace,
    uri: &Uri,
    buffer: &mut Buffer,
    settings: &Settings,
    encoding: Encoding,
) -> Publication {
    let snapshot = buffer.snapshot(workspace, uri, settings, encoding);
    let (publication, written) = snapshot.write(buffer.published.take());
    buffer.published = written;
    publication
}
