//! The student's record (`PagePresence`, tab 19): absences, delays,
//! punishments, observations and precautionary measures, told apart by
//! their `G`.

use super::ids::{AbsenceId, DelayId, ObservationId, PrecautionaryMeasureId, PunishmentId};
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use pronote_proto::value::Id;

use super::attachment::Attachment;
use super::timetable::Subject;

/// Everything of a period's record, by kind.
///
/// ```
/// # use pronote_api::models::notebook::Notebook;
/// fn summary(notebook: &Notebook) -> String {
///     let unjustified = notebook.absences.iter().filter(|a| !a.justified).count();
///     format!("{} absences ({unjustified} unjustified), {} delays",
///         notebook.absences.len(), notebook.delays.len())
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Notebook {
    /// `G` 13.
    pub absences: Vec<Absence>,
    /// `G` 14.
    pub delays: Vec<Delay>,
    /// `G` 41.
    pub punishments: Vec<Punishment>,
    /// `G` 46.
    pub observations: Vec<Observation>,
    /// `G` 72.
    pub precautionary_measures: Vec<PrecautionaryMeasure>,
}

/// An absence (`G` 13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Absence {
    /// The session-salted id (`N`).
    pub id: AbsenceId,
    /// Start (`dateDebut`).
    #[serde(with = "super::json::datetime")]
    pub start: PrimitiveDateTime,
    /// End (`dateFin`).
    #[serde(with = "super::json::datetime")]
    pub end: PrimitiveDateTime,
    /// Justified (`justifie`).
    pub justified: bool,
    /// Hours missed (`NbrHeures`, `"7h00"`), as sent.
    pub hours: Option<String>,
    /// The same length in minutes (`"7h00"` is 420), when `hours` reads as
    /// one.
    pub minutes: Option<u32>,
    /// Days missed (`NbrJours`).
    pub days: Option<i64>,
    /// Reasons (`listeMotifs`).
    pub reasons: Vec<String>,
    /// The reason is not known yet (`estMotifNonEncoreConnu`).
    pub reason_unknown: bool,
    /// Parents are asked to justify it (`aJustifierParParents`).
    pub to_justify_by_parents: bool,
    /// Settled (`reglee`).
    pub settled: bool,
    /// Still open (`ouverte`).
    pub open: bool,
}

/// A delay (`G` 14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Delay {
    /// The session-salted id (`N`).
    pub id: DelayId,
    /// When (`date`).
    #[serde(with = "super::json::datetime")]
    pub at: PrimitiveDateTime,
    /// Minutes late (`duree`).
    pub minutes: Option<i64>,
    /// Justified (`justifie`).
    pub justified: bool,
    /// The justification text (`justification`).
    pub justification: Option<String>,
    /// Reasons (`listeMotifs`).
    pub reasons: Vec<String>,
    /// The reason is not known yet (`estMotifNonEncoreConnu`).
    pub reason_unknown: bool,
    /// Parents are asked to justify it (`aJustifierParParents`).
    pub to_justify_by_parents: bool,
    /// Settled (`reglee`).
    pub settled: bool,
}

/// A punishment (`G` 41).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Punishment {
    /// The session-salted id (`N`).
    pub id: PunishmentId,
    /// The day it was given (`dateDemande`).
    pub given: Date,
    /// Given outside lessons (`horsCours`).
    pub outside_lessons: bool,
    /// The grid place it was given at (`placeDemande`), when in a lesson.
    pub given_at_place: Option<i64>,
    /// Its nature (`nature.L`: `Retenue`…).
    pub nature: String,
    /// Reasons (`listeMotifs`).
    pub reasons: Vec<String>,
    /// Who gave it (`demandeur.L`).
    pub giver: Option<String>,
    /// An exclusion (`estUneExclusion`).
    pub exclusion: bool,
    /// Circumstances (`circonstances`).
    pub circumstances: Option<String>,
    /// Documents of the circumstances (`documentsCirconstances`).
    pub circumstance_documents: Vec<Attachment>,
    /// Work to do (`travailAFaire`).
    pub work: Option<String>,
    /// Documents of the work (`documentsTAF`).
    pub work_documents: Vec<Attachment>,
    /// Length in minutes (`duree`).
    pub minutes: Option<i64>,
    /// Sessions scheduled to serve it (`programmation`).
    pub schedule: Vec<ScheduledSession>,
}

/// When a punishment is served (`programmation` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScheduledSession {
    /// The session-salted id (`N`), when sent.
    pub id: Option<Id>,
    /// The day (`date`).
    pub date: Date,
    /// The grid place (`placeExecution`).
    pub place: Option<i64>,
    /// Length in minutes (`duree`).
    pub minutes: Option<i64>,
}

