//! The secure payload codec ([protocol notes §4](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)), both directions, both roles.
//!
//! The two directions are not symmetric. A request's JSON text is turned
//! into lowercase hex *before* it is deflated; a reply is deflated JSON
//! text directly:
//!
//! ```text
//! request  JSON ─▶ hex text ─▶ raw deflate ─▶ AES ─▶ HEX      (each step if its flag is on)
//! reply    JSON ─────────────▶ raw deflate ─▶ AES ─▶ HEX
//! ```
//!
//! With neither flag the secure field is the JSON object itself.
//!
//! The four functions are pure: [`encode_request`] and [`decode_reply`] for
//! a client, [`decode_request`] and [`encode_reply`] for a server.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::budget::{BudgetKind, Limits, parse_value};
use crate::crypto::Cipher;
use crate::deflate::deflate_hex_text;
pub use crate::deflate::{deflate, inflate, stored_hex_text};
use crate::error::DecodeError;

/// Which transformations protect the payload, as resolved from the page
/// flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Flags {
    /// AES-encrypt the payload.
    pub encrypt: bool,
    /// Deflate the payload.
    pub compress: bool,
}

impl Flags {
    /// Both off: the secure field travels as a JSON object.
    pub const PLAIN: Flags = Flags {
        encrypt: false,
        compress: false,
    };
    /// Both on.
    pub const FULL: Flags = Flags {
        encrypt: true,
        compress: true,
    };

    /// The four combinations, for tests and benchmarks.
    pub const ALL: [Flags; 4] = [
        Flags::PLAIN,
        Flags {
            encrypt: true,
            compress: false,
        },
        Flags {
            encrypt: false,
            compress: true,
        },
        Flags::FULL,
    ];

    /// Whether the secure field is hexadecimal text (rather than an object).
    pub const fn is_opaque(self) -> bool {
        self.encrypt || self.compress
    }
}

/// A secure field ready for the envelope: hex text, or a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub enum SecureField {
    /// Uppercase hexadecimal text.
    Hex(String),
    /// The JSON payload itself (neither flag on).
    Json(Value),
}

impl SecureField {
    /// The field as a JSON value.
    pub fn into_json(self) -> Value {
        match self {
            SecureField::Hex(s) => Value::String(s),
            SecureField::Json(v) => v,
        }
    }
}

/// Client: encodes a request payload.
///
/// Without encryption the payload travels as a plain object, compression
/// flag or not: PRONOTE's web client transforms a request only when it
/// encrypts it (its `CommunicationProduit`, 2024.3.11 to 2025.2.8), so
/// that is what servers read. pronotepy deflates in that case; servers
/// reading both forms answer each in kind.
///
/// ```
/// use pronote_proto::crypto::Cipher;
/// use pronote_proto::payload::{self, Flags, Limits};
/// let cipher = Cipher::initial();
/// let payload = serde_json::json!({"data": {"Uuid": "AAECAwQFBgcICQoLDA0ODw=="}});
/// let field = payload::encode_request(&payload, Flags::FULL, &cipher)?;
/// // A server reverses it.
/// let back = payload::decode_request(&field.into_json(), Flags::FULL, &cipher, Limits::default())?;
/// assert_eq!(back, payload);
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn encode_request(
    payload: &Value,
    flags: Flags,
    cipher: &Cipher,
) -> Result<SecureField, DecodeError> {
    if !flags.encrypt {
        return Ok(SecureField::Json(payload.clone()));
    }
    encode_opaque_request(payload, flags, cipher)
}

/// [`encode_request`] taking the payload by value: an unprotected payload
/// is moved into the field instead of copied.
pub fn encode_request_owned(
    payload: Value,
    flags: Flags,
    cipher: &Cipher,
) -> Result<SecureField, DecodeError> {
    if !flags.encrypt {
        return Ok(SecureField::Json(payload));
    }
    encode_opaque_request(&payload, flags, cipher)
}

fn encode_opaque_request(
    payload: &Value,
    flags: Flags,
    cipher: &Cipher,
) -> Result<SecureField, DecodeError> {
    let json = to_json_bytes(payload)?;
    let bytes = if flags.compress {
        deflate_hex_text(&json)
    } else {
        json
    };
    Ok(SecureField::Hex(seal(bytes, flags, cipher)))
}

/// Server: encodes a reply payload. Non-ASCII characters are escaped as
/// `\u00E9`, as the real server does (the official client decodes
/// compressed replies as UTF-8 twice).
pub fn encode_reply(
    payload: &Value,
    flags: Flags,
    cipher: &Cipher,
) -> Result<SecureField, DecodeError> {
    if !flags.is_opaque() {
        return Ok(SecureField::Json(payload.clone()));
    }
    let json = to_ascii_json(payload)?;
    let bytes = if flags.compress {
        deflate(json.as_bytes())
    } else {
        json.into_bytes()
    };
    Ok(SecureField::Hex(seal(bytes, flags, cipher)))
}

