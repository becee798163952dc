//! The check of a message body before it is read into the framework's
//! message types, and that reading.
//!
//! tower-lsp-server ended its input, and with it the server, at the first
//! body it could not read. So every body read must be one the framework
//! reads, and the others are answered here with the error the JSON-RPC 2.0
//! specification prescribes: a parse error (-32700) for a body that is not JSON (nor
//! UTF-8, or with a lone surrogate escape), an invalid request (-32600) for
//! JSON that is not a JSON-RPC message. The check is stricter than the
//! framework where the framework would misread a message (a request
//! without a method, a batch, a request carrying a `result`).
//!
//! The body is walked once, as `serde_json` would read it into a
//! `serde_json::Value` (the same nesting limit, strings of valid Unicode,
//! numbers in range), but nothing is built: strings are borrowed, and only
//! `jsonrpc`, `method`, `id` and an error's `code` and `message` are kept.
//! The check tells a request from a response, so that [`read`] reads a body
//! once, as the one type it is: the framework's own message type tries a
//! response first, and for that copies the whole body (a document's text
//! too) into a buffer of its own.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

/// Why a body is refused.
#[derive(Debug)]
pub enum Refusal {
    /// It is not JSON.
    Parse(serde_json::Error),
    /// It is JSON, but not a JSON-RPC 2.0 message; `id` is the request's
    /// when it can be read.
    Invalid { id: Id, reason: &'static str },
}

impl Refusal {
    pub fn is_parse_error(&self) -> bool {
        matches!(self, Refusal::Parse(_))
    }

    /// The error response answering the refused body.
    pub fn into_response(self) -> Response {
        match self {
            Refusal::Parse(error) => parse_error(error),
            Refusal::Invalid { id, reason } => Response::from_error(
                id,
                Error {
                    code: ErrorCode::InvalidRequest,
                    message: format!("Invalid request: {reason}").into(),
                    data: None,
                },
            ),
        }
    }
}

/// A parse error response (id null), saying why.
pub fn parse_error(why: impl fmt::Display) -> Response {
    Response::from_error(
        Id::Null,
        Error {
            code: ErrorCode::ParseError,
            message: format!("Parse error: {why}").into(),
            data: None,
        },
    )
}

/// What a message that passes the check is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A request or a notification.
    Request,
    /// A response to one of the server's requests.
    Response,
}

/// A message read: from the client, or the answer to one of its requests.
#[derive(Debug)]
pub enum Message {
    Request(Request),
    Response(Response),
}

/// Reads a body that passed [`check`] as what it is. A body the check
/// passed is always read; were one not, the error answering it is returned,
/// as the framework answered it.
pub fn read(body: &[u8], kind: Kind) -> Result<Message, Response> {
    let read = match kind {
        Kind::Request => serde_json::from_slice(body).map(Message::Request),
        Kind::Response => serde_json::from_slice(body).map(Message::Response),
    };
    read.map_err(|error| {
        if error.is_data() {
            Response::from_error(Id::Null, Error::invalid_request())
        } else {
            parse_error(error)
        }
    })
}

/// Checks that `body` is one JSON-RPC 2.0 message that tower-lsp-server
/// reads: a request, a notification, or a response to one of the server's
/// requests; says which.
pub fn check(body: &[u8]) -> Result<Kind, Refusal> {
    match serde_json::from_slice::<Shape<'_, Envelope<'_>>>(body) {
        Ok(Shape::Object(envelope)) => envelope.check(),
        Ok(Shape::Array) => Err(Refusal::Invalid {
            id: Id::Null,
            reason: "a batch (LSP has none)",
        }),
        Ok(_) => Err(Refusal::Invalid {
            id: Id::Null,
            reason: "a message is an object",
        }),
        Err(error) => Err(Refusal::Parse(error)),
    }
}

/// The members of a message the check looks at.
#[derive(Default)]
struct Envelope<'a> {
    jsonrpc: Option<Shape<'a>>,
    method: Option<Shape<'a>>,
    id: Option<Shape<'a>>,
    result: bool,
    error: Option<Shape<'a, ErrorObject<'a>>>,
    /// A member given twice, which the framework refuses.
    repeated: bool,
}

