//! `PageCahierDeTexte`: the notebook. Tab 88 lists homework
//! (`ListeTravauxAFaire`), tab 89 lesson contents (`ListeCahierDeTextes`).
//!
//! Both send the week numbers covering the dates asked for,
//! `domaine {_T: 8, V: "[w1..w2]"}`, and keep only the items of those
//! dates.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;

use pronote_proto::value::{Html, Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::week_domain;
use super::wire::{
    Typed, WireAttachment, WireLabel, WireLink, WireSubject, attachments, labels, owned, parse,
    read_text, request,
};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::homework::{Difficulty, Homework, ReturnKind};
use crate::models::lesson_content::{Category, CategoryKind, LessonContent, LessonContents};

const NAME: &str = "PageCahierDeTexte";

/// Reads the homework due from `from` to `to` (both included).
///
/// ```
/// use pronote_api::functions::GetHomework;
/// use time::macros::date;
/// let september = GetHomework::between(date!(2025-09-01), date!(2025-09-30));
/// # let _ = september;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GetHomework {
    from: Date,
    to: Date,
}

impl GetHomework {
    /// The homework due from `from` to `to`, both days included.
    pub fn between(from: Date, to: Date) -> Self {
        GetHomework { from, to }
    }
}

/// Both requests: the weeks covering the dates asked for,
/// `domaine {_T: 8, V: "[w1..w2]"}`.
#[derive(Debug, Serialize)]
struct WireRequest {
    #[serde(rename = "domaine")]
    weeks: Typed<String>,
}

impl Function for GetHomework {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(88);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Homework>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                weeks: week_domain(ctx.instance, self.from, self.to),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<Homework>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<Homework>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetHomework {
    /// Builds the models from the wire reply.
    fn read(&self, wire: HomeworkReply<'_>, _ctx: &Context<'_>) -> Result<Vec<Homework>> {
        let mut homework = Vec::new();
        for item in wire.items.into_inner() {
            let hw = item.into_model()?;
            if self.from <= hw.due && hw.due <= self.to {
                homework.push(hw);
            }
        }
        Ok(homework)
    }
}

/// The tab 88 reply.
#[derive(Debug, Deserialize)]
struct HomeworkReply<'a> {
    #[serde(rename = "ListeTravauxAFaire", borrow)]
    items: Wrapped<Vec<WireHomework<'a>>>,
}

/// One `ListeTravauxAFaire` item.
#[derive(Debug, Deserialize)]
pub(crate) struct WireHomework<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(rename = "Matiere", borrow, default)]
    subject: Option<Wrapped<WireSubject<'a>>>,
    #[serde(rename = "descriptif", default)]
    description: Option<Html>,
    #[serde(rename = "DonneLe", default)]
    given: Option<WireDate>,
    #[serde(rename = "PourLe", default)]
    due: Option<WireDate>,
    #[serde(
        rename = "TAFFait",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    done: bool,
    #[serde(
        rename = "CouleurFond",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    color: Option<Cow<'a, str>>,
    #[serde(
        rename = "ListePieceJointe",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    attachments: Vec<WireAttachment<'a>>,
    #[serde(
        rename = "niveauDifficulte",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    difficulty: Option<i64>,
    #[serde(
        rename = "duree",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    duration_minutes: Option<u32>,
    #[serde(
        rename = "genreRendu",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    return_kind: Option<i64>,
    #[serde(
        rename = "peuRendre",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    can_upload: bool,
    #[serde(rename = "documentRendu", borrow, default)]
    submitted: Option<Wrapped<WireAttachment<'a>>>,
    #[serde(
        rename = "ListeThemes",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    themes: Vec<WireLabel<'a>>,
    #[serde(rename = "cahierDeTextes", default)]
    lesson_content: Option<Wrapped<WireLink>>,
}

impl WireHomework<'_> {
    /// The model; the id, subject, description and due date are required.
    pub(crate) fn into_model(self) -> Result<Homework> {
        let description = self
            .description
            .ok_or_else(|| Error::reply(NAME, "a homework has no descriptif"))?;
        Ok(Homework {
            id: self
                .id
                .ok_or_else(|| Error::reply(NAME, "a homework has no id (N)"))?
                .into(),
            subject: self
                .subject
                .ok_or_else(|| Error::reply(NAME, "no Matiere"))?
                .0
                .into_model(NAME)?,
            description_text: description.to_plain_text(),
            description,
            given: self.given.map(WireDate::date),
            due: self
                .due
                .ok_or_else(|| Error::reply(NAME, "no PourLe"))?
                .date(),
            done: self.done,
            color: owned(self.color),
            attachments: attachments(NAME, self.attachments)?,
            difficulty: self.difficulty.map(Difficulty::from_code),
            duration_minutes: self.duration_minutes,
            return_kind: self.return_kind.map(ReturnKind::from_code),
            can_upload: self.can_upload,
            submitted: self
                .submitted
                .map(|doc| doc.0.into_model(NAME))
                .transpose()?,
            themes: labels(self.themes),
            lesson_content_id: self
                .lesson_content
                .and_then(|link| link.0.id)
                .map(Into::into),
        })
    }
}

