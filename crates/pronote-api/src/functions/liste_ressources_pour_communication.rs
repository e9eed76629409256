//! `ListeRessourcesPourCommunication` (tab 131): who the user may write
//! to, one kind at a time (`onglet {N: 0, G}`: 3 teachers, 34 staff, 4
//! students), with `filtreElement` the user's resource (as Pawnote).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Id, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{WireLabel, WireRef, labels, owned, parse, read_text, request, student_ref};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{PersonKind, Recipient};
use crate::models::ids::StudentId;

const NAME: &str = "ListeRessourcesPourCommunication";

/// Lists the people of one kind the user may write to.
///
/// ```
/// use pronote_api::functions::GetRecipients;
/// use pronote_api::models::discussion::PersonKind;
/// let teachers = GetRecipients::new(PersonKind::Teacher);
/// # let _ = teachers;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GetRecipients {
    kind: PersonKind,
}

impl GetRecipients {
    /// The recipients of `kind` (teachers, staff or students).
    pub fn new(kind: PersonKind) -> Self {
        GetRecipients { kind }
    }
}

/// The request: `onglet {N: 0, G}` of the kind asked for, `filtreElement`
/// the user's resource `{N, G, L}`.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "onglet")]
    tab: WireRef<'a, u32>,
    #[serde(rename = "filtreElement")]
    filter: WireRef<'a, StudentId>,
}

impl Function for GetRecipients {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Recipient>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                tab: WireRef::new(&0).kind(self.kind.code()),
                filter: student_ref(&ctx.user.resource),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<Recipient>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<Recipient>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetRecipients {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Vec<Recipient>> {
        wire.recipients
            .into_inner()
            .into_iter()
            .map(|r| {
                let kind = r
                    .kind
                    .map(PersonKind::from_code)
                    .ok_or_else(|| Error::reply(NAME, "a recipient has no kind (G)"))?;
                Ok(Recipient {
                    id: r
                        .id
                        .ok_or_else(|| Error::reply(NAME, "a recipient has no id (N)"))?
                        .into(),
                    name: owned(r.name)
                        .ok_or_else(|| Error::reply(NAME, "a recipient has no L"))?,
                    kind,
                    can_discuss: r.can_discuss,
                    subjects: labels(r.subjects),
                    function: r.function.and_then(|f| owned(f.into_inner().label)),
                    main_teacher: r.main_teacher,
                    email: owned(r.email),
                })
            })
            .collect()
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "listeRessourcesPourCommunication", borrow)]
    recipients: Wrapped<Vec<WireRecipient<'a>>>,
}

/// One recipient.
#[derive(Debug, Deserialize)]
struct WireRecipient<'a> {
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
    #[serde(
        rename = "avecDiscussion",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    can_discuss: bool,
    #[serde(
        rename = "listeRessources",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    subjects: Vec<WireLabel<'a>>,
    #[serde(rename = "fonction", borrow, default)]
    function: Option<Wrapped<WireLabel<'a>>>,
    #[serde(
        rename = "estPrincipal",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    main_teacher: bool,
    #[serde(borrow, default, deserialize_with = "lenient::opt_text::deserialize")]
    email: Option<Cow<'a, str>>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_names_the_kind_and_the_user() {
        let s = Session::new();
        assert_eq!(
            s.data(&GetRecipients::new(PersonKind::Staff)),
            json!({
                "onglet": {"N": 0, "G": 34},
                "filtreElement": {"N": "1#a", "G": 4, "L": "ELEVE Test"},
            })
        );
    }
}
