//! `PagePresence` (tab 19): the student's record over a period.
//!
//! Request: `periode {N, L, G}`, `DateDebut`, `DateFin` (`{_T: 7, V}`,
//! `dd/mm/yyyy HH:MM:SS`). Reply: `listeAbsences`, every item told apart
//! by `G`: 13 absence, 14 delay, 41 punishment, 46 observation, 72
//! precautionary measure; other kinds are skipped, as both public
//! clients do.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::value::{Domain, Id, WireDate, Wrapped, date, lenient};
use pronote_proto::{Reply, ReplyText};

use super::dernieres_notes::{find_period, period_ref};
use super::wire::{
    WireAttachment, WireLabel, WireRef, WireSubject, attachments, labels, owned, parse, read_text,
    request,
};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::ids::PeriodId;
use crate::models::notebook::{
    Absence, Delay, Notebook, Observation, ObservationKind, PrecautionaryMeasure, Punishment,
    ScheduledSession, minutes_of_hours,
};

const NAME: &str = "PagePresence";

/// Reads the record (absences, delays, punishments, observations,
/// precautionary measures) of a period, named as in
/// [`Instance::periods`](crate::models::Instance::periods).
///
/// ```
/// use pronote_api::functions::GetNotebook;
/// let request = GetNotebook::new("Trimestre 1");
/// # let _ = request;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetNotebook {
    period: String,
    range: Option<(Date, Date)>,
}

impl GetNotebook {
    /// The whole period named `period`.
    pub fn new(period: impl Into<String>) -> Self {
        GetNotebook {
            period: period.into(),
            range: None,
        }
    }

    /// Only the days `from..=to` of the period.
    #[must_use]
    pub fn between(mut self, from: Date, to: Date) -> Self {
        self.range = Some((from, to));
        self
    }
}

/// The request: `periode {N, L, G}`, `DateDebut` and `DateFin` in the
/// server's style (`dd/mm/yyyy HH:MM:SS`).
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "periode")]
    period: WireRef<'a, PeriodId>,
    #[serde(rename = "DateDebut", serialize_with = "date::typed_server::serialize")]
    from: PrimitiveDateTime,
    #[serde(rename = "DateFin", serialize_with = "date::typed_server::serialize")]
    to: PrimitiveDateTime,
}

