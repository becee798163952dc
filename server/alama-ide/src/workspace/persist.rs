//! Writing a document's annotations and rejections when other writers share
//! the folder.
//!
//! Another server (another editor window on the same folder) may have
//! written the same files since this one last read them, and another program
//! may have changed the document's text. So every write of a document:
//!
//! 1. takes the workspace's write lock, `.alama/write.lock` (an advisory
//!    lock, created if missing, held only while the files are read, merged
//!    and written);
//! 2. reads the `.txt`, the `.ann` and `.alama/rejections.tsv` on disk;
//! 3. places the annotations and rejections this server holds in the text
//!    on disk, if it is not the text they annotate (see
//!    [`alama_core::reanchor`]); one whose text is gone is kept as an unread
//!    line and reported;
//! 4. merges what this server changed since it last read or wrote the files
//!    (the document's [`Saved`] state) into what is on disk: a three-way
//!    merge ([`AnnFile::merge`], [`rejections::merge`]);
//! 5. writes the result atomically, and makes it this server's view of the
//!    document, so that the other writer's annotations show here too.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::hash::{DefaultHasher, Hasher};
use std::io;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use alama_core::brat::{write_atomically, AnnFile};
use alama_core::corpus::{ann_path, read_file, utf8, LoadError};
use alama_core::project::PROJECT_DIR;
use alama_core::rejections::{self, Rejection, Rejections};
use alama_core::text::Text;

use super::{
    confirmed_names, guard, read_project_file, write_project_file, Saved, Workspace, WorkspaceError,
};

/// A fingerprint of a document's text, to tell whether the text on disk is
/// still the one the server read or wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: usize,
    hash: u64,
}

impl Stamp {
    pub(super) fn of(text: &str) -> Stamp {
        let mut hasher = DefaultHasher::new();
        hasher.write(text.as_bytes());
        Stamp {
            len: text.len(),
            hash: hasher.finish(),
        }
    }
}

/// When a [`Workspace::sync`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// For an annotation command or a save: the `.ann` is written unless it
    /// holds the result byte for byte, so that annotations read at a new
    /// place are written there.
    Write,
    /// For a read (a file changed on disk, a document closed): files are
    /// written only where this server has changes they lack.
    Read,
}

/// The workspace's write lock, held until dropped.
pub(super) struct WriteLock {
    _file: File,
}

/// How long a writer waits for another's lock before it gives up: far longer
/// than any read, merge and write of a file takes, and short enough that a
/// writer that hangs does not freeze this one.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// How often a waiting writer tries the lock again.
const LOCK_RETRY: Duration = Duration::from_millis(5);

impl WriteLock {
    pub(super) fn acquire(root: &Path) -> Result<WriteLock, WorkspaceError> {
        let path = root.join(PROJECT_DIR).join("write.lock");
        guard(root, &path)?;
        let error = |source| WorkspaceError::Write {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(path.parent().expect("inside the root")).map_err(error)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(error)?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WriteLock { _file: file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    thread::sleep(LOCK_RETRY);
                }
                Err(TryLockError::WouldBlock) => {
                    let message = "another writer holds this lock; nothing was written";
                    return Err(error(io::Error::new(io::ErrorKind::TimedOut, message)));
                }
                Err(TryLockError::Error(source)) => return Err(error(source)),
            }
        }
    }
}

/// The rejections of `list` whose text is at their span in `text`.
fn holding(list: &[Rejection], text: &Text) -> Vec<Rejection> {
    list.iter().filter(|r| r.holds_in(text)).cloned().collect()
}

