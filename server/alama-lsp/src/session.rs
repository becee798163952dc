//! The server's state: the open buffers and the workspaces of the corpus.
//!
//! One lock guards it all. Handlers take it, change what they must without
//! awaiting, and release it before they talk to the client, so document
//! changes are applied in the order they arrive. What takes long on a long
//! document (recognizing its whole text, writing its diagnostics) runs off
//! the lock: see `jobs.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use alama_core::engine::Mention;
use alama_core::text::Text;
use alama_ide::hover::Indexing;
use alama_ide::workspace::Workspace;
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

mod sync;

use crate::diagnostics::{Snapshot, Written};
use crate::position::Encoding;
use crate::settings::{ReadSettings, Settings};

/// What the client can do, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    pub work_done_progress: bool,
    pub configuration: bool,
    pub watched_files_registration: bool,
    pub semantic_tokens_refresh: bool,
    pub inlay_hint_refresh: bool,
    pub code_lens_refresh: bool,
    /// The client runs the command `alama.pick` (a pick list, then a
    /// server command), as it says with `experimental.alama.pick`.
    pub pick: bool,
    /// Document symbols may be a hierarchy (`DocumentSymbol`), not only a
    /// list (`SymbolInformation`).
    pub hierarchical_document_symbols: bool,
}

/// An open document as the editor has it.
pub struct Buffer {
    pub rope: Rope,
    pub version: i32,
    pub path: PathBuf,
    /// Tells this opening of the document from any other.
    pub opening: u64,
    /// Its last diagnostics, except while new ones are being written.
    pub published: Option<Written>,
    /// New diagnostics are being written off the lock.
    pub publishing: bool,
    /// They must be written again once they are, for a newer state.
    pub republish: bool,
    /// Its whole text is being recognized in bounded pieces: its last
    /// diagnostics are not kept meanwhile (see `jobs.rs`).
    pub recognizing_long: bool,
    /// The first code point edited since the diagnostics being written were
    /// taken.
    pub edited_from: usize,
    /// When the change not yet published arrived, and whether it opened
    /// the document (for the debug log).
    pub changed_at: Option<(Instant, bool)>,
}

impl Buffer {
    /// Its state in `workspace` (whose open document it may not be), from
    /// which its diagnostics are written off the session's lock.
    pub fn snapshot(
        &self,
        workspace: &Workspace,
        uri: &Uri,
        settings: &Settings,
        encoding: Encoding,
    ) -> Snapshot {
        let document = (self.version, self.rope.clone(), self.path.as_path());
        Snapshot::new(workspace, uri, document, settings, encoding)
    }

    pub fn new(text: &str, version: i32, path: PathBuf) -> Buffer {
        static OPENINGS: AtomicU64 = AtomicU64::new(0);
        Buffer {
            rope: Rope::from_str(text),
            version,
            path,
            opening: OPENINGS.fetch_add(1, Ordering::Relaxed),
            published: None,
            publishing: false,
            republish: false,
            recognizing_long: false,
            edited_from: usize::MAX,
            changed_at: None,
        }
    }

    /// The text, in a string of its length (`Rope::to_string` may take
    /// half as much again).
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.rope.len_bytes());
        text.extend(self.rope.chunks());
        text
    }

    /// Writes the text into `text`, an empty string whose memory is reused
    /// if it is large enough; if not, it gets room for the text and a
    /// little more, so that typing does not move the text at every
    /// keystroke.
    pub fn write_text(&self, text: &mut String) {
        let len = self.rope.len_bytes();
        if text.capacity() < len {
            // The old memory is freed before the new is taken.
            *text = String::new();
            text.reserve_exact(len + len / 64);
        }
        text.extend(self.rope.chunks());
    }

    /// Notes an edit of the text from code point `start` on, which the
    /// next diagnostics cannot copy from the last ones.
    pub fn edited(&mut self, start: usize) {
        if let Some(written) = self.published.as_mut() {
            written.edited_from(start);
        }
        self.edited_from = self.edited_from.min(start);
    }
}

