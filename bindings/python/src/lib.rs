//! The extension module `alama._alama`: a `Tagger` that tags texts as
//! `alama tag` does, and the `Span`s it finds. The Python package `alama`
//! (python/alama) re-exports both and adds the spaCy component.
//!
//! Every call into the engine runs without the GIL and inside
//! `catch_unwind`, so that a fault in the engine is a Python exception,
//! never a crash of the interpreter.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use alama_core::brat::AnnFile;
use alama_core::corpus::LoadError;
use alama_core::engine::{Engine, Propagation};
use alama_core::tagger::{self, with_surfaces, TaggerError};
use alama_core::text::Text;
use pyo3::exceptions::{
    PyFileNotFoundError, PyNotADirectoryError, PyOSError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An entity mention found in a text.
///
/// `start` and `end` are offsets in code points (Python's string indices),
/// end exclusive, as `alama tag --format jsonl` writes them: `text ==
/// original[start:end]`. `label` is the entity type (PER, GPE, DATE…),
/// `entity` the lexicon id or None, `status` "suggested" or "confirmed",
/// and `source` where it came from (lexicon, rule, pattern, propagated,
/// repeated or annotation).
#[pyclass(module = "alama", frozen, eq, hash, get_all)]
#[derive(Clone, PartialEq, Eq, Hash)]
struct Span {
    start: usize,
    end: usize,
    label: String,
    text: String,
    entity: Option<String>,
    status: String,
    source: String,
}

#[pymethods]
impl Span {
    #[new]
    #[pyo3(signature = (start, end, label, text, entity=None, status="suggested".to_owned(), source="lexicon".to_owned()))]
    fn new(
        start: usize,
        end: usize,
        label: String,
        text: String,
        entity: Option<String>,
        status: String,
        source: String,
    ) -> Span {
        Span {
            start,
            end,
            label,
            text,
            entity,
            status,
            source,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Span(start={}, end={}, label={:?}, text={:?}, entity={}, status={:?}, source={:?})",
            self.start,
            self.end,
            self.label,
            self.text,
            self.entity
                .as_ref()
                .map_or_else(|| "None".to_owned(), |id| format!("{id:?}")),
            self.status,
            self.source,
        )
    }
}

/// Alama's engine with a project's lexicons, settings and confirmed names.
///
/// `Tagger()` uses the embedded defaults. `Tagger(project="corpus")` uses
/// the project in that folder: its lexicons and settings, and the names
/// confirmed in its `.ann` files, which are suggested wherever they recur.
/// `lexicons` are more lexicon files (JSON Lines) loaded after the
/// project's; `default_lexicon=False` leaves the embedded lexicon out.
///
/// Each text gets exactly the spans `alama tag --format jsonl` gives it as
/// a document of the project that has no `.ann` file of its own.
#[pyclass(module = "alama", frozen)]
struct Tagger {
    engine: Engine,
    propagation: Propagation,
    warnings: Vec<String>,
}

#[pymethods]
impl Tagger {
    #[new]
    #[pyo3(signature = (project=None, lexicons=Vec::new(), default_lexicon=true))]
    fn new(
        py: Python<'_>,
        project: Option<PathBuf>,
        lexicons: Vec<PathBuf>,
        default_lexicon: bool,
    ) -> PyResult<Tagger> {
        let root = match project {
            Some(dir) => Some(project_root(dir)?),
            None => None,
        };
        py.detach(|| {
            guarded(|| {
                let (_project, engine, data_errors) =
                    tagger::load_engine(root.as_deref(), &lexicons, default_lexicon)
                        .map_err(load_error)?;
                let mut warnings: Vec<String> =
                    data_errors.iter().map(ToString::to_string).collect();
                let propagation = match root {
                    Some(root) => {
                        let (propagation, corpus_warnings) =
                            tagger::corpus_propagation(&engine, root);
                        warnings.extend(corpus_warnings);
                        propagation
                    }
                    None => Propagation::empty(),
                };
                Ok(Tagger {
                    engine,
                    propagation,
                    warnings,
                })
            })
        })
    }

    /// The problems met while loading: data lines that could not be read
    /// (a malformed lexicon line, say) and files of the project's corpus
    /// that could not be read. They are skipped, and the rest loaded.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The spans of `text`, sorted by start and never overlapping.
    fn tag(&self, py: Python<'_>, text: String) -> PyResult<Vec<Span>> {
        py.detach(|| guarded(|| Ok(self.spans(text))))
    }

    /// The spans of each text of `texts`, in order: `[tag(t) for t in
    /// texts]`, with the texts tagged on all cores and the GIL released, so
    /// that other Python threads run meanwhile.
    fn tag_many<'py>(&self, py: Python<'py>, texts: Vec<String>) -> PyResult<Bound<'py, PyList>> {
        let spans: Vec<Vec<Span>> = py.detach(|| {
            guarded(|| Ok(texts.into_par_iter().map(|text| self.spans(text)).collect()))
        })?;
        // The spans become Python objects with the cyclic garbage collector
        // paused: they hold no references that could form a cycle, and
        // hundreds of thousands of them made at once would otherwise set
        // off a collection every few hundred, each visiting what came before.
        let _paused = GcPause::new(py);
        spans
            .into_iter()
            .map(|spans| PyList::new(py, spans))
            .collect::<PyResult<Vec<_>>>()
            .and_then(|lists| PyList::new(py, lists))
    }

    fn __repr__(&self) -> String {
        format!("<alama.Tagger: {} entities>", self.engine.lexicon().len())
    }
}

