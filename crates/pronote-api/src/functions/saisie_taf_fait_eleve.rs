//! `SaisieTAFFaitEleve` (tab 88): marks a homework done or not done.
//!
//! Request: `listeTAF [{N, TAFFait, E: 2}]` (`E` 2 "modified", as Pawnote
//! sends; pronotepy leaves it out). The reply carries nothing.

use serde::Serialize;
use serde_json::Value;

use pronote_proto::value::{Id, State};
use pronote_proto::{RawReply, Reply};

use super::wire::request;
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::homework::Homework;
use crate::models::ids::HomeworkId;

/// Marks a homework done or not done. A write: never sent twice.
///
/// The homework id is salted per session: build this from a [`Homework`]
/// read in the current session (`Client::set_homework_done` looks the
/// homework up again when the session changed).
///
/// ```
/// # use pronote_api::models::homework::Homework;
/// use pronote_api::functions::SetHomeworkDone;
/// # fn run(homework: &Homework) {
/// let request = SetHomeworkDone::new(homework, true);
/// # let _ = request; }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetHomeworkDone {
    id: Id,
    done: bool,
}

impl SetHomeworkDone {
    /// Marks `homework` done (`true`) or not done (`false`).
    pub fn new(homework: &Homework, done: bool) -> Self {
        SetHomeworkDone::with_id(homework.id.clone(), done)
    }

    /// The same, from the homework id of the current session.
    pub fn with_id(id: HomeworkId, done: bool) -> Self {
        SetHomeworkDone {
            id: id.into(),
            done,
        }
    }
}

/// The request: `listeTAF [{N, TAFFait, E: 2}]`.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "listeTAF")]
    homework: [WireHomework<'a>; 1],
}

/// The homework marked, `E` 2 "modified" (as Pawnote sends it).
#[derive(Debug, Serialize)]
struct WireHomework<'a> {
    #[serde(rename = "N")]
    id: &'a Id,
    #[serde(rename = "TAFFait")]
    done: bool,
    #[serde(rename = "E")]
    state: State,
}

impl Function for SetHomeworkDone {
    const NAME: &'static str = "SaisieTAFFaitEleve";
    const TAB: Option<u32> = Some(88);
    const KIND: CallKind = CallKind::Write;
    type Output = ();

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            Self::NAME,
            &WireRequest {
                homework: [WireHomework {
                    id: &self.id,
                    done: self.done,
                    state: State::Modify,
                }],
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
    use serde_json::json;

    #[test]
    fn request_marks_the_homework() {
        let s = Session::new();
        let done = SetHomeworkDone::with_id(HomeworkId::new("H1"), true);
        assert_eq!(
            s.data(&done),
            json!({"listeTAF": [{"N": "H1", "TAFFait": true, "E": 2}]})
        );
        let undone = SetHomeworkDone::with_id(HomeworkId::new("H2"), false);
        assert_eq!(
            s.data(&undone),
            json!({"listeTAF": [{"N": "H2", "TAFFait": false, "E": 2}]})
        );
    }
}
