//! School-calendar arithmetic: week numbers counted from the instance's
//! first Monday (`General.PremierLundi`), and lesson times from the grid of
//! places (`General.ListeHeures`, `ListeHeuresFin`, `PlacesParJour`).

use serde::{Deserialize, Deserializer};
use time::{Date, Duration, Time};

use super::reference::WireList;
use super::value_error;
use crate::error::DecodeError;

/// The week number of `date`: `1 + floor(days(date − first_monday) / 7)`.
///
/// Week 1 starts on `first_monday`; dates before it give 0 or negative
/// numbers (the server has no such weeks, so callers usually treat them as
/// out of range).
///
/// ```
/// use pronote_proto::value::week_number;
/// use time::macros::date;
/// let first_monday = date!(2025-09-01);
/// assert_eq!(week_number(date!(2025-09-01), first_monday), 1);
/// assert_eq!(week_number(date!(2025-09-07), first_monday), 1);
/// assert_eq!(week_number(date!(2025-09-08), first_monday), 2);
/// assert_eq!(week_number(date!(2025-08-31), first_monday), 0);
/// ```
pub fn week_number(date: Date, first_monday: Date) -> i32 {
    let days = (date - first_monday).whole_days();
    let week = 1 + days.div_euclid(7);
    // `time` dates span ±9999 years, about ±530 000 weeks.
    i32::try_from(week).unwrap_or(if week < 0 { i32::MIN } else { i32::MAX })
}

/// The first day of week `week` (the Monday when `first_monday` is one).
///
/// ```
/// use pronote_proto::value::week_start;
/// use time::macros::date;
/// assert_eq!(week_start(2, date!(2025-09-01))?, date!(2025-09-08));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn week_start(week: i32, first_monday: Date) -> Result<Date, DecodeError> {
    let days = (i64::from(week) - 1) * 7;
    first_monday
        .checked_add(Duration::days(days))
        .ok_or_else(|| value_error("calendar", "week out of the calendar's range"))
}

/// Parses an hour label of `ListeHeures`, `"08h00"` (also `"8h00"`,
/// `"8h"`, `"08:00"`).
///
/// ```
/// use pronote_proto::value::parse_hour_label;
/// use time::macros::time;
/// assert_eq!(parse_hour_label("08h30")?, time!(8:30));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn parse_hour_label(text: &str) -> Result<Time, DecodeError> {
    let error = || value_error("hour", "expected a label like 08h00");
    let text = text.trim();
    let (hour, minute) = text.split_once(['h', 'H', ':']).ok_or_else(error)?;
    let number = |s: &str, allow_empty: bool| -> Result<u8, DecodeError> {
        if s.is_empty() && allow_empty {
            return Ok(0);
        }
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        s.parse().map_err(|_| error())
    };
    Time::from_hms(number(hour, false)?, number(minute, true)?, 0).map_err(|_| error())
}

/// The times of a grid of places: `ListeHeures` (start of each place) or
/// `ListeHeuresFin` (end of each place), entries `{G: place, L: "08h00"}`.
///
/// Reads the list wrapped or bare; an entry without `G` takes its position.
///
/// ```
/// use pronote_proto::value::HourTable;
/// use time::macros::time;
/// let hours: HourTable = serde_json::from_str(
///     r#"{"_T":24,"V":[{"G":0,"L":"08h00"},{"G":1,"L":"09h00"}]}"#,
/// )?;
/// assert_eq!(hours.time(1), Some(time!(9:00)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HourTable {
    /// Sorted by place, places unique.
    slots: Vec<(u32, Time)>,
}

impl HourTable {
    /// Builds a table from `(place, label)` pairs; the first entry wins
    /// when a place repeats.
    pub fn from_labels<'a, I>(entries: I) -> Result<Self, DecodeError>
    where
        I: IntoIterator<Item = (u32, &'a str)>,
    {
        let mut slots = Vec::new();
        for (place, label) in entries {
            slots.push((place, parse_hour_label(label)?));
        }
        slots.sort_by_key(|(place, _)| *place);
        slots.dedup_by_key(|(place, _)| *place);
        Ok(HourTable { slots })
    }

    /// Builds a table from labels in place order (place = position).
    pub fn from_ordered_labels<'a, I>(labels: I) -> Result<Self, DecodeError>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut slots = Vec::new();
        for (place, label) in (0u32..).zip(labels) {
            slots.push((place, parse_hour_label(label)?));
        }
        Ok(HourTable { slots })
    }

    /// The time of a place within the day.
    pub fn time(&self, place: u32) -> Option<Time> {
        self.slots
            .binary_search_by_key(&place, |(p, _)| *p)
            .ok()
            .and_then(|i| self.slots.get(i))
            .map(|(_, t)| *t)
    }

    /// How many places the table has.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

#[derive(Deserialize)]
struct HourEntry {
    #[serde(rename = "G", default)]
    place: Option<u32>,
    #[serde(rename = "L")]
    label: String,
}

impl<'de> Deserialize<'de> for HourTable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = WireList::<HourEntry>::deserialize(deserializer)?;
        HourTable::from_labels(
            (0u32..)
                .zip(entries.iter())
                .map(|(position, e)| (e.place.unwrap_or(position), e.label.as_str())),
        )
        .map_err(serde::de::Error::custom)
    }
}

