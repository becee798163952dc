//! The framing of the client's messages (LSP's base protocol: header
//! fields, a blank line, then `Content-Length` bytes of body), read with
//! bounded buffers and resynchronized after a bad message.
//!
//! [`Reader`] is the reading without the I/O: it is given bytes and yields
//! each message whose body passes [`jsonrpc::check`], or the error answering
//! a bad one, and goes on:
//!
//! - A header that is not `Name: value` lines ending in CRLF with one
//!   `Content-Length` (garbage, a missing or malformed length) is answered
//!   with a parse error, and the bytes up to the next `Content-Length:` are
//!   skipped. White space between messages is skipped silently.
//! - A body that is not JSON is answered with a parse error. When it holds
//!   `Content-Length:`, its declared length swallowed the next message,
//!   which is read again from there; else what follows it up to the next
//!   header is taken for the rest of a body whose declared length was too
//!   short, and skipped without a second answer.
//! - A `Content-Length` above the reader's limit is answered at once, and
//!   the body is skipped without being kept, up to the next
//!   `Content-Length:`.
//!
//! A skipped body that itself holds `Content-Length:` (a document that
//! quotes the protocol) resynchronizes there, early; nothing else could
//! tell where a message of unknown length ends.

use std::io::{self, Read};
use std::mem;

use memchr::memmem;
use tower_lsp_server::jsonrpc::Response;

use crate::jsonrpc::{self, Kind};

/// The longest body read, in bytes: a larger `Content-Length` is refused
/// without the body being kept. It admits the `didOpen` of a document of a
/// few hundred megabytes; beyond it, a length is more likely garbage than a
/// document.
pub const MAX_CONTENT_LENGTH: usize = 512 << 20;

/// The longest header, in bytes (the header fields and the blank line).
/// Clients send one or two short fields.
const MAX_HEADER_LENGTH: usize = 8 << 10;

/// How much is read at once when the next message's length is not known.
const READ_SIZE: usize = 64 << 10;

/// What the scan for the next header after bad input looks for.
const CONTENT_LENGTH: &[u8] = b"Content-Length:";

/// Returns the header of a message of `length` bytes as written to the
/// client: the `Content-Length` field alone and the blank line, as
/// tower-lsp-server's codec writes it (see `output.rs`).
pub fn header(length: usize) -> Vec<u8> {
    format!("Content-Length: {length}\r\n\r\n").into_bytes()
}

/// What the reader yields.
pub enum Event {
    /// The body of a valid message.
    Message(Body),
    /// The answer to a bad message.
    Answer(Response),
}

/// A message's body, and what it is. A large body keeps the buffer it was
/// read into (from `start` on) rather than being copied out of it.
pub struct Body {
    bytes: Vec<u8>,
    start: usize,
    pub kind: Kind,
}

impl Body {
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

/// Reads the client's messages from the bytes it is given; see the module
/// docs.
pub struct Reader {
    /// Bytes read; those from `start` to `end` are not yet used. The whole
    /// vector is initialized, so that reads go straight into it.
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    state: State,
    limit: usize,
    /// The last body was not JSON and did not hold the next header: what
    /// follows, up to a header, is likely its rest, already answered.
    after_bad_body: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    /// At a header, or white space before it.
    Header,
    /// In a body of this length, whose header was read.
    Body { length: usize },
    /// Skipping bad input up to the next `Content-Length:`.
    Skip,
}

impl Default for Reader {
    fn default() -> Reader {
        Reader::new(MAX_CONTENT_LENGTH)
    }
}

impl Reader {
    /// A reader refusing bodies longer than `limit` bytes.
    pub fn new(limit: usize) -> Reader {
        Reader {
            buffer: Vec::new(),
            start: 0,
            end: 0,
            state: State::Header,
            limit,
            after_bad_body: false,
        }
    }

