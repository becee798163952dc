//! The server's output channel: one thread owns stdout and writes whole
//! messages from a queue. The server's loop (`transport.rs`) queues the
//! framework's responses and requests to the client through [`Output`];
//! diagnostics, already serialized, are queued beside them. The framework
//! would first turn them into a `serde_json::Value` tree (four maps per
//! diagnostic, twelve thousand diagnostics for a megabyte of text), which
//! cost more than all the rest of a keystroke. The answers to messages
//! that are refused before they are read (see `input.rs`) are queued here
//! too.
//!
//! # What this relies on in tower-lsp-server
//!
//! The framework's own `Server` writes each message with a codec private to
//! it: a `Content-Length` header field alone, a blank line, then the message
//! as `serde_json` serializes it. `Output` writes in the codec's stead, and
//! so relies on two things of tower-lsp-server 0.23, which the workspace's
//! `Cargo.toml` pins exactly for this reason:
//!
//! - its `Request` and `Response` serialize to whole JSON-RPC 2.0 messages,
//!   `"jsonrpc": "2.0"` included, so that the header is all there is to
//!   add;
//! - a `textDocument/publishDiagnostics` notification is the object that
//!   [`Output::publish_diagnostics`] writes, which the framework's `Client`
//!   would otherwise have sent through that codec.
//!
//! The test `messages_are_framed_as_the_framework_frames_them` runs the
//! framework's `Server` and compares what it writes with what `Output`
//! writes for the same messages, so that an update breaking either fails
//! it.

use std::io::{self, Write};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;

use serde::Serialize;
use tower_lsp_server::jsonrpc::{Request, Response};

use crate::diagnostics::Publication;
use crate::framing;

/// What the writer thread is given: a whole message, or the end.
enum Item {
    Message(Vec<u8>),
    /// A message in three pieces: the diagnostics in the middle are shared
    /// with the buffer that keeps them, and not copied.
    Pieces(Vec<u8>, Arc<Vec<u8>>, &'static [u8]),
    End,
}

/// Queues whole LSP messages for stdout. Clones share the queue, which is
/// unbounded: were it bounded, a full queue would block the server's
/// threads, and with them the reading of stdin, while the client may be
/// blocked writing to it.
#[derive(Clone)]
pub struct Output {
    queue: mpsc::Sender<Item>,
}

/// The thread writing the queue to stdout.
pub struct Writer {
    queue: mpsc::Sender<Item>,
    thread: JoinHandle<()>,
}

impl Output {
    /// The output, and the thread writing it to `stdout` until
    /// [`Writer::finish`].
    pub fn new(stdout: impl Write + Send + 'static) -> (Output, Writer) {
        let (queue, items) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            if let Err(error) = write_messages(items, stdout) {
                tracing::error!("cannot write to the client: {error}");
            }
        });
        let writer = Writer {
            queue: queue.clone(),
            thread,
        };
        (Output { queue }, writer)
    }

    pub fn publish_diagnostics(&self, publication: &Publication) {
        const HEAD: &[u8] =
            br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":"#;
        let length = HEAD.len() + publication.head.len() + publication.body.len() + 1;
        let mut head = framing::header(length);
        head.extend_from_slice(HEAD);
        head.extend_from_slice(&publication.head);
        self.send(Item::Pieces(head, publication.body.clone(), b"}"));
    }

    /// Queues a response.
    pub fn respond(&self, response: &Response) {
        self.write(response, "a response");
    }

    /// Queues a request or notification to the client.
    pub fn request(&self, request: &Request) {
        self.write(request, "a request");
    }

    fn write(&self, message: &impl Serialize, what: &str) {
        match serde_json::to_vec(message) {
            Ok(body) => {
                let mut framed = framing::header(body.len());
                framed.extend_from_slice(&body);
                self.send(Item::Message(framed));
            }
            Err(error) => tracing::error!("cannot write {what}: {error}"),
        }
    }

    fn send(&self, item: Item) -> bool {
        // The queue closes when the writer has failed or finished: the
        // client is gone, and there is no one left to tell.
        self.queue.send(item).is_ok()
    }
}

impl Writer {
    /// Writes what is queued so far, then ends the thread.
    pub fn finish(self) {
        let _ = self.queue.send(Item::End);
        if self.thread.join().is_err() {
            tracing::error!("the thread writing to stdout panicked");
        }
    }
}

