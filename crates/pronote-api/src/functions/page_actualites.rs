//! `PageActualites` (tab 8): information and surveys with the user's read
//! flags and answers, or one item's questions (the details request of
//! recent versions).
//!
//! List request: `modesAffActus {_T: 26, V: "[0]"}` (as Pawnote); reply
//! `listeCategories` and `listeModesAff` (a bare list), of which every
//! entry's `listeActualites` is read. Details request: `actualite {N,
//! genrePublic, public {N, G}}`, `genreRequeteActualite` 1, `modeAffActu`
//! 0; reply `detailsActualite` (a bare object) `.listeQuestions`.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use pronote_proto::value::typed::kind;
use pronote_proto::value::{Domain, Html, Id, WireDate, Wrapped, lenient};
use pronote_proto::{Reply, ReplyText};

use super::wire::{
    Typed, WireAttachment, WireLabel, WireRef, attachments, owned, parse, read_text, request,
};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::news::{
    Answer, Audience, Choice, News, NewsCategory, NewsItem, NewsKind, Question, QuestionKind,
    Response,
};

const NAME: &str = "PageActualites";

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
            id: item.id.clone().into(),
            audience,
        })
    }
}

/// The list reply.
#[derive(Debug, Deserialize)]
struct WireNews<'a> {
    #[serde(
        rename = "listeCategories",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    categories: Vec<WireCategory<'a>>,
    #[serde(rename = "listeModesAff", borrow)]
    modes: Option<Wrapped<Vec<WireMode<'a>>>>,
}

/// A news category.
#[derive(Debug, Deserialize)]
struct WireCategory<'a> {
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
        rename = "estDefaut",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    default: bool,
}

/// A display mode and its items.
#[derive(Debug, Deserialize)]
struct WireMode<'a> {
    #[serde(
        rename = "listeActualites",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    items: Vec<WireItem<'a>>,
}

/// One information or survey.
#[derive(Debug, Deserialize)]
struct WireItem<'a> {
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
    #[serde(rename = "categorie", borrow, default)]
    category: Option<Wrapped<WireLabel<'a>>>,
    #[serde(rename = "nature", borrow, default)]
    nature: Option<Wrapped<WireLabel<'a>>>,
    #[serde(rename = "public", borrow, default)]
    audience: Option<Wrapped<WireAudience<'a>>>,
    #[serde(
        rename = "estSondage",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    survey: bool,
    #[serde(
        rename = "auteur",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    author: Option<Cow<'a, str>>,
    #[serde(rename = "dateCreation", default)]
    created: Option<WireDate>,
    #[serde(rename = "dateDebut", default)]
    start: Option<WireDate>,
    #[serde(rename = "dateFin", default)]
    end: Option<WireDate>,
    #[serde(
        rename = "lue",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    read: bool,
    #[serde(
        rename = "reponseAnonyme",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    anonymous: bool,
    #[serde(
        rename = "listeQuestions",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    questions: Vec<WireQuestion<'a>>,
}

/// An item's audience.
#[derive(Debug, Deserialize)]
struct WireAudience<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
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
    name: Option<Cow<'a, str>>,
}

/// The details reply.
#[derive(Debug, Deserialize)]
struct WireDetails<'a> {
    #[serde(rename = "detailsActualite", borrow, default)]
    details: Option<WireQuestions<'a>>,
}

/// An item's questions.
#[derive(Debug, Deserialize)]
struct WireQuestions<'a> {
    #[serde(
        rename = "listeQuestions",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    questions: Vec<WireQuestion<'a>>,
}

/// One question.
#[derive(Debug, Deserialize)]
struct WireQuestion<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "genreReponse",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    kind: Option<i64>,
    #[serde(rename = "texte", default)]
    text: Option<Html>,
    #[serde(
        rename = "listeChoix",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    choices: Vec<WireChoice<'a>>,
    #[serde(rename = "reponse", borrow, default)]
    response: Option<Wrapped<WireResponse<'a>>>,
    #[serde(
        rename = "titre",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    title: Option<Cow<'a, str>>,
    #[serde(
        rename = "L",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    label: Option<Cow<'a, str>>,
    #[serde(
        rename = "rang",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    rank: Option<i64>,
    #[serde(
        rename = "listePiecesJointes",
        borrow,
        default,
        deserialize_with = "lenient::list::deserialize"
    )]
    attachments: Vec<WireAttachment<'a>>,
    #[serde(
        rename = "tailleReponse",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    max_length: Option<i64>,
    #[serde(
        rename = "avecMaximum",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    has_max: bool,
    #[serde(
        rename = "nombreReponsesMax",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    max_choices: Option<i64>,
}

