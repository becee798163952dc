//! Alama's editor features, free of any protocol: the corpus index of a
//! workspace folder, the hover card, the code actions and the commands they
//! carry, the lenses at the top of a document, the moves from one
//! suggestion to the next, the document outline and the entity search. The
//! language server (`alama-lsp`) only translates them to LSP.

pub mod actions;
pub mod highlights;
pub mod hover;
pub mod inlay_hints;
pub mod lens;
mod names;
pub mod navigation;
pub mod selection;
pub mod symbols;
pub mod workspace;

#[cfg(test)]
mod test_support;
