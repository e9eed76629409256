//! Fault injection, and the server's strictness on malformed calls.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::borrow::Cow;
use std::time::{Duration, Instant};

use pronote_proto::http::{HttpRequest, Method};
use pronote_proto::login::LoginConfig;
use pronote_proto::payload;
use pronote_proto::{Call, Error, PeerError, ServerError, Session, envelope, order};
use pronote_server::{Fault, RunningServer, Server};
use serde_json::{Value, json};

async fn server(version: &str) -> RunningServer {
    Server::builder()
        .version(version)
        .seed(9)
        .start()
        .await
        .unwrap()
}

fn config(server: &RunningServer) -> LoginConfig {
    common::student_login(&server.url())
}

async fn student(server: &RunningServer) -> Session {
    common::login(config(server), None)
        .await
        .unwrap()
        .outcome
        .session
}

fn navigation() -> Call {
    Call::new("Navigation")
        .tab(7)
        .data(json!({"onglet": 7, "ongletPrec": 7}))
}

#[tokio::test]
async fn call_faults() {
    for version in [
        "2022.0.2.4",
        "2023.0.3.1",
        "2024.3.8",
        "2024.3.9",
        "2025.1.3",
        "2025.2.6",
        "2026.2.5",
    ] {
        call_faults_on(version).await;
    }
}

