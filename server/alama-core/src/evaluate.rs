//! Scoring a document's entity annotations against a gold standard: which
//! gold and predicted entities match, and precision, recall and F1 counted
//! from those matches, per type and per language. `alama eval` scores
//! predictions with it; the same comparison of two annotators' files gives
//! their agreement.
//!
//! Two matchings are counted at once:
//!
//! - **exact**: a predicted entity matches a gold one of the same type and
//!   the same span;
//! - **proclitic-tolerant**: also when their spans end together and the
//!   longer one only adds Arabic proclitics in front of the shorter (و ف ب
//!   ل ك, the article ال, and their combinations: وال، بال، لل، وب…), a
//!   difference of annotation conventions rather than of entities.
//!
//! Each gold and each predicted entity matches at most once: exact pairs
//! are taken first, then the tolerant ones, gold entities in the order of
//! their spans, each with the first predicted entity left that fits.
//!
//! Types are scored as written ([`Types::Fine`]) or in four coarse classes
//! ([`Types::Coarse`]): PER, ORG, PLACE (GPE, LOC and FAC) and DATE; the
//! other types are left out of the coarse scores.
//!
//! Entity ids are scored apart, as linking accuracy ([`Links`]): of the
//! matched pairs whose gold entity carries an id (a brat normalization
//! line), the share whose predicted entity carries the same id. A pair
//! counts once its span and type match, so a wrong type or a missed
//! mention does not count against the linking as well.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::text::{Span, Text};

mod kappa;
#[cfg(test)]
mod tests;

pub use kappa::TokenAgreement;

/// An entity of an annotation: a span, its type as written and the id of
/// the entity it refers to, if it has one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entity {
    pub span: Span,
    pub ty: Arc<str>,
    pub entity: Option<Arc<str>>,
}

impl Entity {
    /// An entity of the type `ty` at `span`, without an id.
    pub fn new(span: Span, ty: &str) -> Entity {
        Entity {
            span,
            ty: Arc::from(ty),
            entity: None,
        }
    }

    /// The same entity referring to the entity `id`.
    pub fn with_entity(self, id: &str) -> Entity {
        Entity {
            entity: Some(Arc::from(id)),
            ..self
        }
    }
}

/// The classes of the coarse view, in the order reports list them.
pub const COARSE_TYPES: [&str; 4] = ["PER", "ORG", "PLACE", "DATE"];

/// Which types are scored, and under which names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Types {
    /// Every type as written.
    Fine,
    /// PER, ORG, PLACE (GPE, LOC and FAC) and DATE; nothing else.
    Coarse,
}

impl Types {
    /// The name `ty` is scored under, or `None` if this view leaves it out.
    pub fn scored_as(self, ty: &str) -> Option<&str> {
        match self {
            Types::Fine => Some(ty),
            Types::Coarse => match ty {
                "PER" | "ORG" | "DATE" => Some(ty),
                "GPE" | "LOC" | "FAC" => Some("PLACE"),
                _ => None,
            },
        }
    }
}

/// The language of a document, told by the script of its letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    Arabic,
    English,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Arabic, Language::English];

    /// Arabic if most of the letters of `text` are in the Arabic script,
    /// else English. Digits, punctuation, symbols and emoji are not letters
    /// and do not count.
    pub fn of(text: &str) -> Language {
        let (mut letters, mut arabic) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            arabic += usize::from(is_arabic_script(c));
        }
        if arabic * 2 > letters {
            Language::Arabic
        } else {
            Language::English
        }
    }

    /// The ISO 639-1 code: `ar`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::English => "en",
        }
    }
}

/// Whether `c` is in one of the Arabic blocks of Unicode (with the
/// supplement, the extended letters and the presentation forms).
fn is_arabic_script(c: char) -> bool {
    matches!(
        c,
        '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{08A0}'..='\u{08FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
    )
}

