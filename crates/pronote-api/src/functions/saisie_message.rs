//! `SaisieMessage` (tab 131): answers a discussion, starts one, saves or
//! sends a draft, or applies a command to discussions (read, unread,
//! trash, restore, delete). The reply carries nothing; a refusal (a
//! closed discussion, no recipient) comes back in `RapportSaisie` and is
//! reported as [`ServerError::SaveRejected`](pronote_proto::ServerError::SaveRejected).
//!
//! Request shapes, as Pawnote sends them:
//!
//! * reply: `messagePourReponse {N, G}`, `contenu`, `bouton {N, G}`,
//!   `genreDiscussion` 0, `listeFichiers` [];
//! * new discussion: `objet`, `contenu`, `listeDestinataires [{N, G, L,
//!   E: 2}]`, `estCreationCarnetLiaison` false, `listeFichiers` [];
//! * draft: `commande "brouillon"`, `brouillon {N, E}` (E 1 new, 2
//!   existing), `contenu`, `messagePourReponse`; sending it: `commande ""`,
//!   `bouton`, `brouillon {N}`, `contenu`, `messagePourReponse`;
//! * commands: `commande` (`pourLu` with `lu`, `corbeille`,
//!   `restauration`, `suppression`) on `listePossessionsMessages`.

use serde_json::{Value, json};

use pronote_proto::value::{Id, State};
use pronote_proto::{RawReply, Reply};

use super::liste_messages::possessions_json;
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{
    Discussion, PersonKind, Recipient, ReplyTarget, SendAction, SendButton, Thread,
};
use crate::models::ids::MessageId;

const NAME: &str = "SaisieMessage";

fn button_json(button: Option<&SendButton>) -> Value {
    match button {
        Some(b) => json!({"N": b.id, "G": b.action.code(), "L": b.label}),
        None => json!({"N": 0, "G": SendAction::Send.code()}),
    }
}

fn target_json(target: &ReplyTarget) -> Value {
    json!({"N": target.id, "G": target.kind})
}

/// Answers a discussion. A write: never sent twice.
///
/// Built from the discussion's [`Thread`] read in the current session: it
/// answers the thread's default message with its first send button. A
/// closed discussion (no button) is refused by the server with
/// [`ServerError::SaveRejected`](pronote_proto::ServerError::SaveRejected).
///
/// ```
/// # use pronote_api::models::discussion::Thread;
/// use pronote_api::functions::ReplyToDiscussion;
/// # fn run(thread: &Thread) -> pronote_api::Result<()> {
/// let request = ReplyToDiscussion::new(thread, "Merci !")?;
/// # let _ = request; Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyToDiscussion {
    target: ReplyTarget,
    button: Option<SendButton>,
    content: String,
    draft: Option<Id>,
}

impl ReplyToDiscussion {
    /// Answers `thread` with `content` (plain text).
    pub fn new(thread: &Thread, content: impl Into<String>) -> Result<Self> {
        let target = thread.reply_target.clone().ok_or(crate::Error::Usage(
            "this thread names no message to answer",
        ))?;
        Ok(ReplyToDiscussion {
            target,
            button: thread.buttons.first().cloned(),
            content: content.into(),
            draft: None,
        })
    }

    /// Answers the message `message` of `thread` (any message of the
    /// discussion, not only the one the thread names by default) with
    /// `content` (plain text), with the thread's first send button. A
    /// draft cannot be answered.
    ///
    /// ```
    /// # use pronote_api::models::discussion::Thread;
    /// use pronote_api::functions::ReplyToDiscussion;
    /// # fn run(thread: &Thread) -> pronote_api::Result<()> {
    /// if let Some(first) = thread.messages.first() {
    ///     let request = ReplyToDiscussion::to_message(thread, first, "Je reviens sur ce point")?;
    /// #   let _ = request;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn to_message(
        thread: &Thread,
        message: &crate::models::discussion::Message,
        content: impl Into<String>,
    ) -> Result<Self> {
        if message.draft {
            return Err(crate::Error::Usage("a draft cannot be answered"));
        }
        // The messages of a discussion share the genre of the default
        // target; 0 when the thread names none.
        let kind = thread.reply_target.as_ref().map_or(0, |t| t.kind);
        Ok(ReplyToDiscussion {
            target: ReplyTarget {
                id: message.id.as_id().clone(),
                kind,
            },
            button: thread.buttons.first().cloned(),
            content: content.into(),
            draft: None,
        })
    }

    /// Sends the draft `draft` (a [`Message`](crate::models::discussion::Message)
    /// id with `draft` set) with this content instead of a new message.
    pub fn from_draft(mut self, draft: MessageId) -> Self {
        self.draft = Some(draft.into());
        self
    }
}

