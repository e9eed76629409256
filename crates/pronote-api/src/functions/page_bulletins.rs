//! `PageBulletins` (tab 13): a period's report card.
//!
//! Request: `periode {N, G, L}` (plus `classe {}`, `eleve {}` as Pawnote
//! sends). Reply: `ListeServices`, `ObjetListeAppreciations`; or `Message`
//! when the report card is not published.

use serde_json::{Value, json};

use pronote_proto::Reply;

use super::dernieres_notes::find_period;
use super::{Reader, field, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::instance::list;
use crate::models::report::{Appreciation, Report, ReportCard, ReportSubject};

const NAME: &str = "PageBulletins";
const READ: Reader = Reader(NAME);

/// Reads the report card of a period, named as in
/// [`Instance::periods`](crate::models::Instance::periods).
///
/// ```
/// use pronote_api::functions::GetReportCard;
/// let request = GetReportCard::new("Trimestre 1");
/// # let _ = request;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetReportCard {
    period: String,
}

impl GetReportCard {
    /// The report card of the period named `period`.
    pub fn new(period: impl Into<String>) -> Self {
        GetReportCard {
            period: period.into(),
        }
    }
}

impl Function for GetReportCard {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(13);
    const KIND: CallKind = CallKind::Read;
    type Output = ReportCard;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        Ok(Some(json!({
            "classe": {},
            "eleve": {},
            "periode": {"N": period.id, "G": period.kind, "L": period.name},
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<ReportCard> {
        let data = &reply.data;
        let message = opt_string(data, "Message").or_else(|| opt_string(data, "message"));
        if data.get("ListeServices").is_none() {
            return Ok(ReportCard::Unavailable {
                message: message.unwrap_or_default(),
            });
        }
        let subjects = READ
            .req_list(data, "ListeServices")?
            .iter()
            .map(subject_line)
            .collect::<Result<Vec<_>>>()?;
        let appreciations = field(data, "ObjetListeAppreciations")
            .map(|o| list(o.get("ListeAppreciations")))
            .unwrap_or_default()
            .iter()
            .filter_map(|a| {
                Some(Appreciation {
                    title: opt_string(a, "Intitule"),
                    text: opt_string(a, "L")?,
                })
            })
            .collect();
        Ok(ReportCard::Published(Report {
            subjects,
            appreciations,
        }))
    }
}

fn subject_line(item: &Value) -> Result<ReportSubject> {
    let coefficient = field(item, "Coefficient").and_then(|c| match c {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    Ok(ReportSubject {
        id: READ.id(item, "a report line")?,
        subject: READ.subject(item)?,
        group: field(item, "SurMatiere").and_then(|g| opt_string(g, "L")),
        coefficient,
        student_average: READ.opt_grade(item, "MoyenneEleve")?,
        class_average: READ.opt_grade(item, "MoyenneClasse")?,
        min: READ.opt_grade(item, "MoyenneInf")?,
        max: READ.opt_grade(item, "MoyenneSup")?,
        appreciations: super::labels(item, "ListeAppreciations"),
        teachers: super::labels(item, "ListeProfesseurs"),
    })
}
