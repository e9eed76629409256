//! `PagePresence` (tab 19): the student's record over a period.
//!
//! Request: `periode {N, L, G}`, `DateDebut`, `DateFin` (`{_T: 7, V}`,
//! `dd/mm/yyyy HH:MM:SS`). Reply: `listeAbsences`, every item told apart
//! by `G`: 13 absence, 14 delay, 41 punishment, 46 observation, 72
//! precautionary measure; other kinds are skipped, as both public
//! clients do.

use serde_json::{Value, json};
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::Reply;
use pronote_proto::value::{Domain, format_server};

use super::dernieres_notes::find_period;
use super::{Reader, field, flag, opt_i64, opt_id, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::instance::{list, str_of};
use crate::models::notebook::{
    Absence, Delay, Notebook, Observation, ObservationKind, PrecautionaryMeasure, Punishment,
    ScheduledSession,
};

const NAME: &str = "PagePresence";
const READ: Reader = Reader(NAME);

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

impl Function for GetNotebook {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(19);
    const KIND: CallKind = CallKind::Read;
    type Output = Notebook;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let period = find_period(ctx, &self.period)?;
        let (from, to) = self.range.unwrap_or((period.start, period.end));
        let at =
            |d: Date, t: Time| json!({"_T": 7, "V": format_server(PrimitiveDateTime::new(d, t))});
        Ok(Some(json!({
            "periode": {"N": period.id, "L": period.name, "G": period.kind},
            "DateDebut": at(from, Time::MIDNIGHT),
            "DateFin": at(to, Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT)),
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Notebook> {
        let mut notebook = Notebook::default();
        for item in READ.req_list(&reply.data, "listeAbsences")? {
            match opt_i64(item, "G") {
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

/// The labels of `listeMotifs`.
fn reasons(item: &Value) -> Vec<String> {
    super::labels(item, "listeMotifs")
}

/// The label of an element field (`nature.V.L`).
fn label_of(item: &Value, key: &str) -> Option<String> {
    field(item, key).and_then(|e| opt_string(e, "L"))
}

fn absence(item: &Value) -> Result<Absence> {
    Ok(Absence {
        id: READ.id(item, "an absence")?,
        start: READ.date_time(item, "dateDebut")?,
        end: READ.date_time(item, "dateFin")?,
        justified: flag(item, "justifie"),
        hours: opt_string(item, "NbrHeures"),
        days: opt_i64(item, "NbrJours"),
        reasons: reasons(item),
        reason_unknown: flag(item, "estMotifNonEncoreConnu"),
        to_justify_by_parents: flag(item, "aJustifierParParents"),
        settled: flag(item, "reglee"),
        open: flag(item, "ouverte"),
    })
}

fn delay(item: &Value) -> Result<Delay> {
    Ok(Delay {
        id: READ.id(item, "a delay")?,
        at: READ.date_time(item, "date")?,
        minutes: opt_i64(item, "duree"),
        justified: flag(item, "justifie"),
        justification: opt_string(item, "justification"),
        reasons: reasons(item),
        reason_unknown: flag(item, "estMotifNonEncoreConnu"),
        to_justify_by_parents: flag(item, "aJustifierParParents"),
        settled: flag(item, "reglee"),
    })
}

fn punishment(item: &Value) -> Result<Punishment> {
    let schedule = list(item.get("programmation"))
        .iter()
        .map(|s| {
            Ok(ScheduledSession {
                id: opt_id(s),
                date: READ.date(s, "date")?,
                place: opt_i64(s, "placeExecution"),
                minutes: opt_i64(s, "duree"),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Punishment {
        id: READ.id(item, "a punishment")?,
        given: READ.date(item, "dateDemande")?,
        outside_lessons: flag(item, "horsCours"),
        given_at_place: opt_i64(item, "placeDemande"),
        nature: label_of(item, "nature").ok_or_else(|| READ.error("a punishment has no nature"))?,
        reasons: reasons(item),
        giver: label_of(item, "demandeur"),
        exclusion: flag(item, "estUneExclusion"),
        circumstances: opt_string(item, "circonstances"),
        circumstance_documents: READ.attachments(item, "documentsCirconstances")?,
        work: opt_string(item, "travailAFaire"),
        work_documents: READ.attachments(item, "documentsTAF")?,
        minutes: opt_i64(item, "duree"),
        schedule,
    })
}

fn observation(item: &Value) -> Result<Observation> {
    let subject = match field(item, "matiere") {
        Some(m)
            if opt_id(m).is_some_and(|id| id.to_string() != "0")
                && opt_string(m, "L").is_some() =>
        {
            Some(READ.subject(m)?)
        }
        _ => None,
    };
    Ok(Observation {
        id: READ.id(item, "an observation")?,
        label: str_of(item, "L").to_owned(),
        date: READ.date(item, "date")?,
        kind: ObservationKind::from_code(opt_i64(item, "genreObservation").unwrap_or(1)),
        section: label_of(item, "rubrique"),
        subject,
        comment: opt_string(item, "commentaire"),
        giver: label_of(item, "demandeur"),
        read: flag(item, "estLue"),
        needs_acknowledgement: flag(item, "avecARObservation"),
    })
}

fn measure(item: &Value) -> Result<PrecautionaryMeasure> {
    Ok(PrecautionaryMeasure {
        id: READ.id(item, "a precautionary measure")?,
        nature: label_of(item, "nature"),
        comment: opt_string(item, "commentaire"),
        reasons: reasons(item),
        exclusion: flag(item, "estUneExclusion"),
        circumstances: opt_string(item, "circonstances"),
        circumstance_documents: READ.attachments(item, "documentsCirconstances")?,
        decided_by: label_of(item, "decideur"),
        asked_by: label_of(item, "demandeur"),
        asked: READ.opt_date(item, "dateDemande")?,
        start: READ.opt_date_time(item, "dateDebut")?,
        end: READ.opt_date_time(item, "dateFin")?,
        forbidden_access: field(item, "interditAcces")
            .and_then(Value::as_str)
            .and_then(|set| Domain::parse(set).ok())
            .map(|set| set.iter().collect())
            .unwrap_or_default(),
    })
}
