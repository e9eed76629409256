//! Convenience methods on [`Client`] for the student's records: the
//! notebook (absences, delays, punishments…), report cards and their PDF,
//! the timetable PDF and iCalendar export, canteen menus, the account's
//! information, the teaching staff and login QR codes.

use pronote_proto::auth::QrCode;
use pronote_transport::Transport;
use time::{Date, OffsetDateTime};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::functions::file_url::{FileKind, file_url, grade_file_url};
use crate::functions::liste_ressources::classes_of;
use crate::functions::{
    GetAccount, GetHomepage, GetMenus, GetNotebook, GetReportCard, GetReportCardPdf,
    GetStudentFile, GetTeachingStaff, GetTimetablePdf, IssueQrCode, ListClassStudents,
};
use crate::functions::{
    IsKnownSource, RegisterSource, RemoveReturnedWork, SetDoubleAuthMode, VerifyPin,
};
use crate::models::account::{Account, DoubleAuthMode};
use crate::models::grades::Grade;
use crate::models::homepage::Homepage;
use crate::models::homework::Homework;
use crate::models::ical::{Calendar, uid_domain};
use crate::models::menu::DayMenu;
use crate::models::notebook::Notebook;
use crate::models::report::ReportCard;
use crate::models::school::{School, geolocation_request, parse_schools, sort_by_distance};
use crate::models::staff::StaffMember;
use crate::models::vie_scolaire::{Class, ClassStudent, StudentFile};

