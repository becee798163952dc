//! Mentions as diagnostics: one per mention, `source` "alama", `code` the
//! entity type. They carry no `data`: code actions are derived from the
//! range. A megabyte of text has some twelve thousand mentions, all sent
//! again on every change, so they are written here as JSON one by one,
//! without `ls_types::Diagnostic` values or a `serde_json::Value` tree; all
//! that follows the range is shared by the mentions of an entity and
//! written once. After an edit, the diagnostics before it are kept from
//! the buffer's last publication (in place, unless it is still being sent).
//! They are written from a [`Snapshot`], off the session's lock.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use alama_core::check::{Finding, Severity as CheckSeverity};
use alama_core::engine::{Engine, Mention, Status};
use alama_core::text::Text;
use alama_ide::hover::Messages;
use alama_ide::workspace::Workspace;
use ropey::Rope;
use serde::Serialize;
use tower_lsp_server::ls_types::{DiagnosticSeverity, Range, Uri};

use crate::position::{Encoding, Positions};
use crate::session::Buffer;
use crate::settings::{Settings, Severity};

/// The serialized params of a `textDocument/publishDiagnostics`: `head`
/// up to the opening bracket of the diagnostics, then `body`, the
/// diagnostics and the closing brackets.
pub struct Publication {
    pub head: Vec<u8>,
    pub body: Arc<Vec<u8>>,
    /// How many diagnostics it holds.
    pub len: usize,
}

impl Publication {
    /// The params whole.
    #[cfg(test)]
    pub fn params(&self) -> Vec<u8> {
        [&self.head[..], &self.body[..]].concat()
    }
}

/// A buffer's last publication, from which the next one keeps the
/// diagnostics that cannot have changed: those of the same mentions, before
/// the first character edited since, written with the same settings and
/// lexicon.
pub struct Written {
    body: Arc<Vec<u8>>,
    /// A fingerprint of each mention (see [`fingerprint`]), rather than the
    /// mentions, which edits then change in place.
    mentions: Vec<u64>,
    /// Where each mention's diagnostic ends in `body`.
    ends: Vec<usize>,
    stamp: Stamp,
    /// The code points before which the text is still what these
    /// diagnostics were written for.
    unchanged_before: usize,
}

impl Written {
    /// Notes an edit of the text from code point `start` on.
    pub fn edited_from(&mut self, start: usize) {
        self.unchanged_before = self.unchanged_before.min(start);
    }
}

/// What a diagnostic depends on besides its mention and the text up to it.
#[derive(Clone, Copy, PartialEq)]
struct Stamp {
    encoding: Encoding,
    suggestion_severity: Severity,
    confirmed_severity: Severity,
    /// The lexicon's names are in the messages.
    engine_id: u64,
}

/// No diagnostics: what a closed document, or one outside the corpus, gets.
pub fn none(uri: &Uri, version: Option<i32>) -> Publication {
    Publication {
        head: head(uri, version),
        body: Arc::new(b"]}".to_vec()),
        len: 0,
    }
}

/// What the diagnostics of an open buffer are written from, taken under the
/// session's lock and written without it.
pub struct Snapshot {
    uri: Uri,
    version: i32,
    rope: Rope,
    /// The document's text and mentions; `None` for a document no
    /// workspace has open, which has no diagnostics.
    document: Option<(Arc<Text>, Arc<Vec<Mention>>)>,
    /// The quality findings of its annotations, after its mentions.
    findings: Vec<Finding>,
    engine: Arc<Engine>,
    stamp: Stamp,
}

