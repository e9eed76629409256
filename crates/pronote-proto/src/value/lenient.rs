//! Serde adapters for the fields of reply structs, read the way the
//! public clients read them.
//!
//! A reply field may come bare (`true`, `"3"`), wrapped as a typed value
//! (`{"_T": 1, "V": 3}`) or as `{"V": 3}`, or be `null`. The value types of
//! this module's parent ([`Grade`](super::Grade), [`Html`](super::Html),
//! [`Domain`](super::Domain)…) already accept the bare and wrapped forms and
//! refuse anything else; the adapters here are for plain fields that the
//! clients read leniently:
//!
//! | adapter | gives | wrong type or `null` reads as |
//! |---|---|---|
//! | [`flag`] | `bool` | `false` |
//! | [`opt_int`] | `Option<N>` from a number or a string holding one | `None` |
//! | [`opt_text`] | `Option<String>` or `Option<Cow<str>>`, never empty | `None` |
//! | [`opt_id`] | `Option<Id>` from a non-empty string or an integer | `None` |
//! | [`list`] | `Vec<T>` from a bare or wrapped list | empty |
//!
//! and [`Wrapped`], which unwraps `{"_T": k, "V": x}` or `{"V": x}` around
//! any type and reads anything else as the type itself.
//!
//! Use them with `#[serde(default, deserialize_with = "…::deserialize")]`
//! so that a missing field reads like a `null` one. Text borrows from the
//! input where the deserializer allows it (`serde_json::from_slice`, or a
//! borrowed `&Value`).
//!
//! ```
//! use std::borrow::Cow;
//! use pronote_proto::value::{Id, lenient};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Item<'a> {
//!     #[serde(rename = "N", default, deserialize_with = "lenient::opt_id::deserialize")]
//!     id: Option<Id>,
//!     #[serde(rename = "L", borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
//!     label: Option<Cow<'a, str>>,
//!     #[serde(rename = "estAnnule", default, deserialize_with = "lenient::flag::deserialize")]
//!     cancelled: bool,
//!     #[serde(default, deserialize_with = "lenient::opt_int::deserialize")]
//!     place: Option<u32>,
//! }
//!
//! let json = br#"{"N":"1#a","L":"Maths","estAnnule":{"_T":1,"V":true},"place":"12"}"#;
//! let item: Item<'_> = serde_json::from_slice(json)?;
//! assert_eq!(item.id, Some(Id::new("1#a")));
//! assert!(matches!(item.label, Some(Cow::Borrowed("Maths"))));
//! assert!(item.cancelled);
//! assert_eq!(item.place, Some(12));
//! let empty: Item<'_> = serde_json::from_slice(br#"{"L":"","estAnnule":3}"#)?;
//! assert_eq!((empty.id, empty.label, empty.cancelled, empty.place), (None, None, false, None));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BorrowedStrDeserializer, MapAccessDeserializer, SeqAccessDeserializer, StringDeserializer,
};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::reference::Id;
use super::wire::WrapperKey;

/// A scalar read leniently: what the adapters pick from.
enum Loose<'de> {
    Bool(bool),
    Int(i64),
    Text(Cow<'de, str>),
    /// Anything else: a float, `null`, a list, an object that is not a
    /// wrapper, a wrapper around one of these.
    Other,
}

/// Reads one [`Loose`] value; `nested` is set inside a wrapper, where an
/// object is not unwrapped again.
struct LooseSeed {
    nested: bool,
}

