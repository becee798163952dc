//! Builds into the module the names cache file of the embedded defaults,
//! as the `alama` binary's build script does, so that a `Tagger` with the
//! defaults loads their compiled names instead of making them.

use std::env;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    alama_core::tagger::build_defaults_file(&out);
}
