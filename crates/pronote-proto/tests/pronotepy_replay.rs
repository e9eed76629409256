//! Replays pronotepy's recorded traffic (`conformance/vectors/pronotepy/`,
//! made by `conformance/vectors/generate.sh`) through our login and session
//! state machines, for every generation pronotepy speaks (2.10.0 for 2022,
//! 2.13.1 for 2023 and 2024.3.8, 2.14.3 for 2024.3.9, 2.15.7 for 2025) and
//! every encryption × compression combination.
//!
//! With pronotepy's fixed randomness, every request we build must be the
//! one pronotepy sent: same URL (order number included), same envelope
//! (key names and values), and a secure field that, decoded with the key
//! and IV pronotepy itself encrypted with, gives the payload pronotepy
//! encrypted. The keys are pronotepy's, so a mistake in our key
//! derivation, order numbering or envelope names fails here whatever our
//! server does.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_proto::crypto::{AesKey, Cipher, Iv};
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use pronote_proto::login::{Login, LoginConfig, LoginMethod, LoginOutput};
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::{Call, ChallengeRule, Session};
use serde_json::Value;

/// Where the instance was in the recording; the files keep URLs relative.
const ROOT: &str = "http://127.0.0.1:9/pronote/";

fn key16(hex_text: &str) -> [u8; 16] {
    let bytes = hex::decode(hex_text).unwrap_or_else(|e| panic!("{e}"));
    bytes.try_into().unwrap_or_else(|_| panic!("not 16 bytes"))
}

fn cipher(key: &Value, iv: &Value) -> Cipher {
    Cipher::new(
        AesKey::from_bytes(key16(key.as_str().unwrap_or_default())),
        Iv::from_bytes(key16(iv.as_str().unwrap_or_default())),
    )
}

fn flags_of(record: &Value) -> Flags {
    let flags: Vec<&str> = record["_meta"]["server_flags"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    Flags {
        encrypt: !flags.contains(&"--no-encryption"),
        compress: !flags.contains(&"--no-compression"),
    }
}

fn response(exchange: &Value) -> HttpResponse {
    HttpResponse::new(
        exchange["response_status"].as_u64().unwrap_or(0) as u16,
        exchange["response_body"]
            .as_str()
            .unwrap_or_default()
            .as_bytes()
            .to_vec(),
    )
}

/// The secure field's key in an envelope (`dataSec` or `donneesSec`).
fn secure_key(envelope: &Value) -> &'static str {
    if envelope.get("dataSec").is_some() {
        "dataSec"
    } else {
        "donneesSec"
    }
}

/// An RSA-encrypted `Uuid` differs with the padding, which pronotepy and
/// we draw differently: compare its length only (128 bytes for the
/// 1024-bit key) and blank it.
fn blank_rsa_uuid(payload: &mut Value) {
    for inner in ["data", "donnees"] {
        if let Some(uuid) = payload.get_mut(inner).and_then(|d| d.get_mut("Uuid")) {
            let text = uuid.as_str().unwrap_or_default();
            if text.len() > 24 {
                let raw = base64_len(text);
                assert_eq!(raw, 128, "RSA-encrypted Uuid length");
                *uuid = Value::String("<rsa>".into());
            }
        }
    }
}

fn base64_len(text: &str) -> usize {
    let padding = text.bytes().rev().take_while(|b| *b == b'=').count();
    text.len() / 4 * 3 - padding
}

