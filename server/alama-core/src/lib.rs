//! Alama's engine, free of any editor protocol. See ARCHITECTURE.md.

pub mod brat;
pub mod corpus;
pub mod engine;
pub mod gazetteer;
pub mod lexicon;
pub mod name_cache;
pub mod nationality;
pub mod normalize;
pub mod parallel;
pub mod project;
pub mod rejections;
pub mod rules;
pub mod text;
pub mod triggers;

/// A malformed line in a data file (lexicon, triggers, calendar…): reported
/// with its place, skipped, and the rest of the file loads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub message: String,
}
