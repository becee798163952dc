//! The server's input channel: one thread reads stdin, frames and checks
//! each message ([`framing::Reader`]), answers the bad ones through
//! [`Output`], and hands the others on to tower-lsp-server through
//! [`Input`], whose bytes are whole messages only.
//!
//! tower-lsp-server, reading stdin itself, ended the server at the first
//! message it could not decode. Given only messages it reads, it never
//! does. The thread reads stdin straight into its buffer, and a large body
//! is handed on in that buffer: it is copied once, into the framework's
//! buffer, as when the framework read stdin (through tokio's own buffer).
//! A small body is copied out of the reading buffer first.

use std::io::{self, Read};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;

use crate::framing::{self, Body, Event, Reader};
use crate::output::Output;

/// How many checked messages may wait for the framework: enough for the
/// thread to read ahead while the framework decodes.
const QUEUE: usize = 4;

/// The checked messages, framed, as tower-lsp-server reads its input. It
/// ends when the client closes stdin.
pub struct Input {
    messages: mpsc::Receiver<Body>,
    /// The message being read, with its header, and how much of it was.
    current: Option<(Vec<u8>, Body, usize)>,
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
        Ok(Input {
            messages,
            current: None,
        })
    }
}

fn read_messages(
    mut stdin: impl Read,
    mut reader: Reader,
    messages: &mpsc::Sender<Body>,
    output: &Output,
) {
    loop {
        while let Some(event) = reader.next() {
            match event {
                Event::Message(body) => {
                    if messages.blocking_send(body).is_err() {
                        // The framework has stopped reading: the server exits.
                        return;
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

impl AsyncRead for Input {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if let Some((header, body, read)) = &mut this.current {
                let (header, body) = (&header[..], body.as_bytes());
                let length = header.len() + body.len();
                while buf.remaining() > 0 && *read < length {
                    let unread = match read.checked_sub(header.len()) {
                        None => &header[*read..],
                        Some(in_body) => &body[in_body..],
                    };
                    let taken = unread.len().min(buf.remaining());
                    buf.put_slice(&unread[..taken]);
                    *read += taken;
                }
                if *read == length {
                    this.current = None;
                }
                return Poll::Ready(Ok(()));
            }
            match ready!(this.messages.poll_recv(context)) {
                Some(body) => {
                    this.current = Some((framing::header(body.as_bytes().len()), body, 0));
                }
                // The thread has ended: stdin is closed.
                None => return Poll::Ready(Ok(())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;
    use crate::output::tests::{bodies, Captured};

    #[tokio::test]
    async fn checked_messages_are_handed_on_whole_and_bad_ones_answered() {
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
        input.read_to_end(&mut read).await.unwrap();
        assert_eq!(read, good.map(frame).concat());

        writer.finish();
        let answers: Vec<_> = bodies(&stdout.0.lock().unwrap())
            .iter()
            .map(|answer| format!("{} {}", answer["error"]["code"], answer["id"]))
            .collect();
        assert_eq!(answers, ["-32700 null", r#"-32600 "x""#, "-32700 null"]);
    }
}
