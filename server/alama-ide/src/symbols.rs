//! Navigation by entity: a document's entities as an outline grouped by
//! type, and the search for an entity by any of its names across the
//! lexicon and the corpus.
//!
//! The search compares matching keys ([`normalize`]): Arabic letters folded
//! (alef forms, harakat, tatweel), Latin lower-cased. An entity id groups
//! the names of an entity in every script, so `Baghdad`, `baghdad`, `بغداد`
//! and `بَغْدَاد` all find `geonames:98182`. The lexicon's names are
//! normalized once per engine, the corpus' confirmed names once per change
//! of them; a query is then one substring search over each.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use alama_core::engine::{Mention, Status};
use alama_core::lexicon::{Entity, EntityIndex, Lexicon};
use alama_core::normalize::{is_arabic_letter, normalize};
use alama_core::text::{Span, Text};
use rustc_hash::FxHashMap;

use crate::hover::mention_at;
/// Built off the session's lock by the language server, then installed
/// with [`Workspace::install_lexicon_names`].
pub use crate::names::LexiconNames;
use crate::names::{CorpusEntity, Quality};
use crate::workspace::{entity_key, mention_key, Workspace};

#[cfg(test)]
mod tests;

// --- the outline of a document ---------------------------------------------

/// The entities of one type in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSymbols {
    pub ty: String,
    /// In the order of their first mentions.
    pub entities: Vec<EntitySymbol>,
}

impl TypeSymbols {
    /// The mentions of all its entities.
    pub fn mentions(&self) -> usize {
        self.entities.iter().map(EntitySymbol::mentions).sum()
    }

    /// What the outline shows beside the type: `3 entities · 7 mentions`.
    pub fn detail(&self) -> String {
        format!(
            "{} · {}",
            count(self.entities.len(), "entity", "entities"),
            count(self.mentions(), "mention", "mentions")
        )
    }
}

/// One entity of a document: a lexicon entity, or an unlinked name of a
/// type (see [`entity_key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySymbol {
    /// The text of its first mention, as written.
    pub name: String,
    /// Its lexicon id, if linked.
    pub entity: Option<Arc<str>>,
    /// Its first mention.
    pub span: Span,
    pub confirmed: usize,
    pub suggested: usize,
}

impl EntitySymbol {
    pub fn mentions(&self) -> usize {
        self.confirmed + self.suggested
    }

    /// What the outline shows beside the name: how many of its mentions
    /// are confirmed and suggested, and its id when it is linked, e.g.
    /// `1 confirmed · 3 suggestions · geonames:98182`.
    pub fn detail(&self) -> String {
        let mut parts = Vec::new();
        if self.confirmed > 0 {
            parts.push(format!("{} confirmed", self.confirmed));
        }
        if self.suggested > 0 {
            parts.push(count(self.suggested, "suggestion", "suggestions"));
        }
        if let Some(id) = &self.entity {
            parts.push(id.to_string());
        }
        parts.join(" · ")
    }
}

/// The entities of the open document `path` grouped by type: the types in
/// the order of the project's types (any other after them, by name), the
/// entities of a type by first mention. Confirmed mentions and suggestions
/// both count. A document that is not open has none.
pub fn document_symbols(workspace: &Workspace, path: &Path) -> Vec<TypeSymbols> {
    let Some((text, mentions)) = workspace.open_document(path) else {
        return Vec::new();
    };
    let mut types: Vec<TypeSymbols> = Vec::new();
    // Where each entity of each type is: (its type's, its own index).
    let mut places: FxHashMap<(&str, String), (usize, usize)> = FxHashMap::default();
    // The mentions are sorted by position: the first one seen is the first.
    for mention in mentions {
        let key = (&*mention.ty, mention_key(text, mention));
        let (group, index) = *places.entry(key).or_insert_with(|| {
            let group = match types.iter().position(|t| *t.ty == *mention.ty) {
                Some(group) => group,
                None => {
                    types.push(TypeSymbols {
                        ty: mention.ty.to_string(),
                        entities: Vec::new(),
                    });
                    types.len() - 1
                }
            };
            let entities = &mut types[group].entities;
            entities.push(EntitySymbol {
                name: text.slice(mention.span).unwrap_or_default().to_owned(),
                entity: mention.entity.clone(),
                span: mention.span,
                confirmed: 0,
                suggested: 0,
            });
            (group, entities.len() - 1)
        });
        let entity = &mut types[group].entities[index];
        match mention.status {
            Status::Confirmed => entity.confirmed += 1,
            Status::Suggested => entity.suggested += 1,
        }
    }
    let order = |ty: &str| {
        let position = workspace.types().iter().position(|t| t == ty);
        position.unwrap_or(usize::MAX)
    };
    types.sort_by(|a, b| (order(&a.ty), &a.ty).cmp(&(order(&b.ty), &b.ty)));
    types
}

