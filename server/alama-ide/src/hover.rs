//! What the annotator reads about a mention: the one-line message of its
//! diagnostic and the hover card.
//!
//! Right-to-left names never share a line with left-to-right text in the
//! card: each sits alone in a table cell, which isolates it.

use std::fmt::Write;
use std::path::Path;

use alama_core::engine::{Mention, Source, Status};
use alama_core::lexicon::{Entity, Lexicon};
use alama_core::normalize::is_arabic_letter;
use alama_core::text::Span;
use rustc_hash::FxHashMap;

use crate::workspace::{mention_key, Workspace};

/// Where a mention comes from, for the annotator.
pub fn origin(mention: &Mention) -> &'static str {
    match mention.source {
        Source::Annotation => "confirmed",
        Source::Propagated => "propagated from the corpus",
        Source::Repeated => "named elsewhere in this document",
        Source::Lexicon => "lexicon",
        Source::Pattern => "trigger pattern",
        Source::Rule => "rule",
    }
}

/// The one-line messages of a document's diagnostics, `GPE · بغداد (Baghdad)
/// — lexicon`: the type, the canonical name in the script of the mention
/// (with the other language's in parentheses) and the origin; or rather what
/// the caller renders from each message (a diagnostic, serialized). Mentions
/// with the same message share one rendering.
pub struct Messages<'a, T> {
    lexicon: &'a Lexicon,
    // Looked up once or twice per mention, twelve thousand times for a
    // megabyte: a fast hash rather than the default SipHash.
    rendered: FxHashMap<Key<'a>, T>,
}

