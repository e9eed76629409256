//! `SecurisationCompteDoubleAuth` (no tab) from a logged-in session: the
//! account's double-authentication settings.
//!
//! Every request is `{action, …}` ([protocol notes §5.7](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md)): 0 verify the PIN
//! (`codePin`, hex of the PIN encrypted with the session key), 2 whether a
//! device name is a known source (`libelle` → `dejaConnu`), 3 save the
//! user's choice (`mode?`, `codePin?`, `avecIdentification`,
//! `strIdentification`), 4 set the mode (`mode`). Replies carry `result`
//! (or `dejaConnu`).

use serde_json::Value;

use pronote_proto::{Reply, ReplyText};

use serde::{Deserialize, Serialize};

use pronote_proto::value::lenient;

use super::wire::{parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::account::DoubleAuthMode;

const NAME: &str = "SecurisationCompteDoubleAuth";

/// The longest device name PRONOTE keeps (Pawnote checks it too).
pub const MAX_SOURCE_LEN: usize = 30;

/// The reply: a flag, `dejaConnu` or `result`.
#[derive(Debug, Deserialize)]
struct WireReply {
    #[serde(
        rename = "dejaConnu",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    known: bool,
    #[serde(default, deserialize_with = "lenient::flag::deserialize")]
    result: bool,
}

/// Whether the reply says yes.
fn result(wire: WireReply, key: &str) -> bool {
    if key == "dejaConnu" {
        wire.known
    } else {
        wire.result
    }
}

/// Action 2: whether `name` is a device (source) the account already
/// registered.
///
/// ```
/// use pronote_api::functions::IsKnownSource;
/// assert!(IsKnownSource::new("Mon téléphone").is_ok());
/// assert!(IsKnownSource::new(&"x".repeat(31)).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsKnownSource {
    name: String,
}

impl IsKnownSource {
    /// Asks about the device `name` (at most 30 characters).
    pub fn new(name: &str) -> Result<Self> {
        check_source(name)?;
        Ok(IsKnownSource {
            name: name.to_owned(),
        })
    }
}

fn check_source(name: &str) -> Result<()> {
    if name.chars().count() > MAX_SOURCE_LEN || name.is_empty() {
        return Err(Error::Usage("a device name has 1 to 30 characters"));
    }
    Ok(())
}

/// Action 2: whether `libelle` is a known device.
#[derive(Debug, Serialize)]
struct WireSourceQuery<'a> {
    action: u32,
    #[serde(rename = "libelle")]
    source: &'a str,
}

impl Function for IsKnownSource {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = None;
    const KIND: CallKind = CallKind::Read;
    type Output = bool;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireSourceQuery {
                action: 2,
                source: &self.name,
            },
        )
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(parse(NAME, &reply.data)?, "dejaConnu"))
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(read_text(NAME, &reply)?, "dejaConnu"))
    }
}

/// Action 4: sets the double-authentication mode. Answers whether the
/// server accepted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetDoubleAuthMode {
    mode: DoubleAuthMode,
}

impl SetDoubleAuthMode {
    /// Sets `mode`.
    pub fn new(mode: DoubleAuthMode) -> Self {
        SetDoubleAuthMode { mode }
    }
}

/// Action 4: set the `mode`.
#[derive(Debug, Serialize)]
struct WireModeChange {
    action: u32,
    mode: i64,
}

impl Function for SetDoubleAuthMode {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = None;
    const KIND: CallKind = CallKind::Write;
    type Output = bool;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireModeChange {
                action: 4,
                mode: self.mode.code(),
            },
        )
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(parse(NAME, &reply.data)?, "result"))
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(read_text(NAME, &reply)?, "result"))
    }
}

/// Action 3: saves the user's choice and registers this device as a known
/// source under `name`. Answers whether the server accepted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterSource {
    name: String,
    mode: Option<DoubleAuthMode>,
    encrypted_pin: Option<String>,
}

