//! `ListeMessages` (tab 131): the messages of one discussion, the message
//! a reply answers and the send buttons (none once the discussion is
//! closed).
//!
//! Request: `listePossessionsMessages` (the discussion's, as received),
//! `marquerCommeLu`, `nbMessagesVus` 0 (as Pawnote).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Html, Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{
    WireAttachment, WireLink, attachments, id_refs, owned, parse, read_text, request,
};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{
    Discussion, Message, PersonKind, ReplyTarget, SendAction, SendButton, Thread,
};

const NAME: &str = "ListeMessages";

/// Reads the messages of a discussion, optionally marking them read.
///
/// ```
/// # use pronote_api::models::discussion::Discussion;
/// use pronote_api::functions::GetMessages;
/// # fn run(discussion: &Discussion) {
/// let request = GetMessages::new(discussion).mark_read(true);
/// # let _ = request; }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetMessages {
    possessions: Vec<Id>,
    mark_read: bool,
}

impl GetMessages {
    /// The messages of `discussion` (read in the current session).
    pub fn new(discussion: &Discussion) -> Self {
        GetMessages::with_possessions(discussion.possessions.clone())
    }

    /// The same, from the discussion's possessions.
    pub fn with_possessions(possessions: Vec<Id>) -> Self {
        GetMessages {
            possessions,
            mark_read: false,
        }
    }

    /// Marks the discussion read on the way (`marquerCommeLu`).
    pub fn mark_read(mut self, mark: bool) -> Self {
        self.mark_read = mark;
        self
    }
}

/// The request: the discussion's possessions `[{N}, …]`, whether to mark
/// them read, `nbMessagesVus` 0 (as Pawnote).
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "listePossessionsMessages", serialize_with = "id_refs")]
    possessions: &'a [Id],
    #[serde(rename = "marquerCommeLu")]
    mark_read: bool,
    #[serde(rename = "nbMessagesVus")]
    seen: u32,
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "listeMessages", borrow)]
    messages: Wrapped<Vec<WireMessage<'a>>>,
    #[serde(rename = "messagePourReponse", default)]
    reply_target: Option<Wrapped<WireTarget>>,
    #[serde(
        rename = "listeBoutons",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    buttons: Vec<WireButton<'a>>,
}

/// One message.
#[derive(Debug, Deserialize)]
struct WireMessage<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "estHTML",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    is_html: bool,
    #[serde(rename = "contenu", default)]
    content: Option<Wrapped<String>>,
    #[serde(
        rename = "emetteur",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    from_me: bool,
    #[serde(
        rename = "public_gauche",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    author: Option<Cow<'a, str>>,
    #[serde(
        rename = "hint_gauche",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    author_hint: Option<Cow<'a, str>>,
    #[serde(
        rename = "public_droite",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    recipients: Option<Cow<'a, str>>,
    #[serde(
        rename = "lu",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    read: bool,
    #[serde(
        rename = "brouillon",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    draft: bool,
    #[serde(default)]
    date: Option<WireDate>,
    #[serde(rename = "possessionMessage", default)]
    possession: Option<Wrapped<WireLink>>,
    #[serde(rename = "messageSource", default)]
    source: Option<Wrapped<WireLink>>,
    #[serde(
        rename = "listeDocumentsJoints",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    attachments: Vec<WireAttachment<'a>>,
}

/// `messagePourReponse`.
#[derive(Debug, Deserialize)]
struct WireTarget {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
}

/// A send button.
#[derive(Debug, Deserialize)]
struct WireButton<'a> {
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
    label: Option<Cow<'a, str>>,
    #[serde(
        rename = "G",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    action: Option<i64>,
}

fn message(v: WireMessage<'_>) -> Result<Message> {
    let (content, html) = match v.content.map(Wrapped::into_inner) {
        Some(text) if v.is_html => {
            let html = Html::from(text);
            (html.to_plain_text(), Some(html))
        }
        Some(text) => (text, None),
        None => (String::new(), None),
    };
    Ok(Message {
        id: v
            .id
            .ok_or_else(|| Error::reply(NAME, "a message has no id (N)"))?
            .into(),
        possession: v.possession.and_then(|p| p.into_inner().id),
        source: v.source.and_then(|s| s.into_inner().id).map(Into::into),
        from_me: v.from_me,
        author: owned(v.author).unwrap_or_default(),
        author_kind: PersonKind::from_hint(v.author_hint.as_deref().unwrap_or_default()),
        recipients: owned(v.recipients),
        read: v.read,
        draft: v.draft,
        date: v.date.map(|d| d.0),
        content,
        html,
        attachments: attachments(NAME, v.attachments)?,
    })
}

impl Function for GetMessages {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Thread;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                possessions: &self.possessions,
                mark_read: self.mark_read,
                seen: 0,
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Thread> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Thread> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetMessages {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Thread> {
        let messages = wire
            .messages
            .into_inner()
            .into_iter()
            .map(message)
            .collect::<Result<Vec<_>>>()?;
        let reply_target = wire.reply_target.and_then(|t| {
            let t = t.into_inner();
            Some(ReplyTarget {
                id: t.id?,
                kind: t.kind.unwrap_or(0),
            })
        });
        let buttons = wire
            .buttons
            .into_iter()
            .filter_map(|b| {
                Some(SendButton {
                    id: b.id?,
                    label: owned(b.label).unwrap_or_default(),
                    action: SendAction::from_code(b.action.unwrap_or(0)),
                })
            })
            .collect();
        Ok(Thread {
            messages,
            reply_target,
            buttons,
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
    fn request_lists_the_possessions() {
        let s = Session::new();
        let request =
            GetMessages::with_possessions(vec![Id::new("1#m"), Id::new("2#m")]).mark_read(true);
        assert_eq!(
            s.data(&request),
            json!({
                "listePossessionsMessages": [{"N": "1#m"}, {"N": "2#m"}],
                "marquerCommeLu": true,
                "nbMessagesVus": 0,
            })
        );
        assert_eq!(
            s.data(&GetMessages::with_possessions(Vec::new())),
            json!({"listePossessionsMessages": [], "marquerCommeLu": false, "nbMessagesVus": 0})
        );
    }
}
