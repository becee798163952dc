//! `alama tag --stdin-jsonl`: a stream of records `{"id", "text"}`, one JSON
//! object a line on standard input, each answered by one line on standard
//! output, `{"id", "spans"}` or `{"id", "error"}`, in input order. This is
//! the mapper that Spark's `RDD.pipe`, Hadoop streaming or GNU parallel run.
//!
//! A thread reads the lines into a queue of at most [`WINDOW`] records; the
//! main thread takes the records queued (at most [`WINDOW`]), tags them on
//! all cores and writes their answers. It waits only for the first record
//! of a window, so that a record is answered without waiting for the ones
//! after it, and a program that writes a few records and waits for their
//! answers is not stalled. The memory held is thus bounded by two windows
//! of records, whatever the length of the input; a record's own size is
//! not bounded.

use std::borrow::Cow;
use std::env;
use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;
use std::time::Instant;

use alama_core::brat::AnnFile;
use alama_core::engine::{Engine, Propagation};
use alama_core::project::Project;
use alama_core::tagger;
use alama_core::text::Text;
use anyhow::{bail, Context};
use rayon::prelude::*;
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use serde_json::error::Category;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{
    json_line_buffer, load_engine, push_json_string, push_spans, Format, TagArgs,
    OUTPUT_BUFFER_BYTES,
};

/// Records tagged together, and records read ahead of them: enough to
/// keep every core busy with news articles of a few kilobytes.
const WINDOW: usize = 256;

/// Capacity of the input's buffer.
const INPUT_BUFFER_BYTES: usize = 1 << 16;

pub(super) fn run(args: &TagArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = args.paths.first() {
        bail!(
            "--stdin-jsonl reads the texts from standard input and takes no PATH, but {} was given",
            path.display()
        );
    }
    if args.out.is_some() || args.force || args.format.is_some_and(|f| f != Format::Jsonl) {
        bail!(
            "--stdin-jsonl writes JSON lines to standard output: --format text or brat, --out and --force do not go with it"
        );
    }
    // The project given, else the one the current folder lies in. Outside
    // any project the embedded defaults are used and no folder is read as
    // a corpus: a mapper may run in a folder full of other files.
    let here = env::current_dir().context("the current folder")?;
    let corpus = match &args.project {
        Some(dir) => {
            Some(fs::canonicalize(dir).with_context(|| format!("project {}", dir.display()))?)
        }
        None => Project::find(&here),
    };
    let root = corpus.clone().unwrap_or(here);
    let (project, engine) = load_engine(args, &root)?;
    let propagation = match corpus {
        Some(root) => corpus_propagation(&engine, root),
        None => Propagation::empty(),
    };

    let status = stream(&engine, &propagation);
    // The process ends now: freeing a large lexicon allocation by
    // allocation would take longer than the exit does.
    std::mem::forget((engine, project, propagation));
    Ok(status)
}

/// The confirmed names of the project's corpus under `root`, compiled for
/// propagation to every record. A document or `.ann` file that cannot be
/// read is a warning: the records are still tagged.
fn corpus_propagation(engine: &Engine, root: PathBuf) -> Propagation {
    let (propagation, warnings) = tagger::corpus_propagation(engine, root);
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    propagation
}

/// One line of the input, without its line break.
struct Line {
    /// Counted from 1.
    number: usize,
    bytes: Vec<u8>,
}

/// Answers every line of standard input, a window at a time. Exits
/// successfully once the input is read to its end; a failure to read the
/// input or to write the output ends the stream with a failure, quietly
/// when the reader of the output has gone (a closed pipe).
fn stream(engine: &Engine, propagation: &Propagation) -> ExitCode {
    let (sender, receiver) = mpsc::sync_channel(WINDOW);
    let reader = thread::Builder::new()
        .name("stdin".to_owned())
        .spawn(move || read_lines(&sender));
    if let Err(error) = reader {
        eprintln!("alama: cannot start reading standard input: {error}");
        return ExitCode::FAILURE;
    }
    let no_annotations = AnnFile::default();
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, io::stdout().lock());
    let started = Instant::now();
    let (mut records, mut bytes) = (0, 0);
    while let Some((window, failure)) = next_window(&receiver) {
        records += window.len();
        bytes += window.iter().map(|line| line.bytes.len()).sum::<usize>();
        let answers: Vec<String> = window
            .into_par_iter()
            .map(|line| answer(engine, propagation, &no_annotations, line))
            .collect();
        let written = answers
            .iter()
            .try_for_each(|answer| out.write_all(answer.as_bytes()))
            .and_then(|()| out.flush());
        match written {
            Ok(()) => {}
            // The reader of the output is gone: nothing more can be said.
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return ExitCode::FAILURE,
            Err(error) => {
                eprintln!("alama: standard output: {error}");
                return ExitCode::FAILURE;
            }
        }
        if let Some(error) = failure {
            eprintln!("alama: standard input, after line {records}: {error}");
            return ExitCode::FAILURE;
        }
    }
    tracing::info!(
        records,
        bytes,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "tagged"
    );
    ExitCode::SUCCESS
}

