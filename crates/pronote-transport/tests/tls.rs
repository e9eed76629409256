//! HTTPS with a certificate the transport is told to trust: exchanges
//! kept alive over TLS, with connections driven by tasks and by callers
//! (`blocking`), and an untrusted certificate refused while connecting.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::borrow::Cow;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pronote_proto::http::{HttpRequest, Method};
use pronote_transport::{HyperTransport, Transport, TransportError};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

#[macro_use]
mod common;

both_ways!(
    exchanges_are_kept_alive_over_tls,
    an_untrusted_certificate_is_refused
);

/// The CLI's test certificates: a CA, and a server certificate it issued
/// to 127.0.0.1.
const TLS_DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../pronote-cli/tests/data/tls/"
);

/// The crypto provider the crate is built with.
#[cfg(feature = "rustls-ring")]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The crypto provider the crate is built with.
#[cfg(all(feature = "aws-lc-rs", not(feature = "rustls-ring")))]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

fn ca_der() -> Vec<u8> {
    CertificateDer::from_pem_file(format!("{TLS_DATA}ca.pem"))
        .unwrap()
        .to_vec()
}

/// Serves HTTPS on a loopback port (a thread a connection): each request
/// is answered with its own target and the connection's request count,
/// kept alive. Returns the port and the number of connections accepted.
fn tls_server() -> (u16, Arc<AtomicUsize>) {
    let chain: Vec<_> = CertificateDer::pem_file_iter(format!("{TLS_DATA}server.pem"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{TLS_DATA}server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut pending = Vec::new();
                let mut buffer = [0u8; 2048];
                for served in 1.. {
                    let end = loop {
                        if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                            break at + 4;
                        }
                        match tls.read(&mut buffer) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => pending.extend_from_slice(&buffer[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&pending[..end]).into_owned();
                    pending.drain(..end);
                    let target = head.split(' ').nth(1).unwrap_or("?");
                    let body = format!("{target} #{served}");
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if tls.write_all(response.as_bytes()).is_err() || tls.flush().is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, accepted)
}

fn get(url: String) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url,
        headers: vec![(Cow::Borrowed("user-agent"), "test-agent".into())],
        body: Vec::new(),
    }
}

async fn exchanges_are_kept_alive_over_tls(blocking: bool) {
    let (port, accepted) = tls_server();
    let transport = HyperTransport::builder()
        .add_root_certificate(ca_der())
        .blocking(blocking)
        .build()
        .unwrap();
    for n in 1..=3 {
        let reply = transport
            .send(&get(format!("https://127.0.0.1:{port}/page/{n}")))
            .await
            .unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(
            String::from_utf8_lossy(&reply.body),
            format!("/page/{n} #{n}")
        );
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "connections opened");
}

async fn an_untrusted_certificate_is_refused(blocking: bool) {
    let (port, _) = tls_server();
    let transport = HyperTransport::builder()
        .blocking(blocking)
        .build()
        .unwrap();
    let err = transport
        .send(&get(format!("https://127.0.0.1:{port}/")))
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::Connect { .. }), "{err:?}");
    assert!(err.to_string().contains("certificate"), "{err}");
}
