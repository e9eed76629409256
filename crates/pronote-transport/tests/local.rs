//! The hyper transport against a small HTTP server on loopback: cookies,
//! redirects (followed, loops, limits, method changes), gzip, timeouts,
//! body limits and connection failures; each with the connections
//! driven by the transport's tasks and by its callers (`blocking`).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::borrow::Cow;
use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use pronote_proto::http::{HttpRequest, Method};
use pronote_transport::{Builder, HyperTransport, RedirectPolicy, Transport, TransportError};
use tokio::net::TcpListener;

#[macro_use]
mod common;

async fn route(req: Request<hyper::body::Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_owned();
    let target = req.uri().to_string();
    let host = req
        .headers()
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let method = req.method().as_str().to_owned();
    let cookie = req
        .headers()
        .get("cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let ua = req
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let redirect = |to: &str, status: u16| {
        Response::builder()
            .status(status)
            .header("location", to)
            .body(Full::new(Bytes::new()))
            .unwrap()
    };
    let ok = |text: String| Response::new(Full::new(Bytes::from(text)));
    Ok(match path.as_str() {
        "/login" => Response::builder()
            .header("set-cookie", "SID=abc123; Path=/")
            .header("set-cookie", "OTHER=1; Path=/private")
            .body(Full::new(Bytes::from_static(b"welcome")))
            .unwrap(),
        "/echo" => ok(format!(
            "{method} cookie=[{cookie}] ua=[{ua}] body=[{}]",
            String::from_utf8_lossy(&body)
        )),
        "/target" => ok(format!("{target} host=[{host}]")),
        "/r1" => redirect("/r2", 302),
        "/r2" => redirect("echo", 301),
        "/post303" => redirect("/echo", 303),
        "/post307" => redirect("/echo", 307),
        "/loop-a" => redirect("/loop-b", 302),
        "/loop-b" => redirect("/loop-a", 302),
        "/gzip" => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all("données compressées".as_bytes()).unwrap();
            Response::builder()
                .header("content-encoding", "gzip")
                .body(Full::new(Bytes::from(enc.finish().unwrap())))
                .unwrap()
        }
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            ok("late".into())
        }
        "/big" => ok("x".repeat(200_000)),
        p if p.starts_with("/chain/") => {
            let n: u32 = p.trim_start_matches("/chain/").parse().unwrap_or(0);
            redirect(&format!("/chain/{}", n + 1), 302)
        }
        _ => Response::builder()
            .status(404)
            .body(Full::new(Bytes::new()))
            .unwrap(),
    })
}

async fn serve() -> SocketAddr {
    serve_counted().await.0
}

/// The test server, with the number of connections it accepted.
async fn serve_counted() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service_fn(route))
                    .await;
            });
        }
    });
    (addr, accepted)
}

/// A transport's settings: its connections driven by its tasks, or by
/// its callers (a blocking transport).
fn builder(blocking: bool) -> Builder {
    HyperTransport::builder().blocking(blocking)
}

both_ways!(
    cookies_are_stored_scoped_and_merged,
    redirects_are_followed_with_browser_semantics,
    redirect_loops_and_limits_are_errors,
    gzip_bodies_are_decoded,
    timeouts_limits_and_refusals,
    requests_name_their_host_and_target,
    connections_are_reused,
    connections_closed_by_the_server_are_replaced,
    the_pool_keeps_what_it_is_told,
    many_exchanges_in_one_task,
    timeouts_may_be_unbounded,
);

fn get(url: String) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url,
        headers: vec![(Cow::Borrowed("user-agent"), "test-agent".into())],
        body: Vec::new(),
    }
}

