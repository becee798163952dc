//! A cache on disk of large gazetteers, so that a lexicon of a million names
//! loads without its names being normalized, sorted and built again.
//!
//! Only gazetteers of double arrays can be written out (see
//! [`Gazetteer::to_bytes`]), and only large ones are worth it. A cache file
//! holds one gazetteer behind a header: a magic number, the [`Key`] of
//! everything it was built from, and a checksum of the rest. A file whose
//! header does not fit is rebuilt and written again; the cache never changes
//! what is matched, only how fast a large lexicon loads after the first time.
//! At most [`KEPT_FILES`] files are kept, the least recently used deleted.

use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rustc_hash::FxHasher;

use crate::brat::write_atomically;
use crate::gazetteer::{FunctionWords, Gazetteer};

const MAGIC: &[u8; 8] = b"ALAMANC1";

/// Cache files kept in the directory: a few projects' large lexicons.
const KEPT_FILES: usize = 4;

/// Surface forms from which a lexicon's gazetteer is worth caching: with
/// the defaults' 170,000 names read from the cache (12 MB), loading the
/// defaults takes 0.15 s instead of 0.36–0.40; a few thousand names build
/// faster than a file is read.
pub const CACHED_NAMES: usize = 100_000;

/// A directory of cached gazetteers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCache {
    dir: PathBuf,
}

/// A hash of the inputs of a gazetteer: everything that changes its names,
/// their order or what they match.
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

    /// The gazetteer cached for `key`, else the one `build` makes, which is
    /// then cached if it can be. Failures to read or write the cache only
    /// cost the rebuild.
    pub fn load_or_build<T: Copy + Into<u32> + From<u32>>(
        &self,
        key: &Key,
        function_words: Arc<FunctionWords>,
        build: impl FnOnce() -> Gazetteer<T>,
    ) -> Gazetteer<T> {
        let key = key.finish();
        let path = self.dir.join(format!("names-{key:016x}.bin"));
        if let Some(gazetteer) = read(&path, key, function_words) {
            tracing::debug!(path = %path.display(), "names read from the cache");
            // Recently used: kept when older files are deleted.
            let _ = fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|file| file.set_modified(SystemTime::now()));
            return gazetteer;
        }
        let gazetteer = build();
        if let Some(body) = gazetteer.to_bytes() {
            match self.write(&path, key, &body) {
                Ok(()) => tracing::debug!(path = %path.display(), "names cached"),
                Err(error) => {
                    tracing::debug!(path = %path.display(), %error, "names not cached")
                }
            }
        }
        gazetteer
    }

    fn write(&self, path: &Path, key: u64, body: &[u8]) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let mut content = Vec::with_capacity(MAGIC.len() + 16 + body.len());
        content.extend_from_slice(MAGIC);
        content.extend_from_slice(&key.to_le_bytes());
        content.extend_from_slice(&checksum(body).to_le_bytes());
        content.extend_from_slice(body);
        write_atomically(path, &content)?;
        self.delete_least_recently_used()
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

fn read<T: Copy + Into<u32> + From<u32>>(
    path: &Path,
    key: u64,
    function_words: Arc<FunctionWords>,
) -> Option<Gazetteer<T>> {
    let bytes = fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (written_key, rest) = rest.split_first_chunk::<8>()?;
    let (written_checksum, body) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*written_key) != key
        || u64::from_le_bytes(*written_checksum) != checksum(body)
    {
        return None;
    }
    Gazetteer::from_bytes(body, function_words)
}

fn checksum(body: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(body);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{GazetteerBuilder, Haystack};

    fn names(function_words: &Arc<FunctionWords>, names: &[&str]) -> Gazetteer<u32> {
        let mut builder = GazetteerBuilder::new(function_words.clone());
        builder.extend(names.iter().copied().zip(0u32..));
        builder.build_with(0, 1, 0)
    }

    fn hits(gazetteer: &Gazetteer<u32>, text: &str) -> Vec<(usize, usize)> {
        let hits = gazetteer.find(text, &Haystack::new(text)).into_iter();
        hits.map(|hit| (hit.key_start, hit.key_end)).collect()
    }

    #[test]
    fn a_cached_gazetteer_is_read_back_instead_of_built() {
        let dir = tempfile::tempdir().unwrap();
        let cache = NameCache::new(dir.path().join("cache"));
        let function_words = Arc::new(FunctionWords::default());
        let mut key = Key::new();
        key.add("بغداد\nLondon");
        let built = cache.load_or_build(&key, function_words.clone(), || {
            names(&function_words, &["بغداد", "London"])
        });
        let read = cache.load_or_build(&key, function_words.clone(), || -> Gazetteer<u32> {
            panic!("the cached gazetteer is read")
        });
        let text = "من بغداد إلى London";
        assert_eq!(hits(&read, text), hits(&built, text));
        assert_eq!(hits(&read, text).len(), 2);

        // Another key, or a damaged file, builds again.
        let mut other = Key::new();
        other.add("Paris");
        let rebuilt = cache.load_or_build(&other, function_words.clone(), || {
            names(&function_words, &["Paris"])
        });
        assert_eq!(hits(&rebuilt, "Paris"), [(0, 5)]);
        for entry in fs::read_dir(dir.path().join("cache")).unwrap() {
            let path = entry.unwrap().path();
            let mut bytes = fs::read(&path).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
            fs::write(&path, bytes).unwrap();
        }
        let mut built_again = false;
        cache.load_or_build(&key, function_words.clone(), || {
            built_again = true;
            names(&function_words, &["بغداد", "London"])
        });
        assert!(built_again);
    }

    #[test]
    fn only_the_most_recently_used_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = NameCache::new(dir.path().to_owned());
        let function_words = Arc::new(FunctionWords::default());
        for name in ["Aden", "Basra", "Cairo", "Dakar", "Erbil", "Fez"] {
            let mut key = Key::new();
            key.add(name);
            cache.load_or_build(&key, function_words.clone(), || {
                names(&function_words, &[name])
            });
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), KEPT_FILES);
    }
}
