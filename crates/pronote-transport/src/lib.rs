//! HTTP transport for pronote-rs.
//!
//! `pronote-proto` describes requests and reads responses; a [`Transport`]
//! moves them. [`HyperTransport`] is the default: hyper 1.x over tokio,
//! rustls (webpki roots by default, the OS store with `native-roots`),
//! pooled HTTP/1.1 connections, a shared [`CookieJar`] (ENT sessions, the
//! `appliMobile` cookie), manual redirects with loop detection, connect and
//! request timeouts, and gzip/deflate bodies. A synchronous program can
//! build it [`blocking`](Builder::blocking): each exchange then drives its
//! connection and waits on the socket on the calling thread, without the
//! runtime's tasks and I/O driver (what the Python package's synchronous
//! client does).
//!
//! Redirects follow one set of rules for exchanges and streams: never from
//! `https://` to `http://` ([`TransportError::InsecureRedirect`]); the
//! caller's headers and cookies only on the origin they were given for
//! (after a redirect elsewhere only `content-type` and `user-agent` go);
//! at most the configured number, and never back to a request already
//! made. Plain `http://` URLs work (local instances) and are logged once
//! per transport as a `tracing` warning.
//!
//! Plug any other HTTP stack by implementing [`Transport`]:
//!
//! ```
//! use pronote_proto::http::{HttpRequest, HttpResponse};
//! use pronote_transport::{Transport, TransportError};
//!
//! /// A transport that answers every request with a canned page (tests).
//! struct Canned(&'static str);
//!
//! impl Transport for Canned {
//!     async fn send(&self, _request: &HttpRequest) -> Result<HttpResponse, TransportError> {
//!         Ok(HttpResponse::new(200, self.0))
//!     }
//! }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod builder;
mod cookies;
mod error;
mod hyper_transport;
mod inline;
mod pool;
mod redirect;
mod url_cache;

use std::future::Future;

pub use builder::Builder;
pub use cookies::CookieJar;
pub use error::TransportError;
pub use hyper_transport::{Exchange, HyperTransport, RedirectPolicy, StreamingResponse};
use pronote_proto::http::{HttpRequest, HttpResponse};

/// Sends one request described by `pronote-proto` and returns the
/// response, after transfer decoding (gzip is the transport's job).
pub trait Transport: Send + Sync {
    /// Sends `request`.
    fn send(
        &self,
        request: &HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send;
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(
        &self,
        request: &HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        (**self).send(request)
    }
}
