//! The folder that `alama tag --format brat --out DIR` and `alama export
//! --out DIR` write.
//!
//! It is checked before anything is written: never the corpus (the
//! project root, an input folder or the folder of an input file), never
//! inside one of them nor holding one, so that no `.ann` file of the corpus
//! can be overwritten; and an existing folder that is not empty only if an
//! earlier run of the same command wrote it (its marker file says so) and
//! `--force` is given. The output is written whole into a temporary folder next to DIR
//! and renamed into place at the end: a reader never sees it half-written,
//! and on error nothing is left behind.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use alama_core::corpus::read_file;
use anyhow::{bail, Context};

/// The marker file of every output folder, naming what wrote it.
pub const MARKER: &str = ".alama-output";

/// How the marker file starts, before the command that wrote it.
const MARKER_LINE: &str = "written by";

/// A marker file larger than this is not one `alama tag` wrote.
const MARKER_MAX_BYTES: u64 = 4096;

/// A folder the output must keep clear of: neither be, nor lie in, nor hold.
pub struct Protected {
    /// Canonical.
    path: PathBuf,
    /// What the folder is, for messages: "the project root /x".
    what: String,
}

impl Protected {
    /// The project root and the folders of the input paths (an input file's
    /// folder for a file). Inputs that do not exist are left out: they are
    /// reported when the documents are collected.
    pub fn corpus(root: &Path, inputs: &[PathBuf]) -> Vec<Protected> {
        let mut protected = vec![Protected {
            path: root.to_owned(),
            what: format!("the project root {}", root.display()),
        }];
        for input in inputs {
            let Ok(meta) = fs::metadata(input) else {
                continue;
            };
            let (folder, what) = if meta.is_dir() {
                (
                    input.as_path(),
                    format!("the input folder {}", input.display()),
                )
            } else {
                let parent = input.parent().filter(|p| !p.as_os_str().is_empty());
                let what = format!("the folder of the input file {}", input.display());
                (parent.unwrap_or(Path::new(".")), what)
            };
            if let Ok(path) = fs::canonicalize(folder) {
                protected.push(Protected { path, what });
            }
        }
        protected
    }
}

/// An output folder found safe to write.
pub struct OutputDir {
    /// The folder as given, for messages.
    given: PathBuf,
    /// The folder with its existing part canonical.
    target: PathBuf,
    /// Whether it holds an earlier output, to replace.
    replace: bool,
    /// The command that writes it: `alama tag`.
    command: &'static str,
}

impl OutputDir {
    /// Checks that `dir` may be written by `command` (`alama tag`): see the
    /// module's documentation.
    pub fn check(
        dir: &Path,
        protected: &[Protected],
        force: bool,
        command: &'static str,
    ) -> anyhow::Result<OutputDir> {
        let target = resolve(dir).with_context(|| format!("--out {}", dir.display()))?;
        for folder in protected {
            let relation = if target == folder.path {
                "is"
            } else if target.starts_with(&folder.path) {
                "lies inside"
            } else if folder.path.starts_with(&target) {
                "contains"
            } else {
                continue;
            };
            bail!(
                "refusing --out {}: it {relation} {}; the output must be a folder \
                 outside the corpus, whose .ann files only the annotation commands write",
                dir.display(),
                folder.what
            );
        }
        let replace = match fs::metadata(&target) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => false,
            Err(error) => {
                return Err(error).with_context(|| format!("--out {}", dir.display()));
            }
            Ok(meta) if !meta.is_dir() => bail!("refusing --out {}: not a folder", dir.display()),
            Ok(_) => {
                let empty = fs::read_dir(&target)
                    .with_context(|| format!("--out {}", dir.display()))?
                    .next()
                    .is_none();
                match (empty, has_marker(&target, command), force) {
                    (true, _, _) => false,
                    (false, true, true) => true,
                    (false, true, false) => bail!(
                        "refusing --out {}: it holds an earlier output of {command}; \
                         give --force to replace it",
                        dir.display()
                    ),
                    (false, false, _) => bail!(
                        "refusing --out {}: the folder is not empty and {command} did not \
                         write it (it has no {MARKER} file of its own); give a new or empty \
                         folder (--force replaces only an earlier output of {command})",
                        dir.display()
                    ),
                }
            }
        };
        Ok(OutputDir {
            given: dir.to_owned(),
            target,
            replace,
            command,
        })
    }

    /// Makes the temporary folder the output is written into, next to the
    /// output folder (whose missing parents are made).
    pub fn stage(self) -> anyhow::Result<Staging> {
        let parent = self.target.parent().context("--out: the root folder")?;
        let created = missing_ancestors(parent);
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let folder = tempfile::Builder::new()
            .prefix(".alama-output-")
            .tempdir_in(parent)
            .with_context(|| format!("creating a folder in {}", parent.display()));
        let folder = match folder {
            Ok(folder) => folder,
            Err(error) => {
                remove_empty(&created);
                return Err(error);
            }
        };
        Ok(Staging {
            folder: Some(folder),
            output: self,
            created,
        })
    }
}

