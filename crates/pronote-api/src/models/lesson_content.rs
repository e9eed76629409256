//! Lesson contents (`PageCahierDeTexte`, tab 89: `ListeCahierDeTextes`):
//! what was done in each lesson, as the teacher wrote it in the notebook.

use super::ids::{ContentId, LessonContentsId, LessonId};
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use pronote_proto::value::Html;

use super::attachment::Attachment;
use super::timetable::{Lesson, Subject};

/// The kind of a content (`categorie.G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CategoryKind {
    /// 0: no category.
    None,
    /// 1: lesson.
    Lesson,
    /// 2: correction.
    Correction,
    /// 3: written test.
    WrittenTest,
    /// 4: oral test.
    OralTest,
    /// 5: tutorial (TD).
    Tutorial,
    /// 6: practical work (TP).
    Practical,
    /// 7: skills assessment.
    SkillsAssessment,
    /// 8: interdisciplinary project (EPI).
    Interdisciplinary,
    /// 9: personalised support (AP).
    PersonalisedSupport,
    /// 12: video conference.
    Visio,
    /// A category this crate does not know, kept as received.
    Unknown(i64),
}

impl CategoryKind {
    /// The kind for a wire `G`.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => CategoryKind::None,
            1 => CategoryKind::Lesson,
            2 => CategoryKind::Correction,
            3 => CategoryKind::WrittenTest,
            4 => CategoryKind::OralTest,
            5 => CategoryKind::Tutorial,
            6 => CategoryKind::Practical,
            7 => CategoryKind::SkillsAssessment,
            8 => CategoryKind::Interdisciplinary,
            9 => CategoryKind::PersonalisedSupport,
            12 => CategoryKind::Visio,
            other => CategoryKind::Unknown(other),
        }
    }

    /// The wire `G`.
    pub const fn code(self) -> i64 {
        match self {
            CategoryKind::None => 0,
            CategoryKind::Lesson => 1,
            CategoryKind::Correction => 2,
            CategoryKind::WrittenTest => 3,
            CategoryKind::OralTest => 4,
            CategoryKind::Tutorial => 5,
            CategoryKind::Practical => 6,
            CategoryKind::SkillsAssessment => 7,
            CategoryKind::Interdisciplinary => 8,
            CategoryKind::PersonalisedSupport => 9,
            CategoryKind::Visio => 12,
            CategoryKind::Unknown(code) => code,
        }
    }
}

/// A content's category (`categorie`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Category {
    /// The kind (`G`), when sent.
    pub kind: Option<CategoryKind>,
    /// The label (`L`, e.g. `Cours`).
    pub label: Option<String>,
}

/// One content of a lesson (`listeContenus` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LessonContent {
    /// The session-salted id (`N`), when sent.
    pub id: Option<ContentId>,
    /// The title (`L`).
    pub title: Option<String>,
    /// The description (`descriptif`, HTML).
    #[serde(with = "super::json::html::option")]
    pub description: Option<Html>,
    /// The description as plain text.
    pub description_text: Option<String>,
    /// The category (`categorie`).
    pub category: Option<Category>,
    /// Links and files (`ListePieceJointe`).
    pub attachments: Vec<Attachment>,
    /// Themes (`ListeThemes` labels).
    pub themes: Vec<String>,
}

/// A lesson's notebook entry (`ListeCahierDeTextes` item).
///
/// ```
/// # use pronote_api::models::lesson_content::LessonContents;
/// # use pronote_api::models::timetable::Lesson;
/// fn summary(entries: &[LessonContents], lesson: &Lesson) -> Option<String> {
///     let entry = LessonContents::find_for(entries, lesson)?;
///     let first = entry.contents.first()?;
///     first.title.clone().or_else(|| first.description_text.clone())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LessonContents {
    /// The session-salted id of the entry (`N`).
    pub id: LessonContentsId,
    /// The timetable lesson it belongs to (`cours.N`, matching
    /// [`Lesson::id`]).
    pub lesson_id: Option<LessonId>,
    /// The subject (`Matiere`), when sent.
    pub subject: Option<Subject>,
    /// The lesson's start (`Date`), when sent.
    #[serde(with = "super::json::datetime::option")]
    pub start: Option<PrimitiveDateTime>,
    /// The lesson's end (`DateFin`), when sent.
    #[serde(with = "super::json::datetime::option")]
    pub end: Option<PrimitiveDateTime>,
    /// Teachers (`listeProfesseurs` labels).
    pub teachers: Vec<String>,
    /// Groups (`listeGroupes` labels).
    pub groups: Vec<String>,
    /// The background colour (`CouleurFond`).
    pub color: Option<String>,
    /// When homework was set in this lesson, the day it is due (`dateTAF`).
    pub homework_due: Option<Date>,
    /// The contents, in order (`listeContenus`).
    pub contents: Vec<LessonContent>,
}

impl LessonContents {
    /// The entry of `lesson`, matched by lesson id or notebook id (ids of
    /// the same session).
    pub fn find_for<'a>(entries: &'a [LessonContents], lesson: &Lesson) -> Option<&'a Self> {
        entries.iter().find(|e| {
            e.lesson_id.as_ref() == Some(&lesson.id)
                || lesson.lesson_content_id.as_ref() == Some(&e.id)
        })
    }
}
