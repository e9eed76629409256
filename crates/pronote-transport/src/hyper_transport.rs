//! The default transport: hyper 1.x over tokio, rustls for TLS, pooled
//! HTTP/1.1 connections, a cookie jar, manual redirects and timeouts.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use url::Url;

use crate::Transport;
use crate::cookies::CookieJar;
use crate::error::TransportError;
use crate::pool::{Conn, Origin, Pool};
use crate::redirect::{Redirects, is_redirect, strip_query};
use crate::url_cache::UrlCache;

/// What to do with redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectPolicy {
    /// Follow up to this many, as a browser does (303, and 301/302 after a
    /// POST, become a GET without body).
    Follow(usize),
    /// Return the 3xx response itself.
    None,
}

/// A response and the URL it finally came from (after redirects).
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The response.
    pub response: HttpResponse,
    /// The URL of the last request made.
    pub final_url: String,
    /// How many redirects were followed.
    pub redirects: usize,
}

/// Settings of a [`HyperTransport`].
#[derive(Debug, Clone)]
pub struct Builder {
    connect_timeout: Duration,
    request_timeout: Duration,
    redirects: RedirectPolicy,
    max_body: usize,
    jar: CookieJar,
    extra_roots: Vec<Vec<u8>>,
    pool_idle: Duration,
    pool_max_idle: usize,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            redirects: RedirectPolicy::Follow(10),
            max_body: 64 * 1024 * 1024,
            jar: CookieJar::default(),
            extra_roots: Vec::new(),
            pool_idle: Duration::from_secs(90),
            pool_max_idle: usize::MAX,
        }
    }
}

impl Builder {
    /// Time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole exchange, redirects and body included
    /// (default 60 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The redirect policy (default: follow up to 10).
    pub fn redirects(mut self, policy: RedirectPolicy) -> Self {
        self.redirects = policy;
        self
    }

    /// The largest body accepted, after decompression (default 64 MiB).
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Share a cookie jar (e.g. one filled by an ENT login).
    pub fn cookie_jar(mut self, jar: CookieJar) -> Self {
        self.jar = jar;
        self
    }

    /// Trusts one more root certificate (DER), for self-hosted instances
    /// and tests.
    pub fn add_root_certificate(mut self, der: Vec<u8>) -> Self {
        self.extra_roots.push(der);
        self
    }

    /// How long an idle pooled connection is kept (default 90 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle = timeout;
        self
    }

    /// How many idle connections per host the pool keeps (default: no
    /// limit; 0 disables connection reuse).
    pub fn pool_max_idle_per_host(mut self, connections: usize) -> Self {
        self.pool_max_idle = connections;
        self
    }

    /// Builds the transport. Must be called inside a tokio runtime.
    pub fn build(self) -> Result<HyperTransport, TransportError> {
        let tls = tls_config(&self.extra_roots)?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(self.connect_timeout));
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let pool = Pool::new(
            connector,
            self.pool_idle,
            self.pool_max_idle,
            self.connect_timeout,
        );
        Ok(HyperTransport {
            inner: Arc::new(Inner {
                pool,
                urls: UrlCache::default(),
                request_timeout: self.request_timeout,
                redirects: self.redirects,
                max_body: self.max_body,
                warned_plain_http: AtomicBool::new(false),
            }),
            jar: self.jar,
        })
    }
}

/// The TLS configuration without extra roots, built once per process:
/// parsing the root store is the costliest part of a transport, and
/// `ClientConfig` clones share it.
static DEFAULT_TLS: std::sync::OnceLock<Result<rustls::ClientConfig, String>> =
    std::sync::OnceLock::new();

fn tls_config(extra_roots: &[Vec<u8>]) -> Result<rustls::ClientConfig, TransportError> {
    if extra_roots.is_empty() {
        return DEFAULT_TLS
            .get_or_init(|| {
                build_tls_config(&[]).map_err(|e| match e {
                    TransportError::Tls(message) => message,
                    other => other.to_string(),
                })
            })
            .clone()
            .map_err(TransportError::Tls);
    }
    build_tls_config(extra_roots)
}

fn build_tls_config(extra_roots: &[Vec<u8>]) -> Result<rustls::ClientConfig, TransportError> {
    let mut roots = rustls::RootCertStore::empty();
    #[cfg(feature = "webpki-roots")]
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    #[cfg(feature = "native-roots")]
    {
        let loaded = rustls_native_certs::load_native_certs();
        for cert in loaded.certs {
            // A certificate the store cannot parse is skipped, as browsers do.
            let _ = roots.add(cert);
        }
    }
    for der in extra_roots {
        roots
            .add(rustls::pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| TransportError::Tls(format!("extra root certificate: {e}")))?;
    }
    if roots.is_empty() {
        return Err(TransportError::Tls(
            "no root certificates: enable the `webpki-roots` or `native-roots` feature".into(),
        ));
    }
    let provider = crypto_provider();
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportError::Tls(format!("{e}")))
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
}