impl Function for ReplyToDiscussion {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Write;
    type Output = ();

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        let mut data = json!({
            "contenu": self.content,
            "bouton": button_json(self.button.as_ref()),
            "genreDiscussion": 0,
            "messagePourReponse": target_json(&self.target),
            "listeFichiers": [],
        });
        if let Some(draft) = &self.draft {
            data["commande"] = json!("");
            data["brouillon"] = json!({"N": draft});
            data["listeDestinataires"] = json!([]);
        }
        Ok(Some(data))
    }

    fn decode(&self, _reply: Reply, _ctx: &Context<'_>) -> Result<()> {
        Ok(())
    }

    fn decode_raw(&self, _reply: RawReply, _ctx: &Context<'_>) -> Result<()> {
        // The reply's error signals are checked on receipt; nothing else
        // in it is read.
        Ok(())
    }
}

/// Saves a draft answer to a discussion (`commande "brouillon"`). A
/// write: never sent twice.
///
/// ```
/// # use pronote_api::models::discussion::Thread;
/// use pronote_api::functions::SaveDraft;
/// # fn run(thread: &Thread) -> pronote_api::Result<()> {
/// let request = SaveDraft::new(thread, "Bonjour,")?;
/// # let _ = request; Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveDraft {
    target: ReplyTarget,
    content: String,
    existing: Option<Id>,
}

impl SaveDraft {
    /// A new draft answering `thread`.
    pub fn new(thread: &Thread, content: impl Into<String>) -> Result<Self> {
        let target = thread.reply_target.clone().ok_or(crate::Error::Usage(
            "this thread names no message to answer",
        ))?;
        Ok(SaveDraft {
            target,
            content: content.into(),
            existing: None,
        })
    }

    /// Replaces the existing draft `draft` (its message id) instead.
    pub fn replacing(mut self, draft: MessageId) -> Self {
        self.existing = Some(draft.into());
        self
    }
}

impl Function for SaveDraft {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Write;
    type Output = ();

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        let draft = match &self.existing {
            Some(id) => json!({"N": id, "E": State::Modify.code()}),
            None => json!({"N": -1, "E": State::Create.code()}),
        };
        Ok(Some(json!({
            "commande": "brouillon",
            "brouillon": draft,
            "contenu": self.content,
            "messagePourReponse": target_json(&self.target),
            "listeDestinataires": [],
            "listeFichiers": [],
            "objet": "",
        })))
    }

    fn decode(&self, _reply: Reply, _ctx: &Context<'_>) -> Result<()> {
        Ok(())
    }

    fn decode_raw(&self, _reply: RawReply, _ctx: &Context<'_>) -> Result<()> {
        // The reply's error signals are checked on receipt; nothing else
        // in it is read.
        Ok(())
    }
}

/// Starts a discussion. A write: never sent twice.
///
/// The recipients come from
/// [`GetRecipients`](crate::functions::GetRecipients) in the current
/// session. With none, the server refuses it.
///
/// ```
/// # use pronote_api::models::discussion::Recipient;
/// use pronote_api::functions::StartDiscussion;
/// # fn run(teacher: &Recipient) {
/// let request = StartDiscussion::new("Absence", "Bonjour, ...").to(teacher);
/// # let _ = request; }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartDiscussion {
    subject: String,
    content: String,
    recipients: Vec<(Id, PersonKind, String)>,
}

