//! One error type for the command line: each variant knows the one line
//! to print (what failed, then what to do) and the exit code.
//!
//! Messages never hold a password, a token or a reply body: they are built
//! from the API's error kinds, which carry none.

use std::fmt;
use std::path::PathBuf;

use pronote_api::Error as ApiError;
use pronote_proto::{LoginError, ServerError};
use pronote_transport::TransportError;

/// Exit codes: the one table, printed by `pronote --help` ([`exit::TABLE`])
/// and copied in the README.
pub(crate) mod exit {
    /// Any other failure.
    pub(crate) const FAILURE: u8 = 1;
    /// Bad usage (clap uses 2 as well).
    pub(crate) const USAGE: u8 = 2;
    /// Log in again: the credentials were refused, the session expired,
    /// no saved login, double authentication to answer.
    pub(crate) const LOGIN_AGAIN: u8 = 3;
    /// The server asks to wait: rate limit, HTTP 429, busy, unavailable.
    pub(crate) const WAIT: u8 = 4;
    /// Network or TLS: the server could not be reached, or its
    /// certificate was refused.
    pub(crate) const NETWORK: u8 = 5;

    /// The table shown at the end of `pronote --help`.
    pub(crate) const TABLE: &str = "Exit codes:\n  0  success\n  1  other failure\n  2  bad usage (options, arguments, numbers out of range)\n  3  log in again (credentials refused, session expired, no saved login, double authentication)\n  4  the server asks to wait (rate limit, HTTP 429, busy, unavailable)\n  5  network or TLS (unreachable, timed out, certificate refused)";
}

/// Which credentials a login used: the advice after a refusal differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginKind {
    /// A password typed or given through the environment.
    Password,
    /// Credentials saved by an earlier `pronote login`.
    Saved,
    /// A QR code.
    QrCode,
    /// A token given to `login --token`.
    Token,
}

/// Everything that can go wrong.
#[derive(Debug)]
pub(crate) enum CliError {
    /// A call to PRONOTE failed; `doing` says what was being done.
    Api {
        /// What was being done ("logging in", "reading the timetable").
        doing: String,
        /// The login mode, when the failure happened while logging in.
        login: Option<LoginKind>,
        /// The error.
        error: ApiError,
    },
    /// No saved credentials for the profile.
    NoProfile {
        /// The profile's name.
        profile: String,
    },
    /// A file could not be read or written.
    File {
        /// What was being done.
        doing: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
    /// A file held something unexpected.
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong (never the content).
        reason: String,
    },
    /// The command line asks for something that cannot work.
    Usage(String),
    /// The server refused a credential checked outside a login (a wrong
    /// double-authentication PIN), already phrased for the user.
    Refused(String),
    /// Anything else, already phrased for the user.
    Other(String),
}

impl CliError {
    /// An API failure while doing something other than logging in.
    pub(crate) fn api(doing: impl Into<String>, error: ApiError) -> Self {
        CliError::Api {
            doing: doing.into(),
            login: None,
            error,
        }
    }

    /// A failed login.
    pub(crate) fn login(kind: LoginKind, error: ApiError) -> Self {
        CliError::Api {
            doing: "logging in".into(),
            login: Some(kind),
            error,
        }
    }

    /// The process exit code for this error.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Api { error, .. } => match classify(error) {
                Class::LoginAgain | Class::BadCredentials => exit::LOGIN_AGAIN,
                Class::Wait => exit::WAIT,
                Class::Unreachable => exit::NETWORK,
                Class::Other => exit::FAILURE,
            },
            CliError::NoProfile { .. } | CliError::Refused(_) => exit::LOGIN_AGAIN,
            CliError::Usage(_) => exit::USAGE,
            CliError::File { .. } | CliError::BadFile { .. } | CliError::Other(_) => exit::FAILURE,
        }
    }

    /// Whether the error may go away by itself (used by `watch` to keep
    /// polling).
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            CliError::Api { error, .. } => {
                matches!(classify(error), Class::Wait | Class::Unreachable)
                    || error.needs_new_session()
            }
            _ => false,
        }
    }

    /// Whether the server asked to slow down.
    pub(crate) fn is_rate_limited(&self) -> bool {
        matches!(self, CliError::Api { error, .. } if classify(error) == Class::Wait)
    }
}

/// What the user can do about an API error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// The saved credentials no longer work.
    LoginAgain,
    /// The credentials given are wrong.
    BadCredentials,
    /// Wait and try again.
    Wait,
    /// The server cannot be reached.
    Unreachable,
    /// Something else.
    Other,
}

fn classify(error: &ApiError) -> Class {
    use pronote_proto::Error as P;
    match error {
        ApiError::Protocol(P::Login(
            LoginError::BadCredentials
            | LoginError::WrongPin
            | LoginError::WrongDoubleAuthPin
            | LoginError::BadQrCode(_),
        )) => Class::BadCredentials,
        ApiError::DoubleAuthRequired
        | ApiError::Protocol(P::Server(
            ServerError::SessionExpired | ServerError::PageExpired { .. },
        )) => Class::LoginAgain,
        ApiError::Protocol(P::Server(
            ServerError::RateLimited
            | ServerError::IpSuspended
            | ServerError::Busy
            | ServerError::Unavailable
            | ServerError::RetryAfter { .. },
        ))
        | ApiError::Protocol(P::Peer(pronote_proto::PeerError::HttpStatus(429 | 503))) => {
            Class::Wait
        }
        ApiError::Transport(t) if t.is_transient() || matches!(t, TransportError::Tls(_)) => {
            Class::Unreachable
        }
        _ => Class::Other,
    }
}

