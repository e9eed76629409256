//! `SaisieMessage` (tab 131): starts a discussion (`objet`, `contenu`,
//! `listeDestinataires`), answers one (`messagePourReponse`, `contenu`,
//! `bouton`) or applies a `commande` (`pourLu`, `corbeille`,
//! `restauration`, `suppression`, `brouillon`). Writing to a closed
//! discussion fails in `RapportSaisie`. A draft (`brouillon`) is kept per
//! discussion: saved again it is replaced, sent (`brouillon {N}` naming
//! it) it becomes a message, `suppression` of its possession deletes it.

use serde_json::{Value, json};

use super::Ctx;
use super::liste_messagerie::{is_draft_key, parse_message_key};
use crate::data::messages::{Discussion, Message};
use crate::rpc::{Reply, RpcError, RpcResult};

fn content(ctx: &Ctx<'_>) -> String {
    let raw = match ctx.field("contenu") {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.get("V").and_then(Value::as_str).unwrap_or("").to_owned(),
        None => String::new(),
    };
    raw.chars().take(10_000).collect()
}

/// A recipient's name: from its id (Pawnote sends `{N, G}` only), else
/// its `L` (pronotepy).
fn recipient_name(ctx: &Ctx<'_>, recipient: &Value) -> Option<String> {
    let demo = &ctx.shared.demo;
    let from_id = recipient
        .get("N")
        .and_then(Value::as_str)
        .and_then(|n| ctx.key_of(n).ok())
        .and_then(|key| {
            if let Some(k) = key.strip_prefix("te:") {
                demo.teachers
                    .iter()
                    .find(|t| t.key == k)
                    .map(|t| t.full_name())
            } else if let Some(k) = key.strip_prefix("st:") {
                k.parse::<usize>()
                    .ok()
                    .and_then(|i| demo.students.get(i))
                    .map(|s| s.full_name())
            } else if let Some(k) = key.strip_prefix("ro:") {
                let (class, row) = k.split_once(':')?;
                let class = demo.classes.get(class.parse::<usize>().ok()?)?;
                let (last, first) = class.roster.get(row.parse::<usize>().ok()?)?;
                Some(format!("{last} {first}"))
            } else if let Some(k) = key.strip_prefix("sf:") {
                demo.staff
                    .iter()
                    .find(|p| p.key == k)
                    .map(|p| p.full_name())
            } else {
                None
            }
        });
    from_id.or_else(|| {
        recipient
            .get("L")
            .and_then(Value::as_str)
            .map(str::to_owned)
    })
}

fn rejected(message: &str) -> Reply {
    Reply {
        extra: vec![(
            "RapportSaisie",
            json!({"_erreurSaisie_": true, "_messagesErreur_": [message]}),
        )],
        ..Reply::empty()
    }
}

/// Discussions named by `listePossessionsMessages`, each with whether
/// the possession is the discussion's draft.
fn targets(ctx: &Ctx<'_>, account: usize) -> Result<Vec<(usize, bool)>, RpcError> {
    let mut out = Vec::new();
    let items = ctx
        .field("listePossessionsMessages")
        .and_then(|v| v.get("V").unwrap_or(v).as_array())
        .cloned()
        .unwrap_or_default();
    for item in &items {
        let key = ctx.key_of_ref(Some(item))?;
        let (owner, discussion, _) = parse_message_key(&key).ok_or(RpcError::Top(22))?;
        if owner != account {
            return Err(RpcError::Signature(3));
        }
        let target = (discussion, is_draft_key(&key));
        if !out.contains(&target) {
            out.push(target);
        }
    }
    Ok(out)
}

