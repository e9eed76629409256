//! References to server objects `{N, L, G, P, E, A}`, their ids, and the
//! two list shapes (`{"_T": 24, "V": [...]}` or bare).

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::wire::WrapperKey;

/// An object id (`N`), such as `114#` followed by 43 base64url characters.
///
/// Opaque on purpose: ids are salted per session (an id from a previous
/// session is refused with error 22), so they are only ever sent back as
/// received. Most are strings; a few requests use small numbers
/// (`onglet {N: 0}`), which are kept as numbers. Serde reads and writes the
/// bare string or number, with no wrapper.
///
/// ```
/// use pronote_proto::value::Id;
/// let id: Id = serde_json::from_str(r#""114#abc""#)?;
/// assert_eq!(id.as_str(), Some("114#abc"));
/// assert_eq!(serde_json::to_string(&Id::from_number(0))?, "0");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(IdRepr);

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum IdRepr {
    Text(String),
    Number(i64),
}

impl Id {
    /// An id as text.
    pub fn new(text: impl Into<String>) -> Self {
        Id(IdRepr::Text(text.into()))
    }

    /// A numeric id (`N: 0` in some requests, negative for new objects).
    pub const fn from_number(number: i64) -> Self {
        Id(IdRepr::Number(number))
    }

    /// The text, when the id is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            IdRepr::Text(text) => Some(text),
            IdRepr::Number(_) => None,
        }
    }

    /// The number, when the id is a JSON number.
    pub const fn as_number(&self) -> Option<i64> {
        match self.0 {
            IdRepr::Number(n) => Some(n),
            IdRepr::Text(_) => None,
        }
    }

    /// Whether the id marks an object the client is creating: new objects
    /// take negative ids.
    pub fn is_new(&self) -> bool {
        match &self.0 {
            IdRepr::Number(n) => *n < 0,
            IdRepr::Text(text) => text.starts_with('-'),
        }
    }
}

impl From<String> for Id {
    fn from(value: String) -> Self {
        Id::new(value)
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Id::new(value)
    }
}

impl From<i64> for Id {
    fn from(value: i64) -> Self {
        Id::from_number(value)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            IdRepr::Text(text) => f.write_str(text),
            IdRepr::Number(n) => write!(f, "{n}"),
        }
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            IdRepr::Text(text) => write!(f, "Id({text:?})"),
            IdRepr::Number(n) => write!(f, "Id({n})"),
        }
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            IdRepr::Text(text) => serializer.serialize_str(text),
            IdRepr::Number(n) => serializer.serialize_i64(*n),
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = Id;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id string or integer")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::new(v))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
                Ok(Id::new(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id::from_number(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                i64::try_from(v)
                    .map(Id::from_number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

/// What a write request does to an object (`E`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum State {
    /// 0: unchanged.
    #[default]
    None,
    /// 1: create.
    Create,
    /// 2: modify.
    Modify,
    /// 3: delete.
    Delete,
    /// 4: children modified.
    ChildrenModified,
    /// A code this crate does not know.
    Other(i64),
}

impl State {
    /// The state for a wire code.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => State::None,
            1 => State::Create,
            2 => State::Modify,
            3 => State::Delete,
            4 => State::ChildrenModified,
            other => State::Other(other),
        }
    }

    /// The wire code.
    pub const fn code(self) -> i64 {
        match self {
            State::None => 0,
            State::Create => 1,
            State::Modify => 2,
            State::Delete => 3,
            State::ChildrenModified => 4,
            State::Other(code) => code,
        }
    }
}

impl Serialize for State {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(State::from_code)
    }
}

/// A reference to a server object: `{N, L, G, P, E, A}`.
///
/// Only `N` is required; the other fields are skipped when `None`, and
/// unknown fields are ignored when reading (models that need more fields
/// declare their own struct).
///
/// ```
/// use pronote_proto::value::{Reference, State};
/// let r: Reference = serde_json::from_str(r#"{"N":"114#x","L":"Trimestre 1","G":1}"#)?;
/// assert_eq!(r.label.as_deref(), Some("Trimestre 1"));
/// let edit = Reference::new(r.id.clone()).with_state(State::Modify);
/// assert_eq!(serde_json::to_string(&edit)?, r#"{"N":"114#x","E":2}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reference {
    /// `N`: the id.
    #[serde(rename = "N")]
    pub id: Id,
    /// `L`: the label.
    #[serde(rename = "L", default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `G`: the genre (the object's kind within its family).
    #[serde(rename = "G", default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<i32>,
    /// `P`: the display order.
    #[serde(rename = "P", default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// `E`: the state, in write requests.
    #[serde(rename = "E", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
    /// `A`: whether the object is active.
    #[serde(rename = "A", default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl Reference {
    /// A reference carrying only its id.
    pub fn new(id: impl Into<Id>) -> Self {
        Reference {
            id: id.into(),
            label: None,
            genre: None,
            order: None,
            state: None,
            active: None,
        }
    }

    /// Sets `L`.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets `G`.
    #[must_use]
    pub fn with_genre(mut self, genre: i32) -> Self {
        self.genre = Some(genre);
        self
    }

    /// Sets `P`.
    #[must_use]
    pub fn with_order(mut self, order: i64) -> Self {
        self.order = Some(order);
        self
    }

    /// Sets `E`.
    #[must_use]
    pub fn with_state(mut self, state: State) -> Self {
        self.state = Some(state);
        self
    }

    /// Sets `A`.
    #[must_use]
    pub fn with_active(mut self, active: bool) -> Self {
        self.active = Some(active);
        self
    }
}

