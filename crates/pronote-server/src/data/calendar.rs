//! The school year: dates, holidays, periods and the daily grid.

use time::{Date, Month, Time, Weekday};

/// Builds a date known to be valid.
pub(crate) fn day(year: i32, month: u8, d: u8) -> Date {
    let month = Month::try_from(month).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, d).unwrap_or(Date::MIN)
}

/// A holiday span (inclusive).
#[derive(Debug, Clone)]
pub(crate) struct Holiday {
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
    pub(crate) start: Date,
    pub(crate) end: Date,
}

/// The school year's calendar.
#[derive(Debug, Clone)]
pub(crate) struct Calendar {
    pub(crate) first_monday: Date,
    pub(crate) first_date: Date,
    pub(crate) last_date: Date,
    pub(crate) holidays: Vec<Holiday>,
    /// The hour grid.
    pub(crate) grid: super::grid::Grid,
}

/// Places (half hours) per day: 08:00 to 18:00.
pub(crate) const PLACES_PER_DAY: u32 = 20;

impl Calendar {
    /// 2025-09-01 to 2026-07-03, zone C holidays.
    pub(crate) fn school_year() -> Self {
        Calendar {
            first_monday: day(2025, 9, 1),
            first_date: day(2025, 9, 1),
            last_date: day(2026, 7, 3),
            grid: super::grid::Grid::college(),
            holidays: vec![
                Holiday {
                    key: "toussaint",
                    name: "Vacances de la Toussaint",
                    start: day(2025, 10, 18),
                    end: day(2025, 11, 2),
                },
                Holiday {
                    key: "armistice",
                    name: "Armistice 1918",
                    start: day(2025, 11, 11),
                    end: day(2025, 11, 11),
                },
                Holiday {
                    key: "noel",
                    name: "Vacances de No\u{eb}l",
                    start: day(2025, 12, 20),
                    end: day(2026, 1, 4),
                },
                Holiday {
                    key: "hiver",
                    name: "Vacances d'hiver",
                    start: day(2026, 2, 21),
                    end: day(2026, 3, 8),
                },
                Holiday {
                    key: "paques",
                    name: "Lundi de P\u{e2}ques",
                    start: day(2026, 4, 6),
                    end: day(2026, 4, 6),
                },
                Holiday {
                    key: "printemps",
                    name: "Vacances de printemps",
                    start: day(2026, 4, 18),
                    end: day(2026, 5, 3),
                },
                Holiday {
                    key: "victoire",
                    name: "Victoire 1945",
                    start: day(2026, 5, 8),
                    end: day(2026, 5, 8),
                },
                Holiday {
                    key: "ascension",
                    name: "Pont de l'Ascension",
                    start: day(2026, 5, 14),
                    end: day(2026, 5, 15),
                },
                Holiday {
                    key: "pentecote",
                    name: "Lundi de Pentec\u{f4}te",
                    start: day(2026, 5, 25),
                    end: day(2026, 5, 25),
                },
            ],
        }
    }

    /// Whether lessons take place on `date`.
    pub(crate) fn is_school_day(&self, date: Date) -> bool {
        date >= self.first_date
            && date <= self.last_date
            && !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self
                .holidays
                .iter()
                .any(|h| date >= h.start && date <= h.end)
    }

    /// Every school day, in order.
    pub(crate) fn school_days(&self) -> Vec<Date> {
        let mut out = Vec::new();
        let mut d = self.first_date;
        while d <= self.last_date {
            if self.is_school_day(d) {
                out.push(d);
            }
            match d.next_day() {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }

    /// The week number of a date (1 for the first week).
    pub(crate) fn week(&self, date: Date) -> i32 {
        pronote_proto::value::week_number(date, self.first_monday)
    }

    /// The Monday of week `week`.
    pub(crate) fn week_monday(&self, week: i32) -> Date {
        pronote_proto::value::week_start(week, self.first_monday).unwrap_or(self.first_monday)
    }

    /// `date` moved into the school year.
    pub(crate) fn clamp(&self, date: Date) -> Date {
        date.clamp(self.first_date, self.last_date)
    }

    /// The next school day from `date` (itself when it is one).
    pub(crate) fn next_school_day(&self, date: Date) -> Date {
        let mut d = date;
        for _ in 0..60 {
            if self.is_school_day(d) {
                return d;
            }
            match d.next_day() {
                Some(n) => d = n,
                None => break,
            }
        }
        date
    }
}

/// The start time of a place within a day.
pub(crate) fn place_time(slot: u32) -> Time {
    let minutes = 8 * 60 + 30 * slot.min(PLACES_PER_DAY + 1);
    Time::from_hms(
        u8::try_from(minutes / 60).unwrap_or(23),
        u8::try_from(minutes % 60).unwrap_or(0),
        0,
    )
    .unwrap_or(Time::MIDNIGHT)
}

/// `08h00`-style label.
pub(crate) fn hour_label(t: Time) -> String {
    format!("{:02}h{:02}", t.hour(), t.minute())
}

/// The day's index in the week grid (Monday 0).
pub(crate) fn weekday_index(date: Date) -> u32 {
    u32::from(date.weekday().number_days_from_monday())
}

/// A grading period.
#[derive(Debug, Clone)]
pub(crate) struct Period {
    pub(crate) key: &'static str,
    pub(crate) name: &'static str,
    pub(crate) start: Date,
    pub(crate) end: Date,
    /// The report card is published.
    pub(crate) published: bool,
    /// A trimester (else a semester).
    pub(crate) trimester: bool,
    /// A grading period: grades and evaluations are attached to it (the
    /// trimesters of the collège, the semesters of the lycée).
    pub(crate) grading: bool,
}

impl Period {
    /// Whether `date` falls in the period.
    pub(crate) fn contains(&self, date: Date) -> bool {
        date >= self.start && date <= self.end
    }
}

/// Trimesters and semesters.
pub(crate) fn periods() -> Vec<Period> {
    vec![
        Period {
            key: "t1",
            name: "Trimestre 1",
            start: day(2025, 9, 1),
            end: day(2025, 11, 30),
            published: true,
            trimester: true,
            grading: true,
        },
        Period {
            key: "t2",
            name: "Trimestre 2",
            start: day(2025, 12, 1),
            end: day(2026, 2, 28),
            published: true,
            trimester: true,
            grading: true,
        },
        Period {
            key: "t3",
            name: "Trimestre 3",
            start: day(2026, 3, 1),
            end: day(2026, 7, 3),
            published: false,
            trimester: true,
            grading: true,
        },
        Period {
            key: "s1",
            name: "Semestre 1",
            start: day(2025, 9, 1),
            end: day(2026, 1, 31),
            published: true,
            trimester: false,
            grading: false,
        },
        Period {
            key: "s2",
            name: "Semestre 2",
            start: day(2026, 2, 1),
            end: day(2026, 7, 3),
            published: false,
            trimester: false,
            grading: false,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_basics() {
        let c = Calendar::school_year();
        assert_eq!(c.week(day(2025, 9, 1)), 1);
        assert_eq!(c.week(day(2025, 9, 8)), 2);
        assert!(c.is_school_day(day(2025, 9, 1)));
        assert!(!c.is_school_day(day(2025, 10, 20)));
        assert!(!c.is_school_day(day(2025, 9, 6)));
        assert_eq!(hour_label(place_time(0)), "08h00");
        assert_eq!(hour_label(place_time(11)), "13h30");
        assert_eq!(c.school_days().len(), 174, "school days of 2025-2026");
    }
}
