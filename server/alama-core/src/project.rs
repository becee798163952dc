//! A project: a corpus root and the settings found there.
//!
//! ```text
//! corpus/
//!   annotation.conf        optional brat config: its [entities] are the types
//!   .alama/config.toml     optional settings (below)
//!   .alama/lexicon.jsonl   optional project lexicon, loaded after the defaults
//!   .alama/triggers.tsv    optional extra trigger patterns
//! ```
//!
//! `config.toml`:
//!
//! ```toml
//! types = ["PER", "ORG", "GPE"]   # replaces the default types and annotation.conf
//! default_lexicon = true          # false: only the project's lexicons
//! lexicons = ["../shared/people.jsonl"]   # more lexicons, relative to .alama/
//! ```
//!
//! The files found at their fixed places (`.alama/config.toml`,
//! `.alama/lexicon.jsonl`, `.alama/triggers.tsv`, `annotation.conf`) are
//! read only if they lie inside the project folder once symbolic links are
//! followed; the lexicons named in `config.toml` are read wherever they are.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fs::{confine, Escape};
use crate::lexicon::LexiconFile;
use crate::name_cache::NameCache;

/// The entity types used when a project names none (OntoNotes-style).
pub const DEFAULT_TYPES: &[&str] = &[
    "PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE", "TIME", "MONEY", "PERCENT",
    "QUANTITY", "CARDINAL",
];

/// The folder of a project's own files, at the corpus root.
pub const PROJECT_DIR: &str = ".alama";

#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub types: Vec<String>,
    pub default_lexicon: bool,
    /// Extra lexicon files, read when an engine loads them.
    pub lexicons: Vec<LexiconFile>,
    /// Extra trigger files: `(path for messages, content)`.
    pub triggers: Vec<(String, String)>,
    /// Where a large lexicon's names are cached between runs, if anywhere.
    pub name_cache: Option<NameCache>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    /// A project file that leads outside the project folder.
    #[error("{0}; the project's settings are not read")]
    Outside(Escape),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Config {
    types: Option<Vec<String>>,
    default_lexicon: Option<bool>,
    #[serde(default)]
    lexicons: Vec<PathBuf>,
}

impl Project {
    /// A project with the embedded defaults only.
    pub fn with_defaults(root: PathBuf) -> Project {
        Project {
            root,
            types: DEFAULT_TYPES.iter().map(|t| t.to_string()).collect(),
            default_lexicon: true,
            lexicons: Vec::new(),
            triggers: Vec::new(),
            name_cache: None,
        }
    }

    /// The project containing `path`: the nearest ancestor directory with a
    /// `.alama` folder or an `annotation.conf`, else `path` itself (or its
    /// folder, for a file).
    pub fn discover(path: &Path) -> PathBuf {
        let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let start = if path.is_dir() {
            path.as_path()
        } else {
            path.parent().unwrap_or(&path)
        };
        Project::find(start).unwrap_or_else(|| start.to_owned())
    }

    /// The nearest ancestor of the folder `dir` (itself included) with a
    /// `.alama` folder or an `annotation.conf`, if there is one. Unlike
    /// [`Project::discover`], it tells a project from a folder that is
    /// none, for callers that must not read a whole folder as a corpus by
    /// mistake (`alama tag --stdin-jsonl` in whatever folder it runs).
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .find(|dir| dir.join(PROJECT_DIR).is_dir() || dir.join("annotation.conf").is_file())
            .map(Path::to_owned)
    }

    /// Loads the settings, lexicon and triggers found at `root`; a large
    /// lexicon's names are cached in the user's cache (see
    /// [`NameCache::from_env`]).
    ///
    /// # Errors
    ///
    /// When a project file cannot be read or parsed, or leads outside
    /// `root` (through a symbolic link).
    pub fn load(root: &Path) -> Result<Project, ProjectError> {
        let mut project = Project::with_defaults(root.to_owned());
        project.name_cache = NameCache::from_env();
        let dir = root.join(PROJECT_DIR);
        let config_path = dir.join("config.toml");
        let config = match read_optional(root, &config_path)? {
            Some(content) => {
                toml::from_str::<Config>(&content).map_err(|e| ProjectError::Config {
                    path: config_path.display().to_string(),
                    message: e.to_string(),
                })?
            }
            None => Config::default(),
        };
        if let Some(types) = config.types {
            project.types = types;
        } else if let Some(conf) = read_optional(root, &root.join("annotation.conf"))? {
            let types = entity_types(&conf);
            if !types.is_empty() {
                project.types = types;
            }
        }
        project.default_lexicon = config.default_lexicon.unwrap_or(true);
        let own_lexicon = dir.join("lexicon.jsonl");
        let lexicon_paths = config.lexicons.iter().map(|p| dir.join(p));
        for path in std::iter::once(own_lexicon.clone()).chain(lexicon_paths) {
            match fs::metadata(&path) {
                Ok(_) => {
                    if path == own_lexicon {
                        confine(root, &path).map_err(ProjectError::Outside)?;
                    }
                    project.lexicons.push(LexiconFile::at(&path));
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(ProjectError::Io {
                        path: path.display().to_string(),
                        source,
                    })
                }
            }
        }
        let triggers_path = dir.join("triggers.tsv");
        if let Some(content) = read_optional(root, &triggers_path)? {
            project
                .triggers
                .push((triggers_path.display().to_string(), content));
        }
        Ok(project)
    }
}

