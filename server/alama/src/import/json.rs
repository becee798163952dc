//! The JSON sources: `alama export`'s JSON Lines, doccano's JSON Lines and
//! Label Studio's JSON export.

use std::borrow::Cow;

use alama_core::formats::json_array;
use alama_core::text::Span;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{Content, Source, SourceSpan};

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

/// The code point at each UTF-16 offset of `text` that starts a character
/// (and at its end); `None` inside a surrogate pair.
fn code_points_of_units(text: &str) -> Vec<Option<usize>> {
    let mut code_points = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.chars().enumerate() {
        code_points.push(Some(i));
        if c.len_utf16() == 2 {
            code_points.push(None);
        }
    }
    code_points.push(Some(code_points.iter().flatten().count()));
    code_points
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
/// "label","entity","status"}]}`, offsets in code points, or in UTF-16
/// units when `utf16` (`--offsets utf16`).
pub fn read_jsonl(name: &str, content: &str, utf16: bool) -> Read {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let records: Vec<(usize, Record)> = lines(name, content, &mut problems);
    for (number, record) in records {
        let place = format!("{name}:{number}");
        let Value::String(text) = record.text else {
            problems.push(format!("{place}: no \"text\" string"));
            continue;
        };
        let units = if utf16 && !record.spans.is_empty() {
            code_points_of_units(&text)
        } else {
            Vec::new()
        };
        // An offset as a code point: as written, or from UTF-16 units.
        let at = |value: &Value| {
            let offset = offset(value)?;
            if utf16 {
                units.get(offset).copied().flatten()
            } else {
                Some(offset)
            }
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
                (at(&span.start), at(&span.end), span.label.as_str())
            else {
                problems.push(format!(
                    "{place}: span {i}: expected \"start\", \"end\" (on characters of the text) \
                     and \"label\""
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
    let code_points = if results.is_empty() {
        Vec::new()
    } else {
        code_points_of_units(&text)
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

/// spaCy's JSON training format, as `alama export --format spacy` writes it
/// and `spacy convert` reads it: an array of documents, each with
/// paragraphs of a raw text (or none, then the tokens and their spaces make
/// it) and sentences of tokens (`orth`, `space`, a BILUO or IOB `ner` tag).
/// Each paragraph is a document, named by its document's `name` (as
/// `alama export` writes it; with `-2`, `-3`… after the first paragraph),
/// or after the file and its place.
///
/// The documents are found in the array without parsing them (see
/// [`json_array`]) and parsed into borrowed structs on all cores as they
/// are found, so that the scan of the array overlaps the parsing: a tree of
/// `serde_json::Value` maps, one per token, takes many times the file's
/// size, and one pass through the whole array one core's time.
pub fn read_spacy(name: &str, content: &str) -> Read {
    let stem = std::path::Path::new(name)
        .file_stem()
        .map_or("document".to_owned(), |s| s.to_string_lossy().into_owned());
    // The scan runs on a thread of its own and hands each document to the
    // parsers through a bounded channel, numbered to be put back in order.
    let (sender, receiver) = std::sync::mpsc::sync_channel(256);
    let (scanned, mut read) = std::thread::scope(|scope| {
        let scan = scope.spawn(move || {
            let mut number = 0;
            json_array::for_each_element(content, |start, raw| {
                // The parsers stop taking documents only if they panicked,
                // and then the scan is over too.
                let _ = sender.send((number, start, raw));
                number += 1;
            })
        });
        let read: Vec<(usize, usize, ReadDocument)> = receiver
            .into_iter()
            .par_bridge()
            .map(|(number, start, raw)| (number, start, spacy_document(raw)))
            .collect();
        let scanned = scan.join().expect("the scan of the array does not panic");
        (scanned, read)
    });
    if let Err(problem) = scanned {
        return (Vec::new(), vec![format!("{name}: {problem}")]);
    }
    read.sort_unstable_by_key(|&(number, _, _)| number);
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    // The line of a faulty document is counted on from the last one's, so
    // that a file of many faults is still read once.
    let mut lines = json_array::Lines::new(content);
    for (d, (_, start, document)) in read.into_iter().enumerate() {
        let (document_name, paragraphs) = match document {
            Ok(document) => document,
            Err((line, problem)) => {
                // The error's line counts from the document's first.
                let line = lines.at(start) + line - 1;
                problems.push(format!("{name}:{line}: document {}: {problem}", d + 1));
                continue;
            }
        };
        for (p, paragraph) in paragraphs.into_iter().enumerate() {
            let place = format!("{name}: document {}, paragraph {}", d + 1, p + 1);
            let number = sources.len() + 1;
            let id = match (&document_name, p) {
                (Some(name), 0) => name.clone(),
                (Some(name), p) => format!("{name}-{}", p + 1),
                (None, _) => format!("{stem}-{number:04}"),
            };
            match paragraph {
                Ok((text, spans)) => sources.push(Source {
                    id,
                    place,
                    content: Content::Text(text),
                    spans,
                    suggestions: 0,
                }),
                Err(problem) => problems.push(format!("{place}: {problem}")),
            }
        }
    }
    (sources, problems)
}

/// A spaCy document's name and paragraphs, each read apart.
type Paragraphs = (
    Option<String>,
    Vec<Result<(String, Vec<SourceSpan>), String>>,
);

/// A spaCy document read, or its fault with its line in the document.
type ReadDocument = Result<Paragraphs, (usize, String)>;

/// Parses the spaCy document `raw`; a fault is returned with its line in
/// `raw`, counting from one.
fn spacy_document(raw: &str) -> ReadDocument {
    let document: SpacyDocument = serde_json::from_str(raw).map_err(|error| {
        // The message leaves its place to the caller, which names the
        // file's line.
        let line = error.line();
        let message = error.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(&*message, |(m, _)| m);
        (line, format!("not a spaCy document: {message}"))
    })?;
    let paragraphs = document.paragraphs.iter().map(spacy_paragraph).collect();
    Ok((document.name.map(Cow::into_owned), paragraphs))
}

/// A document of spaCy's JSON training format: the fields Alama reads.
#[derive(Deserialize)]
struct SpacyDocument<'a> {
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    paragraphs: Vec<SpacyParagraph<'a>>,
}

#[derive(Deserialize)]
struct SpacyParagraph<'a> {
    #[serde(borrow, default)]
    raw: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    sentences: Option<Vec<SpacySentence<'a>>>,
}

#[derive(Deserialize)]
struct SpacySentence<'a> {
    #[serde(borrow, default)]
    tokens: Vec<SpacyToken<'a>>,
}

#[derive(Deserialize)]
struct SpacyToken<'a> {
    #[serde(borrow, default)]
    orth: Option<Cow<'a, str>>,
    #[serde(default)]
    space: Option<bool>,
    #[serde(borrow, default)]
    ner: Option<Cow<'a, str>>,
}

/// The text of a paragraph and its entities, in code points.
fn spacy_paragraph(paragraph: &SpacyParagraph) -> Result<(String, Vec<SourceSpan>), String> {
    let tokens: Vec<&SpacyToken> = paragraph
        .sentences
        .as_ref()
        .ok_or("no \"sentences\"")?
        .iter()
        .flat_map(|s| &s.tokens)
        .collect();
    let raw = paragraph.raw.as_deref();
    let mut text = String::new();
    // The code points of `text`, counted as it grows.
    let mut length = 0;
    let mut offsets = Vec::with_capacity(tokens.len());
    // Where the next token is looked for in the raw text, in code points.
    let (mut rest, mut at) = (raw.unwrap_or(""), 0);
    for (i, token) in tokens.iter().enumerate() {
        let orth = token
            .orth
            .as_deref()
            .ok_or_else(|| format!("token {}: no \"orth\"", i + 1))?;
        let orth_length = orth.chars().count();
        match raw {
            Some(_) => {
                // White space before a word is skipped; a token of white
                // space is read as it is.
                if !orth.trim().is_empty() {
                    let skipped = rest.len() - rest.trim_start().len();
                    at += rest[..skipped].chars().count();
                    rest = &rest[skipped..];
                }
                if !rest.starts_with(orth) {
                    return Err(format!(
                        "token {} {orth:?} is not next in the raw text (at code point {at})",
                        i + 1
                    ));
                }
                offsets.push((at, at + orth_length));
                at += orth_length;
                rest = &rest[orth.len()..];
                // The space that follows the token.
                if token.space == Some(true) && rest.starts_with(' ') {
                    at += 1;
                    rest = &rest[1..];
                }
            }
            None => {
                text.push_str(orth);
                offsets.push((length, length + orth_length));
                length += orth_length;
                if token.space.unwrap_or(true) {
                    text.push(' ');
                    length += 1;
                }
            }
        }
    }
    let text = raw.map_or(text, str::to_owned);
    // Entities from the tags: B/I/L/E and U/S, or IOB.
    let mut spans = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let close = |open: &mut Option<(usize, String)>, end: usize, spans: &mut Vec<_>| {
        if let Some((start, label)) = open.take() {
            spans.push((Span::new(start, end), label, None));
        }
    };
    for (i, token) in tokens.iter().enumerate() {
        let tag = token.ner.as_deref().unwrap_or("O");
        let (start, end) = offsets[i];
        let previous_end = if i > 0 { offsets[i - 1].1 } else { 0 };
        match tag.split_once('-') {
            Some((prefix @ ("B" | "U" | "S"), label)) => {
                close(&mut open, previous_end, &mut spans);
                open = Some((start, label.to_owned()));
                if prefix != "B" {
                    close(&mut open, end, &mut spans);
                }
            }
            Some((prefix @ ("I" | "L" | "E"), label)) => {
                if open.as_ref().is_none_or(|(_, l)| l != label) {
                    close(&mut open, previous_end, &mut spans);
                    open = Some((start, label.to_owned()));
                }
                if prefix != "I" {
                    close(&mut open, end, &mut spans);
                }
            }
            _ if tag == "O" || tag == "-" || tag.is_empty() => {
                close(&mut open, previous_end, &mut spans)
            }
            _ => {
                return Err(format!(
                    "token {}: the tag {tag:?} is not BILUO nor IOB",
                    i + 1
                ))
            }
        }
    }
    close(&mut open, offsets.last().map_or(0, |o| o.1), &mut spans);
    Ok((text, spans))
}
