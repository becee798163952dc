//! The review state of a workspace's documents (`.alama/status.tsv`, see
//! [`alama_core::review`]), read and written under the workspace's write
//! lock, so that editors and the command line setting states at once each
//! keep the others'.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use alama_core::project::PROJECT_DIR;
use alama_core::review::{Review, Reviews, State};

use super::persist::WriteLock;
use super::{read_project_file, write_project_file, WorkspaceError};

/// The workspace's file of review states.
pub fn status_file(root: &Path) -> PathBuf {
    root.join(PROJECT_DIR).join("status.tsv")
}

/// The workspace's review states, with a warning for each line that could
/// not be read.
///
/// # Errors
///
/// When the file leads outside the workspace or cannot be read.
pub fn read_reviews(root: &Path) -> Result<(Reviews, Vec<String>), WorkspaceError> {
    let file = status_file(root);
    let Some(content) = read_project_file(root, &file)? else {
        return Ok((Reviews::default(), Vec::new()));
    };
    let (reviews, errors) = Reviews::parse(&file.display().to_string(), &content);
    Ok((reviews, errors.iter().map(ToString::to_string).collect()))
}

/// Sets the review state of `document` (its path under `root`, with `/`),
/// by `who`, now, keeping every other document's as the file on disk has
/// it.
///
/// # Errors
///
/// When the lock cannot be had, the file cannot be read or written, or it
/// holds a line that cannot be read: rewriting it would lose that line, so
/// nothing is written until it is fixed.
pub fn set_review(
    root: &Path,
    document: &str,
    state: State,
    who: &str,
) -> Result<(), WorkspaceError> {
    let _lock = WriteLock::acquire(root)?;
    let (mut reviews, warnings) = read_reviews(root)?;
    if let Some(first) = warnings.into_iter().next() {
        return Err(WorkspaceError::Unreadable(first));
    }
    let review = Review {
        state,
        who: who.to_owned(),
        when: now(),
    };
    reviews.set(document, review);
    write_project_file(root, &status_file(root), &reviews.render())
}

/// The time now in UTC, to the second, as RFC 3339 writes it.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Who sets a review state: the user the server or command runs as.
pub fn annotator() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}