/// A choice of a question.
#[derive(Debug, Deserialize)]
struct WireChoice<'a> {
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
    label: Option<Cow<'a, str>>,
    #[serde(
        rename = "rang",
        default,
        deserialize_with = "lenient::opt_int::deserialize"
    )]
    rank: Option<u16>,
    #[serde(
        rename = "estReponseLibre",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    free: bool,
}

/// The user's answer.
#[derive(Debug, Deserialize)]
struct WireResponse<'a> {
    #[serde(
        rename = "N",
        default,
        deserialize_with = "lenient::opt_id::deserialize"
    )]
    id: Option<Id>,
    #[serde(
        rename = "avecReponse",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    answered: bool,
    #[serde(
        rename = "estReponseAttendue",
        default,
        deserialize_with = "lenient::flag::deserialize"
    )]
    expected: bool,
    #[serde(rename = "valeurReponse", borrow, default)]
    value: Option<Wrapped<WireAnswerValue<'a>>>,
    #[serde(
        rename = "valeurReponseLibre",
        borrow,
        default,
        deserialize_with = "lenient::opt_text::deserialize"
    )]
    other: Option<Cow<'a, str>>,
    #[serde(rename = "reponduLe", default)]
    answered_on: Option<WireDate>,
}

/// An answer's value: text, a set of ranks, or one rank.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WireAnswerValue<'a> {
    Text(#[serde(borrow)] Cow<'a, str>),
    Number(serde_json::Number),
    Other(IgnoredAny),
}

fn answer(r: &mut WireResponse<'_>, kind: QuestionKind) -> Result<Option<Answer>> {
    let Some(raw) = r.value.take().map(Wrapped::into_inner) else {
        return Ok(None);
    };
    let other = owned(r.other.take());
    let not_ranks = || Error::reply(NAME, "valeurReponse is not a set of ranks");
    if kind.takes_choices() {
        let ranks = match raw {
            WireAnswerValue::Text(text) => Domain::parse(&text)
                .map_err(|_| not_ranks())?
                .iter()
                .collect(),
            WireAnswerValue::Number(n) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .into_iter()
                .collect(),
            WireAnswerValue::Other(_) => return Err(not_ranks()),
        };
        Ok(Some(Answer::Choices { ranks, other }))
    } else {
        match raw {
            WireAnswerValue::Text(text) => Ok(Some(Answer::Text(text.into_owned()))),
            _ => Err(Error::reply(NAME, "valeurReponse is not text")),
        }
    }
}

fn question(v: WireQuestion<'_>) -> Result<Question> {
    let kind = QuestionKind::from_code(v.kind.unwrap_or(0));
    let text = v.text.as_ref().map(Html::to_plain_text).unwrap_or_default();
    let choices = v
        .choices
        .into_iter()
        .enumerate()
        .map(|(i, c)| Choice {
            id: c.id,
            label: owned(c.label).unwrap_or_default(),
            rank: c
                .rank
                .unwrap_or_else(|| u16::try_from(i + 1).unwrap_or(u16::MAX)),
            free: c.free,
        })
        .collect();
    let response = match v.response.map(Wrapped::into_inner) {
        Some(mut r) => Some(Response {
            value: answer(&mut r, kind)?,
            id: r
                .id
                .ok_or_else(|| Error::reply(NAME, "an answer has no id (N)"))?,
            answered: r.answered,
            expected: r.expected,
            answered_on: r.answered_on.map(WireDate::date),
        }),
        None => None,
    };
    Ok(Question {
        id: v
            .id
            .ok_or_else(|| Error::reply(NAME, "a question has no id (N)"))?
            .into(),
        title: owned(v.title)
            .or_else(|| owned(v.label))
            .unwrap_or_default(),
        rank: v.rank,
        kind,
        text,
        html: v.text,
        attachments: attachments(NAME, v.attachments)?,
        choices,
        max_length: v.max_length,
        max_choices: v.max_choices.filter(|_| v.has_max),
        response,
    })
}

fn questions(list: Vec<WireQuestion<'_>>) -> Result<Vec<Question>> {
    list.into_iter().map(question).collect()
}

