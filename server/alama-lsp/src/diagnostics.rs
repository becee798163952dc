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
use std::path::Path;
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
    /// The state of an open document, at `version` with the text `rope`, in
    /// `workspace` (whose open document it may not be).
    pub fn new(
        workspace: &Workspace,
        uri: &Uri,
        (version, rope, path): (i32, Rope, &Path),
        settings: &Settings,
        encoding: Encoding,
    ) -> Snapshot {
        Snapshot {
            uri: uri.clone(),
            version,
            rope,
            document: workspace.shared_document(path),
            findings: workspace.findings(path),
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
mod tests;
