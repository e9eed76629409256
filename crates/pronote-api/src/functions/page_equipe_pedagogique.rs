//! `PageEquipePedagogique` (tab 37): the student's teachers and the
//! school's staff.
//!
//! Request: no data. Reply: `liste [{N, L, G, estPrincipal?, fonction?,
//! matieres [{N, L, volumeHoraire}]}]`.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use pronote_proto::value::{Id, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{Empty, WireLabel, owned, parse, read_text, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::staff::{StaffKind, StaffMember, TaughtSubject};

const NAME: &str = "PageEquipePedagogique";

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
        request(NAME, &Empty {})
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<StaffMember>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<StaffMember>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetTeachingStaff {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireReply<'_>, _ctx: &Context<'_>) -> Result<Vec<StaffMember>> {
        wire.staff
            .into_inner()
            .into_iter()
            .map(|item| {
                Ok(StaffMember {
                    id: item
                        .id
                        .ok_or_else(|| Error::reply(NAME, "a staff member has no id (N)"))?
                        .into(),
                    name: owned(item.name)
                        .ok_or_else(|| Error::reply(NAME, "a staff member has no L"))?,
                    kind: StaffKind::from_code(item.kind.unwrap_or(3)),
                    main_teacher: item.main_teacher,
                    function: item.function.and_then(|f| owned(f.into_inner().label)),
                    subjects: item
                        .subjects
                        .into_iter()
                        .filter_map(|s| {
                            Some(TaughtSubject {
                                name: owned(s.name)?,
                                weekly_hours: owned(s.weekly_hours),
                            })
                        })
                        .collect(),
                })
            })
            .collect()
    }
}

/// The reply.
#[derive(Debug, Deserialize)]
struct WireReply<'a> {
    #[serde(rename = "liste", borrow)]
    staff: Wrapped<Vec<WireMember<'a>>>,
}

/// One `liste` item.
#[derive(Debug, Deserialize)]
struct WireMember<'a> {
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
        rename = "estPrincipal",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    main_teacher: bool,
    #[serde(rename = "fonction", borrow, default)]
    function: Option<Wrapped<WireLabel<'a>>>,
    #[serde(
        rename = "matieres",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    subjects: Vec<WireTaught<'a>>,
}

/// One `matieres` item.
#[derive(Debug, Deserialize)]
struct WireTaught<'a> {
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    name: Option<Cow<'a, str>>,
    #[serde(
        rename = "volumeHoraire",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    weekly_hours: Option<Cow<'a, str>>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn request_is_empty() {
        let s = Session::new();
        assert_eq!(s.data(&GetTeachingStaff), json!({}));
    }
}
