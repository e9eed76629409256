//! `SaisieDeconnexion`: logout. The session is gone after the reply.

use super::Ctx;
use crate::rpc::{Reply, RpcResult};

pub(crate) fn handle(_ctx: &mut Ctx<'_>) -> RpcResult {
    Ok(Reply {
        end_session: true,
        ..Reply::empty()
    })
}