impl Function for GetNotebook {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(19);
    const KIND: CallKind = CallKind::Read;
    type Output = Notebook;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        let (from, to) = self.range.unwrap_or((period.start, period.end));
        request(
            NAME,
            &WireRequest {
                period: period_ref(period),
                from: PrimitiveDateTime::new(from, Time::MIDNIGHT),
                to: PrimitiveDateTime::new(to, time::macros::time!(23:59:59)),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Notebook> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Notebook> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetNotebook {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Notebook> {
        let mut notebook = Notebook::default();
        for item in wire.items.into_inner() {
            match item.kind {
                Some(13) => notebook.absences.push(absence(item)?),
                Some(14) => notebook.delays.push(delay(item)?),
                Some(41) => notebook.punishments.push(punishment(item)?),
                Some(46) => notebook.observations.push(observation(item)?),
                Some(72) => notebook.precautionary_measures.push(measure(item)?),
                _ => {}
            }
        }
        Ok(notebook)
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "listeAbsences", borrow)]
    items: Wrapped<Vec<WireItem<'a>>>,
}

/// A `listeAbsences` item: an absence, a delay, a punishment, an
/// observation or a precautionary measure, by its `G`.
#[derive(Debug, Deserialize)]
struct WireItem<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    label: Option<Cow<'a, str>>,
    #[serde(rename = "dateDebut", default)]
    start: Option<WireDate>,
    #[serde(rename = "dateFin", default)]
    end: Option<WireDate>,
    #[serde(rename = "date", default)]
    date: Option<WireDate>,
    #[serde(rename = "dateDemande", default)]
    asked: Option<WireDate>,
    #[serde(
        rename = "justifie",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    justified: bool,
    #[serde(
        rename = "NbrHeures",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    hours: Option<Cow<'a, str>>,
    #[serde(
        rename = "NbrJours",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    days: Option<i64>,
    #[serde(
        rename = "listeMotifs",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    reasons: Vec<WireLabel<'a>>,
    #[serde(
        rename = "estMotifNonEncoreConnu",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    reason_unknown: bool,
    #[serde(
        rename = "aJustifierParParents",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    to_justify_by_parents: bool,
    #[serde(
        rename = "reglee",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    settled: bool,
    #[serde(
        rename = "ouverte",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    open: bool,
    #[serde(
        rename = "duree",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    minutes: Option<i64>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    justification: Option<Cow<'a, str>>,
    #[serde(
        rename = "programmation",
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    schedule: Vec<WireSession>,
    #[serde(
        rename = "horsCours",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    outside_lessons: bool,
    #[serde(
        rename = "placeDemande",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    given_at_place: Option<i64>,
    #[serde(rename = "nature", borrow, default)]
    nature: Option<Wrapped<WireLabel<'a>>>,
    #[serde(rename = "demandeur", borrow, default)]
    giver: Option<Wrapped<WireLabel<'a>>>,
    #[serde(
        rename = "estUneExclusion",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    exclusion: bool,
    #[serde(
        rename = "circonstances",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    circumstances: Option<Cow<'a, str>>,
    #[serde(
        rename = "documentsCirconstances",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    circumstance_documents: Vec<WireAttachment<'a>>,
    #[serde(
        rename = "travailAFaire",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    work: Option<Cow<'a, str>>,
    #[serde(
        rename = "documentsTAF",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    work_documents: Vec<WireAttachment<'a>>,
    #[serde(rename = "matiere", borrow, default)]
    subject: Option<Wrapped<WireSubject<'a>>>,
    #[serde(
        rename = "genreObservation",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    observation_kind: Option<i64>,
    #[serde(rename = "rubrique", borrow, default)]
    section: Option<Wrapped<WireLabel<'a>>>,
    #[serde(
        rename = "commentaire",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    comment: Option<Cow<'a, str>>,
    #[serde(
        rename = "estLue",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    read: bool,
    #[serde(
        rename = "avecARObservation",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    needs_acknowledgement: bool,
    #[serde(rename = "decideur", borrow, default)]
    decided_by: Option<Wrapped<WireLabel<'a>>>,
    #[serde(
        rename = "interditAcces",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    forbidden_access: Option<Cow<'a, str>>,
}

/// A scheduled session of a punishment.
#[derive(Debug, Deserialize)]
struct WireSession {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(rename = "date", default)]
    date: Option<WireDate>,
    #[serde(
        rename = "placeExecution",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    place: Option<i64>,
    #[serde(
        rename = "duree",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    minutes: Option<i64>,
}

fn label_of(label: Option<Wrapped<WireLabel<'_>>>) -> Option<String> {
    label.and_then(|l| owned(l.into_inner().label))
}

fn required<T>(value: Option<T>, what: &str) -> Result<T> {
    value.ok_or_else(|| Error::reply(NAME, format!("no {what}")))
}

fn absence(item: WireItem<'_>) -> Result<Absence> {
    Ok(Absence {
        id: required(item.id, "id (N) for an absence")?.into(),
        start: required(item.start, "dateDebut")?.0,
        end: required(item.end, "dateFin")?.0,
        justified: item.justified,
        minutes: item.hours.as_deref().and_then(minutes_of_hours),
        hours: owned(item.hours),
        days: item.days,
        reasons: labels(item.reasons),
        reason_unknown: item.reason_unknown,
        to_justify_by_parents: item.to_justify_by_parents,
        settled: item.settled,
        open: item.open,
    })
}

