//! `PagePresence` (tab 19): the student's record for a period, all kinds
//! in `listeAbsences` told apart by `G` (13 absence, 14 delay, 41
//! punishment, 46 observation, 72 precautionary measure).

use serde_json::{Value, json};

use super::page_cahier_de_texte::attachment_json;
use super::page_emploi_du_temps::subject_ref;
use super::{Ctx, date_v, datetime_v, elem, kind, list, parse_date_value};
use crate::data::presence::Event;
use crate::rpc::{Reply, RpcResult};

fn reasons(ctx: &Ctx<'_>, labels: &[&str]) -> Value {
    list(
        labels
            .iter()
            .map(|l| json!({"N": ctx.id(kind::MISC, &format!("mo:{l}")), "L": l, "G": 0}))
            .collect(),
    )
}

fn event_json(ctx: &Ctx<'_>, student: usize, index: usize, event: &Event) -> Value {
    let demo = &ctx.shared.demo;
    let id = ctx.id(kind::EVENT, &format!("e:{student}:{index}"));
    match event {
        Event::Absence {
            start,
            end,
            justified,
            reason,
            hours,
            days,
        } => json!({
            "N": id,
            "G": 13,
            "dateDebut": datetime_v(*start),
            "dateFin": datetime_v(*end),
            "justifie": justified,
            "ouverte": false,
            "NbrHeures": format!("{hours}h00"),
            "NbrJours": days,
            "aJustifierParParents": !justified,
            "reglee": justified,
            "estMotifNonEncoreConnu": reason.is_none(),
            "listeMotifs": reasons(ctx, &reason.iter().copied().collect::<Vec<_>>()),
        }),
        Event::Delay {
            at,
            minutes,
            justified,
            reason,
        } => json!({
            "N": id,
            "G": 14,
            "date": datetime_v(*at),
            "duree": minutes,
            "justifie": justified,
            "justification": reason.unwrap_or(""),
            "aJustifierParParents": !justified,
            "reglee": justified,
            "estMotifNonEncoreConnu": reason.is_none(),
            "listeMotifs": reasons(ctx, &reason.iter().copied().collect::<Vec<_>>()),
        }),
        Event::Punishment {
            date,
            place,
            nature,
            reasons: why,
            giver,
            circumstances,
            work,
            minutes,
            schedule,
            documents,
        } => {
            let giver = demo.teachers.get(*giver);
            let programmation: Vec<Value> = schedule
                .iter()
                .enumerate()
                .map(|(j, (d, p, length))| {
                    json!({
                        "N": ctx.id(kind::MISC, &format!("pr:{student}:{index}:{j}")),
                        "date": date_v(*d),
                        "placeExecution": p,
                        "duree": length * 30,
                    })
                })
                .collect();
            let mut v = json!({
                "N": id,
                "G": 41,
                "dateDemande": date_v(*date),
                "horsCours": place.is_none(),
                "nature": elem(json!({"N": ctx.id(kind::MISC, &format!("na:{nature}")), "L": nature, "estAvecARParent": false})),
                "listeMotifs": reasons(ctx, why),
                "estUneExclusion": false,
                "travailAFaire": work.unwrap_or(""),
                "documentsTAF": list(documents.iter().map(|a| attachment_json(ctx, a)).collect()),
                "circonstances": circumstances,
                "documentsCirconstances": list(vec![]),
                "demandeur": elem(json!({"N": ctx.id(kind::TEACHER, &format!("te:{}", giver.map(|t| t.key).unwrap_or(""))), "L": giver.map(|t| t.full_name()).unwrap_or_default(), "G": 3})),
                "estProgrammable": !schedule.is_empty(),
                "programmation": list(programmation),
                "duree": minutes,
            });
            if let Some(p) = place {
                v["placeDemande"] = json!(p);
            }
            v
        }
        Event::Observation {
            date,
            label,
            kind: genre,
            subject,
            teacher,
            comment,
        } => {
            let teacher = demo.teachers.get(*teacher);
            json!({
                "N": id,
                "G": 46,
                "L": label,
                "date": date_v(*date),
                "estLue": true,
                "avecARObservation": false,
                "genreObservation": genre,
                "rubrique": elem(json!({"N": ctx.id(kind::MISC, &format!("ru:{label}")), "L": label})),
                "matiere": elem(subject.map(|s| subject_ref(ctx, s)).unwrap_or(json!({"N": "0"}))),
                "commentaire": comment,
                "demandeur": elem(json!({"N": ctx.id(kind::TEACHER, &format!("te:{}", teacher.map(|t| t.key).unwrap_or(""))), "L": teacher.map(|t| t.full_name()).unwrap_or_default(), "G": 3})),
            })
        }
        Event::PrecautionaryMeasure {
            asked,
            start,
            end,
            nature,
            reasons: why,
            decider,
            giver,
            circumstances,
            comment,
            forbidden,
        } => {
            let decider = demo.staff.get(*decider);
            let giver = demo.teachers.get(*giver);
            json!({
                "N": id,
                "G": 72,
                "nature": elem(json!({"N": ctx.id(kind::MISC, &format!("na:{nature}")), "L": nature})),
                "commentaire": comment,
                "listeMotifs": reasons(ctx, why),
                "estUneExclusion": true,
                "circonstances": circumstances,
                "documentsCirconstances": list(vec![]),
                "decideur": elem(json!({"N": ctx.id(kind::STAFF, &format!("sf:{}", decider.map(|p| p.key).unwrap_or(""))), "L": decider.map(|p| p.full_name()).unwrap_or_default(), "G": 34})),
                "demandeur": elem(json!({"N": ctx.id(kind::TEACHER, &format!("te:{}", giver.map(|t| t.key).unwrap_or(""))), "L": giver.map(|t| t.full_name()).unwrap_or_default(), "G": 3})),
                "dateDemande": date_v(*asked),
                "dateDebut": datetime_v(*start),
                "dateFin": datetime_v(*end),
                "interditAcces": {"_T": 26, "V": forbidden},
            })
        }
    }
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let period = ctx.period("periode")?.clone();
    let from = parse_date_value(ctx.field_any("DateDebut"))
        .map(|d| d.date())
        .unwrap_or(period.start);
    let to = parse_date_value(ctx.field_any("DateFin"))
        .map(|d| d.date())
        .unwrap_or(period.end);
    let items: Vec<Value> = ctx
        .shared
        .demo
        .students
        .get(student)
        .map(|s| {
            s.events
                .iter()
                .enumerate()
                // Nothing recorded after the instance's today.
                .filter(|(_, e)| e.date() >= from && e.date() <= to.min(ctx.shared.today()))
                .map(|(i, e)| event_json(ctx, student, i, e))
                .collect()
        })
        .unwrap_or_default();
    Ok(Reply::data(json!({
        "listeAbsences": list(items),
        "Matieres": list(vec![]),
        "listeRecapitulatifs": list(vec![]),
        "autorisations": {"absence": true, "retard": true, "punition": true, "observation": true},
    })))
}
