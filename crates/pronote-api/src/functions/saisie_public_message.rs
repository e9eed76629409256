//! `SaisiePublicMessage` (tab 131): the participants of a discussion (its
//! `messagePourParticipants`) or the recipients of one message.
//!
//! Request: `message {N}`, `estPublicParticipant`,
//! `estDestinatairesReponse` false. Reply: `listeDest [{N, L, G,
//! refusMess}]`.

use serde_json::{Value, json};

use pronote_proto::Reply;
use pronote_proto::value::Id;

use super::{Reader, flag, opt_i64, opt_id};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{Discussion, Message, Participant, PersonKind};

const READ: Reader = Reader("SaisiePublicMessage");

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
            message,
            participants: true,
        })
    }

    /// The recipients of `message`.
    pub fn of_message(message: &Message) -> Self {
        GetParticipants {
            message: message.id.clone(),
            participants: false,
        }
    }
}

impl Function for GetParticipants {
    const NAME: &'static str = "SaisiePublicMessage";
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Participant>;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({
            "message": {"N": self.message},
            "estPublicParticipant": self.participants,
            "estDestinatairesReponse": false,
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<Participant>> {
        READ.req_list(&reply.data, "listeDest")?
            .iter()
            .map(|p| {
                Ok(Participant {
                    id: opt_id(p),
                    name: READ.string(p, "L", "a participant")?,
                    kind: opt_i64(p, "G").map(PersonKind::from_code),
                    refuses_messages: flag(p, "refusMess"),
                })
            })
            .collect()
    }
}
