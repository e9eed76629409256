//! `PageEmploiDuTemps` (tab 16): the timetable of a week or of a date
//! interval.
//!
//! Request: the student as `ressource` and `Ressource`, display flags, then
//! `numeroSemaine`/`NumeroSemaine` or `dateDebut`/`DateDebut` and
//! `dateFin`/`DateFin` (`_T` 7). Reply: the bare list `ListeCours`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, PrimitiveDateTime, Time};

use pronote_proto::value::{Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{WireRef, WireSubject, owned, parse, read_text, request, student_ref};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::ids::StudentId;
use crate::models::timetable::{
    Lesson, LessonKind, Outing, VisioLink, assign_uids, hide_superposed_cancelled,
};

const NAME: &str = "PageEmploiDuTemps";

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

/// The request: the student under both spellings, the flags pronotepy
/// and Pawnote send, and the week or the dates (each under both
/// spellings, in the clients' style).
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "ressource")]
    resource: WireRef<'a, StudentId>,
    #[serde(rename = "Ressource")]
    resource_again: WireRef<'a, StudentId>,
    #[serde(rename = "avecAbsencesEleve")]
    with_student_absences: bool,
    #[serde(rename = "avecConseilDeClasse")]
    with_class_council: bool,
    #[serde(rename = "estEDTPermanence")]
    study_room: bool,
    #[serde(rename = "avecAbsencesRessource")]
    with_resource_absences: bool,
    #[serde(rename = "avecDisponibilites")]
    with_availabilities: bool,
    #[serde(rename = "avecInfosPrefsGrille")]
    with_grid_preferences: bool,
    #[serde(rename = "avecCoursSortiePeda")]
    with_outings: bool,
    #[serde(rename = "avecRetenuesEleve")]
    with_detentions: bool,
    #[serde(rename = "estEDTAnnuel")]
    whole_year: bool,
    #[serde(rename = "avecRessourcesLibrePiedHoraire")]
    with_free_resources: bool,
    #[serde(rename = "numeroSemaine", skip_serializing_if = "Option::is_none")]
    week: Option<i32>,
    #[serde(rename = "NumeroSemaine", skip_serializing_if = "Option::is_none")]
    week_again: Option<i32>,
    #[serde(rename = "dateDebut", skip_serializing_if = "Option::is_none")]
    from: Option<WireDate>,
    #[serde(rename = "DateDebut", skip_serializing_if = "Option::is_none")]
    from_again: Option<WireDate>,
    #[serde(rename = "dateFin", skip_serializing_if = "Option::is_none")]
    to: Option<WireDate>,
    #[serde(rename = "DateFin", skip_serializing_if = "Option::is_none")]
    to_again: Option<WireDate>,
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
        // The student as PRONOTE's web client writes an element, `{N, G,
        // L}` (Pawnote does the same; pronotepy sends the whole resource
        // object it received, of which the server reads `N` and `G`).
        let resource = student_ref(student);
        let (week, from, to) = match self.range {
            TimetableRange::Week(week) => (Some(week), None, None),
            TimetableRange::Dates { from, to } => (
                None,
                Some(WireDate(PrimitiveDateTime::new(from, Time::MIDNIGHT))),
                // The whole last day, whether the server reads the time or
                // only the date.
                Some(WireDate(PrimitiveDateTime::new(to, LAST_SECOND))),
            ),
        };
        request(
            NAME,
            &WireRequest {
                resource,
                resource_again: resource,
                with_student_absences: false,
                with_class_council: true,
                study_room: false,
                with_resource_absences: true,
                with_availabilities: true,
                with_grid_preferences: true,
                with_outings: true,
                with_detentions: true,
                whole_year: false,
                with_free_resources: false,
                week,
                week_again: week,
                from,
                from_again: from,
                to,
                to_again: to,
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<Lesson>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<Lesson>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetTimetable {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, ctx: &Context<'_>) -> Result<Vec<Lesson>> {
        let mut lessons = wire
            .lessons
            .into_inner()
            .into_iter()
            .map(|item| lesson(item, ctx))
            .collect::<Result<Vec<_>>>()?;
        // Over the whole reply, before any filter: every lesson of a slot
        // is there, so the same-slot suffixes do not depend on the range.
        assign_uids(&mut lessons);
        if let TimetableRange::Dates { from, to } = self.range {
            lessons.retain(|l| from <= l.start.date() && l.start.date() <= to);
        }
        if self.keep_superposed_cancelled {
            crate::models::timetable::sort_lessons(&mut lessons);
            Ok(lessons)
        } else {
            Ok(hide_superposed_cancelled(lessons))
        }
    }
}

/// 23:59:59.
const LAST_SECOND: Time = time::macros::time!(23:59:59);

/// Reads a whole `PageEmploiDuTemps` payload text (`{"data": …}` or
/// `{"donnees": …}`) into the wire structs and nothing more; gives the
/// number of lessons. For the benchmarks, which compare the typed decoding
/// with the sum of its parts.
#[doc(hidden)]
pub fn parse_wire_payload(json: &[u8]) -> std::result::Result<usize, serde_json::Error> {
    #[derive(Deserialize)]
    struct Payload<'a> {
        #[serde(alias = "donnees", borrow)]
        data: WireReply<'a>,
    }
    let payload: Payload<'_> = serde_json::from_slice(json)?;
    Ok(payload.data.lessons.0.len())
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "ListeCours", borrow)]
    lessons: Wrapped<Vec<WireLesson<'a>>>,
}

