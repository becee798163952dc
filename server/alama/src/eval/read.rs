//! What `alama eval` reads: the documents of the GOLD and PRED folders, and
//! their annotations, strictly; or, without PRED, the suggestions of the
//! embedded defaults for GOLD's texts.
//!
//! A document is a `<doc>.txt` found under a folder (recursively, hidden
//! entries skipped, as `alama tag` finds them), known by its path under the
//! folder; its annotations are the `T` lines of `<doc>.ann` beside it,
//! each with the entity id of its `N` line if it has one. In
//! PRED they are those of `<doc>.ann` and `<doc>.suggestions.ann` together,
//! which is how `alama tag --format brat --out DIR` writes a document's
//! confirmed annotations and its suggestions. A missing `.ann` is a
//! document without entities (a GOLD document without one is warned about).
//!
//! Offsets are taken as written: an annotation whose text is not at its
//! offsets, or lies past the end of the text, is a problem (and so is any
//! line the `.ann` parser reports), never read at another place as the
//! editor would.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use alama_core::brat::AnnFile;
use alama_core::corpus::{ann_path, collect_documents, read_file, read_utf8, utf8, LoadError};
use alama_core::engine::{Engine, Propagation};
use alama_core::evaluate::Entity;
use alama_core::project::Project;
use alama_core::text::Text;
use anyhow::{bail, Context};

/// How many documents only one folder holds a message names before it
/// says how many more there are.
const LISTED_DOCUMENTS: usize = 5;

/// How many problems a message lists before it says how many more there
/// are.
const LISTED_PROBLEMS: usize = 20;

/// A folder of documents.
pub struct Folder {
    /// What the folder is on the command line (`GOLD`, `PRED`), for messages.
    what: &'static str,
    path: PathBuf,
    /// Each document's path, by its path under the folder.
    documents: BTreeMap<PathBuf, PathBuf>,
}

impl Folder {
    /// The documents of the folder `path`, given as `what`.
    ///
    /// # Errors
    ///
    /// When `path` is not a folder, holds no document or a file named like
    /// one that cannot be read (a FIFO, say), or cannot be read itself.
    pub fn open(path: &Path, what: &'static str) -> anyhow::Result<Folder> {
        let meta = fs::metadata(path).with_context(|| format!("{what} {}", path.display()))?;
        if !meta.is_dir() {
            bail!(
                "{what} {} is not a folder: both GOLD and PRED are brat folders \
                 of <doc>.txt files with their <doc>.ann",
                path.display()
            );
        }
        let found = collect_documents(&[path.to_owned()]);
        let problems: Vec<String> = found
            .errors
            .iter()
            .chain(&found.skipped)
            .map(ToString::to_string)
            .collect();
        if !problems.is_empty() {
            bail!("{}", listing("documents cannot be read", &problems));
        }
        if found.documents.is_empty() {
            bail!(
                "{what} {} holds no .txt document (a brat folder holds <doc>.txt \
                 files with their <doc>.ann)",
                path.display()
            );
        }
        let documents = found
            .documents
            .into_iter()
            .map(|document| {
                let relative = document
                    .strip_prefix(path)
                    .expect("found under the folder")
                    .to_owned();
                (relative, document)
            })
            .collect();
        Ok(Folder {
            what,
            path: path.to_owned(),
            documents,
        })
    }

    /// The documents, by their paths under the folder, in that order.
    pub fn documents(&self) -> &BTreeMap<PathBuf, PathBuf> {
        &self.documents
    }

    /// Checks that `self` and `other` hold the same documents.
    ///
    /// # Errors
    ///
    /// One listing some of the documents only one of them holds, on each
    /// side.
    pub fn check_same_documents(&self, other: &Folder) -> anyhow::Result<()> {
        let only = |a: &Folder, b: &Folder| -> Option<String> {
            let names: Vec<String> = a
                .documents
                .keys()
                .filter(|relative| !b.documents.contains_key(*relative))
                .map(|relative| relative.display().to_string())
                .collect();
            let mut listed = names[..names.len().min(LISTED_DOCUMENTS)].join(", ");
            let more = names.len().saturating_sub(LISTED_DOCUMENTS);
            if more > 0 {
                listed.push_str(&format!(" and {more} more"));
            }
            (!names.is_empty()).then(|| format!("{} only in {}: {listed}", names.len(), a.what))
        };
        let differences: Vec<String> = [only(self, other), only(other, self)]
            .into_iter()
            .flatten()
            .collect();
        if differences.is_empty() {
            return Ok(());
        }
        bail!(
            "{} {} and {} {} hold different documents: {}",
            self.what,
            self.path.display(),
            other.what,
            other.path.display(),
            differences.join("; ")
        )
    }
}

/// Where the predictions come from.
pub enum Predictions {
    /// A brat folder with the same documents as GOLD.
    Folder(Folder),
    /// Recognized in GOLD's texts by an engine of the embedded defaults
    /// (boxed: an engine is large, and there is one).
    Defaults(Box<Engine>),
}

