//! Builds into the program the names cache file of the embedded defaults
//! (see `alama_core::name_cache::build_into_program`), so that even a first
//! run, or one with the cache turned off, reads the defaults' compiled names
//! instead of making them, which takes a noticeable part of a second.

use std::path::PathBuf;
use std::{env, fs};

use alama_core::engine::Engine;
use alama_core::name_cache::NameCache;
use alama_core::project::Project;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let dir = out.join("names-cache");
    // Only the file of this build: a cache directory keeps several.
    let _ = fs::remove_dir_all(&dir);
    let mut project = Project::with_defaults(out.clone());
    project.name_cache = Some(NameCache::new(dir.clone()));
    let (_, errors) = Engine::new(&project);
    assert!(errors.is_empty(), "the embedded defaults load: {errors:?}");
    let mut files = fs::read_dir(&dir).expect("the defaults are cached");
    let file = files.next().expect("one file").expect("readable").path();
    assert!(files.next().is_none(), "one file");
    fs::copy(file, out.join("defaults-names.bin")).expect("copied");
}
