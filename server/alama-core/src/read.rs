//! Reading the files Alama reads (documents, annotations, lexicons,
//! settings): whole, refused unread when they are not regular files or are
//! larger than a limit, and checked as UTF-8, an invalid byte reported by
//! its offset. [`LoadError`] says what went wrong and with which file.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::fs::Escape;

#[derive(Debug, thiserror::Error)]
#[error("{}: {}", self.path().display(), self.reason())]
pub enum LoadError {
    Io {
        path: PathBuf,
        source: io::Error,
    },
    NotUtf8 {
        path: PathBuf,
        offset: usize,
    },
    NotText {
        path: PathBuf,
    },
    /// A FIFO, socket, device or folder where a file was expected: it is
    /// never read, since reading a FIFO or a device may block for ever.
    NotRegular {
        path: PathBuf,
        kind: &'static str,
    },
    /// A file larger than the limit its reader set.
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// A document of a workspace that leads outside it.
    Outside(Escape),
}

impl LoadError {
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Io { path, .. }
            | LoadError::NotUtf8 { path, .. }
            | LoadError::NotText { path }
            | LoadError::NotRegular { path, .. }
            | LoadError::TooLarge { path, .. } => path,
            LoadError::Outside(escape) => &escape.path,
        }
    }

    /// What went wrong, without the path.
    pub fn reason(&self) -> String {
        match self {
            LoadError::Io { source, .. } => source.to_string(),
            LoadError::NotUtf8 { offset, .. } => format!("not valid UTF-8 at byte {offset}"),
            LoadError::NotText { .. } => "not a .txt file or a directory".to_owned(),
            LoadError::NotRegular { kind, .. } => {
                format!("skipped: {kind}, not a regular file")
            }
            LoadError::TooLarge { size, limit, .. } => format!(
                "skipped: its {} are more than the limit of {}",
                show_size(*size),
                show_size(*limit)
            ),
            LoadError::Outside(escape) => format!("{}; not read", escape.reason()),
        }
    }
}

/// A size in bytes as people read it: in megabytes (10^6 bytes) from one.
fn show_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{bytes} bytes")
    }
}

/// What a file that is not a regular file is, for messages.
pub(crate) fn kind_of(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Reads a UTF-8 file; an invalid byte is reported with its offset.
pub fn read_utf8(path: &Path) -> Result<String, LoadError> {
    utf8(path, read_file(path, None)?)
}

/// Reads a regular file (or the file a link points to) whole, if it has at
/// most `max_size` bytes. Anything else, a FIFO or a device, is refused
/// unread: the file is opened without blocking and checked before it is
/// read, so that even a FIFO put in a document's place after it was found
/// cannot block the reader.
pub fn read_file(path: &Path, max_size: Option<u64>) -> Result<Vec<u8>, LoadError> {
    let io_error = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = open_without_blocking(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(LoadError::NotRegular {
            path: path.to_owned(),
            kind: kind_of(&meta.file_type()),
        });
    }
    if let Some(limit) = max_size.filter(|&limit| meta.len() > limit) {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(io_error)?;
    Ok(bytes)
}

/// Opens `path` for reading without waiting for a FIFO's writer (or a
/// device), and without making a terminal the controlling one.
fn open_without_blocking(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// `bytes`, read from `path`, as text; an invalid byte is reported with its
/// offset.
pub fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    // The standard library validates Arabic text byte by byte, at a tenth
    // of the time of tagging it; simdutf8 takes 16 or 32 bytes at once.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just validated as UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}
