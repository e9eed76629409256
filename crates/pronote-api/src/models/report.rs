//! Report cards (`PageBulletins`, tab 13).

use super::ids::SubjectId;
use serde::{Deserialize, Serialize};

use pronote_proto::value::Grade;

use super::timetable::Subject;

/// A period's report card, or why there is none.
///
/// ```
/// # use pronote_api::models::report::ReportCard;
/// fn show(card: &ReportCard) {
///     match card {
///         ReportCard::Published(report) => {
///             for line in &report.subjects {
///                 println!("{}: {:?}", line.subject.name, line.appreciations);
///             }
///         }
///         ReportCard::Unavailable { message } => println!("{message}"),
///         _ => {}
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ReportCard {
    /// The report card.
    Published(Report),
    /// Not published (`Message`): the server's explanation.
    Unavailable {
        /// The server's text.
        message: String,
    },
}

impl ReportCard {
    /// The report, when published.
    pub fn report(&self) -> Option<&Report> {
        match self {
            ReportCard::Published(report) => Some(report),
            ReportCard::Unavailable { .. } => None,
        }
    }
}

/// A published report card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// One line per subject (`ListeServices`).
    pub subjects: Vec<ReportSubject>,
    /// General appreciations (`ObjetListeAppreciations`).
    pub appreciations: Vec<Appreciation>,
}

/// A general appreciation: its title (`Intitule`) and text (`L`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Appreciation {
    /// `Appréciation générale`, `Mention du conseil de classe`…
    pub title: Option<String>,
    /// The text.
    pub text: String,
}

/// A subject line of a report card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportSubject {
    /// The service id (`N`), session-salted.
    pub id: SubjectId,
    /// The subject (`N`, `L`, `couleur`).
    pub subject: Subject,
    /// The subject group (`SurMatiere.L`).
    pub group: Option<String>,
    /// The coefficient (`Coefficient`), as sent.
    pub coefficient: Option<String>,
    /// The student's average (`MoyenneEleve`).
    #[serde(with = "super::json::grade::option")]
    pub student_average: Option<Grade>,
    /// The class average (`MoyenneClasse`).
    #[serde(with = "super::json::grade::option")]
    pub class_average: Option<Grade>,
    /// The lowest average (`MoyenneInf`).
    #[serde(with = "super::json::grade::option")]
    pub min: Option<Grade>,
    /// The highest average (`MoyenneSup`).
    #[serde(with = "super::json::grade::option")]
    pub max: Option<Grade>,
    /// The teachers' appreciations (`ListeAppreciations`).
    pub appreciations: Vec<String>,
    /// The teachers (`ListeProfesseurs`).
    pub teachers: Vec<String>,
}
