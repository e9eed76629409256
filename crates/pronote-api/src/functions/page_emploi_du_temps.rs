//! `PageEmploiDuTemps` (tab 16): the timetable of a week or of a date
//! interval.
//!
//! Request: the student as `ressource` and `Ressource`, display flags, then
//! `numeroSemaine`/`NumeroSemaine` or `dateDebut`/`DateDebut` and
//! `dateFin`/`DateFin` (`_T` 7). Reply: the bare list `ListeCours`.

use serde_json::{Map, Value, json};
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::Reply;
use pronote_proto::value::format_client;

use super::{Reader, field, flag, opt_i64, opt_id, opt_string};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::instance::{list, str_of};
use crate::models::timetable::{Lesson, LessonKind, Outing, VisioLink, hide_superposed_cancelled};

const NAME: &str = "PageEmploiDuTemps";
const READ: Reader = Reader(NAME);

/// Which lessons to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimetableRange {
    /// A school week (1 = the week of the first Monday).
    Week(i32),
    /// Every day from `from` to `to`, both included.
    Dates {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
    },
}

/// Reads the timetable of a week or of a date interval.
///
/// Cancelled lessons that another lesson replaces at the same time are
/// hidden, as PRONOTE shows them (see
/// [`hide_superposed_cancelled`]); [`GetTimetable::keep_superposed_cancelled`]
/// keeps them.
///
/// ```
/// use pronote_api::functions::GetTimetable;
/// use time::macros::date;
/// let week = GetTimetable::week(12);
/// let days = GetTimetable::between(date!(2025-09-08), date!(2025-09-12))
///     .keep_superposed_cancelled(true);
/// # let _ = (week, days);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetTimetable {
    range: TimetableRange,
    keep_superposed_cancelled: bool,
}

impl GetTimetable {
    /// The lessons of a school week.
    pub fn week(week: i32) -> Self {
        GetTimetable {
            range: TimetableRange::Week(week),
            keep_superposed_cancelled: false,
        }
    }

    /// The lessons from `from` to `to`, both days included, in one call.
    pub fn between(from: Date, to: Date) -> Self {
        GetTimetable {
            range: TimetableRange::Dates { from, to },
            keep_superposed_cancelled: false,
        }
    }

    /// Keeps cancelled lessons even when another lesson takes their time.
    pub fn keep_superposed_cancelled(mut self, keep: bool) -> Self {
        self.keep_superposed_cancelled = keep;
        self
    }

    /// The range asked for.
    pub fn range(&self) -> TimetableRange {
        self.range
    }
}

impl Function for GetTimetable {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(16);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Lesson>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let student = ctx
            .student
            .ok_or_else(|| Error::NotFound("no student to read the timetable of".into()))?;
        // pronotepy sends the whole resource object, Pawnote `{N, G, L}`:
        // the server reads `N` and `G`.
        let resource = if student.raw.is_object() {
            student.raw.clone()
        } else {
            student.reference()
        };
        let mut data = Map::new();
        data.insert("ressource".into(), resource.clone());
        data.insert("Ressource".into(), resource);
        for (key, value) in [
            ("avecAbsencesEleve", false),
            ("avecConseilDeClasse", true),
            ("estEDTPermanence", false),
            ("avecAbsencesRessource", true),
            ("avecDisponibilites", true),
            ("avecInfosPrefsGrille", true),
            ("avecCoursSortiePeda", true),
            ("avecRetenuesEleve", true),
            ("estEDTAnnuel", false),
            ("avecRessourcesLibrePiedHoraire", false),
        ] {
            data.insert(key.into(), Value::Bool(value));
        }
        match self.range {
            TimetableRange::Week(week) => {
                data.insert("numeroSemaine".into(), json!(week));
                data.insert("NumeroSemaine".into(), json!(week));
            }
            TimetableRange::Dates { from, to } => {
                let start = date_value(PrimitiveDateTime::new(from, Time::MIDNIGHT));
                // The whole last day, whether the server reads the time or
                // only the date.
                let end = date_value(PrimitiveDateTime::new(to, LAST_SECOND));
                data.insert("dateDebut".into(), start.clone());
                data.insert("DateDebut".into(), start);
                data.insert("dateFin".into(), end.clone());
                data.insert("DateFin".into(), end);
            }
        }
        Ok(Some(Value::Object(data)))
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<Lesson>> {
        let mut lessons = READ
            .req_list(&reply.data, "ListeCours")?
            .iter()
            .map(|item| lesson(item, ctx))
            .collect::<Result<Vec<_>>>()?;
        if let TimetableRange::Dates { from, to } = self.range {
            lessons.retain(|l| from <= l.start.date() && l.start.date() <= to);
        }
        if self.keep_superposed_cancelled {
            lessons.sort_by(|a, b| a.start.cmp(&b.start).then(a.order.cmp(&b.order)));
            Ok(lessons)
        } else {
            Ok(hide_superposed_cancelled(lessons))
        }
    }
}

