//! Homework (`PageCahierDeTexte`, tab 88: `ListeTravauxAFaire`).

use super::ids::{HomeworkId, LessonContentsId};
use serde::{Deserialize, Serialize};
use time::Date;

use pronote_proto::value::Html;

use super::attachment::Attachment;
use super::timetable::Subject;

/// How hard the teacher rates the homework (`niveauDifficulte`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Difficulty {
    /// 0: not rated.
    None,
    /// 1: easy.
    Easy,
    /// 2: medium.
    Medium,
    /// 3: hard.
    Hard,
    /// A level this crate does not know, kept as received.
    Unknown(i64),
}

impl Difficulty {
    /// The level for a wire number.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => Difficulty::None,
            1 => Difficulty::Easy,
            2 => Difficulty::Medium,
            3 => Difficulty::Hard,
            other => Difficulty::Unknown(other),
        }
    }

    /// The wire number.
    pub const fn code(self) -> i64 {
        match self {
            Difficulty::None => 0,
            Difficulty::Easy => 1,
            Difficulty::Medium => 2,
            Difficulty::Hard => 3,
            Difficulty::Unknown(code) => code,
        }
    }
}

/// How the homework is handed in (`genreRendu`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ReturnKind {
    /// 0: nothing to hand in.
    None,
    /// 1: on paper.
    Paper,
    /// 2: a file uploaded to PRONOTE.
    FileUpload,
    /// 3: through the Kiosque (digital textbooks).
    Kiosk,
    /// 4: an audio recording.
    AudioRecording,
    /// A kind this crate does not know, kept as received.
    Unknown(i64),
}

impl ReturnKind {
    /// The kind for a wire number.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => ReturnKind::None,
            1 => ReturnKind::Paper,
            2 => ReturnKind::FileUpload,
            3 => ReturnKind::Kiosk,
            4 => ReturnKind::AudioRecording,
            other => ReturnKind::Unknown(other),
        }
    }

    /// The wire number.
    pub const fn code(self) -> i64 {
        match self {
            ReturnKind::None => 0,
            ReturnKind::Paper => 1,
            ReturnKind::FileUpload => 2,
            ReturnKind::Kiosk => 3,
            ReturnKind::AudioRecording => 4,
            ReturnKind::Unknown(code) => code,
        }
    }
}

/// One homework.
///
/// ```
/// # use pronote_api::models::homework::Homework;
/// fn line(hw: &Homework) -> String {
///     let mark = if hw.done { "x" } else { " " };
///     format!("[{mark}] {} for {}: {}", hw.subject.name, hw.due, hw.description_text)
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Homework {
    /// The session-salted id (`N`).
    pub id: HomeworkId,
    /// The subject (`Matiere`).
    pub subject: Subject,
    /// The description as the teacher wrote it (`descriptif`, HTML).
    #[serde(with = "super::json::html")]
    pub description: Html,
    /// The description as plain text.
    pub description_text: String,
    /// The day it was given (`DonneLe`), when sent.
    pub given: Option<Date>,
    /// The day it is due (`PourLe`).
    pub due: Date,
    /// The student marked it done (`TAFFait`).
    pub done: bool,
    /// The background colour (`CouleurFond`).
    pub color: Option<String>,
    /// Links and files (`ListePieceJointe`).
    pub attachments: Vec<Attachment>,
    /// The difficulty (`niveauDifficulte`), when rated.
    pub difficulty: Option<Difficulty>,
    /// The expected work time in minutes (`duree`), when given.
    pub duration_minutes: Option<u32>,
    /// How it is handed in (`genreRendu`), when sent.
    pub return_kind: Option<ReturnKind>,
    /// A file can be handed in through PRONOTE (`peuRendre`).
    pub can_upload: bool,
    /// The file the student handed in (`documentRendu`).
    pub submitted: Option<Attachment>,
    /// Themes (`ListeThemes` labels).
    pub themes: Vec<String>,
    /// The lesson notebook entry it belongs to (`cahierDeTextes.N`).
    pub lesson_content_id: Option<LessonContentsId>,
}
