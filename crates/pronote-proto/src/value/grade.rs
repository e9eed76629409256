//! Grades (`_T` 10) and decimal-comma numbers (`_T` 13).
//!
//! A grade is either a number written with a decimal comma (`"15,5"`) or a
//! special mark `"|n"` (absent, exempted, …). Numbers are kept as an exact
//! decimal ([`Decimal`]), never as a float, so that `"15,5"` prints back as
//! `"15,5"` and sums of hundredths stay exact.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::value_error;
use super::wire::{self, Scalar};
use crate::error::DecodeError;

/// Most significant digits a [`Decimal`] keeps (fits an `i64`).
const MAX_DIGITS: usize = 18;

/// An exact decimal number as PRONOTE writes it: `"15,5"`, `"-0,25"`,
/// `"20"`.
///
/// Stored as an integer mantissa and a count of decimal digits, so the
/// value is exact and the wire text comes back unchanged (`"15,50"` keeps
/// its trailing zero). Equality compares that representation: `"15,5"` and
/// `"15,50"` are distinct; compare [`Decimal::as_f64`] for numeric
/// equality.
///
/// ```
/// use pronote_proto::value::Decimal;
/// let d: Decimal = "15,5".parse()?;
/// assert_eq!(d.as_f64(), 15.5);
/// assert_eq!(d.to_string(), "15,5");
/// assert_eq!(Decimal::parse("12.25")?.to_string(), "12,25");
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i64,
    scale: u8,
}

impl Decimal {
    /// A decimal worth `mantissa × 10^-scale` (`Decimal::new(155, 1)` is
    /// 15.5). `None` when `scale` exceeds 18.
    pub const fn new(mantissa: i64, scale: u8) -> Option<Self> {
        if scale as usize > MAX_DIGITS {
            None
        } else {
            Some(Decimal { mantissa, scale })
        }
    }

    /// A whole number.
    pub const fn from_integer(value: i64) -> Self {
        Decimal {
            mantissa: value,
            scale: 0,
        }
    }

    /// Parses `[-+]digits[,digits]`; a `.` separator is accepted too
    /// (JSON numbers). At most 18 digits in all.
    pub fn parse(text: &str) -> Result<Self, DecodeError> {
        parse_decimal(text, "double")
    }

    /// The integer mantissa (`155` for 15.5).
    pub const fn mantissa(self) -> i64 {
        self.mantissa
    }

    /// The number of decimal digits (`1` for 15.5).
    pub const fn scale(self) -> u8 {
        self.scale
    }

    /// The value as a float, for arithmetic.
    pub fn as_f64(self) -> f64 {
        // Both operands are exact for mantissas below 2^53, so the quotient
        // is the correctly rounded value.
        self.mantissa as f64 / 10f64.powi(i32::from(self.scale))
    }
}

fn parse_decimal(text: &str, kind: &'static str) -> Result<Decimal, DecodeError> {
    let text = text.trim();
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or("")),
        Some(b'+') => (false, text.get(1..).unwrap_or("")),
        _ => (false, text),
    };
    let (whole, fraction) = match unsigned.find([',', '.']) {
        Some(at) => (
            unsigned.get(..at).unwrap_or(""),
            Some(unsigned.get(at + 1..).unwrap_or("")),
        ),
        None => (unsigned, None),
    };
    let fraction_digits = fraction.unwrap_or("");
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction_digits) {
        return Err(value_error(kind, "expected a number with a decimal comma"));
    }
    if fraction == Some("") {
        return Err(value_error(kind, "no digit after the decimal separator"));
    }
    let whole = whole.trim_start_matches('0');
    // Whatever fits an `i64` mantissa parses, so every `Decimal` prints
    // back to text that parses to itself.
    if whole.len() + fraction_digits.len() > MAX_DIGITS + 1 || fraction_digits.len() > MAX_DIGITS {
        return Err(value_error(kind, "too many digits"));
    }
    let mut magnitude: i128 = 0;
    for byte in whole.bytes().chain(fraction_digits.bytes()) {
        magnitude = magnitude * 10 + i128::from(byte - b'0');
    }
    let signed = if negative { -magnitude } else { magnitude };
    let mantissa = i64::try_from(signed).map_err(|_| value_error(kind, "too many digits"))?;
    let scale =
        u8::try_from(fraction_digits.len()).map_err(|_| value_error(kind, "too many digits"))?;
    Ok(Decimal { mantissa, scale })
}