/// Client: decodes a reply's secure field.
///
/// An object is accepted whatever the flags (servers and clients disagree
/// on whether compression applies without encryption).
pub fn decode_reply(
    field: &Value,
    flags: Flags,
    cipher: &Cipher,
    limits: Limits,
) -> Result<Value, DecodeError> {
    match field {
        Value::Object(_) => Ok(field.clone()),
        Value::String(s) => decode_reply_text(s, flags, cipher, limits),
        _ => Err(DecodeError::Field {
            context: "reply",
            field: "secure payload",
        }),
    }
}

/// [`decode_reply`] taking the field by value: an unprotected reply is
/// moved out instead of copied.
pub fn decode_reply_owned(
    field: Value,
    flags: Flags,
    cipher: &Cipher,
    limits: Limits,
) -> Result<Value, DecodeError> {
    match field {
        Value::Object(_) => Ok(field),
        Value::String(s) => decode_reply_text(&s, flags, cipher, limits),
        _ => Err(DecodeError::Field {
            context: "reply",
            field: "secure payload",
        }),
    }
}

/// A reply's payload before it is parsed: the decrypted, inflated JSON
/// text, or the object of an unprotected reply.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyBody {
    /// The payload's JSON text.
    Text(Vec<u8>),
    /// An unprotected payload, already parsed with its envelope.
    Json(Value),
}

/// Client: decrypts and inflates a reply's secure field without parsing
/// the payload, for readers that parse it into their own types.
pub fn decode_reply_body(
    field: Value,
    flags: Flags,
    cipher: &Cipher,
    limits: Limits,
) -> Result<ReplyBody, DecodeError> {
    match field {
        Value::Object(_) => Ok(ReplyBody::Json(field)),
        Value::String(s) => reply_text_bytes(&s, flags, cipher, limits).map(ReplyBody::Text),
        _ => Err(DecodeError::Field {
            context: "reply",
            field: "secure payload",
        }),
    }
}

/// [`decode_reply_body`], also handing back the payload as the server
/// deflated it, when it did: a compact copy for a caller that keeps the
/// reply, at no cost (it is the buffer inflated from).
pub(crate) fn decode_reply_body_keeping(
    field: Value,
    flags: Flags,
    cipher: &Cipher,
    limits: Limits,
) -> Result<(ReplyBody, Option<Vec<u8>>), DecodeError> {
    match field {
        Value::String(s) if flags.compress => {
            let deflated = open(&s, flags, cipher)?;
            let json = inflate(&deflated, limits)?;
            Ok((ReplyBody::Text(json), Some(deflated)))
        }
        other => decode_reply_body(other, flags, cipher, limits).map(|body| (body, None)),
    }
}

/// Decrypts and inflates a reply's hex text.
fn reply_text_bytes(
    text: &str,
    flags: Flags,
    cipher: &Cipher,
    limits: Limits,
) -> Result<Vec<u8>, DecodeError> {
    let bytes = open(text, flags, cipher)?;
    if flags.compress {
        inflate(&bytes, limits)
    } else {
        Ok(bytes)
    }
}

fn decode_reply_text(
    text: &str,
    flags: Flags,
    cipher: &Cipher,
    limits: Limits,
) -> Result<Value, DecodeError> {
    let json = reply_text_bytes(text, flags, cipher, limits)?;
    parse_object(&json, &limits, "reply payload")
}

/// Server: decodes a request's secure field.
///
/// Accepts an object whatever the flags (the official client does not
/// compress unencrypted requests), and an inflated payload that is JSON
/// text rather than hex text.
pub fn decode_request(
    field: &Value,
    flags: Flags,
    cipher: &Cipher,
    limits: Limits,
) -> Result<Value, DecodeError> {
    let text = match field {
        Value::Object(_) => return Ok(field.clone()),
        Value::String(s) => s,
        _ => {
            return Err(DecodeError::Field {
                context: "request",
                field: "secure payload",
            });
        }
    };
    let bytes = open(text, flags, cipher)?;
    let json = if flags.compress {
        let inflated = inflate(&bytes, limits)?;
        if inflated.first().is_some_and(|b| *b == b'{') {
            inflated
        } else {
            hex_bytes(&inflated).ok_or(DecodeError::Hex {
                field: "inflated request payload",
            })?
        }
    } else {
        bytes
    };
    parse_object(&json, &limits, "request payload")
}

/// Encrypts (when asked) and renders uppercase hex.
fn seal(bytes: Vec<u8>, flags: Flags, cipher: &Cipher) -> String {
    if flags.encrypt {
        upper_hex(&cipher.encrypt(&bytes))
    } else {
        upper_hex(&bytes)
    }
}

