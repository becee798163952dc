//! The server's output channel: one thread owns stdout and writes whole
//! messages from a queue. tower-lsp-server writes its framed messages
//! through [`Output`]; diagnostics, already serialized, are queued beside
//! them. The framework would first turn them into a `serde_json::Value`
//! tree (four maps per diagnostic, twelve thousand diagnostics for a
//! megabyte of text), which cost more than all the rest of a keystroke.
//! The answers to messages the framework is never given (see `input.rs`)
//! are queued here too.

use std::io::{self, Write};
use std::pin::Pin;
use std::sync::{mpsc, Arc};
use std::task::{Context, Poll};
use std::thread::JoinHandle;

use tokio::io::AsyncWrite;
use tower_lsp_server::jsonrpc::Response;

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

    /// Queues a response the framework does not write: the answer to a
    /// message it was never given.
    pub fn respond(&self, response: &Response) {
        match serde_json::to_vec(response) {
            Ok(body) => {
                let mut message = framing::header(body.len());
                message.extend_from_slice(&body);
                self.send(Item::Message(message));
            }
            Err(error) => tracing::error!("cannot write a response: {error}"),
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

/// tower-lsp-server's side: its `FramedWrite` encodes whole messages into a
/// buffer and writes the buffer; every write is taken whole, so each queued
/// piece holds whole messages only.
impl AsyncWrite for Output {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(if self.send(Item::Message(buf.to_vec())) {
            Ok(buf.len())
        } else {
            Err(io::ErrorKind::BrokenPipe.into())
        })
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::{Arc, Mutex};

    use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

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

    /// The bodies of the framed messages in `bytes`, checking each length.
    pub(crate) fn bodies(mut bytes: &[u8]) -> Vec<serde_json::Value> {
        let mut bodies = Vec::new();
        while !bytes.is_empty() {
            let text = std::str::from_utf8(bytes).unwrap();
            let (header, rest) = text.split_once("\r\n\r\n").unwrap();
            let length: usize = header
                .strip_prefix("Content-Length: ")
                .unwrap()
                .parse()
                .unwrap();
            bodies.push(serde_json::from_slice(&rest.as_bytes()[..length]).unwrap());
            bytes = &rest.as_bytes()[length..];
        }
        bodies
    }

    #[test]
    fn messages_from_both_sides_are_written_whole_and_in_order() {
        let stdout = Captured::default();
        let (mut output, writer) = Output::new(stdout.clone());
        let framework = br#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let framed = [
            format!("Content-Length: {}\r\n\r\n", framework.len()).as_bytes(),
            framework,
        ]
        .concat();
        let mut context = Context::from_waker(std::task::Waker::noop());
        let written = Pin::new(&mut output).poll_write(&mut context, &framed);
        assert!(matches!(written, Poll::Ready(Ok(n)) if n == framed.len()));
        let uri: Uri = "file:///corpus/a.txt".parse().unwrap();
        output.publish_diagnostics(&crate::diagnostics::none(&uri, Some(7)));
        output.respond(&crate::jsonrpc::parse_error("not JSON"));
        writer.finish();

        let bodies = bodies(&stdout.0.lock().unwrap());
        assert_eq!(
            bodies[0],
            serde_json::from_slice::<serde_json::Value>(framework).unwrap()
        );
        assert_eq!(bodies[1]["method"], "textDocument/publishDiagnostics");
        let params: PublishDiagnosticsParams =
            serde_json::from_value(bodies[1]["params"].clone()).unwrap();
        assert_eq!(
            (params.uri, params.version, params.diagnostics),
            (uri, Some(7), Vec::new())
        );
        assert_eq!(
            bodies[2],
            serde_json::json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": {"code": -32700, "message": "Parse error: not JSON"},
            })
        );
        assert_eq!(bodies.len(), 3);
    }
}