fn delay(item: WireItem<'_>) -> Result<Delay> {
    Ok(Delay {
        id: required(item.id, "id (N) for a delay")?.into(),
        at: required(item.date, "date")?.0,
        minutes: item.minutes,
        justified: item.justified,
        justification: owned(item.justification),
        reasons: labels(item.reasons),
        reason_unknown: item.reason_unknown,
        to_justify_by_parents: item.to_justify_by_parents,
        settled: item.settled,
    })
}

fn punishment(item: WireItem<'_>) -> Result<Punishment> {
    let schedule = item
        .schedule
        .into_iter()
        .map(|s| {
            Ok(ScheduledSession {
                id: s.id,
                date: required(s.date, "date")?.date(),
                place: s.place,
                minutes: s.minutes,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Punishment {
        id: required(item.id, "id (N) for a punishment")?.into(),
        given: required(item.asked, "dateDemande")?.date(),
        outside_lessons: item.outside_lessons,
        given_at_place: item.given_at_place,
        nature: label_of(item.nature)
            .ok_or_else(|| Error::reply(NAME, "a punishment has no nature"))?,
        reasons: labels(item.reasons),
        giver: label_of(item.giver),
        exclusion: item.exclusion,
        circumstances: owned(item.circumstances),
        circumstance_documents: attachments(NAME, item.circumstance_documents)?,
        work: owned(item.work),
        work_documents: attachments(NAME, item.work_documents)?,
        minutes: item.minutes,
        schedule,
    })
}

fn observation(item: WireItem<'_>) -> Result<Observation> {
    let subject = match item.subject.map(Wrapped::into_inner) {
        Some(m) if m.id.as_ref().is_some_and(|id| id.to_string() != "0") && m.name.is_some() => {
            Some(m.into_model(NAME)?)
        }
        _ => None,
    };
    Ok(Observation {
        id: required(item.id, "id (N) for an observation")?.into(),
        label: owned(item.label).unwrap_or_default(),
        date: required(item.date, "date")?.date(),
        kind: ObservationKind::from_code(item.observation_kind.unwrap_or(1)),
        section: label_of(item.section),
        subject,
        comment: owned(item.comment),
        giver: label_of(item.giver),
        read: item.read,
        needs_acknowledgement: item.needs_acknowledgement,
    })
}

fn measure(item: WireItem<'_>) -> Result<PrecautionaryMeasure> {
    Ok(PrecautionaryMeasure {
        id: required(item.id, "id (N) for a precautionary measure")?.into(),
        nature: label_of(item.nature),
        comment: owned(item.comment),
        reasons: labels(item.reasons),
        exclusion: item.exclusion,
        circumstances: owned(item.circumstances),
        circumstance_documents: attachments(NAME, item.circumstance_documents)?,
        decided_by: label_of(item.decided_by),
        asked_by: label_of(item.giver),
        asked: item.asked.map(WireDate::date),
        start: item.start.map(|d| d.0),
        end: item.end.map(|d| d.0),
        forbidden_access: item
            .forbidden_access
            .and_then(|set| Domain::parse(&set).ok())
            .map(|set| set.iter().collect())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_sends_the_period_and_its_days() {
        let s = Session::new();
        let period = json!({"N": "1#p", "L": "Trimestre 1", "G": 2});
        assert_eq!(
            s.data(&GetNotebook::new("Trimestre 1")),
            json!({
                "periode": period,
                "DateDebut": {"_T": 7, "V": "01/09/2025 00:00:00"},
                "DateFin": {"_T": 7, "V": "30/11/2025 23:59:59"},
            })
        );
        let between = GetNotebook::new("Trimestre 1").between(
            time::macros::date!(2025 - 09 - 08),
            time::macros::date!(2025 - 09 - 12),
        );
        assert_eq!(
            s.data(&between),
            json!({
                "periode": period,
                "DateDebut": {"_T": 7, "V": "08/09/2025 00:00:00"},
                "DateFin": {"_T": 7, "V": "12/09/2025 23:59:59"},
            })
        );
    }
}
