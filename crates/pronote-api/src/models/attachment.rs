//! Attachments (`ListePieceJointe` items): links and files joined to
//! homework, lesson contents and other objects.

use super::ids::AttachmentId;
use serde::{Deserialize, Serialize};

use pronote_proto::crypto::Cipher;
use pronote_proto::urls;

/// What an attachment is (`G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AttachmentKind {
    /// `G` 0: a hyperlink; its target is [`Attachment::link`].
    Link,
    /// `G` 1: a file stored on the server, downloaded through a
    /// session-bound URL (see [`Attachment::file_url`]).
    File,
    /// A kind this crate does not know, kept as received.
    Unknown(i64),
}

impl AttachmentKind {
    /// The kind for a wire `G`.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => AttachmentKind::Link,
            1 => AttachmentKind::File,
            other => AttachmentKind::Unknown(other),
        }
    }

    /// The wire `G`.
    pub const fn code(self) -> i64 {
        match self {
            AttachmentKind::Link => 0,
            AttachmentKind::File => 1,
            AttachmentKind::Unknown(code) => code,
        }
    }
}

/// A link or a file joined to an object.
///
/// Links carry their target. Files carry only their id and name: their
/// download URL is encrypted with the session key, so it is built from the
/// session that listed them ([`Attachment::file_url`], or
/// `Client::attachment_url`) and dies with it.
///
/// ```
/// use pronote_api::models::attachment::{Attachment, AttachmentKind};
/// use pronote_proto::crypto::Cipher;
///
/// // Models are built by the client's decoders, or read back from their
/// // JSON form as here.
/// let file: Attachment = serde_json::from_value(serde_json::json!({
///     "id": "45#Xy_Z", "name": "fiche.pdf", "kind": "File", "link": null,
/// }))?;
/// assert_eq!(file.kind, AttachmentKind::File);
/// let url = file.url("https://x.fr/pronote", 1234567, &Cipher::initial());
/// assert!(url.is_some_and(|u| u.ends_with("/fiche.pdf?Session=1234567")));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Attachment {
    /// The session-salted id (`N`).
    pub id: AttachmentId,
    /// The file name, or the link's label (`L`; may be empty).
    pub name: String,
    /// Link or file.
    pub kind: AttachmentKind,
    /// A link's target: `url`, else the label (what both public clients
    /// do). `None` for files.
    pub link: Option<String>,
}

impl Attachment {
    /// Whether this is a file stored on the server.
    pub fn is_file(&self) -> bool {
        self.kind == AttachmentKind::File
    }

    /// The download URL of a file, built from the session that listed it:
    /// `{root}/FichiersExternes/{hex(AES({"N": id, "Actif": true}))}/{name}?Session={h}`.
    /// `None` for links (see [`Attachment::link`]).
    pub fn file_url(&self, root: &str, session_id: u64, cipher: &Cipher) -> Option<String> {
        (self.kind != AttachmentKind::Link).then(|| {
            urls::attachment_url(root, session_id, cipher, &self.id.to_string(), &self.name)
        })
    }

    /// Where the attachment can be opened: the link's target, or the
    /// file's download URL for this session.
    pub fn url(&self, root: &str, session_id: u64, cipher: &Cipher) -> Option<String> {
        match self.kind {
            AttachmentKind::Link => self.link.clone(),
            _ => self.file_url(root, session_id, cipher),
        }
    }
}