/// 23:59:59.
const LAST_SECOND: Time = time::macros::time!(23:59:59);

fn date_value(value: PrimitiveDateTime) -> Value {
    json!({"_T": 7, "V": format_client(value)})
}

fn small(v: &Value, key: &str) -> Option<u32> {
    opt_i64(v, key).and_then(|n| u32::try_from(n).ok())
}

/// One `ListeCours` item.
fn lesson(item: &Value, ctx: &Context<'_>) -> Result<Lesson> {
    let id = READ.id(item, "a lesson")?;
    let start = READ.date_time(item, "DateDuCours")?;
    let place = small(item, "place");
    let slots = small(item, "duree");
    let end = match READ.opt_date_time(item, "DateDuCoursFin")? {
        Some(end) => end,
        None => {
            let time = place
                .zip(slots)
                .and_then(|(place, slots)| ctx.instance.slot_end(place, slots))
                .ok_or_else(|| {
                    READ.error("a lesson has neither DateDuCoursFin nor a place in the grid")
                })?;
            PrimitiveDateTime::new(start.date(), time)
        }
    };

    let mut subject = None;
    let (mut teachers, mut staff, mut rooms, mut groups) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut title = None;
    for content in list(item.get("ListeContenus")) {
        let label = str_of(content, "L");
        if flag(content, "estHoraire") {
            title = (!label.is_empty()).then(|| label.to_owned());
            continue;
        }
        let target = match opt_i64(content, "G") {
            Some(16) => {
                subject = Some(READ.subject(content)?);
                continue;
            }
            Some(3) => &mut teachers,
            Some(34) => &mut staff,
            Some(17) => &mut rooms,
            Some(2) => &mut groups,
            _ => continue,
        };
        if !label.is_empty() {
            target.push(label.to_owned());
        }
    }

    let visio_links = list(item.get("listeVisios"))
        .iter()
        .map(|visio| {
            Ok(VisioLink {
                url: READ.string(visio, "url", "a visio link")?,
                label: opt_string(visio, "libelleLien"),
                comment: opt_string(visio, "commentaire"),
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let outing = flag(item, "estSortiePedagogique").then(|| Outing {
        reason: opt_string(item, "motif"),
        attendants: opt_string(item, "accompagnateurs"),
        resource_kind: opt_string(item, "strGenreRess"),
        resource: opt_string(item, "strRess"),
    });
    let notebook = field(item, "cahierDeTextes");

    Ok(Lesson {
        id,
        kind: opt_i64(item, "G").map_or(LessonKind::Normal, LessonKind::from_code),
        order: opt_i64(item, "P"),
        start,
        end,
        week: ctx.instance.week_of(start.date()),
        place,
        slots,
        subject,
        teachers,
        staff,
        rooms,
        groups,
        title,
        status: opt_string(item, "Statut"),
        cancelled: flag(item, "estAnnule"),
        exempted: flag(item, "dispenseEleve"),
        detention: flag(item, "estRetenue"),
        outing,
        test: notebook.is_some_and(|n| flag(n, "estDevoir")),
        lesson_content_id: notebook.and_then(opt_id),
        memo: opt_string(item, "memo"),
        color: opt_string(item, "CouleurFond"),
        visio_links,
    })
}
