//! Helpers shared by the end-to-end tests.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Every file under `dir`, hidden ones too, by its path under `dir` (with
/// `/`), with its content; a folder with nothing in it is listed with a
/// trailing `/`.
#[allow(dead_code)] // Not every test file compares trees.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn visit(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
        let mut empty = true;
        for entry in fs::read_dir(dir).unwrap() {
            empty = false;
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                visit(&entry.path(), &format!("{name}/"), files);
            } else if kind.is_symlink() {
                let target = fs::read_link(entry.path()).unwrap();
                files.insert(name, target.to_string_lossy().as_bytes().to_vec());
            } else {
                files.insert(name, fs::read(entry.path()).unwrap());
            }
        }
        if empty && !prefix.is_empty() {
            files.insert(prefix.to_owned(), Vec::new());
        }
    }
    let mut files = BTreeMap::new();
    visit(dir, "", &mut files);
    files
}

/// Runs `alama ARGS` in `dir`; returns the exit code and stderr.
#[allow(dead_code)] // Not every test file runs it this way.
pub fn alama_in(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_alama"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the alama binary runs");
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}
