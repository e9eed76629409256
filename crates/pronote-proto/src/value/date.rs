//! Date-times (`_T` 7): parsing every form the server sends and writing
//! both the server's and the clients' form.
//!
//! The server writes zero-padded `dd/mm/yyyy` or `dd/mm/yyyy HH:MM:SS`, and
//! sometimes `dd/mm/yy HHhMM`; the clients write unpadded
//! `d/m/yyyy H:M:S`. The parser takes all of them (each field may have one
//! or two digits; years have four digits or two, two-digit years meaning
//! `20yy`), so a simulated server can read what clients send.
//!
//! Date-times are naive: PRONOTE sends the school's local time with no
//! offset, so they map to [`PrimitiveDateTime`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, PrimitiveDateTime, Time};

use super::value_error;
use super::wire::{self, Scalar};
use crate::error::DecodeError;

const KIND: &str = "date";

/// Longest date text accepted, far above any real form
/// (`dd/mm/yyyy HH:MM:SS` is 19 characters).
const MAX_LEN: usize = 64;

/// Which side's format to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateStyle {
    /// The server's zero-padded `dd/mm/yyyy HH:MM:SS`.
    Server,
    /// The clients' unpadded `d/m/yyyy H:M:S` (what requests carry).
    #[default]
    Client,
}

impl DateStyle {
    /// Writes a date-time in this style.
    ///
    /// ```
    /// use pronote_proto::value::DateStyle;
    /// use time::macros::datetime;
    /// let dt = datetime!(2026-01-05 08:03:00);
    /// assert_eq!(DateStyle::Server.format(dt), "05/01/2026 08:03:00");
    /// assert_eq!(DateStyle::Client.format(dt), "5/1/2026 8:3:0");
    /// ```
    pub fn format(self, value: PrimitiveDateTime) -> String {
        match self {
            DateStyle::Server => format_server(value),
            DateStyle::Client => format_client(value),
        }
    }
}

/// Parses any server or client date-time form; a date alone means midnight.
///
/// Accepted: `dd/mm/yyyy`, `dd/mm/yyyy HH:MM:SS`, `dd/mm/yyyy HH:MM`,
/// `dd/mm/yy`, `dd/mm/yy HHhMM`, and the same with unpadded fields
/// (`d/m/yyyy H:M:S`). Surrounding whitespace is ignored.
///
/// ```
/// use pronote_proto::value::parse_date_time;
/// use time::macros::datetime;
/// assert_eq!(parse_date_time("15/01/2026 08:30:00")?, datetime!(2026-01-15 08:30));
/// assert_eq!(parse_date_time("15/01/26 08h30")?, datetime!(2026-01-15 08:30));
/// assert_eq!(parse_date_time("5/1/2026 8:3:0")?, datetime!(2026-01-05 08:03));
/// assert!(parse_date_time("2026-01-15").is_err());
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn parse_date_time(text: &str) -> Result<PrimitiveDateTime, DecodeError> {
    let mut cursor = Cursor::new(text)?;
    let date = cursor.date(None)?;
    let time = cursor.optional_time()?;
    cursor.finish()?;
    Ok(PrimitiveDateTime::new(date, time))
}

/// Parses any date-time form and keeps the date.
///
/// ```
/// use pronote_proto::value::parse_date;
/// use time::macros::date;
/// assert_eq!(parse_date("15/01/26")?, date!(2026-01-15));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn parse_date(text: &str) -> Result<Date, DecodeError> {
    parse_date_time(text).map(PrimitiveDateTime::date)
}

/// Parses a date that may lack its year (`dd/mm`, as some labels write
/// it), taking `year` then; full forms keep their own year.
///
/// ```
/// use pronote_proto::value::parse_date_in_year;
/// use time::macros::date;
/// assert_eq!(parse_date_in_year("15/01", 2026)?, date!(2026-01-15));
/// assert_eq!(parse_date_in_year("15/01/2025", 2026)?, date!(2025-01-15));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn parse_date_in_year(text: &str, year: i32) -> Result<Date, DecodeError> {
    let mut cursor = Cursor::new(text)?;
    let date = cursor.date(Some(year))?;
    cursor.optional_time()?;
    cursor.finish()?;
    Ok(date)
}

