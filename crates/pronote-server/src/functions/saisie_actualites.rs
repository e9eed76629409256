//! `SaisieActualites` (tab 8): marks news read, acknowledges information,
//! answers surveys, deletes items from the user's list
//! (`listeActualites [{N, lue, supprimee, listeQuestions}]`).

use serde_json::Value;

use super::Ctx;
use crate::rpc::{Reply, RpcError, RpcResult};

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let account = ctx.account_index()?;
    let items = ctx
        .field("listeActualites")
        .and_then(Value::as_array)
        .ok_or(RpcError::Signature(3))?;
    let mut updates = Vec::new();
    for item in items {
        let key = ctx.key_of_ref(Some(item))?;
        let index = key
            .strip_prefix("n:")
            .and_then(|k| k.parse::<usize>().ok())
            .ok_or(RpcError::Top(22))?;
        if index >= ctx.shared.demo.news.len() {
            return Err(RpcError::Top(22));
        }
        let read = item.get("lue").and_then(Value::as_bool).unwrap_or(true);
        let deleted = item.get("supprimee").and_then(Value::as_bool) == Some(true);
        let mut answers = Vec::new();
        for question in item
            .get("listeQuestions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Ok(qkey) = ctx.key_of_ref(Some(question)) else {
                continue;
            };
            let Some(j) = qkey
                .rsplit(':')
                .next()
                .and_then(|j| j.parse::<usize>().ok())
            else {
                continue;
            };
            if let Some(value) = question.pointer("/reponse/valeurReponse") {
                if question
                    .pointer("/reponse/avecReponse")
                    .and_then(Value::as_bool)
                    != Some(false)
                {
                    answers.push((j, value.clone()));
                }
            }
        }
        updates.push((index, read, deleted, answers));
    }
    let mut store = ctx.shared.store();
    if let Some(state) = store.account(account) {
        for (index, read, deleted, answers) in updates {
            if deleted {
                state.news_deleted.insert(index);
            }
            if read {
                state.news_read.insert(index);
            } else {
                state.news_read.remove(&index);
            }
            for (j, value) in answers {
                state.news_answers.insert((index, j), value);
            }
        }
    }
    Ok(Reply::empty())
}
