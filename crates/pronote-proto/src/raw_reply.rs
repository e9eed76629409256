//! Replies kept as the decrypted, inflated JSON text, for callers that
//! read the data part straight into their own typed structs without
//! building a [`Value`] tree of the whole reply.
//!
//! [`PendingCall::handle_response_raw`](crate::PendingCall::handle_response_raw)
//! makes one. It has already checked everything
//! [`handle_response`](crate::PendingCall::handle_response) checks (order
//! number, session, the in-payload error signals); only the data part is
//! left unparsed, as text.
//!
//! ```
//! use pronote_proto::RawReply;
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
//! let reply = RawReply::from_payload(payload.to_vec(), "donnees", "Signature")?;
//! let week: Week<'_> = reply.data()?;
//! assert_eq!((week.week, week.label), (3, "S3"));
//! assert_eq!(reply.into_reply()?.data["NumeroSemaine"], 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::budget::Limits;
use crate::envelope;
use crate::error::{DecodeError, Error};
use crate::session::Reply;

/// A checked reply whose data part is still JSON text.
#[derive(Debug, Clone)]
pub struct RawReply {
    data: Data,
    signature: Option<Value>,
    rest: Map<String, Value>,
    deflated: Option<Deflated>,
}

/// The payload as the server deflated it (see
/// [`RawReply::deflated_payload`]); its `Debug` shows only the length.
#[derive(Clone)]
struct Deflated(Box<[u8]>);

impl fmt::Debug for Deflated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} deflated bytes>", self.0.len())
    }
}

#[derive(Debug, Clone)]
enum Data {
    /// The payload's text and where in it the data part lies (the whole
    /// of `{}` when the reply had none): kept as received, not copied.
    Text {
        payload: String,
        range: Range<usize>,
    },
    /// An unprotected reply, already parsed by the envelope.
    Value(Value),
}

/// The keys a reply's data may come under, best first.
const DATA_KEYS: [&str; 2] = ["data", "donnees"];
/// The keys a reply's signature may come under, best first.
const SIGNATURE_KEYS: [&str; 2] = ["Signature", "_Signature_"];

impl RawReply {
    /// Reads the root of a decrypted, inflated payload, keeping the data
    /// part (under `data_key`, else `data`, else `donnees`; `data_key` is
    /// one of these two) as text, and
    /// turns the in-payload error signals into errors as
    /// [`envelope::split_reply`] does.
    ///
    /// The payload is kept as it is (the data part is read from it later,
    /// by [`RawReply::data`]), so it is taken by value.
    pub fn from_payload(json: Vec<u8>, data_key: &str, signature_key: &str) -> Result<Self, Error> {
        let payload = String::from_utf8(json).map_err(|_| {
            Error::from(DecodeError::Utf8 {
                field: "reply payload",
            })
        })?;
        Self::from_payload_text(payload, data_key, signature_key)
    }

    /// [`from_payload`](Self::from_payload) of a payload already checked
    /// as UTF-8.
    pub(crate) fn from_payload_text(
        payload: String,
        data_key: &str,
        signature_key: &str,
    ) -> Result<Self, Error> {
        let in_data = Cell::new(false);
        let root = parse_root::<&RawValue>(&payload, data_key, &in_data)
            .map_err(|e| Error::from(DecodeError::json("reply payload", &e)))?;
        let Root::Object {
            best,
            mut lesser,
            mut rest,
        } = root
        else {
            return Ok(RawReply {
                data: Data::Value(Value::Null),
                signature: None,
                rest: Map::new(),
                deflated: None,
            });
        };
        lesser.sort_by_key(|(key, _)| data_key_rank(data_key, key));
        let mut lesser = lesser.into_iter();
        let range = match best.or_else(|| lesser.next().map(|(_, text)| text)) {
            Some(text) => within(&payload, text.get()),
            None => None,
        };
        // Data under a lesser key stays among the other root keys.
        for (key, text) in lesser {
            let value = serde_json::from_str(text.get())
                .map_err(|e| Error::from(DecodeError::json("reply payload", &e)))?;
            rest.insert(key, value);
        }
        let signature = take_signature(&mut rest, signature_key);
        envelope::check_signals(signature.as_ref(), &rest)?;
        let data = match range {
            Some(range) => Data::Text { payload, range },
            None => Data::Text {
                payload: "{}".to_owned(),
                range: 0..2,
            },
        };
        Ok(RawReply {
            data,
            signature,
            rest,
            deflated: None,
        })
    }

