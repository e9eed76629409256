//! The functions of `appelfonction`, one file each, and what they share:
//! the call context, value helpers and the dispatch table.

mod authentification;
mod dernieres_evaluations;
mod dernieres_notes;
mod donnees_contenus_cdt;
mod fiche_eleve;
mod fonction_parametres;
mod generation_pdf;
mod identification;
mod jeton_appli_mobile;
mod liste_messagerie;
mod liste_messages;
mod liste_ressources;
mod liste_ressources_pour_communication;
mod navigation;
mod page_accueil;
mod page_actualites;
mod page_bulletins;
mod page_cahier_de_texte;
mod page_emploi_du_temps;
mod page_equipe_pedagogique;
mod page_infos_perso;
mod page_menus;
mod page_presence;
pub(crate) mod parametres_utilisateur;
mod saisie_actualites;
mod saisie_deconnexion;
mod saisie_message;
mod saisie_public_message;
mod saisie_taf_a_rendre_eleve;
mod saisie_taf_fait_eleve;
mod saisie_url_partenaire;
mod securisation_compte_double_auth;

use serde_json::{Value, json};
use time::{Date, PrimitiveDateTime};

use crate::data::{Account, AccountKind};
use crate::rpc::{RpcError, RpcResult};
use crate::server::Shared;
use crate::session::{Session, Step};

/// Everything a handler sees.
pub(crate) struct Ctx<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) session: &'a mut Session,
    pub(crate) data: &'a Value,
    pub(crate) signature: Option<&'a Value>,
    pub(crate) function: &'a str,
}

/// Id kinds (the number before `#`).
pub(crate) mod kind {
    pub(crate) const PERIOD: u32 = 11;
    pub(crate) const SUBJECT: u32 = 16;
    pub(crate) const TEACHER: u32 = 3;
    pub(crate) const STAFF: u32 = 34;
    pub(crate) const STUDENT: u32 = 4;
    pub(crate) const PARENT: u32 = 5;
    pub(crate) const CLASS: u32 = 1;
    pub(crate) const LESSON: u32 = 20;
    pub(crate) const CONTENT: u32 = 37;
    pub(crate) const HOMEWORK: u32 = 38;
    pub(crate) const GRADE: u32 = 60;
    pub(crate) const EVALUATION: u32 = 29;
    pub(crate) const EVENT: u32 = 13;
    pub(crate) const FILE: u32 = 48;
    pub(crate) const NEWS: u32 = 43;
    pub(crate) const MESSAGE: u32 = 68;
    pub(crate) const POSSESSION: u32 = 69;
    pub(crate) const MISC: u32 = 29;
}

