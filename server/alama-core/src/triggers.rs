//! Trigger patterns: titles, roles and generic heads that announce a name no
//! lexicon holds (الرئيس باراك أوباما, وزارة الخارجية, city of Mosul).
//!
//! Triggers are data (`data/triggers.tsv`, extended by a project's
//! `.alama/triggers.tsv`): `type <TAB> mode <TAB> phrase`. They are found with
//! a [`Gazetteer`], so clitics work as for names (بالرئيس بايدن). The name
//! next to a trigger is then read token by token with a few rules of Arabic
//! and English name shapes, described on each function below.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::gazetteer::{FirstWords, FunctionWords, Gazetteer, GazetteerBuilder, Haystack};
use crate::nationality::Nationalities;
use crate::normalize::{is_arabic_letter, is_word_char, normalize, MatchKey};
use crate::place_heads::PlaceHeads;
use crate::DataError;

/// The embedded default triggers.
pub const DEFAULT_TRIGGERS: &str = include_str!("../data/triggers.tsv");

/// Where the name is relative to its trigger, and whether the trigger is part
/// of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The name follows; the trigger is not part of it.
    Before,
    /// As `Before`, for a title that is also a common noun (الفريق, a
    /// general and a team): the name must start with a known given name.
    BeforeGiven,
    /// The name follows and includes the trigger (in Arabic, only a definite
    /// phrase).
    Head,
    /// The name precedes; the trigger is not part of it.
    After,
    /// The name precedes and includes the trigger.
    Tail,
    /// An Arabic head with the article, which names an organization with
    /// the nisba adjectives after it (البنك المركزي المصري, المنتخب الوطني)
    /// and never alone.
    DefiniteHead,
    /// The name follows, read as after `Before`, and includes the trigger
    /// unless it is quoted: a head before an organization's bare name
    /// (وكالة رويترز، صحيفة «الأهرام» → الأهرام).
    NamedHead,
}

#[derive(Debug, PartialEq)]
struct Trigger {
    ty: String,
    mode: Mode,
    arabic: bool,
}

/// A name found next to a trigger, as a key byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerHit {
    pub key_start: usize,
    pub key_end: usize,
    pub ty: String,
    /// Whether a given name found it, not a title or head: a person named
    /// without a title.
    pub by_given_name: bool,
    /// The key range of an organization's name that stands without its
    /// head here or elsewhere, and so is worth finding again in the
    /// document: the whole hit when a trigger outside it announced it
    /// (ضيفه الظفرة, the newspaper Al-Ahram), the name after a head that
    /// is part of it when the name is no definite phrase (بنك برقان, then
    /// «برقان»).
    pub short: Option<(usize, usize)>,
}

mod dateline;
mod persons;
mod quoted;

impl TriggerHit {
    /// An organization named without a head at the key range `start..end`
    /// of `key` (in quotation marks, in a dateline). A name of one word
    /// without the article is a brand's (أرامكو، رويترز), worth finding
    /// again in the document; a definite word alone (الوطني) is also an
    /// adjective elsewhere.
    fn headless_organization(key: &str, start: usize, end: usize) -> TriggerHit {
        let brand = !key[start..end].contains(' ') && !key[start..].starts_with("ال");
        TriggerHit {
            key_start: start,
            key_end: end,
            ty: "ORG".to_owned(),
            by_given_name: false,
            short: brand.then_some((start, end)),
        }
    }
}

/// Person given-name tokens (Arabic and Latin spellings), normalized.
#[derive(Debug, Default)]
pub struct GivenNames {
    all: FxHashSet<String>,
    /// The [`FirstWords::hash`] of each Arabic one-word given name, and the
    /// filter of those hashes in front of the set.
    arabic: FxHashSet<u64>,
    arabic_filter: FirstWords,
    /// Arabic family-name tokens, normalized.
    surnames: FxHashSet<String>,
    /// The hashes of the words that may follow a given name in a person's
    /// name, but for nisbas: Arabic given names, family names, بن, عبد…
    after_given: FxHashSet<u64>,
    /// The hashes of the Arabic given names of foreigners (the `abroad`
    /// origin: ريتشارد), after which any name word is a family name.
    abroad: FxHashSet<u64>,
}

/// The embedded family names (`ar <TAB> en` per line).
pub const DEFAULT_SURNAMES: &str = include_str!("../data/surnames.tsv");

/// The embedded given names (`ar <TAB> en` per line, and `<TAB>abroad`
/// after the names of foreigners).
pub const DEFAULT_GIVEN_NAMES: &str = include_str!("../data/given_names.tsv");

impl GivenNames {
    pub fn parse(content: &str) -> GivenNames {
        let mut all = FxHashSet::default();
        let mut arabic = Vec::new();
        let mut abroad = FxHashSet::default();
        for line in content.lines().filter(|line| !line.starts_with('#')) {
            let mut columns = line.split('\t');
            let (ar, en) = (columns.next().unwrap_or_default(), columns.next());
            let ar = normalize(ar);
            if !ar.is_empty() && !ar.contains(' ') {
                arabic.push(FirstWords::hash(&ar));
                if columns.next() == Some("abroad") {
                    abroad.insert(FirstWords::hash(&ar));
                }
            }
            for key in [ar, en.map(normalize).unwrap_or_default()] {
                if !key.is_empty() {
                    all.insert(key);
                }
            }
        }
        arabic.sort_unstable();
        arabic.dedup();
        GivenNames {
            all,
            arabic_filter: FirstWords::new_of_hashes(&arabic),
            after_given: arabic.iter().copied().collect(),
            arabic: arabic.into_iter().collect(),
            surnames: FxHashSet::default(),
            abroad,
        }
    }

    /// Whether the word whose [`FirstWords::hash`] is `hash` is the Arabic
    /// given name of foreigners.
    fn is_abroad(&self, hash: u64) -> bool {
        self.abroad.contains(&hash)
    }

    /// Whether the word whose [`FirstWords::hash`] is `hash` is an Arabic
    /// given name.
    fn is_arabic_given(&self, hash: u64) -> bool {
        self.arabic_filter.may_contain(hash) && self.arabic.contains(&hash)
    }

    /// Adds the family names of `content` (`ar <TAB> en` per line), which
    /// confirm that the words after a given name are a person's name.
    pub fn with_surnames(mut self, content: &str) -> GivenNames {
        self.surnames = content
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .map(normalize)
            .filter(|name| !name.is_empty())
            .collect();
        let links = persons::LINKS.iter().chain(&["عبد"]);
        let after_given = self
            .surnames
            .iter()
            .map(String::as_str)
            .chain(links.copied());
        self.after_given.extend(after_given.map(FirstWords::hash));
        self
    }

