//! `DernieresNotes` (tab 198): a period's grades and averages.
//!
//! Request: `Periode {N, G, L}` of the period, resolved by name in the
//! current session. Reply: `listeDevoirs` (grades), `listeServices`
//! (averages by subject), `moyGenerale`, `moyGeneraleClasse`.

use serde_json::{Value, json};

use pronote_proto::Reply;

use super::{Reader, field, flag, opt_id, opt_string};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::grades::{Grade, GradesOverview, SubjectAverage};
use crate::models::instance::Period;

const NAME: &str = "DernieresNotes";
const READ: Reader = Reader(NAME);

/// The period named `name` in this session.
pub(crate) fn find_period<'a>(ctx: &Context<'a>, name: &str) -> Result<&'a Period> {
    ctx.instance
        .period(name)
        .ok_or_else(|| Error::NotFound(format!("no period named {name}")))
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

impl Function for GetGrades {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(198);
    const KIND: CallKind = CallKind::Read;
    type Output = GradesOverview;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        Ok(Some(json!({
            "Periode": {"N": period.id, "G": period.kind, "L": period.name},
        })))
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<GradesOverview> {
        let data = &reply.data;
        let grades = READ
            .req_list(data, "listeDevoirs")?
            .iter()
            .map(|item| grade(item, ctx))
            .collect::<Result<Vec<_>>>()?;
        let averages = READ
            .req_list(data, "listeServices")?
            .iter()
            .map(average)
            .collect::<Result<Vec<_>>>()?;
        Ok(GradesOverview {
            period: self.period.clone(),
            grades,
            averages,
            overall_average: READ.opt_grade(data, "moyGenerale")?,
            class_overall_average: READ.opt_grade(data, "moyGeneraleClasse")?,
        })
    }
}

/// One `listeDevoirs` item.
fn grade(item: &Value, ctx: &Context<'_>) -> Result<Grade> {
    // The period's name: its label, else the name of the period with that
    // id in this session.
    let period = field(item, "periode").and_then(|p| {
        opt_string(p, "L").or_else(|| {
            let id = opt_id(p)?;
            ctx.instance
                .periods
                .iter()
                .find(|known| known.id == id)
                .map(|known| known.name.clone())
        })
    });
    let bonus = flag(item, "estBonus");
    Ok(Grade {
        id: READ.id(item, "a grade")?,
        value: READ.grade(item, "note")?,
        out_of: READ.grade(item, "bareme")?,
        default_out_of: READ.opt_grade(item, "baremeParDefaut")?,
        date: READ.date(item, "date")?,
        subject: READ.subject(READ.req(item, "service")?)?,
        period,
        class_average: READ.opt_grade(item, "moyenne")?,
        max: READ.opt_grade(item, "noteMax")?,
        min: READ.opt_grade(item, "noteMin")?,
        coefficient: READ.opt_decimal(item, "coefficient")?,
        comment: opt_string(item, "commentaire"),
        grade_comment: opt_string(item, "commentaireSurNote"),
        bonus,
        optional: flag(item, "estFacultatif") && !bonus,
        out_of_20: flag(item, "estRamenerSur20"),
        subject_file_name: opt_string(item, "libelleSujet"),
        correction_file_name: opt_string(item, "libelleCorrige"),
    })
}

/// One `listeServices` item.
fn average(item: &Value) -> Result<SubjectAverage> {
    // pronotepy reads `baremeMoyEleveParDefault`, Pawnote
    // `baremeMoyEleveParDefaut`.
    let default_out_of = match READ.opt_grade(item, "baremeMoyEleveParDefaut")? {
        Some(scale) => Some(scale),
        None => READ.opt_grade(item, "baremeMoyEleveParDefault")?,
    };
    Ok(SubjectAverage {
        subject: READ.subject(item)?,
        student: READ.opt_grade(item, "moyEleve")?,
        out_of: READ.opt_grade(item, "baremeMoyEleve")?,
        default_out_of,
        class_average: READ.opt_grade(item, "moyClasse")?,
        min: READ.opt_grade(item, "moyMin")?,
        max: READ.opt_grade(item, "moyMax")?,
        color: opt_string(item, "couleur"),
    })
}
