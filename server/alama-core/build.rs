//! Gives the crate a hash of its own sources (`ALAMA_CORE_SOURCE_HASH`), so
//! that names cached by one build are never read by a build that normalizes
//! or lays them out differently, even under the same version number.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let src = Path::new(&env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo")).join("src");
    // A directory makes cargo rerun this script when any file under it changes.
    println!("cargo:rerun-if-changed={}", src.display());
    let mut files = Vec::new();
    collect(&src, &mut files);
    files.sort();
    // FNV-1a: stable across Rust releases, unlike the standard hashers.
    let mut hasher = Fnv1a(0xcbf2_9ce4_8422_2325);
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        hasher.write(relative.to_string_lossy().as_bytes());
        hasher.write(&fs::read(&file).expect("sources are readable"));
    }
    println!(
        "cargo:rustc-env=ALAMA_CORE_SOURCE_HASH={:016x}",
        hasher.finish()
    );
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("src is readable").path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

struct Fnv1a(u64);

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
