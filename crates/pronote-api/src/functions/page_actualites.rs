//! `PageActualites` (tab 8): information and surveys with the user's read
//! flags and answers, or one item's questions (the details request of
//! recent versions).
//!
//! List request: `modesAffActus {_T: 26, V: "[0]"}` (as Pawnote); reply
//! `listeCategories` and `listeModesAff` (a bare list), of which every
//! entry's `listeActualites` is read. Details request: `actualite {N,
//! genrePublic, public {N, G}}`, `genreRequeteActualite` 1, `modeAffActu`
//! 0; reply `detailsActualite` (a bare object) `.listeQuestions`.

use serde_json::{Value, json};

use pronote_proto::Reply;
use pronote_proto::value::{Domain, Id};

use super::{Reader, field, flag, opt_i64, opt_id, opt_string};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::instance::{list, str_of};
use crate::models::news::{
    Answer, Audience, Choice, News, NewsCategory, NewsItem, NewsKind, Question, QuestionKind,
    Response,
};

const READ: Reader = Reader("PageActualites");

/// Lists information and surveys.
///
/// ```
/// use pronote_api::functions::GetNews;
/// let request = GetNews;
/// # let _ = request;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GetNews;

/// The questions of one item, with their text and attachments (the
/// details request: recent versions send no text in the list).
///
/// ```
/// # use pronote_api::models::news::NewsItem;
/// use pronote_api::functions::GetNewsDetails;
/// # fn run(item: &NewsItem) -> pronote_api::Result<()> {
/// let request = GetNewsDetails::new(item)?;
/// # let _ = request; Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetNewsDetails {
    id: Id,
    audience: Audience,
}

impl GetNewsDetails {
    /// The details of `item` (read in the current session).
    pub fn new(item: &NewsItem) -> Result<Self> {
        let audience = item
            .audience
            .clone()
            .ok_or(Error::Usage("this news item names no audience (public)"))?;
        Ok(GetNewsDetails {
            id: item.id.clone(),
            audience,
        })
    }
}

fn answer(v: &Value, kind: QuestionKind) -> Result<Option<Answer>> {
    let Some(raw) = field(v, "valeurReponse") else {
        return Ok(None);
    };
    let other = opt_string(v, "valeurReponseLibre");
    if kind.takes_choices() {
        let ranks = match raw {
            Value::String(text) => Domain::parse(text)
                .map_err(|_| READ.error("valeurReponse is not a set of ranks"))?
                .iter()
                .collect(),
            Value::Number(n) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .into_iter()
                .collect(),
            _ => return Err(READ.error("valeurReponse is not a set of ranks")),
        };
        Ok(Some(Answer::Choices { ranks, other }))
    } else {
        match raw {
            Value::String(text) => Ok(Some(Answer::Text(text.clone()))),
            _ => Err(READ.error("valeurReponse is not text")),
        }
    }
}

fn question(v: &Value) -> Result<Question> {
    let kind = QuestionKind::from_code(opt_i64(v, "genreReponse").unwrap_or(0));
    let (html, text) = match READ.opt_html(v, "texte")? {
        Some((html, text)) => (Some(html), text),
        None => (None, String::new()),
    };
    let choices = list(v.get("listeChoix"))
        .iter()
        .enumerate()
        .map(|(i, c)| Choice {
            id: opt_id(c),
            label: str_of(c, "L").to_owned(),
            rank: opt_i64(c, "rang")
                .and_then(|r| u16::try_from(r).ok())
                .unwrap_or_else(|| u16::try_from(i + 1).unwrap_or(u16::MAX)),
            free: flag(c, "estReponseLibre"),
        })
        .collect();
    let response = match field(v, "reponse") {
        Some(r) => Some(Response {
            id: READ.id(r, "an answer")?,
            answered: flag(r, "avecReponse"),
            expected: flag(r, "estReponseAttendue"),
            value: answer(r, kind)?,
            answered_on: READ.opt_date(r, "reponduLe")?,
        }),
        None => None,
    };
    Ok(Question {
        id: READ.id(v, "a question")?,
        title: opt_string(v, "titre")
            .or_else(|| opt_string(v, "L"))
            .unwrap_or_default(),
        rank: opt_i64(v, "rang"),
        kind,
        text,
        html,
        attachments: READ.attachments(v, "listePiecesJointes")?,
        choices,
        max_length: opt_i64(v, "tailleReponse"),
        max_choices: flag(v, "avecMaximum")
            .then(|| opt_i64(v, "nombreReponsesMax"))
            .flatten(),
        response,
    })
}

fn questions(v: &Value) -> Result<Vec<Question>> {
    list(v.get("listeQuestions")).iter().map(question).collect()
}

fn item(v: &Value) -> Result<NewsItem> {
    let category = ["categorie", "nature"]
        .iter()
        .filter_map(|key| field(v, key))
        .map(|c| str_of(c, "L"))
        .find(|name| !name.is_empty())
        .map(str::to_owned);
    let audience = field(v, "public").and_then(|p| {
        Some(Audience {
            id: opt_id(p)?,
            kind: opt_i64(p, "G")?,
            name: opt_string(p, "L"),
        })
    });
    Ok(NewsItem {
        id: READ.id(v, "a news item")?,
        title: opt_string(v, "L").unwrap_or_default(),
        kind: if flag(v, "estSondage") {
            NewsKind::Survey
        } else {
            NewsKind::Information
        },
        category,
        author: opt_string(v, "auteur").unwrap_or_default(),
        created: READ.date_time(v, "dateCreation")?,
        start: READ.opt_date(v, "dateDebut")?,
        end: READ.opt_date(v, "dateFin")?,
        read: flag(v, "lue"),
        anonymous: flag(v, "reponseAnonyme"),
        audience,
        questions: questions(v)?,
    })
}

impl Function for GetNews {
    const NAME: &'static str = "PageActualites";
    const TAB: Option<u32> = Some(8);
    const KIND: CallKind = CallKind::Read;
    type Output = News;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({"modesAffActus": {"_T": 26, "V": "[0]"}})))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<News> {
        let data = &reply.data;
        let categories = list(data.get("listeCategories"))
            .iter()
            .map(|c| {
                Ok(NewsCategory {
                    id: READ.id(c, "a category")?,
                    name: str_of(c, "L").to_owned(),
                    default: flag(c, "estDefaut"),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let modes = match data.get("listeModesAff") {
            Some(Value::Array(modes)) => modes.as_slice(),
            Some(other) => list(Some(other)),
            None => return Err(READ.error("no listeModesAff")),
        };
        let items = modes
            .iter()
            .flat_map(|mode| list(mode.get("listeActualites")).iter())
            .map(item)
            .collect::<Result<Vec<_>>>()?;
        Ok(News { categories, items })
    }
}

impl Function for GetNewsDetails {
    const NAME: &'static str = "PageActualites";
    const TAB: Option<u32> = Some(8);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Question>;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        Ok(Some(json!({
            "actualite": {
                "N": self.id,
                "genrePublic": self.audience.kind,
                "public": {"N": self.audience.id, "G": self.audience.kind},
            },
            "genreRequeteActualite": 1,
            "modeAffActu": 0,
        })))
    }

    fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> Result<Vec<Question>> {
        let details = reply
            .data
            .get("detailsActualite")
            .ok_or_else(|| READ.error("no detailsActualite"))?;
        questions(details)
    }
}
