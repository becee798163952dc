//! Proper-noun chunks of Latin-script text: runs of capitalized words
//! (Abu Dhabi National Oil Company, Ali Maaloul, Ministry of Health) typed
//! by the words that head or close them, by a title before them and by a
//! known given name at their start.
//!
//! The vocabulary is data (`data/chunks.tsv`): closed-class words such as
//! titles, organization heads and place nouns, never names. A chunk with no
//! such evidence is not suggested: a capital letter alone says a word is a
//! name, not what it names, and the lexicon already suggests the names it
//! knows.
//!
//! Chunks are read in the original text, where capitals are, starting only
//! at a capital letter that begins a word, which a scan of the bytes finds
//! several bytes at a time; text without Latin capitals (most Arabic text)
//! costs that scan alone.

use std::sync::{Arc, LazyLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::gazetteer::FunctionWords;
use crate::nationality::Nationalities;
use crate::normalize::normalize;
use crate::triggers::GivenNames;
use crate::DataError;

/// Common English words (`english_words.txt`, from the lexicon generator):
/// a capitalized word of that spelling inside a sentence (Earth, Industry)
/// is no unknown name. Read the first time a text has a lone capitalized
/// word, so that Arabic text never reads it.
static ENGLISH_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/english_words.txt")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect()
});

/// The embedded vocabulary of chunks.
pub const DEFAULT_CHUNK_WORDS: &str = include_str!("../data/chunks.tsv");

/// What a word of the vocabulary may be, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Kinds(u16);

impl Kinds {
    const OPENER: Kinds = Kinds(1);
    const TITLE: Kinds = Kinds(1 << 1);
    const ORG_TAIL: Kinds = Kinds(1 << 2);
    const ORG_HEAD: Kinds = Kinds(1 << 3);
    const GPE_TAIL: Kinds = Kinds(1 << 4);
    const LOC_TAIL: Kinds = Kinds(1 << 5);
    const FAC_TAIL: Kinds = Kinds(1 << 6);
    const CONNECTOR: Kinds = Kinds(1 << 7);
    const PARTICLE: Kinds = Kinds(1 << 8);
    /// A month or weekday name, from the calendar of the rules.
    const CALENDAR: Kinds = Kinds(1 << 9);
    const CONJUNCTION: Kinds = Kinds(1 << 10);
    /// A common word that is an English function word (a stop word) but
    /// continues a name as its adjective (Federal High Court): a capitalized
    /// function word inside a run ends it otherwise.
    const MODIFIER: Kinds = Kinds(1 << 11);
    /// A line of business that ends a company's name, whose word before it
    /// names the company alone (Adnoc Drilling, then Adnoc).
    const BUSINESS: Kinds = Kinds(1 << 12);
    const PLACE: Kinds = Kinds(Self::GPE_TAIL.0 | Self::LOC_TAIL.0 | Self::FAC_TAIL.0);

    fn has(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }

    fn of_name(name: &str) -> Option<Kinds> {
        Some(match name {
            "opener" => Kinds::OPENER,
            "title" => Kinds::TITLE,
            "org_tail" => Kinds::ORG_TAIL,
            "org_head" => Kinds::ORG_HEAD,
            "gpe_tail" => Kinds::GPE_TAIL,
            "loc_tail" => Kinds::LOC_TAIL,
            "fac_tail" => Kinds::FAC_TAIL,
            "connector" => Kinds::CONNECTOR,
            "particle" => Kinds::PARTICLE,
            "conjunction" => Kinds::CONJUNCTION,
            "modifier" => Kinds::MODIFIER,
            "business" => Kinds::BUSINESS,
            _ => return None,
        })
    }
}

/// A typed chunk: a byte range of the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub ty: &'static str,
    /// Whether the name is worth finding again elsewhere in its document:
    /// a person's full name (whose family name then is too), or an acronym
    /// defined in parentheses after its organization.
    pub repeat: bool,
    /// The byte range of the word that names a company alone, in a name of
    /// that word and a line of business (Adnoc in Adnoc Drilling): worth
    /// finding again elsewhere in its document as the company.
    pub short: Option<(usize, usize)>,
}

