//! PRONOTE value conventions: typed values, dates, domains, grades,
//! references, HTML and calendar arithmetic.
//!
//! The server wraps most scalars in a *typed value* `{"_T": kind, "V": …}`
//! (see [`TypedValue`]); objects are *references* `{N, L, G, P, E, A}`
//! (see [`Reference`]); lists come wrapped `{"_T": 24, "V": [...]}` or bare
//! (see [`WireList`]). Everything here is pure: no clock, no I/O. Functions
//! that need "today" or "the current year" take it as an argument.
//!
//! | `_T` | meaning | Rust type |
//! |---|---|---|
//! | 1, 20 | cardinal, integer | `u64`, `i64` |
//! | 7 | date-time | [`time::PrimitiveDateTime`], [`WireDate`] |
//! | 8, 11, 15, 26 | domain / week set, cardinal set, set, number set | [`Domain`], [`NumberSet`] |
//! | 10 | grade | [`Grade`] |
//! | 13 | double (decimal comma) | [`Decimal`] |
//! | 21, 27 | HTML, safe HTML | [`Html`] |
//! | 24 | element or list | [`WireList`], [`Reference`] |
//!
//! Serde convention for the value types ([`WireDate`], [`Domain`],
//! [`NumberSet`], [`Grade`], [`Decimal`], [`Html`], [`WireList`]): they
//! serialize to their typed wire form `{"_T": k, "V": …}` and deserialize
//! from either that form or the bare `V`, so a model field can be declared
//! with the type directly.
//!
//! Plain reply fields that the public clients read leniently (flags,
//! integers written as text, non-empty strings, ids, lists that may be
//! missing) have `#[serde(deserialize_with = …)]` adapters in [`lenient`],
//! and [`Wrapped`] unwraps `{"_T": k, "V": x}` around any type. Text
//! borrows from the input where the deserializer allows it.
//!
//! No error carries the input text: only the value kind and a short reason
//! ([`DecodeError::Value`]).

pub mod calendar;
pub mod date;
pub mod domain;
pub mod grade;
pub mod html;
pub mod lenient;
pub mod reference;
pub mod typed;

pub use calendar::{
    HourTable, lesson_end, lesson_start, parse_hour_label, week_number, week_start,
};
pub use date::{
    DateStyle, WireDate, format_client, format_server, format_server_date, parse_date,
    parse_date_in_year, parse_date_relative, parse_date_time,
};
pub use domain::{Domain, NumberSet};
pub use grade::{Decimal, Grade};
pub use html::Html;
pub use lenient::Wrapped;
pub use reference::{Id, Reference, State, WireList};
pub use typed::TypedValue;

use crate::error::DecodeError;

/// Builds the one error kind of this module.
fn value_error(kind: &'static str, reason: impl Into<String>) -> DecodeError {
    DecodeError::Value {
        kind,
        reason: reason.into(),
    }
}

/// Deserialization helpers shared by the value types: accept a bare value
/// or the typed wrapper `{"_T": k, "V": value}`.
mod wire {
    use std::borrow::Cow;
    use std::fmt;

    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
    use serde::ser::{SerializeMap, Serializer};

    /// A key of an object that may be a typed wrapper, read without
    /// allocating.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(super) enum WrapperKey {
        /// `V`, the wrapped value.
        Value,
        /// `_T`, the value's kind.
        Kind,
        /// Any other key: the object is not a wrapper.
        Other,
    }

    impl<'de> de::Deserialize<'de> for WrapperKey {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct KeyVisitor;

            impl Visitor<'_> for KeyVisitor {
                type Value = WrapperKey;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object key")
                }

                fn visit_str<E: de::Error>(self, v: &str) -> Result<WrapperKey, E> {
                    Ok(match v {
                        "V" => WrapperKey::Value,
                        "_T" => WrapperKey::Kind,
                        _ => WrapperKey::Other,
                    })
                }
            }

            deserializer.deserialize_identifier(KeyVisitor)
        }
    }

    /// A scalar received from the wire, before its kind-specific parsing.
    /// Text borrows from the input when the input allows it.
    pub(super) enum Scalar<'de> {
        /// A JSON string.
        Text(Cow<'de, str>),
        /// A JSON number, as written (`15.5`, `3`, `-2`).
        Number(String),
    }

    /// Deserializes a string or number, bare or wrapped in `{_T, V}`.
    pub(super) fn scalar<'de, D: Deserializer<'de>>(
        deserializer: D,
        expecting: &'static str,
    ) -> Result<Scalar<'de>, D::Error> {
        deserializer.deserialize_any(ScalarVisitor {
            expecting,
            nested: false,
        })
    }

    struct ScalarVisitor {
        expecting: &'static str,
        nested: bool,
    }

    impl<'de> Visitor<'de> for ScalarVisitor {
        type Value = Scalar<'de>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
            Ok(Scalar::Text(Cow::Borrowed(v)))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
            Ok(Scalar::Text(Cow::Owned(v.to_owned())))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar<'de>, E> {
            Ok(Scalar::Text(Cow::Owned(v)))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'de>, E> {
            Ok(Scalar::Number(v.to_string()))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'de>, E> {
            Ok(Scalar::Number(v.to_string()))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'de>, E> {
            Ok(Scalar::Number(v.to_string()))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
            if self.nested {
                return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
            }
            let mut found = None;
            while let Some(key) = map.next_key::<WrapperKey>()? {
                if key == WrapperKey::Value {
                    if found.is_some() {
                        return Err(de::Error::duplicate_field("V"));
                    }
                    found = Some(map.next_value_seed(NestedScalar {
                        expecting: self.expecting,
                    })?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            found.ok_or_else(|| de::Error::missing_field("V"))
        }
    }

    struct NestedScalar {
        expecting: &'static str,
    }

    impl<'de> de::DeserializeSeed<'de> for NestedScalar {
        type Value = Scalar<'de>;

        fn deserialize<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Scalar<'de>, D::Error> {
            deserializer.deserialize_any(ScalarVisitor {
                expecting: self.expecting,
                nested: true,
            })
        }
    }

    /// Serializes `{"_T": kind, "V": text}`.
    pub(super) fn typed_text<S: Serializer>(
        serializer: S,
        kind: u32,
        text: &str,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("_T", &kind)?;
        map.serialize_entry("V", text)?;
        map.end()
    }
}
