//! Rule recognizers: dates, times and amounts (DATE, TIME, MONEY, PERCENT,
//! QUANTITY, CARDINAL), found by regexes over a [`MatchKey`].
//!
//! The patterns are assembled at construction from two data files: the
//! calendar (month and weekday names) and the vocabulary (scale words,
//! currencies, units, percent phrases, relative dates, number words, eras,
//! day periods). Every data word is normalized like the text, so a pattern
//! sees one spelling per word and ASCII digits.
//!
//! Boundaries: a hit starts after a non-word character, or after an Arabic
//! proclitic (و ف, then ب ل) that starts the word, and ends before a non-word
//! character. The regexes consume those neighbouring characters instead of
//! using `\b`, which would keep the fast DFA engines off non-ASCII text; the
//! hit itself is a capture group. Proclitics are only stripped before digits,
//! symbols or Arabic words of three letters or more, and prepositions before
//! words only when they start with ال (بالأربعاء), so that باب is not ب + آب
//! (August) and بأمس (in dire \[need\]) is not ب + أمس (yesterday). Digits
//! joined by punctuation to more digits or to a word ("10-15", "F-16") are
//! one token, of which no part is reported alone.
//!
//! Every hit opens with a digit or with a phrase of a few kinds (a month, a
//! weekday, a relative date, a number word, a scale word, a currency or
//! percent symbol). The regexes therefore run anchored at the boundaries
//! before such openings only, which finds what one search of the whole key
//! would, in about half the time. A word after a space opens a hit only if
//! it is the first word of such a phrase, which the hash the [`Haystack`]
//! has of it tells; only words that start with a digit or a symbol's letter
//! go through the openings' tables.
//!
//! Each rule reports non-overlapping matches; across rules the longest hit
//! wins, then the rule listed first: a year "2014" is a DATE, "2014 دولار" is
//! MONEY, and the numbers inside a date are not CARDINALs.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::{Anchored, Input};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::arabic::{clitics_before_article, proclitic_preposition, two_byte_utf8, CONJUNCTIONS};
use crate::gazetteer::{FirstWords, Haystack};
use crate::normalize::{is_arabic_letter, is_word_char, normalize, MatchKey};
use crate::DataError;
use openings::Openings;

mod openings;

const CALENDAR_KINDS: [&str; 3] = ["month", "hijri_month", "weekday"];
const VOCABULARY_KINDS: [&str; 21] = [
    "scale",
    "currency",
    "unit",
    "percent",
    "relative_date",
    "number_word",
    "era",
    "day_period",
    "relative_day",
    "date_modifier",
    "duration",
    "duration_pair",
    "year_part",
    "ordinal",
    "date_edge",
    "period_code",
    "not_alone",
    "day_part",
    "day_ordinal",
    "period",
    "period_modifier",
];
const LANGUAGES: [&str; 2] = ["ar", "en"];

/// A number: "275", "2,500", "3.5".
const NUMBER: &str = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?";
const DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])";
const MONTH_NUMBER: &str = r"(?:1[0-2]|0?[1-9])";
/// The years a bare number is taken for.
const YEAR: &str = r"(?:19|20)[0-9]{2}";
/// The prepositions a hit may follow, after the conjunctions (the
/// patterns' `[وف]?[بل]?`), as the two bytes each letter takes.
const PREPOSITIONS: [[u8; 2]; 2] = [two_byte_utf8('ب'), two_byte_utf8('ل')];
/// A pattern that never matches, for a kind the data leaves empty.
const NOTHING: &str = r"[^\s\S]";

/// One rule hit, as a key byte range (proclitics excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    pub key_start: usize,
    pub key_end: usize,
    pub ty: &'static str,
}

/// The compiled rules.
pub struct Rules {
    /// In priority order: between hits of equal length, the earlier rule wins.
    rules: Vec<Rule>,
    /// Every way a hit can start (a digit, a calendar name, a currency
    /// symbol…), searched once so that the rules run only where one is.
    openings: Openings,
    /// The openings' first words, which a word after a space must be for a
    /// hit to start there (see [`Rules::match_starts`]).
    opening_words: OpeningWords,
    /// First words (keys) of the calendar names written with lower-case
    /// letters (Latin script), which must be capitalized in the text: "May",
    /// not "may".
    cased_names: FxHashSet<String>,
    /// The Arabic ordinals that name a day of the month (`day_ordinal`
    /// lines), as matching keys, longest first.
    day_ordinals: Vec<String>,
}

struct Rule {
    ty: &'static str,
    /// Groups: 1 the proclitic (maybe empty), 2 the hit.
    regex: Regex,
    /// The regex's search caches, one per thread that searches, taken once
    /// per [`Rules::find`] and not at each of its many searches.
    caches: Pool<Cache, NewCache>,
    /// Whether calendar names in the hit must be capitalized.
    cased: bool,
}

type NewCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A rule's regex, ready to search.
struct Searcher<'r> {
    regex: &'r Regex,
    cache: PoolGuard<'r, Cache, NewCache>,
    groups: Captures,
}

impl Searcher<'_> {
    /// The match that starts at `at`, if any.
    ///
    /// Its groups are found by a capture engine only when the match alone
    /// does not tell them, which is seldom: that engine takes thousands of
    /// instructions per match, the search of the match a few per byte.
    fn search(&mut self, haystack: &str, at: usize) -> Option<RuleMatch> {
        let input = Input::new(haystack).range(at..).anchored(Anchored::Yes);
        let found = self.regex.search_with(&mut self.cache, &input)?;
        RuleMatch::of_span(haystack, found.start(), found.end())
            .or_else(|| self.search_groups(&input))
    }

    /// The first match of `input`, its groups found by a capture engine.
    fn search_groups(&mut self, input: &Input) -> Option<RuleMatch> {
        self.regex
            .search_captures_with(&mut self.cache, input, &mut self.groups);
        let clitic = self.groups.get_group(1)?;
        let hit = self.groups.get_group(2)?;
        Some(RuleMatch {
            clitic_start: clitic.start,
            start: hit.start,
            end: hit.end,
        })
    }
}

impl Rules {
    /// Builds the rules from the calendar (`kind<TAB>lang<TAB>number<TAB>name`)
    /// and the vocabulary (`kind<TAB>lang<TAB>phrase`), each given as
    /// `(file name, contents)`. Malformed lines are returned as errors and
    /// skipped.
    pub fn new(calendar: (&str, &str), vocabulary: (&str, &str)) -> (Rules, Vec<DataError>) {
        let mut errors = Vec::new();
        let calendar = Calendar::parse(calendar.0, calendar.1, &mut errors);
        let vocabulary = Vocabulary::parse(vocabulary.0, vocabulary.1, &mut errors);
        let rules = patterns(&calendar, &vocabulary)
            .into_iter()
            .map(|(ty, core, cased)| {
                let pattern = format!(r"(?:^|[^\w])([وف]?[بل]?)({core})(?:[^\w]|$)");
                let regex = Regex::builder()
                    .configure(Regex::config().auto_prefilter(false))
                    .build(&pattern)
                    .expect("rule patterns are escaped and valid");
                let for_caches = regex.clone();
                let caches = Pool::new(Box::new(move || for_caches.create_cache()) as NewCache);
                Rule {
                    ty,
                    regex,
                    caches,
                    cased,
                }
            })
            .collect();
        let (phrases, symbols) = openings(&calendar, &vocabulary);
        let mut day_ordinals: Vec<String> = vocabulary
            .phrases("day_ordinal")
            .map(str::to_owned)
            .collect();
        day_ordinals.sort_unstable_by_key(|phrase| Reverse(phrase.len()));
        let rules = Rules {
            rules,
            openings: Openings::new(&[&phrases[..], &symbols[..]].concat()),
            opening_words: OpeningWords::new(&phrases, &symbols),
            cased_names: calendar.cased_names,
            day_ordinals,
        };
        (rules, errors)
    }

    /// All hits in `haystack` (of `text`), sorted by start and
    /// non-overlapping.
    pub fn find(&self, text: &str, haystack: &Haystack) -> Vec<RuleHit> {
        let key = haystack.key();
        let starts = self.match_starts(haystack);
        self.find_with(text, key, |searcher, at| {
            let later = &starts[starts.partition_point(|&start| start < at)..];
            later
                .iter()
                .find_map(|&start| searcher.search(key.as_str(), start))
        })
    }

