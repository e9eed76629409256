//! `PageInfosPerso` (tab 49, or 16 for the iCal parameters): contact
//! details, the double-authentication mode (`securisation.mode`) and the
//! iCal feed parameters.

use serde_json::{Value, json};

use super::{Ctx, kind, list};
use crate::data::AccountKind;
use crate::rpc::{Reply, RpcError, RpcResult};

fn student_info(ctx: &Ctx<'_>, student: usize) -> Value {
    let Some(s) = ctx.shared.demo.students.get(student) else {
        return json!({});
    };
    json!({
        "adresse1": s.address[0],
        "adresse2": s.address[1],
        "adresse3": s.address[2],
        "adresse4": s.address[3],
        "codePostal": s.postal_code,
        "ville": s.city,
        "province": "",
        "pays": "France",
        "eMail": s.email,
        "indicatifTel": "33",
        "telephonePortable": s.phone,
        "numeroINE": s.ine,
        "avecAutorisationRecuperationDonnees": false,
    })
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let index = ctx.account_index()?;
    let account = ctx.account()?.clone();
    let asked = ctx
        .signature
        .and_then(|s| s.get("ressource").or_else(|| s.get("membre")))
        .cloned();
    let about: Option<usize> = match &asked {
        Some(r) => {
            let key = ctx.key_of_ref(Some(r))?;
            key.strip_prefix("st:").and_then(|k| k.parse().ok())
        }
        None => None,
    };
    let (informations, children) = match &account.kind {
        AccountKind::Student(s) => {
            if about.is_some_and(|a| a != *s) {
                return Err(RpcError::Signature(3));
            }
            (student_info(ctx, *s), vec![*s])
        }
        AccountKind::Parent {
            children,
            last_name,
            first_name,
            ..
        } => {
            let info = match about {
                Some(child) if children.contains(&child) => student_info(ctx, child),
                Some(_) => return Err(RpcError::Signature(3)),
                None => {
                    let mut info = children
                        .first()
                        .map(|c| student_info(ctx, *c))
                        .unwrap_or(json!({}));
                    info["eMail"] = json!(format!(
                        "{}.{}@example.com",
                        first_name.to_lowercase(),
                        last_name.to_lowercase()
                    ));
                    info["telephonePortable"] = json!("611223344");
                    info["numeroINE"] = json!("");
                    info
                }
            };
            (info, children.clone())
        }
        AccountKind::Staff(_) | AccountKind::Teacher(_) => (
            json!({"eMail": format!("vie.scolaire@{}", ctx.shared.demo.school.domain), "indicatifTel": "33", "telephonePortable": "381000000", "adresse1": "", "adresse2": "", "adresse3": "", "adresse4": "", "codePostal": "25000", "ville": "BESAN\u{c7}ON", "province": "", "pays": "France", "numeroINE": ""}),
            vec![],
        ),
    };
    let ical: Vec<Value> = children
        .iter()
        .map(|c| {
            json!({
                "N": ctx.id(kind::MISC, &format!("ical:{c}")),
                "L": format!("Emploi du temps de {}", ctx.shared.demo.students.get(*c).map(|s| s.full_name()).unwrap_or_default()),
                "paramICal": account.ical_token,
                "paramSuppl": format!("E{c}"),
            })
        })
        .collect();
    let _ = index;
    Ok(Reply::data(json!({
        "Informations": informations,
        "securisation": {
            "mode": if account.pin.is_some() { 3 } else { 1 },
            "avecGestionPIN": account.pin.is_some(),
            // Inactive, notification only, PIN.
            "modesPossibles": {"_T": 26, "V": "[1..3]"},
        },
        "iCal": {"liste": list(ical)},
        "avecInformationsPersonnelles": true,
    })))
}