/// What [`Chunks::find`] reads in a text.
pub struct Chunked {
    /// The typed chunks, in order.
    pub chunks: Vec<Chunk>,
    /// The byte ranges, in order, of the capitalized words that stand alone
    /// inside a sentence (after a lower-case word, a digit or a comma, and
    /// before no capitalized word) and that nothing knows: no word of the
    /// vocabulary, common English word, given name, nationality adjective,
    /// creed or acronym (Safaricom, Aramex).
    pub lone: Vec<(usize, usize)>,
}

/// The vocabulary that bounds and types chunks.
pub struct Chunks {
    kinds: FxHashMap<String, Kinds>,
    given_names: Arc<GivenNames>,
    nationalities: Arc<Nationalities>,
    function_words: Arc<FunctionWords>,
}

/// A word of a chunk: its byte range and what the vocabulary says of it.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    kinds: Kinds,
    capitalized: bool,
}

/// The most bytes a headline takes on either side of a word.
const HEADLINE_BYTES: usize = 200;

/// The most words a chunk takes.
const MOST_WORDS: usize = 10;

impl Chunks {
    /// Reads the vocabulary file `(name, content)` and the English month and
    /// weekday names of `calendar` (the rules' `calendar.tsv`); malformed
    /// lines are reported and skipped.
    pub fn new(
        (file, content): (&str, &str),
        calendar: &str,
        given_names: Arc<GivenNames>,
        nationalities: Arc<Nationalities>,
        function_words: Arc<FunctionWords>,
    ) -> (Chunks, Vec<DataError>) {
        let mut kinds: FxHashMap<String, Kinds> = FxHashMap::default();
        let mut errors = Vec::new();
        for (number, line) in content.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            match (
                fields.next().and_then(Kinds::of_name),
                fields.next(),
                fields.next(),
            ) {
                (Some(kind), Some(word), None) if !word.trim().is_empty() => {
                    kinds.entry(normalize(word)).or_default().0 |= kind.0;
                }
                _ => errors.push(DataError {
                    file: file.to_owned(),
                    line: number + 1,
                    message: "expected `kind<TAB>word`, kind one of opener, title, org_tail, \
                              org_head, gpe_tail, loc_tail, fac_tail, connector, particle, \
                              conjunction, modifier, business"
                        .to_owned(),
                }),
            }
        }
        let calendar_words = calendar.lines().filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields[..] {
                ["month" | "weekday", "en", _, word] => Some(word),
                _ => None,
            }
        });
        for word in calendar_words {
            kinds.entry(normalize(word)).or_default().0 |= Kinds::CALENDAR.0;
        }
        let chunks = Chunks {
            kinds,
            given_names,
            nationalities,
            function_words,
        };
        (chunks, errors)
    }

    /// The typed chunks of `text`, in order, with the acronyms defined after
    /// them, and its lone capitalized words that nothing knows.
    pub fn find(&self, text: &str) -> Chunked {
        let mut chunks = Vec::new();
        let mut lone = Vec::new();
        let mut lower = String::new();
        let mut words = Vec::new();
        let mut typed = Vec::new();
        let mut at = 0;
        while let Some(start) = next_capital(text, at) {
            let end = self.run(text, start, &mut words, &mut lower);
            at = end.max(start + 1);
            if words.len() <= 1 {
                let word = (start, words.first().map_or(end, |w| w.end));
                if self.is_lone(text, word, &mut lower) {
                    lone.push(word);
                }
                continue;
            }
            self.typed(text, &words, &mut lower, &mut typed);
            self.lone_in_run(text, &words, &typed, &mut lower, &mut lone);
            for chunk in typed.drain(..) {
                let acronym = acronym_after(text, chunk.end).map(|(start, end)| Chunk {
                    start,
                    end,
                    ty: chunk.ty,
                    repeat: true,
                    short: None,
                });
                chunks.push(chunk);
                if let Some(acronym) = acronym {
                    at = at.max(acronym.end);
                    chunks.push(acronym);
                }
            }
        }
        Chunked { chunks, lone }
    }

    /// Adds to `lone` the words of a run that stand alone between the
    /// conjunctions that join it ("Apple and Microsoft", "Kenya Airways and
    /// Safaricom") and that no chunk of `typed` covers, where they are lone
    /// words (see [`Chunks::is_lone`]). A run that names a person by a
    /// given name lists persons ("Esthon and Mustapha"): none is taken.
    fn lone_in_run(
        &self,
        text: &str,
        words: &[Word],
        typed: &[Chunk],
        lower: &mut String,
        lone: &mut Vec<(usize, usize)>,
    ) {
        let covered = |w: &Word| typed.iter().any(|c| c.start < w.end && w.start < c.end);
        let names_a_person = words.iter().any(|w| {
            lower_case(&text[w.start..w.end], lower);
            w.capitalized && !covered(w) && self.given_names.contains(lower)
        });
        if names_a_person {
            return;
        }
        for (i, word) in words.iter().enumerate() {
            let joined = |other: Option<&Word>| {
                other.is_some_and(|w| !w.capitalized && !w.kinds.has(Kinds::CONJUNCTION))
            };
            let alone = word.capitalized
                && !joined(i.checked_sub(1).and_then(|j| words.get(j)))
                && !joined(words.get(i + 1))
                && (i == 0 || !words[i - 1].capitalized)
                && words.get(i + 1).is_none_or(|next| !next.capitalized);
            if alone && !covered(word) && self.is_lone(text, (word.start, word.end), lower) {
                lone.push((word.start, word.end));
            }
        }
    }

    fn kinds_of(&self, word: &str, lower: &mut String) -> Kinds {
        lower_case(word, lower);
        self.kinds.get(lower.as_str()).copied().unwrap_or_default()
    }

    /// Whether `word` (a matching key) is a particle of a name: al, bin, de.
    pub fn is_particle(&self, word: &str) -> bool {
        self.kinds
            .get(word)
            .is_some_and(|kinds| kinds.has(Kinds::PARTICLE))
    }

    /// Reads into `words` the run of capitalized words (with connectors and
    /// particles between them) that starts at `start`, and returns where
    /// reading stopped.
    fn run(&self, text: &str, start: usize, words: &mut Vec<Word>, lower: &mut String) -> usize {
        words.clear();
        // A capitalized word alone, the most common run, is never typed:
        // it is passed over without looking its word up.
        let first_end = with_initials_period(text, start, word_end(text, start));
        if !self.continues(text, first_end, lower) {
            return first_end;
        }
        let mut at = start;
        loop {
            let end = with_initials_period(text, at, word_end(text, at));
            if end == at {
                break;
            }
            let word = &text[at..end];
            let kinds = self.kinds_of(word, lower);
            let capitalized = is_capitalized(word);
            let lower_connects = !capitalized
                && (kinds.has(Kinds::PARTICLE)
                    || kinds.has(Kinds::CONJUNCTION)
                        && words.last().is_some_and(|w| w.capitalized)
                    || kinds.has(Kinds::CONNECTOR)
                        && words.last().is_some_and(|w| {
                            w.kinds.has(Kinds::ORG_HEAD)
                                || w.kinds.has(Kinds::PLACE)
                                || w.kinds.has(Kinds::CONNECTOR) && lower.as_str() == "the"
                        }));
            // A capitalized opener inside a run is a headline's word ("Talks
            // With Iran"): the chunk ends before it. So does an acronym after
            // a word that is not one ("the Board of Directors MBRSC").
            let fits = if capitalized {
                words.is_empty()
                    || !kinds.has(Kinds::OPENER)
                        && (kinds != Kinds::default() || !self.function_words.contains(lower))
                        && !kinds.has(Kinds::CONNECTOR)
                        && (!is_acronym(word)
                            || is_acronym(
                                &text[words[words.len() - 1].start..words[words.len() - 1].end],
                            ))
            } else {
                !words.is_empty() && lower_connects
            };
            let has_letter = word.bytes().any(|b| b.is_ascii_alphabetic())
                || !word.is_ascii() && word.contains(char::is_alphabetic);
            if !fits || words.len() == MOST_WORDS || !has_letter {
                break;
            }
            words.push(Word {
                start: at,
                end,
                kinds,
                capitalized,
            });
            // The next word follows after spaces only.
            let rest = &text[end..];
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            if spaces == 0 || spaces > 2 {
                break;
            }
            at = end + spaces;
        }
        // Connectors and particles never end a chunk.
        while words.last().is_some_and(|w| !w.capitalized) {
            words.pop();
        }
        words.last().map_or(start, |w| w.end)
    }

    /// Whether a run goes on after a word that ends at `end`: with a
    /// capitalized word (al-Maliki too), or a particle, connector or conjunction (all short)
    /// before one.
    fn continues(&self, text: &str, end: usize, lower: &mut String) -> bool {
        let rest = &text[end..];
        let next = rest.trim_start_matches(' ');
        let spaces = rest.len() - next.len();
        if spaces == 0 || spaces > 2 {
            return false;
        }
        if next.starts_with(|c: char| c.is_uppercase()) {
            return true;
        }
        let word = &next[..word_end(next, 0)];
        if is_capitalized(word) {
            return true;
        }
        let joining = Kinds(Kinds::PARTICLE.0 | Kinds::CONNECTOR.0 | Kinds::CONJUNCTION.0);
        (1..=5).contains(&word.len()) && self.kinds_of(word, lower).has(joining)
    }

    /// Adds to `chunks` the chunk that `words` make, if anything types it.
    /// Words joined by a conjunction make one organization or are typed
    /// apart.
    fn typed(&self, text: &str, words: &[Word], lower: &mut String, chunks: &mut Vec<Chunk>) {
        if words.len() < 2 {
            // Nothing types a single word: a title has a name after it.
            return;
        }
        // A place named by a region word runs into the name of a person
        // who holds an office there (Kurdistan Region Masrour Barzani,
        // Lagos State Babajide Sanwo-Olu): the two are typed apart.
        let place_end = (words.iter()).position(|w| w.capitalized && w.kinds.has(Kinds::PLACE));
        if let Some(at) = place_end.filter(|&at| at > 0) {
            let person = &words[at + 1..];
            if person.len() >= 2 && self.is_given_name(text, &person[0], lower) {
                self.typed(text, &words[..=at], lower, chunks);
                self.typed(text, person, lower, chunks);
                return;
            }
        }
        let chunk = self.typed_one(text, words, lower);
        if chunk.as_ref().is_some_and(|chunk| chunk.ty == "ORG") {
            chunks.extend(chunk);
            return;
        }
        match (words.iter()).position(|w| w.kinds.has(Kinds::CONJUNCTION) && !w.capitalized) {
            Some(at) => {
                self.typed(text, &words[..at], lower, chunks);
                self.typed(text, &words[at + 1..], lower, chunks);
            }
            None => chunks.extend(chunk),
        }
    }

    /// The word that names a company alone in its name of two words,
    /// `words`, the second a line of business (Adnoc Drilling): a
    /// capitalized word that the vocabulary, the function words, the
    /// nationality adjectives and the given names know nothing of, since
    /// "National", "Saudi" or "Ahmed" name no company alone.
    fn company_word(
        &self,
        text: &str,
        words: &[Word],
        lower: &mut String,
    ) -> Option<(usize, usize)> {
        let [first, _] = words else {
            return None;
        };
        let word = &text[first.start..first.end];
        lower_case(word, lower);
        let unknown = first.capitalized
            && word.chars().count() >= 3
            && !self.is_common_word(lower)
            && !self.is_given_name(text, first, lower);
        unknown.then_some((first.start, first.end))
    }

    /// Whether `word` is a known given name.
    fn is_given_name(&self, text: &str, word: &Word, lower: &mut String) -> bool {
        let word = &text[word.start..word.end];
        if word.is_ascii() {
            lower_case(word, lower);
            self.given_names.contains(lower)
        } else {
            self.given_names.contains(&normalize(word))
        }
    }

    fn typed_one(&self, text: &str, words: &[Word], lower: &mut String) -> Option<Chunk> {
        let mut words = words;
        // Sentence openers and calendar words are not part of a name.
        while let [first, rest @ ..] = words {
            if !first.kinds.has(Kinds::OPENER) && !first.kinds.has(Kinds::CALENDAR) {
                break;
            }
            words = rest;
        }
        while let [rest @ .., last] = words {
            if !last.kinds.has(Kinds::CALENDAR) || last.kinds.has(Kinds::PLACE) {
                break;
            }
            words = rest;
        }
        let last = *words.last()?;
        let chunk = |words: &[Word], ty| Chunk {
            start: words[0].start,
            end: words[words.len() - 1].end,
            ty,
            repeat: false,
            short: None,
        };
        if words.len() >= 2 {
            // The word before the first connector, or the last word.
            let head = words
                .iter()
                .position(|w| w.kinds.has(Kinds::CONNECTOR) && !w.capitalized)
                .map(|connector| words[connector - 1]);
            let ty = |kinds: Kinds| {
                [
                    (Kinds::ORG_TAIL, "ORG"),
                    (Kinds::GPE_TAIL, "GPE"),
                    (Kinds::LOC_TAIL, "LOC"),
                    (Kinds::FAC_TAIL, "FAC"),
                ]
                .into_iter()
                .find(|&(kind, _)| kinds.has(kind))
                .map(|(_, ty)| ty)
            };
            let by_head = head.and_then(|head| {
                if head.kinds.has(Kinds::ORG_HEAD) {
                    Some("ORG")
                } else {
                    ty(head.kinds)
                }
            });
            if let Some(ty) = by_head.or_else(|| ty(last.kinds)) {
                let short = (by_head.is_none() && last.kinds.has(Kinds::BUSINESS))
                    .then(|| self.company_word(text, words, lower))
                    .flatten();
                return Some(Chunk {
                    short,
                    ..chunk(words, ty)
                });
            }
        }
        // A title ends what comes before a person's name (Egyptian Health
        // Minister Khaled Abdel-Ghaffar); nationality adjectives may start it.
        let titled = match words.iter().rposition(|w| w.kinds.has(Kinds::TITLE)) {
            Some(title) => {
                words = &words[title + 1..];
                true
            }
            None => false,
        };
        while let [first, rest @ ..] = words {
            let word = &text[first.start..first.end];
            lower_case(word, lower);
            if rest.is_empty() || !self.nationalities.is_adjective(lower) {
                break;
            }
            words = rest;
        }
        let first = words.first()?;
        let name_words = (words.iter())
            .filter(|w| w.capitalized && !w.kinds.has(Kinds::PARTICLE))
            .count();
        let person = if titled {
            // A title before a head ("President of the Council") names none.
            let typing = Kinds(Kinds::ORG_TAIL.0 | Kinds::ORG_HEAD.0 | Kinds::PLACE.0);
            !words.iter().any(|w| w.kinds.has(typing))
        } else {
            // "Al" and "El" start a family name or a club (Al Ahly), not a
            // given name; headlines run longer than names.
            (2..=4).contains(&name_words)
                && !first.kinds.has(Kinds::PARTICLE)
                && self.is_given_name(text, first, lower)
                && !self.is_headline(text, first.start)
        };
        if person {
            return Some(Chunk {
                repeat: words.len() >= 2,
                ..chunk(words, "PER")
            });
        }
        // "Al" or "El" and a name without a title or a given name before
        // them is an organization (Al Ahly, Al Jazeera); a person's family
        // name written so is found again from the person's full name, which
        // wins at the same span.
        let article = matches!(&text[first.start..first.end], "Al" | "El" | "AL" | "EL");
        (!titled && article && (1..=2).contains(&name_words)).then(|| chunk(words, "ORG"))
    }
}

