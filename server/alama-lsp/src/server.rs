//! The server's state shared by its handlers (`handlers/`, which also
//! dispatch the `LanguageServer` methods to them): the client, the output
//! of diagnostics and the session behind its lock.

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::json;
use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::ls_types::MessageType;
use tower_lsp_server::Client;

use crate::output::Output;
use crate::session::Session;

/// A handle on the server's state; clones share it, so that work can go on
/// in tasks after a handler returns.
#[derive(Clone)]
pub struct Server {
    pub client: Client,
    /// Diagnostics go out here, serialized without the framework.
    pub output: Output,
    session: Arc<Mutex<Session>>,
}

impl Server {
    pub fn new(client: Client, output: Output) -> Server {
        Server {
            client,
            output,
            session: Arc::default(),
        }
    }

    /// The session; a handler that panicked while holding it left it
    /// usable, so the lock is taken back rather than poisoned.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Shows a problem to the user and logs it.
    pub async fn warn(&self, message: String) {
        tracing::warn!("{message}");
        self.client
            .show_message(MessageType::WARNING, message)
            .await;
    }

    /// Asks the client to request the code lenses of its documents again,
    /// from a task of its own, if it `supported` such requests: their
    /// counts and review state changed.
    pub fn refresh_code_lenses(&self, supported: bool) {
        if !supported {
            return;
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            let _ = client.code_lens_refresh().await;
        });
    }

    /// Shows a problem to the user and logs it, from a task of its own: for
    /// handlers that must not await.
    pub fn warn_later(&self, message: String) {
        let server = self.clone();
        tokio::spawn(async move { server.warn(message).await });
    }
}

/// The error of a request the server cannot answer yet, which the client
/// may send again: `ServerCancelled` (-32802), with `{"retry": true}`.
pub fn not_yet(message: String) -> Error {
    Error {
        code: ErrorCode::ServerError(-32802),
        message: message.into(),
        data: Some(json!({ "retry": true })),
    }
}
