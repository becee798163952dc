//! The annotator's choices at a place: each a title and a [`Command`].
//!
//! Actions are derived from the selection alone, never from diagnostics'
//! data, so that clients without `publishDiagnostics.dataSupport` get them.

use std::path::Path;

use alama_core::check::Finding;
use alama_core::engine::{Mention, Status};
use alama_core::review::State;
use alama_core::text::{Span, Text};

use crate::selection::snap;
use crate::workspace::{entity_key, mention_key, review, Command, Target, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// A decision on a mention (accept, reject, retype, remove, link).
    QuickFix,
    /// Tagging a selection.
    Refactor,
    /// A decision on the whole document (its review state).
    Source,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    /// The action an editor may apply without asking (accepting a
    /// suggestion as its type).
    pub preferred: bool,
    pub command: Command,
}

/// The actions at `selection` (code points; empty for a cursor) in the open
/// document `path`.
pub fn actions(workspace: &Workspace, path: &Path, selection: Span) -> Vec<Action> {
    let Some((text, mentions)) = workspace.open_document(path) else {
        return Vec::new();
    };
    let touched: Vec<&Mention> = mentions
        .iter()
        .filter(|m| {
            m.span.overlaps(selection)
                || (selection.is_empty()
                    && m.span.start <= selection.start
                    && selection.start <= m.span.end)
        })
        .collect();
    let mut actions = Vec::new();
    // The document's check findings, read once and only where a confirmed
    // annotation is touched.
    let mut findings = None;
    for mention in &touched {
        let target = target(path, text, mention.span);
        match mention.status {
            Status::Suggested => {
                on_suggestion(workspace, mentions, text, mention, target, &mut actions)
            }
            Status::Confirmed => {
                let findings = findings.get_or_insert_with(|| workspace.findings(path));
                if let Some(action) = trim(findings, text, mention, &target) {
                    actions.push(action);
                }
                if let Some(action) = remove_duplicate(findings, mention, &target) {
                    actions.push(action);
                }
                on_annotation(workspace, mention, target, &mut actions)
            }
        }
    }
    let known = |name: &str| {
        !workspace.engine().entities_named(name).is_empty() || workspace.is_confirmed_name(name)
    };
    if let Some(span) = snap(text, selection, known) {
        let annotated = mentions
            .iter()
            .any(|m| m.status == Status::Confirmed && m.span.overlaps(span));
        let suggested_as_is = touched.iter().any(|m| m.span == span);
        if let Some(action) = add_alias(workspace, mentions, target(path, text, span)) {
            actions.push(action);
        }
        if !annotated && !suggested_as_is {
            let target = target(path, text, span);
            for ty in workspace.types() {
                actions.push(Action {
                    title: format!("Tag «{}» as {ty}", target.text),
                    kind: ActionKind::Refactor,
                    preferred: false,
                    command: Command::Annotate {
                        target: target.clone(),
                        ty: ty.clone(),
                        entity: None,
                    },
                });
            }
        }
    }
    review_actions(workspace, path, &mut actions);
    actions
}

/// Trimming a confirmed annotation of the white space or punctuation at
/// its edges, when a check finds them there.
fn trim(findings: &[Finding], text: &Text, mention: &Mention, target: &Target) -> Option<Action> {
    let span = findings
        .iter()
        .find(|f| f.span == mention.span)
        .and_then(|f| f.fix)?;
    Some(Action {
        title: format!("Trim the annotation to «{}»", text.slice(span)?),
        kind: ActionKind::QuickFix,
        preferred: true,
        command: Command::Respan {
            target: target.clone(),
            span,
        },
    })
}

/// Removing one of the annotations of a confirmed mention's span and
/// type, when a check finds them annotated twice.
fn remove_duplicate(findings: &[Finding], mention: &Mention, target: &Target) -> Option<Action> {
    let duplicate = findings
        .iter()
        .any(|f| f.span == mention.span && f.code == "duplicate");
    duplicate.then(|| Action {
        title: format!("Remove the duplicate {} annotation", mention.ty),
        kind: ActionKind::QuickFix,
        preferred: true,
        command: Command::RemoveDuplicate {
            target: target.clone(),
            ty: mention.ty.to_string(),
        },
    })
}

/// Setting the document's review state to each state it is not in.
fn review_actions(workspace: &Workspace, path: &Path, actions: &mut Vec<Action>) {
    let Some(relative) = workspace.relative_path(path) else {
        return;
    };
    // A file that cannot be read offers every state; setting one says why
    // it fails.
    let current = review::read_reviews(workspace.root())
        .map(|(reviews, _)| reviews.state(&relative))
        .ok();
    for state in State::ALL {
        if Some(state) != current {
            actions.push(Action {
                title: format!("Mark this document as {}", state.words()),
                kind: ActionKind::Source,
                preferred: false,
                command: Command::Review {
                    document: path.to_owned(),
                    state,
                },
            });
        }
    }
}