/// The content of the project file `path`, if there is one.
fn read_optional(root: &Path, path: &Path) -> Result<Option<String>, ProjectError> {
    // Only what is there can lead outside: a missing file is not resolved.
    if fs::symlink_metadata(path).is_ok() {
        confine(root, path).map_err(ProjectError::Outside)?;
    }
    match fs::read_to_string(path) {
        Ok(content) => Ok(Some(content)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ProjectError::Io {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// The entity types of a brat `annotation.conf`: the `[entities]` section,
/// one per line, indentation marking hierarchy, `!` marking abstract types.
fn entity_types(conf: &str) -> Vec<String> {
    let mut in_entities = false;
    let mut types = Vec::new();
    for line in conf.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_entities = line == "[entities]";
            continue;
        }
        if !in_entities || line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        if let Some(name) = line.split_whitespace().next() {
            types.push(name.to_owned());
        }
    }
    types
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_conf_entities_become_the_types() {
        let conf = "# brat\n[entities]\nPerson\n!Place\n\tCity\n\n[relations]\nLocated Arg1:Person, Arg2:City\n";
        assert_eq!(entity_types(conf), ["Person", "City"]);
    }

    #[test]
    fn loads_config_lexicon_and_triggers() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(PROJECT_DIR);
        fs::create_dir(&dir).unwrap();
        fs::write(
            dir.join("config.toml"),
            "types = [\"PER\", \"GPE\"]\nlexicons = [\"more.jsonl\"]\n",
        )
        .unwrap();
        fs::write(dir.join("lexicon.jsonl"), "{}").unwrap();
        fs::write(dir.join("more.jsonl"), "{}").unwrap();
        fs::write(dir.join("triggers.tsv"), "PER\tbefore\tx").unwrap();
        fs::write(root.path().join("annotation.conf"), "[entities]\nIgnored\n").unwrap();
        let project = Project::load(root.path()).unwrap();
        assert_eq!(project.types, ["PER", "GPE"]);
        assert_eq!(project.lexicons.len(), 2);
        assert_eq!(project.triggers.len(), 1);
        assert_eq!(
            Project::discover(&dir.join("more.jsonl")),
            fs::canonicalize(root.path()).unwrap()
        );
    }

    #[test]
    fn a_bad_config_is_an_error_naming_the_file() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(PROJECT_DIR);
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("config.toml"), "colours = 1\n").unwrap();
        let error = Project::load(root.path()).unwrap_err().to_string();
        assert!(
            error.contains("config.toml") && error.contains("colours"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn project_files_leading_outside_are_refused() {
        use std::os::unix::fs::symlink;
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("config.toml"), "types = [\"X\"]\n").unwrap();
        fs::write(outside.path().join("lexicon.jsonl"), "{}").unwrap();
        fs::write(outside.path().join("annotation.conf"), "[entities]\nY\n").unwrap();
        let dir = root.path().join(PROJECT_DIR);
        let refused = |name: &str| {
            let error = Project::load(root.path()).unwrap_err().to_string();
            assert!(
                error.contains(name)
                    && error.contains("outside the workspace")
                    && error.ends_with("; the project's settings are not read"),
                "{error}"
            );
        };
        // The whole folder linked elsewhere.
        symlink(outside.path(), &dir).unwrap();
        refused("config.toml");
        fs::remove_file(outside.path().join("config.toml")).unwrap();
        refused("lexicon.jsonl");
        // Single files linked elsewhere.
        fs::remove_file(&dir).unwrap();
        fs::create_dir(&dir).unwrap();
        symlink(
            outside.path().join("lexicon.jsonl"),
            dir.join("lexicon.jsonl"),
        )
        .unwrap();
        refused("lexicon.jsonl");
        fs::remove_file(dir.join("lexicon.jsonl")).unwrap();
        symlink(
            outside.path().join("annotation.conf"),
            root.path().join("annotation.conf"),
        )
        .unwrap();
        refused("annotation.conf");
        // A link inside the project is followed.
        fs::remove_file(root.path().join("annotation.conf")).unwrap();
        fs::write(dir.join("shared.toml"), "types = [\"Z\"]\n").unwrap();
        symlink("shared.toml", dir.join("config.toml")).unwrap();
        assert_eq!(Project::load(root.path()).unwrap().types, ["Z"]);
    }
}
