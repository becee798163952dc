//! The recognition engine: every recognizer over one document, then one
//! choice among overlapping candidates.
//!
//! Recognizers (lexicon names, corpus propagation, trigger patterns, rules)
//! all search the same [`MatchKey`](crate::normalize::MatchKey), whose name
//! starts a [`Haystack`] finds once for every gazetteer; their candidates are merged by
//! [`select`]: longest span first, then by source (propagated, lexicon,
//! pattern, rule), then leftmost. Confirmed annotations always win and hide the
//! suggestions they overlap.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashSet;

use crate::brat::AnnFile;
use crate::bytes::ByteReader;
use crate::chunks::{Chunk, Chunked, Chunks, DEFAULT_CHUNK_WORDS};
use crate::gazetteer::{FunctionWords, Gazetteer, GazetteerBuilder, Haystack};
use crate::lexicon::{EntityIndex, Lexicon, LexiconFile, DEFAULT_LEXICON};
use crate::linking::{Linker, DEFAULT_LINKING};
use crate::name_cache::{self, Key, NameCache, CACHED_NAMES};
use crate::nationality::Nationalities;
use crate::normalize::{is_arabic_letter, is_word_char};
use crate::parallel;
use crate::place_heads::PlaceKind;
use crate::project::Project;
use crate::rules::Rules;
use crate::text::{Span, Text};
use crate::triggers::{
    GivenNames, TriggerHit, Triggers, DEFAULT_GIVEN_NAMES, DEFAULT_SURNAMES, DEFAULT_TRIGGERS,
};
use crate::DataError;

/// The name errors in the embedded lexicon would be reported under.
const DEFAULT_LEXICON_FILE: &str = "<embedded>/lexicon.jsonl";
/// The embedded function words (`lang <TAB> word`).
pub const DEFAULT_FUNCTION_WORDS: &str = include_str!("../data/function_words.tsv");
/// The embedded calendar vocabulary (months, Hijri months, weekdays).
pub const DEFAULT_CALENDAR: &str = include_str!("../data/calendar.tsv");
/// The embedded closed-class vocabulary of the rules (units, currencies…).
pub const DEFAULT_VOCABULARY: &str = include_str!("../data/vocabulary.tsv");

/// Where a mention comes from. Declaration order is the tie-break priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A confirmed annotation of this document.
    Annotation,
    /// A name confirmed elsewhere in the corpus.
    Propagated,
    /// A name that a title or a pattern found elsewhere in this document
    /// (the president Barack Obama … Obama), found again here.
    Repeated,
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
            Source::Repeated => "repeated",
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
    pub ty: Arc<str>,
    pub status: Status,
    pub source: Source,
    /// The linked entity id, if any.
    pub entity: Option<Arc<str>>,
    /// Every candidate entity id of an ambiguous name, best first.
    pub candidates: Vec<Arc<str>>,
}

/// A name confirmed somewhere in the corpus, suggested wherever it recurs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Confirmed {
    pub ty: Arc<str>,
    pub entity: Option<Arc<str>>,
}

/// A name that a document introduces (a person's name after a title, an
/// acronym defined after its organization), found again in the rest of the
/// document with its type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Named {
    /// The name as written.
    pub name: String,
    pub ty: Arc<str>,
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
    let haystack = Haystack::new(surface);
    let whole = haystack.key().as_str().trim_end().len();
    names
        .find(surface, &haystack)
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
    chunks: Chunks,
    linker: Linker,
    rules: Rules,
    nationalities: Arc<Nationalities>,
    function_words: Arc<FunctionWords>,
    /// Shared with the mentions of each type.
    types: FxHashSet<Arc<str>>,
}

impl Engine {
    /// Builds the engine for `project`: the embedded data (unless the project
    /// turns the default lexicon off) plus the project's own files. Errors in
    /// data files are returned; their other lines load.
    pub fn new(project: &Project) -> (Engine, Vec<DataError>) {
        let mut errors = Vec::new();
        let default_function_words = || {
            DEFAULT_FUNCTION_WORDS
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| line.split('\t').nth(1))
        };
        let function_words = Arc::new(FunctionWords::new(default_function_words()));

        let mut lexicon_files = Vec::new();
        if project.default_lexicon {
            lexicon_files.push(LexiconFile::new(DEFAULT_LEXICON_FILE, DEFAULT_LEXICON));
        }
        lexicon_files.extend(project.lexicons.iter().cloned());
        let mut trigger_files = vec![("<embedded>/triggers.tsv", DEFAULT_TRIGGERS)];
        trigger_files.extend(
            project
                .triggers
                .iter()
                .map(|(f, c)| (f.as_str(), c.as_str())),
        );

        // What a load of the same files cached: the lexicon, then its names,
        // both read in place, in the cache file's pages; else what the
        // program has built in (the defaults').
        let cache = project.name_cache.as_ref();
        let key = (cache.is_some() || name_cache::has_built_in())
            .then(|| cache_key(&lexicon_files, &trigger_files))
            .flatten();
        let cached = key.as_ref().and_then(|key| {
            (cache.and_then(|cache| cache.read(key))).or_else(|| name_cache::read_built_in(key))
        });
        let mut sections = cached.as_deref().map(ByteReader::new);
        let mut section = || sections.as_mut().and_then(|sections| sections.bytes());
        let [cached_lexicon, cached_names] = [section(), section()].map(|section| {
            section
                .zip(cached.as_ref())
                .and_then(|(section, cached)| cached.share(section))
        });
        let read = cached_lexicon.and_then(|bytes| Lexicon::from_bytes(&lexicon_files, &bytes));
        // Else loaded; written to the cache, if at all, under the key of
        // the files as read, which may have changed since their key.
        let (lexicon, lexicon_errors, files_read) = match read {
            Some((lexicon, errors)) => (lexicon, errors, None),
            None => {
                let mut lexicon = Lexicon::default();
                let (errors, files_read) = lexicon.load_files(&lexicon_files);
                (lexicon, errors, Some(files_read))
            }
        };
        errors.extend(lexicon_errors.iter().cloned());

        let given_names =
            Arc::new(GivenNames::parse(DEFAULT_GIVEN_NAMES).with_surnames(DEFAULT_SURNAMES));
        let nationalities = Arc::new(Nationalities::new(&lexicon));
        let (triggers, trigger_errors) = Triggers::new(
            &trigger_files,
            function_words.clone(),
            given_names.clone(),
            nationalities.clone(),
        );
        errors.extend(trigger_errors);
        let (chunks, chunk_errors) = Chunks::new(
            ("<embedded>/chunks.tsv", DEFAULT_CHUNK_WORDS),
            DEFAULT_CALENDAR,
            given_names,
            nationalities.clone(),
            function_words.clone(),
        );
        errors.extend(chunk_errors);

        // Lexicon names that are titles, roles or heads never match alone:
        // المدينة is "the city" far more often than Medina.
        let not_names: Vec<&str> = default_function_words()
            .chain(triggers.common_nouns().iter().map(String::as_str))
            .collect();
        let not_names = Arc::new(FunctionWords::new(&not_names));
        let names = cached_names
            .and_then(|bytes| Gazetteer::from_bytes(&bytes, not_names.clone()))
            .unwrap_or_else(|| {
                let names = names_of(&lexicon, not_names.clone());
                let key = cache
                    .and(files_read)
                    .and_then(|files| cache_key(&files, &trigger_files));
                if let (Some(cache), Some(key)) = (cache, key) {
                    write_cache(cache, &key, &lexicon, &lexicon_errors, &names);
                }
                names
            });

        let (rules, rule_errors) = Rules::new(
            ("<embedded>/calendar.tsv", DEFAULT_CALENDAR),
            ("<embedded>/vocabulary.tsv", DEFAULT_VOCABULARY),
        );
        errors.extend(rule_errors);

