//! The instance's settings (`FonctionParametres` → `General`): the school
//! year, its periods, holidays, lesson hours and fortnight labels.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, PrimitiveDateTime, Time, Weekday};

use pronote_proto::Version;
use pronote_proto::value::{Domain, HourTable, Id, calendar, date};

use crate::error::{Error, Result};

const FUNCTION: &str = "FonctionParametres";

/// A grading or report period (trimester, semester, year…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The session-salted id (changes at every login).
    pub id: Id,
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
pub struct Fortnight {
    /// The label.
    pub label: String,
    /// The week numbers.
    pub weeks: Vec<u16>,
}

/// The instance settings every call needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub server_time: Option<PrimitiveDateTime>,
}

impl Instance {
    /// Reads `FonctionParametres` data.
    pub fn from_reply(data: &Value) -> Result<Self> {
        let general = data
            .get("General")
            .ok_or_else(|| Error::reply(FUNCTION, "no General object"))?;
        let first_monday = date_field(general, "PremierLundi")?;
        let first_day = date_field(general, "PremiereDate").unwrap_or(first_monday);
        let last_day = date_field(general, "DerniereDate")?;
        let periods = list(general.get("ListePeriodes"))
            .iter()
            .map(|p| {
                Ok(Period {
                    id: id_of(p)?,
                    name: str_of(p, "L").to_owned(),
                    kind: p.get("G").and_then(Value::as_i64).unwrap_or(0),
                    start: date_field(p, "dateDebut")?,
                    end: date_field(p, "dateFin")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let holidays = list(general.get("listeJoursFeries"))
            .iter()
            .filter_map(|h| {
                Some(Holiday {
                    name: str_of(h, "L").to_owned(),
                    start: date_field(h, "dateDebut").ok()?,
                    end: date_field(h, "dateFin").ok()?,
                })
            })
            .collect();
        let hours = hour_table(general.get("ListeHeures"))?;
        let end_hours = hour_table(general.get("ListeHeuresFin"))?;
        let places_per_day = general
            .get("PlacesParJour")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(u32::try_from(hours.len()).unwrap_or(u32::MAX));
        let labels = list(general.get("LibellesFrequences"));
        let fortnights = list(general.get("DomainesFrequences"))
            .iter()
            .zip(labels.iter())
            .filter_map(|(domain, label)| {
                let text = domain.get("V").unwrap_or(domain).as_str()?;
                let weeks = Domain::parse(text).ok()?.iter().collect();
                let label = label
                    .as_str()
                    .unwrap_or_else(|| str_of(label, "L"))
                    .to_owned();
                (!label.is_empty()).then_some(Fortnight { label, weeks })
            })
            .collect();
        let version = general
            .get("versionPN")
            .and_then(Value::as_str)
            .and_then(|v| v.parse().ok());
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
            working_days: super::instance_grid::working_days(general).unwrap_or_default(),
            slot_minutes: super::instance_grid::place_minutes(general),
            server_time: super::instance_grid::server_time(data),
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

    /// The start time of a lesson slot.
    pub fn slot_start(&self, place: u32) -> Option<Time> {
        calendar::lesson_start(&self.hours, self.places_per_day, place).ok()
    }

    /// The end time of a lesson of `duration` slots starting at `place`.
    pub fn slot_end(&self, place: u32, duration: u32) -> Option<Time> {
        calendar::lesson_end(&self.end_hours, self.places_per_day, place, duration).ok()
    }
}

/// A list that may come bare, as `{V: [...]}` or as `{_T: 24, V: [...]}`.
pub(crate) fn list(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(items)) => items,
        Some(Value::Object(o)) => match o.get("V") {
            Some(Value::Array(items)) => items,
            _ => &[],
        },
        _ => &[],
    }
}

pub(crate) fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

pub(crate) fn id_of(v: &Value) -> Result<Id> {
    match v.get("N") {
        Some(Value::String(s)) => Ok(Id::new(s.clone())),
        Some(Value::Number(n)) => Ok(Id::from(n.as_i64().unwrap_or_default())),
        _ => Err(Error::reply(FUNCTION, "an object has no id (N)")),
    }
}

/// A `{_T: 7, V: "dd/mm/yyyy"}` date, or a bare date string.
pub(crate) fn date_field(v: &Value, key: &str) -> Result<Date> {
    let raw = v.get(key).map(|x| x.get("V").unwrap_or(x));
    let text = raw
        .and_then(Value::as_str)
        .ok_or_else(|| Error::reply(FUNCTION, format!("no date in {key}")))?;
    Ok(date::parse_date(text)?)
}

fn hour_table(v: Option<&Value>) -> Result<HourTable> {
    match v {
        None => Ok(HourTable::default()),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|e| Error::reply(FUNCTION, format!("hours: {e}"))),
    }
}
