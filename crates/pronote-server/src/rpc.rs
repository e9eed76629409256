//! `POST appelfonction/{a}/{h}/{no}`: from the envelope to the reply.
//!
//! ```text
//! URL + body ─▶ session h (G 10 when unknown or idle too long)
//!            ─▶ envelope keys of the generation, `session` type (G 8)
//!            ─▶ order number == expected (else G 8, session dropped); consumed either way
//!            ─▶ payload decode (flags, current key and IV)
//!            ─▶ function handler ─▶ reply: order + 1, payload encoded, key switch after
//! ```

use std::time::Instant;

use pronote_proto::crypto::AesKey;
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::{envelope, order};
use serde_json::{Map, Value, json};

use crate::functions::{self, Ctx};
use crate::server::Shared;
use crate::session::Step;

/// A function call's successful result.
#[derive(Debug, Default)]
pub(crate) struct Reply {
    /// The `data` object.
    pub(crate) data: Value,
    /// A key to switch to once the reply is encoded (`Authentification`).
    pub(crate) new_key: Option<AesKey>,
    /// Close the session after this reply (`SaisieDeconnexion`).
    pub(crate) end_session: bool,
    /// Other root keys of the payload (`RapportSaisie`, …).
    pub(crate) extra: Vec<(&'static str, Value)>,
}

impl Reply {
    /// A reply with this data.
    pub(crate) fn data(data: Value) -> Self {
        Reply {
            data,
            ..Reply::default()
        }
    }

    /// An empty reply (`{}`).
    pub(crate) fn empty() -> Self {
        Reply::data(json!({}))
    }
}

/// Why a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RpcError {
    /// A top-level `{"Erreur": {"G": n}}`.
    Top(u32),
    /// A top-level error that also ends the session.
    Fatal(u32),
    /// An in-payload `Signature.Erreur` (access refused to a tab).
    Signature(u32),
}

/// The result type of handlers.
pub(crate) type RpcResult = Result<Reply, RpcError>;

fn title(code: u32) -> (&'static str, &'static str) {
    match code {
        3 => (
            "Acc\u{e8}s refus\u{e9}",
            "Vous n'avez pas acc\u{e8}s \u{e0} cette fonctionnalit\u{e9}.",
        ),
        8 => (
            "La page a expir\u{e9} ! (1)",
            "La page a expir\u{e9}, veuillez vous reconnecter.",
        ),
        10 => (
            "Session expir\u{e9}e",
            "La page a expir\u{e9} : votre session n'est plus valide, veuillez vous reconnecter.",
        ),
        21 => (
            "Impossible d'afficher la page",
            "Impossible d'afficher la page demand\u{e9}e.",
        ),
        22 => (
            "Objet inconnu",
            "Les donn\u{e9}es demand\u{e9}es proviennent d'une session pr\u{e9}c\u{e9}dente.",
        ),
        25 => (
            "Trop de tentatives",
            "Vous avez d\u{e9}pass\u{e9} le nombre de tentatives autoris\u{e9}es, veuillez patienter.",
        ),
        _ => ("Erreur", "Une erreur est survenue."),
    }
}

/// The body of a top-level error.
pub(crate) fn top_error(code: u32) -> Vec<u8> {
    let (titre, message) = title(code);
    let body = json!({"Erreur": {"G": code, "Titre": titre, "Message": message}});
    payload::to_ascii_json(&body)
        .unwrap_or_default()
        .into_bytes()
}

/// What injected faults change in the answer to one call.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallFaults {
    /// The reply carries a wrong order number.
    pub(crate) wrong_order: bool,
    /// The call, made by a logged-in session, is refused in the payload
    /// (`Signature.Erreur`, G 3).
    pub(crate) refused: bool,
}