impl Snapshot {
    /// The state of `buffer` in `workspace` (whose open document it may
    /// not be).
    pub fn of(
        workspace: &Workspace,
        uri: &Uri,
        buffer: &Buffer,
        settings: &Settings,
        encoding: Encoding,
    ) -> Snapshot {
        Snapshot {
            uri: uri.clone(),
            version: buffer.version,
            rope: buffer.rope.clone(),
            document: workspace.shared_document(&buffer.path),
            findings: workspace.findings(&buffer.path),
            engine: workspace.shared_engine(),
            stamp: Stamp {
                encoding,
                suggestion_severity: settings.suggestion_severity,
                confirmed_severity: settings.confirmed_severity,
                engine_id: workspace.engine_id(),
            },
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    /// The length of the document's text, in bytes.
    pub fn text_len(&self) -> usize {
        self.document
            .as_ref()
            .map_or(0, |(text, _)| text.as_str().len())
    }

    /// Writes the diagnostics, keeping what it can of the `last`
    /// publication of the same buffer; returns them and what the next
    /// publication may keep.
    pub fn write(&self, last: Option<Written>) -> (Publication, Option<Written>) {
        let Some((text, mentions)) = &self.document else {
            return (none(&self.uri, Some(self.version)), None);
        };
        let stamp = self.stamp;
        let fingerprints: Vec<u64> = mentions.iter().map(fingerprint).collect();
        let mut ends = Vec::with_capacity(mentions.len());
        let mut params = Vec::new();
        // As many bytes as the last diagnostics took each, or a little more
        // than a diagnostic takes in Arabic and English news.
        let mut each = 200;
        if let Some(written) = last.filter(|w| w.stamp == stamp) {
            if let Some(&end) = written.ends.last() {
                each = end / written.ends.len() + 8;
            }
            let unchanged = mentions
                .iter()
                .zip(fingerprints.iter().zip(&written.mentions))
                .take_while(|(m, (new, old))| m.span.end <= written.unchanged_before && new == old)
                .count();
            let end = unchanged
                .checked_sub(1)
                .map_or(0, |last| written.ends[last]);
            ends.extend_from_slice(&written.ends[..unchanged]);
            // The last body itself, unless it is still being sent.
            params = match Arc::try_unwrap(written.body) {
                Ok(mut body) => {
                    body.truncate(end);
                    body
                }
                Err(body) => body[..end].to_vec(),
            };
        }
        let copied = ends.len();
        params.reserve((mentions.len() - copied) * each);
        let from = mentions.get(copied).map_or(0, |m| m.span.start);
        let mut positions = Positions::from(&self.rope, stamp.encoding, from);
        let mut tails = Messages::new(self.engine.lexicon());
        for (index, m) in mentions.iter().enumerate().skip(copied) {
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
                Status::Suggested => stamp.suggestion_severity,
                Status::Confirmed => stamp.confirmed_severity,
            };
            params
                .extend_from_slice(tails.of(m, surface, |message| tail(severity, &m.ty, message)));
            ends.push(params.len());
        }
        // The findings after the mentions: few, and written again each
        // time, as the next publication keeps only the mentions' part.
        let mut positions = Positions::from(&self.rope, stamp.encoding, 0);
        for (index, finding) in self.findings.iter().enumerate() {
            if index > 0 || !mentions.is_empty() {
                params.push(b',');
            }
            let range = positions.range(finding.span);
            params.extend_from_slice(br#"{"range":"#);
            write(&mut params, &range);
            let severity = match finding.severity {
                CheckSeverity::Error => DiagnosticSeverity::ERROR,
                CheckSeverity::Warning => DiagnosticSeverity::WARNING,
            };
            params.extend_from_slice(br#","severity":"#);
            write(&mut params, &severity);
            params.extend_from_slice(br#","code":"#);
            write(&mut params, finding.code);
            params.extend_from_slice(br#","source":"alama check","message":"#);
            write(&mut params, &finding.message);
            params.push(b'}');
        }
        params.extend_from_slice(b"]}");
        // The last diagnostics stay until the next: no room to spare.
        if params.capacity() > params.len() + params.len() / 8 {
            params.shrink_to_fit();
        }
        let body = Arc::new(params);
        let written = Written {
            body: body.clone(),
            mentions: fingerprints,
            ends,
            stamp,
            unchanged_before: usize::MAX,
        };
        let publication = Publication {
            head: head(&self.uri, Some(self.version)),
            body,
            len: mentions.len() + self.findings.len(),
        };
        (publication, Some(written))
    }
}

/// What tells a mention from any other at its place in a document's
/// mentions: SipHash of all it holds (that two differ by 2⁻⁶⁴ chance only
/// is no concern).
fn fingerprint(mention: &Mention) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    mention.span.hash(&mut hasher);
    mention.ty.hash(&mut hasher);
    mention.status.hash(&mut hasher);
    mention.source.hash(&mut hasher);
    mention.entity.hash(&mut hasher);
    mention.candidates.hash(&mut hasher);
    hasher.finish()
}

/// The diagnostics of an open buffer, which keeps them for the next time.
#[cfg(test)]
pub fn of_document(
    workspace: &Workspace,
    uri: &Uri,
    buffer: &mut Buffer,
    settings: &Settings,
    encoding: Encoding,
) -> Publication {
    let snapshot = Snapshot::of(workspace, uri, buffer, settings, encoding);
    let (publication, written) = snapshot.write(buffer.published.take());
    buffer.published = written;
    publication
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
fn head(uri: &Uri, version: Option<i32>) -> Vec<u8> {
    let mut params = Vec::with_capacity(256);
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
    use std::path::PathBuf;

    use alama_core::text::Edit;
    use alama_ide::workspace::DocumentFilter;
    use expect_test::expect;
    use tower_lsp_server::ls_types::PublishDiagnosticsParams;

    use super::*;

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

        let params: PublishDiagnosticsParams =
            serde_json::from_slice(&publication.params()).unwrap();
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
}
