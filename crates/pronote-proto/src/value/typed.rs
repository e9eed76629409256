//! The typed value `{"_T": kind, "V": value}` as one enum, for code that
//! meets values of any kind (a generic decoder, a simulated server, a
//! fuzzer). Models with known fields use the specific types instead
//! ([`WireDate`](super::WireDate), [`Grade`], [`Domain`], …).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use time::PrimitiveDateTime;

use self::kind as k;
use super::date::{DateStyle, parse_date_time};
use super::domain::Domain;
use super::grade::{Decimal, Grade};
use super::html::Html;
use super::value_error;
use crate::error::DecodeError;

/// The `_T` codes (the official client's `TypeHttpVariable`).
pub mod kind {
    /// Cardinal (non-negative integer).
    pub const CARDINAL: u32 = 1;
    /// Boolean.
    pub const BOOLEAN: u32 = 2;
    /// String.
    pub const STRING: u32 = 3;
    /// Colour (`#RRGGBB`).
    pub const COLOUR: u32 = 4;
    /// Date-time.
    pub const DATE_TIME: u32 = 7;
    /// Domain (week set).
    pub const DOMAIN: u32 = 8;
    /// Grade.
    pub const GRADE: u32 = 10;
    /// Cardinal set.
    pub const CARDINAL_SET: u32 = 11;
    /// Double (decimal comma).
    pub const DOUBLE: u32 = 13;
    /// Rounding.
    pub const ROUNDING: u32 = 14;
    /// Set.
    pub const SET: u32 = 15;
    /// IP address.
    pub const IP: u32 = 16;
    /// URL.
    pub const URL: u32 = 17;
    /// Integer.
    pub const INTEGER: u32 = 20;
    /// HTML.
    pub const HTML: u32 = 21;
    /// Raw string.
    pub const RAW_STRING: u32 = 23;
    /// Element or list.
    pub const ELEMENT: u32 = 24;
    /// File (index into `dataNonSec.fichiers`).
    pub const FILE: u32 = 25;
    /// Number set.
    pub const NUMBER_SET: u32 = 26;
    /// Safe HTML.
    pub const SAFE_HTML: u32 = 27;
}

/// A decoded `{"_T": kind, "V": value}`.
///
/// A JSON object is a typed value only when it has exactly the keys `_T`
/// and `V` and `_T` is an integer above 0; anything else is plain data
/// ([`TypedValue::from_json`] gives `None`). Kinds this crate does not
/// model keep their raw `V` in [`TypedValue::Unknown`].
///
/// ```
/// use pronote_proto::value::{Grade, TypedValue};
/// use serde_json::json;
/// let v = TypedValue::from_json(&json!({"_T": 10, "V": "|1"}))?;
/// assert_eq!(v, Some(TypedValue::Grade(Grade::Absent)));
/// assert_eq!(TypedValue::from_json(&json!({"N": "1", "V": 2}))?, None);
/// let week = TypedValue::from_json(&json!({"_T": 8, "V": "[1..3]"}))?;
/// assert_eq!(week.map(|v| v.to_json()), Some(json!({"_T": 8, "V": "[1..3]"})));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypedValue {
    /// 1: a non-negative integer.
    Cardinal(u64),
    /// 2: a boolean.
    Boolean(bool),
    /// 3: a string.
    String(String),
    /// 4: a colour, as sent (`#RRGGBB`).
    Colour(String),
    /// 7: a date-time.
    DateTime(PrimitiveDateTime),
    /// 8: a domain (week set).
    Domain(Domain),
    /// 10: a grade.
    Grade(Grade),
    /// 11: a cardinal set, in domain text form.
    CardinalSet(Domain),
    /// 13: a decimal-comma number.
    Double(Decimal),
    /// 14: a rounding rule, kept raw (its form is not documented).
    Rounding(Value),
    /// 15: a set, in domain text form.
    Set(Domain),
    /// 16: an IP address, as sent.
    Ip(String),
    /// 17: a URL, as sent.
    Url(String),
    /// 20: a signed integer.
    Integer(i64),
    /// 21: HTML.
    Html(Html),
    /// 23: a raw string.
    RawString(String),
    /// 24: an element or a list, kept raw (decode it with the model's own
    /// type, e.g. [`WireList`](super::WireList)).
    Element(Value),
    /// 25: a file, as an index into `dataNonSec.fichiers`.
    File(u64),
    /// 26: a number set.
    NumberSet(Domain),
    /// 27: HTML the server considers safe.
    SafeHtml(Html),
    /// Any other kind, with its raw `V`.
    Unknown {
        /// The `_T` code.
        kind: u32,
        /// The raw `V`.
        value: Value,
    },
}

