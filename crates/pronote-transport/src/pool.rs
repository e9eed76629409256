//! Kept-alive HTTP/1.1 connections, per origin.
//!
//! The transport speaks HTTP/1.1 only and sends one request at a time on a
//! connection, so a pool needs little: a list of idle connections per
//! origin, taken by one request and handed back once its response is read
//! whole. Each connection is driven by a task of its own (hyper's
//! `client::conn::http1`); its `SendRequest` handle is what the pool
//! keeps.
//!
//! A transport built with [`Builder::blocking`](crate::Builder::blocking)
//! keeps its exchanges' connections here too, driven by their callers
//! ([`crate::inline`]) rather than by tasks.
//!
//! This replaces `hyper_util`'s general client (HTTP/2 sharing, racing a
//! checkout against a connect, a task per returned connection), whose
//! bookkeeping cost a PRONOTE exchange about a third of its user time on
//! loopback (`benches/RESULTS.md`).

use std::collections::HashMap;
use std::future::poll_fn;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use tower_service::Service;
use url::Url;

use crate::error::TransportError;
use crate::inline::InlineConn;

/// The request body type of every connection.
pub(crate) type Body = Full<Bytes>;

/// Where a connection goes: scheme, host and port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Origin {
    secure: bool,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an `http`/`https` URL (checked by `parse_url`).
    pub(crate) fn of(url: &Url) -> Result<Self, TransportError> {
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| TransportError::InvalidUrl("URL without a host".into()))?;
        let port = url
            .port_or_known_default()
            .ok_or_else(|| TransportError::InvalidUrl("URL without a port".into()))?;
        Ok(Origin {
            secure: url.scheme() == "https",
            host: host.to_owned(),
            port,
        })
    }

    /// The host, as written in the URL (IPv6 in brackets).
    pub(crate) fn host(&self) -> &str {
        &self.host
    }

    /// The port (the scheme's default when the URL names none).
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// Whether the origin is `https`.
    pub(crate) fn is_secure(&self) -> bool {
        self.secure
    }

    /// The URI the connector is given (scheme and authority only).
    fn connect_uri(&self) -> Result<http::Uri, TransportError> {
        let scheme = if self.secure { "https" } else { "http" };
        format!("{scheme}://{}:{}/", self.host, self.port)
            .parse()
            .map_err(|e| TransportError::InvalidUrl(format!("{e}")))
    }
}

/// A connection taken from the pool or just opened.
pub(crate) struct Conn {
    pub(crate) sender: SendRequest<Body>,
    /// Whether it served a request before: a request it fails to send may
    /// be sent again on a new connection (the server may have closed an
    /// idle connection as the request went out).
    pub(crate) reused: bool,
}

/// An idle connection of either kind and when it became idle.
struct Idle<C> {
    conn: C,
    since: Instant,
}

/// Idle connections of one kind, per origin.
type IdleMap<C> = Mutex<HashMap<Origin, Vec<Idle<C>>>>;

/// A connection the pool can keep.
trait Reusable {
    /// Whether it can take another request.
    fn is_open(&self) -> bool;
}

impl Reusable for SendRequest<Body> {
    fn is_open(&self) -> bool {
        !self.is_closed()
    }
}

impl Reusable for InlineConn {
    fn is_open(&self) -> bool {
        InlineConn::is_open(self)
    }
}

/// The pool and the connector that fills it.
pub(crate) struct Pool {
    connector: HttpsConnector<HttpConnector>,
    /// Connections driven by tasks of their own.
    idle: IdleMap<SendRequest<Body>>,
    /// Connections driven by their callers (a blocking transport's).
    idle_inline: IdleMap<InlineConn>,
    idle_timeout: Duration,
    max_idle: usize,
    /// The connector's timeout, for errors.
    connect_timeout: Duration,
}

impl Pool {
    /// A pool keeping at most `max_idle` idle connections per origin, each
    /// for at most `idle_timeout`; `connector` has `connect_timeout` set.
    pub(crate) fn new(
        connector: HttpsConnector<HttpConnector>,
        idle_timeout: Duration,
        max_idle: usize,
        connect_timeout: Duration,
    ) -> Self {
        Pool {
            connector,
            idle: Mutex::new(HashMap::new()),
            idle_inline: Mutex::new(HashMap::new()),
            idle_timeout,
            max_idle,
            connect_timeout,
        }
    }

