//! The server's input channel: one thread reads stdin, frames and checks
//! each message ([`framing::Reader`]), answers the bad ones through
//! [`Output`], reads the others into the framework's message types
//! ([`jsonrpc::read`]) and hands them on through [`Input`] to the server's
//! loop (`transport.rs`).
//!
//! tower-lsp-server, reading stdin itself, ended the server at the first
//! message it could not decode; given only messages that pass the check, it
//! never does. The thread reads stdin straight into its buffer, a large
//! body is read where it lies, and the body is freed before the message is
//! handed on. The framework's own reading copied every message into a read
//! buffer of its own, which then stayed as large as the largest message
//! for the rest of the session, and copied a large body once more to try
//! reading it as a response first.

use std::io::{self, Read};

use tokio::sync::mpsc;

use crate::framing::{Event, Reader};
use crate::jsonrpc::{self, Message};
use crate::output::Output;

/// How many messages read may wait for the server's loop: enough for the
/// thread to read ahead while the loop dispatches.
const QUEUE: usize = 4;

/// The client's messages, checked and read, in order. It ends when the
/// client closes stdin.
pub struct Input {
    messages: mpsc::Receiver<Message>,
}

impl Input {
    /// Starts the thread reading the client's messages from `stdin`,
    /// answering the bad ones through `output`. The thread is not joined:
    /// a read of stdin may block until the client closes it, and the
    /// server exits when the client says `exit` without waiting for that.
    pub fn spawn(stdin: impl Read + Send + 'static, output: Output) -> io::Result<Input> {
        let (sender, messages) = mpsc::channel(QUEUE);
        std::thread::Builder::new()
            .name("stdin".to_owned())
            .spawn(move || read_messages(stdin, Reader::default(), &sender, &output))?;
        Ok(Input { messages })
    }

    /// The next message, or `None` once stdin is closed.
    pub async fn next(&mut self) -> Option<Message> {
        self.messages.recv().await
    }
}

fn read_messages(
    mut stdin: impl Read,
    mut reader: Reader,
    messages: &mpsc::Sender<Message>,
    output: &Output,
) {
    loop {
        while let Some(event) = reader.next() {
            match event {
                Event::Message(body) => {
                    let message = jsonrpc::read(body.as_bytes(), body.kind);
                    // The body is not needed once read: free it before
                    // waiting for room in the queue.
                    drop(body);
                    match message {
                        Ok(message) => {
                            if messages.blocking_send(message).is_err() {
                                // The loop has stopped reading: the server exits.
                                return;
                            }
                        }
                        Err(answer) => refuse(output, &answer),
                    }
                }
                Event::Answer(answer) => refuse(output, &answer),
            }
        }
        match reader.fill(&mut stdin) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => {
                tracing::error!("cannot read from the client: {error}");
                break;
            }
        }
    }
    if let Some(answer) = reader.finish() {
        refuse(output, &answer);
    }
}

fn refuse(output: &Output, answer: &tower_lsp_server::jsonrpc::Response) {
    if let Some(error) = answer.error() {
        tracing::warn!("refused a message from the client: {}", error.message);
    }
    output.respond(answer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing;
    use crate::output::tests::{bodies, Captured};

    #[tokio::test]
    async fn checked_messages_are_handed_on_read_and_bad_ones_answered() {
        let good = [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":0,"result":null}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
        ];
        let frame = |body: &str| [framing::header(body.len()), body.as_bytes().to_vec()].concat();
        let stdin = [
            b"Content-Type: application/vscode-jsonrpc\r\n".to_vec(),
            frame(good[0]),
            frame("{this is not json}"),
            frame(good[1]),
            frame(r#"{"jsonrpc":"2.0","id":"x","params":{}}"#),
            frame(good[2]),
            b"Content-Length: 9".to_vec(),
        ]
        .concat();
        let stdout = Captured::default();
        let (output, writer) = Output::new(stdout.clone());
        let mut input = Input::spawn(io::Cursor::new(stdin), output).unwrap();
        let mut read = Vec::new();
        while let Some(message) = input.next().await {
            read.push(match message {
                Message::Request(request) => ("request", serde_json::to_value(request).unwrap()),
                Message::Response(response) => {
                    ("response", serde_json::to_value(response).unwrap())
                }
            });
        }
        let kinds = ["request", "response", "request"];
        let good: Vec<_> = kinds
            .into_iter()
            .zip(good.map(|body| serde_json::from_str(body).unwrap()))
            .collect();
        assert_eq!(read, good);

        writer.finish();
        let answers: Vec<_> = bodies(&stdout.0.lock().unwrap())
            .iter()
            .map(|answer| format!("{} {}", answer["error"]["code"], answer["id"]))
            .collect();
        assert_eq!(answers, ["-32700 null", r#"-32600 "x""#, "-32700 null"]);
    }
}
