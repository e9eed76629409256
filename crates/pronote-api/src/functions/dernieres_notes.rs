//! `DernieresNotes` (tab 198): a period's grades and averages.
//!
//! Request: `Periode {N, G, L}` of the period, resolved by name in the
//! current session. Reply: `listeDevoirs` (grades), `listeServices`
//! (averages by subject), `moyGenerale`, `moyGeneraleClasse`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Decimal, Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{WireRef, WireSubject, owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::grades::{Grade, GradeValue, GradesOverview, SubjectAverage};
use crate::models::ids::PeriodId;
use crate::models::instance::Period;

const NAME: &str = "DernieresNotes";

/// The period named `name` in this session.
pub(crate) fn find_period<'a>(ctx: &Context<'a>, name: &str) -> Result<&'a Period> {
    ctx.instance
        .period(name)
        .ok_or_else(|| Error::NotFound(format!("no period named {name}")))
}

/// A period as requests name it, `{N, G, L}`.
pub(crate) fn period_ref(period: &Period) -> WireRef<'_, PeriodId> {
    WireRef::new(&period.id)
        .kind(period.kind)
        .name(&period.name)
}

/// Reads the grades and averages of a period, named as in
/// [`Instance::periods`](crate::models::Instance::periods).
///
/// ```
/// use pronote_api::functions::GetGrades;
/// let first_term = GetGrades::new("Trimestre 1");
/// # let _ = first_term;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetGrades {
    period: String,
}

impl GetGrades {
    /// The grades of the period named `period` (`Trimestre 1`).
    pub fn new(period: impl Into<String>) -> Self {
        GetGrades {
            period: period.into(),
        }
    }
}

/// The request: `Periode {N, G, L}`.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "Periode")]
    period: WireRef<'a, PeriodId>,
}

impl Function for GetGrades {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(198);
    const KIND: CallKind = CallKind::Read;
    type Output = GradesOverview;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        request(
            NAME,
            &WireRequest {
                period: period_ref(period),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<GradesOverview> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<GradesOverview> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetGrades {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, ctx: &Context<'_>) -> Result<GradesOverview> {
        let grades = wire
            .grades
            .into_inner()
            .into_iter()
            .map(|item| grade(item, ctx))
            .collect::<Result<Vec<_>>>()?;
        let averages = wire
            .averages
            .into_inner()
            .into_iter()
            .map(average)
            .collect::<Result<Vec<_>>>()?;
        Ok(GradesOverview {
            period: self.period.clone(),
            grades,
            averages,
            overall_average: wire.overall_average,
            class_overall_average: wire.class_overall_average,
        })
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "listeDevoirs", borrow)]
    grades: Wrapped<Vec<WireGrade<'a>>>,
    #[serde(rename = "listeServices", borrow)]
    averages: Wrapped<Vec<WireAverage<'a>>>,
    #[serde(rename = "moyGenerale", default)]
    overall_average: Option<GradeValue>,
    #[serde(rename = "moyGeneraleClasse", default)]
    class_overall_average: Option<GradeValue>,
}

/// One `listeDevoirs` item.
#[derive(Debug, Deserialize)]
struct WireGrade<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(rename = "note", default)]
    value: Option<GradeValue>,
    #[serde(rename = "bareme", default)]
    out_of: Option<GradeValue>,
    #[serde(rename = "baremeParDefaut", default)]
    default_out_of: Option<GradeValue>,
    #[serde(default)]
    date: Option<WireDate>,
    #[serde(rename = "service", borrow, default)]
    subject: Option<Wrapped<WireSubject<'a>>>,
    #[serde(rename = "periode", borrow, default)]
    period: Option<Wrapped<WirePeriodRef<'a>>>,
    #[serde(rename = "moyenne", default)]
    class_average: Option<GradeValue>,
    #[serde(rename = "noteMax", default)]
    max: Option<GradeValue>,
    #[serde(rename = "noteMin", default)]
    min: Option<GradeValue>,
    #[serde(default)]
    coefficient: Option<Decimal>,
    #[serde(
        rename = "commentaire",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    comment: Option<Cow<'a, str>>,
    #[serde(
        rename = "commentaireSurNote",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    grade_comment: Option<Cow<'a, str>>,
    #[serde(
        rename = "estBonus",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    bonus: bool,
    #[serde(
        rename = "estFacultatif",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    optional: bool,
    #[serde(
        rename = "estRamenerSur20",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    out_of_20: bool,
    #[serde(
        rename = "libelleSujet",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    subject_file_name: Option<Cow<'a, str>>,
    #[serde(
        rename = "libelleCorrige",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    correction_file_name: Option<Cow<'a, str>>,
}