// --- the search for an entity ---------------------------------------------

/// An entity found by one of its names.
#[derive(Debug, Clone)]
pub struct Symbol {
    /// Its name in the script of the query, if it has one: a lexicon
    /// entity's canonical name, else the confirmed text that matched.
    pub name: String,
    pub ty: String,
    /// Its lexicon id, if linked.
    pub entity: Option<String>,
    pub place: SymbolPlace,
}

impl Symbol {
    /// What a symbol list shows beside the name: `GPE · geonames:98182`,
    /// or the type alone for an unlinked name.
    pub fn container(&self) -> String {
        match &self.entity {
            Some(id) => format!("{} · {id}", self.ty),
            None => self.ty.clone(),
        }
    }
}

/// Where a found entity is shown.
#[derive(Debug, Clone)]
pub enum SymbolPlace {
    /// A mention in a document of the corpus: a confirmed one if there is
    /// any, else a suggestion. Its span is in the offsets of `text` when
    /// given (an open document's buffer, or a closed document's text as it
    /// was read to recognize it), else of the document's text on disk.
    Mention {
        path: PathBuf,
        span: Span,
        status: Status,
        text: Option<Arc<Text>>,
    },
    /// The line of a project lexicon file where the entity is written, for
    /// an entity that the corpus does not mention.
    Lexicon {
        path: PathBuf,
        /// From 0.
        line: usize,
        /// The line's text before the entity (white space, if any).
        prefix: String,
        /// The entity's text on its line.
        text: String,
    },
}

/// How many closed documents one search recognizes at most, to find the
/// suggestions of entities that have no confirmed mention: each is read
/// from disk and recognized again.
const RECOGNITIONS_PER_SEARCH: usize = 8;

