//! Replays the pronotepy 2.15.7 transcripts request by request through the
//! login and session state machines, with pronotepy's fixed randomness,
//! and checks that every request we produce is the one pronotepy sent
//! (URL and order number to the byte, payloads compared after decoding,
//! since deflate output differs between implementations).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_proto::auth::QrCode;
use pronote_proto::crypto::{AesKey, Cipher, Iv};
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use pronote_proto::login::{Device, Login, LoginConfig, LoginEvent, LoginMethod, LoginOutput};
use pronote_proto::order::OrderCounter;
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::{
    Call, ChallengeRule, Error, Generation, PeerError, ServerError, Session, SessionState,
};
use serde_json::Value;

const VECTORS: &str = include_str!("data/pronotepy-2.15.7-vectors.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).unwrap_or_else(|e| panic!("vectors: {e}"))
}

fn key16(hex_text: &str) -> [u8; 16] {
    let bytes = hex::decode(hex_text).unwrap_or_else(|e| panic!("{e}"));
    bytes.try_into().unwrap_or_else(|_| panic!("not 16 bytes"))
}

fn cipher(view: &Value) -> Cipher {
    Cipher::new(
        AesKey::from_bytes(key16(view["key"].as_str().unwrap_or_default())),
        Iv::from_bytes(key16(view["iv"].as_str().unwrap_or_default())),
    )
}

fn iv_temp() -> [u8; 16] {
    core::array::from_fn(|i| i as u8)
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

/// Checks one of our requests against pronotepy's.
fn assert_same_request(ours: &HttpRequest, theirs: &Value, view: Option<&Value>, flags: Flags) {
    assert_eq!(ours.url, theirs["url"].as_str().unwrap_or_default(), "URL");
    match theirs["method"].as_str() {
        Some("GET") => assert_eq!(ours.method, Method::Get),
        _ => {
            assert_eq!(ours.method, Method::Post);
            let ours_body: Value =
                serde_json::from_slice(&ours.body).unwrap_or_else(|e| panic!("our body: {e}"));
            let their_body: Value =
                serde_json::from_str(theirs["request_body"].as_str().unwrap_or_default())
                    .unwrap_or_default();
            for key in ["session", "no", "id"] {
                assert_eq!(ours_body[key], their_body[key], "envelope field {key}");
            }
            let view = view.unwrap_or_else(|| panic!("no server view for {}", their_body["id"]));
            let decoded = payload::decode_request(
                &ours_body["dataSec"],
                flags,
                &cipher(view),
                Limits::default(),
            )
            .unwrap_or_else(|e| panic!("decoding our {}: {e}", their_body["id"]));
            assert_eq!(
                decoded, view["dataSec_decoded"],
                "payload of {}",
                their_body["id"]
            );
        }
    }
}

struct Replay {
    login: Login,
    events: Vec<LoginEvent>,
}

impl Replay {
    fn next_request(&mut self) -> HttpRequest {
        loop {
            match self.login.poll_output() {
                Some(LoginOutput::Transmit(r)) => return r,
                Some(LoginOutput::Event(e)) => self.events.push(e),
                other => panic!("expected a request, got {other:?}"),
            }
        }
    }

    fn drain_until_ready(&mut self) {
        loop {
            match self.login.poll_output() {
                Some(LoginOutput::Ready) => return,
                Some(LoginOutput::Event(e)) => self.events.push(e),
                other => panic!("expected Ready, got {other:?}"),
            }
        }
    }
}

/// Replays a whole transcript: the login, then every later call rebuilt
/// from what pronotepy asked for.
fn replay(transcript: &Value, mut config: LoginConfig, flags: Flags) -> (Session, Vec<LoginEvent>) {
    config.options.generation = Some(Generation::V2025);
    config.options.challenge = Some(ChallengeRule::AsReceived);
    let login =
        Login::with_randomness(config, iv_temp(), [0x5a; 32]).unwrap_or_else(|e| panic!("{e}"));
    let mut replay = Replay {
        login,
        events: Vec::new(),
    };
    let http = transcript["http"].as_array().cloned().unwrap_or_default();
    let views = transcript["server_view"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let view_for = |no: &str| views.iter().find(|v| v["no_plain"] == no).cloned();
    let mut exchanges = http.iter().peekable();
    let mut post_index = 0i64;
    // Login: page, FonctionParametres, Identification, Authentification,
    // ParametresUtilisateur.
    for _ in 0..5 {
        let exchange = exchanges
            .next()
            .unwrap_or_else(|| panic!("transcript too short"));
        let ours = replay.next_request();
        let view = if ours.method == Method::Post {
            post_index += 1;
            view_for(&(2 * post_index - 1).to_string())
        } else {
            None
        };
        assert_same_request(&ours, exchange, view.as_ref(), flags);
        replay
            .login
            .handle_response(&response(exchange))
            .unwrap_or_else(|e| panic!("handling {}: {e}", exchange["url"]));
    }
    replay.drain_until_ready();
    let outcome = replay.login.finish().unwrap_or_else(|e| panic!("{e}"));
    let mut session = outcome.session;
    for exchange in exchanges {
        post_index += 1;
        let view = view_for(&(2 * post_index - 1).to_string()).unwrap_or_else(|| panic!("no view"));
        let asked = &view["dataSec_decoded"];
        let function = view["function"].as_str().unwrap_or_default();
        let mut call = Call::new(function);
        if let Some(tab) = asked["Signature"]["onglet"].as_u64() {
            call = call.tab(tab as u32);
        }
        if let Some(data) = asked.get("data") {
            call = call.data(data.clone());
        }
        let pending = session
            .call(&call)
            .unwrap_or_else(|e| panic!("{function}: {e}"));
        assert_same_request(pending.request(), exchange, Some(&view), flags);
        let reply = pending
            .handle_response(&response(exchange))
            .unwrap_or_else(|e| panic!("{function} reply: {e}"));
        assert_eq!(
            reply.data, view["response_dataSec_decoded"]["data"],
            "{function} reply data"
        );
    }
    (session, replay.events)
}

#[test]
fn password_login_encrypted_and_compressed() {
    let v = vectors();
    let t = &v["transcripts"]["userpass_CrA_CoA"];
    let config = LoginConfig::new(
        "https://demo.index-education.net/pronote/eleve.html",
        LoginMethod::Password {
            username: "demonstration".into(),
            password: "pronotevs".into(),
        },
    );
    let (session, events) = replay(t, config, Flags::FULL);
    let state = session.export();
    assert_eq!(
        hex::encode(state.cipher.key.as_bytes()),
        t["final_session_key"].as_str().unwrap_or_default()
    );
    assert_eq!(
        hex::encode(state.cipher.iv.as_bytes()),
        t["final_iv"].as_str().unwrap_or_default()
    );
    let expected_tabs: Vec<u32> = t["authorized_onglets"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_u64().map(|n| n as u32))
                .collect()
        })
        .unwrap_or_default();
    for tab in expected_tabs {
        assert!(state.tabs.contains(&tab), "tab {tab}");
    }
    assert!(events.contains(&LoginEvent::NavigatorId("NAVID-0001".into())));
    // A password login without request_token still reports the token the
    // server chose to issue.
    assert!(
        events
            .iter()
            .any(|e| matches!(e, LoginEvent::TokenIssued(t) if t.token == "NEWTOKEN-0002"))
    );
}

