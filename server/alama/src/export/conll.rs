//! CoNLL columns: `-DOCSTART-` before each document, then a token and its
//! tag per line, separated by a tab, and a blank line after each sentence.

use super::Exported;

/// The document's lines.
pub fn render(exported: &Exported) -> String {
    let text = exported.document.text.as_str();
    let mut out = String::with_capacity(text.len() * 2);
    out.push_str("-DOCSTART-\tO\n\n");
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
