//! Multipart upload bodies: the server's parser (`multipart_parts`, what
//! the simulated server's `uploadfilesession` endpoint reads) on arbitrary
//! bodies, and a round trip through the client's builder.
//!
//! 1. Input: a boundary (up to the first newline, at most 70 bytes) and a
//!    body. Never panics; every part's bytes are a slice of the body.
//! 2. Round trip: `Session::upload` (either field spelling, by
//!    generation) with a file name and content from the input builds a
//!    request whose body the parser splits back into the order number,
//!    session, function, file id and the file with its exact content.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use pronote_proto::crypto::Cipher;
use pronote_proto::order::OrderCounter;
use pronote_proto::payload::{Flags, Limits};
use pronote_proto::{Generation, Session, SessionState};
use pronote_server::multipart_parts;

#[derive(Debug, Arbitrary)]
struct Upload<'a> {
    modern: bool,
    function: &'a str,
    file_id: &'a str,
    file_name: &'a str,
    content: &'a [u8],
}

fuzz_target!(|data: &[u8]| {
    // 1. Arbitrary bodies.
    let split = data.iter().take(71).position(|b| *b == b'\n').unwrap_or(0);
    let boundary = String::from_utf8_lossy(&data[..split]);
    let body = &data[split.saturating_add(1).min(data.len())..];
    let range = body.as_ptr_range();
    for (_, _, bytes) in multipart_parts(body, &boundary) {
        let inner = bytes.as_ptr_range();
        assert!(
            range.start <= inner.start && inner.end <= range.end,
            "a part outside the body"
        );
    }

    // 2. What the client builds, the server reads back.
    let Ok(upload) = Upload::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    // Text fields travel as they are: keep them on one line.
    let one_line = |s: &str| !s.contains(['\r', '\n']) && !s.contains("--");
    if !one_line(upload.function) || !one_line(upload.file_id) {
        return;
    }
    let generation = if upload.modern {
        Generation::V2025
    } else {
        Generation::Legacy
    };
    let state = SessionState {
        root: "https://demo.index-education.net/pronote".into(),
        espace: 3,
        session_id: 4242,
        generation,
        version: None,
        flags: Flags::FULL,
        cipher: Cipher::initial(),
        order: OrderCounter::default(),
        strict: true,
        limits: Limits::default(),
        tabs: Default::default(),
        headers: Vec::new(),
    };
    let mut session = match Session::restore(state) {
        Ok(s) => s,
        Err(e) => panic!("a valid state was refused: {e}"),
    };
    let pending = match session.upload(
        upload.function,
        upload.file_id,
        upload.file_name,
        upload.content,
    ) {
        Ok(p) => p,
        Err(e) => panic!("upload refused: {e}"),
    };
    let request = pending.request().clone();
    pending.fail();
    let content_type = request
        .headers
        .iter()
        .find(|(n, _)| n == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let Some(boundary) = content_type.split("boundary=").nth(1) else {
        panic!("no boundary in {content_type}");
    };
    let parts = multipart_parts(&request.body, boundary);
    let text = |name: &str| {
        parts
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, b)| String::from_utf8_lossy(b).into_owned())
    };
    let (function_key, file_key) = if upload.modern {
        ("u_idR", "u_idF")
    } else {
        ("nomRequete", "idFichier")
    };
    assert_eq!(text(function_key).as_deref(), Some(upload.function));
    assert_eq!(text(file_key).as_deref(), Some(upload.file_id));
    let file = parts.iter().find(|(n, f, _)| n == "files[]" && f.is_some());
    match file {
        Some((_, _, bytes)) => assert_eq!(*bytes, upload.content, "file content"),
        None => panic!("no file part in {parts:?}"),
    }
});
