//! The language server, `alama serve`: the only crate that speaks LSP. It
//! translates between the protocol and `alama-ide`; see ARCHITECTURE.md.

mod commands;
mod diagnostics;
mod handlers;
mod indexing;
mod jobs;
mod output;
mod position;
mod server;
mod session;
mod settings;
mod uri;

use tower_lsp_server::{LspService, Server};

use crate::output::Output;

/// Serves LSP over stdin/stdout until the client exits.
pub fn serve() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (output, writer) = Output::new(std::io::stdout());
    runtime.block_on(async {
        let server_output = output.clone();
        let (service, socket) =
            LspService::new(move |client| server::Server::new(client, server_output));
        Server::new(tokio::io::stdin(), output, socket)
            .serve(service)
            .await;
    });
    // The thread reading stdin may block until the client closes it: do not
    // wait for it once the client has said `exit`.
    runtime.shutdown_background();
    writer.finish();
    Ok(())
}
