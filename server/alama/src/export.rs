//! `alama export CORPUS --format F --out DIR`: the corpus' annotations in
//! the formats that named-entity training reads.
//!
//! Only confirmed annotations are exported by default, from the documents
//! that have an `.ann` file: a document nobody annotated is not a document
//! without entities. `--include-suggestions` adds the engine's suggestions
//! to every document, each marked as such, but never one the project's
//! `.alama/rejections.tsv` rejects.
//!
//! The output folder is checked and written as `alama tag --format brat`'s
//! is (see [`crate::output_dir`]): never in or around the corpus, replaced
//! only with `--force` and only if `alama export` wrote it, and put in
//! place whole.

mod brat;
mod conll;
mod doccano;
mod jsonl;
mod label_studio;
mod spacy;

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alama_core::corpus::{load_annotated, load_unannotated, Document};
use alama_core::engine::{Engine, Mention, Propagation, Status};
use alama_core::formats::{sentences, tag_tokens, Alignment, Clitics, Scheme, Tagged, Token};
use alama_core::project::Project;
use alama_core::rejections::{RejectedSpans, Rejections};
use alama_core::review::{Reviews, State};
use alama_core::text::Span;
use alama_ide::workspace::review::read_reviews;
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use globset::{Glob, GlobSetBuilder};
use rayon::prelude::*;

use crate::count;
use crate::output_dir::{OutputDir, Protected};
use crate::rejections::read_rejections;
use crate::status::key;

#[derive(Args)]
pub struct ExportArgs {
    /// The corpus: .txt files or directories searched recursively.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Folder to write, outside the corpus: it gets `corpus.conll`,
    /// `corpus.jsonl`, `doccano.jsonl`, `label-studio.json`, or a brat
    /// collection.
    #[arg(long)]
    out: PathBuf,
    /// Replace the --out folder of an earlier `alama export` (never another folder).
    #[arg(long)]
    force: bool,
    /// Add the engine's suggestions, marked as such (rejected ones never).
    #[arg(long)]
    include_suggestions: bool,
    /// Tagging scheme of token tags.
    #[arg(long, value_enum, default_value = "iob2")]
    scheme: SchemeArg,
    /// A name that starts or ends inside a token (و+واشنطن): tag the whole
    /// token (keep), or cut it and tag the rest `O` (split).
    #[arg(long, value_enum, default_value = "keep")]
    clitics: CliticsArg,
    /// Export only these types (before --map), comma-separated.
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// Rename types, as `PER=PERS,GPE=LOC`.
    #[arg(long, value_delimiter = ',')]
    map: Vec<String>,
    /// How JSON Lines offsets count: in code points, or in UTF-16 units.
    #[arg(long, value_enum, default_value = "code-points")]
    offsets: Offsets,
    /// Export only the documents whose path under the project root matches
    /// one of these globs (`news/**`, `*-ar.txt`).
    #[arg(long, value_name = "GLOB")]
    docs: Vec<String>,
    /// Export only the documents in this review state (`done`), as
    /// `.alama/status.tsv` has it.
    #[arg(long, value_name = "STATE", value_parser = parse_state)]
    status: Option<State>,
    /// Project root (settings in .alama/) [default: discovered from the first path].
    #[arg(long)]
    project: Option<PathBuf>,
}