/// One `ListeCours` item.
#[derive(Debug, Deserialize)]
struct WireLesson<'a> {
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
        rename = "P",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    order: Option<i64>,
    #[serde(rename = "DateDuCours", default)]
    start: Option<WireDate>,
    #[serde(rename = "DateDuCoursFin", default)]
    end: Option<WireDate>,
    #[serde(default, deserialize_with = "lenient::opt_int::deserialize")]
    place: Option<u32>,
    #[serde(
        rename = "duree",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    slots: Option<u32>,
    #[serde(
        rename = "ListeContenus",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    contents: Vec<WireContent<'a>>,
    #[serde(
        rename = "listeVisios",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    visios: Vec<WireVisio<'a>>,
    #[serde(
        rename = "estSortiePedagogique",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    outing: bool,
    #[serde(
        rename = "motif",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    reason: Option<Cow<'a, str>>,
    #[serde(
        rename = "accompagnateurs",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    attendants: Option<Cow<'a, str>>,
    #[serde(
        rename = "strGenreRess",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    resource_kind: Option<Cow<'a, str>>,
    #[serde(
        rename = "strRess",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    resource: Option<Cow<'a, str>>,
    #[serde(rename = "cahierDeTextes", default)]
    notebook: Option<Wrapped<WireNotebookLink>>,
    #[serde(
        rename = "Statut",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    status: Option<Cow<'a, str>>,
    #[serde(
        rename = "estAnnule",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    cancelled: bool,
    #[serde(
        rename = "dispenseEleve",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    exempted: bool,
    #[serde(
        rename = "estRetenue",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    detention: bool,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    memo: Option<Cow<'a, str>>,
    #[serde(
        rename = "CouleurFond",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    color: Option<Cow<'a, str>>,
}

/// A `ListeContenus` item: the subject, a teacher, a room, a group, or
/// the title of a detention or outing (`estHoraire`).
#[derive(Debug, Deserialize)]
struct WireContent<'a> {
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
    #[serde(
        rename = "estHoraire",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    title: bool,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    label: Option<Cow<'a, str>>,
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
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
}

/// A `listeVisios` item.
#[derive(Debug, Deserialize)]
struct WireVisio<'a> {
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    url: Option<Cow<'a, str>>,
    #[serde(
        rename = "libelleLien",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    label: Option<Cow<'a, str>>,
    #[serde(
        rename = "commentaire",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    comment: Option<Cow<'a, str>>,
}