/// Whether `prefix` is a sequence of Arabic proclitics: an optional
/// conjunction (و ف), then an optional preposition (ب ك ل), then an
/// optional article ال (which ل before it contracts to لل), at least one of
/// them. Harakat and tatweel are ignored.
pub fn is_proclitic_sequence(prefix: &str) -> bool {
    let letters: String = prefix
        .chars()
        .filter(|&c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .collect();
    let mut rest = letters.as_str();
    let conjunction = strip_one(&mut rest, &["و", "ف"]);
    let preposition_or_article = strip_one(&mut rest, &["لل", "بال", "كال", "ب", "ك", "ل", "ال"]);
    rest.is_empty() && (conjunction || preposition_or_article)
}

/// Takes the first of `prefixes` that starts `rest` off it; whether one did.
fn strip_one(rest: &mut &str, prefixes: &[&str]) -> bool {
    match prefixes.iter().find_map(|p| rest.strip_prefix(p)) {
        Some(after) => {
            *rest = after;
            true
        }
        None => false,
    }
}

/// Whether spans `a` and `b` of `text` end together and the longer only
/// adds proclitics (see [`is_proclitic_sequence`]) in front of the shorter,
/// which is not empty.
fn differ_by_proclitics(text: &Text, a: Span, b: Span) -> bool {
    if a.end != b.end || a.start == b.start {
        return false;
    }
    let (longer, shorter) = if a.start < b.start { (a, b) } else { (b, a) };
    !shorter.is_empty()
        && text
            .slice(Span::new(longer.start, shorter.start))
            .is_some_and(is_proclitic_sequence)
}

/// A gold entity and the predicted entity paired with it, by their indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub gold: usize,
    pub predicted: usize,
    /// Whether their spans are the same; else they differ by proclitics.
    pub exact: bool,
}

/// How the gold and predicted entities of a document compare, by their
/// indices. An entity the view of types leaves out, or repeating an earlier
/// one of its side (same span and type), is in none of the lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Pairs of the same (scored) type: exact, or tolerant only.
    pub matched: Vec<Pair>,
    /// Pairs whose spans match, exactly or but for proclitics, and whose
    /// types differ: a miss and a false hit that are one error of type.
    pub retyped: Vec<Pair>,
    /// Gold entities paired with nothing.
    pub missed: Vec<usize>,
    /// Predicted entities paired with nothing.
    pub spurious: Vec<usize>,
}

/// Compares the `predicted` entities of the document `text` with its
/// `gold` ones, under the view `types`.
pub fn compare(text: &Text, gold: &[Entity], predicted: &[Entity], types: Types) -> Comparison {
    let gold_types = scored_types(gold, types);
    let predicted_types = scored_types(predicted, types);
    let mut gold_left = unique_in_order(gold, &gold_types);
    let predicted_order = unique_in_order(predicted, &predicted_types);

    // Exact pairs: one key per entity, since repeated ones are left out.
    let mut exact: FxHashMap<(Span, &str), usize> = predicted_order
        .iter()
        .map(|&p| ((predicted[p].span, predicted_types[p].expect("scored")), p))
        .collect();
    let mut comparison = Comparison::default();
    gold_left.retain(|&g| {
        let key = (gold[g].span, gold_types[g].expect("scored"));
        match exact.remove(&key) {
            Some(p) => {
                comparison.matched.push(Pair {
                    gold: g,
                    predicted: p,
                    exact: true,
                });
                false
            }
            None => true,
        }
    });

    // The predicted entities left, by where they end, in the order of
    // their spans; a paired one is taken out of its list.
    let mut by_end: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for &p in &predicted_order {
        if exact.contains_key(&(predicted[p].span, predicted_types[p].expect("scored"))) {
            by_end.entry(predicted[p].span.end).or_default().push(p);
        }
    }
    let mut pair_left = |same_type: bool, pairs: &mut Vec<Pair>, gold_left: &mut Vec<usize>| {
        gold_left.retain(|&g| {
            let span = gold[g].span;
            let Some(candidates) = by_end.get_mut(&span.end) else {
                return true;
            };
            let fits = candidates.iter().position(|&p| {
                let other = predicted[p].span;
                (predicted_types[p] == gold_types[g]) == same_type
                    && (other == span || differ_by_proclitics(text, span, other))
            });
            match fits {
                Some(at) => {
                    let p = candidates.remove(at);
                    pairs.push(Pair {
                        gold: g,
                        predicted: p,
                        exact: predicted[p].span == span,
                    });
                    false
                }
                None => true,
            }
        });
    };
    pair_left(true, &mut comparison.matched, &mut gold_left);
    pair_left(false, &mut comparison.retyped, &mut gold_left);
    comparison.missed = gold_left;
    let mut spurious: Vec<usize> = by_end.into_values().flatten().collect();
    spurious.sort_unstable_by_key(|&p| (predicted[p].span, p));
    comparison.spurious = spurious;
    comparison
}