fn target(path: &Path, text: &Text, span: Span) -> Target {
    Target {
        path: path.to_owned(),
        span,
        text: text.slice(span).unwrap_or_default().to_owned(),
    }
}

fn on_suggestion(
    workspace: &Workspace,
    mentions: &[Mention],
    text: &Text,
    mention: &Mention,
    target: Target,
    actions: &mut Vec<Action>,
) {
    let name = &target.text;
    let accept = |ty: &str, preferred| Action {
        title: format!("Accept «{name}» as {ty}"),
        kind: ActionKind::QuickFix,
        preferred,
        command: Command::Annotate {
            target: target.clone(),
            ty: ty.to_owned(),
            entity: mention.entity.as_deref().map(str::to_owned),
        },
    };
    actions.push(accept(&mention.ty, true));
    actions.push(Action {
        title: format!("Reject «{name}» as {}", mention.ty),
        kind: ActionKind::QuickFix,
        preferred: false,
        command: Command::Reject {
            target: target.clone(),
            ty: mention.ty.to_string(),
            entity: mention.entity.as_deref().map(str::to_owned),
        },
    });
    let key = entity_key(&mention.ty, mention.entity.as_deref(), name);
    let here = mentions
        .iter()
        .filter(|m| {
            m.status == Status::Suggested && m.ty == mention.ty && m.entity == mention.entity
        })
        .filter(|m| mention_key(text, m) == key)
        .count();
    if here > 1 {
        actions.push(Action {
            title: format!("Accept all {here} suggestions of «{name}» in this document"),
            kind: ActionKind::QuickFix,
            preferred: false,
            command: Command::AcceptAll {
                document: Some(target.path.clone()),
                key: Some(key.clone()),
            },
        });
    }
    let in_corpus = workspace.tally(&key).suggested;
    if in_corpus > here {
        actions.push(Action {
            title: format!("Accept all {in_corpus} suggestions of «{name}» in the corpus"),
            kind: ActionKind::QuickFix,
            preferred: false,
            command: Command::AcceptAll {
                document: None,
                key: Some(key),
            },
        });
    }
    for ty in workspace
        .types()
        .iter()
        .filter(|t| t.as_str() != &*mention.ty)
    {
        actions.push(accept(ty, false));
    }
}

fn on_annotation(
    workspace: &Workspace,
    mention: &Mention,
    target: Target,
    actions: &mut Vec<Action>,
) {
    let name = &target.text;
    actions.push(Action {
        title: format!("Remove the annotation «{name}»"),
        kind: ActionKind::QuickFix,
        preferred: false,
        command: Command::Remove {
            target: target.clone(),
        },
    });
    for ty in workspace
        .types()
        .iter()
        .filter(|t| t.as_str() != &*mention.ty)
    {
        actions.push(Action {
            title: format!("Change «{name}» to {ty}"),
            kind: ActionKind::QuickFix,
            preferred: false,
            command: Command::Retype {
                target: target.clone(),
                ty: ty.clone(),
            },
        });
    }
    let lexicon = workspace.engine().lexicon();
    let candidates = workspace.engine().entities_named(name);
    if candidates.len() > 1 || mention.entity.is_none() {
        for id in candidates {
            if Some(id) == mention.entity.as_deref() {
                continue;
            }
            let Some(entity) = lexicon.by_id(id) else {
                continue;
            };
            let description = entity
                .description
                .as_deref()
                .map(|d| format!(", {d}"))
                .unwrap_or_default();
            actions.push(Action {
                title: format!("Link «{name}» to {}{description} ({id})", entity.name("en")),
                kind: ActionKind::QuickFix,
                preferred: false,
                command: Command::Link {
                    target: target.clone(),
                    entity: id.to_owned(),
                },
            });
        }
    }
}

/// Adding a selection as an alias of the entity of the nearest confirmed,
/// linked annotation, unless the selection is itself a linked mention.
fn add_alias(workspace: &Workspace, mentions: &[Mention], target: Target) -> Option<Action> {
    let span = target.span;
    if mentions
        .iter()
        .any(|m| m.span == span && m.entity.is_some())
    {
        return None;
    }
    let distance = |m: &Mention| {
        m.span
            .start
            .saturating_sub(span.end)
            .max(span.start.saturating_sub(m.span.end))
    };
    let neighbour = mentions
        .iter()
        .filter(|m| m.status == Status::Confirmed && m.entity.is_some())
        .min_by_key(|m| distance(m))?;
    let id = neighbour.entity.as_deref()?;
    let entity = workspace.engine().lexicon().by_id(id)?;
    Some(Action {
        title: format!(
            "Add «{}» as an alias of {} ({id})",
            target.text,
            entity.name("en")
        ),
        kind: ActionKind::Refactor,
        preferred: false,
        command: Command::AddAlias {
            target,
            entity: id.to_owned(),
        },
    })
}