    /// [`Rules::find`] given `next_match(searcher, at)`, the first match of
    /// the searcher's rule that starts at or after `at`.
    fn find_with(
        &self,
        text: &str,
        key: &MatchKey,
        mut next_match: impl FnMut(&mut Searcher, usize) -> Option<RuleMatch>,
    ) -> Vec<RuleHit> {
        let haystack = key.as_str();
        let mut candidates = Vec::new();
        for (priority, rule) in self.rules.iter().enumerate() {
            let mut searcher = Searcher {
                regex: &rule.regex,
                cache: rule.caches.get(),
                groups: rule.regex.create_captures(),
            };
            let mut at = 0;
            while let Some(found) = next_match(&mut searcher, at) {
                let (start, end) = (found.start, found.end);
                let clitic = &haystack[found.clitic_start..start];
                if self.accepts(rule, text, key, clitic, start, end) {
                    candidates.push((priority, start, end));
                    at = end;
                } else {
                    // Look again from inside the rejected hit; stepping past
                    // its first character keeps `^` from matching it again.
                    at = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        candidates.sort_by_key(|&(priority, start, end)| (Reverse(end - start), priority, start));
        let mut kept: BTreeMap<usize, RuleHit> = BTreeMap::new();
        for (priority, start, end) in candidates {
            // Kept hits are disjoint: only the last one starting before `end`
            // can overlap.
            let overlaps = kept
                .range(..end)
                .next_back()
                .is_some_and(|(_, hit)| hit.key_end > start);
            if !overlaps {
                let ty = self.rules[priority].ty;
                kept.insert(
                    start,
                    RuleHit {
                        key_start: start,
                        key_end: end,
                        ty,
                    },
                );
            }
        }
        let hits = kept
            .into_values()
            .map(|hit| with_year_word(haystack, hit))
            .map(|hit| with_month_word(haystack, hit))
            .map(|hit| with_approximator(haystack, hit))
            .map(|hit| self.with_day_ordinal(haystack, hit));
        join_ranges(haystack, hits)
    }

    /// Where a rule's match may start, sorted: where the key starts, and at
    /// each character that may be a boundary (`[^\w]`) followed by an
    /// opening, maybe behind proclitics. Matches start nowhere else, so the
    /// rules only run there.
    fn match_starts(&self, haystack: &Haystack) -> Vec<usize> {
        let key = haystack.key().as_str();
        let mut starts = Vec::new();
        if self.core_may_start(key, 0) {
            starts.push(0);
        }
        let consider =
            |starts: &mut Vec<usize>, from: usize, to: usize, boundary: fn(char) -> bool| {
                for (offset, ch) in key[from..to].char_indices() {
                    let at = from + offset;
                    if boundary(ch) && self.core_may_start(key, at + ch.len_utf8()) {
                        starts.push(at);
                    }
                }
            };
        // Most keys are ASCII and Arabic only; one pass without branches
        // tells, so that their words need no look of their own below.
        let all_basic = (key.bytes()).fold(true, |all, byte| all & is_basic_byte(byte));
        let mut gap_start = 0;
        let last = (key.len(), key.len(), 0);
        for (word_start, word_end, hash) in haystack.words().chain([last]) {
            // The key's words and the patterns' `\w` differ on rare
            // characters (other scripts' signs and numbers, letters of a
            // newer Unicode than the regexes'), never on the basic ones.
            let word = &key[word_start..word_end];
            let basic = all_basic || word.bytes().all(is_basic_byte);
            // Most words follow one space or line break: an opening starts
            // them only if one of its first words is theirs, which their
            // hash tells without the openings' tables. Those that start
            // with a digit or a symbol's letter ("usd5") are looked up in
            // the tables, as is what follows proclitics that are the whole
            // word.
            let after_space =
                word_start == gap_start + 1 && matches!(key.as_bytes()[gap_start], b' ' | b'\n');
            if after_space && basic && !word.is_empty() {
                let opens = |skip: usize| match word.as_bytes().get(skip) {
                    Some(&first) if !self.opening_words.looked_up(first) => {
                        let hash = (skip == 0).then_some(hash);
                        self.opening_words.contains(&word[skip..], hash)
                    }
                    // A digit, a symbol's letter, or what follows a word
                    // of proclitics alone ("ب$5").
                    _ => self.openings.start(&key[word_start + skip..]),
                };
                if after_proclitics(word, opens) {
                    starts.push(gap_start);
                }
            } else {
                consider(&mut starts, gap_start, word_start, |_| true);
            }
            if !basic {
                consider(&mut starts, word_start, word_end, |ch| {
                    !is_basic_word_char(ch)
                });
            }
            gap_start = word_end;
        }
        starts.sort_unstable();
        starts
    }

    /// Whether an opening starts at `at`, or after proclitics that do.
    fn core_may_start(&self, key: &str, at: usize) -> bool {
        let rest = &key[at..];
        after_proclitics(rest, |skip| self.openings.start(&rest[skip..]))
    }

    fn accepts(
        &self,
        rule: &Rule,
        text: &str,
        key: &MatchKey,
        clitic: &str,
        start: usize,
        end: usize,
    ) -> bool {
        let haystack = key.as_str();
        let core = &haystack[start..end];
        if !clitic_fits(clitic, core) || clitic.is_empty() && general_not_year(haystack, start) {
            return false;
        }
        let digit = |c: char| c.is_ascii_digit();
        if core.starts_with(digit) && joined_before(&haystack[..start])
            || core.ends_with(digit) && joined_after(&haystack[end..])
        {
            return false;
        }
        if rule.cased {
            let (from, to) = key.original_range(text, start, end);
            return self.capitalized(&text[from..to]);
        }
        true
    }

    /// Whether every calendar name in `original` that needs a capital has one.
    fn capitalized(&self, original: &str) -> bool {
        original
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.starts_with(char::is_lowercase))
            .all(|word| !self.cased_names.contains(&word.to_lowercase()))
    }
}

/// Where a match of a rule's regex puts its groups: the proclitic group
/// from `clitic_start`, the hit from `start` to `end` (key bytes).
struct RuleMatch {
    clitic_start: usize,
    start: usize,
    end: usize,
}

impl RuleMatch {
    /// The groups of a rule's match `start..end` (its boundaries included),
    /// when the span tells them: inside the key, the boundaries are one
    /// character each (`^` and `$` match only at its ends), and a hit that
    /// starts with no proclitic letter has no proclitic. Else `None`.
    fn of_span(haystack: &str, start: usize, end: usize) -> Option<RuleMatch> {
        if start == 0 || end == haystack.len() {
            return None;
        }
        let matched = &haystack[start..end];
        let mut chars = matched.chars();
        let before = chars.next()?;
        let after = chars.next_back()?;
        let hit_start = start + before.len_utf8();
        let hit_end = end - after.len_utf8();
        let letter = haystack.as_bytes()[hit_start..].first_chunk::<2>();
        let proclitic = letter
            .is_some_and(|letter| CONJUNCTIONS.contains(letter) || PREPOSITIONS.contains(letter));
        if hit_start >= hit_end || proclitic {
            return None;
        }
        Some(RuleMatch {
            clitic_start: hit_start,
            start: hit_start,
            end: hit_end,
        })
    }
}

/// Whether `byte` belongs to an ASCII character or to one of U+0600–U+06BF,
/// most of the Arabic block (its end has signs that are not `\w`).
fn is_basic_byte(byte: u8) -> bool {
    byte < 0xC0 || (0xD8..=0xDA).contains(&byte)
}

/// Whether `ch` is a word character of the key that is also one of the
/// patterns (`\w`): ASCII letters and digits, the basic Arabic letters.
fn is_basic_word_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ('\u{0620}'..='\u{064A}').contains(&ch)
}

/// Whether `opens(skip)` holds for the text `rest` from byte `skip`: at its
/// start, or after the proclitics the patterns allow (`[وف]?[بل]?`).
fn after_proclitics(rest: &str, mut opens: impl FnMut(usize) -> bool) -> bool {
    let letter_at = |at: usize, letters: [[u8; 2]; 2]| {
        let letter = rest.as_bytes().get(at..).and_then(<[u8]>::first_chunk::<2>);
        letter.is_some_and(|letter| letters.contains(letter))
    };
    let conjunction = if letter_at(0, CONJUNCTIONS) { 2 } else { 0 };
    opens(0)
        || conjunction > 0 && opens(conjunction)
        || letter_at(conjunction, PREPOSITIONS) && opens(conjunction + 2)
}

/// The first words of the openings, up to their first character that is
/// not a word character ("us" of "us$"), when they start with one.
///
/// A rule's hit that starts with a phrase goes on after the phrase's first
/// word with a character that is no word character (a space, a comma, the
/// end): the word the hit starts with is that first word itself. Only
/// digits and symbols may be followed by a word character ("5bn",
/// "usd5"): the words they start are looked up in the openings' tables.
struct OpeningWords {
    filter: FirstWords,
    words: FxHashSet<String>,
    /// The digits and the first bytes of the symbols.
    looked_up: [bool; 256],
}

impl OpeningWords {
    fn new(phrases: &[String], symbols: &[String]) -> OpeningWords {
        let words: FxHashSet<String> = (phrases.iter().chain(symbols))
            .map(|phrase| {
                phrase
                    .split(|ch: char| !is_word_char(ch))
                    .next()
                    .unwrap_or_default()
            })
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        let mut looked_up = [false; 256];
        let firsts = symbols
            .iter()
            .filter_map(|symbol| symbol.as_bytes().first());
        for &first in firsts.chain(b"0123456789") {
            looked_up[usize::from(first)] = true;
        }
        OpeningWords {
            filter: FirstWords::new(words.iter().map(String::as_str)),
            words,
            looked_up,
        }
    }

    /// Whether a word starting with the byte `first` is left to the
    /// openings' tables.
    fn looked_up(&self, first: u8) -> bool {
        self.looked_up[usize::from(first)]
    }

