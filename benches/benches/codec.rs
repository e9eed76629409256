//! The payload codec, end to end and stage by stage.
//!
//! * `encode_request/<flags>/<size>`: a client's request body,
//!   `payload::encode_request` then `envelope::encode`;
//! * `decode_reply/<flags>/<size>`: a client reading a reply body,
//!   `envelope::decode` then `payload::decode_reply`;
//! * `primitive/<stage>/<size>`: each stage alone on the same payload
//!   (AES-128-CBC, raw deflate and inflate, hex, serde_json), so that the
//!   distance between the codec and the sum of its stages shows.
//!
//! Throughput is always counted in bytes of the JSON payload, whatever the
//! stage's own input is (ciphertext, deflate stream, hex text), so that
//! every line compares with every other.
//!
//! Sizes follow `pronote_benches::SIZES` (1 KB, 100 KB, 1 MB of a
//! PRONOTE-like timetable). Sample counts are small so that the whole
//! suite runs in a few minutes on two cores.

#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a fixture that does not encode must abort the run"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};
use pronote_benches::{SIZES, flags_name, json_bytes, session_cipher, timetable_payload};
use pronote_proto::payload::{self, Flags, Limits};
use pronote_proto::{Generation, envelope, order};
use serde_json::Value;

/// The session id and function of the benchmarked calls.
const SESSION_ID: u64 = 2_052_117;
const FUNCTION: &str = "PageEmploiDuTemps";

/// Per-size measurement settings: ten samples always; one second for the
/// small sizes, two seconds and flat sampling for 1 MB (each iteration
/// there takes milliseconds).
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, size: usize, json_len: usize) {
    group.sample_size(10);
    group.throughput(Throughput::Bytes(json_len as u64));
    if size >= 1024 * 1024 {
        group
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    } else {
        group
            .sampling_mode(SamplingMode::Auto)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1));
    }
}

struct Fixture {
    label: &'static str,
    size: usize,
    payload: Value,
    json: Vec<u8>,
}

fn fixtures() -> Vec<Fixture> {
    SIZES
        .iter()
        .map(|&(label, size)| {
            let payload = timetable_payload(size);
            let json = json_bytes(&payload);
            Fixture {
                label,
                size,
                payload,
                json,
            }
        })
        .collect()
}

fn encode_request(c: &mut Criterion) {
    let keys = Generation::V2025.profile().envelope;
    let cipher = session_cipher();
    let wire_order = order::encode(&cipher, 3);
    let mut group = c.benchmark_group("encode_request");
    for fixture in fixtures() {
        for flags in Flags::ALL {
            configure(&mut group, fixture.size, fixture.json.len());
            group.bench_with_input(
                BenchmarkId::new(flags_name(flags), fixture.label),
                &fixture.payload,
                |b, payload| {
                    b.iter(|| {
                        let field = payload::encode_request(black_box(payload), flags, &cipher)
                            .expect("encode_request");
                        envelope::encode(&keys, SESSION_ID, &wire_order, FUNCTION, &field)
                    });
                },
            );
        }
    }
    group.finish();
}

fn decode_reply(c: &mut Criterion) {
    let keys = Generation::V2025.profile().envelope;
    let cipher = session_cipher();
    let wire_order = order::encode(&cipher, 4);
    let limits = Limits::default();
    let mut group = c.benchmark_group("decode_reply");
    for fixture in fixtures() {
        for flags in Flags::ALL {
            let field = payload::encode_reply(&fixture.payload, flags, &cipher).expect("encode");
            let body = envelope::encode(&keys, SESSION_ID, &wire_order, FUNCTION, &field);
            // The fixture decodes to the payload it was made from.
            let env = envelope::decode(&keys, &body).expect("envelope");
            let back = payload::decode_reply(&env.secure, flags, &cipher, limits).expect("reply");
            assert!(back == fixture.payload, "decode_reply fixture round trip");

            configure(&mut group, fixture.size, fixture.json.len());
            group.bench_with_input(
                BenchmarkId::new(flags_name(flags), fixture.label),
                &body,
                |b, body| {
                    b.iter(|| {
                        let env = envelope::decode(&keys, black_box(body)).expect("envelope");
                        payload::decode_reply(&env.secure, flags, &cipher, limits)
                            .expect("decode_reply")
                    });
                },
            );
        }
    }
    group.finish();
}

fn primitives(c: &mut Criterion) {
    let cipher = session_cipher();
    let limits = Limits::default();
    let mut group = c.benchmark_group("primitive");
    for fixture in fixtures() {
        let json = &fixture.json;
        let encrypted = cipher.encrypt(json);
        let deflated = payload::deflate(json);
        let hex_text = hex::encode_upper(json);
        let id = |stage: &str| BenchmarkId::new(stage.to_owned(), fixture.label);

        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("aes_encrypt"), json, |b, json| {
            b.iter(|| cipher.encrypt(black_box(json)));
        });
        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("aes_decrypt"), &encrypted, |b, encrypted| {
            b.iter(|| {
                cipher
                    .decrypt(black_box(encrypted), "bench")
                    .expect("decrypt")
            });
        });
        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("deflate"), json, |b, json| {
            b.iter(|| payload::deflate(black_box(json)));
        });
        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("inflate"), &deflated, |b, deflated| {
            b.iter(|| payload::inflate(black_box(deflated), limits).expect("inflate"));
        });
        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("hex_encode"), json, |b, json| {
            b.iter(|| hex::encode_upper(black_box(json)));
        });
        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("hex_decode"), &hex_text, |b, hex_text| {
            b.iter(|| hex::decode(black_box(hex_text)).expect("hex"));
        });
        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("json_parse"), json, |b, json| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(json)).expect("json"));
        });
        configure(&mut group, fixture.size, json.len());
        group.bench_with_input(id("json_write"), &fixture.payload, |b, payload| {
            b.iter(|| serde_json::to_vec(black_box(payload)).expect("json"));
        });
    }
    group.finish();
}

criterion_group!(benches, encode_request, decode_reply, primitives);
criterion_main!(benches);
