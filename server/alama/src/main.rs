//! The `alama` command: entity annotation for Arabic/English news corpora.

mod check;
mod eval;
mod export;
mod import;
mod inputs;
mod output_dir;
mod rejections;
mod stats;
mod status;
mod tag;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

// Recognition and the language server make many small values (mentions,
// keys, the framework's JSON trees of its messages); mimalloc serves them
// markedly faster than the system allocator. Its version 2: version 3 keeps
// freed memory longer and took a 1M-name lexicon's load over 1 GB (see the
// git history of docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's: frees the pages of the calling thread's heap that hold
    /// nothing, and with `force` gives their memory back to the system at
    /// once rather than after a delay (which only passes while the thread
    /// allocates).
    fn mi_collect(force: bool);
}

/// Gives the memory freed on the rayon threads (the server's indexing) and
/// on the calling thread back to the system.
fn release_freed_memory() {
    // SAFETY: mi_collect only walks the calling thread's own heap, and the
    // allocator's shared state under its own locks.
    rayon::broadcast(|_| unsafe { mi_collect(true) });
    unsafe { mi_collect(true) };
}

#[derive(Parser)]
#[command(
    name = "alama",
    version,
    about = "Entity annotation for Arabic/English news corpora"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Suggest entities in documents (files or directories of *.txt).
    Tag(tag::TagArgs),
    /// Write the corpus' annotations in a training format (CoNLL, JSON Lines,
    /// spaCy, doccano, Label Studio, brat).
    Export(export::ExportArgs),
    /// Read annotations made elsewhere into the corpus, as brat standoff.
    Import(import::ImportArgs),
    /// Show or set the review state of documents (todo, in-progress, done).
    Status(status::StatusArgs),
    /// Count mentions per type (confirmed, suggested, rejected) and
    /// documents per review state.
    Stats(stats::StatsArgs),
    /// Compare two annotators' brat folders over the same texts: P/R/F1,
    /// Cohen's kappa over tokens, and every disagreement.
    Agree(eval::agree::AgreeArgs),
    /// Check the annotations' quality: spans that cut words, overlaps,
    /// unknown types, names confirmed with two types or left unresolved.
    Check(check::CheckArgs),
    /// Score entity annotations against a gold standard (brat folders).
    Eval(eval::EvalArgs),
    /// Run the language server over stdin/stdout.
    Serve,
}

fn main() -> ExitCode {
    // Logs go to stderr only: stdout carries the command's output, or the
    // JSON-RPC channel of `serve`. Coloured only on a terminal: an editor's
    // output panel or a log file would show the escape codes.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            EnvFilter::try_from_env("ALAMA_LOG").unwrap_or_else(|_| EnvFilter::new("warn")),
        )
        .init();
    alama_core::name_cache::build_into_program(include_bytes!(concat!(
        env!("OUT_DIR"),
        "/defaults-names.bin"
    )));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Tag(args) => tag::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Check(args) => check::run(args),
        Command::Agree(args) => eval::agree::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Status(args) => status::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Serve => alama_lsp::serve(release_freed_memory).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("alama: {}", describe(&error));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each after a colon, but a cause that the
/// message before it already ends with (an error that writes its source in
/// its own message).
fn describe(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain().map(ToString::to_string) {
        if message.is_empty() {
            message = cause;
        } else if !message.ends_with(&cause) {
            message = format!("{message}: {cause}");
        }
    }
    message
}

/// `n` and `what`, its first word in the plural unless `n` is one:
/// "2 spans starting".
pub(crate) fn count(n: usize, what: &str) -> String {
    match (n, what.split_once(' ')) {
        (1, _) => format!("1 {what}"),
        (_, Some((noun, rest))) => format!("{n} {noun}s {rest}"),
        (_, None) => format!("{n} {what}s"),
    }
}
