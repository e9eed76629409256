//! The one error type of the crate, split by cause.
//!
//! * [`DecodeError`]: bytes that do not parse (bad hex, bad padding, bad
//!   deflate stream, JSON without the expected field, a Start page without
//!   `Start(`…).
//! * [`PeerError`]: a well-formed message that breaks the protocol (wrong
//!   order number, another session's reply, an unexpected function).
//! * [`ServerError`]: a condition the server reports on purpose (session
//!   expired, rate limited, IP suspended, …).
//! * [`LoginError`]: the login was refused (bad credentials, account
//!   disabled, wrong QR-code PIN, …).
//! * [`Misuse`]: the caller used the API out of order; the message says what
//!   to do instead.
//!
//! No error ever carries key material, a password, a token or a raw body: at
//! most a short, fixed description and the name of the field involved.

use std::fmt;

/// Every error this crate returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input that does not decode.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A peer that broke the protocol.
    #[error(transparent)]
    Peer(#[from] PeerError),
    /// A condition reported by the server.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// A refused login.
    #[error(transparent)]
    Login(#[from] LoginError),
    /// The API was used out of order.
    #[error(transparent)]
    Misuse(#[from] Misuse),
}

impl Error {
    /// Whether logging in again (a new session) may cure this error.
    ///
    /// True for an expired session, an expired page and an order-number
    /// desynchronisation; false for refusals that would repeat.
    ///
    /// ```
    /// use pronote_proto::{Error, ServerError};
    /// assert!(Error::from(ServerError::SessionExpired).needs_new_session());
    /// assert!(!Error::from(ServerError::RateLimited).needs_new_session());
    /// ```
    pub fn needs_new_session(&self) -> bool {
        match self {
            Error::Server(e) => matches!(
                e,
                ServerError::SessionExpired | ServerError::PageExpired { .. }
            ),
            Error::Peer(
                PeerError::OrderMismatch { .. }
                | PeerError::SessionMismatch
                | PeerError::SessionMissing,
            ) => true,
            _ => false,
        }
    }
}

/// What part of an input failed to decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// A field that should hold hexadecimal text does not.
    #[error("{field}: not valid hexadecimal")]
    Hex {
        /// The field (`dataSec`, `challenge`, `cle`, …).
        field: &'static str,
    },
    /// A field that should hold base64 does not.
    #[error("{field}: not valid base64")]
    Base64 {
        /// The field.
        field: &'static str,
    },
    /// AES-CBC decryption produced bad PKCS#7 padding: wrong key or IV, or
    /// a corrupted ciphertext.
    #[error("{field}: decryption failed (bad padding: wrong key or corrupted data)")]
    Padding {
        /// The field.
        field: &'static str,
    },
    /// The ciphertext length is not a whole number of AES blocks.
    #[error("{field}: ciphertext is not a multiple of 16 bytes")]
    BlockLength {
        /// The field.
        field: &'static str,
    },
    /// A raw-deflate stream that does not inflate.
    #[error("{field}: not a valid deflate stream")]
    Inflate {
        /// The field.
        field: &'static str,
    },
    /// A deflate stream that inflates past the inflate limit
    /// ([`Limits::max_inflated`](crate::payload::Limits::max_inflated)).
    #[error("{field}: too large once inflated (the limit is {limit} bytes)")]
    InflateLimit {
        /// The field.
        field: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// JSON whose parsed form would pass one of the decoder's budgets
    /// ([`Limits`](crate::payload::Limits)): refused while parsing, before
    /// the memory is taken.
    #[error("{context}: too large once decoded (it passes the {kind} of {limit})")]
    Budget {
        /// What was being decoded.
        context: &'static str,
        /// Which budget.
        kind: crate::payload::BudgetKind,
        /// That budget's limit.
        limit: usize,
    },
    /// Text that should be UTF-8 is not.
    #[error("{field}: not valid UTF-8")]
    Utf8 {
        /// The field.
        field: &'static str,
    },
    /// JSON that does not parse, or lacks what it must hold.
    #[error("{context}: invalid JSON ({reason})")]
    Json {
        /// What was being decoded (`reply body`, `dataSec`, …).
        context: &'static str,
        /// What is wrong, without the input itself.
        reason: String,
    },
    /// A field that must be present is missing or has the wrong type.
    #[error("{context}: field `{field}` is missing or has the wrong type")]
    Field {
        /// What was being decoded.
        context: &'static str,
        /// The JSON field name.
        field: &'static str,
    },
    /// A Start page that cannot be read.
    #[error("Start page: {0}")]
    StartPage(String),
    /// A typed value (`_T`) or a domain, date or grade string that does not
    /// parse.
    #[error("{kind} value: {reason}")]
    Value {
        /// The value kind (`date`, `domain`, `grade`, …).
        kind: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A version string that is not dot-separated numbers.
    #[error("version: `{0}` is not a PRONOTE version number")]
    Version(String),
    /// A URL that cannot be used.
    #[error("url: {0}")]
    Url(String),
    /// An RSA key or ciphertext that cannot be used.
    #[error("rsa: {0}")]
    Rsa(&'static str),
    /// A session state that cannot be used (refused by
    /// [`Session::restore`](crate::Session::restore), or a counter run
    /// out).
    #[error("session state: {field} {reason}")]
    State {
        /// The state's field (`order`, `root`, `headers`, …).
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl DecodeError {
    /// A JSON error, keeping serde's position and category but not the input.
    pub(crate) fn json(context: &'static str, err: &serde_json::Error) -> Self {
        let category = match err.classify() {
            serde_json::error::Category::Io => "I/O",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected shape",
            serde_json::error::Category::Eof => "truncated",
        };
        DecodeError::Json {
            context,
            reason: format!("{category} at line {} column {}", err.line(), err.column()),
        }
    }
}

/// A message that decodes but breaks the protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeerError {
    /// The reply's order number is not the one expected.
    #[error("reply has order number {got}, expected {expected}: the session is out of step")]
    OrderMismatch {
        /// The number expected.
        expected: i64,
        /// The number received (or -1 when it did not decrypt to a number).
        got: i64,
    },
    /// The reply names another session.
    #[error("reply belongs to another session (connection interrupted)")]
    SessionMismatch,
    /// The reply carries no usable session id (absent, zero, negative or
    /// too large), which strict checking refuses.
    #[error("reply carries no valid session id (connection interrupted)")]
    SessionMissing,
    /// The reply answers another function than the one called.
    #[error("reply is for function `{got}`, expected `{expected}`")]
    UnexpectedFunction {
        /// The function called.
        expected: String,
        /// The function named in the reply.
        got: String,
    },
    /// An HTTP status other than success, with no recognisable error body.
    #[error("HTTP status {0}")]
    HttpStatus(u16),
}

/// A condition the server reports: an `Erreur` object, a `Signature` error
/// or a known error page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The session timed out on the server (`G` 10).
    #[error("session expired: log in again")]
    SessionExpired,
    /// "La page a expiré" (`G` 8, 11, 14): usually a session id sent with
    /// the wrong type or order numbers out of step.
    #[error("page expired (code {code}): log in again")]
    PageExpired {
        /// The `G` code.
        code: u32,
    },
    /// An id from a previous session was sent (`G` 22): ids are salted per
    /// session and must be fetched again.
    #[error("object from a previous session: fetch it again in this session")]
    ObjectFromPreviousSession,
    /// Too many login attempts (`G` 25) or "Vous avez dépassé…": wait.
    #[error("too many requests: wait before trying again")]
    RateLimited,
    /// The IP address is temporarily suspended.
    #[error("IP address temporarily suspended: wait before trying again")]
    IpSuspended,
    /// Access refused (`G` 3, "…s refusé").
    #[error("access refused by the server")]
    AccessDenied,
    /// The site or page is not available ("Le site n'est pas disponible",
    /// "La page demandée…", "Impossible d'afficher…", `G` 21).
    #[error("the PRONOTE site or page is unavailable")]
    Unavailable,
    /// The site is busy ("Le site est momentanément…").
    #[error("the PRONOTE site is busy: try again later")]
    Busy,
    /// The server asks to wait and send the call again
    /// (`SignatureAttente`).
    #[error("the server asks to wait {delay_secs} s before calling again")]
    RetryAfter {
        /// The delay, in seconds.
        delay_secs: u32,
    },
    /// A write call reported a failure in `RapportSaisie`.
    #[error("the server rejected the change: {message}")]
    SaveRejected {
        /// The server's message.
        message: String,
    },
    /// An error code not listed above.
    #[error("the server reported error {code}{}", titled(title))]
    Other {
        /// The `G` code.
        code: u32,
        /// The server's title (short, from the server).
        title: String,
    },
    /// An `Erreur` whose code `G` is not one PRONOTE uses: negative, not a
    /// whole number, or beyond `u32`.
    #[error(
        "the server reported an error with an invalid code ({code}){}",
        titled(title)
    )]
    InvalidCode {
        /// The code as sent (short).
        code: String,
        /// The server's title (short, from the server).
        title: String,
    },
}

/// `": title"`, or nothing for an empty title.
fn titled(title: &str) -> String {
    if title.is_empty() {
        String::new()
    } else {
        format!(": {title}")
    }
}

impl ServerError {
    /// Maps an `Erreur.G` code (with its title) to the matching condition.
    ///
    /// ```
    /// use pronote_proto::ServerError;
    /// assert_eq!(ServerError::from_code(22, ""), ServerError::ObjectFromPreviousSession);
    /// assert_eq!(ServerError::from_code(11, ""), ServerError::PageExpired { code: 11 });
    /// ```
    pub fn from_code(code: u32, title: &str) -> Self {
        match code {
            3 => ServerError::AccessDenied,
            8 | 11 | 14 => ServerError::PageExpired { code },
            10 => ServerError::SessionExpired,
            21 => ServerError::Unavailable,
            22 => ServerError::ObjectFromPreviousSession,
            25 => ServerError::RateLimited,
            _ => ServerError::Other {
                code,
                title: truncate(title, 200),
            },
        }
    }

    /// The `G` code the real server uses for this condition, if it has one.
    pub fn code(&self) -> Option<u32> {
        match self {
            ServerError::AccessDenied => Some(3),
            ServerError::PageExpired { code } => Some(*code),
            ServerError::SessionExpired => Some(10),
            ServerError::Unavailable => Some(21),
            ServerError::ObjectFromPreviousSession => Some(22),
            ServerError::RateLimited => Some(25),
            ServerError::Other { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Recognises the known error texts at the start of a body (HTML or
    /// JSON, with or without accents or `\u00e9` escapes).
    ///
    /// ```
    /// use pronote_proto::ServerError;
    /// let page = "<html><body>Votre adresse IP est provisoirement suspendue</body></html>";
    /// assert_eq!(ServerError::from_body_text(page), Some(ServerError::IpSuspended));
    /// assert_eq!(ServerError::from_body_text("<html>Bonjour</html>"), None);
    /// ```
    pub fn from_body_text(body: &str) -> Option<Self> {
        // Only the accent-free prefixes are matched, so that the page's
        // encoding (UTF-8, Latin-1, JSON escapes) does not matter.
        const PATTERNS: &[(&str, ServerError)] = &[
            ("Votre adresse IP ", ServerError::IpSuspended),
            ("La page a expir", ServerError::PageExpired { code: 0 }),
            ("Le site n'est pas disponible", ServerError::Unavailable),
            (
                "Le site n\\u0027est pas disponible",
                ServerError::Unavailable,
            ),
            ("Le site est momentan", ServerError::Busy),
            ("La page dem", ServerError::Unavailable),
            ("Impossible d'a", ServerError::Unavailable),
            ("Impossible d\\u0027a", ServerError::Unavailable),
            ("Vous avez d", ServerError::RateLimited),
            ("s refus", ServerError::AccessDenied),
        ];
        PATTERNS
            .iter()
            .find(|(needle, _)| body.contains(needle))
            .map(|(_, e)| e.clone())
    }
}

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoginError {
    /// Wrong username or password (or token), detected when the challenge
    /// does not decrypt or the server answers `Acces` 1.
    #[error("wrong username or password")]
    BadCredentials,
    /// The server refused the login with an `Acces` code.
    #[error("login refused: {0}")]
    Refused(AccessDenied),
    /// The account is disabled (`Acces` 10).
    #[error("account disabled")]
    AccountDisabled,
    /// The QR code does not decrypt with this PIN.
    #[error("the QR code does not decrypt with this PIN")]
    WrongPin,
    /// The QR code JSON lacks a field or is malformed.
    #[error("QR code: {0}")]
    BadQrCode(&'static str),
    /// The double-authentication PIN was rejected.
    #[error("double-authentication PIN rejected")]
    WrongDoubleAuthPin,
    /// The new password breaks one of the server's rules (checked before
    /// sending, or named by the server's refusal); nothing was changed.
    #[error("{0}")]
    PasswordRule(crate::password::PasswordRuleError),
    /// The server refused the new password for a reason it explains.
    #[error("new password refused: {0}")]
    NewPasswordRefused(String),
    /// A token or QR login was attempted on an instance that needs a device
    /// registration first.
    #[error("the server requires {0}")]
    Requires(&'static str),
}

/// An `Acces` refusal code from `Authentification`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccessDenied {
    /// 2: not authorised for this space.
    Authorisation,
    /// 3: class connection refused.
    ClassConnection,
    /// 4: no resource attached to the account.
    NoResource,
    /// 5: connection refused.
    Connection,
    /// 6: the student is blocked.
    StudentBlocked,
    /// 7: accompanist function.
    AccompanistFunction,
    /// 8: accompanist without a student.
    AccompanistWithoutStudent,
    /// 9: a message from the server (`AccesMessage`).
    Message {
        /// Title.
        title: String,
        /// Body text.
        message: String,
    },
    /// A code not listed above.
    Other(u32),
}

impl fmt::Display for AccessDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccessDenied::Authorisation => f.write_str("not authorised for this space"),
            AccessDenied::ClassConnection => f.write_str("class connection refused"),
            AccessDenied::NoResource => f.write_str("no resource attached to this account"),
            AccessDenied::Connection => f.write_str("connection refused"),
            AccessDenied::StudentBlocked => f.write_str("student account blocked"),
            AccessDenied::AccompanistFunction => f.write_str("accompanist function"),
            AccessDenied::AccompanistWithoutStudent => f.write_str("accompanist without student"),
            AccessDenied::Message { title, message } => write!(f, "{title}: {message}"),
            AccessDenied::Other(code) => write!(f, "access code {code}"),
        }
    }
}

/// The API was used out of order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Misuse {
    /// A response was handed in with no request outstanding.
    #[error("no request is outstanding: call poll_transmit() and send its request first")]
    NoOutstandingRequest,
    /// An input the current step does not take.
    #[error("{0}")]
    WrongStep(&'static str),
    /// The login has already failed or finished.
    #[error("the login is over: start a new one")]
    Finished,
    /// The account may not use this tab (`onglet`): the server would
    /// refuse the call.
    #[error("tab {tab} is not available to this account")]
    TabNotAllowed {
        /// The tab number.
        tab: u32,
    },
    /// A configuration that cannot work.
    #[error("configuration: {0}")]
    Config(&'static str),
}

/// Cuts server-provided text to a bounded length, on a char boundary.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_owned(),
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_prefixes_map_to_conditions() {
        assert_eq!(
            ServerError::from_body_text("Le site est momentanément indisponible"),
            Some(ServerError::Busy)
        );
        assert_eq!(
            ServerError::from_body_text("{\"x\":\"Le site n\\u0027est pas disponible\"}"),
            Some(ServerError::Unavailable)
        );
        assert_eq!(
            ServerError::from_body_text("Vous avez dépassé le nombre"),
            Some(ServerError::RateLimited)
        );
    }

    #[test]
    fn error_texts_are_plain_words() {
        assert_eq!(
            ServerError::from_code(99, "Erreur interne").to_string(),
            "the server reported error 99: Erreur interne"
        );
        assert_eq!(
            ServerError::from_code(99, "").to_string(),
            "the server reported error 99"
        );
        let bad = ServerError::InvalidCode {
            code: "4294967296".into(),
            title: String::new(),
        };
        assert_eq!(
            bad.to_string(),
            "the server reported an error with an invalid code (4294967296)"
        );
        assert_eq!(
            DecodeError::InflateLimit {
                field: "secure payload",
                limit: 1024
            }
            .to_string(),
            "secure payload: too large once inflated (the limit is 1024 bytes)"
        );
    }

    #[test]
    fn unknown_code_keeps_bounded_title() {
        let long = "x".repeat(1000);
        match ServerError::from_code(99, &long) {
            ServerError::Other { code, title } => {
                assert_eq!(code, 99);
                assert!(title.chars().count() <= 201);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