/// Reads the lesson contents (notebook entries) of the lessons from `from`
/// to `to` (both included).
///
/// Entries that do not say their date (`Date`) are kept: the server only
/// sends entries of the weeks asked for.
///
/// ```
/// use pronote_api::functions::GetLessonContents;
/// use time::macros::date;
/// let monday = GetLessonContents::between(date!(2025-09-08), date!(2025-09-08));
/// # let _ = monday;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GetLessonContents {
    from: Date,
    to: Date,
}

impl GetLessonContents {
    /// The contents of the lessons from `from` to `to`, both days included.
    pub fn between(from: Date, to: Date) -> Self {
        GetLessonContents { from, to }
    }
}

impl Function for GetLessonContents {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(89);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<LessonContents>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireRequest {
                weeks: week_domain(ctx.instance, self.from, self.to),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<LessonContents>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<LessonContents>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetLessonContents {
    /// Builds the models from the wire reply.
    fn read(&self, wire: ContentsReply<'_>, _ctx: &Context<'_>) -> Result<Vec<LessonContents>> {
        let mut entries = Vec::new();
        for item in wire.items.into_inner() {
            let entry = lesson_contents(item)?;
            let day = entry.start.map(|s| s.date());
            if day.is_none_or(|d| self.from <= d && d <= self.to) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }
}

/// The tab 89 reply.
#[derive(Debug, Deserialize)]
pub(super) struct ContentsReply<'a> {
    #[serde(rename = "ListeCahierDeTextes", borrow)]
    pub(super) items: Wrapped<Vec<WireLessonContents<'a>>>,
}

/// One `ListeCahierDeTextes` item.
#[derive(Debug, Deserialize)]
pub(super) struct WireLessonContents<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(rename = "cours", default)]
    lesson: Option<Wrapped<WireLink>>,
    #[serde(rename = "Matiere", borrow, default)]
    subject: Option<Wrapped<WireSubject<'a>>>,
    #[serde(rename = "Date", default)]
    start: Option<WireDate>,
    #[serde(rename = "DateFin", default)]
    end: Option<WireDate>,
    #[serde(
        rename = "listeProfesseurs",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    teachers: Vec<WireLabel<'a>>,
    #[serde(
        rename = "listeGroupes",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    groups: Vec<WireLabel<'a>>,
    #[serde(
        rename = "CouleurFond",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    color: Option<Cow<'a, str>>,
    #[serde(rename = "dateTAF", default)]
    homework_due: Option<WireDate>,
    #[serde(
        rename = "listeContenus",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    contents: Vec<WireContent<'a>>,
}

/// One `listeContenus` item.
#[derive(Debug, Deserialize)]
struct WireContent<'a> {
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
    title: Option<Cow<'a, str>>,
    #[serde(rename = "descriptif", default)]
    description: Option<Html>,
    #[serde(rename = "categorie", borrow, default)]
    category: Option<Wrapped<WireCategory<'a>>>,
    #[serde(
        rename = "ListePieceJointe",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    attachments: Vec<WireAttachment<'a>>,
    #[serde(
        rename = "ListeThemes",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    themes: Vec<WireLabel<'a>>,
}

/// A content's `categorie`.
#[derive(Debug, Deserialize)]
struct WireCategory<'a> {
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
    label: Option<Cow<'a, str>>,
}

/// One entry, as a model.
pub(super) fn lesson_contents(item: WireLessonContents<'_>) -> Result<LessonContents> {
    Ok(LessonContents {
        id: item
            .id
            .ok_or_else(|| Error::reply(NAME, "a notebook entry has no id (N)"))?
            .into(),
        lesson_id: item.lesson.and_then(|link| link.0.id).map(Into::into),
        subject: item.subject.map(|s| s.0.into_model(NAME)).transpose()?,
        start: item.start.map(|d| d.0),
        end: item.end.map(|d| d.0),
        teachers: labels(item.teachers),
        groups: labels(item.groups),
        color: owned(item.color),
        homework_due: item.homework_due.map(WireDate::date),
        contents: item
            .contents
            .into_iter()
            .map(content)
            .collect::<Result<Vec<_>>>()?,
    })
}

/// One content, as a model.
fn content(item: WireContent<'_>) -> Result<LessonContent> {
    let description_text = item.description.as_ref().map(Html::to_plain_text);
    Ok(LessonContent {
        id: item.id.map(Into::into),
        title: owned(item.title),
        description: item.description,
        description_text,
        category: item.category.map(|c| Category {
            kind: c.0.kind.map(CategoryKind::from_code),
            label: owned(c.0.label),
        }),
        attachments: attachments(NAME, item.attachments)?,
        themes: labels(item.themes),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn requests_send_the_weeks() {
        let s = Session::new();
        let homework = GetHomework::between(
            time::macros::date!(2025 - 09 - 01),
            time::macros::date!(2025 - 09 - 15),
        );
        assert_eq!(
            s.data(&homework),
            json!({"domaine": {"_T": 8, "V": "[1..3]"}})
        );
        let day = time::macros::date!(2025 - 09 - 08);
        assert_eq!(
            s.data(&GetLessonContents::between(day, day)),
            json!({"domaine": {"_T": 8, "V": "[2..2]"}})
        );
    }
}