#[derive(Default)]
pub struct Session {
    encoding: Option<Encoding>,
    settings: Settings,
    support: ClientSupport,
    /// Workspace folders, canonical.
    folders: Vec<PathBuf>,
    /// The workspaces, one per folder; empty until the first indexing has
    /// read their projects.
    workspaces: Vec<Workspace>,
    /// The workspaces stand in for those being indexed for the first time
    /// (see [`Workspace::provisional`]): they know no document of the
    /// corpus, and write nothing.
    provisional: bool,
    /// Set while the workspaces are indexed.
    indexing: Option<Indexing>,
    /// The number of indexings started: only the last one's result is
    /// installed.
    indexings: u64,
    /// The open documents, which only the text synchronization methods
    /// ([`Session::open`], [`Session::change`], [`Session::close`]) add,
    /// edit and remove.
    buffers: HashMap<Uri, Buffer>,
    /// Messages for the user found before the client could be told.
    pending_messages: Vec<String>,
}

impl Session {
    /// Takes what `initialize` learned of the client: the position
    /// encoding, what it supports, its workspace folders, and its settings
    /// (or why they could not be read, for the user once the client can be
    /// told).
    pub fn initialize(
        &mut self,
        encoding: Encoding,
        support: ClientSupport,
        folders: Vec<PathBuf>,
        settings: Result<ReadSettings, String>,
    ) {
        self.encoding = Some(encoding);
        self.support = support;
        self.folders = folders;
        match settings {
            Ok(read) => {
                self.settings = read.settings;
                self.pending_messages.extend(read.warning);
            }
            Err(message) => self.pending_messages.push(message),
        }
    }

