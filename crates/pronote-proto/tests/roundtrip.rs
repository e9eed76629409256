//! Property tests: encoding then decoding is the identity for every
//! generation × flag combination in both roles, and arbitrary input into
//! every decoder gives `Ok` or `Err`, never a panic. Arbitrary plaintexts
//! are also sealed properly (deflated and encrypted under the right key),
//! so that the decoders get past hex, AES unpadding and inflate and meet
//! random content where it matters.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_proto::auth::{self, QrCode};
use pronote_proto::crypto::{self, AesKey, Cipher, Iv};
use pronote_proto::envelope;
use pronote_proto::payload::{self, Flags, Limits, SecureField};
use pronote_proto::{Generation, order};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Value> {
    prop::collection::btree_map("[a-zA-Z_]{1,10}", json_value(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
}

fn generation() -> impl Strategy<Value = Generation> {
    prop::sample::select(Generation::ALL.to_vec())
}

fn flags() -> impl Strategy<Value = Flags> {
    prop::sample::select(Flags::ALL.to_vec())
}

fn cipher() -> impl Strategy<Value = Cipher> {
    (any::<[u8; 16]>(), any::<[u8; 16]>())
        .prop_map(|(k, iv)| Cipher::new(AesKey::from_bytes(k), Iv::from_bytes(iv)))
}

/// Plaintexts for the sealed-input properties: random bytes, random text,
/// and JSON objects (which must decode), with numbers and commas likely.
fn plaintext() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        "\\PC{0,80}".prop_map(String::into_bytes),
        "[-0-9, ]{0,40}".prop_map(String::into_bytes),
        json_object().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
    ]
}