    /// Reads once from `input` what [`Reader::next`] needs next: at most
    /// the rest of a body whose header was read, else a chunk. Returns the
    /// number of bytes read, 0 at the end of the input.
    pub fn fill(&mut self, input: &mut impl Read) -> io::Result<usize> {
        let pending = self.end - self.start;
        let room = match self.state {
            State::Body { length } => length.saturating_sub(pending).max(1),
            State::Header | State::Skip => READ_SIZE,
        };
        let needed = pending + room;
        if self.buffer.len() > 2 * needed.max(READ_SIZE) {
            // A large body was refused or skipped: free its memory.
            let mut buffer = Vec::with_capacity(needed.max(READ_SIZE));
            buffer.extend_from_slice(&self.buffer[self.start..self.end]);
            self.buffer = buffer;
            (self.start, self.end) = (0, pending);
        } else if self.buffer.len() - self.end < room && self.start > 0 {
            self.buffer.copy_within(self.start..self.end, 0);
            (self.start, self.end) = (0, pending);
        }
        if self.buffer.len() - self.end < room {
            self.buffer
                .reserve_exact(self.end + room - self.buffer.len());
            self.buffer.resize(self.end + room, 0);
        }
        let read = input.read(&mut self.buffer[self.end..])?;
        self.end += read;
        Ok(read)
    }

    /// The next message or answer the bytes read so far make, if any.
    pub fn next(&mut self) -> Option<Event> {
        loop {
            match self.state {
                State::Header => {
                    let pending = &self.buffer[self.start..self.end];
                    self.start += pending
                        .iter()
                        .take_while(|byte| byte.is_ascii_whitespace())
                        .count();
                    match parse_header(&self.buffer[self.start..self.end]) {
                        Header::Incomplete => return None,
                        Header::Complete {
                            length,
                            content_length,
                        } => {
                            self.start += length;
                            self.after_bad_body = false;
                            if content_length > self.limit {
                                self.state = State::Skip;
                                return Some(Event::Answer(jsonrpc::parse_error(format_args!(
                                    "a Content-Length of {content_length} bytes is over \
                                     the limit of {}",
                                    self.limit
                                ))));
                            }
                            self.state = State::Body {
                                length: content_length,
                            };
                        }
                        Header::Invalid { why, resume } => {
                            self.start += resume;
                            self.state = State::Skip;
                            if !mem::take(&mut self.after_bad_body) {
                                return Some(Event::Answer(jsonrpc::parse_error(why)));
                            }
                        }
                    }
                }
                State::Body { length } => {
                    if self.end - self.start < length {
                        return None;
                    }
                    self.state = State::Header;
                    let body = &self.buffer[self.start..self.start + length];
                    let refusal = match jsonrpc::check(body) {
                        Ok(kind) => return Some(Event::Message(self.take(length, kind))),
                        Err(refusal) => refusal,
                    };
                    match memmem::find(body, CONTENT_LENGTH) {
                        Some(next) if refusal.is_parse_error() => self.start += next,
                        _ => {
                            self.after_bad_body = refusal.is_parse_error();
                            self.start += length;
                        }
                    }
                    return Some(Event::Answer(refusal.into_response()));
                }
                State::Skip => {
                    let pending = &self.buffer[self.start..self.end];
                    match memmem::find(pending, CONTENT_LENGTH) {
                        Some(next) => {
                            self.start += next;
                            self.state = State::Header;
                        }
                        None => {
                            // Keep what may be the start of the next header.
                            let kept = pending.len().min(CONTENT_LENGTH.len() - 1);
                            self.start = self.end - kept;
                            return None;
                        }
                    }
                }
            }
        }
    }

    /// At the end of the input, the answer to a message cut short, if any.
    pub fn finish(&mut self) -> Option<Response> {
        let pending = &self.buffer[self.start..self.end];
        let cut_short = match self.state {
            State::Header => !self.after_bad_body && !pending.iter().all(u8::is_ascii_whitespace),
            State::Body { .. } => true,
            State::Skip => false,
        };
        (self.start, self.state) = (self.end, State::Skip);
        cut_short.then(|| jsonrpc::parse_error("the input ended inside a message"))
    }