impl Chunks {
    /// Whether the capitalized word at `start..end` of `text` stands alone
    /// inside a sentence and nothing knows it (Safaricom, Aramex): after a lower-case word,
    /// a digit or a comma, before a word that is not capitalized, and not a
    /// word of the vocabulary, a function word, a common English word, a
    /// nationality adjective or a given name, nor a creed or its followers
    /// (Judaism, Islamists). Such a word names something, and in news it is
    /// most often an organization; acronyms (GDP, CEO) and words at a
    /// sentence's start are left out. (A headline in title case has no
    /// such word: its words are capitalized.)
    ///
    /// The trade-off is plain: some such words are family names or places
    /// that nothing else knows, suggested as organizations.
    fn is_lone(&self, text: &str, (start, end): (usize, usize), lower: &mut String) -> bool {
        let word = &text[start..end];
        let before = text[..start].trim_end_matches(' ');
        let previous_start = (before.char_indices().rev())
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let previous = &before[previous_start..];
        let inside = before.len() < start
            && (previous.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                || previous.is_empty() && before.ends_with(','));
        let after = text[end..].trim_start_matches(' ');
        let alone = !after.starts_with(|c: char| c.is_uppercase());
        let plain = word.len() >= 3 && word[1..].bytes().all(|b| b.is_ascii_lowercase());
        // An acronym that reports, anywhere in a sentence, is a company's or
        // a body's (SABIC reported, EFCC said).
        let reporting = (3..=6).contains(&word.len())
            && word.bytes().all(|b| b.is_ascii_uppercase())
            && REPORTING_VERBS.contains(
                &&after[..after
                    .find(|c: char| !c.is_ascii_lowercase())
                    .unwrap_or(after.len())],
            );
        if !(inside && alone && plain || reporting) {
            return false;
        }
        lower_case(word, lower);
        // Creeds and their followers (Judaism, Islamists) are no
        // organizations.
        let creed = ["ism", "isms", "ist", "ists"]
            .iter()
            .any(|s| lower.ends_with(s));
        let known = creed
            || self.is_common_word(lower)
            || ENGLISH_WORDS.contains(lower.as_str())
            || self.given_names.contains(lower);
        !known
    }

