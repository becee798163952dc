//! Cohen's kappa over tokens: how often two annotations give a token the
//! same label (its entity's type, or `O` outside any entity), beyond what
//! chance would give with each annotation's own label frequencies.

use std::collections::BTreeMap;

use crate::formats::sentences;
use crate::text::Text;

use super::{Entity, Types};

/// The label pairs of the tokens of documents annotated twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenAgreement {
    /// How many tokens got each pair of labels (first, second).
    pairs: BTreeMap<(String, String), usize>,
}

impl TokenAgreement {
    /// Adds the tokens of `text` (as the exports cut them) with their
    /// labels in `first` and `second`, seen through `types`.
    pub fn add_document(&mut self, text: &Text, first: &[Entity], second: &[Entity], types: Types) {
        let tokens: Vec<(usize, usize)> = sentences(text.as_str(), &[])
            .into_iter()
            .flatten()
            .map(|t| (t.start, t.end))
            .collect();
        let first = labels(text, &tokens, first, types);
        let second = labels(text, &tokens, second, types);
        for pair in first.into_iter().zip(second) {
            *self.pairs.entry(pair).or_default() += 1;
        }
    }

    /// Adds another's counts.
    pub fn merge(&mut self, other: &TokenAgreement) {
        for (pair, n) in &other.pairs {
            *self.pairs.entry(pair.clone()).or_default() += n;
        }
    }

    /// The tokens counted.
    pub fn tokens(&self) -> usize {
        self.pairs.values().sum()
    }

    /// The share of tokens both annotations label alike; 1 without tokens.
    pub fn observed(&self) -> f64 {
        let tokens = self.tokens();
        if tokens == 0 {
            return 1.0;
        }
        let same: usize = (self.pairs.iter())
            .filter(|((a, b), _)| a == b)
            .map(|(_, n)| n)
            .sum();
        same as f64 / tokens as f64
    }

    /// The share chance would give: for each label, the product of the
    /// shares of tokens each annotation gives it.
    pub fn expected(&self) -> f64 {
        let tokens = self.tokens() as f64;
        if tokens == 0.0 {
            return 1.0;
        }
        let mut shares: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for ((a, b), &n) in &self.pairs {
            shares.entry(a).or_default().0 += n as f64 / tokens;
            shares.entry(b).or_default().1 += n as f64 / tokens;
        }
        shares.values().map(|(a, b)| a * b).sum()
    }

    /// Cohen's kappa, (observed − expected) / (1 − expected); 1 when the
    /// annotations agree on every token and chance would too (one label
    /// throughout).
    pub fn kappa(&self) -> f64 {
        let (observed, expected) = (self.observed(), self.expected());
        if expected >= 1.0 {
            return if observed >= 1.0 { 1.0 } else { 0.0 };
        }
        (observed - expected) / (1.0 - expected)
    }
}

/// The label of each token: the type its first overlapping entity is seen
/// as, or `O`.
fn labels(
    text: &Text,
    tokens: &[(usize, usize)],
    entities: &[Entity],
    types: Types,
) -> Vec<String> {
    let mut ranges: Vec<(usize, usize, &str)> = entities
        .iter()
        .filter_map(|e| {
            let ty = types.scored_as(&e.ty)?;
            let (start, end) = text.byte_range(e.span)?;
            Some((start, end, ty))
        })
        .collect();
    ranges.sort_unstable();
    tokens
        .iter()
        .map(|&(start, end)| {
            let overlapping = ranges.iter().find(|&&(s, e, _)| s < end && start < e);
            overlapping.map_or("O", |&(_, _, ty)| ty).to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    #[test]
    fn kappa_counts_agreement_beyond_chance() {
        let text = Text::new("زار أوباما بغداد ثم Paris".to_owned());
        let first = [
            Entity::new(Span::new(4, 10), "PER"),
            Entity::new(Span::new(11, 16), "GPE"),
        ];
        let second = [
            Entity::new(Span::new(4, 10), "PER"),
            Entity::new(Span::new(20, 25), "GPE"),
        ];
        let mut agreement = TokenAgreement::default();
        agreement.add_document(&text, &first, &second, Types::Fine);
        // Five tokens: O/O, PER/PER, GPE/O, O/O, O/GPE.
        assert_eq!(agreement.tokens(), 5);
        assert_eq!(agreement.observed(), 0.6);
        // Shares: O 0.6 and 0.6, PER 0.2 and 0.2, GPE 0.2 and 0.2.
        assert!((agreement.expected() - 0.44).abs() < 1e-12);
        assert!((agreement.kappa() - (0.6 - 0.44) / 0.56).abs() < 1e-12);
        let mut same = TokenAgreement::default();
        same.add_document(&text, &first, &first, Types::Fine);
        assert_eq!(same.kappa(), 1.0);
        let empty = TokenAgreement::default();
        assert_eq!(empty.kappa(), 1.0);
    }
}
