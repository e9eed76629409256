//! `SaisieURLPartenaire` (tab 7): the signed-in URL of a partner service
//! from the home page. The client sends the partner's `SSO` object as it
//! received it; the URL comes back in the payload root,
//! `RapportSaisie.urlSSO`, beside the data.

use serde_json::{Value, json};

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};

/// The partners the home page lists.
const PARTNERS: [&str; 2] = ["TURBOSELF", "ARD"];

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let code = ctx
        .field("SSO")
        .and_then(|sso| sso.get("codePartenaire"))
        .and_then(Value::as_str)
        .filter(|code| PARTNERS.contains(code))
        .ok_or(RpcError::Signature(3))?
        .to_owned();
    let account = ctx.account_index()?;
    let ticket: String = ctx
        .shared
        .store()
        .random::<8>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let url = format!(
        "http://{}/partenaires/{}/?compte={account}&jeton={ticket}",
        ctx.shared.address,
        code.to_ascii_lowercase()
    );
    let mut reply = Reply::data(json!({}));
    reply
        .extra
        .push(("RapportSaisie", json!({"urlSSO": {"_T": 23, "V": url}})));
    Ok(reply)
}
