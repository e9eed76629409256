//! The models' own JSON form: what `serde` writes for a model, made for
//! programs rather than for the PRONOTE wire.
//!
//! The value types of `pronote-proto` serialise in their wire form
//! (`{"_T": 10, "V": "15,5"}`), which requests and the simulated server
//! need. Model fields of those types go through the adapters here instead
//! (`#[serde(with = "…")]`), so that a model's JSON reads as is:
//!
//! | Rust type | JSON | Example |
//! |---|---|---|
//! | [`Decimal`] | a number | `1.5` |
//! | [`Grade`] | a number, or the special mark's name | `15.5`, `"absent"` |
//! | [`Html`] | the text and the original markup | `{"text": "Bonjour", "html": "<p>Bonjour</p>"}` |
//! | `PrimitiveDateTime` | local date-time, ISO 8601 | `"2025-11-17T08:00:00"` |
//! | `Date` | ISO 8601 (the `time` crate's own form) | `"2025-11-17"` |
//!
//! Reading accepts what is written, and the wire forms as well (`"15,5"`,
//! `"|1"`, `{"_T": …, "V": …}`, a bare HTML string, `"2025-11-17
//! 08:00:00"`), so JSON saved by an earlier version still loads.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

use pronote_proto::value::{Decimal, Grade, Html};

/// The names of the special marks, in the order of their `|n` codes.
const SPECIAL_MARKS: [(&str, Grade); 8] = [
    ("absent", Grade::Absent),
    ("exempted", Grade::Exempted),
    ("not_graded", Grade::NotGraded),
    ("unfit", Grade::Unfit),
    ("not_returned", Grade::NotReturned),
    ("absent_zero", Grade::AbsentZero),
    ("not_returned_zero", Grade::NotReturnedZero),
    ("congratulations", Grade::Congratulations),
];

/// The name of a special mark (`"absent"`), or its wire text (`"|42"`)
/// for one this crate does not know; `None` for points.
pub(crate) fn special_mark_name(grade: &Grade) -> Option<String> {
    if let Grade::Value(_) = grade {
        return None;
    }
    Some(
        SPECIAL_MARKS
            .iter()
            .find(|(_, g)| g == grade)
            .map_or_else(|| grade.to_string(), |(name, _)| (*name).to_owned()),
    )
}

/// A number as JSON writes it best: whole numbers without a fraction
/// (`20`, not `20.0`), others as the nearest `f64`.
fn serialize_number<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let float = value.as_f64();
    // Within ±2^53 a whole f64 is exact, and so is the i64 made of it.
    if float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0 {
        #[allow(clippy::cast_possible_truncation, reason = "whole and within ±2^53")]
        return s.serialize_i64(float as i64);
    }
    s.serialize_f64(float)
}

fn decimal_from_f64<E: de::Error>(value: f64) -> Result<Decimal, E> {
    if !value.is_finite() {
        return Err(E::custom("expected a finite number"));
    }
    // The shortest text that reads back as the same f64: "5.28", not
    // "5.2800000000000002".
    Decimal::parse(&value.to_string()).map_err(E::custom)
}

