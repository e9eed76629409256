//! Scale run: how many logged-in sessions one process holds, what each
//! costs in memory, and how many calls per second they are served at.
//!
//! The server runs in a child process (this same binary in its server
//! role, `pronote_benches::ServerChild`) so that the memory measured is
//! the client's alone. Sessions are opened 64 at a time; each then makes one
//! read (a week of timetable), all of them concurrently. All sessions share
//! one transport (one connection pool), each with its own cookie jar.
//!
//! `cargo bench -p pronote-benches --bench scale` (10,000 sessions);
//! `PRONOTE_SCALE_SESSIONS=N` changes the count. Under `cargo test`
//! (criterion's `--bench` flag absent) it runs 50 sessions as a smoke test.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "benchmark harness: a failed setup must abort the run"
)]

use std::sync::Arc;
use std::time::Instant;

use pronote_api::{Client, LoginBuilder};
use pronote_benches::ServerChild;
use pronote_transport::{CookieJar, HyperTransport};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

fn main() {
    if ServerChild::serve_if_asked().expect("server role") {
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    let sessions: usize = std::env::var("PRONOTE_SCALE_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 10_000 } else { 50 });
    run(sessions);
}

fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn run(sessions: usize) {
    let server = ServerChild::start(&[]).expect("server process");
    let page = format!("{}eleve.html", server.url());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        // Warm up the transport and allocator before the baseline.
        let warm = LoginBuilder::password(&page, "demonstration", "pronotevs")
            .connect()
            .await
            .expect("warm-up login");
        warm.timetable_week(3).await.expect("warm-up call");
        drop(warm);
        let baseline = rss_bytes();

        let started = Instant::now();
        let limit = Arc::new(Semaphore::new(64));
        // One pool and one TLS configuration for every account; a cookie
        // jar each.
        let shared = HyperTransport::builder().build().expect("transport");
        let mut tasks = JoinSet::new();
        for _ in 0..sessions {
            let permit = Arc::clone(&limit).acquire_owned().await.expect("semaphore");
            let page = page.clone();
            let transport = shared.with_cookie_jar(CookieJar::default());
            tasks.spawn(async move {
                let client = LoginBuilder::password(&page, "demonstration", "pronotevs")
                    .transport(transport)
                    .connect()
                    .await
                    .expect("login");
                drop(permit);
                client
            });
        }
        let mut clients: Vec<Client> = Vec::with_capacity(sessions);
        while let Some(joined) = tasks.join_next().await {
            clients.push(joined.expect("login task"));
        }
        let login_secs = started.elapsed().as_secs_f64();
        let held = rss_bytes().saturating_sub(baseline);

        let started = Instant::now();
        let mut calls = JoinSet::new();
        for client in &clients {
            let client = client.clone();
            let permit = Arc::clone(&limit).acquire_owned().await.expect("semaphore");
            calls.spawn(async move {
                let lessons = client.timetable_week(3).await.expect("call");
                drop(permit);
                lessons.len()
            });
        }
        let mut lessons = 0usize;
        while let Some(n) = calls.join_next().await {
            lessons += n.expect("call task");
        }
        let call_secs = started.elapsed().as_secs_f64();

        println!("scale: {sessions} sessions held in one process");
        println!(
            "  logins: {login_secs:.1} s, {:.0} logins/s",
            sessions as f64 / login_secs
        );
        println!(
            "  memory: {:.1} MiB for all sessions, {:.1} KiB per session (client RSS growth)",
            held as f64 / 1_048_576.0,
            held as f64 / 1024.0 / sessions as f64
        );
        println!(
            "  calls: {sessions} timetable weeks ({lessons} lessons) in {call_secs:.1} s, {:.0} sessions served/s",
            sessions as f64 / call_secs
        );
        drop(clients);
    });
}
