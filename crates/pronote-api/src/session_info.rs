//! What the login told about the instance's calendar and the user:
//! the server's date, the current period, the user's rights, the classes
//! they represent and their previous connection.

use pronote_transport::Transport;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use crate::client::Client;
use crate::models::authorisations::{Authorisations, DelegateClass};
use crate::models::ids::PeriodId;
use crate::models::instance::Period;

impl<T: Transport> Client<T> {
    /// The server's date: the date of the instance's clock at login
    /// (`DateServeurHttp`), so that a program against an instance living
    /// on another date (the demo) sees the instance's day. Only when the
    /// server sent no date is it today's date in UTC on this machine.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) {
    /// let today = client.server_date().await;
    /// let lessons = client.timetable(today, today).await;
    /// # }
    /// ```
    pub async fn server_date(&self) -> Date {
        self.instance()
            .await
            .server_date()
            .unwrap_or_else(|| OffsetDateTime::now_utc().date())
    }

    /// The current period for the tab `tab` (see
    /// [`tab`](crate::models::authorisations::tab), usually
    /// [`tab::GRADES`](crate::models::authorisations::tab::GRADES)): the
    /// default period the user data names for that tab (for the student
    /// the calls act for), else the shortest period containing
    /// [`server_date`](Self::server_date). `None` when neither exists
    /// (the summer, on an instance naming no default).
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// use pronote_api::models::authorisations::tab;
    /// if let Some(period) = client.current_period(tab::GRADES).await {
    ///     let grades = client.grades(&period.name).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn current_period(&self, tab: u32) -> Option<Period> {
        let instance = self.instance().await;
        let user = self.user().await;
        let child = self.selected_student().await;
        let default = user
            .student(child.as_deref())
            .and_then(|s| s.default_periods.iter().find(|(t, _)| *t == tab))
            .map(|(_, id)| PeriodId::from(id.clone()));
        if let Some(period) = default.and_then(|id| instance.period_by_id(&id)) {
            return Some(period.clone());
        }
        let today = self.server_date().await;
        instance.current_period(today, None).cloned()
    }

    /// The tabs the user may open and their rights (`listeOnglets`,
    /// `autorisations`), as read at login.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// use pronote_api::models::authorisations::tab;
    /// if client.authorisations().await.can(tab::MENUS) {
    ///     let menus = client.menus(client.server_date().await).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn authorisations(&self) -> Authorisations {
        self.user().await.authorisations
    }

    /// The classes the student the calls act for is a delegate of
    /// (`listeClassesDelegue`); empty for other students.
    pub async fn delegate_classes(&self) -> Vec<DelegateClass> {
        let user = self.user().await;
        let child = self.selected_student().await;
        user.student(child.as_deref())
            .map(|s| s.delegate_classes.clone())
            .unwrap_or_default()
    }

    /// The account's previous connection (`derniereConnexion`), if the
    /// server tells it (not at the first login).
    pub async fn last_connection(&self) -> Option<PrimitiveDateTime> {
        self.user().await.last_connection
    }
}
