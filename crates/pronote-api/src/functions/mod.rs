//! One module per PRONOTE function: the [`Function`](crate::function::Function)
//! types that build each request from the session context and read each
//! reply into the [`models`](crate::models).
//!
//! | type | wire function | tab | kind |
//! |---|---|---|---|
//! | [`GetTimetable`] | `PageEmploiDuTemps` | 16 | read |
//! | [`GetHomework`] | `PageCahierDeTexte` | 88 | read |
//! | [`GetLessonContents`] | `PageCahierDeTexte` | 89 | read |
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
//! | [`GetReportCardPdf`], [`GetTimetablePdf`] | `GenerationPDF` | 13, 16 | read |
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
//! Replies are read leniently where the public clients are: flags missing
//! read as `false`, lists missing as empty, other optional fields as
//! `None`. A missing or malformed id, date, subject or name the model
//! cannot do without is an [`Error::Reply`], never a
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

use serde_json::Value;
use time::{Date, PrimitiveDateTime};

use pronote_proto::value::{Html, Id, date};

use crate::error::{Error, Result};
use crate::models::attachment::{Attachment, AttachmentKind};
use crate::models::instance::{Instance, list, str_of};
use crate::models::timetable::Subject;

pub mod dernieres_evaluations;
pub mod dernieres_notes;
pub mod fiche_eleve;
pub mod file_url;
pub mod generation_pdf;
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
pub use fiche_eleve::GetStudentFile;
pub use generation_pdf::{GetReportCardPdf, GetTimetablePdf};
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

/// A field, unwrapped from a typed value or element wrapper
/// (`{"_T": k, "V": x}` or `{"V": x}` gives `x`); `null` reads as absent.
pub(crate) fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    unwrap(v.get(key)?)
}

/// Unwraps `{"_T": k, "V": x}` / `{"V": x}`; `null` gives `None`.
fn unwrap(v: &Value) -> Option<&Value> {
    let inner = match v {
        Value::Object(o) if o.contains_key("V") && o.keys().all(|k| k == "V" || k == "_T") => {
            &o["V"]
        }
        other => other,
    };
    (!inner.is_null()).then_some(inner)
}

