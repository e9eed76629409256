//! `ListeRessourcesPourCommunication` (tab 131): who can be written to,
//! by kind (`onglet.G`: 3 teachers, 34 staff, 4 students: the
//! classmates of the student).

use serde_json::{Value, json};

use super::{Ctx, elem, kind, list};
use crate::data::AccountKind;
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let genre = ctx
        .field("onglet")
        .and_then(|o| o.get("G"))
        .and_then(Value::as_u64)
        .ok_or(RpcError::Signature(3))?;
    let demo = &ctx.shared.demo;
    let me = match &ctx.account()?.kind {
        AccountKind::Student(_) | AccountKind::Parent { .. } => Some(ctx.student()?),
        _ => None,
    };
    let class = me
        .and_then(|student| demo.students.get(student))
        .and_then(|s| demo.classes.get(s.class));
    let items: Vec<Value> = match genre {
        3 => demo
            .teachers
            .iter()
            .filter(|t| class.is_none_or(|c| c.template.iter().any(|s| demo.teachers.get(s.teacher).is_some_and(|x| x.key == t.key))))
            .map(|t| {
                let subjects: Vec<Value> = t
                    .subjects
                    .iter()
                    .map(|s| json!({"N": ctx.id(kind::SUBJECT, &format!("su:{}", demo.subject(*s).key)), "L": demo.subject(*s).name, "G": 16}))
                    .collect();
                json!({
                    "N": ctx.id(kind::TEACHER, &format!("te:{}", t.key)),
                    "L": t.full_name(),
                    "G": 3,
                    "email": t.email,
                    "avecDiscussion": true,
                    "estPrincipal": class.is_some_and(|c| demo.teachers.get(c.main_teacher).is_some_and(|m| m.key == t.key)),
                    "listeRessources": list(subjects),
                })
            })
            .collect(),
        34 => demo
            .staff
            .iter()
            .map(|p| {
                json!({
                    "N": ctx.id(kind::STAFF, &format!("sf:{}", p.key)),
                    "L": p.full_name(),
                    "G": 34,
                    "avecDiscussion": true,
                    "fonction": elem(json!({"N": ctx.id(kind::MISC, &format!("fn:{}", p.key)), "L": p.function})),
                })
            })
            .collect(),
        4 => {
            // The student's classmates (students and parents only), from
            // the class roster.
            let class_index = me.and_then(|m| demo.students.get(m)).map(|s| s.class);
            let me_name = me.and_then(|m| demo.students.get(m)).map(|s| s.full_name());
            class_index
                .and_then(|c| demo.classes.get(c).map(|class| (c, class)))
                .map(|(c, class)| {
                    class
                        .roster
                        .iter()
                        .enumerate()
                        .map(|(i, (last, first))| (i, format!("{last} {first}"), last, first))
                        .filter(|(_, name, _, _)| Some(name) != me_name.as_ref())
                        .map(|(i, name, last, first)| {
                            let key = match demo.students.iter().position(|s| {
                                s.last_name == *last && s.first_name == *first && s.class == c
                            }) {
                                Some(s) => format!("st:{s}"),
                                None => format!("ro:{c}:{i}"),
                            };
                            json!({
                                "N": ctx.id(kind::STUDENT, &key),
                                "L": name,
                                "G": 4,
                                "avecDiscussion": true,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    Ok(Reply::data(
        json!({"listeRessourcesPourCommunication": list(items)}),
    ))
}
