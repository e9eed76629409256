//! Typed reply decoding against the sum of its parts, on the 100 KB
//! PRONOTE-like timetable reply (`pronote_benches::timetable_payload`),
//! encrypted and compressed as a server sends it:
//!
//! * `typed_decode/models`: what `Client::fetch` does with a response
//!   body: `envelope::decode`, `payload::decode_reply_body` (hex, AES-CBC,
//!   raw inflate), `ReplyText::from_payload` and
//!   `GetTimetable::decode_text` into `Vec<Lesson>` (the payload's root
//!   and the data part read in one pass);
//! * `typed_decode/models_two_pass`: the same with `RawReply::from_payload`
//!   (the root scanned first, the data part's text found), then read from
//!   that text (`ReplyText::from`), the path `fetch` took before;
//! * `typed_decode/parts`: AES-CBC decryption, raw inflate and
//!   `serde_json::from_slice` of the same payload into the same wire
//!   structs, one after the other.
//!
//! The goal (issue 13) is `models` within 1.5× of `parts`.
//!
//! * `request_deflate/<request>/level<n>`: raw deflate of a request's hex
//!   text (what an encrypted, compressed request carries) at levels 1 to
//!   6, on two real-sized requests: a week of timetable
//!   (`PageEmploiDuTemps`) and a message reply with 2 KB of text
//!   (`SaisieMessage`). The compressed sizes are printed once per level.
//! * `request_encode/<request>`: the whole of what the client does with a
//!   request's payload (`payload::encode_request`, encrypted and
//!   compressed: JSON, hex text, deflate, AES-CBC, hex), on those two and
//!   on a period's grades (`DernieresNotes`), a request small enough to go
//!   in stored deflate blocks. The field's size is printed once.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "benchmark setup: a fixture that does not decode must abort the run"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use pronote_api::function::{Context, Function};
use pronote_api::functions::GetTimetable;
use pronote_api::functions::page_emploi_du_temps::parse_wire_payload;
use pronote_api::models::{Instance, User};
use pronote_benches::{json_bytes, session_cipher, timetable_payload};
use pronote_proto::payload::{self, Flags, Limits, ReplyBody};
use pronote_proto::{Generation, RawReply, ReplyText, envelope, order};
use serde_json::json;

const SIZE: usize = 100 * 1024;

fn bench(c: &mut Criterion) {
    let generation = Generation::V2025.profile();
    let cipher = session_cipher();
    let limits = Limits::default();
    let flags = Flags::FULL;
    let payload = timetable_payload(SIZE);
    let json = json_bytes(&payload);
    let field = payload::encode_reply(&payload, flags, &cipher).expect("encode");
    let wire_order = order::encode(&cipher, 4);
    let body = envelope::encode(
        &generation.envelope,
        2_052_117,
        &wire_order,
        "PageEmploiDuTemps",
        &field,
    );
    // The parts' inputs: the same ciphertext, deflate stream and text.
    let env = envelope::decode(&generation.envelope, &body).expect("envelope");
    let cipher_text = hex::decode(env.secure.as_str().expect("hex text")).expect("hex");
    let deflated = cipher.decrypt(&cipher_text, "bench").expect("decrypt");
    let text = payload::inflate(&deflated, limits).expect("inflate");

    let instance = Instance::from_reply(&json!({"General": {
        "PremierLundi": {"_T": 7, "V": "01/09/2025"},
        "DerniereDate": {"_T": 7, "V": "03/07/2026"},
    }}))
    .expect("instance");
    let user = User::from_reply(&json!({"ressource": {"N": "1#a", "G": 4, "L": "ELEVE"}}), 3)
        .expect("user");
    let ctx = Context {
        instance: &instance,
        user: &user,
        student: user.student(None),
    };
    let request = GetTimetable::week(1);
    // The payload's text, as the session has it before reading it.
    let open = |body: &[u8]| {
        let env = envelope::decode(&generation.envelope, body).expect("envelope");
        match payload::decode_reply_body(env.secure, flags, &cipher, limits).expect("body") {
            ReplyBody::Text(text) => text,
            ReplyBody::Json(_) => panic!("an opaque reply reads as text"),
        }
    };
    let (data_key, signature_key) = (generation.inner.data, generation.inner.signature);
    let decode = |body: &[u8]| {
        let raw = RawReply::from_payload(open(body), data_key, signature_key).expect("payload");
        request.decode_text(raw.into(), &ctx).expect("lessons")
    };
    let decode_text = |body: &[u8]| {
        let reply = ReplyText::from_payload(open(body), data_key, signature_key).expect("payload");
        request.decode_text(reply, &ctx).expect("lessons")
    };
    let lessons = parse_wire_payload(&text).expect("wire");
    assert!(lessons > 100, "{lessons} lessons");
    assert!(!decode(&body).is_empty());
    assert_eq!(decode_text(&body), decode(&body));

    let mut group = c.benchmark_group("typed_decode");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("models", |b| b.iter(|| decode_text(black_box(&body))));
    group.bench_function("models_two_pass", |b| b.iter(|| decode(black_box(&body))));
    group.bench_function("parts", |b| {
        b.iter(|| {
            let deflated = cipher
                .decrypt(black_box(&cipher_text), "bench")
                .expect("decrypt");
            let text = payload::inflate(&deflated, limits).expect("inflate");
            parse_wire_payload(&text).expect("wire")
        });
    });
    group.finish();
}

