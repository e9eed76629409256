//! A logged-in session receiving an arbitrary HTTP response.
//!
//! A `Session` restored from a `SessionState` (any generation, any flag
//! combination, strict or lenient checks, a session key of its own) makes
//! one call and hands the response to `PendingCall::handle_response`. The
//! response is, as the input chooses:
//!
//! * `Raw`: arbitrary status and body;
//! * `Wrapped`: a well-formed envelope (right or wrong session id, order
//!   number and function) around a secure field whose decoding reaches
//!   the arbitrary bytes (the inflate and JSON stages see them);
//! * `Structured`: a correct reply carrying an arbitrary JSON payload,
//!   which must decode to what `envelope::split_reply` makes of that
//!   payload (the data, or the server condition it signals).
//!
//! Never panics; the session is out of step exactly when the reply's order
//! number or session id was wrong, and otherwise takes its next call with
//! the next order number.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use pronote_fuzz::{JsonObject, LIMITS, flags, generation, opaque_field};
use pronote_proto::crypto::{AesKey, Cipher, Iv};
use pronote_proto::http::HttpResponse;
use pronote_proto::order::{self, OrderCounter};
use pronote_proto::payload::{self, SecureField};
use pronote_proto::{Call, Error, PeerError, Session, SessionState, envelope};
use serde_json::{Value, json};

const SESSION_ID: u64 = 2_052_117;
const FUNCTION: &str = "PageEmploiDuTemps";

#[derive(Debug, Arbitrary)]
enum Shape {
    Raw {
        status: u16,
    },
    Wrapped {
        right_session: bool,
        right_order: bool,
        right_function: bool,
    },
    Structured,
}

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    generation: u8,
    flags: u8,
    strict: bool,
    next_order: u8,
    shape: Shape,
    rest: &'a [u8],
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let generation = generation(input.generation);
    let flags = flags(input.flags);
    let cipher = Cipher::new(
        AesKey::from_material(b"ELEVE-DEMO5E3B1C0A9F8D7E6F5A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D9E8F7"),
        Iv::from_iv_temp(&[0x5a; 16]),
    );
    let restored = Session::restore(SessionState {
        root: "https://demo.index-education.net/pronote".into(),
        espace: 3,
        session_id: SESSION_ID,
        generation,
        version: None,
        flags,
        cipher,
        order: OrderCounter::starting_at(1 + 2 * i64::from(input.next_order)),
        strict: input.strict,
        limits: LIMITS,
        tabs: Default::default(),
        headers: Vec::new(),
    });
    let mut session = match restored {
        Ok(session) => session,
        Err(e) => panic!("a valid state was refused: {e}"),
    };
    let call = Call::new(FUNCTION)
        .tab(16)
        .data(json!({"numeroSemaine": 3, "avecAbsencesEleve": false}));
    let pending = match session.call(&call) {
        Ok(pending) => pending,
        Err(e) => panic!("a fresh session refused a call: {e}"),
    };
    let number = pending.number();
    let envelope_keys = generation.profile().envelope;
    let right_order = match order::reply_number(number) {
        Some(reply) => order::encode(&cipher, reply),
        None => panic!("request {number} has no reply number"),
    };

    let mut expected = None;
    let response = match input.shape {
        Shape::Raw { status } => HttpResponse::new(status, input.rest),
        Shape::Wrapped {
            right_session,
            right_order: order_ok,
            right_function,
        } => {
            let field = match opaque_field(input.rest, flags, &cipher) {
                Value::String(hex) if flags.is_opaque() => SecureField::Hex(hex),
                other => match serde_json::from_slice::<Value>(input.rest) {
                    Ok(json) => SecureField::Json(json),
                    Err(_) => SecureField::Json(other),
                },
            };
            let body = envelope::encode(
                &envelope_keys,
                if right_session {
                    SESSION_ID
                } else {
                    SESSION_ID + 1
                },
                if order_ok { &right_order } else { "00" },
                if right_function { FUNCTION } else { "Presence" },
                &field,
            );
            HttpResponse::new(200, body)
        }
        Shape::Structured => {
            let Ok(JsonObject(payload)) = JsonObject::arbitrary(&mut Unstructured::new(input.rest))
            else {
                pending.fail();
                return;
            };
            let field = match payload::encode_reply(&payload, flags, &cipher) {
                Ok(field) => field,
                Err(e) => panic!("encode_reply failed on a JSON object: {e}"),
            };
            expected = Some(envelope::split_reply(&generation.profile().inner, payload));
            let body = envelope::encode(&envelope_keys, SESSION_ID, &right_order, FUNCTION, &field);
            HttpResponse::new(200, body)
        }
    };

    let result = pending.handle_response(&response);

    let out_of_step = matches!(
        result,
        Err(Error::Peer(
            PeerError::OrderMismatch { .. }
                | PeerError::SessionMismatch
                | PeerError::SessionMissing
        ))
    );
    assert_eq!(
        session.is_desynchronized(),
        out_of_step,
        "desynchronised after {result:?}"
    );
    if !input.strict {
        assert!(
            !out_of_step,
            "a lenient session checked the order: {result:?}"
        );
    }

    if let Some(expected) = expected {
        match (&expected, &result) {
            (Ok(inner), Ok(reply)) => {
                assert_eq!(reply.data, inner.data, "reply data");
                assert_eq!(reply.signature, inner.signature, "reply signature");
                assert_eq!(reply.rest, inner.rest, "reply rest");
            }
            (Err(condition), Err(Error::Server(got))) => {
                assert_eq!(got, condition, "server condition")
            }
            _ => panic!("correct reply: expected {expected:?}, got {result:?}"),
        }
    }

    if !session.is_desynchronized() {
        match session.call(&call) {
            Ok(next) => {
                assert_eq!(next.number(), number + 2, "next order number");
                next.fail();
            }
            Err(e) => panic!("a session in step refused its next call: {e}"),
        }
    }
});
