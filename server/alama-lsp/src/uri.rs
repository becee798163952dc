//! File URIs ⇄ canonical paths, so that a document has one path whatever
//! symbolic links or `..` its URI spells.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::Uri;

/// The canonical path of a `file:` URI. The file itself may not exist yet
/// (an unsaved new document): then its folder is canonicalized.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let path = uri.to_file_path()?.into_owned();
    canonical(&path)
}

pub fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let parent = path.parent()?.canonicalize().ok()?;
    Some(parent.join(path.file_name()?))
}
