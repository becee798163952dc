//! CoNLL columns: a line `-DOCSTART- <id>` (and the tag `O`) and a blank
//! line before each document, then a token and its tag per line, separated
//! by a tab, and a blank line after each sentence. Readers of CoNLL 2003
//! skip a line that starts with `-DOCSTART-`; `alama import` reads the
//! document's id after it.

use super::Exported;

/// The document's lines.
pub fn render(exported: &Exported) -> String {
    let text = exported.document.text.as_str();
    let mut out = String::with_capacity(text.len() * 2);
    out.push_str("-DOCSTART- ");
    out.push_str(&exported.id.replace(['\t', '\n', '\r'], " "));
    out.push_str("\tO\n\n");
    for sentence in &exported.sentences {
        for token in sentence {
            out.push_str(&text[token.start..token.end]);
            out.push('\t');
            out.push_str(&token.tag);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