impl fmt::Display for Decimal {
    /// The wire form, with a decimal comma.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() > scale {
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            write!(f, "{whole},{fraction}")
        } else {
            write!(f, "0,{:0>scale$}", digits)
        }
    }
}

impl FromStr for Decimal {
    type Err = DecodeError;

    fn from_str(text: &str) -> Result<Self, DecodeError> {
        Decimal::parse(text)
    }
}

impl Serialize for Decimal {
    /// Writes `{"_T": 13, "V": "15,5"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::typed_text(serializer, 13, &self.to_string())
    }
}

impl<'de> Deserialize<'de> for Decimal {
    /// Reads `{"_T": _, "V": …}` or a bare string (spaces around it
    /// ignored) or number.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match wire::scalar(deserializer, "a decimal-comma number or {_T, V}")? {
            Scalar::Text(text) => Decimal::parse(text.trim()).map_err(serde::de::Error::custom),
            Scalar::Number(text) => Decimal::parse(&text).map_err(serde::de::Error::custom),
        }
    }
}

/// A grade: a number, or one of the special marks `"|n"`.
///
/// ```
/// use pronote_proto::value::{Decimal, Grade};
/// assert_eq!(Grade::parse("|1")?, Grade::Absent);
/// let g = Grade::parse("15,5")?;
/// assert_eq!(g.as_f64(), Some(15.5));
/// assert_eq!(g.to_string(), "15,5");
/// assert_eq!(Grade::parse("|6")?.as_f64(), Some(0.0)); // absent, counts zero
/// assert_eq!(Grade::parse("|42")?, Grade::Unknown(42));
/// assert!(Grade::parse("Abs").is_err());
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Grade {
    /// A number of points.
    Value(Decimal),
    /// `|1` absent ("Absent").
    Absent,
    /// `|2` exempted ("Dispensé").
    Exempted,
    /// `|3` not graded ("Non noté").
    NotGraded,
    /// `|4` unfit ("Inapte").
    Unfit,
    /// `|5` not returned ("Non rendu").
    NotReturned,
    /// `|6` absent, counts as zero ("Absent zéro").
    AbsentZero,
    /// `|7` not returned, counts as zero ("Non rendu zéro").
    NotReturnedZero,
    /// `|8` congratulations ("Félicitations").
    Congratulations,
    /// A special mark this crate does not know, `|n`.
    Unknown(u32),
}

impl Grade {
    /// Parses a number with a decimal comma or a special mark `|n`. An
    /// unknown `|n` gives [`Grade::Unknown`]; any other text is an error
    /// (pronotepy passes such text through unchanged).
    pub fn parse(text: &str) -> Result<Self, DecodeError> {
        let trimmed = text.trim();
        if let Some(code) = trimmed.strip_prefix('|') {
            if code.is_empty() || code.len() > 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(value_error("grade", "expected a number after '|'"));
            }
            let code: u32 = code
                .parse()
                .map_err(|_| value_error("grade", "expected a number after '|'"))?;
            return Ok(Grade::from_code(code));
        }
        parse_decimal(trimmed, "grade").map(Grade::Value)
    }

    /// The special mark for a code (`1` ⇒ [`Grade::Absent`], …).
    pub const fn from_code(code: u32) -> Self {
        match code {
            1 => Grade::Absent,
            2 => Grade::Exempted,
            3 => Grade::NotGraded,
            4 => Grade::Unfit,
            5 => Grade::NotReturned,
            6 => Grade::AbsentZero,
            7 => Grade::NotReturnedZero,
            8 => Grade::Congratulations,
            other => Grade::Unknown(other),
        }
    }

    /// The `|n` code of a special mark; `None` for a number.
    pub const fn code(&self) -> Option<u32> {
        match self {
            Grade::Value(_) => None,
            Grade::Absent => Some(1),
            Grade::Exempted => Some(2),
            Grade::NotGraded => Some(3),
            Grade::Unfit => Some(4),
            Grade::NotReturned => Some(5),
            Grade::AbsentZero => Some(6),
            Grade::NotReturnedZero => Some(7),
            Grade::Congratulations => Some(8),
            Grade::Unknown(code) => Some(*code),
        }
    }

    /// The number, if this is one.
    pub const fn value(&self) -> Option<Decimal> {
        match self {
            Grade::Value(d) => Some(*d),
            _ => None,
        }
    }

    /// The points that count in an average: the number, or zero for the
    /// "counts zero" marks (`|6`, `|7`); `None` for marks that do not count.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Grade::Value(d) => Some(d.as_f64()),
            Grade::AbsentZero | Grade::NotReturnedZero => Some(0.0),
            _ => None,
        }
    }
}

