//! The HTTP body of a function call (the envelope) and the payload inside
//! the secure field, with each generation's key names.
//!
//! ```text
//! { session: h, no: <order>, id: <function>, dataSec: <secure field> }      (2025+)
//! { session: h, numeroOrdre: …, nom: …, donneesSec: … }                     (older)
//! secure field ⇒ { data: {…}, Signature: { onglet, membre? } }              (donnees/_Signature_ before 2024.3.9)
//! ```

use serde_json::{Map, Value};

use crate::error::{DecodeError, Error, ServerError};
use crate::payload::{Limits, SecureField, parse_value};
use crate::version::{EnvelopeKeys, InnerKeys};

/// Renders a request or reply envelope. Keys come in the official order
/// (session, order, function, secure field).
pub fn encode(
    keys: &EnvelopeKeys,
    session: u64,
    order: &str,
    function: &str,
    secure: &SecureField,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(96 + function.len() + secure_len(secure));
    out.extend_from_slice(b"{\"");
    out.extend_from_slice(keys.session.as_bytes());
    out.extend_from_slice(b"\":");
    out.extend_from_slice(session.to_string().as_bytes());
    push_string_member(&mut out, keys.order, order);
    push_string_member(&mut out, keys.function, function);
    out.extend_from_slice(b",\"");
    out.extend_from_slice(keys.secure.as_bytes());
    out.extend_from_slice(b"\":");
    match secure {
        SecureField::Hex(h) => {
            out.push(b'"');
            out.extend_from_slice(h.as_bytes());
            out.push(b'"');
        }
        SecureField::Json(v) => {
            // ASCII only, as the real server writes (`\u00E9`): some
            // clients decode bodies with the wrong charset. Serialising a
            // `Value` cannot fail.
            if let Ok(text) = crate::payload::to_ascii_json(v) {
                out.extend_from_slice(text.as_bytes());
            }
        }
    }
    out.push(b'}');
    out
}

fn secure_len(secure: &SecureField) -> usize {
    match secure {
        SecureField::Hex(h) => h.len(),
        SecureField::Json(_) => 256,
    }
}

fn push_string_member(out: &mut Vec<u8>, key: &str, value: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    // Serialising a `&str` into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// A decoded envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The session id, when present (some error replies carry 0 or none).
    pub session: Option<u64>,
    /// Whether the session id came as a JSON string rather than a number
    /// (2025+ servers refuse strings with `G` 8).
    pub session_was_string: bool,
    /// The wire order number.
    pub order: Option<String>,
    /// The function name.
    pub function: Option<String>,
    /// The secure field (hex text or an object).
    pub secure: Value,
}

/// Parses an envelope. A top-level `Erreur` object becomes the matching
/// [`ServerError`]; a body that is not JSON but a known error page becomes
/// its condition too.
pub fn decode(keys: &EnvelopeKeys, body: &[u8]) -> Result<Envelope, Error> {
    decode_limited(keys, body, &Limits::default())
}

