//! `alama eval --errors`: every entity the exact matching does not pair,
//! placed at `path:line:col` (lines and columns from 1, columns in
//! characters). Each is one of:
//!
//! - `missed PER «…»`: a gold entity nothing predicted matches;
//! - `false PER «…»`: a predicted entity that matches no gold one;
//! - `wrong type: gold ORG, predicted GPE «…»`: a gold and a predicted
//!   entity with the same span (or spans that differ by proclitics, each
//!   then shown with its text) and different types, which count as a miss
//!   and a false hit;
//! - `proclitic: gold GPE «وبغداد», predicted GPE «بغداد»`: a pair the
//!   proclitic-tolerant matching counts and the exact one does not;
//! - `wrong id: gold geonames:250441, predicted iso3166:OM «عمّان»`: a
//!   matched pair whose gold entity has an id and whose predicted entity
//!   has another one, or none (`predicted none`).
//!
//! A pair is placed at its gold entity. Types are shown as written, also
//! when the coarse view scores them as one class. In the text output each
//! name is isolated (U+2068 … U+2069) so that right-to-left text does not
//! reorder the line.

use alama_core::evaluate::{Comparison, Entity, Pair};
use alama_core::text::{Span, Text};
use serde_json::{json, Value};

/// What kind of mistake an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Missed,
    False,
    WrongType,
    Proclitic,
    WrongId,
}

impl Kind {
    fn as_str(self, roles: &Roles) -> &'static str {
        match self {
            Kind::Missed => roles.only_first,
            Kind::False => roles.only_second,
            Kind::WrongType => "wrong type",
            Kind::Proclitic => "proclitic",
            Kind::WrongId => "wrong id",
        }
    }
}

/// What the two annotations compared are called: gold and predicted for
/// `alama eval`, annotators A and B for `alama agree`.
pub struct Roles {
    /// The first annotation, as lines name it: `gold`.
    pub first: &'static str,
    pub second: &'static str,
    /// Its key in JSON objects: `gold`.
    pub first_key: &'static str,
    pub second_key: &'static str,
    /// An entity of the first alone: `missed`.
    pub only_first: &'static str,
    pub only_second: &'static str,
    /// The columns of the counts of each: `gold`, `pred`.
    pub first_column: &'static str,
    pub second_column: &'static str,
}

/// `alama eval`'s: gold and predicted entities.
pub const EVAL: Roles = Roles {
    first: "gold",
    second: "predicted",
    first_key: "gold",
    second_key: "predicted",
    only_first: "missed",
    only_second: "false",
    first_column: "gold",
    second_column: "pred",
};

/// `alama agree`'s: the entities of annotators A and B.
pub const AGREE: Roles = Roles {
    first: "A",
    second: "B",
    first_key: "a",
    second_key: "b",
    only_first: "only A",
    only_second: "only B",
    first_column: "A",
    second_column: "B",
};

/// An entity as a mistake shows it.
struct Shown {
    span: Span,
    ty: String,
    text: String,
    entity: Option<String>,
}

/// One mistake of a document.
pub struct Mistake {
    line: usize,
    column: usize,
    kind: Kind,
    gold: Option<Shown>,
    predicted: Option<Shown>,
}