impl TypedValue {
    /// Decodes a JSON value: `Ok(None)` when it is not a typed value,
    /// `Err` when it is one whose `V` does not fit its kind (or whose `_T`
    /// exceeds `u32`).
    pub fn from_json(json: &Value) -> Result<Option<Self>, DecodeError> {
        let Some(object) = json.as_object() else {
            return Ok(None);
        };
        if object.len() != 2 {
            return Ok(None);
        }
        let (Some(kind), Some(value)) = (object.get("_T"), object.get("V")) else {
            return Ok(None);
        };
        let Some(kind) = kind.as_u64().filter(|k| *k > 0) else {
            return Ok(None);
        };
        let kind = u32::try_from(kind).map_err(|_| value_error("typed", "_T out of range"))?;
        Self::decode(kind, value).map(Some)
    }

    /// Decodes `V` for a known `_T`.
    pub fn decode(kind: u32, value: &Value) -> Result<Self, DecodeError> {
        Ok(match kind {
            k::CARDINAL => TypedValue::Cardinal(unsigned(value, "cardinal")?),
            k::BOOLEAN => TypedValue::Boolean(boolean(value)?),
            k::STRING => TypedValue::String(text(value, "string")?.to_owned()),
            k::COLOUR => TypedValue::Colour(text(value, "colour")?.to_owned()),
            k::DATE_TIME => TypedValue::DateTime(parse_date_time(text(value, "date")?)?),
            k::DOMAIN => TypedValue::Domain(Domain::parse(text(value, "domain")?)?),
            k::GRADE => TypedValue::Grade(match value {
                Value::Number(n) => Grade::Value(Decimal::parse(&n.to_string())?),
                _ => Grade::parse(text(value, "grade")?)?,
            }),
            k::CARDINAL_SET => TypedValue::CardinalSet(Domain::parse(text(value, "domain")?)?),
            k::DOUBLE => TypedValue::Double(match value {
                Value::Number(n) => Decimal::parse(&n.to_string())?,
                _ => Decimal::parse(text(value, "double")?)?,
            }),
            k::ROUNDING => TypedValue::Rounding(value.clone()),
            k::SET => TypedValue::Set(Domain::parse(text(value, "domain")?)?),
            k::IP => TypedValue::Ip(text(value, "ip")?.to_owned()),
            k::URL => TypedValue::Url(text(value, "url")?.to_owned()),
            k::INTEGER => TypedValue::Integer(signed(value)?),
            k::HTML => TypedValue::Html(Html(text(value, "html")?.to_owned())),
            k::RAW_STRING => TypedValue::RawString(text(value, "string")?.to_owned()),
            k::ELEMENT => TypedValue::Element(value.clone()),
            k::FILE => TypedValue::File(unsigned(value, "file")?),
            k::NUMBER_SET => TypedValue::NumberSet(Domain::parse(text(value, "domain")?)?),
            k::SAFE_HTML => TypedValue::SafeHtml(Html(text(value, "html")?.to_owned())),
            _ => TypedValue::Unknown {
                kind,
                value: value.clone(),
            },
        })
    }

