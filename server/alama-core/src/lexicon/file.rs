//! A lexicon file and its text: read from disk or embedded, and kept for
//! the entities read from it later.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::bytes::SharedBytes;
use crate::name_cache::Key;
use crate::read::{read_utf8, LoadError};

/// A lexicon file's text, shared with the [`Lexicon`](super::Lexicon) that reads entities
/// from it when they are first asked for.
#[derive(Clone)]
pub struct LexiconText(Arc<Cow<'static, str>>);

impl From<String> for LexiconText {
    fn from(text: String) -> LexiconText {
        LexiconText(Arc::new(Cow::Owned(text)))
    }
}

impl From<&'static str> for LexiconText {
    fn from(text: &'static str) -> LexiconText {
        LexiconText(Arc::new(Cow::Borrowed(text)))
    }
}

impl LexiconText {
    /// The text, if it is part of the program: a cache need not hold it.
    pub(super) fn embedded(&self) -> Option<&'static str> {
        match *self.0 {
            Cow::Borrowed(text) => Some(text),
            Cow::Owned(_) => None,
        }
    }
}

impl Deref for LexiconText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for LexiconText {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "LexiconText({} bytes)", self.len())
    }
}

/// A lexicon file to load: its name in messages, and its text, given or
/// read from its path when the lexicon loads (see
/// [`Lexicon::load_files`](super::Lexicon::load_files)).
#[derive(Debug, Clone)]
pub struct LexiconFile {
    pub name: String,
    source: Source,
}

#[derive(Debug, Clone)]
enum Source {
    Text(LexiconText),
    Path(PathBuf),
}

impl LexiconFile {
    pub fn new(name: impl Into<String>, text: impl Into<LexiconText>) -> LexiconFile {
        LexiconFile {
            name: name.into(),
            source: Source::Text(text.into()),
        }
    }

    /// The file at `path`, named by it.
    pub fn at(path: &Path) -> LexiconFile {
        LexiconFile {
            name: path.display().to_string(),
            source: Source::Path(path.to_owned()),
        }
    }

    /// Its text, read from its path if it has one.
    pub(super) fn read(&self) -> Result<LexiconText, LoadError> {
        match &self.source {
            Source::Text(text) => Ok(text.clone()),
            Source::Path(path) => read_utf8(path).map(LexiconText::from),
        }
    }

    /// Adds its name and text to `key`. A file's text is streamed through
    /// a small buffer: a cached load never holds it in memory.
    pub(crate) fn add_to(&self, key: &mut Key) -> io::Result<()> {
        key.add(&self.name);
        match &self.source {
            Source::Text(text) => key.add_chunked(text.as_bytes()),
            Source::Path(path) => key.add_stream(std::fs::File::open(path)?)?,
        }
        Ok(())
    }

    /// The file on disk it is read from, if it is one (not a text given
    /// as such, like the embedded defaults).
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Text(_) => None,
            Source::Path(path) => Some(path),
        }
    }

    /// Its text, if it is part of the program (the embedded defaults).
    pub(super) fn embedded_text(&self) -> Option<&'static str> {
        match &self.source {
            Source::Text(text) => text.embedded(),
            Source::Path(_) => None,
        }
    }
}

/// A loaded file's text: as loaded, or in the names cache's mapped bytes,
/// checked as text line by line when an entity is read.
pub(super) enum FileText {
    Loaded(LexiconText),
    Cached(SharedBytes),
}

impl FileText {
    pub(super) fn as_bytes(&self) -> &[u8] {
        match self {
            FileText::Loaded(text) => text.as_bytes(),
            FileText::Cached(bytes) => bytes,
        }
    }
}
