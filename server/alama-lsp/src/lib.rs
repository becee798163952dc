//! The language server, `alama serve`: the only crate that speaks LSP. It
//! translates between the protocol and `alama-ide`; see ARCHITECTURE.md.

mod commands;
mod diagnostics;
mod framing;
mod handlers;
mod indexing;
mod input;
mod jobs;
mod jsonrpc;
mod mentions;
mod output;
mod position;
mod server;
mod session;
mod settings;
mod transport;
mod uri;

use std::sync::OnceLock;

use tower_lsp_server::LspService;

use crate::input::Input;
use crate::output::Output;

/// What gives the memory the server's threads have freed back to the
/// system: the allocator's own, given by the program to [`serve`].
static RELEASE_FREED_MEMORY: OnceLock<fn()> = OnceLock::new();

/// Gives the memory the server's threads have freed back to the system,
/// after work that freed much of it: an allocator keeps freed memory for
/// the thread that freed it, and a thread idle since never gives it back.
fn release_freed_memory() {
    if let Some(release) = RELEASE_FREED_MEMORY.get() {
        release();
    }
}

/// Serves LSP over stdin/stdout until the client exits.
/// `release_freed_memory` gives the memory freed by the server's threads
/// back to the system.
pub fn serve(release_freed_memory: fn()) -> anyhow::Result<()> {
    let _ = RELEASE_FREED_MEMORY.set(release_freed_memory);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (output, writer) = Output::new(std::io::stdout());
    let input = Input::spawn(std::io::stdin(), output.clone())?;
    runtime.block_on(async {
        let server_output = output.clone();
        let (service, socket) =
            LspService::new(move |client| server::Server::new(client, server_output));
        transport::serve(input, output, socket, service).await;
    });
    // Tasks may still run once the client has said `exit`: do not wait for
    // them (nor does anything wait for the thread reading stdin).
    runtime.shutdown_background();
    writer.finish();
    Ok(())
}