impl Envelope<'_> {
    fn check(self) -> Result<Kind, Refusal> {
        // A client's malformed response is not answered with its id: the
        // client would take the answer for the response to its own request
        // of that id.
        let response = self.method.is_none() && (self.result || self.error.is_some());
        let id = match &self.id {
            Some(Shape::Integer(id)) if !response => Id::Number(*id),
            Some(Shape::String(id)) if !response => Id::String(id.clone().into_owned()),
            _ => Id::Null,
        };
        let invalid = |reason| {
            Err(Refusal::Invalid {
                id: id.clone(),
                reason,
            })
        };
        if self.repeated {
            return invalid("a member is given twice");
        }
        if !matches!(&self.jsonrpc, Some(Shape::String(version)) if version == "2.0") {
            return invalid("`jsonrpc` must be \"2.0\"");
        }
        if !matches!(
            self.id,
            None | Some(Shape::Null | Shape::Integer(_) | Shape::String(_))
        ) {
            return invalid("`id` must be an integer, a string or null");
        }
        match (&self.method, &self.error) {
            (Some(Shape::String(_)), _) if self.result || self.error.is_some() => {
                invalid("a request has no `result` or `error`")
            }
            (Some(Shape::String(_)), _) => Ok(Kind::Request),
            (Some(_), _) => invalid("`method` must be a string"),
            (None, _) if !response => invalid("a request needs a `method`"),
            (None, _) if self.id.is_none() => invalid("a response needs an `id`"),
            (None, Some(_)) if self.result => {
                invalid("a response has a `result` or an `error`, not both")
            }
            (None, Some(Shape::Object(error))) if error.is_well_formed() => Ok(Kind::Response),
            (None, Some(_)) => invalid(
                "a response's `error` is an object of an integer `code`, \
                 a string `message` and optional `data`",
            ),
            (None, None) => Ok(Kind::Response),
        }
    }
}

/// The members of a response's `error`.
#[derive(Default)]
struct ErrorObject<'a> {
    code: Option<Shape<'a>>,
    message: Option<Shape<'a>>,
    /// A member other than `code`, `message` and `data`, or one given twice:
    /// the framework refuses both.
    unexpected: bool,
}

impl ErrorObject<'_> {
    fn is_well_formed(&self) -> bool {
        !self.unexpected
            && matches!(self.code, Some(Shape::Integer(_)))
            && matches!(self.message, Some(Shape::String(_)))
    }
}

/// What an object is read into where a [`Shape`] is expected.
trait ReadObject<'de>: Sized {
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// An object whose members are checked, not kept.
impl<'de> ReadObject<'de> for () {
    fn read<A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(())
    }
}

impl<'de> ReadObject<'de> for Envelope<'de> {
    fn read<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut envelope = Envelope::default();
        let mut params = false;
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Jsonrpc => &mut envelope.jsonrpc,
                Key::Method => &mut envelope.method,
                Key::Id => &mut envelope.id,
                Key::Error => {
                    let error = map.next_value()?;
                    envelope.repeated |= envelope.error.replace(error).is_some();
                    continue;
                }
                Key::Result | Key::Params => {
                    map.next_value::<Checked>()?;
                    let seen = if key == Key::Result {
                        &mut envelope.result
                    } else {
                        &mut params
                    };
                    envelope.repeated |= std::mem::replace(seen, true);
                    continue;
                }
                _ => {
                    map.next_value::<Checked>()?;
                    continue;
                }
            };
            envelope.repeated |= slot.replace(map.next_value()?).is_some();
        }
        Ok(envelope)
    }
}

impl<'de> ReadObject<'de> for ErrorObject<'de> {
    fn read<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut error = ErrorObject::default();
        let mut data = false;
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Code => &mut error.code,
                Key::Message => &mut error.message,
                _ => {
                    map.next_value::<Checked>()?;
                    error.unexpected |= key != Key::Data || std::mem::replace(&mut data, true);
                    continue;
                }
            };
            error.unexpected |= slot.replace(map.next_value()?).is_some();
        }
        Ok(error)
    }
}