    /// Whether `word` is one of them; its [`FirstWords::hash`] is computed
    /// when not given.
    fn contains(&self, word: &str, hash: Option<u64>) -> bool {
        let hash = hash.unwrap_or_else(|| FirstWords::hash(word));
        self.filter.may_contain(hash) && self.words.contains(word)
    }
}

/// Whether a proclitic may be stripped before `core`: only before a digit, a
/// symbol ("و%5") or an Arabic word of three letters or more, and a
/// preposition (ب ل) only before the article ال when the core is a word.
fn clitic_fits(clitic: &str, core: &str) -> bool {
    // No core starts with ل but a phrase whose article lost its alif after
    // the preposition ل (للعام): it needs that ل.
    let after_lam = core.starts_with('ل') && !core.starts_with("ال");
    if after_lam && !clitic.ends_with('ل') {
        return false;
    }
    if clitic.is_empty() || !core.starts_with(char::is_alphabetic) {
        return true;
    }
    let first_word = core.split(|c: char| !is_word_char(c)).next().unwrap_or("");
    if !first_word.starts_with(is_arabic_letter) || first_word.chars().count() < 3 {
        return false;
    }
    !clitic.ends_with(['ب', 'ل']) || core.starts_with("ال") || after_lam
}

/// Whether the العام of a hit that starts with it (at `start`, without
/// proclitics) is the adjective "general" of the definite word before it:
/// الأمين العام السابق is a former secretary-general, not last year. Only
/// the modifiers that also fit an officeholder (former, current, new, next)
/// are read so: الإمارات العام الجاري is this year.
fn general_not_year(haystack: &str, start: usize) -> bool {
    let Some(modifier) = haystack[start..].strip_prefix("العام ") else {
        return false;
    };
    let officeholder = ["السابق", "الحالي", "الجديد", "المقبل", "القادم"];
    let modifier = &modifier[..modifier
        .find(|c: char| !is_word_char(c))
        .unwrap_or(modifier.len())];
    if !officeholder.contains(&modifier) {
        return false;
    }
    let Some(before) = haystack[..start].strip_suffix(' ') else {
        return false;
    };
    let word = &before[last_word_start(before)..];
    word[clitics_before_article(word)..].starts_with("ال")
}

/// Punctuation that joins digits into one token: "0770-123-4567", "5+1".
fn joins_digits(c: char) -> bool {
    matches!(c, '-' | '.' | ',' | '/' | ':' | '+')
}

/// Whether a number starting after `before` is the tail of a token: "F-16",
/// "COVID-19", "v2.0", "0770-123".
fn joined_before(before: &str) -> bool {
    let mut chars = before.chars().rev();
    chars.next().is_some_and(joins_digits) && chars.next().is_some_and(is_word_char)
}

/// Whether a number ending before `after` is the head of a token joined to
/// more digits: "10-15", "0770-123", "5+1". Only the year range ("2014-2015")
/// and the date patterns read such tokens; other parts are not reported alone.
fn joined_after(after: &str) -> bool {
    let mut chars = after.chars();
    chars.next().is_some_and(joins_digits) && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// What the hit of any rule starts with but a digit: the phrases of the
/// kinds that [`patterns`] puts first, and apart the symbols written before
/// a number ("$", "USD").
fn openings(calendar: &Calendar, vocabulary: &Vocabulary) -> (Vec<String>, Vec<String>) {
    let calendar_names = [
        &calendar.months,
        &calendar.weekdays,
        &calendar.short_weekdays,
    ]
    .into_iter()
    .flatten()
    .cloned();
    let phrases = [
        "relative_date",
        "number_word",
        "scale",
        "relative_day",
        "duration_pair",
        "year_part",
        "date_edge",
        "period_code",
        "day_part",
    ]
    .into_iter()
    .flat_map(|kind| vocabulary.phrases(kind))
    // The English ordinals open a part of a year ("second quarter"); the
    // Arabic ones follow theirs (الربع الأول) and, frequent as they are,
    // would make the rules run at many a word for nothing.
    .chain(vocabulary.phrases("ordinal").filter(|p| p.is_ascii()));
    let symbols = ["currency", "percent"]
        .into_iter()
        .flat_map(|kind| vocabulary.symbols(kind));
    // "last May", "next March": the first words of relative dates open a
    // hit after a space anyway, but after punctuation a whole opening must.
    let relative_months = (calendar.months.iter())
        .filter(|month| month.is_ascii())
        .flat_map(|month| ["last", "this", "next"].map(|word| format!("{word} {month}")));
    // "العام الماضي", "للعام الماضي" (after the preposition ل, the article
    // loses its alif), "last week".
    let periods = vocabulary.phrases("period").flat_map(|period| {
        if period.is_ascii() {
            PERIOD_WORDS.map(|word| format!("{word} {period}")).to_vec()
        } else {
            [Some(period.to_owned()), after_lam(period)]
                .into_iter()
                .flatten()
                .collect()
        }
    });
    let phrases = calendar_names
        .chain(phrases.map(str::to_owned))
        .chain(relative_months)
        .chain(periods)
        .chain(SAME_PERIODS.map(str::to_owned))
        .collect();
    (phrases, symbols.map(str::to_owned).collect())
}

/// The pattern of every rule, in priority order: `(type, core, cased)`.
fn patterns(calendar: &Calendar, vocabulary: &Vocabulary) -> Vec<(&'static str, String, bool)> {
    let month = alternation(calendar.months.iter().map(String::as_str));
    let weekday = alternation(calendar.weekdays.iter().map(String::as_str));
    let any_weekday = alternation(
        calendar
            .weekdays
            .iter()
            .chain(&calendar.short_weekdays)
            .map(String::as_str),
    );
    let any = |kind| alternation(vocabulary.phrases(kind));
    let before_number = |kind| alternation(vocabulary.symbols(kind));
    let (scale, number_word, era, period) = (
        any("scale"),
        any("number_word"),
        any("era"),
        any("day_period"),
    );

    // "2,500", "3.5 مليون", "5bn".
    let scaled = format!("{NUMBER}(?: ?{scale})?");
    // What comes before a unit or currency, with the following space: a
    // number, or spelled out ("ثلاثة ملايين", "million", "five").
    let amount = format!("(?:{scaled} ?|(?:{number_word} )?{scale} |{number_word} )");

    // "يونيو", "يونيو/حزيران", "يونيو (حزيران)".
    let month = format!(r"{month}(?: ?/ ?{month}| ?\( ?{month} ?\))?");
    let day = format!("{DAY}(?:st|nd|rd|th)?");
    let year = format!("[0-9]{{4}}(?: ?{era})?");
    let date = [
        format!("{day} {month}(?:(?:[,،] ?| ){year})?"),
        format!("{month} {day}(?:(?:[,،] ?| ){year})?"),
        format!("{month}[,،]? {year}"),
        format!("{YEAR}-{MONTH_NUMBER}-{DAY}"),
        format!("(?:{DAY}/{MONTH_NUMBER}|{MONTH_NUMBER}/{DAY})/{YEAR}"),
        format!("(?:{DAY}-{MONTH_NUMBER}|{MONTH_NUMBER}-{DAY})-{YEAR}"),
        // "22/06/23": a year of two digits only with a day and a month of
        // two, which fractions and scores seldom have.
        "(?:3[01]|[12][0-9]|0[1-9])/(?:1[0-2]|0[1-9])/[0-9]{2}".to_owned(),
    ]
    .join("|");
    let (relative_day, modifier, edge) =
        (any("relative_day"), any("date_modifier"), any("date_edge"));
    let arabic_periods = || vocabulary.phrases("period").filter(|p| !p.is_ascii());
    let (arabic_period, period_after_lam) = (
        alternation(arabic_periods()),
        alternation(
            arabic_periods()
                .filter_map(after_lam)
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        ),
    );
    let english_period = alternation(vocabulary.phrases("period").filter(|p| p.is_ascii()));
    let period_modifier = alternation(
        (vocabulary
            .phrases("date_modifier")
            .chain(vocabulary.phrases("period_modifier")))
        .filter(|p| !p.is_ascii()),
    );
    let period_words = alternation(PERIOD_WORDS);
    let same_period = alternation(SAME_PERIODS);
    let not_alone: FxHashSet<&str> = vocabulary.phrases("not_alone").collect();
    // A month alone, but for the names that are also common words.
    let month_alone = alternation(
        (calendar.months.iter().map(String::as_str))
            .filter(|name| !not_alone.contains(name) && name.chars().count() >= 3),
    );
    // Each use of `date` or `month` copies their long alternations into the
    // rule: they are written once each where they can be, with what may
    // come before or after them optional, so that the rules compile fast.
    let modified = format!("(?: (?:{modifier}))?");
    let calendar_date = [
        // "الأربعاء (11 يونيو 2014)", "Wednesday, June 11, 2014", "Wed. June 11",
        // "أمس الاثنين 22 سبتمبر 2025", "اليوم السبت", "الجمعة المقبل".
        format!(
            r"(?:(?:{relative_day})[,،]? )?(?:{any_weekday}[,،]? (?:\( ?(?:{date}) ?\)|{date})|{weekday}{modified})"
        ),
        // "28 مارس الجاري".
        format!("(?:{date}){modified}"),
        // "April-June 2023", "April-June quarter period", "آب الماضي".
        format!("{month}(?: ?- ?{month}(?: {year}| quarter(?: period)?)?| (?:{modifier}))"),
        // "last May", "next March 2027".
        format!("(?:last|this|next) {month}(?:[,،]? {year})?"),
        // "نهاية يونيو", "end of June 2024", «نهاية أبريل المقبل».
        format!("(?:{edge}) {month}(?:[,،]? {year}| (?:{modifier}))?"),
        // «11 الجاري»: a day of the current month.
        format!("{DAY} (?:الجاري|الحالي)"),
        // "الفترة المماثلة من العام السابق", "الشهر نفسه من العام الماضي",
        // «الفترة نفسها من عام 2012», «الفترة ذاتها قبل سنة».
        format!(
            "(?:{same_period}) (?:المماثله|المماثل|نفسها|ذاتها|نفسه|ذاته) \
             (?:من (?:{arabic_period} {period_modifier}|(?:ال)?(?:عام|سنه) {YEAR})|قبل (?:عام|سنه))"
        ),
        // "نهاية العام الماضي", "للموسم الجديد", "early next year".
        format!(
            "(?:{edge}) {arabic_period}(?: {period_modifier})?\
             |(?:{arabic_period}|{period_after_lam}) {period_modifier}\
             |(?:(?:{edge}) )?{period_words} {english_period}"
        ),
        format!("{YEAR} ?[-/] ?{YEAR}"),
        // Decades: "1990s".
        "(?:19|20)[0-9]0'?s".to_owned(),
        format!("(?:1[34]|19|20)[0-9]{{2}} ?{era}"),
        YEAR.to_owned(),
        month_alone,
    ]
    .join("|");
    // Parts of a year and durations, in lower case in English.
    let (year_part, ordinal, duration) = (any("year_part"), any("ordinal"), any("duration"));
    let code = any("period_code");
    let of_year = format!("(?:العام|السنه)(?: (?:{modifier})| {YEAR})?|{YEAR}");
    let counted = format!("(?:{NUMBER}|{number_word})");
    let consecutive = alternation(CONSECUTIVE);
    let period_date = [
        // "الربع الثالث من العام الجاري", "النصف الثاني من العام".
        format!("(?:{year_part}) (?:{ordinal})(?: من (?:{of_year}))?"),
        // "the second quarter (Q2) of 2024", "first half", "second-quarter".
        format!(
            r"(?:{ordinal})[- ](?:{year_part})(?: \( ?(?:{code}) ?\))?(?: of (?:the year|{YEAR}))?"
        ),
        // "first half (H1) of 2024", but not a match's "second half".
        format!(r"(?:{ordinal})[- ]half(?: \( ?(?:{code}) ?\))? of (?:the year|{YEAR})"),
        // "Q2-24", "H1 2024".
        format!("(?:{code})[- ](?:{YEAR}|[0-9]{{2}})"),
        // "first six months of the year".
        format!("(?:{ordinal}) {counted} (?:months|weeks|days|years)(?: of (?:the year|{YEAR}))?"),
        // "27-year-old", "five-year", "three-month period".
        format!("{counted}-(?:year|month|week|day)s?(?:-old)?(?: period)?"),
        // "15 سنة", "10 أعوام", "five years", «ثلاثين (30) سنة», «أربعة
        // أيام متتالية».
        format!(
            r"(?:{counted}|{number_word} \( ?{NUMBER} ?\)) ?(?:{duration})(?: (?:{consecutive}))?"
        ),
        // "أسبوعين".
        any("duration_pair"),
    ]
    .join("|");
    // "مساء الأربعاء", "Sunday night": a part of a named day.
    let day_part_before = alternation(vocabulary.phrases("day_part").filter(|p| !p.is_ascii()));
    let day_part_after = alternation(vocabulary.phrases("day_part").filter(|p| p.is_ascii()));
    let time = format!(
        "(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?: ?{period})?|(?:1[0-2]|0?[1-9]) ?{period}\
         |{day_part_before} (?:{weekday}|{relative_day})|{weekday} {day_part_after}"
    );
    vec![
        ("DATE", calendar_date, true),
        // One rule, not two: each rule is a search at every place a hit
        // may start.
        (
            "DATE",
            format!("{period_date}|{}", any("relative_date")),
            false,
        ),
        ("TIME", time, false),
        (
            "MONEY",
            format!(
                "{} ?{scaled}|{amount}{}",
                before_number("currency"),
                any("currency")
            ),
            false,
        ),
        (
            "PERCENT",
            format!(
                "{scaled} ?{}|{}{NUMBER}",
                any("percent"),
                before_number("percent")
            ),
            false,
        ),
        ("QUANTITY", format!("{amount}{}", any("unit")), false),
        ("CARDINAL", scaled, false),
    ]
}

/// The words that join two dates into a range, as matching keys: «من 1999
/// إلى 2008», «الأحد ولغاية الخميس», «14 وحتى 21 أبريل», "Monday to Friday".
const RANGE_WORDS: [&str; 12] = [
    "الي",
    "حتي",
    "وحتي",
    "لغايه",
    "ولغايه",
    "-",
    "–",
    "—",
    "to",
    "through",
    "until",
    "till",
];

/// The periods after من that a date is a part of, as the first words of
/// their hits (matching keys): «3 أبريل من العام الجاري», «14 من الشهر
/// الحالي».
const OF_PERIODS: [&str; 5] = ["العام", "عام", "السنه", "سنه", "الشهر"];

/// `hits` with each two that make one date joined, as the guideline marks
/// a range (see [`joins`]). A join may let the hit before join too: in «8
/// ولغاية 14 من الشهر الحالي», 14 joins the month, then 8 the range.
fn join_ranges(haystack: &str, hits: impl Iterator<Item = RuleHit>) -> Vec<RuleHit> {
    let mut joined: Vec<RuleHit> = Vec::new();
    for hit in hits {
        joined.push(hit);
        while let [.., first, second] = &joined[..] {
            if !joins(haystack, first, second) {
                break;
            }
            let end = second.key_end;
            joined.pop();
            let first = joined.last_mut().expect("two hits were there");
            first.key_end = end;
            first.ty = "DATE";
        }
    }
    joined
}

/// Whether the hits `first` and `second`, in this order, are one date:
/// two dates that a range word joins (or «و», "and" after بين, "between"),
/// a date and the period it is a part of (see [`OF_PERIODS`]), or the
/// number of a day before a date that starts with a day (« 13 و18 نوفمبر»,
/// «14 وحتى 21 أبريل») or before the month it is a day of.
fn joins(haystack: &str, first: &RuleHit, second: &RuleHit) -> bool {
    if second.ty != "DATE" || first.key_end > second.key_start {
        return false;
    }
    let between = haystack[first.key_end..second.key_start].trim_matches(' ');
    // «24 مارس، ولغاية 3 أبريل»: after a comma, only a range word with و.
    let between = (between.strip_prefix([',', '،']))
        .map(|rest| rest.trim_start_matches(' '))
        .filter(|rest| rest.starts_with('و'))
        .unwrap_or(between);
    let second_text = &haystack[second.key_start..second.key_end];
    let of_period = || {
        between == "من"
            && OF_PERIODS.iter().any(|period| {
                (second_text.strip_prefix(period)).is_some_and(|rest| rest.starts_with(' '))
            })
    };
    match first.ty {
        "DATE" => {
            let before = haystack[..first.key_start].trim_end_matches(' ');
            let after_between = || {
                let word = &before[last_word_start(before)..];
                matches!(word, "between" | "بين" | "وبين")
            };
            RANGE_WORDS.contains(&between)
                || matches!(between, "و" | "and") && after_between()
                || of_period()
        }
        "CARDINAL" if is_day(&haystack[first.key_start..first.key_end]) => {
            let (number, rest) = second_text.split_at(
                second_text
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(second_text.len()),
            );
            let day_first = is_day(number) && rest.starts_with(' ');
            day_first && (RANGE_WORDS.contains(&between) || between == "و")
                || of_period() && second_text.starts_with("الشهر")
        }
        _ => false,
    }
}

/// Whether `number` is written as the number of a day of a month, 1 to 31.
fn is_day(number: &str) -> bool {
    number.len() <= 2
        && number.bytes().all(|b| b.is_ascii_digit())
        && number
            .parse::<u8>()
            .is_ok_and(|day| (1..=31).contains(&day))
}

/// The Arabic adjectives that a duration may keep ("consecutive",
/// "uninterrupted"), as matching keys: «أربعة أيام متتالية».
const CONSECUTIVE: [&str; 5] = ["متتاليه", "متتاليين", "متتالين", "متواصله", "متواصلين"];

/// The English words that make a period a date: "last week", "the coming
/// months", "recent years".
const PERIOD_WORDS: [&str; 7] = [
    "last", "this", "next", "past", "coming", "previous", "recent",
];

/// The periods that a year's same period is counted in, as matching keys:
/// «الفترة المماثلة من العام الماضي».
const SAME_PERIODS: [&str; 3] = ["الفتره", "الشهر", "الربع"];

/// `phrase` as written after the preposition ل when it starts with the
/// article, which then loses its alif (العام, للعام): the phrase without the
/// alif. Such a form matches only after ل (see [`clitic_fits`]).
fn after_lam(phrase: &str) -> Option<String> {
    phrase
        .strip_prefix('ا')
        .filter(|rest| rest.starts_with('ل'))
        .map(str::to_owned)
}

/// The Arabic words for "year" that are written with a year and belong to
/// its date (the guideline's «عام 1979»), as matching keys.
const YEAR_WORDS: [&str; 4] = ["العام", "عام", "السنه", "سنه"];

impl Rules {
    /// `hit` with the Arabic ordinal of a day and من before it when it is a
    /// DATE that starts with a word, a month (الرابع من يناير, "the fourth
    /// of January"): the ordinal does not open a hit, as frequent as its
    /// words are elsewhere, so the date is extended back to it. Proclitics
    /// before the ordinal (والرابع) are left out.
    fn with_day_ordinal(&self, key: &str, hit: RuleHit) -> RuleHit {
        let starts_with_word = key[hit.key_start..].starts_with(is_arabic_letter);
        let Some(before) = key[..hit.key_start]
            .strip_suffix(" من ")
            .filter(|_| hit.ty == "DATE" && starts_with_word)
        else {
            return hit;
        };
        for ordinal in &self.day_ordinals {
            let Some(prefix) = before.strip_suffix(ordinal.as_str()) else {
                continue;
            };
            let clitics = &prefix[last_word_start(prefix)..];
            if clitics.is_empty() || proclitic_preposition(clitics).is_some() {
                return RuleHit {
                    key_start: prefix.len(),
                    ..hit
                };
            }
        }
        hit
    }
}

/// `hit` with the word for "year" written just before it (عام 1979،
/// العام 2018) when it is a DATE of a year alone; proclitics before the
/// word (والعام 2018) are left out, as prepositions are.
fn with_year_word(key: &str, hit: RuleHit) -> RuleHit {
    let text = &key[hit.key_start..hit.key_end];
    let is_year = hit.ty == "DATE" && text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
    if !is_year {
        return hit;
    }
    with_word_before(key, hit, &YEAR_WORDS)
}

/// `hit` extended back over the word written just before it when that
/// word is one of `words` (matching keys); proclitics before the word
/// (والعام, بشهر) are left out, as prepositions are.
fn with_word_before(key: &str, hit: RuleHit, words: &[&str]) -> RuleHit {
    let Some(before) = key[..hit.key_start].strip_suffix(' ') else {
        return hit;
    };
    let word_start = last_word_start(before);
    let word = &before[word_start..];
    for candidate in words {
        let Some(prefix) = word.strip_suffix(candidate) else {
            continue;
        };
        if prefix.is_empty() || proclitic_preposition(prefix).is_some() {
            return RuleHit {
                key_start: word_start + prefix.len(),
                ..hit
            };
        }
    }
    hit
}

/// The words that make a number approximate, as matching keys: «نحو 9
/// أشهر», "almost 9 months". They belong to the date, as the guideline
/// has them belong to a number.
const APPROXIMATORS: [&str; 9] = [
    "نحو",
    "حوالي",
    "قرابه",
    "زهاء",
    "almost",
    "about",
    "nearly",
    "around",
    "approximately",
];

/// `hit` with an approximator (see [`APPROXIMATORS`]) written just before
/// it when it is a DATE that starts with a digit, a duration or an age:
/// "almost 9 months", «نحو 3 سنوات». Proclitics before an Arabic one
/// (وحوالي) are left out.
fn with_approximator(key: &str, hit: RuleHit) -> RuleHit {
    let counted =
        hit.ty == "DATE" && key[hit.key_start..].starts_with(|c: char| c.is_ascii_digit());
    if !counted {
        return hit;
    }
    with_word_before(key, hit, &APPROXIMATORS)
}

/// `hit` with the word شهر ("month") written just before it (شهر فبراير
/// الماضي) when it is a DATE that starts with a word not definite, a
/// month's name; proclitics before شهر (بشهر) are left out.
fn with_month_word(key: &str, hit: RuleHit) -> RuleHit {
    let rest = &key[hit.key_start..];
    let names_a_month =
        hit.ty == "DATE" && rest.starts_with(is_arabic_letter) && !rest.starts_with("ال");
    if !names_a_month {
        return hit;
    }
    with_word_before(key, hit, &["شهر"])
}

/// The byte where the last word of `text` starts: after its last character
/// that is not a word's.
fn last_word_start(text: &str) -> usize {
    text.rfind(|c: char| !is_word_char(c)).map_or(0, |at| {
        at + text[at..].chars().next().map_or(1, char::len_utf8)
    })
}

/// A regex alternation of normalized phrases, longest first so that the
/// leftmost-first choice prefers "دولارات" to "دولار".
fn alternation<'a>(phrases: impl IntoIterator<Item = &'a str>) -> String {
    let mut phrases: Vec<&str> = phrases.into_iter().collect();
    if phrases.is_empty() {
        return NOTHING.to_owned();
    }
    phrases.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    phrases.dedup();
    let escaped: Vec<String> = phrases.into_iter().map(regex_syntax::escape).collect();
    format!("(?:{})", escaped.join("|"))
}

/// Month and weekday names, normalized; abbreviations ("Jan", "Sept.") with
/// and without their dot.
struct Calendar {
    /// Gregorian and Hijri months.
    months: Vec<String>,
    weekdays: Vec<String>,
    /// Abbreviated weekdays, only taken before a date: alone, "Sun" and "Sat"
    /// are rarely days.
    short_weekdays: Vec<String>,
    cased_names: FxHashSet<String>,
}

impl Calendar {
    fn parse(file: &str, text: &str, errors: &mut Vec<DataError>) -> Calendar {
        let mut names: Vec<(&str, u8, String)> = Vec::new();
        let mut cased_names = FxHashSet::default();
        for_each_record(file, text, 4, errors, |record| {
            let kind = record.one_of(0, &CALENDAR_KINDS, "kind")?;
            record.one_of(1, &LANGUAGES, "language")?;
            let last = if kind == "weekday" { 7 } else { 12 };
            let number = record.fields[2]
                .parse()
                .ok()
                .filter(|n| (1..=last).contains(n))
                .ok_or_else(|| record.error(format!("number must be 1 to {last}")))?;
            let name = record.phrase(3)?;
            // The first word is enough: "Rabi' al-Awwal" has a lower-case "al".
            if record.fields[3].contains(char::is_lowercase) {
                let first_word = name.split(|c: char| !c.is_alphanumeric()).next();
                cased_names.extend(first_word.map(str::to_owned));
            }
            names.push((kind, number, name));
            Ok(())
        });
        let mut calendar = Calendar {
            months: Vec::new(),
            weekdays: Vec::new(),
            short_weekdays: Vec::new(),
            cased_names,
        };
        for (kind, number, name) in &names {
            // An abbreviation ends with a dot or starts a longer sibling name.
            let abbreviation = name.ends_with('.')
                || names.iter().any(|(other_kind, other_number, other)| {
                    other_kind == kind
                        && other_number == number
                        && other.len() > name.len()
                        && other.starts_with(name.as_str())
                });
            let list = match (*kind, abbreviation) {
                ("weekday", false) => &mut calendar.weekdays,
                ("weekday", true) => &mut calendar.short_weekdays,
                _ => &mut calendar.months,
            };
            if abbreviation {
                let bare = name.trim_end_matches('.');
                list.push(format!("{bare}."));
                list.push(bare.to_owned());
            } else {
                list.push(name.clone());
            }
        }
        calendar
    }
}

/// Vocabulary phrases by kind.
struct Vocabulary {
    phrases: FxHashMap<&'static str, Vec<Phrase>>,
}

struct Phrase {
    key: String,
    /// Written without lower-case or Arabic letters ("$", "%", "USD"): may
    /// also come before the number.
    symbol: bool,
}

impl Vocabulary {
    fn parse(file: &str, text: &str, errors: &mut Vec<DataError>) -> Vocabulary {
        let mut phrases: FxHashMap<&'static str, Vec<Phrase>> = FxHashMap::default();
        for_each_record(file, text, 3, errors, |record| {
            let kind = record.one_of(0, &VOCABULARY_KINDS, "kind")?;
            record.one_of(1, &LANGUAGES, "language")?;
            let raw = record.fields[2];
            phrases.entry(kind).or_default().push(Phrase {
                key: record.phrase(2)?,
                symbol: !raw.contains(|c: char| c.is_lowercase() || is_arabic_letter(c)),
            });
            Ok(())
        });
        Vocabulary { phrases }
    }

