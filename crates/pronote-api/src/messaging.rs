//! Discussions, news and surveys on the [`Client`].
//!
//! Discussions, messages, news items and recipients carry ids salted per
//! session: pass objects read in the current session (after a transparent
//! re-login, list them again). Writes are never retried.
//!
//! A refused write (answering a closed discussion, a discussion without
//! recipients) is
//! [`Error::Protocol`]`(`[`pronote_proto::Error::Server`]`(`[`ServerError::SaveRejected`]`))`:
//! [`is_save_rejected`](crate::is_save_rejected) tells it apart.
//!
//! ```no_run
//! # async fn run(client: pronote_api::Client<pronote_transport::HyperTransport>) -> pronote_api::Result<()> {
//! use pronote_api::models::discussion::PersonKind;
//! let list = client.discussions().await?;
//! println!("{} unread", list.unread());
//! for discussion in &list.discussions {
//!     let thread = client.read_discussion(discussion).await?;
//!     println!("{}: {} messages", discussion.subject, thread.messages.len());
//! }
//! let teachers = client.recipients(PersonKind::Teacher).await?;
//! if let Some(teacher) = teachers.first() {
//!     client.start_discussion("Absence", "Bonjour, ...", [teacher]).await?;
//! }
//! # Ok(()) }
//! ```

use pronote_proto::ServerError;
use pronote_proto::value::Id;
use pronote_transport::Transport;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::functions::{
    ApplyDiscussionCommand, DiscussionCommand, GetDiscussions, GetMessages, GetNews,
    GetNewsDetails, GetParticipants, GetRecipients, ReplyToDiscussion, SaveDraft, StartDiscussion,
    UpdateNews,
};
use crate::models::discussion::{
    Discussion, Discussions, Message, Participant, PersonKind, Recipient, Thread,
};
use crate::models::news::{Answer, News, NewsItem, Question};

/// Whether `error` is the server refusing a write (`RapportSaisie`): a
/// closed discussion, no recipient, an invalid answer.
pub fn is_save_rejected(error: &Error) -> bool {
    matches!(
        error,
        Error::Protocol(pronote_proto::Error::Server(
            ServerError::SaveRejected { .. }
        ))
    )
}

impl<T: Transport> Client<T> {
    /// Every discussion, with the folder labels and unread counts
    /// (`ListeMessagerie`).
    pub async fn discussions(&self) -> Result<Discussions> {
        self.fetch(&GetDiscussions::all()).await
    }

    /// Only the discussions with unread messages.
    pub async fn unread_discussions(&self) -> Result<Discussions> {
        self.fetch(&GetDiscussions::unread_only()).await
    }

    /// The messages of `discussion`, leaving them unread (`ListeMessages`).
    pub async fn messages(&self, discussion: &Discussion) -> Result<Thread> {
        self.fetch(&GetMessages::new(discussion)).await
    }

    /// The messages of `discussion`, marking them read on the way.
    pub async fn read_discussion(&self, discussion: &Discussion) -> Result<Thread> {
        self.fetch(&GetMessages::new(discussion).mark_read(true))
            .await
    }

