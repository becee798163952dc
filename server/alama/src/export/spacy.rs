//! spaCy's JSON training format, which `spacy convert` turns into a
//! `.spacy` DocBin: an array of documents (with the document's path under
//! the project root as their `name`, which `alama import` reads and spaCy
//! ignores), each one paragraph with its raw
//! text and its sentences of tokens, every token with its text (`orth`),
//! whether a space follows it (`space`) and its BILUO entity tag (`ner`).
//!
//! spaCy rebuilds a document's text from its tokens and their spaces, so
//! white space other than one space after a token is a token of its own
//! (tagged `O`), as spaCy's own tokenizer makes it: the text spaCy makes is
//! the document's, and every entity is a span of whole tokens
//! (`Doc.char_span(..., alignment_mode="strict")` finds it).

use super::{push_string, Exported};

/// The document, without the separator between documents; `number` is its
/// place in the file.
pub fn render(exported: &Exported, number: usize) -> String {
    let text = exported.document.text.as_str();
    let mut out = String::with_capacity(text.len() * 4);
    out.push_str(&format!("{{\"id\":{number},\"name\":"));
    push_string(&mut out, &exported.id);
    out.push_str(",\"paragraphs\":[{\"raw\":");
    push_string(&mut out, text);
    out.push_str(",\"sentences\":[");
    let mut token_id = 0;
    for (s, sentence) in exported.sentences.iter().enumerate() {
        if s > 0 {
            out.push(',');
        }
        out.push_str("{\"tokens\":[");
        let mut first = true;
        let mut push = |out: &mut String, orth: &str, space: bool, ner: &str| {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str("{\"id\":");
            out.push_str(itoa::Buffer::new().format(token_id));
            out.push_str(",\"orth\":");
            push_string(out, orth);
            out.push_str(if space {
                ",\"space\":true,\"ner\":\""
            } else {
                ",\"space\":false,\"ner\":\""
            });
            push_biluo(out, ner);
            out.push_str("\"}");
            token_id += 1;
        };
        for (i, token) in sentence.iter().enumerate() {
            // White space before the document's first token is a token.
            if s == 0 && i == 0 && token.start > 0 {
                push(&mut out, &text[..token.start], false, "O");
            }
            let next = sentence
                .get(i + 1)
                .map(|t| t.start)
                .or_else(|| {
                    exported
                        .sentences
                        .get(s + 1)
                        .and_then(|n| n.first())
                        .map(|t| t.start)
                })
                .unwrap_or(text.len());
            let gap = &text[token.end..next];
            let space = gap.starts_with(' ');
            push(&mut out, &text[token.start..token.end], space, &token.tag);
            let rest = if space { &gap[1..] } else { gap };
            if !rest.is_empty() {
                push(&mut out, rest, false, "O");
            }
        }
        out.push_str("]}");
    }
    // A document without tokens: its white space, if any, as one.
    if exported.sentences.is_empty() && !text.is_empty() {
        out.push_str("{\"tokens\":[{\"id\":0,\"orth\":");
        push_string(&mut out, text);
        out.push_str(",\"space\":false,\"ner\":\"O\"}]}");
    }
    out.push_str("]}]}");
    out
}

/// Appends a BIOES tag as spaCy's BILUO writes it, inside a JSON string.
fn push_biluo(out: &mut String, tag: &str) {
    let (prefix, label) = match tag.split_once('-') {
        Some(("S", label)) => ("U-", label),
        Some(("E", label)) => ("L-", label),
        _ => ("", tag),
    };
    out.push_str(prefix);
    // A type has no white space or control character; a quotation mark or
    // a backslash (from --map) is escaped.
    if label.contains(['"', '\\']) {
        let quoted = serde_json::to_string(label).expect("strings serialize");
        out.push_str(&quoted[1..quoted.len() - 1]);
    } else {
        out.push_str(label);
    }
}
