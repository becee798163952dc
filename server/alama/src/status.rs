//! `alama status PATH… [--set STATE]`: the review state of documents, as
//! `.alama/status.tsv` keeps it; with `--set`, sets it, under the folder's
//! write lock as the editors do.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alama_core::project::Project;
use alama_core::review::{Reviews, State};
use alama_ide::workspace::review::{annotator, read_reviews, set_review};
use anyhow::{bail, Context};
use clap::Args;

#[derive(Args)]
pub struct StatusArgs {
    /// Documents: .txt files or directories searched recursively.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Set their state: todo, in-progress or done.
    #[arg(long, value_name = "STATE", value_parser = parse_state)]
    set: Option<State>,
    /// Who sets it [default: the user this runs as].
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    /// Project root (settings in .alama/) [default: discovered from the first path].
    #[arg(long)]
    project: Option<PathBuf>,
}

fn parse_state(s: &str) -> Result<State, String> {
    s.parse()
}

pub fn run(args: StatusArgs) -> anyhow::Result<ExitCode> {
    if args.by.is_some() && args.set.is_none() {
        bail!("--by is only used with --set");
    }
    let root = project_root(args.project.as_deref(), &args.paths)?;
    let (paths, failed) = crate::inputs::documents(&args.paths);
    let mut documents: Vec<String> = Vec::new();
    for path in &paths {
        match key(path, &root) {
            Some(key) => documents.push(key),
            None => bail!(
                "{}: not a document of the project {} (hidden folders hold none)",
                path.display(),
                root.display()
            ),
        }
    }
    documents.sort();
    documents.dedup();
    if let Some(state) = args.set {
        let who = args.by.unwrap_or_else(annotator);
        if who.trim().is_empty() {
            bail!("--by: the name is empty");
        }
        for document in &documents {
            set_review(&root, document, state, &who)
                .with_context(|| format!("setting {document} {state}"))?;
        }
        eprintln!(
            "{} now {}",
            crate::count(documents.len(), "document"),
            state.words()
        );
    } else {
        let (reviews, warnings) = read_reviews(&root)?;
        for warning in warnings {
            eprintln!("warning: {warning}");
        }
        print!("{}", listing(&documents, &reviews));
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A line per document: its state, who set it and when (`-` when never
/// set), and its path, separated by tabs.
fn listing(documents: &[String], reviews: &Reviews) -> String {
    let mut out = String::new();
    for document in documents {
        let (state, who, when) = match reviews.get(document) {
            Some(review) => (review.state, review.who.as_str(), review.when.as_str()),
            None => (State::Todo, "-", "-"),
        };
        out.push_str(&format!("{state}\t{who}\t{when}\t{document}\n"));
    }
    out
}

/// The project root: `--project`, or the one discovered from the first
/// path; canonical, so that documents' paths strip against it.
pub fn project_root(project: Option<&Path>, paths: &[PathBuf]) -> anyhow::Result<PathBuf> {
    match project {
        Some(dir) => fs::canonicalize(dir).with_context(|| format!("project {}", dir.display())),
        None => Ok(Project::discover(&paths[0])),
    }
}

/// A document's path under `root` with `/`, which keys its review state;
/// `None` outside the root or in a hidden folder.
pub fn key(path: &Path, root: &Path) -> Option<String> {
    let canonical = fs::canonicalize(path).ok()?;
    let relative = canonical.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let hidden = parts.iter().any(|p| p.starts_with('.'));
    (!hidden && !parts.is_empty()).then(|| parts.join("/"))
}
