//! `donneesContenusCDT` (tab 89): one lesson's contents by their id
//! (`cahierDeTextes {N}`), as the official client asks for the entry a
//! homework or a lesson points to (`pourTAF` to have the homework given
//! in that lesson as well). The reply is the tab 89 list
//! (`ListeCahierDeTextes`) holding that one entry.

use serde_json::{Value, json};

use pronote_proto::{Reply, ReplyText};

use super::page_cahier_de_texte::{ContentsReply, lesson_contents};
use super::wire::{parse, read_text};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::ids::LessonContentsId;
use crate::models::lesson_content::LessonContents;

const NAME: &str = "donneesContenusCDT";

/// Reads the lesson contents whose id is `id` (a
/// [`LessonContents::id`], or a homework's
/// [`lesson_content_id`](crate::models::Homework::lesson_content_id)), read
/// in the current session. A reply without the entry is
/// [`Error::NotFound`].
///
/// ```
/// use pronote_api::functions::GetLessonContentsById;
/// use pronote_api::models::ids::LessonContentsId;
/// # fn run(id: LessonContentsId) {
/// let request = GetLessonContentsById::new(id);
/// # let _ = request;
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetLessonContentsById {
    id: LessonContentsId,
}

impl GetLessonContentsById {
    /// The lesson contents `id`.
    pub fn new(id: LessonContentsId) -> Self {
        GetLessonContentsById { id }
    }
}

impl Function for GetLessonContentsById {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(89);
    const KIND: CallKind = CallKind::Read;
    type Output = LessonContents;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({"cahierDeTextes": {"N": self.id}})))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<LessonContents> {
        self.read(parse(NAME, &reply.data)?)
    }

    fn decode_text(&self, reply: ReplyText, _ctx: &Context<'_>) -> Result<LessonContents> {
        self.read(read_text(NAME, &reply)?)
    }
}

impl GetLessonContentsById {
    /// The entry of the reply: the one with the id asked for, else the
    /// only one.
    fn read(&self, wire: ContentsReply<'_>) -> Result<LessonContents> {
        let entries = wire
            .items
            .into_inner()
            .into_iter()
            .map(lesson_contents)
            .collect::<Result<Vec<_>>>()?;
        let only = entries.len() == 1;
        entries
            .into_iter()
            .find(|e| only || e.id == self.id)
            .ok_or_else(|| Error::NotFound(format!("no lesson contents {}", self.id)))
    }
}
