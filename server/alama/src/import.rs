//! `alama import FILE --format F --into CORPUS`: annotations made elsewhere
//! (CoNLL, `alama export`'s JSON Lines, spaCy's JSON, doccano, Label
//! Studio, another brat folder) as brat standoff beside the corpus' texts.
//!
//! Every document of FILE becomes `<CORPUS>/<id>` (`.txt` added when the
//! id has no extension) and its `.ann`. The text is written when the
//! corpus has none at that path; when it has one, the source's text must
//! be the same (CoNLL's tokens must be found in it in order, white space
//! aside). Everything is checked before anything is written: a malformed
//! record, a text that differs, or an `.ann` that already holds
//! annotations (unless `--force`) stops the import with the file and line
//! of each problem, and nothing is written. Suggestions in the source
//! (JSON Lines' `"status": "suggested"`, doccano's `suggested` list, Label
//! Studio's predictions) are never imported as annotations.

mod brat;
mod conll;
mod json;

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use alama_core::brat::AnnFile;
use alama_core::corpus::{read_utf8, LoadError};
use alama_core::fs::{sync_filesystem, write_atomically_unsynced};
use alama_core::text::{Span, Text};
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::count;
use crate::export::Offsets;

#[derive(Args)]
pub struct ImportArgs {
    /// The file to read (`-` for standard input).
    file: PathBuf,
    /// Its format.
    #[arg(long, value_enum)]
    format: ImportFormat,
    /// The corpus folder the documents go into.
    #[arg(long)]
    into: PathBuf,
    /// Replace `.ann` files that already hold annotations.
    #[arg(long)]
    force: bool,
    /// Rename labels, as `PERS=PER,LOC=GPE`.
    #[arg(long, value_delimiter = ',')]
    map: Vec<String>,
    /// How JSON Lines offsets count: in code points, or in UTF-16 units
    /// (as `alama export --offsets utf16` writes them).
    #[arg(long, value_enum, default_value = "code-points")]
    offsets: Offsets,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ImportFormat {
    /// CoNLL columns (IOB1, IOB2 or BIOES tags in the last column).
    Conll,
    /// `alama export --format jsonl`: `{"id","text","spans":[…]}` per line.
    Jsonl,
    /// doccano's JSON Lines: `{"text","label":[[start,end,"TYPE"]]}` or
    /// `{"text","entities":[{"start_offset","end_offset","label"}]}`.
    Doccano,
    /// Label Studio's JSON export: tasks with `data.text` and annotations.
    LabelStudio,
    /// spaCy's JSON training format (`alama export --format spacy`).
    Spacy,
    /// A brat folder of texts and `.ann` files (FILE is the folder).
    Brat,
}

/// A document read from the source.
pub struct Source {
    /// Where it was read, for messages: `file:line`.
    pub place: String,
    /// Its id, the path it goes to under the corpus.
    pub id: String,
    pub content: Content,
    /// Its spans: code point offsets into its text, a label, an entity id.
    pub spans: Vec<SourceSpan>,
    /// Suggestions in the source, left out.
    pub suggestions: usize,
}

/// A span of a source document: code points (or, for tokens, token
/// numbers), its label and its entity id.
pub type SourceSpan = (Span, String, Option<String>);

/// What the source holds of a document's text.
pub enum Content {
    /// The text itself.
    Text(String),
    /// Its tokens only (CoNLL): each with its line in the source, in
    /// sentences. The spans count tokens: `start..end` of the tokens.
    Tokens(Vec<Vec<(String, usize)>>),
}

pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let map = parse_map(&args.map)?;
    if args.offsets == Offsets::Utf16 && args.format != ImportFormat::Jsonl {
        bail!("--offsets utf16 is only used with --format jsonl");
    }
    let name = args.file.display().to_string();
    let content = if args.format == ImportFormat::Brat {
        if !args.file.is_dir() {
            bail!("{name}: --format brat reads a folder of .txt and .ann files");
        }
        String::new()
    } else if args.file == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).context("reading standard input")?
    } else {
        read_utf8(&args.file)?
    };
    let corpus = &args.into;
    if !corpus.is_dir() {
        bail!("--into {}: not a folder", corpus.display());
    }
    let (sources, mut problems) = match args.format {
        ImportFormat::Conll => conll::read(&name, &content),
        ImportFormat::Jsonl => json::read_jsonl(&name, &content, args.offsets == Offsets::Utf16),
        ImportFormat::Doccano => json::read_doccano(&name, &content),
        ImportFormat::LabelStudio => json::read_label_studio(&name, &content),
        ImportFormat::Spacy => json::read_spacy(&name, &content),
        ImportFormat::Brat => brat::read(&args.file),
    };
    // Checked, all of them, before anything is written.
    let plans: Vec<Result<Plan, String>> = sources
        .into_par_iter()
        .map(|source| plan(source, corpus, args.force, &map))
        .collect();
    let mut planned = Vec::with_capacity(plans.len());
    let mut seen = std::collections::HashSet::new();
    for result in plans {
        match result {
            Ok(plan) if !seen.insert(plan.txt.clone()) => problems.push(format!(
                "{}: a second document with the id {}",
                plan.place,
                plan.txt.display()
            )),
            Ok(plan) => planned.push(plan),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        bail!(
            "{} in {name}; nothing was imported",
            count(problems.len(), "problem")
        );
    }
    // Each file replaced whole, then all of them synced at once: a sync
    // of each file would take most of the time.
    planned
        .par_iter()
        .map(|plan| -> anyhow::Result<()> {
            if let Some(parent) = plan.txt.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            if plan.write_text {
                write_atomically_unsynced(&plan.txt, plan.text.as_str().as_bytes())
                    .with_context(|| format!("writing {}", plan.txt.display()))?;
            }
            write_atomically_unsynced(&plan.ann_path, plan.ann.render().as_bytes())
                .with_context(|| format!("writing {}", plan.ann_path.display()))
        })
        .collect::<anyhow::Result<()>>()?;
    sync_filesystem(corpus).with_context(|| format!("syncing {}", corpus.display()))?;
    let suggestions: usize = planned.iter().map(|plan| plan.suggestions).sum();
    eprintln!(
        "imported {} into {}",
        count(planned.len(), "document"),
        corpus.display()
    );
    if suggestions > 0 {
        eprintln!(
            "{} in the source left out: only annotations are imported",
            count(suggestions, "suggestion")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A document checked and ready to write.
struct Plan {
    place: String,
    txt: PathBuf,
    text: Text,
    write_text: bool,
    ann_path: PathBuf,
    ann: AnnFile,
    suggestions: usize,
}

/// Checks a document against the corpus and makes its `.ann`.
fn plan(
    source: Source,
    corpus: &Path,
    force: bool,
    map: &[(String, String)],
) -> Result<Plan, String> {
    let place = source.place;
    let relative = Path::new(&source.id);
    let safe = !source.id.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(format!(
            "{place}: the id {:?} is not a relative path inside the corpus",
            source.id
        ));
    }
    let mut txt = corpus.join(relative);
    if txt.extension().is_none() {
        txt.set_extension("txt");
    }
    if txt.extension().is_some_and(|e| e == "ann") {
        return Err(format!(
            "{place}: the id {:?} names an .ann file",
            source.id
        ));
    }
    let existing = match read_utf8(&txt) {
        Ok(text) => Some(text),
        Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(format!("{place}: {error}")),
    };
    let (text, spans) = match source.content {
        Content::Text(text) => {
            if existing.as_ref().is_some_and(|e| *e != text) {
                return Err(format!(
                    "{place}: the text differs from {}, which is kept",
                    txt.display()
                ));
            }
            (Text::new(text), source.spans)
        }
        Content::Tokens(sentences) => {
            let (text, offsets) = match &existing {
                Some(text) => {
                    let file = place
                        .rsplit_once(':')
                        .map_or(place.as_str(), |(file, _)| file);
                    let offsets = conll::align(text, &sentences, &txt)
                        .map_err(|problem| format!("{file}:{problem}"))?;
                    (text.clone(), offsets)
                }
                None => conll::rebuild(&sentences),
            };
            let spans = source
                .spans
                .into_iter()
                .map(|(tokens, label, entity)| {
                    let span = Span::new(offsets[tokens.start].0, offsets[tokens.end - 1].1);
                    (span, label, entity)
                })
                .collect();
            (Text::new(text), spans)
        }
    };
    let ann_path = txt.with_extension("ann");
    match read_utf8(&ann_path) {
        Ok(content) if !force && content.lines().any(|l| !l.trim().is_empty()) => {
            return Err(format!(
                "{place}: {} already holds annotations (--force replaces them)",
                ann_path.display()
            ));
        }
        Ok(_) => {}
        Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(format!("{place}: {error}")),
    }
    let mut ann = AnnFile::default();
    for (span, label, entity) in spans {
        let label = map
            .iter()
            .find(|(from, _)| *from == label)
            .map_or(label.as_str(), |(_, to)| to.as_str());
        let Some(surface) = text.slice(span).filter(|_| span.start < span.end) else {
            return Err(format!(
                "{place}: the span {}..{} ({label}) is empty or lies outside the text of {} \
                 code points",
                span.start,
                span.end,
                text.char_len()
            ));
        };
        let entity = entity.as_deref().map(|id| (id, surface));
        ann.add(label, span, surface, entity)
            .map_err(|error| format!("{place}: {error}"))?;
    }
    Ok(Plan {
        place,
        write_text: existing.is_none(),
        txt,
        text,
        ann_path,
        ann,
        suggestions: source.suggestions,
    })
}

/// The pairs of `--map FROM=TO,…`.
fn parse_map(map: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    map.iter()
        .map(|pair| match pair.split_once('=') {
            Some((from, to))
                if !from.trim().is_empty()
                    && !to.trim().is_empty()
                    && !to.trim().contains(char::is_whitespace) =>
            {
                Ok((from.trim().to_owned(), to.trim().to_owned()))
            }
            _ => bail!("--map {pair}: expected LABEL=TYPE, a type without spaces"),
        })
        .collect()
}
