//! `SaisiePublicMessage` (tab 131): the participants of a discussion (its
//! `messagePourParticipants`) or the recipients of one message.
//!
//! Request: `message {N}`, `estPublicParticipant`,
//! `estDestinatairesReponse` false. Reply: `listeDest [{N, L, G,
//! refusMess}]`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::{Id, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{WireRef, owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{Discussion, Message, Participant, PersonKind};

const NAME: &str = "SaisiePublicMessage";

/// Reads who takes part in a discussion, or who received a message.
///
/// ```
/// # use pronote_api::models::discussion::Discussion;
/// use pronote_api::functions::GetParticipants;
/// # fn run(discussion: &Discussion) -> pronote_api::Result<()> {
/// let request = GetParticipants::of_discussion(discussion)?;
/// # let _ = request; Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetParticipants {
    message: Id,
    participants: bool,
}

impl GetParticipants {
    /// The participants of `discussion`.
    pub fn of_discussion(discussion: &Discussion) -> Result<Self> {
        let message = discussion.participants_message.clone().ok_or(Error::Usage(
            "this discussion names no participants message",
        ))?;
        Ok(GetParticipants {
            message: message.into(),
            participants: true,
        })
    }

    /// The recipients of `message`.
    pub fn of_message(message: &Message) -> Self {
        GetParticipants {
            message: message.id.clone().into(),
            participants: false,
        }
    }
}

/// The request: `message {N}`, `estPublicParticipant`,
/// `estDestinatairesReponse` false.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    message: WireRef<'a>,
    #[serde(rename = "estPublicParticipant")]
    participants: bool,
    #[serde(rename = "estDestinatairesReponse")]
    reply_recipients: bool,
}

impl Function for GetParticipants {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Participant>;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                message: WireRef::new(&self.message),
                participants: self.participants,
                reply_recipients: false,
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<Participant>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<Participant>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetParticipants {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Vec<Participant>> {
        wire.participants
            .into_inner()
            .into_iter()
            .map(|p| {
                Ok(Participant {
                    id: p.id.map(Into::into),
                    name: owned(p.name)
                        .ok_or_else(|| Error::reply(NAME, "a participant has no L"))?,
                    kind: p.kind.map(PersonKind::from_code),
                    refuses_messages: p.refuses_messages,
                })
            })
            .collect()
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "listeDest", borrow)]
    participants: Wrapped<Vec<WireParticipant<'a>>>,
}

/// One participant.
#[derive(Debug, Deserialize)]
struct WireParticipant<'a> {
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
        rename = "refusMess",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    refuses_messages: bool,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_names_the_message() {
        let s = Session::new();
        let request = GetParticipants {
            message: Id::new("4#m"),
            participants: true,
        };
        assert_eq!(
            s.data(&request),
            json!({
                "message": {"N": "4#m"},
                "estPublicParticipant": true,
                "estDestinatairesReponse": false,
            })
        );
    }
}
