//! Rejected suggestions: a sidecar file of the project, never the `.ann`.
//!
//! `.alama/rejections.tsv` holds one rejected suggestion per line:
//!
//! ```text
//! # path<TAB>start<TAB>end<TAB>type<TAB>entity<TAB>text
//! news/a.txt<TAB>12<TAB>17<TAB>GPE<TAB>geonames:98182<TAB>بغداد
//! ```
//!
//! `path` is the document relative to the project root with `/` separators,
//! offsets are code points (end exclusive), `entity` is empty when the
//! suggestion had none. A backslash, tab, line feed or carriage return in a
//! field is written `\\`, `\t`, `\n` or `\r`, so that every rejection is one
//! line and is read back exactly; any other backslash is read as itself, so
//! files written before fields were escaped still read. A rejected span is
//! never suggested again while its text is unchanged.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::reanchor::{reanchor as place, Anchor};
use crate::text::{Edit, Span, Text};
use crate::DataError;

/// The file's header line.
const HEADER: &str = "# path\tstart\tend\ttype\tentity\ttext";

/// One rejected suggestion of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub span: Span,
    pub ty: String,
    pub entity: Option<String>,
    pub text: String,
}

impl Rejection {
    /// Whether the rejection still applies to `text`: its span holds the
    /// same characters.
    pub fn holds_in(&self, text: &Text) -> bool {
        text.slice(self.span) == Some(self.text.as_str())
    }
}

/// The spans of a document's rejections, which hide the suggestions made
/// at them whatever their type (the editor and `alama tag` alike).
#[derive(Debug, Clone, Default)]
pub struct RejectedSpans(Vec<Span>);

impl RejectedSpans {
    pub fn new<'r>(rejections: impl IntoIterator<Item = &'r Rejection>) -> RejectedSpans {
        let mut spans: Vec<Span> = rejections.into_iter().map(|r| r.span).collect();
        spans.sort_unstable();
        RejectedSpans(spans)
    }

    /// Whether a suggestion at `span` is hidden.
    pub fn hides(&self, span: Span) -> bool {
        self.0.binary_search(&span).is_ok()
    }
}

/// Moves rejections after `edit`; those whose characters it changed are
/// dropped.
pub fn apply_edit(rejections: &mut Vec<Rejection>, edit: &Edit) {
    rejections.retain_mut(|r| match edit.map(r.span) {
        Some(span) => {
            r.span = span;
            true
        }
        None => false,
    });
}

/// Moves the rejections whose text is no longer at their span to an
/// occurrence of it, as annotations are (see [`crate::reanchor`]); those
/// whose text occurs nowhere are left as they are.
pub fn reanchor(rejections: &mut [Rejection], text: &Text) {
    let anchors: Vec<Anchor> = rejections
        .iter()
        .map(|r| Anchor {
            span: r.span,
            text: &r.text,
            kind: &r.ty,
        })
        .collect();
    let places = place(text, &anchors);
    for (rejection, span) in rejections.iter_mut().zip(places) {
        if let Some(span) = span {
            rejection.span = span;
        }
    }
}

/// Three-way merge of one document's rejections: `theirs` (another
/// writer's) without those `ours` removed from `base` and with those it
/// added. A rejection made by both is kept once.
pub fn merge(base: &[Rejection], ours: &[Rejection], theirs: &[Rejection]) -> Vec<Rejection> {
    let mut merged: Vec<Rejection> = Vec::with_capacity(theirs.len() + ours.len());
    let removed = |r: &Rejection| base.contains(r) && !ours.contains(r);
    let added = ours.iter().filter(|r| !base.contains(r));
    for r in theirs.iter().filter(|r| !removed(r)).chain(added) {
        if !merged.contains(r) {
            merged.push(r.clone());
        }
    }
    merged
}

/// The rejections of a project, by document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejections {
    by_document: BTreeMap<String, Vec<Rejection>>,
}

