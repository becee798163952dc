//! The files Alama writes and reads in a workspace, handled safely.
//!
//! - [`write_atomically`] replaces a file through a temporary file with an
//!   unpredictable name, created exclusively next to it (never through a
//!   link planted there), synced, renamed over the file, and the folder
//!   synced; a target that is a symbolic link is refused, never written
//!   through.
//! - [`confine`] resolves a path (symbolic links and `..` followed; for a
//!   file not created yet, through its nearest existing ancestor) and
//!   refuses it when it leads outside the workspace folder.
//! - [`remove_stale_temporaries`] removes the temporary files a crashed
//!   writer left behind, and only those.
//!
//! Temporary files are named `.alama-tmp-<pid>-<random>.tmp`, so that they
//! are hidden, recognizable as Alama's, and tell which process wrote them.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The start of the name of every temporary file Alama writes.
pub const TEMPORARY_PREFIX: &str = ".alama-tmp-";

/// The end of the name of every temporary file Alama writes.
const TEMPORARY_SUFFIX: &str = ".tmp";

/// How many random letters and digits a temporary file's name holds.
const RANDOM_LEN: usize = 12;

/// The age from which a temporary file is stale even though the process
/// named in it is alive (its number may have been reused since).
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Writes `content` to `path` through a temporary file and a rename, so
/// that a reader never sees a half-written file, and syncs the file and its
/// folder to the disk.
///
/// # Errors
///
/// Fails, leaving `path` as it was and no temporary file behind, when the
/// file cannot be written, or when `path` is a symbolic link or not a
/// regular file: Alama never writes through a link.
pub fn write_atomically(path: &Path, content: &[u8]) -> io::Result<()> {
    replace_file(path, true, |file| file.write_all(content))
}

/// Writes `content` to `path` as [`write_atomically`] does, but without
/// syncing it to the disk: for a command that writes many files and then
/// syncs them all at once with [`sync_filesystem`]. Until then, a crash
/// may leave the file empty or cut short, never half-replaced.
///
/// # Errors
///
/// As [`write_atomically`].
pub fn write_atomically_unsynced(path: &Path, content: &[u8]) -> io::Result<()> {
    replace_file(path, false, |file| file.write_all(content))
}

/// Syncs to the disk every file written on the file system that holds
/// `path` (`syncfs` on Unix), so that files written without a sync of
/// their own are on the disk once it returns.
///
/// # Errors
///
/// When `path` cannot be opened or the file system cannot be synced.
pub fn sync_filesystem(path: &Path) -> io::Result<()> {
    let file = File::open(path)?;
    #[cfg(unix)]
    rustix::fs::syncfs(&file)?;
    #[cfg(not(unix))]
    file.sync_all()?;
    Ok(())
}

/// Writes `path` with `write` as [`write_atomically`] does; synced to the
/// disk if `sync`, else a crash may leave it cut short.
///
/// The file keeps the permissions it had; a new file gets those the umask
/// leaves of read and write for everyone, as [`File::create`] gives.
///
/// # Errors
///
/// As [`write_atomically`].
pub(crate) fn replace_file(
    path: &Path,
    sync: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = check_replaceable(path)?;
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{TEMPORARY_PREFIX}{}-", std::process::id());
    builder
        .prefix(&prefix)
        .suffix(TEMPORARY_SUFFIX)
        .rand_bytes(RANDOM_LEN);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Created with `O_CREAT | O_EXCL`: never through a link planted at the
    // name. Dropped on an error, it is deleted.
    let mut temporary = builder.tempfile_in(dir)?;
    if let Some(permissions) = permissions {
        temporary.as_file().set_permissions(permissions)?;
    }
    write(temporary.as_file_mut())?;
    if sync {
        temporary.as_file().sync_all()?;
    }
    // A rename replaces a link at `path` itself, never what it points to.
    temporary.persist(path).map_err(|error| error.error)?;
    if sync {
        sync_folder(dir)?;
    }
    Ok(())
}

/// Checks that [`write_atomically`] may replace `path`; returns the
/// permissions of the file there, or `None` if there is none yet.
///
/// # Errors
///
/// When `path` is a symbolic link or not a regular file (which are never
/// replaced), or cannot be looked at.
pub fn check_replaceable(path: &Path) -> io::Result<Option<fs::Permissions>> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a symbolic link, and Alama never writes through one",
        )),
        Ok(meta) if !meta.is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is not a regular file",
        )),
        Ok(meta) => Ok(Some(meta.permissions())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Syncs a folder, so that a rename in it survives a crash. File systems
/// that cannot sync a folder say so with an error that is ignored.
fn sync_folder(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|folder| folder.sync_all()) {
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        result => result,
    }
}

