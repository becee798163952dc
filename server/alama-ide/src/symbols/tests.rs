//! The outline and the entity search over a small corpus on disk, checked
//! against expectations printed one symbol a line.

use std::fs;
use std::path::{Path, PathBuf};

use expect_test::{expect, Expect};

use super::*;
use crate::workspace::DocumentFilter;

/// A project lexicon instead of the embedded one: quick to load and
/// independent of its data. Its last two entities are mentioned nowhere.
const LEXICON: &str = r#"{"id": "geonames:98182", "type": "GPE", "names": {"ar": "بغداد", "en": "Baghdad"}, "aliases": ["Bagdad"]}
{"id": "geonames:4140963", "type": "GPE", "names": {"ar": "واشنطن", "en": "Washington"}}
{"id": "geonames:5815135", "type": "GPE", "names": {"ar": "ولاية واشنطن", "en": "Washington State"}}
{"id": "geonames:99237", "type": "GPE", "names": {"ar": "العراق", "en": "Iraq"}}
  {"id": "wikidata:Q1", "type": "ORG", "names": {"en": "Reuters"}}
{"id": "geonames:360630", "type": "GPE", "names": {"ar": "القاهرة", "en": "Cairo"}}
"#;

/// Baghdad twice, Washington once, and a person the `.ann` confirms.
const ARTICLE: &str = "زار أوباما بغداد ثم عاد إلى واشنطن.\nوقال أوباما في بغداد إن العراق مهم.\n";
const ARTICLE_ANN: &str =
    "T1\tPER 4 10\tأوباما\nT2\tGPE 51 56\tبغداد\nN1\tReference T2 geonames:98182\tBaghdad\n";
/// Baghdad in English, never confirmed.
const OTHER: &str = "Obama was in Baghdad and Washington.\n";

struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    workspace: Workspace,
}

impl Corpus {
    fn new() -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join(".alama")).unwrap();
        fs::write(root.join(".alama/config.toml"), "default_lexicon = false\n").unwrap();
        fs::write(root.join(".alama/lexicon.jsonl"), LEXICON).unwrap();
        fs::write(root.join("a.txt"), ARTICLE).unwrap();
        fs::write(root.join("a.ann"), ARTICLE_ANN).unwrap();
        fs::write(root.join("b.txt"), OTHER).unwrap();
        let (workspace, problems) = Workspace::load(&root, DocumentFilter::default(), &|_, _| {});
        assert_eq!(problems, Vec::<String>::new());
        Corpus {
            _dir: dir,
            root,
            workspace,
        }
    }

    fn open(&mut self, name: &str) -> PathBuf {
        let path = self.root.join(name);
        let text = fs::read_to_string(&path).unwrap();
        self.workspace.open(&path, text).unwrap();
        path
    }

    /// The outline of an open document: a type a line, its entities
    /// indented under it with their first span.
    fn check_outline(&self, path: &Path, expect: Expect) {
        let mut out = String::new();
        for group in document_symbols(&self.workspace, path) {
            out.push_str(&format!("{} ({})\n", group.ty, group.detail()));
            for entity in &group.entities {
                let detail = entity.detail();
                out.push_str(&format!("  {} {} ({detail})\n", entity.span, entity.name));
            }
        }
        expect.assert_eq(&out);
    }

    /// The symbols found for `query`, one a line: name, container and
    /// place (a document's span and the text there, or a lexicon line).
    fn check_search(&self, query: &str, expect: Expect) {
        let mut out = String::new();
        for symbol in workspace_symbols(&self.workspace, query, 200) {
            let place = match &symbol.place {
                SymbolPlace::Mention {
                    path,
                    span,
                    status,
                    text,
                } => {
                    let text = match text {
                        Some(text) => text.as_str().to_owned(),
                        None => fs::read_to_string(path).unwrap(),
                    };
                    let there: String = text
                        .chars()
                        .skip(span.start)
                        .take(span.end - span.start)
                        .collect();
                    let name = self.relative(path);
                    format!("{name} {span} {there} {}", status.as_str())
                }
                SymbolPlace::Lexicon {
                    path,
                    line,
                    prefix,
                    text,
                } => {
                    let start: String = text.chars().take(24).collect();
                    let name = self.relative(path);
                    format!("{name}:{line} `{prefix}` {start}…")
                }
            };
            out.push_str(&format!(
                "{} | {} | {place}\n",
                symbol.name,
                symbol.container()
            ));
        }
        expect.assert_eq(&out);
    }

    fn relative(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root).unwrap();
        relative.display().to_string()
    }
}

