//! Nationality adjectives (NORP): words derived from a country's name.
//!
//! Arabic forms them with the nisba suffix (العراق → العراقي، العراقية،
//! العراقيين; أمريكا → الأمريكي; سوريا → السوري), English with demonym
//! suffixes (Iraq → Iraqi, Syria → Syrian, Iran → Iranian, China → Chinese).
//! A word is an adjective when stripping a suffix and adding back the
//! endings a country name may have lost gives one of the lexicon's country
//! names. Every such word is listed once, at construction, so that a text's
//! words are each looked up once. English demonyms that no suffix derives
//! (Emirati, Dutch) come from a list.

use rustc_hash::FxHashSet;

use crate::arabic::clitics_before_article;
use crate::gazetteer::{FirstWords, Haystack};
use crate::lexicon::Lexicon;
use crate::normalize::{is_arabic_letter, is_word_char, normalize};

/// Arabic nisba endings, longest first (after folding ة → ه).
const ARABIC_SUFFIXES: &[&str] = &["يين", "يون", "يات", "يه", "ي"];
/// What an Arabic country name may add to the stem: عراق → العراق،
/// أمريك → أمريكا، سور → سوريا، سعود → السعودية.
const ARABIC_RESTORED: &[(&str, &str)] =
    &[("", ""), ("", "ا"), ("ال", ""), ("", "يا"), ("ال", "يه")];
/// English demonym endings, longest first.
const ENGLISH_SUFFIXES: &[&str] = &["ians", "ian", "ans", "an", "ese", "ish", "is", "i"];
/// What an English country name may add to the stem: Iraq, Syri-a, Ital-y,
/// Russ-ia, Turk-ey, Leban-on, Mexic-o, Ukrain-e, Germ-any.
const ENGLISH_RESTORED: &[&str] = &["", "a", "y", "ia", "ey", "on", "o", "e", "any"];

/// English demonyms that are not derived from their country's name by a
/// suffix (Emirati, Dutch, Swiss), from the lexicon generator:
/// `demonym<TAB>country` per line.
pub const DEFAULT_DEMONYMS: &str = include_str!("../data/demonyms.tsv");

/// The country names nationality adjectives are derived from.
#[derive(Default)]
pub struct Nationalities {
    /// Normalized one-word names of countries and territories.
    countries: FxHashSet<String>,
    /// Every word [`derived`] from them.
    adjectives: FxHashSet<String>,
    /// The adjectives' filter, which lets most other words be passed over
    /// by the hash a [`Haystack`] has of them.
    filter: FirstWords,
}

impl Nationalities {
    /// Collects the names of the lexicon's countries (entities with an ISO
    /// 3166-1 code, two letters, among their external ids): one-word names,
    /// and the last word of longer ones, which carries the adjective of
    /// "الولايات المتحدة الأمريكية" or the name of "United States of America".
    pub fn new(lexicon: &Lexicon) -> Nationalities {
        let countries: FxHashSet<String> = lexicon
            .countries()
            .flat_map(|entity| entity.surfaces())
            .filter_map(|surface| normalize(surface).rsplit(' ').next().map(str::to_owned))
            .filter(|word| word.chars().count() >= 3 && word.chars().all(is_word_char))
            .collect();
        let stems = stems(&countries);
        // Every word `derived` from a stem is the stem with a suffix, maybe
        // a joining و and an article: those forms, kept when derived, are
        // all of them. A word read as Arabic starts with an Arabic letter,
        // so a Latin stem takes Arabic suffixes only behind the article, and
        // an Arabic stem no English suffix.
        let mut adjectives = FxHashSet::default();
        for stem in &stems {
            let arabic_stem = stem.starts_with(is_arabic_letter);
            let articles: &[&str] = if arabic_stem {
                &["", "ال"]
            } else {
                &["ال"]
            };
            let arabic = ARABIC_SUFFIXES.iter().flat_map(|suffix| {
                articles.iter().flat_map(move |article| {
                    ["", "و"].map(|joiner| format!("{article}{stem}{joiner}{suffix}"))
                })
            });
            let english_suffixes = if arabic_stem {
                &[][..]
            } else {
                ENGLISH_SUFFIXES
            };
            let english = english_suffixes
                .iter()
                .map(|suffix| format!("{stem}{suffix}"));
            adjectives.extend(arabic.chain(english).filter(|form| derived(&stems, form)));
        }
        let demonyms = (DEFAULT_DEMONYMS.lines())
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .filter(|demonym| !demonym.is_empty())
            .map(normalize);
        adjectives.extend(demonyms);
        let filter = FirstWords::new(adjectives.iter().map(String::as_str));
        Nationalities {
            countries,
            adjectives,
            filter,
        }
    }

