//! The project's own files: its engine loaded from them, and the lexicon and
//! settings files that commands write, never outside the workspace root.

use std::path::Path;
use std::{fs, io};

use alama_core::brat::write_atomically;
use alama_core::corpus::{read_utf8, LoadError};
use alama_core::engine::Engine;
use alama_core::fs::confine;
use alama_core::project::Project;

use super::WorkspaceError;

/// The project at `root` and its engine, with the problems found in its
/// configuration and data files.
pub(super) fn load_engine(root: &Path) -> (Project, Engine, Vec<String>) {
    let mut problems = Vec::new();
    let project = Project::load(root).unwrap_or_else(|error| {
        problems.push(error.to_string());
        Project::with_defaults(root.to_owned())
    });
    let (engine, errors) = Engine::new(&project);
    problems.extend(errors.iter().map(ToString::to_string));
    (project, engine, problems)
}

/// The content of a file of the project's own folder, or `None` if there
/// is none.
///
/// # Errors
///
/// When it leads outside the workspace, or cannot be read (or is not UTF-8).
pub(super) fn read_project_file(
    root: &Path,
    file: &Path,
) -> Result<Option<String>, WorkspaceError> {
    // Only what is there can lead outside.
    match fs::symlink_metadata(file) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        _ => guard(root, file)?,
    }
    match read_utf8(file) {
        Ok(content) => Ok(Some(content)),
        Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Writes a file of the project's own folder (created if needed).
///
/// # Errors
///
/// When it leads outside the workspace, or cannot be written.
pub(super) fn write_project_file(
    root: &Path,
    file: &Path,
    content: &str,
) -> Result<(), WorkspaceError> {
    guard(root, file)?;
    let write = || {
        fs::create_dir_all(file.parent().expect("inside the root"))?;
        write_atomically(file, content.as_bytes())
    };
    write().map_err(|source| WorkspaceError::Write {
        path: file.to_owned(),
        source,
    })
}

/// Refuses a file that leads outside the workspace root, through `..` or
/// a symbolic link (see [`confine`]), before it is read or written.
pub(super) fn guard(root: &Path, path: &Path) -> Result<(), WorkspaceError> {
    confine(root, path).map_err(WorkspaceError::Outside)?;
    Ok(())
}
