//! `DernieresEvaluations` (tab 201): a period's competence evaluations.
//!
//! Request: `periode {N, G, L}` of the period, resolved by name in the
//! current session. Reply: `listeEvaluations`, each with its
//! `listeNiveauxDAcquisitions`.

use serde_json::{Value, json};

use pronote_proto::Reply;

use super::dernieres_notes::find_period;
use super::{Reader, field, labels, opt_i64, opt_id, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::evaluations::{Acquisition, Evaluation, Pillar, SkillRef};
use crate::models::instance::{list, str_of};

const NAME: &str = "DernieresEvaluations";
const READ: Reader = Reader(NAME);

/// Reads the competence evaluations of a period, named as in
/// [`Instance::periods`](crate::models::Instance::periods).
///
/// ```
/// use pronote_api::functions::GetEvaluations;
/// let first_term = GetEvaluations::new("Trimestre 1");
/// # let _ = first_term;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetEvaluations {
    period: String,
}

impl GetEvaluations {
    /// The evaluations of the period named `period` (`Trimestre 1`).
    pub fn new(period: impl Into<String>) -> Self {
        GetEvaluations {
            period: period.into(),
        }
    }
}

impl Function for GetEvaluations {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(201);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Evaluation>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        Ok(Some(json!({
            "periode": {"N": period.id, "G": period.kind, "L": period.name},
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<Evaluation>> {
        READ.req_list(&reply.data, "listeEvaluations")?
            .iter()
            .map(evaluation)
            .collect()
    }
}

/// One `listeEvaluations` item.
fn evaluation(item: &Value) -> Result<Evaluation> {
    let mut acquisitions = list(item.get("listeNiveauxDAcquisitions"))
        .iter()
        .map(acquisition)
        .collect::<Result<Vec<_>>>()?;
    // By display order; unordered ones last, in server order.
    acquisitions.sort_by_key(|a| (a.order.is_none(), a.order));
    Ok(Evaluation {
        id: READ.id(item, "an evaluation")?,
        name: READ.string(item, "L", "an evaluation")?,
        date: READ.date(item, "date")?,
        subject: READ.subject(READ.req(item, "matiere")?)?,
        teacher: field(item, "individu").and_then(|t| opt_string(t, "L")),
        coefficient: READ.opt_decimal(item, "coefficient")?,
        description: opt_string(item, "descriptif"),
        levels: labels(item, "listePaliers"),
        domain: field(item, "domaine").and_then(|d| opt_string(d, "L")),
        acquisitions,
    })
}

/// One `listeNiveauxDAcquisitions` item.
fn acquisition(item: &Value) -> Result<Acquisition> {
    let skill_ref = |key: &str| {
        field(item, key).and_then(|v| {
            Some(SkillRef {
                id: opt_id(v),
                name: opt_string(v, "L")?,
            })
        })
    };
    let pillar = field(item, "pilier").and_then(|p| {
        Some(Pillar {
            id: opt_id(p),
            name: opt_string(p, "L")?,
            prefixes: str_of(p, "strPrefixes")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    });
    Ok(Acquisition {
        id: READ.id(item, "an acquisition")?,
        level: READ.string(item, "L", "an acquisition")?,
        abbreviation: opt_string(item, "abbreviation"),
        coefficient: READ.opt_decimal(item, "coefficient")?,
        order: opt_i64(item, "ordre"),
        domain: skill_ref("domaine"),
        item: skill_ref("item"),
        pillar,
    })
}
