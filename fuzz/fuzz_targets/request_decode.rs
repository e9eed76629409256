//! Server role: a client request, from the HTTP body to the payload.
//!
//! 1. The input as an HTTP body: `envelope::decode` (both key spellings),
//!    the order number through `order::decode`, then
//!    `payload::decode_request` under each of the four flag combinations
//!    with `Cipher::initial()`, and a `Uuid` found in the data through
//!    `crypto::decode_uuid_field`.
//! 2. The input as the plaintext behind a secure field (hex text, with
//!    and without compression; AES is left to 1 and 3): the inflate, hex-text and JSON stages see it
//!    directly.
//! 3. A structured round trip: an arbitrary JSON object through
//!    `payload::encode_request`, `envelope::encode`, `envelope::decode` and
//!    `payload::decode_request` comes back unchanged, under a flag
//!    combination the input chooses (one encoding per input, not four),
//!    with the initial cipher or an arbitrary one; the order
//!    number survives `order::encode` / `order::decode`.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use pronote_fuzz::{
    JsonObject, LIMITS, OPAQUE_FLAGS, arb_cipher, assert_round_trip, envelope_key_sets, generation,
    opaque_field,
};
use pronote_proto::crypto::{self, Cipher};
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::{envelope, order};
use rand_core::SeedableRng;

fuzz_target!(|data: &[u8]| {
    let initial = Cipher::initial();

    // 1. Arbitrary bytes as the body of a request.
    for keys in envelope_key_sets() {
        if let Ok(env) = envelope::decode(&keys, data) {
            if let Some(wire) = env.order.as_deref() {
                let _ = order::decode(&initial, wire);
            }
            for flags in Flags::ALL {
                if let Ok(payload) = payload::decode_request(&env.secure, flags, &initial, LIMITS) {
                    let uuid = payload
                        .get("data")
                        .or_else(|| payload.get("donnees"))
                        .and_then(|d| d.get("Uuid"))
                        .and_then(|u| u.as_str());
                    if let Some(uuid) = uuid {
                        let _ = crypto::decode_uuid_field(uuid, None);
                    }
                }
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(iv_temp) = crypto::decode_uuid_field(text, None)
    {
        // Whatever decodes is 16 bytes and encodes back to base64.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
        match crypto::uuid_field(&iv_temp, None, &mut rng) {
            Ok(text) => assert_round_trip!(
                "decode_uuid_field ∘ uuid_field",
                crypto::decode_uuid_field(&text, None),
                &iv_temp,
            ),
            Err(e) => panic!("uuid_field without a key failed: {e}"),
        }
    }

    // 2. Arbitrary bytes behind the hex layer, straight to the JSON
    //    parser and through inflate.
    for flags in OPAQUE_FLAGS {
        let field = opaque_field(data, flags, &initial);
        let _ = payload::decode_request(&field, flags, &initial, LIMITS);
    }

    // 3. Structured round trip.
    let mut u = Unstructured::new(data);
    let Ok(JsonObject(payload)) = JsonObject::arbitrary(&mut u) else {
        return;
    };
    let (
        Ok(session),
        Ok(number),
        Ok(function),
        Ok(generation_byte),
        Ok(flags_byte),
        Ok(use_initial),
        Ok(other),
    ) = (
        u.arbitrary::<u64>(),
        u.arbitrary::<i64>(),
        u.arbitrary::<String>(),
        u.arbitrary::<u8>(),
        u.arbitrary::<u8>(),
        u.arbitrary::<bool>(),
        arb_cipher(&mut u),
    )
    else {
        return;
    };
    let keys = generation(generation_byte).profile().envelope;
    let cipher = if use_initial { initial } else { other };
    let wire_order = order::encode(&cipher, number);
    assert_round_trip!(
        "order::decode ∘ order::encode",
        order::decode(&cipher, &wire_order),
        &number,
    );
    {
        let flags = pronote_fuzz::flags(flags_byte);
        let field = match payload::encode_request(&payload, flags, &cipher) {
            Ok(field) => field,
            Err(e) => panic!("encode_request({flags:?}) failed on a JSON object: {e}"),
        };
        let body = envelope::encode(&keys, session, &wire_order, &function, &field);
        let env = match envelope::decode(&keys, &body) {
            Ok(env) => env,
            Err(e) => panic!("envelope::decode ∘ envelope::encode failed: {e}"),
        };
        assert_eq!(env.session, Some(session), "envelope session");
        assert_eq!(
            env.order.as_deref(),
            Some(wire_order.as_str()),
            "envelope order"
        );
        assert_eq!(
            env.function.as_deref(),
            Some(function.as_str()),
            "envelope function"
        );
        assert_eq!(
            env.secure,
            field.clone().into_json(),
            "envelope secure field"
        );
        assert_round_trip!(
            format_args!("request through the envelope, {flags:?}"),
            payload::decode_request(&env.secure, flags, &cipher, Limits::default()),
            &payload,
        );
    }
});
