//! Known-answer tests against the vectors computed with pronotepy 2.15.7's
//! own code: order numbers, Uuid (plain and RSA with fixed padding), AES,
//! key derivation, both challenge rules, `cle`, PIN, QR code, attachment
//! URL, URL helpers and the four payload encodings.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::convert::Infallible;

use pronote_proto::auth::{self, CaseRules, QrCode};
use pronote_proto::crypto::{self, AesKey, Cipher, Iv, UuidKey};
use pronote_proto::login::{mobile_page_url, split_page_url};
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::urls;
use pronote_proto::{ChallengeRule, LoginError, order};
use serde_json::Value;

const VECTORS: &str = include_str!("data/pronotepy-2.15.7-vectors.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn b16(v: &Value) -> [u8; 16] {
    hex::decode(s(v)).unwrap().try_into().unwrap()
}

fn cipher(key: &Value, iv: &Value) -> Cipher {
    Cipher::new(AesKey::from_bytes(b16(key)), Iv::from_bytes(b16(iv)))
}

/// An RNG that returns the same byte forever, as the vectors' patched
/// padding (PS = 0x5A…).
struct Constant(u8);

impl rand_core::TryRng for Constant {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(u32::from_ne_bytes([self.0; 4]))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(u64::from_ne_bytes([self.0; 8]))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        dst.fill(self.0);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Constant {}

#[test]
fn constants() {
    let v = vectors();
    let c = &v["constants"];
    assert_eq!(
        hex::encode(AesKey::initial().as_bytes()),
        s(&c["default_aes_key_md5_of_empty"])
    );
    assert_eq!(hex::encode(Iv::ZERO.as_bytes()), s(&c["default_aes_iv"]));
    assert_eq!(
        crypto::CONSTANT_RSA_MODULUS_HEX.to_lowercase(),
        s(&c["rsa_1024_modulus_hex"])
    );
    assert_eq!(pronote_proto::login::MOBILE_QUERY, s(&c["qr_magic_query"]));
}

#[test]
fn order_numbers() {
    let v = vectors();
    let n = &v["numero_ordre"];
    let zero = cipher(&n["key"], &n["iv_zero"]["iv"]);
    for (number, wire) in n["iv_zero"]["values"].as_object().unwrap() {
        let number: i64 = number.parse().unwrap();
        assert_eq!(order::encode(&zero, number), s(wire), "#{number}");
        assert_eq!(order::decode(&zero, s(wire)), Ok(number));
    }
    let md5 = &n["iv_md5_of_000102..0f"];
    let session = cipher(&n["key"], &md5["iv"]);
    for (number, wire) in md5["values"].as_object().unwrap() {
        assert_eq!(order::encode(&session, number.parse().unwrap()), s(wire));
    }
}

#[test]
fn uuid_plain_and_rsa() {
    let v = vectors();
    let u = &v["uuid"];
    let iv_temp = b16(&u["iv_temp"]);
    let mut rng = rand_core::UnwrapErr(Constant(0x5a));
    assert_eq!(
        crypto::uuid_field(&iv_temp, None, &mut rng).unwrap(),
        s(&u["uuid_plain_base64"])
    );
    assert_eq!(
        hex::encode(Iv::from_iv_temp(&iv_temp).as_bytes()),
        s(&u["new_iv_md5_of_iv_temp"])
    );
    let key = UuidKey::constant().unwrap();
    let rsa = crypto::uuid_field(&iv_temp, Some(&key), &mut rng).unwrap();
    assert_eq!(rsa, s(&u["uuid_rsa_base64_with_PS_0x5A"]));
    assert_eq!(
        rsa.len() as u64,
        u["uuid_rsa_length_chars"].as_u64().unwrap()
    );
}

#[test]
fn uuid_rsa_round_trip_with_a_server_key() {
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let private = crypto::UuidPrivateKey::generate(&mut rng, 1024).unwrap();
    let public = UuidKey::from_hex(
        &private.public_key().modulus_hex(),
        &private.public_key().exponent_hex(),
    )
    .unwrap();
    let iv_temp = [9u8; 16];
    let field = crypto::uuid_field(&iv_temp, Some(&public), &mut rng).unwrap();
    // The official client wraps base64 every 64 characters.
    let wrapped: String = field
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n");
    assert_eq!(
        crypto::decode_uuid_field(&wrapped, Some(&private)),
        Ok(iv_temp)
    );
    assert!(crypto::decode_uuid_field("AAECAwQFBgcICQoLDA0ODw==", Some(&private)).is_err());
    assert_eq!(
        crypto::decode_uuid_field("AAECAwQFBgcICQoLDA0ODw==", None).map(|b| b[15]),
        Ok(15)
    );
}

#[test]
fn aes_cases() {
    let v = vectors();
    for case in v["aes"]["cases"].as_array().unwrap() {
        let c = cipher(&case["key"], &case["iv"]);
        let plain = hex::decode(s(&case["plaintext_utf8_hex"])).unwrap();
        assert_eq!(c.encrypt_hex(&plain), s(&case["ciphertext_hex"]));
        assert_eq!(
            c.decrypt_hex(s(&case["ciphertext_hex"]), "case").unwrap(),
            plain
        );
    }
    assert_eq!(
        hex::encode(AesKey::from_material(b"some key material").as_bytes()),
        "9d574404953b227bb453d2d38b0eaa36"
    );
}

#[test]
fn login_key_derivation() {
    let v = vectors();
    let d = &v["login_key_derivation"];
    for case in d["userpass"].as_array().unwrap() {
        let rules = CaseRules {
            lowercase_username: case["modeCompLog"].as_u64() == Some(1),
            lowercase_password: case["modeCompMdp"].as_u64() == Some(1),
        };
        let key = auth::login_key(
            s(&case["username"]),
            s(&case["password"]),
            s(&case["alea"]),
            rules,
        );
        assert_eq!(
            hex::encode(key.as_bytes()),
            s(&case["aes_key_md5_of_username_plus_sha"])
        );
        let salted = format!("{}{}", s(&case["alea"]), s(&case["effective_password"]));
        assert_eq!(
            crypto::sha256_upper_hex(salted.as_bytes()),
            s(&case["sha256_upper_hex_of_alea_plus_password"])
        );
    }
    let ent = &d["ent"];
    assert_eq!(
        crypto::sha256_upper_hex(s(&ent["f"]).as_bytes()),
        s(&ent["sha256_upper"])
    );
    assert_eq!(
        hex::encode(auth::ent_key(s(&ent["f"]), "").as_bytes()),
        s(&ent["aes_key"])
    );
}

#[test]
fn challenge_both_rules() {
    let v = vectors();
    let ch = &v["challenge"];
    let c = cipher(&ch["key"], &ch["iv"]);
    let challenge = s(&ch["challenge"]);
    assert_eq!(
        auth::solve_challenge(challenge, &c, ChallengeRule::AsReceived).unwrap(),
        s(&ch["answer_pronotepy_2_15_7"])
    );
    assert_eq!(
        auth::solve_challenge(challenge, &c, ChallengeRule::Classic).unwrap(),
        s(&ch["legacy"]["answer_pronotepy_le_2_15_6"])
    );
    let plain = String::from_utf8(c.decrypt_hex(challenge, "challenge").unwrap()).unwrap();
    assert_eq!(plain, s(&ch["legacy"]["decrypted_challenge"]));
    assert_eq!(auth::remove_alea(&plain), s(&ch["legacy"]["enleverAlea"]));
    for (input, output) in ch["enleverAlea_examples"].as_object().unwrap() {
        assert_eq!(auth::remove_alea(input), s(output));
    }
    // A server accepts both answers to the same challenge.
    for answer in [
        &ch["answer_pronotepy_2_15_7"],
        &ch["legacy"]["answer_pronotepy_le_2_15_6"],
    ] {
        assert!(auth::check_challenge(challenge, s(answer), &c, None));
    }
    // The automatic rule prefers the classic answer when it decrypts.
    let (answer, rule) = auth::solve_challenge_auto(challenge, &c, ChallengeRule::Classic);
    assert_eq!(
        (answer.as_str(), rule),
        (
            s(&ch["legacy"]["answer_pronotepy_le_2_15_6"]),
            ChallengeRule::Classic
        )
    );
}

#[test]
fn cle_to_session_key() {
    let v = vectors();
    let k = &v["cle_session_key"];
    let c = cipher(&k["auth_key"], &k["iv"]);
    let plain = String::from_utf8(c.decrypt_hex(s(&k["cle"]), "cle").unwrap()).unwrap();
    assert_eq!(plain, s(&k["cle_plaintext"]));
    let key = auth::session_key_from_cle(s(&k["cle"]), &c).unwrap();
    assert_eq!(hex::encode(key.as_bytes()), s(&k["session_key"]));
    let bytes: Vec<u8> = plain.split(',').map(|x| x.parse().unwrap()).collect();
    assert_eq!(hex::encode(&bytes), s(&k["enBytes_hex"]));
    assert_eq!(
        hex::encode([10u8, 2, 159]),
        s(&v["util"]["enBytes"]["10,2,159"])
    );
}

#[test]
fn double_auth_pin() {
    let v = vectors();
    let p = &v["mfa_pin"];
    let c = cipher(&p["session_key"], &p["iv"]);
    assert_eq!(auth::encode_pin(s(&p["pin"]), &c), s(&p["codePin"]));
}

#[test]
fn qr_code() {
    let v = vectors();
    let q = &v["qr_code"];
    let code: QrCode = serde_json::from_value(q["qr_json"].clone()).unwrap();
    let secrets = code.decrypt(s(&q["pin"])).unwrap();
    assert_eq!(secrets.username, s(&q["login_plain"]));
    assert_eq!(secrets.token, s(&q["jeton_plain"]));
    assert_eq!(code.decrypt("0000").map(|_| ()), Err(LoginError::WrongPin));
    assert_eq!(
        hex::encode(AesKey::from_material(b"1234").as_bytes()),
        s(&q["key"])
    );
    for (input, output) in q["url_rewrites"].as_object().unwrap() {
        assert_eq!(mobile_page_url(input).unwrap(), s(output), "{input}");
    }
    let made = QrCode::make(&secrets.username, &secrets.token, &code.url, "1234");
    assert_eq!(made.decrypt("1234").unwrap(), secrets);
}

#[test]
fn attachment_urls() {
    let v = vectors();
    let a = &v["attachment_url"];
    let c = cipher(&a["session_key"], &a["iv"]);
    let h: u64 = s(&a["h"]).parse().unwrap();
    let file = &a["file"];
    let theirs = s(&file["url"]);
    let ours = urls::attachment_url(
        s(&a["root_site"]),
        h,
        &c,
        s(&file["json"]["N"]),
        s(&file["json"]["L"]),
    );
    // Same host, path layout, encoded name and session.
    let (their_prefix, their_rest) =
        theirs.split_at(theirs.find("FichiersExternes/").unwrap() + 17);
    let (our_prefix, our_rest) = ours.split_at(ours.find("FichiersExternes/").unwrap() + 17);
    assert_eq!(our_prefix, their_prefix);
    let (their_key, their_tail) = their_rest.split_once('/').unwrap();
    let (our_key, our_tail) = our_rest.split_once('/').unwrap();
    assert_eq!(our_tail, their_tail);
    // pronotepy pads twice; the server side reads both forms.
    assert_eq!(
        urls::decode_attachment_key(their_key, &c).unwrap(),
        s(&file["json"]["N"])
    );
    assert_eq!(
        urls::decode_attachment_key(our_key, &c).unwrap(),
        s(&file["json"]["N"])
    );
    let inner = c.decrypt_hex(their_key, "k").unwrap();
    assert!(inner.starts_with(s(&a["json_plain"]).as_bytes()));
}

#[test]
fn root_addresses() {
    let v = vectors();
    for (url, parts) in v["util"]["get_root_address"].as_object().unwrap() {
        let (root, page) = split_page_url(url).unwrap();
        assert_eq!(root, s(&parts[0]), "{url}");
        assert_eq!(page, s(&parts[1]), "{url}");
    }
}

#[test]
fn payload_encoding_matrix() {
    let v = vectors();
    for case in v["datasec_encoding_matrix"]["cases"].as_array().unwrap() {
        let flags = Flags {
            encrypt: case["CrA(encrypt)"].as_bool().unwrap(),
            compress: case["CoA(compress)"].as_bool().unwrap(),
        };
        let c = cipher(&case["key"], &case["iv"]);
        let object = &case["dataSec_object"];
        let stages = &case["request_stages"];
        let ours = payload::encode_request(object, flags, &c)
            .unwrap()
            .into_json();
        // Decoding ours and pronotepy's gives the same object.
        let theirs = &stages["dataSec"];
        for field in [&ours, theirs] {
            assert_eq!(
                &payload::decode_request(field, flags, &c, Limits::default()).unwrap(),
                object,
                "{flags:?}"
            );
        }
        if !flags.encrypt && flags.compress {
            // Without encryption we send the object, as PRONOTE's web client
            // does; pronotepy deflates it (read above all the same).
            assert_eq!(&ours, object);
            assert!(theirs.is_string(), "{theirs}");
        } else if flags.compress {
            // Our deflate stream inflates to the same hex text as theirs.
            let inflate = |hex_text: &str| {
                let raw = hex::decode(hex_text).unwrap();
                let raw = if flags.encrypt {
                    c.decrypt(&raw, "x").unwrap()
                } else {
                    raw
                };
                payload::inflate(&raw, Limits::default()).unwrap()
            };
            let their_text = inflate(s(theirs));
            let our_text = inflate(s(&ours));
            let their_json: Value =
                serde_json::from_slice(&hex::decode(their_text).unwrap()).unwrap();
            let our_json: Value = serde_json::from_slice(&hex::decode(our_text).unwrap()).unwrap();
            assert_eq!(our_json, their_json);
        } else if flags.encrypt {
            // No compression: AES over the JSON text; equal after decrypting.
            assert_eq!(
                serde_json::from_slice::<Value>(&c.decrypt_hex(s(&ours), "x").unwrap()).unwrap(),
                *object
            );
        } else {
            assert_eq!(&ours, object);
        }
        // The server's reply decodes to what pronotepy decoded.
        let reply = payload::decode_reply(
            &case["response_dataSec_from_server"],
            flags,
            &c,
            Limits::default(),
        )
        .unwrap();
        assert_eq!(reply, case["decoded_response_dataSec"], "{flags:?}");
        // Our own reply encoding round-trips and stays ASCII.
        let encoded = payload::encode_reply(&reply, flags, &c)
            .unwrap()
            .into_json();
        assert_eq!(
            payload::decode_reply(&encoded, flags, &c, Limits::default()).unwrap(),
            reply
        );
        // The exact HTTP body pronotepy sent parses into the same envelope.
        let body: Value = serde_json::from_str(s(&case["http_body_exact"])).unwrap();
        assert_eq!(body["no"], order::encode(&c, 1));
        assert!(s(&case["post_url"]).ends_with(&format!(
            "/appelfonction/3/1234567/{}",
            order::encode(&c, 1)
        )));
    }
}
