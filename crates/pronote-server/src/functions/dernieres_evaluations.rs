//! `DernieresEvaluations` (tab 201): competence evaluations of a period,
//! each with its acquisition levels per skill.

use serde_json::{Value, json};

use super::page_emploi_du_temps::subject_ref;
use super::parametres_utilisateur::period_ref;
use super::{Ctx, date_v, elem, kind, list};
use crate::data::evaluations::{ITEMS, LEVELS, PILLARS};
use crate::rpc::{Reply, RpcResult};

/// The subject of an evaluation, with the teaching service it belongs to
/// (`serviceConcerne`), by which the client groups evaluations.
fn subject_with_service(ctx: &Ctx<'_>, subject: usize) -> Value {
    let mut v = subject_ref(ctx, subject);
    let key = ctx.shared.demo.subject(subject).key;
    v["serviceConcerne"] = elem(json!({
        "N": ctx.id(kind::MISC, &format!("se:{key}")),
        "L": ctx.shared.demo.subject(subject).name,
    }));
    v
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let period = ctx.period("periode")?.clone();
    let demo = &ctx.shared.demo;
    let Some(s) = demo.students.get(student) else {
        return Ok(Reply::data(json!({"listeEvaluations": list(vec![])})));
    };
    let items: Vec<Value> = s
        .evaluations
        .iter()
        .enumerate()
        .filter(|(_, e)| if period.grading { e.period == period.key } else { period.contains(e.date) })
        // Nothing evaluated after the instance's today.
        .filter(|(_, e)| e.date <= ctx.shared.today())
        .map(|(i, e)| {
            let teacher = demo.teachers.get(e.teacher);
            let skills: Vec<Value> = e
                .competences
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let (label, abbreviation, genre) = LEVELS
                        .get(c.level)
                        .map_or(("", "", 0), |l| (l.label, l.abbreviation, l.genre));
                    let (prefix, pillar) = PILLARS.get(c.pillar).copied().unwrap_or(("", ""));
                    json!({
                        "N": ctx.id(kind::MISC, &format!("sk:{student}:{i}:{j}")),
                        "L": label,
                        "G": genre,
                        "abbreviation": abbreviation,
                        "coefficient": c.coefficient,
                        "ordre": c.order,
                        "domaine": elem(json!({"N": ctx.id(kind::MISC, &format!("dom:{}", c.pillar)), "L": pillar})),
                        "item": elem(json!({"N": ctx.id(kind::MISC, &format!("it:{}", c.item)), "L": ITEMS.get(c.item).copied().unwrap_or("")})),
                        "pilier": elem(json!({"N": ctx.id(kind::MISC, &format!("pi:{}", c.pillar)), "L": pillar, "strPrefixes": prefix})),
                    })
                })
                .collect();
            json!({
                "N": ctx.id(kind::EVALUATION, &format!("ev:{student}:{i}")),
                "G": 29,
                "L": e.name,
                "individu": elem(json!({
                    "N": ctx.id(kind::TEACHER, &format!("te:{}", teacher.map(|t| t.key).unwrap_or(""))),
                    "L": teacher.map(|t| t.full_name()).unwrap_or_default(),
                    "G": 3,
                })),
                "coefficient": e.coefficient,
                "descriptif": e.description,
                "matiere": elem(subject_with_service(ctx, e.subject)),
                "listePaliers": list(vec![json!({"N": ctx.id(kind::MISC, "palier4"), "L": "Palier 4"})]),
                "listeNiveauxDAcquisitions": list(skills),
                "date": date_v(e.date),
                "periode": elem(period_ref(ctx, &period)),
            })
        })
        .collect();
    Ok(Reply::data(json!({"listeEvaluations": list(items)})))
}