/// A path that leads outside the workspace folder, or that cannot be
/// resolved (a symbolic link to nothing, say) and so might.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct Escape {
    /// The path as written.
    pub path: PathBuf,
    /// The workspace folder.
    pub root: PathBuf,
    reason: String,
}

impl Escape {
    /// What is wrong, without the path.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// The path `path` resolves to, with symbolic links and `..` followed. A
/// file that does not exist yet resolves through its nearest existing
/// ancestor (the rest of its path may hold no `..`), and a symbolic link to
/// nothing through its target.
///
/// # Errors
///
/// When an ancestor cannot be read, or symbolic links lead to each other
/// without end.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    /// How many links to nothing are followed, as the system's own limit.
    const MAX_LINKS: usize = 40;
    let mut rest: Vec<OsString> = Vec::new();
    let mut current = path.to_owned();
    let mut links = 0;
    loop {
        let error = match fs::canonicalize(&current) {
            Ok(mut resolved) => {
                resolved.extend(rest.iter().rev());
                return Ok(resolved);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => error,
            Err(error) => return Err(error),
        };
        match fs::symlink_metadata(&current) {
            // Missing: resolve its folder.
            Err(_) => {
                let (Some(parent), Some(name)) = (current.parent(), current.file_name()) else {
                    return Err(error);
                };
                rest.push(name.to_owned());
                current = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_owned()
                };
            }
            // There, but leading to nothing: a link, resolved through its
            // target (relative to the link's folder).
            Ok(meta) if meta.file_type().is_symlink() && links < MAX_LINKS => {
                links += 1;
                let target = fs::read_link(&current)?;
                current = current.parent().unwrap_or(Path::new(".")).join(target);
            }
            Ok(_) => return Err(error),
        }
    }
}

/// The resolved path of `path` (see [`resolve`]) if it lies in the folder
/// `root`.
///
/// # Errors
///
/// An [`Escape`] naming the path, where it leads and the workspace, when it
/// leads outside `root` or cannot be resolved.
pub fn confine(root: &Path, path: &Path) -> Result<PathBuf, Escape> {
    let escape = |reason: String| Escape {
        path: path.to_owned(),
        root: root.to_owned(),
        reason,
    };
    let inside = fs::canonicalize(root).map_err(|error| {
        escape(format!(
            "the workspace folder {} cannot be resolved ({error})",
            root.display()
        ))
    })?;
    let resolved = resolve(path).map_err(|error| {
        escape(format!(
            "cannot tell where it leads ({error}), so it might leave the workspace {}",
            root.display()
        ))
    })?;
    if resolved.starts_with(&inside) {
        Ok(resolved)
    } else {
        Err(escape(format!(
            "leads to {}, outside the workspace {}",
            resolved.display(),
            root.display()
        )))
    }
}

/// The number of the process that wrote a temporary file named `name`, if
/// the name is that of one of Alama's temporary files.
fn temporary_writer(name: &OsStr) -> Option<u32> {
    let rest = name.to_str()?.strip_prefix(TEMPORARY_PREFIX)?;
    let (pid, random) = rest.strip_suffix(TEMPORARY_SUFFIX)?.split_once('-')?;
    let well_formed = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && !random.is_empty()
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    well_formed.then(|| pid.parse().ok()).flatten()
}