    /// Whether `lower`, a word in lower case, is a word of the vocabulary,
    /// a function word or a nationality adjective: a word that names no
    /// company or organization alone.
    fn is_common_word(&self, lower: &str) -> bool {
        self.kinds.contains_key(lower)
            || self.function_words.contains(lower)
            || self.nationalities.is_adjective(lower)
    }

    /// Whether the line around byte `at` is a headline in title case ("Israel
    /// May Have Caught …"), where capitals do not mark names: most of its
    /// words of four letters or more are capitalized, and so is a function
    /// word after its first word that is no title or head; it has at most
    /// twenty words.
    fn is_headline(&self, text: &str, at: usize) -> bool {
        // A headline is short: a line longer than that is not read.
        let before = &text.as_bytes()[at.saturating_sub(HEADLINE_BYTES)..at];
        let start = match before.iter().rposition(|&b| b == b'\n') {
            Some(i) => at - before.len() + i + 1,
            None if before.len() == at => 0,
            None => return false,
        };
        let after = &text.as_bytes()[at..(at + HEADLINE_BYTES).min(text.len())];
        let end = match after.iter().position(|&b| b == b'\n') {
            Some(i) => at + i,
            None if at + after.len() == text.len() => text.len(),
            None => return false,
        };
        let words = text[start..end].split(|c: char| !c.is_alphanumeric() && c != '\'');
        let (mut capitalized, mut long, mut function_words, mut all) = (0, 0, 0, 0);
        let mut lower = String::new();
        for (i, word) in words.filter(|word| !word.is_empty()).enumerate() {
            all += 1;
            let upper = word.starts_with(char::is_uppercase);
            if word.chars().nth(3).is_some() {
                long += 1;
                capitalized += usize::from(upper);
            }
            if upper && i > 0 {
                lower_case(word, &mut lower);
                let common =
                    self.function_words.contains(&lower) && !self.kinds.contains_key(&lower);
                function_words += usize::from(common);
            }
        }
        all <= 20 && function_words >= 1 && capitalized >= 3 && capitalized * 10 >= long * 7
    }
}

