//! Compression without encryption: PRONOTE's web client sends a plain
//! object and reads a plain object back, while pronotepy and Pawnote
//! deflate the hex text of the payload and read a deflated reply. The
//! server answers each in the form of its request, and our client sends
//! what the web client sends.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use pronote_proto::Generation;
use pronote_proto::crypto::Cipher;
use pronote_proto::payload::{self, Flags, Limits, SecureField};
use pronote_server::{RunningServer, Server};
use serde_json::{Value, json};

const COMPRESS_ONLY: Flags = Flags {
    encrypt: false,
    compress: true,
};

async fn compress_only_server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .encryption(false)
        .compression(true)
        .seed(9)
        .start()
        .await
        .unwrap()
}

/// The secure field as pronotepy writes it with compression alone: the
/// uppercase hex of the raw deflate of the payload's lowercase hex text.
fn pronotepy_field(payload: &Value) -> SecureField {
    let hex_text = hex::encode(serde_json::to_vec(payload).unwrap());
    SecureField::Hex(hex::encode_upper(payload::deflate(hex_text.as_bytes())))
}

#[tokio::test]
async fn a_plain_request_gets_a_plain_reply() {
    let server = compress_only_server().await;
    let (secure, _) = common::first_parameters_call(&server.url(), Generation::V2025, |data| {
        SecureField::Json(json!({"data": data}))
    })
    .await;
    assert!(secure.is_object(), "{secure}");
    assert_eq!(secure["data"]["General"]["versionPN"], "2025.2.6");
}

#[tokio::test]
async fn a_deflated_request_gets_a_deflated_reply() {
    let server = compress_only_server().await;
    let (secure, cipher) =
        common::first_parameters_call(&server.url(), Generation::V2025, |data| {
            pronotepy_field(&json!({"data": data}))
        })
        .await;
    let text = secure
        .as_str()
        .unwrap_or_else(|| panic!("not hex text: {secure}"));
    assert!(text.bytes().all(|b| b.is_ascii_hexdigit()));
    let reply = payload::decode_reply(&secure, COMPRESS_ONLY, &cipher, Limits::default()).unwrap();
    assert_eq!(reply["data"]["General"]["versionPN"], "2025.2.6");
}

#[tokio::test]
async fn our_client_sends_plain_objects_and_logs_in() {
    let server = compress_only_server().await;
    let field =
        payload::encode_request(&json!({"data": {}}), COMPRESS_ONLY, &Cipher::initial()).unwrap();
    assert_eq!(field, SecureField::Json(json!({"data": {}})));
    let logged = common::login(common::student_login(&server.url()), None)
        .await
        .unwrap();
    assert_eq!(logged.outcome.session.state().flags, COMPRESS_ONLY);
    assert!(logged.user()["ressource"]["L"].is_string());
    // Plain replies: nothing deflated to keep.
    assert!(logged.outcome.instance.deflated_payload().is_none());
}