/// Raw deflate of the lowercase hex text of `bytes` with `compressor`,
/// reset first: what `payload::encode_request` does with the compressor
/// it keeps per thread.
fn deflate_hex(compressor: &mut flate2::Compress, bytes: &[u8]) -> Vec<u8> {
    compressor.reset();
    let text = hex::encode(bytes);
    let mut out = Vec::with_capacity(text.len() + 64);
    loop {
        let done = compressor.total_in() as usize;
        let status = compressor
            .compress_vec(
                &text.as_bytes()[done..],
                &mut out,
                flate2::FlushCompress::Finish,
            )
            .expect("deflate");
        if status == flate2::Status::StreamEnd {
            return out;
        }
        out.reserve(out.capacity());
    }
}

/// A group of the request lines: a few microseconds each, twenty samples
/// of a one-second measurement.
fn request_group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    group
}

fn request_deflate(c: &mut Criterion) {
    let instance = Instance::from_reply(&json!({"General": {
        "PremierLundi": {"_T": 7, "V": "01/09/2025"},
        "DerniereDate": {"_T": 7, "V": "03/07/2026"},
    }}))
    .expect("instance");
    let user = User::from_reply(
        &json!({"ressource": {"N": "52#Kq3xN8vTzR1mW5yPb7cL0dF2gH4jS6aE9uI1oY3tA8e", "G": 4,
            "L": "ELEVE Démonstration", "classeDEleve": {"N": "17#x", "L": "3E2"}}}),
        3,
    )
    .expect("user");
    let ctx = Context {
        instance: &instance,
        user: &user,
        student: user.student(None),
    };
    let timetable = GetTimetable::week(12).data(&ctx).expect("request");
    let text = "Bonjour Madame, mon enfant était absent hier pour raison médicale ; \
        pourriez-vous lui transmettre les exercices du chapitre 4 ? Merci. "
        .repeat(16);
    // The shape `ReplyToDiscussion` sends.
    let message = json!({
        "contenu": text,
        "bouton": {"N": 0, "G": 3},
        "genreDiscussion": 0,
        "messagePourReponse": {"N": "131#Vb2nM4kL8pQ1rT6yW3zX9cF5gH7jK0aS2dE4uI6oY8t", "G": 1},
        "listeFichiers": [],
    });
    let grades = json!({"Signature": {"onglet": 198}, "data": {
        "Periode": {"N": "0#hT4wS9dK2lM7nB1vC5xZ8qR3fG6jP0yU4iO7eA2sD5l", "L": "Trimestre 1"},
    }});
    let requests = [
        ("grades", json_bytes(&grades)),
        (
            "timetable",
            json_bytes(&json!({"Signature": {"onglet": 16}, "data": timetable})),
        ),
        (
            "message",
            json_bytes(&json!({"Signature": {"onglet": 131}, "data": message})),
        ),
    ];
    let mut group = request_group(c, "request_deflate");
    for (name, json) in &requests {
        group.throughput(Throughput::Bytes(json.len() as u64));
        for level in 1..=6 {
            let mut compressor = flate2::Compress::new(flate2::Compression::new(level), false);
            eprintln!(
                "request_deflate/{name}: {} B of JSON, {} B of hex, level {level}: {} B",
                json.len(),
                json.len() * 2,
                deflate_hex(&mut compressor, json).len()
            );
            group.bench_function(format!("{name}/level{level}"), |b| {
                b.iter(|| deflate_hex(&mut compressor, black_box(json)));
            });
        }
    }
    group.finish();

    let cipher = session_cipher();
    let mut group = request_group(c, "request_encode");
    for (name, json) in &requests {
        let payload: serde_json::Value = serde_json::from_slice(json).expect("payload");
        let field = payload::encode_request(&payload, Flags::FULL, &cipher).expect("encode");
        eprintln!(
            "request_encode/{name}: {} B of JSON, a field of {} B",
            json.len(),
            field.into_json().as_str().map_or(0, str::len)
        );
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| payload::encode_request(black_box(&payload), Flags::FULL, &cipher));
        });
    }
    group.finish();
}

criterion_group!(benches, bench, request_deflate);
criterion_main!(benches);