/// A grade's `periode`.
#[derive(Debug, Deserialize)]
struct WirePeriodRef<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
}

/// One `listeServices` item: a subject and its averages.
#[derive(Debug, Deserialize)]
struct WireAverage<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "estServiceGroupe",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    group_subject: bool,
    #[serde(
        rename = "couleur",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    color: Option<Cow<'a, str>>,
    #[serde(rename = "moyEleve", default)]
    student: Option<GradeValue>,
    #[serde(rename = "baremeMoyEleve", default)]
    out_of: Option<GradeValue>,
    /// Pawnote's spelling.
    #[serde(rename = "baremeMoyEleveParDefaut", default)]
    default_out_of: Option<GradeValue>,
    /// pronotepy's spelling.
    #[serde(rename = "baremeMoyEleveParDefault", default)]
    default_out_of_alt: Option<GradeValue>,
    #[serde(rename = "moyClasse", default)]
    class_average: Option<GradeValue>,
    #[serde(rename = "moyMin", default)]
    min: Option<GradeValue>,
    #[serde(rename = "moyMax", default)]
    max: Option<GradeValue>,
}

/// One grade, as a model.
fn grade(item: WireGrade<'_>, ctx: &Context<'_>) -> Result<Grade> {
    // The period's name: its label, else the name of the period with that
    // id in this session.
    let period = item.period.and_then(|p| {
        let p = p.into_inner();
        owned(p.name).or_else(|| {
            let id = p.id?;
            ctx.instance
                .periods
                .iter()
                .find(|known| known.id == id)
                .map(|known| known.name.clone())
        })
    });
    let missing = |what: &str| Error::reply(NAME, format!("no {what}"));
    Ok(Grade {
        id: item
            .id
            .ok_or_else(|| Error::reply(NAME, "a grade has no id (N)"))?
            .into(),
        value: item.value.ok_or_else(|| missing("note"))?,
        out_of: item.out_of.ok_or_else(|| missing("bareme"))?,
        default_out_of: item.default_out_of,
        date: item.date.ok_or_else(|| missing("date"))?.date(),
        subject: item
            .subject
            .ok_or_else(|| missing("service"))?
            .into_inner()
            .into_model(NAME)?,
        period,
        class_average: item.class_average,
        max: item.max,
        min: item.min,
        coefficient: item.coefficient,
        comment: owned(item.comment),
        grade_comment: owned(item.grade_comment),
        bonus: item.bonus,
        optional: item.optional && !item.bonus,
        out_of_20: item.out_of_20,
        subject_file_name: owned(item.subject_file_name),
        correction_file_name: owned(item.correction_file_name),
    })
}

/// One subject's averages, as a model.
fn average(item: WireAverage<'_>) -> Result<SubjectAverage> {
    let color = item.color.clone().map(Cow::into_owned);
    let subject = WireSubject {
        id: item.id,
        name: item.name,
        group_subject: item.group_subject,
        color: item.color,
    };
    Ok(SubjectAverage {
        subject: subject.into_model(NAME)?,
        student: item.student,
        out_of: item.out_of,
        default_out_of: item.default_out_of.or(item.default_out_of_alt),
        class_average: item.class_average,
        min: item.min,
        max: item.max,
        color,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_names_the_period() {
        let s = Session::new();
        assert_eq!(
            s.data(&GetGrades::new("Trimestre 1")),
            json!({"Periode": {"N": "1#p", "G": 2, "L": "Trimestre 1"}})
        );
    }
}