    /// Answers `discussion` with `content` (plain text). A closed
    /// discussion is refused by the server (see [`is_save_rejected`]).
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client<pronote_transport::HyperTransport>) -> pronote_api::Result<()> {
    /// let list = client.discussions().await?;
    /// if let Some(d) = list.by_subject("Devoir maison n°2") {
    ///     client.reply(d, "Merci !").await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn reply(&self, discussion: &Discussion, content: &str) -> Result<()> {
        let thread = self.messages(discussion).await?;
        self.fetch(&ReplyToDiscussion::new(&thread, content)?).await
    }

    /// Answers the message `message` of `discussion` (read with
    /// [`messages`](Self::messages) in this session) rather than its
    /// latest one: the new message's [`source`](Message::source) is
    /// `message`. A closed discussion is refused by the server (see
    /// [`is_save_rejected`]).
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client<pronote_transport::HyperTransport>) -> pronote_api::Result<()> {
    /// let list = client.discussions().await?;
    /// if let Some(d) = list.by_subject("Devoir maison n°2") {
    ///     let thread = client.messages(d).await?;
    ///     if let Some(first) = thread.messages.first() {
    ///         client.reply_to_message(d, first, "Pour la question 1 :").await?;
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn reply_to_message(
        &self,
        discussion: &Discussion,
        message: &Message,
        content: &str,
    ) -> Result<()> {
        let thread = self.messages(discussion).await?;
        self.fetch(&ReplyToDiscussion::to_message(&thread, message, content)?)
            .await
    }

    /// Starts a discussion with `recipients` (from
    /// [`recipients`](Self::recipients)).
    pub async fn start_discussion<'a>(
        &self,
        subject: &str,
        content: &str,
        recipients: impl IntoIterator<Item = &'a Recipient>,
    ) -> Result<()> {
        let request = recipients
            .into_iter()
            .fold(StartDiscussion::new(subject, content), |r, to| r.to(to));
        self.fetch(&request).await
    }

    /// Who the user may write to, of one kind (teachers, staff,
    /// students): `ListeRessourcesPourCommunication`.
    pub async fn recipients(&self, kind: PersonKind) -> Result<Vec<Recipient>> {
        self.fetch(&GetRecipients::new(kind)).await
    }

    /// The other participants of `discussion` (`SaisiePublicMessage`).
    pub async fn participants(&self, discussion: &Discussion) -> Result<Vec<Participant>> {
        self.fetch(&GetParticipants::of_discussion(discussion)?)
            .await
    }

    /// The recipients of one message.
    pub async fn message_recipients(&self, message: &Message) -> Result<Vec<Participant>> {
        self.fetch(&GetParticipants::of_message(message)).await
    }

    /// Marks every message of `discussion` read (`true`) or unread.
    pub async fn mark_discussion_read(&self, discussion: &Discussion, read: bool) -> Result<()> {
        let command = if read {
            DiscussionCommand::MarkRead
        } else {
            DiscussionCommand::MarkUnread
        };
        self.discussion_command(command, discussion).await
    }

    /// Moves `discussion` to the trash.
    pub async fn trash_discussion(&self, discussion: &Discussion) -> Result<()> {
        self.discussion_command(DiscussionCommand::Trash, discussion)
            .await
    }

    /// Takes `discussion` out of the trash.
    pub async fn restore_discussion(&self, discussion: &Discussion) -> Result<()> {
        self.discussion_command(DiscussionCommand::Restore, discussion)
            .await
    }

    /// Deletes `discussion` for good.
    pub async fn delete_discussion(&self, discussion: &Discussion) -> Result<()> {
        self.discussion_command(DiscussionCommand::Delete, discussion)
            .await
    }

    /// Applies `command` to `discussion`.
    pub async fn discussion_command(
        &self,
        command: DiscussionCommand,
        discussion: &Discussion,
    ) -> Result<()> {
        self.fetch(&ApplyDiscussionCommand::new(command, discussion))
            .await
    }

    /// Saves a draft answer to `discussion`; with `existing` (a draft
    /// message of its thread), replaces that draft.
    pub async fn save_draft(
        &self,
        discussion: &Discussion,
        content: &str,
        existing: Option<&Message>,
    ) -> Result<()> {
        let thread = self.messages(discussion).await?;
        let mut request = SaveDraft::new(&thread, content)?;
        if let Some(draft) = existing {
            request = request.replacing(draft.id.clone());
        }
        self.fetch(&request).await
    }

    /// Sends the draft `draft` of `discussion` with `content`.
    pub async fn send_draft(
        &self,
        discussion: &Discussion,
        draft: &Message,
        content: &str,
    ) -> Result<()> {
        let thread = self.messages(discussion).await?;
        self.fetch(&ReplyToDiscussion::new(&thread, content)?.from_draft(draft.id.clone()))
            .await
    }

    /// Deletes the draft `draft` (by its possession).
    pub async fn delete_draft(&self, draft: &Message) -> Result<()> {
        let possession: Id = draft
            .possession
            .clone()
            .ok_or(Error::Usage("this draft has no possession to delete"))?;
        self.fetch(&ApplyDiscussionCommand::with_possessions(
            DiscussionCommand::Delete,
            vec![possession],
        ))
        .await
    }

    /// Information and surveys (`PageActualites`).
    ///
    /// ```no_run
    /// # async fn run(client: pronote_api::Client<pronote_transport::HyperTransport>) -> pronote_api::Result<()> {
    /// use pronote_api::models::news::Answer;
    /// let news = client.news().await?;
    /// for item in news.items.iter().filter(|i| i.needs_acknowledgement()) {
    ///     client.acknowledge_news(item).await?;
    /// }
    /// if let Some(survey) = news.by_title("Sondage : menus de la cantine") {
    ///     client
    ///         .answer_survey(survey, [("Satisfaction", Answer::choice(2))])
    ///         .await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn news(&self) -> Result<News> {
        self.fetch(&GetNews).await
    }

    /// The questions of `item`, with text and attachments (the details
    /// request recent versions need).
    pub async fn news_details(&self, item: &NewsItem) -> Result<Vec<Question>> {
        self.fetch(&GetNewsDetails::new(item)?).await
    }

    /// Marks `item` read (`true`) or unread.
    pub async fn mark_news_read(&self, item: &NewsItem, read: bool) -> Result<()> {
        self.fetch(&UpdateNews::mark_read(item, read)).await
    }

    /// Acknowledges an information.
    pub async fn acknowledge_news(&self, item: &NewsItem) -> Result<()> {
        self.fetch(&UpdateNews::acknowledge(item)?).await
    }

    /// Answers questions of a survey, each named by its title.
    pub async fn answer_survey<'a>(
        &self,
        item: &NewsItem,
        answers: impl IntoIterator<Item = (&'a str, Answer)>,
    ) -> Result<()> {
        self.fetch(&UpdateNews::answer(item, answers)?).await
    }

    /// Deletes `item` from the user's news.
    pub async fn delete_news(&self, item: &NewsItem) -> Result<()> {
        self.fetch(&UpdateNews::delete(item)).await
    }
}
