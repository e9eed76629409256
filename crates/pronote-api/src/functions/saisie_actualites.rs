//! `SaisieActualites` (tab 8): marks news read or unread, acknowledges an
//! information, answers a survey, deletes an item.
//!
//! Request, as Pawnote sends it: `saisieActualite` false, `listeActualites
//! [{N, L, genrePublic, public, validationDirecte: true, listeQuestions,
//! marqueLueSeulement, lue, supprimee, saisieActualite: false}]`. Each
//! answered question: `{N, L, genreReponse, reponse: {N, Actif: true,
//! valeurReponse, valeurReponseLibre?, avecReponse: true,
//! estReponseAttendue, _validationSaisie: true}}`, `valeurReponse` a
//! string for text kinds and a number set `{_T: 8, V: "[ranks]"}` for
//! choices. The reply carries nothing.

use serde::Serialize;
use serde_json::Value;

use pronote_proto::value::{Domain, Id};
use pronote_proto::{RawReply, Reply};

use super::wire::{WireRef, request};
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::models::ids::QuestionId;
use crate::models::news::{Answer, NewsItem, NewsKind, Question};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    Read(bool),
    Answer(Vec<(Question, Answer)>),
    Delete,
}

/// Writes the user's state of one news item. A write: never sent twice.
///
/// ```
/// # use pronote_api::models::news::{Answer, NewsItem};
/// use pronote_api::functions::UpdateNews;
/// # fn run(survey: &NewsItem) -> pronote_api::Result<()> {
/// let request = UpdateNews::answer(survey, [("Satisfaction", Answer::choice(2))])?;
/// # let _ = request; Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateNews {
    item: NewsItem,
    change: Change,
}

impl UpdateNews {
    /// Marks `item` read (`true`) or unread.
    pub fn mark_read(item: &NewsItem, read: bool) -> Self {
        UpdateNews {
            item: item.clone(),
            change: Change::Read(read),
        }
    }

    /// Acknowledges an information (answers its text question with an
    /// empty text).
    pub fn acknowledge(item: &NewsItem) -> Result<Self> {
        if item.kind != NewsKind::Information {
            return Err(Error::Usage("only an information is acknowledged"));
        }
        let question = item.questions.first().cloned().ok_or(Error::Usage(
            "this information has no question to acknowledge",
        ))?;
        Ok(UpdateNews {
            item: item.clone(),
            change: Change::Answer(vec![(question, Answer::Text(String::new()))]),
        })
    }

    /// Answers questions of `item`, each named by its title. Choice
    /// answers must name ranks of the question's choices.
    pub fn answer<'a>(
        item: &NewsItem,
        answers: impl IntoIterator<Item = (&'a str, Answer)>,
    ) -> Result<Self> {
        let mut out = Vec::new();
        for (title, answer) in answers {
            let question = item
                .question(title)
                .ok_or_else(|| Error::NotFound(format!("no question titled {title}")))?;
            check(question, &answer)?;
            out.push((question.clone(), answer));
        }
        Ok(UpdateNews {
            item: item.clone(),
            change: Change::Answer(out),
        })
    }

    /// Deletes `item` from the user's news.
    pub fn delete(item: &NewsItem) -> Self {
        UpdateNews {
            item: item.clone(),
            change: Change::Delete,
        }
    }
}

fn check(question: &Question, answer: &Answer) -> Result<()> {
    match answer {
        Answer::Choices { ranks, .. } => {
            if !question.kind.takes_choices() {
                return Err(Error::Usage("choices answer a choice question only"));
            }
            if ranks.is_empty() {
                return Err(Error::Usage("a choice answer needs a rank"));
            }
            if ranks
                .iter()
                .any(|r| !question.choices.iter().any(|c| c.rank == *r))
            {
                return Err(Error::Usage("a rank names no choice of the question"));
            }
            if question.kind == crate::models::news::QuestionKind::SingleChoice && ranks.len() > 1 {
                return Err(Error::Usage("a single-choice question takes one rank"));
            }
            Ok(())
        }
        Answer::Text(_) if question.kind.takes_choices() => {
            Err(Error::Usage("a choice question takes choices, not text"))
        }
        Answer::Text(_) => Ok(()),
    }
}

/// `N` of an answer the server has not created yet.
static NO_RESPONSE: Id = Id::from_number(0);

/// The request: `saisieActualite` false and the one item changed.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    #[serde(rename = "saisieActualite")]
    saving: bool,
    #[serde(rename = "listeActualites")]
    items: [WireItem<'a>; 1],
}

