//! What the annotator decides: accept, reject, retype, remove, link, tag,
//! and a document's review state.
//!
//! A command names its place by path, span and the text expected there, so
//! that a command computed before an edit is refused instead of annotating
//! the wrong characters.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use alama_core::brat::{check_entity_id, check_name, AnnError};
use alama_core::corpus::{ann_path, read_utf8};
use alama_core::engine::{Mention, Status};
use alama_core::fs::check_replaceable;
use alama_core::rejections::Rejection;
use alama_core::review::State;
use alama_core::text::{Span, Text};

use super::{
    closed_mentions, guard, mention_key, review, Document, Recount, Workspace, WorkspaceError,
};

/// A span of a document and the text it must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Confirms a span (a suggestion or a selection) as an entity of `ty`,
    /// linked to `entity` if given.
    Annotate {
        target: Target,
        ty: String,
        entity: Option<String>,
    },
    /// Rejects a suggestion; it is not suggested again.
    Reject {
        target: Target,
        ty: String,
        entity: Option<String>,
    },
    /// Takes back the rejections of a span, whose suggestion comes back.
    Unreject { target: Target },
    /// Confirms every suggestion whose [`entity_key`](super::entity_key) is `key` (every
    /// suggestion, without a key) in one document or (`None`) in the whole
    /// corpus.
    AcceptAll {
        document: Option<PathBuf>,
        key: Option<String>,
    },
    /// Changes the type of a confirmed annotation.
    Retype { target: Target, ty: String },
    /// Removes a confirmed annotation.
    Remove { target: Target },
    /// Links a confirmed annotation to a lexicon entity.
    Link { target: Target, entity: String },
    /// Adds the target's text as an alias of a lexicon entity, in the
    /// project lexicon (`.alama/lexicon.jsonl`).
    AddAlias { target: Target, entity: String },
    /// Sets the review state of a document (`.alama/status.tsv`).
    Review { document: PathBuf, state: State },
    /// Moves a confirmed annotation to `span` (the fix of a check: the
    /// annotation without the white space or punctuation at its edges).
    Respan { target: Target, span: Span },
    /// Removes one of two or more annotations of the same span and type
    /// (the fix of the `duplicate` check), keeping the one with a link or
    /// notes.
    RemoveDuplicate { target: Target, ty: String },
    /// Gives a lexicon entity of a project lexicon file another canonical
    /// name, in the language of the name's script (Arabic or English); the
    /// name replaced stays as an alias.
    Rename { entity: String, name: String },
    /// Reverts the last command of this session that changed documents'
    /// annotations or rejections (see `history.rs`).
    Undo,
    /// Does again the last command undone.
    Redo,
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("{}: expected `{expected}` at {span} but the document has `{found}`; it changed since the action was offered", path.display())]
    Stale {
        path: PathBuf,
        span: Span,
        expected: String,
        found: String,
    },
    #[error("{}: no confirmed annotation at {span}", path.display())]
    NoAnnotation { path: PathBuf, span: Span },
    #[error("{}: no rejected suggestion at {span}", path.display())]
    NoRejection { path: PathBuf, span: Span },
    #[error("{}: no two annotations of type {ty} at {span}", path.display())]
    NoDuplicate {
        path: PathBuf,
        span: Span,
        ty: String,
    },
    #[error("{}: {span} overlaps the annotation `{other}`", path.display())]
    Overlap {
        path: PathBuf,
        span: Span,
        other: String,
    },
    /// A span that cannot be a name (empty, or across a line break).
    #[error("{}: {source}", path.display())]
    Span { path: PathBuf, source: AnnError },
    /// An argument that can never be written (a malformed entity id).
    #[error(transparent)]
    Argument(#[from] AnnError),
    #[error(
        "the type `{}` is not one of the project's types ({})",
        ty.escape_debug(),
        known.join(", ")
    )]
    UnknownType { ty: String, known: Vec<String> },
    #[error("unknown lexicon entity `{0}`")]
    UnknownEntity(String),
    /// A rename of an entity no project lexicon file defines.
    #[error("`{0}` is an entity of the embedded lexicon, which is not renamed; add an alias instead, or define the entity in .alama/lexicon.jsonl")]
    NotRenamable(String),
    /// A new name that cannot be one (empty, or across a line break).
    #[error("`{}` cannot be a name: it is empty or holds a line break", .0.escape_debug())]
    BadName(String),
    /// Undo or redo of a command on a document whose text changed since.
    #[error("{}: the text changed since; the annotations recorded no longer fit it", path.display())]
    Changed { path: PathBuf },
}