/// A list in either wire shape: wrapped `{"_T": 24, "V": [...]}` (or
/// `{"V": [...]}`) or bare `[...]`.
///
/// Reading accepts all three, so a model need not know which shape a given
/// server version uses; writing produces `{"_T": 24, "V": [...]}`, the
/// server's form. Use a plain `Vec<T>` for a list that must go out bare.
///
/// ```
/// use pronote_proto::value::WireList;
/// let a: WireList<u8> = serde_json::from_str(r#"{"_T":24,"V":[1,2]}"#)?;
/// let b: WireList<u8> = serde_json::from_str("[1,2]")?;
/// assert_eq!(a, b);
/// assert_eq!(serde_json::to_string(&a)?, r#"{"_T":24,"V":[1,2]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WireList<T>(pub Vec<T>);

impl<T> WireList<T> {
    /// The items.
    pub fn into_inner(self) -> Vec<T> {
        self.0
    }
}

impl<T> Default for WireList<T> {
    fn default() -> Self {
        WireList(Vec::new())
    }
}

impl<T> Deref for WireList<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for WireList<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> From<Vec<T>> for WireList<T> {
    fn from(value: Vec<T>) -> Self {
        WireList(value)
    }
}

impl<T> From<WireList<T>> for Vec<T> {
    fn from(value: WireList<T>) -> Self {
        value.0
    }
}

impl<T> FromIterator<T> for WireList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        WireList(iter.into_iter().collect())
    }
}

impl<T> IntoIterator for WireList<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a WireList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Serialize> Serialize for WireList<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("_T", &24u32)?;
        map.serialize_entry("V", &self.0)?;
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for WireList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = WireList<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list, bare or wrapped as {_T: 24, V: [...]}")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                // Cap the pre-allocation: the size hint comes from the input.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(WireList(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items: Option<Vec<T>> = None;
                while let Some(key) = map.next_key::<WrapperKey>()? {
                    if key == WrapperKey::Value {
                        if items.is_some() {
                            return Err(de::Error::duplicate_field("V"));
                        }
                        items = Some(map.next_value()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                items
                    .map(WireList)
                    .ok_or_else(|| de::Error::missing_field("V"))
            }
        }

        deserializer.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reference_round_trip() {
        let json = r#"{"N":"114#AbC-_","L":"Maths","G":16,"P":3,"E":4,"A":true}"#;
        let r: Reference = serde_json::from_str(json).unwrap();
        assert_eq!(r.genre, Some(16));
        assert_eq!(r.state, Some(State::ChildrenModified));
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
        let extra: Reference = serde_json::from_str(r#"{"N":-1001,"X":[1],"E":9}"#).unwrap();
        assert!(extra.id.is_new());
        assert_eq!(extra.state, Some(State::Other(9)));
        assert!(serde_json::from_str::<Reference>(r#"{"L":"x"}"#).is_err());
        assert!(serde_json::from_str::<Reference>(r#"{"N":null}"#).is_err());
    }

    #[test]
    fn ids() {
        assert_eq!(Id::new("114#a").to_string(), "114#a");
        assert_eq!(format!("{:?}", Id::from_number(-3)), "Id(-3)");
        assert!(Id::new("-12").is_new());
        assert!(!Id::new("12").is_new());
        assert!(serde_json::from_str::<Id>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<Id>("1.5").is_err());
    }

    #[test]
    fn list_shapes() {
        let wrapped: WireList<Reference> =
            serde_json::from_str(r#"{"_T":24,"V":[{"N":"1"},{"N":"2","L":"b"}]}"#).unwrap();
        let plain: WireList<Reference> =
            serde_json::from_str(r#"{"V":[{"N":"1"},{"N":"2","L":"b"}]}"#).unwrap();
        let bare: WireList<Reference> =
            serde_json::from_str(r#"[{"N":"1"},{"N":"2","L":"b"}]"#).unwrap();
        assert_eq!(wrapped, plain);
        assert_eq!(wrapped, bare);
        assert_eq!(wrapped.len(), 2);
        assert!(serde_json::from_str::<WireList<u8>>(r#"{"_T":24}"#).is_err());
        assert!(serde_json::from_str::<WireList<u8>>(r#"{"V":[1],"V":[2]}"#).is_err());
        assert!(serde_json::from_str::<WireList<u8>>(r#""x""#).is_err());
        let empty: WireList<u8> = serde_json::from_str("[]").unwrap();
        assert_eq!(
            serde_json::to_string(&empty).unwrap(),
            r#"{"_T":24,"V":[]}"#
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,64}") {
            let _ = serde_json::from_str::<WireList<Reference>>(&text);
            let _ = serde_json::from_str::<Reference>(&text);
        }
    }
}