        let engine = Engine {
            lexicon,
            names,
            triggers,
            chunks,
            linker: Linker::new(DEFAULT_LINKING),
            rules,
            nationalities,
            function_words,
            types: project
                .types
                .iter()
                .map(|t| Arc::from(t.as_str()))
                .collect(),
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
        let mut seen = FxHashSet::default();
        for (surface, ty, entity) in confirmed {
            let payload = Confirmed {
                ty: ty.into(),
                entity: entity.map(Arc::from),
            };
            let family_names = if ty == "PER" {
                self.family_names(surface)
            } else {
                Vec::new()
            };
            for name in std::iter::once(surface).chain(family_names) {
                if seen.insert((crate::normalize::normalize(name), payload.clone())) {
                    builder.add(name, payload.clone());
                }
            }
        }
        Propagation {
            names: builder.build(),
        }
    }

    /// The family names of a person's name of two or more words: its last
    /// word, and with the particle before it if there is one (Al Mansouri,
    /// Mansouri).
    fn family_names<'s>(&self, name: &'s str) -> Vec<&'s str> {
        let words: Vec<&str> = name.split_whitespace().collect();
        let [.., before, last] = words[..] else {
            return Vec::new();
        };
        // After بن or bin comes the father's name: محمد بن راشد is not
        // "راشد", who is another person. After عبد comes the rest of a
        // given name: عبد الله names no family.
        let before_key = crate::normalize::normalize(before);
        if FILIATIONS.contains(&before_key.as_str()) || before_key == "عبد" {
            return Vec::new();
        }
        let mut family_names = vec![last];
        if words.len() >= 3
            && self
                .chunks
                .is_particle(&crate::normalize::normalize(before))
        {
            let start = before.as_ptr() as usize - name.as_ptr() as usize;
            family_names.push(&name[start..]);
        }
        family_names
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
            .map(|&index| &*self.lexicon.get(index).id)
            .collect()
    }

    /// Suggestions for a document, overlapping each other.
    ///
    /// A long document is recognized in pieces of whole lines, one per
    /// core: names, patterns and rules never reach across a line break.
    /// Only the persons named with a title are looked for again in the
    /// whole document, once every piece has found its own. A very long
    /// one (from [`BOUNDED_FROM`] bytes) is recognized in many smaller
    /// pieces, a few at a time, cut at white space in lines longer than a
    /// piece (see [`part_around`]): its recognition takes memory in
    /// proportion to a piece, not to the document.
    pub fn suggestions(&self, text: &Text, propagation: &Propagation) -> Vec<Mention> {
        self.suggestions_and_people(text, propagation).0
    }

    /// [`Engine::suggestions`] for a document, and the names it introduces
    /// (a person's after a title, an acronym after its organization), for
    /// [`Engine::suggestions_in_part`].
    pub fn suggestions_and_people(
        &self,
        text: &Text,
        propagation: &Propagation,
    ) -> (Vec<Mention>, Vec<Named>) {
        self.suggestions_naming(text, propagation, &[])
    }

    /// The suggestions of `part`, a part of a document that introduces
    /// `people` (and other names) elsewhere: those are found in it too, as
    /// they are in the whole document.
    pub fn suggestions_in_part(
        &self,
        part: &Text,
        propagation: &Propagation,
        people: &[Named],
    ) -> Vec<Mention> {
        self.suggestions_naming(part, propagation, people).0
    }

    /// The suggestions of a document and the names it introduces; `people`
    /// introduced elsewhere are found in it too.
    fn suggestions_naming(
        &self,
        text: &Text,
        propagation: &Propagation,
        people: &[Named],
    ) -> (Vec<Mention>, Vec<Named>) {
        let source = text.as_str();
        if source.len() < BOUNDED_FROM {
            let pieces = whole_lines(line_pieces(source, PIECE_BYTES, parallel::cores()));
            self.suggestions_in_pieces(text, &pieces, propagation, people, usize::MAX)
        } else {
            let pieces = bounded_pieces(source, BOUNDED_PIECE_BYTES);
            self.suggestions_in_pieces(text, &pieces, propagation, people, parallel::cores())
        }
    }

    /// Suggestions for a document, recognized in `pieces` (which cover it),
    /// `at_once` at a time on as many threads, and the persons it names
    /// with a title; `people` named elsewhere are found in it too. Unless
    /// all are recognized at once, a piece's haystack is dropped once it is
    /// recognized, and made again only if there are persons to look for.
    fn suggestions_in_pieces(
        &self,
        text: &Text,
        pieces: &[PieceRange],
        propagation: &Propagation,
        people: &[Named],
        at_once: usize,
    ) -> (Vec<Mention>, Vec<Named>) {
        let keep = at_once >= pieces.len();
        // Whether the document reports a match, read when a team is named.
        let match_report = OnceLock::new();
        let mut recognized = Vec::with_capacity(pieces.len());
        for some in pieces.chunks(at_once.max(1)) {
            recognized.extend(parallel::map(some, |&range| {
                let mut piece = self.recognize(text, range, propagation, &match_report);
                if !keep {
                    piece.haystack = None;
                }
                piece
            }));
        }
        let pieces = recognized;

        // A person named once with a title is the same person later in the
        // document: "الرئيس باراك أوباما … أبلغ أوباما".
        let mut titled: Vec<Named> = pieces
            .iter()
            .flat_map(|piece| piece.names.iter().cloned())
            .collect();
        titled.sort_unstable();
        titled.dedup();
        let names = titled
            .iter()
            .chain(people)
            .map(|named| (named.name.as_str(), &*named.ty, None));
        let named = if titled.is_empty() && people.is_empty() {
            Propagation::empty()
        } else {
            self.propagation(names)
        };
        // Room for the pieces' hits at once (the persons named again, found
        // below, are few): grown by doubling, it would copy every hit again
        // and leave up to as much unused.
        let mut found = Vec::with_capacity(pieces.iter().map(|piece| piece.found.len()).sum());
        for mut piece in pieces {
            if !titled.is_empty() || !people.is_empty() {
                let source = piece.source(text);
                let haystack = piece
                    .haystack
                    .take()
                    .unwrap_or_else(|| Haystack::new(source));
                let titled: FxHashSet<(usize, usize)> = piece.people.iter().copied().collect();
                for hit in named.names.find(source, &haystack) {
                    let ty = &hit.payloads[0].ty;
                    let hit = (hit.key_start, hit.key_end);
                    let bytes = haystack.key().original_range(source, hit.0, hit.1);
                    if !titled.contains(&bytes) {
                        let place = (piece.range, &haystack);
                        let one = self.found(text, place, hit, ty, Source::Repeated, Vec::new());
                        piece
                            .found
                            .extend(one.filter(|f| piece.range.owns(f.bytes.0)));
                    }
                }
            }
            found.append(&mut piece.found);
        }
        let ranges: Vec<(usize, usize)> = found.iter().map(|f| f.bytes).collect();
        let spans = text.spans_of_bytes(&ranges);
        drop(ranges);
        let suggestions = found
            .into_iter()
            .zip(spans)
            .map(|(found, span)| Mention {
                span,
                ty: found.ty,
                status: Status::Suggested,
                source: found.source,
                entity: found.candidates.first().cloned(),
                candidates: found.candidates,
            })
            .collect();
        (suggestions, titled)
    }

    /// The suggestions of one piece of `text`, but for titled persons
    /// named again: those that start in its own range.
    fn recognize(
        &self,
        text: &Text,
        range: PieceRange,
        propagation: &Propagation,
        match_report: &OnceLock<bool>,
    ) -> Piece {
        let source = &text.as_str()[range.bytes.0..range.bytes.1];
        let haystack = Haystack::new(source);
        let place = (range, &haystack);
        let mut people = Vec::new();
        // Organizations' names without their head, named again below.
        let mut short_names = Vec::new();
        let mut found = Vec::new();
        for hit in propagation.names.find(source, &haystack) {
            // The most frequent reading of a name wins; the others stay candidates.
            let best = hit.payloads[0];
            let ids = hit
                .payloads
                .iter()
                .filter_map(|c| c.entity.clone())
                .collect();
            let hit = (hit.key_start, hit.key_end);
            found.extend(self.found(text, place, hit, &best.ty, Source::Propagated, ids));
        }
        let first_from_lexicon = found.len();
        let mut headed = Vec::new();
        let reports_a_match = || *match_report.get_or_init(|| is_match_report(text.as_str()));
        for hit in self.names.find(source, &haystack) {
            let span = (hit.key_start, hit.key_end);
            let (best, ids, index) = match hit.payloads[..] {
                [&only] => {
                    let entity = self.lexicon.get(only);
                    headed.extend(self.headed_place(haystack.key().as_str(), span, only));
                    (entity, vec![entity.id.clone()], only)
                }
                _ => {
                    let mut candidates: Vec<EntityIndex> =
                        hit.payloads.iter().map(|&&i| i).collect();
                    let key = haystack.key();
                    let written = key.original_range(source, span.0, span.1);
                    (self.linker).rank(
                        &self.lexicon,
                        (source, written),
                        (key.as_str(), span),
                        &mut candidates,
                    );
                    let ids = candidates
                        .iter()
                        .map(|&i| self.lexicon.get(i).id.clone())
                        .collect();
                    headed.extend(self.headed_place(key.as_str(), span, candidates[0]));
                    (self.lexicon.get(candidates[0]), ids, candidates[0])
                }
            };
            // A city names its club in a match report ("Leeds boss"), and
            // so wherever the report names it.
            let key = haystack.key().as_str();
            let club = key[span.0..].starts_with(|c: char| c.is_ascii_alphabetic())
                && best.ty == "GPE"
                && !self.lexicon.is_country(index)
                && names_a_club(key, span)
                && reports_a_match();
            let ty = if club {
                people.push((haystack.key().original_range(source, span.0, span.1), "ORG"));
                "ORG"
            } else {
                &best.ty
            };
            found.extend(self.found(text, place, span, ty, Source::Lexicon, ids));
        }
        let from_lexicon = first_from_lexicon..found.len();
        let organizations =
            place_organizations(source, range.bytes.0, &found[from_lexicon.clone()]);
        found.extend(
            organizations
                .into_iter()
                .filter_map(|bytes| self.found_bytes(range, bytes, "ORG", Source::Pattern)),
        );
        for (span, ty) in headed {
            found.extend(self.found(text, place, span, ty, Source::Pattern, Vec::new()));
        }
        let Chunked { chunks, lone } = self.chunks.find(source);
        let (by_given_name, by_trigger): (Vec<TriggerHit>, Vec<TriggerHit>) = (self.triggers)
            .find(source, &haystack)
            .into_iter()
            .partition(|hit| hit.by_given_name);
        for hit in by_trigger {
            let span = (hit.key_start, hit.key_end);
            if hit.ty == "PER" {
                let bytes = haystack.key().original_range(source, span.0, span.1);
                // A chunk reads the titles before a name, which a trigger
                // takes for the name (Foreign Minister Prince Faisal), and
                // names longer than a trigger's four words.
                let titled = |c: &Chunk| c.ty == "PER" && c.start < bytes.1 && bytes.0 < c.end;
                if chunks.iter().any(titled) {
                    continue;
                }
                people.push((bytes, "PER"));
            }
            // A place names the team of its country or city, and stays a
            // place (the guideline's «مصر» for Egypt's team): a trigger
            // before it (ضيفه مصر) names no organization.
            let starts_a_place = |(from, to): (usize, usize)| {
                let at = range.bytes.0 + haystack.key().original_range(source, from, to).0;
                let lexicon = &found[from_lexicon.clone()];
                let first = lexicon.partition_point(|f| f.bytes.0 < at);
                lexicon.get(first).is_some_and(|f| f.bytes.0 == at)
            };
            // A name that a trigger outside it announced is no organization
            // where it starts with a place; a head's name is one, but the
            // place alone elsewhere is the place.
            if let Some(short) = hit.short {
                if starts_a_place(short) {
                    if short == span {
                        continue;
                    }
                } else {
                    let bytes = haystack.key().original_range(source, short.0, short.1);
                    short_names.push((bytes, "ORG"));
                }
            }
            if hit.ty == "ORG" {
                let key = haystack.key().as_str();
                let team = team_name(key, span).filter(|&name| !starts_a_place(name));
                if let Some((from, to)) = team.filter(|_| reports_a_match()) {
                    let bytes = haystack.key().original_range(source, from, to);
                    short_names.push((bytes, "ORG"));
                }
                // «وكالة الأنباء السعودية (واس)»: the acronym after the name.
                if let Some((from, to)) = arabic_acronym_after(key, span.1) {
                    let bytes = haystack.key().original_range(source, from, to);
                    short_names.push((bytes, "ORG"));
                    found.extend(self.found(
                        text,
                        place,
                        (from, to),
                        "ORG",
                        Source::Pattern,
                        Vec::new(),
                    ));
                }
                if let Some((from, to)) = short_name(haystack.key().as_str(), span) {
                    let bytes = haystack.key().original_range(source, from, to);
                    short_names.push((bytes, "ORG"));
                }
            }
            found.extend(self.found(text, place, span, &hit.ty, Source::Pattern, Vec::new()));
        }
        // Persons named by a given name alone, where no title named them.
        let titled_people = people.len();
        for hit in by_given_name {
            let bytes = haystack
                .key()
                .original_range(source, hit.key_start, hit.key_end);
            let overlaps =
                |&(other, _): &((usize, usize), &str)| other.0 < bytes.1 && bytes.0 < other.1;
            if people[..titled_people].iter().any(overlaps) {
                continue;
            }
            people.push((bytes, "PER"));
            let span = (hit.key_start, hit.key_end);
            found.extend(self.found(text, place, span, "PER", Source::Pattern, Vec::new()));
        }
        people.append(&mut short_names);
        for chunk in chunks {
            let bytes = (chunk.start, chunk.end);
            if chunk.repeat {
                people.push((bytes, chunk.ty));
            }
            // A company's word that is also a place (Dubai Holding) is the
            // place when it stands alone.
            if let Some(short) = chunk.short {
                let lexicon = &found[from_lexicon.clone()];
                let at = range.bytes.0 + short.0;
                let first = lexicon.partition_point(|f| f.bytes.0 < at);
                if lexicon.get(first).is_none_or(|f| f.bytes.0 != at) {
                    people.push((short, "ORG"));
                }
            }
            let mut one = self.found_bytes(range, bytes, chunk.ty, Source::Pattern);
            if let Some(place) = one.as_mut().filter(|_| chunk.ty == "GPE") {
                let lexicon = &found[from_lexicon.clone()];
                place.candidates = self.region_entities((source, range.bytes.0), bytes, lexicon);
            }
            found.extend(one);
        }
        for hit in self.rules.find(source, &haystack) {
            let span = (hit.key_start, hit.key_end);
            found.extend(self.found(text, place, span, hit.ty, Source::Rule, Vec::new()));
        }
        for span in self.nationalities.find(source, &haystack) {
            found.extend(self.found(text, place, span, "NORP", Source::Rule, Vec::new()));
        }
        self.lone_names(source, range, lone, &mut found, &mut people);
        let names = people
            .iter()
            .filter(|&&((from, _), _)| range.owns(range.bytes.0 + from))
            .map(|&((from, to), ty)| Named {
                name: source[from..to].to_owned(),
                ty: ty.into(),
            })
            .collect();
        let people = people.into_iter().map(|(bytes, _)| bytes).collect();
        if range.own != range.bytes {
            found.retain(|f| range.owns(f.bytes.0));
        }
        Piece {
            range,
            haystack: Some(haystack),
            found,
            people,
            names,
        }
    }

    /// Adds the lone capitalized words of a piece, `lone` (see
    /// [`Chunked::lone`]), that nothing else found to `found` as
    /// organizations, and to `people` to be found again in the whole
    /// document. A word of a person's name is the person's, not an
    /// organization.
    fn lone_names(
        &self,
        source: &str,
        range: PieceRange,
        lone: Vec<(usize, usize)>,
        found: &mut Vec<Found>,
        people: &mut Vec<((usize, usize), &str)>,
    ) {
        if lone.is_empty() {
            return;
        }
        let mut taken: Vec<(usize, usize)> = found
            .iter()
            .map(|f| (f.bytes.0 - range.bytes.0, f.bytes.1 - range.bytes.0))
            .collect();
        taken.sort_unstable();
        // The furthest end of the spans up to each one, so that whether any
        // span starting before a word ends inside it takes one look.
        let mut furthest = 0;
        for span in &mut taken {
            furthest = furthest.max(span.1);
            span.1 = furthest;
        }
        let person_words: FxHashSet<&str> = (people.iter())
            .filter(|(_, ty)| *ty == "PER")
            .flat_map(|&((from, to), _)| source[from..to].split(' '))
            .collect();
        for (start, end) in lone {
            let first_after = taken.partition_point(|t| t.0 < end);
            let overlaps = first_after > 0 && taken[first_after - 1].1 > start;
            if overlaps || person_words.contains(&source[start..end]) {
                continue;
            }
            people.push(((start, end), "ORG"));
            found.extend(self.found_bytes(range, (start, end), "ORG", Source::Pattern));
        }
    }

    /// The key range and type of the organization named by a head and the
    /// lexicon name at the key range `span` of the matching key `key`, whose
    /// best reading is `entity` («مولودية وهران», «منتخب مصر»): see
    /// [`PlaceHeads`](crate::place_heads::PlaceHeads). None where the entity
    /// is not a place or no head comes before it.
    fn headed_place(
        &self,
        key: &str,
        span: (usize, usize),
        entity: EntityIndex,
    ) -> Option<((usize, usize), &str)> {
        // The heads are Arabic, and so are the names after them.
        if !key[span.0..].starts_with(is_arabic_letter) {
            return None;
        }
        let kind = || match &*self.lexicon.get(entity).ty {
            _ if self.lexicon.is_country(entity) => Some(PlaceKind::Country),
            "GPE" | "FAC" => Some(PlaceKind::BelowCountry),
            "LOC" => Some(PlaceKind::Region),
            _ => None,
        };
        let (start, ty) = self.triggers.place_heads().before(key, span.0, kind)?;
        Some(((start, span.1), ty))
    }

    /// The entities of a place named by a lexicon name and a region word
    /// after it ("Kiambu County"), the chunk at `bytes` of the piece
    /// `source` that starts at the document's byte `offset`: those of the
    /// name's suggestion among `from_lexicon` (the piece's, sorted by
    /// start), ranked with the region word. None for other places.
    fn region_entities(
        &self,
        (source, offset): (&str, usize),
        (start, end): (usize, usize),
        from_lexicon: &[Found],
    ) -> Vec<Arc<str>> {
        let Some((name, word)) = source[start..end].rsplit_once(' ') else {
            return Vec::new();
        };
        if !self.linker.is_region_word_after(word) {
            return Vec::new();
        }
        let name = (offset + start, offset + start + name.trim_end().len());
        let first = from_lexicon.partition_point(|f| f.bytes.0 < name.0);
        from_lexicon[first..]
            .iter()
            .take_while(|f| f.bytes.0 == name.0)
            .find(|f| f.bytes.1 == name.1)
            .map(|f| f.candidates.clone())
            .unwrap_or_default()
    }

    /// A suggestion of the byte range `bytes` of a piece, unless its type is
    /// not one of the project's.
    fn found_bytes(
        &self,
        range: PieceRange,
        (from, to): (usize, usize),
        ty: &str,
        source: Source,
    ) -> Option<Found> {
        Some(Found {
            bytes: (range.bytes.0 + from, range.bytes.0 + to),
            ty: self.types.get(ty)?.clone(),
            source,
            candidates: Vec::new(),
        })
    }

    /// A suggestion of the key range `hit` of a piece and its haystack,
    /// unless its type is not one of the project's.
    fn found(
        &self,
        text: &Text,
        (range, haystack): (PieceRange, &Haystack),
        (key_start, key_end): (usize, usize),
        ty: &str,
        source: Source,
        candidates: Vec<Arc<str>>,
    ) -> Option<Found> {
        let ty = self.types.get(ty)?.clone();
        let piece = &text.as_str()[range.bytes.0..range.bytes.1];
        let (from, to) = haystack.key().original_range(piece, key_start, key_end);
        Some(Found {
            bytes: (range.bytes.0 + from, range.bytes.0 + to),
            ty,
            source,
            candidates,
        })
    }
}