impl StartDiscussion {
    /// A discussion with this subject and first message.
    pub fn new(subject: impl Into<String>, content: impl Into<String>) -> Self {
        StartDiscussion {
            subject: subject.into(),
            content: content.into(),
            recipients: Vec::new(),
        }
    }

    /// Adds a recipient.
    pub fn to(mut self, recipient: &Recipient) -> Self {
        self.recipients.push((
            recipient.id.clone().into(),
            recipient.kind,
            recipient.name.clone(),
        ));
        self
    }
}

impl Function for StartDiscussion {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Write;
    type Output = ();

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        let recipients: Vec<Value> = self
            .recipients
            .iter()
            .map(|(id, kind, name)| {
                json!({"N": id, "G": kind.code(), "L": name, "E": State::Modify.code()})
            })
            .collect();
        Ok(Some(json!({
            "objet": self.subject,
            "contenu": self.content,
            "listeDestinataires": recipients,
            "estCreationCarnetLiaison": false,
            "listeFichiers": [],
        })))
    }

    fn decode(&self, _reply: Reply, _ctx: &Context<'_>) -> Result<()> {
        Ok(())
    }

    fn decode_raw(&self, _reply: RawReply, _ctx: &Context<'_>) -> Result<()> {
        // The reply's error signals are checked on receipt; nothing else
        // in it is read.
        Ok(())
    }
}

/// A command on whole discussions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiscussionCommand {
    /// `pourLu` with `lu` true.
    MarkRead,
    /// `pourLu` with `lu` false.
    MarkUnread,
    /// `corbeille`: moves to the trash.
    Trash,
    /// `restauration`: takes out of the trash.
    Restore,
    /// `suppression`: deletes for good (also deletes a draft named by its
    /// possession).
    Delete,
}

impl DiscussionCommand {
    /// The wire command.
    pub const fn wire(self) -> &'static str {
        match self {
            DiscussionCommand::MarkRead | DiscussionCommand::MarkUnread => "pourLu",
            DiscussionCommand::Trash => "corbeille",
            DiscussionCommand::Restore => "restauration",
            DiscussionCommand::Delete => "suppression",
        }
    }
}

/// Applies a [`DiscussionCommand`] to discussions. A write: never sent
/// twice.
///
/// ```
/// # use pronote_api::models::discussion::Discussion;
/// use pronote_api::functions::{ApplyDiscussionCommand, DiscussionCommand};
/// # fn run(discussion: &Discussion) {
/// let request = ApplyDiscussionCommand::new(DiscussionCommand::Trash, discussion);
/// # let _ = request; }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyDiscussionCommand {
    command: DiscussionCommand,
    possessions: Vec<Id>,
}

impl ApplyDiscussionCommand {
    /// `command` on `discussion` (read in the current session).
    pub fn new(command: DiscussionCommand, discussion: &Discussion) -> Self {
        ApplyDiscussionCommand::with_possessions(command, discussion.possessions.clone())
    }

    /// `command` on these possessions (several discussions at once, or a
    /// draft's possession).
    pub fn with_possessions(command: DiscussionCommand, possessions: Vec<Id>) -> Self {
        ApplyDiscussionCommand {
            command,
            possessions,
        }
    }
}

impl Function for ApplyDiscussionCommand {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Write;
    type Output = ();

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        let mut data = json!({
            "commande": self.command.wire(),
            "listePossessionsMessages": possessions_json(&self.possessions),
        });
        match self.command {
            DiscussionCommand::MarkRead => data["lu"] = json!(true),
            DiscussionCommand::MarkUnread => data["lu"] = json!(false),
            _ => {}
        }
        Ok(Some(data))
    }

    fn decode(&self, _reply: Reply, _ctx: &Context<'_>) -> Result<()> {
        Ok(())
    }

    fn decode_raw(&self, _reply: RawReply, _ctx: &Context<'_>) -> Result<()> {
        // The reply's error signals are checked on receipt; nothing else
        // in it is read.
        Ok(())
    }
}