/// A member's name, among those the check looks at.
#[derive(Clone, Copy, PartialEq)]
enum Key {
    Jsonrpc,
    Method,
    Id,
    Params,
    Result,
    Error,
    Code,
    Message,
    Data,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a member's name")
    }

    fn visit_str<E>(self, name: &str) -> Result<Key, E> {
        Ok(match name {
            "jsonrpc" => Key::Jsonrpc,
            "method" => Key::Method,
            "id" => Key::Id,
            "params" => Key::Params,
            "result" => Key::Result,
            "error" => Key::Error,
            "code" => Key::Code,
            "message" => Key::Message,
            "data" => Key::Data,
            _ => Key::Other,
        })
    }
}

/// The kind of a JSON value, with a string's or an integer's value and
/// what `O` reads of an object; what arrays and objects hold is otherwise
/// checked, not kept.
enum Shape<'a, O = ()> {
    Null,
    Bool,
    /// A number read as an `i64`, as the framework reads an id.
    Integer(i64),
    /// Any other number: a fraction, an exponent, or out of `i64`'s range.
    Number,
    String(Cow<'a, str>),
    Array,
    Object(O),
}

impl<'de, O: ReadObject<'de>> Deserialize<'de> for Shape<'de, O> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor(PhantomData))
    }
}

struct ShapeVisitor<O>(PhantomData<O>);

impl<'de, O: ReadObject<'de>> Visitor<'de> for ShapeVisitor<O> {
    type Value = Shape<'de, O>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Shape::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Shape::Bool)
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Shape::Integer(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(value).map_or(Shape::Number, Shape::Integer))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Shape::Number)
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Shape::String(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Shape::String(Cow::Owned(value.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Shape::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        O::read(map).map(Shape::Object)
    }
}

/// Any JSON value, checked as a `serde_json::Value` would be read (unlike
/// `serde::de::IgnoredAny`, which skips without the nesting limit or the
/// checks of escapes and numbers), and not kept.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Checked)
    }
}

