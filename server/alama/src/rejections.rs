//! The project's rejected suggestions, as the commands that write
//! suggestions read them.

use std::io;
use std::path::Path;

use alama_core::corpus::{read_utf8, LoadError};
use alama_core::project::PROJECT_DIR;
use alama_core::rejections::Rejections;
use anyhow::Context;

/// The project's rejections; malformed lines are warned about. A file that
/// cannot be read is an error: the suggestions it rejects would be written.
pub fn read_rejections(root: &Path) -> anyhow::Result<Rejections> {
    let file = root.join(PROJECT_DIR).join("rejections.tsv");
    let content = match read_utf8(&file) {
        Ok(content) => content,
        Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            return Ok(Rejections::default());
        }
        Err(error) => {
            return Err(error)
                .context("the rejected suggestions cannot be read, so none is written")
        }
    };
    let (rejections, errors) = Rejections::parse(&file.display().to_string(), &content);
    for error in errors {
        eprintln!("warning: {error}");
    }
    Ok(rejections)
}
