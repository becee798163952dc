//! Alama's engine, free of any editor protocol. See ARCHITECTURE.md.

mod arabic;
pub mod brat;
mod bytes;
pub mod check;
pub mod chunks;
pub mod corpus;
mod double_array;
pub mod engine;
pub mod evaluate;
mod filtered_vec;
pub mod formats;
pub mod fs;
pub mod gazetteer;
pub mod lexicon;
pub mod linking;
pub mod name_cache;
pub mod nationality;
pub mod normalize;
pub mod parallel;
pub mod place_heads;
pub mod project;
pub mod read;
pub mod reanchor;
pub mod rejections;
pub mod review;
pub mod rules;
pub mod tagger;
pub mod text;
pub mod triggers;

/// A malformed line in a data file (lexicon, triggers, calendar…): reported
/// with its place, skipped, and the rest of the file loads. Line 0 is the
/// whole file, which could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", if *line == 0 { String::new() } else { format!(":{line}") })]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The seed articles, for the tests that run on real news text.
#[cfg(test)]
const SEEDS: [&str; 5] = [
    include_str!("../../../seeds/000_fa838d974829c45c.txt"),
    include_str!("../../../seeds/001_3c9b909a0e592931.txt"),
    include_str!("../../../seeds/002_663c9990e2e41927.txt"),
    include_str!("../../../seeds/003_24617dfb4d3308d4.txt"),
    include_str!("../../../seeds/004_4151f71197af0b2e.txt"),
];
