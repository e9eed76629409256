//! `ListeMessages` (tab 131): the messages of one discussion, the message
//! a reply answers and the send buttons (none once the discussion is
//! closed).
//!
//! Request: `listePossessionsMessages` (the discussion's, as received),
//! `marquerCommeLu`, `nbMessagesVus` 0 (as Pawnote).

use serde_json::{Value, json};

use pronote_proto::Reply;
use pronote_proto::value::{Html, Id};

use super::{Reader, field, flag, opt_i64, opt_id, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{
    Discussion, Message, PersonKind, ReplyTarget, SendAction, SendButton, Thread,
};
use crate::models::instance::{list, str_of};

const READ: Reader = Reader("ListeMessages");

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

pub(crate) fn possessions_json(possessions: &[Id]) -> Value {
    Value::Array(possessions.iter().map(|p| json!({"N": p})).collect())
}

fn message(v: &Value) -> Result<Message> {
    let is_html = flag(v, "estHTML");
    let (content, html) = match field(v, "contenu") {
        Some(Value::String(text)) if is_html => {
            let html = Html::from(text.as_str());
            (html.to_plain_text(), Some(html))
        }
        Some(Value::String(text)) => (text.clone(), None),
        Some(_) => return Err(READ.error("a message's contenu is not text")),
        None => (String::new(), None),
    };
    let from_me = flag(v, "emetteur");
    let author = opt_string(v, "public_gauche").unwrap_or_default();
    let author_kind = PersonKind::from_hint(str_of(v, "hint_gauche"));
    Ok(Message {
        id: READ.id(v, "a message")?,
        possession: field(v, "possessionMessage").and_then(opt_id),
        source: field(v, "messageSource").and_then(opt_id),
        from_me,
        author,
        author_kind,
        recipients: opt_string(v, "public_droite"),
        read: flag(v, "lu"),
        draft: flag(v, "brouillon"),
        date: READ.opt_date_time(v, "date")?,
        content,
        html,
        attachments: READ.attachments(v, "listeDocumentsJoints")?,
    })
}

impl Function for GetMessages {
    const NAME: &'static str = "ListeMessages";
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Thread;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({
            "listePossessionsMessages": possessions_json(&self.possessions),
            "marquerCommeLu": self.mark_read,
            "nbMessagesVus": 0,
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Thread> {
        let data = &reply.data;
        let messages = READ
            .req_list(data, "listeMessages")?
            .iter()
            .map(message)
            .collect::<Result<Vec<_>>>()?;
        let reply_target = field(data, "messagePourReponse")
            .and_then(|t| Some((opt_id(t)?, opt_i64(t, "G").unwrap_or(0))))
            .map(|(id, kind)| ReplyTarget { id, kind });
        let buttons = list(data.get("listeBoutons"))
            .iter()
            .filter_map(|b| {
                Some(SendButton {
                    id: opt_id(b)?,
                    label: str_of(b, "L").to_owned(),
                    action: SendAction::from_code(opt_i64(b, "G").unwrap_or(0)),
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
