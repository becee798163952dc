//! The documents a command is given, as `alama export`, `stats` and
//! `status` read them.

use std::path::PathBuf;

use alama_core::corpus::collect_documents;

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