/// A suggestion placed by its byte range in the document: a document's
/// ranges are converted to code points together, in one pass.
struct Found {
    bytes: (usize, usize),
    ty: Arc<str>,
    source: Source,
    candidates: Vec<Arc<str>>,
}

/// Arabic organizations named by a place and a complement with لل, and
/// a nisba after it if there is one (مصر للطيران، القاهرة للدراسات
/// الاقتصادية): the byte ranges, in the piece `source` that starts at the
/// document's byte `offset`, of the places among `from_lexicon` (the
/// piece's lexicon suggestions, sorted by start) followed by such a
/// complement. A complement that is itself a place (القاهرة للرياض, "from
/// Cairo to Riyadh") names none.
fn place_organizations(source: &str, offset: usize, from_lexicon: &[Found]) -> Vec<(usize, usize)> {
    /// The Arabic letters `text` starts with.
    fn word(text: &str) -> &str {
        let len = text
            .find(|c: char| !is_arabic_letter(c))
            .unwrap_or(text.len());
        &text[..len]
    }
    let mut organizations = Vec::new();
    for place in from_lexicon.iter().filter(|f| &*f.ty == "GPE") {
        let end = place.bytes.1 - offset;
        // Most places are followed by anything but لل: looked for first.
        let Some(rest) = source[end..].strip_prefix(" لل") else {
            continue;
        };
        let complement = &source[end + 1..end + 1 + "لل".len() + word(rest).len()];
        if complement.chars().count() < 5 {
            continue;
        }
        let complement_start = offset + end + 1;
        let first = from_lexicon.partition_point(|f| f.bytes.0 < complement_start);
        let is_place = (from_lexicon.get(first))
            .is_some_and(|f| f.bytes.0 < complement_start + complement.len());
        if is_place {
            continue;
        }
        let mut organization_end = end + 1 + complement.len();
        if let Some(after) = source[organization_end..].strip_prefix(' ') {
            let adjective = word(after);
            let nisba = adjective.starts_with("ال")
                && (adjective.ends_with('ي') || adjective.ends_with("ية"));
            if nisba && adjective.chars().count() > 4 {
                organization_end += 1 + adjective.len();
            }
        }
        organizations.push((end - (place.bytes.1 - place.bytes.0), organization_end));
    }
    organizations
}

