//! What an idle logged-in session holds, measured with `dhat`'s
//! counting allocator: the live heap bytes per session of N sessions held at once,
//! then what one copy of each part costs (the instance settings, the user,
//! a cookie jar with its transport handle).
//!
//! ```text
//! cargo run --release -p pronote-benches --example session_memory -- [N]
//! ```
//!
//! The server runs in a child process (this example again, in its server
//! role: `pronote_benches::ServerChild`), so only the client's heap is
//! counted.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "measuring harness: a failed setup must abort the run"
)]

use pronote_api::LoginBuilder;
use pronote_benches::ServerChild;
use pronote_transport::{CookieJar, HyperTransport};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// Live heap bytes now.
fn live() -> isize {
    dhat::HeapStats::get().curr_bytes as isize
}

/// Live heap blocks now.
fn blocks() -> isize {
    dhat::HeapStats::get().curr_blocks as isize
}

fn main() {
    if ServerChild::serve_if_asked().expect("server role") {
        return;
    }
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let server = ServerChild::start(&[]).expect("server process");
    let page = format!("{}eleve.html", server.url());
    let _profiler = dhat::Profiler::builder()
        .file_name(std::env::temp_dir().join("pronote-session-memory.json"))
        .build();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let shared = HyperTransport::builder().build().expect("transport");
        let login = || {
            LoginBuilder::password(&page, "demonstration", "pronotevs")
                .transport(shared.with_cookie_jar(CookieJar::default()))
                .connect()
        };
        // Warm the transport and the thread-local codecs.
        drop(login().await.expect("warm-up login"));

        let mut clients = Vec::with_capacity(n);
        let (before, before_blocks) = (live(), blocks());
        for _ in 0..n {
            clients.push(login().await.expect("login"));
        }
        let per_session = (live() - before) as f64 / n as f64;
        let per_session_blocks = (blocks() - before_blocks) as f64 / n as f64;
        println!("sessions: {n}");
        println!(
            "client, per idle session: {per_session:.0} B ({:.1} KiB)",
            per_session / 1024.0
        );
        println!("heap blocks per session: {per_session_blocks:.0}");

        let one = &clients[0];
        let before = live();
        let instances = copies(one.instance().await, n / 10);
        println!(
            "a copy of the instance settings: {:.0} B",
            (live() - before) as f64 / instances.len() as f64
        );
        drop(instances);
        let before = live();
        let users = copies(one.user().await, n / 10);
        println!(
            "a copy of the user: {:.0} B",
            (live() - before) as f64 / users.len() as f64
        );
        drop(users);
        let exported = one.export().await;
        let json = serde_json::to_string(&exported).expect("export");
        println!(
            "export: {} B of JSON (instance {} B, user {} B as text)",
            json.len(),
            exported.instance.to_string().len(),
            exported.user.to_string().len()
        );
        println!(
            "the login replies kept deflated: instance {} B, user {} B",
            pronote_proto::payload::deflate(exported.instance.to_string().as_bytes()).len(),
            pronote_proto::payload::deflate(exported.user.to_string().as_bytes()).len()
        );
        println!(
            "the protocol state, as JSON: {} B",
            serde_json::to_string(&exported.state).expect("state").len()
        );
        drop((json, exported));
        let before = live();
        let jars: Vec<_> = (0..n / 10)
            .map(|_| shared.with_cookie_jar(CookieJar::default()))
            .collect();
        println!(
            "a transport handle with an empty jar: {:.0} B",
            (live() - before) as f64 / jars.len() as f64
        );
        drop(jars);
        drop(clients);
    });
}

/// `count` clones of `one` (at least one), `one` dropped.
fn copies<T: Clone>(one: T, count: usize) -> Vec<T> {
    (0..count.max(1)).map(|_| one.clone()).collect()
}
