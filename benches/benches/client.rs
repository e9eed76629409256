//! The whole client, end to end, against `pronote-server` in-process on
//! loopback: a login, then the reads an app makes at start-up (a week of
//! timetable, the grades of a period, a month of homework).
//!
//! `client/login/<flags>` measures a password login alone;
//! `client/session/<flags>` a login plus the three reads.

#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a server that does not start must abort the run"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use pronote_api::LoginBuilder;
use pronote_server::{RunningServer, Server};
use time::macros::date;

const FLAGS: [(&str, bool, bool); 2] = [("plain", false, false), ("aes+deflate", true, true)];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn start(rt: &tokio::runtime::Runtime, encryption: bool, compression: bool) -> RunningServer {
    rt.block_on(
        Server::builder()
            .version("2025.2.6")
            .encryption(encryption)
            .compression(compression)
            .seed(7)
            .bind("127.0.0.1:0")
            .start(),
    )
    .expect("server")
}

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let mut group = c.benchmark_group("client");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for (name, encryption, compression) in FLAGS {
        let server = start(&rt, encryption, compression);
        let url = format!("{}eleve.html", server.url());
        group.bench_function(BenchmarkId::new("login", name), |b| {
            b.to_async(&rt).iter(|| async {
                let client = LoginBuilder::password(&url, "demonstration", "pronotevs")
                    .connect()
                    .await
                    .expect("login");
                black_box(client);
            });
        });
        group.bench_function(BenchmarkId::new("session", name), |b| {
            b.to_async(&rt).iter(|| async {
                let client = LoginBuilder::password(&url, "demonstration", "pronotevs")
                    .connect()
                    .await
                    .expect("login");
                let lessons = client.timetable_week(3).await.expect("timetable");
                let instance = client.instance().await;
                let period = instance
                    .periods
                    .first()
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                let grades = client.grades(&period).await.expect("grades");
                let homework = client
                    .homework(date!(2025 - 09 - 01), date!(2025 - 09 - 30))
                    .await
                    .expect("homework");
                black_box((lessons, grades, homework));
            });
        });
        rt.block_on(server.shutdown());
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
