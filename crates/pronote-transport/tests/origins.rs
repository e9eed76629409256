//! Redirect rules shared by `exchange` and `stream`: the caller's headers
//! and cookies stay on their origin, and connection failures say why;
//! exchanges with connections driven by tasks and by callers (`blocking`).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::borrow::Cow;
use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use pronote_proto::http::{HttpRequest, Method};
use pronote_transport::{HyperTransport, RedirectPolicy, TransportError};
use tokio::net::TcpListener;

#[macro_use]
mod common;

both_ways!(
    caller_headers_stay_on_their_origin,
    a_failed_tls_handshake_says_why,
    plain_http_works_and_is_warned_about_once,
);

/// `/echo` answers with the cookie, token and user-agent it received;
/// `/go?to=URL` redirects there (302); `/loop` redirects to itself.
async fn route(req: Request<hyper::body::Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_owned()
    };
    let text = format!(
        "cookie={} token={} ua={}",
        header("cookie"),
        header("x-token"),
        header("user-agent")
    );
    let response = match req.uri().path() {
        "/echo" => Response::new(Full::new(Bytes::from(text))),
        "/loop" => Response::builder()
            .status(302)
            .header("location", "/loop")
            .body(Full::new(Bytes::new()))
            .unwrap(),
        "/go" => {
            let to = req
                .uri()
                .query()
                .and_then(|q| q.strip_prefix("to="))
                .unwrap_or("/echo")
                .to_owned();
            Response::builder()
                .status(302)
                .header("location", to)
                .body(Full::new(Bytes::new()))
                .unwrap()
        }
        _ => Response::builder()
            .status(404)
            .body(Full::new(Bytes::new()))
            .unwrap(),
    };
    Ok(response)
}

async fn serve() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service_fn(route))
                    .await;
            });
        }
    });
    addr
}

fn headers() -> Vec<(Cow<'static, str>, String)> {
    vec![
        (Cow::Borrowed("cookie"), "secret=1".into()),
        (Cow::Borrowed("x-token"), "t0k3n".into()),
        (Cow::Borrowed("user-agent"), "agent".into()),
    ]
}

fn get(url: String) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url,
        headers: headers(),
        body: Vec::new(),
    }
}

async fn caller_headers_stay_on_their_origin(blocking: bool) {
    let (a, b) = (serve().await, serve().await);
    let transport = HyperTransport::builder()
        .blocking(blocking)
        .build()
        .unwrap();
    let policy = RedirectPolicy::Follow(5);

    // Same origin: everything the caller gave arrives.
    let same = transport
        .exchange(&get(format!("http://{a}/go?to=/echo")), policy)
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&same.response.body),
        "cookie=secret=1 token=t0k3n ua=agent"
    );

    // Another origin (another port): no cookie, no token; the
    // user-agent still goes.
    let other = transport
        .exchange(&get(format!("http://{a}/go?to=http://{b}/echo")), policy)
        .await
        .unwrap();
    assert_eq!(other.redirects, 1);
    assert_eq!(
        String::from_utf8_lossy(&other.response.body),
        "cookie=- token=- ua=agent"
    );

    // Streams follow the same routine.
    let pairs: Vec<(String, String)> = headers()
        .into_iter()
        .map(|(n, v)| (n.into_owned(), v))
        .collect();
    let mut stream = transport
        .stream(&format!("http://{a}/go?to=http://{b}/echo"), &pairs)
        .await
        .unwrap();
    let mut body = Vec::new();
    while let Some(chunk) = stream.next_chunk().await {
        body.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(String::from_utf8_lossy(&body), "cookie=- token=- ua=agent");
    let mut home = transport
        .stream(&format!("http://{a}/go?to=/echo"), &pairs)
        .await
        .unwrap();
    let mut body = Vec::new();
    while let Some(chunk) = home.next_chunk().await {
        body.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(
        String::from_utf8_lossy(&body),
        "cookie=secret=1 token=t0k3n ua=agent"
    );
}

#[tokio::test]
async fn streams_refuse_loops_like_exchanges() {
    let a = serve().await;
    let transport = HyperTransport::builder().build().unwrap();
    let looping = format!("http://{a}/go?to=/loop");
    let err = transport.stream(&looping, &[]).await.unwrap_err();
    assert!(
        matches!(err, TransportError::RedirectLoop(_)),
        "stream: {err:?}"
    );
    let err = transport
        .exchange(&get(looping), RedirectPolicy::Follow(5))
        .await
        .unwrap_err();
    assert!(
        matches!(err, TransportError::RedirectLoop(_)),
        "exchange: {err:?}"
    );
}

async fn a_failed_tls_handshake_says_why(blocking: bool) {
    // A plain HTTP server spoken to in TLS.
    let a = serve().await;
    let transport = HyperTransport::builder()
        .blocking(blocking)
        .build()
        .unwrap();
    let err = transport
        .exchange(
            &get(format!("https://127.0.0.1:{}/echo", a.port())),
            RedirectPolicy::None,
        )
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, TransportError::Connect { .. }), "{err:?}");
    let cause = text
        .strip_prefix("cannot connect to 127.0.0.1: ")
        .unwrap_or_else(|| panic!("{text}"));
    // rustls names what it received instead of a TLS record.
    assert!(cause.contains("corrupt message"), "{text}");
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn plain_http_works_and_is_warned_about_once(blocking: bool) {
    let a = serve().await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let transport = HyperTransport::builder()
        .blocking(blocking)
        .build()
        .unwrap();
    for _ in 0..3 {
        let reply = transport
            .exchange(
                &get(format!("http://{a}/echo?ticket=ST-1")),
                RedirectPolicy::None,
            )
            .await
            .unwrap();
        assert_eq!(reply.response.status, 200);
    }
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(log.matches("plain http:// request").count(), 1, "{log}");
    assert!(log.contains("WARN"), "{log}");
    // The query (tickets) is not logged.
    assert!(!log.contains("ST-1"), "{log}");
}
