//! `Navigation` (tab change, the keep-alive since 2024.3.9) and
//! `Presence` (the older keep-alive): both just answer `{}`; the call
//! itself refreshes the session's idle timer.

use super::Ctx;
use crate::rpc::{Reply, RpcResult};

pub(crate) fn handle(_ctx: &mut Ctx<'_>) -> RpcResult {
    Ok(Reply::empty())
}
