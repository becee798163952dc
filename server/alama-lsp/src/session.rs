//! The server's state: the open buffers and the workspaces of the corpus.
//!
//! One lock guards it all. Handlers take it, change what they must without
//! awaiting, and release it before they talk to the client, so document
//! changes are applied in the order they arrive.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use alama_ide::workspace::Workspace;
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use crate::diagnostics::{self, Publication, Written};
use crate::position::Encoding;
use crate::settings::Settings;

/// What the client can do, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    pub work_done_progress: bool,
    pub configuration: bool,
    pub watched_files_registration: bool,
    pub semantic_tokens_refresh: bool,
}

/// An open document as the editor has it.
pub struct Buffer {
    pub rope: Rope,
    pub version: i32,
    pub path: PathBuf,
    /// Its last diagnostics.
    pub published: Option<Written>,
}

impl Buffer {
    pub fn new(text: &str, version: i32, path: PathBuf) -> Buffer {
        Buffer {
            rope: Rope::from_str(text),
            version,
            path,
            published: None,
        }
    }
}

#[derive(Default)]
pub struct Session {
    pub encoding: Option<Encoding>,
    pub settings: Settings,
    pub support: ClientSupport,
    /// Workspace folders, canonical.
    pub folders: Vec<PathBuf>,
    /// The indexed workspaces, one per folder; empty until indexed.
    pub workspaces: Vec<Workspace>,
    pub buffers: HashMap<Uri, Buffer>,
    /// Messages for the user found before the client could be told.
    pub pending_messages: Vec<String>,
}

impl Session {
    pub fn encoding(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf16)
    }

    /// The workspace holding `path`: the one with the longest root.
    pub fn workspace_mut(&mut self, path: &Path) -> Option<&mut Workspace> {
        let index = holding(&self.workspaces, path)?;
        Some(&mut self.workspaces[index])
    }

    pub fn workspace(&self, path: &Path) -> Option<&Workspace> {
        holding(&self.workspaces, path).map(|index| &self.workspaces[index])
    }

    /// Diagnostics of the open documents whose mentions changed.
    pub fn changed_diagnostics(&mut self) -> Vec<Publication> {
        let changed: Vec<PathBuf> = self
            .workspaces
            .iter_mut()
            .flat_map(|w| w.take_changed())
            .collect();
        let uris: Vec<Uri> = self
            .buffers
            .iter()
            .filter(|(_, b)| changed.contains(&b.path))
            .map(|(uri, _)| uri.clone())
            .collect();
        uris.iter()
            .filter_map(|uri| self.diagnostics_of(uri))
            .collect()
    }

    /// Diagnostics of every open document.
    pub fn all_diagnostics(&mut self) -> Vec<Publication> {
        for workspace in &mut self.workspaces {
            workspace.take_changed();
        }
        let uris: Vec<Uri> = self.buffers.keys().cloned().collect();
        uris.iter()
            .filter_map(|uri| self.diagnostics_of(uri))
            .collect()
    }

    pub fn diagnostics_of(&mut self, uri: &Uri) -> Option<Publication> {
        let encoding = self.encoding();
        let index = holding(&self.workspaces, &self.buffers.get(uri)?.path)?;
        let buffer = self.buffers.get_mut(uri)?;
        Some(diagnostics::of_document(
            &self.workspaces[index],
            uri,
            buffer,
            &self.settings,
            encoding,
        ))
    }
}

/// The index of the workspace holding `path`: the one with the longest root.
fn holding(workspaces: &[Workspace], path: &Path) -> Option<usize> {
    workspaces
        .iter()
        .enumerate()
        .filter(|(_, w)| path.starts_with(w.root()))
        .max_by_key(|(_, w)| w.root().as_os_str().len())
        .map(|(index, _)| index)
}