    fn phrases(&self, kind: &str) -> impl Iterator<Item = &str> {
        self.phrases
            .get(kind)
            .into_iter()
            .flatten()
            .map(|phrase| phrase.key.as_str())
    }

    fn symbols(&self, kind: &str) -> impl Iterator<Item = &str> {
        self.phrases
            .get(kind)
            .into_iter()
            .flatten()
            .filter(|phrase| phrase.symbol)
            .map(|phrase| phrase.key.as_str())
    }
}

/// One data line, split into its tab-separated fields.
struct Record<'a> {
    file: &'a str,
    line: usize,
    fields: Vec<&'a str>,
}

impl Record<'_> {
    fn error(&self, message: impl Into<String>) -> DataError {
        DataError {
            file: self.file.to_owned(),
            line: self.line,
            message: message.into(),
        }
    }

    fn one_of(
        &self,
        index: usize,
        allowed: &[&'static str],
        what: &str,
    ) -> Result<&'static str, DataError> {
        let field = self.fields[index];
        allowed
            .iter()
            .copied()
            .find(|&value| value == field)
            .ok_or_else(|| {
                self.error(format!(
                    "unknown {what} {field:?}, expected one of {}",
                    allowed.join(", ")
                ))
            })
    }

    /// Field `index` normalized into a key.
    fn phrase(&self, index: usize) -> Result<String, DataError> {
        let key = normalize(self.fields[index]);
        if key.is_empty() {
            return Err(self.error("empty after normalization"));
        }
        Ok(key)
    }
}