    /// The `_T` code.
    pub fn kind(&self) -> u32 {
        match self {
            TypedValue::Cardinal(_) => k::CARDINAL,
            TypedValue::Boolean(_) => k::BOOLEAN,
            TypedValue::String(_) => k::STRING,
            TypedValue::Colour(_) => k::COLOUR,
            TypedValue::DateTime(_) => k::DATE_TIME,
            TypedValue::Domain(_) => k::DOMAIN,
            TypedValue::Grade(_) => k::GRADE,
            TypedValue::CardinalSet(_) => k::CARDINAL_SET,
            TypedValue::Double(_) => k::DOUBLE,
            TypedValue::Rounding(_) => k::ROUNDING,
            TypedValue::Set(_) => k::SET,
            TypedValue::Ip(_) => k::IP,
            TypedValue::Url(_) => k::URL,
            TypedValue::Integer(_) => k::INTEGER,
            TypedValue::Html(_) => k::HTML,
            TypedValue::RawString(_) => k::RAW_STRING,
            TypedValue::Element(_) => k::ELEMENT,
            TypedValue::File(_) => k::FILE,
            TypedValue::NumberSet(_) => k::NUMBER_SET,
            TypedValue::SafeHtml(_) => k::SAFE_HTML,
            TypedValue::Unknown { kind, .. } => *kind,
        }
    }

    /// The wire form, dates in the server's style.
    pub fn to_json(&self) -> Value {
        self.to_json_with(DateStyle::Server)
    }

    /// The wire form, dates in the given style.
    ///
    /// ```
    /// use pronote_proto::value::{DateStyle, TypedValue};
    /// use serde_json::json;
    /// use time::macros::datetime;
    /// let v = TypedValue::DateTime(datetime!(2026-01-05 08:00));
    /// assert_eq!(v.to_json_with(DateStyle::Client), json!({"_T": 7, "V": "5/1/2026 8:0:0"}));
    /// ```
    pub fn to_json_with(&self, style: DateStyle) -> Value {
        let value = match self {
            TypedValue::Cardinal(n) | TypedValue::File(n) => Value::from(*n),
            TypedValue::Boolean(b) => Value::Bool(*b),
            TypedValue::String(s)
            | TypedValue::Colour(s)
            | TypedValue::Ip(s)
            | TypedValue::Url(s)
            | TypedValue::RawString(s) => Value::String(s.clone()),
            TypedValue::DateTime(dt) => Value::String(style.format(*dt)),
            TypedValue::Domain(d)
            | TypedValue::CardinalSet(d)
            | TypedValue::Set(d)
            | TypedValue::NumberSet(d) => Value::String(d.to_string()),
            TypedValue::Grade(g) => Value::String(g.to_string()),
            TypedValue::Double(d) => Value::String(d.to_string()),
            TypedValue::Integer(n) => Value::from(*n),
            TypedValue::Html(h) | TypedValue::SafeHtml(h) => Value::String(h.0.clone()),
            TypedValue::Rounding(v)
            | TypedValue::Element(v)
            | TypedValue::Unknown { value: v, .. } => v.clone(),
        };
        let mut object = Map::new();
        object.insert("_T".to_owned(), Value::from(self.kind()));
        object.insert("V".to_owned(), value);
        Value::Object(object)
    }
}

impl Serialize for TypedValue {
    /// Writes the wire form (dates in the server's style).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for TypedValue {
    /// Reads a typed value; anything that is not one is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = Value::deserialize(deserializer)?;
        TypedValue::from_json(&json)
            .map_err(serde::de::Error::custom)?
            .ok_or_else(|| serde::de::Error::custom("not a typed value {_T, V}"))
    }
}

fn text<'a>(value: &'a Value, kind: &'static str) -> Result<&'a str, DecodeError> {
    value
        .as_str()
        .ok_or_else(|| value_error(kind, "expected a string"))
}

