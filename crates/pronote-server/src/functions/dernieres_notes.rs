//! `DernieresNotes` (tab 198): the grades of a period (`Periode`) with the
//! class statistics, the subject averages (`listeServices`) and the
//! overall averages.

use serde_json::{Value, json};

use super::page_emploi_du_temps::subject_ref;
use super::parametres_utilisateur::period_ref;
use super::{Ctx, date_v, elem, grade_v, kind, list};
use crate::data::Period;
use crate::data::grades::{Grade, decimal, decimal2, subject_averages};
use crate::rpc::{Reply, RpcResult};

/// The grades of `student` in `period` (by trimester, or by date for
/// semesters), with their indexes.
pub(crate) fn grades_in<'a>(
    ctx: &'a Ctx<'_>,
    student: usize,
    period: &Period,
) -> Vec<(usize, &'a Grade)> {
    let today = ctx.shared.today();
    ctx.shared
        .demo
        .students
        .get(student)
        .map(|s| {
            s.grades
                .iter()
                .enumerate()
                // Nothing graded after the instance's today.
                .filter(|(_, g)| g.date <= today)
                .filter(|(_, g)| {
                    if period.grading {
                        g.period == period.key
                    } else {
                        period.contains(g.date)
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

fn coefficient(value: f64) -> Value {
    if value.fract() == 0.0 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

fn grade_json(ctx: &Ctx<'_>, student: usize, index: usize, grade: &Grade) -> Value {
    let demo = &ctx.shared.demo;
    let period = demo.period_by_key(grade.period);
    let mut v = json!({
        "N": ctx.id(kind::GRADE, &format!("g:{student}:{index}")),
        "G": 60,
        "note": grade_v(grade.value.wire()),
        "bareme": grade_v(decimal(grade.out_of)),
        "baremeParDefaut": grade_v("20"),
        "date": date_v(grade.date),
        "service": elem(subject_ref(ctx, grade.subject)),
        "periode": elem(period.map(|p| period_ref(ctx, p)).unwrap_or(json!({}))),
        "moyenne": grade_v(decimal(grade.class_average)),
        "noteMax": grade_v(decimal(grade.max)),
        "noteMin": grade_v(decimal(grade.min)),
        "coefficient": coefficient(grade.coefficient),
        "commentaire": grade.comment,
        "commentaireSurNote": "",
        "estBonus": grade.bonus,
        "estFacultatif": grade.optional,
        "estRamenerSur20": grade.out_of_20,
    });
    if let Some((subject_file, correction_file)) = grade.files {
        let name = |i: usize| {
            demo.files
                .get(i)
                .map(|f| f.name.clone())
                .unwrap_or_default()
        };
        v["libelleSujet"] = json!(name(subject_file));
        v["libelleCorrige"] = json!(name(correction_file));
    }
    v
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let period = ctx.period("Periode")?.clone();
    let grades = grades_in(ctx, student, &period);
    let devoirs: Vec<Value> = grades
        .iter()
        .map(|(i, g)| grade_json(ctx, student, *i, g))
        .collect();
    let mut subjects: Vec<usize> = grades.iter().map(|(_, g)| g.subject).collect();
    subjects.sort_unstable();
    subjects.dedup();
    let mut services = Vec::new();
    let mut overall = Vec::new();
    for subject in subjects {
        let of_subject: Vec<&Grade> = grades
            .iter()
            .filter(|(_, g)| g.subject == subject)
            .map(|(_, g)| *g)
            .collect();
        let Some((mine, class, min, max)) = subject_averages(&of_subject) else {
            continue;
        };
        overall.push((mine, class));
        let mut service = subject_ref(ctx, subject);
        service["G"] = json!(12);
        service["estServiceGroupe"] = json!(false);
        service["moyEleve"] = grade_v(decimal2(mine));
        service["baremeMoyEleve"] = grade_v("20");
        service["baremeMoyEleveParDefault"] = grade_v("20");
        service["moyClasse"] = grade_v(decimal2(class));
        service["moyMin"] = grade_v(decimal2(min));
        service["moyMax"] = grade_v(decimal2(max));
        services.push(service);
    }
    let mut data = json!({
        "listeDevoirs": list(devoirs),
        "listeServices": list(services),
        "avecDetailDevoir": true,
        "avecDetailService": true,
        "baremeMoyGenerale": grade_v("20"),
    });
    if !overall.is_empty() {
        let n = overall.len() as f64;
        let mine: f64 = overall.iter().map(|(m, _)| m).sum::<f64>() / n;
        let class: f64 = overall.iter().map(|(_, c)| c).sum::<f64>() / n;
        data["moyGenerale"] = grade_v(decimal2(mine));
        data["moyGeneraleClasse"] = grade_v(decimal2(class));
    }
    Ok(Reply::data(data))
}
