//! One HTTP exchange through `HyperTransport` beside its limits: the same
//! request (a POST of 900 bytes, as a deflated PRONOTE call is) and the
//! same reply (1 KB), on one kept-alive loopback connection, sent
//!
//! * `transport/std_tcp`: by writing the request's bytes on a blocking
//!   `TcpStream` and reading the reply's: the floor of the kernel and the
//!   server;
//! * `transport/hyper_conn`: through hyper's bare HTTP/1 connection
//!   (`client::conn::http1`), no pool;
//! * `transport/hyper_pool`: through hyper's pooled client
//!   (`hyper_util::client::legacy::Client`), which `HyperTransport` wraps;
//! * `transport/hyper_transport`: through `pronote_transport::HyperTransport`
//!   (that pool, a cookie jar, redirect handling, a timeout), which is what
//!   every client call pays.
//!
//! The server is a fixed-reply hyper server on a thread of its own, the
//! same for all, so the differences between the lines are the clients'.
//! The async clients run on a current-thread runtime, as the workload's
//! program and the Python package's synchronous sessions do.
//!
//! The figure is the process's CPU time per exchange (client and server
//! threads together, `CLOCK_PROCESS_CPUTIME_ID`), not wall time: on a
//! small machine the wall time of a loopback exchange is mostly the
//! scheduler's wake-up latency, which moves from one run to the next with
//! where the threads land (the CPU figure moves too, by ±15 %: compare
//! lines of one run).

#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a server that does not start must abort the run"
)]

use std::convert::Infallible;
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use pronote_proto::http::{HttpRequest, Method};
use pronote_transport::{HyperTransport, Transport};
use tokio::net::TcpListener;

const REQUEST_BODY: usize = 900;
const REPLY_BODY: usize = 1024;

fn runtime(threads: Option<usize>) -> tokio::runtime::Runtime {
    let mut builder = match threads {
        Some(workers) => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(workers);
            builder
        }
        None => tokio::runtime::Builder::new_current_thread(),
    };
    builder.enable_all().build().expect("tokio runtime")
}

/// A server answering every request with the same 1 KB body, after reading
/// the request's body whole.
async fn serve() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let reply = Bytes::from(vec![b'a'; REPLY_BODY]);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let reply = reply.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<Incoming>| {
                    let reply = reply.clone();
                    async move {
                        let _ = request.into_body().collect().await;
                        Ok::<_, Infallible>(hyper::Response::new(Full::new(reply)))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

fn bench(c: &mut Criterion) {
    // The server on a worker thread of its own, as if in another process;
    // the clients on a current-thread runtime, as the workload's program
    // and the Python package's synchronous sessions drive them.
    let server = runtime(Some(1));
    let addr = server.block_on(serve());
    let rt = runtime(None);
    let url = format!("http://{addr}/pronote/appelfonction/3/1/abc");
    let body = vec![b'7'; REQUEST_BODY];
    let mut group = c.benchmark_group("transport");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(4));

    // The floor: the request as bytes on a blocking socket, the reply read
    // up to the end of its known length.
    let mut head = format!(
        "POST /pronote/appelfonction/3/1/abc HTTP/1.1\r\nhost: {addr}\r\n\
         content-type: application/json\r\ncontent-length: {REQUEST_BODY}\r\n\r\n"
    )
    .into_bytes();
    head.extend_from_slice(&body);
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut buffer = vec![0u8; 8192];
    group.bench_function("std_tcp", |b| {
        b.iter_custom(|iterations| {
            cpu_time(|| {
                for _ in 0..iterations {
                    stream.write_all(&head).expect("write");
                    let mut read = 0;
                    loop {
                        let n = stream.read(&mut buffer[read..]).expect("read");
                        assert!(n > 0, "the server closed the connection");
                        read += n;
                        if find_head_end(&buffer[..read])
                            .is_some_and(|end| read >= end + REPLY_BODY)
                        {
                            break;
                        }
                    }
                    black_box(read);
                }
            })
        });
    });

    // hyper's bare connection.
    let mut sender = rt.block_on(async {
        let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(connection);
        sender
    });
    let body_bytes = Bytes::from(body.clone());
    let host = addr.to_string();
    group.bench_function("hyper_conn", |b| {
        b.iter_custom(|iterations| {
            exchanges(&rt, iterations, async || {
                sender.ready().await.expect("connection ready");
                let request = hyper::Request::post(url.as_str())
                    .header("host", host.as_str())
                    .header("content-type", "application/json")
                    .body(Full::new(body_bytes.clone()))
                    .expect("request");
                let response = sender.send_request(request).await.expect("exchange");
                body_len(response).await
            })
        });
    });

    // hyper's pooled client (what `HyperTransport` wraps), bare.
    let pool: Client<HttpConnector, Full<Bytes>> =
        rt.block_on(async { Client::builder(TokioExecutor::new()).build(HttpConnector::new()) });
    let uri: hyper::Uri = url.parse().expect("uri");
    group.bench_function("hyper_pool", |b| {
        b.iter_custom(|iterations| {
            exchanges(&rt, iterations, async || {
                let request = hyper::Request::post(uri.clone())
                    .header("content-type", "application/json")
                    .body(Full::new(body_bytes.clone()))
                    .expect("request");
                let response = pool.request(request).await.expect("exchange");
                body_len(response).await
            })
        });
    });

    // What the client uses.
    let transport = rt.block_on(async { HyperTransport::builder().build().expect("transport") });
    let request = HttpRequest {
        method: Method::Post,
        url: url.clone(),
        headers: vec![("content-type".into(), "application/json".into())],
        body,
    };
    group.bench_function("hyper_transport", |b| {
        b.iter_custom(|iterations| {
            exchanges(&rt, iterations, async || {
                let response = transport.send(&request).await.expect("exchange");
                response.body.len()
            })
        });
    });
    group.finish();
}

/// The process CPU time `work` takes.
fn cpu_time(work: impl FnOnce()) -> Duration {
    let start = process_cpu();
    work();
    process_cpu().saturating_sub(start)
}

/// The process CPU time of `iterations` exchanges made one after the other
/// on `rt`; each returns the length of the body it read.
fn exchanges(
    rt: &tokio::runtime::Runtime,
    iterations: u64,
    mut exchange: impl AsyncFnMut() -> usize,
) -> Duration {
    cpu_time(|| {
        rt.block_on(async {
            for _ in 0..iterations {
                black_box(exchange().await);
            }
        });
    })
}

/// Reads a reply's body whole, as the transport does; its length.
async fn body_len(response: hyper::Response<Incoming>) -> usize {
    let body = response.into_body().collect().await.expect("body");
    body.to_bytes().len()
}

/// CPU time used so far by the whole process, every thread included.
fn process_cpu() -> Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

/// The offset just past the reply's header block, once it is whole.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

criterion_group!(benches, bench);
criterion_main!(benches);
