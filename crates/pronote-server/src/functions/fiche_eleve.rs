//! `FicheEleve` (tab 105, staff and teachers): a student's identity and
//! guardians.

use serde_json::{Value, json};

use super::{Ctx, date_text, elem, list};
use crate::data::AccountKind;
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    if matches!(
        ctx.account()?.kind,
        AccountKind::Student(_) | AccountKind::Parent { .. }
    ) {
        return Err(RpcError::Signature(3));
    }
    let key = ctx.key_of_ref(ctx.field("Eleve"))?;
    let demo = &ctx.shared.demo;
    let (last, first, birth, city, postal, address, email, phone) = match key
        .strip_prefix("st:")
        .and_then(|k| k.parse::<usize>().ok())
    {
        Some(s) => {
            let s = demo.students.get(s).ok_or(RpcError::Top(22))?;
            (
                s.last_name,
                s.first_name,
                s.birth,
                s.city,
                s.postal_code,
                s.address[0],
                s.email,
                s.phone,
            )
        }
        None => {
            let mut parts = key
                .strip_prefix("ro:")
                .ok_or(RpcError::Top(22))?
                .split(':')
                .map(str::parse::<usize>);
            let (Some(Ok(c)), Some(Ok(i))) = (parts.next(), parts.next()) else {
                return Err(RpcError::Top(22));
            };
            let (last, first) = demo
                .classes
                .get(c)
                .and_then(|c| c.roster.get(i))
                .copied()
                .ok_or(RpcError::Top(22))?;
            (
                last,
                first,
                crate::data::calendar::day(2012, 5, 5),
                "BESAN\u{c7}ON",
                "25000",
                "1 place du March\u{e9}",
                "",
                "600000000",
            )
        }
    };
    let identity = json!({
        "nom": last,
        "prenom": first,
        "dateNaiss": date_text(birth),
        "villeNaiss": "Besan\u{e7}on",
        "adresse1": address,
        "CP": postal,
        "ville": city,
        "pays": "France",
        "email": email,
        "telPort": phone,
    });
    let guardian: Value = json!({
        "nom": format!("M. {last} Pierre"),
        "prenom": "Pierre",
        "adresse1": address,
        "CP": postal,
        "ville": city,
        "pays": "France",
        "email": "pierre.parent@example.com",
        "telPort": "611223344",
        "autoriseEmail": true,
        "accepteInfosProf": true,
        "estResponsablePreferentiel": true,
        "hebergeEnfant": true,
        "responsableFinancier": true,
        "autoriseRecupererEnfant": true,
        "contactUrgence": true,
        "lienParente": "P\u{e8}re",
        "niveauResponsabilite": "LEGAL",
    });
    // 2025+ wraps the identity in `{V}` (pronotepy 2.15 reads `Identite.V`);
    // older servers send it bare (pronotepy 2.10-2.14 read `Identite`).
    let identite = if ctx.shared.config.flags_do() {
        elem(identity)
    } else {
        identity
    };
    Ok(Reply::data(
        json!({"Identite": identite, "Responsables": list(vec![guardian])}),
    ))
}
