//! `PageEmploiDuTemps` (tab 16): a student's lessons for a week
//! (`numeroSemaine`) or a date range (`dateDebut`/`dateFin`).
//!
//! Lessons on the grid carry `place` (day × 20 + half hour from 08h00) and
//! `duree`; `DateDuCoursFin` is only sent for items whose end is not read
//! from `ListeHeuresFin` (detentions, outings), as the real server does.
//! `estRetenue` and `estSortiePedagogique` are only present on detentions
//! and outings: Pawnote takes the mere presence of `estRetenue` for a
//! detention.

use serde_json::{Value, json};
use time::{Date, Duration, PrimitiveDateTime};

use super::{Ctx, datetime_v, elem, kind, list, parse_date_value};
use crate::data::calendar::{PLACES_PER_DAY, place_time, weekday_index};
use crate::data::timetable::Lesson;
use crate::rpc::{Reply, RpcError, RpcResult};

/// The wire id of a lesson.
pub(crate) fn lesson_id(ctx: &Ctx<'_>, student: usize, index: usize) -> String {
    ctx.id(kind::LESSON, &format!("l:{student}:{index}"))
}

/// The wire id of a lesson's notebook entry.
pub(crate) fn notebook_id(ctx: &Ctx<'_>, student: usize, index: usize) -> String {
    ctx.id(kind::CONTENT, &format!("cdt:{student}:{index}"))
}

/// A subject reference `{N, L, G: 16}`.
pub(crate) fn subject_ref(ctx: &Ctx<'_>, subject: usize) -> Value {
    let s = ctx.shared.demo.subject(subject);
    json!({"N": ctx.id(kind::SUBJECT, &format!("su:{}", s.key)), "L": s.name, "G": 16, "couleur": s.color})
}

/// Start and end of a lesson.
pub(crate) fn lesson_span(lesson: &Lesson) -> (PrimitiveDateTime, PrimitiveDateTime) {
    (
        PrimitiveDateTime::new(lesson.date, place_time(lesson.place)),
        PrimitiveDateTime::new(lesson.date, place_time(lesson.place + lesson.duration)),
    )
}

fn lesson_json(ctx: &Ctx<'_>, student: usize, index: usize, lesson: &Lesson) -> Value {
    let demo = &ctx.shared.demo;
    let (start, end) = lesson_span(lesson);
    let mut contents = Vec::new();
    let color = lesson
        .subject
        .map(|s| demo.subject(s).color)
        .unwrap_or("#A0A0A0");
    if lesson.detention {
        contents.push(json!({"L": "Retenue", "estHoraire": true}));
    }
    if lesson.outing.is_some() {
        contents.push(json!({"L": "Sortie p\u{e9}dagogique", "estHoraire": true}));
    }
    if let Some(subject) = lesson.subject {
        contents.push(subject_ref(ctx, subject));
    }
    if let Some(t) = lesson.teacher.and_then(|t| demo.teachers.get(t)) {
        contents.push(json!({"N": ctx.id(kind::TEACHER, &format!("te:{}", t.key)), "L": t.short_name(), "G": 3}));
    }
    if let Some(p) = lesson.staff.and_then(|p| demo.staff.get(p)) {
        contents.push(json!({"N": ctx.id(kind::STAFF, &format!("sf:{}", p.key)), "L": p.short_name(), "G": 34}));
    }
    if !lesson.room.is_empty() {
        contents.push(json!({"N": ctx.id(kind::MISC, &format!("ro:{}", lesson.room)), "L": lesson.room, "G": 17}));
    }
    if let Some(group) = lesson.group {
        contents.push(json!({"N": ctx.id(kind::MISC, &format!("gr:{group}")), "L": group, "G": 2}));
    }
    let mut v = json!({
        "N": lesson_id(ctx, student, index),
        "G": lesson.kind,
        "P": 1,
        "place": weekday_index(lesson.date) * PLACES_PER_DAY + lesson.place,
        "duree": lesson.duration,
        "DateDuCours": datetime_v(start),
        "CouleurFond": color,
        "ListeContenus": list(contents),
        "AvecTafPublie": false,
    });
    if lesson.exact_end {
        v["DateDuCoursFin"] = datetime_v(end);
    }
    if let Some(status) = lesson.status {
        v["Statut"] = json!(status);
    }
    if lesson.cancelled {
        v["estAnnule"] = json!(true);
    }
    if lesson.exempted {
        v["dispenseEleve"] = json!(true);
    }
    if let Some(memo) = lesson.memo {
        v["memo"] = json!(memo);
    }
    if let Some(url) = &lesson.visio {
        v["listeVisios"] = list(vec![
            json!({"url": url, "libelleLien": "Classe virtuelle", "commentaire": ""}),
        ]);
    }
    if lesson.content.is_some() || lesson.test {
        v["AvecCdT"] = json!(true);
        v["cahierDeTextes"] =
            elem(json!({"N": notebook_id(ctx, student, index), "estDevoir": lesson.test}));
    }
    if lesson.detention {
        v["estRetenue"] = json!(true);
    }
    if let Some(motif) = lesson.outing {
        let class = demo
            .students
            .get(student)
            .and_then(|s| demo.classes.get(s.class));
        v["estSortiePedagogique"] = json!(true);
        v["motif"] = json!(motif);
        v["accompagnateurs"] = json!(
            lesson
                .teacher
                .and_then(|t| demo.teachers.get(t))
                .map(|t| t.full_name())
                .unwrap_or_default()
        );
        v["strGenreRess"] = json!("Classe");
        v["strRess"] = json!(class.map(|c| c.name).unwrap_or(""));
    }
    v
}

