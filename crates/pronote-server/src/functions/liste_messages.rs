//! `ListeMessages` (tab 131): the messages of a discussion (named by its
//! `listePossessionsMessages`), the message to answer and the send
//! buttons (none when the discussion is closed). A saved draft comes
//! last (`brouillon` true) and in `brouillon`. Messages carry their
//! attached files in `listeDocumentsJoints`.

use serde_json::{Value, json};

use super::liste_messagerie::{
    draft_id, draft_possession_id, message_id, parse_message_key, possession_id,
};
use super::page_cahier_de_texte::attachment_json;
use super::{Ctx, datetime_v, elem, kind, list};
use crate::rpc::{Reply, RpcError, RpcResult};

/// The discussion named by the data's `listePossessionsMessages` (or
/// `message`): (account, discussion index).
pub(crate) fn discussion_of(ctx: &Ctx<'_>) -> Result<usize, RpcError> {
    let account = ctx.account_index()?;
    let reference = ctx
        .field("listePossessionsMessages")
        .and_then(|v| v.get("V").unwrap_or(v).as_array())
        .and_then(|a| a.first())
        .or_else(|| ctx.field("message"))
        .or_else(|| {
            ctx.field("messagePourReponse")
                .map(|m| m.get("V").unwrap_or(m))
        });
    let key = ctx.key_of_ref(reference)?;
    let (owner, discussion, _) = parse_message_key(&key).ok_or(RpcError::Top(22))?;
    if owner != account {
        return Err(RpcError::Signature(3));
    }
    Ok(discussion)
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let account = ctx.account_index()?;
    let index = discussion_of(ctx)?;
    let mark_read = ctx
        .field("marquerCommeLu")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let discussion = {
        let mut store = ctx.shared.store();
        let state = store.account(account).ok_or(RpcError::Top(22))?;
        let d = state
            .discussions
            .get_mut(index)
            .filter(|d| !d.deleted)
            .ok_or(RpcError::Top(22))?;
        let snapshot = d.clone();
        if mark_read {
            d.messages.iter_mut().for_each(|m| m.read = true);
        }
        snapshot
    };
    let mut messages: Vec<Value> = discussion
        .messages
        .iter()
        .enumerate()
        .map(|(j, m)| {
            let source = match m.reply_to {
                Some(r) => message_id(ctx, account, index, r),
                None => ctx.id(kind::MESSAGE, &format!("root:{account}:{index}")),
            };
            json!({
                "N": message_id(ctx, account, index, j),
                "possessionMessage": elem(json!({"N": possession_id(ctx, account, index, j)})),
                "emetteur": m.from_me,
                "public_gauche": if m.from_me { "Moi".to_owned() } else { m.author.clone() },
                "hint_gauche": m.author_hint,
                "public_droite": if m.from_me { m.to.clone() } else { "Moi".to_owned() },
                "hint_droite": "",
                "lu": m.read,
                "date": datetime_v(m.date),
                "contenu": m.content,
                "estHTML": false,
                "messageSource": elem(json!({"N": source})),
                "nbPublic": 1,
                "estUnAparte": false,
                "listeDocumentsJoints": list(m.attachments.iter().map(|a| attachment_json(ctx, a)).collect()),
            })
        })
        .collect();
    let last = discussion.messages.len().saturating_sub(1);
    let mut draft = None;
    if let Some(text) = &discussion.draft {
        let id = draft_id(ctx, account, index);
        let updated = discussion
            .messages
            .last()
            .map(|m| m.date)
            .unwrap_or_else(|| ctx.shared.now());
        messages.push(json!({
            "N": id,
            "possessionMessage": elem(json!({"N": draft_possession_id(ctx, account, index)})),
            "brouillon": true,
            "emetteur": true,
            "public_gauche": "Moi",
            "hint_gauche": "",
            "public_droite": "",
            "hint_droite": "",
            "lu": true,
            "date": datetime_v(updated),
            "contenu": text,
            "estHTML": false,
            "messageSource": elem(json!({"N": message_id(ctx, account, index, last)})),
            "nbPublic": 0,
            "estUnAparte": false,
            "listeDocumentsJoints": list(vec![]),
        }));
        draft = Some(json!({"N": id, "estHTML": false, "contenu": text}));
    }
    let buttons = if discussion.closed {
        vec![]
    } else {
        vec![json!({"N": 0, "L": "Envoyer", "G": 0})]
    };
    let mut data = json!({
        "listeMessages": list(messages),
        "messagePourReponse": elem(json!({"N": message_id(ctx, account, index, last), "G": 0})),
        "listeBoutons": list(buttons),
        "nbPossessionsMessage": discussion.messages.len(),
    });
    if let Some(draft) = draft {
        data["brouillon"] = elem(draft);
    }
    Ok(Reply::data(data))
}