fn post(url: String, body: &str) -> HttpRequest {
    HttpRequest {
        method: Method::Post,
        url,
        headers: vec![(Cow::Borrowed("content-type"), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

async fn cookies_are_stored_scoped_and_merged(blocking: bool) {
    let addr = serve().await;
    let t = builder(blocking).build().unwrap();
    t.send(&get(format!("http://{addr}/login"))).await.unwrap();
    let mut req = get(format!("http://{addr}/echo"));
    req.headers
        .push((Cow::Borrowed("cookie"), "appliMobile=1".into()));
    let r = t.send(&req).await.unwrap();
    let body = text(&r.body);
    assert!(
        body.contains("cookie=[appliMobile=1; SID=abc123]"),
        "{body}"
    );
    assert!(body.contains("ua=[test-agent]"));
    // The /private cookie is not sent to /echo.
    assert!(!body.contains("OTHER"));
    assert_eq!(t.cookie_jar().names().len(), 2);
    assert!(!format!("{t:?}").contains("abc123"));
}

async fn redirects_are_followed_with_browser_semantics(blocking: bool) {
    let addr = serve().await;
    let t = builder(blocking).build().unwrap();
    let e = t
        .exchange(&get(format!("http://{addr}/r1")), RedirectPolicy::Follow(5))
        .await
        .unwrap();
    assert_eq!(e.redirects, 2);
    assert_eq!(e.final_url, format!("http://{addr}/echo"));
    assert!(text(&e.response.body).starts_with("GET"));

    let r = t
        .send(&post(format!("http://{addr}/post303"), "{\"a\":1}"))
        .await
        .unwrap();
    assert!(
        text(&r.body).starts_with("GET"),
        "303 turns a POST into a GET"
    );
    assert!(text(&r.body).contains("body=[]"));
    let r = t
        .send(&post(format!("http://{addr}/post307"), "{\"a\":1}"))
        .await
        .unwrap();
    assert!(
        text(&r.body).starts_with("POST"),
        "307 keeps the method and body"
    );
    assert!(text(&r.body).contains("body=[{\"a\":1}]"));

    let e = t
        .exchange(&get(format!("http://{addr}/r1")), RedirectPolicy::None)
        .await
        .unwrap();
    assert_eq!(e.response.status, 302);
    assert_eq!(e.response.header("location"), Some("/r2"));
}

async fn redirect_loops_and_limits_are_errors(blocking: bool) {
    let addr = serve().await;
    let t = builder(blocking).build().unwrap();
    let err = t
        .send(&get(format!("http://{addr}/loop-a")))
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::RedirectLoop(_)), "{err}");
    let err = t
        .exchange(
            &get(format!("http://{addr}/chain/0")),
            RedirectPolicy::Follow(4),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::TooManyRedirects(4)), "{err}");
}

async fn gzip_bodies_are_decoded(blocking: bool) {
    let addr = serve().await;
    let t = builder(blocking).build().unwrap();
    let r = t.send(&get(format!("http://{addr}/gzip"))).await.unwrap();
    assert_eq!(text(&r.body), "données compressées");
}

async fn timeouts_limits_and_refusals(blocking: bool) {
    let addr = serve().await;
    let t = builder(blocking)
        .request_timeout(Duration::from_millis(300))
        .max_body(100_000)
        .build()
        .unwrap();
    let err = t
        .send(&get(format!("http://{addr}/slow")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            TransportError::Timeout {
                what: "request",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.is_transient());
    let err = t
        .send(&get(format!("http://{addr}/big")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, TransportError::BodyTooLarge(100_000)),
        "{err}"
    );
    // A port nobody listens on.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let err = t.send(&get(format!("http://{closed}/"))).await.unwrap_err();
    assert!(matches!(err, TransportError::Connect { .. }), "{err}");
    let err = t.send(&get("ftp://x/y".into())).await.unwrap_err();
    assert!(matches!(err, TransportError::InvalidUrl(_)));
}

async fn requests_name_their_host_and_target(blocking: bool) {
    let addr = serve().await;
    let t = builder(blocking).build().unwrap();
    // The request line carries the path and query only (origin form),
    // the host and its port go in `Host`; a fragment is never sent.
    let r = t
        .send(&get(format!("http://{addr}/target?a=1&b=%C3%A9#frag")))
        .await
        .unwrap();
    assert_eq!(text(&r.body), format!("/target?a=1&b=%C3%A9 host=[{addr}]"));
    // A caller's own `Host` header does not replace the URL's.
    let mut request = get(format!("http://{addr}/target"));
    request
        .headers
        .push((Cow::Borrowed("Host"), "elsewhere.example".into()));
    let r = t.send(&request).await.unwrap();
    assert_eq!(text(&r.body), format!("/target host=[{addr}]"));
}

async fn connections_are_reused(blocking: bool) {
    let (addr, accepted) = serve_counted().await;
    let t = builder(blocking).build().unwrap();
    for _ in 0..20 {
        let r = t.send(&get(format!("http://{addr}/echo"))).await.unwrap();
        assert_eq!(r.status, 200);
    }
    // Twenty requests one after the other: one keep-alive connection.
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "connections opened");
}

/// A server speaking just enough HTTP/1.1: one `ok` response per
/// connection, which it closes `linger` later without saying so (no
/// `Connection: close`), as servers do with idle kept-alive connections.
async fn serve_once_per_connection(linger: Duration) -> (SocketAddr, Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                    .await;
                tokio::time::sleep(linger).await;
            });
        }
    });
    (addr, accepted)
}

