//! The client's error type: protocol errors from `pronote-proto`, transport
//! failures, and replies that lack what a model needs.

use pronote_proto::{LoginError, ServerError};

/// Every error the client returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The protocol layer refused something (a server condition, a refused
    /// login, a malformed reply, …).
    #[error(transparent)]
    Protocol(#[from] pronote_proto::Error),
    /// The HTTP exchange failed.
    #[cfg(feature = "client")]
    #[error(transparent)]
    Transport(#[from] pronote_transport::TransportError),
    /// A reply decoded but lacks a field a model needs.
    #[error("{function}: unexpected reply ({reason})")]
    Reply {
        /// The function called.
        function: &'static str,
        /// What was missing or malformed (never the data itself).
        reason: String,
    },
    /// The account needs double authentication: use
    /// `LoginBuilder::start` to answer it.
    #[error("this account needs double authentication")]
    DoubleAuthRequired,
    /// The account must choose a new password (a provisional password,
    /// a password the school reset): use `LoginBuilder::start` to answer
    /// it, or set it in the PRONOTE web page.
    #[error(
        "this account must choose a new password: set it in the PRONOTE web page, or answer the login's new-password step"
    )]
    NewPasswordRequired,
    /// Something the caller asked for does not exist in this session (a
    /// period, a child, …).
    #[error("not found: {0}")]
    NotFound(String),
    /// The API was used in a way that cannot work.
    #[error("{0}")]
    Usage(&'static str),
}

impl Error {
    /// Whether logging in again may cure the error.
    pub fn needs_new_session(&self) -> bool {
        match self {
            Error::Protocol(e) => {
                e.needs_new_session()
                    || matches!(
                        e,
                        pronote_proto::Error::Server(ServerError::ObjectFromPreviousSession)
                    )
            }
            _ => false,
        }
    }

    /// Whether the credentials themselves were refused (ask the user again).
    pub fn is_bad_credentials(&self) -> bool {
        matches!(
            self,
            Error::Protocol(pronote_proto::Error::Login(
                LoginError::BadCredentials | LoginError::WrongPin
            ))
        )
    }

    /// The password rule a new password breaks, when that is why it was
    /// refused (before sending, or by the server).
    ///
    /// ```
    /// use pronote_api::{Error, PasswordRuleError};
    /// use pronote_proto::LoginError;
    /// let e = Error::Protocol(LoginError::PasswordRule(PasswordRuleError::NoDigit).into());
    /// assert_eq!(e.password_rule(), Some(&PasswordRuleError::NoDigit));
    /// assert_eq!(Error::DoubleAuthRequired.password_rule(), None);
    /// ```
    pub fn password_rule(&self) -> Option<&pronote_proto::password::PasswordRuleError> {
        match self {
            Error::Protocol(pronote_proto::Error::Login(LoginError::PasswordRule(rule))) => {
                Some(rule)
            }
            _ => None,
        }
    }

    pub(crate) fn reply(function: &'static str, reason: impl Into<String>) -> Self {
        Error::Reply {
            function,
            reason: reason.into(),
        }
    }
}

impl From<pronote_proto::ServerError> for Error {
    fn from(e: pronote_proto::ServerError) -> Self {
        Error::Protocol(e.into())
    }
}

impl From<pronote_proto::DecodeError> for Error {
    fn from(e: pronote_proto::DecodeError) -> Self {
        Error::Protocol(e.into())
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
