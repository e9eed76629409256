//! The demo's "today" from the real date: the demo school year is fixed
//! (2025-09-01 to 2026-07-03), so the real day is mapped into it, keeping
//! its weekday, and moved to the nearest week where that weekday is a
//! school day (holidays and the summer fall back on the nearest school
//! week).

use time::{Date, Duration, Month, Weekday};

use crate::data::Calendar;

/// The demo's day for the real date `real`: the same month and day in the
/// demo school year, moved to the same weekday as `real` (at most three
/// days away), then by whole weeks to the nearest week whose same weekday
/// is a school day (weekends stay weekends: the nearest week in session).
///
/// ```
/// use time::macros::date;
/// // A Tuesday of November is the Tuesday of that week in the demo year.
/// assert_eq!(pronote_server::demo_today(date!(2027 - 11 - 16)), date!(2025 - 11 - 18));
/// // Early August is nearer the next school year than the last one.
/// assert_eq!(pronote_server::demo_today(date!(2026 - 08 - 05)), date!(2025 - 09 - 03));
/// // Mid-July, nearer the end of the last one.
/// assert_eq!(pronote_server::demo_today(date!(2026 - 07 - 08)), date!(2026 - 07 - 01));
/// ```
pub fn demo_today(real: Date) -> Date {
    demo_day(&Calendar::school_year(), real)
}

pub(crate) fn demo_day(calendar: &Calendar, real: Date) -> Date {
    let first_year = calendar.first_date.year();
    let year = if real.month() >= Month::August {
        first_year
    } else {
        first_year + 1
    };
    let day = real.day().min(real.month().length(year));
    let mapped = Date::from_calendar_date(year, real.month(), day).unwrap_or(calendar.first_date);
    // The same weekday as the real day, nearest to the mapped date.
    let shift = i64::from(real.weekday().number_days_from_monday())
        - i64::from(mapped.weekday().number_days_from_monday());
    let shift = if shift > 3 {
        shift - 7
    } else if shift < -3 {
        shift + 7
    } else {
        shift
    };
    let same_weekday = mapped + Duration::days(shift);
    // The nearest week (by whole weeks) whose same day is in session; a
    // weekend day counts the week's school days.
    let in_session = |d: Date| {
        let monday = d - Duration::days(i64::from(d.weekday().number_days_from_monday()));
        match d.weekday() {
            Weekday::Saturday | Weekday::Sunday => (0..5)
                .map(|i| monday + Duration::days(i))
                .any(|w| calendar.is_school_day(w)),
            _ => calendar.is_school_day(d),
        }
    };
    for weeks in 0..60 {
        for sign in [1, -1] {
            let candidate = same_weekday + Duration::weeks(sign * weeks);
            if in_session(candidate) {
                return candidate;
            }
        }
    }
    calendar.clamp(same_weekday)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn real_days_map_to_school_days_of_the_same_weekday() {
        let c = Calendar::school_year();
        for real in [
            date!(2026 - 12 - 04),
            date!(2027 - 03 - 10),
            date!(2026 - 09 - 01),
            date!(2026 - 07 - 20),
            date!(2026 - 10 - 22),
        ] {
            let demo = demo_day(&c, real);
            assert_eq!(demo.weekday(), real.weekday(), "{real} → {demo}");
            assert!(c.is_school_day(demo), "{real} → {demo}");
        }
        // Weekends stay weekends, of a week in session.
        let sunday = demo_day(&c, date!(2026 - 11 - 22));
        assert_eq!(sunday.weekday(), Weekday::Sunday);
        assert!(c.is_school_day(sunday - Duration::days(2)));
    }
}