    /// The body of `length` bytes at `start`, taken out of the buffer.
    fn take(&mut self, length: usize, kind: Kind) -> Body {
        let (start, end) = (self.start, self.start + length);
        self.start = end;
        if length < READ_SIZE {
            return Body {
                bytes: self.buffer[start..end].to_vec(),
                start: 0,
                kind,
            };
        }
        // Hand the buffer on with the body, and keep what follows it.
        let mut rest = Vec::with_capacity(READ_SIZE.max(self.end - end));
        rest.extend_from_slice(&self.buffer[end..self.end]);
        let mut bytes = mem::replace(&mut self.buffer, rest);
        bytes.truncate(end);
        (self.start, self.end) = (0, self.buffer.len());
        Body { bytes, start, kind }
    }
}

/// What the bytes at a header make.
#[derive(Debug, PartialEq)]
enum Header {
    /// A header so far; more is needed.
    Incomplete,
    /// A header of `length` bytes, the blank line included.
    Complete {
        length: usize,
        content_length: usize,
    },
    /// Not a header, and why. The scan for the next header resumes
    /// `resume` bytes on: past the start of the last `Content-Length` field
    /// read, which belongs to this bad header, but not past a
    /// `Content-Length:` within a line, which may be the next message's
    /// header after garbage.
    Invalid { why: &'static str, resume: usize },
}

/// Reads the header at the start of `bytes`. Field names are compared
/// without case (as in HTTP); fields other than `Content-Length`, such as
/// `Content-Type`, are accepted and ignored.
fn parse_header(bytes: &[u8]) -> Header {
    let mut content_length = None;
    let mut length_field = 0;
    let mut at = 0;
    let invalid = |why, length_field: usize| Header::Invalid {
        why,
        resume: length_field + 1,
    };
    loop {
        let rest = &bytes[at..];
        let Some(newline) = memchr::memchr(b'\n', rest) else {
            return if bytes.len() > MAX_HEADER_LENGTH {
                invalid("the header is too long", length_field)
            } else {
                match check_partial_field(rest) {
                    Ok(()) => Header::Incomplete,
                    Err(why) => invalid(why, length_field),
                }
            };
        };
        if at + newline >= MAX_HEADER_LENGTH {
            return invalid("the header is too long", length_field);
        }
        let Some(line) = rest[..newline].strip_suffix(b"\r") else {
            return invalid("a header line ends without CR before LF", length_field);
        };
        let line_start = at;
        at += newline + 1;
        if line.is_empty() {
            return match content_length {
                Some(content_length) => Header::Complete {
                    length: at,
                    content_length,
                },
                None => invalid("a header without Content-Length", length_field),
            };
        }
        let (name, value) = match split_field(line) {
            Ok(field) => field,
            Err(why) => return invalid(why, length_field),
        };
        if name.eq_ignore_ascii_case(b"Content-Length") {
            length_field = line_start;
            let Some(length) = parse_length(value) else {
                return invalid("a Content-Length that is not a number", length_field);
            };
            if content_length.is_some_and(|other| other != length) {
                return invalid("two different Content-Lengths", length_field);
            }
            content_length = Some(length);
        }
    }
}

const NOT_A_FIELD: &str = "a header line that is not `Name: value`";

/// A header line's name and value (without the white space around it).
fn split_field(line: &[u8]) -> Result<(&[u8], &[u8]), &'static str> {
    let colon = memchr::memchr(b':', line).ok_or(NOT_A_FIELD)?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.is_empty() || !name.iter().copied().all(is_token) {
        return Err(NOT_A_FIELD);
    }
    // Visible characters, spaces, tabs and non-ASCII bytes, as in HTTP.
    if value
        .iter()
        .any(|&byte| (byte < b' ' && byte != b'\t') || byte == 0x7f)
    {
        return Err("a header value with a control character");
    }
    Ok((name, value.trim_ascii()))
}

/// Checks the start of a header line, so that garbage is answered without
/// waiting for a line end that may never come.
fn check_partial_field(line: &[u8]) -> Result<(), &'static str> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if memchr::memchr(b':', line).is_some() {
        split_field(line).map(drop)
    } else if line.iter().copied().all(is_token) {
        Ok(())
    } else {
        Err(NOT_A_FIELD)
    }
}

