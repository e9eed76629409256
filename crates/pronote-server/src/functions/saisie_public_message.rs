//! `SaisiePublicMessage` (tab 131): the participants of a discussion
//! (`message {N}` = its `messagePourParticipants`) or the recipients of a
//! message.

use serde_json::{Value, json};

use super::liste_messagerie::parse_message_key;
use super::{Ctx, kind, list};
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let account = ctx.account_index()?;
    let key = ctx.key_of_ref(ctx.field("message"))?;
    let (owner, index, message) = parse_message_key(&key).ok_or(RpcError::Top(22))?;
    if owner != account {
        return Err(RpcError::Signature(3));
    }
    let me = super::authentification::display_name(&ctx.shared.demo, ctx.account()?);
    let names: Vec<String> = {
        let mut store = ctx.shared.store();
        let state = store.account(account).ok_or(RpcError::Top(22))?;
        let d = state.discussions.get(index).ok_or(RpcError::Top(22))?;
        match message.and_then(|m| d.messages.get(m)) {
            Some(m) => m.to.split(", ").map(str::to_owned).collect(),
            None => d
                .participants
                .iter()
                .filter(|p| **p != me)
                .cloned()
                .collect(),
        }
    };
    let items: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, n)| json!({"N": ctx.id(kind::MISC, &format!("de:{index}:{i}")), "L": n, "G": 3, "refusMess": false}))
        .collect();
    Ok(Reply::data(json!({"listeDest": list(items)})))
}
