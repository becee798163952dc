//! A brat collection (a folder of `<doc>.txt` files with their `.ann`, as
//! `alama export --format brat` or brat itself writes them): each text and
//! its `T` lines, with their entity ids from `N` lines. A `T` line noted
//! `unreviewed alama suggestion` is a suggestion, left out.

use std::path::Path;

use alama_core::brat::AnnFile;
use alama_core::corpus::{ann_path, collect_documents, read_utf8, LoadError};
use alama_core::text::Text;

use super::{Content, Source};

/// The note `alama export` and `alama tag` give a suggestion.
const SUGGESTION_NOTE: &str = "unreviewed alama suggestion";

/// The documents of the brat folder `folder`, and the problems found.
pub fn read(folder: &Path) -> (Vec<Source>, Vec<String>) {
    let found = collect_documents(&[folder.to_owned()]);
    let mut problems: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
    let mut documents = found.documents;
    documents.sort();
    let mut sources = Vec::with_capacity(documents.len());
    for path in documents {
        let Ok(relative) = path.strip_prefix(folder) else {
            continue;
        };
        let id = relative
            .iter()
            .map(|p| p.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let text = match read_utf8(&path) {
            Ok(text) => text,
            Err(error) => {
                problems.push(error.to_string());
                continue;
            }
        };
        let ann = ann_path(&path);
        let content = match read_utf8(&ann) {
            Ok(content) => content,
            Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                String::new()
            }
            Err(error) => {
                problems.push(error.to_string());
                continue;
            }
        };
        let name = ann.display().to_string();
        let text = Text::new(text);
        let (annotations, issues) = AnnFile::parse_strict(&name, &content, &text);
        problems.extend(issues.iter().map(ToString::to_string));
        // The T lines noted as suggestions: `#n<TAB>AnnotatorNotes Tk<TAB>note`.
        let suggested: Vec<String> = content
            .lines()
            .filter(|line| line.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let (_, target, note) = (fields.next()?, fields.next()?, fields.next()?);
                let target = target.strip_prefix("AnnotatorNotes ")?;
                (note.trim() == SUGGESTION_NOTE).then(|| target.trim().to_owned())
            })
            .collect();
        let mut source = Source {
            place: name,
            id,
            content: Content::Text(String::new()),
            spans: Vec::new(),
            suggestions: 0,
        };
        for t in annotations.text_bounds() {
            if suggested.contains(&format!("T{}", t.id)) {
                source.suggestions += 1;
                continue;
            }
            let entity = annotations.entity_of(t.id).map(str::to_owned);
            source.spans.push((t.span, t.ty.clone(), entity));
        }
        source.content = Content::Text(text.into_string());
        sources.push(source);
    }
    (sources, problems)
}