async fn call_faults_on(version: &str) {
    let server = server(version).await;
    let mut session = student(&server).await;

    server.inject(Fault::RateLimited, Some(1));
    assert_eq!(
        common::call(&mut session, &navigation()).await.unwrap_err(),
        Error::Server(ServerError::RateLimited)
    );

    let mut session = student(&server).await;
    server.inject(Fault::HttpStatus(503), Some(1));
    assert_eq!(
        common::call(&mut session, &navigation()).await.unwrap_err(),
        Error::Peer(PeerError::HttpStatus(503))
    );

    let mut session = student(&server).await;
    server.inject(Fault::GarbledBody, Some(1));
    assert!(matches!(
        common::call(&mut session, &navigation()).await.unwrap_err(),
        Error::Decode(_)
    ));

    let mut session = student(&server).await;
    server.inject(Fault::WrongOrderNumber, Some(1));
    assert!(matches!(
        common::call(&mut session, &navigation()).await.unwrap_err(),
        Error::Peer(PeerError::OrderMismatch { .. })
    ));

    let mut session = student(&server).await;
    server.inject(Fault::Slow(Duration::from_millis(300)), Some(1));
    let started = Instant::now();
    common::call(&mut session, &navigation()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    common::call(&mut session, &navigation()).await.unwrap();

    let session = student(&server).await;
    server.inject(Fault::DropConnection, Some(1));
    let mut session = session;
    let pending = session.call(&navigation()).unwrap();
    assert!(
        common::send(pending.request()).await.is_err(),
        "the connection is dropped"
    );
    pending.fail();

    // Counted faults expire; clear_faults removes the rest.
    let mut session = student(&server).await;
    server.inject(Fault::RateLimited, None);
    assert!(common::call(&mut session, &navigation()).await.is_err());
    server.clear_faults();
    let mut session = student(&server).await;
    common::call(&mut session, &navigation()).await.unwrap();
}

#[tokio::test]
async fn page_faults() {
    let server = server("2025.2.6").await;
    for (fault, expected) in [
        (Fault::IpSuspended, ServerError::IpSuspended),
        (Fault::Busy, ServerError::Busy),
        (Fault::Unavailable, ServerError::Unavailable),
    ] {
        server.inject(fault, Some(1));
        assert_eq!(
            common::login(config(&server), None).await.unwrap_err(),
            Error::Server(expected)
        );
    }
    server.inject(Fault::HttpStatus(500), Some(1));
    assert_eq!(
        common::login(config(&server), None).await.unwrap_err(),
        Error::Peer(PeerError::HttpStatus(500))
    );
    common::login(config(&server), None).await.unwrap();
}

#[tokio::test]
async fn admin_endpoint() {
    let server = server("2025.2.6").await;
    let mut session = student(&server).await;
    let response = common::get(&format!(
        "{}__admin/fault?f=rate-limit&count=1",
        server.url()
    ))
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(
        common::call(&mut session, &navigation()).await.unwrap_err(),
        Error::Server(ServerError::RateLimited)
    );
    assert_eq!(
        common::get(&format!("{}__admin/fault?f=nonsense", server.url()))
            .await
            .status,
        400
    );
    let mut session = student(&server).await;
    common::get(&format!("{}__admin/expire", server.url())).await;
    assert_eq!(
        common::call(&mut session, &navigation()).await.unwrap_err(),
        Error::Server(ServerError::SessionExpired)
    );
}

/// Sends a raw call body for a session, returns the parsed response.
async fn raw(session: &Session, order_number: i64, body_override: Option<Value>) -> Value {
    let state = session.state();
    let profile = state.generation.profile();
    let wire = order::encode(&state.cipher, order_number);
    let payload_value = envelope::inner(
        &profile.inner,
        Some(json!({"onglet": 7, "ongletPrec": 7})),
        Some(json!({"onglet": 7})),
    );
    let secure = payload::encode_request(&payload_value, state.flags, &state.cipher).unwrap();
    let body = match body_override {
        Some(v) => serde_json::to_vec(&v).unwrap(),
        None => envelope::encode(
            &profile.envelope,
            state.session_id,
            &wire,
            "Navigation",
            &secure,
        ),
    };
    let url = format!(
        "{}/appelfonction/{}/{}/{}",
        state.root, state.espace, state.session_id, wire
    );
    let response = common::send(&HttpRequest {
        method: Method::Post,
        url,
        headers: vec![(Cow::Borrowed("content-type"), "application/json".to_owned())],
        body,
    })
    .await
    .unwrap();
    serde_json::from_slice(&response.body).unwrap_or(Value::Null)
}

#[tokio::test]
async fn strict_order_numbers_and_envelopes() {
    let server = server("2025.2.6").await;
    let session = student(&server).await;
    let next = session.state().order.peek();
    // A number out of step kills the session.
    let reply = raw(&session, next + 2, None).await;
    assert_eq!(reply["Erreur"]["G"], 8, "{reply}");
    let reply = raw(&session, next, None).await;
    assert_eq!(reply["Erreur"]["G"], 10, "{reply}");

    // 2025+: the body's session must be a number.
    let session = student(&server).await;
    let state = session.state();
    let wire = order::encode(&state.cipher, state.order.peek());
    let reply = raw(&session, 0, Some(json!({"session": state.session_id.to_string(), "no": wire, "id": "Navigation", "dataSec": "00"}))).await;
    assert_eq!(reply["Erreur"]["G"], 8, "{reply}");

    // Keys of another generation are refused.
    let session = student(&server).await;
    let state = session.state();
    let wire = order::encode(&state.cipher, state.order.peek());
    let reply = raw(&session, 0, Some(json!({"session": state.session_id, "numeroOrdre": wire, "nom": "Navigation", "donneesSec": "00"}))).await;
    assert_eq!(reply["Erreur"]["G"], 8, "{reply}");

    // Garbage never panics the server.
    for body in [
        json!(null),
        json!([1, 2]),
        json!({"session": 1}),
        json!({"session": state.session_id, "no": "zz", "id": 3, "dataSec": {}}),
    ] {
        let reply = raw(&session, 0, Some(body)).await;
        assert!(reply["Erreur"]["G"].is_u64(), "{reply}");
    }
    let response = common::send(&HttpRequest {
        method: Method::Post,
        url: format!("{}appelfonction/3/notanumber/00", server.url()),
        headers: vec![],
        body: b"\xff\xfe not json".to_vec(),
    })
    .await
    .unwrap();
    assert_eq!(response.status, 200);
    let v: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(v["Erreur"]["G"], 10);
}

#[tokio::test]
async fn legacy_keys_and_first_call_with_both_data_keys() {
    let server = server("2023.0.3.1").await;
    // Pawnote sends the first payload under both names.
    let flags = payload::Flags::FULL;
    let (secure, reply_cipher) =
        common::first_parameters_call(&server.url(), pronote_proto::Generation::V2022, |data| {
            let inner = json!({"data": data, "donnees": data});
            payload::encode_request(&inner, flags, &pronote_proto::crypto::Cipher::initial())
                .unwrap()
        })
        .await;
    let decoded =
        payload::decode_reply(&secure, flags, &reply_cipher, payload::Limits::default()).unwrap();
    assert_eq!(decoded["donnees"]["General"]["versionPN"], "2023.0.3.1");
}

/// Random and half-valid bodies never crash the server: each gets an
/// error body, and the server keeps serving. A rejected call ends its
/// session, so every body goes to a fresh, logged-in session (else all
/// but the first would only meet a closed session).
#[tokio::test]
async fn junk_never_panics() {
    let server = server("2025.2.6").await;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..150u32 {
        let session = student(&server).await;
        let state = session.state().clone();
        let junk: Vec<u8> = (0..(next() % 300)).map(|_| (next() & 0xff) as u8).collect();
        let wire = order::encode(&state.cipher, i64::from(i % 7) * 2 + 1);
        let body = match i % 4 {
            0 => junk.clone(),
            1 => serde_json::to_vec(&json!({"session": state.session_id, "no": wire, "id": "PageEmploiDuTemps", "dataSec": hex::encode(&junk)})).unwrap(),
            2 => serde_json::to_vec(&json!({"session": state.session_id, "no": hex::encode(&junk), "id": "Navigation", "dataSec": {"data": junk}})).unwrap(),
            _ => serde_json::to_vec(&json!({"session": state.session_id, "no": wire, "id": String::from_utf8_lossy(&junk), "dataSec": {}})).unwrap(),
        };
        let url = format!(
            "{}/appelfonction/{}/{}/{}",
            state.root,
            state.espace,
            state.session_id,
            if i % 2 == 0 {
                wire.clone()
            } else {
                hex::encode(&junk)
            }
        );
        let response = common::send(&HttpRequest {
            method: Method::Post,
            url,
            headers: vec![],
            body,
        })
        .await
        .unwrap();
        assert_eq!(response.status, 200);
        let v: Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{i}: the reply is not JSON: {e}"));
        assert!(
            v["Erreur"]["G"].as_u64().is_some() && v.get("dataSec").is_none(),
            "{i}: junk must get an error reply, got {v}"
        );
    }
    for path in [
        "FichiersExternes/zz/x.pdf?Session=1",
        "FichiersExternes/00/x?Session=abc",
        "ical/x.ics?icalsecurise=&param=E99",
        "appelfonction",
    ] {
        let status = common::get(&format!("{}{path}", server.url())).await.status;
        assert!(status == 404 || status == 405, "{path}: {status}");
    }
    // Still serving.
    common::login(config(&server), None).await.unwrap();
}

/// The 2025+ long-poll: its own numbers -1, -2, …, echoed by the reply.
#[tokio::test]
async fn long_poll() {
    let server = Server::builder()
        .version("2025.2.6")
        .seed(9)
        .poll_hold(Duration::from_millis(50))
        .start()
        .await
        .unwrap();
    let session = student(&server).await;
    let state = session.state().clone();
    let profile = state.generation.profile();
    let poll = |number: i64| {
        let wire = order::encode(&state.cipher, number);
        let secure = payload::encode_request(&json!({}), state.flags, &state.cipher).unwrap();
        let body = envelope::encode(
            &profile.envelope,
            state.session_id,
            &wire,
            "polling",
            &secure,
        );
        HttpRequest {
            method: Method::Post,
            url: format!(
                "{}/appelpolling/{}/{}/{wire}",
                state.root, state.espace, state.session_id
            ),
            headers: vec![],
            body,
        }
    };
    for number in [-1, -2] {
        let started = Instant::now();
        let response = common::send(&poll(number)).await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(50), "held");
        let env = envelope::decode(&profile.envelope, &response.body).unwrap();
        order::verify(&state.cipher, env.order.as_deref().unwrap(), number).unwrap();
    }
    let response = common::send(&poll(-7)).await.unwrap();
    let v: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(v["Erreur"]["G"], 8);
    // The calls' own numbering is untouched.
    let mut session = session;
    common::call(&mut session, &navigation()).await.unwrap();
}
