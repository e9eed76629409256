//! The instance's settings (`FonctionParametres` → `General`): the school
//! year, its periods, holidays, lesson hours and fortnight labels.

use super::ids::PeriodId;
use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, PrimitiveDateTime, Time, Weekday};

use pronote_proto::Version;
use pronote_proto::value::{Domain, HourTable, Id, calendar, date, lenient};

use super::instance_grid as grid;
use crate::error::{Error, Result};
use crate::functions::wire::{parse, parse_raw};
use pronote_proto::RawReply;

const FUNCTION: &str = "FonctionParametres";

/// A grading or report period (trimester, semester, year…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Period {
    /// The session-salted id (changes at every login).
    pub id: PeriodId,
    /// The name, stable across sessions (`Trimestre 1`).
    pub name: String,
    /// The period kind (`G`).
    pub kind: i64,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

impl Period {
    /// Whether `day` falls inside the period.
    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

/// A holiday span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Holiday {
    /// Its name (`Vacances de la Toussaint`).
    pub name: String,
    /// First day off.
    pub start: Date,
    /// Last day off.
    pub end: Date,
}

/// A fortnight label and the weeks it covers (`Semaine A`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fortnight {
    /// The label.
    pub label: String,
    /// The week numbers.
    pub weeks: Vec<u16>,
}

/// The instance settings every call needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Instance {
    /// The server version (`versionPN`).
    pub version: Option<Version>,
    /// The Monday of week 1.
    pub first_monday: Date,
    /// The first day of the school year.
    pub first_day: Date,
    /// The last day of the school year.
    pub last_day: Date,
    /// Every period.
    pub periods: Vec<Period>,
    /// Holidays.
    pub holidays: Vec<Holiday>,
    /// Lesson slot start times.
    #[serde(skip)]
    pub hours: HourTable,
    /// Lesson slot end times.
    #[serde(skip)]
    pub end_hours: HourTable,
    /// Slots per day.
    pub places_per_day: u32,
    /// Fortnight labels.
    pub fortnights: Vec<Fortnight>,
    /// The working days, Monday first (`JoursOuvres`); empty when the
    /// reply does not say.
    #[serde(default)]
    pub working_days: Vec<Weekday>,
    /// The length of one slot of the grid in minutes (`DureeSequence`,
    /// read in its real and older shapes).
    #[serde(default)]
    pub slot_minutes: Option<u32>,
    /// The server's date and time at login (`DateServeurHttp`).
    #[serde(default)]
    #[serde(with = "super::json::datetime::option")]
    pub server_time: Option<PrimitiveDateTime>,
}

impl Instance {
    /// Reads `FonctionParametres` data.
    pub fn from_reply(data: &Value) -> Result<Self> {
        Self::from_wire(parse(FUNCTION, data)?)
    }

    /// Reads the `FonctionParametres` reply of a login
    /// ([`LoginOutcome::instance`](pronote_proto::LoginOutcome::instance))
    /// from its text.
    pub fn from_raw(reply: &RawReply) -> Result<Self> {
        Self::from_wire(parse_raw(FUNCTION, reply)?)
    }

