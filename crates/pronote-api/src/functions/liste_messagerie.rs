//! `ListeMessagerie` (tab 131): the discussions and the folder labels.
//!
//! Request: `avecMessage` true, `avecLu` (false for unread discussions
//! only), `possessionMessageDiscussionUnique` null (as Pawnote). Reply:
//! `listeEtiquettes` (labels `{N, L, G}`) and `listeMessagerie`, of which
//! only discussions (`estUneDiscussion`) of depth 0 are kept.

use serde_json::{Value, json};

use pronote_proto::Reply;

use super::{Reader, field, flag, opt_i64, opt_id, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{Discussion, Discussions, Folder, FolderKind};
use crate::models::instance::{list, str_of};

const READ: Reader = Reader("ListeMessagerie");

/// Lists the discussions with their folders and unread counts.
///
/// ```
/// use pronote_api::functions::GetDiscussions;
/// let every = GetDiscussions::all();
/// let unread = GetDiscussions::unread_only();
/// # let _ = (every, unread);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetDiscussions {
    unread_only: bool,
}

impl GetDiscussions {
    /// Every discussion.
    pub fn all() -> Self {
        GetDiscussions { unread_only: false }
    }

    /// Only discussions with unread messages (`avecLu` false).
    pub fn unread_only() -> Self {
        GetDiscussions { unread_only: true }
    }
}

fn count(v: &Value, key: &str) -> u32 {
    opt_i64(v, key)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

fn folder(v: &Value) -> Result<Folder> {
    Ok(Folder {
        id: READ.id(v, "a folder label")?,
        name: str_of(v, "L").to_owned(),
        kind: FolderKind::from_code(
            opt_i64(v, "G").ok_or_else(|| READ.error("a folder label has no kind (G)"))?,
        ),
    })
}

fn discussion(v: &Value, folders: &[Folder]) -> Result<Discussion> {
    let possessions = list(v.get("listePossessionsMessages"))
        .iter()
        .map(|p| READ.id(p, "a message possession"))
        .collect::<Result<Vec<_>>>()?;
    let labels: Vec<Folder> = list(v.get("listeEtiquettes"))
        .iter()
        .filter_map(opt_id)
        .filter_map(|id| folders.iter().find(|f| f.id == id).cloned())
        .collect();
    Ok(Discussion {
        id: READ.id(v, "a discussion")?,
        subject: opt_string(v, "objet").unwrap_or_default(),
        creator: opt_string(v, "initiateur"),
        audience: opt_string(v, "public"),
        date: READ.opt_date_time(v, "date")?,
        unread: count(v, "nbNonLus"),
        message_count: count(v, "nombreMessages"),
        draft_count: count(v, "nbBrouillons"),
        closed: flag(v, "ferme"),
        folders: labels,
        possessions,
        participants_message: field(v, "messagePourParticipants").and_then(opt_id),
    })
}

impl Function for GetDiscussions {
    const NAME: &'static str = "ListeMessagerie";
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Discussions;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({
            "avecMessage": true,
            "avecLu": !self.unread_only,
            "possessionMessageDiscussionUnique": null,
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Discussions> {
        let data = &reply.data;
        let folders = list(data.get("listeEtiquettes"))
            .iter()
            .map(folder)
            .collect::<Result<Vec<_>>>()?;
        let discussions = READ
            .req_list(data, "listeMessagerie")?
            .iter()
            .filter(|d| flag(d, "estUneDiscussion") && opt_i64(d, "profondeur").unwrap_or(0) == 0)
            .map(|d| discussion(d, &folders))
            .collect::<Result<Vec<_>>>()?;
        Ok(Discussions {
            folders,
            discussions,
        })
    }
}
