//! Property tests of the parts that read what users and other programs
//! write: the `.ann` parser and writer, the lexicon loader and the matcher.
//!
//! They run under `cargo test` with proptest's bounded number of cases
//! (`PROPTEST_CASES` raises it for a longer search). A failing case is kept
//! in `tests/properties.proptest-regressions`, which is checked in and
//! replayed first on every run.

use std::sync::OnceLock;

use alama_core::brat::AnnFile;
use alama_core::engine::{Engine, Mention};
use alama_core::lexicon::LexiconFile;
use alama_core::project::Project;
use alama_core::text::{Span, Text};
use proptest::prelude::*;

/// Characters of the texts news corpora hold, and of those that break
/// naive code: Arabic letters, harakat and tatweel, Arabic-Indic digits,
/// Latin, emoji with joiners and variation selectors, bidi controls, line
/// and paragraph separators, CR, tab and the BOM.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('\u{0621}', '\u{064A}'),
        1 => prop::char::range('\u{064B}', '\u{0652}'),
        1 => Just('\u{0640}'),
        1 => prop::char::range('\u{0660}', '\u{0669}'),
        4 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        1 => prop::char::range('0', '9'),
        4 => Just(' '),
        1 => prop::sample::select(vec![
            '\n', '\r', '\t', '\u{2028}', '\u{2029}', '\u{feff}', '\u{200d}', '\u{fe0f}',
            '\u{200f}', '\u{2067}', '\u{2069}', '😀', '🇮', '🇶', '،', '؟', '.', '$', '%',
            '«', '»', '-', '#', 'ﻻ', 'é',
        ]),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(text_char(), 0..200).prop_map(|chars| chars.into_iter().collect())
}

/// Words that the embedded lexicon, triggers and rules know, so that the
/// matcher's interesting paths run.
const WORDS: &[&str] = &[
    "واشنطن",
    "والعراق",
    "بغداد",
    "للولايات المتحدة",
    "الرئيس",
    "باراك أوباما",
    "يونيو",
    "2014",
    "١١",
    "مليون",
    "دولار",
    "%",
    "Washington",
    "Baghdad",
    "President",
    "Barack Obama",
    "Ministry of",
    "June",
    "$5 million",
    "وزارة",
    "الخارجية",
    "العراقية",
    "Iraqi",
];

/// Texts made of known words and random characters.
fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_owned),
        2 => prop::collection::vec(text_char(), 0..6)
            .prop_map(|chars| chars.into_iter().collect::<String>()),
        2 => Just(" ".to_owned()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Lines an `.ann` file may hold: well-formed `T` and `N` lines (some
/// pointing at the text, some not), discontinuous spans, notes, relations,
/// attributes, empty lines and any text at all.
fn ann_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..20, "[A-Z]{2,5}", 0usize..40, 0usize..10, text()).prop_map(
            |(id, ty, start, len, reference)| format!(
                "T{id}\t{ty} {start} {}\t{reference}",
                start + len
            )
        ),
        (
            1u32..20,
            "[A-Z]{3}",
            0usize..20,
            0usize..20,
            0usize..20,
            0usize..20
        )
            .prop_map(|(id, ty, a, b, c, d)| format!("T{id}\t{ty} {a} {b};{c} {d}\tx y")),
        (1u32..20, 1u32..20, "[a-z]{2,8}:[0-9]{1,6}", text())
            .prop_map(|(id, t, entity, name)| format!("N{id}\tReference T{t} {entity}\t{name}")),
        (1u32..9, 1u32..9).prop_map(|(id, t)| format!("#{id}\tAnnotatorNotes T{t}\tnote")),
        (1u32..9, 1u32..9, 1u32..9)
            .prop_map(|(id, a, b)| format!("R{id}\tRel Arg1:T{a} Arg2:T{b}")),
        Just(String::new()),
        text(),
    ]
}

/// A whole `.ann` file: lines joined by LF, CRLF or a mix, perhaps with a
/// BOM, perhaps without a final line end.
fn ann_content() -> impl Strategy<Value = String> {
    let terminator = prop::sample::select(vec!["\n", "\r\n"]);
    (
        any::<bool>(),
        prop::collection::vec((ann_line(), terminator), 0..12),
        any::<bool>(),
    )
        .prop_map(|(bom, lines, final_newline)| {
            let mut content = if bom {
                "\u{feff}".to_owned()
            } else {
                String::new()
            };
            let count = lines.len();
            for (i, (line, terminator)) in lines.into_iter().enumerate() {
                content.push_str(&line.replace(['\n', '\r'], " "));
                if i + 1 < count || final_newline {
                    content.push_str(terminator);
                }
            }
            content
        })
}