    /// The messages for the user found before the client could be told,
    /// which are then forgotten.
    pub fn take_pending_messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.pending_messages)
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf16)
    }

    pub fn support(&self) -> ClientSupport {
        self.support
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Puts `settings` in force; returns whether they differ from those
    /// that were.
    pub fn set_settings(&mut self, settings: Settings) -> bool {
        let changed = self.settings != settings;
        self.settings = settings;
        changed
    }

    /// Whether the workspaces stand in for those being indexed the first
    /// time (see [`Workspace::provisional`]).
    pub fn is_provisional(&self) -> bool {
        self.provisional
    }

    /// How far the indexing under way is, if one is.
    pub fn indexing(&self) -> Option<Indexing> {
        self.indexing
    }

    /// Starts an indexing: returns what it reads (the folders, the
    /// settings, the client's support) and its number, by which
    /// [`Session::is_last_indexing`] tells whether a newer one started since.
    pub fn start_indexing(&mut self) -> (Vec<PathBuf>, Settings, ClientSupport, u64) {
        self.indexings += 1;
        self.indexing = Some(Indexing::default());
        (
            self.folders.clone(),
            self.settings.clone(),
            self.support,
            self.indexings,
        )
    }

    /// Whether indexing `number` is the last one started.
    pub fn is_last_indexing(&self, number: u64) -> bool {
        self.indexings == number
    }

    /// Notes how many documents the indexing under way has read.
    pub fn indexing_progress(&mut self, done: usize, total: usize) {
        if let Some(indexing) = self.indexing.as_mut() {
            *indexing = Indexing { done, total };
        }
    }

    /// Installs the workspaces of an indexing (`provisional`: those that
    /// stand in while the first one runs, which does not end it) and opens
    /// the open buffers in them. Returns the problems met opening them.
    pub fn install_workspaces(
        &mut self,
        workspaces: Vec<Workspace>,
        provisional: bool,
    ) -> Vec<String> {
        if !provisional {
            self.indexing = None;
        }
        self.workspaces = workspaces;
        for workspace in &mut self.workspaces {
            workspace.defer_recognition();
        }
        self.provisional = provisional;
        let mut problems = Vec::new();
        for buffer in self.buffers.values() {
            let Some(index) = holding(&self.workspaces, &buffer.path) else {
                continue;
            };
            let workspace = &mut self.workspaces[index];
            if workspace.admits(&buffer.path) {
                if let Err(error) = workspace.open(&buffer.path, buffer.text()) {
                    problems.push(error.to_string());
                }
            }
        }
        problems
    }

    /// The workspaces, one per folder; none before the first indexing has
    /// read their projects.
    pub fn workspaces(&self) -> &[Workspace] {
        &self.workspaces
    }

    /// The workspace holding `path`: the one with the longest root.
    pub fn workspace_mut(&mut self, path: &Path) -> Option<&mut Workspace> {
        let index = holding(&self.workspaces, path)?;
        Some(&mut self.workspaces[index])
    }

    pub fn workspace(&self, path: &Path) -> Option<&Workspace> {
        holding(&self.workspaces, path).map(|index| &self.workspaces[index])
    }

    /// The buffer of the open document `uri`.
    pub fn buffer(&self, uri: &Uri) -> Option<&Buffer> {
        self.buffers.get(uri)
    }

    /// The buffer of the open document `uri`, to note what was published
    /// of it (its text changes only through [`Session::change`]).
    pub fn buffer_mut(&mut self, uri: &Uri) -> Option<&mut Buffer> {
        self.buffers.get_mut(uri)
    }

    /// Whether the document `uri` is open.
    pub fn is_open(&self, uri: &Uri) -> bool {
        self.buffers.contains_key(uri)
    }

    /// The open documents with their buffers, in no order.
    pub fn buffers(&self) -> impl Iterator<Item = (&Uri, &Buffer)> {
        self.buffers.iter()
    }

    /// The buffer of the open document `uri` with the workspace holding
    /// it and the settings, to write its diagnostics.
    pub fn buffer_in_workspace(
        &mut self,
        uri: &Uri,
    ) -> Option<(&mut Buffer, &Workspace, &Settings)> {
        let buffer = self.buffers.get_mut(uri)?;
        let index = holding(&self.workspaces, &buffer.path)?;
        Some((buffer, &self.workspaces[index], &self.settings))
    }

    /// Notes whether the open buffers of `path` are being recognized whole
    /// in bounded pieces; while they are, they keep no diagnostics.
    pub fn set_recognizing_long(&mut self, path: &Path, recognizing: bool) {
        for buffer in self.buffers.values_mut().filter(|b| b.path == path) {
            buffer.recognizing_long = recognizing;
            if recognizing {
                buffer.published = None;
            }
        }
    }

    /// The workspaces, to change.
    pub fn workspaces_mut(&mut self) -> impl Iterator<Item = &mut Workspace> {
        self.workspaces.iter_mut()
    }

    /// The open document `uri`: its buffer, and its text and mentions as
    /// its workspace has them; `None` when it is not open or in no
    /// workspace folder.
    pub fn open_document(&self, uri: &Uri) -> Option<(&Buffer, &Text, &[Mention])> {
        let buffer = self.buffers.get(uri)?;
        let (text, mentions) = self.workspace(&buffer.path)?.open_document(&buffer.path)?;
        Some((buffer, text, mentions))
    }

    /// Whether the corpus is not indexed yet: its documents are not known.
    /// That holds from `initialize` on, before the first indexing has even
    /// started, so that no request is answered as if the corpus were empty.
    pub fn first_indexing(&self) -> bool {
        let folders = !self.folders.is_empty();
        (self.indexing.is_some() || folders) && (self.workspaces.is_empty() || self.provisional)
    }
}

/// The index of the workspace holding `path`: the one with the longest root.
pub fn holding(workspaces: &[Workspace], path: &Path) -> Option<usize> {
    workspaces
        .iter()
        .enumerate()
        .filter(|(_, w)| path.starts_with(w.root()))
        .max_by_key(|(_, w)| w.root().as_os_str().len())
        .map(|(index, _)| index)
}