fn write_messages(items: mpsc::Receiver<Item>, mut stdout: impl Write) -> io::Result<()> {
    let mut next = items.recv().ok();
    loop {
        match next {
            Some(Item::Message(message)) => stdout.write_all(&message)?,
            Some(Item::Pieces(head, body, tail)) => {
                stdout.write_all(&head)?;
                stdout.write_all(&body)?;
                stdout.write_all(tail)?;
            }
            Some(Item::End) | None => break,
        }
        // Flush only when nothing more is waiting.
        next = match items.try_recv() {
            Ok(item) => Some(item),
            Err(_) => {
                stdout.flush()?;
                items.recv().ok()
            }
        };
    }
    stdout.flush()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::{Arc, Mutex};

    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tower_lsp_server::jsonrpc::Result;
    use tower_lsp_server::ls_types::{
        InitializeParams, InitializeResult, InitializedParams, MessageType,
        PublishDiagnosticsParams, Uri,
    };
    use tower_lsp_server::{Client, LanguageServer, LspService, Server};

    use super::*;

    /// A stdout that keeps what is written.
    #[derive(Clone, Default)]
    pub(crate) struct Captured(pub(crate) Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// The bodies of the framed messages in `bytes`, checking each length
    /// and that nothing is left over.
    pub(crate) fn bodies(bytes: &[u8]) -> Vec<serde_json::Value> {
        let frames = frames(bytes);
        let framed: usize = frames.iter().map(|(h, b)| h.len() + b.len()).sum();
        assert_eq!(framed, bytes.len(), "{}", String::from_utf8_lossy(bytes));
        frames
            .into_iter()
            .map(|(_, body)| serde_json::from_slice(body).unwrap())
            .collect()
    }

    /// The whole messages at the start of `bytes`, each as its header and
    /// its body.
    fn frames(mut bytes: &[u8]) -> Vec<(&[u8], &[u8])> {
        let mut frames = Vec::new();
        while let Some(end) = memchr::memmem::find(bytes, b"\r\n\r\n") {
            let (header, rest) = bytes.split_at(end + 4);
            let length: usize = std::str::from_utf8(header)
                .unwrap()
                .trim_end()
                .strip_prefix("Content-Length: ")
                .and_then(|length| length.parse().ok())
                .unwrap_or_else(|| panic!("a header other than Content-Length: {header:?}"));
            let Some(body) = rest.get(..length) else {
                break;
            };
            frames.push((header, body));
            bytes = &rest[length..];
        }
        frames
    }

    #[test]
    fn messages_of_every_kind_are_written_whole_and_in_order() {
        let stdout = Captured::default();
        let (output, writer) = Output::new(stdout.clone());
        output.respond(&Response::from_ok(1.into(), serde_json::Value::Null));
        output.request(
            &Request::build("window/logMessage")
                .params(serde_json::json!({"type": 3, "message": "m"}))
                .finish(),
        );
        let uri: Uri = "file:///corpus/a.txt".parse().unwrap();
        output.publish_diagnostics(&crate::diagnostics::none(&uri, Some(7)));
        output.respond(&crate::jsonrpc::parse_error("not JSON"));
        writer.finish();

        let bodies = bodies(&stdout.0.lock().unwrap());
        assert_eq!(
            bodies[0],
            serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": null})
        );
        assert_eq!(
            bodies[1],
            serde_json::json!({
                "jsonrpc": "2.0",
                "method": "window/logMessage",
                "params": {"type": 3, "message": "m"},
            })
        );
        assert_eq!(bodies[2]["method"], "textDocument/publishDiagnostics");
        let params: PublishDiagnosticsParams =
            serde_json::from_value(bodies[2]["params"].clone()).unwrap();
        assert_eq!(
            (params.uri, params.version, params.diagnostics),
            (uri, Some(7), Vec::new())
        );
        assert_eq!(
            bodies[3],
            serde_json::json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": {"code": -32700, "message": "Parse error: not JSON"},
            })
        );
        assert_eq!(bodies.len(), 4);
    }

    /// A language server that makes the framework write a message of each
    /// kind that [`Output`] writes in its stead: a notification while it
    /// initializes, the responses, and diagnostics once initialized.
    struct Framed(Client);

    /// The document whose (empty) diagnostics [`Framed`] publishes.
    const DOCUMENT: &str = "file:///corpus/a.txt";

    impl LanguageServer for Framed {
        async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
            self.0
                .show_message(MessageType::INFO, "مرحبا \"quoted\"\n")
                .await;
            Ok(InitializeResult::default())
        }

        async fn initialized(&self, _: InitializedParams) {
            let uri = DOCUMENT.parse().unwrap();
            self.0.publish_diagnostics(uri, Vec::new(), Some(7)).await;
        }

        async fn shutdown(&self) -> Result<()> {
            Ok(())
        }
    }

    /// Reads from `reader` into `written` until it holds `count` whole
    /// messages.
    async fn read_frames(
        reader: &mut (impl tokio::io::AsyncRead + Unpin),
        written: &mut Vec<u8>,
        count: usize,
    ) {
        while frames(written).len() < count {
            let mut chunk = [0; 4096];
            let read = tokio::time::timeout(Duration::from_secs(30), reader.read(&mut chunk))
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "the framework wrote no more than {}",
                        String::from_utf8_lossy(written)
                    )
                })
                .unwrap();
            assert!(read > 0, "the framework stopped writing");
            written.extend_from_slice(&chunk[..read]);
        }
    }

    /// `Output` frames messages itself, in place of tower-lsp-server's
    /// private codec, and writes diagnostics it serialized itself. This runs
    /// the framework's own `Server` over in-memory streams and checks that,
    /// for each message the framework writes, `Output` writes the same
    /// header to the byte and the same JSON body. It fails if an update of
    /// tower-lsp-server frames messages otherwise, or if its `Request` and
    /// `Response` no longer serialize to whole JSON-RPC messages.
    #[tokio::test]
    async fn messages_are_framed_as_the_framework_frames_them() {
        let (client, server) = tokio::io::duplex(1 << 16);
        let (server_reads, server_writes) = tokio::io::split(server);
        let (mut client_reads, mut client_writes) = tokio::io::split(client);
        let (service, socket) = LspService::new(Framed);
        let serving = tokio::spawn(Server::new(server_reads, server_writes, socket).serve(service));
        let frame = |body: &str| [framing::header(body.len()), body.as_bytes().to_vec()].concat();
        // As a client does, `initialized` is sent once `initialize` is
        // answered (with the message shown meanwhile).
        let initialize =
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        client_writes.write_all(&frame(initialize)).await.unwrap();
        let mut written = Vec::new();
        read_frames(&mut client_reads, &mut written, 2).await;
        for body in [
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":"two","method":"no/such/method"}"#,
        ] {
            client_writes.write_all(&frame(body)).await.unwrap();
        }
        read_frames(&mut client_reads, &mut written, 4).await;
        let exit = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        client_writes.write_all(&exit).await.unwrap();
        serving.await.unwrap();

        let stdout = Captured::default();
        let (output, writer) = Output::new(stdout.clone());
        let mut methods = Vec::new();
        for (_, body) in frames(&written) {
            let message: serde_json::Value = serde_json::from_slice(body).unwrap();
            match message["method"].as_str() {
                Some("textDocument/publishDiagnostics") => {
                    let uri = DOCUMENT.parse().unwrap();
                    output.publish_diagnostics(&crate::diagnostics::none(&uri, Some(7)));
                }
                Some(_) => output.request(&serde_json::from_slice(body).unwrap()),
                None => output.respond(&serde_json::from_slice(body).unwrap()),
            }
            methods.push(
                message["method"]
                    .as_str()
                    .unwrap_or("(response)")
                    .to_owned(),
            );
        }
        writer.finish();
        methods.sort();
        assert_eq!(
            methods,
            [
                "(response)",
                "(response)",
                "textDocument/publishDiagnostics",
                "window/showMessage"
            ]
        );

        // Each header to the byte, each body as JSON: the framework writes
        // members in another order than the diagnostics are written in.
        let read = |bytes| {
            frames(bytes)
                .into_iter()
                .map(|(header, body)| {
                    let header = String::from_utf8_lossy(header).into_owned();
                    let body = serde_json::from_slice::<serde_json::Value>(body).unwrap();
                    (header, body)
                })
                .collect::<Vec<_>>()
        };
        let theirs = read(&written);
        let ours = read(&stdout.0.lock().unwrap());
        assert_eq!(ours.len(), theirs.len());
        for (ours, theirs) in ours.iter().zip(&theirs) {
            assert_eq!(
                ours, theirs,
                "Output no longer writes a message as tower-lsp-server does"
            );
        }
    }
}