/// Writes `word` in lower case into `lower`, which then is its matching key
/// when the word is ASCII.
fn lower_case(word: &str, lower: &mut String) {
    lower.clear();
    if word.is_ascii() {
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        lower.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The byte offset, from `from` on, of the next ASCII capital letter that
/// starts a word.
fn next_capital(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() {
        // Blocks without a capital, most of a text, are passed over whole.
        let block = &bytes[at..(at + 32).min(bytes.len())];
        if !block
            .iter()
            .fold(false, |any, b| any | b.is_ascii_uppercase())
        {
            at += block.len();
            continue;
        }
        for (i, b) in block.iter().enumerate() {
            let i = at + i;
            if b.is_ascii_uppercase() && starts_word(text, i) {
                return Some(i);
            }
        }
        at += block.len();
    }
    None
}

/// Whether the character at byte `at` is not preceded by a letter, a digit
/// or a joiner.
fn starts_word(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || is_joiner(c)),
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’')
}

/// The end of the word starting at `start`: letters and digits, joined by
/// a hyphen or an apostrophe (al-Sisi, O'Neill), but not a possessive 's.
fn word_end(text: &str, start: usize) -> usize {
    // ASCII letters and digits, most of a Latin word, byte by byte.
    let ascii = text.as_bytes()[start..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .map_or(text.len(), |i| start + i);
    if ascii == text.len()
        || !(text.as_bytes()[ascii] >= 0x80 || is_joiner(char::from(text.as_bytes()[ascii])))
    {
        return ascii;
    }
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = start + i + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, next)| next);
        let joins = is_joiner(c) && next.is_some_and(char::is_alphanumeric);
        let possessive = c != '-'
            && matches!(next, Some('s' | 'S'))
            && !text[start + i + c.len_utf8() + 1..].starts_with(|c: char| c.is_alphanumeric());
        if !joins || possessive || end == start {
            break;
        }
    }
    end
}

