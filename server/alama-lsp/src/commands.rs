//! The commands of code actions and code lenses, as
//! `workspace/executeCommand` carries them, and the queries a client sends
//! the same way.
//!
//! Each command has one argument, an object naming the document by URI and
//! the span by code point offsets with the text expected there (the server
//! refuses a command whose text moved). Clients pass it back untouched.

use std::path::PathBuf;

use alama_core::text::Span;
use alama_ide::actions::Pick;
use alama_ide::workspace::{Command, Target};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::ls_types::{Position, Uri};

use crate::uri::to_path;

pub const ANNOTATE: &str = "alama.annotate";
pub const REJECT: &str = "alama.reject";
/// Takes back the rejection of a span: the target.
pub const UNREJECT: &str = "alama.unreject";
pub const ACCEPT_ALL: &str = "alama.acceptAll";
pub const RETYPE: &str = "alama.retype";
pub const REMOVE: &str = "alama.remove";
pub const LINK: &str = "alama.link";
pub const ADD_ALIAS: &str = "alama.addAlias";
/// Moves a confirmed annotation: the target and `{"toStart", "toEnd"}`.
pub const RESPAN: &str = "alama.respan";
/// Removes one of two annotations of a span and type: the target and
/// `{"type"}`.
pub const REMOVE_DUPLICATE: &str = "alama.removeDuplicate";
/// Sets a document's review state: `{"uri", "state"}`, the state `todo`,
/// `in-progress` or `done`.
pub const REVIEW: &str = "alama.review";
/// Accepts every suggestion of a document: `{"uri"}`.
pub const ACCEPT_DOCUMENT: &str = "alama.acceptDocument";
/// Reverts the last annotation command of this session in the workspace
/// of `{"uri"}`; `alama.redo` does it again.
pub const UNDO: &str = "alama.undo";
/// Gives a project lexicon entity another canonical name: `{"uri",
/// "entity", "text"}`, the new name in `text` (see `textDocument/rename`).
pub const RENAME_ENTITY: &str = "alama.renameEntity";
pub const REDO: &str = "alama.redo";
/// A command of the client, not of the server (so not in [`ALL`]): it shows
/// a pick list, then runs a server command with the value picked. Its one
/// argument is `{"prompt", "field", "choices": [{"label", "description",
/// "value"}], "command", "argument"}`: the client runs `command` with
/// `argument` where `field` (`type` or `entity`) is the value picked.
/// Offered only to clients that declare `experimental.alama.pick`.
pub const PICK: &str = "alama.pick";
/// A query, not a decision: the mentions in the corpus of the entity at
/// `{"uri", "position"}` (see `handlers/execute_command.rs`).
pub const MENTIONS: &str = "alama.mentions";
/// A query: the location of the next suggestion of a document after a
/// position, `[uri, position]` or `{"uri", "position"}` (see
/// `alama_ide::navigation`).
pub const NEXT_SUGGESTION: &str = "alama.nextSuggestion";
/// A query: the location of the previous suggestion before a position, with
/// the arguments of [`NEXT_SUGGESTION`].
pub const PREVIOUS_SUGGESTION: &str = "alama.previousSuggestion";
/// A command of the clients, not of the server: it asks the annotator for a
/// review state, then sets it with [`REVIEW`]. A code lens carries it with
/// `{"uri"}`. It is not in [`ALL`]: the server does not run it.
pub const SET_REVIEW_STATE: &str = "alama.setReviewState";

pub const ALL: &[&str] = &[
    ANNOTATE,
    REJECT,
    UNREJECT,
    ACCEPT_ALL,
    RETYPE,
    REMOVE,
    LINK,
    ADD_ALIAS,
    RESPAN,
    REMOVE_DUPLICATE,
    REVIEW,
    ACCEPT_DOCUMENT,
    UNDO,
    REDO,
    RENAME_ENTITY,
    MENTIONS,
    NEXT_SUGGESTION,
    PREVIOUS_SUGGESTION,
];

/// The argument of every command; which fields are needed depends on it.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Argument {
    uri: Option<Uri>,
    start: Option<usize>,
    end: Option<usize>,
    text: Option<String>,
    #[serde(rename = "type")]
    ty: Option<String>,
    entity: Option<String>,
    key: Option<String>,
    /// `document` or `corpus`, for accept-all.
    scope: Option<String>,
    /// A review state.
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    /// Where an annotation moves to, for respan.
    #[serde(skip_serializing_if = "Option::is_none")]
    to_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_end: Option<usize>,
    /// An LSP position, for the mentions query.
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<Position>,
}

