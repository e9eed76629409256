//! Replies read in one pass: the decrypted, inflated payload kept as text
//! until the caller names the type of its data part.
//!
//! [`RawReply`] scans a payload's root once to check the in-payload error
//! signals and to find where the data part lies, and the caller's typed
//! read then parses that part a second time. [`ReplyText`] does both at
//! once: [`ReplyText::read`] parses the root, reads the data part straight
//! into the caller's type as it comes, collects the other root keys, and
//! only then checks the signals, exactly as [`RawReply::from_payload`]
//! does. A server error therefore still wins over the data, and a reply
//! that is never read is never checked: call [`ReplyText::read`] or
//! [`ReplyText::into_raw`] on every reply.
//!
//! ```
//! use pronote_proto::ReplyText;
//! use pronote_proto::reply_text::ReadError;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Week<'a> {
//!     #[serde(rename = "NumeroSemaine")]
//!     week: u32,
//!     #[serde(rename = "Libelle", borrow)]
//!     label: &'a str,
//! }
//!
//! let payload = br#"{"nom":"F","donnees":{"NumeroSemaine":3,"Libelle":"S3"}}"#;
//! let reply = ReplyText::from_payload(payload.to_vec(), "donnees", "Signature")?;
//! let week: Week<'_> = reply.read()?;
//! assert_eq!((week.week, week.label), (3, "S3"));
//!
//! // An error signal is reported whatever the data part holds.
//! let refused = br#"{"donnees":{},"Signature":{"Erreur":{"G":25}}}"#;
//! let reply = ReplyText::from_payload(refused.to_vec(), "donnees", "Signature")?;
//! assert!(matches!(reply.read::<Week<'_>>(), Err(ReadError::Reply(_))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::envelope;
use crate::error::{DecodeError, Error};
use crate::raw_reply::{RawReply, Root, data_key_rank, parse_root, take_signature};

/// A reply whose envelope is checked (order number, session) and whose
/// payload is decrypted and inflated, but not yet read.
///
/// Made by
/// [`PendingCall::handle_response_text`](crate::PendingCall::handle_response_text).
/// Its in-payload error signals are checked when it is read, by
/// [`read`](Self::read) or [`into_raw`](Self::into_raw).
#[derive(Debug, Clone)]
#[must_use = "a reply's in-payload error signals are only checked when it is read"]
pub struct ReplyText {
    inner: Inner,
}

#[derive(Debug, Clone)]
enum Inner {
    /// The payload's text, not yet parsed.
    Text {
        payload: String,
        data_key: &'static str,
        signature_key: &'static str,
    },
    /// A reply that came unprotected, parsed and checked with its
    /// envelope.
    Checked(RawReply),
}

/// Why [`ReplyText::read`] failed.
#[derive(Debug)]
pub enum ReadError {
    /// The reply itself is refused: a server error signal, or a payload
    /// that is not JSON. The same error
    /// [`PendingCall::handle_response_raw`](crate::PendingCall::handle_response_raw)
    /// gives.
    Reply(Error),
    /// The reply is sound but its data part does not fit the type asked
    /// for; serde's error, for the caller to report.
    Data(serde_json::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Reply(e) => e.fmt(f),
            ReadError::Data(e) => write!(f, "the reply's data does not fit: {e}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Reply(e) => Some(e),
            ReadError::Data(e) => Some(e),
        }
    }
}

impl From<Error> for ReadError {
    fn from(e: Error) -> Self {
        ReadError::Reply(e)
    }
}

/// A reply already scanned and checked, to be read as a `ReplyText`
/// (its data part read from its text, as [`RawReply::data`] reads it).
impl From<RawReply> for ReplyText {
    fn from(reply: RawReply) -> Self {
        ReplyText {
            inner: Inner::Checked(reply),
        }
    }
}

impl ReplyText {
    /// Keeps a decrypted, inflated payload for reading; its data part is
    /// the one under `data_key`, else `data`, else `donnees`, as in
    /// [`RawReply::from_payload`]. Only its UTF-8 is checked here.
    pub fn from_payload(
        json: Vec<u8>,
        data_key: &'static str,
        signature_key: &'static str,
    ) -> Result<Self, Error> {
        let payload = String::from_utf8(json).map_err(|_| {
            Error::from(DecodeError::Utf8 {
                field: "reply payload",
            })
        })?;
        Ok(ReplyText {
            inner: Inner::Text {
                payload,
                data_key,
                signature_key,
            },
        })
    }

