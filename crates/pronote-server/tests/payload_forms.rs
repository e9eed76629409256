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

use pronote_proto::crypto::{Cipher, Iv};
use pronote_proto::http::{HttpRequest, Method};
use pronote_proto::login::{LoginConfig, LoginMethod};
use pronote_proto::payload::{self, Flags, Limits, SecureField};
use pronote_proto::{Generation, envelope, order};
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

/// Sends the first call (`FonctionParametres`) of a fresh session with
/// `secure` as its payload; returns the reply's secure field and the
/// cipher that reads it.
async fn first_call(
    server: &RunningServer,
    secure: impl FnOnce(&Value) -> SecureField,
) -> (Value, Cipher) {
    let page = common::get(&format!("{}eleve.html", server.url())).await;
    let text = String::from_utf8_lossy(&page.body).into_owned();
    let start = pronote_proto::start::StartPage::parse(&text).unwrap();
    let keys = Generation::V2025.profile();
    let cipher = Cipher::initial();
    let iv_temp = [7u8; 16];
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let uuid = pronote_proto::crypto::uuid_field(&iv_temp, None, &mut rng).unwrap();
    let inner = json!({"data": {"Uuid": uuid, "identifiantNav": null}});
    let wire = order::encode(&cipher, 1);
    let body = envelope::encode(
        &keys.envelope,
        start.params.session_id,
        &wire,
        "FonctionParametres",
        &secure(&inner),
    );
    let response = common::send(&HttpRequest {
        method: Method::Post,
        url: format!(
            "{}appelfonction/3/{}/{wire}",
            server.url(),
            start.params.session_id
        ),
        headers: vec![],
        body,
    })
    .await
    .unwrap();
    assert_eq!(response.status, 200);
    let env = envelope::decode(&keys.envelope, &response.body).unwrap();
    let reply_cipher = Cipher::new(cipher.key, Iv::from_iv_temp(&iv_temp));
    order::verify(&reply_cipher, env.order.as_deref().unwrap(), 2).unwrap();
    (env.secure, reply_cipher)
}

#[tokio::test]
async fn a_plain_request_gets_a_plain_reply() {
    let server = compress_only_server().await;
    let (secure, _) = first_call(&server, |inner| SecureField::Json(inner.clone())).await;
    assert!(secure.is_object(), "{secure}");
    assert_eq!(secure["data"]["General"]["versionPN"], "2025.2.6");
}

#[tokio::test]
async fn a_deflated_request_gets_a_deflated_reply() {
    let server = compress_only_server().await;
    let (secure, cipher) = first_call(&server, pronotepy_field).await;
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
    let config = LoginConfig::new(
        format!("{}eleve.html", server.url()),
        LoginMethod::Password {
            username: "demonstration".into(),
            password: "pronotevs".into(),
        },
    );
    let logged = common::login(config, None).await.unwrap();
    assert_eq!(logged.outcome.session.state().flags, COMPRESS_ONLY);
    assert!(logged.outcome.user["ressource"]["L"].is_string());
}