/// Parses every form pronotepy's `Util.date_parse` takes, given the
/// caller's `today`: the full forms, `dd/mm` (in `today`'s year), and a
/// bare time of day `HHhMM` or `HHMM` (on `today`).
///
/// ```
/// use pronote_proto::value::parse_date_relative;
/// use time::macros::{date, datetime};
/// let today = date!(2026-03-02);
/// assert_eq!(parse_date_relative("14h05", today)?, datetime!(2026-03-02 14:05));
/// assert_eq!(parse_date_relative("1405", today)?, datetime!(2026-03-02 14:05));
/// assert_eq!(parse_date_relative("15/01", today)?, datetime!(2026-01-15 0:00));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn parse_date_relative(text: &str, today: Date) -> Result<PrimitiveDateTime, DecodeError> {
    let mut cursor = Cursor::new(text)?;
    if !cursor.rest().contains('/') {
        let time = cursor.time_of_day(true)?;
        cursor.finish()?;
        return Ok(PrimitiveDateTime::new(today, time));
    }
    let date = cursor.date(Some(today.year()))?;
    let time = cursor.optional_time()?;
    cursor.finish()?;
    Ok(PrimitiveDateTime::new(date, time))
}

/// Writes the server's zero-padded `dd/mm/yyyy HH:MM:SS`.
///
/// ```
/// use pronote_proto::value::format_server;
/// use time::macros::datetime;
/// assert_eq!(format_server(datetime!(2026-01-05 08:03:09)), "05/01/2026 08:03:09");
/// ```
pub fn format_server(value: PrimitiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        format_server_date(value.date()),
        value.hour(),
        value.minute(),
        value.second()
    )
}

/// Writes the server's zero-padded date alone, `dd/mm/yyyy`.
///
/// ```
/// use pronote_proto::value::format_server_date;
/// use time::macros::date;
/// assert_eq!(format_server_date(date!(2026-01-05)), "05/01/2026");
/// ```
pub fn format_server_date(value: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        value.day(),
        u8::from(value.month()),
        value.year()
    )
}

/// Writes the clients' unpadded `d/m/yyyy H:M:S` (the year keeps four
/// digits, as it always has in practice).
///
/// ```
/// use pronote_proto::value::format_client;
/// use time::macros::datetime;
/// assert_eq!(format_client(datetime!(2026-01-05 08:00)), "5/1/2026 8:0:0");
/// ```
pub fn format_client(value: PrimitiveDateTime) -> String {
    format!(
        "{}/{}/{:04} {}:{}:{}",
        value.day(),
        u8::from(value.month()),
        value.year(),
        value.hour(),
        value.minute(),
        value.second()
    )
}

/// A date-time field as it travels: `{"_T": 7, "V": "…"}`.
///
/// Deserializes from the wrapper or a bare string, in any form
/// [`parse_date_time`] takes; serializes in the clients' style (what
/// requests carry). Fields a simulated server writes use
/// `#[serde(with = "pronote_proto::value::date::typed_server")]` instead.
///
/// ```
/// use pronote_proto::value::WireDate;
/// use time::macros::datetime;
/// let d: WireDate = serde_json::from_str(r#"{"_T":7,"V":"15/01/2026 08:30:00"}"#)?;
/// assert_eq!(d.0, datetime!(2026-01-15 08:30));
/// assert_eq!(serde_json::to_string(&d)?, r#"{"_T":7,"V":"15/1/2026 8:30:0"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WireDate(pub PrimitiveDateTime);

impl WireDate {
    /// The date part.
    pub fn date(self) -> Date {
        self.0.date()
    }

    /// The time part.
    pub fn time(self) -> Time {
        self.0.time()
    }
}

impl From<PrimitiveDateTime> for WireDate {
    fn from(value: PrimitiveDateTime) -> Self {
        WireDate(value)
    }
}

impl From<Date> for WireDate {
    fn from(value: Date) -> Self {
        WireDate(PrimitiveDateTime::new(value, Time::MIDNIGHT))
    }
}

impl From<WireDate> for PrimitiveDateTime {
    fn from(value: WireDate) -> Self {
        value.0
    }
}

impl fmt::Display for WireDate {
    /// The clients' form, `d/m/yyyy H:M:S`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_client(self.0))
    }
}

impl Serialize for WireDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        typed_client::serialize(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for WireDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        typed_client::deserialize(deserializer).map(WireDate)
    }
}

fn deserialize_any_form<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<PrimitiveDateTime, D::Error> {
    match wire::scalar(deserializer, "a PRONOTE date string or {_T: 7, V}")? {
        Scalar::Text(text) => parse_date_time(&text).map_err(serde::de::Error::custom),
        Scalar::Number(_) => Err(serde::de::Error::custom(value_error(
            KIND,
            "expected a string, found a number",
        ))),
    }
}

/// `#[serde(with = …)]` for a [`PrimitiveDateTime`] field written in the
/// clients' style, `{"_T": 7, "V": "d/m/yyyy H:M:S"}`; reads every form.
pub mod typed_client {
    use serde::{Deserializer, Serializer};
    use time::PrimitiveDateTime;