/// The start time of a lesson at `place` (the lesson's `place`, counted
/// over the whole week: `day × PlacesParJour + place in the day`).
///
/// ```
/// use pronote_proto::value::{HourTable, lesson_start};
/// use time::macros::time;
/// let hours = HourTable::from_ordered_labels(["08h00", "08h30", "09h00", "09h30"])?;
/// assert_eq!(lesson_start(&hours, 4, 2)?, time!(9:00));
/// assert_eq!(lesson_start(&hours, 4, 6)?, time!(9:00)); // day 1, place 2
/// assert!(lesson_start(&hours, 0, 2).is_err());
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn lesson_start(
    hours: &HourTable,
    places_per_day: u32,
    place: u32,
) -> Result<Time, DecodeError> {
    let in_day = place_in_day(places_per_day, place)?;
    hours
        .time(in_day)
        .ok_or_else(|| value_error("calendar", "place not in ListeHeures"))
}

/// The end time of a lesson when `DateDuCoursFin` is absent:
/// `ListeHeuresFin[(place % PlacesParJour) + duree − 1]`.
///
/// ```
/// use pronote_proto::value::{HourTable, lesson_end};
/// use time::macros::time;
/// let ends = HourTable::from_ordered_labels(["08h30", "09h00", "09h30", "10h00"])?;
/// assert_eq!(lesson_end(&ends, 4, 5, 2)?, time!(9:30)); // day 1, places 1–2
/// assert!(lesson_end(&ends, 4, 3, 2).is_err()); // runs past the grid
/// assert!(lesson_end(&ends, 4, 3, 0).is_err());
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn lesson_end(
    hours_end: &HourTable,
    places_per_day: u32,
    place: u32,
    duration: u32,
) -> Result<Time, DecodeError> {
    if duration == 0 {
        return Err(value_error("calendar", "a lesson lasts at least one place"));
    }
    let index = place_in_day(places_per_day, place)?
        .checked_add(duration - 1)
        .ok_or_else(|| value_error("calendar", "place out of range"))?;
    hours_end
        .time(index)
        .ok_or_else(|| value_error("calendar", "place not in ListeHeuresFin"))
}

fn place_in_day(places_per_day: u32, place: u32) -> Result<u32, DecodeError> {
    place
        .checked_rem(places_per_day)
        .ok_or_else(|| value_error("calendar", "PlacesParJour is zero"))
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
    use time::macros::{date, time};

    #[test]
    fn weeks() {
        let first = date!(2025 - 09 - 01);
        assert_eq!(week_number(date!(2025 - 08 - 25), first), 0);
        assert_eq!(week_number(date!(2025 - 08 - 24), first), -1);
        assert_eq!(week_number(date!(2026 - 01 - 05), first), 19);
        assert_eq!(week_start(0, first).unwrap(), date!(2025 - 08 - 25));
        assert!(week_start(i32::MAX, first).is_err());
        assert!(week_start(i32::MIN, first).is_err());
        assert!(week_number(Date::MAX, Date::MIN) > 0);
    }

    #[test]
    fn hour_labels() {
        assert_eq!(parse_hour_label("8h").unwrap(), time!(8:00));
        assert_eq!(parse_hour_label("17:45").unwrap(), time!(17:45));
        for bad in [
            "", "h", "0800", "24h00", "08h60", "08h000", "-1h00", "８h00",
        ] {
            assert!(parse_hour_label(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tables() {
        let table: HourTable =
            serde_json::from_str(r#"[{"L":"08h00"},{"L":"09h00"},{"G":5,"L":"10h00"}]"#).unwrap();
        assert_eq!(table.time(0), Some(time!(8:00)));
        assert_eq!(table.time(1), Some(time!(9:00)));
        assert_eq!(table.time(5), Some(time!(10:00)));
        assert_eq!(table.time(2), None);
        assert!(serde_json::from_str::<HourTable>(r#"[{"G":0,"L":"nope"}]"#).is_err());
        assert!(lesson_start(&table, 4, 2).is_err());
        assert!(lesson_end(&table, u32::MAX, u32::MAX - 1, u32::MAX).is_err());
    }

    proptest! {
        #[test]
        fn week_start_inverts_week_number(offset in -5000i64..5000, week in -500i32..500) {
            let first = date!(2025-09-01);
            let day = first.checked_add(Duration::days(offset)).unwrap();
            let start = week_start(week_number(day, first), first).unwrap();
            prop_assert!(start <= day && day - start < Duration::days(7));
            prop_assert_eq!(week_number(week_start(week, first).unwrap(), first), week);
        }

        #[test]
        fn never_panics(text in "\\PC{0,16}", ppd in 0u32..20, place in any::<u32>(), duration in any::<u32>()) {
            let _ = parse_hour_label(&text);
            let table = HourTable::from_ordered_labels(["08h00", "09h00"]).unwrap();
            let _ = lesson_start(&table, ppd, place);
            let _ = lesson_end(&table, ppd, place, duration);
        }
    }
}
