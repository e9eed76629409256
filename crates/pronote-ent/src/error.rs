//! One error type, split by cause; every variant names the provider and the
//! step. No variant carries a password, a ticket, a cookie or a page body.

use std::fmt;

use pronote_transport::TransportError;

/// A step of an SSO flow, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Loading the provider's login page.
    LoginPage,
    /// Posting the username and password.
    Credentials,
    /// Relaying a SAML request (POST binding) to the identity provider.
    SamlRequest,
    /// Relaying a SAML response (POST binding) back to the service.
    SamlResponse,
    /// The WAYF discovery service.
    Discovery,
    /// A provider-specific step after the login (hub checks, Toutatice's
    /// remote-user exchange…).
    AfterLogin,
    /// Opening the PRONOTE page with the ENT session.
    PronotePage,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::LoginPage => "login page",
            Step::Credentials => "credentials",
            Step::SamlRequest => "SAML request",
            Step::SamlResponse => "SAML response",
            Step::Discovery => "WAYF discovery",
            Step::AfterLogin => "after login",
            Step::PronotePage => "PRONOTE page",
        })
    }
}

/// Why an ENT login failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EntError {
    /// The identity provider refused the username or the password.
    #[error("{provider}: wrong username or password ({step})")]
    BadCredentials {
        /// The provider's name.
        provider: String,
        /// Where it was refused.
        step: Step,
    },
    /// A page did not look as the flow expects (no login form, no SAML
    /// form, no ENT tokens in the PRONOTE page…): the provider changed, or
    /// the description is wrong.
    #[error("{provider}: unexpected page at {step}: {what}")]
    UnexpectedPage {
        /// The provider's name.
        provider: String,
        /// The step.
        step: Step,
        /// What was expected or found (never the body).
        what: String,
        /// The page URL, without its query.
        url: String,
    },
    /// The identity provider is down: no connection, a timeout, or a 5xx.
    #[error("{provider}: identity provider unavailable at {step}{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    Unavailable {
        /// The provider's name.
        provider: String,
        /// The step.
        step: Step,
        /// The HTTP status, when a server answered.
        status: Option<u16>,
        /// The transport failure, when none answered.
        #[source]
        source: Option<TransportError>,
    },
    /// Redirects went round in a loop, or never ended.
    #[error("{provider}: redirect loop at {step} ({url})")]
    RedirectLoop {
        /// The provider's name.
        provider: String,
        /// The step.
        step: Step,
        /// Where the loop was seen, without the query.
        url: String,
    },
    /// Another transport failure (an invalid URL, a body too large…).
    #[error("{provider}: transport failure at {step}")]
    Transport {
        /// The provider's name.
        provider: String,
        /// The step.
        step: Step,
        /// The cause.
        #[source]
        source: TransportError,
    },
    /// No provider has this name (see [`providers`](crate::providers)).
    #[error("no ENT provider named `{0}` (see `pronote ent list`)")]
    UnknownProvider(String),
    /// A provider description that cannot work (a missing or invalid URL).
    #[error("{provider}: invalid description: {reason}")]
    InvalidProvider {
        /// The provider's name.
        provider: String,
        /// What is wrong.
        reason: String,
    },
}

impl EntError {
    /// Whether the user should be asked for their credentials again.
    pub fn is_bad_credentials(&self) -> bool {
        matches!(self, EntError::BadCredentials { .. })
    }

    /// Whether trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, EntError::Unavailable { .. })
    }

    /// The provider's name, when the error concerns one.
    pub fn provider(&self) -> Option<&str> {
        match self {
            EntError::BadCredentials { provider, .. }
            | EntError::UnexpectedPage { provider, .. }
            | EntError::Unavailable { provider, .. }
            | EntError::RedirectLoop { provider, .. }
            | EntError::Transport { provider, .. }
            | EntError::InvalidProvider { provider, .. } => Some(provider),
            EntError::UnknownProvider(_) => None,
        }
    }

    /// The step that failed, when the error concerns one.
    pub fn step(&self) -> Option<Step> {
        match self {
            EntError::BadCredentials { step, .. }
            | EntError::UnexpectedPage { step, .. }
            | EntError::Unavailable { step, .. }
            | EntError::RedirectLoop { step, .. }
            | EntError::Transport { step, .. } => Some(*step),
            _ => None,
        }
    }

    pub(crate) fn from_transport(provider: &str, step: Step, e: TransportError) -> Self {
        let provider = provider.to_owned();
        match e {
            TransportError::RedirectLoop(url) => EntError::RedirectLoop {
                provider,
                step,
                url,
            },
            TransportError::TooManyRedirects(n) => EntError::RedirectLoop {
                provider,
                step,
                url: format!("more than {n} redirects"),
            },
            e if e.is_transient() => EntError::Unavailable {
                provider,
                step,
                status: None,
                source: Some(e),
            },
            source => EntError::Transport {
                provider,
                step,
                source,
            },
        }
    }
}

/// A URL for messages: no query (tickets), no fragment, no user info.
pub(crate) fn display_url(url: &url::Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.to_string()
}