/// What a command did.
pub struct Outcome {
    /// One line for the annotator: "Accepted بغداد as GPE".
    pub summary: String,
    /// Set when the corpus' confirmed names changed: recounts the documents
    /// that are not open (see [`Recount`]).
    pub recount: Option<Recount>,
}

impl Workspace {
    /// Runs a command. What the annotator should be told besides (see
    /// [`Workspace::take_warnings`]) ends its summary too.
    pub fn execute(&mut self, command: Command) -> Result<Outcome, CommandError> {
        self.merged_names = false;
        let recorded = !matches!(command, Command::Undo | Command::Redo);
        if recorded {
            self.history.start();
        }
        let outcome = self.apply(command);
        if recorded {
            let summary = outcome.as_ref().ok().map(|o| o.summary.as_str());
            self.history.finish(summary);
        }
        let mut outcome = outcome?;
        // Writing merged another writer's names into a document.
        if std::mem::take(&mut self.merged_names) && outcome.recount.is_none() {
            outcome.recount = Some(self.repropagate());
        }
        for warning in &self.warnings {
            outcome.summary.push_str(". ");
            outcome.summary.push_str(warning);
        }
        Ok(outcome)
    }

    fn apply(&mut self, command: Command) -> Result<Outcome, CommandError> {
        let confirmed_changed = |summary: String, ws: &mut Workspace| Outcome {
            summary,
            recount: Some(ws.repropagate()),
        };
        match command {
            Command::Annotate { target, ty, entity } => {
                self.check_type(&ty)?;
                let link = self.link_of(entity.as_deref())?;
                let text = self.check(&target)?;
                self.check_writable(&target.path, false)?;
                let document = self.document_mut(&target.path)?;
                if let Some(other) = document
                    .annotations
                    .text_bounds()
                    .find(|t| t.span.overlaps(target.span))
                {
                    return Err(CommandError::Overlap {
                        path: target.path,
                        span: target.span,
                        other: other.text.clone(),
                    });
                }
                document.annotations.add(
                    &ty,
                    target.span,
                    &text,
                    link.as_ref().map(|(id, name)| (id.as_str(), name.as_str())),
                )?;
                document.rejections.retain(|r| r.span != target.span);
                self.updated(&target.path)?;
                Ok(confirmed_changed(format!("Accepted {text} as {ty}"), self))
            }
            Command::Reject { target, ty, entity } => {
                self.check_type(&ty)?;
                if let Some(entity) = &entity {
                    check_entity_id(entity)?;
                }
                let text = self.check(&target)?;
                self.check_writable(&target.path, true)?;
                let document = self.document_mut(&target.path)?;
                document.rejections.retain(|r| r.span != target.span);
                document.rejections.push(Rejection {
                    span: target.span,
                    ty: ty.clone(),
                    entity,
                    text: text.clone(),
                });
                self.updated(&target.path)?;
                Ok(Outcome {
                    summary: format!("Rejected {text} as {ty}"),
                    recount: None,
                })
            }
            Command::Unreject { target } => {
                let text = self.check(&target)?;
                self.check_writable(&target.path, true)?;
                let document = self.document_mut(&target.path)?;
                let before = document.rejections.len();
                document.rejections.retain(|r| r.span != target.span);
                if document.rejections.len() == before {
                    return Err(CommandError::NoRejection {
                        path: target.path,
                        span: target.span,
                    });
                }
                self.updated(&target.path)?;
                Ok(Outcome {
                    summary: format!("Restored the suggestion {text}"),
                    recount: None,
                })
            }
            Command::AcceptAll { document, key } => {
                let accepted = self.accept_all(document.as_deref(), key.as_deref())?;
                Ok(confirmed_changed(
                    format!("Accepted {accepted} suggestions"),
                    self,
                ))
            }
            Command::Retype { target, ty } => {
                self.check_type(&ty)?;
                let id = self.annotation_at(&target)?;
                self.check_writable(&target.path, false)?;
                let document = self.document_mut(&target.path)?;
                document.annotations.retype(id, &ty)?;
                self.updated(&target.path)?;
                Ok(confirmed_changed(
                    format!("Changed {} to {ty}", target.text),
                    self,
                ))
            }
            Command::RemoveDuplicate { target, ty } => {
                self.check(&target)?;
                let id = self
                    .document(&target.path)?
                    .annotations
                    .duplicate_to_remove(target.span, &ty)
                    .ok_or_else(|| CommandError::NoDuplicate {
                        path: target.path.clone(),
                        span: target.span,
                        ty: ty.clone(),
                    })?;
                self.check_writable(&target.path, false)?;
                let document = self.document_mut(&target.path)?;
                document.annotations.remove(id);
                self.updated(&target.path)?;
                Ok(confirmed_changed(
                    format!("Removed a duplicate {ty} annotation of {}", target.text),
                    self,
                ))
            }
            Command::Respan { target, span } => {
                let id = self.annotation_at(&target)?;
                let inside = target.span.start <= span.start && span.end <= target.span.end;
                let current = self.current_text(&target.path)?;
                let text = current.slice(span).filter(|_| inside).map(str::to_owned);
                let Some(text) = text else {
                    return Err(CommandError::Stale {
                        path: target.path,
                        span,
                        expected: target.text,
                        found: String::new(),
                    });
                };
                self.check_writable(&target.path, false)?;
                let document = self.document_mut(&target.path)?;
                document.annotations.respan(id, span, &text)?;
                self.updated(&target.path)?;
                Ok(confirmed_changed(
                    format!("Moved {} to {text}", target.text),
                    self,
                ))
            }
            Command::Remove { target } => {
                let id = self.annotation_at(&target)?;
                self.check_writable(&target.path, false)?;
                let document = self.document_mut(&target.path)?;
                document.annotations.remove(id);
                self.updated(&target.path)?;
                Ok(confirmed_changed(format!("Removed {}", target.text), self))
            }
            Command::Link { target, entity } => {
                let link = self.link_of(Some(&entity))?;
                let id = self.annotation_at(&target)?;
                self.check_writable(&target.path, false)?;
                let document = self.document_mut(&target.path)?;
                document.annotations.link(
                    id,
                    link.as_ref().map(|(id, name)| (id.as_str(), name.as_str())),
                )?;
                self.updated(&target.path)?;
                Ok(confirmed_changed(
                    format!("Linked {} to {entity}", target.text),
                    self,
                ))
            }
            Command::AddAlias { target, entity } => {
                self.link_of(Some(&entity))?;
                let alias = self.check(&target)?;
                self.add_alias(&entity, &alias)?;
                Ok(confirmed_changed(
                    format!("Added {alias} as an alias of {entity}"),
                    self,
                ))
            }
            Command::Rename { entity, name } => {
                let name = name.trim().to_owned();
                if name.is_empty() || name.contains(['\n', '\r']) {
                    return Err(CommandError::BadName(name));
                }
                let replaced = self.rename_entity(&entity, &name)?;
                let summary = match replaced {
                    Some(old) => format!("Renamed {entity} from {old} to {name}"),
                    None => format!("Named {entity} {name}"),
                };
                Ok(confirmed_changed(summary, self))
            }
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Review { document, state } => {
                let relative = self.relative(&document).filter(|_| self.admits(&document));
                let Some(relative) = relative else {
                    return Err(WorkspaceError::NotInWorkspace {
                        path: document,
                        root: self.root.clone(),
                    }
                    .into());
                };
                review::set_review(&self.root, &relative, state, &review::annotator())?;
                Ok(Outcome {
                    summary: format!("{relative} is {}", state.words()),
                    recount: None,
                })
            }
        }
    }

