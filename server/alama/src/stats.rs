//! `alama stats PATH…`: where the annotation of a corpus stands. Mentions
//! per type, confirmed (the `.ann` files), suggested (what the editor would
//! show: the engine's suggestions but the rejected ones) and rejected
//! (`.alama/rejections.tsv`, where the rejected text is still in place);
//! documents per review state (`.alama/status.tsv`). As a table, or with
//! `--format json` as one JSON object.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use alama_core::corpus::{load_annotated, load_unannotated, Document};
use alama_core::engine::Status;
use alama_core::rejections::RejectedSpans;
use alama_core::review::State;
use alama_ide::workspace::review::read_reviews;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::rejections::read_rejections;
use crate::status::{key, project_root};

#[derive(Args)]
pub struct StatsArgs {
    /// Documents: .txt files or directories searched recursively.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: StatsFormat,
    /// Project root (settings in .alama/) [default: discovered from the first path].
    #[arg(long)]
    project: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatsFormat {
    Table,
    Json,
}

/// Mentions of one type: confirmed, suggested, rejected.
type Counts = [usize; 3];

pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let root = project_root(args.project.as_deref(), &args.paths)?;
    let (project, engine) = crate::inputs::engine(&root)?;
    let rejections = read_rejections(&root)?;
    let (reviews, warnings) = read_reviews(&root)?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    let (paths, mut failed) = crate::inputs::documents(&args.paths);

    // The annotated documents first: their names are suggested everywhere.
    let loaded: Vec<_> = paths.par_iter().map(|path| load_annotated(path)).collect();
    let mut documents: Vec<(PathBuf, Option<Document>)> = Vec::with_capacity(paths.len());
    for (path, result) in paths.into_iter().zip(loaded) {
        match result {
            Ok(document) => documents.push((path, document.map(|(d, _)| d))),
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    let propagation = engine.propagation(
        documents
            .iter()
            .filter_map(|(_, d)| d.as_ref())
            .flat_map(Document::confirmed),
    );
    let counted: Vec<anyhow::Result<(BTreeMap<String, Counts>, State)>> = documents
        .into_par_iter()
        .map(|(path, document)| {
            let document = match document {
                Some(document) => document,
                None => load_unannotated(&path)?,
            };
            let key = key(&path, &root);
            let rejected: Vec<_> = key
                .as_deref()
                .map(|key| rejections.of(key))
                .unwrap_or_default()
                .iter()
                .filter(|r| r.holds_in(&document.text))
                .collect();
            let hidden = RejectedSpans::new(rejected.iter().copied());
            let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
            let mentions = engine.mentions(&document.text, &document.annotations, &propagation);
            for mention in &mentions {
                let column = match mention.status {
                    Status::Confirmed => 0,
                    Status::Suggested if hidden.hides(mention.span) => continue,
                    Status::Suggested => 1,
                };
                counts.entry(mention.ty.to_string()).or_default()[column] += 1;
            }
            for rejection in rejected {
                counts.entry(rejection.ty.clone()).or_default()[2] += 1;
            }
            let state = key.map_or(State::Todo, |key| reviews.state(&key));
            Ok((counts, state))
        })
        .collect();
    let mut types: BTreeMap<String, Counts> = BTreeMap::new();
    let mut states: BTreeMap<State, usize> = State::ALL.iter().map(|&s| (s, 0)).collect();
    for result in counted {
        match result {
            Ok((counts, state)) => {
                for (ty, counts) in counts {
                    let total = types.entry(ty).or_default();
                    for (sum, n) in total.iter_mut().zip(counts) {
                        *sum += n;
                    }
                }
                *states.entry(state).or_default() += 1;
            }
            Err(error) => {
                eprintln!("error: {error:#}");
                failed = true;
            }
        }
    }
    let out = match args.format {
        StatsFormat::Table => table(&types, &states),
        StatsFormat::Json => format!("{}\n", as_json(&types, &states)),
    };
    print!("{out}");
    std::mem::forget((engine, project));
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The sum of each column.
fn totals(types: &BTreeMap<String, Counts>) -> Counts {
    let mut total = [0; 3];
    for counts in types.values() {
        for (sum, n) in total.iter_mut().zip(counts) {
            *sum += n;
        }
    }
    total
}

fn table(types: &BTreeMap<String, Counts>, states: &BTreeMap<State, usize>) -> String {
    let documents: usize = states.values().sum();
    let by_state: Vec<String> = states
        .iter()
        .map(|(state, n)| format!("{n} {}", state.words()))
        .collect();
    let mut out = format!(
        "{}: {}\n\n",
        crate::count(documents, "document"),
        by_state.join(", ")
    );
    let width = types
        .keys()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    out.push_str(&format!(
        "{:width$}  {:>9}  {:>9}  {:>8}\n",
        "type", "confirmed", "suggested", "rejected"
    ));
    let total = totals(types);
    for (ty, [confirmed, suggested, rejected]) in types
        .iter()
        .map(|(t, c)| (t.as_str(), *c))
        .chain([("total", total)])
    {
        out.push_str(&format!(
            "{ty:width$}  {confirmed:>9}  {suggested:>9}  {rejected:>8}\n"
        ));
    }
    out
}

fn as_json(types: &BTreeMap<String, Counts>, states: &BTreeMap<State, usize>) -> Value {
    let counts = |[confirmed, suggested, rejected]: Counts| json!({"confirmed": confirmed, "suggested": suggested, "rejected": rejected});
    let mut documents = serde_json::Map::new();
    documents.insert("total".to_owned(), json!(states.values().sum::<usize>()));
    for (state, n) in states {
        documents.insert(state.as_str().to_owned(), json!(n));
    }
    let total = counts(totals(types));
    let types: serde_json::Map<String, Value> = types
        .iter()
        .map(|(ty, c)| (ty.clone(), counts(*c)))
        .collect();
    json!({"documents": documents, "types": types, "total": total})
}
