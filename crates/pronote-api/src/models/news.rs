//! Information and surveys (`PageActualites`, tab 8).

use super::ids::{NewsCategoryId, NewsId, QuestionId};
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use pronote_proto::value::{Html, Id};

use super::attachment::Attachment;

/// Information or survey (`estSondage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum NewsKind {
    /// An information (one question of kind
    /// [`QuestionKind::Information`] holding the text).
    Information,
    /// A survey.
    Survey,
}

/// The kind of answer a question takes (`genreReponse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum QuestionKind {
    /// 0: the text of an information (acknowledged, not answered).
    Information,
    /// 1: free text.
    Text,
    /// 2: one choice.
    SingleChoice,
    /// 3: several choices.
    MultipleChoice,
    /// 5: a text block of a survey (nothing to answer).
    SurveyText,
    /// A kind this crate does not know, kept as received.
    Unknown(i64),
}

impl QuestionKind {
    /// The kind for a wire number.
    pub const fn from_code(code: i64) -> Self {
        match code {
            0 => QuestionKind::Information,
            1 => QuestionKind::Text,
            2 => QuestionKind::SingleChoice,
            3 => QuestionKind::MultipleChoice,
            5 => QuestionKind::SurveyText,
            other => QuestionKind::Unknown(other),
        }
    }

    /// The wire number.
    pub const fn code(self) -> i64 {
        match self {
            QuestionKind::Information => 0,
            QuestionKind::Text => 1,
            QuestionKind::SingleChoice => 2,
            QuestionKind::MultipleChoice => 3,
            QuestionKind::SurveyText => 5,
            QuestionKind::Unknown(code) => code,
        }
    }

    /// Whether answers are choice ranks (sent as a number set).
    pub const fn takes_choices(self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        )
    }
}

/// An answer to a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Answer {
    /// Free text (kind [`QuestionKind::Text`]; empty to acknowledge an
    /// information).
    Text(String),
    /// Chosen ranks (1-based, as [`Choice::rank`]) for
    /// [`QuestionKind::SingleChoice`] and
    /// [`QuestionKind::MultipleChoice`], with the text of a free choice.
    Choices {
        /// The ranks chosen.
        ranks: Vec<u16>,
        /// The text typed for a free choice (`valeurReponseLibre`).
        other: Option<String>,
    },
}

impl Answer {
    /// One choice.
    pub fn choice(rank: u16) -> Self {
        Answer::Choices {
            ranks: vec![rank],
            other: None,
        }
    }

    /// Several choices.
    pub fn choices(ranks: impl IntoIterator<Item = u16>) -> Self {
        Answer::Choices {
            ranks: ranks.into_iter().collect(),
            other: None,
        }
    }

    /// Free text.
    pub fn text(text: impl Into<String>) -> Self {
        Answer::Text(text.into())
    }
}

/// A choice of a question (`listeChoix`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Choice {
    /// Its id, when sent.
    pub id: Option<Id>,
    /// The label.
    pub label: String,
    /// Its rank (1-based): what an [`Answer::Choices`] names.
    pub rank: u16,
    /// Choosing it asks for text (`estReponseLibre`).
    pub free: bool,
}

/// The user's answer state for a question (`reponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// The answer id (sent back when answering).
    pub id: Id,
    /// Answered (or acknowledged) already (`avecReponse`).
    pub answered: bool,
    /// An answer is expected (`estReponseAttendue`).
    pub expected: bool,
    /// The answer given.
    pub value: Option<Answer>,
    /// When it was given (`reponduLe`).
    pub answered_on: Option<Date>,
}

/// A question of a survey, or the text of an information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Question {
    /// The question id (session-salted).
    pub id: QuestionId,
    /// Its title.
    pub title: String,
    /// Its rank.
    pub rank: Option<i64>,
    /// The answer it takes.
    pub kind: QuestionKind,
    /// The text, plain.
    pub text: String,
    /// The text's markup.
    #[serde(with = "super::json::html::option")]
    pub html: Option<Html>,
    /// Attached files and links.
    pub attachments: Vec<Attachment>,
    /// The choices (choice questions).
    pub choices: Vec<Choice>,
    /// The longest text answer accepted (`tailleReponse`).
    pub max_length: Option<i64>,
    /// The most choices accepted (`nombreReponsesMax`, when `avecMaximum`).
    pub max_choices: Option<i64>,
    /// The user's answer state.
    pub response: Option<Response>,
}

impl Question {
    /// Whether the user answered it.
    pub fn is_answered(&self) -> bool {
        self.response.as_ref().is_some_and(|r| r.answered)
    }
}

/// Who an item is addressed to as the server names it (`public`), sent
/// back when writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Audience {
    /// The resource id.
    pub id: Id,
    /// Its `G` (4 student, 5 parent…).
    pub kind: i64,
    /// Its name.
    pub name: Option<String>,
}

/// A category of news (`listeCategories`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewsCategory {
    /// The id.
    pub id: NewsCategoryId,
    /// The name.
    pub name: String,
    /// The default category (`estDefaut`).
    pub default: bool,
}

/// An information or a survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewsItem {
    /// The id (session-salted).
    pub id: NewsId,
    /// The title.
    pub title: String,
    /// Information or survey.
    pub kind: NewsKind,
    /// The category name (`categorie`, else `nature`).
    pub category: Option<String>,
    /// The author.
    pub author: String,
    /// When it was written.
    #[serde(with = "super::json::datetime")]
    pub created: PrimitiveDateTime,
    /// First day shown.
    pub start: Option<Date>,
    /// Last day shown.
    pub end: Option<Date>,
    /// Read by the user (`lue`).
    pub read: bool,
    /// Survey answers are anonymous (`reponseAnonyme`).
    pub anonymous: bool,
    /// Who it is addressed to, as the server names the user.
    pub audience: Option<Audience>,
    /// The questions (an information has one, holding its text).
    pub questions: Vec<Question>,
}

impl NewsItem {
    /// The text: the first question's, as pronotepy reads it.
    pub fn content(&self) -> &str {
        self.questions.first().map_or("", |q| q.text.as_str())
    }

    /// Every attachment of every question.
    pub fn attachments(&self) -> impl Iterator<Item = &Attachment> {
        self.questions.iter().flat_map(|q| q.attachments.iter())
    }

    /// An information that asks for an acknowledgement not given yet.
    pub fn needs_acknowledgement(&self) -> bool {
        self.kind == NewsKind::Information
            && self.questions.first().is_some_and(|q| {
                q.response
                    .as_ref()
                    .is_some_and(|r| r.expected && !r.answered)
            })
    }

    /// The question with this title.
    pub fn question(&self, title: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.title == title)
    }
}

/// The news page: categories and items.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct News {
    /// The categories.
    pub categories: Vec<NewsCategory>,
    /// The items, in the server's order.
    pub items: Vec<NewsItem>,
}

impl News {
    /// The first item with this title.
    pub fn by_title(&self, title: &str) -> Option<&NewsItem> {
        self.items.iter().find(|i| i.title == title)
    }
}
