//! The annotator's choices at a place: each a title and a [`Command`].
//!
//! Actions are derived from the selection alone, never from diagnostics'
//! data, so that clients without `publishDiagnostics.dataSupport` get them.

use std::path::Path;

use alama_core::check::{times, Finding};
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
    /// A choice the annotator makes in a pick list before the command
    /// runs: the value picked replaces the command's type or entity.
    pub pick: Option<Pick>,
}

impl Action {
    /// The command to run once `value` is picked from the action's pick
    /// list: the command with its type or entity replaced by it; `None`
    /// when the action has no pick list or `value` is none of its choices.
    pub fn picked(&self, value: &str) -> Option<Command> {
        let pick = self.pick.as_ref()?;
        pick.choices.iter().find(|c| c.value == value)?;
        let mut command = self.command.clone();
        match (&mut command, pick.field) {
            (Command::Annotate { ty, .. } | Command::Retype { ty, .. }, PickField::Type) => {
                *ty = value.to_owned();
            }
            (Command::AddAlias { entity, .. }, PickField::Entity) => *entity = value.to_owned(),
            _ => return None,
        }
        Some(command)
    }
}

/// A pick list: one menu entry ("Tag «…» as…") instead of one per type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub prompt: String,
    /// What the value picked replaces in the command.
    pub field: PickField,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickField {
    Type,
    Entity,
}

impl PickField {
    pub fn as_str(self) -> &'static str {
        match self {
            PickField::Type => "type",
            PickField::Entity => "entity",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub description: Option<String>,
    pub value: String,
}

/// How the menu offers a choice among many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// The client shows pick lists: one entry opens one ("Tag «…» as…").
    Pick,
    /// One entry per choice, for clients without pick lists.
    Flat,
}

/// The most entities an alias pick list offers.
const MAX_ALIAS_CHOICES: usize = 20;

/// The actions at `selection` (code points; empty for a cursor) in the open
/// document `path`.
///
/// With [`Menu::Pick`], a suggestion offers Accept (preferred), Reject, the
/// accept-alls and one "Accept as another type…" entry, a confirmed
/// annotation Remove and one "Change to another type…" entry, a selection
/// one "Tag as…" entry, and "Add as an alias of…" lets the annotator pick
/// the entity among those the document names. With [`Menu::Flat`], each
/// type is an entry of its own, and no alias is offered: an alias must be
/// of an entity the annotator picked, never one chosen for them.
pub fn actions(workspace: &Workspace, path: &Path, selection: Span, menu: Menu) -> Vec<Action> {
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
            Status::Suggested => on_suggestion(
                workspace,
                (mentions, text),
                mention,
                target,
                menu,
                &mut actions,
            ),
            Status::Confirmed => {
                let findings = findings.get_or_insert_with(|| workspace.findings(path));
                if let Some(action) = trim(findings, text, mention, &target) {
                    actions.push(action);
                }
                if let Some(action) = remove_duplicate(findings, mention, &target) {
                    actions.push(action);
                }
                align_type(workspace, findings, mention, &target, &mut actions);
                on_annotation(workspace, mention, target, menu, &mut actions)
            }
        }
    }
    // A suggestion rejected here can be restored: the rejection leaves a
    // way back where it was.
    for rejection in workspace.rejections_at(path, selection) {
        let target = target(path, text, rejection.span);
        if target.text != rejection.text {
            continue;
        }
        actions.push(Action {
            title: format!("Restore «{}», rejected as {}", rejection.text, rejection.ty),
            kind: ActionKind::QuickFix,
            preferred: false,
            command: Command::Unreject { target },
            pick: None,
        });
    }
    let known = |name: &str| {
        !workspace.engine().entities_named(name).is_empty() || workspace.is_confirmed_name(name)
    };
    if let Some(span) = snap(text, selection, known) {
        let annotated = mentions
            .iter()
            .any(|m| m.status == Status::Confirmed && m.span.overlaps(span));
        let suggested_as_is = touched.iter().any(|m| m.span == span);
        if menu == Menu::Pick {
            if let Some(action) = add_alias(workspace, mentions, target(path, text, span)) {
                actions.push(action);
            }
        }
        if !annotated && !suggested_as_is {
            let target = target(path, text, span);
            let tag = |ty: &str| Command::Annotate {
                target: target.clone(),
                ty: ty.to_owned(),
                entity: None,
            };
            let types: Vec<&str> = workspace.types().iter().map(String::as_str).collect();
            actions.extend(per_type(
                menu,
                (&format!("Tag «{}» as", target.text), "Choose the type"),
                ActionKind::Refactor,
                &types,
                tag,
            ));
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
        pick: None,
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
        pick: None,
    })
}

