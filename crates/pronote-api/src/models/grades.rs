//! Grades and averages of a period (`DernieresNotes`, tab 198).
//!
//! Every mark is a [`GradeValue`] (`pronote_proto::value::Grade`), so the
//! special marks (absent, exempted, not graded…) stay distinct from
//! numbers.

use super::ids::GradeId;
use serde::{Deserialize, Serialize};
use time::Date;

use pronote_proto::value::Decimal;

use super::timetable::Subject;

/// A mark as PRONOTE writes it: points, or a special mark (`|1` absent,
/// `|2` exempted, …). Re-exported from `pronote_proto::value::Grade`.
pub use pronote_proto::value::Grade as GradeValue;

/// One grade (`listeDevoirs` item).
///
/// ```
/// # use pronote_api::models::grades::{Grade, GradeValue};
/// fn show(grade: &Grade) -> String {
///     match grade.value {
///         GradeValue::Absent => format!("{}: absent", grade.subject.name),
///         value => format!("{}: {value}/{}", grade.subject.name, grade.out_of),
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Grade {
    /// The session-salted id (`N`).
    pub id: GradeId,
    /// The student's mark (`note`).
    #[serde(with = "super::json::grade")]
    pub value: GradeValue,
    /// What it is out of (`bareme`).
    #[serde(with = "super::json::grade")]
    pub out_of: GradeValue,
    /// What marks are usually out of (`baremeParDefaut`).
    #[serde(with = "super::json::grade::option")]
    pub default_out_of: Option<GradeValue>,
    /// The day of the test (`date`).
    pub date: Date,
    /// The subject (`service`).
    pub subject: Subject,
    /// The name of the period it counts in (`periode`), stable across
    /// sessions.
    pub period: Option<String>,
    /// The class average (`moyenne`).
    #[serde(with = "super::json::grade::option")]
    pub class_average: Option<GradeValue>,
    /// The highest mark in the class (`noteMax`).
    #[serde(with = "super::json::grade::option")]
    pub max: Option<GradeValue>,
    /// The lowest mark in the class (`noteMin`).
    #[serde(with = "super::json::grade::option")]
    pub min: Option<GradeValue>,
    /// The coefficient (`coefficient`).
    #[serde(with = "super::json::decimal::option")]
    pub coefficient: Option<Decimal>,
    /// The test's description (`commentaire`).
    pub comment: Option<String>,
    /// The teacher's comment on this mark (`commentaireSurNote`).
    pub grade_comment: Option<String>,
    /// A bonus mark: only the points above the middle count (`estBonus`).
    pub bonus: bool,
    /// Optional: it counts only if it raises the average (`estFacultatif`,
    /// and not a bonus).
    pub optional: bool,
    /// Brought back to 20 in averages (`estRamenerSur20`).
    pub out_of_20: bool,
    /// The file name of the test's subject (`libelleSujet`), when there is
    /// one.
    pub subject_file_name: Option<String>,
    /// The file name of the test's correction (`libelleCorrige`), when
    /// there is one.
    pub correction_file_name: Option<String>,
}

/// A subject's averages (`listeServices` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubjectAverage {
    /// The subject (the item itself: `N`, `L`, `estServiceGroupe`,
    /// `couleur`).
    pub subject: Subject,
    /// The student's average (`moyEleve`).
    #[serde(with = "super::json::grade::option")]
    pub student: Option<GradeValue>,
    /// What the student's average is out of (`baremeMoyEleve`).
    #[serde(with = "super::json::grade::option")]
    pub out_of: Option<GradeValue>,
    /// The usual scale (`baremeMoyEleveParDefaut`).
    #[serde(with = "super::json::grade::option")]
    pub default_out_of: Option<GradeValue>,
    /// The class average (`moyClasse`).
    #[serde(with = "super::json::grade::option")]
    pub class_average: Option<GradeValue>,
    /// The lowest average in the class (`moyMin`).
    #[serde(with = "super::json::grade::option")]
    pub min: Option<GradeValue>,
    /// The highest average in the class (`moyMax`).
    #[serde(with = "super::json::grade::option")]
    pub max: Option<GradeValue>,
    /// The subject's colour (`couleur`).
    pub color: Option<String>,
}

/// A period's grades and averages.
///
/// ```no_run
/// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
/// let overview = client.grades("Trimestre 1").await?;
/// for average in &overview.averages {
///     println!("{}: {:?}", average.subject.name, average.student);
/// }
/// println!("overall {:?}", overview.overall_average);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GradesOverview {
    /// The period's name.
    pub period: String,
    /// The grades (`listeDevoirs`).
    pub grades: Vec<Grade>,
    /// The averages by subject (`listeServices`).
    pub averages: Vec<SubjectAverage>,
    /// The student's overall average (`moyGenerale`), when shown.
    #[serde(with = "super::json::grade::option")]
    pub overall_average: Option<GradeValue>,
    /// The class's overall average (`moyGeneraleClasse`), when shown.
    #[serde(with = "super::json::grade::option")]
    pub class_overall_average: Option<GradeValue>,
}