/// Checks one of our requests against pronotepy's.
///
/// `older`: pronotepy 2.10.0 predates the `enConnexionAppliMobile` field
/// of `Identification` (sent as `false` by later pronotepy versions and by
/// us); that one field may be missing on its side.
fn assert_same_request(ours: &HttpRequest, theirs: &Value, flags: Flags, older: bool) {
    let name = theirs["function"].as_str().unwrap_or("page");
    let url = ours
        .url
        .strip_prefix(ROOT)
        .unwrap_or_else(|| panic!("{name}: URL {} outside the instance", ours.url));
    assert_eq!(
        url,
        theirs["url"].as_str().unwrap_or_default(),
        "{name}: URL"
    );
    if theirs["method"] == "GET" {
        assert_eq!(ours.method, Method::Get, "{name}: method");
        return;
    }
    assert_eq!(ours.method, Method::Post, "{name}: method");
    let mut ours_body: Value =
        serde_json::from_slice(&ours.body).unwrap_or_else(|e| panic!("{name}: our body: {e}"));
    let mut their_body: Value =
        serde_json::from_str(theirs["request_body"].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{name}: their body: {e}"));
    let key = secure_key(&their_body);
    let ours_secure = ours_body
        .as_object_mut()
        .and_then(|o| o.remove(key))
        .unwrap_or_else(|| panic!("{name}: our envelope has no {key}"));
    if let Some(o) = their_body.as_object_mut() {
        o.remove(key);
    }
    assert_eq!(ours_body, their_body, "{name}: envelope");
    let request_cipher = cipher(&theirs["request_key"], &theirs["request_iv"]);
    let mut decoded =
        payload::decode_request(&ours_secure, flags, &request_cipher, Limits::default())
            .unwrap_or_else(|e| panic!("{name}: decoding ours with pronotepy's key: {e}"));
    let mut expected = theirs["request_plain"].clone();
    blank_rsa_uuid(&mut decoded);
    blank_rsa_uuid(&mut expected);
    if older
        && name == "Identification"
        && expected["donnees"].get("enConnexionAppliMobile").is_none()
    {
        let extra = decoded["donnees"]
            .as_object_mut()
            .and_then(|o| o.remove("enConnexionAppliMobile"));
        assert_eq!(
            extra,
            Some(Value::Bool(false)),
            "{name}: enConnexionAppliMobile"
        );
    }
    assert_eq!(decoded, expected, "{name}: payload");
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

/// Replays one recording; returns the session after the last call.
fn replay(record: &Value) -> Session {
    let flags = flags_of(record);
    let meta = &record["_meta"];
    let config = LoginConfig::new(
        format!("{ROOT}eleve.html"),
        LoginMethod::Password {
            username: meta["username"].as_str().unwrap_or_default().into(),
            password: meta["password"].as_str().unwrap_or_default().into(),
        },
    );
    let mut config = config;
    if meta["pronotepy_version"] == "2.15.7" {
        // pronotepy 2.15.7 answers every challenge as received (2026.2.5's
        // rule); the server accepts both rules before 2026.2.5.
        config.options.challenge = Some(ChallengeRule::AsReceived);
    }
    let older = meta["pronotepy_version"] == "2.10.0";
    let mut login = Login::with_randomness(
        config,
        key16(meta["iv_temp"].as_str().unwrap_or_default()),
        [0x5a; 32],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let http = record["http"].as_array().cloned().unwrap_or_default();
    let login_end = record["login_exchanges"].as_u64().unwrap_or(0) as usize;
    assert!(login_end >= 5 && login_end <= http.len(), "login length");
    for exchange in &http[..login_end] {
        let ours = next_request(&mut login);
        assert_same_request(&ours, exchange, flags, older);
        login
            .handle_response(&response(exchange))
            .unwrap_or_else(|e| panic!("handling {}: {e}", exchange["url"]));
    }
    loop {
        match login.poll_output() {
            Some(LoginOutput::Ready) => break,
            Some(LoginOutput::Event(_)) => {}
            other => panic!("expected Ready, got {other:?}"),
        }
    }
    let mut session = login.finish().unwrap_or_else(|e| panic!("{e}")).session;
    let state = session.export();
    assert_eq!(
        hex::encode(state.cipher.key.as_bytes()),
        record["final_key"].as_str().unwrap_or_default(),
        "session key"
    );
    assert_eq!(
        hex::encode(state.cipher.iv.as_bytes()),
        record["final_iv"].as_str().unwrap_or_default(),
        "session IV"
    );
    for exchange in &http[login_end..] {
        let function = exchange["function"].as_str().unwrap_or_default();
        let asked = &exchange["request_plain"];
        let mut call = Call::new(function);
        let signature = asked.get("Signature").or_else(|| asked.get("_Signature_"));
        if let Some(tab) = signature.and_then(|s| s["onglet"].as_u64()) {
            call = call.tab(tab as u32);
        }
        if let Some(data) = asked.get("data").or_else(|| asked.get("donnees")) {
            call = call.data(data.clone());
        }
        let pending = session
            .call(&call)
            .unwrap_or_else(|e| panic!("{function}: {e}"));
        assert_same_request(pending.request(), exchange, flags, false);
        let reply = pending
            .handle_response(&response(exchange))
            .unwrap_or_else(|e| panic!("{function} reply: {e}"));
        let plain = &exchange["reply_plain"];
        assert_eq!(
            Some(&reply.data),
            plain.get("data").or_else(|| plain.get("donnees")),
            "{function}: reply data"
        );
    }
    session
}

macro_rules! recordings {
    ($($name:ident => $file:literal,)*) => {$(
        #[test]
        fn $name() {
            let record: Value = serde_json::from_str(include_str!(concat!(
                "../../../conformance/vectors/pronotepy/",
                $file
            )))
            .unwrap_or_else(|e| panic!("{}: {e}", $file));
            let session = replay(&record);
            assert!(!session.is_desynchronized());
        }
    )*};
}

recordings! {
    v2022_full => "2.10.0-2022.0.2.4-full.json",
    v2022_no_encryption => "2.10.0-2022.0.2.4-noenc.json",
    v2022_no_compression => "2.10.0-2022.0.2.4-nocomp.json",
    v2022_plain => "2.10.0-2022.0.2.4-plain.json",
    v2022_http => "2.10.0-2022.0.2.4-http.json",
    v2023_full => "2.13.1-2023.0.3.1-full.json",
    v2023_no_encryption => "2.13.1-2023.0.3.1-noenc.json",
    v2023_no_compression => "2.13.1-2023.0.3.1-nocomp.json",
    v2023_plain => "2.13.1-2023.0.3.1-plain.json",
    v2023_http => "2.13.1-2023.0.3.1-http.json",
    v2024_3_8_full => "2.13.1-2024.3.8-full.json",
    v2024_3_8_no_encryption => "2.13.1-2024.3.8-noenc.json",
    v2024_3_8_no_compression => "2.13.1-2024.3.8-nocomp.json",
    v2024_3_8_plain => "2.13.1-2024.3.8-plain.json",
    v2024_3_8_http => "2.13.1-2024.3.8-http.json",
    v2024_3_9_full => "2.14.3-2024.3.9-full.json",
    v2024_3_9_no_encryption => "2.14.3-2024.3.9-noenc.json",
    v2024_3_9_no_compression => "2.14.3-2024.3.9-nocomp.json",
    v2024_3_9_plain => "2.14.3-2024.3.9-plain.json",
    v2024_3_9_http => "2.14.3-2024.3.9-http.json",
    v2025_full => "2.15.7-2025.2.6-full.json",
    v2025_no_encryption => "2.15.7-2025.2.6-noenc.json",
    v2025_no_compression => "2.15.7-2025.2.6-nocomp.json",
    v2025_plain => "2.15.7-2025.2.6-plain.json",
    v2025_http => "2.15.7-2025.2.6-http.json",
}