impl Rejections {
    /// Parses the content of `file`; malformed lines are reported and skipped.
    pub fn parse(file: &str, content: &str) -> (Rejections, Vec<DataError>) {
        let mut rejections = Rejections::default();
        let mut errors = Vec::new();
        for (number, line) in content.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Some((path, rejection)) => rejections
                    .by_document
                    .entry(path.into_owned())
                    .or_default()
                    .push(rejection),
                None => errors.push(DataError {
                    file: file.to_owned(),
                    line: number + 1,
                    message: "expected path, start, end, type, entity and text separated by tabs"
                        .to_owned(),
                }),
            }
        }
        (rejections, errors)
    }

    pub fn of(&self, document: &str) -> &[Rejection] {
        self.by_document.get(document).map_or(&[], Vec::as_slice)
    }

    /// Replaces the rejections of `document`.
    pub fn set(&mut self, document: &str, rejections: Vec<Rejection>) {
        if rejections.is_empty() {
            self.by_document.remove(document);
        } else {
            self.by_document.insert(document.to_owned(), rejections);
        }
    }

    /// The file's content, documents in order, spans in order.
    pub fn render(&self) -> String {
        let mut out = format!("{HEADER}\n");
        for (path, rejections) in &self.by_document {
            let mut sorted: Vec<&Rejection> = rejections.iter().collect();
            sorted.sort_by_key(|r| r.span);
            for r in sorted {
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    escape(path),
                    r.span.start,
                    r.span.end,
                    escape(&r.ty),
                    escape(r.entity.as_deref().unwrap_or("")),
                    escape(&r.text),
                ));
            }
        }
        out
    }
}

fn parse_line(line: &str) -> Option<(Cow<'_, str>, Rejection)> {
    let mut fields = line.splitn(6, '\t');
    let path = fields.next().filter(|p| !p.is_empty())?;
    let start = fields.next()?.parse().ok()?;
    let end = fields.next()?.parse().ok()?;
    let ty = fields.next().filter(|t| !t.is_empty())?;
    let entity = fields.next()?;
    let text = fields.next()?;
    (start <= end).then(|| {
        let rejection = Rejection {
            span: Span::new(start, end),
            ty: unescape(ty).into_owned(),
            entity: (!entity.is_empty()).then(|| unescape(entity).into_owned()),
            text: unescape(text).into_owned(),
        };
        (unescape(path), rejection)
    })
}

/// A field as written: backslash, tab, line feed and carriage return
/// escaped.
fn escape(field: &str) -> Cow<'_, str> {
    if !field.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(field);
    }
    let mut escaped = String::with_capacity(field.len() + 2);
    for c in field.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\t' => escaped.push_str("\\t"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// A field as read: the escapes of [`escape`] undone; any other backslash
