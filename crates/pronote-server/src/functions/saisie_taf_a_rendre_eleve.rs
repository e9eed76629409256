//! `SaisieTAFARendreEleve` (tab 88): names a file uploaded through
//! `uploadfilesession` as the work handed in for a homework (`E` 1, with
//! `idFichier`), or withdraws it (`E` 3).

use serde_json::Value;

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let student = ctx.student()?;
    let items = ctx
        .field("listeFichiers")
        .and_then(Value::as_array)
        .ok_or(RpcError::Signature(3))?
        .clone();
    for item in &items {
        let key = ctx.key_of_ref(item.get("TAF"))?;
        let mut parts = key.strip_prefix("hw:").ok_or(RpcError::Top(22))?.split(':');
        let (Some(Ok(owner)), Some(Ok(index))) = (
            parts.next().map(str::parse::<usize>),
            parts.next().map(str::parse::<usize>),
        ) else {
            return Err(RpcError::Top(22));
        };
        let homework = ctx
            .shared
            .demo
            .students
            .get(owner)
            .and_then(|s| s.homework.get(index));
        if owner != student || homework.is_none_or(|h| h.return_kind != 2) {
            return Err(RpcError::Signature(3));
        }
        match item.get("E").and_then(Value::as_u64) {
            Some(3) => {
                ctx.shared.store().homework_files.remove(&(student, index));
            }
            _ => {
                let file_id = item
                    .get("idFichier")
                    .and_then(Value::as_str)
                    .ok_or(RpcError::Signature(3))?;
                let mut uploaded = ctx
                    .session
                    .uploads
                    .remove(file_id)
                    .ok_or(RpcError::Signature(3))?;
                if let Some(name) = item.get("L").and_then(Value::as_str) {
                    uploaded.name = name.chars().take(200).collect();
                }
                ctx.shared
                    .store()
                    .homework_files
                    .insert((student, index), uploaded);
            }
        }
    }
    Ok(Reply::empty())
}