/// Uppercase hex, written into one buffer (rather than char by char).
fn upper_hex(bytes: &[u8]) -> String {
    let mut text = vec![0u8; bytes.len() * 2];
    // The lengths match by construction, so this cannot fail.
    let _ = faster_hex::hex_encode_upper(bytes, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// The bytes of hex text (either case), or `None` when it is not hex.
/// `faster_hex` (SIMD) rather than `hex`: a reply's secure field is tens
/// of kilobytes, and `hex::decode_to_slice` was a fifth of a typed
/// timetable decode.
fn hex_bytes(text: impl AsRef<[u8]>) -> Option<Vec<u8>> {
    let text = text.as_ref();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let mut out = vec![0; text.len() / 2];
    faster_hex::hex_decode(text, &mut out).ok()?;
    Some(out)
}

/// Parses hex text and decrypts it (when asked).
fn open(text: &str, flags: Flags, cipher: &Cipher) -> Result<Vec<u8>, DecodeError> {
    let bytes = hex_bytes(text).ok_or(DecodeError::Hex {
        field: "secure payload",
    })?;
    if flags.encrypt {
        cipher.decrypt(&bytes, "secure payload")
    } else {
        Ok(bytes)
    }
}

fn to_json_bytes(payload: &Value) -> Result<Vec<u8>, DecodeError> {
    serde_json::to_vec(payload).map_err(|e| DecodeError::json("payload", &e))
}

/// JSON text with every non-ASCII character escaped as `\uXXXX`.
pub fn to_ascii_json(payload: &Value) -> Result<String, DecodeError> {
    let text = serde_json::to_string(payload).map_err(|e| DecodeError::json("payload", &e))?;
    if text.is_ascii() {
        return Ok(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut units = [0u16; 2];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04X}"));
            }
        }
    }
    Ok(out)
}

fn parse_object(json: &[u8], limits: &Limits, context: &'static str) -> Result<Value, DecodeError> {
    let value = parse_value(json, limits, context)?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(DecodeError::Json {
            context,
            reason: "not a JSON object".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hex_text_is_read_strictly() {
        assert_eq!(hex_bytes("0aFF"), Some(vec![0x0a, 0xff]));
        assert_eq!(hex_bytes(""), Some(Vec::new()));
        assert_eq!(hex_bytes("abc"), None);
        assert_eq!(hex_bytes("0g"), None);
        assert_eq!(hex_bytes("é1"), None);
    }

    #[test]
    fn ascii_escaping_matches_the_server() {
        let v = json!({"t": "éà😀"});
        assert_eq!(
            to_ascii_json(&v).unwrap_or_default(),
            r#"{"t":"\u00E9\u00E0\uD83D\uDE00"}"#
        );
        let back: Value =
            serde_json::from_str(&to_ascii_json(&v).unwrap_or_default()).unwrap_or_default();
        assert_eq!(back, v);
    }

    #[test]
    fn hex_text_deflate_equals_deflate_of_hex() {
        let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let a = deflate_hex_text(&data);
        let b = deflate(hex::encode(&data).as_bytes());
        let limits = Limits::default();
        assert_eq!(inflate(&a, limits).ok(), inflate(&b, limits).ok());
    }

    #[test]
    fn inflate_limit_is_an_error() {
        let big = deflate(&vec![b'a'; 10_000]);
        assert_eq!(
            inflate(&big, Limits::new(9_999)),
            Err(DecodeError::InflateLimit {
                field: "secure payload",
                limit: 9_999
            })
        );
        assert_eq!(
            inflate(&big, Limits::new(10_000)).map(|v| v.len()),
            Ok(10_000)
        );
    }

    #[test]
    fn all_flag_combinations_round_trip_both_roles() {
        let cipher = Cipher::initial();
        let payload = json!({"data": {"x": "é", "n": [1, 2, 3]}, "Signature": {"onglet": 16}});
        for flags in Flags::ALL {
            let req = encode_request(&payload, flags, &cipher).unwrap_or_else(|e| panic!("{e}"));
            let back = decode_request(&req.into_json(), flags, &cipher, Limits::default());
            assert_eq!(back.as_ref(), Ok(&payload), "{flags:?}");
            let rep = encode_reply(&payload, flags, &cipher).unwrap_or_else(|e| panic!("{e}"));
            let back = decode_reply(&rep.into_json(), flags, &cipher, Limits::default());
            assert_eq!(back.as_ref(), Ok(&payload), "{flags:?}");
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let cipher = Cipher::initial();
        for flags in Flags::ALL {
            for field in [
                json!("zz"),
                json!("00"),
                json!(12),
                json!("ABCDEF0123456789ABCDEF0123456789"),
            ] {
                // Every role and every flag combination: none of these is
                // a payload (plain ones must be JSON objects).
                let reply = decode_reply(&field, flags, &cipher, Limits::default());
                assert!(reply.is_err(), "{flags:?} reply {field}: {reply:?}");
                let request = decode_request(&field, flags, &cipher, Limits::default());
                assert!(request.is_err(), "{flags:?} request {field}: {request:?}");
            }
        }
    }
}