    fn check_type(&self, ty: &str) -> Result<(), CommandError> {
        if self.types().iter().any(|t| t == ty) {
            Ok(())
        } else {
            Err(CommandError::UnknownType {
                ty: ty.to_owned(),
                known: self.types().to_vec(),
            })
        }
    }

    /// The id and English (else first) name of a lexicon entity.
    fn link_of(&self, entity: Option<&str>) -> Result<Option<(String, String)>, CommandError> {
        let Some(id) = entity else {
            return Ok(None);
        };
        check_entity_id(id)?;
        let lexicon = self.engine.lexicon();
        let entity = lexicon
            .by_id(id)
            .ok_or_else(|| CommandError::UnknownEntity(id.to_owned()))?;
        Ok(Some((entity.id.to_string(), entity.name("en").to_owned())))
    }

    /// The current text of a document: its buffer if open, else the disk.
    pub(super) fn current_text(&self, path: &Path) -> Result<Arc<Text>, CommandError> {
        let document = self.document(path)?;
        match &document.buffer {
            Some(buffer) => Ok(buffer.text.clone()),
            None => Ok(Arc::new(Text::new(
                read_utf8(path).map_err(WorkspaceError::from)?,
            ))),
        }
    }

    /// Checks that the target's text is still in place and can be a name
    /// (not empty, on one line); returns it.
    fn check(&self, target: &Target) -> Result<String, CommandError> {
        let text = self.current_text(&target.path)?;
        let found = text.slice(target.span).unwrap_or_default();
        let not_a_name = |source| CommandError::Span {
            path: target.path.clone(),
            source,
        };
        if target.span.is_empty() {
            return Err(not_a_name(AnnError::EmptySpan(target.span)));
        }
        if found != target.text {
            return Err(CommandError::Stale {
                path: target.path.clone(),
                span: target.span,
                expected: target.text.clone(),
                found: found.to_owned(),
            });
        }
        check_name(target.span, found).map_err(not_a_name)?;
        Ok(found.to_owned())
    }

