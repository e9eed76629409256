//! What a session accepts: the state `Session::restore` takes, the session
//! ids strict checking lets through, and the end of the order counter.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_proto::crypto::Cipher;
use pronote_proto::http::HttpResponse;
use pronote_proto::order::{self, OrderCounter};
use pronote_proto::payload::{Flags, Limits};
use pronote_proto::{Call, DecodeError, Error, Generation, PeerError, Session, SessionState};
use serde_json::{Value, json};

const SESSION_ID: u64 = 4242;

fn state(strict: bool) -> SessionState {
    SessionState {
        root: "https://demo.index-education.net/pronote".into(),
        espace: 3,
        session_id: SESSION_ID,
        generation: Generation::V2025,
        version: None,
        flags: Flags::PLAIN,
        cipher: Cipher::initial(),
        order: OrderCounter::default(),
        strict,
        limits: Limits::default(),
        tabs: Default::default(),
        headers: vec![("user-agent".into(), "pronote-rs".into())],
    }
}

/// A reply to request `number` whose `session` member is the JSON text
/// `session` (left out when `None`), with the right order number and
/// function.
fn reply(number: i64, session: Option<&str>) -> HttpResponse {
    let wire = order::encode(&Cipher::initial(), number + 1);
    let session = session.map_or(String::new(), |s| format!("\"session\":{s},"));
    let body = format!(r#"{{{session}"no":"{wire}","id":"F","dataSec":{{"data":{{"ok":1}}}}}}"#);
    HttpResponse::new(200, body)
}

fn answer(strict: bool, session: Option<&str>) -> (Result<Value, Error>, bool) {
    let mut s = Session::restore(state(strict)).unwrap();
    let pending = s.call(&Call::new("F")).unwrap();
    let number = pending.number();
    let result = pending
        .handle_response(&reply(number, session))
        .map(|r| r.data);
    (result, s.is_desynchronized())
}

#[test]
fn strict_mode_refuses_any_session_id_but_its_own() {
    assert_eq!(answer(true, Some("4242")).0, Ok(json!({"ok": 1})));
    // A string holding the id is what some servers send: still the id.
    assert_eq!(answer(true, Some("\"4242\"")).0, Ok(json!({"ok": 1})));
    let missing = [
        None,
        Some("-1"),
        Some("-4242"),
        Some("18446744073709551616"),
        Some("4242.5"),
        Some("\"abc\""),
        Some("null"),
        Some("[4242]"),
    ];
    for session in missing {
        let (result, desynchronized) = answer(true, session);
        assert_eq!(
            result,
            Err(Error::Peer(PeerError::SessionMissing)),
            "{session:?}"
        );
        assert!(desynchronized, "{session:?}");
        assert!(result.unwrap_err().needs_new_session());
    }
    for other in ["0", "4243", "18446744073709551615"] {
        let (result, desynchronized) = answer(true, Some(other));
        assert_eq!(
            result,
            Err(Error::Peer(PeerError::SessionMismatch)),
            "{other}"
        );
        assert!(desynchronized);
    }
}

#[test]
fn lenient_mode_takes_the_reply_whatever_its_session_id() {
    for session in [None, Some("0"), Some("-1"), Some("4243"), Some("\"abc\"")] {
        let (result, desynchronized) = answer(false, session);
        assert_eq!(result, Ok(json!({"ok": 1})), "{session:?}");
        assert!(!desynchronized);
    }
}

#[test]
fn restore_refuses_a_state_it_cannot_use() {
    type Damage = Box<dyn Fn(&mut SessionState)>;
    let cases: Vec<(&str, Damage)> = vec![
        ("root", Box::new(|s| s.root = "ftp://x/pronote".into())),
        ("root", Box::new(|s| s.root = "https://".into())),
        ("root", Box::new(|s| s.root = "https://x/pro note".into())),
        ("root", Box::new(|s| s.root = "https://x/\npronote".into())),
        ("session_id", Box::new(|s| s.session_id = 0)),
        (
            "order",
            Box::new(|s| s.order = OrderCounter::starting_at(0)),
        ),
        (
            "order",
            Box::new(|s| s.order = OrderCounter::starting_at(-3)),
        ),
        (
            "order",
            Box::new(|s| s.order = OrderCounter::starting_at(4)),
        ),
        (
            "order",
            Box::new(|s| s.order = OrderCounter::starting_at(i64::MAX)),
        ),
        ("limits", Box::new(|s| s.limits.max_inflated = 0)),
        (
            "headers",
            Box::new(|s| s.headers.push(("x-a b".into(), "1".into()))),
        ),
        (
            "headers",
            Box::new(|s| s.headers.push((String::new(), "1".into()))),
        ),
        (
            "headers",
            Box::new(|s| s.headers.push(("cookie".into(), "a=1\r\nx-evil: 1".into()))),
        ),
    ];
    for (field, damage) in cases {
        let mut bad = state(true);
        damage(&mut bad);
        match Session::restore(bad.clone()) {
            Err(Error::Decode(DecodeError::State { field: f, .. })) => {
                assert_eq!(f, field, "{bad:?}");
            }
            other => panic!("{bad:?} restored: {other:?}"),
        }
    }
    // What an export gives back restores, over JSON too.
    let good = state(true);
    let json = serde_json::to_string(&good).unwrap();
    let back: SessionState = serde_json::from_str(&json).unwrap();
    assert_eq!(Session::restore(back).unwrap().export(), good);
    let mut plain_http = state(false);
    plain_http.root = "HTTP://127.0.0.1:8080/pronote".into();
    assert!(Session::restore(plain_http).is_ok());
    // A counter beyond i64 in a saved file does not deserialize.
    let too_big = json.replace("\"order\":1", "\"order\":9223372036854775809");
    assert!(serde_json::from_str::<SessionState>(&too_big).is_err());
}

#[test]
fn the_last_order_numbers_end_in_an_error_not_an_overflow() {
    let mut last = state(true);
    last.order = OrderCounter::starting_at(i64::MAX - 2);
    let mut s = Session::restore(last).unwrap();
    let pending = s.call(&Call::new("F")).unwrap();
    assert_eq!(pending.number(), i64::MAX - 2);
    let result = pending.handle_response(&reply(i64::MAX - 2, Some("4242")));
    assert_eq!(result.map(|r| r.data), Ok(json!({"ok": 1})));
    // No number is left for a request and its reply.
    match s.call(&Call::new("F")) {
        Err(Error::Decode(DecodeError::State { field: "order", .. })) => {}
        other => panic!("{other:?}"),
    }
    match s.upload("F", "f", "a.txt", b"x") {
        Err(Error::Decode(DecodeError::State { field: "order", .. })) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(s.export().order.peek(), i64::MAX);
    assert!(!s.is_desynchronized());
}
