//! The JSON sources: `alama export`'s JSON Lines, doccano's JSON Lines and
//! Label Studio's JSON export.

use alama_core::text::Span;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{Content, Source};

/// The documents and problems read from a source.
type Read = (Vec<Source>, Vec<String>);

/// Each non-empty line of `content` as JSON, with its line number, parsed
/// on all cores; a line that is not JSON is a problem.
fn lines<T: DeserializeOwned + Send>(
    name: &str,
    content: &str,
    problems: &mut Vec<String>,
) -> Vec<(usize, T)> {
    let lines: Vec<(usize, &str)> = content
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let parsed: Vec<Result<(usize, T), String>> = lines
        .into_par_iter()
        .map(|(index, line)| match serde_json::from_str(line) {
            Ok(value) => Ok((index + 1, value)),
            Err(error) => Err(format!("{name}:{}: not JSON: {error}", index + 1)),
        })
        .collect();
    let mut values = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(value) => values.push(value),
            Err(problem) => problems.push(problem),
        }
    }
    values
}

/// The id of a record: its string, or a name made of `prefix` and its
/// number.
fn id_of(value: Option<&Value>, prefix: &str, fallback: usize) -> String {
    match value {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(n)) => format!("{prefix}-{n}"),
        _ => format!("{prefix}-{fallback}"),
    }
}

/// A span's offset: a non-negative integer.
fn offset(value: &Value) -> Option<usize> {
    value.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// A line of `alama export --format jsonl`, without its tokens and tags,
/// which are skipped unread.
#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    text: Value,
    #[serde(default)]
    spans: Vec<SpanRecord>,
}

#[derive(Deserialize)]
struct SpanRecord {
    #[serde(default)]
    start: Value,
    #[serde(default)]
    end: Value,
    #[serde(default)]
    label: Value,
    #[serde(default)]
    entity: Value,
    #[serde(default)]
    status: Value,
}

/// `alama export --format jsonl`: `{"id","text","spans":[{"start","end",
/// "label","entity","status"}]}`, offsets in code points.
pub fn read_jsonl(name: &str, content: &str) -> Read {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let records: Vec<(usize, Record)> = lines(name, content, &mut problems);
    for (number, record) in records {
        let place = format!("{name}:{number}");
        let Value::String(text) = record.text else {
            problems.push(format!("{place}: no \"text\" string"));
            continue;
        };
        let mut source = Source {
            id: id_of(Some(&record.id), "document", number),
            place: place.clone(),
            content: Content::Text(text),
            spans: Vec::new(),
            suggestions: 0,
        };
        for (i, span) in record.spans.iter().enumerate() {
            if span.status.as_str() == Some("suggested") {
                source.suggestions += 1;
                continue;
            }
            let (Some(start), Some(end), Some(label)) =
                (offset(&span.start), offset(&span.end), span.label.as_str())
            else {
                problems.push(format!(
                    "{place}: span {i}: expected \"start\", \"end\" and \"label\""
                ));
                continue;
            };
            let entity = span.entity.as_str().map(str::to_owned);
            source
                .spans
                .push((Span::new(start, end.max(start)), label.to_owned(), entity));
        }
        documents.push(source);
    }
    (documents, problems)
}

/// doccano's JSON Lines for sequence labelling: `{"text","label":[[start,
/// end,"TYPE"]]}` or `{"text","entities":[{"start_offset","end_offset",
/// "label"}]}`, offsets in code points; `alama export`'s `suggested` list
/// names the spans that are suggestions.
pub fn read_doccano(name: &str, content: &str) -> Read {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let records: Vec<(usize, Value)> = lines(name, content, &mut problems);
    for (number, record) in records {
        let place = format!("{name}:{number}");
        let Some(text) = record["text"].as_str().or(record["data"].as_str()) else {
            problems.push(format!("{place}: no \"text\" string"));
            continue;
        };
        let suggested: Vec<u64> = record["suggested"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_u64)
            .collect();
        let mut source = Source {
            id: id_of(record.get("id"), "doccano", number),
            place: place.clone(),
            content: Content::Text(text.to_owned()),
            spans: Vec::new(),
            suggestions: 0,
        };
        let labels = record["label"].as_array().or(record["entities"].as_array());
        for (i, label) in labels.into_iter().flatten().enumerate() {
            if suggested.contains(&(i as u64)) {
                source.suggestions += 1;
                continue;
            }
            let read = match label {
                Value::Array(triple) if triple.len() == 3 => {
                    (offset(&triple[0]), offset(&triple[1]), triple[2].as_str())
                }
                _ => (
                    offset(&label["start_offset"]),
                    offset(&label["end_offset"]),
                    label["label"].as_str(),
                ),
            };
            let (Some(start), Some(end), Some(ty)) = read else {
                problems.push(format!(
                    "{place}: label {i}: expected [start, end, \"TYPE\"] or \
                     {{\"start_offset\", \"end_offset\", \"label\"}}"
                ));
                continue;
            };
            source
                .spans
                .push((Span::new(start, end.max(start)), ty.to_owned(), None));
        }
        documents.push(source);
    }
    (documents, problems)
}