/// The name each entity is scored under, `None` for those left out.
fn scored_types(entities: &[Entity], types: Types) -> Vec<Option<&str>> {
    entities.iter().map(|e| types.scored_as(&e.ty)).collect()
}

/// The indices of the scored entities in the order of their spans, each
/// span and scored type once (the first entity that has them).
fn unique_in_order(entities: &[Entity], scored: &[Option<&str>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entities.len())
        .filter(|&i| scored[i].is_some())
        .collect();
    order.sort_by_key(|&i| (entities[i].span, scored[i], i));
    order.dedup_by_key(|&mut i| (entities[i].span, scored[i]));
    order
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    /// The gold entities counted.
    pub fn gold(&self) -> usize {
        self.true_positives + self.false_negatives
    }

    /// The predicted entities counted.
    pub fn predicted(&self) -> usize {
        self.true_positives + self.false_positives
    }

    /// The share of predictions that are right; 0 without predictions.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted())
    }

    /// The share of gold entities found; 0 without gold entities.
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold())
    }

    /// The harmonic mean of precision and recall; 0 when both are.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.true_positives, self.gold() + self.predicted())
    }

    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

/// How the ids of matched pairs compare, over the pairs whose gold entity
/// has an id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Links {
    /// Pairs whose predicted entity has the gold entity's id.
    pub same: usize,
    /// Pairs whose predicted entity has another id.
    pub other: usize,
    /// Pairs whose predicted entity has no id.
    pub none: usize,
}

impl Links {
    /// The pairs counted.
    pub fn linked(&self) -> usize {
        self.same + self.other + self.none
    }

    /// The share of pairs counted whose ids are the same; 0 without pairs.
    pub fn accuracy(&self) -> f64 {
        ratio(self.same, self.linked())
    }

    fn add(&mut self, other: Links) {
        self.same += other.same;
        self.other += other.other;
        self.none += other.none;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Which pairs count as matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    Exact,
    Tolerant,
}

/// Counts per scored type, under one matching.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    types: BTreeMap<Arc<str>, Counts>,
}

impl Scores {
    /// The counts of every type together (micro-averaged scores).
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.types.values() {
            total.add(*counts);
        }
        total
    }

    /// The counts of the type `ty` (scored name).
    pub fn of(&self, ty: &str) -> Counts {
        self.types.get(ty).copied().unwrap_or_default()
    }

    /// The types counted, by name, with their counts.
    pub fn types(&self) -> impl Iterator<Item = (&str, Counts)> {
        self.types.iter().map(|(ty, counts)| (&**ty, *counts))
    }

    fn counts(&mut self, ty: &str) -> &mut Counts {
        if !self.types.contains_key(ty) {
            self.types.insert(Arc::from(ty), Counts::default());
        }
        self.types.get_mut(ty).expect("inserted")
    }

    fn merge(&mut self, other: &Scores) {
        for (ty, counts) in other.types() {
            self.counts(ty).add(counts);
        }
    }
}

/// The scores of some documents under both matchings, and their linking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub documents: usize,
    pub exact: Scores,
    pub tolerant: Scores,
    /// The linking of the pairs of the proclitic-tolerant matching, by
    /// scored type; a type is here once a gold entity of it with an id is
    /// matched.
    links: BTreeMap<Arc<str>, Links>,
}

