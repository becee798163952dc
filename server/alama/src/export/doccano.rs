//! doccano's JSON Lines for sequence labelling: one document per line,
//! `{"id","text","label":[[start,end,"TYPE"],…]}`, offsets in code points,
//! as doccano imports and exports them. A suggestion is exported only with
//! `--include-suggestions`, and then like an annotation: doccano has no
//! mark for it, so the `"suggested"` list names the spans that are.

use super::{push_string, Exported};
use alama_core::engine::Status;

/// The document's line.
pub fn render(exported: &Exported) -> String {
    let text = exported.document.text.as_str();
    let mut out = String::with_capacity(text.len() + 64 * exported.spans.len());
    out.push_str("{\"id\":");
    push_string(&mut out, &exported.id);
    out.push_str(",\"text\":");
    push_string(&mut out, text);
    let mut suggested = Vec::new();
    out.push_str(",\"label\":[");
    for (i, span) in exported.spans.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("[{},{},", span.span.start, span.span.end));
        push_string(&mut out, &span.label);
        out.push(']');
        if span.status == Status::Suggested {
            suggested.push(i);
        }
    }
    out.push(']');
    if !suggested.is_empty() {
        let indices: Vec<String> = suggested.iter().map(usize::to_string).collect();
        out.push_str(&format!(",\"suggested\":[{}]", indices.join(",")));
    }
    out.push_str("}\n");
    out
}