/// A Label Studio task, as far as it is read.
#[derive(Deserialize)]
struct Task {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    data: TaskData,
    #[serde(default)]
    annotations: Vec<Annotation>,
    #[serde(default)]
    predictions: Vec<Annotation>,
}

#[derive(Default, Deserialize)]
struct TaskData {
    #[serde(default)]
    text: Value,
    #[serde(default)]
    id: Value,
}

#[derive(Deserialize)]
struct Annotation {
    #[serde(default)]
    was_cancelled: Value,
    #[serde(default)]
    result: Vec<Value>,
}

/// Label Studio's JSON export: an array of tasks `{"id","data":{"text"},
/// "annotations":[{"result":[{"type":"labels","value":{"start","end",
/// "labels"}}]}],"predictions":[…]}`, offsets in UTF-16 units. The first
/// annotation not cancelled is imported; predictions are suggestions.
pub fn read_label_studio(name: &str, content: &str) -> Read {
    // The array is only split into its tasks' texts here, each parsed on
    // its own on all cores.
    let tasks: Vec<&RawValue> = match serde_json::from_str(content) {
        Ok(tasks) => tasks,
        Err(error) => {
            return (
                Vec::new(),
                vec![format!("{name}: not a JSON array: {error}")],
            )
        }
    };
    let read: Vec<Result<Source, Vec<String>>> = tasks
        .into_par_iter()
        .enumerate()
        .map(
            |(index, raw)| match serde_json::from_str::<Task>(raw.get()) {
                Ok(task) => label_studio_task(name, index, task),
                Err(error) => Err(vec![format!(
                    "{name}: task {}: not a Label Studio task: {error}",
                    index + 1
                )]),
            },
        )
        .collect();
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok(source) => documents.push(source),
            Err(mut found) => problems.append(&mut found),
        }
    }
    (documents, problems)
}

/// The document of task `index` (from 0), or its problems.
fn label_studio_task(name: &str, index: usize, task: Task) -> Result<Source, Vec<String>> {
    let place = format!("{name}: task {}", index + 1);
    let Value::String(text) = task.data.text else {
        return Err(vec![format!("{place}: no \"data\".\"text\" string")]);
    };
    let id = match task.data.id {
        Value::String(id) => id,
        _ => id_of(Some(&task.id), "label-studio", index + 1),
    };
    let suggestions = task.predictions.iter().map(|p| p.result.len()).sum();
    let annotation = (task.annotations.iter()).find(|a| a.was_cancelled.as_bool() != Some(true));
    let results = annotation.map_or(&[][..], |a| &a.result[..]);
    // The code point at each UTF-16 offset that starts a character (and at
    // the end); `None` inside a surrogate pair.
    let code_points: Vec<Option<usize>> = if results.is_empty() {
        Vec::new()
    } else {
        let mut code_points = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.chars().enumerate() {
            code_points.push(Some(i));
            if c.len_utf16() == 2 {
                code_points.push(None);
            }
        }
        code_points.push(Some(text.chars().count()));
        code_points
    };
    let at = |value: &Value| offset(value).and_then(|u| code_points.get(u).copied().flatten());
    let mut problems = Vec::new();
    let mut spans = Vec::new();
    for (i, result) in results.iter().enumerate() {
        if result["type"].as_str() != Some("labels") {
            continue;
        }
        let value = &result["value"];
        let (Some(start), Some(end), Some(label)) = (
            at(&value["start"]),
            at(&value["end"]),
            value["labels"][0].as_str(),
        ) else {
            problems.push(format!(
                "{place}: result {}: expected \"start\" and \"end\" on characters of the \
                 text (UTF-16 units) and a label",
                i + 1
            ));
            continue;
        };
        spans.push((Span::new(start, end.max(start)), label.to_owned(), None));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Source {
        id,
        place,
        content: Content::Text(text),
        spans,
        suggestions,
    })
}