impl Ctx<'_> {
    /// The wire id of an internal key, salted for this session.
    pub(crate) fn id(&self, kind: u32, key: &str) -> String {
        self.session.ids.encode(kind, key)
    }

    /// The internal key behind a wire id; error `G` 22 when it is not an
    /// id of this session.
    pub(crate) fn key_of(&self, wire: &str) -> Result<String, RpcError> {
        self.session.ids.decode(wire).ok_or(RpcError::Top(22))
    }

    /// The internal key of `value.N`.
    pub(crate) fn key_of_ref(&self, value: Option<&Value>) -> Result<String, RpcError> {
        let n = value
            .and_then(|v| v.get("N"))
            .and_then(Value::as_str)
            .ok_or(RpcError::Top(22))?;
        self.key_of(n)
    }

    /// The logged-in account's index.
    pub(crate) fn account_index(&self) -> Result<usize, RpcError> {
        self.session.account().ok_or(RpcError::Top(8))
    }

    /// The logged-in account.
    pub(crate) fn account(&self) -> Result<&Account, RpcError> {
        let index = self.account_index()?;
        self.shared.demo.accounts.get(index).ok_or(RpcError::Top(8))
    }

    /// `Signature.onglet`.
    pub(crate) fn tab(&self) -> Option<u64> {
        self.signature
            .and_then(|s| s.get("onglet"))
            .and_then(Value::as_u64)
    }

    /// A field of the data.
    pub(crate) fn field(&self, name: &str) -> Option<&Value> {
        self.data.get(name)
    }

    /// A field in either capitalisation (`ressource`/`Ressource`).
    pub(crate) fn field_any(&self, name: &str) -> Option<&Value> {
        self.data.get(name).or_else(|| {
            let mut chars = name.chars();
            let first = chars.next()?;
            let other: String = if first.is_uppercase() {
                first.to_lowercase().chain(chars).collect()
            } else {
                first.to_uppercase().chain(chars).collect()
            };
            self.data.get(&other)
        })
    }

    /// The student the call is about: the account's own, or for a parent
    /// the child named by `Signature.membre` (pronotepy) or by the data's
    /// `ressource` (Pawnote's timetable), else the first child (Pawnote
    /// sends no child on other calls).
    pub(crate) fn student(&mut self) -> Result<usize, RpcError> {
        let account = self.account()?.clone();
        match &account.kind {
            AccountKind::Student(s) => Ok(*s),
            AccountKind::Parent { children, .. } => {
                let member = self.signature.and_then(|s| s.get("membre"));
                let resource = self
                    .field_any("ressource")
                    .filter(|r| r.get("N").and_then(Value::as_str).is_some());
                let chosen = match member.or(resource) {
                    Some(reference) => {
                        let key = self.key_of_ref(Some(reference))?;
                        let Some(index) = key
                            .strip_prefix("st:")
                            .and_then(|k| k.parse::<usize>().ok())
                        else {
                            return Err(RpcError::Top(22));
                        };
                        if !children.contains(&index) {
                            return Err(RpcError::Signature(3));
                        }
                        index
                    }
                    None => children.first().copied().unwrap_or(0),
                };
                Ok(chosen)
            }
            AccountKind::Staff(_) | AccountKind::Teacher(_) => Err(RpcError::Signature(3)),
        }
    }

    /// The period named by a field (`periode`, `Periode`).
    pub(crate) fn period(&self, field: &str) -> Result<&crate::data::Period, RpcError> {
        let key = self.key_of_ref(self.field_any(field))?;
        let key = key.strip_prefix("p:").ok_or(RpcError::Top(22))?;
        self.shared.demo.period_by_key(key).ok_or(RpcError::Top(22))
    }
}

/// `{"_T": 7, "V": "dd/mm/yyyy"}`.
pub(crate) fn date_v(d: Date) -> Value {
    json!({"_T": 7, "V": date_text(d)})
}