    fn from_wire(mut wire: WireParams<'_>) -> Result<Self> {
        let general = wire
            .general
            .take()
            .ok_or_else(|| Error::reply(FUNCTION, "no General object"))?;
        let first_monday = day(general.first_monday.as_deref(), "PremierLundi")?;
        let first_day = day(general.first_day.as_deref(), "PremiereDate").unwrap_or(first_monday);
        let last_day = day(general.last_day.as_deref(), "DerniereDate")?;
        // The lists below are collected in place of the wire lists, whose
        // capacity grew while reading the text: trimmed, since a session
        // keeps them for its whole life.
        let mut periods: Vec<Period> = general
            .periods
            .into_iter()
            .map(|p| {
                Ok(Period {
                    id: p
                        .id
                        .ok_or_else(|| Error::reply(FUNCTION, "an object has no id (N)"))?
                        .into(),
                    name: p.name.map(Cow::into_owned).unwrap_or_default(),
                    kind: p.kind.unwrap_or(0),
                    start: day(p.start.as_deref(), "dateDebut")?,
                    end: day(p.end.as_deref(), "dateFin")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        periods.shrink_to_fit();
        let mut holidays: Vec<Holiday> = general
            .holidays
            .into_iter()
            .filter_map(|h| {
                Some(Holiday {
                    start: day(h.start.as_deref(), "dateDebut").ok()?,
                    end: day(h.end.as_deref(), "dateFin").ok()?,
                    name: h.name.map(Cow::into_owned).unwrap_or_default(),
                })
            })
            .collect();
        holidays.shrink_to_fit();
        let hours = general.hours.unwrap_or_default();
        let end_hours = general.end_hours.unwrap_or_default();
        let places_per_day = general
            .places_per_day
            .unwrap_or(u32::try_from(hours.len()).unwrap_or(u32::MAX));
        let mut fortnights: Vec<Fortnight> = general
            .fortnight_domains
            .into_iter()
            .zip(general.fortnight_labels)
            .filter_map(|(domain, label)| {
                let WireFortnightDomain::Domain(domain) = domain else {
                    return None;
                };
                let label = match label {
                    WireFortnightLabel::Text(text) => text,
                    WireFortnightLabel::Labelled { label } => label?,
                };
                (!label.is_empty()).then(|| Fortnight {
                    label: label.into_owned(),
                    weeks: domain.iter().collect(),
                })
            })
            .collect();
        fortnights.shrink_to_fit();
        let version = general.version.and_then(|v| v.parse().ok());
        // The grid's fields whose shape changed between generations are
        // read by `grid` (`instance_grid.rs`), which takes both shapes.
        Ok(Instance {
            version,
            first_monday,
            first_day,
            last_day,
            periods,
            holidays,
            hours,
            end_hours,
            places_per_day,
            fortnights,
            working_days: grid::working_days(general.working_days.as_ref()).unwrap_or_default(),
            slot_minutes: grid::place_minutes(
                general.place_length.as_ref(),
                general.places_per_hour.as_ref(),
            ),
            server_time: grid::server_time(wire.server_time.as_ref(), general.server_time.as_ref()),
        })
    }

    /// The school week number of a day (1 for the week of the first
    /// Monday; 0 or less before it).
    pub fn week_of(&self, day: Date) -> i32 {
        calendar::week_number(day, self.first_monday)
    }

    /// The Monday of a school week.
    pub fn monday_of(&self, week: i32) -> Result<Date> {
        Ok(calendar::week_start(week, self.first_monday)?)
    }

    /// The fortnight label of a week (`Semaine A`), if the school uses them.
    pub fn fortnight_of(&self, week: i32) -> Option<&str> {
        let week = u16::try_from(week).ok()?;
        self.fortnights
            .iter()
            .find(|f| f.weeks.contains(&week))
            .map(|f| f.label.as_str())
    }

    /// The holiday covering `day`, if any.
    pub fn holiday_on(&self, day: Date) -> Option<&Holiday> {
        self.holidays
            .iter()
            .find(|h| h.start <= day && day <= h.end)
    }

    /// The period named `name`.
    pub fn period(&self, name: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.name == name)
    }

    /// The server's date at login (the date of
    /// [`server_time`](Self::server_time)), if the server sent one.
    pub fn server_date(&self) -> Option<Date> {
        self.server_time.map(PrimitiveDateTime::date)
    }

    /// The period containing `day`: among the periods whose kind (`G`) is
    /// `kind` (any kind when `None`), the shortest one containing the
    /// day, so that a trimester wins over the year that also contains it.
    /// `None` when no period contains the day (the summer).
    ///
    /// ```
    /// # use pronote_api::models::Instance;
    /// # fn show(instance: &Instance) {
    /// let today = instance.server_date().unwrap_or(instance.first_day);
    /// if let Some(period) = instance.current_period(today, None) {
    ///     println!("{} ({} → {})", period.name, period.start, period.end);
    /// }
    /// # }
    /// ```
    pub fn current_period(&self, day: Date, kind: Option<i64>) -> Option<&Period> {
        self.periods
            .iter()
            .filter(|p| kind.is_none_or(|k| p.kind == k) && p.contains(day))
            .min_by_key(|p| p.end - p.start)
    }

    /// The period whose id is `id`.
    pub fn period_by_id(&self, id: &PeriodId) -> Option<&Period> {
        self.periods.iter().find(|p| &p.id == id)
    }

    /// The start time of a lesson slot.
    pub fn slot_start(&self, place: u32) -> Option<Time> {
        calendar::lesson_start(&self.hours, self.places_per_day, place).ok()
    }

    /// The end time of a lesson of `duration` slots starting at `place`.
    pub fn slot_end(&self, place: u32, duration: u32) -> Option<Time> {
        calendar::lesson_end(&self.end_hours, self.places_per_day, place, duration).ok()
    }
}

/// A date from its wire text.
fn day(text: Option<&str>, key: &str) -> Result<Date> {
    let text = text.ok_or_else(|| Error::reply(FUNCTION, format!("no date in {key}")))?;
    Ok(date::parse_date(text)?)
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireParams<'a> {
    #[serde(rename = "General", borrow, default)]
    general: Option<WireGeneral<'a>>,
    /// Read by [`grid::server_time`].
    #[serde(rename = "DateServeurHttp", default)]
    server_time: Option<Value>,
}

/// `General`: the settings of the school year.
#[derive(Debug, Deserialize)]
struct WireGeneral<'a> {
    #[serde(
        rename = "PremierLundi",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    first_monday: Option<Cow<'a, str>>,
    #[serde(
        rename = "PremiereDate",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    first_day: Option<Cow<'a, str>>,
    #[serde(
        rename = "DerniereDate",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    last_day: Option<Cow<'a, str>>,
    #[serde(
        rename = "ListePeriodes",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    periods: Vec<WireSpan<'a>>,
    #[serde(
        rename = "listeJoursFeries",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    holidays: Vec<WireSpan<'a>>,
    #[serde(rename = "ListeHeures", default)]
    hours: Option<HourTable>,
    #[serde(rename = "ListeHeuresFin", default)]
    end_hours: Option<HourTable>,
    #[serde(
        rename = "PlacesParJour",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    places_per_day: Option<u32>,
    #[serde(
        rename = "LibellesFrequences",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    fortnight_labels: Vec<WireFortnightLabel<'a>>,
    #[serde(
        rename = "DomainesFrequences",
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    fortnight_domains: Vec<WireFortnightDomain>,
    #[serde(
        rename = "versionPN",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    version: Option<Cow<'a, str>>,
    // The grid's fields whose shape changed between generations, as sent
    // (read by `grid`).
    #[serde(rename = "JoursOuvres", default)]
    working_days: Option<Value>,
    #[serde(rename = "DureeSequence", default)]
    place_length: Option<Value>,
    #[serde(rename = "PlacesParHeure", default)]
    places_per_hour: Option<Value>,
    #[serde(rename = "dateServeurHttp", default)]
    server_time: Option<Value>,
}

/// A period or a holiday: `{N, L, G, dateDebut, dateFin}`.
#[derive(Debug, Deserialize)]
struct WireSpan<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
    #[serde(
        rename = "dateDebut",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    start: Option<Cow<'a, str>>,
    #[serde(
        rename = "dateFin",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    end: Option<Cow<'a, str>>,
}

/// A fortnight label: bare text or `{L}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WireFortnightLabel<'a> {
    Text(#[serde(borrow)] Cow<'a, str>),
    Labelled {
        #[serde(
            rename = "L",
            borrow,
            default,
            deserialize_with = "lenient::opt_text::deserialize"
        )]
        label: Option<Cow<'a, str>>,
    },
}

/// A fortnight's weeks; a domain that does not parse is skipped.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WireFortnightDomain {
    Domain(Domain),
    Other(IgnoredAny),
}