/// The temporary folder an output is written into; dropped before
/// [`Staging::commit`], it is removed with the parents it made.
pub struct Staging {
    folder: Option<tempfile::TempDir>,
    output: OutputDir,
    /// Missing parents of the output folder that were made, deepest first.
    created: Vec<PathBuf>,
}

impl Staging {
    /// Where to write the output.
    pub fn path(&self) -> &Path {
        self.folder
            .as_ref()
            .expect("present until committed")
            .path()
    }

    /// Writes the marker, which says what the folder holds (`contents`),
    /// and renames the folder into place. An earlier output is moved aside
    /// first and removed once the new one is in place.
    pub fn commit(mut self, contents: &str) -> anyhow::Result<()> {
        let command = self.output.command;
        let marker = format!(
            "{MARKER_LINE} {command} {}: {contents} {command} --force may replace this folder.\n",
            env!("CARGO_PKG_VERSION")
        );
        fs::write(self.path().join(MARKER), marker)
            .with_context(|| format!("writing {}", self.path().join(MARKER).display()))?;
        let target = self.output.target.clone();
        let given = self.output.given.display().to_string();
        let aside = if self.output.replace {
            let parent = target.parent().expect("checked when staged");
            // An empty folder the old output replaces: renamed over it.
            let aside = tempfile::Builder::new()
                .prefix(".alama-output-old-")
                .tempdir_in(parent)
                .with_context(|| format!("creating a folder in {}", parent.display()))?
                .keep();
            if let Err(error) = fs::rename(&target, &aside) {
                let _ = fs::remove_dir(&aside);
                return Err(error).with_context(|| format!("moving {given} aside"));
            }
            Some(aside)
        } else {
            None
        };
        let folder = self.folder.take().expect("present until committed");
        if let Err(error) = fs::rename(folder.path(), &target) {
            if let Some(aside) = &aside {
                if let Err(restore) = fs::rename(aside, &target) {
                    // The earlier output is kept where it is, and said so.
                    return Err(restore).with_context(|| {
                        format!(
                            "the new output could not replace {given} ({error}), and the \
                             earlier one could not be put back: it is in {}",
                            aside.display()
                        )
                    });
                }
            }
            return Err(error).with_context(|| format!("renaming the output to {given}"));
        }
        // In place: the folder is the output now, no longer temporary.
        let _ = folder.keep();
        self.created.clear();
        if let Some(aside) = aside {
            fs::remove_dir_all(&aside).with_context(|| {
                format!("removing the earlier output, moved to {}", aside.display())
            })?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // The temporary folder first: it is inside the parents.
        drop(self.folder.take());
        remove_empty(&self.created);
    }
}

/// Whether `dir` holds the marker file that `command` writes.
fn has_marker(dir: &Path, command: &str) -> bool {
    let line = format!("{MARKER_LINE} {command} ");
    read_file(&dir.join(MARKER), Some(MARKER_MAX_BYTES))
        .is_ok_and(|content| content.starts_with(line.as_bytes()))
}

/// `path` absolute, its longest existing part canonical (links and `..`
/// resolved) and the rest, which does not exist and so holds no link,
/// with `.` and `..` resolved by name.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let (mut resolved, rest) = absolute
        .ancestors()
        .find_map(|ancestor| {
            let canonical = fs::canonicalize(ancestor).ok()?;
            let rest = absolute.strip_prefix(ancestor).ok()?;
            Some((canonical, rest.to_owned()))
        })
        .ok_or_else(|| io::Error::other("no part of the path exists"))?;
    for component in rest.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Ok(resolved)
}

/// The ancestors of `dir` (itself included) that do not exist, deepest first.
fn missing_ancestors(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
        .map(Path::to_owned)
        .collect()
}

/// Removes the folders made for an output that was not written, deepest
/// first; one that is not empty (something else was put there) stays.
fn remove_empty(folders: &[PathBuf]) {
    for folder in folders {
        let _ = fs::remove_dir(folder);
    }
}
