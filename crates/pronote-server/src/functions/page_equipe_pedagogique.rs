//! `PageEquipePedagogique` (tab 37): the student's teachers with their
//! subjects and weekly hours, and the staff.

use serde_json::{Value, json};

use super::{Ctx, elem, kind, list};
use crate::rpc::{Reply, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let demo = &ctx.shared.demo;
    let class = demo
        .students
        .get(student)
        .and_then(|s| demo.classes.get(s.class));
    let mut items: Vec<Value> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    if let Some(class) = class {
        for slot in &class.template {
            if seen.contains(&slot.teacher) {
                continue;
            }
            seen.push(slot.teacher);
            let Some(teacher) = demo.teachers.get(slot.teacher) else {
                continue;
            };
            let mut subjects: Vec<usize> = class
                .template
                .iter()
                .filter(|s| s.teacher == slot.teacher)
                .map(|s| s.subject)
                .collect();
            subjects.sort_unstable();
            subjects.dedup();
            let matieres: Vec<Value> = subjects
                .iter()
                .map(|s| {
                    let places: u32 = class
                        .template
                        .iter()
                        .filter(|x| x.teacher == slot.teacher && x.subject == *s)
                        .map(|x| x.duration)
                        .sum();
                    json!({
                        "N": ctx.id(kind::SUBJECT, &format!("su:{}", demo.subject(*s).key)),
                        "L": demo.subject(*s).name,
                        "volumeHoraire": format!("{}h{:02}", places / 2, (places % 2) * 30),
                    })
                })
                .collect();
            items.push(json!({
                "N": ctx.id(kind::TEACHER, &format!("te:{}", teacher.key)),
                "L": teacher.full_name(),
                "G": 3,
                "P": items.len() + 1,
                "estPrincipal": class.main_teacher == slot.teacher,
                "matieres": list(matieres),
            }));
        }
    }
    for person in &demo.staff {
        items.push(json!({
            "N": ctx.id(kind::STAFF, &format!("sf:{}", person.key)),
            "L": person.full_name(),
            "G": 34,
            "P": items.len() + 1,
            "fonction": elem(json!({"N": ctx.id(kind::MISC, &format!("fn:{}", person.key)), "L": person.function})),
            "matieres": list(vec![]),
        }));
    }
    Ok(Reply::data(json!({"liste": list(items)})))
}