#[test]
fn the_outline_groups_a_documents_entities_by_type_in_the_projects_order() {
    let mut corpus = Corpus::new();
    let path = corpus.open("a.txt");
    corpus.check_outline(
        &path,
        expect![[r#"
            PER (1 entity · 2 mentions)
              4..10 أوباما (1 confirmed · 1 suggestion)
            GPE (3 entities · 4 mentions)
              11..16 بغداد (1 confirmed · 1 suggestion · geonames:98182)
              28..34 واشنطن (1 suggestion · geonames:4140963)
              60..66 العراق (1 suggestion · geonames:99237)
        "#]],
    );
}

#[test]
fn a_document_that_is_not_open_has_no_outline() {
    let corpus = Corpus::new();
    corpus.check_outline(&corpus.root.join("a.txt"), expect![""]);
    corpus.check_outline(&corpus.root.join("elsewhere.txt"), expect![""]);
}

#[test]
fn an_entity_is_found_by_any_of_its_names_in_either_script() {
    let mut corpus = Corpus::new();
    // Confirmed in a.txt: found there, named in the script of the query.
    corpus.check_search(
        "Baghdad",
        expect![[r#"
            Baghdad | GPE · geonames:98182 | a.txt 51..56 بغداد confirmed
        "#]],
    );
    corpus.check_search(
        "بغداد",
        expect![[r#"
            بغداد | GPE · geonames:98182 | a.txt 51..56 بغداد confirmed
        "#]],
    );
    // Another alef, harakat, another case, an alias.
    corpus.check_search(
        "بَغْدَاد",
        expect![[r#"
            بغداد | GPE · geonames:98182 | a.txt 51..56 بغداد confirmed
        "#]],
    );
    corpus.check_search(
        "BAGDAD",
        expect![[r#"
            Baghdad | GPE · geonames:98182 | a.txt 51..56 بغداد confirmed
        "#]],
    );
    // Only suggested: in an open document, else in a closed one.
    corpus.check_search(
        "washington",
        expect![[r#"
            Washington | GPE · geonames:4140963 | a.txt 28..34 واشنطن suggested
            Washington State | GPE · geonames:5815135 | .alama/lexicon.jsonl:2 `` {"id": "geonames:5815135…
        "#]],
    );
    corpus.open("b.txt");
    corpus.check_search(
        "washington",
        expect![[r#"
            Washington | GPE · geonames:4140963 | b.txt 25..35 Washington suggested
            Washington State | GPE · geonames:5815135 | .alama/lexicon.jsonl:2 `` {"id": "geonames:5815135…
        "#]],
    );
}

#[test]
fn a_name_the_corpus_confirms_without_a_link_is_found() {
    let corpus = Corpus::new();
    corpus.check_search(
        "اوباما",
        expect![[r#"
            أوباما | PER | a.txt 4..10 أوباما confirmed
        "#]],
    );
}

#[test]
fn a_name_confirmed_by_a_command_is_found_at_once() {
    let mut corpus = Corpus::new();
    corpus.check_search("obama", expect![""]);
    let path = corpus.open("b.txt");
    let annotate = crate::workspace::Command::Annotate {
        target: crate::workspace::Target {
            path,
            span: Span::new(0, 5),
            text: "Obama".to_owned(),
        },
        ty: "PER".to_owned(),
        entity: None,
    };
    corpus.workspace.execute(annotate).unwrap();
    corpus.check_search(
        "obama",
        expect![[r#"
            Obama | PER | b.txt 0..5 Obama confirmed
        "#]],
    );
}

#[test]
fn an_entity_the_corpus_never_mentions_is_found_in_its_lexicon_file() {
    let corpus = Corpus::new();
    corpus.check_search(
        "reut",
        expect![[r#"
            Reuters | ORG · wikidata:Q1 | .alama/lexicon.jsonl:4 `  ` {"id": "wikidata:Q1", "t…
        "#]],
    );
    // Found by a part of its name, with ة written ه.
    corpus.check_search(
        "قاهره",
        expect![[r#"
            القاهرة | GPE · geonames:360630 | .alama/lexicon.jsonl:5 `` {"id": "geonames:360630"…
        "#]],
    );
    // A part of a name the corpus suggests.
    corpus.check_search(
        "عراق",
        expect![[r#"
            العراق | GPE · geonames:99237 | a.txt 60..66 العراق suggested
        "#]],
    );
}

#[test]
fn an_empty_query_or_one_nothing_matches_finds_nothing() {
    let corpus = Corpus::new();
    corpus.check_search("", expect![""]);
    corpus.check_search("  \u{64e} ", expect![""]);
    corpus.check_search("\0", expect![""]);
    corpus.check_search("Nowhere", expect![""]);
}

#[test]
fn results_are_capped() {
    let corpus = Corpus::new();
    assert_eq!(workspace_symbols(&corpus.workspace, "a", 2).len(), 2);
    assert!(workspace_symbols(&corpus.workspace, "a", 200).len() > 2);
}
