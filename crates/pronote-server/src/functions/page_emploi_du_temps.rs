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
use crate::data::calendar::weekday_index;
use crate::data::grid::Grid;
use crate::data::timetable::Lesson;
use crate::rpc::{Reply, RpcError, RpcResult};

/// The breaks of the day's grid (`recreations`: a label and the place
/// the break follows).
pub(crate) fn recreations(grid: &Grid) -> Value {
    list(
        grid.breaks
            .iter()
            .map(|place| json!({"L": "R\u{e9}cr\u{e9}ation", "place": place}))
            .collect(),
    )
}

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

/// Start and end of a lesson in the school's grid.
pub(crate) fn lesson_span(grid: &Grid, lesson: &Lesson) -> (PrimitiveDateTime, PrimitiveDateTime) {
    grid.span(lesson.date, lesson.place, lesson.duration)
}

fn lesson_json(ctx: &Ctx<'_>, student: usize, index: usize, lesson: &Lesson) -> Value {
    let demo = &ctx.shared.demo;
    let grid = &demo.calendar.grid;
    let (start, end) = lesson_span(grid, lesson);
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
    // Real timetables name the subject without its colour (the lesson
    // has `CouleurFond`) and the teachers without an id.
    if let Some(subject) = lesson.subject {
        let mut s = subject_ref(ctx, subject);
        if let Some(map) = s.as_object_mut() {
            map.remove("couleur");
        }
        contents.push(s);
    }
    if let Some(t) = lesson.teacher.and_then(|t| demo.teachers.get(t)) {
        contents.push(json!({"L": t.short_name(), "G": 3}));
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
        "place": weekday_index(lesson.date) * grid.places_per_day + lesson.place,
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
        v["listeVisios"] = list(vec![json!({
            "N": ctx.id(kind::MISC, &format!("visio:{student}:{index}")),
            "url": {"_T": 23, "V": url},
            "libelleLien": "Classe virtuelle",
            "commentaire": "",
        })]);
    }
    if lesson.content.is_some() || lesson.test {
        v["AvecCdT"] = json!(true);
        let mut notebook = json!({"N": notebook_id(ctx, student, index), "estDevoir": lesson.test});
        if lesson.test {
            // What made the entry: a test (`G` 3, "pre-filled test").
            notebook["originesCategorie"] =
                list(vec![json!({"L": "Devoir surveill\u{e9}", "G": 3})]);
        }
        v["cahierDeTextes"] = elem(notebook);
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

/// The entries of a lesson in `ListeCours`: a room change is two lessons
/// in one slot, the lesson as planned ("Cours annul\u{e9}", in its old
/// room) and the lesson in its new room ("Changement de salle").
fn lesson_entries(ctx: &Ctx<'_>, student: usize, index: usize, lesson: &Lesson) -> Vec<Value> {
    let current = lesson_json(ctx, student, index, lesson);
    let Some(room) = &lesson.previous_room else {
        return vec![current];
    };
    let planned = Lesson {
        room: room.clone(),
        previous_room: None,
        cancelled: true,
        status: Some("Cours annul\u{e9}"),
        visio: None,
        memo: None,
        test: false,
        content: None,
        ..lesson.clone()
    };
    let mut before = lesson_json(ctx, student, index, &planned);
    before["N"] = json!(ctx.id(kind::LESSON, &format!("l:{student}:{index}:planned")));
    vec![before, current]
}

/// Numbers the lessons (`P`, distinct in a reply).
fn number(lessons: &mut [Value]) {
    for (i, lesson) in lessons.iter_mut().enumerate() {
        lesson["P"] = json!(i + 1);
    }
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
    let mut lessons: Vec<Value> = match ctx.account()?.kind {
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
                        for mut v in lesson_entries(ctx, s, i, l) {
                            if let (Value::Object(map), Some(class)) =
                                (&mut v, demo.classes.get(student.class))
                            {
                                if let Some(Value::Object(contents)) = map.get_mut("ListeContenus")
                                {
                                    if let Some(Value::Array(items)) = contents.get_mut("V") {
                                        items.push(json!({"N": ctx.id(kind::CLASS, &format!("cl:{}", student.class)), "L": class.name, "G": 1}));
                                    }
                                }
                            }
                            out.push(v);
                        }
                    }
                }
            }
            out
        }
        // A vie scolaire account teaches no lesson: its own timetable is
        // empty.
        crate::data::AccountKind::Staff(_) => Vec::new(),
        _ => {
            let student = ctx.student()?;
            let s = demo.students.get(student).ok_or(RpcError::Top(22))?;
            s.lessons
                .iter()
                .enumerate()
                .filter(|(_, l)| in_span(l))
                .flat_map(|(i, l)| lesson_entries(ctx, student, i, l))
                .collect()
        }
    };
    number(&mut lessons);
    let ical = ctx.account()?.ical_token.clone();
    let now = ctx.shared.now();
    let grid = &ctx.shared.demo.calendar.grid;
    let place_now = grid.place_at(now.time());
    let day = weekday_index(now.date()) * grid.places_per_day;
    Ok(Reply::data(json!({
        "ParametreExportiCal": ical,
        "avecCoursAnnule": true,
        "ListeCours": lessons,
        // The grid's decorations: no absence to draw, the resource kind
        // (a student), the current place of the week, today's lunch break.
        "absences": {"joursCycle": list(vec![])},
        "prefsGrille": {"genreRessource": 4},
        "placeCourante": day + place_now,
        "debutDemiPensionHebdo": day + grid.lunch.0,
        "finDemiPensionHebdo": day + grid.lunch.1,
        "recreations": recreations(grid),
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
