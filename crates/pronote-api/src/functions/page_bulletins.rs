//! `PageBulletins` (tab 13): a period's report card.
//!
//! Request: `periode {N, G, L}` (plus `classe {}`, `eleve {}` as Pawnote
//! sends). Reply: `ListeServices`, `ObjetListeAppreciations`; or `Message`
//! when the report card is not published.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Grade as GradeValue, Id, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::dernieres_notes::{find_period, period_ref};
use super::wire::{
    Empty, WireLabel, WireRef, WireSubject, labels, owned, parse, read_text, request,
};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::ids::PeriodId;
use crate::models::report::{Appreciation, Report, ReportCard, ReportSubject};

const NAME: &str = "PageBulletins";

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

/// The request: `periode {N, G, L}`, with `classe {}` and `eleve {}` as
/// Pawnote sends them.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "classe")]
    class: Empty,
    #[serde(rename = "eleve")]
    student: Empty,
    #[serde(rename = "periode")]
    period: WireRef<'a, PeriodId>,
}

impl Function for GetReportCard {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(13);
    const KIND: CallKind = CallKind::Read;
    type Output = ReportCard;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        request(
            NAME,
            &WireRequest {
                class: Empty {},
                student: Empty {},
                period: period_ref(period),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<ReportCard> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<ReportCard> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetReportCard {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<ReportCard> {
        let message = owned(wire.message).or_else(|| owned(wire.message_alt));
        let Some(subjects) = wire.subjects else {
            return Ok(ReportCard::Unavailable {
                message: message.unwrap_or_default(),
            });
        };
        let subjects = subjects
            .into_inner()
            .into_iter()
            .map(subject_line)
            .collect::<Result<Vec<_>>>()?;
        let appreciations = wire
            .appreciations
            .map(|o| o.into_inner().items)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| {
                Some(Appreciation {
                    title: owned(a.title),
                    text: owned(a.text)?,
                })
            })
            .collect();
        Ok(ReportCard::Published(Report {
            subjects,
            appreciations,
        }))
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(
        rename = "Message",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    message: Option<Cow<'a, str>>,
    #[serde(
        rename = "message",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    message_alt: Option<Cow<'a, str>>,
    #[serde(rename = "ListeServices", borrow, default)]
    subjects: Option<Wrapped<Vec<WireLine<'a>>>>,
    #[serde(rename = "ObjetListeAppreciations", borrow, default)]
    appreciations: Option<Wrapped<WireAppreciations<'a>>>,
}

/// `ObjetListeAppreciations`.
#[derive(Debug, Deserialize)]
struct WireAppreciations<'a> {
    #[serde(
        rename = "ListeAppreciations",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    items: Vec<WireAppreciation<'a>>,
}

/// A general appreciation.
#[derive(Debug, Deserialize)]
struct WireAppreciation<'a> {
    #[serde(
        rename = "Intitule",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    title: Option<Cow<'a, str>>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    text: Option<Cow<'a, str>>,
}

/// One subject line.
#[derive(Debug, Deserialize)]
struct WireLine<'a> {
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
    #[serde(rename = "SurMatiere", borrow, default)]
    group: Option<Wrapped<WireLabel<'a>>>,
    #[serde(rename = "Coefficient", borrow, default)]
    coefficient: Option<Wrapped<WireCoefficient<'a>>>,
    #[serde(rename = "MoyenneEleve", default)]
    student_average: Option<GradeValue>,
    #[serde(rename = "MoyenneClasse", default)]
    class_average: Option<GradeValue>,
    #[serde(rename = "MoyenneInf", default)]
    min: Option<GradeValue>,
    #[serde(rename = "MoyenneSup", default)]
    max: Option<GradeValue>,
    #[serde(
        rename = "ListeAppreciations",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    appreciations: Vec<WireLabel<'a>>,
    #[serde(
        rename = "ListeProfesseurs",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    teachers: Vec<WireLabel<'a>>,
}

/// A coefficient, written as text or as a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WireCoefficient<'a> {
    Text(#[serde(borrow)] Cow<'a, str>),
    Number(serde_json::Number),
    Other(IgnoredAny),
}

fn subject_line(item: WireLine<'_>) -> Result<ReportSubject> {
    let coefficient = item.coefficient.and_then(|c| match c.into_inner() {
        WireCoefficient::Text(text) if !text.is_empty() => Some(text.into_owned()),
        WireCoefficient::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let subject = WireSubject {
        id: item.id.clone(),
        name: item.name,
        group_subject: item.group_subject,
        color: item.color,
    };
    Ok(ReportSubject {
        id: item
            .id
            .ok_or_else(|| Error::reply(NAME, "a report line has no id (N)"))?
            .into(),
        subject: subject.into_model(NAME)?,
        group: item.group.and_then(|g| owned(g.into_inner().label)),
        coefficient,
        student_average: item.student_average,
        class_average: item.class_average,
        min: item.min,
        max: item.max,
        appreciations: labels(item.appreciations),
        teachers: labels(item.teachers),
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
            s.data(&GetReportCard::new("Trimestre 2")),
            json!({"classe": {}, "eleve": {}, "periode": {"N": "2#p", "G": 2, "L": "Trimestre 2"}})
        );
    }
}