/// `dd/mm/yyyy`.
pub(crate) fn date_text(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// `{"_T": 7, "V": "dd/mm/yyyy HH:MM:SS"}`.
pub(crate) fn datetime_v(dt: PrimitiveDateTime) -> Value {
    json!({"_T": 7, "V": datetime_text(dt)})
}

/// `dd/mm/yyyy HH:MM:SS`.
pub(crate) fn datetime_text(dt: PrimitiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        date_text(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// A wrapped list `{"_T": 24, "V": [...]}`.
pub(crate) fn list(items: Vec<Value>) -> Value {
    json!({"_T": 24, "V": items})
}

/// A wrapped element `{"_T": 24, "V": {...}}`.
pub(crate) fn elem(item: Value) -> Value {
    json!({"_T": 24, "V": item})
}

/// A grade `{"_T": 10, "V": "15,5"}`.
pub(crate) fn grade_v(text: impl Into<String>) -> Value {
    json!({"_T": 10, "V": text.into()})
}

/// HTML `{"_T": 21, "V": "<div>…</div>"}`.
pub(crate) fn html_v(text: impl Into<String>) -> Value {
    json!({"_T": 21, "V": text.into()})
}

/// Reads a client date (`d/m/yyyy H:M:S`, padded or not).
pub(crate) fn parse_date_value(value: Option<&Value>) -> Option<PrimitiveDateTime> {
    let text = value
        .and_then(|v| v.get("V").or(Some(v)))
        .and_then(Value::as_str)?;
    pronote_proto::value::parse_date_time(text).ok()
}

/// Reads a domain `{"_T": 8, "V": "[1..3]"}`.
pub(crate) fn parse_domain(value: Option<&Value>) -> Option<Vec<u16>> {
    let text = value
        .and_then(|v| v.get("V").or(Some(v)))
        .and_then(Value::as_str)?;
    pronote_proto::value::Domain::parse(text)
        .ok()
        .map(|d| d.iter().collect())
}

/// Functions allowed while double authentication is pending.
const SECOND_FACTOR_FUNCTIONS: &[&str] = &[
    "SecurisationCompteDoubleAuth",
    "Navigation",
    "Presence",
    "SaisieDeconnexion",
];

/// Routes a call to its handler.
pub(crate) fn dispatch(ctx: &mut Ctx<'_>) -> RpcResult {
    match ctx.function {
        "FonctionParametres" => return fonction_parametres::handle(ctx),
        "Identification" => return identification::handle(ctx),
        "Authentification" => return authentification::handle(ctx),
        _ => {}
    }
    match ctx.session.step {
        Step::Ready { .. } => {}
        Step::SecondFactor { .. } if SECOND_FACTOR_FUNCTIONS.contains(&ctx.function) => {}
        Step::SecondFactor { .. } => return Err(RpcError::Top(3)),
        _ => return Err(RpcError::Top(8)),
    }
    if let Some(tab) = ctx.tab() {
        let allowed = match ctx.session.account() {
            Some(index) => {
                let account = ctx
                    .shared
                    .demo
                    .accounts
                    .get(index)
                    .ok_or(RpcError::Top(8))?;
                parametres_utilisateur::tabs(account).contains(&tab)
            }
            None => true,
        };
        if !allowed {
            return Err(RpcError::Signature(3));
        }
    }
    match ctx.function {
        "SecurisationCompteDoubleAuth" => securisation_compte_double_auth::handle(ctx),
        "Navigation" | "Presence" => navigation::handle(ctx),
        "SaisieDeconnexion" => saisie_deconnexion::handle(ctx),
        "ParametresUtilisateur" => parametres_utilisateur::handle(ctx),
        "PageAccueil" => page_accueil::handle(ctx),
        "SaisieURLPartenaire" => saisie_url_partenaire::handle(ctx),
        "PageEmploiDuTemps" => page_emploi_du_temps::handle(ctx),
        "PageEmploiDuTemps_DomainePresence" => page_emploi_du_temps::handle_presence(ctx),
        "PageCahierDeTexte" => page_cahier_de_texte::handle(ctx),
        "donneesContenusCDT" => donnees_contenus_cdt::handle(ctx),
        "SaisieTAFFaitEleve" => saisie_taf_fait_eleve::handle(ctx),
        "SaisieTAFARendreEleve" => saisie_taf_a_rendre_eleve::handle(ctx),
        "DernieresNotes" => dernieres_notes::handle(ctx),
        "DernieresEvaluations" => dernieres_evaluations::handle(ctx),
        "PagePresence" => page_presence::handle(ctx),
        "PageActualites" => page_actualites::handle(ctx),
        "SaisieActualites" => saisie_actualites::handle(ctx),
        "PageMenus" => page_menus::handle(ctx),
        "ListeMessagerie" => liste_messagerie::handle(ctx),
        "ListeMessages" => liste_messages::handle(ctx),
        "SaisieMessage" => saisie_message::handle(ctx),
        "SaisiePublicMessage" => saisie_public_message::handle(ctx),
        "ListeRessourcesPourCommunication" => liste_ressources_pour_communication::handle(ctx),
        "PageInfosPerso" => page_infos_perso::handle(ctx),
        "PageEquipePedagogique" => page_equipe_pedagogique::handle(ctx),
        "PageBulletins" => page_bulletins::handle(ctx),
        "GenerationPDF" => generation_pdf::handle(ctx),
        "JetonAppliMobile" => jeton_appli_mobile::handle(ctx),
        "ListeRessources" => liste_ressources::handle(ctx),
        "listeClassesGroupes" => liste_ressources::handle_classes(ctx),
        "FicheEleve" => fiche_eleve::handle(ctx),
        _ => Err(RpcError::Top(21)),
    }
}