/// `cahierDeTextes`: the lesson's notebook entry.
#[derive(Debug, Deserialize)]
struct WireNotebookLink {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "estDevoir",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    test: bool,
}

/// One lesson, as a model.
fn lesson(item: WireLesson<'_>, ctx: &Context<'_>) -> Result<Lesson> {
    let id = item
        .id
        .ok_or_else(|| Error::reply(NAME, "a lesson has no id (N)"))?;
    let start = item
        .start
        .ok_or_else(|| Error::reply(NAME, "no DateDuCours"))?
        .0;
    let end = match item.end {
        Some(end) => end.0,
        None => {
            let time = item
                .place
                .zip(item.slots)
                .and_then(|(place, slots)| ctx.instance.slot_end(place, slots))
                .ok_or_else(|| {
                    Error::reply(
                        NAME,
                        "a lesson has neither DateDuCoursFin nor a place in the grid",
                    )
                })?;
            PrimitiveDateTime::new(start.date(), time)
        }
    };

    let mut subject = None;
    let (mut teachers, mut staff, mut rooms, mut groups) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut title = None;
    for content in item.contents {
        if content.title {
            title = owned(content.label);
            continue;
        }
        let target = match content.kind {
            Some(16) => {
                let wire = WireSubject {
                    id: content.id,
                    name: content.label,
                    group_subject: content.group_subject,
                    color: content.color,
                };
                subject = Some(wire.into_model(NAME)?);
                continue;
            }
            Some(3) => &mut teachers,
            Some(34) => &mut staff,
            Some(17) => &mut rooms,
            Some(2) => &mut groups,
            _ => continue,
        };
        if let Some(label) = content.label {
            target.push(label.into_owned());
        }
    }

    let visio_links = item
        .visios
        .into_iter()
        .map(|visio| {
            Ok(VisioLink {
                url: owned(visio.url)
                    .ok_or_else(|| Error::reply(NAME, "a visio link has no url"))?,
                label: owned(visio.label),
                comment: owned(visio.comment),
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let outing = item.outing.then(|| Outing {
        reason: owned(item.reason),
        attendants: owned(item.attendants),
        resource_kind: owned(item.resource_kind),
        resource: owned(item.resource),
    });
    let notebook = item.notebook.map(Wrapped::into_inner);

    Ok(Lesson {
        id: id.into(),
        // Filled by `assign_uids` once the whole reply is read.
        uid: String::new(),
        kind: item.kind.map_or(LessonKind::Normal, LessonKind::from_code),
        order: item.order,
        start,
        end,
        week: ctx.instance.week_of(start.date()),
        place: item.place,
        slots: item.slots,
        subject,
        teachers,
        staff,
        rooms,
        groups,
        title,
        status: owned(item.status),
        cancelled: item.cancelled,
        exempted: item.exempted,
        detention: item.detention,
        outing,
        test: notebook.as_ref().is_some_and(|n| n.test),
        lesson_content_id: notebook.and_then(|n| n.id).map(Into::into),
        memo: owned(item.memo),
        color: owned(item.color),
        visio_links,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::models::{Instance, User};
    use serde_json::json;

    use pronote_proto::RawReply;

    /// The payload text and the parsed reply give the same lessons, and
    /// the same error for a malformed reply.
    #[test]
    fn text_and_value_replies_read_alike() {
        let instance = Instance::from_reply(&json!({"General": {
            "PremierLundi": {"_T": 7, "V": "01/09/2025"},
            "DerniereDate": {"_T": 7, "V": "03/07/2026"},
        }}))
        .unwrap();
        let user =
            User::from_reply(&json!({"ressource": {"N": "1#a", "G": 4, "L": "E"}}), 3).unwrap();
        let ctx = Context {
            instance: &instance,
            user: &user,
            student: user.student(None),
        };
        let lesson = json!({
            "N": "9#l", "G": 2, "P": 1, "place": 3, "duree": 2,
            "DateDuCours": {"_T": 7, "V": "08/09/2025 09:00:00"},
            "DateDuCoursFin": {"_T": 7, "V": "08/09/2025 10:00:00"},
            "ListeContenus": {"_T": 24, "V": [
                {"N": "3#s", "G": 16, "L": "MATH\u{c9}MATIQUES", "couleur": "#123456"},
                {"N": "4#t", "G": 3, "L": "M. PROF"},
            ]},
            "cahierDeTextes": {"_T": 24, "V": {"N": "5#c", "estDevoir": true}},
            "Statut": "Rempla\u{e7}ant",
        });
        let function = GetTimetable::week(2);
        for data in [json!({"ListeCours": [lesson]}), json!({"ListeCours": 3})] {
            let payload = json!({"nom": NAME, "donnees": data});
            let text = pronote_proto::payload::to_ascii_json(&payload).unwrap();
            let one_pass =
                ReplyText::from_payload(text.clone().into_bytes(), "donnees", "_Signature_")
                    .unwrap();
            let two_pass = RawReply::from_payload(text.into_bytes(), "donnees", "_Signature_")
                .unwrap()
                .into();
            let reply = Reply {
                data: data.clone(),
                ..Reply::default()
            };
            let from_text = function.decode_text(one_pass, &ctx);
            let from_raw = function.decode_text(two_pass, &ctx);
            let from_value = function.decode(reply, &ctx);
            match (&from_text, &from_raw) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(Error::Reply { .. }), Err(Error::Reply { .. })) => {}
                other => panic!("the one-pass and two-pass reads disagree: {other:?}"),
            }
            match (from_text, from_value) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b);
                    assert_eq!(a[0].subject.as_ref().unwrap().name, "MATHÉMATIQUES");
                    assert!(a[0].test && a[0].is_replacement());
                }
                (Err(Error::Reply { function: a, .. }), Err(Error::Reply { function: b, .. })) => {
                    assert_eq!((a, b), (NAME, NAME));
                }
                other => panic!("the two paths disagree: {other:?}"),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    fn expected(resource: &Value, range: Value) -> Value {
        let mut data = json!({
            "ressource": resource,
            "Ressource": resource,
            "avecAbsencesEleve": false,
            "avecConseilDeClasse": true,
            "estEDTPermanence": false,
            "avecAbsencesRessource": true,
            "avecDisponibilites": true,
            "avecInfosPrefsGrille": true,
            "avecCoursSortiePeda": true,
            "avecRetenuesEleve": true,
            "estEDTAnnuel": false,
            "avecRessourcesLibrePiedHoraire": false,
        });
        if let (Value::Object(data), Value::Object(range)) = (&mut data, range) {
            data.extend(range);
        }
        data
    }

    #[test]
    fn week_and_dates_requests() {
        let s = Session::new();
        // The student as an element `{N, G, L}`, whatever else its
        // resource object held.
        let reference = json!({"N": "1#a", "G": 4, "L": "ELEVE Test"});
        assert_eq!(
            s.data(&GetTimetable::week(2)),
            expected(&reference, json!({"numeroSemaine": 2, "NumeroSemaine": 2}))
        );
        let between = GetTimetable::between(
            time::macros::date!(2025 - 09 - 08),
            time::macros::date!(2025 - 09 - 16),
        );
        let (from, to) = (
            json!({"_T": 7, "V": "8/9/2025 0:0:0"}),
            json!({"_T": 7, "V": "16/9/2025 23:59:59"}),
        );
        assert_eq!(
            s.data(&between),
            expected(
                &reference,
                json!({"dateDebut": from, "DateDebut": from, "dateFin": to, "DateFin": to})
            )
        );
    }
}
