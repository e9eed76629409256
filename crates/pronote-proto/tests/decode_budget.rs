//! A reply built to blow up in memory is refused within a bounded peak.
//!
//! 60 MB of `[0,0,…]` deflates at the best level to about 58 KB; parsed into a
//! `serde_json::Value` it would take about 1 GB. The test runs the decode
//! in a child process (this test binary again, with an environment
//! variable set) so that the child's peak resident memory (`VmHWM` in
//! `/proc/self/status`) measures the decode alone.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::io::Write;
use std::process::Command;

use flate2::Compression;
use flate2::write::DeflateEncoder;
use pronote_proto::DecodeError;
use pronote_proto::crypto::Cipher;
use pronote_proto::payload::{self, BudgetKind, Flags, Limits};
use serde_json::Value;

const CHILD: &str = "PRONOTE_DECODE_BUDGET_CHILD";
const TEST: &str = "a_60_mb_array_is_refused_within_300_mb";
/// Inflated size of the hostile payload.
const INFLATED: usize = 60_000_000;

/// `{"data":[0,0,…,0]}` of `INFLATED` bytes, deflated without ever
/// holding the text, encrypted with the initial key, as hex.
fn hostile_field() -> Value {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let head = b"{\"data\":[0";
    encoder.write_all(head).unwrap();
    let chunk = b",0".repeat(4096);
    let mut written = head.len();
    while written + chunk.len() + 2 <= INFLATED {
        encoder.write_all(&chunk).unwrap();
        written += chunk.len();
    }
    while written + 2 + 2 <= INFLATED {
        encoder.write_all(b",0").unwrap();
        written += 2;
    }
    encoder.write_all(b"]}").unwrap();
    let deflated = encoder.finish().unwrap();
    Value::String(hex::encode_upper(Cipher::initial().encrypt(&deflated)))
}

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn child() {
    let field = hostile_field();
    let Value::String(hex) = &field else {
        unreachable!()
    };
    let result = payload::decode_reply(&field, Flags::FULL, &Cipher::initial(), Limits::default());
    let outcome = match result {
        Err(DecodeError::Budget { kind, limit, .. }) => format!("budget:{kind:?}:{limit}"),
        Err(e) => format!("other-error:{e}"),
        Ok(_) => "decoded".to_owned(),
    };
    println!(
        "CHILD field_bytes={} peak_kib={} outcome={outcome}",
        hex.len(),
        peak_kib()
    );
}

#[test]
fn a_60_mb_array_is_refused_within_300_mb() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stdout}");
    let line = stdout
        .lines()
        .find_map(|l| Some(&l[l.find("CHILD ")? + 6..]))
        .unwrap_or_else(|| panic!("no report from the child: {stdout}"));
    let field: usize = field_of(line, "field_bytes").parse().unwrap();
    let peak: u64 = field_of(line, "peak_kib").parse().unwrap();
    eprintln!("hostile field: {field} hex chars; child peak: {peak} KiB");
    // The attack as reported: a field of about 117 KB.
    assert!(field < 130_000, "{field}");
    // With the default limits the memory budget (twice the inflate
    // limit) runs out first.
    assert_eq!(
        field_of(line, "outcome"),
        format!(
            "budget:{:?}:{}",
            BudgetKind::Memory,
            Limits::default().max_decoded
        )
    );
    assert!(peak < 300 * 1024, "peak {peak} KiB");
}

fn field_of<'a>(line: &'a str, name: &str) -> &'a str {
    line.split(' ')
        .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {name} in {line}"))
}

#[test]
fn the_budget_scales_with_the_limits() {
    // The same shape, small: 2,000 values pass the limits derived from a
    // 64 KiB inflate limit, and not a cap of 1,000 values or 32 KiB.
    let text = format!("{{\"data\":[0{}]}}", ",0".repeat(1999));
    let deflated = payload::deflate(text.as_bytes());
    let field = Value::String(hex::encode_upper(&deflated));
    let flags = Flags {
        encrypt: false,
        compress: true,
    };
    let cipher = Cipher::initial();
    let ok = payload::decode_reply(&field, flags, &cipher, Limits::new(1 << 16)).unwrap();
    assert_eq!(ok["data"].as_array().map(Vec::len), Some(2000));
    assert_eq!(
        payload::decode_reply(
            &field,
            flags,
            &cipher,
            Limits::new(1 << 16).with_max_elements(1000)
        ),
        Err(DecodeError::Budget {
            context: "reply payload",
            kind: BudgetKind::Elements,
            limit: 1000
        })
    );
    assert_eq!(
        payload::decode_reply(
            &field,
            flags,
            &cipher,
            Limits::new(1 << 16).with_max_decoded(32 * 1024)
        ),
        Err(DecodeError::Budget {
            context: "reply payload",
            kind: BudgetKind::Memory,
            limit: 32 * 1024
        })
    );
    // Past the inflate limit is its own error.
    assert_eq!(
        payload::decode_reply(&field, flags, &cipher, Limits::new(1000)),
        Err(DecodeError::InflateLimit {
            field: "secure payload",
            limit: 1000
        })
    );
}
