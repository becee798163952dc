//! File URIs ⇄ canonical paths, so that a document has one path whatever
//! symbolic links or `..` its URI spells.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::Uri;

/// The canonical path of a `file:` URI of this machine (no host, or
/// `localhost`). The file itself may not exist yet (an unsaved new
/// document): then its folder is canonicalized. Any other URI (`http:`,
/// `untitled:`, a file on another host) is no file: `None`, and the disk is
/// not looked at.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let local = uri.scheme().as_str().eq_ignore_ascii_case("file")
        && uri.authority().is_none_or(|authority| {
            let host = authority.host();
            host.is_empty() || host.eq_ignore_ascii_case("localhost")
        });
    if !local {
        return None;
    }
    let path = uri.to_file_path()?.into_owned();
    canonical(&path)
}

fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let parent = path.parent()?.canonicalize().ok()?;
    Some(parent.join(path.file_name()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn only_file_uris_of_this_machine_are_files() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path().canonicalize().unwrap();
        let path = root.join("a.txt");
        let spelled = path.display().to_string();
        let is_file = |uri: &str| to_path(&Uri::from_str(uri).unwrap());
        assert_eq!(is_file(&format!("file://{spelled}")), Some(path.clone()));
        assert_eq!(is_file(&format!("FILE://{spelled}")), Some(path.clone()));
        assert_eq!(
            is_file(&format!("file://localhost{spelled}")),
            Some(path.clone())
        );
        assert_eq!(is_file(&format!("http://example.com{spelled}")), None);
        assert_eq!(is_file(&format!("https://{spelled}")), None);
        assert_eq!(is_file(&format!("file://example.com{spelled}")), None);
        assert_eq!(is_file("untitled:Untitled-1"), None);
    }
}