/// The document a command applies to (for accept-all in the corpus, the
/// document it was offered in).
pub fn document_of(arguments: &[Value]) -> Option<PathBuf> {
    let argument: Argument = serde_json::from_value(arguments.first()?.clone()).ok()?;
    to_path(argument.uri.as_ref()?)
}

/// The argument of [`PICK`]: the pick list, and the server command `name`
/// with its `argument`, whose field the value picked replaces.
pub fn pick_json(pick: &Pick, name: &str, argument: Value) -> Value {
    let choices: Vec<Value> = pick
        .choices
        .iter()
        .map(|c| match &c.description {
            Some(description) => {
                serde_json::json!({"label": c.label, "description": description, "value": c.value})
            }
            None => serde_json::json!({"label": c.label, "value": c.value}),
        })
        .collect();
    serde_json::json!({
        "prompt": pick.prompt,
        "field": pick.field.as_str(),
        "choices": choices,
        "command": name,
        "argument": argument,
    })
}

pub fn to_json(command: &Command, offered_in: &Uri) -> (&'static str, Value) {
    let target = |t: &Target| Argument {
        uri: Some(offered_in.clone()),
        start: Some(t.span.start),
        end: Some(t.span.end),
        text: Some(t.text.clone()),
        ..Argument::default()
    };
    let (name, argument) = match command {
        Command::Annotate {
            target: t,
            ty,
            entity,
        } => (
            ANNOTATE,
            Argument {
                ty: Some(ty.clone()),
                entity: entity.clone(),
                ..target(t)
            },
        ),
        Command::Reject {
            target: t,
            ty,
            entity,
        } => (
            REJECT,
            Argument {
                ty: Some(ty.clone()),
                entity: entity.clone(),
                ..target(t)
            },
        ),
        Command::Unreject { target: t } => (UNREJECT, target(t)),
        Command::AcceptAll { document, key } => (
            ACCEPT_ALL,
            Argument {
                uri: Some(offered_in.clone()),
                key: key.clone(),
                scope: Some(
                    if document.is_some() {
                        "document"
                    } else {
                        "corpus"
                    }
                    .to_owned(),
                ),
                ..Argument::default()
            },
        ),
        Command::Retype { target: t, ty } => (
            RETYPE,
            Argument {
                ty: Some(ty.clone()),
                ..target(t)
            },
        ),
        Command::Remove { target: t } => (REMOVE, target(t)),
        Command::Link { target: t, entity } => (
            LINK,
            Argument {
                entity: Some(entity.clone()),
                ..target(t)
            },
        ),
        Command::AddAlias { target: t, entity } => (
            ADD_ALIAS,
            Argument {
                entity: Some(entity.clone()),
                ..target(t)
            },
        ),
        Command::Respan { target: t, span } => (
            RESPAN,
            Argument {
                to_start: Some(span.start),
                to_end: Some(span.end),
                ..target(t)
            },
        ),
        Command::RemoveDuplicate { target: t, ty } => (
            REMOVE_DUPLICATE,
            Argument {
                ty: Some(ty.clone()),
                ..target(t)
            },
        ),
        Command::Review { state, .. } => (
            REVIEW,
            Argument {
                uri: Some(offered_in.clone()),
                state: Some(state.as_str().to_owned()),
                ..Argument::default()
            },
        ),
        Command::Rename { entity, name } => (
            RENAME_ENTITY,
            Argument {
                uri: Some(offered_in.clone()),
                entity: Some(entity.clone()),
                text: Some(name.clone()),
                ..Argument::default()
            },
        ),
        Command::Undo | Command::Redo => (
            if *command == Command::Undo {
                UNDO
            } else {
                REDO
            },
            Argument {
                uri: Some(offered_in.clone()),
                ..Argument::default()
            },
        ),
    };
    let value = serde_json::to_value(argument).expect("plain data serializes");
    (name, value)
}

