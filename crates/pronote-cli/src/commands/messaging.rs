//! `messages` (discussions: list, read, reply, send) and `news`.

use pronote_api::Client;
use pronote_api::models::discussion::{Discussion, Message, PersonKind, Recipient, Thread};
use pronote_api::models::news::{Answer, News, NewsItem, Question, QuestionKind};
use serde::Serialize;

use crate::cli::{MessagesArgs, MessagesCommand, NewsArgs, NewsCommand};
use crate::commands::records::kind_label;
use crate::error::{CliError, CliResult};
use crate::output::{
    Cell, Table, date_label, print, print_json, style, time_label, title, truncate,
};
use crate::session::{Ctx, connect};

/// `messages`.
pub(crate) async fn messages(ctx: &Ctx, args: &MessagesArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    let client = &conn.client;
    match &args.action {
        Some(MessagesCommand::More(command)) => {
            crate::commands::discussions::run(ctx, client, command).await
        }
        None => {
            let discussions = if args.unread {
                client.unread_discussions().await
            } else {
                client.discussions().await
            }
            .map_err(|e| CliError::api("reading the discussions", e))?;
            if ctx.global.json {
                return print_json(&discussions);
            }
            let mut text = title("Discussions");
            let me = client.user().await.resource.name;
            text.push_str(&discussions_table(&discussions.discussions, &me));
            print(&text)
        }
        Some(MessagesCommand::Read { number }) => {
            let discussion = nth_discussion(client, *number).await?;
            let thread = client
                .read_discussion(&discussion)
                .await
                .map_err(|e| CliError::api("reading the discussion", e))?;
            if ctx.global.json {
                return print_json(&ThreadJson {
                    discussion: &discussion,
                    thread: &thread,
                });
            }
            print(&thread_text(&discussion, &thread))
        }
        Some(MessagesCommand::Reply {
            number,
            text,
            to_message,
        }) => {
            if text.trim().is_empty() {
                return Err(CliError::Usage("the reply is empty".into()));
            }
            let discussion = nth_discussion(client, *number).await?;
            let failed = |e| CliError::api(format!("replying to {:?}", discussion.subject), e);
            match to_message {
                Some(m) => {
                    let message = nth_message(client, &discussion, *number, *m).await?;
                    client
                        .reply_to_message(&discussion, &message, text)
                        .await
                        .map_err(failed)?;
                }
                None => client.reply(&discussion, text).await.map_err(failed)?,
            }
            if ctx.global.json {
                return print_json(&Sent {
                    subject: &discussion.subject,
                    to: None,
                    answers: *to_message,
                    sent: true,
                });
            }
            match to_message {
                Some(m) => print(&format!(
                    "Replied to message {m} of {:?}.\n",
                    discussion.subject
                )),
                None => print(&format!("Replied to {:?}.\n", discussion.subject)),
            }
        }
        Some(MessagesCommand::Send { to, subject, text }) => {
            if text.trim().is_empty() || subject.trim().is_empty() {
                return Err(CliError::Usage(
                    "the subject and the message must not be empty".into(),
                ));
            }
            let recipient = find_recipient(client, to).await?;
            client
                .start_discussion(subject, text, [&recipient])
                .await
                .map_err(|e| CliError::api(format!("writing to {}", recipient.name), e))?;
            if ctx.global.json {
                return print_json(&Sent {
                    subject,
                    to: Some(&recipient.name),
                    answers: None,
                    sent: true,
                });
            }
            print(&format!("Sent {subject:?} to {}.\n", recipient.name))
        }
    }
}

/// What `messages read --json` prints.
#[derive(Serialize)]
struct ThreadJson<'a> {
    discussion: &'a Discussion,
    thread: &'a Thread,
}

/// What `messages reply|send --json` print.
#[derive(Serialize)]
struct Sent<'a> {
    subject: &'a str,
    to: Option<&'a str>,
    /// The number of the message answered (`reply --to-message`).
    #[serde(skip_serializing_if = "Option::is_none")]
    answers: Option<u32>,
    sent: bool,
}