/// The date span asked for.
fn span(ctx: &Ctx<'_>) -> Result<(Date, Date), RpcError> {
    let calendar = &ctx.shared.demo.calendar;
    if let Some(week) = ctx.field_any("numeroSemaine").and_then(Value::as_i64) {
        let week = i32::try_from(week.clamp(-100, 100)).unwrap_or(1);
        let monday = calendar.week_monday(week);
        return Ok((monday, monday.saturating_add(Duration::days(6))));
    }
    if let Some(start) = parse_date_value(ctx.field_any("dateDebut")) {
        let end = parse_date_value(ctx.field_any("dateFin"))
            .map(|d| d.date())
            .unwrap_or_else(|| start.date().saturating_add(Duration::days(6)));
        return Ok((start.date(), end));
    }
    Err(RpcError::Signature(3))
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let (from, to) = span(ctx)?;
    let demo = &ctx.shared.demo;
    let in_span = |l: &Lesson| l.date >= from && l.date <= to;
    let lessons: Vec<Value> = match ctx.account()?.kind {
        // A teacher sees the lessons they teach, in every class.
        crate::data::AccountKind::Teacher(teacher) => {
            let mut seen = std::collections::BTreeSet::new();
            let mut out = Vec::new();
            for (s, student) in demo.students.iter().enumerate() {
                for (i, l) in student.lessons.iter().enumerate() {
                    if l.teacher == Some(teacher)
                        && l.is_lesson()
                        && in_span(l)
                        && seen.insert((l.date, l.place, student.class))
                    {
                        let mut v = lesson_json(ctx, s, i, l);
                        if let (Value::Object(map), Some(class)) =
                            (&mut v, demo.classes.get(student.class))
                        {
                            if let Some(Value::Object(contents)) = map.get_mut("ListeContenus") {
                                if let Some(Value::Array(items)) = contents.get_mut("V") {
                                    items.push(json!({"N": ctx.id(kind::CLASS, &format!("cl:{}", student.class)), "L": class.name, "G": 1}));
                                }
                            }
                        }
                        out.push(v);
                    }
                }
            }
            out
        }
        _ => {
            let student = ctx.student()?;
            let s = demo.students.get(student).ok_or(RpcError::Top(22))?;
            s.lessons
                .iter()
                .enumerate()
                .filter(|(_, l)| in_span(l))
                .map(|(i, l)| lesson_json(ctx, student, i, l))
                .collect()
        }
    };
    let ical = ctx.account()?.ical_token.clone();
    Ok(Reply::data(json!({
        "ParametreExportiCal": ical,
        "avecCoursAnnule": true,
        "ListeCours": lessons,
        "recreations": list(vec![json!({"L": "R\u{e9}cr\u{e9}ation", "place": 4})]),
    })))
}

/// `PageEmploiDuTemps_DomainePresence`: the weeks in which the timetable's
/// resource has lessons (`Domaine`, a domain of week numbers), which the
/// calendar above the grid offers.
pub(crate) fn handle_presence(ctx: &mut Ctx<'_>) -> RpcResult {
    ctx.account()?;
    let calendar = &ctx.shared.demo.calendar;
    let last = calendar.week(calendar.last_date);
    Ok(Reply::data(json!({
        "Domaine": {"_T": 8, "V": format!("[1..{last}]")},
    })))
}