/// [`decode`], keeping the parsed body within `limits` (its memory,
/// value-count and nesting budgets) while parsing.
pub fn decode_limited(
    keys: &EnvelopeKeys,
    body: &[u8],
    limits: &Limits,
) -> Result<Envelope, Error> {
    let root = match parse_value(body, limits, "envelope") {
        Ok(v) => v,
        Err(e @ DecodeError::Budget { .. }) => return Err(e.into()),
        Err(e) => {
            if let Some(condition) = ServerError::from_body_text(&String::from_utf8_lossy(body)) {
                return Err(condition.into());
            }
            return Err(e.into());
        }
    };
    let Value::Object(mut map) = root else {
        return Err(DecodeError::Json {
            context: "envelope",
            reason: "not a JSON object".into(),
        }
        .into());
    };
    if let Some(err) = map.get("Erreur") {
        return Err(server_error(err).into());
    }
    let session_was_string = matches!(map.get(keys.session), Some(Value::String(_)));
    let session = match map.get(keys.session) {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let order = match map.remove(keys.order) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    let function = match map.remove(keys.function) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    let secure = map.remove(keys.secure).ok_or(DecodeError::Field {
        context: "envelope",
        field: "secure payload",
    })?;
    Ok(Envelope {
        session,
        session_was_string,
        order,
        function,
        secure,
    })
}

/// The condition behind an `Erreur` value (`{G, Titre, Message}` or text).
pub fn server_error(err: &Value) -> ServerError {
    match err {
        Value::Object(o) => {
            let title = o
                .get("Titre")
                .or_else(|| o.get("Message"))
                .and_then(Value::as_str)
                .unwrap_or("");
            match o.get("G") {
                None | Some(Value::Null) => ServerError::from_code(0, title),
                Some(g) => match json_u32(g) {
                    Some(code) => ServerError::from_code(code, title),
                    None => ServerError::InvalidCode {
                        code: crate::error::truncate(&compact_text(g), 40),
                        title: crate::error::truncate(title, 200),
                    },
                },
            }
        }
        Value::String(s) => ServerError::from_body_text(s).unwrap_or_else(|| ServerError::Other {
            code: 0,
            title: crate::error::truncate(s, 200),
        }),
        Value::Number(_) => ServerError::from_code(json_u32(err).unwrap_or(0), ""),
        _ => ServerError::Other {
            code: 0,
            title: String::new(),
        },
    }
}

/// A JSON value as short text: a string without its quotes.
fn compact_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn json_u32(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Builds the payload that goes into a secure field: `{data?, Signature?}`
/// with the generation's key names.
pub fn inner(keys: &InnerKeys, data: Option<Value>, signature: Option<Value>) -> Value {
    let mut map = Map::new();
    if let Some(sig) = signature {
        map.insert(keys.signature.to_owned(), sig);
    }
    if let Some(data) = data {
        map.insert(keys.data.to_owned(), data);
    }
    Value::Object(map)
}

/// A decoded reply payload, split into its parts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inner {
    /// `data` / `donnees` (an empty object when absent).
    pub data: Value,
    /// `Signature` / `_Signature_`, when present.
    pub signature: Option<Value>,
    /// Every other root key (`RapportSaisie`, `SignatureAttente`, `nom`, …).
    pub rest: Map<String, Value>,
}

/// Splits a decoded payload and turns the in-payload error signals into
/// errors: `Signature.Erreur`, root `MessageErreur`, `SignatureAttente`
/// (wait and call again) and a failed `RapportSaisie`.
///
/// Both key spellings are accepted, since a server may answer the first
/// request of a session in either.
pub fn split_reply(keys: &InnerKeys, payload: Value) -> Result<Inner, ServerError> {
    let Value::Object(mut map) = payload else {
        return Ok(Inner::default());
    };
    let data = map
        .remove(keys.data)
        .or_else(|| map.remove("data"))
        .or_else(|| map.remove("donnees"))
        .unwrap_or(Value::Object(Map::new()));
    let signature = map
        .remove(keys.signature)
        .or_else(|| map.remove("Signature"))
        .or_else(|| map.remove("_Signature_"));
    check_signals(signature.as_ref(), &map)?;
    Ok(Inner {
        data,
        signature,
        rest: map,
    })
}

/// Turns the in-payload error signals of a reply into errors:
/// `Signature.Erreur`, root `MessageErreur`, `SignatureAttente` (wait and
/// call again) and a failed `RapportSaisie`. `rest` holds the root keys
/// other than the data and the signature.
pub fn check_signals(
    signature: Option<&Value>,
    rest: &Map<String, Value>,
) -> Result<(), ServerError> {
    if let Some(err) = signature.and_then(|s| s.get("Erreur")) {
        return Err(server_error(err));
    }
    if let Some(err) = rest.get("MessageErreur") {
        return Err(server_error(err));
    }
    if let Some(wait) = rest.get("SignatureAttente") {
        let delay = wait
            .pointer("/ParametresAtt/delai")
            .and_then(json_u32)
            .unwrap_or(1);
        return Err(ServerError::RetryAfter { delay_secs: delay });
    }
    if let Some(report) = rest.get("RapportSaisie") {
        if report.get("_erreurSaisie_").and_then(Value::as_bool) == Some(true) {
            let message = match report.get("_messagesErreur_") {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|m| m.as_str().or_else(|| m.get("L").and_then(Value::as_str)))
                    .collect::<Vec<_>>()
                    .join("; "),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            return Err(ServerError::SaveRejected {
                message: crate::error::truncate(&message, 500),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Generation;
    use serde_json::json;

    #[test]
    fn encodes_in_official_key_order() {
        let keys = Generation::V2025.profile().envelope;
        let body = encode(
            &keys,
            1234567,
            "3fa9",
            "FonctionParametres",
            &SecureField::Hex("AB".into()),
        );
        assert_eq!(
            String::from_utf8_lossy(&body),
            r#"{"session":1234567,"no":"3fa9","id":"FonctionParametres","dataSec":"AB"}"#
        );
        let keys = Generation::V2022.profile().envelope;
        let body = encode(
            &keys,
            5,
            "x",
            "Presence",
            &SecureField::Json(json!({"donnees": {}})),
        );
        let v: Value = serde_json::from_slice(&body).unwrap_or_default();
        assert_eq!(v["numeroOrdre"], "x");
        assert_eq!(v["nom"], "Presence");
        assert_eq!(v["donneesSec"], json!({"donnees": {}}));
    }

    #[test]
    fn top_level_errors_map_to_conditions() {
        let keys = Generation::V2025.profile().envelope;
        let cases = [
            (
                r#"{"Erreur": {"G": 22, "Titre": "Objet inconnu"}}"#,
                ServerError::ObjectFromPreviousSession,
            ),
            (
                r#"{"Erreur": {"G": 10, "Titre": "Session expir\u00e9e"}}"#,
                ServerError::SessionExpired,
            ),
            (
                r#"{"Erreur": {"G": 25, "Titre": "Trop de tentatives"}}"#,
                ServerError::RateLimited,
            ),
            (
                "<html>La page a expir\u{e9} !</html>",
                ServerError::PageExpired { code: 0 },
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(
                decode(&keys, body.as_bytes()),
                Err(Error::Server(expected)),
                "{body}"
            );
        }
        assert!(matches!(
            decode(&keys, b"<html>boom</html>"),
            Err(Error::Decode(DecodeError::Json { .. }))
        ));
    }

    #[test]
    fn error_codes_beyond_u32_are_named_not_zeroed() {
        for (g, shown) in [
            (json!(4_294_967_296u64), "4294967296"),
            (json!(-3), "-3"),
            (json!(2.5), "2.5"),
            (json!("douze"), "douze"),
        ] {
            let err = server_error(&json!({"G": g, "Titre": "Panne"}));
            assert_eq!(
                err,
                ServerError::InvalidCode {
                    code: shown.into(),
                    title: "Panne".into()
                }
            );
            assert_eq!(
                err.to_string(),
                format!("the server reported an error with an invalid code ({shown}): Panne")
            );
        }
        assert_eq!(
            server_error(&json!({"G": "22"})),
            ServerError::ObjectFromPreviousSession
        );
    }

    #[test]
    fn in_payload_signals() {
        let keys = Generation::V2025.profile().inner;
        let wait = json!({"SignatureAttente": {"ParametresAtt": {"delai": 3}}});
        assert_eq!(
            split_reply(&keys, wait),
            Err(ServerError::RetryAfter { delay_secs: 3 })
        );
        let failed = json!({"data": {}, "RapportSaisie": {"_erreurSaisie_": true, "_messagesErreur_": ["Discussion fermée"]}});
        assert_eq!(
            split_reply(&keys, failed),
            Err(ServerError::SaveRejected {
                message: "Discussion fermée".into()
            })
        );
        let sig_err = json!({"_Signature_": {"Erreur": {"G": 3}}});
        assert_eq!(split_reply(&keys, sig_err), Err(ServerError::AccessDenied));
        let ok = json!({"donnees": {"a": 1}, "nom": "X"});
        let inner = split_reply(&keys, ok).unwrap_or_default();
        assert_eq!(inner.data, json!({"a": 1}));
        assert_eq!(inner.rest.get("nom"), Some(&json!("X")));
    }
}