    /// Writes `{"_T": 7, "V": "d/m/yyyy H:M:S"}`.
    pub fn serialize<S: Serializer>(
        value: &PrimitiveDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::wire::typed_text(serializer, 7, &super::format_client(*value))
    }

    /// Reads the wrapper or a bare string, in any form.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<PrimitiveDateTime, D::Error> {
        super::deserialize_any_form(deserializer)
    }
}

/// `#[serde(with = …)]` for a [`PrimitiveDateTime`] field written in the
/// server's style, `{"_T": 7, "V": "dd/mm/yyyy HH:MM:SS"}`; reads every
/// form.
pub mod typed_server {
    use serde::{Deserializer, Serializer};
    use time::PrimitiveDateTime;

    /// Writes `{"_T": 7, "V": "dd/mm/yyyy HH:MM:SS"}`.
    pub fn serialize<S: Serializer>(
        value: &PrimitiveDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::wire::typed_text(serializer, 7, &super::format_server(*value))
    }

    /// Reads the wrapper or a bare string, in any form.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<PrimitiveDateTime, D::Error> {
        super::deserialize_any_form(deserializer)
    }
}

/// A small byte cursor over ASCII date text. Every delimiter it looks for
/// is ASCII, so it never splits a UTF-8 character.
struct Cursor<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Result<Self, DecodeError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(value_error(KIND, "empty text"));
        }
        if text.len() > MAX_LEN {
            return Err(value_error(KIND, "text too long"));
        }
        Ok(Cursor {
            bytes: text.as_bytes(),
            text,
            pos: 0,
        })
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), DecodeError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(value_error(KIND, format!("expected {what}")))
        }
    }

    /// Reads a run of ASCII digits; returns the value and the digit count.
    fn digits(&mut self) -> (u32, usize) {
        let start = self.pos;
        let mut value: u32 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            value = value.saturating_mul(10).saturating_add(u32::from(b - b'0'));
            self.pos += 1;
        }
        (value, self.pos - start)
    }

    /// Reads a one- or two-digit field.
    fn field(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        match self.digits() {
            (value, 1 | 2) => u8::try_from(value).map_err(|_| field_error(what)),
            _ => Err(field_error(what)),
        }
    }

    /// Reads `d/m/yyyy` or `d/m/yy`, or `d/m` when `default_year` is given.
    fn date(&mut self, default_year: Option<i32>) -> Result<Date, DecodeError> {
        let day = self.field("day")?;
        self.expect(b'/', "'/' after the day")?;
        let month = self.field("month")?;
        let year = if self.eat(b'/') {
            match self.digits() {
                (value, 4) => i32::try_from(value).map_err(|_| field_error("year"))?,
                (value, 2) => 2000 + i32::try_from(value).map_err(|_| field_error("year"))?,
                _ => return Err(value_error(KIND, "the year must have 4 or 2 digits")),
            }
        } else {
            default_year.ok_or_else(|| value_error(KIND, "expected '/' before the year"))?
        };
        let month = Month::try_from(month).map_err(|_| field_error("month"))?;
        Date::from_calendar_date(year, month, day)
            .map_err(|_| value_error(KIND, "no such calendar date"))
    }

    /// Reads an optional ` H:M[:S]` or ` HhM` after a date.
    fn optional_time(&mut self) -> Result<Time, DecodeError> {
        if self.peek().is_none() {
            return Ok(Time::MIDNIGHT);
        }
        let mut spaces = 0;
        while self.eat(b' ') {
            spaces += 1;
        }
        if spaces == 0 {
            return Err(value_error(KIND, "expected a space before the time"));
        }
        self.time_of_day(false)
    }

    /// Reads `H:M[:S]` or `HhM`, and `HHMM` when `compact`.
    fn time_of_day(&mut self, compact: bool) -> Result<Time, DecodeError> {
        let start = self.pos;
        let (value, count) = self.digits();
        if compact && count == 4 && self.peek().is_none() {
            // `HHMM`, pronotepy's bare four-digit time.
            let hour = u8::try_from(value / 100).map_err(|_| field_error("hour"))?;
            let minute = u8::try_from(value % 100).map_err(|_| field_error("minute"))?;
            return Time::from_hms(hour, minute, 0).map_err(|_| field_error("time"));
        }
        self.pos = start;
        let hour = self.field("hour")?;
        let (minute, second) = if self.eat(b'h') || self.eat(b'H') {
            (self.field("minute")?, 0)
        } else {
            self.expect(b':', "':' or 'h' after the hour")?;
            let minute = self.field("minute")?;
            let second = if self.eat(b':') {
                self.field("second")?
            } else {
                0
            };
            (minute, second)
        };
        Time::from_hms(hour, minute, second).map_err(|_| field_error("time"))
    }

    fn finish(&self) -> Result<(), DecodeError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(value_error(KIND, "unexpected trailing characters"))
        }
    }
}