fn unsigned(value: &Value, kind: &'static str) -> Result<u64, DecodeError> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => integer_text(s).and_then(|t| t.parse().ok()),
        _ => None,
    }
    .ok_or_else(|| value_error(kind, "expected a non-negative integer"))
}

fn signed(value: &Value) -> Result<i64, DecodeError> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => integer_text(s).and_then(|t| t.parse().ok()),
        _ => None,
    }
    .ok_or_else(|| value_error("integer", "expected an integer"))
}

/// The trimmed text when it is an integer without a `+` sign (which
/// Rust's parser would accept and the wire never uses).
fn integer_text(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.starts_with('+')).then_some(text)
}

fn boolean(value: &Value) -> Result<bool, DecodeError> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        _ => Err(value_error("boolean", "expected a boolean")),
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
    use serde_json::json;
    use time::macros::datetime;

    fn decode(json: Value) -> TypedValue {
        TypedValue::from_json(&json).unwrap().unwrap()
    }

    #[test]
    fn recognition() {
        for not_typed in [
            json!(3),
            json!("x"),
            json!([]),
            json!({"_T": 3}),
            json!({"V": "x"}),
            json!({"_T": 3, "V": "x", "N": "1"}),
            json!({"_T": 0, "V": "x"}),
            json!({"_T": -1, "V": "x"}),
            json!({"_T": "3", "V": "x"}),
            json!({"_T": 3.5, "V": "x"}),
            json!({"_T": 3, "L": "x"}),
        ] {
            assert_eq!(
                TypedValue::from_json(&not_typed).unwrap(),
                None,
                "{not_typed}"
            );
        }
        assert!(TypedValue::from_json(&json!({"_T": 4_294_967_296u64, "V": 1})).is_err());
    }

    #[test]
    fn every_kind_round_trips() {
        let cases = [
            json!({"_T": 1, "V": 3}),
            json!({"_T": 2, "V": true}),
            json!({"_T": 3, "V": "texte"}),
            json!({"_T": 4, "V": "#FF00AA"}),
            json!({"_T": 7, "V": "15/01/2026 08:30:00"}),
            json!({"_T": 8, "V": "[1..3,5]"}),
            json!({"_T": 10, "V": "15,5"}),
            json!({"_T": 10, "V": "|8"}),
            json!({"_T": 11, "V": "[2,4]"}),
            json!({"_T": 13, "V": "1,25"}),
            json!({"_T": 14, "V": 0.5}),
            json!({"_T": 15, "V": "[0..2]"}),
            json!({"_T": 16, "V": "127.0.0.1"}),
            json!({"_T": 17, "V": "https://example.invalid/"}),
            json!({"_T": 20, "V": -7}),
            json!({"_T": 21, "V": "<p>x</p>"}),
            json!({"_T": 23, "V": "brut"}),
            json!({"_T": 24, "V": [{"N": "1"}]}),
            json!({"_T": 25, "V": 2}),
            json!({"_T": 26, "V": "[0..3]"}),
            json!({"_T": 27, "V": "<b>y</b>"}),
            json!({"_T": 99, "V": {"any": [1, 2]}}),
        ];
        for case in cases {
            let value = decode(case.clone());
            assert_eq!(value.to_json(), case);
            let via_serde: TypedValue = serde_json::from_value(case.clone()).unwrap();
            assert_eq!(serde_json::to_value(&via_serde).unwrap(), case);
        }
    }

    #[test]
    fn lenient_and_normalising_inputs() {
        assert_eq!(
            decode(json!({"_T": 1, "V": "12"})),
            TypedValue::Cardinal(12)
        );
        assert_eq!(
            decode(json!({"_T": 2, "V": "false"})),
            TypedValue::Boolean(false)
        );
        assert_eq!(
            decode(json!({"_T": 20, "V": "-3"})),
            TypedValue::Integer(-3)
        );
        assert_eq!(
            decode(json!({"_T": 7, "V": "15/01/26 08h30"})),
            TypedValue::DateTime(datetime!(2026-01-15 08:30))
        );
        assert_eq!(
            decode(json!({"_T": 13, "V": 2.5})).to_json(),
            json!({"_T": 13, "V": "2,5"})
        );
        assert_eq!(
            decode(json!({"_T": 10, "V": 12})).to_json(),
            json!({"_T": 10, "V": "12"})
        );
    }

    #[test]
    fn wrong_shapes_are_errors() {
        for bad in [
            json!({"_T": 1, "V": -1}),
            json!({"_T": 1, "V": "+1"}),
            json!({"_T": 2, "V": 1}),
            json!({"_T": 3, "V": 3}),
            json!({"_T": 7, "V": "hier"}),
            json!({"_T": 8, "V": "[999]"}),
            json!({"_T": 10, "V": "Abs"}),
            json!({"_T": 13, "V": "x"}),
            json!({"_T": 20, "V": 1.5}),
            json!({"_T": 25, "V": null}),
        ] {
            assert!(TypedValue::from_json(&bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_value::<TypedValue>(json!({"N": 1})).is_err());
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::String),
            "[\\[\\]0-9,.|/: h]{0,16}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                (0u64..30, inner.clone()).prop_map(|(k, v)| json!({"_T": k, "V": v})),
                proptest::collection::btree_map("[_TVNL]{1,2}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Regression for the fuzzing observations fixed in `grade.rs`: a
    /// 19-digit mantissa (anything that fits an `i64`) and a 10-digit
    /// grade code print back to text that parses to the same value, and
    /// one digit more is an error, not a panic or a wrap.
    #[test]
    fn widest_decimals_and_grade_codes_round_trip() {
        for (decimal, text) in [
            (Decimal::new(i64::MAX, 0), "9223372036854775807"),
            (Decimal::new(i64::MIN, 0), "-9223372036854775808"),
            (Decimal::new(i64::MIN, 18), "-9,223372036854775808"),
            (Decimal::new(i64::MAX, 18), "9,223372036854775807"),
            (Decimal::new(1, 18), "0,000000000000000001"),
        ] {
            let decimal = decimal.unwrap();
            assert_eq!(decimal.to_string(), text);
            assert_eq!(Decimal::parse(text).unwrap(), decimal, "{text}");
            let typed = TypedValue::Double(decimal);
            assert_eq!(decode(typed.to_json()), typed);
            let grade = TypedValue::Grade(Grade::Value(decimal));
            assert_eq!(decode(grade.to_json()), grade);
        }
        for too_wide in [
            "9223372036854775808",
            "-9223372036854775809",
            "12345678901234567890",
            "0,1234567890123456789",
        ] {
            assert!(Decimal::parse(too_wide).is_err(), "{too_wide}");
        }
        let widest = Grade::from_code(u32::MAX);
        assert_eq!(widest, Grade::Unknown(u32::MAX));
        assert_eq!(widest.to_string(), "|4294967295");
        assert_eq!(Grade::parse("|4294967295").unwrap(), widest);
        let typed = TypedValue::Grade(widest);
        assert_eq!(decode(typed.to_json()), typed);
        for too_wide in ["|4294967296", "|99999999999", "|"] {
            assert!(Grade::parse(too_wide).is_err(), "{too_wide}");
        }
    }

    /// Any `Decimal` the API can build, including 19-digit mantissas.
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (any::<i64>(), 0u8..=18),
            (
                prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(0), Just(-1)],
                0u8..=18
            ),
            (-100_000i64..100_000, 0u8..=3),
        ]
        .prop_map(|(m, s)| Decimal::new(m, s).unwrap())
    }

    fn any_grade() -> impl Strategy<Value = Grade> {
        prop_oneof![
            any_decimal().prop_map(Grade::Value),
            any::<u32>().prop_map(Grade::from_code),
            prop_oneof![Just(u32::MAX), 1_000_000_000u32..=u32::MAX].prop_map(Grade::from_code),
            (0u32..12).prop_map(Grade::from_code),
        ]
    }

    fn any_domain() -> impl Strategy<Value = Domain> {
        proptest::collection::vec(0u16..=62, 0..12)
            .prop_filter_map("outside the domain's range", |n| {
                Domain::try_from_iter(n).ok()
            })
    }

    fn any_date_time() -> impl Strategy<Value = PrimitiveDateTime> {
        (2000i32..2100, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60, 0u8..60).prop_map(
            |(y, mo, d, h, mi, s)| {
                let month = time::Month::try_from(mo).unwrap();
                time::Date::from_calendar_date(y, month, d)
                    .unwrap()
                    .with_hms(h, mi, s)
                    .unwrap()
            },
        )
    }

    /// Every `_T` kind this crate models, with values across their range
    /// (and unknown kinds with any raw value).
    fn any_typed() -> impl Strategy<Value = TypedValue> {
        let text = "\\PC{0,16}";
        prop_oneof![
            any::<u64>().prop_map(TypedValue::Cardinal),
            any::<bool>().prop_map(TypedValue::Boolean),
            text.prop_map(TypedValue::String),
            "#[0-9A-F]{6}".prop_map(TypedValue::Colour),
            any_date_time().prop_map(TypedValue::DateTime),
            any_domain().prop_map(TypedValue::Domain),
            any_grade().prop_map(TypedValue::Grade),
            any_domain().prop_map(TypedValue::CardinalSet),
            any_decimal().prop_map(TypedValue::Double),
            any_json().prop_map(TypedValue::Rounding),
            any_domain().prop_map(TypedValue::Set),
            text.prop_map(TypedValue::Ip),
            text.prop_map(TypedValue::Url),
            any::<i64>().prop_map(TypedValue::Integer),
            text.prop_map(|t| TypedValue::Html(Html(t))),
            text.prop_map(TypedValue::RawString),
            any_json().prop_map(TypedValue::Element),
            any::<u64>().prop_map(TypedValue::File),
            any_domain().prop_map(TypedValue::NumberSet),
            text.prop_map(|t| TypedValue::SafeHtml(Html(t))),
            (28u32..=u32::MAX, any_json())
                .prop_filter("a modelled kind", |(k, _)| !MODELLED.contains(k))
                .prop_map(|(kind, value)| TypedValue::Unknown { kind, value }),
        ]
    }

    const MODELLED: [u32; 20] = [
        k::CARDINAL,
        k::BOOLEAN,
        k::STRING,
        k::COLOUR,
        k::DATE_TIME,
        k::DOMAIN,
        k::GRADE,
        k::CARDINAL_SET,
        k::DOUBLE,
        k::ROUNDING,
        k::SET,
        k::IP,
        k::URL,
        k::INTEGER,
        k::HTML,
        k::RAW_STRING,
        k::ELEMENT,
        k::FILE,
        k::NUMBER_SET,
        k::SAFE_HTML,
    ];

    proptest! {
        #[test]
        fn never_panics(json in any_json()) {
            if let Ok(Some(value)) = TypedValue::from_json(&json) {
                // Decoding what we encode gives the same value back, not
                // only the same kind.
                let again = TypedValue::from_json(&value.to_json()).unwrap().unwrap();
                prop_assert_eq!(&again, &value);
                prop_assert_eq!(again.to_json(), value.to_json());
            }
        }

        #[test]
        fn every_kind_round_trips_across_its_range(value in any_typed()) {
            let json = value.to_json();
            prop_assert_eq!(json["_T"].as_u64(), Some(u64::from(value.kind())));
            let again = TypedValue::from_json(&json);
            prop_assert_eq!(again, Ok(Some(value.clone())), "{}", json);
            let via_serde: TypedValue = serde_json::from_value(json.clone()).unwrap();
            prop_assert_eq!(via_serde, value);
        }
    }
}