    /// Reads back a payload kept from [`RawReply::deflated_payload`]: it
    /// is inflated within `limits` and read as [`RawReply::from_payload`]
    /// reads (data under `data` or `donnees`).
    ///
    /// ```
    /// use pronote_proto::RawReply;
    /// use pronote_proto::payload::{Limits, deflate};
    ///
    /// let kept = deflate(br#"{"nom":"F","data":{"a":1}}"#);
    /// let reply = RawReply::from_deflated_payload(&kept, Limits::default())?;
    /// assert_eq!(reply.data_text(), Some(r#"{"a":1}"#));
    /// # Ok::<(), pronote_proto::Error>(())
    /// ```
    pub fn from_deflated_payload(bytes: &[u8], limits: Limits) -> Result<Self, Error> {
        let json = crate::deflate::inflate(bytes, limits)?;
        Self::from_payload(json, DATA_KEYS[0], SIGNATURE_KEYS[0])
    }

    /// A reply whose payload came unprotected, already parsed, split as
    /// [`envelope::split_reply`] splits it.
    pub fn from_inner(inner: envelope::Inner) -> Self {
        RawReply {
            data: Data::Value(inner.data),
            signature: inner.signature,
            rest: inner.rest,
            deflated: None,
        }
    }

    pub(crate) fn with_deflated_payload(mut self, bytes: Vec<u8>) -> Self {
        self.deflated = Some(Deflated(bytes.into_boxed_slice()));
        self
    }

    /// The whole payload as the server deflated it, for a reply that came
    /// compressed and was read to be kept: the login's
    /// [`LoginOutcome::instance`](crate::LoginOutcome::instance) and
    /// [`LoginOutcome::user`](crate::LoginOutcome::user). A few times
    /// smaller than its text, it is the form to hold for later (read it
    /// back with [`RawReply::from_deflated_payload`]); no other reply
    /// carries it.
    pub fn deflated_payload(&self) -> Option<&[u8]> {
        self.deflated.as_ref().map(|d| &*d.0)
    }

    /// Takes [`RawReply::deflated_payload`] out of the reply, to keep it
    /// without a copy.
    pub fn take_deflated_payload(&mut self) -> Option<Box<[u8]>> {
        self.deflated.take().map(|d| d.0)
    }

    /// Reads the data part into `T`, borrowing text from the reply where
    /// `T` allows it. The error is serde's, for the caller to report.
    pub fn data<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        match &self.data {
            Data::Text { payload, range } => {
                serde_json::from_str(payload.get(range.clone()).unwrap_or("{}"))
            }
            Data::Value(value) => T::deserialize(value),
        }
    }

    /// The data part's JSON text, when the reply was received as text.
    pub fn data_text(&self) -> Option<&str> {
        match &self.data {
            Data::Text { payload, range } => payload.get(range.clone()),
            Data::Value(_) => None,
        }
    }

    /// The signature, when the server sent one.
    pub fn signature(&self) -> Option<&Value> {
        self.signature.as_ref()
    }

    /// The other root keys (`RapportSaisie`, `nom`, …).
    pub fn rest(&self) -> &Map<String, Value> {
        &self.rest
    }

    /// The same reply with its data parsed into a [`Value`].
    pub fn into_reply(self) -> Result<Reply, Error> {
        let data = match self.data {
            Data::Text { payload, range } => {
                serde_json::from_str(payload.get(range).unwrap_or("{}"))
                    .map_err(|e| Error::from(DecodeError::json("reply payload", &e)))?
            }
            Data::Value(value) => value,
        };
        Ok(Reply {
            data,
            signature: self.signature,
            rest: self.rest,
        })
    }
}

/// How good a data part `key` is, best first (`data_key`, then `data`,
/// then `donnees`); `None` for a key that is no data part.
pub(crate) fn data_key_rank(data_key: &str, key: &str) -> Option<usize> {
    let position = DATA_KEYS.iter().position(|k| *k == key)?;
    Some(if key == data_key { 0 } else { 1 + position })
}

/// Takes the signature out of a payload's root keys: under
/// `signature_key`, else `Signature`, else `_Signature_`.
pub(crate) fn take_signature(rest: &mut Map<String, Value>, signature_key: &str) -> Option<Value> {
    std::iter::once(signature_key)
        .chain(SIGNATURE_KEYS)
        .find_map(|key| rest.remove(key))
}

/// Where `part`, a slice of `whole`, lies in it.
fn within(whole: &str, part: &str) -> Option<Range<usize>> {
    let start = part.as_ptr().addr().checked_sub(whole.as_ptr().addr())?;
    let range = start..start.checked_add(part.len())?;
    whole.get(range.clone()).map(|_| range)
}

