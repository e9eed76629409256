//! Reading replies into wire structs: the one entry from a reply's data to
//! a `#[derive(Deserialize)]` struct, and the wire pieces several replies
//! share (subjects, attachments).
//!
//! Wire structs name the French wire fields with `#[serde(rename = …)]`,
//! ignore fields they do not know, borrow text from the reply, and read
//! plain fields through [`pronote_proto::value::lenient`]'s adapters, so
//! they read what the public clients read. The public models are built
//! from them, checking what a model cannot do without.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use pronote_proto::RawReply;
use pronote_proto::value::{Id, lenient};

use crate::error::{Error, Result};
use crate::models::attachment::{Attachment, AttachmentKind};
use crate::models::timetable::Subject;

/// Reads a reply's data into the wire struct `T`, borrowing its text; a
/// shape `T` does not accept is an [`Error::Reply`] of `function`.
pub(crate) fn parse<'a, T: Deserialize<'a>>(function: &'static str, data: &'a Value) -> Result<T> {
    T::deserialize(data).map_err(|e| Error::reply(function, format!("malformed reply: {e}")))
}

/// Reads a reply's data text into the wire struct `T`, borrowing its
/// text; a shape `T` does not accept is an [`Error::Reply`] of `function`.
pub(crate) fn parse_raw<'a, T: Deserialize<'a>>(
    function: &'static str,
    reply: &'a RawReply,
) -> Result<T> {
    reply
        .data()
        .map_err(|e| Error::reply(function, format!("malformed reply: {e}")))
}

/// A subject reference `{N, L, estServiceGroupe?, couleur?}`.
#[derive(Debug, Deserialize)]
pub(crate) struct WireSubject<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    pub(crate) id: Option<Id>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    pub(crate) name: Option<Cow<'a, str>>,
    #[serde(
        rename = "estServiceGroupe",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    pub(crate) group_subject: bool,
    #[serde(
        rename = "couleur",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    pub(crate) color: Option<Cow<'a, str>>,
}

impl WireSubject<'_> {
    /// The model; the id and the name are required.
    pub(crate) fn into_model(self, function: &'static str) -> Result<Subject> {
        Ok(Subject {
            id: self
                .id
                .ok_or_else(|| Error::reply(function, "a subject has no id (N)"))?
                .into(),
            name: self
                .name
                .ok_or_else(|| Error::reply(function, "a subject has no L"))?
                .into_owned(),
            group_subject: self.group_subject,
            color: self.color.map(Cow::into_owned),
        })
    }
}

/// An attachment `{N, G, L?, url?}`.
#[derive(Debug, Deserialize)]
pub(crate) struct WireAttachment<'a> {
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
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    url: Option<Cow<'a, str>>,
}

impl WireAttachment<'_> {
    /// The model; the id and the kind are required. A link's target is
    /// its `url`, else its label.
    pub(crate) fn into_model(self, function: &'static str) -> Result<Attachment> {
        let kind = AttachmentKind::from_code(
            self.kind
                .ok_or_else(|| Error::reply(function, "an attachment has no kind (G)"))?,
        );
        let name = self.name.map(Cow::into_owned).unwrap_or_default();
        let link = (kind == AttachmentKind::Link)
            .then(|| self.url.map_or_else(|| name.clone(), Cow::into_owned));
        Ok(Attachment {
            id: self
                .id
                .ok_or_else(|| Error::reply(function, "an attachment has no id (N)"))?
                .into(),
            name,
            kind,
            link,
        })
    }
}

/// A list item read only for its label (`L`).
#[derive(Debug, Deserialize)]
pub(crate) struct WireLabel<'a> {
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    pub(crate) label: Option<Cow<'a, str>>,
}

/// The non-empty labels of a list.
pub(crate) fn labels(wire: Vec<WireLabel<'_>>) -> Vec<String> {
    wire.into_iter()
        .filter_map(|item| item.label.map(Cow::into_owned))
        .collect()
}

/// An object read only for its id (`N`), such as `cours` or
/// `cahierDeTextes` links.
#[derive(Debug, Deserialize)]
pub(crate) struct WireLink {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    pub(crate) id: Option<Id>,
}

/// Text owned by the model.
pub(crate) fn owned(text: Option<Cow<'_, str>>) -> Option<String> {
    text.map(Cow::into_owned)
}

/// Every attachment of a list, as models.
pub(crate) fn attachments(
    function: &'static str,
    wire: Vec<WireAttachment<'_>>,
) -> Result<Vec<Attachment>> {
    wire.into_iter().map(|a| a.into_model(function)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subjects_and_attachments() {
        let data = json!({"N": "1#s", "L": "MATHS", "estServiceGroupe": true, "couleur": "#fff"});
        let subject = parse::<WireSubject<'_>>("F", &data)
            .unwrap()
            .into_model("F")
            .unwrap();
        assert_eq!(subject.name, "MATHS");
        assert!(subject.group_subject);
        assert_eq!(subject.color.as_deref(), Some("#fff"));
        let nameless = json!({"N": "1#s"});
        let err = parse::<WireSubject<'_>>("F", &nameless)
            .unwrap()
            .into_model("F");
        assert!(matches!(err, Err(Error::Reply { function: "F", .. })));

        let link = json!({"N": "2#a", "G": 0, "L": "site"});
        let link = parse::<WireAttachment<'_>>("F", &link)
            .unwrap()
            .into_model("F")
            .unwrap();
        assert_eq!(link.link.as_deref(), Some("site"));
        let file = json!({"N": "3#a", "G": 1, "L": "a.pdf", "url": "x"});
        let file = parse::<WireAttachment<'_>>("F", &file)
            .unwrap()
            .into_model("F")
            .unwrap();
        assert_eq!((file.kind, file.link), (AttachmentKind::File, None));
        let kindless = json!({"N": "3#a"});
        assert!(
            parse::<WireAttachment<'_>>("F", &kindless)
                .unwrap()
                .into_model("F")
                .is_err()
        );
        assert!(parse::<WireAttachment<'_>>("F", &json!(3)).is_err());
    }
}