/// Handles one call; always produces a body (errors have their own).
pub(crate) fn handle_call(shared: &Shared, rest: &str, body: &[u8], faults: CallFaults) -> Vec<u8> {
    let CallFaults {
        wrong_order,
        refused,
    } = faults;
    let mut parts = rest.split('/');
    let (Some(_), Some(espace), Some(session_id), Some(url_order)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return top_error(8);
    };
    let Ok(session_id) = session_id.parse::<u64>() else {
        return top_error(10);
    };
    let Some(session_ref) = shared.sessions.get(session_id) else {
        return top_error(10);
    };
    let mut session = session_ref.lock().unwrap_or_else(|e| e.into_inner());
    let now = Instant::now();
    if now.saturating_duration_since(session.last_seen) > shared.config.session_timeout {
        drop(session);
        shared.sessions.remove(session_id);
        return top_error(10);
    }
    session.last_seen = now;
    if espace.parse::<u32>().ok() != Some(session.espace) {
        return top_error(8);
    }

    let profile = shared.config.profile();
    let keys = profile.envelope;
    let Ok(Value::Object(root)) = serde_json::from_slice::<Value>(body) else {
        return top_error(8);
    };
    match root.get(keys.session) {
        Some(Value::Number(n)) if n.as_u64() == Some(session_id) => {}
        Some(Value::String(s))
            if !shared.config.session_must_be_number()
                && s.trim().parse::<u64>().ok() == Some(session_id) => {}
        _ => return top_error(8),
    }
    let Ok(env) = envelope::decode(&keys, body) else {
        return top_error(8);
    };
    let (Some(wire_order), Some(function)) = (env.order.as_deref(), env.function.clone()) else {
        return top_error(8);
    };
    if !wire_order.eq_ignore_ascii_case(url_order) {
        return top_error(8);
    }
    let number = match order::decode(&session.cipher, wire_order) {
        Ok(n) if n == session.next_order => n,
        _ => {
            // Out of step: the real server drops the session.
            drop(session);
            shared.sessions.remove(session_id);
            return top_error(8);
        }
    };
    session.next_order = session.next_order.saturating_add(2);

    let flags = shared.config.flags();
    let reply_flags = reply_flags(flags, &env.secure);
    let limits = Limits::new(shared.config.max_body.saturating_mul(2));
    let Ok(Value::Object(mut payload)) =
        payload::decode_request(&env.secure, flags, &session.cipher, limits)
    else {
        return top_error(8);
    };
    let inner = profile.inner;
    let first_parameters = function == "FonctionParametres" && matches!(session.step, Step::Fresh);
    let (other_data, other_signature) = if inner.data == "data" {
        ("donnees", "_Signature_")
    } else {
        ("data", "Signature")
    };
    let data = match payload.remove(inner.data) {
        Some(d) => d,
        None if first_parameters => payload.remove(other_data).unwrap_or_else(|| json!({})),
        None => json!({}),
    };
    if !first_parameters
        && (payload.contains_key(other_data) || payload.contains_key(other_signature))
    {
        // Keys of another generation: the real server ignores them, so the
        // call cannot work.
        return top_error(8);
    }
    let signature = payload.remove(inner.signature);

    // Only a logged-in session's calls are refused, as a real server
    // refuses a tab: the login's own calls set up the session's keys.
    let result = if refused && matches!(session.step, Step::Ready { .. }) {
        Err(RpcError::Signature(3))
    } else {
        let mut ctx = Ctx {
            shared,
            session: &mut session,
            data: &data,
            signature: signature.as_ref(),
            function: &function,
        };
        functions::dispatch(&mut ctx)
    };
    match &result {
        Ok(_) => {
            tracing::debug!(session = session_id, number, function = %function, "call answered")
        }
        Err(e) => {
            tracing::debug!(session = session_id, number, function = %function, error = ?e, "call refused")
        }
    }
    let reply = match result {
        Ok(reply) => reply,
        Err(RpcError::Top(code)) => return top_error(code),
        Err(RpcError::Fatal(code)) => {
            drop(session);
            shared.sessions.remove(session_id);
            return top_error(code);
        }
        Err(RpcError::Signature(code)) => {
            let (titre, message) = title(code);
            let mut map = Map::new();
            map.insert("nom".into(), Value::String(function.clone()));
            map.insert(
                inner.signature.into(),
                json!({"Erreur": {"G": code, "Titre": titre}, "MessageErreur": message}),
            );
            map.insert(inner.data.into(), json!({}));
            return encode_reply(
                shared,
                &mut session,
                Outgoing {
                    function: &function,
                    number,
                    flags: reply_flags,
                    wrong_order,
                },
                Value::Object(map),
                None,
            );
        }
    };
    let mut map = Map::new();
    map.insert("nom".into(), Value::String(function.clone()));
    map.insert(inner.data.into(), reply.data);
    for (key, value) in reply.extra {
        map.insert(key.into(), value);
    }
    let out = encode_reply(
        shared,
        &mut session,
        Outgoing {
            function: &function,
            number,
            flags: reply_flags,
            wrong_order,
        },
        Value::Object(map),
        reply.new_key,
    );
    if reply.end_session {
        drop(session);
        shared.sessions.remove(session_id);
    }
    out
}

