//! The recognition engine: every recognizer over one document, then one
//! choice among overlapping candidates.
//!
//! Recognizers (lexicon names, corpus propagation, trigger patterns, rules)
//! all search the same [`MatchKey`]; their candidates are merged by
//! [`select`]: longest span first, then by source (propagated, lexicon,
//! pattern, rule), then leftmost. Confirmed annotations always win and hide the
//! suggestions they overlap.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::brat::AnnFile;
use crate::gazetteer::{FunctionWords, Gazetteer, GazetteerBuilder};
use crate::lexicon::{EntityIndex, Lexicon, DEFAULT_LEXICON};
use crate::nationality::Nationalities;
use crate::normalize::MatchKey;
use crate::project::Project;
use crate::rules::Rules;
use crate::text::{Span, Text};
use crate::triggers::{GivenNames, Triggers, DEFAULT_GIVEN_NAMES, DEFAULT_TRIGGERS};
use crate::DataError;

/// The embedded function words (`lang <TAB> word`).
pub const DEFAULT_FUNCTION_WORDS: &str = include_str!("../data/function_words.tsv");
/// The embedded calendar vocabulary (months, Hijri months, weekdays).
pub const DEFAULT_CALENDAR: &str = include_str!("../data/calendar.tsv");
/// The embedded closed-class vocabulary of the rules (units, currencies…).
pub const DEFAULT_VOCABULARY: &str = include_str!("../data/vocabulary.tsv");

/// The entity types used when a project names none (OntoNotes-style).
pub const DEFAULT_TYPES: &[&str] = &[
    "PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE", "TIME", "MONEY", "PERCENT",
    "QUANTITY", "CARDINAL",
];

/// Where a mention comes from. Declaration order is the tie-break priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A confirmed annotation of this document.
    Annotation,
    /// A name confirmed elsewhere in the corpus.
    Propagated,
    Lexicon,
    /// A trigger pattern (title, role, head word).
    Pattern,
    Rule,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Annotation => "annotation",
            Source::Propagated => "propagated",
            Source::Lexicon => "lexicon",
            Source::Pattern => "pattern",
            Source::Rule => "rule",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Suggested,
    Confirmed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Suggested => "suggested",
            Status::Confirmed => "confirmed",
        }
    }
}

/// An entity mention in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub ty: String,
    pub status: Status,
    pub source: Source,
    /// The linked entity id, if any.
    pub entity: Option<String>,
    /// Every candidate entity id of an ambiguous name, best first.
    pub candidates: Vec<String>,
}

/// A name confirmed somewhere in the corpus, suggested wherever it recurs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Confirmed {
    pub ty: String,
    pub entity: Option<String>,
}

/// The corpus' confirmed names, compiled for propagation.
pub struct Propagation {
    names: Gazetteer<Confirmed>,
}

impl Propagation {
    pub fn empty() -> Propagation {
        Propagation {
            names: GazetteerBuilder::new(Arc::default()).build(),
        }
    }

    /// Whether `surface` (after normalization) is a confirmed name.
    pub fn contains(&self, surface: &str) -> bool {
        !whole_name(&self.names, surface).is_empty()
    }
}

/// The payloads of the names that are the whole of `surface`.
fn whole_name<'g, T>(names: &'g Gazetteer<T>, surface: &str) -> Vec<&'g T> {
    let key = MatchKey::new(surface);
    let whole = key.as_str().trim_end().len();
    names
        .find(surface, &key)
        .into_iter()
        .filter(|hit| hit.key_start == 0 && hit.key_end == whole)
        .flat_map(|hit| hit.payloads)
        .collect()
}

/// Everything needed to recognize entities in any document of a project.
pub struct Engine {
    lexicon: Lexicon,
    names: Gazetteer<EntityIndex>,
    triggers: Triggers,
    rules: Rules,
    nationalities: Arc<Nationalities>,
    function_words: Arc<FunctionWords>,
    types: HashSet<String>,
}

impl Engine {
    /// Builds the engine for `project`: the embedded data (unless the project
    /// turns the default lexicon off) plus the project's own files. Errors in
    /// data files are returned; their other lines load.
    pub fn new(project: &Project) -> (Engine, Vec<DataError>) {
        let mut errors = Vec::new();
        let function_words = Arc::new(FunctionWords::new(
            DEFAULT_FUNCTION_WORDS
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| line.split('\t').nth(1)),
        ));

        let mut lexicon = Lexicon::default();
        if project.default_lexicon {
            errors.extend(lexicon.load("<embedded>/lexicon.jsonl", DEFAULT_LEXICON));
        }
        for (file, content) in &project.lexicons {
            errors.extend(lexicon.load(file, content));
        }
        let mut builder = GazetteerBuilder::new(function_words.clone());
        for (index, entity) in lexicon.iter() {
            for surface in entity.surfaces() {
                builder.add(surface, index);
            }
        }

