//! The server's loop: tower-lsp-server's `Server::serve`, fed with the
//! messages [`Input`] has read and writing through [`Output`].
//!
//! The framework's loop reads stdin with its own codec, which keeps a read
//! buffer as large as the largest message for the rest of the session (a
//! document's text, as long as the document) and copies each message once
//! more to read it. This loop does what the framework's does, the same
//! way: requests and notifications go to the service in the order they
//! arrive, at most [`MAX_CONCURRENCY`] of them are answered at once, the
//! client's responses go back to the service, and the service's requests
//! to the client go out; reading stops after `exit`.

use futures::channel::mpsc;
use futures::{future, stream, SinkExt, StreamExt, TryFutureExt};
use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ClientSocket;

use crate::input::Input;
use crate::jsonrpc::Message;
use crate::output::Output;

/// How many requests are handled at once: the framework's default. A
/// request waiting for the session's lock does not hold up
/// `$/cancelRequest`.
const MAX_CONCURRENCY: usize = 4;

/// How many requests may wait for one of those places: the framework's.
const QUEUE: usize = 100;

/// Serves `service` until the client says `exit` or closes stdin.
pub async fn serve<T>(mut input: Input, output: Output, socket: ClientSocket, mut service: T)
where
    T: Service<Request, Response = Option<Response>>,
    T::Error: std::fmt::Display,
{
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, client_abort) = stream::abortable(client_requests);
    let (mut tasks, queued) = mpsc::channel(QUEUE);

    let answer = queued
        .buffer_unordered(MAX_CONCURRENCY)
        .for_each(|response: Option<Response>| {
            if let Some(response) = response {
                output.respond(&response);
            }
            future::ready(())
        });
    let ask = client_requests.for_each(|request| {
        output.request(&request);
        future::ready(())
    });
    let read = async {
        while let Some(message) = input.next().await {
            match message {
                Message::Request(request) => {
                    if let Err(error) = future::poll_fn(|cx| service.poll_ready(cx)).await {
                        tracing::error!("{error}");
                        break;
                    }
                    // The server exits after `exit` whether or not the
                    // client closes stdin.
                    let exit = request.method() == "exit";
                    let task = service.call(request).unwrap_or_else(|error| {
                        tracing::error!("{error}");
                        None
                    });
                    if tasks.send(task).await.is_err() || exit {
                        break;
                    }
                }
                Message::Response(response) => {
                    if let Err(error) = client_responses.send(response).await {
                        tracing::error!("{error}");
                        break;
                    }
                }
            }
        }
        tasks.disconnect();
        client_abort.abort();
    };
    futures::join!(answer, ask, read);
}
