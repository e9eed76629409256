//! `pronote.Error` and its subclasses, and the mapping from
//! `pronote_api::Error`.
//!
//! | Python | when |
//! |---|---|
//! | `BadCredentials` | wrong username, password, token or PIN |
//! | `DoubleAuthRequired` | `Client.login` on an account with double authentication (use `start_login`) |
//! | `NewPasswordRequired` | `Client.login` on an account that must choose a new password (use `start_login`) |
//! | `PasswordRejected` | a new password that breaks the instance's rules (checked before sending, and by the server) |
//! | `AccessDenied` | the server refuses the account or the page (`Acces` codes, G 4) |
//! | `SessionExpired` | the session ended and could not be renewed |
//! | `RateLimited` | too many requests or a suspended address |
//! | `ServerBusy` | busy, unavailable, or asked to retry later |
//! | `ServerError` | any other error reported by the server |
//! | `TransportError` | connection, TLS, timeout, HTTP failures |
//! | `ProtocolError` | a reply that does not follow the protocol |
//! | `NotFound` | a period, child or object that does not exist |
//! | `UsageError` | a call the library cannot make as asked (bad argument) |

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

use pronote_proto::{Error as Proto, LoginError, ServerError as Srv};

create_exception!(
    pronote,
    Error,
    PyException,
    "Any error of the pronote package."
);
create_exception!(
    pronote,
    BadCredentials,
    Error,
    "Wrong username, password, token or PIN."
);
create_exception!(
    pronote,
    DoubleAuthRequired,
    Error,
    "The account needs double authentication: log in with start_login()."
);
create_exception!(
    pronote,
    NewPasswordRequired,
    Error,
    "The account must choose a new password: log in with start_login()."
);
create_exception!(
    pronote,
    PasswordRejected,
    Error,
    "The new password breaks one of the instance's rules (the message names it)."
);
create_exception!(
    pronote,
    AccessDenied,
    Error,
    "The server refuses this account or page."
);
create_exception!(
    pronote,
    SessionExpired,
    Error,
    "The session ended and could not be renewed."
);
create_exception!(
    pronote,
    RateLimited,
    Error,
    "Too many requests, or the address is suspended."
);
create_exception!(
    pronote,
    ServerBusy,
    Error,
    "The server is busy or unavailable; try later."
);
create_exception!(
    pronote,
    ServerError,
    Error,
    "An error reported by the server."
);
create_exception!(
    pronote,
    TransportError,
    Error,
    "Connection, TLS, timeout or HTTP failure."
);
create_exception!(
    pronote,
    ProtocolError,
    Error,
    "A reply that does not follow the protocol."
);
create_exception!(
    pronote,
    NotFound,
    Error,
    "A period, child or object that does not exist."
);
create_exception!(
    pronote,
    UsageError,
    Error,
    "A call that cannot be made as asked."
);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("BadCredentials", py.get_type::<BadCredentials>())?;
    m.add("DoubleAuthRequired", py.get_type::<DoubleAuthRequired>())?;
    m.add("NewPasswordRequired", py.get_type::<NewPasswordRequired>())?;
    m.add("PasswordRejected", py.get_type::<PasswordRejected>())?;
    m.add("AccessDenied", py.get_type::<AccessDenied>())?;
    m.add("SessionExpired", py.get_type::<SessionExpired>())?;
    m.add("RateLimited", py.get_type::<RateLimited>())?;
    m.add("ServerBusy", py.get_type::<ServerBusy>())?;
    m.add("ServerError", py.get_type::<ServerError>())?;
    m.add("TransportError", py.get_type::<TransportError>())?;
    m.add("ProtocolError", py.get_type::<ProtocolError>())?;
    m.add("NotFound", py.get_type::<NotFound>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    Ok(())
}

/// The Python exception for an error of `pronote-api`; the message is the
/// error's `Display` (it never holds a secret).
pub(crate) fn to_py(error: pronote_api::Error) -> PyErr {
    let message = error.to_string();
    match &error {
        pronote_api::Error::Protocol(p) => match p {
            Proto::Login(login) => match login {
                LoginError::PasswordRule(_) | LoginError::NewPasswordRefused(_) => {
                    PasswordRejected::new_err(message)
                }
                LoginError::BadCredentials
                | LoginError::WrongPin
                | LoginError::WrongDoubleAuthPin => BadCredentials::new_err(message),
                LoginError::Refused(_) | LoginError::AccountDisabled => {
                    AccessDenied::new_err(message)
                }
                _ => ProtocolError::new_err(message),
            },
            Proto::Server(server) => match server {
                Srv::SessionExpired | Srv::PageExpired { .. } | Srv::ObjectFromPreviousSession => {
                    SessionExpired::new_err(message)
                }
                Srv::RateLimited | Srv::IpSuspended => RateLimited::new_err(message),
                Srv::Busy | Srv::Unavailable | Srv::RetryAfter { .. } => {
                    ServerBusy::new_err(message)
                }
                Srv::AccessDenied => AccessDenied::new_err(message),
                _ => ServerError::new_err(message),
            },
            Proto::Misuse(_) => UsageError::new_err(message),
            _ => ProtocolError::new_err(message),
        },
        pronote_api::Error::Transport(_) => TransportError::new_err(message),
        pronote_api::Error::DoubleAuthRequired => DoubleAuthRequired::new_err(message),
        pronote_api::Error::NewPasswordRequired => NewPasswordRequired::new_err(message),
        pronote_api::Error::NotFound(_) => NotFound::new_err(message),
        pronote_api::Error::Usage(_) => UsageError::new_err(message),
        pronote_api::Error::Reply { .. } => ProtocolError::new_err(message),
        _ => Error::new_err(message),
    }
}

/// A bad argument from Python.
pub(crate) fn usage(message: impl Into<String>) -> PyErr {
    UsageError::new_err(message.into())
}