/// What an observation is (`genreObservation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ObservationKind {
    /// 0: a log-book issue (forgotten material, work not done…).
    LogBookIssue,
    /// 1: an observation.
    Observation,
    /// 2: an encouragement.
    Encouragement,
    /// 3: other.
    Other,
    /// A code this crate does not know.
    Unknown(i64),
}

impl ObservationKind {
    /// From the wire code.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => ObservationKind::LogBookIssue,
            1 => ObservationKind::Observation,
            2 => ObservationKind::Encouragement,
            3 => ObservationKind::Other,
            other => ObservationKind::Unknown(other),
        }
    }

    /// The wire code.
    pub const fn code(self) -> i64 {
        match self {
            ObservationKind::LogBookIssue => 0,
            ObservationKind::Observation => 1,
            ObservationKind::Encouragement => 2,
            ObservationKind::Other => 3,
            ObservationKind::Unknown(code) => code,
        }
    }
}

/// An observation (`G` 46).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Observation {
    /// The session-salted id (`N`).
    pub id: ObservationId,
    /// The label (`L`).
    pub label: String,
    /// The day (`date`).
    pub date: Date,
    /// The kind (`genreObservation`).
    pub kind: ObservationKind,
    /// The section (`rubrique.L`).
    pub section: Option<String>,
    /// The subject (`matiere`), when one is named (`N` ≠ `"0"`).
    pub subject: Option<Subject>,
    /// The teacher's comment (`commentaire`).
    pub comment: Option<String>,
    /// Who wrote it (`demandeur.L`).
    pub giver: Option<String>,
    /// Read (`estLue`).
    pub read: bool,
    /// Parents must acknowledge it (`avecARObservation`).
    pub needs_acknowledgement: bool,
}

/// A precautionary measure (`G` 72).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrecautionaryMeasure {
    /// The session-salted id (`N`).
    pub id: PrecautionaryMeasureId,
    /// Its nature (`nature.L`).
    pub nature: Option<String>,
    /// Comment (`commentaire`).
    pub comment: Option<String>,
    /// Reasons (`listeMotifs`).
    pub reasons: Vec<String>,
    /// An exclusion (`estUneExclusion`).
    pub exclusion: bool,
    /// Circumstances (`circonstances`).
    pub circumstances: Option<String>,
    /// Documents of the circumstances (`documentsCirconstances`).
    pub circumstance_documents: Vec<Attachment>,
    /// Who decided it (`decideur.L`).
    pub decided_by: Option<String>,
    /// Who asked for it (`demandeur.L`).
    pub asked_by: Option<String>,
    /// The day it was asked (`dateDemande`).
    pub asked: Option<Date>,
    /// Start (`dateDebut`).
    #[serde(with = "super::json::datetime::option")]
    pub start: Option<PrimitiveDateTime>,
    /// End (`dateFin`).
    #[serde(with = "super::json::datetime::option")]
    pub end: Option<PrimitiveDateTime>,
    /// The places the student may not enter (`interditAcces`, a set of
    /// codes).
    pub forbidden_access: Vec<u16>,
}

/// Minutes in PRONOTE's text of a length: `"7h00"`, `"0h30"`, `"2h"`,
/// `"45"` (minutes alone); `None` for anything else.
///
/// ```
/// use pronote_api::models::notebook::minutes_of_hours;
/// assert_eq!(minutes_of_hours("7h00"), Some(420));
/// assert_eq!(minutes_of_hours("1h30"), Some(90));
/// assert_eq!(minutes_of_hours("2h"), Some(120));
/// assert_eq!(minutes_of_hours("45"), Some(45));
/// assert_eq!(minutes_of_hours("1h75"), None);
/// assert_eq!(minutes_of_hours("beaucoup"), None);
/// ```
pub fn minutes_of_hours(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits = |t: &str| !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit());
    match text.split_once(['h', 'H']) {
        Some((hours, minutes)) => {
            if !digits(hours) || !(minutes.is_empty() || digits(minutes)) {
                return None;
            }
            let minutes: u32 = if minutes.is_empty() {
                0
            } else {
                minutes.parse().ok()?
            };
            if minutes >= 60 {
                return None;
            }
            hours
                .parse::<u32>()
                .ok()?
                .checked_mul(60)?
                .checked_add(minutes)
        }
        None if digits(text) => text.parse().ok(),
        None => None,
    }
}
