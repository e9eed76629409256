//! What a login is given: the method, the device and the options.

use std::fmt;

use crate::auth::QrCode;
use crate::crypto::UuidKey;
use crate::payload::Limits;
use crate::version::{ChallengeRule, Generation};

/// How to log in. `Debug` shows the username, never the password,
/// token or PIN.
///
/// ```
/// use pronote_proto::login::LoginMethod;
/// let method = LoginMethod::Password {
///     username: "demonstration".into(),
///     password: "pronotevs".into(),
/// };
/// let shown = format!("{method:?}");
/// assert!(shown.contains("demonstration"));
/// assert!(!shown.contains("pronotevs"));
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginMethod {
    /// Username and password.
    Password {
        /// Username.
        username: String,
        /// Password.
        password: String,
    },
    /// A token from an earlier login
    /// ([`LoginEvent::TokenIssued`](super::LoginEvent::TokenIssued)), with
    /// the same device UUID.
    Token {
        /// The canonical username the token was issued for.
        username: String,
        /// The token.
        token: String,
    },
    /// A scanned QR code and the PIN chosen when it was made.
    QrCode {
        /// The QR code's JSON.
        code: QrCode,
        /// The 4-digit PIN.
        pin: String,
    },
    /// The `e`/`f` tokens of a page fetched after an ENT (SSO) login; the
    /// transport must hold the ENT's cookies.
    Ent,
}

impl fmt::Debug for LoginMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginMethod::Password { username, .. } => f
                .debug_struct("Password")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
            LoginMethod::Token { username, .. } => f
                .debug_struct("Token")
                .field("username", username)
                .field("token", &"<redacted>")
                .finish(),
            LoginMethod::QrCode { code, .. } => f
                .debug_struct("QrCode")
                .field("code", code)
                .field("pin", &"<redacted>")
                .finish(),
            LoginMethod::Ent => f.write_str("Ent"),
        }
    }
}

impl LoginMethod {
    pub(super) fn is_mobile(&self) -> bool {
        matches!(self, LoginMethod::Token { .. } | LoginMethod::QrCode { .. })
    }
}

/// The device a mobile login is bound to.
///
/// A token or QR-code login without a device UUID is refused before
/// anything is sent:
///
/// ```
/// use pronote_proto::login::{Device, Login, LoginConfig, LoginMethod};
/// use pronote_proto::{Error, Misuse};
/// let method = LoginMethod::Token { username: "demonstration".into(), token: "t0k3n".into() };
/// let mut config = LoginConfig::new("https://x.fr/pronote/mobile.eleve.html", method);
/// let refused = Login::with_randomness(config.clone(), [0; 16], [0; 32]);
/// assert!(matches!(refused, Err(Error::Misuse(Misuse::Config(_)))));
/// config.device = Device { uuid: "5c8a2a36-0a7e-4a51-9d0d-1b1e1f6c2d10".into(), ..Device::default() };
/// assert!(Login::with_randomness(config, [0; 16], [0; 32]).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Device {
    /// A stable UUID chosen by the application (`uuidAppliMobile`); a
    /// token only works with the UUID it was issued to.
    pub uuid: String,
    /// The navigator id the server handed out earlier (`identifiantNav`).
    pub navigator_id: Option<String>,
    /// Model and platform, sent as `informationsAppareil` when both are set.
    pub model: Option<String>,
    /// See `model`.
    pub platform: Option<String>,
}

/// Knobs for a login; the defaults suit real servers.
///
/// ```
/// use pronote_proto::login::{LoginConfig, LoginMethod, LoginOptions};
/// use pronote_proto::Generation;
/// let options = LoginOptions::default();
/// assert!(options.strict, "order numbers and session ids are checked by default");
/// let mut config = LoginConfig::new(
///     "https://x.fr/pronote/eleve.html",
///     LoginMethod::Password { username: "u".into(), password: "p".into() },
/// );
/// // Ask for a mobile token along the way, and pin the generation.
/// config.options.request_token = true;
/// config.options.generation = Some(Generation::V2025);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoginOptions {
    /// Speak this generation whatever the page says.
    pub generation: Option<Generation>,
    /// Answer the challenge with this rule only (no fallback).
    pub challenge: Option<ChallengeRule>,
    /// RSA key for the `Uuid` of `http` pages instead of the constant key
    /// (a simulated server can only decrypt with a key of its own).
    pub uuid_key: Option<UuidKey>,
    /// Verify order numbers and session ids of replies (default on).
    pub strict: bool,
    /// Decoder limits.
    pub limits: Limits,
    /// Ask for a mobile token with a password login, to log in with it
    /// later ([`LoginMethod::Token`]).
    pub request_token: bool,
    /// Override the User-Agent.
    pub user_agent: Option<String>,
}

impl Default for LoginOptions {
    fn default() -> Self {
        LoginOptions {
            generation: None,
            challenge: None,
            uuid_key: None,
            strict: true,
            limits: Limits::default(),
            request_token: false,
            user_agent: None,
        }
    }
}

/// What a login needs.
#[derive(Debug, Clone)]
pub struct LoginConfig {
    /// The space page, e.g. `https://…/pronote/eleve.html`. For a QR code
    /// the code's own URL is used.
    pub page_url: String,
    /// How to log in.
    pub method: LoginMethod,
    /// The device (mobile logins).
    pub device: Device,
    /// Options.
    pub options: LoginOptions,
}

impl LoginConfig {
    /// A configuration with default device and options.
    pub fn new(page_url: impl Into<String>, method: LoginMethod) -> Self {
        LoginConfig {
            page_url: page_url.into(),
            method,
            device: Device::default(),
            options: LoginOptions::default(),
        }
    }
}