/// Message `number` (1-based, drafts not counted, as `messages read`
/// numbers them) of `discussion`, discussion `discussion_number` of the
/// listing.
pub(crate) async fn nth_message(
    client: &Client,
    discussion: &Discussion,
    discussion_number: u32,
    number: u32,
) -> CliResult<Message> {
    let thread = client
        .messages(discussion)
        .await
        .map_err(|e| CliError::api(format!("reading {:?}", discussion.subject), e))?;
    let sent: Vec<Message> = thread.messages.into_iter().filter(|m| !m.draft).collect();
    let count = sent.len();
    let index = usize::try_from(number)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    sent.into_iter().nth(index).ok_or_else(|| {
        CliError::Usage(format!(
            "discussion #{discussion_number} ({:?}) has no message #{number} ({count} messages): run `pronote messages read {discussion_number}` to see the numbers",
            discussion.subject
        ))
    })
}

/// Discussion `number` (1-based) of the listing.
pub(crate) async fn nth_discussion(client: &Client, number: u32) -> CliResult<Discussion> {
    let discussions = client
        .discussions()
        .await
        .map_err(|e| CliError::api("reading the discussions", e))?;
    let count = discussions.discussions.len();
    let index = usize::try_from(number)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    discussions
        .discussions
        .into_iter()
        .nth(index)
        .ok_or_else(|| {
            CliError::Usage(format!(
                "there is no discussion #{number} ({count} discussions): run `pronote messages` to see the numbers"
            ))
        })
}

