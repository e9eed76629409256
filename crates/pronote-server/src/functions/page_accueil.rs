//! `PageAccueil` (tab 7): the home page's widgets. The useful links
//! (`lienUtile.listeLiens`, one of them a Turboself SSO partner) and the
//! ARD partner with its canteen wallets (`partenaireARD`) carry data; the
//! other widgets the client asks for come back empty.

use serde_json::json;

use super::{Ctx, kind, list};
use crate::rpc::{Reply, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let links = vec![
        json!({
            "N": ctx.id(kind::MISC, "lien:cdi"),
            "L": "CDI en ligne",
            "url": "https://cdi.example.org/",
            "commentaire": "Le portail documentaire du coll\u{e8}ge",
        }),
        json!({
            "N": ctx.id(kind::MISC, "lien:orientation"),
            "L": "Orientation",
            "url": "https://orientation.example.org/",
            "commentaire": "Pr\u{e9}parer son orientation apr\u{e8}s la 3e",
        }),
        json!({
            "N": ctx.id(kind::MISC, "lien:turboself"),
            "L": "Turboself",
            "commentaire": "R\u{e9}servation des repas",
            "SSO": {"codePartenaire": "TURBOSELF", "intituleLien": "Turboself", "description": "R\u{e9}servation des repas"},
        }),
    ];
    let wallets = vec![
        json!({
            "libellePorteMonnaie": "Restauration",
            "hintPorteMonnaie": "Porte-monnaie de la cantine",
            "avecWarning": false,
            "valeurSolde": "12,50 \u{20ac}",
            "hintSolde": "Solde au 08/09/2025",
        }),
        json!({
            "libellePorteMonnaie": "Caf\u{e9}t\u{e9}ria",
            "hintPorteMonnaie": "",
            "avecWarning": true,
            "valeurSolde": "-1,20 \u{20ac}",
            "hintSolde": "Solde n\u{e9}gatif",
        }),
    ];
    Ok(Reply::data(json!({
        "lienUtile": {"listeLiens": list(links)},
        "partenaireARD": {
            "SSO": {"codePartenaire": "ARD", "intituleLien": "ARD", "description": "Porte-monnaie"},
            "avecActualisation": true,
            "porteMonnaie": list(wallets),
        },
        "TAFARendre": {"listeTAF": list(vec![])},
        "coursNonAssures": {
            "listeCoursNonAssures": list(vec![]),
            "listeProfCoursNonAssures": list(vec![]),
        },
        "modificationsEDT": {"listeModificationsEDT": list(vec![])},
    })))
}