/// Reads standard input line by line into `sender`, until its end or an
/// error (sent too), or until the stream stops listening.
fn read_lines(sender: &SyncSender<io::Result<Line>>) {
    let mut input = BufReader::with_capacity(INPUT_BUFFER_BYTES, io::stdin().lock());
    for number in 1.. {
        let mut bytes = Vec::new();
        let line = match input.read_until(b'\n', &mut bytes) {
            Ok(0) => return,
            Ok(_) => {
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                }
                Ok(Line { number, bytes })
            }
            Err(error) => Err(error),
        };
        let last = line.is_err();
        if sender.send(line).is_err() || last {
            return;
        }
    }
}

/// The next window: the next line (waited for) and those read already
/// after it, up to [`WINDOW`], with the input's error if reading stopped
/// at one. `None` at the end of the input.
fn next_window(receiver: &Receiver<io::Result<Line>>) -> Option<(Vec<Line>, Option<io::Error>)> {
    let first = receiver.recv().ok()?;
    let mut window = Vec::with_capacity(WINDOW);
    for line in std::iter::once(first).chain(receiver.try_iter().take(WINDOW - 1)) {
        match line {
            Ok(line) => window.push(line),
            // The reader sends nothing after an error.
            Err(error) => return Some((window, Some(error))),
        }
    }
    Some((window, None))
}

/// The output line of one input line: its spans, or why it has none.
fn answer(
    engine: &Engine,
    propagation: &Propagation,
    no_annotations: &AnnFile,
    line: Line,
) -> String {
    match parse(&line.bytes) {
        Ok(Record { id, text }) => {
            drop(line);
            let text = Text::new(text);
            let mentions = engine.mentions(&text, no_annotations, propagation);
            let mut out = json_line_buffer(&mentions);
            out.push_str("{\"id\":");
            out.push_str(&id);
            push_spans(&mut out, &text, &mentions);
            out
        }
        Err(Refusal { id, reason }) => {
            let mut out = String::with_capacity(64 + reason.len());
            out.push_str("{\"id\":");
            out.push_str(id.as_deref().unwrap_or("null"));
            out.push_str(",\"error\":");
            push_json_string(&mut out, &format!("line {}: {reason}", line.number));
            out.push_str("}\n");
            out
        }
    }
}

/// A record to tag.
struct Record {
    /// As written in the input, JSON.
    id: String,
    text: String,
}

/// Why a line is not a record, and its id (as written, JSON) if it has one.
struct Refusal {
    id: Option<String>,
    reason: String,
}

/// The fields of a record line, each `None` when absent (and only then: a
/// `null` is a value). Other fields are ignored.
#[derive(Deserialize)]
struct Fields<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    id: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "present")]
    text: Option<Value>,
}

/// A field that is present, whatever its value.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

fn parse(bytes: &[u8]) -> Result<Record, Refusal> {
    let (source, invalid_at) = match std::str::from_utf8(bytes) {
        Ok(source) => (Cow::Borrowed(source), None),
        Err(error) => (String::from_utf8_lossy(bytes), Some(error.valid_up_to())),
    };
    let fields = fields(&source);
    if let Some(offset) = invalid_at {
        // The id is echoed only if the bytes replaced are not in it.
        let id = fields
            .ok()
            .and_then(|fields| fields.id)
            .map(RawValue::get)
            .filter(|id| !id.contains(char::REPLACEMENT_CHARACTER))
            .map(str::to_owned);
        return Err(Refusal {
            id,
            reason: format!("not valid UTF-8 at byte {offset}"),
        });
    }
    let fields = fields.map_err(|reason| Refusal { id: None, reason })?;
    let Some(id) = fields.id.map(|id| id.get().to_owned()) else {
        return Err(Refusal {
            id: None,
            reason: "no \"id\" field".to_owned(),
        });
    };
    match fields.text {
        Some(Value::String(text)) => Ok(Record { id, text }),
        Some(other) => Err(Refusal {
            id: Some(id),
            reason: format!("\"text\" is {}, not a string", kind(&other)),
        }),
        None => Err(Refusal {
            id: Some(id),
            reason: "no \"text\" field".to_owned(),
        }),
    }
}

/// The fields of the JSON object `source`, or why it is not one.
fn fields(source: &str) -> Result<Fields<'_>, String> {
    let start = source.trim_start();
    if start.is_empty() {
        return Err("an empty line, not a JSON object".to_owned());
    }
    // Read apart: serde would take an array for the fields in order.
    if !start.starts_with('{') {
        return Err(match serde_json::from_str::<IgnoredAny>(source) {
            Ok(_) => "not a JSON object".to_owned(),
            Err(error) => json_error(&error),
        });
    }
    serde_json::from_str(source).map_err(|error| json_error(&error))
}

/// serde_json's message, without the place it adds (always line 1 here:
/// the line's number is given apart) but for its column in invalid JSON.
fn json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(message, _)| message);
    match error.classify() {
        Category::Data => message.to_owned(),
        _ => format!("not valid JSON: {message} at column {}", error.column()),
    }
}

/// What a JSON value is, for a message.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