    /// Checks, before a command changes a document, that what it will
    /// write can be written: the document's `.ann` file and (with
    /// `rejections`) the project's rejections file lead nowhere outside the
    /// workspace and are no symbolic links. A refused write then changes
    /// nothing.
    fn check_writable(&self, path: &Path, rejections: bool) -> Result<(), CommandError> {
        let ann = ann_path(path);
        let rejections_file = rejections.then(|| self.rejections_file());
        for file in std::iter::once(ann).chain(rejections_file) {
            guard(&self.root, &file)?;
            check_replaceable(&file).map_err(|source| WorkspaceError::Write {
                path: file.clone(),
                source,
            })?;
        }
        Ok(())
    }

    fn annotation_at(&self, target: &Target) -> Result<u32, CommandError> {
        self.check(target)?;
        self.documents
            .get(&target.path)
            .and_then(|d| d.annotations.at(target.span))
            .map(|t| t.id)
            .ok_or_else(|| CommandError::NoAnnotation {
                path: target.path.clone(),
                span: target.span,
            })
    }

    pub(super) fn document(&self, path: &Path) -> Result<&Document, CommandError> {
        self.documents
            .get(path)
            .ok_or_else(|| self.not_indexed(path))
    }

    /// The document a command changes, recorded for undo first.
    pub(super) fn document_mut(&mut self, path: &Path) -> Result<&mut Document, CommandError> {
        if !self.documents.contains_key(path) {
            return Err(self.not_indexed(path));
        }
        self.record(path)?;
        Ok(self.documents.get_mut(path).expect("checked above"))
    }

