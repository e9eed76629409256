//! `ListeRessources` (tab 105, staff and teachers): the students of a
//! class.

use serde_json::{Value, json};

use super::{Ctx, date_v, kind, list};
use crate::data::AccountKind;
use crate::data::calendar::day;
use crate::rpc::{Reply, RpcError, RpcResult};

/// `listeClassesGroupes` (tab 105 of the teacher space): the classes and
/// groups to pick a student list from.
pub(crate) fn handle_classes(ctx: &mut Ctx<'_>) -> RpcResult {
    let responsible = match ctx.account()?.kind {
        AccountKind::Teacher(t) => Some(t),
        AccountKind::Staff(_) => None,
        AccountKind::Student(_) | AccountKind::Parent { .. } => {
            return Err(RpcError::Signature(3));
        }
    };
    Ok(Reply::data(json!({
        "listeClassesGroupes": super::parametres_utilisateur::classes(ctx, responsible),
    })))
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    if matches!(
        ctx.account()?.kind,
        AccountKind::Student(_) | AccountKind::Parent { .. }
    ) {
        return Err(RpcError::Signature(3));
    }
    let key = ctx.key_of_ref(ctx.field("classe"))?;
    let class_index: usize = key
        .strip_prefix("cl:")
        .and_then(|k| k.parse().ok())
        .ok_or(RpcError::Top(22))?;
    let demo = &ctx.shared.demo;
    let class = demo.classes.get(class_index).ok_or(RpcError::Top(22))?;
    let items: Vec<Value> = class
        .roster
        .iter()
        .enumerate()
        .map(|(i, (last, first))| {
            let full = demo.students.iter().position(|s| s.last_name == *last && s.first_name == *first && s.class == class_index);
            let id_key = match full {
                Some(s) => format!("st:{s}"),
                None => format!("ro:{class_index}:{i}"),
            };
            let birth = full
                .and_then(|s| demo.students.get(s))
                .map(|s| s.birth)
                .unwrap_or(day(2011 + i32::try_from(class_index).unwrap_or(0), 1 + u8::try_from(i % 12).unwrap_or(0), 10));
            json!({
                "N": ctx.id(kind::STUDENT, &id_key),
                "L": format!("{last} {first}"),
                "G": 4,
                "entree": date_v(day(2025, 9, 1)),
                "neLe": date_v(birth),
                "listeProjets": list(vec![]),
                "nom": last,
                "prenoms": first,
                "sexe": full.and_then(|s| demo.students.get(s)).map(|s| s.sex).unwrap_or(if i % 2 == 0 { "M" } else { "F" }),
                "option1": if class.template.iter().any(|s| s.group.is_some()) { "ESPAGNOL LV2" } else { "" },
            })
        })
        .collect();
    Ok(Reply::data(json!({"listeRessources": list(items)})))
}
