//! `PageCahierDeTexte`: tab 88 lists the homework due in the weeks of
//! `domaine` (`ListeTravauxAFaire`), tab 89 the lesson contents of those
//! weeks (`ListeCahierDeTextes`).

use serde_json::{Value, json};

use super::page_emploi_du_temps::{lesson_id, lesson_span, notebook_id, subject_ref};
use super::{Ctx, date_v, datetime_v, elem, html_v, kind, list, parse_domain};
use crate::data::files::Attachment;
use crate::rpc::{Reply, RpcError, RpcResult};

/// An attachment `{N, L, G}` (`url` for links).
pub(crate) fn attachment_json(ctx: &Ctx<'_>, attachment: &Attachment) -> Value {
    match attachment {
        Attachment::File(index) => {
            let name = ctx
                .shared
                .demo
                .files
                .get(*index)
                .map(|f| f.name.as_str())
                .unwrap_or("fichier.pdf");
            json!({"N": ctx.id(kind::FILE, &format!("f:{index}")), "L": name, "G": 1})
        }
        Attachment::Link { name, url } => {
            json!({"N": ctx.id(kind::FILE, &format!("ln:{name}")), "L": name, "G": 0, "url": url})
        }
    }
}

/// The homework of `student` at `index`, with its current "done" flag.
pub(crate) fn homework_json(ctx: &Ctx<'_>, student: usize, index: usize) -> Value {
    let demo = &ctx.shared.demo;
    let Some(hw) = demo
        .students
        .get(student)
        .and_then(|s| s.homework.get(index))
    else {
        return json!({});
    };
    let (done, handed_in) = {
        let store = ctx.shared.store();
        (
            store
                .homework_done
                .get(&(student, index))
                .copied()
                .unwrap_or(hw.done),
            store
                .homework_files
                .get(&(student, index))
                .map(|f| f.name.clone()),
        )
    };
    let subject = demo.subject(hw.subject);
    let files: Vec<Value> = hw
        .attachments
        .iter()
        .map(|a| attachment_json(ctx, a))
        .collect();
    let mut v = json!({
        "N": ctx.id(kind::HOMEWORK, &format!("hw:{student}:{index}")),
        "G": 12,
        "Matiere": elem(subject_ref(ctx, hw.subject)),
        "descriptif": html_v(hw.description.clone()),
        "PourLe": date_v(hw.due),
        "DonneLe": date_v(hw.given),
        "TAFFait": done,
        "CouleurFond": subject.color,
        "ListePieceJointe": list(files),
        "niveauDifficulte": hw.difficulty,
        "duree": hw.minutes,
        "genreRendu": hw.return_kind,
        "peuRendre": hw.return_kind == 2,
        "ListeThemes": list(vec![]),
        "cahierDeTextes": elem(json!({"N": notebook_id(ctx, student, hw.from_lesson)})),
        "nomPublic": demo.students.get(student).and_then(|s| demo.classes.get(s.class)).map(|c| c.name).unwrap_or(""),
    });
    if let Some(name) = handed_in {
        v["documentRendu"] = elem(
            json!({"N": ctx.id(kind::FILE, &format!("up:{student}:{index}")), "L": name, "G": 1}),
        );
    }
    v
}

/// The notebook entry of a lesson (its contents), with its homework when
/// `with_homework`.
pub(crate) fn notebook_json(
    ctx: &Ctx<'_>,
    student: usize,
    lesson_index: usize,
    with_homework: bool,
) -> Value {
    let demo = &ctx.shared.demo;
    let Some(s) = demo.students.get(student) else {
        return json!({});
    };
    let Some(lesson) = s.lessons.get(lesson_index) else {
        return json!({});
    };
    let (start, end) = lesson_span(&ctx.shared.demo.calendar.grid, lesson);
    let subject = lesson.subject.unwrap_or(0);
    let contents: Vec<Value> = lesson
        .content
        .and_then(|c| s.contents.get(c).map(|content| (c, content)))
        .map(|(c, content)| {
            vec![json!({
                "N": ctx.id(kind::CONTENT, &format!("co:{student}:{c}")),
                "L": content.title,
                "descriptif": html_v(content.description.clone()),
                "categorie": elem(json!({"N": ctx.id(kind::MISC, &format!("cat:{}", content.category.0)), "G": content.category.0, "L": content.category.1})),
                "ListePieceJointe": list(content.attachments.iter().map(|a| attachment_json(ctx, a)).collect()),
                "ListeThemes": list(vec![]),
                "parcoursEducatif": -1,
            })]
        })
        .unwrap_or_default();
    let teachers: Vec<Value> = lesson
        .teacher
        .and_then(|t| demo.teachers.get(t))
        .map(|t| vec![json!({"N": ctx.id(kind::TEACHER, &format!("te:{}", t.key)), "L": t.full_name(), "G": 3})])
        .unwrap_or_default();
    let groups: Vec<Value> = demo
        .classes
        .get(s.class)
        .map(|c| vec![json!({"N": ctx.id(kind::CLASS, &format!("cl:{}", s.class)), "L": lesson.group.unwrap_or(c.name), "G": 1})])
        .unwrap_or_default();
    let given: Vec<usize> = s
        .homework
        .iter()
        .enumerate()
        .filter(|(_, h)| h.from_lesson == lesson_index)
        .map(|(i, _)| i)
        .collect();
    let mut v = json!({
        "N": notebook_id(ctx, student, lesson_index),
        "cours": elem(json!({"N": lesson_id(ctx, student, lesson_index)})),
        "verrouille": false,
        "Date": datetime_v(start),
        "DateFin": datetime_v(end),
        "Matiere": elem(subject_ref(ctx, subject)),
        "CouleurFond": demo.subject(subject).color,
        "listeProfesseurs": list(teachers),
        "listeGroupes": list(groups),
        "listeContenus": list(contents),
    });
    if let Some(first) = given.first().and_then(|i| s.homework.get(*i)) {
        v["dateTAF"] = date_v(first.due);
    }
    if with_homework {
        v["ListeTravailAFaire"] = list(
            given
                .iter()
                .map(|i| homework_json(ctx, student, *i))
                .collect(),
        );
    }
    v
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let weeks = parse_domain(ctx.field("domaine")).ok_or(RpcError::Signature(3))?;
    let calendar = &ctx.shared.demo.calendar;
    let in_weeks = |d: time::Date| {
        let w = calendar.week(d);
        u16::try_from(w).is_ok_and(|w| weeks.contains(&w))
    };
    let s = ctx
        .shared
        .demo
        .students
        .get(student)
        .ok_or(RpcError::Top(22))?;
    match ctx.tab() {
        Some(89) => {
            let entries: Vec<Value> = s
                .lessons
                .iter()
                .enumerate()
                .filter(|(_, l)| l.content.is_some() && in_weeks(l.date))
                .map(|(i, _)| notebook_json(ctx, student, i, false))
                .collect();
            Ok(Reply::data(
                json!({"ListeCahierDeTextes": list(entries), "listeCategories": list(vec![])}),
            ))
        }
        _ => {
            let items: Vec<Value> = s
                .homework
                .iter()
                .enumerate()
                .filter(|(_, h)| in_weeks(h.due))
                .map(|(i, _)| homework_json(ctx, student, i))
                .collect();
            Ok(Reply::data(
                json!({"ListeTravauxAFaire": list(items), "listeCategories": list(vec![])}),
            ))
        }
    }
}