/// The mistakes of a document, in the order of their places.
pub fn mistakes(
    text: &Text,
    gold: &[Entity],
    predicted: &[Entity],
    comparison: &Comparison,
) -> Vec<Mistake> {
    let shown = |entity: &Entity| Shown {
        span: entity.span,
        ty: entity.ty.to_string(),
        text: text.slice(entity.span).unwrap_or_default().to_owned(),
        entity: entity.entity.as_deref().map(str::to_owned),
    };
    // Placed once they are sorted.
    let mistake = |kind, gold: Option<&Entity>, predicted: Option<&Entity>| Mistake {
        line: 0,
        column: 0,
        kind,
        gold: gold.map(shown),
        predicted: predicted.map(shown),
    };
    let pair = |kind, pair: &Pair| {
        mistake(
            kind,
            Some(&gold[pair.gold]),
            Some(&predicted[pair.predicted]),
        )
    };
    let mut found: Vec<Mistake> = Vec::new();
    found.extend(
        comparison
            .missed
            .iter()
            .map(|&g| mistake(Kind::Missed, Some(&gold[g]), None)),
    );
    found.extend(
        (comparison.spurious.iter()).map(|&p| mistake(Kind::False, None, Some(&predicted[p]))),
    );
    found.extend(comparison.retyped.iter().map(|p| pair(Kind::WrongType, p)));
    found.extend(
        (comparison.matched.iter())
            .filter(|p| !p.exact)
            .map(|p| pair(Kind::Proclitic, p)),
    );
    found.extend(
        (comparison.matched.iter())
            .filter(|p| {
                let id = gold[p.gold].entity.as_ref();
                id.is_some() && predicted[p.predicted].entity.as_ref() != id
            })
            .map(|p| pair(Kind::WrongId, p)),
    );
    found.sort_by_key(Mistake::start);
    let offsets: Vec<usize> = found.iter().map(Mistake::start).collect();
    let places = line_columns(text.as_str(), &offsets);
    for (mistake, (line, column)) in found.iter_mut().zip(places) {
        (mistake.line, mistake.column) = (line, column);
    }
    found
}

/// The line and column, both from 1, of each of the sorted code point
/// `offsets` of `text`, in one pass. Lines end at `\n`.
fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut places = Vec::with_capacity(offsets.len());
    let mut chars = text.chars();
    let (mut at, mut line, mut column) = (0, 1, 1);
    for &offset in offsets {
        while at < offset {
            match chars.next() {
                Some('\n') => (line, column) = (line + 1, 1),
                Some(_) => column += 1,
                None => break,
            }
            at += 1;
        }
        places.push((line, column));
    }
    places
}

/// `«name»`, isolated for bidi.
fn quoted(text: &str) -> String {
    format!("«\u{2068}{text}\u{2069}»")
}

impl Mistake {
    /// Where the mistake is: at its gold entity, if it has one.
    fn start(&self) -> usize {
        let entity = self.gold.as_ref().or(self.predicted.as_ref());
        entity.expect("a mistake has an entity").span.start
    }

    /// The line of the text output, for the document at `path`.
    pub fn line(&self, path: &str, roles: &Roles) -> String {
        let kind = self.kind.as_str(roles);
        let (first, second) = (roles.first, roles.second);
        let what = match (&self.gold, &self.predicted) {
            (Some(g), None) => format!("{kind} {} {}", g.ty, quoted(&g.text)),
            (None, Some(p)) => format!("{kind} {} {}", p.ty, quoted(&p.text)),
            (Some(g), Some(p)) if self.kind == Kind::WrongId => format!(
                "wrong id: {first} {}, {second} {} {}",
                g.entity.as_deref().unwrap_or("none"),
                p.entity.as_deref().unwrap_or("none"),
                quoted(&g.text)
            ),
            (Some(g), Some(p)) if self.kind == Kind::WrongType && g.span == p.span => format!(
                "wrong type: {first} {}, {second} {} {}",
                g.ty,
                p.ty,
                quoted(&g.text)
            ),
            (Some(g), Some(p)) => format!(
                "{kind}: {first} {} {}, {second} {} {}",
                g.ty,
                quoted(&g.text),
                p.ty,
                quoted(&p.text)
            ),
            (None, None) => unreachable!("a mistake has an entity"),
        };
        format!("{path}:{}:{}: {what}", self.line, self.column)
    }

    /// The object of the JSON output, for the document at `path`.
    pub fn json(&self, path: &str, roles: &Roles) -> Value {
        let entity = |shown: &Option<Shown>| {
            shown.as_ref().map_or(Value::Null, |s| {
                json!({
                    "type": s.ty,
                    "text": s.text,
                    "start": s.span.start,
                    "end": s.span.end,
                    "entity": s.entity,
                })
            })
        };
        let mut object = json!({
            "path": path,
            "line": self.line,
            "column": self.column,
            "kind": self.kind.as_str(roles),
        });
        object[roles.first_key] = entity(&self.gold);
        object[roles.second_key] = entity(&self.predicted);
        object
    }
}
