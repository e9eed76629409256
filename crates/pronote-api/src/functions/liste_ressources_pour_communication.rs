//! `ListeRessourcesPourCommunication` (tab 131): who the user may write
//! to, one kind at a time (`onglet {N: 0, G}`: 3 teachers, 34 staff, 4
//! students), with `filtreElement` the user's resource (as Pawnote).

use serde_json::{Value, json};

use pronote_proto::Reply;

use super::{Reader, field, flag, labels, opt_i64, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::discussion::{PersonKind, Recipient};
use crate::models::instance::str_of;

const READ: Reader = Reader("ListeRessourcesPourCommunication");

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

impl Function for GetRecipients {
    const NAME: &'static str = "ListeRessourcesPourCommunication";
    const TAB: Option<u32> = Some(131);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Recipient>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        let resource = &ctx.user.resource;
        Ok(Some(json!({
            "onglet": {"N": 0, "G": self.kind.code()},
            "filtreElement": {"N": resource.id, "G": resource.kind, "L": resource.name},
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<Recipient>> {
        READ.req_list(&reply.data, "listeRessourcesPourCommunication")?
            .iter()
            .map(|r| {
                let kind = opt_i64(r, "G")
                    .map(PersonKind::from_code)
                    .ok_or_else(|| READ.error("a recipient has no kind (G)"))?;
                Ok(Recipient {
                    id: READ.id(r, "a recipient")?,
                    name: READ.string(r, "L", "a recipient")?,
                    kind,
                    can_discuss: flag(r, "avecDiscussion"),
                    subjects: labels(r, "listeRessources"),
                    function: field(r, "fonction")
                        .map(|f| str_of(f, "L").to_owned())
                        .filter(|f| !f.is_empty()),
                    main_teacher: flag(r, "estPrincipal"),
                    email: opt_string(r, "email"),
                })
            })
            .collect()
    }
}
