//! The teaching staff (`PageEquipePedagogique`, tab 37).

use super::ids::PersonId;
use serde::{Deserialize, Serialize};

/// A member of the student's teaching staff: a teacher (`G` 3) with the
/// subjects taught, or another staff member (`G` 34) with a function.
///
/// ```
/// # use pronote_api::models::staff::{StaffMember, StaffKind};
/// fn line(member: &StaffMember) -> String {
///     match member.kind {
///         StaffKind::Teacher => format!("{}: {:?}", member.name, member.subjects.iter().map(|s| &s.name).collect::<Vec<_>>()),
///         _ => format!("{} ({})", member.name, member.function.as_deref().unwrap_or("")),
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StaffMember {
    /// The session-salted id (`N`).
    pub id: PersonId,
    /// The name (`L`).
    pub name: String,
    /// Teacher or staff (`G`).
    pub kind: StaffKind,
    /// The class's main teacher (`estPrincipal`).
    pub main_teacher: bool,
    /// The function of a staff member (`fonction.L`).
    pub function: Option<String>,
    /// The subjects taught (`matieres`).
    pub subjects: Vec<TaughtSubject>,
}

/// A subject a teacher teaches and its weekly hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaughtSubject {
    /// The subject name (`L`).
    pub name: String,
    /// The weekly hours (`volumeHoraire`, `"3h30"`), as sent.
    pub weekly_hours: Option<String>,
}

/// What a staff member is (`G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StaffKind {
    /// 3.
    Teacher,
    /// 34.
    Staff,
    /// A code this crate does not know.
    Unknown(i64),
}

impl StaffKind {
    /// From the wire code.
    pub const fn from_code(code: i64) -> Self {
        match code {
            3 => StaffKind::Teacher,
            34 => StaffKind::Staff,
            other => StaffKind::Unknown(other),
        }
    }
}