    /// Whether a normalized word is a nationality adjective.
    pub fn is_adjective(&self, word: &str) -> bool {
        self.adjectives.contains(word)
    }

    /// Nationality adjectives in a text, as key byte ranges. Arabic ones may
    /// carry proclitics before the article (والعراقيين), which are left out;
    /// English ones must be capitalized.
    pub fn find(&self, text: &str, haystack: &Haystack) -> Vec<(usize, usize)> {
        let key = haystack.key();
        let mut hits = Vec::new();
        for (start, end, hash) in haystack.words() {
            let word = &key.as_str()[start..end];
            let clitics = clitics_before_article(word);
            if clitics == 0 && !self.filter.may_contain(hash) {
                continue;
            }
            let start = start + clitics;
            let word = &key.as_str()[start..end];
            if !self.is_adjective(word) || self.countries.contains(word) {
                continue;
            }
            if !word.starts_with(is_arabic_letter) {
                let (from, _) = key.original_range(text, start, end);
                if !text[from..].starts_with(char::is_uppercase) {
                    continue;
                }
            }
            hits.push((start, end));
        }
        hits
    }
}

/// What remains of country names once the endings an adjective drops are
/// taken off: العراق → عراق، سوريا → سور، Syria → Syri.
fn stems(countries: &FxHashSet<String>) -> FxHashSet<String> {
    let mut stems = FxHashSet::default();
    for country in countries {
        if country.starts_with(is_arabic_letter) {
            for (before, after) in ARABIC_RESTORED {
                let stem = country
                    .strip_prefix(before)
                    .and_then(|rest| rest.strip_suffix(after));
                stems.extend(stem.map(str::to_owned));
            }
        } else {
            for ending in ENGLISH_RESTORED {
                stems.extend(country.strip_suffix(ending).map(str::to_owned));
            }
        }
    }
    stems
}