        let mut trigger_files = vec![("<embedded>/triggers.tsv", DEFAULT_TRIGGERS)];
        trigger_files.extend(
            project
                .triggers
                .iter()
                .map(|(f, c)| (f.as_str(), c.as_str())),
        );
        let given_names = GivenNames::parse(DEFAULT_GIVEN_NAMES);
        let nationalities = Arc::new(Nationalities::new(&lexicon));
        let (triggers, trigger_errors) = Triggers::new(
            &trigger_files,
            function_words.clone(),
            given_names,
            nationalities.clone(),
        );
        errors.extend(trigger_errors);

        let (rules, rule_errors) = Rules::new(
            ("<embedded>/calendar.tsv", DEFAULT_CALENDAR),
            ("<embedded>/vocabulary.tsv", DEFAULT_VOCABULARY),
        );
        errors.extend(rule_errors);

        let engine = Engine {
            lexicon,
            names: builder.build(),
            triggers,
            rules,
            nationalities,
            function_words,
            types: project.types.iter().cloned().collect(),
        };
        (engine, errors)
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Compiles confirmed names `(surface, type, entity)` for propagation. A
    /// confirmed person's family name (the last word of a name of two or
    /// more) is propagated too: المالكي after نوري المالكي.
    pub fn propagation<'a>(
        &self,
        confirmed: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
    ) -> Propagation {
        let mut builder = GazetteerBuilder::new(self.function_words.clone());
        let mut seen = HashSet::new();
        for (surface, ty, entity) in confirmed {
            let payload = Confirmed {
                ty: ty.to_owned(),
                entity: entity.map(str::to_owned),
            };
            let family_name = (ty == "PER")
                .then(|| surface.split_whitespace().collect::<Vec<_>>())
                .filter(|words| words.len() >= 2)
                .and_then(|words| words.last().copied());
            for name in std::iter::once(surface).chain(family_name) {
                if seen.insert((crate::normalize::normalize(name), payload.clone())) {
                    builder.add(name, payload.clone());
                }
            }
        }
        Propagation {
            names: builder.build(),
        }
    }

    /// Every mention of a document: its confirmed annotations and the
    /// suggestions that do not overlap them, sorted, without overlaps.
    pub fn mentions(
        &self,
        text: &Text,
        annotations: &AnnFile,
        propagation: &Propagation,
    ) -> Vec<Mention> {
        let candidates: Vec<Mention> = confirmed_mentions(annotations)
            .chain(self.suggestions(text, propagation))
            .collect();
        select(candidates)
    }

    /// The lexicon entities one of whose names is `surface` (after
    /// normalization), best first.
    pub fn entities_named(&self, surface: &str) -> Vec<&str> {
        whole_name(&self.names, surface)
            .into_iter()
            .map(|&index| self.lexicon.get(index).id.as_str())
            .collect()
    }

    /// Suggestions for a document, overlapping each other.
    pub fn suggestions(&self, text: &Text, propagation: &Propagation) -> Vec<Mention> {
        let source = text.as_str();
        let key = MatchKey::new(source);
        let mut out = Vec::new();
        let mut push = |key_start: usize,
                        key_end: usize,
                        ty: &str,
                        origin: Source,
                        candidates: Vec<String>| {
            if !self.types.contains(ty) {
                return;
            }
            let (from, to) = key.original_range(source, key_start, key_end);
            out.push(Mention {
                span: text.span_of_bytes(from, to),
                ty: ty.to_owned(),
                status: Status::Suggested,
                source: origin,
                entity: candidates.first().cloned(),
                candidates,
            });
        };

        for hit in propagation.names.find(source, &key) {
            // The most frequent reading of a name wins; the others stay candidates.
            let best = hit.payloads[0];
            let ids = hit
                .payloads
                .iter()
                .filter_map(|c| c.entity.clone())
                .collect();
            push(
                hit.key_start,
                hit.key_end,
                &best.ty,
                Source::Propagated,
                ids,
            );
        }
        for hit in self.names.find(source, &key) {
            let best = self.lexicon.get(*hit.payloads[0]);
            let ids = hit
                .payloads
                .iter()
                .map(|&&i| self.lexicon.get(i).id.clone())
                .collect();
            push(hit.key_start, hit.key_end, &best.ty, Source::Lexicon, ids);
        }
        let mut people = Vec::new();
        for hit in self.triggers.find(source, &key) {
            if hit.ty == "PER" {
                people.push((hit.key_start, hit.key_end));
            }
            push(
                hit.key_start,
                hit.key_end,
                &hit.ty,
                Source::Pattern,
                Vec::new(),
            );
        }
        // A person named once with a title is the same person later in the
        // document: "الرئيس باراك أوباما … أبلغ أوباما".
        let names = people.iter().map(|&(start, end)| {
            let (from, to) = key.original_range(source, start, end);
            (&source[from..to], "PER", None)
        });
        let named = if people.is_empty() {
            Propagation::empty()
        } else {
            self.propagation(names)
        };
        let titled: HashSet<(usize, usize)> = people.iter().copied().collect();
        for hit in named.names.find(source, &key) {
            if !titled.contains(&(hit.key_start, hit.key_end)) {
                push(
                    hit.key_start,
                    hit.key_end,
                    "PER",
                    Source::Propagated,
                    Vec::new(),
                );
            }
        }
        for hit in self.rules.find(source, &key) {
            push(hit.key_start, hit.key_end, hit.ty, Source::Rule, Vec::new());
        }
        for (start, end) in self.nationalities.find(source, &key) {
            push(start, end, "NORP", Source::Rule, Vec::new());
        }
        out
    }
}

