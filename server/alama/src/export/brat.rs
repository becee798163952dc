//! A brat collection: each document's text and an `.ann` of its spans
//! (`T` lines, with `N` lines for their entity ids), and an
//! `annotation.conf` that lists the types used, so that brat itself loads
//! the folder. Suggestions (with `--include-suggestions`) are `T` lines with
//! a note `unreviewed alama suggestion`; other lines of the corpus' `.ann`
//! files (relations, attributes, notes) are not exported.

use std::collections::BTreeSet;

use alama_core::brat::{AnnError, AnnFile};
use alama_core::engine::Status;

use super::Exported;

/// The document's `.ann`.
pub fn render(exported: &Exported) -> Result<String, AnnError> {
    let mut file = AnnFile::default();
    for span in &exported.spans {
        let entity = span.entity.as_deref().map(|id| (id, span.text.as_str()));
        let t = file.add(&span.label, span.span, &span.text, entity)?;
        if span.status == Status::Suggested {
            file.add_note(t, "unreviewed alama suggestion");
        }
    }
    Ok(file.render())
}

/// The `annotation.conf` that declares `labels`.
pub fn configuration(labels: &BTreeSet<String>) -> String {
    let mut out = String::from("[entities]\n");
    for label in labels {
        out.push_str(label);
        out.push('\n');
    }
    out.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    out
}
