//! The server's QR codes against pronotepy's decoder: the codes in
//! `conformance/vectors/pronotepy/qr-codes.json` were issued by a seed-3
//! server and opened by pronotepy's own code (`record_qr.py`, which also
//! logged in with the first). `QrCode::make` must give exactly those codes
//! for the inputs pronotepy decoded, and a fresh server of the same seed
//! must issue them again. (`make_cle`, `make_challenge`, `encode_reply`
//! and the RSA `Uuid` decryption are checked against pronotepy by
//! `pronotepy_replay.rs`.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use pronote_proto::auth::QrCode;
use pronote_server::Server;
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!(
        "../../../conformance/vectors/pronotepy/qr-codes.json"
    ))
    .unwrap()
}

#[test]
fn qr_code_make_gives_the_codes_pronotepy_opened() {
    let v = vectors();
    let codes = v["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 3);
    for case in codes {
        let qr = &case["qr"];
        let made = QrCode::make(
            case["login_plain"].as_str().unwrap(),
            case["jeton_plain"].as_str().unwrap(),
            qr["url"].as_str().unwrap(),
            case["pin"].as_str().unwrap(),
        );
        assert_eq!(made.login, qr["login"].as_str().unwrap(), "login");
        assert_eq!(made.jeton, qr["jeton"].as_str().unwrap(), "jeton");
        assert_eq!(made.url, qr["url"].as_str().unwrap(), "url");
    }
}

#[tokio::test]
async fn a_fresh_server_issues_the_same_codes() {
    let server = Server::builder()
        .version("2025.2.6")
        .seed(3)
        .today(time::macros::date!(2025 - 09 - 10))
        .start()
        .await
        .unwrap();
    let v = vectors();
    for case in v["codes"].as_array().unwrap() {
        let recorded = &case["qr"];
        let url = recorded["url"].as_str().unwrap();
        let user = case["user"].as_str().unwrap();
        let space = case["space"].as_str().unwrap();
        let reply = common::get(&format!(
            "{}__admin/qr?user={user}&space={space}&pin={}",
            server.url(),
            case["pin"].as_str().unwrap()
        ))
        .await;
        assert_eq!(reply.status, 200);
        let issued: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(issued["login"], recorded["login"], "{user} {space}");
        assert_eq!(issued["jeton"], recorded["jeton"], "{user} {space}");
        let path = |u: &str| u.split_once("/pronote/").map(|(_, p)| p.to_owned());
        assert_eq!(path(issued["url"].as_str().unwrap()), path(url));
    }
    server.shutdown().await;
}