/// A non-empty string field.
pub(crate) fn opt_string(v: &Value, key: &str) -> Option<String> {
    field(v, key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A boolean flag; absent or not a boolean reads as `false`.
pub(crate) fn flag(v: &Value, key: &str) -> bool {
    field(v, key).and_then(Value::as_bool).unwrap_or(false)
}

/// An integer field (a JSON number, or a string holding one).
pub(crate) fn opt_i64(v: &Value, key: &str) -> Option<i64> {
    match field(v, key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The labels (`L`) of a list's items, empty ones skipped.
pub(crate) fn labels(v: &Value, key: &str) -> Vec<String> {
    list(v.get(key))
        .iter()
        .map(|item| str_of(item, "L"))
        .filter(|label| !label.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads reply fields for one function, naming it in every error.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader(pub(crate) &'static str);

impl Reader {
    /// An [`Error::Reply`] for this function.
    pub(crate) fn error(self, reason: impl Into<String>) -> Error {
        Error::reply(self.0, reason)
    }

    /// A required field, unwrapped.
    pub(crate) fn req<'a>(self, v: &'a Value, key: &str) -> Result<&'a Value> {
        field(v, key).ok_or_else(|| self.error(format!("no {key}")))
    }

    /// A required list (bare or wrapped).
    pub(crate) fn req_list<'a>(self, v: &'a Value, key: &str) -> Result<&'a [Value]> {
        match self.req(v, key)? {
            Value::Array(items) => Ok(items),
            _ => Err(self.error(format!("{key} is not a list"))),
        }
    }

    /// The id (`N`) of an object.
    pub(crate) fn id(self, v: &Value, what: &str) -> Result<Id> {
        opt_id(v).ok_or_else(|| self.error(format!("{what} has no id (N)")))
    }

    /// A required non-empty string.
    pub(crate) fn string(self, v: &Value, key: &str, what: &str) -> Result<String> {
        opt_string(v, key).ok_or_else(|| self.error(format!("{what} has no {key}")))
    }

    /// A required date-time.
    pub(crate) fn date_time(self, v: &Value, key: &str) -> Result<PrimitiveDateTime> {
        self.opt_date_time(v, key)?
            .ok_or_else(|| self.error(format!("no {key}")))
    }

    /// An optional date-time; present but malformed is an error.
    pub(crate) fn opt_date_time(self, v: &Value, key: &str) -> Result<Option<PrimitiveDateTime>> {
        field(v, key)
            .map(|raw| {
                raw.as_str()
                    .and_then(|text| date::parse_date_time(text).ok())
                    .ok_or_else(|| self.error(format!("{key} is not a date")))
            })
            .transpose()
    }

    /// A required date.
    pub(crate) fn date(self, v: &Value, key: &str) -> Result<Date> {
        Ok(self.date_time(v, key)?.date())
    }

    /// An optional date; present but malformed is an error.
    pub(crate) fn opt_date(self, v: &Value, key: &str) -> Result<Option<Date>> {
        Ok(self.opt_date_time(v, key)?.map(PrimitiveDateTime::date))
    }

    /// An HTML field: the markup and its plain text.
    pub(crate) fn opt_html(self, v: &Value, key: &str) -> Result<Option<(Html, String)>> {
        field(v, key)
            .map(|raw| {
                let html = Html::from(
                    raw.as_str()
                        .ok_or_else(|| self.error(format!("{key} is not text")))?,
                );
                let text = html.to_plain_text();
                Ok((html, text))
            })
            .transpose()
    }

    /// A subject reference `{N, L, estServiceGroupe?, couleur?}`.
    pub(crate) fn subject(self, v: &Value) -> Result<Subject> {
        Ok(Subject {
            id: self.id(v, "a subject")?,
            name: self.string(v, "L", "a subject")?,
            group_subject: flag(v, "estServiceGroupe"),
            color: opt_string(v, "couleur"),
        })
    }

    /// An attachment `{N, G, L?, url?}`.
    pub(crate) fn attachment(self, v: &Value) -> Result<Attachment> {
        let kind = AttachmentKind::from_code(
            opt_i64(v, "G").ok_or_else(|| self.error("an attachment has no kind (G)"))?,
        );
        let name = str_of(v, "L").to_owned();
        let link = (kind == AttachmentKind::Link)
            .then(|| opt_string(v, "url").unwrap_or_else(|| name.clone()));
        Ok(Attachment {
            id: self.id(v, "an attachment")?,
            name,
            kind,
            link,
        })
    }

    /// Every attachment of a list field (absent reads as none).
    pub(crate) fn attachments(self, v: &Value, key: &str) -> Result<Vec<Attachment>> {
        list(v.get(key))
            .iter()
            .map(|a| self.attachment(a))
            .collect()
    }
}

/// The id (`N`) of an object, string or number.
pub(crate) fn opt_id(v: &Value) -> Option<Id> {
    match v.get("N")? {
        Value::String(s) if !s.is_empty() => Some(Id::new(s.clone())),
        Value::Number(n) => n.as_i64().map(Id::from_number),
        _ => None,
    }
}

/// The `domaine` of week numbers `[w1..w2]` covering `from..=to`, as
/// pronotepy writes it (a range, even for one week), clamped to the weeks
/// a domain can hold.
pub(crate) fn week_domain(instance: &Instance, from: Date, to: Date) -> Value {
    let clamp = |week: i32| week.clamp(1, i32::from(pronote_proto::value::Domain::MAX));
    let first = clamp(instance.week_of(from));
    let last = clamp(instance.week_of(to)).max(first);
    serde_json::json!({"_T": 8, "V": format!("[{first}..{last}]")})
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_unwrapped_only_from_wrappers() {
        let v = json!({
            "typed": {"_T": 7, "V": "01/09/2025"},
            "bare": {"V": 3},
            "element": {"N": "1", "V": "not a wrapper"},
            "null": null,
            "wrapped_null": {"V": null},
        });
        assert_eq!(field(&v, "typed"), Some(&json!("01/09/2025")));
        assert_eq!(field(&v, "bare"), Some(&json!(3)));
        assert_eq!(
            field(&v, "element").and_then(|e| e.get("N")),
            Some(&json!("1"))
        );
        assert_eq!(field(&v, "null"), None);
        assert_eq!(field(&v, "wrapped_null"), None);
        assert_eq!(field(&v, "missing"), None);
        assert_eq!(field(&json!(3), "x"), None);
    }

    #[test]
    fn scalars() {
        let v = json!({"n": 3, "s": " 4 ", "e": "", "b": true, "f": 1.5, "x": "z"});
        assert_eq!(opt_i64(&v, "n"), Some(3));
        assert_eq!(opt_i64(&v, "s"), Some(4));
        assert_eq!(opt_i64(&v, "f"), None);
        assert_eq!(opt_string(&v, "e"), None);
        assert!(flag(&v, "b") && !flag(&v, "n") && !flag(&v, "missing"));
        assert_eq!(opt_id(&json!({"N": 0})), Some(Id::from_number(0)));
        assert_eq!(opt_id(&json!({"N": ""})), None);
    }
}