fn parse_state(s: &str) -> Result<State, String> {
    s.parse()
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// CoNLL columns: a token and its tag per line, a blank line between
    /// sentences, `-DOCSTART-` before each document.
    Conll,
    /// One JSON document per line with its text, spans, tokens and tags.
    Jsonl,
    /// doccano's JSON Lines for sequence labelling.
    Doccano,
    /// Label Studio tasks (JSON), suggestions as predictions.
    LabelStudio,
    /// brat standoff: texts, `.ann` files and an `annotation.conf`.
    Brat,
    /// spaCy's JSON training format, for `spacy convert` (BILUO tags).
    Spacy,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemeArg {
    Iob2,
    Bioes,
}

#[derive(Clone, Copy, ValueEnum)]
enum CliticsArg {
    Keep,
    Split,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Offsets {
    CodePoints,
    Utf16,
}

/// Documents rendered between two writes of the output.
const BATCH_DOCUMENTS: usize = 256;

/// What `--types` and `--map` ask for.
struct Labels {
    only: HashSet<String>,
    map: Vec<(String, String)>,
}

impl Labels {
    fn parse(types: &[String], map: &[String]) -> anyhow::Result<Labels> {
        let mut pairs = Vec::new();
        for pair in map {
            let Some((from, to)) = pair.split_once('=') else {
                bail!("--map {pair}: expected TYPE=LABEL");
            };
            let (from, to) = (from.trim(), to.trim());
            if from.is_empty() || to.is_empty() || to.contains(char::is_whitespace) {
                bail!("--map {pair}: expected TYPE=LABEL, a label without spaces");
            }
            pairs.push((from.to_owned(), to.to_owned()));
        }
        Ok(Labels {
            only: types.iter().map(|t| t.trim().to_owned()).collect(),
            map: pairs,
        })
    }

    /// The label of type `ty`, or `None` when it is not exported.
    fn of(&self, ty: &str) -> Option<String> {
        if !self.only.is_empty() && !self.only.contains(ty) {
            return None;
        }
        let mapped = self.map.iter().find(|(from, _)| from == ty);
        Some(mapped.map_or(ty, |(_, to)| to).to_owned())
    }
}

/// A span of a document, ready to export.
pub struct ExportSpan {
    /// In code points.
    pub span: Span,
    pub label: String,
    pub text: String,
    pub entity: Option<String>,
    pub status: Status,
}

/// A document with its spans and tagged sentences.
pub struct Exported<'d> {
    /// The document's path under the project root, with `/`; its path as
    /// found for a document outside the root.
    pub id: String,
    /// Whether the document lies outside the project root.
    pub outside: bool,
    pub document: &'d Document,
    pub spans: Vec<ExportSpan>,
    pub sentences: Vec<Vec<Tagged>>,
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let labels = Labels::parse(&args.types, &args.map)?;
    let root = match &args.project {
        Some(dir) => fs::canonicalize(dir).with_context(|| format!("project {}", dir.display()))?,
        None => Project::discover(&args.paths[0]),
    };
    // Checked before anything is loaded or written.
    let output = OutputDir::check(
        &args.out,
        &Protected::corpus(&root, &args.paths),
        args.force,
        "alama export",
    )?;
    let (mut paths, mut failed) = crate::inputs::documents(&args.paths);
    let before = paths.len();
    if !args.docs.is_empty() || args.status.is_some() {
        let mut globs = GlobSetBuilder::new();
        for glob in &args.docs {
            globs.add(Glob::new(glob).with_context(|| format!("--docs {glob}"))?);
        }
        let globs = globs.build().context("--docs")?;
        let reviews = match args.status {
            Some(_) => {
                let (reviews, warnings) = read_reviews(&root)?;
                for warning in warnings {
                    eprintln!("warning: {warning}");
                }
                reviews
            }
            None => Reviews::default(),
        };
        paths.retain(|path| {
            let key = key(path, &root);
            let named =
                args.docs.is_empty() || key.as_deref().is_some_and(|key| globs.is_match(key));
            let reviewed = args.status.is_none_or(|wanted| {
                key.as_deref().map_or(State::Todo, |key| reviews.state(key)) == wanted
            });
            named && reviewed
        });
        eprintln!(
            "{} of {before} chosen by --docs and --status",
            crate::count(paths.len(), "document")
        );
    }

    let suggestions = if args.include_suggestions {
        let project = Project::load(&root)?;
        let (engine, data_errors) = Engine::new(&project);
        for error in &data_errors {
            eprintln!("warning: {error}");
        }
        Some((engine, read_rejections(&root)?))
    } else {
        None
    };

    // Every annotated document is read first: with suggestions, their
    // confirmed names are suggested in every document. The others are read
    // when they are exported, so that the corpus is never in memory at once.
    let loaded: Vec<_> = paths.par_iter().map(|path| load_annotated(path)).collect();
    let mut pending: Vec<(PathBuf, Option<Document>)> = Vec::with_capacity(paths.len());
    let mut unannotated = 0;
    for (path, result) in paths.into_iter().zip(loaded) {
        match result {
            Ok(Some((document, issues))) => {
                for issue in issues {
                    eprintln!("warning: {issue}");
                }
                pending.push((path, Some(document)));
            }
            Ok(None) if suggestions.is_some() => pending.push((path, None)),
            Ok(None) => unannotated += 1,
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    let propagation = match &suggestions {
        Some((engine, _)) => engine.propagation(
            pending
                .iter()
                .filter_map(|(_, document)| document.as_ref())
                .flat_map(Document::confirmed),
        ),
        None => Propagation::empty(),
    };

    let staging = output.stage()?;
    let name = match args.format {
        ExportFormat::Conll => "corpus.conll",
        ExportFormat::Jsonl => "corpus.jsonl",
        ExportFormat::Doccano => "doccano.jsonl",
        ExportFormat::LabelStudio => "label-studio.json",
        ExportFormat::Brat => "annotation.conf",
        ExportFormat::Spacy => "spacy.json",
    };
    let file = staging.path().join(name);
    // brat's documents are files of their own; the others' one file is
    // written as they come.
    let mut out = match args.format {
        ExportFormat::Brat => None,
        _ => Some(BufWriter::new(
            fs::File::create(&file).with_context(|| format!("creating {}", file.display()))?,
        )),
    };
    let mut brat_files = BratFiles::default();
    // The formats whose file is one JSON array of documents.
    let array = matches!(args.format, ExportFormat::LabelStudio | ExportFormat::Spacy);
    if array {
        write(&mut out, &file, "[\n")?;
    }
    let scheme = match args.scheme {
        SchemeArg::Iob2 => Scheme::Iob2,
        SchemeArg::Bioes => Scheme::Bioes,
    };
    let clitics = match args.clitics {
        CliticsArg::Keep => Clitics::Keep,
        CliticsArg::Split => Clitics::Split,
    };
    // Only CoNLL, JSON Lines and spaCy have tokens; spaCy's tags are BILUO.
    let tokens = match args.format {
        ExportFormat::Conll | ExportFormat::Jsonl => Some((scheme, clitics)),
        ExportFormat::Spacy => Some((Scheme::Bioes, clitics)),
        _ => None,
    };
    let mut alignment = Alignment::default();
    let mut overlapping = 0;
    let mut exported = 0;
    // The documents in order of their paths, in batches rendered on all
    // cores.
    for (b, batch) in pending.chunks_mut(BATCH_DOCUMENTS).enumerate() {
        let rendered: Vec<anyhow::Result<(Rendered, Alignment, usize)>> = batch
            .par_iter_mut()
            .enumerate()
            .map(|(i, (path, document))| {
                let document = match document.take() {
                    Some(document) => document,
                    None => load_unannotated(path)?,
                };
                let mentions = match &suggestions {
                    Some((engine, rejections)) => {
                        let all =
                            engine.mentions(&document.text, &document.annotations, &propagation);
                        without_rejected(all, &document, rejections, &root)
                    }
                    None => confirmed(&document),
                };
                let mut alignment = Alignment::default();
                let (exported, overlapping) =
                    export_document(&document, &root, &mentions, &labels, tokens, &mut alignment);
                let rendered = match args.format {
                    ExportFormat::Conll => Rendered::Text(conll::render(&exported)),
                    ExportFormat::Jsonl => Rendered::Text(jsonl::render(&exported, args.offsets)),
                    ExportFormat::Doccano => Rendered::Text(doccano::render(&exported)),
                    ExportFormat::LabelStudio => Rendered::Text(label_studio::render(&exported)),
                    ExportFormat::Spacy => {
                        Rendered::Text(spacy::render(&exported, b * BATCH_DOCUMENTS + i))
                    }
                    ExportFormat::Brat => Rendered::Brat {
                        ann: brat::render(&exported).with_context(|| {
                            format!(
                                "{}: an annotation brat cannot hold",
                                document.path.display()
                            )
                        })?,
                        labels: exported.spans.iter().map(|s| s.label.clone()).collect(),
                        id: exported.id.clone(),
                        outside: exported.outside,
                        text: document.text.into_string(),
                    },
                };
                Ok((rendered, alignment, overlapping))
            })
            .collect();
        for result in rendered {
            match result {
                Ok((rendered, one, overlaps)) => {
                    match rendered {
                        Rendered::Text(text) => {
                            if array && exported > 0 {
                                write(&mut out, &file, ",\n")?;
                            }
                            write(&mut out, &file, &text)?;
                        }
                        Rendered::Brat {
                            ann,
                            labels,
                            id,
                            outside,
                            text,
                        } => brat_files.write(staging.path(), &id, outside, &text, &ann, labels)?,
                    }
                    alignment.add(&one);
                    overlapping += overlaps;
                    exported += 1;
                }
                Err(error) => {
                    eprintln!("error: {error:#}");
                    failed = true;
                }
            }
        }
    }
    match out {
        Some(mut out) => {
            if array {
                out.write_all(b"\n]\n")
                    .with_context(|| format!("writing {}", file.display()))?;
            }
            out.flush()
                .with_context(|| format!("writing {}", file.display()))?;
        }
        None => fs::write(&file, brat::configuration(&brat_files.labels))
            .with_context(|| format!("writing {}", file.display()))?,
    }
    staging.commit(&format!(
        "{name}, the corpus' {} exported for training.",
        if args.include_suggestions {
            "annotations and alama's suggestions (marked)"
        } else {
            "confirmed annotations"
        }
    ))?;
    let place = match args.format {
        ExportFormat::Brat => args.out.clone(),
        _ => args.out.join(name),
    };
    eprintln!(
        "exported {} to {}",
        count(exported, "document"),
        place.display()
    );
    if unannotated > 0 {
        eprintln!(
            "{} without an .ann file left out (--include-suggestions exports every document)",
            count(unannotated, "document")
        );
    }
    if tokens.is_some() {
        report(&alignment, overlapping, clitics);
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A document rendered for the output.
enum Rendered {
    /// Its part of the output's one file.
    Text(String),
    /// Its files of a brat collection.
    Brat {
        ann: String,
        labels: BTreeSet<String>,
        id: String,
        outside: bool,
        text: String,
    },
}

/// Writes `text` to the output's one file.
fn write(out: &mut Option<BufWriter<fs::File>>, file: &Path, text: &str) -> anyhow::Result<()> {
    let out = out.as_mut().expect("a format of one file");
    out.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", file.display()))
}

/// The documents of a brat collection written so far.
#[derive(Default)]
struct BratFiles {
    /// The labels used, for `annotation.conf`.
    labels: BTreeSet<String>,
    /// The `.txt` paths written, relative to the output.
    written: HashSet<PathBuf>,
}

impl BratFiles {
    /// Writes a document's text and `.ann`: at its path under the project
    /// root, or under `_outside/` by its file name when it lies outside.
    fn write(
        &mut self,
        folder: &Path,
        id: &str,
        outside: bool,
        text: &str,
        ann: &str,
        labels: BTreeSet<String>,
    ) -> anyhow::Result<()> {
        let relative = if outside {
            let name = Path::new(id)
                .file_name()
                .context("a document has a file name")?;
            Path::new("_outside").join(name)
        } else {
            PathBuf::from(id)
        };
        if !self.written.insert(relative.clone()) {
            bail!(
                "{id}: another document outside the project root has the name {}; \
                 give --project a folder that holds both",
                relative.display()
            );
        }
        let txt = folder.join(&relative);
        if let Some(parent) = txt.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&txt, text).with_context(|| format!("writing {}", txt.display()))?;
        let ann_file = txt.with_extension("ann");
        fs::write(&ann_file, ann).with_context(|| format!("writing {}", ann_file.display()))?;
        self.labels.extend(labels);
        Ok(())
    }
}

/// Appends `value` as a JSON string.
pub fn push_string(out: &mut String, value: &str) {
    out.push_str(&serde_json::to_string(value).expect("strings serialize"));
}

/// The UTF-16 offset of each code point of `text`, and of its end.
pub fn utf16_offsets(text: &str) -> Vec<usize> {
    let mut at = 0;
    let mut units = Vec::with_capacity(text.len() + 1);
    for c in text.chars() {
        units.push(at);
        at += c.len_utf16();
    }
    units.push(at);
    units
}

/// Says which spans did not fall on token bounds, and what became of them.
fn report(alignment: &Alignment, overlapping: usize, clitics: Clitics) {
    let inside = alignment.start_inside + alignment.end_inside;
    if inside > 0 {
        let policy = match clitics {
            Clitics::Keep => "the whole token is tagged (--clitics keep)",
            Clitics::Split => {
                "the token is cut at the span and the rest tagged O (--clitics split)"
            }
        };
        eprintln!(
            "{} inside a token, {} ending inside one: {policy}",
            count(alignment.start_inside, "span starting"),
            alignment.end_inside
        );
    }
    if alignment.lost > 0 {
        eprintln!(
            "warning: {} a token with another and no token tag of its own \
             (--clitics split gives one)",
            count(alignment.lost, "span sharing")
        );
    }
    if overlapping > 0 {
        eprintln!(
            "warning: {} a longer or earlier one and no token tags (the JSON Lines \
             spans keep it)",
            count(overlapping, "span overlapping")
        );
    }
}

/// A document's confirmed annotations as mentions.
fn confirmed(document: &Document) -> Vec<Mention> {
    alama_core::engine::confirmed_mentions(&document.annotations).collect()
}

/// The mentions but the suggestions the project rejects in the document.
fn without_rejected(
    mentions: Vec<Mention>,
    document: &Document,
    rejections: &Rejections,
    root: &Path,
) -> Vec<Mention> {
    let rejected = match key(&document.path, root) {
        Some(key) => RejectedSpans::new(
            rejections
                .of(&key)
                .iter()
                .filter(|r| r.holds_in(&document.text)),
        ),
        None => RejectedSpans::default(),
    };
    mentions
        .into_iter()
        .filter(|m| m.status == Status::Confirmed || !rejected.hides(m.span))
        .collect()
}

/// The spans of a document and, when `tokens` asks for them, its tagged
/// sentences, with the number of spans left out of the token tags because
/// they overlap another.
fn export_document<'d>(
    document: &'d Document,
    root: &Path,
    mentions: &[Mention],
    labels: &Labels,
    tokens: Option<(Scheme, Clitics)>,
    alignment: &mut Alignment,
) -> (Exported<'d>, usize) {
    let text = &document.text;
    let mut cursor = text.cursor();
    let mut spans: Vec<ExportSpan> = mentions
        .iter()
        .filter_map(|m| {
            let label = labels.of(&m.ty)?;
            Some(ExportSpan {
                span: m.span,
                label,
                text: cursor.slice(m.span)?.to_owned(),
                entity: m.entity.as_deref().map(str::to_owned),
                status: m.status,
            })
        })
        .collect();
    spans.sort_by_key(|s| (s.span.start, std::cmp::Reverse(s.span.end)));
    // The token tags take the longest of overlapping spans, the first of
    // equal ones.
    let mut tagged: Vec<(usize, usize, &str)> = Vec::with_capacity(spans.len());
    let mut overlapping = 0;
    let mut last_end = 0;
    for span in &spans {
        let Some((start, end)) = text.byte_range(span.span) else {
            continue;
        };
        if start < last_end {
            overlapping += 1;
            continue;
        }
        last_end = end;
        tagged.push((start, end, span.label.as_str()));
    }
    let sentences = match tokens {
        Some((scheme, clitics)) => {
            let together: Vec<(usize, usize)> = tagged.iter().map(|&(s, e, _)| (s, e)).collect();
            let sentences: Vec<Vec<Token>> = sentences(text.as_str(), &together);
            tag_tokens(&sentences, &tagged, scheme, clitics, alignment)
        }
        None => Vec::new(),
    };
    let key = key(&document.path, root);
    let outside = key.is_none();
    let id = key.unwrap_or_else(|| document.path.display().to_string());
    (
        Exported {
            id,
            outside,
            document,
            spans,
            sentences,
        },
        overlapping,
    )
}