    /// Whether the word whose hash is `hash` may follow a given name in a
    /// person's name; nisbas aside.
    fn may_follow_given(&self, hash: u64) -> bool {
        self.after_given.contains(&hash)
    }

    /// Whether `key`, a matching key, is a family name.
    pub fn is_surname(&self, key: &str) -> bool {
        self.surnames.contains(key)
    }

    /// Whether `key`, a matching key, is a given name.
    pub fn contains(&self, key: &str) -> bool {
        self.all.contains(key)
    }
}

pub struct Triggers {
    gazetteer: Gazetteer<Trigger>,
    /// The first word of every trigger: a name never runs into one.
    first_words: FxHashSet<String>,
    /// The keys of the one-word triggers, and of the Arabic ones with the
    /// article too (مدينة, المدينة): common nouns, not names.
    common_nouns: Vec<String>,
    /// The keys of the `adjective` lines: definite adjectives that continue
    /// an organization's name as a nisba does (النيابة العامة).
    adjectives: FxHashSet<String>,
    /// The heads of the `place` and `city` lines.
    place_heads: PlaceHeads,
    function_words: Arc<FunctionWords>,
    given_names: Arc<GivenNames>,
    nationalities: Arc<Nationalities>,
}

impl Triggers {
    /// Loads trigger files `(name, content)`; malformed lines are reported
    /// and skipped.
    pub fn new(
        files: &[(&str, &str)],
        function_words: Arc<FunctionWords>,
        given_names: Arc<GivenNames>,
        nationalities: Arc<Nationalities>,
    ) -> (Triggers, Vec<DataError>) {
        let mut builder = GazetteerBuilder::new(Arc::new(FunctionWords::default()));
        let mut first_words = FxHashSet::default();
        let mut common_nouns = Vec::new();
        let mut adjectives = FxHashSet::default();
        let mut place_heads = PlaceHeads::default();
        let mut errors = Vec::new();
        for &(file, content) in files {
            for (number, line) in content.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(adjective) = adjective_of(line) {
                    adjectives.insert(normalize(adjective));
                    continue;
                }
                match place_heads.read_line(line) {
                    Some(Ok(())) => continue,
                    Some(Err(message)) => {
                        errors.push(DataError {
                            file: file.to_owned(),
                            line: number + 1,
                            message,
                        });
                        continue;
                    }
                    None => {}
                }
                match parse_trigger(line) {
                    Ok((trigger, phrase)) => {
                        let key = normalize(phrase);
                        // A definite head is also the genitive of another
                        // (مجلس الأمن، وزارة الداخلية): names run into it.
                        if trigger.mode != Mode::DefiniteHead {
                            first_words.extend(key.split(' ').next().map(str::to_owned));
                        }
                        if !key.contains(' ') {
                            if key.starts_with(is_arabic_letter) && !key.starts_with("ال") {
                                common_nouns.push(format!("ال{key}"));
                            }
                            common_nouns.push(key);
                        }
                        builder.add(phrase, trigger);
                    }
                    Err(message) => errors.push(DataError {
                        file: file.to_owned(),
                        line: number + 1,
                        message,
                    }),
                }
            }
        }
        let triggers = Triggers {
            gazetteer: builder.build(),
            first_words,
            common_nouns,
            adjectives,
            place_heads,
            function_words,
            given_names,
            nationalities,
        };
        (triggers, errors)
    }

    /// The one-word titles, roles and heads, as matching keys: a lexicon name
    /// that is one of them (السفيرة, a town in Syria, is "the ambassador")
    /// names a common noun far more often than the entity.
    pub fn common_nouns(&self) -> &[String] {
        &self.common_nouns
    }

    /// The heads that name an organization with the lexicon place after
    /// them (the `place` and `city` lines).
    pub fn place_heads(&self) -> &PlaceHeads {
        &self.place_heads
    }

    pub fn find(&self, text: &str, haystack: &Haystack) -> Vec<TriggerHit> {
        let reader = Reader {
            text,
            key: haystack.key(),
            triggers: self,
        };
        let mut hits = Vec::new();
        let mut seen = FxHashSet::default();
        for hit in self.gazetteer.find(text, haystack) {
            for trigger in hit.payloads {
                let name = match trigger.mode {
                    Mode::Before
                    | Mode::BeforeGiven
                    | Mode::Head
                    | Mode::DefiniteHead
                    | Mode::NamedHead => reader.name_after(hit.key_end, trigger),
                    Mode::After | Mode::Tail => reader.name_before(hit.key_start, trigger),
                };
                let Some((name_start, name_end)) = name else {
                    continue;
                };
                // «الشركة الجزائرية» describes one of many companies; «الحكومة
                // المصرية» names the one government.
                let head = &reader.key.as_str()[hit.key_start..hit.key_end];
                if trigger.mode == Mode::DefiniteHead
                    && MANY_PER_COUNTRY.contains(&head)
                    && reader.is_nationality_alone(name_start, name_end)
                {
                    continue;
                }
                // Head and tail triggers belong to the name they announce.
                let (key_start, key_end) = match trigger.mode {
                    // A quoted name stands without its head (شركة «سبيس 42»).
                    Mode::Head | Mode::DefiniteHead | Mode::NamedHead
                        if !reader.key.as_str()[hit.key_end..name_start].contains(['"', '«']) =>
                    {
                        (hit.key_start, name_end)
                    }
                    Mode::Head | Mode::DefiniteHead | Mode::NamedHead => (name_start, name_end),
                    Mode::Tail => (name_start, hit.key_end),
                    Mode::Before | Mode::BeforeGiven | Mode::After => (name_start, name_end),
                };
                // Nested triggers (Prime Minister, Minister) find one name twice.
                if seen.insert((key_start, key_end, trigger.ty.as_str())) {
                    let short = match trigger.mode {
                        Mode::Before | Mode::After => Some((key_start, key_end)),
                        Mode::NamedHead
                            if key_start == hit.key_start
                                && !reader.key.as_str()[name_start..].starts_with("ال") =>
                        {
                            Some((name_start, name_end))
                        }
                        _ => None,
                    };
                    hits.push(TriggerHit {
                        key_start,
                        key_end,
                        ty: trigger.ty.clone(),
                        by_given_name: false,
                        short: short.filter(|_| trigger.ty == "ORG"),
                    });
                }
            }
        }
        // A quoted name, or a dateline's agency, that a trigger read is the
        // trigger's.
        let mut quoted = reader.quoted_names();
        quoted.extend(reader.dateline_sources());
        if !quoted.is_empty() {
            let read = |q: &TriggerHit| {
                hits.iter()
                    .any(|hit| hit.key_start < q.key_end && q.key_start < hit.key_end)
            };
            let unread: Vec<TriggerHit> = quoted.into_iter().filter(|q| !read(q)).collect();
            hits.extend(unread);
        }
        hits.extend(reader.persons(haystack));
        hits
    }
}