/// What a rendered message depends on: the mention's type, origin, status
/// (which the rendering may show) and name.
type Key<'a> = (&'a str, Source, Status, Name<'a>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Name<'a> {
    /// A lexicon entity's, in Arabic first or not.
    Entity { id: &'a str, arabic: bool },
    /// The mention's own text: it has no entity, or one the lexicon does
    /// not know.
    Surface(&'a str),
}

impl<'a, T> Messages<'a, T> {
    /// Messages naming the entities of `lexicon`.
    pub fn new(lexicon: &'a Lexicon) -> Messages<'a, T> {
        Messages {
            lexicon,
            rendered: FxHashMap::default(),
        }
    }

    /// What `render` makes of the message of `mention`, whose text is
    /// `surface`.
    pub fn of(
        &mut self,
        mention: &'a Mention,
        surface: &'a str,
        render: impl FnOnce(&str) -> T,
    ) -> &T {
        let key = |name| (&*mention.ty, mention.source, mention.status, name);
        let mut name = match mention.entity.as_deref() {
            Some(id) => Name::Entity {
                id,
                arabic: surface.chars().any(is_arabic_letter),
            },
            None => Name::Surface(surface),
        };
        if !self.rendered.contains_key(&key(name)) {
            let text = match name {
                Name::Entity { id, arabic } => {
                    match self.lexicon.by_id(id) {
                        Some(entity) => {
                            let (first, second) = if arabic { ("ar", "en") } else { ("en", "ar") };
                            let (a, b) = (entity.name(first), entity.name(second));
                            if a == b {
                                a.to_owned()
                            } else {
                                format!("{a} ({b})")
                            }
                        }
                        // An id the lexicon does not know reads like no id.
                        None => {
                            name = Name::Surface(surface);
                            surface.to_owned()
                        }
                    }
                }
                Name::Surface(surface) => surface.to_owned(),
            };
            let message = format!("{} · {text} — {}", mention.ty, origin(mention));
            self.rendered
                .entry(key(name))
                .or_insert_with(|| render(&message));
        }
        &self.rendered[&key(name)]
    }
}

/// A hover card: the span it describes (a mention, or a suggestion the
/// annotator rejected) and its Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub span: Span,
    pub markdown: String,
}

/// The mention of an open document at `offset` (code points), if any: the
/// one containing it, else one ending there (a cursor just after a name).
pub fn mention_at(mentions: &[Mention], offset: usize) -> Option<&Mention> {
    mentions
        .iter()
        .find(|m| m.span.start <= offset && offset < m.span.end)
        .or_else(|| mentions.iter().find(|m| m.span.end == offset))
}

/// How far the corpus is indexed, while it is: its counts are not known yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Indexing {
    pub done: usize,
    /// The documents to index; 0 until they are found.
    pub total: usize,
}

/// The card of the mention at `offset` in the open document `path`;
/// without corpus counts while the corpus is `indexing`.
pub fn hover(
    workspace: &Workspace,
    path: &Path,
    offset: usize,
    indexing: Option<Indexing>,
) -> Option<Card> {
    let (text, mentions) = workspace.open_document(path)?;
    let Some(mention) = mention_at(mentions, offset) else {
        return rejected(workspace, path, offset);
    };
    let surface = text.slice(mention.span).unwrap_or_default();
    let lexicon = workspace.engine().lexicon();
    let entity = mention.entity.as_deref().and_then(|id| lexicon.by_id(id));

    let mut md = String::new();
    let status = match mention.status {
        Status::Confirmed => "confirmed annotation",
        Status::Suggested => "suggestion",
    };
    let _ = write!(md, "**{}** · {status}", mention.ty);
    if mention.status == Status::Suggested {
        let _ = write!(md, " · {}", origin(mention));
    }
    names(&mut md, surface, entity);
    if let Some(entity) = entity {
        describe(&mut md, entity);
    }
    let others: Vec<&Entity> = mention
        .candidates
        .iter()
        .filter(|id| Some(&***id) != mention.entity.as_deref())
        .filter_map(|id| lexicon.by_id(id))
        .collect();
    if !others.is_empty() {
        md.push_str("\nOther candidates:\n\n");
        for other in others {
            let _ = write!(md, "- `{}` {}", other.id, other.name("en"));
            if let Some(description) = &other.description {
                let _ = write!(md, " — {description}");
            }
            md.push('\n');
        }
    }

    let key = mention_key(text, mention);
    let in_document = mentions
        .iter()
        .filter(|m| m.ty == mention.ty && m.entity == mention.entity)
        .filter(|m| mention.entity.is_some() || mention_key(text, m) == key)
        .count();
    let _ = write!(
        md,
        "\n---\n\nIn this document: {in_document} · in the corpus: "
    );
    if let Some(Indexing { done, total }) = indexing {
        md.push_str("not counted yet");
        if total > 0 {
            let _ = write!(
                md,
                " (indexing: {} of {} documents)",
                thousands(done),
                thousands(total)
            );
        }
    } else {
        let tally = workspace.tally(&key);
        let documents = if tally.documents == 1 {
            "document"
        } else {
            "documents"
        };
        let _ = write!(
            md,
            "{} in {} {documents} (confirmed {}, suggested {}, rejected {})",
            tally.mentions(),
            tally.documents,
            tally.confirmed,
            tally.suggested,
            tally.rejected,
        );
    }
    md.push('\n');
    Some(Card {
        span: mention.span,
        markdown: md,
    })
}

/// The card of a suggestion the annotator rejected at `offset`: what it was
/// and how to have it back, so that a rejection leaves a trace.
fn rejected(workspace: &Workspace, path: &Path, offset: usize) -> Option<Card> {
    let rejections = workspace.rejections_at(path, Span::new(offset, offset));
    let rejection = rejections.first()?;
    let mut md = format!("**{}** · rejected suggestion\n\n", rejection.ty);
    let _ = writeln!(
        md,
        "«{}» is not suggested here again. The quick fix “Restore «{}», rejected as {}” suggests it again.",
        rejection.text, rejection.text, rejection.ty
    );
    Some(Card {
        span: rejection.span,
        markdown: md,
    })
}

/// The mention's text and the entity's names, as one row of a table with
/// a column per language: each name sits alone in its cell, which keeps a
/// right-to-left name apart from left-to-right text. The text has a column
/// only when it is none of the names.
fn names(md: &mut String, surface: &str, entity: Option<&Entity>) {
    let mut columns: Vec<(&str, &str)> = Vec::new();
    let named = entity.is_some_and(|e| e.names.iter().any(|(_, name)| name == surface));
    if !named {
        columns.push(("text", surface));
    }
    if let Some(entity) = entity {
        columns.extend(
            entity
                .names
                .iter()
                .map(|(lang, name)| (lang.as_str(), name.as_str())),
        );
    }
    md.push_str("\n\n|");
    for (heading, _) in &columns {
        let _ = write!(md, " {heading} |");
    }
    md.push_str("\n|");
    md.push_str(&" --- |".repeat(columns.len()));
    md.push_str("\n|");
    for (_, name) in &columns {
        let _ = write!(md, " {} |", cell(name));
    }
    md.push('\n');
}

/// The entity's id and external references, each a link where one is
/// known, and its description, on one line. A reference that is the id
/// itself (`geonames:98182` and GeoNames 98182) is not repeated.
fn describe(md: &mut String, entity: &Entity) {
    let url = |source: &str, id: &str| match source {
        "wikidata" => Some(format!("https://www.wikidata.org/wiki/{id}")),
        "geonames" => Some(format!("https://www.geonames.org/{id}")),
        _ => None,
    };
    let reference = |source: &str, id: &str| match url(source, id) {
        Some(url) => format!("[{source}:{id}]({url})"),
        None => format!("`{source}:{id}`"),
    };
    md.push('\n');
    let own = entity.id.split_once(':');
    match own {
        Some((source, id)) => md.push_str(&reference(source, id)),
        None => {
            let _ = write!(md, "`{}`", entity.id);
        }
    }
    for (source, id) in &entity.xrefs {
        if own != Some((source.as_str(), id.as_str())) {
            let _ = write!(md, " · {}", reference(source, id));
        }
    }
    if let Some(description) = &entity.description {
        let _ = write!(md, " — {description}");
    }
    md.push('\n');
}

/// A count with a comma between thousands: 12,345.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