impl Tagger {
    /// The spans of one text, as `alama tag --stdin-jsonl` finds them.
    fn spans(&self, text: String) -> Vec<Span> {
        let text = Text::new(text);
        let mentions = self
            .engine
            .mentions(&text, &AnnFile::default(), &self.propagation);
        with_surfaces(&text, &mentions)
            .map(|(m, surface)| Span {
                start: m.span.start,
                end: m.span.end,
                label: m.ty.to_string(),
                text: surface.to_owned(),
                entity: m.entity.as_deref().map(str::to_owned),
                status: m.status.as_str().to_owned(),
                source: m.source.as_str().to_owned(),
            })
            .collect()
    }
}

/// The project folder `dir`, resolved as `alama tag --project` resolves it,
/// or the exception Python raises for a path that is no folder.
fn project_root(dir: PathBuf) -> PyResult<PathBuf> {
    match std::fs::metadata(&dir) {
        Ok(metadata) if metadata.is_dir() => std::fs::canonicalize(&dir)
            .map_err(|error| PyOSError::new_err(format!("project {}: {error}", dir.display()))),
        Ok(_) => Err(PyNotADirectoryError::new_err(format!(
            "project {} is not a folder",
            dir.display()
        ))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(
            PyFileNotFoundError::new_err(format!("project {} does not exist", dir.display())),
        ),
        Err(error) => Err(PyOSError::new_err(format!(
            "project {}: {error}",
            dir.display()
        ))),
    }
}

/// The Python exception of an engine that could not load: a lexicon file
/// that is missing is `FileNotFoundError`, one that cannot be read another
/// `OSError`, and a project file that is wrong `ValueError`.
fn load_error(error: TaggerError) -> PyErr {
    let message = error.to_string();
    match error {
        TaggerError::Lexicon(LoadError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            PyFileNotFoundError::new_err(message)
        }
        TaggerError::Lexicon(_) => PyOSError::new_err(message),
        TaggerError::Project(_) => PyValueError::new_err(message),
    }
}

/// Runs `work`, turning a panic into a `RuntimeError` that names it.
fn guarded<T>(work: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        Err(PyRuntimeError::new_err(format!(
            "alama failed inside its engine: {reason}"
        )))
    })
}

/// Pauses Python's cyclic garbage collector until dropped, if it was on.
struct GcPause(bool);

impl GcPause {
    fn new(_attached: Python<'_>) -> GcPause {
        // SAFETY: the `Python` token proves that this thread holds the GIL,
        // which `PyGC_Disable` requires.
        GcPause(unsafe { pyo3::ffi::PyGC_Disable() } == 1)
    }
}

impl Drop for GcPause {
    fn drop(&mut self) {
        if self.0 {
            // SAFETY: dropped on the thread that made it, within the same
            // call from Python, so the GIL is still held.
            unsafe { pyo3::ffi::PyGC_Enable() };
        }
    }
}

#[pymodule]
fn _alama(module: &Bound<'_, PyModule>) -> PyResult<()> {
    alama_core::name_cache::build_into_program(include_bytes!(concat!(
        env!("OUT_DIR"),
        "/defaults-names.bin"
    )));
    module.add_class::<Span>()?;
    module.add_class::<Tagger>()?;
    Ok(())
}