/// The entities whose names (normalized) contain `query` (normalized), at
/// most `limit`: lexicon entities by any name or alias, and the corpus'
/// confirmed names, one result per entity (see [`entity_key`]). An entity
/// with nowhere to show is left out: one that neither the corpus mentions
/// (confirmed anywhere, suggested in an open document or in one of the
/// first closed ones searched) nor a project lexicon file on disk holds.
/// Whole names come first, then names starting with the query, names with
/// a word starting with it, and names containing it; among each, entities
/// the corpus mentions most, then the shortest names. An empty query finds
/// nothing.
pub fn workspace_symbols(workspace: &Workspace, query: &str, limit: usize) -> Vec<Symbol> {
    let key: String = normalize(query).chars().filter(|&c| c != '\0').collect();
    if key.is_empty() || limit == 0 {
        return Vec::new();
    }
    let arabic = query.chars().any(is_arabic_letter);
    let lexicon = workspace.engine().lexicon();
    let corpus = workspace.corpus_names();

    // The best match of each entity, by its key.
    let mut found: FxHashMap<String, Candidate> = FxHashMap::default();
    let mut consider = |entity: String, candidate: Candidate| {
        let best = found.entry(entity).or_insert_with(|| candidate.clone());
        best.lexicon = best.lexicon.or(candidate.lexicon);
        best.corpus = best.corpus.or(candidate.corpus);
        if (candidate.quality, candidate.length) < (best.quality, best.length) {
            (best.quality, best.length) = (candidate.quality, candidate.length);
        }
    };
    for (&index, quality, length) in workspace.lexicon_names().keys.find(&key) {
        let candidate = Candidate {
            quality,
            length,
            lexicon: Some(index),
            corpus: None,
        };
        consider(lexicon.id_of(index).to_owned(), candidate);
    }
    for (&surface, quality, length) in corpus.keys.find(&key) {
        let entry = &corpus.entries[corpus.surfaces[surface as usize].entry as usize];
        let candidate = Candidate {
            quality,
            length,
            lexicon: None,
            corpus: Some(surface),
        };
        consider(entry.key.clone(), candidate);
    }

    // Only entities with a place to show are kept, as cheaply as can be
    // told: a query of one letter matches most of a large lexicon.
    let mut ranked: Vec<(String, Candidate, usize)> = found
        .into_iter()
        .filter_map(|(entity, candidate)| {
            let tally = workspace.tally(&entity);
            let in_project_file = || {
                let file = candidate.lexicon.and_then(|index| lexicon.file_of(index));
                file.and_then(|file| workspace.lexicon_file(file)).is_some()
            };
            let placed =
                tally.suggested > 0 || corpus.by_key.contains_key(&entity) || in_project_file();
            placed.then(|| (entity, candidate, tally.mentions()))
        })
        .collect();
    ranked.sort_by(|(a_key, a, a_mentions), (b_key, b, b_mentions)| {
        (a.quality, std::cmp::Reverse(a_mentions), a.length, a_key).cmp(&(
            b.quality,
            std::cmp::Reverse(b_mentions),
            b.length,
            b_key,
        ))
    });

    let mut recognized = Recognized::default();
    let mut symbols = Vec::new();
    for (key, candidate, _) in ranked {
        if symbols.len() == limit {
            break;
        }
        let entity = candidate
            .lexicon
            .map(|index| lexicon.get(index))
            .or_else(|| lexicon.by_id(&key));
        let written = candidate.corpus.map(|s| &corpus.surfaces[s as usize]);
        let confirmed = corpus
            .by_key
            .get(&key)
            .map(|&e| &corpus.entries[e as usize]);
        let place = confirmed
            .and_then(|entry| confirmed_place(workspace, entry))
            .or_else(|| {
                let id = entity.map(|e| &*e.id)?;
                suggested_place(workspace, id, &mut recognized)
            })
            .or_else(|| {
                let index = candidate.lexicon?;
                lexicon_place(workspace, lexicon, index)
            });
        let Some(place) = place else {
            continue;
        };
        let (name, ty) = match (entity, written, confirmed) {
            (Some(entity), _, _) => (name_in_script(entity, arabic), entity.ty.clone()),
            (None, Some(written), _) => {
                let entry = &corpus.entries[written.entry as usize];
                (written.text.clone(), entry.ty.clone())
            }
            (None, None, Some(entry)) => (entry.name.clone(), entry.ty.clone()),
            (None, None, None) => continue,
        };
        let entity = match (entity, confirmed) {
            (Some(entity), _) => Some(entity.id.to_string()),
            (None, Some(entry)) => entry.entity.clone(),
            (None, None) => None,
        };
        symbols.push(Symbol {
            name,
            ty,
            entity,
            place,
        });
    }
    symbols
}

/// An entity whose name matched a query.
#[derive(Debug, Clone)]
struct Candidate {
    quality: Quality,
    /// The length of the key of the name that matched.
    length: usize,
    lexicon: Option<EntityIndex>,
    /// The confirmed name that matched, in [`CorpusNames::surfaces`].
    corpus: Option<u32>,
}

/// The canonical name of `entity` in the script of the query: Arabic, or
/// else English, or another name in that script; else its first name.
fn name_in_script(entity: &Entity, arabic: bool) -> String {
    let lang = if arabic { "ar" } else { "en" };
    let in_lang = entity.names.iter().find(|(l, _)| l == lang);
    let in_script =
        || (entity.names.iter()).find(|(_, name)| name.chars().any(is_arabic_letter) == arabic);
    match in_lang.or_else(in_script) {
        Some((_, name)) => name.clone(),
        None => entity.name(lang).to_owned(),
    }
}

/// The first confirmed mention of a corpus entity, in the first document
/// (by path) that has one; `None` if that document no longer has it.
fn confirmed_place(workspace: &Workspace, entry: &CorpusEntity) -> Option<SymbolPlace> {
    let (annotations, text) = workspace.annotations(&entry.first)?;
    let first = annotations
        .text_bounds()
        .filter(|t| entity_key(&t.ty, annotations.entity_of(t.id), &t.text) == entry.key)
        .min_by_key(|t| (t.span.start, t.span.end))?;
    Some(SymbolPlace::Mention {
        path: entry.first.clone(),
        span: first.span,
        status: Status::Confirmed,
        text,
    })
}

/// The closed documents one search recognized, by path: at most
/// [`RECOGNITIONS_PER_SEARCH`].
type Recognized = FxHashMap<PathBuf, Option<(Arc<Text>, Vec<Mention>)>>;

