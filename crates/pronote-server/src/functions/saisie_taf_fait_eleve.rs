//! `SaisieTAFFaitEleve` (tab 88): marks homework done or not done
//! (`listeTAF [{N, TAFFait}]`). The flags persist for the instance's
//! lifetime, across sessions.

use serde_json::Value;

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let items = ctx
        .field("listeTAF")
        .and_then(Value::as_array)
        .ok_or(RpcError::Signature(3))?;
    let mut changes = Vec::new();
    for item in items {
        let key = ctx.key_of_ref(Some(item))?;
        let mut parts = key.strip_prefix("hw:").ok_or(RpcError::Top(22))?.split(':');
        let (Some(Ok(owner)), Some(Ok(index))) = (
            parts.next().map(str::parse::<usize>),
            parts.next().map(str::parse::<usize>),
        ) else {
            return Err(RpcError::Top(22));
        };
        if owner != student {
            return Err(RpcError::Signature(3));
        }
        let done = item
            .get("TAFFait")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        changes.push((index, done));
    }
    let mut store = ctx.shared.store();
    for (index, done) in changes {
        store.homework_done.insert((student, index), done);
    }
    Ok(Reply::empty())
}
