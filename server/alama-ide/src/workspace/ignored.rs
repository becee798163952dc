//! What a workspace folder leaves out of its corpus whatever the globs say:
//! the paths its `.gitignore` files ignore, and every `node_modules`
//! folder. (Hidden files and folders, `.git` and `.alama` among them, are
//! left out where paths are made relative to the root.)
//!
//! The `.gitignore` of each folder is read when a path under that folder is
//! first asked about, and kept for the life of the workspace: a workspace
//! is made again (and the corpus indexed again) when the settings change,
//! which reads them again. Only the folder's own `.gitignore` files count,
//! not those of folders above the root, nor git's global or per-repository
//! exclude files: the corpus is the same whether or not it sits in a git
//! repository.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use rustc_hash::FxHashMap;

/// Folders that are never part of a corpus, wherever they are.
pub const ALWAYS_SKIPPED: &[&str] = &["node_modules"];

/// The `.gitignore` rules of the folders under one root.
#[derive(Debug)]
pub struct Ignored {
    root: PathBuf,
    /// Each folder's rules, None when it has no `.gitignore`.
    rules: Mutex<FxHashMap<PathBuf, Option<Arc<Gitignore>>>>,
}

impl Ignored {
    pub fn new(root: &Path) -> Ignored {
        Ignored {
            root: root.to_owned(),
            rules: Mutex::new(FxHashMap::default()),
        }
    }

    /// Whether `path` (a file, or a folder when `is_dir`) under the root is
    /// left out: it or a folder above it (below the root) is one of the
    /// folders always skipped (`ALWAYS_SKIPPED`: `node_modules`) or
    /// ignored by a `.gitignore`. A path outside the root is not.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        if relative
            .iter()
            .any(|part| ALWAYS_SKIPPED.iter().any(|skipped| part == *skipped))
        {
            return true;
        }
        // The folders from the root down to `path`, each judged as git
        // does: a file in an ignored folder is ignored, whatever the
        // rules below that folder say.
        let mut folder = self.root.clone();
        let parts: Vec<_> = relative.iter().collect();
        for (i, part) in parts.iter().enumerate() {
            folder.push(part);
            let last = i + 1 == parts.len();
            if self.decide(&folder, if last { is_dir } else { true }) {
                return true;
            }
        }
        false
    }

    /// Whether the rules of the folders above `path` ignore it itself: the
    /// deepest `.gitignore` with a rule that matches it decides, as in git.
    fn decide(&self, path: &Path, is_dir: bool) -> bool {
        let mut folder = path.parent();
        while let Some(dir) = folder {
            if let Some(rules) = self.rules_of(dir) {
                match rules.matched(path, is_dir) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
            if dir == self.root {
                break;
            }
            folder = dir.parent();
        }
        false
    }

    /// The rules of `dir`'s `.gitignore`, read once.
    fn rules_of(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        let mut rules = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        rules
            .entry(dir.to_owned())
            .or_insert_with(|| {
                let file = dir.join(".gitignore");
                if !file.is_file() {
                    return None;
                }
                let mut builder = GitignoreBuilder::new(dir);
                // A malformed line is left out; the others still apply.
                if let Some(error) = builder.add(&file) {
                    tracing::warn!("{}: {error}", file.display());
                }
                match builder.build() {
                    Ok(gitignore) => Some(Arc::new(gitignore)),
                    Err(error) => {
                        tracing::warn!("{}: {error}", file.display());
                        None
                    }
                }
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn write(root: &Path, relative: &str, content: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    #[test]
    fn gitignore_rules_of_the_root_and_of_subfolders_apply() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, ".gitignore", "drafts/\n*.bak.txt\n# a comment\n");
        write(root, "news/.gitignore", "old-*.txt\n!old-keep.txt\n");
        let ignored = Ignored::new(root);
        let is = |relative: &str, is_dir: bool| ignored.is_ignored(&root.join(relative), is_dir);

        assert!(is("drafts", true));
        assert!(is("drafts/a.txt", false));
        assert!(
            is("news/drafts/a.txt", false),
            "a pattern without / matches at any depth"
        );
        assert!(is("x.bak.txt", false));
        assert!(is("news/old-1.txt", false));
        assert!(!is("news/old-keep.txt", false), "a deeper ! rule wins");
        assert!(
            !is("old-1.txt", false),
            "news/.gitignore applies under news/ only"
        );
        assert!(!is("news/a.txt", false));
        assert!(!is("a.txt", false));
        assert!(!is("drafts", false), "drafts/ names folders only");
    }

    #[test]
    fn a_file_in_an_ignored_folder_stays_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, ".gitignore", "build\n");
        write(root, "build/.gitignore", "!keep.txt\n");
        let ignored = Ignored::new(root);
        assert!(ignored.is_ignored(&root.join("build/keep.txt"), false));
    }

    #[test]
    fn node_modules_is_always_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let ignored = Ignored::new(root);
        assert!(ignored.is_ignored(&root.join("node_modules"), true));
        assert!(ignored.is_ignored(&root.join("web/node_modules/x/readme.txt"), false));
        assert!(!ignored.is_ignored(&root.join("node_modules.txt"), false));
        assert!(!ignored.is_ignored(&root.join("a.txt"), false));
    }

    #[test]
    fn without_a_gitignore_nothing_else_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let ignored = Ignored::new(root);
        assert!(!ignored.is_ignored(&root.join("drafts/a.txt"), false));
        assert!(!ignored.is_ignored(Path::new("/elsewhere/a.txt"), false));
    }
}