#[cfg(feature = "rustls-ring")]
fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

#[cfg(all(feature = "aws-lc-rs", not(feature = "rustls-ring")))]
fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

#[cfg(not(any(feature = "rustls-ring", feature = "aws-lc-rs")))]
compile_error!("pronote-transport needs a TLS provider: enable `rustls-ring` or `aws-lc-rs`");

struct Inner {
    pool: Pool,
    /// Recent request URLs, whose origins the next ones likely share.
    urls: UrlCache,
    request_timeout: Duration,
    redirects: RedirectPolicy,
    max_body: usize,
    /// Whether the `http://` warning was logged already.
    warned_plain_http: AtomicBool,
}

/// The default [`Transport`]. Cheap to clone: clones share the connection
/// pool, the TLS configuration and the cookie jar;
/// [`with_cookie_jar`](Self::with_cookie_jar) gives a handle that shares
/// the pool but keeps its own cookies (one per account).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use pronote_transport::{HyperTransport, Transport};
/// use pronote_proto::http::{HttpRequest, Method};
/// let transport = HyperTransport::builder().build()?;
/// let page = HttpRequest {
///     method: Method::Get,
///     url: "https://demo.index-education.net/pronote/eleve.html".into(),
///     headers: vec![],
///     body: vec![],
/// };
/// let response = transport.send(&page).await?;
/// println!("{}", response.status);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct HyperTransport {
    inner: Arc<Inner>,
    jar: CookieJar,
}

impl std::fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HyperTransport")
            .field("jar", &self.jar)
            .field("request_timeout", &self.inner.request_timeout)
            .field("redirects", &self.inner.redirects)
            .finish_non_exhaustive()
    }
}

impl HyperTransport {
    /// A builder with the defaults.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// A handle on the same connection pool and TLS configuration with
    /// another cookie jar: what each account of a multi-account process
    /// should use, so that thousands of sessions share one pool.
    pub fn with_cookie_jar(&self, jar: CookieJar) -> HyperTransport {
        HyperTransport {
            inner: Arc::clone(&self.inner),
            jar,
        }
    }

    /// The cookie jar.
    pub fn cookie_jar(&self) -> &CookieJar {
        &self.jar
    }

    /// Sends a request with an explicit redirect policy and reports where
    /// it ended.
    pub async fn exchange(
        &self,
        request: &HttpRequest,
        policy: RedirectPolicy,
    ) -> Result<Exchange, TransportError> {
        let limit = self.inner.request_timeout;
        tokio::time::timeout(limit, self.exchange_inner(request, policy))
            .await
            .map_err(|_| TransportError::Timeout {
                what: "request",
                secs: limit.as_secs_f64(),
            })?
    }

    async fn exchange_inner(
        &self,
        request: &HttpRequest,
        policy: RedirectPolicy,
    ) -> Result<Exchange, TransportError> {
        let mut url = self.inner.urls.parse(&request.url)?;
        let mut method = request.method;
        let mut body = Bytes::from(request.body.clone());
        let max = match policy {
            RedirectPolicy::Follow(max) => max,
            RedirectPolicy::None => 0,
        };
        // The chain's bookkeeping starts at the first redirect: most
        // exchanges have none.
        let mut chain: Option<Redirects> = None;
        loop {
            self.warn_plain_http(&url);
            let caller_headers = chain.as_ref().is_none_or(|c| c.same_origin(&url));
            let response = self
                .once(&url, method, request, caller_headers, body.clone())
                .await?;
            let location = match policy {
                RedirectPolicy::Follow(_) if is_redirect(response.status) => {
                    response.header("location")
                }
                _ => None,
            };
            let next = match location {
                Some(location) => chain
                    .get_or_insert_with(|| Redirects::new(&url, method, max))
                    .next(&url, response.status, Some(location), method)?,
                None => None,
            };
            let Some((next, next_method)) = next else {
                return Ok(Exchange {
                    response,
                    // The URL's text, moved rather than copied.
                    final_url: url.into(),
                    redirects: chain.as_ref().map_or(0, Redirects::followed),
                });
            };
            if next_method != method {
                body = Bytes::new();
            }
            url = next;
            method = next_method;
        }
    }