/// The phrase of an `adjective` line (`ORG<TAB>adjective<TAB>العامة`),
/// `None` for other lines.
fn adjective_of(line: &str) -> Option<&str> {
    let mut fields = line.split('\t');
    let (Some(_), Some("adjective"), Some(phrase), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return None;
    };
    Some(phrase.trim()).filter(|phrase| !phrase.is_empty())
}

fn parse_trigger(line: &str) -> Result<(Trigger, &str), String> {
    let mut fields = line.split('\t');
    let (Some(ty), Some(mode), Some(phrase), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err("expected `type<TAB>mode<TAB>phrase`".to_owned());
    };
    let mode = match mode {
        "before" => Mode::Before,
        "given" => Mode::BeforeGiven,
        "head" => Mode::Head,
        "after" => Mode::After,
        "tail" => Mode::Tail,
        "definite" => Mode::DefiniteHead,
        "named" => Mode::NamedHead,
        other => {
            return Err(format!(
                "unknown mode `{other}` (before, given, head, after, tail, definite, named, adjective, place, city)"
            ))
        }
    };
    if ty.is_empty() || phrase.trim().is_empty() {
        return Err("empty type or phrase".to_owned());
    }
    let arabic = phrase.chars().any(is_arabic_letter);
    Ok((
        Trigger {
            ty: ty.to_owned(),
            mode,
            arabic,
        },
        phrase,
    ))
}

/// A token of the key: a word (letters joined by `-` or `'` count as one,
/// "al-maliki") or one punctuation character.
#[derive(Debug, Clone, Copy)]
struct Token<'k> {
    start: usize,
    end: usize,
    text: &'k str,
}

impl Token<'_> {
    fn is_word(&self) -> bool {
        self.text.starts_with(is_word_char)
    }

    fn is_arabic(&self) -> bool {
        self.text.starts_with(is_arabic_letter)
    }

    /// Starts with the article ال (and is more than the article).
    fn is_definite(&self) -> bool {
        self.text.starts_with("ال") && self.text.chars().count() > 3
    }

    /// A relative adjective or nisba noun: الأمريكي، العراقية، الخارجية.
    fn is_nisba(&self) -> bool {
        self.is_definite() && (self.text.ends_with('ي') || self.text.ends_with("يه"))
    }

    /// Starts with a clitic before the article: بالبريد، للأنباء، والشام.
    fn has_clitic_article(&self) -> bool {
        ["بال", "وال", "فال", "كال", "لل"]
            .iter()
            .any(|p| self.text.starts_with(p))
    }
}

/// A word of five letters or more starting with و or ف reads as a
/// conjunction and a word (وبقايا), not as part of a name (وول ستريت).
fn starts_with_conjunction(token: &Token) -> bool {
    (token.text.starts_with('و') || token.text.starts_with('ف')) && token.text.chars().count() >= 5
}

/// Tokens from `pos` on (forward) or before `pos` (backward), stopping at a
/// line break.
fn tokens(key: &str, pos: usize, forward: bool) -> impl Iterator<Item = Token<'_>> {
    let mut cursor = pos;
    std::iter::from_fn(move || {
        let (start, end) = if forward {
            let start = cursor + key[cursor..].find(|c| c != ' ')?;
            (start, token_end(key, start))
        } else {
            let end = key[..cursor].trim_end_matches(' ').len();
            if end == 0 {
                return None;
            }
            (token_start(key, end), end)
        };
        let text = &key[start..end];
        if text == "\n" {
            return None;
        }
        cursor = if forward { end } else { start };
        Some(Token { start, end, text })
    })
}

/// Up to `N` tokens of `next`, on the stack, and how many there are: what
/// an organization's name may read after its head.
fn lookahead<'k, const N: usize>(next: impl Iterator<Item = Token<'k>>) -> ([Token<'k>; N], usize) {
    let mut ahead = [Token {
        start: 0,
        end: 0,
        text: "",
    }; N];
    let mut len = 0;
    for token in next.take(N) {
        ahead[len] = token;
        len += 1;
    }
    (ahead, len)
}

fn is_joiner(c: char) -> bool {
    c == '-' || c == '\''
}

fn token_end(key: &str, start: usize) -> usize {
    let first = key[start..]
        .chars()
        .next()
        .expect("start is inside the key");
    if !is_word_char(first) {
        return start + first.len_utf8();
    }
    let mut end = start;
    let mut chars = key[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = is_joiner(c) && chars.peek().is_some_and(|&(_, next)| is_word_char(next));
        if !is_word_char(c) && !joins || c == '\'' && is_possessive(&key[start + i..]) {
            break;
        }
        end = start + i + c.len_utf8();
    }
    end
}

/// An English possessive ending, `'s` closing a word: not part of the name.
fn is_possessive(rest: &str) -> bool {
    rest.strip_prefix("'s")
        .is_some_and(|after| !after.starts_with(is_word_char))
}

fn token_start(key: &str, end: usize) -> usize {
    let last = key[..end]
        .chars()
        .next_back()
        .expect("end is inside the key");
    if !is_word_char(last) {
        return end - last.len_utf8();
    }
    let mut start = end;
    let mut chars = key[..end].char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = is_joiner(c) && chars.peek().is_some_and(|&(_, prev)| is_word_char(prev));
        if !is_word_char(c) && !joins {
            break;
        }
        start = i;
    }
    start
}

/// The definite heads (as matching keys) of which a country has many, so
/// that the head and a nationality adjective describe one of them and name
/// none (the guideline's «الشركة الجزائرية»). A country's government, army
/// or parliament is one, and so named («الحكومة المصرية»); الجامعة is left
/// out, as «الجامعة الأردنية» is a university's name.
const MANY_PER_COUNTRY: [&str; 4] = ["الشركه", "المؤسسه", "الصندوق", "النادي"];