/// Whether the process `pid` is running (or, where that cannot be told,
/// assumed to be).
fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        use rustix::process::{test_kill_process, Pid};
        let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
            return false;
        };
        // Not allowed to signal it: it runs, as another user.
        matches!(test_kill_process(pid), Ok(()) | Err(Errno::PERM))
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the temporary files that writers of Alama left in the workspace
/// folder `root` when they crashed: files (never symbolic links) named as
/// Alama names them, in the folders where it writes (the folders of
/// documents, hidden ones left out, and the `hidden_folders` right under
/// `root`, which are the project's `.alama/`), whose
/// writer is no longer running or that are older than [`STALE_AFTER`]. A
/// running writer's recent file (another server's, on the same folder) is
/// left alone. Each removal is logged; returns the removed files.
pub fn remove_stale_temporaries(root: &Path, hidden_folders: &[&str]) -> Vec<PathBuf> {
    let now = SystemTime::now();
    let mut removed = Vec::new();
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            // Neither the kind nor the metadata of an entry follows a link.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            if kind.is_dir() {
                let hidden = name.as_encoded_bytes().starts_with(b".");
                let kept = folder == root && hidden_folders.iter().any(|kept| name == *kept);
                if !hidden || kept {
                    folders.push(entry.path());
                }
                continue;
            }
            let Some(pid) = temporary_writer(&name).filter(|_| kind.is_file()) else {
                continue;
            };
            let Ok(modified) = entry.metadata().and_then(|meta| meta.modified()) else {
                continue;
            };
            let age = now.duration_since(modified).unwrap_or_default();
            if age < STALE_AFTER && is_running(pid) {
                continue;
            }
            let path = entry.path();
            match fs::remove_file(&path) {
                Ok(()) => {
                    tracing::warn!(
                        "{}: removed a temporary file left by process {pid}, which {}",
                        path.display(),
                        if age < STALE_AFTER {
                            "no longer runs"
                        } else {
                            "wrote it over an hour ago"
                        }
                    );
                    removed.push(path);
                }
                Err(error) => tracing::warn!(
                    "{}: could not remove this stale temporary file: {error}",
                    path.display()
                ),
            }
        }
    }
    removed.sort();
    removed
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// The names in a folder, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_atomically_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.ann");
        write_atomically(&path, b"new").unwrap();
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"newer").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "newer");
        assert_eq!(listing(dir.path()), ["doc.ann"]);
    }

    #[test]
    fn keeps_the_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.ann");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn a_link_planted_at_a_predictable_temporary_name_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("target");
        fs::write(&target, "precious").unwrap();
        let path = dir.path().join("doc.ann");
        // The name earlier versions used, and a name of the new pattern.
        let planted = [
            format!(".doc.ann.{}.tmp", std::process::id()),
            format!("{TEMPORARY_PREFIX}{}-aaaaaaaaaaaa.tmp", std::process::id()),
        ];
        for name in &planted {
            symlink(&target, dir.path().join(name)).unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
        assert!(fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        for name in &planted {
            let link = dir.path().join(name);
            assert!(fs::symlink_metadata(link).unwrap().file_type().is_symlink());
        }
    }

    #[test]
    fn a_target_that_is_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.ann");
        fs::write(&target, "precious").unwrap();
        let path = dir.path().join("doc.ann");
        symlink(&target, &path).unwrap();
        let error = write_atomically(&path, b"new").unwrap_err();
        assert_eq!(
            error.to_string(),
            "is a symbolic link, and Alama never writes through one"
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
        assert!(fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(listing(dir.path()), ["doc.ann", "elsewhere.ann"]);
    }

    #[test]
    fn a_failed_write_leaves_the_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.ann");
        fs::write(&path, "old").unwrap();
        let error = replace_file(&path, true, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "disk full");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(listing(dir.path()), ["doc.ann"]);
        // A folder is not a file to replace.
        fs::create_dir(dir.path().join("folder.ann")).unwrap();
        let error = write_atomically(&dir.path().join("folder.ann"), b"x").unwrap_err();
        assert_eq!(error.to_string(), "is not a regular file");
        assert_eq!(listing(dir.path()), ["doc.ann", "folder.ann"]);
    }

    #[test]
    fn confinement_follows_links_and_parent_folders() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        fs::create_dir_all(root.join("news")).unwrap();
        fs::write(root.join("news/a.txt"), "x").unwrap();
        symlink(outside.path(), root.join(".alama")).unwrap();
        symlink(outside.path().join("a.ann"), root.join("news/b.ann")).unwrap();
        symlink(root.join("news/a.txt"), root.join("news/c.ann")).unwrap();
        symlink(root.join("nowhere"), root.join("news/d.ann")).unwrap();
        symlink("e.ann", root.join("news/e.ann")).unwrap();
        let root = fs::canonicalize(&root).unwrap();
        let outside = fs::canonicalize(outside.path()).unwrap();
        let check = |path: &str| match confine(&root, &root.join(path)) {
            Ok(resolved) => format!("ok {}", resolved.strip_prefix(&root).unwrap().display()),
            Err(escape) => escape
                .reason()
                .replace(&*outside.to_string_lossy(), "OUTSIDE")
                .replace(&*root.to_string_lossy(), "ROOT"),
        };
        assert_eq!(check("news/a.ann"), "ok news/a.ann");
        assert_eq!(check("new/folder/a.ann"), "ok new/folder/a.ann");
        assert_eq!(check("news/c.ann"), "ok news/a.txt");
        assert_eq!(check("news/../news/a.ann"), "ok news/a.ann");
        assert_eq!(
            check(".alama/rejections.tsv"),
            "leads to OUTSIDE/rejections.tsv, outside the workspace ROOT"
        );
        assert_eq!(
            check("news/b.ann"),
            "leads to OUTSIDE/a.ann, outside the workspace ROOT"
        );
        assert_eq!(
            check("news/../../x.ann"),
            format!(
                "leads to {}, outside the workspace ROOT",
                root.parent().unwrap().join("x.ann").display()
            )
        );
        assert_eq!(
            check("missing/../../x.ann"),
            "cannot tell where it leads (No such file or directory (os error 2)), \
             so it might leave the workspace ROOT"
        );
        assert_eq!(check("news/d.ann"), "ok nowhere");
        assert_eq!(
            check("news/e.ann"),
            "cannot tell where it leads (Too many levels of symbolic links (os error 40)), \
             so it might leave the workspace ROOT"
        );
        let escape = confine(&root, &root.join(".alama/lexicon.jsonl")).unwrap_err();
        assert_eq!(
            escape.to_string(),
            format!(
                "{}: leads to {}, outside the workspace {}",
                root.join(".alama/lexicon.jsonl").display(),
                outside.join("lexicon.jsonl").display(),
                root.display()
            )
        );
    }

    #[test]
    fn names_of_temporary_files() {
        let name = |s: &str| temporary_writer(OsStr::new(s));
        assert_eq!(name(".alama-tmp-42-a1B2c3D4e5F6.tmp"), Some(42));
        assert_eq!(name(".alama-tmp-42-.tmp"), None);
        assert_eq!(name(".alama-tmp--abc.tmp"), None);
        assert_eq!(name(".alama-tmp-4x2-abc.tmp"), None);
        assert_eq!(name(".alama-tmp-42-ab-c.tmp"), None);
        assert_eq!(name(".alama-tmp-42-abc.txt"), None);
        assert_eq!(name("alama-tmp-42-abc.tmp"), None);
    }

    #[test]
    fn stale_temporary_files_are_removed_and_no_others() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("news/.hidden")).unwrap();
        fs::create_dir_all(root.join(".alama")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        // No process has the largest number a pid can have on Linux.
        let gone = 4_194_304 + 1;
        let me = std::process::id();
        let stale = |pid: u32| format!("{TEMPORARY_PREFIX}{pid}-abcdefghijkl.tmp");
        let files = [
            format!("news/{}", stale(gone)),
            format!(".alama/{}", stale(gone)),
            format!("news/{}", stale(me)),
            format!("news/.hidden/{}", stale(gone)),
            format!(".git/{}", stale(gone)),
            "news/.a.ann.1.tmp".to_owned(),
        ];
        for file in &files {
            fs::write(root.join(file), "x").unwrap();
        }
        // A recent file of a running writer, but written over an hour ago.
        let old = root.join(format!("news/{}", stale(1)));
        fs::write(&old, "x").unwrap();
        let hours_ago = SystemTime::now() - 2 * STALE_AFTER;
        File::options()
            .append(true)
            .open(&old)
            .unwrap()
            .set_modified(hours_ago)
            .unwrap();
        // Links are never removed, nor followed.
        let precious = outside.path().join(stale(gone));
        fs::write(&precious, "precious").unwrap();
        symlink(&precious, root.join(format!("news/link{}", stale(gone)))).unwrap();
        symlink(&precious, root.join(stale(gone))).unwrap();
        symlink(outside.path(), root.join("linked")).unwrap();

        let removed: Vec<String> = remove_stale_temporaries(&root, &[".alama"])
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            removed,
            [
                format!(".alama/{}", stale(gone)),
                format!("news/{}", stale(1)),
                format!("news/{}", stale(gone)),
            ]
        );
        assert!(precious.exists());
        assert!(root.join(format!("news/{}", stale(me))).exists());
        assert!(root.join(format!("news/.hidden/{}", stale(gone))).exists());
        assert!(root.join(format!(".git/{}", stale(gone))).exists());
        assert!(root.join("news/.a.ann.1.tmp").exists());
    }
}