/// The item changed; `genrePublic` and `public {N, G}` are `null` when
/// the item names no audience.
#[derive(Debug, Serialize)]
struct WireItem<'a> {
    #[serde(rename = "N")]
    id: &'a Id,
    #[serde(rename = "L")]
    title: &'a str,
    #[serde(rename = "genrePublic")]
    audience_kind: Option<i64>,
    #[serde(rename = "public")]
    audience: Option<WireRef<'a>>,
    #[serde(rename = "validationDirecte")]
    direct: bool,
    #[serde(rename = "listeQuestions")]
    questions: Vec<WireQuestion<'a>>,
    #[serde(rename = "marqueLueSeulement")]
    only_read: bool,
    #[serde(rename = "lue")]
    read: bool,
    #[serde(rename = "supprimee")]
    deleted: bool,
    #[serde(rename = "saisieActualite")]
    saving: bool,
}

/// An answered question.
#[derive(Debug, Serialize)]
struct WireQuestion<'a> {
    #[serde(rename = "N")]
    id: &'a QuestionId,
    #[serde(rename = "L")]
    title: &'a str,
    #[serde(rename = "genreReponse")]
    kind: i64,
    #[serde(rename = "reponse")]
    response: WireResponse<'a>,
}

/// The answer: `N` the server's answer id (0 before the first answer),
/// `valeurReponseLibre` only with a free text.
#[derive(Debug, Serialize)]
struct WireResponse<'a> {
    #[serde(rename = "N")]
    id: &'a Id,
    #[serde(rename = "Actif")]
    active: bool,
    #[serde(rename = "valeurReponse")]
    value: WireAnswerValue<'a>,
    #[serde(rename = "valeurReponseLibre", skip_serializing_if = "Option::is_none")]
    other: Option<&'a str>,
    #[serde(rename = "avecReponse")]
    answered: bool,
    #[serde(rename = "estReponseAttendue")]
    expected: bool,
    #[serde(rename = "_validationSaisie")]
    validated: bool,
}

/// `valeurReponse`: a string for text kinds, the ranks chosen as a set
/// `{_T: 8, V: "[ranks]"}` for choices.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum WireAnswerValue<'a> {
    Text(&'a str),
    Ranks(Domain),
}

fn wire_question<'a>(question: &'a Question, answer: &'a Answer) -> Result<WireQuestion<'a>> {
    let (value, other) = match answer {
        Answer::Text(text) => (WireAnswerValue::Text(text), None),
        Answer::Choices { ranks, other } => {
            let set = Domain::try_from_iter(ranks.iter().copied())
                .map_err(|_| Error::Usage("a rank is out of range"))?;
            (WireAnswerValue::Ranks(set), other.as_deref())
        }
    };
    Ok(WireQuestion {
        id: &question.id,
        title: &question.title,
        kind: question.kind.code(),
        response: WireResponse {
            id: question.response.as_ref().map_or(&NO_RESPONSE, |r| &r.id),
            active: true,
            value,
            other,
            answered: true,
            expected: question.response.as_ref().is_none_or(|r| r.expected),
            validated: true,
        },
    })
}

impl Function for UpdateNews {
    const NAME: &'static str = "SaisieActualites";
    const TAB: Option<u32> = Some(8);
    const KIND: CallKind = CallKind::Write;
    type Output = ();

