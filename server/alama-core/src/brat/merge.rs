//! Three-way merge of two versions of an `.ann` file made from a common
//! one: what another writer made of the file (`theirs`, on disk) receives
//! the changes this one made (`ours`) since the version both started from
//! (`base`). All three annotate the same text.
//!
//! An annotation is known by its span and type, not by its number, which
//! two writers may each have given to a different new annotation; among
//! annotations of one span and type (duplicates, which `alama check`
//! reports), the one of the same number is taken first, and `ours` removed
//! one only when it holds fewer of them than `base`:
//!
//! - one that `ours` added is added, numbered anew if its number is taken,
//!   unless `theirs` has the same one (kept once);
//! - one that `ours` removed is removed with the lines that refer to it,
//!   unless `theirs` changed its link since;
//! - one that `ours` retyped keeps its number, notes and relations in
//!   `theirs`; a link `ours` changed is set, even on an annotation `theirs`
//!   removed (which is then added again): a change outlives a removal.
//!
//! Every other line (notes, relations, attributes, unread lines) is kept as
//! `theirs` has it, less those `ours` removed, plus those `ours` added, whose
//! references to renumbered annotations follow them.

use rustc_hash::FxHashMap;

use super::{parse::parse_normalization, render_line, AnnFile, Line, TextBound};
use crate::text::Span;

/// A link: entity id and name.
type Link<'a> = Option<(&'a str, &'a str)>;

impl AnnFile {
    /// `theirs` with the changes `ours` made to `base` (see the module doc).
    pub fn merge(base: &AnnFile, ours: &AnnFile, theirs: &AnnFile) -> AnnFile {
        let mut out = theirs.clone();
        // The numbers `ours`' annotations have in `out`.
        let mut renamed: FxHashMap<u32, u32> = FxHashMap::default();
        let mut retyped = Vec::new();

        // Annotations removed or retyped by `ours`.
        for b in base.text_bounds() {
            let same_in_ours = ours
                .text_bounds()
                .any(|o| o.id == b.id && o.span == b.span && o.ty == b.ty);
            let as_many = ours.count(b.span, &b.ty) >= base.count(b.span, &b.ty);
            if same_in_ours || as_many {
                continue;
            }
            let Some(t) = out.find_like(b.span, &b.ty, b.id) else {
                continue;
            };
            let retype = ours
                .text_bounds()
                .find(|o| o.id == b.id && o.span == b.span);
            match retype {
                Some(o) => {
                    match out.find(o.span, &o.ty) {
                        Some(same) => {
                            out.remove(t);
                            renamed.insert(o.id, same);
                        }
                        None => {
                            // Types and links of parsed lines passed the
                            // checks of `retype` and `link` when read.
                            let _ = out.retype(t, &o.ty);
                            renamed.insert(o.id, t);
                        }
                    }
                    let link = ours.link_of(o.id);
                    if link != base.link_of(b.id) {
                        let id = renamed[&o.id];
                        let _ = out.link(id, link);
                    }
                    retyped.push(o.id);
                }
                None if out.link_of(t) == base.link_of(b.id) => {
                    out.remove(t);
                }
                None => {}
            }
        }

        // Annotations added, kept or relinked by `ours`.
        for o in ours.text_bounds() {
            if retyped.contains(&o.id) {
                continue;
            }
            let link = ours.link_of(o.id);
            let in_base = base.find_like(o.span, &o.ty, o.id);
            // Whether `ours` set its link: changed it, or added it linked.
            let relinked = match in_base {
                Some(b) => link != base.link_of(b),
                None => link.is_some(),
            };
            match out.find_like(o.span, &o.ty, o.id) {
                Some(t) => {
                    renamed.insert(o.id, t);
                    if relinked && out.link_of(t) != link {
                        let _ = out.link(t, link);
                    }
                }
                None if in_base.is_none() || relinked => {
                    let id = if out.has_text_bound_id(o.id) {
                        out.next_id('T')
                    } else {
                        o.id
                    };
                    out.lines
                        .push(Line::TextBound(TextBound { id, ..o.clone() }));
                    if link.is_some() {
                        let _ = out.link(id, link);
                    }
                    renamed.insert(o.id, id);
                }
                // Removed by `theirs`, unchanged by `ours`.
                None => {}
            }
        }

        // Every other line.
        let base_others = base.other_lines();
        let our_others = ours.other_lines();
        for line in base_others.iter().filter(|l| !our_others.contains(l)) {
            if let Some(at) = out
                .lines
                .iter()
                .position(|l| !matches!(l, Line::TextBound(_)) && render_line(l) == *line)
            {
                out.lines.remove(at);
            }
        }
        let added: Vec<&String> = our_others
            .iter()
            .filter(|l| !base_others.contains(l))
            .filter(|l| !out.lines.iter().any(|o| render_line(o) == **l))
            .collect();
        // Unread `T` lines of `ours` are numbered anew if their number is
        // taken, before any line refers to them.
        let mut next = out.next_id('T');
        for line in &added {
            if let Some(id) = text_bound_id(line).filter(|id| !renamed.contains_key(id)) {
                if out.has_text_bound_id(id) {
                    renamed.insert(id, next);
                    next += 1;
                }
            }
        }
        for line in added {
            let line = renumbered(line, &renamed);
            if !out.lines.iter().any(|l| render_line(l) == line) {
                let link = line.starts_with('N').then(|| parse_normalization(&line));
                let parsed = match link {
                    Some(Ok(n)) => Line::Normalization(n),
                    _ => Line::Verbatim(line),
                };
                out.lines.push(parsed);
            }
        }
        // What `theirs` holds unchanged is written back exactly as read.
        if out.lines != theirs.lines {
            out.original = None;
        }
        out
    }

