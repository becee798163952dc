//! The JSON sources: `alama export`'s JSON Lines, doccano's JSON Lines and
//! Label Studio's JSON export.

use alama_core::text::Span;
use rayon::prelude::*;
use serde_json::Value;

use super::{Content, Source};

/// The documents and problems read from a source.
type Read = (Vec<Source>, Vec<String>);

/// Each non-empty line of `content` as JSON, with its line number, parsed
/// on all cores; a line that is not JSON is a problem.
fn lines(name: &str, content: &str, problems: &mut Vec<String>) -> Vec<(usize, Value)> {
    let lines: Vec<(usize, &str)> = content
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let parsed: Vec<Result<(usize, Value), String>> = lines
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

/// `alama export --format jsonl`: `{"id","text","spans":[{"start","end",
/// "label","entity","status"}]}`, offsets in code points.
pub fn read_jsonl(name: &str, content: &str) -> Read {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let records = lines(name, content, &mut problems);
    for (number, record) in records {
        let place = format!("{name}:{number}");
        let Some(text) = record["text"].as_str() else {
            problems.push(format!("{place}: no \"text\" string"));
            continue;
        };
        let mut source = Source {
            id: id_of(record.get("id"), "document", number),
            place: place.clone(),
            content: Content::Text(text.to_owned()),
            spans: Vec::new(),
            suggestions: 0,
        };
        for (i, span) in record["spans"].as_array().into_iter().flatten().enumerate() {
            if span["status"].as_str() == Some("suggested") {
                source.suggestions += 1;
                continue;
            }
            let (Some(start), Some(end), Some(label)) = (
                offset(&span["start"]),
                offset(&span["end"]),
                span["label"].as_str(),
            ) else {
                problems.push(format!(
                    "{place}: span {i}: expected \"start\", \"end\" and \"label\""
                ));
                continue;
            };
            let entity = span["entity"].as_str().map(str::to_owned);
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
    let records = lines(name, content, &mut problems);
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

/// Label Studio's JSON export: an array of tasks `{"id","data":{"text"},
/// "annotations":[{"result":[{"type":"labels","value":{"start","end",
/// "labels"}}]}],"predictions":[…]}`, offsets in UTF-16 units. The first
/// annotation not cancelled is imported; predictions are suggestions.
pub fn read_label_studio(name: &str, content: &str) -> Read {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let tasks = match serde_json::from_str::<Value>(content) {
        Ok(Value::Array(tasks)) => tasks,
        Ok(_) => {
            return (
                Vec::new(),
                vec![format!("{name}: expected an array of tasks")],
            )
        }
        Err(error) => return (Vec::new(), vec![format!("{name}: not JSON: {error}")]),
    };
    for (index, task) in tasks.iter().enumerate() {
        let place = format!("{name}: task {}", index + 1);
        let Some(text) = task["data"]["text"].as_str() else {
            problems.push(format!("{place}: no \"data\".\"text\" string"));
            continue;
        };
        let id = match task["data"].get("id") {
            Some(Value::String(id)) => id.clone(),
            _ => id_of(task.get("id"), "label-studio", index + 1),
        };
        let mut source = Source {
            id,
            place: place.clone(),
            content: Content::Text(text.to_owned()),
            spans: Vec::new(),
            suggestions: 0,
        };
        source.suggestions = task["predictions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p["result"].as_array().map_or(0, Vec::len))
            .sum();
        let annotation = task["annotations"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|a| a["was_cancelled"].as_bool() != Some(true));
        // The code point of each UTF-16 offset that starts a character.
        let mut code_points = std::collections::HashMap::new();
        let mut units = 0;
        for (i, c) in text.chars().enumerate() {
            code_points.insert(units, i);
            units += c.len_utf16();
        }
        code_points.insert(units, text.chars().count());
        let results = annotation.and_then(|a| a["result"].as_array());
        for (i, result) in results.into_iter().flatten().enumerate() {
            if result["type"].as_str() != Some("labels") {
                continue;
            }
            let value = &result["value"];
            let start = offset(&value["start"]).and_then(|u| code_points.get(&u).copied());
            let end = offset(&value["end"]).and_then(|u| code_points.get(&u).copied());
            let (Some(start), Some(end), Some(label)) = (start, end, value["labels"][0].as_str())
            else {
                problems.push(format!(
                    "{place}: result {}: expected \"start\" and \"end\" on characters of the \
                     text (UTF-16 units) and a label",
                    i + 1
                ));
                continue;
            };
            source
                .spans
                .push((Span::new(start, end.max(start)), label.to_owned(), None));
        }
        documents.push(source);
    }
    (documents, problems)
}
