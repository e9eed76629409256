//! `donneesContenusCDT` (tab 89): one notebook entry (`cahierDeTextes
//! {N}`), with the homework given in that lesson when `pourTAF`.

use serde_json::{Value, json};

use super::page_cahier_de_texte::notebook_json;
use super::{Ctx, list};
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let key = ctx.key_of_ref(ctx.field("cahierDeTextes"))?;
    let mut parts = key
        .strip_prefix("cdt:")
        .ok_or(RpcError::Top(22))?
        .split(':');
    let (Some(Ok(owner)), Some(Ok(lesson))) = (
        parts.next().map(str::parse::<usize>),
        parts.next().map(str::parse::<usize>),
    ) else {
        return Err(RpcError::Top(22));
    };
    if owner != student {
        return Err(RpcError::Signature(3));
    }
    let with_homework = ctx
        .field("pourTAF")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let entry = notebook_json(ctx, student, lesson, with_homework);
    Ok(Reply::data(
        json!({"ListeCahierDeTextes": list(vec![entry])}),
    ))
}