    /// Logs once per transport that a request goes out in clear text
    /// (`http://`): fine for a local instance, not for a real school.
    fn warn_plain_http(&self, url: &Url) {
        if url.scheme() == "http" && !self.inner.warned_plain_http.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                url = %strip_query(url),
                "plain http:// request: nothing is encrypted in transit (use https:// unless this is a local instance)"
            );
        }
    }

    /// A hyper request: the caller's headers, the jar's cookies merged
    /// with the request's own (`appliMobile=1`), no `content-type` on a GET.
    /// On another origin than the caller's (after a redirect) only the
    /// caller's `content-type` and `user-agent` are sent: its cookies and
    /// other headers were meant for its own origin.
    fn build_request<'h>(
        &self,
        url: &Url,
        method: Method,
        headers: impl Iterator<Item = (&'h str, &'h str)>,
        caller_origin: bool,
        accept_encoding: &str,
        body: Bytes,
    ) -> Result<http::Request<Full<Bytes>>, TransportError> {
        let headers = headers.filter(|(name, _)| {
            !name.eq_ignore_ascii_case("host")
                && (caller_origin
                    || name.eq_ignore_ascii_case("content-type")
                    || name.eq_ignore_ascii_case("user-agent"))
        });
        // Origin form: the path and query; the host goes in `Host`.
        let target = &url[url::Position::BeforePath..url::Position::AfterQuery];
        let mut builder = http::Request::builder()
            .method(match method {
                Method::Get => http::Method::GET,
                Method::Post => http::Method::POST,
            })
            .uri(if target.is_empty() { "/" } else { target })
            // The host, and the port unless it is the scheme's own.
            .header(
                http::header::HOST,
                &url[url::Position::BeforeHost..url::Position::AfterPort],
            )
            .header(http::header::ACCEPT_ENCODING, accept_encoding)
            .header(http::header::ACCEPT, "*/*");
        let mut cookie = self.jar.header_for_url(url);
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("cookie") {
                cookie = Some(match cookie {
                    Some(jar) => format!("{value}; {jar}"),
                    None => value.to_owned(),
                });
            } else if !(method == Method::Get && name.eq_ignore_ascii_case("content-type")) {
                builder = builder.header(name, value);
            }
        }
        if let Some(cookie) = cookie {
            builder = builder.header(http::header::COOKIE, cookie);
        }
        builder
            .body(Full::new(body))
            .map_err(|e| TransportError::InvalidRequest(format!("{e}")))
    }

    /// One HTTP exchange, no redirect handling.
    async fn once(
        &self,
        url: &Url,
        method: Method,
        original: &HttpRequest,
        caller_origin: bool,
        body: Bytes,
    ) -> Result<HttpResponse, TransportError> {
        let origin = Origin::of(url)?;
        let req = self.build_request(
            url,
            method,
            original
                .headers
                .iter()
                .map(|(n, v)| (n.as_ref(), v.as_str())),
            caller_origin,
            "gzip, deflate",
            body,
        )?;
        let (response, conn) = self.send_pooled(&origin, req).await?;
        let (parts, incoming) = response.into_parts();
        let set_cookies = parts
            .headers
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok());
        self.jar.store_from(url, set_cookies);
        let collected = Limited::new(incoming, self.inner.max_body)
            .collect()
            .await
            .map_err(|e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    TransportError::BodyTooLarge(self.inner.max_body)
                } else {
                    TransportError::Io {
                        host: origin.host().to_owned(),
                        source: e,
                    }
                }
            })?
            .to_bytes();
        // The response is read whole: the connection can serve another.
        self.inner.pool.put(origin, conn.sender);
        let encoding = parts
            .headers
            .get(http::header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .map(str::to_ascii_lowercase);
        let body = decode_body(&collected, encoding.as_deref(), self.inner.max_body)?;
        let headers = parts
            .headers
            .iter()
            .filter_map(|(n, v)| {
                v.to_str()
                    .ok()
                    .map(|v| (n.as_str().to_owned(), v.to_owned()))
            })
            .collect();
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers,
            body,
        })
    }
}

/// A response whose body is read chunk by chunk (large downloads).
#[derive(Debug)]
pub struct StreamingResponse {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    body: hyper::body::Incoming,
    host: String,
}

impl StreamingResponse {
    /// The next chunk of the body, `None` at the end. Compressed bodies
    /// are not decoded (downloads are requested without compression).
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, TransportError>> {
        loop {
            match self.body.frame().await? {
                Ok(frame) => {
                    if let Ok(data) = frame.into_data() {
                        return Some(Ok(data));
                    }
                }
                Err(e) => {
                    return Some(Err(TransportError::Io {
                        host: self.host.clone(),
                        source: Box::new(e),
                    }));
                }
            }
        }
    }
}