/// `POST appelpolling/{a}/{h}/{no}` (2025+ official client): the long-poll
/// beside the calls, numbered -1, -2, … with the reply echoing the number.
/// Answers an empty notification list; the caller holds it first when the
/// second value is true.
pub(crate) fn handle_poll(shared: &Shared, rest: &str, body: &[u8]) -> (Vec<u8>, bool) {
    let mut parts = rest.split('/');
    let (Some(_), Some(espace), Some(session_id)) = (parts.next(), parts.next(), parts.next())
    else {
        return (top_error(8), false);
    };
    let Some(session_ref) = session_id
        .parse::<u64>()
        .ok()
        .and_then(|id| shared.sessions.get(id))
    else {
        return (top_error(10), false);
    };
    let mut session = session_ref.lock().unwrap_or_else(|e| e.into_inner());
    let now = Instant::now();
    if now.saturating_duration_since(session.last_seen) > shared.config.session_timeout {
        let id = session.id;
        drop(session);
        shared.sessions.remove(id);
        return (top_error(10), false);
    }
    if espace.parse::<u32>().ok() != Some(session.espace) || session.account().is_none() {
        return (top_error(8), false);
    }
    let keys = shared.config.profile().envelope;
    let Ok(env) = envelope::decode(&keys, body) else {
        return (top_error(8), false);
    };
    let number = match env
        .order
        .as_deref()
        .map(|w| order::decode(&session.cipher, w))
    {
        Some(Ok(n)) if n == session.next_poll => n,
        _ => return (top_error(8), false),
    };
    session.next_poll = session.next_poll.saturating_sub(1);
    session.last_seen = now;
    let reply =
        json!({"nom": "polling", shared.config.profile().inner.data: {"notifications": []}});
    let wire = order::encode(
        &session.cipher,
        order::reply_number(number).unwrap_or(number),
    );
    match payload::encode_reply(
        &reply,
        reply_flags(shared.config.flags(), &env.secure),
        &session.cipher,
    ) {
        Ok(secure) => (
            envelope::encode(&keys, session.id, &wire, "polling", &secure),
            true,
        ),
        Err(_) => (top_error(21), false),
    }
}

/// How a reply's payload is protected. PRONOTE's web client transforms a
/// payload only when it encrypts it: without encryption it sends a plain
/// object and reads the reply's as one, compression on or not (its
/// `CommunicationProduit`, 2024.3.11 to 2025.2.8). pronotepy and Pawnote
/// deflate anyway, and read a deflated reply: each gets its reply in the
/// form of its request.
fn reply_flags(flags: Flags, request: &Value) -> Flags {
    if !flags.encrypt && request.is_object() {
        Flags::PLAIN
    } else {
        flags
    }
}

/// What a reply answers and how its payload goes out.
struct Outgoing<'a> {
    function: &'a str,
    number: i64,
    flags: Flags,
    wrong_order: bool,
}

fn encode_reply(
    shared: &Shared,
    session: &mut crate::session::Session,
    out: Outgoing<'_>,
    payload_value: Value,
    new_key: Option<AesKey>,
) -> Vec<u8> {
    let Outgoing {
        function,
        number,
        flags,
        wrong_order,
    } = out;
    let keys = shared.config.profile().envelope;
    let Some(reply_number) =
        order::reply_number(number).and_then(|n| n.checked_add(if wrong_order { 2 } else { 0 }))
    else {
        return top_error(8);
    };
    let wire = order::encode(&session.cipher, reply_number);
    let secure = match payload::encode_reply(&payload_value, flags, &session.cipher) {
        Ok(s) => s,
        Err(_) => return top_error(21),
    };
    let mut body = envelope::encode(&keys, session.id, &wire, function, &secure);
    if !flags.is_opaque() {
        // The payload travels as JSON: escape it like the real server
        // (`encode_reply` only escapes inside the opaque forms).
        if let Ok(value) = serde_json::from_slice::<Value>(&body) {
            if let Ok(text) = payload::to_ascii_json(&value) {
                body = text.into_bytes();
            }
        }
    }
    if let Some(key) = new_key {
        session.cipher = session.cipher.with_key(key);
    }
    body
}
