//! The language server, `alama serve`: the only crate that speaks LSP. It
//! translates between the protocol and `alama-ide`; see ARCHITECTURE.md.

mod commands;
mod diagnostics;
mod handlers;
mod indexing;
mod position;
mod server;
mod session;
mod settings;
mod uri;

use tower_lsp_server::{LspService, Server};

/// Serves LSP over stdin/stdout until the client exits.
pub fn serve() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::new(server::Server::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // The thread reading stdin may block until the client closes it: do not
    // wait for it once the client has said `exit`.
    runtime.shutdown_background();
    Ok(())
}
