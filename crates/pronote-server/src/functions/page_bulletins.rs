//! `PageBulletins` (tab 13): the report card of a period, or a `Message`
//! when it is not published.

use serde_json::{Value, json};

use super::dernieres_notes::grades_in;
use super::parametres_utilisateur::period_ref;
use super::{Ctx, elem, grade_v, kind, list};
use crate::data::grades::{Grade, decimal2, subject_averages};
use crate::rpc::{Reply, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let period = ctx.period("periode")?.clone();
    let demo = &ctx.shared.demo;
    let report = demo
        .students
        .get(student)
        .and_then(|s| s.reports.iter().find(|r| r.period == period.key));
    // A report card is published once its period is over.
    let report = report.filter(|_| period.end < ctx.shared.today());
    let Some(report) = report else {
        let text = "Le bulletin de cette p\u{e9}riode n'est pas encore publi\u{e9}.";
        return Ok(Reply::data(json!({"Message": text, "message": text})));
    };
    let grades = grades_in(ctx, student, &period);
    let services: Vec<Value> = report
        .subjects
        .iter()
        .map(|line| {
            let subject = demo.subject(line.subject);
            let of_subject: Vec<&Grade> = grades.iter().filter(|(_, g)| g.subject == line.subject).map(|(_, g)| *g).collect();
            let averages = subject_averages(&of_subject);
            let avg = |f: fn(&(f64, f64, f64, f64)) -> f64| grade_v(averages.as_ref().map(|a| decimal2(f(a))).unwrap_or_else(|| "|3".to_owned()));
            let teacher = demo.teachers.get(line.teacher);
            let subject_id = ctx.id(kind::SUBJECT, &format!("su:{}", subject.key));
            json!({
                "N": subject_id,
                "L": subject.name,
                "couleur": subject.color,
                "Matiere": elem(json!({"N": subject_id, "L": subject.name})),
                "SurMatiere": elem(json!({"N": ctx.id(kind::MISC, "sm:general"), "L": "Enseignements g\u{e9}n\u{e9}raux"})),
                "Coefficient": {"_T": 10, "V": line.coefficient.to_string()},
                "MoyenneEleve": avg(|a| a.0),
                "MoyenneClasse": avg(|a| a.1),
                "MoyenneInf": avg(|a| a.2),
                "MoyenneSup": avg(|a| a.3),
                "ListeAppreciations": list(vec![json!({"N": ctx.id(kind::MISC, &format!("ap:{}", subject.key)), "L": line.appreciation})]),
                "ListeProfesseurs": list(teacher.map(|t| vec![json!({"N": ctx.id(kind::TEACHER, &format!("te:{}", t.key)), "L": t.full_name()})]).unwrap_or_default()),
            })
        })
        .collect();
    let mut general = vec![
        json!({"N": ctx.id(kind::MISC, "ap:general"), "L": report.general, "Intitule": "Appr\u{e9}ciation g\u{e9}n\u{e9}rale"}),
    ];
    if !report.council.is_empty() {
        general.push(json!({"N": ctx.id(kind::MISC, "ap:conseil"), "L": report.council, "Intitule": "Mention du conseil de classe"}));
    }
    Ok(Reply::data(json!({
        "ListeServices": list(services),
        "ObjetListeAppreciations": elem(json!({"ListeAppreciations": list(general)})),
        "graphe": "",
        "avecMoyenneGenerale": true,
        // What the page shows: PRONOTE's web client reads these before it
        // lays out a published report card.
        "ParametresAffichages": display(ctx),
        "existeServiceAvecNotes": true,
        "existeServiceSansNotes": false,
    })))
}

/// `ParametresAffichages`: the columns of the report card (coefficient,
/// the student's, class, lowest and highest averages, one appreciation
/// per subject) and none of the optional ones (other periods' averages,
/// ranks, points, skill levels, ECTS); the periods' names and
/// abbreviations, by period id, for the column titles.
fn display(ctx: &Ctx<'_>) -> Value {
    let periods = &ctx.shared.demo.periods;
    let names: Vec<Value> = periods.iter().map(|p| period_ref(ctx, p)).collect();
    let abbreviations: Vec<Value> = periods
        .iter()
        .map(|p| {
            let mut r = period_ref(ctx, p);
            r["L"] = json!(abbreviation(p.name));
            r
        })
        .collect();
    json!({
        "AvecCoefficient": true,
        "AvecMoyenneEleve": true,
        "AvecMoyenneClasse": true,
        "AvecMoyenneInfSup": true,
        "AvecMoyenneGenerale": false,
        "AvecMoyenneMediane": false,
        "AvecMoyennePeriode": false,
        "AvecMoyenneAnnuelle": false,
        "AvecMoyenneDeliberee": false,
        "AvecNombreDevoirs": false,
        "AvecNombrePointsEleve": false,
        "AvecNombrePointsEntre": false,
        "AvecClassementEleve": false,
        "AvecEvolution": false,
        "AvecNivMaitriseEleve": false,
        "AvecVolumeHoraire": false,
        "AvecDureeDesAbsenses": false,
        "avecECTS": false,
        "avecElementProgramme": false,
        "avecMoyNRUniquement": false,
        "alignementMoyADroite": false,
        "NombreMoyennesPeriodes": 0,
        "listePeriodes": list(Vec::new()),
        "listeLibellesPeriodes": list(names),
        "listeAbbreviationsPeriodes": list(abbreviations),
        "NombreAppreciations": 1,
        "ListeIntitulesAppreciations": list(vec![json!({"L": "Appr\u{e9}ciations"})]),
    })
}

/// `Trimestre 2` → `T2`: the initial and the period's number.
fn abbreviation(name: &str) -> String {
    let initial = name.chars().next().map(String::from).unwrap_or_default();
    let number = name
        .rsplit(' ')
        .next()
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_default();
    format!("{initial}{number}")
}
