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

use serde::Serialize;
use serde_json::Value;

use pronote_proto::value::{Id, State};
use pronote_proto::{RawReply, Reply};

use super::wire::{NoItems, WireRef, id_refs, request};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{
    Discussion, PersonKind, Recipient, ReplyTarget, SendAction, SendButton, Thread,
};
use crate::models::ids::MessageId;

const NAME: &str = "SaisieMessage";

/// `N` of the default button, when the thread offers none.
static NO_BUTTON: Id = Id::from_number(0);
/// `N` of a draft being created.
static NEW_DRAFT: Id = Id::from_number(-1);

/// `bouton`: the button `{N, G, L}`, else a plain send `{N: 0, G: 0}`.
fn button_ref(button: Option<&SendButton>) -> WireRef<'_> {
    match button {
        Some(b) => WireRef::new(&b.id).kind(b.action.code()).name(&b.label),
        None => WireRef::new(&NO_BUTTON).kind(SendAction::Send.code()),
    }
}

/// `messagePourReponse {N, G}`.
fn target_ref(target: &ReplyTarget) -> WireRef<'_> {
    WireRef::new(&target.id).kind(target.kind)
}

/// A reply; sending a draft adds `commande ""`, `brouillon {N}` and
/// `listeDestinataires []`.
#[derive(Debug, Serialize)]
struct WireAnswer<'a> {
    #[serde(rename = "contenu")]
    content: &'a str,
    #[serde(rename = "bouton")]
    button: WireRef<'a>,
    #[serde(rename = "genreDiscussion")]
    discussion_kind: u32,
    #[serde(rename = "messagePourReponse")]
    target: WireRef<'a>,
    #[serde(rename = "listeFichiers")]
    files: NoItems,
    #[serde(rename = "commande", skip_serializing_if = "Option::is_none")]
    command: Option<&'static str>,
    #[serde(rename = "brouillon", skip_serializing_if = "Option::is_none")]
    draft: Option<WireRef<'a>>,
    #[serde(rename = "listeDestinataires", skip_serializing_if = "Option::is_none")]
    recipients: Option<NoItems>,
}

/// A draft saved: `commande "brouillon"`, `brouillon {N, E}`.
#[derive(Debug, Serialize)]
struct WireDraft<'a> {
    #[serde(rename = "commande")]
    command: &'static str,
    #[serde(rename = "brouillon")]
    draft: WireRef<'a>,
    #[serde(rename = "contenu")]
    content: &'a str,
    #[serde(rename = "messagePourReponse")]
    target: WireRef<'a>,
    #[serde(rename = "listeDestinataires")]
    recipients: NoItems,
    #[serde(rename = "listeFichiers")]
    files: NoItems,
    #[serde(rename = "objet")]
    subject: &'static str,
}

/// A new discussion, each recipient `{N, G, L, E: 2}`.
#[derive(Debug, Serialize)]
struct WireNewDiscussion<'a> {
    #[serde(rename = "objet")]
    subject: &'a str,
    #[serde(rename = "contenu")]
    content: &'a str,
    #[serde(rename = "listeDestinataires")]
    recipients: Vec<WireRef<'a>>,
    #[serde(rename = "estCreationCarnetLiaison")]
    liaison_book: bool,
    #[serde(rename = "listeFichiers")]
    files: NoItems,
}

