//! An idle logged-in session stays small: the live heap that 100 sessions
//! hold, counted by dhat's allocator. A session once kept its user's
//! resource object as a `Value` tree (about 42 KiB a session); it holds
//! about 9 KiB now (see `benches/examples/session_memory.rs` for the
//! breakdown and `benches/RESULTS.md` for the scale run). The bound leaves
//! room for growth, not for a tree of a reply.
//!
//! The server runs in a child process (this test again, in its server
//! role: `pronote_benches::ServerChild`) so that its own tables, which
//! grow in steps, are not counted.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test: a failed setup must fail the test"
)]

use pronote_api::LoginBuilder;
use pronote_benches::ServerChild;
use pronote_transport::{CookieJar, HyperTransport};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const SESSIONS: usize = 100;
const BOUND: usize = 14 * 1024;

#[test]
fn an_idle_session_holds_less_than_14_kib() {
    if ServerChild::serve_if_asked().expect("server role") {
        return;
    }
    let server = ServerChild::start(&[
        "--exact",
        "an_idle_session_holds_less_than_14_kib",
        "--nocapture",
    ])
    .expect("server process");
    let page = format!("{}eleve.html", server.url());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

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
    drop(server);
    assert!(
        per_session < BOUND,
        "an idle session holds {per_session} B of heap (bound {BOUND} B)"
    );
}
