//! Convenience methods on [`Client`] for the typed functions of
//! [`functions`](crate::functions): timetable, homework, lesson contents,
//! grades and evaluations.

use pronote_transport::Transport;
use time::Date;

use crate::client::Client;
use crate::error::Result;
use crate::functions::{
    GetEvaluations, GetGrades, GetHomework, GetLessonContents, GetTimetable, SetHomeworkDone,
};
use crate::models::attachment::{Attachment, AttachmentKind};
use crate::models::evaluations::Evaluation;
use crate::models::grades::GradesOverview;
use crate::models::homework::Homework;
use crate::models::lesson_content::LessonContents;
use crate::models::timetable::Lesson;

impl<T: Transport> Client<T> {
    /// The lessons of a school week (1 = the week of the first Monday; see
    /// [`Instance::week_of`](crate::models::Instance::week_of)), sorted by
    /// start. Cancelled lessons replaced by another lesson at the same time
    /// are hidden, as PRONOTE shows them.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// let week = client.instance().await.week_of(time::macros::date!(2025-09-08));
    /// for lesson in client.timetable_week(week).await? {
    ///     let subject = lesson.subject.as_ref().map_or("", |s| s.name.as_str());
    ///     println!("{} {subject} {:?}", lesson.start, lesson.rooms);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn timetable_week(&self, week: i32) -> Result<Vec<Lesson>> {
        self.fetch(&GetTimetable::week(week)).await
    }

    /// The lessons from `from` to `to` (both days included), in one call,
    /// sorted by start; superposed cancelled lessons hidden as in
    /// [`Client::timetable_week`].
    pub async fn timetable(&self, from: Date, to: Date) -> Result<Vec<Lesson>> {
        self.fetch(&GetTimetable::between(from, to)).await
    }

    /// The homework due from `from` to `to` (both days included).
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// use time::macros::date;
    /// for hw in client.homework(date!(2025-09-01), date!(2025-09-30)).await? {
    ///     if !hw.done {
    ///         println!("{} for {}: {}", hw.subject.name, hw.due, hw.description_text);
    ///         client.set_homework_done(&hw, true).await?;
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn homework(&self, from: Date, to: Date) -> Result<Vec<Homework>> {
        self.fetch(&GetHomework::between(from, to)).await
    }

    /// Marks a homework done or not done (a write, `SaisieTAFFaitEleve`).
    ///
    /// Homework ids are salted per session. When the server refuses the
    /// call because the session expired or the homework was read in an
    /// earlier session (so nothing was changed), the homework is looked up
    /// again in the new session (same subject, due day, given day and
    /// description) and the call is sent once more; if it cannot be found
    /// unambiguously, the first error is returned.
    pub async fn set_homework_done(&self, homework: &Homework, done: bool) -> Result<()> {
        match self.fetch(&SetHomeworkDone::new(homework, done)).await {
            Err(e) if e.needs_new_session() => {
                let fresh = self.homework(homework.due, homework.due).await?;
                let mut same = fresh.iter().filter(|h| same_homework(h, homework));
                match (same.next(), same.next()) {
                    (Some(found), None) => self.fetch(&SetHomeworkDone::new(found, done)).await,
                    _ => Err(e),
                }
            }
            other => other,
        }
    }

    /// The lesson contents (notebook entries) of the lessons from `from` to
    /// `to` (both days included). Match them with timetable lessons with
    /// [`LessonContents::find_for`].
    pub async fn lesson_contents(&self, from: Date, to: Date) -> Result<Vec<LessonContents>> {
        self.fetch(&GetLessonContents::between(from, to)).await
    }

    /// The grades and averages of the period named `period_name`
    /// (`Trimestre 1`; see [`Instance::periods`](crate::models::Instance::periods)).
    /// An unknown name is [`Error::NotFound`](crate::Error::NotFound).
    pub async fn grades(&self, period_name: &str) -> Result<GradesOverview> {
        self.fetch(&GetGrades::new(period_name)).await
    }

    /// The competence evaluations of the period named `period_name`.
    /// An unknown name is [`Error::NotFound`](crate::Error::NotFound).
    pub async fn evaluations(&self, period_name: &str) -> Result<Vec<Evaluation>> {
        self.fetch(&GetEvaluations::new(period_name)).await
    }

    /// Where an attachment can be opened: a link's target, or a file's
    /// download URL for the current session (encrypted with its key; it
    /// stops working when the session ends). The attachment must have been
    /// read in the current session: ids are salted per session.
    pub async fn attachment_url(&self, attachment: &Attachment) -> Option<String> {
        if attachment.kind == AttachmentKind::Link {
            return attachment.link.clone();
        }
        let state = self.export().await.state;
        attachment.file_url(&state.root, state.session_id, &state.cipher)
    }
}

/// Whether two homework items read in different sessions are the same.
fn same_homework(a: &Homework, b: &Homework) -> bool {
    a.subject.name == b.subject.name
        && a.due == b.due
        && a.given == b.given
        && a.description == b.description
}