/// The heads of Arabic organizations that news names again without the
/// head, by the definite phrase after it: parties, movements, fronts,
/// alliances, armed groups and armed forces («قوات الدعم السريع» is then
/// «الدعم السريع», «حزب العدالة والتنمية» «العدالة والتنمية», «تنظيم
/// الدولة الإسلامية» «الدولة الإسلامية»). Ministries and
/// councils are not among them: «وزارة التعليم العالي» does not make
/// «التعليم العالي» a name. Written as matching keys (ة as ه, ئ as ء).
const SHORT_NAMED_HEADS: [&str; 10] = [
    "قوات",
    "تنظيم",
    "جماعه",
    "حركه",
    "حزب",
    "جبهه",
    "تيار",
    "اءتلاف",
    "تحالف",
    "كتله",
];

/// The byte range, in the matching key `key`, of the short name of the
/// Arabic organization at `start..end` of it: its definite phrase of two
/// words or more after a head of [`SHORT_NAMED_HEADS`]. None for other
/// organizations.
fn short_name(key: &str, (start, end): (usize, usize)) -> Option<(usize, usize)> {
    let (head, rest) = key[start..end].split_once(' ')?;
    let is_short_named = SHORT_NAMED_HEADS.contains(&head);
    (is_short_named && rest.starts_with("ال") && rest.contains(' '))
        .then(|| (end - rest.len(), end))
}

