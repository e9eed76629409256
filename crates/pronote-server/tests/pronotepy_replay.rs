//! Replays pronotepy's recorded requests (`conformance/vectors/pronotepy/`,
//! made by `conformance/vectors/generate.sh`) into a fresh server of the
//! same seed, date, version and flags, for every generation and every
//! encryption × compression combination.
//!
//! The requests, and the keys and IVs each reply is decoded with, are
//! pronotepy's own: the server must accept pronotepy's order numbers,
//! RSA-encrypted `Uuid` (http) and challenge answer, number its replies
//! one above the request under pronotepy's key, keep pronotepy's envelope
//! names, and send payloads that decode, with pronotepy's keys, to what
//! pronotepy decoded. Our client plays no part, so a mistake in the
//! server's key derivation, `cle`, challenge, order numbering or envelope
//! fails here even when our client shares it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::borrow::Cow;

use pronote_proto::crypto::{AesKey, Cipher, Iv};
use pronote_proto::http::{HttpRequest, Method};
use pronote_proto::order;
use pronote_proto::payload::{self, Flags, Limits};
use pronote_server::Server;
use serde_json::Value;

fn key16(hex_text: &Value) -> [u8; 16] {
    let bytes =
        hex::decode(hex_text.as_str().unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    bytes.try_into().unwrap_or_else(|_| panic!("not 16 bytes"))
}

fn cipher(key: &Value, iv: &Value) -> Cipher {
    Cipher::new(AesKey::from_bytes(key16(key)), Iv::from_bytes(key16(iv)))
}

/// The reply payload without what follows the server's wall clock: the
/// server time (`DateServeurHttp`, `dateServeurHttp`) and the timetable's
/// current place in the week (`placeCourante`, from the time of day; the
/// demo's date is fixed, its hour is not). The place is checked to be a
/// place of the week before it is dropped.
fn without_clock(mut payload: Value) -> Value {
    for inner in ["data", "donnees"] {
        let Some(data) = payload.get_mut(inner).and_then(Value::as_object_mut) else {
            continue;
        };
        if let Some(place) = data.remove("placeCourante") {
            let place = place
                .as_u64()
                .unwrap_or_else(|| panic!("placeCourante {place}"));
            // Seven days of at most 24 hours of five-minute places.
            assert!(
                place < 7 * 24 * 12,
                "placeCourante {place} is not in a week"
            );
        }
        // Where real instances send it: at the top of the data...
        data.remove("DateServeurHttp");
        // ...and where older replies had it.
        if let Some(general) = data.get_mut("General").and_then(Value::as_object_mut) {
            general.remove("dateServeurHttp");
        }
    }
    payload
}

async fn replay(record: Value) {
    let meta = &record["_meta"];
    let flags: Vec<&str> = meta["server_flags"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let version = flags
        .iter()
        .position(|f| *f == "--version")
        .and_then(|i| flags.get(i + 1))
        .copied()
        .unwrap_or_else(|| panic!("no --version in {flags:?}"));
    let wire = Flags {
        encrypt: !flags.contains(&"--no-encryption"),
        compress: !flags.contains(&"--no-compression"),
    };
    let today = time::Date::parse(
        meta["today"].as_str().unwrap_or_default(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let server = Server::builder()
        .version(version)
        .encryption(wire.encrypt)
        .compression(wire.compress)
        .http_rsa(flags.contains(&"--http"))
        .seed(meta["seed"].as_u64().unwrap())
        .today(today)
        .start()
        .await
        .unwrap();
    let mut posts = 0i64;
    for exchange in record["http"].as_array().unwrap() {
        let name = exchange["function"].as_str().unwrap_or("page");
        let url = format!("{}{}", server.url(), exchange["url"].as_str().unwrap());
        let request = match exchange["method"].as_str() {
            Some("GET") => HttpRequest {
                method: Method::Get,
                url,
                headers: Vec::<(Cow<'static, str>, String)>::new(),
                body: Vec::new(),
            },
            _ => HttpRequest {
                method: Method::Post,
                url,
                headers: vec![(Cow::Borrowed("content-type"), "application/json".into())],
                body: exchange["request_body"]
                    .as_str()
                    .unwrap()
                    .as_bytes()
                    .to_vec(),
            },
        };
        let reply = common::send(&request).await.unwrap();
        assert_eq!(
            u64::from(reply.status),
            exchange["response_status"].as_u64().unwrap(),
            "{name}: status"
        );
        if request.method == Method::Get {
            assert_eq!(
                String::from_utf8_lossy(&reply.body),
                exchange["response_body"].as_str().unwrap(),
                "page"
            );
            continue;
        }
        posts += 1;
        let mut ours: Value = serde_json::from_slice(&reply.body)
            .unwrap_or_else(|e| panic!("{name}: reply is not JSON: {e}"));
        let theirs: Value =
            serde_json::from_str(exchange["response_body"].as_str().unwrap()).unwrap();
        let (order_key, secure_key) = if theirs.get("dataSec").is_some() {
            ("no", "dataSec")
        } else {
            ("numeroOrdre", "donneesSec")
        };
        let reply_cipher = cipher(&exchange["reply_key"], &exchange["reply_iv"]);
        // The reply's order number, under pronotepy's key: one above the
        // request's (2k - 1 for the k-th call).
        let number = order::decode(&reply_cipher, ours[order_key].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{name}: reply order number: {e}"));
        assert_eq!(number, 2 * posts, "{name}: reply order number");
        let secure = ours
            .as_object_mut()
            .and_then(|o| o.remove(secure_key))
            .unwrap_or_else(|| panic!("{name}: no {secure_key} in the reply"));
        let mut their_envelope = theirs.clone();
        their_envelope.as_object_mut().unwrap().remove(secure_key);
        assert_eq!(ours, their_envelope, "{name}: reply envelope");
        let decoded = payload::decode_reply(&secure, wire, &reply_cipher, Limits::default())
            .unwrap_or_else(|e| panic!("{name}: reply under pronotepy's key: {e}"));
        assert_eq!(
            without_clock(decoded),
            without_clock(exchange["reply_plain"].clone()),
            "{name}: reply payload"
        );
    }
    assert!(posts >= 5, "a login has four calls and at least one more");
    server.shutdown().await;
}

macro_rules! recordings {
    ($($name:ident => $file:literal,)*) => {$(
        #[tokio::test]
        async fn $name() {
            let record: Value = serde_json::from_str(include_str!(concat!(
                "../../../conformance/vectors/pronotepy/",
                $file
            )))
            .unwrap_or_else(|e| panic!("{}: {e}", $file));
            replay(record).await;
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