impl<T: Transport> Client<T> {
    /// The record of the period named `period_name` (`Trimestre 1`):
    /// absences, delays, punishments with their scheduled sessions,
    /// observations and precautionary measures.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// let notebook = client.notebook("Trimestre 1").await?;
    /// for absence in &notebook.absences {
    ///     println!("{} → {} {:?}", absence.start, absence.end, absence.reasons);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn notebook(&self, period_name: &str) -> Result<Notebook> {
        self.fetch(&GetNotebook::new(period_name)).await
    }

    /// The report card of the period named `period_name`;
    /// [`ReportCard::Unavailable`] with the server's message when it is not
    /// published.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// if let Some(report) = client.report_card("Trimestre 1").await?.report() {
    ///     for line in &report.subjects {
    ///         println!("{}: {:?}", line.subject.name, line.student_average);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn report_card(&self, period_name: &str) -> Result<ReportCard> {
        self.fetch(&GetReportCard::new(period_name)).await
    }

    /// The URL of the report card PDF of the period named `period_name`
    /// (valid while the session lives).
    pub async fn report_card_pdf_url(&self, period_name: &str) -> Result<String> {
        let path = self.fetch(&GetReportCardPdf::new(period_name)).await?;
        Ok(self.absolute(&path).await)
    }

    /// The URL of the year's timetable PDF (valid while the session lives).
    pub async fn timetable_pdf_url(&self) -> Result<String> {
        let path = self.fetch(&GetTimetablePdf).await?;
        Ok(self.absolute(&path).await)
    }

    /// The canteen menus of the week containing `day`.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// for day in client.menus(time::macros::date!(2025-09-08)).await? {
    ///     for meal in &day.meals {
    ///         for dish in &meal.dishes {
    ///             let names: Vec<_> = dish.foods.iter().map(|f| f.name.as_str()).collect();
    ///             println!("{} {:?}: {}", day.date, dish.kind, names.join(", "));
    ///         }
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn menus(&self, day: Date) -> Result<Vec<DayMenu>> {
        self.fetch(&GetMenus::week_of(day)).await
    }

    /// The account's personal information: address, email, phone, INE,
    /// double-authentication mode and iCal feed parameters.
    pub async fn account(&self) -> Result<Account> {
        self.fetch(&GetAccount).await
    }

    /// The URL of the timetable's iCal feed served by PRONOTE (the first
    /// feed of the account), if the instance publishes one.
    pub async fn ical_url(&self) -> Result<Option<String>> {
        let account = self.account().await?;
        let Some(feed) = account.ical_feeds.first() else {
            return Ok(None);
        };
        let root = self.export().await.state.root;
        let version = self
            .instance()
            .await
            .version
            .map(|v| v.to_string())
            .unwrap_or_default();
        Ok(Some(feed.url(&root, &version)))
    }

    /// The lessons from `from` to `to` (see [`Client::timetable`]) as an
    /// iCalendar (RFC 5545) text made locally, one event per lesson (see
    /// [`crate::models::ical`]). Each event's `UID` is the lesson's stable
    /// [`Lesson::uid`](crate::models::timetable::Lesson::uid) at the
    /// instance's host: the same in every session, so a calendar that
    /// imports the file again updates its events instead of doubling them.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// use time::macros::date;
    /// let ics = client.timetable_ical(date!(2025-09-01), date!(2025-09-30)).await?;
    /// std::fs::write("timetable.ics", ics).ok();
    /// # Ok(()) }
    /// ```
    pub async fn timetable_ical(&self, from: Date, to: Date) -> Result<String> {
        let lessons = self.timetable(from, to).await?;
        let root = self.export().await.state.root;
        Ok(Calendar::from_lessons(&lessons, uid_domain(&root)).to_ics(OffsetDateTime::now_utc()))
    }

    /// The student's teachers (with their subjects and weekly hours) and
    /// the school's staff.
    pub async fn teaching_staff(&self) -> Result<Vec<StaffMember>> {
        self.fetch(&GetTeachingStaff).await
    }

    /// Issues a login QR code for this account, protected by `pin` (four
    /// digits): the mobile app (or `LoginBuilder::qr_code`) logs in with
    /// it and the same PIN, within ten minutes.
    pub async fn issue_qr_code(&self, pin: &str) -> Result<QrCode> {
        self.fetch(&IssueQrCode::new(pin)?).await
    }

    /// The home page of `day`: useful links, partner SSO entries and
    /// canteen wallet balances.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// let home = client.homepage(time::macros::date!(2025-09-08)).await?;
    /// for link in &home.links {
    ///     println!("{}: {}", link.name, link.url);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn homepage(&self, day: Date) -> Result<Homepage> {
        self.fetch(&GetHomepage::on(day)).await
    }

    /// The signed-in URL of a partner service from the home page
    /// (`SaisieURLPartenaire`): open it to reach the partner logged in.
    pub async fn partner_url(&self, partner: &crate::models::homepage::Partner) -> Result<String> {
        self.fetch(&crate::functions::GetPartnerUrl::new(partner))
            .await
    }

    /// The classes the account sees (`ParametresUtilisateur`'s
    /// `listeClasses`), with this session's ids: every class in the
    /// vie-scolaire and teacher spaces, the student's own classes in the
    /// student and parent spaces.
    pub async fn classes(&self) -> Vec<Class> {
        classes_of(&self.export().await.user)
    }

    /// Vie-scolaire and teacher spaces: the students of `class` (read
    /// from [`Client::classes`] in the current session).
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// for class in client.classes().await {
    ///     for student in client.class_students(&class).await? {
    ///         let file = client.student_file(&student).await?;
    ///         println!("{} {}: {} guardians", class.name, student.name, file.guardians.len());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn class_students(&self, class: &Class) -> Result<Vec<ClassStudent>> {
        self.fetch(&ListClassStudents::new(class)).await
    }

    /// Vie-scolaire and teacher spaces: a student's identity and
    /// guardians.
    pub async fn student_file(&self, student: &ClassStudent) -> Result<StudentFile> {
        self.fetch(&GetStudentFile::new(student)).await
    }

    /// The download URL of a grade's subject ([`FileKind::GradeSubject`])
    /// or correction ([`FileKind::GradeCorrection`]) file, for the current
    /// session; `None` when the grade has no such file. The grade must have
    /// been read in the current session (ids are salted per session).
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// use pronote_api::functions::file_url::FileKind;
    /// for grade in client.grades("Trimestre 1").await?.grades {
    ///     if let Some(url) = client.grade_file_url(&grade, FileKind::GradeCorrection).await {
    ///         println!("{}: {url}", grade.subject.name);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn grade_file_url(&self, grade: &Grade, kind: FileKind) -> Option<String> {
        let state = self.export().await.state;
        grade_file_url(&state.root, state.session_id, &state.cipher, grade, kind)
    }

    /// Whether `device_name` is a source (device) the account already
    /// registered for double authentication (`SecurisationCompteDoubleAuth`
    /// action 2). Names have 1 to 30 characters.
    pub async fn is_known_source(&self, device_name: &str) -> Result<bool> {
        self.fetch(&IsKnownSource::new(device_name)?).await
    }

    /// Registers this device as a known source named `device_name`, with
    /// the account's PIN when its mode asks for one (action 3). Answers
    /// whether the server accepted it.
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client) -> pronote_api::Result<()> {
    /// if !client.is_known_source("Laptop").await? {
    ///     client.register_source("Laptop", Some("1234")).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn register_source(&self, device_name: &str, pin: Option<&str>) -> Result<bool> {
        let mut request = RegisterSource::new(device_name)?;
        if let Some(pin) = pin {
            request = request.encrypted_pin(self.encrypt_for_session(pin).await);
        }
        self.fetch(&request).await
    }

    /// Sets the double-authentication mode (action 4). Answers whether the
    /// server accepted it.
    pub async fn set_double_auth_mode(&self, mode: DoubleAuthMode) -> Result<bool> {
        self.fetch(&SetDoubleAuthMode::new(mode)).await
    }

    /// Whether `pin` is the account's double-authentication PIN (action 0).
    /// A wrong PIN counts as a failed login attempt on the server.
    pub async fn verify_pin(&self, pin: &str) -> Result<bool> {
        let encrypted = self.encrypt_for_session(pin).await;
        self.fetch(&VerifyPin::new(encrypted)).await
    }

    /// `text` encrypted with the current session's key and IV, as hex.
    async fn encrypt_for_session(&self, text: &str) -> String {
        self.export()
            .await
            .state
            .cipher
            .encrypt_hex(text.as_bytes())
    }

    /// Withdraws the file handed in for `homework` (`SaisieTAFARendreEleve`
    /// `E` 3), which must be handed in as a file
    /// ([`ReturnKind::FileUpload`](crate::models::homework::ReturnKind)) and
    /// read in the current session. Handing a file in (the multipart
    /// `uploadfilesession` POST) is not offered yet.
    pub async fn remove_returned_work(&self, homework: &Homework) -> Result<()> {
        self.fetch(&RemoveReturnedWork::new(homework)?).await
    }

    /// The download URL of the profile picture of the student calls act
    /// for (`photo.jpg` under the resource's id, for the current session),
    /// when PRONOTE has one (`avecPhoto`).
    pub async fn profile_picture_url(&self) -> Option<String> {
        let user = self.user().await;
        let student = match self.selected_student().await {
            Some(name) => user
                .children
                .iter()
                .chain(std::iter::once(&user.resource))
                .find(|s| s.name == name)
                .cloned()
                .unwrap_or(user.resource),
            None => user.resource,
        };
        if !student.has_photo {
            return None;
        }
        let state = self.export().await.state;
        Some(file_url(
            &state.root,
            state.session_id,
            &state.cipher,
            student.id.as_id(),
            "photo.jpg",
            FileKind::Attachment,
        ))
    }

    /// A path relative to the instance root, made absolute.
    pub(crate) async fn absolute(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_owned();
        }
        let root = self.export().await.state.root;
        format!(
            "{}/{}",
            root.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }
}

