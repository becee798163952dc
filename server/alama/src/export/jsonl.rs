//! JSON Lines: one document per line,
//! `{"id","text","spans":[{"start","end","label","text","entity","status"}],"tokens","ner_tags"}`,
//! which `datasets.load_dataset("json", ...)` reads. Span offsets count
//! code points, or UTF-16 units with `--offsets utf16` (for tools written
//! in JavaScript or Java).

use super::{push_string, utf16_offsets, Exported, Offsets};

/// The document's line, its fields in the order above.
pub fn render(exported: &Exported, offsets: Offsets) -> String {
    let text = exported.document.text.as_str();
    // The UTF-16 offset of each code point, when asked for.
    let utf16 = (offsets == Offsets::Utf16).then(|| utf16_offsets(text));
    let offset = |code_point: usize| utf16.as_ref().map_or(code_point, |units| units[code_point]);
    let mut out = String::with_capacity(text.len() * 3);
    out.push_str("{\"id\":");
    push_string(&mut out, &exported.id);
    out.push_str(",\"text\":");
    push_string(&mut out, text);
    out.push_str(",\"spans\":[");
    for (i, span) in exported.spans.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (start, end) = (offset(span.span.start), offset(span.span.end));
        out.push_str(&format!("{{\"start\":{start},\"end\":{end},\"label\":"));
        push_string(&mut out, &span.label);
        out.push_str(",\"text\":");
        push_string(&mut out, &span.text);
        out.push_str(",\"entity\":");
        match &span.entity {
            Some(entity) => push_string(&mut out, entity),
            None => out.push_str("null"),
        }
        out.push_str(",\"status\":");
        push_string(&mut out, span.status.as_str());
        out.push('}');
    }
    out.push_str("],\"tokens\":[");
    let tokens = exported.sentences.iter().flatten();
    for (i, token) in tokens.clone().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, &text[token.start..token.end]);
    }
    out.push_str("],\"ner_tags\":[");
    for (i, token) in tokens.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, &token.tag);
    }
    out.push_str("]}\n");
    out
}