    /// Why `path` is not indexed: a document of the workspace whose file
    /// cannot be read (not UTF-8, say) says so; any other path is not a
    /// document of the workspace.
    fn not_indexed(&self, path: &Path) -> CommandError {
        if self.admits(path) {
            if let Err(error) = read_utf8(path) {
                return WorkspaceError::from(error).into();
            }
        }
        WorkspaceError::NotInWorkspace {
            path: path.to_owned(),
            root: self.root.clone(),
        }
        .into()
    }

    /// After a document's annotations or rejections changed: its mentions
    /// and counts follow, and what can be written is written.
    pub(super) fn updated(&mut self, path: &Path) -> Result<(), CommandError> {
        let document = self.documents.get_mut(path).expect("checked by the caller");
        if document.buffer.is_some() {
            let contribution = Self::remerge(document);
            self.set_contribution(path, contribution);
            self.changed.insert(path.to_owned());
        }
        self.persist(path)?;
        Ok(())
    }

    /// Confirms the suggestions with `key` in `scope` (one document, or
    /// every document where the counts show one); returns how many.
    fn accept_all(
        &mut self,
        scope: Option<&Path>,
        key: Option<&str>,
    ) -> Result<usize, CommandError> {
        let paths = match scope {
            Some(path) => vec![path.to_owned()],
            None => self.documents_suggesting(key),
        };
        let mut accepted = 0;
        for path in paths {
            let text = self.current_text(&path)?;
            let mentions = self.mentions_of(&path, &text)?;
            let matching: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.status == Status::Suggested)
                .filter(|m| key.is_none_or(|key| mention_key(&text, m) == key))
                .collect();
            if matching.is_empty() {
                continue;
            }
            let links: Vec<Option<(String, String)>> = matching
                .iter()
                .map(|m| self.link_of(m.entity.as_deref()))
                .collect::<Result<_, _>>()?;
            self.check_writable(&path, false)?;
            let document = self.document_mut(&path)?;
            // All of a document's suggestions are added, or none.
            let mut annotations = document.annotations.clone();
            for (m, link) in matching.iter().zip(&links) {
                annotations.add(
                    &m.ty,
                    m.span,
                    text.slice(m.span).unwrap_or_default(),
                    link.as_ref().map(|(id, name)| (id.as_str(), name.as_str())),
                )?;
            }
            document.annotations = annotations;
            accepted += matching.len();
            self.updated(&path)?;
        }
        Ok(accepted)
    }

    /// The documents whose counts show a suggestion with `key` (any
    /// suggestion, without a key).
    fn documents_suggesting(&self, key: Option<&str>) -> Vec<PathBuf> {
        self.documents
            .iter()
            .filter(|(_, d)| {
                d.contribution
                    .iter()
                    .any(|(k, counts)| key.is_none_or(|key| k == key) && counts.suggested > 0)
            })
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Every mention in the corpus whose [`entity_key`](super::entity_key)
    /// is `key`, by document, with the document's current text (see
    /// [`Workspace::mention_search`], which does this off the lock).
    pub fn find_mentions(&self, key: &str) -> Vec<(PathBuf, Arc<Text>, Vec<Mention>)> {
        self.mention_search(key).run()
    }

    /// A document's current text and mentions: a closed document's text
    /// is read from disk and recognized again.
    pub(crate) fn text_and_mentions(&self, path: &Path) -> Option<(Arc<Text>, Vec<Mention>)> {
        let text = self.current_text(path).ok()?;
        let mentions = self.mentions_of(path, &text).ok()?;
        Some((text, mentions))
    }

    /// The mentions of a document with the given current text.
    fn mentions_of(&self, path: &Path, text: &Text) -> Result<Vec<Mention>, CommandError> {
        let document = self.document(path)?;
        if let Some(buffer) = &document.buffer {
            return Ok(buffer.mentions.to_vec());
        }
        let recognizer = (&*self.engine, &*self.propagation);
        Ok(closed_mentions(
            recognizer,
            text,
            &document.annotations,
            &document.rejections,
        ))
    }
}