/// Reads the name next to one trigger occurrence.
struct Reader<'a> {
    text: &'a str,
    key: &'a MatchKey,
    triggers: &'a Triggers,
}

/// Latin particles allowed inside a name between capitalized words.
const LATIN_PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "abu", "bint", "de", "van", "von", "da", "di", "du", "la",
];

impl Reader<'_> {
    /// Whether a token cannot be part of a name: punctuation, a function
    /// word, or (in Arabic, where heads are not capitalized) a trigger word.
    fn is_blocked(&self, token: &Token) -> bool {
        !token.is_word()
            || self.triggers.function_words.contains(token.text)
            || (token.is_arabic() && self.triggers.first_words.contains(token.text))
    }

    fn is_given(&self, token: &Token) -> bool {
        self.triggers.given_names.contains(token.text)
    }

    /// Whether a token is an adjective of an organization's name: a nisba
    /// (المركزي، الوطنية) or a definite adjective of the `adjective` lines
    /// (العامة، المسلحة، السريع), without a clitic before its article; not a
    /// function word that looks like a nisba (الذي).
    fn is_organization_adjective(&self, token: &Token) -> bool {
        (token.is_nisba() || (token.is_definite() && self.triggers.adjectives.contains(token.text)))
            && !token.has_clitic_article()
            && !self.triggers.function_words.contains(token.text)
    }

    fn is_nationality(&self, token: &Token) -> bool {
        self.triggers.nationalities.is_adjective(token.text)
    }

    /// Whether the key range is one nationality adjective alone.
    fn is_nationality_alone(&self, start: usize, end: usize) -> bool {
        let word = &self.key.as_str()[start..end];
        !word.contains(' ') && self.triggers.nationalities.is_adjective(word)
    }

    /// Whether the original text of a Latin token starts with a capital, or
    /// its last part after a particle does (al-Maliki).
    fn is_capitalized(&self, token: &Token) -> bool {
        let (from, to) = self.key.original_range(self.text, token.start, token.end);
        let original = &self.text[from..to];
        let starts_upper = |part: &str| part.chars().next().is_some_and(char::is_uppercase);
        starts_upper(original) || original.rsplit(is_joiner).next().is_some_and(starts_upper)
    }

    /// The name after a trigger (without the trigger).
    fn name_after(&self, trigger_end: usize, trigger: &Trigger) -> Option<(usize, usize)> {
        let key = self.key.as_str();
        let mut next = tokens(key, trigger_end, true).peekable();
        // A definite head names nothing but with a nisba after it, not even
        // a quoted name.
        if trigger.mode == Mode::DefiniteHead {
            let first = next.peek().filter(|t| self.is_organization_adjective(t))?;
            let start = first.start;
            let (ahead, len) = lookahead::<6>(next);
            return Some((start, self.organization_end(start, &ahead[..len])));
        }
        if next.peek().is_some_and(|t| t.text == "\"" || t.text == "«") {
            return self.quoted(next);
        }
        if !trigger.arabic {
            return self.latin_run(next, 4);
        }
        if trigger.ty == "PER" {
            let given = trigger.mode == Mode::BeforeGiven;
            return self.arabic_person_after(next, given);
        }
        let mut first = next.next()?;
        // العاصمة النمساوية فيينا: the adjective describes the head.
        if trigger.ty == "GPE" && first.is_definite() && self.is_nationality(&first) {
            first = next.next()?;
        }
        if !first.is_arabic() || self.is_blocked(&first) || first.has_clitic_article() {
            return None;
        }
        if first.is_definite() {
            // A definite phrase: the head belongs to the name (وزارة الخارجية
            // الأمريكية) except for places (مدينة الموصل الشمالية → الموصل).
            if trigger.ty == "GPE" {
                return Some((first.start, first.end));
            }
            if trigger.ty == "ORG" {
                let (ahead, len) = lookahead::<5>(next);
                return Some((first.start, self.organization_end(first.end, &ahead[..len])));
            }
            let mut end = first.end;
            for token in next.take(2) {
                if !token.is_nisba() {
                    break;
                }
                end = token.end;
            }
            return Some((first.start, end));
        }
        // An indefinite name stands on its own (وكالة رويترز، مدينة تكريت
        // العراقية، محافظة صلاح الدين), and never after a head that is part of
        // the name (قوات لمساعدتنا); an indefinite nisba is an adjective
        // (مدينة عراقية).
        // But a construct chain closed by a definite word is (محكمة جنايات
        // القاهرة، هيئة كبار العلماء), and so is a person's name (مركز محمد بن
        // راشد للفضاء، ملعب حمادي العقربي) or a word with a complement after
        // لل (دوري أدنوك للمحترفين).
        let named = matches!(trigger.ty.as_str(), "ORG" | "FAC");
        if trigger.mode == Mode::Head && named && !first.is_nisba() && !self.is_blocked(&first) {
            let after_person = self
                .is_given(&first)
                .then(|| self.name_after_given(first.end, false))
                .flatten();
            let end = match after_person {
                Some(end) => end,
                None => {
                    let next = next.peek()?;
                    let closes = next.is_arabic()
                        && next.is_definite()
                        && !self.is_blocked(next)
                        && !next.has_clitic_article();
                    if closes {
                        next.end
                    } else if next.text.starts_with("لل") {
                        first.end
                    } else {
                        return None;
                    }
                }
            };
            let rest = tokens(self.key.as_str(), end, true);
            let (ahead, len) = lookahead::<5>(rest);
            return Some((first.start, self.organization_end(end, &ahead[..len])));
        }
        if trigger.mode == Mode::Head || first.text.ends_with("يه") {
            return None;
        }
        let limit = if trigger.ty == "GPE" { 2 } else { 3 };
        let mut end = first.end;
        for token in next.take(limit - 1) {
            // A word joined to digits (و22) is no part of a name.
            // المرسى, whose ى the key folds into ي, is no nisba.
            if !token.text.chars().all(is_arabic_letter)
                || self.is_blocked(&token)
                || token.has_clitic_article()
                || token.is_nisba() && !self.ends_with_alif_maqsura(&token)
                || starts_with_conjunction(&token)
            {
                break;
            }
            end = token.end;
            if token.is_definite() {
                break;
            }
        }
        Some((first.start, end))
    }

    /// The end of an organization's name whose head phrase ends at `end`,
    /// with the tokens `ahead` after it: up to two adjectives (nisbas and
    /// the `adjective` lines), then a complement with لل and its adjective
    /// (وكالة الإمارات للفضاء), a complement with ل after an adjective
    /// (الاتحاد الدولي لكرة القدم), or a definite noun joined by و with its
    /// adjective (وزارة الصحة والحماية الاجتماعية).
    fn organization_end(&self, mut end: usize, ahead: &[Token]) -> usize {
        let adjective = |t: &Token| self.is_organization_adjective(t);
        let mut i = 0;
        while i < 2 && ahead.get(i).is_some_and(adjective) {
            end = ahead[i].end;
            i += 1;
        }
        let complement = |t: &Token| {
            t.text.starts_with("لل") && t.text.chars().count() > 3 && !self.is_blocked(t)
        };
        // After an adjective, ل and an indefinite noun in construct with a
        // definite one (الاتحاد الدولي لكرة القدم): without the adjective,
        // such a phrase is more often a purpose (وزارة الصحة لمتابعة الحالات).
        let construct_complement = |t: &Token| {
            i > 0
                && t.text.starts_with('ل')
                && !t.text.starts_with("لل")
                && t.text.chars().count() > 3
                && t.text.chars().all(is_arabic_letter)
                && !self.is_blocked(t)
        };
        // A conjoined head is another organization's (شبيبة القبائل
        // والأولمبي الباجي).
        let conjoined = |t: &Token| {
            t.text.starts_with("وال")
                && t.text.chars().count() > 4
                && !(self.triggers.common_nouns.iter())
                    .any(|noun| *noun == t.text['و'.len_utf8()..])
        };
        match ahead.get(i) {
            Some(t) if complement(t) => {
                end = t.end;
                if let Some(adjective) = ahead.get(i + 1).filter(|t| adjective(t)) {
                    end = adjective.end;
                }
            }
            Some(t)
                if construct_complement(t)
                    && ahead.get(i + 1).is_some_and(|next| {
                        next.is_arabic()
                            && next.is_definite()
                            && !next.has_clitic_article()
                            && !self.is_blocked(next)
                    }) =>
            {
                end = ahead[i + 1].end;
            }
            Some(t) if conjoined(t) && ahead.get(i + 1).is_some_and(adjective) => {
                end = ahead[i + 1].end;
            }
            _ => {}
        }
        end
    }

    /// A name after a title. Nationality adjectives and a comma may come
    /// first (رئيس الوزراء العراقي، نوري المالكي); other nisba words too
    /// (المتحدثة باسم الخارجية الأمريكية ماري هارف), but then the name must
    /// start with a known given name. A masculine nisba right after the title
    /// and not before a given name is a family name alone (الإمام
    /// السيستاني). A known given name takes
    /// the next word as family name, and a third in nisba form when the
    /// second is a given name too (محمد علي الحسيني); an unknown first word
    /// takes a next word of three letters or more (so "سليماني ظل" stops at
    /// the verb). بن، ابن، بنت، أبو and آل bring the word after them and
    /// count with it as one (محمد بن راشد آل مكتوم). With `given_first`, the
    /// name must start with a known given name.
    fn arabic_person_after<'k>(
        &self,
        next: impl Iterator<Item = Token<'k>>,
        given_first: bool,
    ) -> Option<(usize, usize)> {
        let mut next = next.peekable();
        let mut skipped = 0;
        let mut skipped_other = false;
        let first = loop {
            let token = next.next()?;
            // After a comma, a name starts with a given name: «رئيس
            // الجمهورية، أجرى» goes on with a verb.
            if skipped < 3 && (token.text == "," || token.text == "،") {
                skipped += 1;
                skipped_other = true;
                continue;
            }
            if skipped < 3 && token.is_nisba() && !token.has_clitic_article() {
                if self.is_nationality(&token) {
                    skipped += 1;
                    continue;
                }
                let given_follows = next.peek().is_some_and(|t| self.is_given(t));
                // Not a relative pronoun (القاضي الذي), a function word.
                let blocked = self.is_blocked(&token);
                // A `given` trigger announces only a name with a given name.
                let alone = skipped == 0 && token.text.ends_with('ي') && !given_first;
                if alone && !given_follows && !blocked {
                    return Some((token.start, token.end));
                }
                skipped += 1;
                skipped_other = true;
                continue;
            }
            break token;
        };
        if !first.is_arabic()
            || self.is_blocked(&first)
            || first.is_definite()
            || first.has_clitic_article()
        {
            return None;
        }
        if (skipped_other || given_first) && !self.is_given(&first) {
            return None;
        }
        let mut end = first.end;
        let mut previous_given = self.is_given(&first);
        let mut words = 0;
        while words < 2 {
            let Some(token) = next.next() else { break };
            words += 1;
            // بن، ابن، بنت، أبو and آل bring the name word after them, and
            // count with it as one word (محمد بن راشد آل مكتوم).
            if persons::LINKS.contains(&token.text) {
                let Some(part) = next.next().filter(|t| self.is_name_word(t)) else {
                    break;
                };
                end = part.end;
                previous_given = part.text == "عبد" || self.is_given(&part);
                match self.linked_part_end(&part, &mut next) {
                    Some(part_end) => end = part_end,
                    None => break,
                }
                continue;
            }
            // علي is a name after another name, though it folds like على.
            let given_after_given = previous_given && self.is_given(&token);
            let fits = token.is_arabic()
                && (given_after_given || !self.is_blocked(&token))
                && !token.has_clitic_article()
                && (previous_given || (end == first.end && token.text.chars().count() >= 3));
            // A third word is a family name only in its nisba form (الحسيني),
            // not a following definite word (الأربعاء).
            if !fits || (end != first.end && !token.is_nisba()) {
                break;
            }
            end = token.end;
            previous_given = self.is_given(&token);
        }
        Some((first.start, end))
    }

    /// The name before a trigger (without the trigger).
    fn name_before(&self, trigger_start: usize, trigger: &Trigger) -> Option<(usize, usize)> {
        let key = self.key.as_str();
        let mut previous = tokens(key, trigger_start, false).peekable();
        if !trigger.arabic {
            return self.latin_run_backward(previous, 3);
        }
        // Arabic appositions: "بيرناديت ميهان، المتحدثة باسم". Two words,
        // neither a conjunction-prefixed word unless it is a known name.
        if previous
            .peek()
            .is_some_and(|t| t.text == "," || t.text == "،")
        {
            previous.next();
        }
        let last = previous.next()?;
        let first = previous.next()?;
        let fits = |t: &Token| {
            t.is_arabic()
                && !self.is_blocked(t)
                && !t.has_clitic_article()
                && (!(t.text.starts_with('و') || t.text.starts_with('ف')) || self.is_given(t))
        };
        if !fits(&last) || !fits(&first) || first.is_definite() {
            return None;
        }
        Some((first.start, last.end))
    }

    /// The words between a pair of quotes right after a trigger
    /// (صحيفة "نيويورك تايمز").
    fn quoted<'k>(&self, mut next: impl Iterator<Item = Token<'k>>) -> Option<(usize, usize)> {
        let close = if next.next()?.text == "«" {
            "»"
        } else {
            "\""
        };
        let first = next.next().filter(Token::is_word)?;
        let mut end = first.end;
        for token in next.take(6) {
            if token.text == close {
                return Some((first.start, end));
            }
            if !token.is_word() && !is_joiner(token.text.chars().next()?) {
                return None;
            }
            end = token.end;
        }
        None
    }

    /// A capitalized Latin word that may be part of a name.
    fn is_latin_name_word(&self, token: &Token) -> bool {
        token.is_word()
            && !token.is_arabic()
            && self.is_capitalized(token)
            && !self.is_blocked(token)
    }

    /// Up to `limit` capitalized Latin words, particles allowed inside, and
    /// initials with their periods before a further word (K. Sivan).
    fn latin_run<'k>(
        &self,
        next: impl Iterator<Item = Token<'k>>,
        limit: usize,
    ) -> Option<(usize, usize)> {
        let mut span: Option<(usize, usize)> = None;
        let mut pending_particle = false;
        // The name before the initials read last, which a further word must
        // follow, and whether the last token is an initial without its
        // period yet.
        let mut before_initials: Option<Option<(usize, usize)>> = None;
        let mut initial = false;
        for token in next.take(2 * limit + 2) {
            if self.is_latin_name_word(&token) {
                initial = token.text.chars().count() == 1;
                if !initial {
                    before_initials = None;
                } else if before_initials.is_none() {
                    before_initials = Some(span);
                }
                span = Some((span.map_or(token.start, |s| s.0), token.end));
                pending_particle = false;
            } else if initial && token.text == "." {
                span = span.map(|s| (s.0, token.end));
                initial = false;
            } else if span.is_some() && !pending_particle && LATIN_PARTICLES.contains(&token.text) {
                pending_particle = true;
            } else {
                break;
            }
        }
        // Initials that no word follows name nobody.
        before_initials.unwrap_or(span)
    }

    /// Up to `limit` capitalized Latin words before a trigger.
    fn latin_run_backward<'k>(
        &self,
        previous: impl Iterator<Item = Token<'k>>,
        limit: usize,
    ) -> Option<(usize, usize)> {
        let mut span: Option<(usize, usize)> = None;
        for token in previous
            .take(limit)
            .take_while(|t| self.is_latin_name_word(t))
        {
            span = Some((token.start, span.map_or(token.end, |s| s.1)));
        }
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use expect_test::{expect, Expect};

    fn check(text: &str, expect: Expect) {
        let function_words = Arc::new(FunctionWords::new([
            "في", "من", "إن", "أن", "على", "إلى", "الذي", "the", "of", "a", "said", "has",
        ]));
        let given = GivenNames::parse(
            "# ar\ten\nنوري\tNuri\nباراك\tBarack\nمحمد\tMohammed\nعلي\tAli\nماري\tMary\n\
             نجيب\tNajib\nحسام\tHossam\nصافي\tSafi\nنواف\tNawaf\nبنان\tBanan\nسلطان\tSultan\n\
             ريتشارد\tRichard\tabroad\nميري\tMeri\tabroad\n",
        )
        .with_surnames("# ar\ten\nسلام\tSalam\nالدويسان\t\n");
        let mut countries = Lexicon::default();
        let lines = [("IQ", "العراق"), ("US", "أمريكا"), ("AT", "النمسا")].map(|(code, name)| {
            format!(r#"{{"id": "iso3166:{code}", "type": "GPE", "names": {{"ar": "{name}"}}, "xrefs": {{"iso3166": "{code}"}}}}"#)
        });
        assert_eq!(countries.load("countries", lines.join("\n").into()), vec![]);
        let nationalities = Arc::new(Nationalities::new(&countries));
        let (triggers, errors) = Triggers::new(
            &[("triggers.tsv", DEFAULT_TRIGGERS)],
            function_words,
            Arc::new(given),
            nationalities,
        );
        assert_eq!(errors, vec![]);
        let haystack = Haystack::new(text);
        let key = haystack.key();
        let listing: Vec<String> = triggers
            .find(text, &haystack)
            .iter()
            .map(|hit| {
                let (from, to) = key.original_range(text, hit.key_start, hit.key_end);
                // A person named by a given name alone is marked with `*`.
                let mark = if hit.by_given_name { "*" } else { "" };
                format!("{}{mark} {}", hit.ty, &text[from..to])
            })
            .collect();
        expect.assert_eq(&listing.join("\n"));
    }

    /// A title that is also a common noun (الفريق, a general and a team)
    /// announces only a name that starts with a known given name.
    #[test]
    fn an_ambiguous_title_needs_a_given_name() {
        check(
            "قال الفريق أول محمد البرهان إن الفريق جاهز وإن الفريق الأول فاز",
            expect!["PER محمد البرهان"],
        );
    }

    /// A role phrase announces the name after it and is never the person
    /// itself, with the nationality adjective between them skipped.
    #[test]
    fn a_counterpart_announces_a_name() {
        check(
            "والتقى الوزير نظيره العراقي فؤاد حسين في باريس، ونظيرته الأمريكية هيلاري كلينتون. \
             His French counterpart Jean-Noel Barrot and chief executive Amin Nasser spoke.",
            expect![[r#"
                PER فؤاد حسين
                PER هيلاري كلينتون
                PER Jean-Noel Barrot
                PER Amin Nasser"#]],
        );
    }

    /// After a title, بن، بنت، أبو and آل bring the name after them: a
    /// name is never cut at بن.
    #[test]
    fn a_titled_name_runs_through_bin_and_al() {
        check(
            "قال ولي العهد الأمير محمد بن سلمان إن الشيخ محمد بن راشد آل مكتوم وصل، وقال الوزير \
             سالم بن محمد إن الرئيس أبو مازن 🇵🇸 وصل",
            expect![[r#"
                PER محمد بن سلمان
                PER محمد بن راشد آل مكتوم
                PER سالم بن محمد
                PER أبو مازن
                PER* محمد بن سلمان
                PER* محمد بن راشد آل مكتوم"#]],
        );
    }

    #[test]
    fn title_before_a_person() {
        check("وقال الرئيس باراك أوباما إن", expect!["PER باراك أوباما"]);
    }

    #[test]
    fn nisba_adjectives_and_comma_before_the_name() {
        check(
            "رئيس الوزراء العراقي، نوري المالكي، أرسل",
            expect![[r#"
                PER نوري المالكي
                PER* نوري المالكي"#]],
        );
        check(
            "المتحدثة باسم الخارجية الأمريكية ماري هارف، إن",
            expect!["PER ماري هارف"],
        );
    }

    #[test]
    fn a_single_family_name_stops_before_a_short_verb() {
        check("أن الجنرال سليماني ظل يعقد", expect!["PER سليماني"]);
    }

    #[test]
    fn given_names_chain() {
        check(
            "الشيخ محمد علي الحسيني في",
            expect![[r#"
            PER محمد علي الحسيني
            PER* محمد علي الحسيني"#]],
        );
    }

    #[test]
    fn a_nisba_right_after_the_title_is_a_family_name() {
        check(
            "فتوى الامام السيستاني بدعوة العراقيين",
            expect!["PER السيستاني"],
        );
    }

    #[test]
    fn other_nisba_words_need_a_given_name_after_them() {
        check("باسم الخارجية العراقية مسؤول كبير", expect![""]);
    }

    #[test]
    fn nationality_adjective_between_a_place_head_and_its_name() {
        check("العاصمة النمساوية فيينا", expect!["GPE فيينا"]);
    }

    #[test]
    fn a_conjunction_ends_a_name() {
        check("تحالف تنظيم داعش وبقايا الجيش", expect!["ORG تنظيم داعش"]);
    }

    #[test]
    fn clitic_before_the_title() {
        check("سيلتقي بالرئيس بايدن.", expect!["PER بايدن"]);
    }

    #[test]
    fn a_title_followed_by_a_head_is_no_person() {
        check(
            "وقالت المتحدثة باسم وزارة الخارجية إن",
            expect!["ORG وزارة الخارجية"],
        );
    }

    #[test]
    fn apposition_before_the_role() {
        check(
            "وذكرت بيرناديت ميهان، المتحدثة باسم",
            expect!["PER بيرناديت ميهان"],
        );
        check("وقالت المتحدثة باسم", expect![""]);
    }

    #[test]
    fn english_titles() {
        check(
            "Iraqi Prime Minister Nuri al-Maliki asked President Barack Obama's team; spokeswoman Bernadette Meehan said",
            expect![[r#"
                PER Nuri al-Maliki
                PER Barack Obama
                PER Bernadette Meehan"#]],
        );
        // Initials with their periods belong to the name before a word.
        check(
            "spokeswoman J. K. Rowling said, and President Barack H. 😀 left",
            expect![[r#"
                PER J. K. Rowling
                PER Barack"#]],
        );
    }

    #[test]
    fn definite_head_includes_the_head_and_its_adjectives() {
        check(
            "مجلس الأمن القومي التابع للبيت",
            expect!["ORG مجلس الأمن القومي"],
        );
        check(
            "بوزارة الدفاع الامريكية « البنتاجون»",
            expect![[r#"
                ORG وزارة الدفاع الامريكية
                ORG البنتاجون"#]],
        );
    }

    #[test]
    fn indefinite_continuation_is_the_name_alone() {
        check(
            "ونقلت وكالة أسوشيتد برس للأنباء عن",
            expect!["ORG وكالة أسوشيتد برس"],
        );
        check(
            "وفق ما نقلته صحيفة \"نيويورك تايمز\" الأمريكية",
            expect!["ORG نيويورك تايمز"],
        );
        check(
            "لصحيفة «وول ستريت جورنال»:",
            expect!["ORG وول ستريت جورنال"],
        );
    }

    #[test]
    fn an_armed_groups_head_is_part_of_its_name() {
        check(
            "واجتاح تنظيم الدولة الإسلامية في العراق",
            expect!["ORG تنظيم الدولة الإسلامية"],
        );
    }

    #[test]
    fn places_after_their_heads() {
        check(
            "سيطرة داعش على مدينة الموصل الشمالية",
            expect!["GPE الموصل"],
        );
        check("مدينة تكريت العراقية يوم", expect!["GPE تكريت"]);
        check("في محافظة صلاح الدين وديالى", expect!["GPE صلاح الدين"]);
        check("عدة مدينة عراقية", expect![""]);
        check(
            "the northern city of Mosul, advancing",
            expect!["GPE Mosul"],
        );
    }

    #[test]
    fn english_heads_and_tails() {
        check(
            "the Ministry of Defense and the Baath Party met an America First Committee rally",
            expect![[r#"
                ORG Ministry of Defense
                ORG Baath Party
                ORG America First Committee"#]],
        );
    }

    #[test]
    fn lower_case_words_are_no_names() {
        check("the president said the party was over", expect![""]);
    }

    #[test]
    fn malformed_trigger_lines_are_reported() {
        let (_, errors) = Triggers::new(
            &[(
                "mine.tsv",
                "PER\tbefore\tالرئيس\nPER\tsideways\tx\nPER only\n\tplace\tمنتخب\n",
            )],
            Arc::default(),
            Arc::default(),
            Arc::default(),
        );
        expect![[r#"
            [
                DataError {
                    file: "mine.tsv",
                    line: 2,
                    message: "unknown mode `sideways` (before, given, head, after, tail, definite, named, adjective, place, city)",
                },
                DataError {
                    file: "mine.tsv",
                    line: 3,
                    message: "expected `type<TAB>mode<TAB>phrase`",
                },
                DataError {
                    file: "mine.tsv",
                    line: 4,
                    message: "empty type or phrase",
                },
            ]
        "#]]
        .assert_debug_eq(&errors);
    }

    #[test]
    fn a_given_name_and_name_words_after_it_are_a_person() {
        check(
            "وقال نجيب ميقاتي إن رئيس الحكومة نواف سلام وحسام عبد الغفار ووفاء الدويسان",
            expect![[r#"
                PER نواف سلام
                PER* نجيب ميقاتي
                PER* نواف سلام
                PER* حسام عبد الغفار"#]],
        );
        check(
            "عيّنت سلطان محمد علي الحسيني",
            expect!["PER* سلطان محمد علي الحسيني"],
        );
        check("حسام بن يحي 😀 Hossam", expect!["PER* حسام بن يحي"]);
    }

    #[test]
    fn a_quoted_name_without_a_head_is_an_organization() {
        check(
            "وقعت \"بتروناس\" الماليزية عقدا مع «نفط الشمال»، وقال “البنك الأهلي” في بيان 😀 ونقلت وكالة «رويترز» عن مصدر",
            expect![[r#"
                ORG البنك الأهلي
                ORG رويترز
                ORG بتروناس
                ORG نفط الشمال"#]],
        );
        // Not speech, numbers, function words, persons or long phrases.
        check(
            "قال إنه كان \"اجتماعاً مقتضباً\" حول «القمر 813» و«في الطريق» مع «نجيب ميقاتي» و\"أربع كلمات طويلة جدا هنا\"",
            expect!["PER* نجيب ميقاتي"],
        );
    }

    #[test]
    fn a_datelines_agency_is_an_organization() {
        check(
            "بغداد (أ ف ب)\nبنغازي 03 يناير 2026 (الأنباء الليبية) اختتمت\n(Reuters) - Bank shares 😀 rose",
            expect![[r#"
                ORG أ ف ب
                ORG الأنباء الليبية
                ORG Reuters"#]],
        );
        // Not further into a line, not without a dash at its start, and
        // not a date, a number or a function word.
        check(
            "وقال الوزير في بيان إن الوزارة (الصحة) ستعمل\n(Reuters) said\nبغداد (11 يونيو)\nبغداد (في)",
            expect![""],
        );
    }

    #[test]
    fn a_company_and_a_nationality_adjective_name_no_company() {
        check(
            "وقالت الشركة العراقية 😀 إن الحكومة العراقية والشركة العامة للموانئ اتفقتا",
            expect![[r#"
                ORG الحكومة العراقية
                ORG الشركة العامة للموانئ"#]],
        );
    }

    #[test]
    fn a_foreigners_given_name_takes_any_name_word_after_it() {
        check(
            "وقال ريتشارد نورلاند، وقال صافي جديد إن ميري وصنع 😀 ريتشارد",
            expect!["PER* ريتشارد نورلاند"],
        );
    }

    #[test]
    fn a_given_name_before_a_common_word_names_no_person() {
        check("بلغ صافي النقد محمد وحده", expect![""]);
    }

    /// A player's position announces a name; in Arabic only one that starts
    /// with a given name, as the position is also a common noun.
    #[test]
    fn players_by_their_positions() {
        check(
            "striker Barack Obama scored ⚽ وسجل المهاجم الدولي السابق محمد العلي، وقال اللاعب خاض \
             والمدافع الدولي إن",
            expect![[r#"
                PER Barack Obama
                PER* محمد العلي"#]],
        );
    }

    /// Clubs named by an adjective and a nisba, or by a word that names
    /// clubs only and a definite phrase; the adjective alone is no name.
    #[test]
    fn clubs_by_their_adjectives_and_words() {
        check(
            "فاز الأهلي العراقي ⚽ على شبيبة القبائل والأولمبي النمساوي، وقال الأهلي إن المجتمع الأهلي",
            expect![[r#"
                ORG الأهلي العراقي
                ORG شبيبة القبائل
                ORG الأولمبي النمساوي"#]],
        );
    }

    #[test]
    fn organizations_with_the_article_and_construct_chains() {
        check(
            "قرر البنك المركزي المصري وأكدت وكالة الإمارات للفضاء ووزارة الصحة والحماية الاجتماعية \
             أن محكمة جنايات القاهرة وشركة «سبيس 42» وتيار لبنان القوي، والبنك وحده",
            expect![[r#"
                ORG البنك المركزي المصري
                ORG وكالة الإمارات للفضاء
                ORG وزارة الصحة والحماية الاجتماعية
                ORG محكمة جنايات القاهرة
                ORG سبيس 42
                ORG تيار لبنان القوي"#]],
        );
    }

    /// Definite adjectives that are not nisbas continue a name as nisbas
    /// do; after an adjective, a complement with ل and a construct
    /// (لكرة القدم) does too, but not right after the head, where it is a
    /// purpose.
    #[test]
    fn organizations_with_adjectives_and_complements() {
        check(
            "قالت قوات الدعم السريع 🇸🇩 إن جهاز المخابرات العامة اعتقل عناصر من القوات المسلحة \
             السودانية، وطعنت النيابة العامة، وفاز فريق الترجي في الدوري التونسي لكرة القدم، \
             وتحركت وزارة الصحة لمتابعة الحالات، والقوات وحدها والنيابة الآن، وفريق النصر الذي تقدم",
            expect![[r#"
                ORG قوات الدعم السريع
                ORG جهاز المخابرات العامة
                ORG القوات المسلحة السودانية
                ORG النيابة العامة
                ORG فريق الترجي
                ORG الدوري التونسي لكرة القدم
                ORG وزارة الصحة
                ORG فريق النصر"#]],
        );
    }

    #[test]
    fn a_league_is_premier_as_its_adjective_says() {
        check(
            "انطلق الدوري الليبي الممتاز أمس",
            expect![[r#"
                ORG الدوري الليبي الممتاز"#]],
        );
    }

    #[test]
    fn after_a_title_and_a_comma_a_name_starts_with_a_given_name() {
        check(
            "بتكليف من رئيس الجمهورية، أجرى وزير الخارجية، نواف سلام، محادثات",
            expect![[r#"
                PER نواف سلام
                PER* نواف سلام"#]],
        );
    }

    #[test]
    fn no_name_runs_into_digits_or_a_relative_pronoun() {
        check(
            "في محافظة إربد و22 حالة، وقال القاضي الذي حكم",
            expect!["GPE إربد"],
        );
    }

    #[test]
    fn places_and_organizations_named_after_a_person_or_with_a_complement() {
        check(
            "زار مركز محمد بن راشد للفضاء وملعب نوري المالكي ثم دوري أدنوك للمحترفين",
            expect![[r#"
                ORG مركز محمد بن راشد للفضاء
                FAC ملعب نوري المالكي
                ORG دوري أدنوك للمحترفين
                PER* محمد بن راشد
                PER* نوري المالكي"#]],
        );
    }
}