impl From<Decimal> for Grade {
    fn from(value: Decimal) -> Self {
        Grade::Value(value)
    }
}

impl fmt::Display for Grade {
    /// The wire form: `15,5` or `|n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.code()) {
            (Grade::Value(d), _) => fmt::Display::fmt(d, f),
            (_, Some(code)) => write!(f, "|{code}"),
            (_, None) => Ok(()),
        }
    }
}

impl FromStr for Grade {
    type Err = DecodeError;

    fn from_str(text: &str) -> Result<Self, DecodeError> {
        Grade::parse(text)
    }
}

impl Serialize for Grade {
    /// Writes `{"_T": 10, "V": "15,5"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::typed_text(serializer, 10, &self.to_string())
    }
}

impl<'de> Deserialize<'de> for Grade {
    /// Reads `{"_T": _, "V": …}` or a bare string or number.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match wire::scalar(deserializer, "a PRONOTE grade or {_T, V}")? {
            Scalar::Text(text) => Grade::parse(&text).map_err(serde::de::Error::custom),
            Scalar::Number(text) => Decimal::parse(&text)
                .map(Grade::Value)
                .map_err(serde::de::Error::custom),
        }
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
    fn numbers_keep_their_text() {
        for text in [
            "15,5", "20", "0,25", "-3,5", "15,50", "0", "-0,05", "100,125",
        ] {
            assert_eq!(Grade::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Decimal::parse("007,5").unwrap().to_string(), "7,5");
        assert_eq!(Decimal::parse("+2").unwrap().to_string(), "2");
        assert_eq!(
            Decimal::parse("2.5").unwrap(),
            Decimal::parse("2,5").unwrap()
        );
        assert_eq!(Decimal::parse("0,05").unwrap().as_f64(), 0.05);
        assert_eq!(Decimal::new(155, 1).unwrap().to_string(), "15,5");
        assert_eq!(Decimal::new(1, 19), None);
    }

    #[test]
    fn special_marks() {
        let expected = [
            Grade::Absent,
            Grade::Exempted,
            Grade::NotGraded,
            Grade::Unfit,
            Grade::NotReturned,
            Grade::AbsentZero,
            Grade::NotReturnedZero,
            Grade::Congratulations,
        ];
        for (code, grade) in (1u32..).zip(expected) {
            let text = format!("|{code}");
            assert_eq!(Grade::parse(&text).unwrap(), grade);
            assert_eq!(grade.to_string(), text);
        }
        assert_eq!(Grade::parse("|0").unwrap(), Grade::Unknown(0));
        assert_eq!(Grade::Unknown(9).to_string(), "|9");
        assert_eq!(Grade::Absent.as_f64(), None);
    }

    #[test]
    fn rejects() {
        for text in [
            "",
            "Abs",
            "|",
            "|x",
            "|-1",
            "|99999999999",
            "15,",
            ",5",
            "1,2,3",
            "1 5",
            "--1",
            "1e5",
            "12345678901234567890",
            "١٥",
        ] {
            assert!(Grade::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn serde() {
        let g: Grade = serde_json::from_str(r#"{"_T":10,"V":"|3"}"#).unwrap();
        assert_eq!(g, Grade::NotGraded);
        let g: Grade = serde_json::from_str("12.5").unwrap();
        assert_eq!(g.to_string(), "12,5");
        assert_eq!(
            serde_json::to_string(&Grade::parse("8,5").unwrap()).unwrap(),
            r#"{"_T":10,"V":"8,5"}"#
        );
        let d: Decimal = serde_json::from_str(r#"{"_T":13,"V":"1,5"}"#).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"_T":13,"V":"1,5"}"#);
    }

    proptest! {
        #[test]
        fn decimal_round_trip(mantissa in -999_999_999_999i64..999_999_999_999, scale in 0u8..6) {
            let d = Decimal::new(mantissa, scale).unwrap();
            prop_assert_eq!(Decimal::parse(&d.to_string()).unwrap(), d);
        }

        #[test]
        fn never_panics(text in "\\PC{0,32}") {
            let _ = Grade::parse(&text);
            let _ = Decimal::parse(&text);
        }

        #[test]
        fn never_panics_near_miss(text in "[|+\\-0-9,.]{0,24}") {
            if let Ok(g) = Grade::parse(&text) {
                prop_assert!(Grade::parse(&g.to_string()).is_ok());
            }
        }
    }
}