/// The heads of a team's name in a match report (فريق النصر، نادي
/// الظفرة), which names the team again without them. Written as matching
/// keys.
const TEAM_HEADS: [&str; 2] = ["فريق", "نادي"];

/// Words of match reports, as written: a document with two different ones
/// reports a match, where a team's head is left out as often as written.
/// Elsewhere فريق العمل is a working team, and العمل no name.
const MATCH_WORDS: [&str; 20] = [
    "مباراة",
    "المباراة",
    "مباراه",
    "المباراه",
    "مباريات",
    "الشوط",
    "الدوري",
    "هدفين",
    "الملعب",
    "المدرب",
    "match",
    "goal",
    "goals",
    "league",
    "scored",
    "striker",
    "midfielder",
    "equaliser",
    "equalizer",
    "stoppage",
];

/// The English words after a city's name that make it the name of its
/// club in a match report, as matching keys: "Leeds boss", "the Liverpool
/// star". OntoNotes marks such a city an organization.
const CLUB_ROLES: [&str; 19] = [
    "boss",
    "manager",
    "coach",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "keeper",
    "captain",
    "star",
    "forward",
    "winger",
    "fans",
    "supporters",
    "side",
    "squad",
    "player",
    "players",
    "team",
];

/// The key range of an Arabic acronym in parentheses right after the key
/// byte `end` of an organization's name: one word of two to five letters
/// (واس, واع), or letters apart (أ ف ب).
fn arabic_acronym_after(key: &str, end: usize) -> Option<(usize, usize)> {
    let rest = key[end..].strip_prefix(" (")?;
    let inside = &rest[..rest.find(')')?];
    let letters = inside.chars().filter(|&c| c != ' ').count();
    let one_word = !inside.contains(' ') && (2..=5).contains(&letters);
    let spelled = inside.split(' ').all(|part| part.chars().count() == 1) && letters >= 2;
    let fits = (one_word || spelled) && inside.chars().all(|c| c == ' ' || is_arabic_letter(c));
    let start = end + " (".len();
    fits.then_some((start, start + inside.len()))
}

/// The English words before a city's name that make it the name of its
/// club in a match report: "rivals Sunderland", "beat Burnley".
const CLUB_CUES_BEFORE: [&str; 6] = ["rivals", "beat", "against", "defeated", "v", "vs"];

/// Whether the English name at the key range `span` of `key` names a club
/// by the words around it (see [`CLUB_ROLES`] and [`CLUB_CUES_BEFORE`]).
fn names_a_club(key: &str, (start, end): (usize, usize)) -> bool {
    let after = key[end..].strip_prefix(' ').unwrap_or_default();
    let next = &after[..after
        .find(|c: char| !is_word_char(c))
        .unwrap_or(after.len())];
    let before = key[..start].strip_suffix(' ').unwrap_or_default();
    let previous_start = (before.char_indices().rev())
        .find(|&(_, c)| !is_word_char(c))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let previous = &before[previous_start..];
    CLUB_ROLES.contains(&next) || CLUB_CUES_BEFORE.contains(&previous)
}

/// The byte range, in the matching key `key`, of the name of the team at
/// `start..end` of it without its head of [`TEAM_HEADS`]: one definite word
/// or two words (النصر، شباب الأهلي). None for other organizations.
fn team_name(key: &str, (start, end): (usize, usize)) -> Option<(usize, usize)> {
    let (head, rest) = key[start..end].split_once(' ')?;
    let words = rest.split(' ').count();
    let fits = TEAM_HEADS.contains(&head)
        && (words == 1 && rest.starts_with("ال") || words == 2)
        && rest.chars().all(|c| c == ' ' || is_arabic_letter(c));
    fits.then(|| (end - rest.len(), end))
}

/// Whether the document `text` reads as a match report: two different
/// [`MATCH_WORDS`] in it. Read on the whole document, so that its pieces
/// agree.
fn is_match_report(text: &str) -> bool {
    // Bit `n` is set when a match word takes `n` bytes: most words are
    // passed over by their length alone.
    let lengths = MATCH_WORDS
        .iter()
        .fold(0u64, |bits, w| bits | 1 << w.len().min(63));
    let mut seen = None;
    for word in text.split(|c: char| !is_word_char(c)) {
        if lengths & 1 << word.len().min(63) == 0 {
            continue;
        }
        if let Some(found) = MATCH_WORDS.iter().position(|w| *w == word) {
            match seen {
                Some(other) if other != found => return true,
                _ => seen = Some(found),
            }
        }
    }
    false
}

/// The words that link a name to the father's name after it, as matching
/// keys: بن، ابن، بنت, bin, ibn, bint.
const FILIATIONS: [&str; 6] = ["بن", "ابن", "بنت", "bin", "ibn", "bint"];

/// Documents from this size on are recognized in pieces, on several cores.
const PIECE_BYTES: usize = 128 * 1024;

/// Documents from this size on are recognized in pieces of about a
/// megabyte, a few at a time: recognizing a megabyte takes
/// some six times as much memory for a while.
pub const BOUNDED_FROM: usize = 16 << 20;

/// See [`BOUNDED_FROM`].
const BOUNDED_PIECE_BYTES: usize = 1 << 20;

/// How far along a line, in bytes, the text a suggestion depends on reaches
/// at most: its own characters and those its recognizer reads around them.
/// The longest name of the embedded lexicon takes 193 bytes; a trigger
/// pattern reads its phrase and at most a dozen words before or after it;
/// a rule's longest matches, dates with their weekday, take under 100. Only
/// words of abnormal length (a run of a thousand digits, say) reach further.
pub const MATCH_REACH: usize = 1024;

/// Where a piece of a document lies: the byte range recognized, and the
/// range of its own whose suggestions it keeps, the same for whole lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PieceRange {
    bytes: (usize, usize),
    own: (usize, usize),
}

impl PieceRange {
    fn owns(&self, byte: usize) -> bool {
        self.own.0 <= byte && byte < self.own.1
    }
}

/// Part of a document recognized on its own.
struct Piece {
    range: PieceRange,
    /// Dropped once it is recognized when many pieces are.
    haystack: Option<Haystack>,
    found: Vec<Found>,
    /// The byte ranges, in the piece, of the names it introduces.
    people: Vec<(usize, usize)>,
    /// Those names as written, of those that start in its own range.
    names: Vec<Named>,
}

impl Piece {
    fn source<'t>(&self, text: &'t Text) -> &'t str {
        &text.as_str()[self.range.bytes.0..self.range.bytes.1]
    }
}

/// Pieces of whole lines: each its own.
fn whole_lines(ranges: Vec<(usize, usize)>) -> Vec<PieceRange> {
    ranges
        .into_iter()
        .map(|bytes| PieceRange { bytes, own: bytes })
        .collect()
}

/// Pieces of about `size` bytes that cover `source`: each ends after a
/// line break, if one comes soon after `size` bytes, else at white space,
/// and is recognized with the context of its line around it (see
/// [`part_around`]).
fn bounded_pieces(source: &str, size: usize) -> Vec<PieceRange> {
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < source.len() {
        let mut end = ceil_boundary(source, (start + size).min(source.len()));
        let soon = &source[end..ceil_boundary(source, (end + size / 4).min(source.len()))];
        end += match soon.find('\n') {
            Some(at) => at + 1,
            None => soon.find(char::is_whitespace).unwrap_or(0),
        };
        let own = (start, end);
        let bytes = part_around(source, own, 2 * MATCH_REACH).bytes;
        pieces.push(PieceRange { bytes, own });
        start = end;
    }
    pieces
}

/// A part of a document to recognize on its own, and the part of it whose
/// suggestions are those of the whole document: byte ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub bytes: (usize, usize),
    pub exact: (usize, usize),
}

