//! Alama's editor features, free of any protocol: the corpus index of a
//! workspace folder, the hover card, the code actions and the commands they
//! carry, the document outline and the entity search. The language server (`alama-lsp`) only translates them to LSP.

pub mod actions;
pub mod hover;
pub mod selection;
pub mod symbols;
pub mod workspace;