pub fn from_json(name: &str, arguments: &[Value]) -> Result<Command, String> {
    let argument = single_argument(name, arguments)?;
    let missing = |field: &str| format!("{name}: missing `{field}`");
    let path = || -> Result<PathBuf, String> {
        let uri = argument.uri.as_ref().ok_or_else(|| missing("uri"))?;
        to_path(uri).ok_or_else(|| format!("{name}: `{}` is no file of this machine", uri.as_str()))
    };
    let target = || -> Result<Target, String> {
        let (start, end) = (
            argument.start.ok_or_else(|| missing("start"))?,
            argument.end.ok_or_else(|| missing("end"))?,
        );
        if start > end {
            return Err(format!("{name}: start {start} is after end {end}"));
        }
        Ok(Target {
            path: path()?,
            span: Span::new(start, end),
            text: argument.text.clone().ok_or_else(|| missing("text"))?,
        })
    };
    let ty = || argument.ty.clone().ok_or_else(|| missing("type"));
    let entity = || argument.entity.clone().ok_or_else(|| missing("entity"));
    Ok(match name {
        ANNOTATE => Command::Annotate {
            target: target()?,
            ty: ty()?,
            entity: argument.entity.clone(),
        },
        REJECT => Command::Reject {
            target: target()?,
            ty: ty()?,
            entity: argument.entity.clone(),
        },
        UNREJECT => Command::Unreject { target: target()? },
        ACCEPT_ALL => Command::AcceptAll {
            document: match argument.scope.as_deref() {
                Some("document") => Some(path()?),
                Some("corpus") => None,
                _ => {
                    return Err(format!(
                        "{name}: `scope` must be \"document\" or \"corpus\""
                    ))
                }
            },
            key: argument.key.clone(),
        },
        ACCEPT_DOCUMENT => Command::AcceptAll {
            document: Some(path()?),
            key: None,
        },
        RETYPE => Command::Retype {
            target: target()?,
            ty: ty()?,
        },
        REMOVE => Command::Remove { target: target()? },
        LINK => Command::Link {
            target: target()?,
            entity: entity()?,
        },
        ADD_ALIAS => Command::AddAlias {
            target: target()?,
            entity: entity()?,
        },
        RESPAN => {
            let (start, end) = (
                argument.to_start.ok_or_else(|| missing("toStart"))?,
                argument.to_end.ok_or_else(|| missing("toEnd"))?,
            );
            if start > end {
                return Err(format!("{name}: toStart {start} is after toEnd {end}"));
            }
            Command::Respan {
                target: target()?,
                span: Span::new(start, end),
            }
        }
        REMOVE_DUPLICATE => Command::RemoveDuplicate {
            target: target()?,
            ty: ty()?,
        },
        REVIEW => Command::Review {
            document: path()?,
            state: argument
                .state
                .as_deref()
                .ok_or_else(|| missing("state"))?
                .parse()
                .map_err(|e| format!("{name}: {e}"))?,
        },
        UNDO => {
            path()?;
            Command::Undo
        }
        RENAME_ENTITY => {
            path()?;
            Command::Rename {
                entity: entity()?,
                name: argument.text.clone().ok_or_else(|| missing("text"))?,
            }
        }
        REDO => {
            path()?;
            Command::Redo
        }
        _ => return Err(format!("unknown command `{name}`")),
    })
}

/// The document and position of the query `name`: one argument `{"uri",
/// "position"}`, or two, the URI and the position.
pub fn query_place(name: &str, arguments: &[Value]) -> Result<(Uri, Position), String> {
    if let [uri, position] = arguments {
        let uri = serde_json::from_value(uri.clone())
            .map_err(|e| format!("{name}: bad uri {uri}: {e}"))?;
        let position = serde_json::from_value(position.clone())
            .map_err(|e| format!("{name}: bad position {position}: {e}"))?;
        return Ok((uri, position));
    }
    let argument = single_argument(name, arguments)?;
    match (argument.uri, argument.position) {
        (Some(uri), Some(position)) => Ok((uri, position)),
        _ => Err(format!("{name}: needs `uri` and `position`")),
    }
}

