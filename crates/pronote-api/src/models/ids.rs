//! One id type per entity, so that a homework's id cannot be passed where
//! a lesson's is expected.
//!
//! PRONOTE names every object by an `N`, salted per session (`"20#Xy…"`):
//! the ids of one login are not those of the next. Each type here wraps
//! that [`Id`], writes it as the same JSON string, and converts to and
//! from a bare [`Id`] explicitly (`From`, [`as_id`](LessonId::as_id)).
//!
//! ```
//! use pronote_api::models::ids::{HomeworkId, LessonId};
//! use pronote_proto::value::Id;
//!
//! let lesson = LessonId::new("20#aBc");
//! assert_eq!(lesson.to_string(), "20#aBc");
//! assert_eq!(serde_json::to_string(&lesson)?, "\"20#aBc\"");
//! let raw: Id = lesson.clone().into();
//! assert_eq!(LessonId::from(raw), lesson);
//! // Another entity's id is another type: this does not compile.
//! // let wrong: HomeworkId = lesson;
//! # let _ = HomeworkId::new("x");
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use pronote_proto::value::Id;

macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Id);

        impl $name {
            /// The id of this text (`"20#aBc"`), as PRONOTE wrote it.
            pub fn new(text: impl Into<String>) -> Self {
                $name(Id::new(text))
            }

            /// The bare PRONOTE id.
            pub fn as_id(&self) -> &Id {
                &self.0
            }

            /// The text of the id, when it is a string (it always is in
            /// replies; requests use numbers for new objects).
            pub fn as_str(&self) -> Option<&str> {
                self.0.as_str()
            }
        }

        impl From<Id> for $name {
            fn from(id: Id) -> Self {
                $name(id)
            }
        }

        impl From<$name> for Id {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl AsRef<Id> for $name {
            fn as_ref(&self) -> &Id {
                &self.0
            }
        }

        impl PartialEq<Id> for $name {
            fn eq(&self, other: &Id) -> bool {
                &self.0 == other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }
    )*};
}

id_types! {
    /// A lesson of the timetable (`G` 20 in replies).
    LessonId;
    /// A subject (`G` 16).
    SubjectId;
    /// A period: a term, a semester, the year (`G` 11).
    PeriodId;
    /// A homework assignment.
    HomeworkId;
    /// The lesson contents of one lesson, the "cahier de textes" entry
    /// that homework and lessons point to.
    LessonContentsId;
    /// One content of a lesson's contents.
    ContentId;
    /// A grade (a graded test).
    GradeId;
    /// A competence evaluation.
    EvaluationId;
    /// A competence acquisition level of an evaluation.
    AcquisitionId;
    /// A file or a link joined to an object.
    AttachmentId;
    /// A folder of the messaging.
    FolderId;
    /// A discussion of the messaging.
    DiscussionId;
    /// A message of a discussion.
    MessageId;
    /// A person as a resource: a teacher, a staff member, a parent, a
    /// student as a recipient or a participant.
    PersonId;
    /// A student: the logged-in student, a parent's child, a class's
    /// student.
    StudentId;
    /// A class.
    ClassId;
    /// A news item or survey.
    NewsId;
    /// A category of news.
    NewsCategoryId;
    /// A question of a news item or survey.
    QuestionId;
    /// A meal of the canteen menu.
    MealId;
    /// A food of a dish.
    FoodId;
    /// An absence.
    AbsenceId;
    /// A delay (late arrival).
    DelayId;
    /// A punishment.
    PunishmentId;
    /// An observation of the notebook.
    ObservationId;
    /// A precautionary measure.
    PrecautionaryMeasureId;
}