/// Reads a number in any of its JSON or wire forms.
struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Grade;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a special mark's name, or PRONOTE's text of a mark")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Grade, E> {
        Ok(Grade::Value(Decimal::from_integer(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Grade, E> {
        i64::try_from(v)
            .map(|v| Grade::Value(Decimal::from_integer(v)))
            .map_err(|_| E::custom("number too large"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Grade, E> {
        decimal_from_f64(v).map(Grade::Value)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Grade, E> {
        if let Some((_, grade)) = SPECIAL_MARKS.iter().find(|(name, _)| *name == v) {
            return Ok(*grade);
        }
        Grade::parse(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Grade, A::Error> {
        // The wire form, {"_T": n, "V": "15,5"}.
        let mut value = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "V" {
                value = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("V"))?;
        Grade::parse(&value).map_err(de::Error::custom)
    }
}

/// The `option` submodule of an adapter: `Option<T>` as `null` or the
/// adapter's form.
macro_rules! option_adapter {
    ($t:ty) => {
        /// `Option` of the same: `null` when absent.
        pub(crate) mod option {
            use super::*;

            pub(crate) fn serialize<S: Serializer>(
                value: &Option<$t>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                match value {
                    Some(v) => super::serialize(v, s),
                    None => s.serialize_none(),
                }
            }

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Option<$t>, D::Error> {
                #[derive(Deserialize)]
                struct Inner(#[serde(with = "super")] $t);
                Ok(Option::<Inner>::deserialize(d)?.map(|Inner(v)| v))
            }
        }
    };
}

/// [`Grade`] as a number or a special mark's name.
pub(crate) mod grade {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(grade: &Grade, s: S) -> Result<S::Ok, S::Error> {
        match grade {
            Grade::Value(d) => serialize_number(d, s),
            other => s.serialize_str(&special_mark_name(other).unwrap_or_default()),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Grade, D::Error> {
        d.deserialize_any(NumberVisitor)
    }

    option_adapter!(Grade);
}

/// [`Decimal`] as a number.
pub(crate) mod decimal {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        serialize_number(value, s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        match d.deserialize_any(NumberVisitor)? {
            Grade::Value(v) => Ok(v),
            other => Err(de::Error::custom(format_args!(
                "expected a number, found the mark {other}"
            ))),
        }
    }

    option_adapter!(Decimal);
}

/// [`Html`] as `{"text": …, "html": …}`.
pub(crate) mod html {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(value: &Html, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Html", 2)?;
        out.serialize_field("text", &value.to_plain_text())?;
        out.serialize_field("html", value.as_str())?;
        out.end()
    }

    struct HtmlVisitor;

    impl<'de> Visitor<'de> for HtmlVisitor {
        type Value = Html;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("{\"text\", \"html\"}, an HTML string, or {_T, V}")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Html, E> {
            Ok(Html::from(v))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Html, A::Error> {
            let mut markup = None;
            while let Some(key) = map.next_key::<String>()? {
                if key == "html" || key == "V" {
                    markup = Some(map.next_value::<String>()?);
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            markup
                .map(Html::from)
                .ok_or_else(|| de::Error::missing_field("html"))
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Html, D::Error> {
        d.deserialize_any(HtmlVisitor)
    }

    option_adapter!(Html);
}

/// The ISO 8601 text of a local date-time, to the second, as the models
/// write it (`2025-11-17T08:00:00`).
///
/// ```
/// use pronote_api::models::json::iso_local;
/// use time::macros::datetime;
/// assert_eq!(iso_local(datetime!(2025-11-17 08:00)), "2025-11-17T08:00:00");
/// ```
pub fn iso_local(at: PrimitiveDateTime) -> String {
    match iso_local_bytes(at) {
        // Only ASCII digits and separators are written.
        Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        None => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        ),
    }
}

/// [`iso_local`] written into a fixed buffer, without formatting
/// machinery, for years 0 to 9999 (every date PRONOTE sends); `None`
/// for the others.
pub(crate) fn iso_local_bytes(at: PrimitiveDateTime) -> Option<[u8; 19]> {
    let year = u16::try_from(at.year()).ok().filter(|y| *y <= 9999)?;
    let mut out = *b"0000-00-00T00:00:00";
    let digits = |out: &mut [u8; 19], at: usize, value: u16, width: usize| {
        let mut value = value;
        for i in (at..at + width).rev() {
            if let Some(slot) = out.get_mut(i) {
                // A digit: value % 10 < 10.
                *slot = b'0' + (value % 10) as u8;
            }
            value /= 10;
        }
    };
    digits(&mut out, 0, year, 4);
    digits(&mut out, 5, u16::from(u8::from(at.month())), 2);
    digits(&mut out, 8, u16::from(at.day()), 2);
    digits(&mut out, 11, u16::from(at.hour()), 2);
    digits(&mut out, 14, u16::from(at.minute()), 2);
    digits(&mut out, 17, u16::from(at.second()), 2);
    Some(out)
}

/// ISO 8601 local date-time, to the second (read).
const ISO_LOCAL: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
/// The `time` crate's human-readable form, which earlier versions wrote.
const SPACED: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]]");

/// `PrimitiveDateTime` as `"2025-11-17T08:00:00"`.
pub(crate) mod datetime {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &PrimitiveDateTime,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        iso_local(*value).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<PrimitiveDateTime, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        let text = text.trim();
        // Seconds may carry a fraction in ISO text as well: drop it.
        let iso = text.split_once('.').map_or(text, |(whole, _)| whole);
        PrimitiveDateTime::parse(iso, ISO_LOCAL)
            .or_else(|_| PrimitiveDateTime::parse(text, SPACED))
            .map_err(|_| {
                de::Error::invalid_value(
                    de::Unexpected::Str(text),
                    &"a local date-time such as 2025-11-17T08:00:00",
                )
            })
    }

    option_adapter!(PrimitiveDateTime);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "grade")]
        mark: Grade,
        #[serde(with = "grade::option")]
        maybe: Option<Grade>,
        #[serde(with = "decimal::option")]
        coefficient: Option<Decimal>,
        #[serde(with = "html")]
        body: Html,
        #[serde(with = "datetime")]
        at: PrimitiveDateTime,
        #[serde(with = "datetime::option")]
        until: Option<PrimitiveDateTime>,
    }

    fn sample() -> Sample {
        Sample {
            mark: Grade::parse("15,5").unwrap(),
            maybe: Some(Grade::Absent),
            coefficient: Some(Decimal::parse("2").unwrap()),
            body: Html::from("<p>Bonjour <b>à tous</b></p>"),
            at: datetime!(2025-11-17 08:00),
            until: None,
        }
    }

    #[test]
    fn writes_numbers_names_text_and_iso_dates() {
        let written = serde_json::to_value(sample()).unwrap();
        assert_eq!(
            written,
            json!({
                "mark": 15.5,
                "maybe": "absent",
                "coefficient": 2,
                "body": {"text": "Bonjour à tous", "html": "<p>Bonjour <b>à tous</b></p>"},
                "at": "2025-11-17T08:00:00",
                "until": null,
            })
        );
        let back: Sample = serde_json::from_value(written).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn reads_the_wire_forms_and_the_earlier_json() {
        let earlier = json!({
            "mark": {"_T": 10, "V": "15,5"},
            "maybe": "|1",
            "coefficient": {"_T": 13, "V": "2"},
            "body": {"_T": 21, "V": "<p>Bonjour <b>à tous</b></p>"},
            "at": "2025-11-17 08:00:00.0",
            "until": null,
        });
        assert_eq!(serde_json::from_value::<Sample>(earlier).unwrap(), sample());
    }

    #[test]
    fn numbers_keep_their_value_not_their_spelling() {
        let mut value = sample();
        value.mark = Grade::parse("15,50").unwrap();
        value.coefficient = Some(Decimal::parse("-0,125").unwrap());
        let written = serde_json::to_value(&value).unwrap();
        assert_eq!(written["mark"], json!(15.5));
        assert_eq!(written["coefficient"], json!(-0.125));
        value.mark = Grade::parse("20,0").unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap().find("\"mark\":20,"),
            Some(1)
        );
    }

    #[test]
    fn every_special_mark_has_a_name_that_reads_back() {
        for code in 1..=9 {
            let grade = Grade::from_code(code);
            let text = serde_json::to_string(&Sample {
                mark: grade,
                ..sample()
            })
            .unwrap();
            let back: Sample = serde_json::from_str(&text).unwrap();
            assert_eq!(back.mark, grade, "{text}");
        }
        assert_eq!(special_mark_name(&Grade::from_code(9)).unwrap(), "|9");
        assert_eq!(special_mark_name(&Grade::NotGraded).unwrap(), "not_graded");
    }

    #[test]
    fn refuses_what_is_not_a_value() {
        let bad = [
            json!({"mark": "abs"}),
            json!({"mark": 15.5, "coefficient": "absent"}),
            json!({"mark": 1, "at": "17/11/2025"}),
            json!({"mark": 1, "body": 3}),
        ];
        for value in bad {
            let mut full = serde_json::to_value(sample()).unwrap();
            for (k, v) in value.as_object().unwrap() {
                full[k] = v.clone();
            }
            assert!(
                serde_json::from_value::<Sample>(full.clone()).is_err(),
                "{full}"
            );
        }
    }
}
