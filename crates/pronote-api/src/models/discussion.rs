//! Discussions (`Messagerie`, tab 131): the folders, the discussions, their
//! messages and the people one can write to.

use super::ids::{DiscussionId, FolderId, MessageId, PersonId};
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use pronote_proto::value::{Html, Id};

use super::attachment::Attachment;

/// The kind of a folder label (`listeEtiquettes[].G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum FolderKind {
    /// 1: received.
    Received,
    /// 4: drafts.
    Drafts,
    /// 5: trash.
    Trash,
    /// A kind this crate does not know, kept as received.
    Unknown(i64),
}

impl FolderKind {
    /// The kind for a wire number.
    pub const fn from_code(code: i64) -> Self {
        match code {
            1 => FolderKind::Received,
            4 => FolderKind::Drafts,
            5 => FolderKind::Trash,
            other => FolderKind::Unknown(other),
        }
    }

    /// The wire number.
    pub const fn code(self) -> i64 {
        match self {
            FolderKind::Received => 1,
            FolderKind::Drafts => 4,
            FolderKind::Trash => 5,
            FolderKind::Unknown(code) => code,
        }
    }
}

/// A folder label (trash, drafts, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Folder {
    /// The label id (session-salted).
    pub id: FolderId,
    /// The label as shown (`Corbeille`, …).
    pub name: String,
    /// What the folder is.
    pub kind: FolderKind,
}

/// One discussion of the list (`ListeMessagerie`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Discussion {
    /// The discussion id (session-salted).
    pub id: DiscussionId,
    /// The subject (`objet`).
    pub subject: String,
    /// Who started it, when not the user (`initiateur`).
    pub creator: Option<String>,
    /// The other participants, as shown (`public`).
    pub audience: Option<String>,
    /// The date of the last message.
    #[serde(with = "super::json::datetime::option")]
    pub date: Option<PrimitiveDateTime>,
    /// Unread messages (`nbNonLus`).
    pub unread: u32,
    /// Messages (`nombreMessages`).
    pub message_count: u32,
    /// Drafts (`nbBrouillons`).
    pub draft_count: u32,
    /// Closed: nobody can write any more (`ferme`).
    pub closed: bool,
    /// The folders it is in (trash, drafts), resolved from the list's
    /// labels; a label the list does not define is left out.
    pub folders: Vec<Folder>,
    /// The possessions naming the discussion in later calls
    /// (`listePossessionsMessages`, sent back as received).
    pub possessions: Vec<Id>,
    /// The message naming the participants (`messagePourParticipants`).
    pub participants_message: Option<MessageId>,
}

impl Discussion {
    /// Whether the discussion is in the trash.
    pub fn in_trash(&self) -> bool {
        self.folders.iter().any(|f| f.kind == FolderKind::Trash)
    }
}

/// The discussion list with its folders.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Discussions {
    /// Every folder label.
    pub folders: Vec<Folder>,
    /// The discussions, in the server's order.
    pub discussions: Vec<Discussion>,
}

impl Discussions {
    /// Unread messages over every discussion.
    pub fn unread(&self) -> u32 {
        self.discussions.iter().map(|d| d.unread).sum()
    }

    /// The first discussion with this subject.
    pub fn by_subject(&self, subject: &str) -> Option<&Discussion> {
        self.discussions.iter().find(|d| d.subject == subject)
    }
}

/// Who a person is to PRONOTE (`G` of a resource).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PersonKind {
    /// 3: a teacher.
    Teacher,
    /// 4: a student.
    Student,
    /// 5: a parent.
    Parent,
    /// 34: school staff.
    Staff,
    /// A kind this crate does not know, kept as received.
    Unknown(i64),
}

impl PersonKind {
    /// The kind for a wire number.
    pub const fn from_code(code: i64) -> Self {
        match code {
            3 => PersonKind::Teacher,
            4 => PersonKind::Student,
            5 => PersonKind::Parent,
            34 => PersonKind::Staff,
            other => PersonKind::Unknown(other),
        }
    }

    /// The wire number.
    pub const fn code(self) -> i64 {
        match self {
            PersonKind::Teacher => 3,
            PersonKind::Student => 4,
            PersonKind::Parent => 5,
            PersonKind::Staff => 34,
            PersonKind::Unknown(code) => code,
        }
    }