impl RegisterSource {
    /// Registers the device `name` (at most 30 characters).
    pub fn new(name: &str) -> Result<Self> {
        check_source(name)?;
        Ok(RegisterSource {
            name: name.to_owned(),
            mode: None,
            encrypted_pin: None,
        })
    }

    /// Also sets the mode.
    #[must_use]
    pub fn mode(mut self, mode: DoubleAuthMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Also sends the PIN, already encrypted with the session key (hex;
    /// `Client::register_source` does it).
    #[must_use]
    pub fn encrypted_pin(mut self, hex: String) -> Self {
        self.encrypted_pin = Some(hex);
        self
    }
}

/// Action 3: save the user's choice; `mode` and `codePin` only when
/// chosen.
#[derive(Debug, Serialize)]
struct WireRegistration<'a> {
    action: u32,
    #[serde(rename = "avecIdentification")]
    with_identification: bool,
    #[serde(rename = "strIdentification")]
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<i64>,
    #[serde(rename = "codePin", skip_serializing_if = "Option::is_none")]
    pin: Option<&'a str>,
}

impl Function for RegisterSource {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = None;
    const KIND: CallKind = CallKind::Write;
    type Output = bool;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRegistration {
                action: 3,
                with_identification: true,
                source: &self.name,
                mode: self.mode.map(DoubleAuthMode::code),
                pin: self.encrypted_pin.as_deref(),
            },
        )
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(parse(NAME, &reply.data)?, "result"))
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(read_text(NAME, &reply)?, "result"))
    }
}

/// Action 0: whether a PIN is the account's, the PIN encrypted with the
/// session key (hex; `Client::verify_pin` does it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyPin {
    encrypted_pin: String,
}

impl VerifyPin {
    /// Checks the PIN `encrypted_pin` (hex of the session-key encryption).
    pub fn new(encrypted_pin: String) -> Self {
        VerifyPin { encrypted_pin }
    }
}

/// Action 0: check `codePin`, the encrypted PIN in hex.
#[derive(Debug, Serialize)]
struct WirePinCheck<'a> {
    action: u32,
    #[serde(rename = "codePin")]
    pin: &'a str,
}

impl Function for VerifyPin {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = None;
    // A wrong PIN counts as a failed login: never sent twice.
    const KIND: CallKind = CallKind::Write;
    type Output = bool;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WirePinCheck {
                action: 0,
                pin: &self.encrypted_pin,
            },
        )
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(parse(NAME, &reply.data)?, "result"))
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<bool> {
        Ok(result(read_text(NAME, &reply)?, "result"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn requests_by_action() {
        let s = Session::new();
        assert_eq!(
            s.data(&IsKnownSource::new("Mon PC").unwrap()),
            json!({"action": 2, "libelle": "Mon PC"})
        );
        assert_eq!(
            s.data(&SetDoubleAuthMode::new(DoubleAuthMode::Pin)),
            json!({"action": 4, "mode": 3})
        );
        assert_eq!(
            s.data(&RegisterSource::new("Mon PC").unwrap()),
            json!({"action": 3, "avecIdentification": true, "strIdentification": "Mon PC"})
        );
        let full = RegisterSource::new("Mon PC")
            .unwrap()
            .mode(DoubleAuthMode::NotificationOnly)
            .encrypted_pin("abcd".into());
        assert_eq!(
            s.data(&full),
            json!({
                "action": 3, "avecIdentification": true, "strIdentification": "Mon PC",
                "mode": 2, "codePin": "abcd",
            })
        );
        let pin_only = RegisterSource::new("Mon PC")
            .unwrap()
            .encrypted_pin("ef01".into());
        assert_eq!(
            s.data(&pin_only),
            json!({
                "action": 3, "avecIdentification": true, "strIdentification": "Mon PC",
                "codePin": "ef01",
            })
        );
        assert_eq!(
            s.data(&VerifyPin::new("abcd".into())),
            json!({"action": 0, "codePin": "abcd"})
        );
    }
}