/// What a decoder must make of plaintext `bytes`: the JSON object they
/// spell, or an error.
fn expected_object(bytes: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .filter(Value::is_object)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A reply sealed as the server seals it (deflate of the JSON text,
    /// then AES) with a random plaintext: the client decodes exactly the
    /// objects and refuses everything else.
    #[test]
    fn sealed_random_replies_decode_or_fail_cleanly(
        flags in flags(), cipher in cipher(), plain in plaintext(),
    ) {
        let mut bytes = plain.clone();
        if flags.compress {
            bytes = payload::deflate(&bytes);
        }
        if flags.encrypt {
            bytes = cipher.encrypt(&bytes);
        }
        let field = Value::String(hex::encode_upper(&bytes));
        let decoded = payload::decode_reply(&field, flags, &cipher, Limits::default());
        prop_assert_eq!(decoded.ok(), expected_object(&plain));
    }

    /// A request sealed as clients seal it (deflate of the hex text of the
    /// JSON, then AES) with a random plaintext.
    #[test]
    fn sealed_random_requests_decode_or_fail_cleanly(
        flags in flags(), cipher in cipher(), plain in plaintext(),
    ) {
        let mut bytes = plain.clone();
        if flags.compress {
            bytes = payload::deflate(hex::encode(&bytes).as_bytes());
        }
        if flags.encrypt {
            bytes = cipher.encrypt(&bytes);
        }
        let field = Value::String(hex::encode_upper(&bytes));
        let decoded = payload::decode_request(&field, flags, &cipher, Limits::default());
        prop_assert_eq!(decoded.ok(), expected_object(&plain));
    }

    /// Order numbers and `cle` under the right key with random contents:
    /// only a decimal number is an order number, only a list of bytes is
    /// key material (and gives MD5 of those bytes).
    #[test]
    fn sealed_random_order_numbers_and_cle(cipher in cipher(), plain in plaintext()) {
        let wire = cipher.encrypt_hex(&plain);
        let text = String::from_utf8(plain.clone()).ok();
        let number = text.as_deref().and_then(|t| t.parse::<i64>().ok());
        prop_assert_eq!(order::decode(&cipher, &wire).ok(), number);
        let material: Option<Vec<u8>> = text.as_deref().and_then(|t| {
            t.split(',').map(|p| p.trim().parse::<u8>().ok()).collect()
        });
        let key = auth::session_key_from_cle(&wire, &cipher).ok();
        prop_assert_eq!(
            key.map(|k| *k.as_bytes()),
            material.map(|m| crypto::md5(&m))
        );
    }

    /// The server's `cle` for any non-empty key material (it draws 16
    /// bytes; an empty `cle` names no key) reads back, on the client side,
    /// as the key MD5(material).
    #[test]
    fn cle_round_trips(cipher in cipher(), material in prop::collection::vec(any::<u8>(), 1..40)) {
        let cle = auth::make_cle(&material, &cipher);
        let key = auth::session_key_from_cle(&cle, &cipher).unwrap();
        prop_assert_eq!(*key.as_bytes(), crypto::md5(&material));
    }

    /// A QR code made by the server for any username, token and PIN opens
    /// with that PIN.
    #[test]
    fn qr_codes_round_trip(
        username in "\\PC{1,30}", token in "[0-9A-F]{0,64}", pin in "[0-9]{4}",
    ) {
        let code = QrCode::make(&username, &token, "https://x/pronote/mobile.eleve.html", &pin);
        let secrets = code.decrypt(&pin).unwrap();
        prop_assert_eq!(secrets.username, username);
        prop_assert_eq!(secrets.token, token);
    }

    /// Client → server: a request framed and protected by the client reads
    /// back on the server side, with the generation's key names.
    #[test]
    fn requests_round_trip(
        generation in generation(), flags in flags(), cipher in cipher(),
        data in json_object(), tab in proptest::option::of(0u32..300),
        session in any::<u64>(), number in 1i64..100_000,
    ) {
        let profile = generation.profile();
        let signature = tab.map(|t| serde_json::json!({"onglet": t}));
        let inner = envelope::inner(&profile.inner, Some(data.clone()), signature.clone());
        let wire = order::encode(&cipher, number);
        let secure = payload::encode_request(&inner, flags, &cipher).unwrap();
        let body = envelope::encode(&profile.envelope, session, &wire, "Fonction", &secure);
        let env = envelope::decode(&profile.envelope, &body).unwrap();
        prop_assert_eq!(env.session, Some(session));
        prop_assert_eq!(env.function.as_deref(), Some("Fonction"));
        prop_assert_eq!(order::decode(&cipher, env.order.as_deref().unwrap()).unwrap(), number);
        let back = payload::decode_request(&env.secure, flags, &cipher, Limits::default()).unwrap();
        prop_assert_eq!(back.get(profile.inner.data), Some(&data));
        prop_assert_eq!(back.get(profile.inner.signature), signature.as_ref());
    }

    /// Server → client: a reply reads back on the client side.
    #[test]
    fn replies_round_trip(
        generation in generation(), flags in flags(), cipher in cipher(),
        data in json_object(), session in any::<u64>(), number in 1i64..100_000,
    ) {
        let profile = generation.profile();
        let inner = envelope::inner(&profile.inner, Some(data.clone()), None);
        let wire = order::encode(&cipher, number + 1);
        let secure = payload::encode_reply(&inner, flags, &cipher).unwrap();
        if let SecureField::Hex(h) = &secure {
            prop_assert!(h.is_ascii());
        }
        let body = envelope::encode(&profile.envelope, session, &wire, "Fonction", &secure);
        let env = envelope::decode(&profile.envelope, &body).unwrap();
        prop_assert_eq!(order::decode(&cipher, env.order.as_deref().unwrap()).unwrap(), number + 1);
        let payload = payload::decode_reply(&env.secure, flags, &cipher, Limits::default()).unwrap();
        let split = envelope::split_reply(&profile.inner, payload);
        // A data object that itself looks like an error signal is still
        // plain data: only the root carries signals.
        prop_assert_eq!(split.map(|i| i.data), Ok(data));
    }

    #[test]
    fn envelope_decoder_never_panics(generation in generation(), body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = envelope::decode(&generation.profile().envelope, &body);
    }

    #[test]
    fn payload_decoders_never_panic(flags in flags(), cipher in cipher(), text in "[0-9A-Fa-f]{0,256}|\\PC{0,64}") {
        let field = Value::String(text.clone());
        let _ = payload::decode_reply(&field, flags, &cipher, Limits::default());
        let _ = payload::decode_request(&field, flags, &cipher, Limits::default());
        let _ = order::decode(&cipher, &text);
        let _ = auth::session_key_from_cle(&text, &cipher);
        let _ = crypto::decode_uuid_field(&text, None);
        let _ = envelope::split_reply(&Generation::V2025.profile().inner, field);
    }

    #[test]
    fn byte_decoders_never_panic(cipher in cipher(), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = cipher.decrypt(&bytes, "x");
        let _ = payload::inflate(&bytes, Limits::new(1 << 16));
    }

    #[test]
    fn qr_decoding_never_panics(jeton in "\\PC{0,80}", login in "[0-9a-f]{0,64}", pin in "[0-9]{4}") {
        let code = QrCode { jeton, login, url: "https://x/pronote/mobile.eleve.html".into() };
        let _ = code.decrypt(&pin);
    }
}
