//! One module per PRONOTE function: the [`Function`](crate::function::Function)
//! types that build each request from the session context and read each
//! reply into the [`models`](crate::models).
//!
//! | type | wire function | tab | kind |
//! |---|---|---|---|
//! | [`GetTimetable`] | `PageEmploiDuTemps` | 16 | read |
//! | [`GetHomework`] | `PageCahierDeTexte` | 88 | read |
//! | [`GetLessonContents`] | `PageCahierDeTexte` | 89 | read |
//! | [`GetLessonContentsById`] | `donneesContenusCDT` | 89 | read |
//! | [`SetHomeworkDone`] | `SaisieTAFFaitEleve` | 88 | write |
//! | [`GetGrades`] | `DernieresNotes` | 198 | read |
//! | [`GetEvaluations`] | `DernieresEvaluations` | 201 | read |
//! | [`GetDiscussions`] | `ListeMessagerie` | 131 | read |
//! | [`GetMessages`] | `ListeMessages` | 131 | read |
//! | [`ReplyToDiscussion`], [`StartDiscussion`], [`SaveDraft`], [`ApplyDiscussionCommand`] | `SaisieMessage` | 131 | write |
//! | [`GetParticipants`] | `SaisiePublicMessage` | 131 | read |
//! | [`GetRecipients`] | `ListeRessourcesPourCommunication` | 131 | read |
//! | [`GetNews`], [`GetNewsDetails`] | `PageActualites` | 8 | read |
//! | [`UpdateNews`] | `SaisieActualites` | 8 | write |
//! | [`GetNotebook`] | `PagePresence` | 19 | read |
//! | [`GetReportCard`] | `PageBulletins` | 13 | read |
//! | [`GetReportCardPdf`], [`GetTimetablePdf`], [`GetTimetablePdfWith`] | `GenerationPDF` | 13, 16 | read |
//! | [`GetMenus`] | `PageMenus` | 10 | read |
//! | [`GetAccount`] | `PageInfosPerso` | 49 | read |
//! | [`GetTeachingStaff`] | `PageEquipePedagogique` | 37 | read |
//! | [`GetHomepage`] | `PageAccueil` | 7 | read |
//! | [`GetPartnerUrl`] | `SaisieURLPartenaire` | 7 | write |
//! | [`IssueQrCode`] | `JetonAppliMobile` | 7 | write |
//! | [`ListClassStudents`] | `ListeRessources` | 105 | read |
//! | [`GetStudentFile`] | `FicheEleve` | 105 | read |
//! | [`RemoveReturnedWork`] | `SaisieTAFARendreEleve` | 88 | write |
//! | [`IsKnownSource`], [`RegisterSource`], [`SetDoubleAuthMode`], [`VerifyPin`] | `SecurisationCompteDoubleAuth` | – | read, write |
//!
//! Requests never hold a session-salted id of an earlier session: periods
//! are named and resolved in the current session's
//! [`Instance`], the student comes from the
//! [`Context`](crate::function::Context).
//!
//! Each reply is read into `#[derive(Deserialize)]` wire structs named
//! after the French wire fields (unknown fields ignored, text borrowed
//! from the reply), straight from the payload text when the call goes
//! through [`Client::fetch`](crate::Client::fetch)
//! ([`Function::decode_raw`](crate::function::Function::decode_raw)); the
//! models are built from them.
//!
//! Each request is a `#[derive(Serialize)]` wire struct of its file, with
//! the French wire names, borrowing from the function and the context;
//! optional keys are left out rather than sent `null`, except where the
//! public clients send `null`. PRONOTE's typed values are written by the
//! `pronote_proto::value` types (dates, domains) or the shared shapes of
//! the crate's request helpers (references `{N, G?, L?, E?}`, `{_T, V}`
//! values); the unit tests of each file pin the JSON every request sends.
//!
//! Replies are read leniently where the public clients are: flags missing
//! read as `false`, lists missing as empty, other optional fields as
//! `None`. A missing or malformed id, date, subject or name the model
//! cannot do without is an [`Error::Reply`](crate::Error::Reply), never a
//! panic.
//!
//! ```
//! use pronote_api::function::{Context, Function};
//! use pronote_api::functions::GetHomework;
//! use pronote_api::models::{Instance, User};
//! use serde_json::json;
//! use time::macros::date;
//!
//! let instance = Instance::from_reply(&json!({"General": {
//!     "PremierLundi": {"_T": 7, "V": "01/09/2025"},
//!     "DerniereDate": {"_T": 7, "V": "03/07/2026"},
//! }}))?;
//! let user = User::from_reply(&json!({"ressource": {"N": "1#a", "G": 4, "L": "ELEVE Test"}}), 3)?;
//! let ctx = Context { instance: &instance, user: &user, student: user.student(None) };
//! let request = GetHomework::between(date!(2025-09-01), date!(2025-09-30));
//! assert_eq!(request.data(&ctx)?, Some(json!({"domaine": {"_T": 8, "V": "[1..5]"}})));
//! # Ok::<(), pronote_api::Error>(())
//! ```

use pronote_proto::value::typed::kind;
use time::Date;

use crate::models::instance::Instance;
use wire::Typed;