impl Predictions {
    /// An engine of the embedded defaults alone, with no cache folder: it
    /// reads the defaults' names built into the program and writes nothing.
    /// The project files around GOLD (settings, lexicons, rejections) are
    /// not read.
    pub fn defaults(gold: &Path) -> Predictions {
        let (engine, data_errors) = Engine::new(&Project::with_defaults(gold.to_owned()));
        for error in &data_errors {
            eprintln!("warning: {error}");
        }
        Predictions::Defaults(Box::new(engine))
    }
}

/// A document with its gold and predicted entities.
pub struct Document {
    /// The gold document's path.
    pub path: PathBuf,
    pub text: Text,
    pub gold: Vec<Entity>,
    pub predicted: Vec<Entity>,
    /// What is worth saying but does not stop the scoring.
    pub warnings: Vec<String>,
}

/// Reads the document at `relative` under GOLD, with its predictions.
///
/// # Errors
///
/// Every problem found, each a line naming its file (and line).
pub fn document(
    gold: &Folder,
    predictions: &Predictions,
    relative: &Path,
) -> Result<Document, Vec<String>> {
    let path = &gold.documents[relative];
    let text = read_text(path).map_err(|error| vec![error.to_string()])?;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let gold_entities = match read_entities(&ann_path(path), &text, &mut problems) {
        Some(entities) => entities,
        None => {
            warnings.push(format!(
                "{} has no .ann beside it: read as a document without entities",
                path.display()
            ));
            Vec::new()
        }
    };
    let predicted = match predictions {
        Predictions::Folder(folder) => {
            let predicted = &folder.documents[relative];
            predicted_entities(predicted, path, &text, &mut problems)
        }
        // As `alama tag` tags a document of a corpus without annotations:
        // nothing confirmed in it, nothing propagated from the others.
        Predictions::Defaults(engine) => engine
            .mentions(&text, &AnnFile::default(), &Propagation::empty())
            .into_iter()
            .map(|m| Entity {
                span: m.span,
                ty: m.ty,
                entity: m.entity,
            })
            .collect(),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Document {
        path: path.clone(),
        text,
        gold: gold_entities,
        predicted,
        warnings,
    })
}

/// The entities of the PRED document at `path` (whose GOLD document is at
/// `gold` with the text `text`): those of its `.ann` and `.suggestions.ann`.
fn predicted_entities(
    path: &Path,
    gold: &Path,
    text: &Text,
    problems: &mut Vec<String>,
) -> Vec<Entity> {
    match read_text(path) {
        Ok(own) if own.as_str() == text.as_str() => {}
        Ok(_) => {
            problems.push(format!(
                "{}: its text differs from that of {}, so its offsets do not point \
                 at the same characters",
                path.display(),
                gold.display()
            ));
            return Vec::new();
        }
        Err(error) => {
            problems.push(error.to_string());
            return Vec::new();
        }
    }
    let suggestions = path.with_extension("suggestions.ann");
    [ann_path(path), suggestions]
        .iter()
        .flat_map(|file| read_entities(file, text, problems).unwrap_or_default())
        .collect()
}

fn read_text(path: &Path) -> Result<Text, LoadError> {
    Ok(Text::new(utf8(path, read_file(path, None)?)?))
}

/// The entities of the `.ann` file `file` annotating `text`, `None` if
/// there is no such file. Every line the parser reports, and a file that
/// cannot be read, is added to `problems`.
fn read_entities(file: &Path, text: &Text, problems: &mut Vec<String>) -> Option<Vec<Entity>> {
    let content = match read_utf8(file) {
        Ok(content) => content,
        Err(LoadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            return None;
        }
        Err(error) => {
            problems.push(error.to_string());
            return Some(Vec::new());
        }
    };
    let (annotations, issues) = AnnFile::parse_strict(&file.display().to_string(), &content, text);
    problems.extend(issues.iter().map(ToString::to_string));
    // A second link of one annotation is not read: the first one counts,
    // as in the editor.
    let mut links: HashMap<u32, &str> = HashMap::new();
    for n in annotations.normalizations() {
        links.entry(n.target).or_insert(&n.entity);
    }
    // A link to an annotation the parser reported is not reported again.
    let bounds: HashSet<u32> = annotations.text_bounds().map(|t| t.id).collect();
    for n in annotations.normalizations().filter(|_| issues.is_empty()) {
        if !bounds.contains(&n.target) {
            let prefix = format!("N{}\t", n.id);
            let line = content.lines().position(|l| l.starts_with(&prefix));
            problems.push(format!(
                "{}:{}: N{} links T{}, which the file does not have",
                file.display(),
                line.map_or(0, |l| l + 1),
                n.id,
                n.target
            ));
        }
    }
    Some(
        annotations
            .text_bounds()
            .map(|t| {
                let entity = Entity::new(t.span, &t.ty);
                match links.get(&t.id) {
                    Some(id) => entity.with_entity(id),
                    None => entity,
                }
            })
            .collect(),
    )
}

/// `problems` under a heading, one a line: the first few, then how many
/// more there are.
pub fn listing(heading: &str, problems: &[String]) -> String {
    let mut message = format!("{heading}:");
    for problem in problems.iter().take(LISTED_PROBLEMS) {
        message.push_str("\n  ");
        message.push_str(problem);
    }
    let more = problems.len().saturating_sub(LISTED_PROBLEMS);
    if more > 0 {
        message.push_str(&format!("\n  and {more} more"));
    }
    message
}