/// The one recipient (teacher or staff member) whose name is `wanted` or
/// contains it.
async fn find_recipient(client: &Client, wanted: &str) -> CliResult<Recipient> {
    let mut all = Vec::new();
    let mut first_error = None;
    for kind in [PersonKind::Teacher, PersonKind::Staff] {
        match client.recipients(kind).await {
            Ok(mut list) => all.append(&mut list),
            Err(e) => {
                tracing::info!("no recipients of kind {kind:?}: {e}");
                first_error.get_or_insert(e);
            }
        }
    }
    if all.is_empty() {
        if let Some(e) = first_error {
            return Err(CliError::api("reading the recipients", e));
        }
    }
    let wanted_lower = wanted.trim().to_lowercase();
    if let Some(exact) = all.iter().find(|r| r.name.to_lowercase() == wanted_lower) {
        return Ok(exact.clone());
    }
    let matches: Vec<&Recipient> = all
        .iter()
        .filter(|r| r.name.to_lowercase().contains(&wanted_lower))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(CliError::Usage(format!(
            "no recipient matches {wanted:?}; the recipients are: {}",
            all.iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        several => Err(CliError::Usage(format!(
            "{wanted:?} matches several recipients: {}",
            several
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The discussions as a table; `me` is the logged-in user, shown as the
/// author of the discussions they started (PRONOTE names no creator
/// then).
pub(crate) fn discussions_table(discussions: &[Discussion], me: &str) -> String {
    if discussions.is_empty() {
        return "No discussions.\n".to_owned();
    }
    let mut table = Table::new(&["#", "Date", "Subject", "From", "Messages", "Unread"]);
    for (number, d) in discussions.iter().enumerate() {
        let date = d
            .date
            .map(|at| format!("{} {}", date_label(at.date()), time_label(at)))
            .unwrap_or_default();
        let unread = if d.unread > 0 {
            Cell::styled(d.unread.to_string(), style::WARN)
        } else {
            Cell::default()
        };
        let mut subject = truncate(&d.subject, 50);
        if d.closed {
            subject.push_str(" (closed)");
        }
        table.row(vec![
            Cell::styled((number + 1).to_string(), style::DIM),
            date.into(),
            Cell::styled(subject, style::TITLE),
            truncate(&author(d, me), 30).into(),
            d.message_count.to_string().into(),
            unread,
        ]);
    }
    table.render()
}

/// Who started a discussion: its creator, else the user (PRONOTE names
/// no creator for one's own discussions).
fn author(discussion: &Discussion, me: &str) -> String {
    match discussion.creator.as_deref() {
        Some(creator) if !creator.is_empty() => creator.to_owned(),
        _ => format!("{me} (you)"),
    }
}

fn thread_text(discussion: &Discussion, thread: &Thread) -> String {
    let mut text = title(&discussion.subject);
    if thread.messages.is_empty() {
        text.push_str("No messages.\n");
    }
    let mut number = 0;
    for m in &thread.messages {
        let numbered = if m.draft {
            String::new()
        } else {
            number += 1;
            format!("{number}. ")
        };
        let date = m
            .date
            .map(|at| format!("{} {}", date_label(at.date()), time_label(at)))
            .unwrap_or_default();
        let to = m
            .recipients
            .as_deref()
            .map(|r| format!(" → {r}"))
            .unwrap_or_default();
        let draft = if m.draft { " (draft)" } else { "" };
        let head_style = style::TITLE;
        text.push_str(&format!(
            "{head_style}{numbered}{} ({}){to}, {date}{draft}{head_style:#}\n",
            m.author,
            kind_label(&m.author_kind)
        ));
        text.push_str(m.content.trim_end());
        text.push('\n');
        for a in &m.attachments {
            text.push_str(&format!("  [attachment] {}\n", a.name));
        }
        text.push('\n');
    }
    text
}

/// `news`.
pub(crate) async fn news(ctx: &Ctx, args: &NewsArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    let news = conn
        .client
        .news()
        .await
        .map_err(|e| CliError::api("reading the news", e))?;
    match &args.action {
        Some(NewsCommand::Answer {
            number,
            question,
            answer,
        }) => {
            let item = nth_news(&news, *number)?;
            return match (question, answer) {
                (Some(question), Some(answer)) => {
                    answer_news(ctx, &conn.client, item, *number, question, answer).await
                }
                _ => crate::commands::survey::answer_all(ctx, &conn.client, item, *number).await,
            };
        }
        Some(NewsCommand::Show { number }) => {
            let item = nth_news(&news, *number)?;
            let details = conn
                .client
                .news_details(item)
                .await
                .map_err(|e| CliError::api(format!("reading {:?}", item.title), e))?;
            let mut shown = item.clone();
            shown.questions = details;
            if ctx.global.json {
                return print_json(&shown);
            }
            let index = usize::try_from(*number).unwrap_or(usize::MAX);
            return print(&news_item_text(index, &shown));
        }
        Some(NewsCommand::Read { number, unread }) => {
            let item = nth_news(&news, *number)?;
            conn.client
                .mark_news_read(item, !unread)
                .await
                .map_err(|e| CliError::api(format!("marking {:?}", item.title), e))?;
            let state = if *unread { "unread" } else { "read" };
            return news_done(ctx, item, state);
        }
        Some(NewsCommand::Ack { number }) => {
            let item = nth_news(&news, *number)?;
            conn.client
                .acknowledge_news(item)
                .await
                .map_err(|e| CliError::api(format!("acknowledging {:?}", item.title), e))?;
            return news_done(ctx, item, "acknowledged");
        }
        Some(NewsCommand::Delete { number }) => {
            let item = nth_news(&news, *number)?;
            conn.client
                .delete_news(item)
                .await
                .map_err(|e| CliError::api(format!("deleting {:?}", item.title), e))?;
            return news_done(ctx, item, "deleted");
        }
        None => {}
    }
    if ctx.global.json {
        return print_json(&news);
    }
    let mut text = title("News");
    text.push_str(&news_text(&news));
    print(&text)
}

fn news_text(news: &News) -> String {
    if news.items.is_empty() {
        return "No news.\n".to_owned();
    }
    let mut text = String::new();
    for (number, item) in news.items.iter().enumerate() {
        text.push_str(&news_item_text(number + 1, item));
    }
    text
}

fn news_item_text(number: usize, item: &NewsItem) -> String {
    let unread = if item.read { "" } else { " (unread)" };
    let category = item
        .category
        .as_deref()
        .map(|c| format!(", {c}"))
        .unwrap_or_default();
    let st = style::TITLE;
    let mut text = format!(
        "{st}{number}. {}{st:#} ({}{category}), {} {}, by {}{unread}\n",
        item.title,
        kind_label(&item.kind),
        date_label(item.created.date()),
        time_label(item.created),
        item.author,
    );
    for q in &item.questions {
        if !q.title.is_empty() && q.title != item.title {
            text.push_str(&format!("  {}\n", q.title));
        }
        for line in q.text.trim().lines() {
            text.push_str(&format!("  {line}\n"));
        }
        for c in &q.choices {
            text.push_str(&format!("    {}) {}\n", c.rank, c.label));
        }
        if let Some(answer) = q.response.as_ref().and_then(|r| r.value.as_ref()) {
            let answered = match answer {
                Answer::Text(t) => t.clone(),
                Answer::Choices { ranks, other } => {
                    let mut s = ranks
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    if let Some(o) = other {
                        s.push_str(&format!(" ({o})"));
                    }
                    s
                }
                _ => String::new(),
            };
            text.push_str(&format!("  answered: {answered}\n"));
        }
        for a in &q.attachments {
            text.push_str(&format!("  [attachment] {}\n", a.name));
        }
    }
    text.push('\n');
    text
}

/// An answer typed for `question`: text, or choice numbers (`2`, `1,3`)
/// checked against its choices and its kind.
pub(crate) fn parse_answer(question: &Question, text: &str) -> CliResult<Answer> {
    Ok(if question.kind.takes_choices() {
        let mut ranks = Vec::new();
        for part in text.split(',') {
            let rank: u16 = part.trim().parse().map_err(|_| {
                CliError::Usage(format!(
                    "{part:?} is not a choice number of {:?}",
                    question.title
                ))
            })?;
            if !question.choices.iter().any(|c| c.rank == rank) {
                return Err(CliError::Usage(format!(
                    "{:?} has no choice {rank}",
                    question.title
                )));
            }
            ranks.push(rank);
        }
        ranks.dedup();
        if question.kind == QuestionKind::SingleChoice && ranks.len() > 1 {
            return Err(CliError::Usage(format!(
                "{:?} takes one choice only, and {} were given",
                question.title,
                ranks.len()
            )));
        }
        Answer::choices(ranks)
    } else {
        Answer::text(text)
    })
}

/// What `news answer --json` prints.
#[derive(Serialize)]
pub(crate) struct Answered<'a> {
    pub(crate) news: &'a str,
    pub(crate) question: &'a str,
    pub(crate) answer: &'a Answer,
}

/// Item `number` (1-based) of the news.
fn nth_news(news: &News, number: u32) -> CliResult<&NewsItem> {
    let index = usize::try_from(number)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    news.items.get(index).ok_or_else(|| {
        CliError::Usage(format!(
            "there is no news #{number} ({} items): run `pronote news` to see the numbers",
            news.items.len()
        ))
    })
}

fn news_done(ctx: &Ctx, item: &NewsItem, state: &str) -> CliResult<()> {
    if ctx.global.json {
        return print_json(&serde_json::json!({"title": item.title, "done": state}));
    }
    print(&format!("{:?}: {state}.\n", item.title))
}

/// Refuses to answer an information.
pub(crate) fn require_survey(item: &NewsItem, number: u32) -> CliResult<()> {
    if item.kind == pronote_api::models::news::NewsKind::Information {
        return Err(CliError::Usage(format!(
            "news #{number} ({:?}) is an information, not a survey: there is nothing to answer (acknowledge it with `pronote news ack {number}`)",
            item.title
        )));
    }
    Ok(())
}

/// `news answer N --question Q ANSWER`.
async fn answer_news(
    ctx: &Ctx,
    client: &Client,
    item: &NewsItem,
    number: u32,
    wanted: &str,
    text: &str,
) -> CliResult<()> {
    require_survey(item, number)?;
    let wanted_lower = wanted.trim().to_lowercase();
    let exact = item
        .questions
        .iter()
        .find(|q| q.title.to_lowercase() == wanted_lower);
    let question = match exact {
        Some(q) => q,
        None => {
            let matches: Vec<_> = item
                .questions
                .iter()
                .filter(|q| q.title.to_lowercase().contains(&wanted_lower))
                .collect();
            match matches.as_slice() {
                [one] => *one,
                _ => {
                    return Err(CliError::Usage(format!(
                        "no single question of {:?} matches {wanted:?}; the questions are: {}",
                        item.title,
                        item.questions
                            .iter()
                            .map(|q| q.title.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
        }
    };
    let answer = parse_answer(question, text)?;
    client
        .answer_survey(item, [(question.title.as_str(), answer.clone())])
        .await
        .map_err(|e| CliError::api(format!("answering {:?}", item.title), e))?;
    if ctx.global.json {
        return print_json(&Answered {
            news: &item.title,
            question: &question.title,
            answer: &answer,
        });
    }
    print(&format!(
        "Answered {:?} of {:?}.\n",
        question.title, item.title
    ))
}
