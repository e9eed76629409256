//! `PageEquipePedagogique` (tab 37): the student's teachers and the
//! school's staff.
//!
//! Request: no data. Reply: `liste [{N, L, G, estPrincipal?, fonction?,
//! matieres [{N, L, volumeHoraire}]}]`.

use serde_json::{Value, json};

use pronote_proto::Reply;

use super::{Reader, field, flag, opt_i64, opt_string};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::instance::list;
use crate::models::staff::{StaffKind, StaffMember, TaughtSubject};

const NAME: &str = "PageEquipePedagogique";
const READ: Reader = Reader(NAME);

/// Reads the teaching staff.
///
/// ```
/// use pronote_api::functions::GetTeachingStaff;
/// let request = GetTeachingStaff;
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetTeachingStaff;

impl Function for GetTeachingStaff {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(37);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<StaffMember>;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({})))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<StaffMember>> {
        READ.req_list(&reply.data, "liste")?
            .iter()
            .map(|item| {
                Ok(StaffMember {
                    id: READ.id(item, "a staff member")?,
                    name: READ.string(item, "L", "a staff member")?,
                    kind: StaffKind::from_code(opt_i64(item, "G").unwrap_or(3)),
                    main_teacher: flag(item, "estPrincipal"),
                    function: field(item, "fonction").and_then(|f| opt_string(f, "L")),
                    subjects: list(item.get("matieres"))
                        .iter()
                        .filter_map(|s| {
                            Some(TaughtSubject {
                                name: opt_string(s, "L")?,
                                weekly_hours: opt_string(s, "volumeHoraire"),
                            })
                        })
                        .collect(),
                })
            })
            .collect()
    }
}