/// `commande "brouillon"`: saves the draft answer of the discussion named
/// by `messagePourReponse` (or by the draft's own id), replacing any
/// earlier one. A closed discussion takes no draft.
fn save_draft(ctx: &Ctx<'_>, account: usize) -> RpcResult {
    let reference = ctx
        .field("messagePourReponse")
        .map(|m| m.get("V").unwrap_or(m))
        .filter(|m| m.get("N").and_then(Value::as_str).is_some())
        .or_else(|| ctx.field("brouillon"));
    let key = ctx.key_of_ref(reference)?;
    let (owner, index, _) = parse_message_key(&key).ok_or(RpcError::Top(22))?;
    if owner != account {
        return Err(RpcError::Signature(3));
    }
    let text = content(ctx);
    let mut store = ctx.shared.store();
    let state = store.account(account).ok_or(RpcError::Top(22))?;
    let d = state
        .discussions
        .get_mut(index)
        .filter(|d| !d.deleted)
        .ok_or(RpcError::Top(22))?;
    if d.closed {
        return Ok(rejected("La discussion est ferm\u{e9}e."));
    }
    d.draft = Some(text);
    Ok(Reply::empty())
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let account = ctx.account_index()?;
    let me = super::authentification::display_name(&ctx.shared.demo, ctx.account()?);
    let now = ctx.shared.now();
    let command = ctx
        .field("commande")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    match command.as_str() {
        "pourLu" | "corbeille" | "restauration" | "suppression" => {
            let read = ctx.field("lu").and_then(Value::as_bool).unwrap_or(true);
            let which = targets(ctx, account)?;
            let mut store = ctx.shared.store();
            let state = store.account(account).ok_or(RpcError::Top(22))?;
            for (i, draft) in which {
                let Some(d) = state.discussions.get_mut(i) else {
                    return Err(RpcError::Top(22));
                };
                match command.as_str() {
                    "suppression" if draft => d.draft = None,
                    "pourLu" => d.messages.iter_mut().for_each(|m| m.read = read),
                    "corbeille" => d.trash = true,
                    "restauration" => d.trash = false,
                    _ => d.deleted = true,
                }
            }
            return Ok(Reply::empty());
        }
        "brouillon" => return save_draft(ctx, account),
        _ => {}
    }
    let text = content(ctx);
    let sends_draft = ctx
        .field("brouillon")
        .and_then(|b| ctx.key_of_ref(Some(b.get("V").unwrap_or(b))).ok())
        .is_some_and(|key| is_draft_key(&key));
    if let Some(reply_to) = ctx.field("messagePourReponse") {
        let reference = reply_to.get("V").unwrap_or(reply_to);
        let key = ctx.key_of_ref(Some(reference))?;
        let (owner, index, message) = parse_message_key(&key).ok_or(RpcError::Top(22))?;
        if owner != account {
            return Err(RpcError::Signature(3));
        }
        let mut store = ctx.shared.store();
        let state = store.account(account).ok_or(RpcError::Top(22))?;
        let d = state
            .discussions
            .get_mut(index)
            .filter(|d| !d.deleted)
            .ok_or(RpcError::Top(22))?;
        if d.closed {
            return Ok(rejected("La discussion est ferm\u{e9}e."));
        }
        let to = d
            .participants
            .iter()
            .filter(|p| **p != me)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        d.messages.push(Message {
            from_me: true,
            author: me.clone(),
            author_hint: "Eleve",
            to,
            date: now,
            content: text,
            read: true,
            reply_to: message.or(Some(d.messages.len().saturating_sub(1))),
            attachments: vec![],
        });
        if sends_draft {
            d.draft = None;
        }
        return Ok(Reply::empty());
    }
    let recipients: Vec<String> = ctx
        .field("listeDestinataires")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|r| recipient_name(ctx, r)).collect())
        .unwrap_or_default();
    if recipients.is_empty() {
        return Ok(rejected("Aucun destinataire."));
    }
    let subject = ctx
        .field("objet")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    let mut participants = vec![me.clone()];
    participants.extend(recipients.iter().cloned());
    let discussion = Discussion {
        subject,
        creator: None,
        participants,
        closed: false,
        trash: false,
        deleted: false,
        draft: None,
        messages: vec![Message {
            from_me: true,
            author: me,
            author_hint: "Eleve",
            to: recipients.join(", "),
            date: now,
            content: text,
            read: true,
            reply_to: None,
            attachments: vec![],
        }],
    };
    let mut store = ctx.shared.store();
    if let Some(state) = store.account(account) {
        state.discussions.push(discussion);
    }
    Ok(Reply::empty())
}