/// The content of a file, or `None` if there is none; a file larger than
/// `max_size` bytes is an error.
fn read_if_any(path: &Path, max_size: Option<u64>) -> Result<Option<String>, WorkspaceError> {
    match read_file(path, max_size).and_then(|bytes| utf8(path, bytes)) {
        Ok(content) => Ok(Some(content)),
        Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The rejections of the project; its malformed lines are logged. A file
/// leading outside the workspace `root` is refused.
fn read_rejections(root: &Path, file: &Path) -> Result<Rejections, WorkspaceError> {
    let Some(content) = read_project_file(root, file)? else {
        return Ok(Rejections::default());
    };
    let (all, errors) = Rejections::parse(&file.display().to_string(), &content);
    for error in errors {
        tracing::warn!("{error}");
    }
    Ok(all)
}

/// Places `ours`, annotations of `path`, in its text on disk; returns what
/// the annotator should be told of those whose text is gone.
fn place_on_disk(ours: &mut AnnFile, disk: &Text, path: &Path, ann: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    for moved in ours.reanchor(disk) {
        let bound = &moved.bound;
        match moved.to {
            Some(to) => tracing::info!(
                "{}: changed on disk; T{} {} `{}` moved from {} to {}",
                path.display(),
                bound.id,
                bound.ty,
                bound.text,
                bound.span,
                to
            ),
            None => warnings.push(format!(
                "{}: changed on disk; T{} {} `{}` ({}) no longer occurs in it, and its line is kept in {} as it was",
                path.display(),
                bound.id,
                bound.ty,
                bound.text,
                bound.span,
                ann.display()
            )),
        }
    }
    warnings
}

impl Workspace {
    /// Merges a document's annotations and rejections with the files on
    /// disk and writes the result (see the module doc and [`Mode`]), unless
    /// its buffer has unsaved text: they then wait for the save. Returns
    /// whether the document's confirmed names changed.
    pub(super) fn sync(&mut self, path: &Path, mode: Mode) -> Result<bool, WorkspaceError> {
        let root = self.root.clone();
        let ann = ann_path(path);
        guard(&root, &ann)?;
        let rejections_file = self.rejections_file();
        // A read that finds nothing to write needs no lock: a folder this
        // server may not write to is still read.
        let (lock, unlocked) = match WriteLock::acquire(&root) {
            Ok(lock) => (Some(lock), None),
            Err(error) if mode == Mode::Read => (None, Some(error)),
            Err(error) => return Err(error),
        };
        // Nothing on disk to annotate yet: the annotations wait for the
        // document to be saved.
        let Some(disk) = read_if_any(path, self.filter.max_size)?.map(Text::new) else {
            return Ok(false);
        };
        let stamp = Stamp::of(disk.as_str());
        let document = self.indexed_mut(path)?;
        if let Some(buffer) = document.buffer.as_mut() {
            if buffer.text.as_str() == disk.as_str() {
                // The editor saved the buffer, or read the file again.
                buffer.clean = stamp;
            } else if buffer.is_dirty() {
                return Ok(false);
            }
        }

        // What is on disk, and what this server holds, in the text on disk.
        let on_disk = read_if_any(&ann, None)?;
        let theirs = match &on_disk {
            Some(content) => {
                let (theirs, issues) = AnnFile::parse(&ann.display().to_string(), content, &disk);
                for issue in issues {
                    tracing::info!("{issue}");
                }
                theirs
            }
            None => AnnFile::default(),
        };
        let text_changed = document.saved.stamp != stamp;
        let mut base = document.saved.annotations.clone();
        let mut base_rejections = document.saved.rejections.clone();
        if text_changed {
            base.reanchor(&disk);
            rejections::reanchor(&mut base_rejections, &disk);
        }
        let mut ours = document.annotations.clone();
        let mut our_rejections = document.rejections.clone();
        let elsewhere = match &document.buffer {
            Some(buffer) => buffer.text.as_str() != disk.as_str(),
            None => text_changed,
        };
        let mut warnings = Vec::new();
        if elsewhere {
            warnings = place_on_disk(&mut ours, &disk, path, &ann);
            rejections::reanchor(&mut our_rejections, &disk);
        }

        let merged = AnnFile::merge(&base, &ours, &theirs);
        let content = merged.render();
        let write_ann = match mode {
            Mode::Write => {
                on_disk.as_deref() != Some(content.as_str())
                    && !(on_disk.is_none() && content.is_empty())
            }
            Mode::Read => merged != theirs,
        };

        let relative = document.relative.clone();
        let mut all = read_rejections(&root, &rejections_file)?;
        let mut their_rejections = all.of(&relative).to_vec();
        rejections::reanchor(&mut their_rejections, &disk);
        let merged_rejections =
            rejections::merge(&base_rejections, &our_rejections, &their_rejections);
        let write_rejections = merged_rejections != their_rejections;

        if let Some(error) = unlocked.filter(|_| write_ann || write_rejections) {
            return Err(error);
        }
        if write_ann {
            write_atomically(&ann, content.as_bytes()).map_err(|source| WorkspaceError::Write {
                path: ann.clone(),
                source,
            })?;
        }
        if write_rejections {
            all.set(&relative, merged_rejections.clone());
            write_project_file(&root, &rejections_file, &all.render())?;
        }
        drop(lock);

        // The server's view is what was merged.
        let document = self.indexed_mut(path)?;
        let names = confirmed_names(&document.annotations);
        document.saved = Saved {
            stamp,
            annotations: merged,
            rejections: holding(&merged_rejections, &disk),
        };
        let mut annotations = document.saved.annotations.clone();
        let mut rejections = merged_rejections;
        if let Some(buffer) = document.buffer.as_ref().filter(|_| elsewhere) {
            annotations.reanchor(&buffer.text);
            rejections::reanchor(&mut rejections, &buffer.text);
        }
        let view_text = match &document.buffer {
            Some(buffer) => &buffer.text,
            None => &disk,
        };
        document.rejections = holding(&rejections, view_text);
        document.annotations = annotations;
        let changed = confirmed_names(&document.annotations) != names;
        if document.buffer.is_some() {
            let before = document.buffer.as_ref().map(|b| b.mentions.clone());
            let contribution = Self::remerge(document);
            let mentions_changed = before.as_ref() != document.buffer.as_ref().map(|b| &b.mentions);
            self.set_contribution(path, contribution);
            self.changed_if(path, mentions_changed);
        }
        self.warnings.extend(warnings);
        Ok(changed)
    }
}