fn item(v: WireItem<'_>) -> Result<NewsItem> {
    let category = [v.category, v.nature]
        .into_iter()
        .flatten()
        .find_map(|c| owned(c.into_inner().label));
    let audience = v.audience.and_then(|p| {
        let p = p.into_inner();
        Some(Audience {
            id: p.id?,
            kind: p.kind?,
            name: owned(p.name),
        })
    });
    Ok(NewsItem {
        id: v
            .id
            .ok_or_else(|| Error::reply(NAME, "a news item has no id (N)"))?
            .into(),
        title: owned(v.title).unwrap_or_default(),
        kind: if v.survey {
            NewsKind::Survey
        } else {
            NewsKind::Information
        },
        category,
        author: owned(v.author).unwrap_or_default(),
        created: v
            .created
            .ok_or_else(|| Error::reply(NAME, "no dateCreation"))?
            .0,
        start: v.start.map(WireDate::date),
        end: v.end.map(WireDate::date),
        read: v.read,
        anonymous: v.anonymous,
        audience,
        questions: questions(v.questions)?,
    })
}

/// The list request: `modesAffActus {_T: 26, V: "[0]"}` (as Pawnote).
#[derive(Debug, Serialize)]
struct WireListRequest {
    #[serde(rename = "modesAffActus")]
    modes: Typed<&'static str>,
}

impl Function for GetNews {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(8);
    const KIND: CallKind = CallKind::Read;
    type Output = News;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireListRequest {
                modes: Typed::new(kind::NUMBER_SET, "[0]"),
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<News> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<News> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetNews {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireNews<'_>, _ctx: &Context<'_>) -> Result<News> {
        let categories = wire
            .categories
            .into_iter()
            .map(|c| {
                Ok(NewsCategory {
                    id: c
                        .id
                        .ok_or_else(|| Error::reply(NAME, "a category has no id (N)"))?
                        .into(),
                    name: owned(c.name).unwrap_or_default(),
                    default: c.default,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let modes = wire
            .modes
            .ok_or_else(|| Error::reply(NAME, "no listeModesAff"))?;
        let items = modes
            .into_inner()
            .into_iter()
            .flat_map(|mode| mode.items)
            .map(item)
            .collect::<Result<Vec<_>>>()?;
        Ok(News { categories, items })
    }
}

/// The details request: `actualite {N, genrePublic, public {N, G}}`,
/// `genreRequeteActualite` 1, `modeAffActu` 0.
#[derive(Debug, Serialize)]
struct WireDetailsRequest<'a> {
    #[serde(rename = "actualite")]
    item: WireItemRef<'a>,
    #[serde(rename = "genreRequeteActualite")]
    request_kind: u32,
    #[serde(rename = "modeAffActu")]
    mode: u32,
}

/// The item whose details are asked for.
#[derive(Debug, Serialize)]
struct WireItemRef<'a> {
    #[serde(rename = "N")]
    id: &'a Id,
    #[serde(rename = "genrePublic")]
    audience_kind: i64,
    #[serde(rename = "public")]
    audience: WireRef<'a>,
}

impl Function for GetNewsDetails {
    const NAME: &'static str = NAME;
    const TAB: Option<u32> = Some(8);
    const KIND: CallKind = CallKind::Read;
    type Output = Vec<Question>;

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        request(
            NAME,
            &WireDetailsRequest {
                item: WireItemRef {
                    id: &self.id,
                    audience_kind: self.audience.kind,
                    audience: WireRef::new(&self.audience.id).kind(self.audience.kind),
                },
                request_kind: 1,
                mode: 0,
            },
        )
    }

    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Vec<Question>> {
        self.read(parse(NAME, &reply.data)?, ctx)
    }

    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Vec<Question>> {
        self.read(read_text(NAME, &reply)?, ctx)
    }
}

impl GetNewsDetails {
    /// Builds the models from the wire reply.
    fn read(&self, wire: WireDetails<'_>, _ctx: &Context<'_>) -> Result<Vec<Question>> {
        let details = wire
            .details
            .ok_or_else(|| Error::reply(NAME, "no detailsActualite"))?;
        questions(details.questions)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod request_tests {
    use super::*;
    use crate::functions::fixture::Session;
    use serde_json::json;

    #[test]
    fn list_and_details_requests() {
        let s = Session::new();
        assert_eq!(
            s.data(&GetNews),
            json!({"modesAffActus": {"_T": 26, "V": "[0]"}})
        );
        let request = GetNewsDetails {
            id: Id::new("9#n"),
            audience: Audience {
                id: Id::new("1#a"),
                kind: 4,
                name: Some("ELEVE Test".into()),
            },
        };
        assert_eq!(
            s.data(&request),
            json!({
                "actualite": {"N": "9#n", "genrePublic": 4, "public": {"N": "1#a", "G": 4}},
                "genreRequeteActualite": 1,
                "modeAffActu": 0,
            })
        );
    }
}