impl<'de> DeserializeSeed<'de> for LooseSeed {
    type Value = Loose<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Loose<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LooseSeed {
    type Value = Loose<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Loose<'de>, E> {
        Ok(Loose::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose<'de>, E> {
        Ok(Loose::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose<'de>, E> {
        Ok(i64::try_from(v).map_or(Loose::Other, Loose::Int))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Loose<'de>, E> {
        Ok(Loose::Other)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Loose<'de>, E> {
        Ok(Loose::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose<'de>, E> {
        Ok(Loose::Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Loose<'de>, E> {
        Ok(Loose::Text(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Loose<'de>, E> {
        Ok(Loose::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Loose<'de>, E> {
        Ok(Loose::Other)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Loose<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose<'de>, A::Error> {
        let mut wrapper = !self.nested;
        let mut inner = None;
        while let Some(key) = map.next_key::<WrapperKey>()? {
            if wrapper && key == WrapperKey::Value && inner.is_none() {
                inner = Some(map.next_value_seed(LooseSeed { nested: true })?);
            } else {
                wrapper &= key != WrapperKey::Other;
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(inner.filter(|_| wrapper).unwrap_or(Loose::Other))
    }
}

fn loose<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Loose<'de>, D::Error> {
    deserializer.deserialize_any(LooseSeed { nested: false })
}

/// A boolean flag, bare or wrapped; anything else reads as `false`.
pub mod flag {
    use serde::Deserializer;

    /// Reads the flag.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        Ok(matches!(
            super::loose(deserializer)?,
            super::Loose::Bool(true)
        ))
    }
}

/// An integer, bare or wrapped, written as a number or as a string holding
/// one (`" 4 "`); anything else, or a number out of `N`'s range, reads as
/// `None`.
pub mod opt_int {
    use serde::Deserializer;

    use super::Loose;

    /// Reads the integer.
    pub fn deserialize<'de, D, N>(deserializer: D) -> Result<Option<N>, D::Error>
    where
        D: Deserializer<'de>,
        N: TryFrom<i64>,
    {
        let number = match super::loose(deserializer)? {
            Loose::Int(n) => Some(n),
            Loose::Text(text) => text.trim().parse().ok(),
            Loose::Bool(_) | Loose::Other => None,
        };
        Ok(number.and_then(|n| N::try_from(n).ok()))
    }
}

/// A non-empty string, bare or wrapped, as `String` or as a `Cow<str>`
/// borrowing from the input; an empty string or another type reads as
/// `None`.
pub mod opt_text {
    use std::borrow::Cow;

    use serde::Deserializer;

    use super::Loose;

    /// Reads the text.
    pub fn deserialize<'de, D, S>(deserializer: D) -> Result<Option<S>, D::Error>
    where
        D: Deserializer<'de>,
        S: From<Cow<'de, str>>,
    {
        Ok(match super::loose(deserializer)? {
            Loose::Text(text) if !text.is_empty() => Some(S::from(text)),
            _ => None,
        })
    }
}

/// An id (`N`): a non-empty string or an integer; anything else reads as
/// `None`.
pub mod opt_id {
    use serde::Deserializer;

    use super::{Id, Loose};

    /// Reads the id.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Id>, D::Error> {
        Ok(match super::loose(deserializer)? {
            Loose::Text(text) if !text.is_empty() => Some(Id::new(text.into_owned())),
            Loose::Int(n) => Some(Id::from_number(n)),
            _ => None,
        })
    }
}

/// A list, bare (`[…]`) or wrapped (`{"_T": 24, "V": […]}`); `null`,
/// another type, or a wrapper without a list reads as empty. The items
/// themselves are read strictly.
pub mod list {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::Deserialize;
    use serde::de::{
        self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
    };

    use super::WrapperKey;

    /// Reads the list.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        deserializer.deserialize_any(ListSeed {
            nested: false,
            item: PhantomData,
        })
    }

    struct ListSeed<T> {
        nested: bool,
        item: PhantomData<T>,
    }

    impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ListSeed<T> {
        type Value = Vec<T>;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListSeed<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list, bare or wrapped")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // The size hint comes from the input: cap the pre-allocation.
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(items)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::new();
            let mut found = false;
            while let Some(key) = map.next_key::<WrapperKey>()? {
                if !self.nested && !found && key == WrapperKey::Value {
                    found = true;
                    items = map.next_value_seed(ListSeed {
                        nested: true,
                        item: PhantomData,
                    })?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(items)
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
            deserializer.deserialize_any(self)
        }
    }
}

/// Any value, unwrapped from `{"_T": k, "V": x}` or `{"V": x}` when it
/// comes wrapped, read as is otherwise. An object counts as a wrapper when
/// its first key is `V` or `_T`. Serializes as the bare value.
///
/// ```
/// use pronote_proto::value::Wrapped;
/// use serde::Deserialize;
///
/// #[derive(Debug, PartialEq, Deserialize)]
/// struct Notebook { #[serde(rename = "N")] id: String }
///
/// let a: Wrapped<Notebook> = serde_json::from_str(r#"{"_T":24,"V":{"N":"7#x"}}"#)?;
/// let b: Wrapped<Notebook> = serde_json::from_str(r#"{"N":"7#x"}"#)?;
/// assert_eq!(a, b);
/// let n: Wrapped<u32> = serde_json::from_str(r#"{"V":3}"#)?;
/// assert_eq!(n.0, 3);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Wrapped<T>(pub T);

impl<T> Wrapped<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: Serialize> Serialize for Wrapped<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Wrapped<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(WrappedVisitor(PhantomData))
            .map(Wrapped)
    }
}

struct WrappedVisitor<T>(PhantomData<T>);

