//! ENT (single sign-on) logins, with the `ent` feature: a provider from
//! [`pronote_ent`]'s table (or described by hand) and the user's ENT
//! credentials log in to PRONOTE, and the SSO runs again by itself when the
//! session has to be re-established.
//!
//! The re-login works through the transport: [`EntTransport`] serves the
//! PRONOTE page request itself, and when the page no longer carries the
//! ENT tokens (`e`/`f`: the ENT session expired) it runs the provider's
//! flow again before returning the page. The client's transparent re-login
//! therefore gets fresh tokens without knowing about ENTs.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use pronote_api::ent::{self, EntCredentials};
//! let provider = pronote_ent::provider("monbureaunumerique").ok_or("unknown ENT")?;
//! let client = ent::connect(
//!     provider.clone(),
//!     EntCredentials::new("jean.dupont", "secret"),
//!     "https://0510000x.index-education.net/pronote/eleve.html",
//! )
//! .await?;
//! println!("{}", client.user().await.resource.name);
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex, PoisonError};

use pronote_ent::{Browser, has_ent_tokens, pronote_page};
pub use pronote_ent::{EntCredentials, EntError, Provider, provider, providers};
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use pronote_transport::{HyperTransport, Transport, TransportError};
use url::Url;

use crate::client::Client;
use crate::login::LoginBuilder;

/// Why an ENT login failed: at the ENT, or at PRONOTE afterwards.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EntLoginError {
    /// The SSO failed (wrong credentials, outage, unexpected page…).
    #[error(transparent)]
    Ent(#[from] EntError),
    /// PRONOTE refused or failed after the SSO.
    #[error(transparent)]
    Pronote(#[from] crate::Error),
}

/// A [`Transport`] that keeps an ENT session alive for one PRONOTE page:
/// requests for the page run the SSO again when the page comes back
/// without `e`/`f`; every other request goes to the inner
/// [`HyperTransport`]. Cheap to clone (clones share the session).
#[derive(Clone)]
pub struct EntTransport {
    inner: Arc<Inner>,
}

struct Inner {
    transport: HyperTransport,
    provider: Provider,
    credentials: EntCredentials,
    page: Url,
    sso_runs: AtomicU64,
    sso: tokio::sync::Mutex<()>,
    last_error: StdMutex<Option<EntError>>,
}

impl fmt::Debug for EntTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntTransport")
            .field("provider", &self.inner.provider.name)
            .field("credentials", &self.inner.credentials)
            .field("transport", &self.inner.transport)
            .finish_non_exhaustive()
    }
}

impl EntTransport {
    /// A transport for `page_url` through `provider`. `transport`'s cookie
    /// jar holds the ENT session (give one per account).
    pub fn new(
        transport: HyperTransport,
        provider: Provider,
        credentials: EntCredentials,
        page_url: &str,
    ) -> Result<Self, EntError> {
        let page = Url::parse(page_url).map_err(|e| EntError::InvalidProvider {
            provider: provider.name.clone(),
            reason: format!("PRONOTE page URL: {e}"),
        })?;
        Ok(EntTransport {
            inner: Arc::new(Inner {
                transport,
                provider,
                credentials,
                page,
                sso_runs: AtomicU64::new(0),
                sso: tokio::sync::Mutex::new(()),
                last_error: StdMutex::new(None),
            }),
        })
    }

    /// Runs the SSO now (the first login does it before talking to
    /// PRONOTE, so that an ENT failure comes back as an [`EntError`]).
    pub async fn sign_in(&self) -> Result<(), EntError> {
        let _guard = self.inner.sso.lock().await;
        self.run_sso().await
    }

    async fn run_sso(&self) -> Result<(), EntError> {
        self.inner.sso_runs.fetch_add(1, Ordering::SeqCst);
        pronote_ent::login(
            &self.inner.provider,
            &self.inner.credentials,
            self.inner.page.as_str(),
            &self.inner.transport,
        )
        .await
        .map(drop)
    }

    /// How many times the SSO ran.
    pub fn sso_runs(&self) -> u64 {
        self.inner.sso_runs.load(Ordering::SeqCst)
    }

    /// The error of the last failed SSO run inside a request (a re-login),
    /// taken out.
    pub fn take_last_error(&self) -> Option<EntError> {
        self.inner
            .last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The inner transport (its cookie jar holds the ENT session).
    pub fn transport(&self) -> &HyperTransport {
        &self.inner.transport
    }

    /// A login builder for the page through this transport.
    pub fn login_builder(&self) -> LoginBuilder<EntTransport> {
        LoginBuilder::ent(self.inner.page.as_str()).transport(self.clone())
    }

    fn is_page(&self, url: &str) -> bool {
        let Ok(url) = Url::parse(url) else {
            return false;
        };
        let page = &self.inner.page;
        url.scheme() == page.scheme()
            && url.host_str() == page.host_str()
            && url.port_or_known_default() == page.port_or_known_default()
            && url.path() == page.path()
    }

    async fn open_page(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let browser = Browser::new(self.inner.transport.clone(), &self.inner.provider.name);
        let page = pronote_page(&browser, &request.url)
            .await
            .map_err(|e| self.fail(e))?;
        if has_ent_tokens(&page) {
            return Ok(HttpResponse::new(page.status, page.body));
        }
        let _guard = self.inner.sso.lock().await;
        tracing::info!(provider = %self.inner.provider.name, "ENT session gone: running the SSO again");
        self.run_sso().await.map_err(|e| self.fail(e))?;
        let page = pronote_page(&browser, &request.url)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(HttpResponse::new(page.status, page.body))
    }

    /// Keeps `e` for [`take_last_error`](Self::take_last_error) and turns
    /// it into a transport error (the message names provider and step).
    fn fail(&self, e: EntError) -> TransportError {
        let mapped = match &e {
            EntError::RedirectLoop { url, .. } => TransportError::RedirectLoop(url.clone()),
            EntError::Unavailable { .. } => TransportError::Io {
                host: self.inner.page.host_str().unwrap_or_default().to_owned(),
                source: e.to_string().into(),
            },
            other => TransportError::InvalidRequest(format!("ENT login: {other}")),
        };
        *self
            .inner
            .last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(e);
        mapped
    }
}

impl Transport for EntTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        if request.method == Method::Get && self.is_page(&request.url) {
            return self.open_page(request).await;
        }
        self.inner.transport.send(request).await
    }
}

/// Logs in to the PRONOTE page `page_url` through `provider` with the
/// user's ENT `credentials`. The client runs the SSO again whenever it has
/// to log in again.
pub async fn connect(
    provider: Provider,
    credentials: EntCredentials,
    page_url: &str,
) -> Result<Client<EntTransport>, EntLoginError> {
    let transport = HyperTransport::builder()
        .build()
        .map_err(|_| crate::Error::Usage("no TLS root certificates for the default transport"))?;
    connect_with(transport, provider, credentials, page_url).await
}

/// [`connect`] on a given transport (tests, shared pools: use
/// [`HyperTransport::with_cookie_jar`] for one jar per account).
pub async fn connect_with(
    transport: HyperTransport,
    provider: Provider,
    credentials: EntCredentials,
    page_url: &str,
) -> Result<Client<EntTransport>, EntLoginError> {
    let ent = EntTransport::new(transport, provider, credentials, page_url)?;
    ent.sign_in().await?;
    match ent.login_builder().connect().await {
        Ok(client) => Ok(client),
        Err(e) => Err(match ent.take_last_error() {
            Some(ent_error) => EntLoginError::Ent(ent_error),
            None => EntLoginError::Pronote(e),
        }),
    }
}