/// Calls `parse` on each data line of a TSV file (not blank, not starting
/// with '#') that has exactly `columns` non-empty fields; collects the errors
/// of the other lines and of `parse`.
fn for_each_record<'a>(
    file: &'a str,
    text: &'a str,
    columns: usize,
    errors: &mut Vec<DataError>,
    mut parse: impl FnMut(&Record<'a>) -> Result<(), DataError>,
) {
    let lines = text.lines().enumerate();
    for (index, line) in lines.filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
    {
        let record = Record {
            file,
            line: index + 1,
            fields: line.split('\t').map(str::trim).collect(),
        };
        let result = if record.fields.len() != columns || record.fields.contains(&"") {
            Err(record.error(format!(
                "expected {columns} non-empty tab-separated columns"
            )))
        } else {
            parse(&record)
        };
        errors.extend(result.err());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use expect_test::{expect, Expect};

    /// A small calendar, so that the tests do not depend on data/calendar.tsv.
    const CALENDAR: &str = "\
# kind\tlang\tnumber\tname
month\tar\t1\tيناير
month\tar\t1\tكانون الثاني
month\tar\t1\tجانفي
month\tar\t2\tفبراير
month\tar\t2\tشباط
month\tar\t3\tمارس
month\tar\t3\tآذار
month\tar\t4\tأبريل
month\tar\t4\tنيسان
month\tar\t5\tمايو
month\tar\t5\tأيار
month\tar\t6\tيونيو
month\tar\t6\tيونيه
month\tar\t6\tحزيران
month\tar\t6\tجوان
month\tar\t7\tيوليو
month\tar\t7\tيوليه
month\tar\t7\tتموز
month\tar\t8\tأغسطس
month\tar\t8\tآب
month\tar\t10\tتشرين الأول
month\tar\t10\tأكتوبر
month\ten\t1\tJanuary
month\ten\t1\tJan
month\ten\t3\tMarch
month\ten\t5\tMay
month\ten\t6\tJune
month\ten\t9\tSeptember
month\ten\t9\tSept.
hijri_month\tar\t9\tرمضان
hijri_month\tar\t3\tربيع الأول
hijri_month\ten\t9\tRamadan
weekday\tar\t4\tالأربعاء
weekday\tar\t5\tالخميس
weekday\ten\t4\tWednesday
weekday\ten\t6\tFriday
weekday\ten\t7\tSunday
weekday\ten\t7\tSun
hijri_month\ten\t3\tRabi' al-Awwal
";

    static RULES: LazyLock<Rules> = LazyLock::new(|| {
        let (rules, errors) = Rules::new(
            ("calendar.tsv", CALENDAR),
            ("vocabulary.tsv", include_str!("../data/vocabulary.tsv")),
        );
        assert_eq!(errors, vec![]);
        rules
    });

    /// Lists each hit of the rules in `text` as `TYPE original text`.
    fn check(text: &str, expect: Expect) {
        let haystack = Haystack::new(text);
        let key = haystack.key();
        let mut listing = String::new();
        for hit in RULES.find(text, &haystack) {
            let (from, to) = key.original_range(text, hit.key_start, hit.key_end);
            listing.push_str(&format!("{} {}\n", hit.ty, &text[from..to]));
        }
        expect.assert_eq(&listing);
    }

    /// Lists the errors of malformed data, one per line.
    fn check_error(calendar: &str, vocabulary: &str, expect: Expect) {
        let (_, errors) = Rules::new(("calendar.tsv", calendar), ("vocabulary.tsv", vocabulary));
        let listing: Vec<String> = errors.iter().map(ToString::to_string).collect();
        expect.assert_eq(&listing.join("\n"));
    }

    #[test]
    fn weekdays() {
        check(
            "وقال مسؤول الأربعاء إن",
            expect![[r#"
                DATE الأربعاء
            "#]],
        );
        check(
            "officials said on Wednesday that",
            expect![[r#"
                DATE Wednesday
            "#]],
        );
    }

    #[test]
    fn weekday_with_proclitic() {
        check(
            "والأربعاء وبالخميس",
            expect![[r#"
                DATE الأربعاء
                DATE الخميس
            "#]],
        );
    }

    #[test]
    fn weekday_then_date_in_parentheses() {
        check(
            "طلب عدم نشر اسمه، الأربعاء (11 يونيو 2014) إن العراق",
            expect![[r#"
                DATE الأربعاء (11 يونيو 2014)
            "#]],
        );
    }

    #[test]
    fn weekday_then_date() {
        check(
            "on Wednesday, June 11, 2014, officials",
            expect![[r#"
                DATE Wednesday, June 11, 2014
            "#]],
        );
        check(
            "الخميس، 12 يونيو 2014",
            expect![[r#"
                DATE الخميس، 12 يونيو 2014
            "#]],
        );
    }

    #[test]
    fn abbreviated_weekdays_only_before_a_date() {
        check(
            "The Sun reported on Sun., June 15, 2014",
            expect![[r#"
                DATE Sun., June 15, 2014
            "#]],
        );
    }

    #[test]
    fn multi_word_latin_month_names() {
        check(
            "on 12 Rabi' al-Awwal 1436 AH, not 12 rabi' al-awwal 1436",
            expect![[r#"
                DATE 12 Rabi' al-Awwal 1436 AH
                CARDINAL 12
                CARDINAL 1436
            "#]],
        );
    }

    #[test]
    fn day_month_year() {
        check(
            "في 11 يونيو 2014 و11 June 2014",
            expect![[r#"
                DATE 11 يونيو 2014
                DATE 11 June 2014
            "#]],
        );
    }

    #[test]
    fn month_day_year() {
        check(
            "on June 11, 2014 and June 11 2014",
            expect![[r#"
                DATE June 11, 2014
                DATE June 11 2014
            "#]],
        );
    }

    #[test]
    fn day_month_and_month_day() {
        check(
            "في 11 يونيو الماضي، on June 11 and 11 June.",
            expect![[r#"
                DATE 11 يونيو الماضي
                DATE June 11
                DATE 11 June
            "#]],
        );
    }

    #[test]
    fn month_year() {
        check(
            "منذ يونيو 2014 و since June 2014",
            expect![[r#"
                DATE يونيو 2014
                DATE June 2014
            "#]],
        );
    }

    #[test]
    fn double_month_names() {
        check(
            "في 11 يونيو/حزيران 2014 وفي يونيو (حزيران) 2014",
            expect![[r#"
                DATE 11 يونيو/حزيران 2014
                DATE يونيو (حزيران) 2014
            "#]],
        );
        check(
            "في 11 حزيران / يونيو 2014",
            expect![[r#"
                DATE 11 حزيران / يونيو 2014
            "#]],
        );
    }

    #[test]
    fn levantine_maghrebi_and_egyptian_months() {
        check(
            "في 5 كانون الثاني 2015 و10 آذار 2013 و3 جانفي 2012 و4 يونيه 2011",
            expect![[r#"
                DATE 5 كانون الثاني 2015
                DATE 10 آذار 2013
                DATE 3 جانفي 2012
                DATE 4 يونيه 2011
            "#]],
        );
    }

    #[test]
    fn english_abbreviations() {
        check(
            "on Jan. 5, 2014, Jan 6 and Sept. 11, 2001, Sept 12",
            expect![[r#"
                DATE Jan. 5, 2014
                DATE Jan 6
                DATE Sept. 11, 2001
                DATE Sept 12
            "#]],
        );
    }

    #[test]
    fn numeric_dates() {
        check(
            "2014-06-11 و11/6/2014 و11-6-2014 and 6/11/2014",
            expect![[r#"
                DATE 2014-06-11
                DATE 11/6/2014
                DATE 11-6-2014
                DATE 6/11/2014
            "#]],
        );
    }

    #[test]
    fn hijri_dates() {
        check(
            "في 15 رمضان 1435 هـ، ورمضان 1435هـ",
            expect![[r#"
                DATE 15 رمضان 1435 هـ
                DATE رمضان 1435هـ
            "#]],
        );
        check(
            "on 15 Ramadan 1435 AH",
            expect![[r#"
                DATE 15 Ramadan 1435 AH
            "#]],
        );
        check(
            "في 12 ربيع الأول 1436",
            expect![[r#"
                DATE 12 ربيع الأول 1436
            "#]],
        );
    }

    #[test]
    fn era_suffixes() {
        check(
            "عام 2014م وعام 1435 هـ",
            expect![[r#"
                DATE 2014م
                DATE 1435 هـ
            "#]],
        );
    }

    #[test]
    fn bare_years() {
        check(
            "في عام 2014 and in 1999, not 2100 or 1899",
            expect![[r#"
                DATE عام 2014
                DATE 1999
                CARDINAL 2100
                CARDINAL 1899
            "#]],
        );
    }

    #[test]
    fn year_ranges_are_one_date() {
        check(
            "خلال 2014-2015 and 2010 - 2012",
            expect![[r#"
                DATE 2014-2015
                DATE 2010 - 2012
            "#]],
        );
    }

    #[test]
    fn digits_joined_by_punctuation_are_one_token() {
        check(
            "بين 10-15 قتيلا، هاتف 0770-123-4567، مجموعة (5+1) و2,500 and 1,5",
            expect![[r#"
                CARDINAL 2,500
            "#]],
        );
    }

    #[test]
    fn comma_without_space_before_the_year() {
        check(
            "Mosul, June 11,2014.Credit: Reuters",
            expect![[r#"
                DATE June 11,2014
            "#]],
        );
    }

    #[test]
    fn decades() {
        check(
            "in the 1990s and the 2000's",
            expect![[r#"
                DATE 1990s
                DATE 2000's
            "#]],
        );
    }

    #[test]
    fn relative_dates() {
        check(
            "قال أمس إن الحكومة ستعلن اليوم ما قررته العام الماضي والشهر الماضي",
            expect![[r#"
                DATE أمس
                DATE اليوم
                DATE العام الماضي
                DATE الشهر الماضي
            "#]],
        );
        check(
            "He said yesterday that today, like last month and this year",
            expect![[r#"
                DATE yesterday
                DATE today
                DATE last month
                DATE this year
            "#]],
        );
    }

    #[test]
    fn periods_with_a_modifier() {
        check(
            "فاز للموسم الماضي وللعام الثالث، ارتفع عن الفترة المماثلة من العام السابق، وفي السنوات الأخيرة والأيام الماضية، وفي الموسم الجديد ونهاية العام الماضي ومطلع الشهر، 😀 والسنة المقبلة والعقد المنصرم",
            expect![[r#"
                DATE لموسم الماضي
                DATE الفترة المماثلة من العام السابق
                DATE السنوات الأخيرة
                DATE الأيام الماضية
                DATE الموسم الجديد
                DATE نهاية العام الماضي
                DATE مطلع الشهر
                DATE السنة المقبلة
                DATE العقد المنصرم
            "#]],
        );
        check(
            "Over the past decade, and early next year; in the coming months, last summer (Last Season), in recent years",
            expect![[r#"
                DATE past decade
                DATE early next year
                DATE coming months
                DATE last summer
                DATE Last Season
                DATE recent years
            "#]],
        );
    }

    #[test]
    fn general_is_no_year_after_a_definite_word() {
        check(
            "قال الأمين العام السابق والمدعي العام الحالي إن العام الماضي كان صعبا، واستهلت الإمارات العام الجاري بخطة",
            expect![[r#"
                DATE العام الماضي
                DATE العام الجاري
            "#]],
        );
    }

    #[test]
    fn a_period_without_its_alif_needs_the_preposition() {
        check("لعام الماضي", expect![""]);
    }

    #[test]
    fn ranges_are_one_date() {
        check(
            "من الأربعاء إلى الخميس، بين 2019 و2021، من الاربعاء ولغاية الخميس, from Wednesday to Friday, between 2019 and 2021; 2019 and 2021",
            expect![[r#"
                DATE الأربعاء إلى الخميس
                DATE 2019 و2021
                DATE الاربعاء ولغاية الخميس
                DATE Wednesday to Friday
                DATE 2019 and 2021
                DATE 2019
                DATE 2021
            "#]],
        );
    }

    #[test]
    fn a_day_number_and_a_part_of_a_period_join_a_date() {
        check(
            "يقام المعرض من 5 وحتى 9 مايو المقبل، وفي الفترة من 2 يونيو، ولغاية 6 يوليو من العام الجاري، بين 10 و12 أكتوبر 2025، ومن 3 ولغاية 7 من الشهر الحالي؛ فاز 3 و2 في مباراتين",
            expect![[r#"
                DATE 5 وحتى 9 مايو المقبل
                DATE 2 يونيو، ولغاية 6 يوليو من العام الجاري
                DATE 10 و12 أكتوبر 2025
                DATE 3 ولغاية 7 من الشهر الحالي
                CARDINAL 3
                CARDINAL 2
            "#]],
        );
    }

    #[test]
    fn a_month_word_an_edge_a_same_period_and_durations() {
        check(
            "في شهر مارس الماضي وبشهر يناير، حتى نهاية مايو المقبل، وفي 15 الجاري، مقارنة بالفترة نفسها من عام 2023 والفترة ذاتها قبل سنة، وسجن عشرين (20) سنة وخمسة أيام متتالية، يوم 09/11/24 لا 1/2/24، ونحو 3 سنوات, for almost 9 months",
            expect![[r#"
                DATE شهر مارس الماضي
                DATE شهر يناير
                DATE نهاية مايو المقبل
                DATE 15 الجاري
                DATE الفترة نفسها من عام 2023
                DATE الفترة ذاتها قبل سنة
                DATE عشرين (20) سنة
                DATE خمسة أيام متتالية
                DATE 09/11/24
                DATE نحو 3 سنوات
                DATE almost 9 months
            "#]],
        );
    }

    #[test]
    fn relative_dates_take_conjunctions_and_the_article() {
        check(
            "وأمس وبالأمس وهذا العام",
            expect![[r#"
                DATE أمس
                DATE الأمس
                DATE هذا العام
            "#]],
        );
    }

    #[test]
    fn words_that_only_look_like_clitic_dates() {
        // باب "door" is not ب + آب, بأمس الحاجة "in dire need" not ب + أمس,
        // لامس "touched" not ل + أمس.
        check(
            "باب 2014 بأمس الحاجة لامس السعر",
            expect![[r#"
                DATE 2014
            "#]],
        );
    }

    #[test]
    fn english_month_and_weekday_need_a_capital() {
        check(
            "you may 2 go, may 2014, wednesday",
            expect![[r#"
                CARDINAL 2
                DATE 2014
            "#]],
        );
        check(
            "May 2014 and May 5",
            expect![[r#"
                DATE May 2014
                DATE May 5
            "#]],
        );
    }

    #[test]
    fn bare_month_names_are_dates_unless_they_are_common_words() {
        check(
            "في يونيو and in June; مارس ضغوطا وأب؛ May I",
            expect![[r#"
                DATE يونيو
                DATE June
            "#]],
        );
    }

    /// A part of a named day is a TIME with its weekday: before it in
    /// Arabic, after it in English; a weekday alone is a DATE.
    #[test]
    fn a_part_of_a_weekday_is_a_time() {
        check(
            "فاز مساء الأربعاء وعاد صباح الخميس 🌙 ثم الخميس. They won on Sunday night, left Friday morning, rested on Wednesday.",
            expect![[r#"
                TIME مساء الأربعاء
                TIME صباح الخميس
                DATE الخميس
                TIME Sunday night
                TIME Friday morning
                DATE Wednesday
            "#]],
        );
    }

    /// The word for "year" written before a year is part of its date,
    /// without the proclitics before it; elsewhere a year stands alone.
    #[test]
    fn a_year_with_its_word_for_year() {
        check(
            "في العام 2018 ومنذ عام 1979 ولعام 2020 وحتى 2024 والسنة 2019 🗓️ the year 2021",
            expect![[r#"
                DATE العام 2018
                DATE عام 1979
                DATE عام 2020 وحتى 2024
                DATE السنة 2019
                DATE 2021
            "#]],
        );
    }

    /// A month after last, this or next is a date, after punctuation too,
    /// where May must still be capitalized; so are the seasons and the past
    /// year.
    #[test]
    fn english_months_and_seasons_relative_to_now() {
        check(
            "He left last May ⚽ and returned this season; over the past year, next March 2027 \
             and last may.",
            expect![[r#"
                DATE last May
                DATE this season
                DATE past year
                DATE next March 2027
            "#]],
        );
    }

    /// An Arabic ordinal and من before a month name the day of that month,
    /// without the proclitics before the ordinal; an ordinal before
    /// anything but a date is no date.
    #[test]
    fn a_day_by_its_ordinal() {
        check(
            "في الرابع من يناير 2025 📅 والحادي والعشرين من يونيو، والفصل الثاني من الكتاب، \
             الأول من أمس",
            expect![[r#"
                DATE الرابع من يناير 2025
                DATE الحادي والعشرين من يونيو
                DATE الأول من أمس
            "#]],
        );
    }

    #[test]
    fn dates_with_relative_days_modifiers_and_parts_of_years() {
        check(
            "أمس الأربعاء 11 يونيو 2014 واليوم الخميس والأربعاء المقبل و28 مارس الجاري \
             والربع الثالث من العام الجاري و15 سنة وأسبوعين ونهاية يونيو. The second quarter (Q2) of 2024, Q2-24, first half (H1) of \
             2024, the second half, a 27-year-old, end of June, May-June 2023, five years",
            expect![[r#"
                DATE أمس الأربعاء 11 يونيو 2014
                DATE اليوم الخميس
                DATE الأربعاء المقبل
                DATE 28 مارس الجاري
                DATE الربع الثالث من العام الجاري
                DATE 15 سنة
                DATE أسبوعين
                DATE نهاية يونيو
                DATE second quarter (Q2) of 2024
                DATE Q2-24
                DATE first half (H1) of 2024
                DATE 27-year-old
                DATE end of June
                DATE May-June 2023
                DATE five years
            "#]],
        );
    }

    #[test]
    fn times() {
        check(
            "at 10:30, at 10:30 am and at 10 a.m.",
            expect![[r#"
                TIME 10:30
                TIME 10:30 am
                TIME 10 a.m.
            "#]],
        );
        check(
            "الساعة 10:30 صباحا و5 مساء، وصباح اليوم ومساء أمس",
            expect![[r#"
                TIME 10:30 صباحا
                TIME 5 مساء
                TIME صباح اليوم
                TIME مساء أمس
            "#]],
        );
    }

    #[test]
    fn cardinals() {
        check(
            "قتل 275 شخصا و2,500 جريح و3.5 and 2500 people",
            expect![[r#"
                CARDINAL 275
                CARDINAL 2,500
                CARDINAL 3.5
                CARDINAL 2500
            "#]],
        );
    }

    #[test]
    fn arabic_indic_digits() {
        check(
            "٢٧٥ جنديا و٣٫٥ و١١ يونيو ٢٠١٤ و٥٪",
            expect![[r#"
                CARDINAL ٢٧٥
                CARDINAL ٣٫٥
                DATE ١١ يونيو ٢٠١٤
                PERCENT ٥٪
            "#]],
        );
    }

    #[test]
    fn cardinals_with_scale_words() {
        check(
            "2 مليون نسمة و5 آلاف and 3 million people, 5bn",
            expect![[r#"
                CARDINAL 2 مليون
                CARDINAL 5 آلاف
                CARDINAL 3 million
                CARDINAL 5bn
            "#]],
        );
    }

    #[test]
    fn a_year_with_a_scale_or_unit_is_not_a_date() {
        check(
            "2000 مليون و1990 كم and 2014 dollars",
            expect![[r#"
                CARDINAL 2000 مليون
                QUANTITY 1990 كم
                MONEY 2014 dollars
            "#]],
        );
    }

    #[test]
    fn numbers_inside_words_or_tokens() {
        check("F16 H1N1 F-16 COVID-19 MP3 3D v2.0", expect![]);
    }

    #[test]
    fn spelled_out_numbers_only_before_units_or_currencies() {
        check(
            "ثلاثة رجال وثلاثة ملايين دولار و خمسة كيلومترات",
            expect![[r#"
                MONEY ثلاثة ملايين دولار
                QUANTITY خمسة كيلومترات
            "#]],
        );
        check(
            "five men, three million dollars and ten km",
            expect![[r#"
                MONEY three million dollars
                QUANTITY ten km
            "#]],
        );
    }

    #[test]
    fn money_with_symbols_and_codes() {
        check(
            "$1 and $ 1.5 million, €5, USD 5 and 5 USD",
            expect![[r#"
                MONEY $1
                MONEY $ 1.5 million
                MONEY €5
                MONEY USD 5
                MONEY 5 USD
            "#]],
        );
    }

    #[test]
    fn money_with_currency_words() {
        check(
            "100 دولار و5 ملايين دولار و1.5 مليار دولار أمريكي",
            expect![[r#"
                MONEY 100 دولار
                MONEY 5 ملايين دولار
                MONEY 1.5 مليار دولار أمريكي
            "#]],
        );
        check(
            "500 euros and 3 billion dollars",
            expect![[r#"
                MONEY 500 euros
                MONEY 3 billion dollars
            "#]],
        );
        check(
            "مليون دولار وملايين الدولارات",
            expect![[r#"
                MONEY مليون دولار
                MONEY ملايين الدولارات
            "#]],
        );
    }

    #[test]
    fn percents() {
        check(
            "5% و5 % و٥٪ و%5",
            expect![[r#"
                PERCENT 5%
                PERCENT 5 %
                PERCENT ٥٪
                PERCENT %5
            "#]],
        );
        check(
            "5 percent, 5 per cent",
            expect![[r#"
                PERCENT 5 percent
                PERCENT 5 per cent
            "#]],
        );
        check(
            "بنسبة 5 في المئة و5 في المائة و5 بالمئة و5 بالمائة",
            expect![[r#"
                PERCENT 5 في المئة
                PERCENT 5 في المائة
                PERCENT 5 بالمئة
                PERCENT 5 بالمائة
            "#]],
        );
    }

    #[test]
    fn quantities() {
        check(
            "500 كيلومتر و20 كلم و5 كم و3 أطنان و100 ألف برميل",
            expect![[r#"
                QUANTITY 500 كيلومتر
                QUANTITY 20 كلم
                QUANTITY 5 كم
                QUANTITY 3 أطنان
                QUANTITY 100 ألف برميل
            "#]],
        );
        check(
            "5 km, 10 miles, 3 tons and 1.5 million barrels a day",
            expect![[r#"
                QUANTITY 5 km
                QUANTITY 10 miles
                QUANTITY 3 tons
                QUANTITY 1.5 million barrels a day
            "#]],
        );
    }

    #[test]
    fn proclitics_before_numbers() {
        check(
            "و5 ملايين دولار ب5% ل2014 وب3 كم",
            expect![[r#"
                MONEY 5 ملايين دولار
                PERCENT 5%
                DATE 2014
                QUANTITY 3 كم
            "#]],
        );
    }

    #[test]
    fn mixed_scripts_and_emoji() {
        check(
            "😀 وصل 275 جندياً إلى بغداد في 11 يونيو 2014 at 10:30",
            expect![[r#"
                CARDINAL 275
                DATE 11 يونيو 2014
                TIME 10:30
            "#]],
        );
    }

    #[test]
    fn harakat_and_tatweel_inside_hits() {
        check(
            "في ١١ يونيـــو ٢٠١٤ وَ 5 دُولَارَاتٍ",
            expect![[r#"
                DATE ١١ يونيـــو ٢٠١٤
                MONEY 5 دُولَارَاتٍ
            "#]],
        );
    }

    #[test]
    fn hits_do_not_cross_line_breaks() {
        check(
            "11 يونيو\n2014",
            expect![[r#"
                DATE 11 يونيو
                DATE 2014
            "#]],
        );
    }

    #[test]
    fn malformed_calendar_lines_are_reported() {
        check_error(
            "# header\nmonth\tar\t13\tيونيو\n",
            "",
            expect!["calendar.tsv:2: number must be 1 to 12"],
        );
        check_error(
            "month\tfr\t6\tjuin\n",
            "",
            expect![[r#"calendar.tsv:1: unknown language "fr", expected one of ar, en"#]],
        );
        check_error(
            "month\tar\t6\n",
            "",
            expect!["calendar.tsv:1: expected 4 non-empty tab-separated columns"],
        );
    }

    #[test]
    fn malformed_vocabulary_lines_are_reported() {
        check_error(
            "",
            "\nunit\tar\tكم\ncolour\ten\tred\n",
            expect![[
                r#"vocabulary.tsv:3: unknown kind "colour", expected one of scale, currency, unit, percent, relative_date, number_word, era, day_period, relative_day, date_modifier, duration, duration_pair, year_part, ordinal, date_edge, period_code, not_alone, day_part, day_ordinal, period, period_modifier"#
            ]],
        );
        check_error(
            "",
            "unit\ten\t\u{200F}\n",
            expect!["vocabulary.tsv:1: empty after normalization"],
        );
    }

    /// Running the rules only where an opening is, and reading the groups
    /// of most matches from their span, finds what searching the whole key
    /// with a capture engine finds: on the seeds, and on every phrase of the
    /// data next to numbers, proclitics and other characters.
    #[test]
    fn rules_run_at_openings_find_what_a_full_search_finds() {
        let calendar = include_str!("../data/calendar.tsv");
        let vocabulary = include_str!("../data/vocabulary.tsv");
        let (rules, errors) =
            Rules::new(("calendar.tsv", calendar), ("vocabulary.tsv", vocabulary));
        assert_eq!(errors, vec![]);
        let phrases = calendar
            .lines()
            .chain(vocabulary.lines())
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next_back());
        let numbers = ["5", "2014", "11", "3.5", "٢٠١٤", "1,500", "10:30"];
        let mut text = crate::SEEDS.concat();
        for (phrase, number) in phrases.zip(numbers.iter().cycle()) {
            for before in [
                "", "و", "ب", "فل", "وال", "x", "_", "(", "😀", "\u{06FD}", "\u{09F4}", "é",
            ] {
                text.push_str(&format!(
                    "{before}{phrase} {number} {phrase}{number}، {number}{phrase} \
                     {before}{number} {phrase} 2014-{number} {before}{phrase}{number}.\n"
                ));
            }
        }
        let haystack = Haystack::new(&text);
        let key = haystack.key();
        let searched = rules.find_with(&text, key, |searcher, at| {
            searcher.search_groups(&Input::new(key.as_str()).range(at..))
        });
        assert!(searched.len() > 10_000, "{} hits", searched.len());
        assert!(rules.find(&text, &haystack) == searched);
    }

    #[test]
    fn empty_data_finds_only_numbers() {
        let (rules, errors) = Rules::new(("calendar.tsv", ""), ("vocabulary.tsv", ""));
        assert_eq!(errors, vec![]);
        let text = "في 11 يونيو 2014 دفع 5 دولار";
        let types: Vec<&str> = rules
            .find(text, &Haystack::new(text))
            .iter()
            .map(|hit| hit.ty)
            .collect();
        assert_eq!(types, ["CARDINAL", "DATE", "CARDINAL"]);
    }
}
