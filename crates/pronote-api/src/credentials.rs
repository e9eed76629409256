//! What to store to log in again without asking the user.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How stored credentials log in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Secret {
    /// A username and password.
    Password {
        /// Username.
        username: String,
        /// Password.
        password: String,
    },
    /// A mobile token, bound to `Credentials::device_uuid`. It rotates at
    /// every login: always keep the newest.
    Token {
        /// The canonical username.
        username: String,
        /// The token.
        token: String,
    },
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Password { username, .. } => f
                .debug_struct("Password")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
            Secret::Token { username, .. } => f
                .debug_struct("Token")
                .field("username", username)
                .field("token", &"<redacted>")
                .finish(),
        }
    }
}

/// Everything needed to log in again: hand it to your storage each time
/// the client reports new credentials (see
/// `LoginBuilder::on_credentials` with the `client` feature).
///
/// ```
/// use pronote_api::{Credentials, Secret};
/// let c = Credentials {
///     page_url: "https://x.fr/pronote/mobile.eleve.html".into(),
///     secret: Secret::Token { username: "demonstration".into(), token: "T0K3N".into() },
///     device_uuid: "my-app-1".into(),
///     navigator_id: None,
/// };
/// assert!(!format!("{c:?}").contains("T0K3N"));
/// let json = serde_json::to_string(&c)?;
/// assert_eq!(serde_json::from_str::<Credentials>(&json)?, c);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The space page to log in on.
    pub page_url: String,
    /// The secret.
    pub secret: Secret,
    /// The device UUID a token is bound to.
    pub device_uuid: String,
    /// The navigator id the server handed out.
    #[serde(default)]
    pub navigator_id: Option<String>,
}

impl Credentials {
    /// The username the credentials are for.
    pub fn username(&self) -> &str {
        match &self.secret {
            Secret::Password { username, .. } | Secret::Token { username, .. } => username,
        }
    }
}
