//! `ListeMessagerie` (tab 131): the discussions and the folder labels.
//!
//! Request: `avecMessage` true, `avecLu` (false for unread discussions
//! only), `possessionMessageDiscussionUnique` null (as Pawnote). Reply:
//! `listeEtiquettes` (labels `{N, L, G}`) and `listeMessagerie`, of which
//! only discussions (`estUneDiscussion`) of depth 0 are kept.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{WireLink, owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{Discussion, Discussions, Folder, FolderKind};

const NAME: &str = "ListeMessagerie";

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

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(
        rename = "listeEtiquettes",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    folders: Vec<WireFolder<'a>>,
    #[serde(rename = "listeMessagerie", borrow)]
    discussions: Wrapped<Vec<WireDiscussion<'a>>>,
}

/// A folder label.
#[derive(Debug, Deserialize)]
struct WireFolder<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
}

/// A `listeMessagerie` item: a discussion, or one of its messages.
#[derive(Debug, Deserialize)]
struct WireDiscussion<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "estUneDiscussion",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    is_discussion: bool,
    #[serde(
        rename = "profondeur",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    depth: Option<i64>,
    #[serde(
        rename = "objet",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    subject: Option<Cow<'a, str>>,
    #[serde(
        rename = "initiateur",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    creator: Option<Cow<'a, str>>,
    #[serde(
        rename = "public",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    audience: Option<Cow<'a, str>>,
    #[serde(default)]
    date: Option<WireDate>,
    #[serde(
        rename = "nbNonLus",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    unread: Option<u32>,
    #[serde(
        rename = "nombreMessages",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    message_count: Option<u32>,
    #[serde(
        rename = "nbBrouillons",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    draft_count: Option<u32>,
    #[serde(
        rename = "ferme",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    closed: bool,
    #[serde(
        rename = "listeEtiquettes",
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    folders: Vec<WireLink>,
    #[serde(
        rename = "listePossessionsMessages",
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    possessions: Vec<WireLink>,
    #[serde(rename = "messagePourParticipants", default)]
    participants_message: Option<Wrapped<WireLink>>,
}

fn folder(v: WireFolder<'_>) -> Result<Folder> {
    Ok(Folder {
        id: v
            .id
            .ok_or_else(|| Error::reply(NAME, "a folder label has no id (N)"))?
            .into(),
        name: owned(v.name).unwrap_or_default(),
        kind: FolderKind::from_code(
            v.kind
                .ok_or_else(|| Error::reply(NAME, "a folder label has no kind (G)"))?,
        ),
    })
}

fn discussion(v: WireDiscussion<'_>, folders: &[Folder]) -> Result<Discussion> {
    let possessions = v
        .possessions
        .into_iter()
        .map(|p| {
            p.id.ok_or_else(|| Error::reply(NAME, "a message possession has no id (N)"))
        })
        .collect::<Result<Vec<_>>>()?;
    let labels: Vec<Folder> = v
        .folders
        .into_iter()
        .filter_map(|link| link.id)
        .filter_map(|id| folders.iter().find(|f| f.id == id).cloned())
        .collect();
    Ok(Discussion {
        id: v
            .id
            .ok_or_else(|| Error::reply(NAME, "a discussion has no id (N)"))?
            .into(),
        subject: owned(v.subject).unwrap_or_default(),
        creator: owned(v.creator),
        audience: owned(v.audience),
        date: v.date.map(|d| d.0),
        unread: v.unread.unwrap_or(0),
        message_count: v.message_count.unwrap_or(0),
        draft_count: v.draft_count.unwrap_or(0),
        closed: v.closed,
        folders: labels,
        possessions,
        participants_message: v
            .participants_message
            .and_then(|m| m.into_inner().id)
            .map(Into::into),
    })
}

/// The request; `possessionMessageDiscussionUnique` is `null`, as Pawnote
/// sends it.
#[derive(Debug, Serialize)]
struct WireRequest {
    #[serde(rename = "avecMessage")]
    with_messages: bool,
    #[serde(rename = "avecLu")]
    with_read: bool,
    #[serde(rename = "possessionMessageDiscussionUnique")]
    single_discussion: Option<()>,
}

impl Function for GetDiscussions {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Discussions;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                with_messages: true,
                with_read: !self.unread_only,
                single_discussion: None,
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Discussions> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Discussions> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetDiscussions {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Discussions> {
        let folders = wire
            .folders
            .into_iter()
            .map(folder)
            .collect::<Result<Vec<_>>>()?;
        let discussions = wire
            .discussions
            .into_inner()
            .into_iter()
            .filter(|d| d.is_discussion && d.depth.unwrap_or(0) == 0)
            .map(|d| discussion(d, &folders))
            .collect::<Result<Vec<_>>>()?;
        Ok(Discussions {
            folders,
            discussions,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_flags() {
        let s = Session::new();
        assert_eq!(
            s.data(&GetDiscussions::all()),
            json!({"avecMessage": true, "avecLu": true, "possessionMessageDiscussionUnique": null})
        );
        assert_eq!(
            s.data(&GetDiscussions::unread_only()),
            json!({"avecMessage": true, "avecLu": false, "possessionMessageDiscussionUnique": null})
        );
    }
}