    /// Reads the data part into `T` in the same pass as the root, borrowing
    /// text from the payload where `T` allows it, then checks the
    /// in-payload signals. A signal wins over a data part that does not
    /// fit `T`.
    pub fn read<'a, T: Deserialize<'a>>(&'a self) -> Result<T, ReadError> {
        match &self.inner {
            Inner::Text {
                payload,
                data_key,
                signature_key,
            } => read_text(payload, data_key, signature_key),
            Inner::Checked(reply) => reply.data().map_err(ReadError::Data),
        }
    }

    /// The same reply read as [`RawReply::from_payload`] reads it: root
    /// scanned, signals checked, data part left as text.
    pub fn into_raw(self) -> Result<RawReply, Error> {
        match self.inner {
            Inner::Text {
                payload,
                data_key,
                signature_key,
            } => RawReply::from_payload_text(payload, data_key, signature_key),
            Inner::Checked(reply) => Ok(reply),
        }
    }
}

/// [`ReplyText::read`] of a payload's text.
fn read_text<'a, T: Deserialize<'a>>(
    payload: &'a str,
    data_key: &str,
    signature_key: &str,
) -> Result<T, ReadError> {
    let in_data = Cell::new(false);
    let (best, lesser, mut rest) = match parse_root::<T>(payload, data_key, &in_data) {
        Ok(Root::Object { best, lesser, rest }) => (best, lesser, rest),
        // A root that is not an object reads as `RawReply` reads it.
        Ok(Root::Other) => return T::deserialize(&Value::Null).map_err(ReadError::Data),
        Err(e) if in_data.get() => {
            // The data part did not fit and the rest of the root was not
            // read: scan it all, the two-pass way (a copy: a rare path),
            // for a signal before blaming the data.
            RawReply::from_payload_text(payload.to_owned(), data_key, signature_key)?;
            return Err(ReadError::Data(e));
        }
        Err(e) => {
            return Err(ReadError::Reply(
                DecodeError::json("reply payload", &e).into(),
            ));
        }
    };
    let signature = take_signature(&mut rest, signature_key);
    envelope::check_signals(signature.as_ref(), &rest).map_err(Error::from)?;
    if let Some(data) = best {
        return Ok(data);
    }
    // The data under a lesser key (a reply of another generation's keys),
    // read now that it is known to be the best there is; none reads as an
    // empty object, as in `RawReply`.
    let text = lesser
        .into_iter()
        .min_by_key(|(key, _)| data_key_rank(data_key, key))
        .map_or("{}", |(_, text)| text.get());
    serde_json::from_str(text).map_err(ReadError::Data)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::error::ServerError;
    use serde_json::json;
    use std::collections::BTreeMap;

    const DATA: &str = "donnees";
    const SIGNATURE: &str = "_Signature_";

    fn text(payload: &str) -> ReplyText {
        ReplyText::from_payload(payload.as_bytes().to_vec(), DATA, SIGNATURE).unwrap()
    }

    /// The one-pass read and the two-pass one (`RawReply`) of a payload, as
    /// `Value`s.
    fn both(payload: &str) -> (Result<Value, String>, Result<Value, String>) {
        let one = text(payload).read::<Value>().map_err(|e| match e {
            ReadError::Reply(e) => format!("reply: {e:?}"),
            ReadError::Data(e) => format!("data: {e}"),
        });
        let two = RawReply::from_payload(payload.as_bytes().to_vec(), DATA, SIGNATURE)
            .map_err(|e| format!("reply: {e:?}"))
            .and_then(|raw| raw.data::<Value>().map_err(|e| format!("data: {e}")));
        (one, two)
    }

    #[test]
    fn reads_as_the_two_pass_reply_does() {
        for payload in [
            r#"{"nom":"F","donnees":{"a":[1,{"b":"é"}]},"Signature":{"x":1}}"#,
            r#"{"nom":"F","data":{"a":1},"donnees":{"a":2}}"#,
            r#"{"nom":"F","donnees":{"a":2},"data":{"a":1}}"#,
            r#"{"donnees":{"a":1},"donnees":{"a":2}}"#,
            r#"{"nom":"F"}"#,
            r#"[1,2]"#,
            r#""text""#,
            r#"{"donnees":3,"RapportSaisie":{"_erreurSaisie_":false}}"#,
            r#"{"donnees":{},"_Signature_":{"Erreur":{"G":25}}}"#,
            r#"{"donnees":{},"Signature":{"Erreur":{"G":25}}}"#,
            r#"{"MessageErreur":"x","donnees":{}}"#,
            r#"{"donnees":{},"SignatureAttente":{"ParametresAtt":{"delai":3}}}"#,
            r#"{"RapportSaisie":{"_erreurSaisie_":true,"_messagesErreur_":["non"]}}"#,
            r#"{"donnees":{"a":1}"#,
            r#"{"donnees":{"a":1}} x"#,
            r#"{"donnees":{"a":1},"nom":}"#,
        ] {
            let (one, two) = both(payload);
            assert_eq!(one, two, "{payload}");
        }
    }

    #[test]
    fn the_data_key_asked_for_wins_wherever_it_stands() {
        for payload in [
            r#"{"data":{"a":1},"donnees":{"a":2}}"#,
            r#"{"donnees":{"a":2},"data":{"a":1}}"#,
        ] {
            let reply = ReplyText::from_payload(payload.as_bytes().to_vec(), "data", "Signature");
            let data: Value = reply.unwrap().read().unwrap();
            assert_eq!(data, json!({"a": 1}), "{payload}");
        }
    }

    #[test]
    fn a_lesser_data_key_is_read_only_when_it_is_the_best_there_is() {
        // A lesser key that `T` does not fit is no error when the key asked
        // for is there too, before it or after it.
        for payload in [
            r#"{"data":"not a map","donnees":{"a":1}}"#,
            r#"{"donnees":{"a":1},"data":"not a map"}"#,
        ] {
            let read = text(payload).read::<BTreeMap<String, u32>>();
            assert_eq!(
                read.unwrap(),
                BTreeMap::from([("a".to_owned(), 1)]),
                "{payload}"
            );
        }
        // Alone, it is the data.
        let read = text(r#"{"data":{"b":2},"nom":"F"}"#).read::<BTreeMap<String, u32>>();
        assert_eq!(read.unwrap(), BTreeMap::from([("b".to_owned(), 2)]));
        let read = text(r#"{"data":"not a map"}"#).read::<BTreeMap<String, u32>>();
        assert!(matches!(read, Err(ReadError::Data(_))));
    }

    #[test]
    fn a_signal_wins_over_data_that_does_not_fit() {
        // The data part fails first; the signal comes after it.
        let reply =
            text(r#"{"donnees":"not a map","SignatureAttente":{"ParametresAtt":{"delai":4}}}"#);
        assert!(matches!(
            reply.read::<BTreeMap<String, u32>>(),
            Err(ReadError::Reply(Error::Server(ServerError::RetryAfter {
                delay_secs: 4
            })))
        ));
        let reply = text(r#"{"donnees":"not a map","nom":"F"}"#);
        assert!(matches!(
            reply.read::<BTreeMap<String, u32>>(),
            Err(ReadError::Data(_))
        ));
    }

    #[test]
    fn borrows_from_the_payload_and_reads_a_missing_part_as_empty() {
        #[derive(Deserialize)]
        struct Label<'a> {
            #[serde(rename = "L", borrow)]
            label: Option<&'a str>,
        }
        let reply = text(r#"{"donnees":{"L":"S3"},"nom":"F"}"#);
        assert_eq!(reply.read::<Label<'_>>().unwrap().label, Some("S3"));
        let reply = text(r#"{"nom":"F"}"#);
        assert_eq!(reply.read::<Label<'_>>().unwrap().label, None);
        assert!(
            ReplyText::from_payload(b"{\"donnees\":\"\xff\"}".to_vec(), DATA, SIGNATURE).is_err()
        );
    }

    #[test]
    fn into_raw_checks_as_raw_reply_does() {
        let raw = text(r#"{"donnees":{"a":1},"nom":"F"}"#).into_raw().unwrap();
        assert_eq!(raw.data_text(), Some(r#"{"a":1}"#));
        assert!(text(r#"{"MessageErreur":"x"}"#).into_raw().is_err());
        let checked = ReplyText::from(raw.clone());
        assert_eq!(checked.read::<Value>().unwrap(), json!({"a": 1}));
        assert_eq!(checked.into_raw().unwrap().data_text(), raw.data_text());
    }
}
