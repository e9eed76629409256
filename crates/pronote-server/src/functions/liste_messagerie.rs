//! `ListeMessagerie` (tab 131): the account's discussions and the folders
//! (`listeEtiquettes`).

use serde_json::{Value, json};

use super::{Ctx, datetime_v, elem, kind, list};
use crate::rpc::{Reply, RpcResult};
use crate::store::AccountState;

/// Folder labels: (key, label, `G`).
pub(crate) const FOLDERS: &[(&str, &str, u32)] = &[
    ("recus", "Re\u{e7}us", 1),
    ("brouillons", "Brouillons", 4),
    ("corbeille", "Corbeille", 5),
];

/// The wire id of a message's possession.
pub(crate) fn possession_id(
    ctx: &Ctx<'_>,
    account: usize,
    discussion: usize,
    message: usize,
) -> String {
    ctx.id(
        kind::POSSESSION,
        &format!("pm:{account}:{discussion}:{message}"),
    )
}

/// The wire id of a message.
pub(crate) fn message_id(
    ctx: &Ctx<'_>,
    account: usize,
    discussion: usize,
    message: usize,
) -> String {
    ctx.id(
        kind::MESSAGE,
        &format!("m:{account}:{discussion}:{message}"),
    )
}

/// The wire id of a discussion's draft message.
pub(crate) fn draft_id(ctx: &Ctx<'_>, account: usize, discussion: usize) -> String {
    ctx.id(kind::MESSAGE, &format!("dm:{account}:{discussion}"))
}

/// The wire id of a discussion's draft possession (what `suppression`
/// names to delete the draft).
pub(crate) fn draft_possession_id(ctx: &Ctx<'_>, account: usize, discussion: usize) -> String {
    ctx.id(kind::POSSESSION, &format!("pd:{account}:{discussion}"))
}

/// Whether a key names a draft (`dm:` or `pd:`).
pub(crate) fn is_draft_key(key: &str) -> bool {
    key.starts_with("dm:") || key.starts_with("pd:")
}

/// Reads `pm:` or `m:` or `pp:` keys: (account, discussion, message);
/// `dd:` (a discussion) and the draft keys `dm:`/`pd:` name no message.
pub(crate) fn parse_message_key(key: &str) -> Option<(usize, usize, Option<usize>)> {
    let (prefix, rest) = key.split_once(':')?;
    let mut parts = rest.split(':').map(str::parse::<usize>);
    let account = parts.next()?.ok()?;
    let discussion = parts.next()?.ok()?;
    match prefix {
        "pm" | "m" => Some((account, discussion, Some(parts.next()?.ok()?))),
        "pp" | "dd" | "dm" | "pd" => Some((account, discussion, None)),
        _ => None,
    }
}

fn folder_ref(ctx: &Ctx<'_>, index: usize) -> Value {
    let (key, label, genre) = FOLDERS.get(index).copied().unwrap_or(("", "", 0));
    json!({"N": ctx.id(kind::MISC, &format!("et:{key}")), "L": label, "G": genre})
}

/// A discussion's labels: drafts (`G` 4) when it holds one, trash (`G` 5).
fn labels(ctx: &Ctx<'_>, d: &crate::data::messages::Discussion) -> Vec<Value> {
    let mut out = Vec::new();
    if d.draft.is_some() {
        out.push(folder_ref(ctx, 1));
    }
    if d.trash {
        out.push(folder_ref(ctx, 2));
    }
    out
}

pub(crate) fn handle(ctx: &mut Ctx<'_>) -> RpcResult {
    let account = ctx.account_index()?;
    let with_read = ctx.field("avecLu").and_then(Value::as_bool).unwrap_or(true);
    let discussions = {
        let mut store = ctx.shared.store();
        store
            .account(account)
            .map(|s: &mut AccountState| s.discussions.clone())
            .unwrap_or_default()
    };
    let items: Vec<Value> = discussions
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.deleted)
        .filter(|(_, d)| with_read || d.messages.iter().any(|m| !m.read))
        .map(|(i, d)| {
            let unread = d.messages.iter().filter(|m| !m.read).count();
            let last = d.messages.last().map(|m| m.date);
            let possessions: Vec<Value> = (0..d.messages.len())
                .map(|j| json!({"N": possession_id(ctx, account, i, j)}))
                .collect();
            let mut v = json!({
                "N": ctx.id(kind::MISC, &format!("dd:{account}:{i}")),
                "estUneDiscussion": true,
                "profondeur": 0,
                "objet": d.subject,
                "messagePourParticipants": elem(json!({"N": ctx.id(kind::MESSAGE, &format!("pp:{account}:{i}"))})),
                "listePossessionsMessages": list(possessions),
                "nbNonLus": unread,
                "nombreMessages": d.messages.len(),
                "nbBrouillons": usize::from(d.draft.is_some()),
                "ferme": d.closed,
                "listeEtiquettes": list(labels(ctx, d)),
                "public": d.participants.iter().skip(1).cloned().collect::<Vec<_>>().join(", "),
                "destinatairesMessage": list(d.participants.iter().map(|p| json!({"L": p})).collect()),
                "libelleDate": last.map(|l| super::date_text(l.date())).unwrap_or_default(),
            });
            if let Some(creator) = &d.creator {
                v["initiateur"] = json!(creator);
            }
            if let Some(l) = last {
                v["date"] = datetime_v(l);
            }
            v
        })
        .collect();
    let folders: Vec<Value> = (0..FOLDERS.len()).map(|i| folder_ref(ctx, i)).collect();
    Ok(Reply::data(json!({
        "listeEtiquettes": list(folders),
        "listeMessagerie": list(items),
        "avecMessagerie": true,
    })))
}
