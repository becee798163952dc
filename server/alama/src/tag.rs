//! `alama tag`: suggest entities in a corpus and print or write them.

mod brat_out;
mod stdin_jsonl;

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use alama_core::corpus::{collect_documents, load_unannotated, Document, LoadError};
use alama_core::engine::{Engine, Mention};
use alama_core::project::Project;
use alama_core::tagger::{self, propagation, with_surfaces, Pending};
use alama_core::text::Text;
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::output_dir::{OutputDir, Protected};
use brat_out::BratOut;

#[derive(Args)]
pub struct TagArgs {
    /// Documents: .txt files or directories searched recursively.
    #[arg(required_unless_present = "stdin_jsonl")]
    paths: Vec<PathBuf>,
    /// Read `{"id", "text"}` JSON lines on standard input instead of PATHs
    /// and write one `{"id", "spans"}` line for each, in input order.
    #[arg(long)]
    stdin_jsonl: bool,
    /// Output format [default: jsonl when stdout is not a terminal, else text].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Folder for `--format brat`, outside the corpus: per document a copy of
    /// the text, its confirmed annotations (.ann) and the unreviewed
    /// suggestions (.suggestions.ann), mirroring the corpus layout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the --out folder of an earlier `alama tag` (never another folder).
    #[arg(long)]
    force: bool,
    /// More lexicon files (JSON Lines), loaded after the defaults.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Do not load the embedded default lexicon.
    #[arg(long)]
    no_default_lexicon: bool,
    /// Project root (settings in .alama/) [default: discovered from the first
    /// path, or with --stdin-jsonl from the current folder].
    #[arg(long)]
    project: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Jsonl,
    Brat,
    Text,
}

/// Documents above which a progress bar is worth showing.
const PROGRESS_THRESHOLD: usize = 50;

/// Documents tagged between two writes of their output.
const RENDER_BATCH_DOCUMENTS: usize = 256;

/// Capacity of the output's buffer.
const OUTPUT_BUFFER_BYTES: usize = 1 << 16;

pub fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    if args.stdin_jsonl {
        return stdin_jsonl::run(&args);
    }
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        Format::Text
    } else {
        Format::Jsonl
    });
    let out_dir = match (format, &args.out) {
        (Format::Brat, Some(dir)) => Some(dir.clone()),
        (Format::Brat, None) => bail!("--format brat needs --out DIR"),
        (_, Some(_)) => bail!("--out is only used with --format brat"),
        _ => None,
    };
    if args.force && out_dir.is_none() {
        bail!("--force is only used with --format brat --out DIR");
    }

    let root = match &args.project {
        // Canonical, like discovered roots, so document paths strip against it.
        Some(dir) => fs::canonicalize(dir).with_context(|| format!("project {}", dir.display()))?,
        None => Project::discover(&args.paths[0]),
    };
    // Checked before anything is loaded or written.
    let output = match &out_dir {
        Some(dir) => Some(OutputDir::check(
            dir,
            &Protected::corpus(&root, &args.paths),
            args.force,
            "alama tag",
        )?),
        None => None,
    };
    let (project, engine) = load_engine(&args, &root)?;

    let found = collect_documents(&args.paths);
    // A FIFO or device named like a document, found in a folder, is not a
    // document: a warning, as other files there are skipped silently. A path
    // given that is not a document is an error.
    for skipped in &found.skipped {
        eprintln!("warning: {skipped}");
    }
    let mut failed = !found.errors.is_empty();
    for error in &found.errors {
        eprintln!("error: {error}");
    }
    let mut paths = found.documents;
    let brat = match output {
        Some(output) => Some(BratOut::new(
            output.stage()?,
            &mut paths,
            &args.paths,
            &project.root,
        )?),
        None => None,
    };

    let started = Instant::now();
    // The annotated documents first: their confirmed names are suggested in
    // every document. The others are read only when they are tagged, so
    // that the corpus is never in memory at once.
    let (mut pending, errors) = read_annotated(&paths);
    for error in &errors {
        eprintln!("error: {error}");
    }
    failed |= !errors.is_empty();
    let propagation = propagation(&engine, &pending);

    let progress = progress_bar(paths.len());
    let stdout = io::stdout();
    // Many documents' output at once: one write per document was 11,011
    // system calls on the benchmark's corpus.
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, stdout.lock());
    let mut bytes = 0;
    // Rendered a batch at a time, so the memory of one batch's documents
    // and output is reused by the next.
    let batches = paths
        .chunks(RENDER_BATCH_DOCUMENTS)
        .zip(pending.chunks_mut(RENDER_BATCH_DOCUMENTS));
    for (paths, pending) in batches {
        let rendered: Vec<anyhow::Result<(usize, String)>> = paths
            .par_iter()
            .zip(pending)
            .map(|(path, pending)| {
                progress.inc(1);
                let document = match std::mem::replace(pending, Pending::Failed) {
                    Pending::Annotated(document) => document,
                    Pending::Unannotated => load_unannotated(path)?,
                    Pending::Failed => return Ok((0, String::new())),
                };
                let mentions = engine.mentions(&document.text, &document.annotations, &propagation);
                let output = match &brat {
                    Some(brat) => {
                        brat.write(&engine, &document, &mentions)?;
                        String::new()
                    }
                    None => render(format, &document, &mentions),
                };
                Ok((document.text.as_str().len(), output))
            })
            .collect();
        for result in rendered {
            match result {
                Ok((size, text)) => {
                    bytes += size;
                    out.write_all(text.as_bytes())?;
                }
                // A document that cannot be read is left out; an output
                // that cannot be written is not put in place at all.
                Err(error) if error.downcast_ref::<LoadError>().is_some() => {
                    eprintln!("error: {error:#}");
                    failed = true;
                }
                Err(error) => return Err(error),
            }
        }
    }
    progress.finish_and_clear();
    out.flush()?;
    if let Some(brat) = brat {
        brat.finish()?;
    }
    tracing::info!(
        documents = paths.len(),
        bytes,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "tagged"
    );
    // The process ends now: freeing a large lexicon allocation by
    // allocation would take longer than the exit does.
    std::mem::forget((engine, project));
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The project at `root` with the lexicons the command line adds or
/// leaves out, and its engine; the data lines that could not be read are
/// warned about.
fn load_engine(args: &TagArgs, root: &Path) -> anyhow::Result<(Project, Engine)> {
    let started = Instant::now();
    let (project, engine, data_errors) =
        tagger::load_engine(Some(root), &args.lexicons, !args.no_default_lexicon)?;
    for error in &data_errors {
        eprintln!("warning: {error}");
    }
    tracing::info!(
        entities = engine.lexicon().len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "engine ready"
    );
    Ok((project, engine))
}