    /// A connection to `origin` ready for a request: the most recently
    /// used idle one still open, else a new one.
    pub(crate) async fn get(&self, origin: &Origin) -> Result<Conn, TransportError> {
        while let Some(mut sender) = self.take_idle(origin) {
            // An idle connection is ready at once unless its task has not
            // yet seen the end of the last response, or the server closed it.
            if sender.ready().await.is_ok() {
                return Ok(Conn {
                    sender,
                    reused: true,
                });
            }
        }
        self.connect(origin).await
    }

    /// The newest idle connection to `origin` not closed nor expired.
    fn take_idle(&self, origin: &Origin) -> Option<SendRequest<Body>> {
        self.take(&self.idle, origin)
    }

    /// Hands a connection back after its response was read whole.
    pub(crate) fn put(&self, origin: Origin, sender: SendRequest<Body>) {
        self.keep(&self.idle, origin, sender);
    }

    /// The newest idle caller-driven connection to `origin` still open.
    pub(crate) fn take_inline(&self, origin: &Origin) -> Option<InlineConn> {
        self.take(&self.idle_inline, origin)
    }

    /// Hands a caller-driven connection back after its exchange.
    pub(crate) fn put_inline(&self, origin: Origin, conn: InlineConn) {
        self.keep(&self.idle_inline, origin, conn);
    }

    /// The time allowed to open a connection.
    pub(crate) fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The newest entry of `map` for `origin` not closed nor expired.
    /// Expired ones are dropped on the way.
    fn take<C: Reusable>(&self, map: &IdleMap<C>, origin: &Origin) -> Option<C> {
        let mut idle = map.lock().unwrap_or_else(PoisonError::into_inner);
        let list = idle.get_mut(origin)?;
        let found = loop {
            let Some(entry) = list.pop() else {
                break None;
            };
            if entry.conn.is_open() && entry.since.elapsed() < self.idle_timeout {
                break Some(entry.conn);
            }
        };
        if list.is_empty() {
            idle.remove(origin);
        }
        found
    }

    /// Keeps `conn` in `map` unless closed or the origin has its fill.
    fn keep<C: Reusable>(&self, map: &IdleMap<C>, origin: Origin, conn: C) {
        if self.max_idle == 0 || !conn.is_open() {
            return;
        }
        let now = Instant::now();
        let mut idle = map.lock().unwrap_or_else(PoisonError::into_inner);
        let list = idle.entry(origin).or_default();
        list.retain(|e| e.conn.is_open() && now.duration_since(e.since) < self.idle_timeout);
        if list.len() < self.max_idle {
            list.push(Idle { conn, since: now });
        }
    }

    /// Opens a connection (TCP, then TLS for `https`) and starts the task
    /// that drives it.
    async fn connect(&self, origin: &Origin) -> Result<Conn, TransportError> {
        let uri = origin.connect_uri()?;
        let mut connector = self.connector.clone();
        let connect_error = |source: Box<dyn std::error::Error + Send + Sync>| {
            if is_timeout(source.as_ref()) {
                TransportError::Timeout {
                    what: "connect",
                    secs: self.connect_timeout.as_secs_f64(),
                }
            } else {
                TransportError::Connect {
                    host: origin.host.clone(),
                    source,
                }
            }
        };
        poll_fn(|cx| connector.poll_ready(cx))
            .await
            .map_err(connect_error)?;
        let io = connector.call(uri).await.map_err(connect_error)?;
        let (sender, connection) = http1::Builder::new()
            .handshake(io)
            .await
            .map_err(|e| connect_error(Box::new(e)))?;
        let host = origin.host.clone();
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%host, error = %e, "connection ended with an error");
            }
        });
        Ok(Conn {
            sender,
            reused: false,
        })
    }
}

/// Whether a connect failure was a timeout: an I/O error of kind
/// `TimedOut` in its chain (what the connector reports when its timeout
/// passes).
fn is_timeout(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(err);
    while let Some(e) = source {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(url: &str) -> Origin {
        Origin::of(&Url::parse(url).unwrap()).unwrap()
    }

    #[test]
    fn origins_and_connect_uris() {
        let a = origin("https://Demo.Example.fr/pronote/eleve.html?x=1");
        assert_eq!(a, origin("https://demo.example.fr:443/autre"));
        assert_ne!(a, origin("http://demo.example.fr/"));
        let b = origin("http://127.0.0.1:8080/");
        assert_eq!(
            b.connect_uri().unwrap().to_string(),
            "http://127.0.0.1:8080/"
        );
        let v6 = origin("http://[::1]:81/");
        assert_eq!(v6.connect_uri().unwrap().port_u16(), Some(81));
    }
}
