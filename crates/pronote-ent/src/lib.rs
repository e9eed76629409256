//! ENT (single sign-on) logins for PRONOTE.
//!
//! Many schools let users into PRONOTE only through their ENT: a CAS,
//! EduConnect (SAML), Open ENT NG or another SSO. After the SSO, the
//! PRONOTE page fetched with the ENT's cookies carries the tokens `e`/`f`
//! in `Start()`, which replace the username and password (see
//! `pronote_api::LoginBuilder::ent`).
//!
//! ```text
//!  credentials ─▶ Flow (CAS form, EduConnect SAML, WAYF…) ─▶ cookie jar
//!                                                              │
//!  PRONOTE page ◀── redirects + SAML POST bindings ◀───────────┘
//!      └─▶ Start({…, e, f}) ─▶ pronote-api ENT login
//! ```
//!
//! * [`Flow`]: the flow families and their URLs; [`flow`] has each family
//!   as a reusable function over a [`Browser`].
//! * [`providers`]/[`provider`]: the table, by pronotepy's names; a
//!   [`Provider`] not in it can be deserialised from a description.
//! * [`login`]: runs a provider's flow and opens the PRONOTE page.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use pronote_ent::{EntCredentials, provider};
//! use pronote_transport::HyperTransport;
//! let transport = HyperTransport::builder().build()?;
//! let ent = provider("ile_de_france").ok_or("unknown ENT")?;
//! let session = pronote_ent::login(
//!     ent,
//!     &EntCredentials::new("jean.dupont", "secret"),
//!     "https://0750000x.index-education.net/pronote/eleve.html",
//!     &transport,
//! )
//! .await?;
//! // `transport`'s cookie jar now opens the page with `e`/`f`.
//! println!("PRONOTE page: {}", session.page_url);
//! # Ok(()) }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod browser;
mod error;
pub mod flow;
mod form;
mod providers;

use std::fmt;

pub use browser::{Browser, Page, USER_AGENT};
pub use error::{EntError, Step};
pub use flow::{Family, Flow};
pub use form::{Form, FormMethod, FormSelector};
use pronote_proto::start::StartPage;
use pronote_transport::HyperTransport;
pub use providers::{Provider, provider, providers};

/// The user's ENT username and password. `Debug` hides the password.
///
/// ```
/// let c = pronote_ent::EntCredentials::new("jean", "hunter2");
/// assert!(!format!("{c:?}").contains("hunter2"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct EntCredentials {
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
}

impl EntCredentials {
    /// Credentials.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        EntCredentials {
            username: username.into(),
            password: password.into(),
        }
    }
}

impl fmt::Debug for EntCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntCredentials")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// A finished SSO: the PRONOTE page that carries `e`/`f` (the cookies are
/// in the transport's jar).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EntSession {
    /// The PRONOTE page URL reached (after the SSO redirects).
    pub page_url: String,
    /// The provider's name.
    pub provider: String,
}

/// Runs `provider`'s flow with `credentials` on `transport` (its cookie
/// jar receives the ENT session), then opens `pronote_url` and checks that
/// the page carries the ENT tokens.
///
/// # Errors
///
/// A distinct [`EntError`] for wrong credentials, an unexpected page, an
/// identity provider outage and a redirect loop, each naming the provider
/// and the [`Step`].
pub async fn login(
    provider: &Provider,
    credentials: &EntCredentials,
    pronote_url: &str,
    transport: &HyperTransport,
) -> Result<EntSession, EntError> {
    let browser = Browser::new(transport.clone(), &provider.name);
    tracing::debug!(provider = %provider.name, family = %provider.flow.family(), "ENT login");
    provider
        .flow
        .run(&browser, credentials, pronote_url)
        .await?;
    let page = pronote_page(&browser, pronote_url).await?;
    if !has_ent_tokens(&page) {
        return Err(browser.unexpected(
            Step::PronotePage,
            &page,
            "the PRONOTE page carries no ENT tokens (e/f): the SSO did not reach PRONOTE",
        ));
    }
    Ok(EntSession {
        page_url: page.url.to_string(),
        provider: provider.name.clone(),
    })
}

/// Opens the PRONOTE page as a browser would: redirects through the ENT
/// and SAML POST-binding forms relayed.
pub async fn pronote_page(browser: &Browser, pronote_url: &str) -> Result<Page, EntError> {
    let url = browser.url(pronote_url)?;
    let page = browser.get(&url, Step::PronotePage).await?;
    browser.relay_saml(page, Step::PronotePage).await
}

/// Whether `page` is a PRONOTE page whose `Start()` carries `e`/`f`.
pub fn has_ent_tokens(page: &Page) -> bool {
    StartPage::parse(&page.body).is_ok_and(|p| p.params.ent.is_some())
}
