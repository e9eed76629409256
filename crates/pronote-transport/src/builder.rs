//! The settings of a [`HyperTransport`] and the TLS configuration it is
//! built with.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use hyper_util::client::legacy::connect::HttpConnector;

use crate::cookies::CookieJar;
use crate::error::TransportError;
use crate::hyper_transport::{HyperTransport, Inner, RedirectPolicy};
use crate::pool::Pool;
use crate::url_cache::UrlCache;

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
    blocking: bool,
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
            blocking: false,
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

    /// Sends on the calling thread (default: no). Each exchange drives its
    /// connection itself and the thread waits on the socket, blocking it
    /// until the response is read whole: no task, channel or I/O driver
    /// of the runtime takes part, which a synchronous program (one
    /// exchange at a time, waiting for each) pays for and does not use.
    /// Only for such a program: a blocking transport stalls every other
    /// task of the thread it runs on. Timeouts, redirects, cookies, TLS
    /// and the pool work as on the default path;
    /// [`stream`](HyperTransport::stream) still runs on the runtime.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use pronote_proto::http::{HttpRequest, Method};
    /// use pronote_transport::{HyperTransport, Transport};
    ///
    /// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    /// let page = HttpRequest {
    ///     method: Method::Get,
    ///     url: "https://demo.index-education.net/pronote/eleve.html".into(),
    ///     headers: vec![],
    ///     body: vec![],
    /// };
    /// let response = runtime.block_on(async {
    ///     let transport = HyperTransport::builder().blocking(true).build()?;
    ///     transport.send(&page).await
    /// })?;
    /// println!("{}", response.status);
    /// # Ok(()) }
    /// ```
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = blocking;
        self
    }

    /// Builds the transport. Must be called inside a tokio runtime.
    pub fn build(self) -> Result<HyperTransport, TransportError> {
        let tls = Arc::new(tls_config(&self.extra_roots)?);
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(self.connect_timeout));
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config((*tls).clone())
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
                blocking: self.blocking,
                tls,
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