#[test]
fn password_login_plain() {
    let v = vectors();
    let t = &v["transcripts"]["userpass_plain"];
    // This transcript has no server view: payloads travel in clear, so
    // compare them with pronotepy's bodies directly.
    let config = LoginConfig::new(
        "https://demo.index-education.net/pronote/eleve.html",
        LoginMethod::Password {
            username: "demonstration".into(),
            password: "pronotevs".into(),
        },
    );
    let mut config = config;
    config.options.generation = Some(Generation::V2025);
    config.options.challenge = Some(ChallengeRule::AsReceived);
    let mut login =
        Login::with_randomness(config, iv_temp(), [0; 32]).unwrap_or_else(|e| panic!("{e}"));
    let http = t["http"].as_array().cloned().unwrap_or_default();
    for (i, exchange) in http.iter().enumerate() {
        let ours = loop {
            match login.poll_output() {
                Some(LoginOutput::Transmit(r)) => break r,
                Some(LoginOutput::Event(_)) => continue,
                other => panic!("step {i}: {other:?}"),
            }
        };
        assert_eq!(ours.url, exchange["url"].as_str().unwrap_or_default());
        if ours.method == Method::Post {
            let a: Value = serde_json::from_slice(&ours.body).unwrap_or_default();
            let b: Value =
                serde_json::from_str(exchange["request_body"].as_str().unwrap_or_default())
                    .unwrap_or_default();
            if a["id"] == "Authentification" {
                // The answer depends on the challenge the fake server drew.
                assert_eq!(a["no"], b["no"]);
                assert_eq!(
                    a["dataSec"]["data"]["challenge"],
                    b["dataSec"]["data"]["challenge"]
                );
            } else {
                assert_eq!(a, b, "request {i}");
            }
        }
        login
            .handle_response(&response(exchange))
            .unwrap_or_else(|e| panic!("step {i}: {e}"));
    }
    assert!(matches!(login.poll_output(), Some(LoginOutput::Ready)));
}

