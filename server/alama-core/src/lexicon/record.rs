//! The format of a lexicon line: its record, read without building maps,
//! checked into an entity or a line of aliases; and the parse of a whole
//! file, on all cores for a large one.

use std::fmt;
use std::ops::Range;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::Entity;
use crate::parallel;

/// The on-disk form of one line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    #[serde(rename = "type")]
    ty: Option<String>,
    #[serde(default, deserialize_with = "some_sorted_pairs")]
    names: Option<Vec<(String, String)>>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, deserialize_with = "sorted_pairs")]
    xrefs: Vec<(String, String)>,
}

/// A JSON object of strings as its pairs sorted by key; of a repeated key
/// the last value counts, as in a map. Read without building a map, which
/// made a third of the time of reading a large lexicon.
fn sorted_pairs<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, String)>, D::Error> {
    struct Pairs;
    impl<'de> Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("an object of strings")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut pairs: Vec<(String, String)> = Vec::with_capacity(map.size_hint().unwrap_or(2));
            while let Some(pair) = map.next_entry()? {
                pairs.push(pair);
            }
            // Stable: a repeated key's values stay in order, the last kept.
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            pairs.dedup_by(|later, kept| {
                let repeated = later.0 == kept.0;
                if repeated {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                repeated
            });
            Ok(pairs)
        }
    }
    deserializer.deserialize_map(Pairs)
}

fn some_sorted_pairs<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<(String, String)>>, D::Error> {
    sorted_pairs(deserializer).map(Some)
}

/// The line that adds `alias` to the entity `id` (see the module doc).
pub fn alias_line(id: &str, alias: &str) -> String {
    serde_json::json!({ "id": id, "aliases": [alias] }).to_string()
}

/// What one line of a lexicon file holds.
pub(super) enum Line {
    Entity(Entity),
    Aliases { id: String, aliases: Vec<String> },
}

/// A line of a lexicon file read: its number (from 0), its bytes in the
/// file (trimmed) and what it holds.
pub(super) struct ParsedLine {
    pub(super) number: usize,
    pub(super) bytes: Range<usize>,
    pub(super) record: Result<Line, String>,
}

/// Bytes above which a file is parsed on one thread per core.
pub(super) const PARALLEL_PARSE_BYTES: usize = 1 << 20;

/// The records of the lines of `content` that are neither blank nor
/// comments, with their line numbers (from 0) and their bytes (trimmed), in
/// order: in parts, one per core for a large file, cut at line ends.
pub(super) fn parse_lines(content: &str) -> Vec<Vec<ParsedLine>> {
    let parts = if content.len() < PARALLEL_PARSE_BYTES {
        vec![content]
    } else {
        cut_at_line_ends(content, parallel::cores())
    };
    let mut parsed = parallel::map(&parts, |part| {
        // Where the part starts in `content`, of which it is a slice.
        let offset = part.as_ptr() as usize - content.as_ptr() as usize;
        // Line ends found by memchr's vector search: `str::lines` searches
        // for each one anew, which took an eighth of reading a large file.
        let bytes = part.as_bytes();
        let line_breaks = memchr::memchr_iter(b'\n', bytes).count();
        let line_ends = memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]);
        let lines = line_ends.scan(0, |start, end| {
            let untrimmed = &part[*start..end];
            let line = untrimmed.trim();
            let line_start = offset + *start + (untrimmed.len() - untrimmed.trim_start().len());
            *start = end + 1;
            Some((line_start..line_start + line.len(), line))
        });
        // Sized at once: grown by doubling, a large file's records would be
        // copied again and again, each time into memory new to the process.
        let mut records = Vec::with_capacity(line_breaks + 1);
        records.extend(
            lines
                .enumerate()
                .filter(|(_, (_, line))| !line.is_empty() && !line.starts_with("//"))
                .map(|(number, (bytes, line))| ParsedLine {
                    number,
                    bytes,
                    record: parse_record(line),
                }),
        );
        // A part but the last ends with a line break.
        (line_breaks, records)
    });
    let mut first_line = 0;
    for (lines, records) in &mut parsed {
        for record in records.iter_mut() {
            record.number += first_line;
        }
        first_line += *lines;
    }
    parsed.into_iter().map(|(_, records)| records).collect()
}

/// `text` cut into up to `parts` pieces of about equal length, each but the
/// last ending with a line break.
pub(super) fn cut_at_line_ends(text: &str, parts: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(parts);
    let mut rest = text;
    for part in (1..parts).rev() {
        let target = rest.len() - rest.len() * part / (part + 1);
        let Some(line_end) = rest.as_bytes()[target..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let (piece, after) = rest.split_at(target + line_end + 1);
        pieces.push(piece);
        rest = after;
    }
    pieces.push(rest);
    pieces
}

/// What a well-formed entity id is, for messages.
pub const ENTITY_ID_FORM: &str =
    "must have the form source:local-id, without white space or control characters";

/// Whether `id` is a well-formed entity id: `source:local-id`, both parts
/// non-empty, without white space or control characters.
pub fn is_entity_id(id: &str) -> bool {
    id.split_once(':')
        .is_some_and(|(source, local)| !source.is_empty() && !local.is_empty())
        && !id.contains(|c: char| c.is_whitespace() || c.is_control())
}

pub(super) fn parse_record(line: &str) -> Result<Line, String> {
    let record: Record = serde_json::from_str(line).map_err(|e| format!("invalid entry: {e}"))?;
    if !is_entity_id(&record.id) {
        return Err(format!("id `{}` {ENTITY_ID_FORM}", record.id));
    }
    let extension = record.ty.is_none()
        && record.names.is_none()
        && record.description.is_none()
        && record.xrefs.is_empty();
    if extension {
        return Ok(Line::Aliases {
            id: record.id,
            aliases: record.aliases,
        });
    }
    let ty = record.ty.ok_or("missing `type`")?;
    let names = record.names.ok_or("missing `names`")?;
    if ty.is_empty() || ty.contains(char::is_whitespace) {
        return Err(format!("type `{ty}` must be one word"));
    }
    if names.iter().all(|(_, n)| n.trim().is_empty()) {
        return Err("`names` needs at least one non-empty name".to_owned());
    }
    Ok(Line::Entity(Entity {
        id: record.id.into(),
        ty,
        names: names
            .into_iter()
            .filter(|(_, n)| !n.trim().is_empty())
            .collect(),
        aliases: record.aliases,
        description: record.description.filter(|d| !d.is_empty()),
        xrefs: record.xrefs,
    }))
}