proptest! {
    /// Whatever an `.ann` file holds, reading it and writing it back gives
    /// the same bytes: nothing Alama does not own is ever changed. The one
    /// exception is an annotation whose text moved in the document (another
    /// program edited it), which is read at its new place and reported;
    /// then only its offsets change.
    #[test]
    fn ann_files_round_trip_byte_for_byte(document in text(), content in ann_content()) {
        let text = Text::new(document);
        let (file, issues) = AnnFile::parse("doc.ann", &content, &text);
        let rendered = file.render();
        if issues.iter().any(|issue| issue.message.contains(" moved from ")) {
            prop_assert_eq!(rendered.lines().count(), content.lines().count());
        } else {
            prop_assert_eq!(rendered, content);
        }
    }

    /// An annotation added to any file is read back as written, and the
    /// lines that were there are kept.
    #[test]
    fn an_added_annotation_is_read_back(
        document in "[a-zء-ي ]{12,60}",
        content in ann_content(),
        start in 0usize..8,
        len in 1usize..5,
    ) {
        let text = Text::new(document);
        let span = Span::new(start, start + len);
        let surface = text.slice(span).unwrap().to_owned();
        let (mut file, _) = AnnFile::parse("doc.ann", &content, &text);
        let before: Vec<_> = file.text_bounds().cloned().collect();
        let id = file.add("PER", span, &surface, None).unwrap();
        let (again, issues) = AnnFile::parse("doc.ann", &file.render(), &text);
        let added = again.text_bounds().find(|t| t.id == id);
        prop_assert!(added.is_some(), "T{} lost; issues: {:?}", id, issues);
        prop_assert_eq!(added.unwrap().span, span);
        for old in &before {
            prop_assert!(again.text_bounds().any(|t| t == old), "{:?} lost", old);
        }
    }

    /// A lexicon file of any content loads without panicking; every
    /// problem names the file and a line within it.
    #[test]
    fn any_lexicon_file_loads_or_reports_lines(lines in prop::collection::vec(lexicon_line(), 0..12)) {
        let content = lines.join("\n");
        let line_count = content.lines().count();
        let mut project = Project::with_defaults(std::env::temp_dir());
        project.default_lexicon = false;
        project.lexicons.push(LexiconFile::new("fuzz.jsonl", content.clone()));
        let (engine, errors) = Engine::new(&project);
        for error in &errors {
            prop_assert_eq!(&error.file, "fuzz.jsonl");
            prop_assert!(error.line <= line_count.max(1), "{}", error);
        }
        // What did load recognizes its own names in any text.
        let text = Text::new(content);
        check_mentions(&text, &engine.mentions(&text, &AnnFile::default(), &engine.propagation(std::iter::empty())))?;
    }

    /// The default engine's mentions of any text are sorted, disjoint,
    /// inside the text, never across a line break, and the text under each
    /// is not empty.
    #[test]
    fn mentions_of_any_text_are_well_formed(document in news_text()) {
        let engine = default_engine();
        let text = Text::new(document);
        let mentions = engine.mentions(&text, &AnnFile::default(), &engine.propagation(std::iter::empty()));
        check_mentions(&text, &mentions)?;
    }
}

/// Lexicon lines: well-formed entries, entries with odd names, broken JSON
/// and any text.
fn lexicon_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            "[a-z]{2,6}:[0-9]{1,5}",
            prop::sample::select(vec!["PER", "ORG", "GPE", "LOC", "FAC", "X"]),
            text(),
            text()
        )
            .prop_map(|(id, ty, en, ar)| serde_json::json!({
                "id": id, "type": ty, "names": {"en": en, "ar": ar}, "aliases": [ar.clone() + "ية"]
            })
            .to_string()),
        Just("{\"id\": \"x:1\", \"type\": \"GPE\"".to_owned()),
        Just("{\"id\": 5, \"names\": []}".to_owned()),
        text(),
    ]
}

fn default_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&Project::with_defaults(std::env::temp_dir())).0)
}

fn check_mentions(text: &Text, mentions: &[Mention]) -> Result<(), TestCaseError> {
    let mut end = 0;
    for m in mentions {
        prop_assert!(
            m.span.start >= end,
            "{:?} overlaps or is out of order",
            m.span
        );
        prop_assert!(m.span.end <= text.char_len(), "{:?} past the end", m.span);
        let surface = text.slice(m.span).unwrap_or_default();
        prop_assert!(!surface.trim().is_empty(), "{:?} covers nothing", m.span);
        prop_assert!(
            !surface.contains(['\n', '\r']),
            "{:?} crosses a line: {:?}",
            m.span,
            surface
        );
        end = m.span.end;
    }
    Ok(())
}