/// A command on discussions; `lu` only for read / unread.
#[derive(Debug, Serialize)]
struct WireCommand<'a> {
    #[serde(rename = "commande")]
    command: &'static str,
    #[serde(rename = "listePossessionsMessages", serialize_with = "id_refs")]
    possessions: &'a [Id],
    #[serde(rename = "lu", skip_serializing_if = "Option::is_none")]
    read: Option<bool>,
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
        request(
            NAME,
            &WireAnswer {
                content: &self.content,
                button: button_ref(self.button.as_ref()),
                discussion_kind: 0,
                target: target_ref(&self.target),
                files: [],
                command: self.draft.as_ref().map(|_| ""),
                draft: self.draft.as_ref().map(WireRef::new),
                recipients: self.draft.as_ref().map(|_| []),
            },
        )
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
            Some(id) => WireRef::new(id).state(State::Modify),
            None => WireRef::new(&NEW_DRAFT).state(State::Create),
        };
        request(
            NAME,
            &WireDraft {
                command: "brouillon",
                draft,
                content: &self.content,
                target: target_ref(&self.target),
                recipients: [],
                files: [],
                subject: "",
            },
        )
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
        let recipients = self
            .recipients
            .iter()
            .map(|(id, kind, name)| {
                WireRef::new(id)
                    .kind(kind.code())
                    .name(name)
                    .state(State::Modify)
            })
            .collect();
        request(
            NAME,
            &WireNewDiscussion {
                subject: &self.subject,
                content: &self.content,
                recipients,
                liaison_book: false,
                files: [],
            },
        )
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
        let read = match self.command {
            DiscussionCommand::MarkRead => Some(true),
            DiscussionCommand::MarkUnread => Some(false),
            _ => None,
        };
        request(
            NAME,
            &WireCommand {
                command: self.command.wire(),
                possessions: &self.possessions,
                read,
            },
        )
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

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use crate::models::ids::PersonId;
    use serde_json::json;

    fn thread(buttons: Vec<SendButton>) -> Thread {
        Thread {
            messages: Vec::new(),
            reply_target: Some(ReplyTarget {
                id: Id::new("5#m"),
                kind: 0,
            }),
            buttons,
        }
    }

    #[test]
    fn reply_requests() {
        let s = Session::new();
        let button = SendButton {
            id: Id::new("2#b"),
            label: "Envoyer à tous".into(),
            action: SendAction::SendToAll,
        };
        let reply = ReplyToDiscussion::new(&thread(vec![button]), "Merci").unwrap();
        assert_eq!(
            s.data(&reply),
            json!({
                "contenu": "Merci",
                "bouton": {"N": "2#b", "G": 1, "L": "Envoyer à tous"},
                "genreDiscussion": 0,
                "messagePourReponse": {"N": "5#m", "G": 0},
                "listeFichiers": [],
            })
        );
        let draft = ReplyToDiscussion::new(&thread(Vec::new()), "Merci")
            .unwrap()
            .from_draft(MessageId::new("6#d"));
        assert_eq!(
            s.data(&draft),
            json!({
                "contenu": "Merci",
                "bouton": {"N": 0, "G": 0},
                "genreDiscussion": 0,
                "messagePourReponse": {"N": "5#m", "G": 0},
                "listeFichiers": [],
                "commande": "",
                "brouillon": {"N": "6#d"},
                "listeDestinataires": [],
            })
        );
    }

    #[test]
    fn draft_requests() {
        let s = Session::new();
        let new = SaveDraft::new(&thread(Vec::new()), "Brouillon").unwrap();
        let expected = |draft: Value| {
            json!({
                "commande": "brouillon",
                "brouillon": draft,
                "contenu": "Brouillon",
                "messagePourReponse": {"N": "5#m", "G": 0},
                "listeDestinataires": [],
                "listeFichiers": [],
                "objet": "",
            })
        };
        assert_eq!(s.data(&new), expected(json!({"N": -1, "E": 1})));
        let existing = new.replacing(MessageId::new("6#d"));
        assert_eq!(s.data(&existing), expected(json!({"N": "6#d", "E": 2})));
    }

    #[test]
    fn new_discussion_request() {
        let s = Session::new();
        let request = StartDiscussion {
            subject: "Sortie".into(),
            content: "Bonjour".into(),
            recipients: vec![
                (
                    Id::from(PersonId::new("3#t")),
                    PersonKind::Teacher,
                    "M. X".into(),
                ),
                (Id::new("4#s"), PersonKind::Staff, "Mme Y".into()),
            ],
        };
        assert_eq!(
            s.data(&request),
            json!({
                "objet": "Sortie",
                "contenu": "Bonjour",
                "listeDestinataires": [
                    {"N": "3#t", "G": 3, "L": "M. X", "E": 2},
                    {"N": "4#s", "G": 34, "L": "Mme Y", "E": 2},
                ],
                "estCreationCarnetLiaison": false,
                "listeFichiers": [],
            })
        );
        let empty = StartDiscussion::new("Sujet", "");
        assert_eq!(
            s.data(&empty),
            json!({
                "objet": "Sujet",
                "contenu": "",
                "listeDestinataires": [],
                "estCreationCarnetLiaison": false,
                "listeFichiers": [],
            })
        );
    }

    #[test]
    fn command_requests() {
        let s = Session::new();
        let possessions = vec![Id::new("1#p"), Id::new("2#p")];
        let listed = json!([{"N": "1#p"}, {"N": "2#p"}]);
        for (command, wire, read) in [
            (DiscussionCommand::MarkRead, "pourLu", Some(true)),
            (DiscussionCommand::MarkUnread, "pourLu", Some(false)),
            (DiscussionCommand::Trash, "corbeille", None),
            (DiscussionCommand::Restore, "restauration", None),
            (DiscussionCommand::Delete, "suppression", None),
        ] {
            let request = ApplyDiscussionCommand::with_possessions(command, possessions.clone());
            let mut expected = json!({"commande": wire, "listePossessionsMessages": listed});
            if let Some(read) = read {
                expected["lu"] = json!(read);
            }
            assert_eq!(s.data(&request), expected, "{command:?}");
        }
    }
}
