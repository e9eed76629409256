//! `DernieresEvaluations` (tab 201): a period's competence evaluations.
//!
//! Request: `periode {N, G, L}` of the period, resolved by name in the
//! current session. Reply: `listeEvaluations`, each with its
//! `listeNiveauxDAcquisitions`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Decimal, Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::dernieres_notes::{find_period, period_ref};
use super::wire::{WireLabel, WireRef, WireSubject, labels, owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::evaluations::{Acquisition, Evaluation, Pillar, SkillRef};
use crate::models::ids::PeriodId;

const NAME: &str = "DernieresEvaluations";

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

/// The request: `periode {N, G, L}`.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "periode")]
    period: WireRef<'a, PeriodId>,
}

impl Function for GetEvaluations {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(201);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Evaluation>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        request(
            NAME,
            &WireRequest {
                period: period_ref(period),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<Evaluation>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<Evaluation>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetEvaluations {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Vec<Evaluation>> {
        wire.evaluations
            .into_inner()
            .into_iter()
            .map(evaluation)
            .collect()
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "listeEvaluations", borrow)]
    evaluations: Wrapped<Vec<WireEvaluation<'a>>>,
}

/// One evaluation.
#[derive(Debug, Deserialize)]
struct WireEvaluation<'a> {
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
    #[serde(default)]
    date: Option<WireDate>,
    #[serde(rename = "matiere", borrow, default)]
    subject: Option<Wrapped<WireSubject<'a>>>,
    #[serde(rename = "individu", borrow, default)]
    teacher: Option<Wrapped<WireLabel<'a>>>,
    #[serde(default)]
    coefficient: Option<Decimal>,
    #[serde(
        rename = "descriptif",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    description: Option<Cow<'a, str>>,
    #[serde(
        rename = "listePaliers",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    levels: Vec<WireLabel<'a>>,
    #[serde(rename = "domaine", borrow, default)]
    domain: Option<Wrapped<WireLabel<'a>>>,
    #[serde(
        rename = "listeNiveauxDAcquisitions",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    acquisitions: Vec<WireAcquisition<'a>>,
}

/// One acquisition level of an evaluation.
#[derive(Debug, Deserialize)]
struct WireAcquisition<'a> {
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
    level: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    abbreviation: Option<Cow<'a, str>>,
    #[serde(default)]
    coefficient: Option<Decimal>,
    #[serde(
        rename = "ordre",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    order: Option<i64>,
    #[serde(rename = "domaine", borrow, default)]
    domain: Option<Wrapped<WireSkill<'a>>>,
    #[serde(rename = "item", borrow, default)]
    item: Option<Wrapped<WireSkill<'a>>>,
    #[serde(rename = "pilier", borrow, default)]
    pillar: Option<Wrapped<WirePillar<'a>>>,
}

/// A domain or item reference.
#[derive(Debug, Deserialize)]
struct WireSkill<'a> {
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

/// A pillar.
#[derive(Debug, Deserialize)]
struct WirePillar<'a> {
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
        rename = "strPrefixes",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    prefixes: Option<Cow<'a, str>>,
}

fn evaluation(item: WireEvaluation<'_>) -> Result<Evaluation> {
    let mut acquisitions = item
        .acquisitions
        .into_iter()
        .map(acquisition)
        .collect::<Result<Vec<_>>>()?;
    // By display order; unordered ones last, in server order.
    acquisitions.sort_by_key(|a| (a.order.is_none(), a.order));
    Ok(Evaluation {
        id: item
            .id
            .ok_or_else(|| Error::reply(NAME, "an evaluation has no id (N)"))?
            .into(),
        name: owned(item.name).ok_or_else(|| Error::reply(NAME, "an evaluation has no L"))?,
        date: item
            .date
            .ok_or_else(|| Error::reply(NAME, "no date"))?
            .date(),
        subject: item
            .subject
            .ok_or_else(|| Error::reply(NAME, "no matiere"))?
            .into_inner()
            .into_model(NAME)?,
        teacher: item.teacher.and_then(|t| owned(t.into_inner().label)),
        coefficient: item.coefficient,
        description: owned(item.description),
        levels: labels(item.levels),
        domain: item.domain.and_then(|d| owned(d.into_inner().label)),
        acquisitions,
    })
}

fn acquisition(item: WireAcquisition<'_>) -> Result<Acquisition> {
    let skill_ref = |skill: Option<Wrapped<WireSkill<'_>>>| {
        skill.and_then(|s| {
            let s = s.into_inner();
            Some(SkillRef {
                id: s.id,
                name: owned(s.name)?,
            })
        })
    };
    let pillar = item.pillar.and_then(|p| {
        let p = p.into_inner();
        Some(Pillar {
            id: p.id,
            name: owned(p.name)?,
            prefixes: p
                .prefixes
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    });
    Ok(Acquisition {
        id: item
            .id
            .ok_or_else(|| Error::reply(NAME, "an acquisition has no id (N)"))?
            .into(),
        level: owned(item.level).ok_or_else(|| Error::reply(NAME, "an acquisition has no L"))?,
        abbreviation: owned(item.abbreviation),
        coefficient: item.coefficient,
        order: item.order,
        domain: skill_ref(item.domain),
        item: skill_ref(item.item),
        pillar,
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
            s.data(&GetEvaluations::new("Trimestre 2")),
            json!({"periode": {"N": "2#p", "G": 2, "L": "Trimestre 2"}})
        );
    }
}