/// Whether `byte` may be in a header field's name (an HTTP token).
fn is_token(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// A `Content-Length` value: decimal digits. One too large for a `usize`
/// is `usize::MAX`, over any limit.
fn parse_length(value: &[u8]) -> Option<usize> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(value.iter().fold(0usize, |length, digit| {
        length
            .saturating_mul(10)
            .saturating_add(usize::from(digit - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A framed message.
    fn frame(body: &str) -> Vec<u8> {
        [header(body.len()), body.as_bytes().to_vec()].concat()
    }

    fn request(id: u32) -> String {
        format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{}}}}"#)
    }

    /// What a reader makes of `bytes` read in chunks of `sizes` (in
    /// turn), as the server reads: each message's body, or `error CODE ID`
    /// for an answer. Checks the reader's memory after each read.
    fn feed_chunked(reader: &mut Reader, bytes: &[u8], sizes: &[usize]) -> Vec<String> {
        let mut input = Chunked {
            bytes,
            sizes: sizes.iter().cycle(),
        };
        let mut events = Vec::new();
        loop {
            events.extend(std::iter::from_fn(|| reader.next()).map(describe));
            if reader.fill(&mut input).unwrap() == 0 {
                return events;
            }
            assert!(reader.buffer.capacity() <= 2 * reader.limit.max(READ_SIZE));
        }
    }

    /// What a reader makes of `bytes`, read as they come.
    fn feed(reader: &mut Reader, bytes: &[u8]) -> Vec<String> {
        feed_chunked(reader, bytes, &[usize::MAX])
    }

    /// Reads in chunks of the given sizes, in turn.
    struct Chunked<'a> {
        bytes: &'a [u8],
        sizes: std::iter::Cycle<std::slice::Iter<'a, usize>>,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let size = (*self.sizes.next().unwrap())
                .min(buf.len())
                .min(self.bytes.len());
            buf[..size].copy_from_slice(&self.bytes[..size]);
            self.bytes = &self.bytes[size..];
            Ok(size)
        }
    }

    fn describe(event: Event) -> String {
        match event {
            Event::Message(body) => String::from_utf8(body.as_bytes().to_vec()).unwrap(),
            Event::Answer(response) => answer(&response),
        }
    }

    fn answer(response: &Response) -> String {
        let error = response.error().expect("an answer is an error");
        format!("error {} {}", error.code.code(), response.id())
    }

    /// Everything a reader with `limit` makes of `input` read in chunks of
    /// `sizes`, then ended.
    fn read_chunked(input: &[u8], sizes: &[usize], limit: usize) -> Vec<String> {
        let mut reader = Reader::new(limit);
        let mut events = feed_chunked(&mut reader, input, sizes);
        events.extend(reader.finish().as_ref().map(answer));
        events
    }

    /// Everything a reader makes of `input`, then ended.
    fn read(input: &[u8]) -> Vec<String> {
        read_chunked(input, &[usize::MAX], MAX_CONTENT_LENGTH)
    }

    const NOTHING: [&str; 0] = [];

    #[test]
    fn valid_messages_pass_unchanged_and_in_order() {
        let bodies = [
            request(1),
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":0,"result":[{"suggestionSeverity":"hint"}]}"#.to_owned(),
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"no"}}"#.to_owned(),
            r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"بغداد\n"}}"#
                .to_owned(),
        ];
        let mut input = Vec::new();
        for body in &bodies {
            input.extend(frame(body));
        }
        assert_eq!(read(&input), bodies);
    }

    #[test]
    fn headers_may_have_other_fields_any_case_and_blank_lines_around() {
        let body = request(1);
        let input = format!(
            "\r\n\ncontent-length:{}  \r\nContent-Type: application/vscode-jsonrpc; \
             charset=utf-8\r\nX-Other:\t\r\n\r\n{body}\n",
            body.len()
        );
        assert_eq!(read(input.as_bytes()), [body.as_str()]);
        // The same length twice is no contradiction.
        let input = format!(
            "Content-Length: {0}\r\nContent-Length: {0}\r\n\r\n{body}",
            body.len()
        );
        assert_eq!(read(input.as_bytes()), [body]);
    }

    #[test]
    fn bad_bodies_are_answered_and_the_next_message_is_read() {
        let next = request(2);
        for (bad, expected) in [
            (&b"{this is not json}"[..], "error -32700 null"),
            (b"", "error -32700 null"),
            (
                b"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":\"\xff\xfe\"}",
                "error -32700 null",
            ),
            (
                br#"{"jsonrpc":"2.0","method":"m","params":"\ud800"}"#,
                "error -32700 null",
            ),
            (
                br#"{"jsonrpc":"1.0","id":5,"method":"m"}"#,
                "error -32600 5",
            ),
            (
                br#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#,
                "error -32600 null",
            ),
            (
                br#"{"jsonrpc":"2.0","id":"s","params":[]}"#,
                "error -32600 \"s\"",
            ),
            (
                br#"[{"jsonrpc":"2.0","id":1,"method":"m"}]"#,
                "error -32600 null",
            ),
        ] {
            let input = [header(bad.len()), bad.to_vec(), frame(&next)].concat();
            assert_eq!(
                read(&input),
                [expected, &next],
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn a_content_length_too_short_is_answered_once() {
        let (cut, next) = (request(1), request(2));
        let input = [
            b"Content-Length: 20\r\n\r\n".to_vec(),
            cut.into_bytes(),
            frame(&next),
        ]
        .concat();
        assert_eq!(read(&input), ["error -32700 null", &next]);
    }

    #[test]
    fn a_content_length_that_swallows_the_next_message_is_resynchronized() {
        let (bad, next, after) = ("{this is not json}", request(2), request(3));
        let swallowing = bad.len() + 40;
        let input = [
            header(swallowing),
            bad.as_bytes().to_vec(),
            frame(&next),
            frame(&after),
        ]
        .concat();
        assert_eq!(read(&input), ["error -32700 null", &next, &after]);
    }

    #[test]
    fn bad_headers_are_answered_and_skipped_to_the_next_content_length() {
        let next = request(2);
        for bad in [
            &b"{this is not json}"[..],
            b"hello world\r\n\r\n",
            b"Content-Type: x\r\n\r\n",
            b"Content-Length: abc\r\n\r\n",
            b"Content-Length: -1\r\n\r\n",
            b"Content-Length: \r\n\r\n",
            b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
            b"Content-Length: 5\n\n",
            b"Content-Length: 5\r\nX\0: 1\r\n\r\n",
            b"Content-Length: 5\r\nX: \x01\r\n\r\n",
            b": 5\r\n\r\n",
            b"Content-Length 5\r\n\r\n",
            b"\xff\xfe",
        ] {
            let input = [bad.to_vec(), frame(&next)].concat();
            assert_eq!(
                read(&input),
                ["error -32700 null", &next],
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn garbage_is_answered_before_any_line_end() {
        let mut reader = Reader::default();
        assert_eq!(
            feed(&mut reader, b"{this is not json"),
            ["error -32700 null"]
        );
        // A header's start waits for the rest.
        let mut reader = Reader::default();
        let start = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r";
        assert_eq!(feed(&mut reader, start), NOTHING);
        let mut reader = Reader::default();
        assert_eq!(feed(&mut reader, &start[..start.len() - 1]), NOTHING);
        // The header is bounded.
        let long = b"x".repeat(MAX_HEADER_LENGTH);
        assert_eq!(feed(&mut reader, &long), ["error -32700 null"]);
        assert_eq!(feed(&mut reader, &frame(&request(1))), [request(1)]);
    }

    #[test]
    fn a_content_length_over_the_limit_is_answered_and_its_body_not_kept() {
        let limit = 1000;
        let next = request(2);
        let mut reader = Reader::new(limit);
        assert_eq!(feed(&mut reader, &header(limit + 1)), ["error -32700 null"]);
        // The body is skipped as it comes, in bounded memory (checked by
        // `feed` at each read).
        let body = b"x".repeat(READ_SIZE);
        for _ in 0..100 {
            assert_eq!(feed(&mut reader, &body), NOTHING);
        }
        assert_eq!(feed(&mut reader, &frame(&next)), [next.as_str()]);
        // A length beyond any integer, too.
        let huge = b"Content-Length: 99999999999999999999999999\r\n\r\n{}";
        let input = [&huge[..], &frame(&next)].concat();
        assert_eq!(feed(&mut reader, &input), ["error -32700 null", &next]);
        // A body of the limit's length is read.
        let text = "x".repeat(limit - r#"{"jsonrpc":"2.0","method":"m","params":""}"#.len());
        let body = format!(r#"{{"jsonrpc":"2.0","method":"m","params":"{text}"}}"#);
        assert_eq!(body.len(), limit);
        assert_eq!(feed(&mut reader, &frame(&body)), [body]);
    }

    #[test]
    fn the_default_limit_admits_a_document_of_a_hundred_megabytes() {
        const { assert!(MAX_CONTENT_LENGTH >= 200 << 20) };
        let mut reader = Reader::default();
        assert_eq!(feed(&mut reader, &header(120 << 20)), NOTHING);
        assert_eq!(reader.state, State::Body { length: 120 << 20 });
    }

    #[test]
    fn a_large_body_is_handed_on_in_its_buffer() {
        let text = "ب".repeat(READ_SIZE);
        let body = format!(r#"{{"jsonrpc":"2.0","method":"m","params":"{text}"}}"#);
        let mut reader = Reader::default();
        let mut input = &[frame(&body), frame(&request(1))].concat()[..];
        while reader.fill(&mut input).unwrap() > 0 {}
        let Some(Event::Message(message)) = reader.next() else {
            panic!("no message");
        };
        assert_eq!(message.as_bytes(), body.as_bytes());
        // The header the buffer starts with.
        assert_eq!(message.start, header(body.len()).len());
        assert_eq!(feed(&mut reader, b""), [request(1)]);
    }

    #[test]
    fn a_message_split_anywhere_is_read_once_complete() {
        let body = request(1);
        let input = [
            b"Content-Length: ".to_vec(),
            body.len().to_string().into_bytes(),
            b"\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".to_vec(),
            body.clone().into_bytes(),
        ]
        .concat();
        for split in 0..input.len() {
            let mut reader = Reader::default();
            assert_eq!(
                feed(&mut reader, &input[..split]),
                NOTHING,
                "split at {split}"
            );
            let events = feed(&mut reader, &input[split..]);
            assert_eq!(events, [body.as_str()], "split at {split}");
        }
    }

    #[test]
    fn bytes_given_one_at_a_time_read_as_given_at_once() {
        let input = [
            frame(&request(1)),
            b"\r\n{this is not json}".to_vec(),
            frame(&request(2)),
            b"Content-Length: 20\r\n\r\n".to_vec(),
            request(3).into_bytes(),
            header(60),
            b"{x}".to_vec(),
            frame(&request(4)),
            frame(r#"{"jsonrpc":"1.0","id":5,"method":"m"}"#),
            header(2000),
            frame(&request(6)),
        ]
        .concat();
        let at_once = read_chunked(&input, &[usize::MAX], 1000);
        assert_eq!(read_chunked(&input, &[1], 1000), at_once);
        assert_eq!(
            at_once,
            [
                request(1).as_str(),
                "error -32700 null",
                &request(2),
                "error -32700 null",
                "error -32700 null",
                &request(4),
                "error -32600 5",
                "error -32700 null",
                &request(6),
            ]
        );
    }

    #[test]
    fn the_end_of_the_input_inside_a_message_is_answered() {
        for (input, expected) in [
            (&b""[..], &[][..]),
            (b"\r\n \n", &[]),
            (b"Content-Len", &["error -32700 null"]),
            (b"Content-Length: 10\r\n\r\n{}", &["error -32700 null"]),
        ] {
            assert_eq!(read(input), expected, "{}", String::from_utf8_lossy(input));
        }
        // A skipped body's end is not answered again.
        let skipped = read_chunked(b"Content-Length: 11\r\n\r\n{}", &[usize::MAX], 10);
        assert_eq!(skipped, ["error -32700 null"]);
    }

    /// A piece of generated input: a valid message, or bad input.
    #[derive(Clone, Debug)]
    enum Piece {
        Message(String),
        Garbage(Vec<u8>),
        /// A header over the limit, then bytes.
        Oversized(u64, Vec<u8>),
    }

    const LIMIT: usize = 200;

    fn piece() -> impl Strategy<Value = Piece> {
        let message = ("[a-zA-Z0-9 بغداد\\\\\"\n]{0,40}", any::<u32>()).prop_map(|(text, id)| {
            Piece::Message(format!(
                r#"{{"jsonrpc":"2.0","id":{id},"method":"m","params":{}}}"#,
                serde_json::to_string(&text).unwrap()
            ))
        });
        let header_bits = prop::sample::select(vec![
            &b"Content-Length: 12"[..],
            b"Content-Type: x",
            b"Content-",
            b"\r\n",
            b"\r\n\r\n",
            b": ",
            b"{",
            b"}",
            b"\"",
            b"9",
        ]);
        let garbage = prop::collection::vec(
            prop_oneof![
                prop::collection::vec(any::<u8>(), 1..8),
                header_bits.prop_map(<[u8]>::to_vec),
            ],
            1..6,
        )
        .prop_map(|parts| Piece::Garbage(parts.concat()));
        let oversized = (
            (LIMIT as u64 + 1)..u64::MAX,
            prop::collection::vec(any::<u8>(), 0..300),
        )
            .prop_map(|(length, body)| Piece::Oversized(length, body));
        prop_oneof![4 => message, 2 => garbage, 1 => oversized]
    }

    /// Whether bad input could make a header: then the message after it
    /// may be swallowed, and need not be read.
    fn may_make_a_header(bytes: &[u8]) -> bool {
        bytes
            .to_ascii_lowercase()
            .windows(b"content-length".len())
            .any(|window| window == b"content-length")
    }

    proptest! {
        /// Whatever bad input lies between valid messages, each message
        /// whose header is intact and not swallowed is read once, in order,
        /// and the reader's memory stays bounded.
        #[test]
        fn valid_messages_are_read_through_any_garbage(
            pieces in prop::collection::vec(piece(), 0..12),
            sizes in prop::collection::vec(1..300usize, 1..5),
        ) {
            let mut input = Vec::new();
            let mut expected = Vec::new();
            let mut swallowing = false;
            for piece in &pieces {
                match piece {
                    Piece::Message(body) => {
                        input.extend(frame(body));
                        if !swallowing {
                            expected.push(body.clone());
                        }
                        swallowing = false;
                    }
                    Piece::Garbage(bytes) | Piece::Oversized(_, bytes) => {
                        if let Piece::Oversized(length, _) = piece {
                            input.extend(format!("Content-Length: {length}\r\n\r\n").bytes());
                        }
                        input.extend(bytes);
                        // Since the last message.
                        swallowing |= may_make_a_header(bytes);
                    }
                }
            }
            let messages: Vec<String> = read_chunked(&input, &sizes, LIMIT)
                .into_iter()
                .filter(|event| !event.starts_with("error "))
                .collect();
            // Every message expected is read once, in order; a swallowed
            // one may be read too, or not.
            let mut read = messages.iter();
            for body in &expected {
                prop_assert!(read.any(|message| message == body), "{:?} missing", body);
            }
            let all: Vec<&String> = pieces
                .iter()
                .filter_map(|piece| match piece {
                    Piece::Message(body) => Some(body),
                    _ => None,
                })
                .collect();
            let mut all = all.into_iter();
            for message in &messages {
                prop_assert!(all.any(|body| body == message), "{:?} read twice or out of order", message);
            }
        }

        /// Any bytes at all, in any chunks, are read without a panic and in
        /// bounded memory.
        #[test]
        fn any_bytes_are_read(
            bytes in prop::collection::vec(any::<u8>(), 0..2000),
            sizes in prop::collection::vec(1..3000usize, 1..5),
        ) {
            read_chunked(&bytes, &sizes, LIMIT);
        }
    }
}
