//! Vie-scolaire (staff) accounts: classes (`ParametresUtilisateur`
//! `listeClasses`), class lists (`ListeRessources`, tab 105) and student
//! files with their guardians (`FicheEleve`, tab 105).

use super::ids::{ClassId, StudentId};
use serde::{Deserialize, Serialize};
use time::Date;

/// A class the account can see (`listeClasses` item). Its id is salted
/// per session: read the classes again after a re-login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Class {
    /// The session-salted id (`N`).
    pub id: ClassId,
    /// The name (`L`: `3A`).
    pub name: String,
    /// The level (`niveau.L`: `3e`).
    pub level: Option<String>,
    /// The account is responsible for it (`estResponsable`).
    pub responsible: bool,
}

/// A student of a class list (`listeRessources` item).
///
/// ```
/// # use pronote_api::models::vie_scolaire::ClassStudent;
/// fn line(s: &ClassStudent) -> String {
///     format!("{} {} ({}), born {:?}", s.last_name, s.first_names, s.sex, s.birth_date)
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClassStudent {
    /// The session-salted id (`N`).
    pub id: StudentId,
    /// The display name (`L`).
    pub name: String,
    /// `nom`.
    pub last_name: String,
    /// `prenoms`.
    pub first_names: String,
    /// `sexe` (`M`, `F`).
    pub sex: String,
    /// Entry in the school (`entree`).
    pub entry_date: Option<Date>,
    /// Birth (`neLe`).
    pub birth_date: Option<Date>,
    /// Options (`option1`, `option2`…), non-empty ones.
    pub options: Vec<String>,
}

/// The identity fields shared by a student and a guardian.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PersonDetails {
    /// `nom`.
    pub last_name: String,
    /// `prenom`, `prenom2`, `prenom3`, non-empty ones.
    pub first_names: Vec<String>,
    /// `dateNaiss`.
    pub birth_date: Option<Date>,
    /// `villeNaiss`.
    pub birth_place: Option<String>,
    /// `adresse1`…`adresse4`, non-empty ones.
    pub address: Vec<String>,
    /// `CP`.
    pub postal_code: Option<String>,
    /// `ville`.
    pub city: Option<String>,
    /// `pays`.
    pub country: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `telPort`.
    pub mobile_phone: Option<String>,
    /// `telFixe`.
    pub landline: Option<String>,
    /// `telAutre`.
    pub other_phone: Option<String>,
}

/// A guardian (`Responsables` item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Guardian {
    /// Identity and contact.
    pub details: PersonDetails,
    /// The relationship (`lienParente`: `Père`).
    pub relationship: Option<String>,
    /// The responsibility (`niveauResponsabilite`: `LEGAL`).
    pub responsibility: Option<String>,
    /// Accepts emails (`autoriseEmail`).
    pub accepts_email: bool,
    /// Accepts information from teachers (`accepteInfosProf`).
    pub accepts_teacher_info: bool,
    /// The preferred guardian (`estResponsablePreferentiel`).
    pub preferred: bool,
    /// The student lives with them (`hebergeEnfant`).
    pub houses_student: bool,
    /// Pays the school costs (`responsableFinancier`).
    pub financial: bool,
    /// May pick the student up (`autoriseRecupererEnfant`).
    pub may_pick_up: bool,
    /// An emergency contact (`contactUrgence`).
    pub emergency_contact: bool,
}

/// A student's file: identity and guardians (`FicheEleve`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StudentFile {
    /// The student's identity (`Identite`).
    pub identity: PersonDetails,
    /// The guardians (`Responsables`).
    pub guardians: Vec<Guardian>,
}
