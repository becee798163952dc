//! Token-level views of an annotated text, as the formats that train
//! sequence labellers need them (CoNLL's IOB2 and BIOES columns, the
//! `tokens` and `ner_tags` of a Hugging Face dataset).
//!
//! A text is cut into tokens and sentences by [`sentences`]; the entity
//! spans are then turned into one tag per token by [`tag_tokens`]. Spans
//! and tokens need not agree: an Arabic name often starts after a
//! proclitic inside a token (و+واشنطن, لل+ولايات). [`Clitics`] states what
//! becomes of such a token, and [`Alignment`] counts every span that did
//! not fall on token bounds, so that a command can report them.
//!
//! Offsets are byte offsets into the text throughout; the callers convert
//! the code-point offsets of brat standoff.
//!
//! [`json_array`] finds the elements of a large JSON array (spaCy's training
//! format) without parsing them, for the importers.

pub mod json_array;
mod tags;
mod tokens;

pub use tags::{tag_tokens, Alignment, Clitics, Scheme, Tagged};
pub use tokens::{sentences, Token};

#[cfg(test)]
mod tests;
