//! `alama agree A B`: how far two annotators agree on the same texts.
//!
//! A and B are brat folders holding the same documents, read and checked
//! as `alama eval` reads GOLD and PRED. The report is `alama eval`'s, with
//! B scored against A (F1 is the same either way round; precision and
//! recall swap), every disagreement listed at `path:line:col` (an entity of
//! A alone, of B alone, a different type, a span that differs by
//! proclitics), and Cohen's kappa over the tokens, each labelled with the
//! type of its entity or `O`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use alama_core::evaluate::{Evaluation, TokenAgreement, Types};
use clap::Args;
use serde_json::json;

use super::errors::AGREE;
use super::read::{Folder, Predictions};
use super::{compare, report, Detail, Format, TypeView};

#[derive(Args)]
pub struct AgreeArgs {
    /// Annotator A: a brat folder of `<doc>.txt` files with their `<doc>.ann`.
    a: PathBuf,
    /// Annotator B: a brat folder with the same documents.
    b: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Types compared: fine (every type as written) or coarse (PER, ORG,
    /// PLACE = GPE+LOC+FAC, DATE).
    #[arg(long, value_enum, default_value_t = TypeView::Fine)]
    types: TypeView,
}

pub fn run(args: AgreeArgs) -> anyhow::Result<ExitCode> {
    let types = match args.types {
        TypeView::Coarse => Types::Coarse,
        TypeView::Fine => Types::Fine,
    };
    let a = Folder::open(&args.a, "annotator A")?;
    let b = Folder::open(&args.b, "annotator B")?;
    a.check_same_documents(&b)?;
    let detail = Detail {
        mistakes: true,
        tokens: true,
    };
    let outcomes = compare(&a, &Predictions::Folder(b), types, detail)?;
    let mut evaluation = Evaluation::default();
    let mut tokens = TokenAgreement::default();
    for outcome in &outcomes {
        evaluation.add(&outcome.scored);
        tokens.merge(&outcome.tokens);
    }
    let disagreements = || {
        outcomes
            .iter()
            .flat_map(|o| o.mistakes.iter().map(move |m| (o.path.as_str(), m)))
    };
    let output = match args.format {
        Format::Text => {
            let mut out = format!(
                "annotator A: {}, annotator B: {} (B scored against A)\n\
                 Cohen's kappa over {} tokens: {:.3} (observed agreement {:.3}, by chance {:.3})\n\n",
                args.a.display(),
                args.b.display(),
                tokens.tokens(),
                tokens.kappa(),
                tokens.observed(),
                tokens.expected()
            );
            let lines: Vec<String> = disagreements().map(|(p, m)| m.line(p, &AGREE)).collect();
            out.push_str(&report::text(&evaluation, types, Some(&lines), &AGREE));
            out
        }
        Format::Json => {
            let mut value = report::json(&evaluation, types, None, &AGREE);
            value["kappa"] = json!({
                "tokens": tokens.tokens(),
                "observed": tokens.observed(),
                "expected": tokens.expected(),
                "kappa": tokens.kappa(),
            });
            value["disagreements"] = disagreements().map(|(p, m)| m.json(p, &AGREE)).collect();
            format!("{value}\n")
        }
    };
    io::stdout().lock().write_all(output.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
