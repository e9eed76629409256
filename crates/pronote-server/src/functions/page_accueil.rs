//! `PageAccueil` (tab 7): the home page's widgets. Only the useful links
//! (`lienUtile.listeLiens`) carry data; the other widgets the client asks
//! for come back empty.

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
    ];
    Ok(Reply::data(json!({
        "lienUtile": {"listeLiens": list(links)},
        "TAFARendre": {"listeTAF": list(vec![])},
        "coursNonAssures": {"listeCoursNonAssures": list(vec![])},
    })))
}
