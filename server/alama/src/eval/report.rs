//! The scores `alama eval` prints: a table for all the documents, then one
//! for each language that has any; or one JSON object.
//!
//! Each table has a row per type and a total row (micro-averaged: every
//! entity weighs the same), with the gold and predicted entities counted,
//! then the true positives, precision, recall and F1 of the exact matching
//! and of the proclitic-tolerant one. A score without anything to divide by
//! (precision without predictions, say) is 0. When gold entities carry
//! entity ids, a line per type after the table gives the linking: of the
//! matched pairs whose gold entity has an id, how many predicted entities
//! have the same id, another one or none.

use alama_core::evaluate::{
    Counts, Evaluation, Language, Matching, Scores, Tally, Types, COARSE_TYPES,
};
use alama_core::project::DEFAULT_TYPES;
use serde_json::{json, Map, Value};

use super::errors::Roles;

/// The types a report lists, in order: the coarse classes; or every type
/// counted, the default types first in their order, then the others by
/// name.
fn listed_types(evaluation: &Evaluation, types: Types) -> Vec<String> {
    match types {
        Types::Coarse => COARSE_TYPES.iter().map(|t| t.to_string()).collect(),
        Types::Fine => {
            let overall = evaluation.overall();
            let mut counted: Vec<String> =
                overall.exact.types().map(|(t, _)| t.to_owned()).collect();
            let rank = |ty: &str| {
                DEFAULT_TYPES
                    .iter()
                    .position(|d| *d == ty)
                    .unwrap_or(DEFAULT_TYPES.len())
            };
            counted.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
            counted
        }
    }
}

/// What the heading says of the types scored.
fn describe_types(types: Types) -> &'static str {
    match types {
        Types::Coarse => {
            "coarse types: PER, ORG, PLACE (GPE, LOC, FAC), DATE; the other types are not scored"
        }
        Types::Fine => "fine types, as written",
    }
}

/// The text report: `mistakes` (lines), if listed, then the tables.
pub fn text(
    evaluation: &Evaluation,
    types: Types,
    mistakes: Option<&[String]>,
    roles: &Roles,
) -> String {
    let mut out = String::new();
    if let Some(mistakes) = mistakes {
        for line in mistakes {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    let listed = listed_types(evaluation, types);
    let overall = evaluation.overall();
    out.push_str(describe_types(types));
    out.push('\n');
    let mut groups = vec![("all", overall)];
    for language in Language::ALL {
        let tally = evaluation.language(language);
        if tally.documents > 0 {
            groups.push((language.code(), tally));
        }
    }
    for (name, tally) in &groups {
        let documents = match tally.documents {
            1 => "1 document".to_owned(),
            n => format!("{n} documents"),
        };
        out.push_str(&format!("\n{name}: {documents}\n"));
        out.push_str(&table(tally, &listed, roles));
        out.push_str(&links(tally, roles));
    }
    out
}

/// The linking lines of a group, empty when no matched gold entity of it
/// has an id.
fn links(tally: &Tally, roles: &Roles) -> String {
    let mut out = String::new();
    for (ty, links) in tally.links() {
        out.push_str(&format!(
            "entity ids of {ty}: {} of {} matched {} entities with an id ({:.3}); \
             {} another id, {} none\n",
            links.same,
            links.linked(),
            roles.first,
            links.accuracy(),
            links.other,
            links.none,
        ));
    }
    out
}

/// A group's table: a row per listed type and the total.
fn table(tally: &Tally, listed: &[String], roles: &Roles) -> String {
    let width = listed
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max("total".len());
    let mut out = String::new();
    let mut line = |cells: String| {
        out.push_str(cells.trim_end());
        out.push('\n');
    };
    line(format!(
        "{:width$}  {:>5} {:>5}  {:<26}  {}",
        "", "", "", "exact", "proclitic-tolerant"
    ));
    let scores_heading = format!("{:>5} {:>6} {:>6} {:>6}", "tp", "P", "R", "F1");
    line(format!(
        "{:width$}  {:>5} {:>5}  {scores_heading}  {scores_heading}",
        "type", roles.first_column, roles.second_column
    ));
    let row = |name: &str, exact: Counts, tolerant: Counts| {
        format!(
            "{name:width$}  {:>5} {:>5}  {}  {}",
            exact.gold(),
            exact.predicted(),
            scores_cells(exact),
            scores_cells(tolerant)
        )
    };
    for ty in listed {
        line(row(ty, tally.exact.of(ty), tally.tolerant.of(ty)));
    }
    line(row("total", tally.exact.total(), tally.tolerant.total()));
    out
}

fn scores_cells(counts: Counts) -> String {
    format!(
        "{:>5} {:>6.3} {:>6.3} {:>6.3}",
        counts.true_positives,
        counts.precision(),
        counts.recall(),
        counts.f1()
    )
}

/// The JSON report:
///
/// ```text
/// {"documents": n, "types": "coarse" | "fine",
///  "overall": GROUP, "languages": {"ar": GROUP, "en": GROUP},
///  "errors": [MISTAKE…]}          (with --errors only)
/// GROUP:  {"documents": n, "exact": SCORES, "tolerant": SCORES, "links": LINKS}
/// SCORES: {"total": COUNTS, "types": {"PER": COUNTS, …}}
/// COUNTS: {"gold", "predicted", "tp", "fp", "fn", "precision", "recall", "f1"}
/// LINKS:  {"PLACE": {"linked", "same", "other", "none", "accuracy"}, …}
/// ```
///
/// LINKS has a type once a matched gold entity of it has an id.
pub fn json(
    evaluation: &Evaluation,
    types: Types,
    mistakes: Option<Vec<Value>>,
    roles: &Roles,
) -> Value {
    let listed = listed_types(evaluation, types);
    let overall = evaluation.overall();
    let languages: Map<String, Value> = Language::ALL
        .iter()
        .map(|&l| {
            let group = group(&evaluation.language(l), &listed, roles);
            (l.code().to_owned(), group)
        })
        .collect();
    let mut report = json!({
        "documents": overall.documents,
        "types": match types {
            Types::Coarse => "coarse",
            Types::Fine => "fine",
        },
        "overall": group(&overall, &listed, roles),
        "languages": languages,
    });
    if let Some(mistakes) = mistakes {
        report["errors"] = Value::Array(mistakes);
    }
    report
}

fn group(tally: &Tally, listed: &[String], roles: &Roles) -> Value {
    let scores = |matching| {
        let scores: &Scores = tally.scores(matching);
        let types: Map<String, Value> = listed
            .iter()
            .map(|ty| (ty.clone(), counts(scores.of(ty), roles)))
            .collect();
        json!({"total": counts(scores.total(), roles), "types": types})
    };
    let links: Map<String, Value> = tally
        .links()
        .map(|(ty, links)| {
            let object = json!({
                "linked": links.linked(),
                "same": links.same,
                "other": links.other,
                "none": links.none,
                "accuracy": links.accuracy(),
            });
            (ty.to_owned(), object)
        })
        .collect();
    json!({
        "documents": tally.documents,
        "exact": scores(Matching::Exact),
        "tolerant": scores(Matching::Tolerant),
        "links": links,
    })
}

fn counts(counts: Counts, roles: &Roles) -> Value {
    let mut object = json!({
        "tp": counts.true_positives,
        "fp": counts.false_positives,
        "fn": counts.false_negatives,
        "precision": counts.precision(),
        "recall": counts.recall(),
        "f1": counts.f1(),
    });
    object[roles.first_key] = json!(counts.gold());
    object[roles.second_key] = json!(counts.predicted());
    object
}
