//! `JetonAppliMobile` (tab 7): issues the data of a QR code that logs the
//! mobile app in, protected by a 4-digit PIN the user chooses.
//!
//! Request: `code` (the PIN). Reply: `jeton`, `login` (encrypted with the
//! PIN), `url` (the mobile page).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::auth::QrCode;
use pronote_proto::value::lenient;
use pronote_proto::{Reply, ReplyText};

use super::wire::{owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};

const NAME: &str = "JetonAppliMobile";

/// Issues a login QR code for the current account.
///
/// ```
/// use pronote_api::functions::IssueQrCode;
/// assert!(IssueQrCode::new("1234").is_ok());
/// assert!(IssueQrCode::new("12a4").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueQrCode {
    pin: String,
}

impl IssueQrCode {
    /// A QR code protected by `pin`, four digits.
    pub fn new(pin: &str) -> Result<Self> {
        if pin.len() != 4 || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Usage("a QR code PIN is four digits"));
        }
        Ok(IssueQrCode {
            pin: pin.to_owned(),
        })
    }
}

/// The request: `code`, the PIN.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    code: &'a str,
}

impl Function for IssueQrCode {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(7);
    const KIND: CallKind = CallKind::Write;
    type Output = QrCode;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(NAME, &WireRequest { code: &self.pin })
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<QrCode> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<QrCode> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl IssueQrCode {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<QrCode> {
        let missing = |key: &str| Error::reply(NAME, format!("the QR code has no {key}"));
        Ok(QrCode {
            jeton: owned(wire.token).ok_or_else(|| missing("jeton"))?,
            login: owned(wire.login).ok_or_else(|| missing("login"))?,
            url: owned(wire.url).unwrap_or_default(),
        })
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(
        rename = "jeton",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    token: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    login: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    url: Option<Cow<'a, str>>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_carries_the_pin() {
        let s = Session::new();
        assert_eq!(
            s.data(&IssueQrCode::new("0420").unwrap()),
            json!({"code": "0420"})
        );
    }
}
