//! What a login hands back: its outputs, events and outcome.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::http::HttpRequest;
use crate::password::{NewPassword, NewPasswordPrompt};
use crate::raw_reply::RawReply;
use crate::session::Session;
use crate::start::StartParams;
use crate::version::{Generation, Version};

/// A token the server issued: the credentials of the next login. `Debug`
/// never shows the token.
///
/// ```
/// use pronote_proto::login::IssuedToken;
/// let token = IssuedToken {
///     username: "demonstration".into(),
///     token: "s3cr3t-t0k3n".into(),
///     device_uuid: "5c8a2a36".into(),
///     page_url: "https://x.fr/pronote/mobile.eleve.html".into(),
/// };
/// assert!(!format!("{token:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The canonical username.
    pub username: String,
    /// The token (`jetonConnexionAppliMobile`).
    pub token: String,
    /// The device UUID it is bound to.
    pub device_uuid: String,
    /// The page to log in on (the mobile page).
    pub page_url: String,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("username", &self.username)
            .field("token", &"<redacted>")
            .field("device_uuid", &self.device_uuid)
            .field("page_url", &self.page_url)
            .finish()
    }
}

/// Something the caller should know as it happens.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LoginEvent {
    /// The generation in use, and the version when known.
    Generation {
        /// The generation.
        generation: Generation,
        /// The server version.
        version: Option<Version>,
    },
    /// The server handed out a navigator id: keep it for the next login.
    NavigatorId(String),
    /// A new token: persist it now, the previous one is void.
    TokenIssued(IssuedToken),
    /// The server saved the new password chosen at
    /// [`LoginOutput::NewPasswordRequired`]: persist it now, the previous
    /// one no longer works.
    PasswordChanged(NewPassword),
}

/// What double authentication asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubleAuthPrompt {
    /// The raw `actionsDoubleAuth` set.
    pub actions: BTreeSet<u32>,
    /// The account's PIN must be entered.
    pub needs_pin: bool,
    /// This device must be registered under a name.
    pub needs_device_name: bool,
}

/// The caller's answer to a [`DoubleAuthPrompt`]. `Debug` never shows the
/// PIN.
///
/// ```
/// use pronote_proto::login::DoubleAuthAnswer;
/// let answer = DoubleAuthAnswer {
///     pin: Some("9137".into()),
///     device_name: Some("kitchen tablet".into()),
/// };
/// let shown = format!("{answer:?}");
/// assert!(shown.contains("kitchen tablet") && !shown.contains("9137"));
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct DoubleAuthAnswer {
    /// The PIN.
    pub pin: Option<String>,
    /// The name to register this device under.
    pub device_name: Option<String>,
}

impl fmt::Debug for DoubleAuthAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DoubleAuthAnswer")
            .field("pin", &self.pin.as_ref().map(|_| "<redacted>"))
            .field("device_name", &self.device_name)
            .finish()
    }
}

/// An output of the login.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LoginOutput {
    /// Send this request and hand its response to
    /// [`Login::handle_response`](super::Login::handle_response).
    Transmit(HttpRequest),
    /// Something to know (and for [`LoginEvent::TokenIssued`], to save).
    Event(LoginEvent),
    /// Double authentication: answer with
    /// [`Login::submit_double_auth`](super::Login::submit_double_auth).
    DoubleAuthRequired(DoubleAuthPrompt),
    /// The account must choose a new password: answer with
    /// [`Login::submit_new_password`](super::Login::submit_new_password).
    NewPasswordRequired(NewPasswordPrompt),
    /// Logged in: call [`Login::finish`](super::Login::finish).
    Ready,
}

/// What a finished login yields.
#[derive(Debug)]
pub struct LoginOutcome {
    /// The session.
    pub session: Session,
    /// The Start page's parameters.
    pub start: StartParams,
    /// The `FonctionParametres` reply (instance settings, periods,
    /// hours…), its data still text (read it into your own types with
    /// [`RawReply::data`]), with the payload as the server deflated it
    /// when it did ([`RawReply::deflated_payload`]), the form to keep.
    pub instance: RawReply,
    /// `Authentification` data, without `cle`.
    pub authentication: Value,
    /// The `ParametresUtilisateur` reply (the user, children, tabs…), as
    /// [`LoginOutcome::instance`].
    pub user: RawReply,
    /// The navigator id to send next time.
    pub navigator_id: Option<String>,
    /// The token issued by this login, if any.
    pub issued_token: Option<IssuedToken>,
}
