//! Convenience methods on [`Client`] over several calls or with more
//! options: menus over a date range, a timetable PDF laid out by
//! options, one lesson's contents by id.

use pronote_transport::Transport;
use time::{Date, Duration};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::functions::{GetLessonContentsById, GetMenus, GetTimetablePdf};
use crate::models::ids::LessonContentsId;
use crate::models::lesson_content::LessonContents;
use crate::models::menu::DayMenu;
use crate::models::timetable_pdf::TimetablePdfOptions;

impl<T: Transport> Client<T> {
    /// The canteen menus from `from` to `to`, both days included: one
    /// `PageMenus` call per week, merged in date order, the days outside
    /// the range dropped. `from` after `to` is an [`Error::Usage`].
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// use time::macros::date;
    /// for day in client.menus_between(date!(2025-09-03), date!(2025-09-16)).await? {
    ///     println!("{}: {} meals", day.date, day.meals.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn menus_between(&self, from: Date, to: Date) -> Result<Vec<DayMenu>> {
        if from > to {
            return Err(Error::Usage("the range ends before it starts"));
        }
        let mut days: Vec<DayMenu> = Vec::new();
        // The Monday of each week the range touches.
        let mut monday = from - Duration::days(i64::from(from.weekday().number_days_from_monday()));
        while monday <= to {
            for day in self.fetch(&GetMenus::week_of(monday)).await? {
                if from <= day.date && day.date <= to && !days.iter().any(|d| d.date == day.date) {
                    days.push(day);
                }
            }
            monday += Duration::weeks(1);
        }
        days.sort_by_key(|d| d.date);
        Ok(days)
    }

    /// The URL of the timetable PDF laid out by `options` (orientation,
    /// fonts, colours, weeks…), valid while the session lives.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// use pronote_api::models::timetable_pdf::TimetablePdfOptions;
    /// let instance = client.instance().await;
    /// let week = u16::try_from(instance.week_of(client.server_date().await)).unwrap_or(1);
    /// let url = client
    ///     .timetable_pdf_url_with(TimetablePdfOptions::default().portrait(true).weeks(week, week))
    ///     .await?;
    /// let pdf = client.download(&url).await?;
    /// # Ok(()) }
    /// ```
    pub async fn timetable_pdf_url_with(&self, options: TimetablePdfOptions) -> Result<String> {
        let path = self.fetch(&GetTimetablePdf::with_options(options)).await?;
        Ok(self.absolute(&path).await)
    }

    /// The lesson contents whose id is `id` (a [`LessonContents::id`] or a
    /// homework's
    /// [`lesson_content_id`](crate::models::Homework::lesson_content_id),
    /// of this session), as Pawnote's `resource`.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client, hw: pronote_api::models::Homework) -> pronote_api::Result<()> {
    /// if let Some(id) = hw.lesson_content_id.clone() {
    ///     let contents = client.lesson_contents_by_id(id).await?;
    ///     for content in &contents.contents {
    ///         println!("{}", content.title.as_deref().unwrap_or(""));
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn lesson_contents_by_id(&self, id: LessonContentsId) -> Result<LessonContents> {
        self.fetch(&GetLessonContentsById::new(id)).await
    }
}
