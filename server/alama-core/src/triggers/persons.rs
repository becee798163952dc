//! Arabic persons named without a title: a known given name followed by
//! further name words (نواف سلام، حسام عبد الغفار، حسام بن يحي، سلطان محمد
//! صالح، وفاء الدويسان).
//!
//! A given name alone is no person: many are also words (أمل، سلام) and a
//! first name alone is rarely how news names someone. The words after it
//! are read with the rules of [`Reader`] that bound a name after a title.

use super::*;

/// Words that join the two parts of an Arabic name, as matching keys: بن,
/// ابن, بنت (the first three, which a father's name follows), أبو, آل, and
/// the Omani بيت (سالم بيت سعيد).
pub(super) const LINKS: &[&str] = &["بن", "ابن", "بنت", "ابو", "ال", "بيت"];

/// The hash of عبد, which starts a given name of two words.
static ABD: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| FirstWords::hash("عبد"));

impl Reader<'_> {
    /// The persons named by a given name and the name words after it, in
    /// the key of `haystack`.
    pub(super) fn persons(&self, haystack: &Haystack) -> Vec<TriggerHit> {
        let key = self.key.as_str();
        let given_names = &self.triggers.given_names;
        let mut hits: Vec<TriggerHit> = Vec::new();
        let starts = haystack.name_starts();
        for (i, name_start) in starts.iter().enumerate() {
            let word_start = name_start.word_start as usize;
            let start = name_start.start as usize;
            // A word's hash is looked up first: most are no given name. Not
            // after a preposition (لبنان is ل and بنان), nor inside the
            // name before.
            let hash = name_start.hash;
            if !given_names.is_arabic_given(hash) && hash != *ABD
                || hits.last().is_some_and(|last| start < last.key_end)
                || key[word_start..start].ends_with(['ل', 'ب', 'ك'])
            {
                continue;
            }
            // Then whether the next word may be part of a name, by its hash
            // or as a nisba (after عبد, it is part of the given name).
            let next = starts[i + 1..]
                .iter()
                .find(|next| next.word_start as usize > word_start);
            let Some(next) = next else { continue };
            let next_start = next.word_start as usize;
            let next_word = &key[next_start..token_end(key, next_start)];
            let abroad = given_names.is_abroad(hash);
            if hash != *ABD
                && !abroad
                && !given_names.may_follow_given(next.hash)
                && !next_word.ends_with('ي')
            {
                continue;
            }
            let end = token_end(key, start);
            // A definite word is no given name (المرسى is a port), nor is a
            // function word (علي folds as على does) or a trigger (مدينة).
            let word = &key[start..end];
            // A name that folds like a function word (علي, على) is the name
            // before بن or بنت.
            let linked = LINKS[..3].contains(&next_word);
            // The article starts no given name but a foreigner's (ألكسندر).
            if word.starts_with("ال") && !abroad
                || self.triggers.function_words.contains(word) && !linked
                || self.triggers.first_words.contains(word)
            {
                continue;
            }
            // عبد takes the word after it into the given name (عبد الفتاح).
            let given_end = if &key[start..end] == "عبد" {
                match tokens(key, end, true).next() {
                    Some(part) if self.is_name_word(&part) => part.end,
                    _ => continue,
                }
            } else {
                end
            };
            if let Some(end) = self.name_after_given(given_end, abroad) {
                hits.push(TriggerHit {
                    key_start: start,
                    key_end: end,
                    ty: "PER".to_owned(),
                    by_given_name: true,
                    short: None,
                });
            }
        }
        hits
    }

    /// Whether an Arabic token may be a word of a person's name.
    pub(super) fn is_name_word(&self, token: &Token) -> bool {
        token.is_arabic()
            && token.text.chars().count() >= 2
            && token.text.chars().all(is_arabic_letter)
            && !self.is_blocked(token)
            && !token.has_clitic_article()
            && (!starts_with_conjunction(token) || self.is_given(token))
    }

    /// Whether a name word is known to belong to a person's name: a given
    /// name, a family name, or a nisba (ميقاتي، الجيلاصي). Other words
    /// after a given name are common words far more often than names
    /// (صافي النقد، عمر البطولة).
    fn is_person_word(&self, token: &Token) -> bool {
        self.is_given(token)
            || self.triggers.given_names.is_surname(token.text)
            || token.text.ends_with('ي')
                && token.text.chars().count() >= 4
                && !self.ends_with_alif_maqsura(token)
    }

    /// Whether the token is written with a final ى, which the key folds into
    /// ي: مستوى is no nisba, على no علي.
    pub(super) fn ends_with_alif_maqsura(&self, token: &Token) -> bool {
        let (from, to) = self.key.original_range(self.text, token.start, token.end);
        self.text[from..to].ends_with('ى')
    }

    /// The end of the name part `part` that a link (بن، بنت…) brings, read
    /// on from `next`: عبد and the word after it are one name (بنت عبد
    /// الله). None when عبد has no name word after it, which ends the name.
    pub(super) fn linked_part_end<'k>(
        &self,
        part: &Token,
        next: &mut impl Iterator<Item = Token<'k>>,
    ) -> Option<usize> {
        if part.text != "عبد" {
            return Some(part.end);
        }
        next.next()
            .filter(|t| self.is_name_word(t))
            .map(|rest| rest.end)
    }

    /// The end of the name after a given name that ends at `given_end`, if
    /// at least one name word follows it: a further given name, a family
    /// name or a nisba, or any name word after بن or عبد (عبد and the word
    /// after it are one name: بنت عبد الله); a third word only after a
    /// given name; a definite word (a family name: الدويسان) ends the name.
    /// A name has at most five parts, the words that link them aside.
    /// After the given name of foreigners (`abroad`), the first word may be
    /// any name word without the article (ريتشارد نورلاند).
    pub(super) fn name_after_given(&self, given_end: usize, abroad: bool) -> Option<usize> {
        let mut next = tokens(self.key.as_str(), given_end, true);
        let mut end = given_end;
        let mut words = 1;
        let mut previous_given = true;
        while words < 5 {
            let Some(token) = next.next() else { break };
            if LINKS.contains(&token.text) || token.text == "عبد" {
                let Some(part) = next.next().filter(|t| self.is_name_word(t)) else {
                    break;
                };
                end = part.end;
                words += 1;
                previous_given = token.text == "عبد" || part.text == "عبد" || self.is_given(&part);
                match self.linked_part_end(&part, &mut next) {
                    Some(part_end) => end = part_end,
                    None => break,
                }
                continue;
            }
            // علي is a name after another given name, though it folds like على.
            let given_after_given = previous_given
                && token.is_arabic()
                && self.is_given(&token)
                && !self.ends_with_alif_maqsura(&token);
            // وصنع is a conjunction and a verb, not a family name.
            let conjoined = token.text.starts_with('و') && token.text.chars().count() <= 4;
            let family_abroad = abroad && words == 1 && !token.is_definite() && !conjoined;
            let fits = (self.is_name_word(&token) || given_after_given)
                && (self.is_person_word(&token) || family_abroad)
                && (words == 1 || previous_given);
            if !fits {
                break;
            }
            end = token.end;
            words += 1;
            if token.is_definite() {
                break;
            }
            previous_given = self.is_given(&token);
        }
        (end > given_end).then_some(end)
    }
}
