//! Competence evaluations of a period (`DernieresEvaluations`, tab 201).

use super::ids::{AcquisitionId, EvaluationId};
use serde::{Deserialize, Serialize};
use time::Date;

use pronote_proto::value::{Decimal, Id};

use super::timetable::Subject;

/// A named element of the skills framework (a domain, an item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SkillRef {
    /// The session-salted id (`N`), when sent.
    pub id: Option<Id>,
    /// The name (`L`).
    pub name: String,
}

/// A pillar of the common core (`pilier`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pillar {
    /// The session-salted id (`N`), when sent.
    pub id: Option<Id>,
    /// The name (`L`).
    pub name: String,
    /// Its prefixes (`strPrefixes`, comma-separated on the wire: `D1`).
    pub prefixes: Vec<String>,
}

/// The level reached on one skill (`listeNiveauxDAcquisitions` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Acquisition {
    /// The session-salted id (`N`).
    pub id: AcquisitionId,
    /// The level reached (`L`, e.g. "Maîtrise satisfaisante").
    pub level: String,
    /// The level's abbreviation (`abbreviation`, e.g. `S`, `A+`).
    pub abbreviation: Option<String>,
    /// The coefficient (`coefficient`).
    #[serde(with = "super::json::decimal::option")]
    pub coefficient: Option<Decimal>,
    /// The display order (`ordre`).
    pub order: Option<i64>,
    /// The domain (`domaine`).
    pub domain: Option<SkillRef>,
    /// The assessed item (`item`).
    pub item: Option<SkillRef>,
    /// The pillar (`pilier`).
    pub pillar: Option<Pillar>,
}

/// One competence evaluation (`listeEvaluations` item).
///
/// ```no_run
/// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
/// for evaluation in client.evaluations("Trimestre 1").await? {
///     for skill in &evaluation.acquisitions {
///         println!("{} – {}: {}", evaluation.subject.name, evaluation.name, skill.level);
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evaluation {
    /// The session-salted id (`N`).
    pub id: EvaluationId,
    /// The name (`L`).
    pub name: String,
    /// The day (`date`).
    pub date: Date,
    /// The subject (`matiere`).
    pub subject: Subject,
    /// The teacher (`individu.L`).
    pub teacher: Option<String>,
    /// The coefficient (`coefficient`).
    #[serde(with = "super::json::decimal::option")]
    pub coefficient: Option<Decimal>,
    /// The description (`descriptif`), when not empty.
    pub description: Option<String>,
    /// The levels of the curriculum concerned (`listePaliers` labels).
    pub levels: Vec<String>,
    /// The domain (`domaine.L`), when sent.
    pub domain: Option<String>,
    /// The skills assessed, by display order (`listeNiveauxDAcquisitions`).
    pub acquisitions: Vec<Acquisition>,
}