    /// The number of the first text-bound annotation with this span and type.
    fn find(&self, span: Span, ty: &str) -> Option<u32> {
        self.text_bounds()
            .find(|t| t.span == span && t.ty == ty)
            .map(|t| t.id)
    }

    /// The number of the text-bound annotation with this span and type,
    /// `T<id>` if it is one, otherwise the first.
    fn find_like(&self, span: Span, ty: &str, id: u32) -> Option<u32> {
        let mut same = self.text_bounds().filter(|t| t.span == span && t.ty == ty);
        let first = same.next()?.id;
        if first == id || same.any(|t| t.id == id) {
            return Some(id);
        }
        Some(first)
    }

    /// How many text-bound annotations have this span and type.
    fn count(&self, span: Span, ty: &str) -> usize {
        self.text_bounds()
            .filter(|t| t.span == span && t.ty == ty)
            .count()
    }

    /// The link of `T<id>`: its first `N` line's entity and name.
    fn link_of(&self, id: u32) -> Link<'_> {
        self.lines.iter().find_map(|line| match line {
            Line::Normalization(n) if n.target == id => Some((n.entity.as_str(), n.text.as_str())),
            _ => None,
        })
    }

    /// Whether a `T` line, read or not, has the number `id`.
    fn has_text_bound_id(&self, id: u32) -> bool {
        self.lines.iter().any(|line| match line {
            Line::TextBound(t) => t.id == id,
            Line::Verbatim(raw) => text_bound_id(raw) == Some(id),
            Line::Normalization(_) => false,
        })
    }

    /// The lines other than the text-bound annotations and their links, as
    /// written.
    fn other_lines(&self) -> Vec<String> {
        let mut linked = Vec::new();
        self.lines
            .iter()
            .filter(|line| match line {
                Line::TextBound(_) => false,
                Line::Normalization(n) => {
                    let is_link =
                        !linked.contains(&n.target) && self.text_bounds().any(|t| t.id == n.target);
                    linked.push(n.target);
                    !is_link
                }
                Line::Verbatim(_) => true,
            })
            .map(render_line)
            .collect()
    }
}

/// The number of an unread `T` line (`T12<TAB>…`).
fn text_bound_id(raw: &str) -> Option<u32> {
    let (id, _) = raw.split_once('\t')?;
    id.strip_prefix('T')?.parse().ok()
}

/// `line` with its references to renumbered annotations (and, for a `T`
/// line, its own number) following them. References are in the second
/// field: `Arg1:T3`, `T3`, an `N` line's target; the text after it is kept.
fn renumbered(line: &str, renamed: &FxHashMap<u32, u32>) -> String {
    let rename = |field: &str| -> Option<String> {
        let id: u32 = field.strip_prefix('T')?.parse().ok()?;
        renamed.get(&id).map(|new| format!("T{new}"))
    };
    let mut fields: Vec<String> = line.splitn(3, '\t').map(str::to_owned).collect();
    if fields[0].starts_with('T') {
        if let Some(new) = rename(&fields[0]) {
            fields[0] = new;
        }
    }
    if let Some(annotation) = fields.get_mut(1) {
        let is_link = line.starts_with('N');
        let mut out = String::with_capacity(annotation.len());
        for (i, piece) in annotation.split_inclusive([' ', ':']).enumerate() {
            let (word, separator) = match piece.strip_suffix([' ', ':']) {
                Some(word) => (word, &piece[word.len()..]),
                None => (piece, ""),
            };
            // An `N` line's second word is its target; its entity id may
            // look like a reference (`wikidata:T5`) but is none.
            let reference = if is_link { i == 1 } else { true };
            match rename(word).filter(|_| reference) {
                Some(new) => out.push_str(&new),
                None => out.push_str(word),
            }
            out.push_str(separator);
        }
        *annotation = out;
    }
    fields.join("\t")
}

#[cfg(test)]
mod tests;
