//! The ceiling of `scripts/bench_peers.py`: a raw Aho-Corasick scan of a
//! corpus' bytes for a list of names, with nothing of what `alama tag` does
//! besides (no normalization, no clitics, no word boundaries, no rules).
//!
//! Usage: `raw_scan NAMES CORPUS`, where NAMES holds one name per line and
//! CORPUS is a folder whose `.txt` files are read, recursively, in one
//! thread. Prints the number of files and of matches, so that the scan
//! cannot be optimized away and a reader can compare it with a peer's.
//!
//! The automaton is leftmost-longest and ASCII case-insensitive, as the
//! peers it stands beside match lower-cased text; it is a DFA when the
//! crate judges one affordable, as it would be for a program that does only
//! this.

use std::path::{Path, PathBuf};
use std::{env, fs, io};

use aho_corasick::{AhoCorasick, MatchKind};

fn main() -> io::Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    let [names, corpus] = args.as_slice() else {
        eprintln!("usage: raw_scan NAMES CORPUS");
        std::process::exit(2);
    };
    let names = fs::read_to_string(names)?;
    let names: Vec<&str> = names.lines().filter(|name| !name.is_empty()).collect();
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&names)
        .map_err(io::Error::other)?;
    let mut files = Vec::new();
    text_files(Path::new(corpus), &mut files)?;
    files.sort();
    let mut matches = 0usize;
    for file in &files {
        let bytes = fs::read(file)?;
        matches += automaton.find_iter(&bytes).count();
    }
    println!("{} files, {matches} matches", files.len());
    Ok(())
}

/// Adds the `.txt` files under `folder` to `files`.
fn text_files(folder: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            text_files(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    Ok(())
}