fn single_argument(name: &str, arguments: &[Value]) -> Result<Argument, String> {
    let [argument] = arguments else {
        return Err(format!(
            "{name}: expected one argument, got {}",
            arguments.len()
        ));
    };
    serde_json::from_value(argument.clone()).map_err(|e| format!("{name}: bad argument: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn commands_survive_the_round_trip() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().canonicalize().unwrap().join("a.txt");
        let uri = Uri::from_file_path(&path).unwrap();
        let target = Target {
            path: path.clone(),
            span: Span::new(4, 9),
            text: "بغداد".to_owned(),
        };
        let commands = [
            Command::Annotate {
                target: target.clone(),
                ty: "GPE".to_owned(),
                entity: Some("geonames:98182".to_owned()),
            },
            Command::Reject {
                target: target.clone(),
                ty: "GPE".to_owned(),
                entity: None,
            },
            Command::AcceptAll {
                document: None,
                key: Some("geonames:98182".to_owned()),
            },
            Command::AcceptAll {
                document: Some(target.path.clone()),
                key: None,
            },
            Command::Retype {
                target: target.clone(),
                ty: "LOC".to_owned(),
            },
            Command::Remove {
                target: target.clone(),
            },
            Command::Link {
                target: target.clone(),
                entity: "geonames:1".to_owned(),
            },
            Command::AddAlias {
                target: target.clone(),
                entity: "geonames:98182".to_owned(),
            },
            Command::Review {
                document: path.clone(),
                state: alama_core::review::State::InProgress,
            },
            Command::Respan {
                target: target.clone(),
                span: Span::new(5, 8),
            },
            Command::RemoveDuplicate {
                target,
                ty: "GPE".to_owned(),
            },
            Command::Undo,
            Command::Redo,
            Command::Unreject {
                target: Target {
                    path: path.clone(),
                    span: Span::new(3, 8),
                    text: "بغداد".to_owned(),
                },
            },
            Command::Rename {
                entity: "wikidata:Q1".to_owned(),
                name: "Reuters".to_owned(),
            },
        ];
        for command in commands {
            let (name, value) = to_json(&command, &uri);
            assert_eq!(from_json(name, &[value]), Ok(command));
        }
    }

    #[test]
    fn a_query_names_its_place_in_one_argument_or_two() {
        let uri = "file:///corpus/a.txt";
        let position = json!({"line": 2, "character": 7});
        let expected = Ok((uri.parse::<Uri>().unwrap(), Position::new(2, 7)));
        let query = |arguments: Value| {
            let arguments: Vec<Value> = serde_json::from_value(arguments).unwrap();
            query_place(NEXT_SUGGESTION, &arguments)
        };
        assert_eq!(query(json!([uri, position])), expected);
        assert_eq!(query(json!([{"uri": uri, "position": position}])), expected);
        assert_eq!(
            query(json!([])),
            Err("alama.nextSuggestion: expected one argument, got 0".to_owned())
        );
        assert_eq!(
            query(json!([{"uri": uri}])),
            Err("alama.nextSuggestion: needs `uri` and `position`".to_owned())
        );
        assert_eq!(
            query(json!([uri, {"line": -1, "character": 0}])),
            Err("alama.nextSuggestion: bad position {\"character\":0,\"line\":-1}: invalid value: integer `-1`, expected u32".to_owned())
        );
        let Err(message) = query(json!([42, position])) else {
            panic!("a number was read as a URI");
        };
        assert!(
            message.starts_with("alama.nextSuggestion: bad uri 42: "),
            "{message}"
        );
        assert!(query(json!([uri, position, 3])).is_err());
    }

    #[test]
    fn bad_arguments_are_explained() {
        let cases = [
            (
                ANNOTATE,
                json!([]),
                "alama.annotate: expected one argument, got 0",
            ),
            (
                ANNOTATE,
                json!([{"uri": "file:///a.txt", "start": 1, "end": 2, "text": "x"}]),
                "alama.annotate: missing `type`",
            ),
            (
                REMOVE,
                json!([{"uri": "file:///a.txt", "start": 5, "end": 2, "text": "x"}]),
                "alama.remove: start 5 is after end 2",
            ),
            (
                REVIEW,
                json!([{"uri": "file:///a.txt", "state": "finished"}]),
                "alama.review: unknown review state \"finished\": expected todo, in-progress or done",
            ),
            (
                REMOVE,
                json!([{"uri": "file:///a.txt", "start": -1}]),
                "alama.remove: bad argument: invalid value: integer `-1`, expected usize",
            ),
            (
                ACCEPT_ALL,
                json!([{"uri": "file:///a.txt", "key": "k", "scope": "world"}]),
                "alama.acceptAll: `scope` must be \"document\" or \"corpus\"",
            ),
            (
                "alama.explode",
                json!([{}]),
                "unknown command `alama.explode`",
            ),
        ];
        for (name, arguments, expected) in cases {
            let arguments: Vec<Value> = serde_json::from_value(arguments).unwrap();
            assert_eq!(from_json(name, &arguments), Err(expected.to_owned()));
        }
    }
}
