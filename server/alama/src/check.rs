//! `alama check PATH…`: the quality checks of a corpus' annotations, as a
//! linter reports them: `path:line:col: severity: message [code]`, lines
//! and columns from 1, columns in characters. See `alama_core::check` for
//! the checks; besides them, an `.ann` line whose text is not at its
//! offsets in the `.txt` is an error `[ann-text]` at its line of the `.ann`.
//! The exit status is 1 when any error was found.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alama_core::brat::AnnFile;
use alama_core::check::{check_document, Finding, Names, Severity};
use alama_core::corpus::{ann_path, read_utf8, LoadError};
use alama_core::engine::{Source, Status};
use alama_core::rejections::RejectedSpans;
use alama_core::text::Text;
use clap::Args;
use rayon::prelude::*;

use crate::rejections::read_rejections;
use crate::status::{key, project_root};

#[derive(Args)]
pub struct CheckArgs {
    /// Documents: .txt files or directories searched recursively.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Project root (settings in .alama/) [default: discovered from the first path].
    #[arg(long)]
    project: Option<PathBuf>,
}

/// A document read for checking.
struct Checked {
    path: PathBuf,
    text: Text,
    annotations: AnnFile,
    /// Lines of its `.ann` whose text is not at their offsets.
    problems: Vec<String>,
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let root = project_root(args.project.as_deref(), &args.paths)?;
    let (project, engine) = crate::inputs::engine(&root)?;
    let rejections = read_rejections(&root)?;
    let (paths, mut failed) = crate::inputs::documents(&args.paths);
    let read: Vec<Result<Checked, LoadError>> = paths.par_iter().map(|p| read(p)).collect();
    let mut documents = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(document) => documents.push(document),
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    let mut names = Names::default();
    for document in &documents {
        names.add(&document.annotations);
    }
    let propagation = engine.propagation(documents.iter().flat_map(|d| {
        d.annotations.text_bounds().map(|t| {
            (
                t.text.as_str(),
                t.ty.as_str(),
                d.annotations.entity_of(t.id),
            )
        })
    }));
    let reports: Vec<(Vec<String>, usize, usize)> = documents
        .par_iter()
        .map(|document| {
            let mut findings =
                check_document(&document.text, &document.annotations, &project.types);
            findings.extend(names.conflicts(&document.annotations));
            let rejected = key(&document.path, &root)
                .map(|key| {
                    RejectedSpans::new(
                        rejections
                            .of(&key)
                            .iter()
                            .filter(|r| r.holds_in(&document.text)),
                    )
                })
                .unwrap_or_default();
            let mentions = engine.mentions(&document.text, &document.annotations, &propagation);
            for mention in mentions {
                let unresolved = mention.status == Status::Suggested
                    && mention.source == Source::Propagated
                    && !rejected.hides(mention.span);
                if !unresolved {
                    continue;
                }
                let name = document.text.slice(mention.span).unwrap_or_default();
                let confirmed = names.count(name, &mention.ty);
                findings.push(Finding {
                    span: mention.span,
                    severity: Severity::Warning,
                    code: "unresolved",
                    message: format!(
                        "«{name}» is confirmed as {} in the corpus ({}) but neither \
                         confirmed nor rejected here",
                        mention.ty,
                        if confirmed == 1 {
                            "once".to_owned()
                        } else {
                            format!("{confirmed} times")
                        }
                    ),
                    fix: None,
                });
            }
            findings.sort_by_key(|f| (f.span.start, f.severity, f.code));
            let errors = document.problems.len()
                + findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
            let warnings = findings.len() + document.problems.len() - errors;
            let mut lines = document.problems.clone();
            lines.extend(lines_of(&document.path, &document.text, &findings));
            (lines, errors, warnings)
        })
        .collect();
    let (mut errors, mut warnings) = (0, 0);
    for (lines, e, w) in reports {
        for line in lines {
            println!("{line}");
        }
        errors += e;
        warnings += w;
    }
    eprintln!(
        "{}, {} in {}",
        crate::count(errors, "error"),
        crate::count(warnings, "warning"),
        crate::count(documents.len(), "document")
    );
    std::mem::forget((engine, project));
    Ok(if errors > 0 || failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads a document and its `.ann` with every offset as written.
fn read(path: &Path) -> Result<Checked, LoadError> {
    let text = Text::new(read_utf8(path)?);
    let ann = ann_path(path);
    let content = match read_utf8(&ann) {
        Ok(content) => content,
        Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            String::new()
        }
        Err(error) => return Err(error),
    };
    let (annotations, issues) = AnnFile::parse_strict(&ann.display().to_string(), &content, &text);
    let problems = issues
        .iter()
        .map(|issue| {
            format!(
                "{}:{}: error: {} [ann-text]",
                issue.file, issue.line, issue.message
            )
        })
        .collect();
    Ok(Checked {
        path: path.to_owned(),
        text,
        annotations,
        problems,
    })
}

/// The findings as lines `path:line:col: severity: message [code]`.
fn lines_of(path: &Path, text: &Text, findings: &[Finding]) -> Vec<String> {
    let mut lines = Vec::with_capacity(findings.len());
    let (mut line, mut column, mut at) = (1, 1, 0);
    let mut chars = text.as_str().chars();
    for finding in findings {
        // Sorted by start: the count goes on from the last one.
        while at < finding.span.start {
            match chars.next() {
                Some('\n') => (line, column) = (line + 1, 1),
                Some(_) => column += 1,
                None => break,
            }
            at += 1;
        }
        lines.push(format!(
            "{}:{line}:{column}: {}: {} [{}]",
            path.display(),
            finding.severity.as_str(),
            finding.message,
            finding.code
        ));
    }
    lines
}