/// Schools with a PRONOTE instance around `latitude`, `longitude`, nearest
/// first (haversine distance in [`School::distance_km`]), from Index
/// Éducation's geolocation endpoint at `url`
/// ([`GEOLOCATION_URL`](crate::models::school::GEOLOCATION_URL), or a test
/// server). No session is needed.
///
/// ```no_run
/// # async fn run() -> pronote_api::Result<()> {
/// use pronote_api::models::school::GEOLOCATION_URL;
/// let transport = pronote_transport::HyperTransport::builder().build()?;
/// for school in pronote_api::search_schools(&transport, GEOLOCATION_URL, 47.2378, 6.0241).await? {
///     println!("{} ({:.1} km): {}", school.name, school.distance_km.unwrap_or(0.0), school.url);
/// }
/// # Ok(()) }
/// ```
pub async fn search_schools<T: Transport>(
    transport: &T,
    url: &str,
    latitude: f64,
    longitude: f64,
) -> Result<Vec<School>> {
    let response = transport
        .send(&geolocation_request(url, latitude, longitude))
        .await?;
    if response.status != 200 {
        return Err(Error::reply(
            "geoLoc",
            format!("HTTP status {}", response.status),
        ));
    }
    let mut schools = parse_schools(&response.body)?;
    sort_by_distance(&mut schools, latitude, longitude);
    Ok(schools)
}
