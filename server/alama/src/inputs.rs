//! The documents a command is given and the engine of its project, as
//! `alama export`, `check`, `stats` and `status` read them.

use std::path::{Path, PathBuf};

use alama_core::corpus::collect_documents;
use alama_core::engine::Engine;
use alama_core::project::Project;

/// The documents found under `paths`, sorted and each once, and whether a
/// path could not be read; what was skipped or failed is reported on
/// stderr.
pub fn documents(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let found = collect_documents(paths);
    for skipped in &found.skipped {
        eprintln!("warning: {skipped}");
    }
    for error in &found.errors {
        eprintln!("error: {error}");
    }
    let mut documents = found.documents;
    documents.sort();
    documents.dedup();
    (documents, !found.errors.is_empty())
}

/// The project at `root` and an engine of it; the data lines that could
/// not be read are warned about.
pub fn engine(root: &Path) -> anyhow::Result<(Project, Engine)> {
    let project = Project::load(root)?;
    let (engine, data_errors) = Engine::new(&project);
    for error in &data_errors {
        eprintln!("warning: {error}");
    }
    Ok((project, engine))
}