/// A payload's root, read in one pass: the data part under the key asked
/// for read as `T` as it comes (`best`), data parts under lesser keys kept
/// as text (`lesser`, a repeated key keeping its last value, as in a
/// `Value`), every other key parsed. A root that is not an object reads
/// as empty, as in [`envelope::split_reply`].
pub(crate) enum Root<'de, T> {
    Object {
        best: Option<T>,
        lesser: Vec<(String, &'de RawValue)>,
        rest: Map<String, Value>,
    },
    Other,
}

/// Reads a payload's root (see [`Root`]); `in_data` is left set when the
/// error came from reading `best` as `T`, so that it can be told apart
/// from an error in the rest of the payload.
pub(crate) fn parse_root<'de, T: Deserialize<'de>>(
    payload: &'de str,
    data_key: &str,
    in_data: &Cell<bool>,
) -> Result<Root<'de, T>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(payload);
    let root = de::Deserializer::deserialize_any(
        &mut deserializer,
        RootVisitor {
            data_key,
            in_data,
            marker: PhantomData,
        },
    )?;
    deserializer.end()?;
    Ok(root)
}

struct RootVisitor<'k, T> {
    data_key: &'k str,
    in_data: &'k Cell<bool>,
    marker: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for RootVisitor<'_, T> {
    type Value = Root<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a reply payload")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut best = None;
        let mut lesser: Vec<(String, &'de RawValue)> = Vec::new();
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match data_key_rank(self.data_key, &key) {
                Some(0) => {
                    self.in_data.set(true);
                    best = Some(map.next_value::<T>()?);
                    self.in_data.set(false);
                }
                Some(_) => {
                    let text: &'de RawValue = map.next_value()?;
                    lesser.retain(|(known, _)| *known != key);
                    lesser.push((key, text));
                }
                None => {
                    let value: Value = map.next_value()?;
                    rest.insert(key, value);
                }
            }
        }
        Ok(Root::Object { best, lesser, rest })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Root::Other)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Root::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Root::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Root::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Root::Other)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Root::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Root::Other)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::error::ServerError;
    use serde_json::json;

    fn both(json: &Value) -> (Result<Reply, Error>, Result<Reply, Error>) {
        let text = serde_json::to_vec(json).unwrap();
        let keys = crate::version::Generation::V2025.profile().inner;
        let raw =
            RawReply::from_payload(text, keys.data, keys.signature).and_then(RawReply::into_reply);
        let split = envelope::split_reply(&keys, json.clone())
            .map(Reply::from)
            .map_err(Error::from);
        (raw, split)
    }

    #[test]
    fn reads_as_split_reply_does() {
        for payload in [
            json!({"nom": "F", "donnees": {"a": [1, {"b": "é"}]}, "Signature": {"x": 1}}),
            json!({"nom": "F", "data": {"a": 1}, "donnees": {"a": 2}}),
            json!({"nom": "F"}),
            json!([1, 2]),
            json!({"donnees": 3, "RapportSaisie": {"_erreurSaisie_": false}}),
        ] {
            let (raw, split) = both(&payload);
            assert_eq!(raw.unwrap(), split.unwrap(), "{payload}");
        }
        for payload in [
            json!({"donnees": {}, "_Signature_": {"Erreur": {"G": 25}}}),
            json!({"MessageErreur": "x"}),
            json!({"SignatureAttente": {"ParametresAtt": {"delai": 3}}}),
            json!({"RapportSaisie": {"_erreurSaisie_": true, "_messagesErreur_": ["non"]}}),
        ] {
            let (raw, split) = both(&payload);
            assert_eq!(raw.unwrap_err(), split.unwrap_err(), "{payload}");
        }
        let (raw, _) = both(&json!({"SignatureAttente": {"ParametresAtt": {"delai": 3}}}));
        assert!(matches!(
            raw,
            Err(Error::Server(ServerError::RetryAfter { delay_secs: 3 }))
        ));
    }

    #[test]
    fn data_is_read_from_the_text() {
        let reply = RawReply::from_payload(
            br#"{"donnees":{"L":"a\u00e9","N":2}}"#.to_vec(),
            "donnees",
            "x",
        )
        .unwrap();
        assert_eq!(reply.data_text(), Some(r#"{"L":"a\u00e9","N":2}"#));
        let data: std::collections::BTreeMap<String, Value> = reply.data().unwrap();
        assert_eq!(data["L"], json!("aé"));
        assert!(reply.data::<Vec<u8>>().is_err());
        assert!(RawReply::from_payload(b"{".to_vec(), "donnees", "x").is_err());
        assert!(
            RawReply::from_payload(b"{\"donnees\":\"\xff\"}".to_vec(), "donnees", "x").is_err()
        );
        let empty = RawReply::from_payload(br#"{"nom":"F"}"#.to_vec(), "donnees", "x").unwrap();
        assert_eq!(empty.data_text(), Some("{}"));
    }
}
