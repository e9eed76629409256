//! Replays the official PRONOTE web client's own login requests
//! (`conformance/vectors/official/`, recorded by
//! `conformance/vectors/record_official.py` from versions 2024.3.11,
//! 2025.1.3, 2025.2.6 and 2025.2.8 with fixed randomness, for every
//! encryption × compression combination) through our login state machine,
//! speaking the generation of the client's version: 2024.3.11 with the
//! 2024.3.9 – 2024.3.11 rules (envelope `numeroOrdre`/`nom`/`donneesSec`,
//! inner `data`, page flags `sCrA`/`sCoA`), the others with the 2025 rules.
//!
//! Every request we build must be the official client's: same URL (order
//! number included), same envelope, and a secure field that decodes, with
//! the key and IV the official client encrypted with, to the payload it
//! sent (the challenge answer included, so the key derivation and the
//! challenge rule are the official client's). The session key after
//! `Authentification` must be the one the official client switched to.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_proto::crypto::{AesKey, Cipher, Iv, md5};
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use pronote_proto::login::{Login, LoginConfig, LoginMethod, LoginOutput};
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::{Generation, Version};
use serde_json::Value;

/// Where the instance was; the files keep URLs relative.
const ROOT: &str = "http://127.0.0.1:9/pronote/";

fn key16(hex_text: &Value) -> [u8; 16] {
    let bytes =
        hex::decode(hex_text.as_str().unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    bytes.try_into().unwrap_or_else(|_| panic!("not 16 bytes"))
}

fn cipher(key: &Value, iv: &Value) -> Cipher {
    Cipher::new(AesKey::from_bytes(key16(key)), Iv::from_bytes(key16(iv)))
}

fn next_request(login: &mut Login) -> HttpRequest {
    loop {
        match login.poll_output() {
            Some(LoginOutput::Transmit(r)) => return r,
            Some(LoginOutput::Event(_)) => {}
            other => panic!("expected a request, got {other:?}"),
        }
    }
}

/// Our `Identification` has pronotepy's field set, which servers accept
/// from every client: the mobile fields (`demandeConnexionAppliMobile`,
/// `demandeConnexionAppliMobileJeton`, `uuidAppliMobile`, all false or
/// empty for a browser login) where the browser sends
/// `informationsAppareil: null` (2025.x; 2024.3.11 sends no such field).
/// Those, and only those, are set aside; every other field must be the
/// official client's.
fn identification_fields(ours: &mut Value, theirs: &mut Value, generation: Generation) {
    let ours = ours["data"].as_object_mut().unwrap();
    for (field, browser_value) in [
        ("demandeConnexionAppliMobile", Value::Bool(false)),
        ("demandeConnexionAppliMobileJeton", Value::Bool(false)),
        ("uuidAppliMobile", Value::String(String::new())),
    ] {
        assert_eq!(ours.remove(field), Some(browser_value), "our {field}");
    }
    let theirs = theirs["data"].as_object_mut().unwrap();
    let device = (generation >= Generation::V2025).then_some(Value::Null);
    assert_eq!(theirs.remove("informationsAppareil"), device);
}

/// Hands the recorded reply to the login.
fn continue_with(login: &mut Login, call: &Value) {
    let body = call["response_body"].as_str().unwrap().as_bytes().to_vec();
    login
        .handle_response(&HttpResponse::new(200, body))
        .unwrap_or_else(|e| panic!("{}: handling the reply: {e}", call["function"]));
}

/// `version` is the official client's, from the file name.
fn replay(record: &Value, version: &str) {
    let generation = version.parse::<Version>().unwrap().generation();
    let secure_key = generation.profile().envelope.secure;
    let meta = &record["_meta"];
    assert!(
        meta["client"]
            .as_str()
            .unwrap()
            .starts_with(&format!("official PRONOTE web client {version},")),
        "the file is {version}'s"
    );
    let flags = Flags {
        encrypt: meta["encryption"].as_bool().unwrap(),
        compress: meta["compression"].as_bool().unwrap(),
    };
    let config = LoginConfig::new(
        format!("{ROOT}eleve.html"),
        LoginMethod::Password {
            username: meta["username"].as_str().unwrap().into(),
            password: meta["password"].as_str().unwrap().into(),
        },
    );
    // The official client knows its own generation; ours, before the
    // first reply names the version, sends both data keys on the first
    // call (`data` and `donnees`) unless told the generation.
    let mut config = config;
    config.options.generation = Some(generation);
    let iv_temp = key16(&meta["iv_temp"]);
    let mut login = Login::with_randomness(config, iv_temp, [0x5a; 32]).unwrap();
    let page = next_request(&mut login);
    assert_eq!(page.method, Method::Get);
    login
        .handle_response(&HttpResponse::new(
            200,
            record["page"].as_str().unwrap().as_bytes().to_vec(),
        ))
        .unwrap();
    for call in record["calls"].as_array().unwrap() {
        let name = call["function"].as_str().unwrap();
        let ours = next_request(&mut login);
        assert_eq!(ours.method, Method::Post, "{name}");
        assert_eq!(
            ours.url.strip_prefix(ROOT),
            call["url"].as_str(),
            "{name}: URL"
        );
        let mut ours_body: Value = serde_json::from_slice(&ours.body).unwrap();
        let mut theirs: Value =
            serde_json::from_str(call["request_body"].as_str().unwrap()).unwrap();
        let ours_secure = ours_body.as_object_mut().unwrap().remove(secure_key);
        let their_secure = theirs.as_object_mut().unwrap().remove(secure_key);
        assert!(
            their_secure.is_some(),
            "{name}: their envelope has {secure_key}"
        );
        assert_eq!(ours_body, theirs, "{name}: envelope");
        let ours_secure = ours_secure.unwrap_or_else(|| panic!("{name}: no {secure_key}"));
        let their_secure = their_secure.unwrap();
        // The wire form: hex text where the official client sent hex, the
        // object itself where it sent the object. Not with compression
        // without encryption: the official client then sends the object
        // (it compresses only what it encrypts) where we, like pronotepy,
        // send deflated hex text.
        if flags.encrypt || !flags.compress {
            assert_eq!(
                ours_secure.is_string(),
                their_secure.is_string(),
                "{name}: the secure field's form"
            );
        }
        // Uncompressed (deflate output differs between implementations),
        // the first call's ciphertext is the official client's (its JSON
        // text, key and zero IV), up to the case of the hex digits: the
        // official client writes lowercase, we write uppercase.
        if name == "FonctionParametres" && flags.encrypt && !flags.compress {
            assert_eq!(
                ours_secure.as_str().map(str::to_ascii_lowercase).as_deref(),
                their_secure.as_str(),
                "{name}: ciphertext"
            );
        }
        let request_cipher = cipher(&call["request_key"], &call["request_iv"]);
        let mut decoded =
            payload::decode_request(&ours_secure, flags, &request_cipher, Limits::default())
                .unwrap_or_else(|e| panic!("{name}: ours under the official client's key: {e}"));
        let mut expected = call["request_plain"].clone();
        if name == "Identification" {
            identification_fields(&mut decoded, &mut expected, generation);
        }
        if name == "ParametresUtilisateur" {
            // The browser sends an empty `data`; we send none, as
            // pronotepy does (servers take both). Nothing else may differ.
            assert_eq!(expected, serde_json::json!({"data": {}}), "{name}: theirs");
            expected = serde_json::json!({});
        }
        assert_eq!(decoded, expected, "{name}: payload");
        continue_with(&mut login, call);
    }
    loop {
        match login.poll_output() {
            Some(LoginOutput::Ready) => break,
            Some(LoginOutput::Event(_)) => {}
            other => panic!("expected Ready, got {other:?}"),
        }
    }
    let state = login.finish().unwrap().session.export();
    let last = record["calls"].as_array().unwrap().last().unwrap();
    assert_eq!(
        hex::encode(state.cipher.key.as_bytes()),
        last["request_key"].as_str().unwrap(),
        "session key"
    );
    assert_eq!(
        hex::encode(state.cipher.iv.as_bytes()),
        hex::encode(md5(&iv_temp)),
        "session IV"
    );
}

macro_rules! recordings {
    ($($name:ident => $version:literal, $flags:literal,)*) => {$(
        #[test]
        fn $name() {
            let file = concat!($version, "-", $flags, ".json");
            let record: Value = serde_json::from_str(include_str!(concat!(
                "../../../conformance/vectors/official/",
                $version, "-", $flags, ".json"
            )))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
            replay(&record, $version);
        }
    )*};
}

recordings! {
    v2024_3_11_full => "2024.3.11", "full",
    v2024_3_11_no_encryption => "2024.3.11", "noenc",
    v2024_3_11_no_compression => "2024.3.11", "nocomp",
    v2024_3_11_plain => "2024.3.11", "plain",
    v2025_1_3_full => "2025.1.3", "full",
    v2025_1_3_no_encryption => "2025.1.3", "noenc",
    v2025_1_3_no_compression => "2025.1.3", "nocomp",
    v2025_1_3_plain => "2025.1.3", "plain",
    v2025_2_6_full => "2025.2.6", "full",
    v2025_2_6_no_encryption => "2025.2.6", "noenc",
    v2025_2_6_no_compression => "2025.2.6", "nocomp",
    v2025_2_6_plain => "2025.2.6", "plain",
    v2025_2_8_full => "2025.2.8", "full",
    v2025_2_8_no_encryption => "2025.2.8", "noenc",
    v2025_2_8_no_compression => "2025.2.8", "nocomp",
    v2025_2_8_plain => "2025.2.8", "plain",
}