impl<'de> Visitor<'de> for Checked {
    type Value = Checked;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Checked)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tower_lsp_server::jsonrpc::Request;

    use super::*;

    /// What the check says of a body: `Ok`, `Parse`, or `Invalid` with the
    /// id of the answer.
    fn verdict(body: &str) -> String {
        verdict_of(body.as_bytes())
    }

    fn verdict_of(body: &[u8]) -> String {
        match check(body) {
            Ok(_) => "Ok".to_owned(),
            Err(Refusal::Parse(_)) => "Parse".to_owned(),
            Err(Refusal::Invalid { id, .. }) => format!("Invalid {id}"),
        }
    }

    /// Whether `body` is read as the `kind` the check says, and
    /// tower-lsp-server's message type reads it as the same: a response,
    /// or else a request (an untagged enum, private to it).
    fn framework_reads(body: &[u8], kind: Kind) -> bool {
        let framework = if serde_json::from_slice::<Response>(body).is_ok() {
            Kind::Response
        } else if serde_json::from_slice::<Request>(body).is_ok() {
            Kind::Request
        } else {
            return false;
        };
        let read = match read(body, kind) {
            Ok(Message::Request(_)) => Kind::Request,
            Ok(Message::Response(_)) => Kind::Response,
            Err(_) => return false,
        };
        framework == kind && read == kind
    }

    /// Whether the framework's message type or [`read`] reads `body` as
    /// anything.
    fn read_at_all(body: &[u8]) -> bool {
        serde_json::from_slice::<Response>(body).is_ok()
            || serde_json::from_slice::<Request>(body).is_ok()
            || read(body, Kind::Request).is_ok()
            || read(body, Kind::Response).is_ok()
    }

    /// The kind of a body the check passes.
    fn kind(body: &[u8]) -> Kind {
        check(body).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(body)))
    }

    #[test]
    fn messages_pass() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"a":[1,2.5,null,true]}}"#,
            r#"{"jsonrpc":"2.0","id":"x\u00e9","method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":-9223372036854775808,"method":"m"}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"method":"initialized","params":{},"jsonrpc":"2.0","extra":{"x":[]}}"#,
            r#"{"jsonrpc":"2.\u0030","method":"m","params":"\ud83d\ude00"}"#,
            r#" {"jsonrpc":"2.0","id":0,"result":[null]} "#,
            r#"{"jsonrpc":"2.0","id":0,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"no"}}"#,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"m","data":{"x":1}}}"#,
        ] {
            assert_eq!(verdict(body), "Ok", "{body}");
            assert!(
                framework_reads(body.as_bytes(), kind(body.as_bytes())),
                "{body}"
            );
        }
    }

    #[test]
    fn bodies_that_are_not_json_are_parse_errors() {
        for body in [
            &b"{this is not json}"[..],
            b"",
            b"   ",
            br#"{"jsonrpc":"2.0","method":"m"} x"#,
            br#"{"jsonrpc":"2.0","method":"m""#,
            br#"{"jsonrpc":"2.0","method":"m","params":"\ud800"}"#,
            br#"{"jsonrpc":"2.0","method":"m","params":"\udc00\ud800"}"#,
            br#"{"jsonrpc":"2.0","method":"m","params":"\ud800x"}"#,
            br#"{"jsonrpc":"2.0","method":"\ud800"}"#,
            b"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":\"\xff\"}",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"\xc3\":1}",
            br#"{"jsonrpc":"2.0","method":"m","params":1e400}"#,
            br#"{"jsonrpc":"2.0","method":"m","params":[1,]}"#,
            br#"{"jsonrpc":"2.0","method":"m","params":"a
b"}"#,
        ] {
            assert_eq!(
                verdict_of(body),
                "Parse",
                "{}",
                String::from_utf8_lossy(body)
            );
            assert!(!read_at_all(body));
        }
    }

    #[test]
    fn nesting_deeper_than_the_framework_reads_is_a_parse_error() {
        let nested = |depth| {
            format!(
                r#"{{"jsonrpc":"2.0","method":"m","params":{}{}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            )
        };
        let deepest = (1..200)
            .take_while(|&depth| framework_reads(nested(depth).as_bytes(), Kind::Request))
            .last()
            .unwrap();
        assert!(deepest > 100);
        assert_eq!(verdict(&nested(deepest)), "Ok");
        assert_eq!(verdict(&nested(deepest + 1)), "Parse");
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request() {
        for (body, expected) in [
            // Not an object: a batch, a scalar.
            (r#"[{"jsonrpc":"2.0","id":1,"method":"m"}]"#, "Invalid null"),
            ("[]", "Invalid null"),
            ("3", "Invalid null"),
            (r#""jsonrpc""#, "Invalid null"),
            // The version.
            (r#"{"jsonrpc":"1.0","id":1,"method":"m"}"#, "Invalid 1"),
            (r#"{"jsonrpc":2.0,"id":"a","method":"m"}"#, r#"Invalid "a""#),
            (r#"{"id":1,"method":"m"}"#, "Invalid 1"),
            (r#"{"jsonrpc":"1.0","method":"m"}"#, "Invalid null"),
            // The id: unreadable, so answered with null.
            (
                r#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#,
                "Invalid null",
            ),
            (r#"{"jsonrpc":"2.0","id":[1],"method":"m"}"#, "Invalid null"),
            (
                r#"{"jsonrpc":"2.0","id":true,"method":"m"}"#,
                "Invalid null",
            ),
            (r#"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#, "Invalid null"),
            (r#"{"jsonrpc":"2.0","id":1.0,"method":"m"}"#, "Invalid null"),
            (r#"{"jsonrpc":"2.0","id":1e2,"method":"m"}"#, "Invalid null"),
            (
                r#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"m"}"#,
                "Invalid null",
            ),
            // The method.
            (r#"{"jsonrpc":"2.0","id":3}"#, "Invalid 3"),
            (r#"{"jsonrpc":"2.0"}"#, "Invalid null"),
            (r#"{"jsonrpc":"2.0","id":3,"params":{}}"#, "Invalid 3"),
            (r#"{"jsonrpc":"2.0","id":3,"method":null}"#, "Invalid 3"),
            (
                r#"{"jsonrpc":"2.0","id":"b","method":["m"]}"#,
                r#"Invalid "b""#,
            ),
            (
                r#"{"jsonrpc":"2.0","id":3,"method":"m","result":1}"#,
                "Invalid 3",
            ),
            (
                r#"{"jsonrpc":"2.0","id":3,"method":"m","method":"n"}"#,
                "Invalid 3",
            ),
            (
                r#"{"jsonrpc":"2.0","id":3,"method":"m","params":1,"params":2}"#,
                "Invalid 3",
            ),
            // Responses: answered with null, never with their id.
            (r#"{"jsonrpc":"2.0","result":1}"#, "Invalid null"),
            (r#"{"jsonrpc":"1.0","id":4,"result":1}"#, "Invalid null"),
            (
                r#"{"jsonrpc":"2.0","id":4,"result":1,"error":{"code":1,"message":"m"}}"#,
                "Invalid null",
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"result":1,"result":2}"#,
                "Invalid null",
            ),
            (r#"{"jsonrpc":"2.0","id":4,"error":"bad"}"#, "Invalid null"),
            (
                r#"{"jsonrpc":"2.0","id":4,"error":{"code":1}}"#,
                "Invalid null",
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"error":{"code":1.5,"message":"m"}}"#,
                "Invalid null",
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"error":{"code":1,"message":2}}"#,
                "Invalid null",
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"error":{"code":1,"message":"m","x":0}}"#,
                "Invalid null",
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"error":{"code":1,"message":"m","code":2}}"#,
                "Invalid null",
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"error":{"code":1,"message":"m","data":1,"data":2}}"#,
                "Invalid null",
            ),
            (
                r#"{"jsonrpc":"2.0","id":{},"error":{"code":1,"message":"m"}}"#,
                "Invalid null",
            ),
        ] {
            assert_eq!(verdict(body), expected, "{body}");
        }
    }

    #[test]
    fn answers_are_json_rpc_errors() {
        let answer = |body: &str| {
            serde_json::to_value(check(body.as_bytes()).unwrap_err().into_response()).unwrap()
        };
        let parse = answer("{this is not json}");
        assert_eq!(parse["jsonrpc"], "2.0");
        assert_eq!(parse["id"], serde_json::Value::Null);
        assert_eq!(parse["error"]["code"], -32700);
        assert!(parse["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Parse error: key must be a string"));
        let invalid = answer(r#"{"jsonrpc":"1.0","id":"x","method":"m"}"#);
        assert_eq!(invalid["id"], "x");
        assert_eq!(invalid["error"]["code"], -32600);
        assert_eq!(
            invalid["error"]["message"],
            r#"Invalid request: `jsonrpc` must be "2.0""#
        );
    }

    /// A member of a generated message: its name and JSON text.
    fn member() -> impl Strategy<Value = (String, String)> {
        let value = prop_oneof![
            Just("null"),
            Just("true"),
            Just("1"),
            Just("-1"),
            Just("1.5"),
            Just("1e3"),
            Just("18446744073709551615"),
            Just(r#""2.0""#),
            Just(r#""1.0""#),
            Just(r#""m""#),
            Just(r#""\ud83d\ude00""#),
            Just("[]"),
            Just("[1,{}]"),
            Just("{}"),
            Just(r#"{"code":1,"message":"m"}"#),
            Just(r#"{"code":1,"message":"m","data":[]}"#),
            Just(r#"{"code":1,"message":"m","more":0}"#),
            Just(r#"{"code":"1","message":"m"}"#),
            Just(r#"{"message":"m"}"#),
        ];
        let name = prop_oneof![
            Just("jsonrpc"),
            Just("id"),
            Just("method"),
            Just("params"),
            Just("result"),
            Just("error"),
            Just("other"),
        ];
        (name, value).prop_map(|(name, value)| (name.to_owned(), value.to_owned()))
    }

    proptest! {
        /// Whatever the check lets through, tower-lsp-server reads: a body
        /// it cannot read would end its input, and the server.
        #[test]
        fn what_passes_the_framework_reads(
            members in prop::collection::vec(member(), 0..7),
            version in any::<bool>(),
        ) {
            let mut members = members;
            if version {
                members.insert(0, ("jsonrpc".to_owned(), r#""2.0""#.to_owned()));
            }
            let body = format!(
                "{{{}}}",
                members
                    .iter()
                    .map(|(name, value)| format!(r#""{name}":{value}"#))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            if let Ok(kind) = check(body.as_bytes()) {
                prop_assert!(framework_reads(body.as_bytes(), kind), "{}", body);
            }
        }

        /// Any bytes at all are checked without a panic, and a body that
        /// passes is one the framework reads.
        #[test]
        fn any_bytes_are_checked(body in prop::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(kind) = check(&body) {
                prop_assert!(framework_reads(&body, kind));
            }
        }
    }
}