async fn connections_closed_by_the_server_are_replaced(blocking: bool) {
    let (addr, accepted) = serve_once_per_connection(Duration::from_millis(20)).await;
    let t = builder(blocking).build().unwrap();
    for _ in 0..4 {
        let r = t.send(&get(format!("http://{addr}/"))).await.unwrap();
        assert_eq!(text(&r.body), "ok");
        // The server has closed the connection by the next request.
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 4, "connections opened");
}

async fn the_pool_keeps_what_it_is_told(blocking: bool) {
    let (addr, accepted) = serve_counted().await;
    // No idle connection kept: one connection a request.
    let t = builder(blocking).pool_max_idle_per_host(0).build().unwrap();
    for _ in 0..3 {
        t.send(&get(format!("http://{addr}/echo"))).await.unwrap();
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    // Idle connections older than the idle timeout are not reused.
    let t = builder(blocking)
        .pool_idle_timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    t.send(&get(format!("http://{addr}/echo"))).await.unwrap();
    t.send(&get(format!("http://{addr}/echo"))).await.unwrap();
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        4,
        "reused within the timeout"
    );
    tokio::time::sleep(Duration::from_millis(120)).await;
    t.send(&get(format!("http://{addr}/echo"))).await.unwrap();
    assert_eq!(accepted.load(Ordering::SeqCst), 5, "a new one after it");
    // Two transports sharing a pool (one cookie jar each) share connections.
    let other = t.with_cookie_jar(pronote_transport::CookieJar::default());
    other
        .send(&get(format!("http://{addr}/echo")))
        .await
        .unwrap();
    assert_eq!(accepted.load(Ordering::SeqCst), 5, "shared pool");
}

async fn many_exchanges_in_one_task(blocking: bool) {
    // Far past tokio's cooperative budget of a task's poll (128): a
    // blocking transport's exchanges all run in one poll of this task,
    // and hyper's channels, were they budgeted, would stop answering.
    let (addr, accepted) = serve_counted().await;
    let t = builder(blocking)
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    for n in 0..300 {
        let r = t
            .send(&post(format!("http://{addr}/echo"), &n.to_string()))
            .await
            .unwrap();
        assert!(text(&r.body).contains(&format!("body=[{n}]")));
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "connections opened");
}

async fn timeouts_may_be_unbounded(blocking: bool) {
    // `Duration::MAX` for "no limit": a deadline past any clock's range.
    let addr = serve().await;
    let t = builder(blocking)
        .connect_timeout(Duration::MAX)
        .request_timeout(Duration::MAX)
        .build()
        .unwrap();
    let r = t.send(&get(format!("http://{addr}/echo"))).await.unwrap();
    assert_eq!(r.status, 200);
}
