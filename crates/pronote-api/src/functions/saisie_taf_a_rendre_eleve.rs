//! `SaisieTAFARendreEleve` (tab 88): the work handed in for a homework
//! whose return kind is a file upload.
//!
//! Request: `listeFichiers [{E, TAF {N}, idFichier?, L?}]`: `E` 1 names a
//! file uploaded through `uploadfilesession` (`idFichier`), `E` 3 withdraws
//! the work handed in. The reply carries nothing.
//!
//! Only the withdrawal is offered here: handing a file in needs the
//! multipart `uploadfilesession` POST, which consumes the session's order
//! numbers like a call and is not yet exposed by the session layer.

use serde::Serialize;
use serde_json::Value;

use pronote_proto::value::{Id, State};
use pronote_proto::{RawReply, Reply};

use super::wire::{WireRef, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::homework::{Homework, ReturnKind};

/// Withdraws the file handed in for a homework. A write: never sent twice.
///
/// ```
/// # use pronote_api::models::homework::Homework;
/// use pronote_api::functions::RemoveReturnedWork;
/// # fn run(homework: &Homework) -> pronote_api::Result<()> {
/// let request = RemoveReturnedWork::new(homework)?;
/// # let _ = request; Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoveReturnedWork {
    id: Id,
}

impl RemoveReturnedWork {
    /// For `homework`, which must be handed in as a file.
    pub fn new(homework: &Homework) -> Result<Self> {
        if homework.return_kind != Some(ReturnKind::FileUpload) {
            return Err(Error::Usage("this homework is not handed in as a file"));
        }
        Ok(RemoveReturnedWork {
            id: homework.id.clone().into(),
        })
    }
}

/// The request: `listeFichiers [{E, TAF {N}}]`.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "listeFichiers")]
    files: [WireFile<'a>; 1],
}

/// A file change: `E` 3 withdraws the work handed in for `TAF`.
#[derive(Debug, Serialize)]
struct WireFile<'a> {
    #[serde(rename = "E")]
    state: State,
    #[serde(rename = "TAF")]
    homework: WireRef<'a>,
}

impl Function for RemoveReturnedWork {
    const NAME: &'static str = "SaisieTAFARendreEleve";
    const TAB: Option<u32> = Some(88);
    const KIND: CallKind = CallKind::Write;
    type Output = ();

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            Self::NAME,
            &WireRequest {
                files: [WireFile {
                    state: State::Delete,
                    homework: WireRef::new(&self.id),
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
    fn request_withdraws_the_work() {
        let s = Session::new();
        let request = RemoveReturnedWork { id: Id::new("H1") };
        assert_eq!(
            s.data(&request),
            json!({"listeFichiers": [{"E": 3, "TAF": {"N": "H1"}}]})
        );
    }
}