/// A document's confirmed annotations as mentions.
pub fn confirmed_mentions(annotations: &AnnFile) -> impl Iterator<Item = Mention> + '_ {
    annotations.text_bounds().map(|t| Mention {
        span: t.span,
        ty: t.ty.clone(),
        status: Status::Confirmed,
        source: Source::Annotation,
        entity: annotations.entity_of(t.id).map(str::to_owned),
        candidates: Vec::new(),
    })
}

/// Chooses non-overlapping mentions: confirmed first, then the longest, then
/// by source priority, then leftmost. Returns them sorted by position.
pub fn select(mut candidates: Vec<Mention>) -> Vec<Mention> {
    candidates.sort_by_key(|m| {
        (
            m.status != Status::Confirmed,
            std::cmp::Reverse(m.span.len()),
            m.source,
            m.span.start,
        )
    });
    let mut chosen: Vec<Mention> = Vec::with_capacity(candidates.len());
    // Ends of the spans chosen so far, by start. They are disjoint: only the
    // last one starting before a span's end can overlap it.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    for mention in candidates {
        let span = mention.span;
        if span.is_empty() {
            continue;
        }
        let clashes = taken
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, &end)| end > span.start);
        if !clashes {
            taken.insert(span.start, span.end);
            chosen.push(mention);
        }
    }
    chosen.sort_by_key(|m| m.span);
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// Candidates written `start end TYPE source [confirmed]`, one per line;
    /// prints the chosen ones.
    fn check(candidates: &str, expect: Expect) {
        let candidates = candidates
            .lines()
            .map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let source = match fields[3] {
                    "annotation" => Source::Annotation,
                    "propagated" => Source::Propagated,
                    "lexicon" => Source::Lexicon,
                    "pattern" => Source::Pattern,
                    _ => Source::Rule,
                };
                let status = if fields.get(4) == Some(&"confirmed") {
                    Status::Confirmed
                } else {
                    Status::Suggested
                };
                Mention {
                    span: Span::new(fields[0].parse().unwrap(), fields[1].parse().unwrap()),
                    ty: fields[2].to_owned(),
                    status,
                    source,
                    entity: None,
                    candidates: Vec::new(),
                }
            })
            .collect();
        let chosen: Vec<String> = select(candidates)
            .iter()
            .map(|m| {
                format!(
                    "{} {} {} {}",
                    m.span,
                    m.ty,
                    m.source.as_str(),
                    m.status.as_str()
                )
            })
            .collect();
        expect.assert_eq(&chosen.join("\n"));
    }

    #[test]
    fn the_longest_candidate_wins() {
        check(
            "0 5 GPE lexicon\n0 12 ORG pattern\n6 12 GPE lexicon",
            expect!["0..12 ORG pattern suggested"],
        );
    }

    #[test]
    fn equal_spans_go_by_source() {
        check(
            "3 8 PER pattern\n3 8 GPE lexicon\n3 8 PER propagated",
            expect!["3..8 PER propagated suggested"],
        );
    }

    #[test]
    fn confirmed_annotations_hide_what_they_overlap() {
        check(
            "0 20 DATE rule\n2 6 GPE annotation confirmed\n25 30 GPE lexicon",
            expect![[r#"
                2..6 GPE annotation confirmed
                25..30 GPE lexicon suggested"#]],
        );
    }

    #[test]
    fn touching_spans_both_stay() {
        check(
            "0 5 PER pattern\n5 9 DATE rule",
            expect![[r#"
            0..5 PER pattern suggested
            5..9 DATE rule suggested"#]],
        );
    }
}