/// Whether a word is two or more capitals (and digits): IMF, MBZ-SAT.
/// The verbs of reporting after which an acronym alone is an
/// organization's (see [`Chunks::is_lone`]).
const REPORTING_VERBS: [&str; 8] = [
    "said",
    "says",
    "reported",
    "announced",
    "posted",
    "stated",
    "warned",
    "confirmed",
];

fn is_acronym(word: &str) -> bool {
    word.len() >= 2
        && !word.bytes().any(|b| b.is_ascii_lowercase())
        && word.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// Whether a word starts with a capital, or its last part after a joiner
/// does (al-Maliki).
fn is_capitalized(word: &str) -> bool {
    let starts_upper = |part: &str| part.chars().next().is_some_and(char::is_uppercase);
    starts_upper(word) || word.rsplit(is_joiner).next().is_some_and(starts_upper)
}

/// The acronym in parentheses right after a chunk that ends at `end`
/// ("World Health Organization (WHO)"): two to eight capitals or digits,
/// starting with a capital.
/// The end of the word at `start..end` of `text`, with its period when it
/// is an initial that a capitalized word follows (K. Sivan, J. K.
/// Rowling), which the run of capitalized words then reads on.
fn with_initials_period(text: &str, start: usize, end: usize) -> usize {
    let initial = end == start + 1
        && text.as_bytes()[start].is_ascii_uppercase()
        && text[end..].starts_with(". ")
        && text[end + 2..].starts_with(|c: char| c.is_uppercase());
    if initial {
        end + 1
    } else {
        end
    }
}

fn acronym_after(text: &str, end: usize) -> Option<(usize, usize)> {
    let rest = text[end..].strip_prefix(" (")?;
    let length = rest.find(')')?;
    let acronym = &rest[..length];
    let fits = (2..=8).contains(&acronym.len())
        && acronym.starts_with(|c: char| c.is_ascii_uppercase())
        && acronym
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let start = end + 2;
    fits.then_some((start, start + length))
}

#[cfg(test)]
mod tests;
