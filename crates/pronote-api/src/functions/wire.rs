//! Reading replies into wire structs: the one entry from a reply's data to
//! a `#[derive(Deserialize)]` struct, and the wire pieces several replies
//! share (subjects, attachments).
//!
//! Writing requests from wire structs: each function's request is a
//! `#[derive(Serialize)]` struct private to its file, borrowing from the
//! function and the context; [`request`] turns it into the call's data.
//! The shapes several requests share are here, one writer per shape:
//! [`WireRef`] (`{N, G?, L?, E?}`), [`id_refs`] (`[{N}, …]`), [`Typed`]
//! (`{_T, V}` values no `pronote_proto::value` type writes), [`Empty`]
//! (`{}`) and [`NoItems`] (`[]`). Dates and domains use the
//! `pronote_proto::value` types and adapters, which write the wire form.
//!
//! Wire structs name the French wire fields with `#[serde(rename = …)]`,
//! ignore fields they do not know, borrow text from the reply, and read
//! plain fields through [`pronote_proto::value::lenient`]'s adapters, so
//! they read what the public clients read. The public models are built
//! from them, checking what a model cannot do without.

use std::borrow::Cow;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use pronote_proto::reply_text::ReadError;
use pronote_proto::value::{Id, State, lenient};
use pronote_proto::{DecodeError, RawReply, ReplyText};

use crate::error::{Error, Result};
use crate::models::attachment::{Attachment, AttachmentKind};
use crate::models::ids::StudentId;
use crate::models::timetable::Subject;
use crate::models::user::Student;

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

/// Reads a reply's payload into the wire struct `T` in one pass with its
/// root (see [`ReplyText::read`]), borrowing its text: a server error
/// signal is the reply's error, a shape `T` does not accept an
/// [`Error::Reply`] of `function`.
pub(crate) fn read_text<'a, T: Deserialize<'a>>(
    function: &'static str,
    reply: &'a ReplyText,
) -> Result<T> {
    reply.read().map_err(|e| match e {
        ReadError::Reply(e) => Error::from(e),
        ReadError::Data(e) => Error::reply(function, format!("malformed reply: {e}")),
    })
}

/// A request struct as the call's data. Serializing a request into a
/// [`Value`] fails only on a non-string map key or a failing `Serialize`
/// impl, neither of which the request structs have; should it happen, it
/// is a [`DecodeError::Json`] of `function`, never a panic.
pub(crate) fn request<T: Serialize>(function: &'static str, request: &T) -> Result<Option<Value>> {
    serde_json::to_value(request).map(Some).map_err(|e| {
        Error::Protocol(
            DecodeError::Json {
                context: function,
                reason: format!("the request does not serialize: {e}"),
            }
            .into(),
        )
    })
}

/// A reference to a server object in a request, `{N, G?, L?, E?}`,
/// borrowing its id and label; `G`, `L` and `E` are left out when `None`.
/// `I` is the id's type: an [`Id`], a typed id, or a number (`N: 0`).
#[derive(Debug, Serialize)]
pub(crate) struct WireRef<'a, I: ?Sized = Id> {
    #[serde(rename = "N")]
    id: &'a I,
    #[serde(rename = "G", skip_serializing_if = "Option::is_none")]
    kind: Option<i64>,
    #[serde(rename = "L", skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(rename = "E", skip_serializing_if = "Option::is_none")]
    state: Option<State>,
}

// Copied whatever the id type: the struct only borrows it.
impl<I: ?Sized> Clone for WireRef<'_, I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: ?Sized> Copy for WireRef<'_, I> {}

impl<'a, I: ?Sized> WireRef<'a, I> {
    /// `{N}`.
    pub(crate) const fn new(id: &'a I) -> Self {
        WireRef {
            id,
            kind: None,
            name: None,
            state: None,
        }
    }

    /// Sets `G`.
    pub(crate) const fn kind(mut self, kind: i64) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Sets `L`.
    pub(crate) const fn name(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }

    /// Sets `E`.
    pub(crate) const fn state(mut self, state: State) -> Self {
        self.state = Some(state);
        self
    }
}

/// A student (or the user's own resource) as requests name it, `{N, G,
/// L}`: what [`Student::reference`] builds, borrowed.
pub(crate) fn student_ref(student: &Student) -> WireRef<'_, StudentId> {
    WireRef::new(&student.id)
        .kind(student.kind)
        .name(&student.name)
}

/// `#[serde(serialize_with = …)]` for a list of ids sent as references
/// `[{N}, …]` (message possessions).
pub(crate) fn id_refs<S: Serializer>(ids: &[Id], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(ids.iter().map(WireRef::new))
}

/// A typed value `{"_T": kind, "V": value}` that no `pronote_proto::value`
/// type writes as the clients send it: a fixed set (`"[0]"`), a week range
/// written `"[a..b]"` even for one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Typed<T> {
    #[serde(rename = "_T")]
    kind: u32,
    #[serde(rename = "V")]
    value: T,
}

impl<T> Typed<T> {
    /// `{"_T": kind, "V": value}`; `kind` from
    /// [`pronote_proto::value::typed::kind`].
    pub(crate) const fn new(kind: u32, value: T) -> Self {
        Typed { kind, value }
    }
}

/// An empty object, `{}`.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct Empty {}

/// An empty list, `[]`, for the lists requests always send empty
/// (`listeFichiers`).
pub(crate) type NoItems = [(); 0];

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
    fn request_shapes() {
        #[derive(Serialize)]
        struct Shapes<'a> {
            bare: WireRef<'a>,
            full: WireRef<'a>,
            number: WireRef<'a, i64>,
            #[serde(serialize_with = "id_refs")]
            ids: &'a [Id],
            typed: Typed<&'static str>,
            empty: Empty,
            none: NoItems,
        }
        let (id, ids) = (Id::new("1#a"), [Id::new("2#b"), Id::from_number(-1)]);
        let shapes = Shapes {
            bare: WireRef::new(&id),
            full: WireRef::new(&id).kind(4).name("ELEVE").state(State::Modify),
            number: WireRef::new(&0).kind(3),
            ids: &ids,
            typed: Typed::new(26, "[0]"),
            empty: Empty {},
            none: [],
        };
        assert_eq!(
            request("F", &shapes).unwrap(),
            Some(json!({
                "bare": {"N": "1#a"},
                "full": {"N": "1#a", "G": 4, "L": "ELEVE", "E": 2},
                "number": {"N": 0, "G": 3},
                "ids": [{"N": "2#b"}, {"N": -1}],
                "typed": {"_T": 26, "V": "[0]"},
                "empty": {},
                "none": [],
            }))
        );
    }

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
