//! The client's error text names the cause of a failed connection (a TLS
//! certificate refused, a connection refused), not only the host.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_transport::TransportError;

#[derive(Debug)]
struct Wrapper(std::io::Error);

impl std::fmt::Display for Wrapper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("client error (Connect)")
    }
}

impl std::error::Error for Wrapper {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[test]
fn a_tls_failure_shows_its_cause() {
    let cause = std::io::Error::other("invalid peer certificate: UnknownIssuer");
    let err = pronote_api::Error::from(TransportError::Connect {
        host: "localhost".into(),
        source: Box::new(Wrapper(cause)),
    });
    assert_eq!(
        err.to_string(),
        "cannot connect to localhost: invalid peer certificate: UnknownIssuer"
    );
}
