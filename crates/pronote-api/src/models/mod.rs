//! Plain Rust models of PRONOTE data, usable without the HTTP client.
//!
//! Every model derives `Serialize` and `Deserialize` with a JSON form made
//! for programs (numbers as numbers, ISO 8601 dates, HTML as text and
//! markup): see [`json`] for the table.

pub mod account;
pub mod attachment;
pub mod authorisations;
pub mod discussion;
pub mod evaluations;
pub mod grades;
pub mod homepage;
pub mod homework;
pub mod ical;
pub mod ids;
pub mod instance;
mod instance_grid;
pub mod instance_info;
pub mod json;
pub mod lesson_content;
mod lesson_uid;
pub mod menu;
pub mod news;
pub mod notebook;
pub mod report;
pub mod school;
pub mod staff;
pub mod timetable;
pub mod timetable_pdf;
pub mod user;
pub mod vie_scolaire;

pub use instance::{Fortnight, Holiday, Instance, Period};
pub use user::{AccountKind, Student, User};

pub use attachment::{Attachment, AttachmentKind};
pub use authorisations::{Authorisations, DelegateClass};
pub use discussion::{Discussion, Discussions, Folder, FolderKind, Message, PersonKind, Thread};
pub use evaluations::{Acquisition, Evaluation};
pub use grades::{Grade, GradeValue, GradesOverview, SubjectAverage};
pub use homework::Homework;
pub use instance_info::InstanceInfo;
pub use lesson_content::{LessonContent, LessonContents};
pub use news::{Answer, News, NewsItem, NewsKind, Question, QuestionKind};
pub use timetable::{Lesson, Subject};
