//! `FicheEleve` (tab 105, vie-scolaire and teacher spaces): a student's
//! identity and guardians.
//!
//! Request: `Eleve {N}`, `AvecEleve`, `AvecResponsables`. Reply:
//! `Identite` (bare before 2025, `{V}`-wrapped after; both read),
//! `Responsables [...]`.

use serde_json::{Value, json};

use pronote_proto::Reply;
use pronote_proto::value::{Id, date};

use super::{Reader, field, flag, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::instance::list;
use crate::models::vie_scolaire::{ClassStudent, Guardian, PersonDetails, StudentFile};

const NAME: &str = "FicheEleve";
const READ: Reader = Reader(NAME);

/// Reads a student's file (from a class list of the current session).
///
/// ```
/// # use pronote_api::models::vie_scolaire::ClassStudent;
/// use pronote_api::functions::GetStudentFile;
/// # fn run(student: &ClassStudent) {
/// let request = GetStudentFile::new(student);
/// # let _ = request; }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetStudentFile {
    student: Id,
}

impl GetStudentFile {
    /// The file of `student`.
    pub fn new(student: &ClassStudent) -> Self {
        GetStudentFile {
            student: student.id.clone(),
        }
    }
}

impl Function for GetStudentFile {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(105);
    const KIND: CallKind = CallKind::Read;
    type Output = StudentFile;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({
            "Eleve": {"N": self.student},
            "AvecEleve": true,
            "AvecResponsables": true,
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<StudentFile> {
        let data = &reply.data;
        let identity = READ.req(data, "Identite")?;
        let guardians = list(data.get("Responsables"))
            .iter()
            .map(|g| {
                Ok(Guardian {
                    details: details(g)?,
                    relationship: opt_string(g, "lienParente"),
                    responsibility: opt_string(g, "niveauResponsabilite"),
                    accepts_email: flag(g, "autoriseEmail"),
                    accepts_teacher_info: flag(g, "accepteInfosProf"),
                    preferred: flag(g, "estResponsablePreferentiel"),
                    houses_student: flag(g, "hebergeEnfant"),
                    financial: flag(g, "responsableFinancier"),
                    may_pick_up: flag(g, "autoriseRecupererEnfant"),
                    emergency_contact: flag(g, "contactUrgence"),
                })
            })
            .collect::<Result<_>>()?;
        Ok(StudentFile {
            identity: details(identity)?,
            guardians,
        })
    }
}

/// The identity fields of `Identite` or a `Responsables` item.
fn details(v: &Value) -> Result<PersonDetails> {
    let strings =
        |keys: &[&str]| -> Vec<String> { keys.iter().filter_map(|k| opt_string(v, k)).collect() };
    let birth_date = match field(v, "dateNaiss").and_then(Value::as_str) {
        Some(text) if !text.is_empty() => {
            Some(date::parse_date(text).map_err(|_| READ.error("dateNaiss is not a date"))?)
        }
        _ => None,
    };
    Ok(PersonDetails {
        last_name: READ.string(v, "nom", "a person")?,
        first_names: strings(&["prenom", "prenom2", "prenom3"]),
        birth_date,
        birth_place: opt_string(v, "villeNaiss"),
        address: strings(&["adresse1", "adresse2", "adresse3", "adresse4"]),
        postal_code: opt_string(v, "CP"),
        city: opt_string(v, "ville"),
        country: opt_string(v, "pays"),
        email: opt_string(v, "email"),
        mobile_phone: opt_string(v, "telPort"),
        landline: opt_string(v, "telFixe"),
        other_phone: opt_string(v, "telAutre"),
    })
}
