//! The default transport: hyper 1.x over tokio, rustls for TLS, pooled
//! HTTP/1.1 connections, a cookie jar, manual redirects and timeouts.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use url::Url;

use crate::Transport;
use crate::builder::Builder;
use crate::cookies::CookieJar;
use crate::error::TransportError;
use crate::inline::{self, Outcome};
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

/// What clones of a transport share (made by [`Builder::build`]).
pub(crate) struct Inner {
    pub(crate) pool: Pool,
    /// Recent request URLs, whose origins the next ones likely share.
    pub(crate) urls: UrlCache,
    pub(crate) request_timeout: Duration,
    pub(crate) redirects: RedirectPolicy,
    pub(crate) max_body: usize,
    /// Whether the `http://` warning was logged already.
    pub(crate) warned_plain_http: AtomicBool,
    /// Exchanges drive their connections on the calling thread.
    pub(crate) blocking: bool,
    /// The TLS configuration (the connector has a copy).
    pub(crate) tls: Arc<rustls::ClientConfig>,
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
    pub(crate) inner: Arc<Inner>,
    pub(crate) jar: CookieJar,
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
        if self.inner.blocking {
            // The exchange blocks: its own waits keep the deadline.
            let deadline = inline::deadline_after(limit);
            return self.exchange_inner(request, policy, Some(deadline)).await;
        }
        tokio::time::timeout(limit, self.exchange_inner(request, policy, None))
            .await
            .map_err(|_| TransportError::Timeout {
                what: "request",
                secs: limit.as_secs_f64(),
            })?
    }

    /// [`exchange`](Self::exchange) without its timeout, which a blocking
    /// transport gives as `deadline`.
    async fn exchange_inner(
        &self,
        request: &HttpRequest,
        policy: RedirectPolicy,
        deadline: Option<Instant>,
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
                .once(
                    &url,
                    method,
                    request,
                    caller_headers,
                    body.clone(),
                    deadline,
                )
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

    /// One HTTP exchange, no redirect handling; on the calling thread
    /// until `deadline` when there is one (a blocking transport).
    async fn once(
        &self,
        url: &Url,
        method: Method,
        original: &HttpRequest,
        caller_origin: bool,
        body: Bytes,
        deadline: Option<Instant>,
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
        let (parts, collected) = match deadline {
            Some(deadline) => self.inline_exchange(&origin, req, deadline)?,
            None => {
                let (response, conn) = self.send_pooled(&origin, req).await?;
                let (parts, incoming) = response.into_parts();
                let max = self.inner.max_body;
                let collected = Limited::new(incoming, max)
                    .collect()
                    .await
                    .map_err(|e| body_error(e, max, origin.host()))?
                    .to_bytes();
                // The response is read whole: the connection can serve another.
                self.inner.pool.put(origin, conn.sender);
                (parts, collected)
            }
        };
        let set_cookies = parts
            .headers
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok());
        self.jar.store_from(url, set_cookies);
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

    /// One exchange on a caller-driven connection to `origin` (a pooled
    /// one, else a new one), and again on a new connection when a reused
    /// one was closed before the request went out.
    fn inline_exchange(
        &self,
        origin: &Origin,
        mut request: http::Request<Full<Bytes>>,
        deadline: Instant,
    ) -> Result<(http::response::Parts, Bytes), TransportError> {
        let pool = &self.inner.pool;
        let limit = self.inner.request_timeout;
        loop {
            let (mut conn, reused) = match pool.take_inline(origin) {
                Some(conn) => (conn, true),
                None => (
                    inline::connect(
                        origin,
                        &self.inner.tls,
                        pool.connect_timeout(),
                        deadline,
                        limit,
                    )?,
                    false,
                ),
            };
            let host = origin.host();
            match conn.exchange(request, self.inner.max_body, deadline, limit, host)? {
                Outcome::Done(parts, body) => {
                    pool.put_inline(origin.clone(), conn);
                    return Ok((parts, body));
                }
                Outcome::Unsent(unsent) if reused => {
                    tracing::debug!(host, "kept-alive connection closed, sending again");
                    request = unsent;
                }
                Outcome::Unsent(_) => {
                    return Err(TransportError::Io {
                        host: host.to_owned(),
                        source: "the connection closed before the request went out".into(),
                    });
                }
            }
        }
    }
}

/// The error of a response body that could not be read whole.
pub(crate) fn body_error(
    error: Box<dyn std::error::Error + Send + Sync>,
    max_body: usize,
    host: &str,
) -> TransportError {
    if error
        .downcast_ref::<http_body_util::LengthLimitError>()
        .is_some()
    {
        TransportError::BodyTooLarge(max_body)
    } else {
        TransportError::Io {
            host: host.to_owned(),
            source: error,
        }
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
