//! `Session::restore` on states read from arbitrary JSON, as a saved
//! session file is read back.
//!
//! 1. The input as JSON text: deserialized into a `SessionState`; whatever
//!    `Session::restore` accepts must make a call whose request is sound:
//!    its URL starts with the root, its header names are HTTP tokens and
//!    its values single-line, its body is an envelope with the session id
//!    and an order number that decodes to the counter's value; and the
//!    exported state is the same state with the counter moved by two.
//! 2. A structured state (valid root and headers most of the time, any
//!    counter, session id, limits and header texts) round-trips through
//!    JSON and is restored exactly when `SessionState::validate` says so.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use pronote_fuzz::{arb_cipher, flags, generation};
use pronote_proto::order::{self, OrderCounter};
use pronote_proto::payload::Limits;
use pronote_proto::{Call, Session, SessionState, envelope};

fn check_call(state: SessionState) {
    let Ok(mut session) = Session::restore(state.clone()) else {
        return;
    };
    let number = state.order.peek();
    let pending = match session.call(&Call::new("PageInfosPerso")) {
        Ok(pending) => pending,
        Err(e) => panic!("a restored session refused its first call: {e}"),
    };
    let request = pending.request().clone();
    assert_eq!(pending.number(), number);
    pending.fail();
    assert!(request.url.starts_with(&state.root), "url {}", request.url);
    for (name, value) in &request.headers {
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)),
            "header name {name:?}"
        );
        assert!(
            !value.contains(['\r', '\n', '\0']),
            "header value {value:?}"
        );
    }
    let keys = state.generation.profile().envelope;
    let env = match envelope::decode(&keys, &request.body) {
        Ok(env) => env,
        Err(e) => panic!("the session's own request does not decode: {e}"),
    };
    assert_eq!(env.session, Some(state.session_id));
    let wire = env.order.unwrap_or_default();
    assert_eq!(order::decode(&state.cipher, &wire), Ok(number));
    let mut after = state.clone();
    after.order = OrderCounter::starting_at(number + 2);
    assert_eq!(session.export(), after);
}

#[derive(Debug, Arbitrary)]
struct Shape {
    good_root: bool,
    root: String,
    espace: u32,
    session_id: u64,
    generation: u8,
    flags: u8,
    order: i64,
    strict: bool,
    max_inflated: u32,
    headers: Vec<(String, String)>,
}

fuzz_target!(|data: &[u8]| {
    // 1. Saved files.
    if let Ok(state) = serde_json::from_slice::<SessionState>(data) {
        check_call(state);
    }

    // 2. Structured states.
    let mut u = Unstructured::new(data);
    let (Ok(shape), Ok(cipher)) = (Shape::arbitrary(&mut u), arb_cipher(&mut u)) else {
        return;
    };
    let root = if shape.good_root {
        format!(
            "https://demo.index-education.net/{}",
            shape.root.escape_default()
        )
    } else {
        shape.root
    };
    let state = SessionState {
        root,
        espace: shape.espace,
        session_id: shape.session_id,
        generation: generation(shape.generation),
        version: None,
        flags: flags(shape.flags),
        cipher,
        order: OrderCounter::starting_at(shape.order),
        strict: shape.strict,
        limits: Limits::new(shape.max_inflated as usize),
        tabs: Default::default(),
        headers: shape.headers,
    };
    let text = match serde_json::to_string(&state) {
        Ok(text) => text,
        Err(e) => panic!("a state does not serialize: {e}"),
    };
    match serde_json::from_str::<SessionState>(&text) {
        Ok(back) => assert_eq!(back, state, "state through JSON"),
        Err(e) => panic!("a serialized state does not read back: {e}"),
    }
    assert_eq!(
        Session::restore(state.clone()).is_ok(),
        state.validate().is_ok()
    );
    check_call(state);
});