    /// The kind from an author hint (`hint_gauche`: `Professeur`,
    /// `Personnel`, `Responsable`, else a student), as Pawnote reads it.
    pub fn from_hint(hint: &str) -> Self {
        match hint {
            "Professeur" => PersonKind::Teacher,
            "Personnel" => PersonKind::Staff,
            "Responsable" => PersonKind::Parent,
            _ => PersonKind::Student,
        }
    }
}

/// One message of a discussion (`ListeMessages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Message {
    /// The message id (session-salted).
    pub id: MessageId,
    /// Its possession (`possessionMessage`).
    pub possession: Option<Id>,
    /// The message it answers (`messageSource`; may be itself).
    pub source: Option<MessageId>,
    /// Written by the user (`emetteur`).
    pub from_me: bool,
    /// The author as shown (`public_gauche`; `Moi` for the user).
    pub author: String,
    /// The author's kind, from `hint_gauche`.
    pub author_kind: PersonKind,
    /// The recipients as shown (`public_droite`).
    pub recipients: Option<String>,
    /// Read (`lu`).
    pub read: bool,
    /// A draft (`brouillon`).
    pub draft: bool,
    /// When it was sent.
    #[serde(with = "super::json::datetime::option")]
    pub date: Option<PrimitiveDateTime>,
    /// The content as plain text.
    pub content: String,
    /// The content's markup, when the message is HTML (`estHTML`).
    #[serde(with = "super::json::html::option")]
    pub html: Option<Html>,
    /// Attached files and links (`listeDocumentsJoints`).
    pub attachments: Vec<Attachment>,
}

/// The send action of a button (`listeBoutons[].G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SendAction {
    /// 0: send.
    Send,
    /// 1: send to everyone.
    SendToAll,
    /// 2: reply to everyone.
    ReplyToAll,
    /// 5: close the discussion.
    Close,
    /// An action this crate does not know, kept as received.
    Unknown(i64),
}

impl SendAction {
    /// The action for a wire number.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => SendAction::Send,
            1 => SendAction::SendToAll,
            2 => SendAction::ReplyToAll,
            5 => SendAction::Close,
            other => SendAction::Unknown(other),
        }
    }

    /// The wire number.
    pub const fn code(self) -> i64 {
        match self {
            SendAction::Send => 0,
            SendAction::SendToAll => 1,
            SendAction::ReplyToAll => 2,
            SendAction::Close => 5,
            SendAction::Unknown(code) => code,
        }
    }
}

/// A send button offered under a discussion (`listeBoutons`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SendButton {
    /// The button id (`N`).
    pub id: Id,
    /// Its label (`Envoyer`, …).
    pub label: String,
    /// What it does.
    pub action: SendAction,
}

/// The message a reply answers (`messagePourReponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReplyTarget {
    /// The message id.
    pub id: Id,
    /// Its `G`.
    pub kind: i64,
}

/// The messages of a discussion and what is needed to answer it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Thread {
    /// The messages, oldest first.
    pub messages: Vec<Message>,
    /// The default message a reply answers.
    pub reply_target: Option<ReplyTarget>,
    /// The send buttons; none when the discussion is closed.
    pub buttons: Vec<SendButton>,
}

impl Thread {
    /// Whether the user can answer (the server offers a send button).
    pub fn can_reply(&self) -> bool {
        !self.buttons.is_empty()
    }
}

/// Someone the user may write to (`ListeRessourcesPourCommunication`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Recipient {
    /// The resource id (session-salted).
    pub id: PersonId,
    /// The name.
    pub name: String,
    /// Teacher, staff, student…
    pub kind: PersonKind,
    /// A discussion can be started with them (`avecDiscussion`).
    pub can_discuss: bool,
    /// Subjects taught (teachers).
    pub subjects: Vec<String>,
    /// Function (staff: `CPE`, …).
    pub function: Option<String>,
    /// Main teacher of the student's class (`estPrincipal`).
    pub main_teacher: bool,
    /// E-mail address, when published.
    pub email: Option<String>,
}

/// A participant of a discussion or a recipient of a message
/// (`SaisiePublicMessage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Participant {
    /// The id in this reply.
    pub id: Option<PersonId>,
    /// The name.
    pub name: String,
    /// Teacher, staff, student…, when given.
    pub kind: Option<PersonKind>,
    /// Refuses messages (`refusMess`).
    pub refuses_messages: bool,
}
