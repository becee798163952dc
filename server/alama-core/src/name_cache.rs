//! A cache on disk of what loading a large lexicon makes: its files' text
//! and its entities' places (see `Lexicon::to_bytes`) and its names'
//! gazetteer (see `Gazetteer::to_bytes`), so that a lexicon of a million
//! names loads again without its files being read into memory, its lines
//! parsed or its names normalized, sorted and built. The files are only
//! read through a small buffer, for their [`Key`].
//!
//! A cache file holds sections behind a header: a magic number, the [`Key`]
//! of everything it was made from, and a checksum of the sections. A file whose
//! header does not fit is made and written again; the cache never changes
//! what is matched, only how fast a large lexicon loads after the first time.
//! At most `KEPT_FILES` files are kept, the least recently used deleted.
//! The embedded defaults' file is built into the program instead
//! ([`build_into_program`]).

use std::fs;
use std::hash::Hasher;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use rustc_hash::FxHasher;

use crate::bytes::{ByteReader, SharedBytes};
use crate::fs::replace_file;

const MAGIC: &[u8; 8] = b"ALAMANC3";

/// The magic number, the key and the checksum before a file's body.
const HEADER: usize = 24;

/// The bytes [`Key::add_stream`] reads at a time: few enough to stay in
/// the CPU's caches.
const STREAM_CHUNK: usize = 256 * 1024;

/// Cache files kept in the directory: a few projects' large lexicons.
const KEPT_FILES: usize = 4;

/// Surface forms from which a lexicon's gazetteer is worth caching: reading
/// the defaults' 170,000 names from the cache (12 MB) takes less than half
/// the time of building them, while a few thousand names build faster than
/// a file is read.
pub const CACHED_NAMES: usize = 100_000;

/// A directory of cached gazetteers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCache {
    dir: PathBuf,
}

/// A hash of everything a lexicon's loading reads: what changes its
/// entities, its names, their order or what they match.
pub struct Key(FxHasher);

impl Key {
    pub fn new() -> Key {
        let mut hasher = FxHasher::default();
        // Another build of the engine may normalize or lay out differently.
        hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.write(env!("ALAMA_CORE_SOURCE_HASH").as_bytes());
        hasher.write(MAGIC);
        Key(hasher)
    }

    pub fn add(&mut self, input: &str) {
        self.0.write_usize(input.len());
        self.0.write(input.as_bytes());
    }

    /// Adds `bytes` as [`Self::add_stream`] adds them when it reads them,
    /// without copying them into its buffer.
    pub(crate) fn add_chunked(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(STREAM_CHUNK);
        for chunk in &mut chunks {
            self.0.write(chunk);
        }
        self.0.write(chunks.remainder());
        self.0.write_usize(bytes.len());
    }