/// Reads the documents among `paths` that have an `.ann` file (see
/// [`tagger::read_annotated`]), warns about the issues of those files and
/// returns each document's state and the errors of those that could not
/// be read.
fn read_annotated(paths: &[PathBuf]) -> (Vec<Pending>, Vec<LoadError>) {
    let annotated = tagger::read_annotated(paths);
    for issue in &annotated.issues {
        eprintln!("warning: {issue}");
    }
    (annotated.pending, annotated.errors)
}

fn progress_bar(len: usize) -> ProgressBar {
    if len < PROGRESS_THRESHOLD || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {eta} left")
        .expect("the template is valid");
    ProgressBar::new(len as u64).with_style(style)
}

fn render(format: Format, document: &Document, mentions: &[Mention]) -> String {
    match format {
        Format::Jsonl => json_line(document, mentions),
        Format::Text | Format::Brat => {
            let mut out = format!("{}\n", document.path.display());
            for (m, surface) in with_surfaces(&document.text, mentions) {
                // Isolate each name so right-to-left text does not reorder the line.
                out.push_str(&format!(
                    "  {:>6}-{:<6} {:<9} \u{2068}{}\u{2069}  [{} {}{}]\n",
                    m.span.start,
                    m.span.end,
                    m.ty,
                    surface,
                    m.status.as_str(),
                    m.source.as_str(),
                    m.entity
                        .as_deref()
                        .map(|e| format!(" {e}"))
                        .unwrap_or_default(),
                ));
            }
            out
        }
    }
}

/// One line of `--format jsonl`: `{"path", "spans": [{"start", "end",
/// "type", "text", "status", "source", "entity", "candidates"?}]}`, with
/// `candidates` only for an ambiguous name.
fn json_line(document: &Document, mentions: &[Mention]) -> String {
    let mut line = json_line_buffer(mentions);
    line.push_str("{\"path\":");
    push_json_string(&mut line, &document.path.display().to_string());
    push_spans(&mut line, &document.text, mentions);
    line
}

/// An empty string with room for a JSON line of `mentions`.
fn json_line_buffer(mentions: &[Mention]) -> String {
    String::with_capacity(64 + 128 * mentions.len())
}

/// Appends the end of a JSON line, `,"spans":[…]}` and the line break: the
/// mentions of `text` as `--format jsonl` writes them, which `--stdin-jsonl`
/// writes too. Written directly, not through serde: serializing took a
/// tenth of the time of tagging.
fn push_spans(line: &mut String, text: &Text, mentions: &[Mention]) {
    let mut number = itoa::Buffer::new();
    line.push_str(",\"spans\":[");
    for (i, (m, surface)) in with_surfaces(text, mentions).enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str("{\"start\":");
        line.push_str(number.format(m.span.start));
        line.push_str(",\"end\":");
        line.push_str(number.format(m.span.end));
        line.push_str(",\"type\":");
        push_json_string(line, &m.ty);
        line.push_str(",\"text\":");
        push_json_string(line, surface);
        line.push_str(",\"status\":\"");
        line.push_str(m.status.as_str());
        line.push_str("\",\"source\":\"");
        line.push_str(m.source.as_str());
        line.push_str("\",\"entity\":");
        match &m.entity {
            Some(id) => push_json_string(line, id),
            None => line.push_str("null"),
        }
        if m.candidates.len() > 1 {
            line.push_str(",\"candidates\":[");
            for (j, id) in m.candidates.iter().enumerate() {
                if j > 0 {
                    line.push(',');
                }
                push_json_string(line, id);
            }
            line.push(']');
        }
        line.push('}');
    }
    line.push_str("]}\n");
}

/// Appends `value` as a JSON string, escaped as `serde_json` escapes it.
fn push_json_string(out: &mut String, value: &str) {
    if value.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(&serde_json::to_string(value).expect("strings serialize"));
    } else {
        out.push('"');
        out.push_str(value);
        out.push('"');
    }
}