pub mod dernieres_evaluations;
pub mod dernieres_notes;
pub mod donnees_contenus_cdt;
pub mod fiche_eleve;
pub mod file_url;
pub mod generation_pdf;
pub mod generation_pdf_timetable;
pub mod jeton_appli_mobile;
pub mod liste_messagerie;
pub mod liste_messages;
pub mod liste_ressources;
pub mod liste_ressources_pour_communication;
pub mod page_accueil;
pub mod page_actualites;
pub mod page_bulletins;
pub mod page_cahier_de_texte;
pub mod page_emploi_du_temps;
pub mod page_equipe_pedagogique;
pub mod page_infos_perso;
pub mod page_menus;
pub mod page_presence;
pub mod saisie_actualites;
pub mod saisie_message;
pub mod saisie_public_message;
pub mod saisie_taf_a_rendre_eleve;
pub mod saisie_taf_fait_eleve;
pub mod saisie_url_partenaire;
pub mod securisation_compte_double_auth;
pub(crate) mod wire;

pub use dernieres_evaluations::GetEvaluations;
pub use dernieres_notes::GetGrades;
pub use donnees_contenus_cdt::GetLessonContentsById;
pub use fiche_eleve::GetStudentFile;
pub use generation_pdf::{GetReportCardPdf, GetTimetablePdf};
pub use generation_pdf_timetable::GetTimetablePdfWith;
pub use jeton_appli_mobile::IssueQrCode;
pub use liste_messagerie::GetDiscussions;
pub use liste_messages::GetMessages;
pub use liste_ressources::ListClassStudents;
pub use liste_ressources_pour_communication::GetRecipients;
pub use page_accueil::GetHomepage;
pub use page_actualites::{GetNews, GetNewsDetails};
pub use page_bulletins::GetReportCard;
pub use page_cahier_de_texte::{GetHomework, GetLessonContents};
pub use page_emploi_du_temps::{GetTimetable, TimetableRange};
pub use page_equipe_pedagogique::GetTeachingStaff;
pub use page_infos_perso::GetAccount;
pub use page_menus::GetMenus;
pub use page_presence::GetNotebook;
pub use saisie_actualites::UpdateNews;
pub use saisie_message::{
    ApplyDiscussionCommand, DiscussionCommand, ReplyToDiscussion, SaveDraft, StartDiscussion,
};
pub use saisie_public_message::GetParticipants;
pub use saisie_taf_a_rendre_eleve::RemoveReturnedWork;
pub use saisie_taf_fait_eleve::SetHomeworkDone;
pub use saisie_url_partenaire::GetPartnerUrl;
pub use securisation_compte_double_auth::{
    IsKnownSource, RegisterSource, SetDoubleAuthMode, VerifyPin,
};

/// The `domaine` of week numbers `[w1..w2]` covering `from..=to`, as
/// pronotepy writes it (a range, even for one week), clamped to the weeks
/// a domain can hold.
pub(crate) fn week_domain(instance: &Instance, from: Date, to: Date) -> Typed<String> {
    let clamp = |week: i32| week.clamp(1, i32::from(pronote_proto::value::Domain::MAX));
    let first = clamp(instance.week_of(from));
    let last = clamp(instance.week_of(to)).max(first);
    Typed::new(kind::DOMAIN, format!("[{first}..{last}]"))
}

/// The session every request test builds its data in: two named
/// periods, a student whose resource object carries more than `{N, G, L}`.
#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
pub(crate) mod fixture {
    use serde_json::json;

    use crate::function::{Context, Function};
    use crate::models::{Instance, User};

    /// An instance and a student user.
    pub(crate) struct Session {
        pub(crate) instance: Instance,
        pub(crate) user: User,
    }

    impl Session {
        /// The fixture's session.
        pub(crate) fn new() -> Self {
            let instance = Instance::from_reply(&json!({"General": {
                "PremierLundi": {"_T": 7, "V": "01/09/2025"},
                "DerniereDate": {"_T": 7, "V": "03/07/2026"},
                "ListePeriodes": [
                    {"N": "1#p", "L": "Trimestre 1", "G": 2,
                     "dateDebut": {"_T": 7, "V": "01/09/2025"},
                     "dateFin": {"_T": 7, "V": "30/11/2025"}},
                    {"N": "2#p", "L": "Trimestre 2", "G": 2,
                     "dateDebut": {"_T": 7, "V": "01/12/2025"},
                     "dateFin": {"_T": 7, "V": "28/02/2026"}},
                ],
            }}))
            .unwrap();
            let user = User::from_reply(
                &json!({"ressource": {
                    "N": "1#a", "G": 4, "L": "ELEVE Test",
                    "classeDEleve": {"N": "3#c", "L": "3A"},
                }}),
                3,
            )
            .unwrap();
            Session { instance, user }
        }

        /// The data `function` builds in this session.
        pub(crate) fn data<F: Function>(&self, function: &F) -> serde_json::Value {
            function.data(&self.ctx()).unwrap().unwrap()
        }

        /// Its context, acting for the student.
        pub(crate) fn ctx(&self) -> Context<'_> {
            Context {
                instance: &self.instance,
                user: &self.user,
                student: self.user.student(None),
            }
        }
    }
}