    /// Adds what `input` reads, a chunk at a time: the same bytes add the
    /// same, however they are read.
    pub(crate) fn add_stream(&mut self, mut input: impl Read) -> io::Result<()> {
        let mut chunk = vec![0; STREAM_CHUNK];
        let mut total = 0;
        loop {
            let mut filled = 0;
            while filled < chunk.len() {
                match input.read(&mut chunk[filled..]) {
                    Ok(0) => break,
                    Ok(read) => filled += read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
            self.0.write(&chunk[..filled]);
            total += filled;
            if filled < chunk.len() {
                self.0.write_usize(total);
                return Ok(());
            }
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Default for Key {
    fn default() -> Key {
        Key::new()
    }
}

impl NameCache {
    pub fn new(dir: PathBuf) -> NameCache {
        NameCache { dir }
    }

    /// The user's cache: `$ALAMA_CACHE_DIR` (set but empty: no cache), else
    /// `$XDG_CACHE_HOME/alama`, else `$HOME/.cache/alama`.
    pub fn from_env() -> Option<NameCache> {
        let var = |name| std::env::var_os(name).filter(|value| !value.is_empty());
        let dir = match std::env::var_os("ALAMA_CACHE_DIR") {
            Some(dir) if dir.is_empty() => return None,
            Some(dir) => PathBuf::from(dir),
            None => var("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| var("HOME").map(|home| Path::new(&home).join(".cache")))?
                .join("alama"),
        };
        Some(NameCache::new(dir))
    }

    /// What is cached for `key`, if a file holds it intact.
    pub(crate) fn read(&self, key: &Key) -> Option<SharedBytes> {
        let key = key.finish();
        let path = self.path(key);
        let file = fs::File::open(&path).ok()?;
        // SAFETY: a cache file is never changed once written: it is written
        // under another name and renamed (`replace_file`), and deleted
        // files stay mapped. Only a hand that cut a file short while it is
        // mapped would make its reads fault. Mapped, a large file's pages
        // are the system's cache of it, not memory of the process to zero
        // and copy into.
        let bytes = unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()?;
        if !holds(&bytes, key) {
            return None;
        }
        tracing::debug!(path = %path.display(), "read from the cache");
        // Recently used: kept when older files are deleted.
        let _ = fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|file| file.set_modified(SystemTime::now()));
        let len = bytes.len();
        Some(SharedBytes::mapped(bytes, HEADER..len))
    }

    /// Caches `sections` for `key`: [`Self::read`] (or, for the file built
    /// into the program, [`read_built_in`]) gives them back, one
    /// [`ByteReader::bytes`] each. A failure only costs the work next time.
    pub(crate) fn write(&self, key: &Key, sections: &[&[u8]]) {
        let key = key.finish();
        let path = self.path(key);
        let write = |file: &mut fs::File| {
            let mut out = io::BufWriter::new(file);
            out.write_all(MAGIC)?;
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&checksum(sections).to_le_bytes())?;
            for section in sections {
                out.write_all(&(section.len() as u64).to_le_bytes())?;
                out.write_all(section)?;
            }
            out.flush()
        };
        // Not synced: a file cut short by a crash fails its checksum.
        let written = fs::create_dir_all(&self.dir)
            .and_then(|()| replace_file(&path, false, write))
            .and_then(|()| self.delete_least_recently_used());
        match written {
            Ok(()) => tracing::debug!(path = %path.display(), "cached"),
            Err(error) => tracing::debug!(path = %path.display(), %error, "not cached"),
        }
    }

    fn path(&self, key: u64) -> PathBuf {
        self.dir.join(format!("names-{key:016x}.bin"))
    }

    fn delete_least_recently_used(&self) -> std::io::Result<()> {
        let mut files: Vec<(SystemTime, PathBuf)> = fs::read_dir(&self.dir)?
            .filter_map(Result::ok)
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name.starts_with("names-") && name.ends_with(".bin")
            })
            .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
            .collect();
        files.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
        for (_, path) in files.iter().skip(KEPT_FILES) {
            fs::remove_file(path)?;
        }
        Ok(())
    }
}

/// Whether a cache file's `bytes` hold, intact, what is cached for `key`.
fn holds(bytes: &[u8], key: u64) -> bool {
    let intact = || {
        let rest = bytes.strip_prefix(MAGIC)?;
        let (written_key, rest) = rest.split_first_chunk::<8>()?;
        let (written_checksum, body) = rest.split_first_chunk::<8>()?;
        if u64::from_le_bytes(*written_key) != key {
            return None;
        }
        let mut input = ByteReader::new(body);
        let sections = std::iter::from_fn(|| (input.remaining() > 0).then(|| input.bytes()));
        let sections = sections.collect::<Option<Vec<_>>>()?;
        (u64::from_le_bytes(*written_checksum) == checksum(&sections)).then_some(())
    };
    intact().is_some()
}

/// A cache file built into the program: the embedded defaults' (see
/// [`build_into_program`]), which the `alama` binary makes when it is
/// compiled. Set once, at start.
static BUILT_IN: OnceLock<&'static [u8]> = OnceLock::new();

/// Registers the cache file built into the program. A load of the files
/// it was made from reads it when no cache directory holds them: the first
/// run, or a run with the cache turned off, loads the defaults as fast as
/// the next ones.
pub fn build_into_program(file: &'static [u8]) {
    let _ = BUILT_IN.set(file);
}

/// Whether the program has a cache file built in.
pub(crate) fn has_built_in() -> bool {
    BUILT_IN.get().is_some()
}

/// What the cache file built into the program holds for `key`, if it is
/// for that key.
pub(crate) fn read_built_in(key: &Key) -> Option<SharedBytes> {
    read_static(BUILT_IN.get()?, key)
}

fn read_static(file: &'static [u8], key: &Key) -> Option<SharedBytes> {
    if !holds(file, key.finish()) {
        return None;
    }
    tracing::debug!("read from the names built into the program");
    Some(SharedBytes::from_static(file, HEADER..file.len()))
}

/// A checksum of a file's sections, in order.
fn checksum(sections: &[&[u8]]) -> u64 {
    let mut hasher = FxHasher::default();
    for section in sections {
        hasher.write(section);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(input: &str) -> Key {
        let mut key = Key::new();
        key.add(input);
        key
    }

    #[test]
    fn a_cached_body_is_read_back_by_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = NameCache::new(dir.path().join("cache"));
        assert!(cache.read(&key("بغداد")).is_none());
        cache.write(&key("بغداد"), &[b"entities", b"names"]);
        let cached = cache.read(&key("بغداد")).expect("cached");
        let mut sections = ByteReader::new(&cached);
        assert_eq!(sections.bytes(), Some(&b"entities"[..]));
        assert_eq!(sections.bytes(), Some(&b"names"[..]));
        assert_eq!(sections.remaining(), 0);
        assert!(cache.read(&key("London")).is_none());

        // A damaged file is not read.
        for entry in fs::read_dir(dir.path().join("cache")).unwrap() {
            let path = entry.unwrap().path();
            let mut bytes = fs::read(&path).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
            fs::write(&path, bytes).unwrap();
        }
        assert!(cache.read(&key("بغداد")).is_none());
    }

    #[test]
    fn a_cache_file_built_into_the_program_is_read_for_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = NameCache::new(dir.path().to_owned());
        cache.write(&key("بغداد"), &[b"entities", b"names"]);
        let path = fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let bytes = fs::read(path).unwrap();
        let file: &'static [u8] = bytes.clone().leak();
        let built_in = read_static(file, &key("بغداد")).expect("its key");
        let mut sections = ByteReader::new(&built_in);
        assert_eq!(sections.bytes(), Some(&b"entities"[..]));
        assert_eq!(sections.bytes(), Some(&b"names"[..]));
        assert!(read_static(file, &key("London")).is_none());
        let mut damaged = bytes;
        *damaged.last_mut().unwrap() ^= 1;
        assert!(read_static(damaged.leak(), &key("بغداد")).is_none());
    }

    #[test]
    fn only_the_most_recently_used_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = NameCache::new(dir.path().to_owned());
        for name in ["Aden", "Basra", "Cairo", "Dakar", "Erbil", "Fez"] {
            cache.write(&key(name), &[name.as_bytes()]);
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), KEPT_FILES);
        assert!(cache.read(&key("Fez")).is_some());
        assert!(cache.read(&key("Aden")).is_none());
    }

    #[test]
    fn a_stream_adds_the_same_however_it_is_read() {
        /// Reads one byte at a time.
        struct Trickle<'b>(&'b [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let Some((&first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                out[0] = first;
                self.0 = rest;
                Ok(1)
            }
        }
        let text = "بغداد 🙂 ".repeat(STREAM_CHUNK / 8);
        let streamed = |input: &mut dyn Read| {
            let mut key = Key::new();
            key.add_stream(input).unwrap();
            key.finish()
        };
        let whole = streamed(&mut text.as_bytes());
        assert_eq!(streamed(&mut Trickle(text.as_bytes())), whole);
        let chunked = |bytes: &[u8]| {
            let mut key = Key::new();
            key.add_chunked(bytes);
            key.finish()
        };
        assert_eq!(chunked(text.as_bytes()), whole);
        assert_ne!(streamed(&mut &text.as_bytes()[1..]), whole);
        // Exactly a chunk: its end is found by a read of nothing.
        let chunk = &text.as_bytes()[..STREAM_CHUNK];
        assert_eq!(streamed(&mut Trickle(chunk)), streamed(&mut &chunk[..]));
        assert_eq!(chunked(chunk), streamed(&mut &chunk[..]));
        assert_eq!(chunked(b""), streamed(&mut &b""[..]));
    }
}