/// The advice for an API error, with the login mode when it was a login.
/// Errors whose own text already says what to do get none (no doubled
/// hint).
fn advice(error: &ApiError, login: Option<LoginKind>) -> Option<String> {
    if crate::tls::tls_failure(error).is_some() {
        return Some(format!(
            "if the school uses a certificate authority of its own, pass its root certificate with --ca-cert FILE (or {})",
            crate::tls::CERT_FILE_ENV
        ));
    }
    let text = match error {
        ApiError::Protocol(pronote_proto::Error::Login(e)) => match (e, login) {
            (LoginError::BadCredentials, Some(LoginKind::Saved)) => {
                "the saved credentials were refused (the token expired or was used elsewhere): run `pronote login` again"
            }
            (LoginError::BadCredentials, Some(LoginKind::Token)) => {
                "the token was refused (tokens work once and only with their device UUID): log in with a password or a new QR code"
            }
            (LoginError::BadCredentials, _) => "check the username and password, then try again",
            (LoginError::WrongPin, _) => "the PIN is the 4 digits chosen when the QR code was made",
            (LoginError::BadQrCode(_), _) => {
                "make a new QR code in PRONOTE (they expire after 10 minutes) and pass its JSON text"
            }
            (LoginError::WrongDoubleAuthPin, _) => {
                "try again with the right double-authentication PIN"
            }
            (LoginError::AccountDisabled, _) => "ask the school to enable the account",
            (LoginError::Requires(_), _) => {
                "this login mode is not supported by the server: try another one"
            }
            _ => return None,
        },
        ApiError::DoubleAuthRequired => {
            "run `pronote login` in a terminal to answer the double-authentication PIN"
        }
        ApiError::Protocol(pronote_proto::Error::Server(e)) => match e {
            // Their own text says to wait or to try again later.
            ServerError::RateLimited
            | ServerError::IpSuspended
            | ServerError::Busy
            | ServerError::RetryAfter { .. } => return None,
            ServerError::Unavailable => "try again later",
            ServerError::SessionExpired | ServerError::PageExpired { .. } => match login {
                Some(_) => "the login took too long: run it again",
                None => "run the command again: every run logs in anew",
            },
            ServerError::AccessDenied => "this account may not use this page: check the URL",
            _ => return None,
        },
        ApiError::Protocol(pronote_proto::Error::Peer(pronote_proto::PeerError::HttpStatus(
            429 | 503,
        ))) => "the server asks to wait: try again in a few minutes",
        ApiError::Protocol(pronote_proto::Error::Peer(
            pronote_proto::PeerError::OrderMismatch { .. }
            | pronote_proto::PeerError::SessionMismatch,
        )) => "run the command again: every run logs in anew",
        ApiError::Transport(t) => match t {
            TransportError::InvalidUrl(_) => {
                "give the full address of the space page, like https://school.example/pronote/eleve.html"
            }
            TransportError::Connect { .. } | TransportError::Io { .. } => {
                "check the address and the network connection, then try again"
            }
            TransportError::Timeout { .. } => "the server is slow or unreachable: try again later",
            TransportError::Tls(_) => {
                "the TLS root certificates could not be loaded: check --ca-cert (or SSL_CERT_FILE)"
            }
            _ => return None,
        },
        ApiError::NotFound(_) => return None,
        ApiError::Reply { .. } => {
            "the server's reply was not understood: run with -v and report it (the output holds no secret)"
        }
        _ => return None,
    };
    Some(text.to_owned())
}

/// The error's own text and its causes, one after the other.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Api {
                doing,
                login,
                error,
            } => {
                match (crate::tls::tls_failure(error), error) {
                    // The TLS library's own words name enum variants: the
                    // connect error (which ends with them) gives way to its
                    // host and the failure in words.
                    (Some(tls), ApiError::Transport(TransportError::Connect { host, .. })) => {
                        write!(f, "{doing} failed: cannot connect to {host}: {tls}")?
                    }
                    (Some(tls), _) => write!(f, "{doing} failed: {tls}")?,
                    (None, _) => write!(f, "{doing} failed: {}", chain(error))?,
                }
                if let Some(advice) = advice(error, *login) {
                    write!(f, "; {advice}")?;
                }
                Ok(())
            }
            CliError::NoProfile { profile } => write!(
                f,
                "no saved login for profile {profile:?}: run `pronote --profile {profile} login --url URL --username NAME` (or try `pronote --demo …`)"
            ),
            CliError::File { doing, path, error } => {
                write!(f, "{doing} {} failed: {error}", path.display())
            }
            CliError::BadFile { path, reason } => write!(
                f,
                "{} is not usable ({reason}): fix or remove it",
                path.display()
            ),
            CliError::Usage(text) | CliError::Refused(text) | CliError::Other(text) => {
                f.write_str(text)
            }
        }
    }
}

impl std::error::Error for CliError {}

/// The command line's result type.
pub(crate) type CliResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_saved_token_says_to_log_in_again() {
        let e = CliError::login(
            LoginKind::Saved,
            ApiError::Protocol(pronote_proto::Error::Login(LoginError::BadCredentials)),
        );
        let text = e.to_string();
        assert!(text.contains("pronote login"), "{text}");
        assert!(!text.contains('\n'));
        assert_eq!(e.exit_code(), exit::LOGIN_AGAIN);
    }

    #[test]
    fn rate_limits_say_to_wait() {
        let e = CliError::api(
            "reading the timetable",
            ApiError::Protocol(pronote_proto::Error::Server(ServerError::RateLimited)),
        );
        assert!(e.to_string().contains("wait"), "{e}");
        assert_eq!(e.exit_code(), exit::WAIT);
        assert!(e.is_rate_limited());
    }
}
