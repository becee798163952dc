//! The normalized names that the search for an entity reads
//! ([`crate::symbols::workspace_symbols`]): every name of the lexicon's
//! entities, made once per engine, and the corpus' confirmed names, made
//! once per change of them. The workspace keeps both; keeping them apart
//! from the search lets the workspace hold them without importing the
//! features that read them.

use std::path::{Path, PathBuf};

use alama_core::brat::AnnFile;
use alama_core::lexicon::{EntityIndex, Lexicon};
use alama_core::normalize::normalize;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::workspace::counts::entity_key;

/// How well a name matches a query, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Quality {
    Whole,
    Prefix,
    WordStart,
    Inside,
}

/// Normalized names one after another, each with what it names: searched
/// for a query by one pass over one string.
#[derive(Debug)]
pub(crate) struct Keys<T> {
    /// The keys, each followed by `\0` (which no key holds).
    keys: String,
    /// For each key: where it ends in `keys`, and what it names.
    ends: Vec<(usize, T)>,
}

impl<T> Default for Keys<T> {
    fn default() -> Keys<T> {
        Keys {
            keys: String::new(),
            ends: Vec::new(),
        }
    }
}

impl<T> Keys<T> {
    fn push(&mut self, key: &str, payload: T) {
        if key.is_empty() || key.contains('\0') {
            return;
        }
        self.keys.push_str(key);
        self.ends.push((self.keys.len(), payload));
        self.keys.push('\0');
    }

    /// The keys containing `query` (not empty, without `\0`): what each
    /// names, how well it matches and its length.
    pub(crate) fn find<'a>(
        &'a self,
        query: &'a str,
    ) -> impl Iterator<Item = (&'a T, Quality, usize)> + 'a {
        self.keys.match_indices(query).map(move |(at, _)| {
            let index = self.ends.partition_point(|&(end, _)| end <= at);
            let (end, payload) = &self.ends[index];
            let start = match index {
                0 => 0,
                _ => self.ends[index - 1].0 + 1,
            };
            let before = self.keys[start..at].chars().next_back();
            let quality = if at > start {
                if before.is_some_and(|c| !c.is_alphanumeric()) {
                    Quality::WordStart
                } else {
                    Quality::Inside
                }
            } else if at + query.len() == *end {
                Quality::Whole
            } else {
                Quality::Prefix
            };
            (payload, quality, end - start)
        })
    }
}

/// Every name and alias of a lexicon's entities, normalized.
#[derive(Debug)]
pub struct LexiconNames {
    pub(crate) keys: Keys<EntityIndex>,
}

impl LexiconNames {
    /// Reads every entity of `lexicon`, on all cores, without keeping
    /// those not read before (see [`Lexicon::peek`]): a fifth of a second
    /// for the embedded lexicon in a debug build.
    pub fn new(lexicon: &Lexicon) -> LexiconNames {
        let names: Vec<Vec<String>> = (0..lexicon.len() as u32)
            .into_par_iter()
            .map(|index| {
                let entity = lexicon.peek(EntityIndex(index));
                let mut keys: Vec<String> = entity.surfaces().map(normalize).collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            })
            .collect();
        let mut keys = Keys::default();
        for (index, names) in names.into_iter().enumerate() {
            for name in names {
                keys.push(&name, EntityIndex(index as u32));
            }
        }
        LexiconNames { keys }
    }
}

/// The corpus' confirmed names, normalized: each entity (see
/// [`entity_key`]) once, with each of its names once.
#[derive(Debug, Default)]
pub struct CorpusNames {
    /// Indexes in `surfaces`.
    pub(crate) keys: Keys<u32>,
    pub(crate) entries: Vec<CorpusEntity>,
    /// Indexes in `entries`, by entity key.
    pub(crate) by_key: FxHashMap<String, u32>,
    pub(crate) surfaces: Vec<Surface>,
}

/// An entity the corpus confirms.
#[derive(Debug)]
pub(crate) struct CorpusEntity {
    pub(crate) key: String,
    /// The type of its first confirmed mention.
    pub(crate) ty: String,
    pub(crate) entity: Option<String>,
    /// The text of its first confirmed mention.
    pub(crate) name: String,
    /// The first document (by path) with a confirmed mention of it.
    pub(crate) first: PathBuf,
}

/// A name of an entity the corpus confirms, as first written.
#[derive(Debug)]
pub(crate) struct Surface {
    pub(crate) entry: u32,
    pub(crate) text: String,
}

impl CorpusNames {
    /// The confirmed names of `documents`, in the order given (by path).
    pub(crate) fn new<'a>(documents: impl Iterator<Item = (&'a Path, &'a AnnFile)>) -> CorpusNames {
        let mut names = CorpusNames::default();
        let mut seen: FxHashSet<(u32, String)> = FxHashSet::default();
        for (path, annotations) in documents {
            let mut bounds: Vec<_> = annotations.text_bounds().collect();
            bounds.sort_by_key(|t| (t.span.start, t.span.end));
            for t in bounds {
                let entity = annotations.entity_of(t.id);
                let key = entity_key(&t.ty, entity, &t.text);
                let entry = match names.by_key.get(&key) {
                    Some(&entry) => entry,
                    None => {
                        let entry = names.entries.len() as u32;
                        names.entries.push(CorpusEntity {
                            key: key.clone(),
                            ty: t.ty.clone(),
                            entity: entity.map(str::to_owned),
                            name: t.text.clone(),
                            first: path.to_owned(),
                        });
                        names.by_key.insert(key, entry);
                        entry
                    }
                };
                let normalized = normalize(&t.text);
                if seen.insert((entry, normalized.clone())) {
                    names.keys.push(&normalized, names.surfaces.len() as u32);
                    names.surfaces.push(Surface {
                        entry,
                        text: t.text.clone(),
                    });
                }
            }
        }
        names
    }
}
