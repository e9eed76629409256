//! What the flows share: a "browser" over [`HyperTransport`] that follows
//! redirects with the shared cookie jar, submits forms, and relays SAML
//! POST-binding forms (the auto-submitted forms a browser's JavaScript
//! would post).

use std::borrow::Cow;
use std::fmt;

use pronote_proto::http::{HttpRequest, Method};
use pronote_transport::{CookieJar, HyperTransport, RedirectPolicy};
use url::Url;

use crate::error::{EntError, Step, display_url};
use crate::form::{Form, FormMethod};

/// The User-Agent of every request: some providers refuse unknown clients.
pub const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// How many auto-submitted forms are relayed in a row before giving up.
const MAX_RELAYS: usize = 8;

/// A page loaded by the [`Browser`]: its final URL (after redirects), the
/// status and the text. `Debug` does not show the body.
#[derive(Clone)]
pub struct Page {
    /// The final URL.
    pub url: Url,
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

impl fmt::Debug for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("url", &display_url(&self.url))
            .field("status", &self.status)
            .field("bytes", &self.body.len())
            .finish()
    }
}

impl Page {
    /// The first form matching `which`.
    pub fn form(&self, which: &crate::FormSelector) -> Option<Form> {
        Form::find(&self.body, &self.url, which)
    }

    /// The first form with a field named `name`.
    pub fn form_with(&self, name: &str) -> Option<Form> {
        Form::with_field(&self.body, &self.url, name)
    }

    /// Whether the page shows a login form (a form with a password field).
    pub fn has_login_form(&self) -> bool {
        Form::all(&self.body, &self.url)
            .iter()
            .any(Form::has_password)
    }
}

/// Loads pages for one provider's flow; errors name the provider.
#[derive(Clone)]
pub struct Browser {
    transport: HyperTransport,
    provider: String,
    max_redirects: usize,
}

impl fmt::Debug for Browser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Browser")
            .field("provider", &self.provider)
            .field("transport", &self.transport)
            .finish()
    }
}

impl Browser {
    /// A browser for `provider` on `transport` (its cookie jar receives the
    /// ENT session).
    pub fn new(transport: HyperTransport, provider: &str) -> Self {
        Browser {
            transport,
            provider: provider.to_owned(),
            max_redirects: 20,
        }
    }

    /// The provider's name.
    pub fn provider(&self) -> &str {
        &self.provider
    }

    /// The cookie jar.
    pub fn cookie_jar(&self) -> &CookieJar {
        self.transport.cookie_jar()
    }

    /// The transport.
    pub fn transport(&self) -> &HyperTransport {
        &self.transport
    }

    /// Parses `url`, or says the provider description is wrong.
    pub fn url(&self, url: &str) -> Result<Url, EntError> {
        Url::parse(url).map_err(|e| EntError::InvalidProvider {
            provider: self.provider.clone(),
            reason: format!("URL `{}`: {e}", strip(url)),
        })
    }

    /// An [`EntError::UnexpectedPage`] for `page`.
    pub fn unexpected(&self, step: Step, page: &Page, what: impl Into<String>) -> EntError {
        EntError::UnexpectedPage {
            provider: self.provider.clone(),
            step,
            what: what.into(),
            url: display_url(&page.url),
        }
    }

    /// An [`EntError::BadCredentials`].
    pub fn bad_credentials(&self, step: Step) -> EntError {
        EntError::BadCredentials {
            provider: self.provider.clone(),
            step,
        }
    }

    /// GET `url`, following redirects.
    pub async fn get(&self, url: &Url, step: Step) -> Result<Page, EntError> {
        self.request(Method::Get, url.clone(), Vec::new(), step)
            .await
    }

    /// POST urlencoded `pairs` to `url`, following redirects.
    pub async fn post(
        &self,
        url: &Url,
        pairs: &[(&str, &str)],
        step: Step,
    ) -> Result<Page, EntError> {
        let body = crate::form::encode_pairs(pairs.iter().copied()).into_bytes();
        self.request(Method::Post, url.clone(), body, step).await
    }

    /// Submits `form`, following redirects.
    pub async fn submit(&self, form: &Form, step: Step) -> Result<Page, EntError> {
        match form.method {
            FormMethod::Post => {
                self.request(Method::Post, form.action.clone(), form.encoded(), step)
                    .await
            }
            FormMethod::Get => {
                let mut url = form.action.clone();
                let query = String::from_utf8_lossy(&form.encoded()).into_owned();
                url.set_query((!query.is_empty()).then_some(query.as_str()));
                self.request(Method::Get, url, Vec::new(), step).await
            }
        }
    }

    /// While `page` is a SAML POST-binding form (`SAMLRequest` or
    /// `SAMLResponse`), submits it, as a browser's `onload` script would.
    pub async fn relay_saml(&self, mut page: Page, step: Step) -> Result<Page, EntError> {
        for _ in 0..MAX_RELAYS {
            let Some(form) = page
                .form_with("SAMLResponse")
                .or_else(|| page.form_with("SAMLRequest"))
            else {
                return Ok(page);
            };
            tracing::debug!(provider = %self.provider, %step, to = %display_url(&form.action), "relaying SAML form");
            page = self.submit(&form, step).await?;
        }
        Err(EntError::RedirectLoop {
            provider: self.provider.clone(),
            step,
            url: display_url(&page.url),
        })
    }

    async fn request(
        &self,
        method: Method,
        url: Url,
        body: Vec<u8>,
        step: Step,
    ) -> Result<Page, EntError> {
        let mut headers: Vec<(Cow<'static, str>, String)> = vec![
            (Cow::Borrowed("user-agent"), USER_AGENT.to_owned()),
            (
                Cow::Borrowed("accept-language"),
                "fr-FR,fr;q=0.9".to_owned(),
            ),
        ];
        if method == Method::Post {
            headers.push((
                Cow::Borrowed("content-type"),
                "application/x-www-form-urlencoded".to_owned(),
            ));
        }
        let request = HttpRequest {
            method,
            url: url.to_string(),
            headers,
            body,
        };
        tracing::debug!(provider = %self.provider, %step, url = %display_url(&url), "ENT request");
        let exchange = self
            .transport
            .exchange(&request, RedirectPolicy::Follow(self.max_redirects))
            .await
            .map_err(|e| EntError::from_transport(&self.provider, step, e))?;
        let final_url = Url::parse(&exchange.final_url).unwrap_or(url);
        let status = exchange.response.status;
        if status >= 500 {
            return Err(EntError::Unavailable {
                provider: self.provider.clone(),
                step,
                status: Some(status),
                source: None,
            });
        }
        Ok(Page {
            url: final_url,
            status,
            body: exchange.response.text().into_owned(),
        })
    }
}

fn strip(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}