    fn data(&self, _ctx: &Context<'_>) -> Result<Option<Value>> {
        let (questions, read, only_read, deleted) = match &self.change {
            Change::Read(read) => (Vec::new(), *read, true, false),
            Change::Answer(answers) => (
                answers
                    .iter()
                    .map(|(q, a)| wire_question(q, a))
                    .collect::<Result<Vec<_>>>()?,
                true,
                false,
                false,
            ),
            Change::Delete => (Vec::new(), self.item.read, false, true),
        };
        let audience = self.item.audience.as_ref();
        request(
            Self::NAME,
            &WireRequest {
                saving: false,
                items: [WireItem {
                    id: self.item.id.as_id(),
                    title: &self.item.title,
                    audience_kind: audience.map(|a| a.kind),
                    audience: audience.map(|a| WireRef::new(&a.id).kind(a.kind)),
                    direct: true,
                    questions,
                    only_read,
                    read,
                    deleted,
                    saving: false,
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
    use crate::models::ids::{NewsId, QuestionId};
    use crate::models::news::{Audience, Choice, QuestionKind, Response};
    use serde_json::json;

    fn question(id: &str, title: &str, kind: QuestionKind, response: Option<Response>) -> Question {
        Question {
            id: QuestionId::new(id),
            title: title.into(),
            rank: Some(1),
            kind,
            text: String::new(),
            html: None,
            attachments: Vec::new(),
            choices: (1..=3)
                .map(|rank| Choice {
                    id: None,
                    label: format!("choix {rank}"),
                    rank,
                    free: rank == 3,
                })
                .collect(),
            max_length: None,
            max_choices: None,
            response,
        }
    }

    fn item(kind: NewsKind, audience: Option<Audience>, questions: Vec<Question>) -> NewsItem {
        NewsItem {
            id: NewsId::new("9#n"),
            title: "Sortie".into(),
            kind,
            category: None,
            author: "M. X".into(),
            created: time::macros::datetime!(2025-09-01 08:00),
            start: None,
            end: None,
            read: true,
            anonymous: false,
            audience,
            questions,
        }
    }

    fn expected(public: (Value, Value), questions: Value, flags: [bool; 3]) -> Value {
        let [only_read, read, deleted] = flags;
        json!({
            "saisieActualite": false,
            "listeActualites": [{
                "N": "9#n",
                "L": "Sortie",
                "genrePublic": public.0,
                "public": public.1,
                "validationDirecte": true,
                "listeQuestions": questions,
                "marqueLueSeulement": only_read,
                "lue": read,
                "supprimee": deleted,
                "saisieActualite": false,
            }],
        })
    }

    #[test]
    fn read_delete_and_answer_requests() {
        let s = Session::new();
        let audience = Audience {
            id: Id::new("1#a"),
            kind: 4,
            name: None,
        };
        let public = || (json!(4), json!({"N": "1#a", "G": 4}));
        let info = item(
            NewsKind::Information,
            Some(audience.clone()),
            vec![question("7#q", "Info", QuestionKind::Information, None)],
        );
        assert_eq!(
            s.data(&UpdateNews::mark_read(&info, false)),
            expected(public(), json!([]), [true, false, false])
        );
        let orphan = item(NewsKind::Information, None, Vec::new());
        assert_eq!(
            s.data(&UpdateNews::delete(&orphan)),
            expected((Value::Null, Value::Null), json!([]), [false, true, true])
        );
        assert_eq!(
            s.data(&UpdateNews::acknowledge(&info).unwrap()),
            expected(
                public(),
                json!([{
                    "N": "7#q", "L": "Info", "genreReponse": 0,
                    "reponse": {
                        "N": 0, "Actif": true, "valeurReponse": "",
                        "avecReponse": true, "estReponseAttendue": true,
                        "_validationSaisie": true,
                    },
                }]),
                [false, true, false]
            )
        );
        let answered = Response {
            id: Id::new("12#r"),
            answered: false,
            expected: false,
            value: None,
            answered_on: None,
        };
        let survey = item(
            NewsKind::Survey,
            Some(audience),
            vec![
                question(
                    "7#q",
                    "Options",
                    QuestionKind::MultipleChoice,
                    Some(answered),
                ),
                question("8#q", "Avis", QuestionKind::Text, None),
            ],
        );
        let answers = UpdateNews::answer(
            &survey,
            [
                (
                    "Options",
                    Answer::Choices {
                        ranks: vec![1, 3],
                        other: Some("Autre".into()),
                    },
                ),
                ("Avis", Answer::text("Bien")),
            ],
        )
        .unwrap();
        assert_eq!(
            s.data(&answers),
            expected(
                public(),
                json!([
                    {
                        "N": "7#q", "L": "Options", "genreReponse": 3,
                        "reponse": {
                            "N": "12#r", "Actif": true,
                            "valeurReponse": {"_T": 8, "V": "[1,3]"},
                            "valeurReponseLibre": "Autre",
                            "avecReponse": true, "estReponseAttendue": false,
                            "_validationSaisie": true,
                        },
                    },
                    {
                        "N": "8#q", "L": "Avis", "genreReponse": 1,
                        "reponse": {
                            "N": 0, "Actif": true, "valeurReponse": "Bien",
                            "avecReponse": true, "estReponseAttendue": true,
                            "_validationSaisie": true,
                        },
                    },
                ]),
                [false, true, false]
            )
        );
        let choices = UpdateNews::answer(&survey, [("Options", Answer::choices([1, 2]))]).unwrap();
        assert_eq!(
            s.data(&choices)["listeActualites"][0]["listeQuestions"][0]["reponse"],
            json!({
                "N": "12#r", "Actif": true, "valeurReponse": {"_T": 8, "V": "[1..2]"},
                "avecReponse": true, "estReponseAttendue": false, "_validationSaisie": true,
            })
        );
    }
}
