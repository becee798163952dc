//! Label Studio tasks: a JSON array of `{"data":{"text","id"},
//! "annotations":[{"result":[…]}],"predictions":[{"model_version":"alama",
//! "result":[…]}]}`, each result a `labels` region of the `label` control
//! on the `text` object, as the `<Labels name="label" toName="text">`
//! configuration of Label Studio's named-entity template has it. Confirmed
//! annotations are the task's annotation; suggestions (with
//! `--include-suggestions`) its predictions, which Label Studio shows for
//! review. Offsets count UTF-16 units, as Label Studio's editor does.

use alama_core::engine::Status;

use super::{push_string, utf16_offsets, Exported};

/// The document's task, without the separator between tasks.
pub fn render(exported: &Exported) -> String {
    let text = exported.document.text.as_str();
    let units = utf16_offsets(text);
    let mut out = String::with_capacity(text.len() + 200 * exported.spans.len());
    out.push_str("{\"data\":{\"text\":");
    push_string(&mut out, text);
    out.push_str(",\"id\":");
    push_string(&mut out, &exported.id);
    out.push_str("},\"annotations\":[");
    let results = |status: Status, out: &mut String| {
        let spans = exported.spans.iter().filter(|s| s.status == status);
        for (i, span) in spans.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!(
                "{{\"id\":\"{}-{i}\",\"from_name\":\"label\",\"to_name\":\"text\",\
                 \"type\":\"labels\",\"value\":{{\"start\":{},\"end\":{},\"text\":",
                status.as_str(),
                units[span.span.start],
                units[span.span.end]
            ));
            push_string(out, &span.text);
            out.push_str(",\"labels\":[");
            push_string(out, &span.label);
            out.push_str("]}}");
        }
    };
    let has = |status: Status| exported.spans.iter().any(|s| s.status == status);
    if has(Status::Confirmed) {
        out.push_str("{\"result\":[");
        results(Status::Confirmed, &mut out);
        out.push_str("]}");
    }
    out.push_str("],\"predictions\":[");
    if has(Status::Suggested) {
        out.push_str("{\"model_version\":\"alama\",\"result\":[");
        results(Status::Suggested, &mut out);
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}
