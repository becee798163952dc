//! Alama's engine, free of any editor protocol. See ARCHITECTURE.md.

pub mod gazetteer;
pub mod normalize;
pub mod text;
