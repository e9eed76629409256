//! `FicheEleve` (tab 105, vie-scolaire and teacher spaces): a student's
//! identity and guardians.
//!
//! Request: `Eleve {N}`, `AvecEleve`, `AvecResponsables`. Reply:
//! `Identite` (bare before 2025, `{V}`-wrapped after; both read),
//! `Responsables [...]`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Id, Wrapped, date, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{WireRef, owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::vie_scolaire::{ClassStudent, Guardian, PersonDetails, StudentFile};

const NAME: &str = "FicheEleve";

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
            student: student.id.clone().into(),
        }
    }
}

/// The request: `Eleve {N}`, with the identity and the guardians.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "Eleve")]
    student: WireRef<'a>,
    #[serde(rename = "AvecEleve")]
    with_student: bool,
    #[serde(rename = "AvecResponsables")]
    with_guardians: bool,
}

impl Function for GetStudentFile {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(105);
    const KIND: CallKind = CallKind::Read;
    type Output = StudentFile;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                student: WireRef::new(&self.student),
                with_student: true,
                with_guardians: true,
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<StudentFile> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<StudentFile> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetStudentFile {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<StudentFile> {
        let identity = wire
            .identity
            .ok_or_else(|| Error::reply(NAME, "no Identite"))?
            .into_inner();
        let guardians = wire
            .guardians
            .into_iter()
            .map(|g| {
                Ok(Guardian {
                    details: details(g.details)?,
                    relationship: owned(g.relationship),
                    responsibility: owned(g.responsibility),
                    accepts_email: g.accepts_email,
                    accepts_teacher_info: g.accepts_teacher_info,
                    preferred: g.preferred,
                    houses_student: g.houses_student,
                    financial: g.financial,
                    may_pick_up: g.may_pick_up,
                    emergency_contact: g.emergency_contact,
                })
            })
            .collect::<Result<_>>()?;
        Ok(StudentFile {
            identity: details(identity)?,
            guardians,
        })
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "Identite", borrow, default)]
    identity: Option<Wrapped<WireDetails<'a>>>,
    #[serde(
        rename = "Responsables",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    guardians: Vec<WireGuardian<'a>>,
}

/// A person's identity and contacts.
#[derive(Debug, Deserialize)]
struct WireDetails<'a> {
    #[serde(
        rename = "nom",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    last_name: Option<Cow<'a, str>>,
    #[serde(
        rename = "prenom",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    first_name: Option<Cow<'a, str>>,
    #[serde(
        rename = "prenom2",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    first_name2: Option<Cow<'a, str>>,
    #[serde(
        rename = "prenom3",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    first_name3: Option<Cow<'a, str>>,
    #[serde(
        rename = "dateNaiss",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    birth_date: Option<Cow<'a, str>>,
    #[serde(
        rename = "villeNaiss",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    birth_place: Option<Cow<'a, str>>,
    #[serde(
        rename = "adresse1",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address1: Option<Cow<'a, str>>,
    #[serde(
        rename = "adresse2",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address2: Option<Cow<'a, str>>,
    #[serde(
        rename = "adresse3",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address3: Option<Cow<'a, str>>,
    #[serde(
        rename = "adresse4",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    address4: Option<Cow<'a, str>>,
    #[serde(
        rename = "CP",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    postal_code: Option<Cow<'a, str>>,
    #[serde(
        rename = "ville",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    city: Option<Cow<'a, str>>,
    #[serde(
        rename = "pays",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    country: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    email: Option<Cow<'a, str>>,
    #[serde(
        rename = "telPort",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    mobile_phone: Option<Cow<'a, str>>,
    #[serde(
        rename = "telFixe",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    landline: Option<Cow<'a, str>>,
    #[serde(
        rename = "telAutre",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    other_phone: Option<Cow<'a, str>>,
}

/// A guardian: a person and their rights.
#[derive(Debug, Deserialize)]
struct WireGuardian<'a> {
    #[serde(flatten, borrow)]
    details: WireDetails<'a>,
    #[serde(
        rename = "lienParente",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    relationship: Option<Cow<'a, str>>,
    #[serde(
        rename = "niveauResponsabilite",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    responsibility: Option<Cow<'a, str>>,
    #[serde(
        rename = "autoriseEmail",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    accepts_email: bool,
    #[serde(
        rename = "accepteInfosProf",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    accepts_teacher_info: bool,
    #[serde(
        rename = "estResponsablePreferentiel",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    preferred: bool,
    #[serde(
        rename = "hebergeEnfant",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    houses_student: bool,
    #[serde(
        rename = "responsableFinancier",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    financial: bool,
    #[serde(
        rename = "autoriseRecupererEnfant",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    may_pick_up: bool,
    #[serde(
        rename = "contactUrgence",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    emergency_contact: bool,
}

fn details(v: WireDetails<'_>) -> Result<PersonDetails> {
    let birth_date = v
        .birth_date
        .map(|text| {
            date::parse_date(&text).map_err(|_| Error::reply(NAME, "dateNaiss is not a date"))
        })
        .transpose()?;
    Ok(PersonDetails {
        last_name: owned(v.last_name).ok_or_else(|| Error::reply(NAME, "a person has no nom"))?,
        first_names: [v.first_name, v.first_name2, v.first_name3]
            .into_iter()
            .filter_map(owned)
            .collect(),
        birth_date,
        birth_place: owned(v.birth_place),
        address: [v.address1, v.address2, v.address3, v.address4]
            .into_iter()
            .filter_map(owned)
            .collect(),
        postal_code: owned(v.postal_code),
        city: owned(v.city),
        country: owned(v.country),
        email: owned(v.email),
        mobile_phone: owned(v.mobile_phone),
        landline: owned(v.landline),
        other_phone: owned(v.other_phone),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_names_the_student() {
        let s = Session::new();
        let request = GetStudentFile {
            student: Id::new("5#e"),
        };
        assert_eq!(
            s.data(&request),
            json!({"Eleve": {"N": "5#e"}, "AvecEleve": true, "AvecResponsables": true})
        );
    }
}
