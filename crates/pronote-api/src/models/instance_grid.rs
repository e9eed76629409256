//! The parts of `FonctionParametres` whose shape changed between what
//! older replies sent and what real 2025 instances send; each reader takes
//! both.
//!
//! | value | real 2025 instances | older replies |
//! |---|---|---|
//! | working days (`General.JoursOuvres`) | `{_T: 11, V: "[1..5]"}` | `{_T: 26, V: "[1..5]"}` |
//! | grid length (`General.DureeSequence`) | one hour of the grid, a fraction of a day (`0.0417`) | one place, in minutes (`30`) |
//! | server time | `DateServeurHttp` next to `General` | `General.dateServeurHttp` |

use serde_json::Value;
use time::{PrimitiveDateTime, Weekday};

use pronote_proto::value::{Domain, date};

const MINUTES_PER_DAY: f64 = 1440.0;

/// The working days of the week, Monday first. Days are numbered from
/// Monday (1) to Sunday (7) in both shapes; the type tag (`_T` 11 or 26)
/// is not read. `None` when absent or unreadable.
pub(crate) fn working_days(raw: Option<&Value>) -> Option<Vec<Weekday>> {
    let raw = raw?;
    let text = raw.get("V").unwrap_or(raw).as_str()?;
    let days = Domain::parse(text).ok()?;
    let mut out = Vec::new();
    let mut day = Weekday::Sunday;
    for n in 1..=7u16 {
        day = day.next();
        if days.contains(n) {
            out.push(day);
        }
    }
    Some(out)
}

/// The length of one place of the grid, in minutes. Real instances send
/// `DureeSequence` as the length of an hour of the grid (`PlacesParHeure`
/// places) in days; older replies sent the place's length in minutes.
/// `None` when absent, not positive, or not between 1 minute and a day.
pub(crate) fn place_minutes(length: Option<&Value>, per_hour: Option<&Value>) -> Option<u32> {
    let value = length?.as_f64()?;
    if !value.is_finite() || value <= 0.0 {
        return None;
    }
    let minutes = if value < 1.0 {
        let per_hour = per_hour
            .and_then(Value::as_u64)
            .filter(|n| *n > 0)
            .unwrap_or(1);
        value * MINUTES_PER_DAY / per_hour as f64
    } else {
        value
    };
    // Sent with four decimals: 0.0417 day is 60.05 minutes.
    let rounded = minutes.round();
    // In 1..=1440, so the conversion is exact.
    (1.0..=MINUTES_PER_DAY)
        .contains(&rounded)
        .then_some(rounded as u32)
}

/// The server's date and time when it answered: `DateServeurHttp` at the
/// top of the reply (real instances), else `General.dateServeurHttp`.
pub(crate) fn server_time(
    top: Option<&Value>,
    in_general: Option<&Value>,
) -> Option<PrimitiveDateTime> {
    let raw = top.or(in_general)?;
    date::parse_date_time(raw.get("V").unwrap_or(raw).as_str()?).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    fn days(general: &Value) -> Option<Vec<Weekday>> {
        working_days(general.get("JoursOuvres"))
    }

    fn minutes(general: &Value) -> Option<u32> {
        place_minutes(general.get("DureeSequence"), general.get("PlacesParHeure"))
    }

    fn time_of(data: &Value) -> Option<PrimitiveDateTime> {
        server_time(
            data.get("DateServeurHttp"),
            data.get("General").and_then(|g| g.get("dateServeurHttp")),
        )
    }

    #[test]
    fn working_days_in_both_shapes() {
        use Weekday::*;
        let week = [Monday, Tuesday, Wednesday, Thursday, Friday];
        let real = json!({"JoursOuvres": {"_T": 11, "V": "[1..5]"}});
        let older = json!({"JoursOuvres": {"_T": 26, "V": "[1..5]"}});
        assert_eq!(days(&real).unwrap(), week);
        assert_eq!(days(&older).unwrap(), week);
        let saturday = json!({"JoursOuvres": {"_T": 11, "V": "[1..3,6]"}});
        assert_eq!(
            days(&saturday).unwrap(),
            [Monday, Tuesday, Wednesday, Saturday]
        );
        assert_eq!(days(&json!({})), None);
        assert_eq!(
            days(&json!({"JoursOuvres": {"_T": 11, "V": "[9..]"}})),
            None
        );
    }

    #[test]
    fn place_length_in_both_shapes() {
        // Real: an hour of two places, as a day fraction (rounded or not).
        let real = json!({"DureeSequence": 1.0 / 24.0, "PlacesParHeure": 2});
        let rounded = json!({"DureeSequence": 0.0417, "PlacesParHeure": 2});
        assert_eq!(minutes(&real), Some(30));
        assert_eq!(minutes(&rounded), Some(30));
        // A grid of 55-minute places.
        let uneven = json!({"DureeSequence": 55.0 / 1440.0, "PlacesParHeure": 1});
        assert_eq!(minutes(&uneven), Some(55));
        // Older: minutes per place.
        assert_eq!(
            minutes(&json!({"DureeSequence": 30, "PlacesParHeure": 2})),
            Some(30)
        );
        for bad in [
            json!({}),
            json!({"DureeSequence": 0}),
            json!({"DureeSequence": -1}),
            json!({"DureeSequence": "30"}),
        ] {
            assert_eq!(minutes(&bad), None, "{bad}");
        }
    }

    #[test]
    fn server_time_in_both_places() {
        let real = json!({"DateServeurHttp": {"_T": 7, "V": "05/09/2025 08:00:00"}, "General": {}});
        let older = json!({"General": {"dateServeurHttp": {"_T": 7, "V": "05/09/2025 08:00:00"}}});
        assert_eq!(time_of(&real), Some(datetime!(2025-09-05 08:00)));
        assert_eq!(time_of(&older), Some(datetime!(2025-09-05 08:00)));
        assert_eq!(time_of(&json!({"General": {}})), None);
        assert_eq!(
            time_of(&json!({"DateServeurHttp": {"_T": 7, "V": "hier"}})),
            None
        );
    }
}