/// The part of `source` to recognize for the suggestions around the byte
/// range `from..to` (on character boundaries): the lines around it, but on
/// a line longer than that at most `reach` bytes on either side, cut at
/// white space. Names, trigger patterns and rules never match across a line
/// break and reach at most [`MATCH_REACH`] bytes along a line; so the
/// suggestions found in the part but that far from where it cuts a line are
/// those of the whole document: that is `exact`, which holds `from..to`
/// when `reach` is at least twice [`MATCH_REACH`].
pub fn part_around(source: &str, (from, to): (usize, usize), reach: usize) -> Part {
    let floor = floor_boundary(source, from.saturating_sub(reach));
    let ceiling = ceil_boundary(source, (to + reach).min(source.len()));
    let before = &source[floor..from];
    let (start, exact_start) = match before.rfind('\n') {
        Some(at) => (floor + at + 1, floor + at + 1),
        None if floor == 0 => (0, 0),
        None => {
            // The first white space of the first margin, if any.
            let margin = &before[..ceil_boundary(before, MATCH_REACH.min(before.len()))];
            let cut = floor + margin.find(char::is_whitespace).unwrap_or(0);
            let exact = ceil_boundary(source, (cut + MATCH_REACH).min(from));
            (cut, exact)
        }
    };
    let after = &source[to..ceiling];
    let (end, exact_end) = match after.find('\n') {
        Some(at) => (to + at, to + at),
        None if ceiling == source.len() => (ceiling, ceiling),
        None => {
            // The last white space of the last margin, if any.
            let margin = floor_boundary(after, after.len().saturating_sub(MATCH_REACH));
            let cut = to + margin + after[margin..].rfind(char::is_whitespace).unwrap_or(0);
            let exact = floor_boundary(source, cut.saturating_sub(MATCH_REACH).max(to));
            (cut, exact)
        }
    };
    Part {
        bytes: (start, end),
        exact: (exact_start, exact_end.max(exact_start)),
    }
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Splits `source` into at most `most` byte ranges of whole lines, of
/// about the same size and not much shorter than `at_least` bytes.
fn line_pieces(source: &str, at_least: usize, most: usize) -> Vec<(usize, usize)> {
    let count = (source.len() / at_least).clamp(1, most.max(1));
    let mut pieces = Vec::with_capacity(count);
    let mut start = 0;
    for i in 1..count {
        let target = source.len() * i / count;
        // The piece ends after the next line break.
        match source.as_bytes()[target.max(start)..]
            .iter()
            .position(|&b| b == b'\n')
        {
            Some(at) => {
                let end = target.max(start) + at + 1;
                pieces.push((start, end));
                start = end;
            }
            None => break,
        }
    }
    pieces.push((start, source.len()));
    pieces
}

/// The gazetteer of every surface form of the lexicon's entities.
fn names_of(lexicon: &Lexicon, not_names: Arc<FunctionWords>) -> Gazetteer<EntityIndex> {
    let mut builder = GazetteerBuilder::new(not_names);
    builder.extend(
        lexicon
            .iter()
            .flat_map(|(index, entity)| entity.surfaces().map(move |surface| (surface, index))),
    );
    builder.build()
}

/// Caches a lexicon, the `errors` of its load and its `names`, when they
/// are many enough to be worth it and can be written out.
fn write_cache(
    cache: &NameCache,
    key: &Key,
    lexicon: &Lexicon,
    errors: &[DataError],
    names: &Gazetteer<EntityIndex>,
) {
    let surfaces: usize = lexicon.iter().map(|(_, e)| e.surfaces().count()).sum();
    if surfaces < CACHED_NAMES {
        return;
    }
    if let Some(names) = names.to_bytes() {
        cache.write(key, &[&lexicon.to_bytes(errors), &names]);
    }
}

/// The cache key of a lexicon's load: every lexicon file, in order, and the
/// data its names are checked against (function words, trigger nouns);
/// `None` if a file cannot be read.
fn cache_key(lexicon_files: &[LexiconFile], trigger_files: &[(&str, &str)]) -> Option<Key> {
    let mut key = Key::new();
    for file in lexicon_files {
        file.add_to(&mut key).ok()?;
    }
    key.add(DEFAULT_FUNCTION_WORDS);
    for (file, text) in trigger_files {
        key.add(file);
        key.add(text);
    }
    Some(key)
}

/// A document's confirmed annotations as mentions.
pub fn confirmed_mentions(annotations: &AnnFile) -> impl Iterator<Item = Mention> + '_ {
    annotations.text_bounds().map(|t| Mention {
        span: t.span,
        ty: t.ty.as_str().into(),
        status: Status::Confirmed,
        source: Source::Annotation,
        entity: annotations.entity_of(t.id).map(Arc::from),
        candidates: Vec::new(),
    })
}

/// Chooses non-overlapping mentions: confirmed first, then the longest, then
/// by source priority, then leftmost. Returns them sorted by position.
pub fn select(candidates: Vec<Mention>) -> Vec<Mention> {
    // The order of choice as one integer per candidate, which sorts faster
    // than tuples: from the top bit, not confirmed, shortness, source,
    // start, and the index, which breaks ties as a stable sort would.
    // Offsets fit in 32 bits, as everywhere in the core.
    let mut order: Vec<u128> = candidates
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let shortness = u32::MAX - m.span.len() as u32;
            u128::from(m.status != Status::Confirmed) << 104
                | u128::from(shortness) << 72
                | (m.source as u128) << 64
                | (m.span.start as u128) << 32
                | index as u128
        })
        .collect();
    order.sort_unstable();
    let end = candidates.iter().map(|m| m.span.end).max().unwrap_or(0);
    let mut taken = Taken::new(end);
    // (start, index) of the chosen spans, which are disjoint and not empty.
    let mut chosen = Vec::new();
    for key in order {
        let index = key as u32 as usize;
        let span = candidates[index].span;
        if !span.is_empty() && !taken.any(span) {
            taken.insert(span);
            chosen.push((span.start, index));
        }
    }
    chosen.sort_unstable();
    let mut candidates: Vec<Option<Mention>> = candidates.into_iter().map(Some).collect();
    // Of the length chosen: the mentions of a document stay as long as it
    // is open, and collecting a filter would leave up to as much again
    // unused behind them.
    let mut selected = Vec::with_capacity(chosen.len());
    selected.extend(
        chosen
            .into_iter()
            .filter_map(|(_, index)| candidates[index].take()),
    );
    selected
}

/// The characters of a document that chosen mentions cover, one bit each.
struct Taken(Vec<u64>);

impl Taken {
    fn new(len: usize) -> Taken {
        Taken(vec![0; len.div_ceil(64)])
    }

    /// Whether any character of a non-empty `span` is taken.
    fn any(&self, span: Span) -> bool {
        Self::words(span).any(|(word, mask)| self.0[word] & mask != 0)
    }

    fn insert(&mut self, span: Span) {
        for (word, mask) in Self::words(span) {
            self.0[word] |= mask;
        }
    }

