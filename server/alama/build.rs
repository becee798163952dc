//! Builds into the program the names cache file of the embedded defaults
//! (see `alama_core::name_cache::build_into_program`), so that even a first
//! run, or one with the cache turned off, reads the defaults' compiled names
//! instead of making them, which takes a noticeable part of a second.

use std::env;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    alama_core::tagger::build_defaults_file(&out);
}