/// The first suggestion of the lexicon entity `id`: in an open document,
/// else in a closed document recognized already, else in the first closed
/// document (by path) whose counts show one, if `recognized` has room for
/// one more. The corpus counts are searched only then: that takes a pass
/// over every document.
fn suggested_place(
    workspace: &Workspace,
    id: &str,
    recognized: &mut Recognized,
) -> Option<SymbolPlace> {
    let of = |m: &&Mention| m.status == Status::Suggested && m.entity.as_deref() == Some(id);
    let place = |path: &Path, text: &Arc<Text>, mention: &Mention| SymbolPlace::Mention {
        path: path.to_owned(),
        span: mention.span,
        status: mention.status,
        text: Some(text.clone()),
    };
    for (path, text, mentions) in workspace.open_documents() {
        if let Some(mention) = mentions.iter().find(of) {
            return Some(place(path, text, mention));
        }
    }
    let mut documents: Vec<_> = recognized.iter().collect();
    documents.sort_by_key(|(path, _)| *path);
    for (path, document) in documents {
        let Some((text, mentions)) = document else {
            continue;
        };
        if let Some(mention) = mentions.iter().find(of) {
            return Some(place(path, text, mention));
        }
    }
    if recognized.len() == RECOGNITIONS_PER_SEARCH {
        return None;
    }
    let path = workspace.closed_document_suggesting(id)?;
    let document = recognized
        .entry(path.to_owned())
        .or_insert_with(|| workspace.text_and_mentions(path));
    let (text, mentions) = document.as_ref()?;
    let mention = mentions.iter().find(of)?;
    Some(place(path, text, mention))
}

/// Where "go to definition" leads from the mention at `offset` (code
/// points) of the open document `path`: the line of its entity in a
/// project lexicon file. `None` off a linked mention, or for an entity of
/// the embedded lexicon, which has no file.
pub fn definition(workspace: &Workspace, path: &Path, offset: usize) -> Option<SymbolPlace> {
    let (_, mentions) = workspace.open_document(path)?;
    let id = mention_at(mentions, offset)?.entity.as_deref()?;
    let lexicon = workspace.engine().lexicon();
    lexicon_place(workspace, lexicon, lexicon.index_of(id)?)
}

/// What "rename" renames at a mention: the entity, not the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenamePlace {
    /// The mention's span.
    pub span: Span,
    pub entity: String,
    /// The entity's canonical name in the script of the mention.
    pub name: String,
}

/// The entity that a rename at `offset` (code points) of the open
/// document `path` renames: `Ok(None)` off a mention, and the reason when
/// the mention's entity cannot be renamed (an unlinked name, an entity of
/// the embedded lexicon).
pub fn rename_place(
    workspace: &Workspace,
    path: &Path,
    offset: usize,
) -> Result<Option<RenamePlace>, String> {
    let Some((text, mentions)) = workspace.open_document(path) else {
        return Ok(None);
    };
    let Some(mention) = mention_at(mentions, offset) else {
        return Ok(None);
    };
    let Some(id) = mention.entity.as_deref() else {
        return Err(
            "only an entity of the lexicon is renamed: retype or link this name instead".to_owned(),
        );
    };
    if !workspace.defines_entity(id) {
        return Err(format!(
            "`{id}` is an entity of the embedded lexicon, which is not renamed; add an alias instead"
        ));
    }
    let surface = text.slice(mention.span).unwrap_or_default();
    let language = if surface.chars().any(is_arabic_letter) {
        "ar"
    } else {
        "en"
    };
    let name = (workspace.engine().lexicon().by_id(id))
        .map_or_else(|| surface.to_owned(), |e| e.name(language).to_owned());
    Ok(Some(RenamePlace {
        span: mention.span,
        entity: id.to_owned(),
        name,
    }))
}

/// The line of a lexicon entity in its file, if that is a project lexicon
/// file on disk (not the embedded one).
fn lexicon_place(
    workspace: &Workspace,
    lexicon: &Lexicon,
    index: EntityIndex,
) -> Option<SymbolPlace> {
    let path = workspace.lexicon_file(lexicon.file_of(index)?)?;
    let place = lexicon.place(index)?;
    Some(SymbolPlace::Lexicon {
        path: path.to_owned(),
        line: place.line,
        prefix: place.prefix.to_owned(),
        text: place.text.to_owned(),
    })
}

/// `1 entity`, `2 entities`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