/// Whether a normalized word, stripped of a suffix (and of an Arabic
/// article), is one of `stems`: what makes it a nationality adjective.
fn derived(stems: &FxHashSet<String>, word: &str) -> bool {
    if word.starts_with(is_arabic_letter) {
        let body = word.strip_prefix("ال").unwrap_or(word);
        ARABIC_SUFFIXES
            .iter()
            .filter_map(|suffix| body.strip_suffix(suffix))
            .filter(|stem| stem.chars().count() >= 2)
            // A و may join stem and suffix: النمسا → النمساوي.
            .flat_map(|stem| [Some(stem), stem.strip_suffix('و')].into_iter().flatten())
            .any(|stem| stems.contains(stem))
    } else {
        ENGLISH_SUFFIXES
            .iter()
            .filter_map(|suffix| word.strip_suffix(suffix))
            .any(|stem| stem.len() >= 3 && stems.contains(stem))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::MatchKey;
    use expect_test::{expect, Expect};

    fn check(text: &str, expect: Expect) {
        let mut lexicon = Lexicon::default();
        let countries = [
            ("IQ", "Iraq", "العراق"),
            ("US", "America", "أمريكا"),
            ("SY", "Syria", "سوريا"),
            ("IR", "Iran", "إيران"),
            ("CN", "China", "الصين"),
            ("SA", "Saudi Arabia", "السعودية"),
            ("IT", "Italy", "إيطاليا"),
            ("LB", "Lebanon", "لبنان"),
            ("AT", "Austria", "النمسا"),
            ("MX", "United Mexican States", "الولايات المتحدة المكسيكية"),
        ];
        let lines: Vec<String> = countries
            .iter()
            .map(|(code, en, ar)| {
                format!(r#"{{"id": "iso3166:{code}", "type": "GPE", "names": {{"en": "{en}", "ar": "{ar}"}}, "xrefs": {{"iso3166": "{code}"}}}}"#)
            })
            .collect();
        assert_eq!(lexicon.load("countries", lines.join("\n").into()), vec![]);
        let nationalities = Nationalities::new(&lexicon);
        let haystack = Haystack::new(text);
        let key = haystack.key();
        let found: Vec<&str> = nationalities
            .find(text, &haystack)
            .into_iter()
            .map(|(start, end)| {
                let (from, to) = key.original_range(text, start, end);
                &text[from..to]
            })
            .collect();
        expect.assert_eq(&found.join(" | "));
    }

    #[test]
    fn arabic_nisba_of_country_names() {
        check(
            "الرئيس الأمريكي والقوات العراقية والعراقيين وقوات سورية ومسؤولين إيرانيين والصيني السعودي الإيطالية اللبناني النمساوية المكسيكي",
            expect!["الأمريكي | العراقية | العراقيين | سورية | إيرانيين | الصيني | السعودي | الإيطالية | اللبناني | النمساوية | المكسيكي"],
        );
    }

    #[test]
    fn words_that_only_look_like_nisba() {
        check("الخارجية الدولي الشمالي العربي عراق إيران", expect![""]);
    }

    #[test]
    fn english_demonyms() {
        check(
            "Iraqi and Iraqis, Syrian, Iranian, Chinese, Italian, Lebanese, American officials",
            expect!["Iraqi | Iraqis | Syrian | Iranian | Chinese | Italian | Lebanese | American"],
        );
    }

    /// The adjectives listed at construction are the words `derived` from
    /// the default lexicon's countries and the listed demonyms: on every word of the seeds, and on
    /// every form of every stem with and without each suffix, joiner and
    /// article.
    #[test]
    fn listed_adjectives_are_the_derived_words() {
        let mut lexicon = Lexicon::default();
        assert_eq!(
            lexicon.load("lexicon", crate::lexicon::DEFAULT_LEXICON.into()),
            vec![]
        );
        let nationalities = Nationalities::new(&lexicon);
        let stems = stems(&nationalities.countries);
        let seeds = crate::SEEDS.concat();
        let key = MatchKey::new(&seeds);
        let seed_words = key
            .words()
            .map(|(start, end)| key.as_str()[start..end].to_owned());
        let forms = stems.iter().flat_map(|stem| {
            let endings = ARABIC_SUFFIXES.iter().chain(ENGLISH_SUFFIXES).chain([&""]);
            endings.flat_map(move |suffix| {
                let befores = ["", "ال", "و", "x"].into_iter();
                befores.flat_map(move |before| {
                    ["", "و"].map(|joiner| format!("{before}{stem}{joiner}{suffix}"))
                })
            })
        });
        let demonyms: FxHashSet<String> = (DEFAULT_DEMONYMS.lines())
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .map(normalize)
            .collect();
        let mut adjectives = 0;
        for word in seed_words.chain(forms) {
            let listed = nationalities.is_adjective(&word);
            assert_eq!(
                listed,
                derived(&stems, &word) || demonyms.contains(&word),
                "{word}"
            );
            adjectives += usize::from(listed);
        }
        assert!(adjectives > 1_000, "{adjectives} adjectives");
    }

    #[test]
    fn english_demonyms_that_no_suffix_derives() {
        check(
            "Emirati and Emiratis, Dutch, Swiss, Greeks and an emirati",
            expect!["Emirati | Emiratis | Dutch | Swiss | Greeks"],
        );
    }

    #[test]
    fn english_demonyms_need_a_capital() {
        check("an iraqi man, Iraq, Iran", expect![""]);
    }
}