/// is itself.
fn unescape(field: &str) -> Cow<'_, str> {
    if !field.contains('\\') {
        return Cow::Borrowed(field);
    }
    let mut unescaped = String::with_capacity(field.len());
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = match (c, chars.peek()) {
            ('\\', Some('\\')) => '\\',
            ('\\', Some('t')) => '\t',
            ('\\', Some('n')) => '\n',
            ('\\', Some('r')) => '\r',
            _ => {
                unescaped.push(c);
                continue;
            }
        };
        chars.next();
        unescaped.push(escaped);
    }
    Cow::Owned(unescaped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn round_trip_and_bad_lines() {
        let content = "# comment\na/b.txt\t4\t9\tGPE\tgeonames:98182\tبغداد\nbad line\na/b.txt\t0\t3\tPER\t\tقال\nc.txt\t9\t2\tGPE\t\tx\n";
        let (rejections, errors) = Rejections::parse("rejections.tsv", content);
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "rejections.tsv:3: expected path, start, end, type, entity and text separated by tabs",
                "rejections.tsv:5: expected path, start, end, type, entity and text separated by tabs"
            ]
        );
        assert_eq!(rejections.of("a/b.txt").len(), 2);
        assert_eq!(rejections.of("a/b.txt")[1].entity, None);
        expect![[r#"
            # path	start	end	type	entity	text
            a/b.txt	0	3	PER		قال
            a/b.txt	4	9	GPE	geonames:98182	بغداد
        "#]]
        .assert_eq(&rejections.render());
    }

    fn rejection(start: usize, text: &str) -> Rejection {
        Rejection {
            span: Span::new(start, start + text.chars().count()),
            ty: "GPE".to_owned(),
            entity: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn merging_keeps_both_writers_rejections_and_ours_removals() {
        let (a, b, c, d) = (
            rejection(0, "a"),
            rejection(2, "b"),
            rejection(4, "c"),
            rejection(6, "d"),
        );
        let base = [a.clone(), b.clone()];
        // Ours removed a and added c; theirs added d and c.
        let ours = [b.clone(), c.clone()];
        let theirs = [a, b.clone(), d.clone(), c.clone()];
        assert_eq!(merge(&base, &ours, &theirs), [b, d, c]);
    }

    #[test]
    fn rejections_move_with_text_another_program_inserted() {
        let mut rejections = [rejection(3, "بغداد"), rejection(0, "واشنطن")];
        let text = Text::new("عاجل: في بغداد".to_owned());
        reanchor(&mut rejections, &text);
        assert_eq!(rejections[0].span, Span::new(9, 14));
        assert_eq!(rejections[1].span, Span::new(0, 6), "kept where it was");
    }

    #[test]
    fn rejections_follow_edits_and_check_their_text() {
        let text = Text::new("😀 في بغداد".to_owned());
        let mut rejections = vec![Rejection {
            span: Span::new(5, 10),
            ty: "GPE".to_owned(),
            entity: None,
            text: "بغداد".to_owned(),
        }];
        assert!(rejections[0].holds_in(&text));
        apply_edit(
            &mut rejections,
            &Edit {
                old: Span::new(0, 1),
                new_len: 0,
            },
        );
        assert_eq!(rejections[0].span, Span::new(4, 9));
        assert!(!rejections[0].holds_in(&text));
        apply_edit(
            &mut rejections,
            &Edit {
                old: Span::new(5, 6),
                new_len: 0,
            },
        );
        assert!(rejections.is_empty());
    }

    #[test]
    fn every_field_reads_back_exactly() {
        let names = [
            "a\tb.txt",
            "news/line\nbreak.txt",
            "back\\slash\\n.txt",
            "أخبار/بغداد.txt",
            "😀 emoji\r.txt",
            "trailing\\",
        ];
        let mut rejections = Rejections::default();
        for (i, name) in names.iter().enumerate() {
            rejections.set(
                name,
                vec![Rejection {
                    span: Span::new(i, i + 5),
                    ty: "G\\PE".to_owned(),
                    entity: Some(format!("wikidata:Q{i}\\t")),
                    text: format!("بغداد\t{name}\n\\"),
                }],
            );
        }
        let content = rejections.render();
        assert_eq!(content.lines().count(), names.len() + 1, "{content}");
        let (read, errors) = Rejections::parse("rejections.tsv", &content);
        assert_eq!(errors, []);
        assert_eq!(read, rejections);
        assert_eq!(read.render(), content);
    }

    #[test]
    fn files_written_before_escapes_still_read() {
        // Backslashes that start no escape, as an older version wrote them.
        let content =
            "# path\tstart\tend\ttype\tentity\ttext\nC:\\x\\y.txt\t0\t5\tGPE\t\tبغداد\\\n";
        let (read, errors) = Rejections::parse("rejections.tsv", content);
        assert_eq!(errors, []);
        assert_eq!(read.of("C:\\x\\y.txt")[0].text, "بغداد\\");
        // Written again, they are escaped, and read back the same.
        let (again, _) = Rejections::parse("rejections.tsv", &read.render());
        assert_eq!(again, read);
    }
}
