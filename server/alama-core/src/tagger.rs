//! Loading what tags a project's documents: its engine with the lexicons a
//! caller adds or leaves out, and the confirmed names of its corpus. Shared
//! by `alama tag` (over documents and over `--stdin-jsonl` records) and the
//! Python package, so that a text gets the same spans from each.

use std::fs;
use std::path::{Path, PathBuf};

use crate::corpus::{collect_documents, load_annotated, Document, LoadError};
use crate::engine::{Engine, Mention, Propagation};
use crate::lexicon::LexiconFile;
use crate::name_cache::NameCache;
use crate::project::{Project, ProjectError};
use crate::text::Text;
use crate::DataError;

/// Why a project's engine could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// A lexicon file given that cannot be read now.
    #[error(transparent)]
    Lexicon(#[from] LoadError),
}

/// The project at `root` (the embedded defaults alone when `root` is
/// `None`) with `lexicons` loaded after its own and the default lexicon
/// left out unless `default_lexicon`, and its engine. Returns the data
/// lines that could not be read too, for the caller to warn about.
///
/// # Errors
///
/// When a project file cannot be read, or a lexicon file given does not
/// exist or cannot be read now (the engine reads it as it loads).
pub fn load_engine(
    root: Option<&Path>,
    lexicons: &[PathBuf],
    default_lexicon: bool,
) -> Result<(Project, Engine, Vec<DataError>), TaggerError> {
    let mut project = match root {
        Some(root) => Project::load(root)?,
        None => {
            let mut project = Project::with_defaults(PathBuf::new());
            project.name_cache = NameCache::from_env();
            project
        }
    };
    project.default_lexicon &= default_lexicon;
    for path in lexicons {
        std::fs::metadata(path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        project.lexicons.push(LexiconFile::at(path));
    }
    let (engine, data_errors) = Engine::new(&project);
    Ok((project, engine, data_errors))
}

/// A document waiting to be tagged.
pub enum Pending {
    /// Read already, for its confirmed annotations.
    Annotated(Document),
    /// To be read when it is tagged.
    Unannotated,
    /// Not readable: reported already.
    Failed,
}

/// What [`read_annotated`] read.
pub struct Annotated {
    /// Each document's state, in the order of the paths.
    pub pending: Vec<Pending>,
    /// The issues of the `.ann` files read, in the order of the paths.
    pub issues: Vec<String>,
    /// The documents that could not be read.
    pub errors: Vec<LoadError>,
}

/// Reads, on all cores, the documents among `paths` that have an `.ann`
/// file, and notes the others as to be read when they are tagged.
pub fn read_annotated(paths: &[PathBuf]) -> Annotated {
    let loaded: Vec<_> = crate::parallel::map_each(paths, |path| load_annotated(path));
    let mut annotated = Annotated {
        pending: Vec::with_capacity(loaded.len()),
        issues: Vec::new(),
        errors: Vec::new(),
    };
    for result in loaded {
        annotated.pending.push(match result {
            Ok(Some((document, issues))) => {
                annotated
                    .issues
                    .extend(issues.iter().map(ToString::to_string));
                Pending::Annotated(document)
            }
            Ok(None) => Pending::Unannotated,
            Err(error) => {
                annotated.errors.push(error);
                Pending::Failed
            }
        });
    }
    annotated
}

/// The confirmed names of the annotated documents among `pending`,
/// compiled for propagation.
pub fn propagation(engine: &Engine, pending: &[Pending]) -> Propagation {
    let annotated = pending.iter().filter_map(|pending| match pending {
        Pending::Annotated(document) => Some(document),
        _ => None,
    });
    engine.propagation(annotated.flat_map(Document::confirmed))
}

/// The confirmed names of the corpus under the project `root`, compiled
/// for propagation to texts tagged alone, and the warnings met reading it
/// (files skipped, documents or `.ann` lines that could not be read), in
/// the order `alama tag` prints them.
pub fn corpus_propagation(engine: &Engine, root: PathBuf) -> (Propagation, Vec<String>) {
    let found = collect_documents(&[root]);
    let annotated = read_annotated(&found.documents);
    let warnings = (found.skipped.iter().chain(&found.errors))
        .map(ToString::to_string)
        .chain(annotated.issues)
        .chain(annotated.errors.iter().map(ToString::to_string))
        .collect();
    (propagation(engine, &annotated.pending), warnings)
}

/// Each mention with the text it covers, found in one pass over the
/// text: the mentions are sorted.
pub fn with_surfaces<'d>(
    text: &'d Text,
    mentions: &'d [Mention],
) -> impl Iterator<Item = (&'d Mention, &'d str)> {
    let mut cursor = text.cursor();
    mentions
        .iter()
        .map(move |m| (m, cursor.slice(m.span).unwrap_or_default()))
}

/// Makes the names cache file of the embedded defaults in the folder `out`
/// and returns its path, for a build script to build it into a program
/// (the `alama` binary's and the Python package's), which then passes its
/// bytes to [`crate::name_cache::build_into_program`].
///
/// # Panics
///
/// When the file cannot be made: a build script has nothing better to do
/// than stop.
pub fn build_defaults_file(out: &Path) -> PathBuf {
    let dir = out.join("names-cache");
    // Only the file of this build: a cache directory keeps several.
    let _ = fs::remove_dir_all(&dir);
    let mut project = Project::with_defaults(out.to_owned());
    project.name_cache = Some(NameCache::new(dir.clone()));
    let (_, errors) = Engine::new(&project);
    assert!(errors.is_empty(), "the embedded defaults load: {errors:?}");
    let mut files = fs::read_dir(&dir).expect("the defaults are cached");
    let file = files.next().expect("one file").expect("readable").path();
    assert!(files.next().is_none(), "one file");
    let built = out.join("defaults-names.bin");
    fs::copy(file, &built).expect("copied");
    built
}