impl HyperTransport {
    /// Sends `request` on a pooled connection to `origin`, and again on
    /// a new connection when a reused one was closed (by the server, after
    /// its keep-alive time) before the request went out.
    async fn send_pooled(
        &self,
        origin: &Origin,
        mut request: http::Request<Full<Bytes>>,
    ) -> Result<(http::Response<hyper::body::Incoming>, Conn), TransportError> {
        loop {
            let mut conn = self.inner.pool.get(origin).await?;
            match conn.sender.try_send_request(request).await {
                Ok(response) => return Ok((response, conn)),
                Err(mut e) => match e.take_message() {
                    Some(unsent) if conn.reused => {
                        tracing::debug!(
                            host = origin.host(),
                            "kept-alive connection closed, sending again"
                        );
                        request = unsent;
                    }
                    _ => {
                        return Err(TransportError::Io {
                            host: origin.host().to_owned(),
                            source: Box::new(e.into_error()),
                        });
                    }
                },
            }
        }
    }

    /// Sends a GET and hands the body over as it arrives, for files too
    /// large to hold in memory. Redirects are followed under the same
    /// rules as [`exchange`](Self::exchange) (at most 10); the connect
    /// timeout applies, the request timeout covers only the headers.
    pub async fn stream(
        &self,
        url: &str,
        headers: &[(String, String)],
    ) -> Result<StreamingResponse, TransportError> {
        let mut url = self.inner.urls.parse(url)?;
        let mut chain = Redirects::new(&url, Method::Get, 10);
        loop {
            self.warn_plain_http(&url);
            let origin = Origin::of(&url)?;
            let req = self.build_request(
                &url,
                Method::Get,
                headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
                chain.same_origin(&url),
                "identity",
                Bytes::new(),
            )?;
            let limit = self.inner.request_timeout;
            // The connection is not handed back: it closes once the body
            // is read (or dropped).
            let (response, _conn) = tokio::time::timeout(limit, self.send_pooled(&origin, req))
                .await
                .map_err(|_| TransportError::Timeout {
                    what: "request",
                    secs: limit.as_secs_f64(),
                })??;
            let (parts, body) = response.into_parts();
            let set_cookies = parts
                .headers
                .get_all(http::header::SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok());
            self.jar.store_from(&url, set_cookies);
            let status = parts.status.as_u16();
            let location = parts
                .headers
                .get(http::header::LOCATION)
                .and_then(|v| v.to_str().ok());
            if let Some((next, _)) = chain.next(&url, status, location, Method::Get)? {
                url = next;
                continue;
            }
            let headers = parts
                .headers
                .iter()
                .filter_map(|(n, v)| {
                    v.to_str()
                        .ok()
                        .map(|v| (n.as_str().to_owned(), v.to_owned()))
                })
                .collect();
            return Ok(StreamingResponse {
                status,
                headers,
                body,
                host: origin.host().to_owned(),
            });
        }
    }
}

impl Transport for HyperTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.exchange(request, self.inner.redirects)
            .await
            .map(|e| e.response)
    }
}

fn decode_body(raw: &[u8], encoding: Option<&str>, max: usize) -> Result<Vec<u8>, TransportError> {
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let mut out = Vec::new();
    let read = match encoding {
        None | Some("identity") | Some("") => return Ok(raw.to_vec()),
        Some("gzip") | Some("x-gzip") => flate2::read::GzDecoder::new(raw)
            .take(cap)
            .read_to_end(&mut out),
        Some("deflate") => {
            // "deflate" is zlib-wrapped by the standard, raw by some servers.
            match flate2::read::ZlibDecoder::new(raw)
                .take(cap)
                .read_to_end(&mut out)
            {
                Ok(n) => Ok(n),
                Err(_) => {
                    out.clear();
                    flate2::read::DeflateDecoder::new(raw)
                        .take(cap)
                        .read_to_end(&mut out)
                }
            }
        }
        Some(_) => return Ok(raw.to_vec()),
    };
    read.map_err(|_| {
        TransportError::BadEncoding(if encoding == Some("deflate") {
            "deflate"
        } else {
            "gzip"
        })
    })?;
    if out.len() > max {
        return Err(TransportError::BodyTooLarge(max));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_and_deflate_bodies() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"bonjour").unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(decode_body(&gz, Some("gzip"), 100).unwrap(), b"bonjour");
        assert!(matches!(
            decode_body(&gz, Some("gzip"), 3),
            Err(TransportError::BodyTooLarge(3))
        ));
        assert!(matches!(
            decode_body(b"nope", Some("gzip"), 100),
            Err(TransportError::BadEncoding(_))
        ));
        let raw = pronote_proto::payload::deflate(b"salut");
        assert_eq!(decode_body(&raw, Some("deflate"), 100).unwrap(), b"salut");
        assert_eq!(decode_body(b"x", None, 100).unwrap(), b"x");
    }
}
