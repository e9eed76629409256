//! Download URLs of `FichiersExternes/` files for every file kind: plain
//! attachments and the subject / correction files of a grade, whose
//! encrypted key names the grade and carries `"G": "DevoirSujet"` /
//! `"DevoirCorrige"` (as Pawnote builds them).
//!
//! `pronote_proto::urls::attachment_url` covers plain attachments; this
//! adds the kinds it does not know, with the same encryption and name
//! quoting.

use serde_json::json;

use pronote_proto::crypto::Cipher;
use pronote_proto::value::Id;

use crate::models::grades::Grade;

/// What a `FichiersExternes/` file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// A plain attachment (`{"N": id, "Actif": true}`).
    Attachment,
    /// The subject of a graded test (`"G": "DevoirSujet"`, the grade's id).
    GradeSubject,
    /// The correction of a graded test (`"G": "DevoirCorrige"`).
    GradeCorrection,
}

impl FileKind {
    /// The `G` written in the key, if any.
    pub const fn wire_name(self) -> Option<&'static str> {
        match self {
            FileKind::Attachment => None,
            FileKind::GradeSubject => Some("DevoirSujet"),
            FileKind::GradeCorrection => Some("DevoirCorrige"),
        }
    }
}

/// `{root}/FichiersExternes/{hex(AES(key JSON))}/{name}?Session={h}`.
///
/// ```
/// use pronote_api::functions::file_url::{FileKind, file_url};
/// use pronote_proto::crypto::Cipher;
/// use pronote_proto::value::Id;
/// let cipher = Cipher::initial();
/// let url = file_url("https://x.fr/pronote/", 42, &cipher, &Id::new("60#a"), "Sujet (1).pdf", FileKind::GradeSubject);
/// assert!(url.starts_with("https://x.fr/pronote/FichiersExternes/"));
/// assert!(url.ends_with("/Sujet%20(1).pdf?Session=42"));
/// ```
pub fn file_url(
    root: &str,
    session_id: u64,
    cipher: &Cipher,
    id: &Id,
    name: &str,
    kind: FileKind,
) -> String {
    let key = match kind.wire_name() {
        None => json!({"N": id.to_string(), "Actif": true}),
        Some(genre) => json!({"N": id.to_string(), "Actif": true, "G": genre}),
    };
    let hex = cipher.encrypt_hex(key.to_string().as_bytes());
    // The same quoting as `pronote_proto::urls::attachment_url`: reuse it
    // for the name by building a plain URL and swapping the key segment.
    let plain = pronote_proto::urls::attachment_url(root, session_id, cipher, "", name);
    let tail = plain
        .rsplit_once("/FichiersExternes/")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(_, tail)| tail.to_owned())
        .unwrap_or_default();
    format!(
        "{}/FichiersExternes/{hex}/{tail}",
        root.trim_end_matches('/')
    )
}

/// The subject (`FileKind::GradeSubject`) or correction file URL of a
/// grade, when it has one (`libelleSujet` / `libelleCorrige`).
pub fn grade_file_url(
    root: &str,
    session_id: u64,
    cipher: &Cipher,
    grade: &Grade,
    kind: FileKind,
) -> Option<String> {
    let name = match kind {
        FileKind::GradeSubject => grade.subject_file_name.as_deref()?,
        FileKind::GradeCorrection => grade.correction_file_name.as_deref()?,
        FileKind::Attachment => return None,
    };
    Some(file_url(
        root,
        session_id,
        cipher,
        grade.id.as_id(),
        name,
        kind,
    ))
}
