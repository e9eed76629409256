//! Transport failures, split by what the caller can do about them.

/// Why an exchange failed. Foreign errors are kept as the `source`, never
/// exposed as types of this API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The URL cannot be used (not absolute, not http/https).
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// The request could not be built (a header value with control
    /// characters, …).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// No connection could be made (DNS, refused, TLS handshake). The
    /// message ends with the deepest cause (e.g. the certificate error).
    #[error("cannot connect to {host}: {}", root_cause(source.as_ref()))]
    Connect {
        /// The host.
        host: String,
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The connection broke during the exchange.
    #[error("connection to {host} failed during the exchange")]
    Io {
        /// The host.
        host: String,
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The connection or the whole exchange took too long.
    #[error("{what} timed out after {secs:.1} s")]
    Timeout {
        /// `connect` or `request`.
        what: &'static str,
        /// The limit.
        secs: f64,
    },
    /// More redirects than allowed.
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    /// A redirect from `https` to `http`, refused: following it would send
    /// the request, and read the page, in clear text.
    #[error("refused a redirect from https to plain http ({from} to {to})")]
    InsecureRedirect {
        /// The `https` URL redirected (without its query).
        from: String,
        /// The `http` target (without its query).
        to: String,
    },
    /// A redirect led back to a URL already visited.
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    /// The body was larger than allowed.
    #[error("response body larger than {0} bytes")]
    BodyTooLarge(usize),
    /// A compressed body that does not decompress.
    #[error("response body is not valid {0}")]
    BadEncoding(&'static str),
    /// No TLS root certificates could be loaded.
    #[error("TLS setup: {0}")]
    Tls(String),
}

impl TransportError {
    /// Whether trying again later may succeed (network trouble, timeouts).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            TransportError::Connect { .. }
                | TransportError::Io { .. }
                | TransportError::Timeout { .. }
        )
    }
}

/// The innermost error of a chain, in words.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut last = error;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}