    /// The words a non-empty `span` covers, each with the mask of its bits.
    fn words(span: Span) -> impl Iterator<Item = (usize, u64)> {
        let (first, last) = (span.start / 64, (span.end - 1) / 64);
        (first..=last).map(move |word| {
            let from = if word == first { span.start % 64 } else { 0 };
            let to = if word == last {
                (span.end - 1) % 64
            } else {
                63
            };
            (word, (u64::MAX >> (63 - to)) & (u64::MAX << from))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::project::Project;
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
                    "repeated" => Source::Repeated,
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
                    ty: fields[2].into(),
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
    fn short_named_heads_are_matching_keys() {
        for head in SHORT_NAMED_HEADS {
            assert_eq!(normalize(head), head);
        }
    }

    #[test]
    fn an_organization_of_a_short_named_head_has_a_short_name() {
        fn short(text: &str) -> Option<String> {
            let key = normalize(text);
            short_name(&key, (0, key.len())).map(|(start, end)| key[start..end].to_owned())
        }
        assert_eq!(short("قوات الدعم السريع").as_deref(), Some("الدعم السريع"));
        assert_eq!(
            short("حركة الشباب المجاهدين").as_deref(),
            Some("الشباب المجاهدين")
        );
        assert_eq!(short("ائتلاف دولة القانون"), None);
        assert_eq!(short("حزب الله"), None);
        assert_eq!(short("وزارة التعليم العالي"), None);
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
    fn spans_across_64_characters_clash_where_they_overlap() {
        check(
            "60 130 EVENT rule\n129 131 GPE lexicon\n130 140 GPE lexicon\n0 0 PER pattern\n59 60 PER pattern",
            expect![[r#"
                59..60 PER pattern suggested
                60..130 EVENT rule suggested
                130..140 GPE lexicon suggested"#]],
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

    #[test]
    fn line_pieces_cover_the_text_in_whole_lines() {
        fn pieces(source: &str, at_least: usize, most: usize) -> Vec<&str> {
            line_pieces(source, at_least, most)
                .into_iter()
                .map(|(start, end)| &source[start..end])
                .collect()
        }
        let source = "one\r\ntwo\nthree\nfour five six\nseven";
        assert_eq!(pieces(source, 100, 4), [source]);
        assert_eq!(
            pieces(source, 10, 4),
            ["one\r\ntwo\nthree\n", "four five six\n", "seven"]
        );
        assert_eq!(
            pieces(source, 1, 2),
            ["one\r\ntwo\nthree\nfour five six\n", "seven"]
        );
        assert_eq!(pieces("no line break", 1, 4), ["no line break"]);
        assert_eq!(pieces("", 1, 4), [""]);
    }

    #[test]
    fn a_document_recognized_in_pieces_gets_the_suggestions_of_a_whole() {
        let (engine, errors) = Engine::new(&Project::with_defaults(".".into()));
        assert!(errors.is_empty());
        // A titled person in one piece is named again in the others.
        let text = "قال الرئيس الأمريكي باراك أوباما في واشنطن يوم 11 يونيو 2014.\n\
                    President Barack Obama spoke in Baghdad 😀 on June 11, 2014.\r\n"
            .repeat(3)
            + "وأبلغ أوباما بغداد. Later Obama met them at 5 p.m.\n";
        let text = Text::new(text);
        let propagation = Propagation::empty();
        let whole = engine
            .suggestions_in_pieces(
                &text,
                &whole_lines(line_pieces(text.as_str(), usize::MAX, 1)),
                &propagation,
                &[],
                usize::MAX,
            )
            .0;
        let pieces = whole_lines(line_pieces(text.as_str(), 1, 7));
        assert_eq!(pieces.len(), 7);
        let in_pieces = engine
            .suggestions_in_pieces(&text, &pieces, &propagation, &[], usize::MAX)
            .0;
        assert_eq!(select(in_pieces), select(whole.clone()));
        let named_again: Vec<&str> = select(whole)
            .iter()
            .filter(|m| m.source == Source::Repeated)
            .map(|m| text.slice(m.span).unwrap())
            .collect();
        assert_eq!(named_again, ["أوباما", "Obama"]);
    }

    #[test]
    fn a_document_recognized_in_bounded_pieces_gets_the_suggestions_of_a_whole() {
        let (engine, errors) = Engine::new(&Project::with_defaults(".".into()));
        assert!(errors.is_empty());
        // The seeds on one long line, then as they are: titles, names,
        // dates and numbers, cut into pieces far smaller than a line.
        let articles = [
            include_str!("../../../seeds/000_fa838d974829c45c.txt"),
            include_str!("../../../seeds/001_3c9b909a0e592931.txt"),
            include_str!("../../../seeds/002_663c9990e2e41927.txt"),
            include_str!("../../../seeds/003_24617dfb4d3308d4.txt"),
            include_str!("../../../seeds/004_4151f71197af0b2e.txt"),
        ];
        let text = Text::new(format!(
            "{}\n{}",
            articles.join(" ").replace('\n', " "),
            articles.concat()
        ));
        let propagation = Propagation::empty();
        let (whole, people) = engine.suggestions_in_pieces(
            &text,
            &whole_lines(vec![(0, text.as_str().len())]),
            &propagation,
            &[],
            usize::MAX,
        );
        let pieces = bounded_pieces(text.as_str(), 300);
        assert!(pieces.len() > 100);
        assert!(pieces.windows(2).all(|w| w[0].own.1 == w[1].own.0));
        let (bounded, bounded_people) =
            engine.suggestions_in_pieces(&text, &pieces, &propagation, &[], 2);
        assert!(!people.is_empty());
        assert_eq!(bounded_people, people);
        assert_eq!(select(bounded), select(whole));
    }

    /// Lists the suggestions of type `ty` the default engine makes in `text`.
    fn suggested(ty: &str, text: &str) -> Vec<String> {
        let (engine, errors) = Engine::new(&Project::with_defaults(".".into()));
        assert!(errors.is_empty());
        let document = Text::new(text.to_owned());
        select(engine.suggestions(&document, &Propagation::empty()))
            .iter()
            .filter(|m| &*m.ty == ty)
            .map(|m| document.slice(m.span).unwrap().to_owned())
            .collect()
    }

    /// Lists the organizations the default engine suggests in `text`.
    fn organizations(text: &str) -> Vec<String> {
        suggested("ORG", text)
    }

    #[test]
    fn a_family_name_is_no_fathers_name_nor_the_end_of_a_given_name() {
        let (engine, errors) = Engine::new(&Project::with_defaults(".".into()));
        assert!(errors.is_empty());
        assert_eq!(engine.family_names("نوري المالكي"), ["المالكي"]);
        assert!(engine.family_names("محمد بن راشد").is_empty());
        assert!(engine.family_names("فوزية بنت عبد الله").is_empty());
        assert!(engine.family_names("أحمد عبد الله").is_empty());
        // Nor is الله found again after a title found the name.
        let text = "وقالت السيدة فوزية بنت عبد الله زينل إن المجلس، حفظه الله، مستمر.";
        assert_eq!(suggested("PER", text), ["فوزية بنت عبد الله"]);
    }

    #[test]
    fn facilities_named_by_a_head_and_a_place_or_a_definite_phrase() {
        assert_eq!(
            suggested(
                "FAC",
                "أقيمت المباراة على ملعب بنغازي، وزار الوفد متحف البحرين الوطني وقصر الصافرية."
            ),
            ["ملعب بنغازي", "متحف البحرين الوطني", "قصر الصافرية"]
        );
    }

    #[test]
    fn an_arabic_acronym_after_an_organization_is_one_too() {
        assert_eq!(
            organizations(
                "ذكرت وكالة الأنباء السعودية (واس) 😀 أن واس نشرت، وقال مجلس النواب (بيان طويل جدا) إن"
            ),
            ["وكالة الأنباء السعودية", "واس", "واس", "مجلس النواب"]
        );
    }

    #[test]
    fn a_match_report_names_a_city_for_its_club() {
        let text = "Leeds boss Daniel Farke praised the win over rivals Sunderland 😀. \
                    Leeds scored twice in stoppage time, and the Sunderland fans left. \
                    England beat Spain in the league match.";
        assert_eq!(
            organizations(text),
            ["Leeds", "Sunderland", "Leeds", "Sunderland"]
        );
        // A country stays a place, and outside a match report so does a city.
        assert_eq!(suggested("GPE", text), ["England", "Spain"]);
        assert_eq!(
            suggested(
                "GPE",
                "The Leeds manager of the bank said rivals in London agreed."
            ),
            ["Leeds", "London"]
        );
    }

    #[test]
    fn a_match_report_names_its_teams_again_without_their_heads() {
        assert_eq!(
            organizations(
                "فاز فريق النصر على ضيفه الظفرة 😀 بهدفين في المباراة، وتقدم النصر في الشوط الأول \
                 ثم عادل الظفرة. Al Nasr won."
            ),
            ["فريق النصر", "الظفرة", "النصر", "الظفرة", "Al Nasr"]
        );
        // A country after a rival word names its team and stays a place.
        let text = "فاز منتخب تونس على ضيفه مصر بهدفين في المباراة، وتقدم مصر في الشوط الأول.";
        assert_eq!(organizations(text), ["منتخب تونس"]);
        assert_eq!(suggested("GPE", text), ["مصر", "مصر"]);
        // Outside a match report, a team's head is no club's: فريق العمل is
        // a working team, and العمل no name.
        assert_eq!(
            organizations("أنهى فريق العمل تقريره، وقال إن العمل مستمر."),
            ["فريق العمل"]
        );
    }

    #[test]
    fn a_lone_unknown_word_is_an_organization_in_the_whole_document() {
        let (engine, errors) = Engine::new(&Project::with_defaults(".".into()));
        assert!(errors.is_empty());
        let document = Text::new(
            "Vodacom will buy a stake in Safaricom, officials said.\n\
             Safaricom shares rose. President John Struijk said Struijk will stay.\n"
                .to_owned(),
        );
        let suggestions = engine.suggestions(&document, &Propagation::empty());
        let typed: Vec<String> = select(suggestions)
            .iter()
            .filter(|m| matches!(&*m.ty, "ORG" | "PER"))
            .map(|m| format!("{} {}", m.ty, document.slice(m.span).unwrap()))
            .collect();
        assert_eq!(
            typed,
            [
                "ORG Safaricom",
                "ORG Safaricom",
                "PER John Struijk",
                "PER Struijk"
            ]
        );
    }

    #[test]
    fn a_part_of_a_document_finds_the_persons_it_names_with_a_title_elsewhere() {
        let (engine, errors) = Engine::new(&Project::with_defaults(".".into()));
        assert!(errors.is_empty());
        let propagation = Propagation::empty();
        let document = Text::new(
            "قال الرئيس الأمريكي باراك أوباما في واشنطن. President Barack Obama spoke.\n\
             وأبلغ أوباما بغداد. Later Obama met them.\n"
                .to_owned(),
        );
        let (_, people) = engine.suggestions_and_people(&document, &propagation);
        let names: Vec<&str> = people.iter().map(|named| named.name.as_str()).collect();
        assert_eq!(names, ["Barack Obama", "باراك أوباما"]);
        let part = Text::new("وأبلغ أوباما بغداد. Later Obama met them.\n".to_owned());
        let persons = |suggestions: Vec<Mention>| -> Vec<String> {
            select(suggestions)
                .iter()
                .filter(|m| &*m.ty == "PER")
                .map(|m| part.slice(m.span).unwrap().to_owned())
                .collect()
        };
        assert!(persons(engine.suggestions(&part, &propagation)).is_empty());
        let found = engine.suggestions_in_part(&part, &propagation, &people);
        assert_eq!(persons(found), ["أوباما", "Obama"]);
    }

    #[test]
    fn lexicon_names_that_are_titles_or_heads_never_match_alone() {
        let mut project = Project::with_defaults(".".into());
        project.default_lexicon = false;
        let lexicon = [
            r#"{"id": "t:1", "type": "GPE", "names": {"ar": "المدينة", "en": "Medina"}}"#,
            r#"{"id": "t:2", "type": "GPE", "names": {"ar": "المصنع"}}"#,
            r#"{"id": "t:3", "type": "GPE", "names": {"ar": "الموصل"}}"#,
        ];
        project
            .lexicons
            .push(LexiconFile::new("lexicon.jsonl", lexicon.join("\n")));
        // A project's own head makes its noun common too.
        project
            .triggers
            .push(("triggers.tsv".into(), "ORG\thead\tمصنع\n".into()));
        let (engine, errors) = Engine::new(&project);
        assert!(errors.is_empty(), "{errors:?}");
        let text = Text::new("سيطروا على المدينة والمصنع في الموصل. Medina".to_owned());
        let suggestions = engine.suggestions(&text, &Propagation::empty());
        let found: Vec<&str> = suggestions
            .iter()
            .map(|m| text.slice(m.span).unwrap())
            .collect();
        assert_eq!(found, ["الموصل", "Medina"]);
    }

    #[test]
    fn an_engine_read_from_the_cache_finds_what_a_built_one_finds() {
        let dir = tempfile::tempdir().unwrap();
        let mut project = Project::with_defaults(".".into());
        let cache = dir.path().join("cache");
        project.name_cache = Some(NameCache::new(cache.clone()));
        let lexicon = [
            r#"{"id": "t:1", "type": "PER", "names": {"ar": "نوري المالكي", "en": "Nouri al-Maliki"}}"#,
            r#"{"id": "geonames:98182", "aliases": ["مدينة السلام"]}"#,
            r#"{"id": "t:2", "type": "ORG"}"#,
        ];
        let people = dir.path().join("people.jsonl");
        std::fs::write(&people, lexicon.join("\n")).unwrap();
        project.lexicons.push(LexiconFile::at(&people));
        let (built, built_errors) = Engine::new(&project);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
        let (read, read_errors) = Engine::new(&project);
        // Read from the cache: only the entities asked for are parsed.
        let entities_read = read.lexicon().entities_read();
        assert!(entities_read < 1000, "{entities_read} entities read");

        assert_eq!(read_errors, built_errors);
        assert_eq!(built_errors.len(), 1, "{built_errors:?}");
        let text = Text::new(
            "قال نوري المالكي في مدينة السلام إن العراقيين 🙂 وللولايات المتحدة. Nouri al-Maliki, Baghdad"
                .to_owned(),
        );
        let suggestions = |engine: &Engine| engine.suggestions(&text, &Propagation::empty());
        assert_eq!(suggestions(&read), suggestions(&built));
        let listing: Vec<String> = suggestions(&read)
            .iter()
            .map(|m| format!("{} {} {:?}", text.slice(m.span).unwrap(), m.ty, m.entity))
            .collect();
        expect![[r#"
            [
                "نوري المالكي PER Some(\"t:1\")",
                "مدينة السلام GPE Some(\"geonames:98182\")",
                "لولايات المتحدة GPE Some(\"iso3166:US\")",
                "Nouri al-Maliki PER Some(\"t:1\")",
                "Baghdad GPE Some(\"geonames:98182\")",
                "السلام GPE None",
                "نوري المالكي PER None",
                "Nouri al-Maliki PER None",
                "العراقيين NORP None",
                "المالكي PER None",
                "al-Maliki PER None",
            ]
        "#]]
        .assert_debug_eq(&listing);
    }

    #[test]
    fn the_cache_key_changes_with_every_input() {
        let key = |lexicons: &[(&str, &'static str)], triggers: &[(&str, &str)]| {
            let files: Vec<LexiconFile> = (lexicons.iter())
                .map(|&(file, text)| LexiconFile::new(file, text))
                .collect();
            cache_key(&files, triggers).unwrap().finish()
        };
        let triggers = [("t.tsv", "ORG\thead\tمصنع")];
        let base = key(&[("a.jsonl", "{}")], &triggers);
        assert_eq!(key(&[("a.jsonl", "{}")], &triggers), base);
        assert_ne!(key(&[("b.jsonl", "{}")], &triggers), base);
        assert_ne!(key(&[("a.jsonl", "{ }")], &triggers), base);
        assert_ne!(key(&[("a.jsonl", "{"), ("b.jsonl", "}")], &triggers), base);
        assert_ne!(
            key(&[("a.jsonl", "{}")], &[("t.tsv", "ORG\thead\tمدينة")]),
            base
        );
        assert_ne!(key(&[("a.jsonl", "{}")], &[]), base);

        // A file on disk keys as its text does; a missing one has no key.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{}").unwrap();
        let on_disk = LexiconFile::at(&path);
        let given = LexiconFile::new(on_disk.name.clone(), "{}");
        let key_of = |file: LexiconFile| cache_key(&[file], &triggers).map(|key| key.finish());
        assert_eq!(key_of(on_disk.clone()), key_of(given));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(key_of(on_disk), None);
    }
}
