//! The server's output channel: one thread owns stdout and writes whole
//! messages from a queue. The server's loop (`transport.rs`) queues the
//! framework's responses and requests to the client through [`Output`];
//! diagnostics, already serialized, are queued beside them. The framework
//! would first turn them into a `serde_json::Value` tree (four maps per
//! diagnostic, twelve thousand diagnostics for a megabyte of text), which
//! cost more than all the rest of a keystroke. The answers to messages
//! that are refused before they are read (see `input.rs`) are queued here
//! too.

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
}
