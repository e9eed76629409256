//! Client role: a server reply, from the HTTP body to the payload.
//!
//! 1. The input as an HTTP body: `envelope::decode` (both key spellings),
//!    then `payload::decode_reply` under each of the four flag
//!    combinations with `Cipher::initial()`, then `envelope::split_reply`.
//! 2. The input as the plaintext behind a secure field (hex text, with
//!    and without compression; AES is left to 1 and 3): the inflate and JSON stages see it directly.
//! 3. A structured round trip: an arbitrary JSON object through
//!    `payload::encode_reply`, `envelope::encode`, `envelope::decode` and
//!    `payload::decode_reply` comes back unchanged, under a flag
//!    combination the input chooses (one encoding per input, not four),
//!    with the initial cipher or an arbitrary one.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use pronote_fuzz::{
    JsonObject, LIMITS, OPAQUE_FLAGS, arb_cipher, assert_round_trip, envelope_key_sets, generation,
    inner_key_sets, opaque_field,
};
use pronote_proto::crypto::Cipher;
use pronote_proto::envelope;
use pronote_proto::payload::{self, Flags, Limits};

fuzz_target!(|data: &[u8]| {
    let initial = Cipher::initial();

    // 1. Arbitrary bytes as the body of a reply.
    for keys in envelope_key_sets() {
        if let Ok(env) = envelope::decode(&keys, data) {
            for flags in Flags::ALL {
                if let Ok(payload) = payload::decode_reply(&env.secure, flags, &initial, LIMITS) {
                    for inner in inner_key_sets() {
                        let _ = envelope::split_reply(&inner, payload.clone());
                    }
                }
            }
        }
    }

    // 2. Arbitrary bytes behind the hex layer, straight to the JSON
    //    parser and through inflate.
    for flags in OPAQUE_FLAGS {
        let field = opaque_field(data, flags, &initial);
        let _ = payload::decode_reply(&field, flags, &initial, LIMITS);
    }

    // 3. Structured round trip.
    let mut u = Unstructured::new(data);
    let Ok(JsonObject(payload)) = JsonObject::arbitrary(&mut u) else {
        return;
    };
    let (
        Ok(session),
        Ok(order),
        Ok(function),
        Ok(generation_byte),
        Ok(flags_byte),
        Ok(use_initial),
        Ok(other),
    ) = (
        u.arbitrary::<u64>(),
        u.arbitrary::<String>(),
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
    {
        let flags = pronote_fuzz::flags(flags_byte);
        let field = match payload::encode_reply(&payload, flags, &cipher) {
            Ok(field) => field,
            Err(e) => panic!("encode_reply({flags:?}) failed on a JSON object: {e}"),
        };
        let body = envelope::encode(&keys, session, &order, &function, &field);
        let env = match envelope::decode(&keys, &body) {
            Ok(env) => env,
            Err(e) => panic!("envelope::decode ∘ envelope::encode failed: {e}"),
        };
        assert_eq!(env.session, Some(session), "envelope session");
        assert_eq!(env.order.as_deref(), Some(order.as_str()), "envelope order");
        assert_eq!(
            env.function.as_deref(),
            Some(function.as_str()),
            "envelope function"
        );
        assert_eq!(env.secure, field.into_json(), "envelope secure field");
        assert_round_trip!(
            format_args!("reply through the envelope, {flags:?}"),
            payload::decode_reply(&env.secure, flags, &cipher, Limits::default()),
            &payload,
        );
    }
});
