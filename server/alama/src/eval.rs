//! `alama eval GOLD [PRED]`: scores predicted entities against gold ones.
//!
//! GOLD and PRED are brat folders holding the same documents (see
//! [`read`]); without PRED, GOLD's texts are tagged with the embedded
//! defaults, each as `alama tag` tags a document of a corpus without
//! annotations: GOLD's `.ann` files are never read as confirmed
//! annotations, names to propagate or rejections. The matching and the
//! counts are `alama_core::evaluate`'s; the report is a text table or one
//! JSON object (see [`report`]), with `--errors` the mistakes too (see
//! [`errors`]).
//!
//! Everything is read and checked before anything is printed: on bad input
//! (no documents, annotations whose offsets do not hold their text,
//! different documents in GOLD and PRED) the command prints only the
//! problems, on stderr, and exits with status 2. It writes no file.

pub mod agree;
mod errors;
mod read;
mod report;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use alama_core::evaluate::{score, Evaluation, Scored, TokenAgreement, Types};
use anyhow::bail;
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use errors::{Mistake, EVAL};
use read::{Folder, Predictions};

#[derive(Args)]
pub struct EvalArgs {
    /// Gold standard: a brat folder of `<doc>.txt` files with their `<doc>.ann`,
    /// searched recursively.
    gold: PathBuf,
    /// Predictions: a brat folder with the same documents, such as the --out
    /// folder of `alama tag --format brat` (each document's .ann and
    /// .suggestions.ann are read together) [default: GOLD's texts tagged
    /// with the embedded defaults].
    pred: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Types scored: coarse (PER, ORG, PLACE = GPE+LOC+FAC, DATE; the others
    /// left out) or fine (every type as written).
    #[arg(long, value_enum, default_value_t = TypeView::Coarse)]
    types: TypeView,
    /// Also list each miss, false hit, wrong type and proclitic difference
    /// as path:line:col.
    #[arg(long)]
    errors: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TypeView {
    Coarse,
    Fine,
}

/// A document scored, with its mistakes if they are listed.
struct Outcome {
    scored: Scored,
    path: String,
    mistakes: Vec<Mistake>,
    /// Its tokens' labels, if they are counted.
    tokens: TokenAgreement,
    warnings: Vec<String>,
}

/// What [`compare`] gives of each document beyond its scores.
#[derive(Clone, Copy)]
struct Detail {
    mistakes: bool,
    tokens: bool,
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let types = match args.types {
        TypeView::Coarse => Types::Coarse,
        TypeView::Fine => Types::Fine,
    };
    let gold = Folder::open(&args.gold, "GOLD")?;
    let predictions = match &args.pred {
        Some(pred) => {
            let pred = Folder::open(pred, "PRED")?;
            gold.check_same_documents(&pred)?;
            Predictions::Folder(pred)
        }
        None => Predictions::defaults(&args.gold),
    };

    let detail = Detail {
        mistakes: args.errors,
        tokens: false,
    };
    let outcomes = compare(&gold, &predictions, types, detail)?;

    let mut evaluation = Evaluation::default();
    for outcome in &outcomes {
        evaluation.add(&outcome.scored);
    }
    let each_mistake = || {
        outcomes
            .iter()
            .flat_map(|o| o.mistakes.iter().map(move |m| (o.path.as_str(), m)))
    };
    let output = match args.format {
        Format::Text => {
            let lines: Option<Vec<String>> = args.errors.then(|| {
                each_mistake()
                    .map(|(path, m)| m.line(path, &EVAL))
                    .collect()
            });
            report::text(&evaluation, types, lines.as_deref(), &EVAL)
        }
        Format::Json => {
            let mistakes = args.errors.then(|| {
                each_mistake()
                    .map(|(path, m)| m.json(path, &EVAL))
                    .collect()
            });
            let mut json = report::json(&evaluation, types, mistakes, &EVAL).to_string();
            json.push('\n');
            json
        }
    };
    io::stdout().lock().write_all(output.as_bytes())?;
    // The process ends now: freeing the defaults' lexicon allocation by
    // allocation would take longer than the exit does.
    std::mem::forget(predictions);
    Ok(ExitCode::SUCCESS)
}

/// Scores each document of `gold` against its predictions, with what
/// `detail` asks for; warnings are printed.
///
/// # Errors
///
/// Every problem of every document, listed in one error, when any document
/// cannot be scored.
fn compare(
    gold: &Folder,
    predictions: &Predictions,
    types: Types,
    detail: Detail,
) -> anyhow::Result<Vec<Outcome>> {
    let read: Vec<Result<Outcome, Vec<String>>> = gold
        .documents()
        .par_iter()
        .map(|(relative, _)| {
            let document = read::document(gold, predictions, relative)?;
            let scored = score(&document.text, &document.gold, &document.predicted, types);
            let mistakes = if detail.mistakes {
                errors::mistakes(
                    &document.text,
                    &document.gold,
                    &document.predicted,
                    &scored.comparison,
                )
            } else {
                Vec::new()
            };
            let mut tokens = TokenAgreement::default();
            if detail.tokens {
                tokens.add_document(&document.text, &document.gold, &document.predicted, types);
            }
            Ok(Outcome {
                scored,
                path: document.path.display().to_string(),
                mistakes,
                tokens,
                warnings: document.warnings,
            })
        })
        .collect();
    let mut outcomes = Vec::with_capacity(read.len());
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok(outcome) => {
                for warning in &outcome.warnings {
                    eprintln!("warning: {warning}");
                }
                outcomes.push(outcome);
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    if !problems.is_empty() {
        bail!(
            "{}",
            read::listing("the documents cannot be scored", &problems)
        );
    }

    Ok(outcomes)
}