fn field_error(what: &'static str) -> DecodeError {
    value_error(KIND, format!("invalid {what}"))
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
    use time::macros::{date, datetime};

    #[test]
    fn server_forms() {
        let cases = [
            ("15/01/2026", datetime!(2026-01-15 0:00)),
            ("15/01/2026 08:30:00", datetime!(2026-01-15 08:30)),
            ("15/01/2026 08:30", datetime!(2026-01-15 08:30)),
            ("15/01/26", datetime!(2026-01-15 0:00)),
            ("15/01/26 08h30", datetime!(2026-01-15 08:30)),
            ("5/1/2026 8:3:7", datetime!(2026-01-05 08:03:07)),
            ("  29/02/2024 23:59:59 ", datetime!(2024-02-29 23:59:59)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date_time(text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn rejects_malformed() {
        for text in [
            "",
            "15",
            "15/01",
            "15/01/",
            "15/01/202",
            "15/01/20266",
            "32/01/2026",
            "29/02/2025",
            "15/13/2026",
            "15/00/2026",
            "15/01/2026 24:00:00",
            "15/01/2026 08:60",
            "15/01/2026T08:00",
            "15/01/2026 08",
            "15/01/2026 0830",
            "15/01/2026 08:00:00 x",
            "015/01/2026",
            "15-01-2026",
            "é/01/2026",
        ] {
            assert!(parse_date_time(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn relative_forms() {
        let today = date!(2026 - 03 - 02);
        assert_eq!(
            parse_date_relative("08h30", today).unwrap(),
            datetime!(2026-03-02 08:30)
        );
        assert_eq!(
            parse_date_relative("15/01/2025 10:00:00", today).unwrap(),
            datetime!(2025-01-15 10:00)
        );
        assert!(parse_date_relative("2460", today).is_err());
        assert!(parse_date_relative("x", today).is_err());
    }

    #[test]
    fn formats() {
        let dt = datetime!(2026-11-25 17:45:09);
        assert_eq!(format_server(dt), "25/11/2026 17:45:09");
        assert_eq!(format_client(dt), "25/11/2026 17:45:9");
        assert_eq!(format_server_date(dt.date()), "25/11/2026");
    }

    #[test]
    fn serde_helpers() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Model {
            #[serde(with = "typed_server")]
            server: PrimitiveDateTime,
            client: WireDate,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            missing: Option<WireDate>,
        }
        let json = r#"{"server":{"_T":7,"V":"05/01/2026"},"client":"05/01/26 08h30"}"#;
        let model: Model = serde_json::from_str(json).unwrap();
        assert_eq!(model.server, datetime!(2026-01-05 0:00));
        assert_eq!(model.client.0, datetime!(2026-01-05 08:30));
        assert_eq!(
            serde_json::to_string(&model).unwrap(),
            r#"{"server":{"_T":7,"V":"05/01/2026 00:00:00"},"client":{"_T":7,"V":"5/1/2026 8:30:0"}}"#
        );
        assert!(serde_json::from_str::<WireDate>(r#"{"_T":7,"V":3}"#).is_err());
        assert!(serde_json::from_str::<WireDate>(r#"{"_T":7}"#).is_err());
        assert!(serde_json::from_str::<WireDate>(r#"{"_T":7,"V":{"V":"1/1/2026"}}"#).is_err());
    }

    fn any_date_time() -> impl Strategy<Value = PrimitiveDateTime> {
        (0i32..=9999, 1u8..=12, 1u8..=31, 0u8..24, 0u8..60, 0u8..60).prop_filter_map(
            "valid date",
            |(y, m, d, h, mi, s)| {
                let month = Month::try_from(m).ok()?;
                let date = Date::from_calendar_date(y, month, d).ok()?;
                Some(PrimitiveDateTime::new(date, Time::from_hms(h, mi, s).ok()?))
            },
        )
    }

    proptest! {
        #[test]
        fn format_parse_round_trip(dt in any_date_time()) {
            prop_assert_eq!(parse_date_time(&format_server(dt)).unwrap(), dt);
            prop_assert_eq!(parse_date_time(&format_client(dt)).unwrap(), dt);
            prop_assert_eq!(parse_date(&format_server_date(dt.date())).unwrap(), dt.date());
        }

        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = parse_date_time(&text);
            let _ = parse_date_in_year(&text, 2026);
            let _ = parse_date_relative(&text, date!(2026-01-01));
        }

        #[test]
        fn never_panics_near_miss(text in "[0-9/: hH]{0,24}") {
            let _ = parse_date_time(&text);
            let _ = parse_date_relative(&text, date!(2026-01-01));
        }
    }
}