macro_rules! forward_scalar {
    ($($method:ident($ty:ty) => $de:ty;)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<T, E> {
            T::deserialize(<$de>::new(v))
        }
    )*};
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for WrappedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, bare or wrapped as {_T, V}")
    }

    forward_scalar! {
        visit_bool(bool) => de::value::BoolDeserializer<E>;
        visit_i64(i64) => de::value::I64Deserializer<E>;
        visit_u64(u64) => de::value::U64Deserializer<E>;
        visit_f64(f64) => de::value::F64Deserializer<E>;
        visit_borrowed_str(&'de str) => BorrowedStrDeserializer<'de, E>;
        visit_string(String) => StringDeserializer<E>;
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::deserialize(StringDeserializer::new(v.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        T::deserialize(de::value::UnitDeserializer::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        T::deserialize(de::value::UnitDeserializer::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(first) = map.next_key::<Key<'de>>()? else {
            return T::deserialize(MapAccessDeserializer::new(map));
        };
        if first.as_str() != "V" && first.as_str() != "_T" {
            return T::deserialize(MapAccessDeserializer::new(Replay {
                first: Some(first),
                map,
            }));
        }
        let mut key = Some(first);
        let mut value = None;
        while let Some(k) = key {
            if k.as_str() == "V" {
                if value.is_some() {
                    return Err(de::Error::duplicate_field("V"));
                }
                value = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            key = map.next_key::<Key<'de>>()?;
        }
        value.ok_or_else(|| de::Error::missing_field("V"))
    }
}

/// An object key, borrowed from the input when it can be.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(text) => text,
            Key::Owned(text) => text,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A map whose first key was already read, handed on whole.
struct Replay<'de, A> {
    first: Option<Key<'de>>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(Key::Borrowed(key)) => seed
                .deserialize(BorrowedStrDeserializer::new(key))
                .map(Some),
            Some(Key::Owned(key)) => seed.deserialize(StringDeserializer::new(key)).map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map
            .size_hint()
            .map(|n| n + usize::from(self.first.is_some()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Fields<'a> {
        #[serde(deserialize_with = "flag::deserialize")]
        flag: bool,
        #[serde(deserialize_with = "opt_int::deserialize")]
        int: Option<i64>,
        #[serde(deserialize_with = "opt_int::deserialize")]
        small: Option<u8>,
        #[serde(borrow, deserialize_with = "opt_text::deserialize")]
        text: Option<Cow<'a, str>>,
        #[serde(deserialize_with = "opt_text::deserialize")]
        owned: Option<String>,
        #[serde(rename = "N", deserialize_with = "opt_id::deserialize")]
        id: Option<Id>,
        #[serde(deserialize_with = "list::deserialize")]
        list: Vec<u8>,
    }

    fn read(value: &Value) -> Fields<'_> {
        Fields::deserialize(value).unwrap()
    }

    #[test]
    fn wrapped_and_bare_read_alike() {
        let bare = json!({"flag": true, "int": 3, "small": "7", "text": "a", "owned": "b",
            "N": "1#x", "list": [1, 2]});
        let wrapped = json!({"flag": {"_T": 1, "V": true}, "int": {"V": " 3 "},
            "small": {"_T": 1, "V": 7}, "text": {"_T": 21, "V": "a"}, "owned": {"V": "b"},
            "N": "1#x", "list": {"_T": 24, "V": [1, 2]}});
        assert_eq!(read(&bare), read(&wrapped));
        let fields = read(&bare);
        assert!(fields.flag);
        assert_eq!((fields.int, fields.small), (Some(3), Some(7)));
        assert!(matches!(fields.text, Some(Cow::Borrowed("a"))));
        assert_eq!(fields.list, [1, 2]);
        let from_bytes: Fields<'_> = serde_json::from_slice(br#"{"text":"b"}"#).unwrap();
        assert!(matches!(from_bytes.text, Some(Cow::Borrowed("b"))));
    }

    #[test]
    fn wrong_types_read_as_absent() {
        let odd = json!({"flag": "true", "int": 1.5, "small": 300, "text": "", "owned": 4,
            "N": "", "list": "x"});
        assert_eq!(read(&odd), Fields::default());
        let nulls = json!({"flag": null, "int": {"V": null}, "small": {"V": {"V": 3}},
            "text": {"V": "a", "X": 1}, "owned": [], "N": {"V": true}, "list": {"V": 3}});
        assert_eq!(read(&nulls), Fields::default());
        assert_eq!(read(&json!({})), Fields::default());
        assert_eq!(read(&json!({"N": -1})).id, Some(Id::from_number(-1)));
        // The items of a list are read strictly.
        assert!(Fields::deserialize(&json!({"list": ["x"]})).is_err());
    }

    #[test]
    fn wrapped_values() {
        let object: Wrapped<Value> = serde_json::from_str(r#"{"N":"1","V":2}"#).unwrap();
        assert_eq!(object.0, json!({"N": "1", "V": 2}));
        let unwrapped: Wrapped<Value> = serde_json::from_str(r#"{"_T":24,"V":[1]}"#).unwrap();
        assert_eq!(unwrapped.0, json!([1]));
        let text: Wrapped<String> = serde_json::from_str(r#""a""#).unwrap();
        assert_eq!(text.0, "a");
        let none: Wrapped<Option<u8>> = serde_json::from_str(r#"{"V":null}"#).unwrap();
        assert_eq!(none.0, None);
        let empty: Wrapped<std::collections::BTreeMap<String, u8>> =
            serde_json::from_str("{}").unwrap();
        assert!(empty.0.is_empty());
        assert!(serde_json::from_str::<Wrapped<u8>>(r#"{"_T":1}"#).is_err());
        assert!(serde_json::from_str::<Wrapped<u8>>(r#"{"V":1,"V":2}"#).is_err());
        assert!(serde_json::from_str::<Wrapped<u8>>(r#""x""#).is_err());
        assert_eq!(serde_json::to_string(&Wrapped(3)).unwrap(), "3");
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,64}") {
            let _ = serde_json::from_str::<Fields<'_>>(&text);
            let _ = serde_json::from_str::<Wrapped<Fields<'_>>>(&text);
            let _ = serde_json::from_str::<Wrapped<Value>>(&text);
        }
    }
}