/// Changing a confirmed annotation to each type its name is confirmed with
/// elsewhere in the corpus, when a check finds the types in conflict. The
/// change is the preferred fix when one other type alone is confirmed,
/// and more often than the annotation's own type (this one included).
fn align_type(
    workspace: &Workspace,
    findings: &[Finding],
    mention: &Mention,
    target: &Target,
    actions: &mut Vec<Action>,
) {
    let conflict = findings
        .iter()
        .any(|f| f.span == mention.span && f.code == "type-conflict");
    if !conflict {
        return;
    }
    let others = workspace.other_confirmed_types(&target.text, &mention.ty);
    let own = workspace.confirmed_count(&target.text, &mention.ty);
    let clear = matches!(others.as_slice(), [(_, n)] if *n > own);
    for (ty, n) in others {
        actions.push(Action {
            title: format!(
                "Change «{}» to {ty}, as it is confirmed {} in the corpus",
                target.text,
                times(n)
            ),
            kind: ActionKind::QuickFix,
            preferred: clear,
            command: Command::Retype {
                target: target.clone(),
                ty,
            },
            pick: None,
        });
    }
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
                pick: None,
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

/// The entries of a choice among `types`: with [`Menu::Pick`] one
/// entry, titled `title…`, whose pick list (`prompt`) sets the command's
/// type; with [`Menu::Flat`] one entry per type, `title TYPE`.
fn per_type(
    menu: Menu,
    (title, prompt): (&str, &str),
    kind: ActionKind,
    types: &[&str],
    command: impl Fn(&str) -> Command,
) -> Vec<Action> {
    let Some(first) = types.first() else {
        return Vec::new();
    };
    match menu {
        Menu::Pick => vec![Action {
            title: format!("{title}…"),
            kind,
            preferred: false,
            command: command(first),
            pick: Some(Pick {
                prompt: prompt.to_owned(),
                field: PickField::Type,
                choices: types
                    .iter()
                    .map(|ty| Choice {
                        label: (*ty).to_owned(),
                        description: None,
                        value: (*ty).to_owned(),
                    })
                    .collect(),
            }),
        }],
        Menu::Flat => types
            .iter()
            .map(|ty| Action {
                title: format!("{title} {ty}"),
                kind,
                preferred: false,
                command: command(ty),
                pick: None,
            })
            .collect(),
    }
}

fn on_suggestion(
    workspace: &Workspace,
    (mentions, text): (&[Mention], &Text),
    mention: &Mention,
    target: Target,
    menu: Menu,
    actions: &mut Vec<Action>,
) {
    let name = &target.text;
    let annotate = |ty: &str| Command::Annotate {
        target: target.clone(),
        ty: ty.to_owned(),
        entity: mention.entity.as_deref().map(str::to_owned),
    };
    actions.push(Action {
        title: format!("Accept «{name}» as {}", mention.ty),
        kind: ActionKind::QuickFix,
        preferred: true,
        command: annotate(&mention.ty),
        pick: None,
    });
    actions.push(Action {
        title: format!("Reject «{name}» as {}", mention.ty),
        kind: ActionKind::QuickFix,
        preferred: false,
        command: Command::Reject {
            target: target.clone(),
            ty: mention.ty.to_string(),
            entity: mention.entity.as_deref().map(str::to_owned),
        },
        pick: None,
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
            pick: None,
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
            pick: None,
        });
    }
    let others = other_types(workspace, &mention.ty);
    let title = match menu {
        Menu::Pick => format!("Accept «{name}» as another type"),
        Menu::Flat => format!("Accept «{name}» as"),
    };
    actions.extend(per_type(
        menu,
        (&title, "Accept as"),
        ActionKind::QuickFix,
        &others,
        annotate,
    ));
}

/// The project's types but `ty`.
fn other_types<'w>(workspace: &'w Workspace, ty: &str) -> Vec<&'w str> {
    (workspace.types().iter())
        .map(String::as_str)
        .filter(|t| *t != ty)
        .collect()
}

fn on_annotation(
    workspace: &Workspace,
    mention: &Mention,
    target: Target,
    menu: Menu,
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
        pick: None,
    });
    let others = other_types(workspace, &mention.ty);
    let title = match menu {
        Menu::Pick => format!("Change «{name}» to another type"),
        Menu::Flat => format!("Change «{name}» to"),
    };
    let retype = |ty: &str| Command::Retype {
        target: target.clone(),
        ty: ty.to_owned(),
    };
    actions.extend(per_type(
        menu,
        (&title, "Change to"),
        ActionKind::QuickFix,
        &others,
        retype,
    ));
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
                pick: None,
            });
        }
    }
}

/// Adding a selection as an alias of an entity the annotator picks among
/// the linked entities the document names, nearest first, unless the
/// selection is itself a linked mention.
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
    let mut linked: Vec<&Mention> = mentions.iter().filter(|m| m.entity.is_some()).collect();
    linked.sort_by_key(|m| (m.status != Status::Confirmed, distance(m)));
    let lexicon = workspace.engine().lexicon();
    let mut seen = std::collections::HashSet::new();
    let choices: Vec<Choice> = linked
        .iter()
        .filter_map(|m| m.entity.as_deref())
        .filter(|id| seen.insert(*id))
        .filter_map(|id| {
            let entity = lexicon.by_id(id)?;
            let mut description = format!("{} · {id}", entity.ty);
            if let Some(about) = &entity.description {
                description.push_str(" · ");
                description.push_str(about);
            }
            Some(Choice {
                label: entity.name("en").to_owned(),
                description: Some(description),
                value: id.to_owned(),
            })
        })
        .take(MAX_ALIAS_CHOICES)
        .collect();
    let first = choices.first()?.value.clone();
    Some(Action {
        title: format!("Add «{}» as an alias of…", target.text),
        kind: ActionKind::Refactor,
        preferred: false,
        command: Command::AddAlias {
            target,
            entity: first,
        },
        pick: Some(Pick {
            prompt: "Add as an alias of".to_owned(),
            field: PickField::Entity,
            choices,
        }),
    })
}