#[test]
fn qr_code_login() {
    let v = vectors();
    let t = &v["transcripts"]["qrcode_login"];
    let qr: QrCode =
        serde_json::from_value(v["qr_code"]["qr_json"].clone()).unwrap_or_else(|e| panic!("{e}"));
    let mut config = LoginConfig::new(
        "",
        LoginMethod::QrCode {
            code: qr,
            pin: "1234".into(),
        },
    );
    config.device = Device {
        uuid: "my-app-uuid-0001".into(),
        ..Device::default()
    };
    let (mut session, events) = replay(t, config, Flags::FULL);
    let exported = &t["export_credentials"];
    let issued = events
        .iter()
        .find_map(|e| match e {
            LoginEvent::TokenIssued(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no token issued"));
    assert_eq!(
        issued.token,
        exported["password"].as_str().unwrap_or_default()
    );
    assert_eq!(
        issued.username,
        exported["username"].as_str().unwrap_or_default()
    );
    assert_eq!(
        issued.device_uuid,
        exported["uuid"].as_str().unwrap_or_default()
    );
    assert_eq!(
        issued.page_url,
        exported["pronote_url"].as_str().unwrap_or_default()
    );
    assert!(!session.is_desynchronized());
    // Mobile logins carry the mobile marker and cookie on every call.
    let pending = session
        .call(&Call::new("Navigation").tab(7))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pending.request().header("cookie"), Some("appliMobile=1"));
    assert!(
        pending
            .request()
            .header("user-agent")
            .unwrap_or_default()
            .contains("PRONOTE Mobile APP")
    );
    pending.fail();
    assert!(session.is_desynchronized());
}

#[test]
fn ent_login() {
    let v = vectors();
    let t = &v["transcripts"]["ent_login"];
    let config = LoginConfig::new(
        "https://demo.index-education.net/pronote/eleve.html",
        LoginMethod::Ent,
    );
    let (session, _) = replay(t, config, Flags::FULL);
    // The tabs of the transcript's ParametresUtilisateur reply.
    let mut tabs: Vec<u32> = session.export().tabs.iter().copied().collect();
    tabs.sort_unstable();
    assert_eq!(tabs, [7, 8, 10, 13, 16, 19, 37, 49, 88, 89, 131, 198, 201]);
}

fn error_session() -> Session {
    Session::restore(SessionState {
        root: "https://demo.index-education.net/pronote".into(),
        espace: 3,
        session_id: 1,
        generation: Generation::V2025,
        version: None,
        flags: Flags::PLAIN,
        cipher: Cipher::initial(),
        order: OrderCounter::default(),
        strict: true,
        limits: Limits::default(),
        tabs: Default::default(),
        headers: Vec::new(),
    })
    .unwrap()
}

#[test]
fn error_replies_map_to_typed_errors() {
    let v = vectors();
    let t = &v["transcripts"]["errors"];
    let expected = [
        Error::Server(ServerError::ObjectFromPreviousSession),
        Error::Server(ServerError::SessionExpired),
        Error::Server(ServerError::RateLimited),
        Error::Server(ServerError::Other {
            code: 99,
            title: "Autre".into(),
        }),
        Error::Peer(PeerError::HttpStatus(500)),
    ];
    let http = t["http"].as_array().cloned().unwrap_or_default();
    assert_eq!(http.len(), expected.len());
    for (exchange, expected) in http.iter().zip(expected) {
        let mut session = error_session();
        let pending = session
            .call(&Call::new("Navigation").data(serde_json::json!({})))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            pending.request().url,
            exchange["url"].as_str().unwrap_or_default()
        );
        let ours: Value = serde_json::from_slice(&pending.request().body).unwrap_or_default();
        let theirs: Value =
            serde_json::from_str(exchange["request_body"].as_str().unwrap_or_default())
                .unwrap_or_default();
        assert_eq!(ours, theirs);
        assert_eq!(pending.handle_response(&response(exchange)), Err(expected));
    }
}

#[test]
fn wrong_order_number_is_detected_and_lenient_mode_accepts_it() {
    let v = vectors();
    let t = &v["transcripts"]["userpass_CrA_CoA"];
    let http = t["http"].as_array().cloned().unwrap_or_default();
    // Replay the login, then answer the timetable call with the grades
    // reply (whose order number is two ahead).
    let config = || {
        let mut c = LoginConfig::new(
            "https://demo.index-education.net/pronote/eleve.html",
            LoginMethod::Password {
                username: "demonstration".into(),
                password: "pronotevs".into(),
            },
        );
        c.options.generation = Some(Generation::V2025);
        c.options.challenge = Some(ChallengeRule::AsReceived);
        c
    };
    for strict in [true, false] {
        let mut c = config();
        c.options.strict = strict;
        let mut login =
            Login::with_randomness(c, iv_temp(), [0; 32]).unwrap_or_else(|e| panic!("{e}"));
        for exchange in &http[..5] {
            while let Some(out) = login.poll_output() {
                if matches!(out, LoginOutput::Transmit(_)) {
                    break;
                }
            }
            login
                .handle_response(&response(exchange))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        while login.poll_output().is_some() {}
        let mut session = login.finish().unwrap_or_else(|e| panic!("{e}")).session;
        let pending = session
            .call(&Call::new("DernieresNotes").tab(198))
            .unwrap_or_else(|e| panic!("{e}"));
        let result = pending.handle_response(&response(&http[6]));
        if strict {
            assert_eq!(
                result.map(|_| ()),
                Err(Error::Peer(PeerError::OrderMismatch {
                    expected: 10,
                    got: 12
                }))
            );
            assert!(session.is_desynchronized());
        } else {
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
