//! `PageCahierDeTexte`: the notebook. Tab 88 lists homework
//! (`ListeTravauxAFaire`), tab 89 lesson contents (`ListeCahierDeTextes`).
//!
//! Both send the week numbers covering the dates asked for,
//! `domaine {_T: 8, V: "[w1..w2]"}`, and keep only the items of those
//! dates.

use serde_json::{Value, json};
use time::Date;

use pronote_proto::Reply;

use super::{Reader, field, flag, labels, opt_i64, opt_id, opt_string, week_domain};
use crate::error::Result;
use crate::function::{CallKind, Context, Function};
use crate::models::homework::{Difficulty, Homework, ReturnKind};
use crate::models::instance::list;
use crate::models::lesson_content::{Category, CategoryKind, LessonContent, LessonContents};

const NAME: &str = "PageCahierDeTexte";
const READ: Reader = Reader(NAME);

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

impl Function for GetHomework {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(88);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Homework>;

    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(
            json!({"domaine": week_domain(ctx.instance, self.from, self.to)}),
        ))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<Homework>> {
        let mut homework = Vec::new();
        for item in READ.req_list(&reply.data, "ListeTravauxAFaire")? {
            let hw = homework_item(item)?;
            if self.from <= hw.due && hw.due <= self.to {
                homework.push(hw);
            }
        }
        Ok(homework)
    }
}

/// One `ListeTravauxAFaire` item.
pub(crate) fn homework_item(item: &Value) -> Result<Homework> {
    let (description, description_text) = READ
        .opt_html(item, "descriptif")?
        .ok_or_else(|| READ.error("a homework has no descriptif"))?;
    Ok(Homework {
        id: READ.id(item, "a homework")?,
        subject: READ.subject(READ.req(item, "Matiere")?)?,
        description,
        description_text,
        given: READ.opt_date(item, "DonneLe")?,
        due: READ.date(item, "PourLe")?,
        done: flag(item, "TAFFait"),
        color: opt_string(item, "CouleurFond"),
        attachments: READ.attachments(item, "ListePieceJointe")?,
        difficulty: opt_i64(item, "niveauDifficulte").map(Difficulty::from_code),
        duration_minutes: opt_i64(item, "duree").and_then(|d| u32::try_from(d).ok()),
        return_kind: opt_i64(item, "genreRendu").map(ReturnKind::from_code),
        can_upload: flag(item, "peuRendre"),
        submitted: field(item, "documentRendu")
            .map(|doc| READ.attachment(doc))
            .transpose()?,
        themes: labels(item, "ListeThemes"),
        lesson_content_id: field(item, "cahierDeTextes").and_then(opt_id),
    })
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
        Ok(Some(
            json!({"domaine": week_domain(ctx.instance, self.from, self.to)}),
        ))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<LessonContents>> {
        let mut entries = Vec::new();
        for item in READ.req_list(&reply.data, "ListeCahierDeTextes")? {
            let entry = lesson_contents(item)?;
            let day = entry.start.map(|s| s.date());
            if day.is_none_or(|d| self.from <= d && d <= self.to) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }
}

/// One `ListeCahierDeTextes` item.
fn lesson_contents(item: &Value) -> Result<LessonContents> {
    Ok(LessonContents {
        id: READ.id(item, "a notebook entry")?,
        lesson_id: field(item, "cours").and_then(opt_id),
        subject: field(item, "Matiere")
            .map(|s| READ.subject(s))
            .transpose()?,
        start: READ.opt_date_time(item, "Date")?,
        end: READ.opt_date_time(item, "DateFin")?,
        teachers: labels(item, "listeProfesseurs"),
        groups: labels(item, "listeGroupes"),
        color: opt_string(item, "CouleurFond"),
        homework_due: READ.opt_date(item, "dateTAF")?,
        contents: list(item.get("listeContenus"))
            .iter()
            .map(content)
            .collect::<Result<Vec<_>>>()?,
    })
}

/// One `listeContenus` item.
fn content(item: &Value) -> Result<LessonContent> {
    let (description, description_text) = READ.opt_html(item, "descriptif")?.unzip();
    let category = field(item, "categorie").map(|c| Category {
        kind: opt_i64(c, "G").map(CategoryKind::from_code),
        label: opt_string(c, "L"),
    });
    Ok(LessonContent {
        id: opt_id(item),
        title: opt_string(item, "L"),
        description,
        description_text,
        category,
        attachments: READ.attachments(item, "ListePieceJointe")?,
        themes: labels(item, "ListeThemes"),
    })
}