impl Tally {
    /// The tally of one document whose entities compare as `comparison`
    /// (made by [`compare`] with the same view `types`).
    pub fn of_document(
        comparison: &Comparison,
        gold: &[Entity],
        predicted: &[Entity],
        types: Types,
    ) -> Tally {
        let gold_type = |g: usize| types.scored_as(&gold[g].ty).expect("compared");
        let predicted_type = |p: usize| types.scored_as(&predicted[p].ty).expect("compared");
        let mut tally = Tally {
            documents: 1,
            ..Tally::default()
        };
        for scores in [&mut tally.exact, &mut tally.tolerant] {
            for pair in &comparison.retyped {
                scores.counts(gold_type(pair.gold)).false_negatives += 1;
                scores
                    .counts(predicted_type(pair.predicted))
                    .false_positives += 1;
            }
            for &g in &comparison.missed {
                scores.counts(gold_type(g)).false_negatives += 1;
            }
            for &p in &comparison.spurious {
                scores.counts(predicted_type(p)).false_positives += 1;
            }
        }
        for pair in &comparison.matched {
            let ty = gold_type(pair.gold);
            if let Some(id) = &gold[pair.gold].entity {
                let links = tally.links_mut(ty);
                match &predicted[pair.predicted].entity {
                    Some(other) if other == id => links.same += 1,
                    Some(_) => links.other += 1,
                    None => links.none += 1,
                }
            }
            tally.tolerant.counts(ty).true_positives += 1;
            let exact = tally.exact.counts(ty);
            if pair.exact {
                exact.true_positives += 1;
            } else {
                exact.false_negatives += 1;
                exact.false_positives += 1;
            }
        }
        tally
    }

    /// The scores under `matching`.
    pub fn scores(&self, matching: Matching) -> &Scores {
        match matching {
            Matching::Exact => &self.exact,
            Matching::Tolerant => &self.tolerant,
        }
    }

    /// The linking of each scored type whose matched gold entities have
    /// ids, by name.
    pub fn links(&self) -> impl Iterator<Item = (&str, Links)> {
        self.links.iter().map(|(ty, links)| (&**ty, *links))
    }

    fn links_mut(&mut self, ty: &str) -> &mut Links {
        if !self.links.contains_key(ty) {
            self.links.insert(Arc::from(ty), Links::default());
        }
        self.links.get_mut(ty).expect("inserted")
    }

    /// Adds the documents of `other`.
    pub fn merge(&mut self, other: &Tally) {
        self.documents += other.documents;
        self.exact.merge(&other.exact);
        self.tolerant.merge(&other.tolerant);
        for (ty, links) in other.links() {
            self.links_mut(ty).add(links);
        }
    }
}

/// A document scored: its language, how its entities compare and their
/// counts.
#[derive(Debug, Clone)]
pub struct Scored {
    pub language: Language,
    pub comparison: Comparison,
    pub tally: Tally,
}

/// Scores the `predicted` entities of the document `text` against its
/// `gold` ones, under the view `types`.
pub fn score(text: &Text, gold: &[Entity], predicted: &[Entity], types: Types) -> Scored {
    let comparison = compare(text, gold, predicted, types);
    let tally = Tally::of_document(&comparison, gold, predicted, types);
    Scored {
        language: Language::of(text.as_str()),
        comparison,
        tally,
    }
}

/// The scores of a corpus, by language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    languages: BTreeMap<Language, Tally>,
}

impl Evaluation {
    /// Counts a document scored by [`score`].
    pub fn add(&mut self, scored: &Scored) {
        self.languages
            .entry(scored.language)
            .or_default()
            .merge(&scored.tally);
    }

    /// The tally of the documents in `language`.
    pub fn language(&self, language: Language) -> Tally {
        self.languages.get(&language).cloned().unwrap_or_default()
    }

    /// The tally of every document.
    pub fn overall(&self) -> Tally {
        let mut overall = Tally::default();
        for tally in self.languages.values() {
            overall.merge(tally);
        }
        overall
    }
}
