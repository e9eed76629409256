//! An idle logged-in session stays small: the live heap that 100 sessions
//! hold, counted by dhat's allocator. A session once kept its user's
//! resource object as a `Value` tree (about 42 KiB a session); it holds
//! about 9 KiB now (see `benches/examples/session_memory.rs` for the
//! breakdown and `benches/RESULTS.md` for the scale run). The bound leaves
//! room for growth, not for a tree of a reply.
//!
//! The server runs in a child process (this test again, with
//! `PRONOTE_MEMORY_ROLE=server`) so that its own tables, which grow in
//! steps, are not counted.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test: a failed setup must fail the test"
)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use pronote_api::LoginBuilder;
use pronote_transport::{CookieJar, HyperTransport};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const ROLE: &str = "PRONOTE_MEMORY_ROLE";
const SESSIONS: usize = 100;
const BOUND: usize = 14 * 1024;

#[test]
fn an_idle_session_holds_less_than_14_kib() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if std::env::var(ROLE).as_deref() == Ok("server") {
        serve(&rt);
        return;
    }
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "an_idle_session_holds_less_than_14_kib",
            "--nocapture",
        ])
        .env(ROLE, "server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("server process");
    let mut url = String::new();
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    while !url.starts_with("http") {
        url.clear();
        assert!(
            lines.read_line(&mut url).expect("server URL") > 0,
            "no server URL"
        );
    }
    let page = format!("{}eleve.html", url.trim());

    let _profiler = dhat::Profiler::builder().testing().build();
    let per_session = rt.block_on(async {
        let shared = HyperTransport::builder().build().expect("transport");
        let login = || {
            LoginBuilder::password(&page, "demonstration", "pronotevs")
                .transport(shared.with_cookie_jar(CookieJar::default()))
                .connect()
        };
        // Warm the transport and the thread-local codecs.
        drop(login().await.expect("warm-up login"));
        let before = dhat::HeapStats::get().curr_bytes;
        let mut clients = Vec::with_capacity(SESSIONS);
        for _ in 0..SESSIONS {
            clients.push(login().await.expect("login"));
        }
        let after = dhat::HeapStats::get().curr_bytes;
        drop(clients);
        after.saturating_sub(before) / SESSIONS
    });
    drop(child.stdin.take());
    child.wait().expect("server exit");
    assert!(
        per_session < BOUND,
        "an idle session holds {per_session} B of heap (bound {BOUND} B)"
    );
}

/// Child role: a server on loopback; prints its URL, serves until stdin
/// closes.
fn serve(rt: &tokio::runtime::Runtime) {
    rt.block_on(async {
        let server = pronote_benches::scale_server().await.expect("server");
        println!("{}", server.url());
        tokio::task::spawn_blocking(|| {
            let mut sink = String::new();
            while std::io::stdin().read_line(&mut sink).is_ok_and(|n| n > 0) {
                sink.clear();
            }
        })
        .await
        .ok();
        server.shutdown().await;
    });
}
