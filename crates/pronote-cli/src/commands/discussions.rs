//! The discussion commands beyond reading and writing (`messages mark`,
//! `trash`, `restore`, `delete`, `participants`, `sent-to`, `recipients`,
//! `drafts`, `draft`, `send-draft`, `delete-draft`).

use clap::{Subcommand, ValueEnum};
use pronote_api::Client;
use pronote_api::models::discussion::{Discussion, Message, Participant, PersonKind};

use crate::commands::messaging::{nth_discussion, nth_message};
use crate::commands::records::kind_label;
use crate::error::{CliError, CliResult};
use crate::output::{Cell, Table, date_label, print, print_json, style, time_label, title};
use crate::session::Ctx;

/// The `messages` subcommands of this module.
#[derive(Debug, Subcommand)]
pub(crate) enum MoreCommand {
    /// Marks discussion N read (or unread with `--unread`).
    Mark {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
        /// Mark it unread instead.
        #[arg(long)]
        unread: bool,
    },
    /// Moves discussion N to the trash.
    Trash {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
    },
    /// Takes discussion N out of the trash.
    Restore {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
    },
    /// Deletes discussion N for good.
    Delete {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
    },
    /// The participants of discussion N.
    Participants {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
    },
    /// Who message M of discussion N was sent to.
    SentTo {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
        /// The message's number in `pronote messages read N`.
        #[arg(value_parser = crate::cli::parse_number)]
        message: u32,
    },
    /// Who may be written to, of one kind.
    Recipients {
        /// The kind of recipients.
        #[arg(value_enum)]
        kind: RecipientKind,
    },
    /// The drafts, with the number of their discussion.
    Drafts,
    /// Writes the draft answer of discussion N (replacing its draft if it
    /// has one).
    Draft {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
        /// The draft's text.
        text: String,
    },
    /// Sends the draft of discussion N (with its text, or a new one).
    SendDraft {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
        /// A new text for it.
        text: Option<String>,
    },
    /// Deletes the draft of discussion N.
    DeleteDraft {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = crate::cli::parse_number)]
        number: u32,
    },
}

/// The recipient kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RecipientKind {
    /// Teachers.
    Teachers,
    /// School staff.
    Staff,
    /// Students.
    Students,
    /// Parents.
    Parents,
}

/// Runs one of this module's subcommands.
pub(crate) async fn run(ctx: &Ctx, client: &Client, command: &MoreCommand) -> CliResult<()> {
    match command {
        MoreCommand::Mark { number, unread } => {
            let d = nth_discussion(client, *number).await?;
            client
                .mark_discussion_read(&d, !unread)
                .await
                .map_err(|e| CliError::api(format!("marking {:?}", d.subject), e))?;
            let state = if *unread { "unread" } else { "read" };
            done(ctx, &d, state, &format!("Marked {:?} {state}.", d.subject))
        }
        MoreCommand::Trash { number } => {
            let d = nth_discussion(client, *number).await?;
            client
                .trash_discussion(&d)
                .await
                .map_err(|e| CliError::api(format!("trashing {:?}", d.subject), e))?;
            done(
                ctx,
                &d,
                "trashed",
                &format!("Moved {:?} to the trash.", d.subject),
            )
        }
        MoreCommand::Restore { number } => {
            let d = nth_discussion(client, *number).await?;
            client
                .restore_discussion(&d)
                .await
                .map_err(|e| CliError::api(format!("restoring {:?}", d.subject), e))?;
            done(
                ctx,
                &d,
                "restored",
                &format!("Took {:?} out of the trash.", d.subject),
            )
        }
        MoreCommand::Delete { number } => {
            let d = nth_discussion(client, *number).await?;
            client
                .delete_discussion(&d)
                .await
                .map_err(|e| CliError::api(format!("deleting {:?}", d.subject), e))?;
            done(ctx, &d, "deleted", &format!("Deleted {:?}.", d.subject))
        }
        MoreCommand::Participants { number } => {
            let d = nth_discussion(client, *number).await?;
            let people = client
                .participants(&d)
                .await
                .map_err(|e| CliError::api(format!("reading who is in {:?}", d.subject), e))?;
            if ctx.global.json {
                return print_json(&people);
            }
            let mut text = title(&format!("Participants of {:?}", d.subject));
            text.push_str(&people_table(&people));
            print(&text)
        }
        MoreCommand::SentTo { number, message } => {
            let d = nth_discussion(client, *number).await?;
            let m = nth_message(client, &d, *number, *message).await?;
            let people = client.message_recipients(&m).await.map_err(|e| {
                CliError::api(
                    format!("reading who message {message} of {:?} went to", d.subject),
                    e,
                )
            })?;
            if ctx.global.json {
                return print_json(&people);
            }
            let mut text = title(&format!(
                "Recipients of message {message} of {:?} ({}, {})",
                d.subject,
                m.author,
                m.date
                    .map(|at| format!("{} {}", date_label(at.date()), time_label(at)))
                    .unwrap_or_default()
            ));
            text.push_str(&people_table(&people));
            print(&text)
        }
        MoreCommand::Recipients { kind } => {
            let wire = match kind {
                RecipientKind::Teachers => PersonKind::Teacher,
                RecipientKind::Staff => PersonKind::Staff,
                RecipientKind::Students => PersonKind::Student,
                RecipientKind::Parents => PersonKind::Parent,
            };
            let list = client
                .recipients(wire)
                .await
                .map_err(|e| CliError::api("reading the recipients", e))?;
            if ctx.global.json {
                return print_json(&list);
            }
            let mut text = title("Recipients");
            if list.is_empty() {
                text.push_str("None of this kind.\n");
                return print(&text);
            }
            let mut table = Table::new(&["Name", "Subjects", "Can discuss"]);
            for r in &list {
                table.row(vec![
                    Cell::styled(r.name.clone(), style::TITLE),
                    r.subjects.join(", ").into(),
                    if r.can_discuss { "yes" } else { "no" }.into(),
                ]);
            }
            text.push_str(&table.render());
            print(&text)
        }
        MoreCommand::Drafts => drafts(ctx, client).await,
        MoreCommand::Draft { number, text } => {
            if text.trim().is_empty() {
                return Err(CliError::Usage("the draft is empty".into()));
            }
            let d = nth_discussion(client, *number).await?;
            let existing = draft_of(client, &d).await?;
            client
                .save_draft(&d, text, existing.as_ref())
                .await
                .map_err(|e| CliError::api(format!("saving the draft of {:?}", d.subject), e))?;
            let what = if existing.is_some() {
                "Replaced"
            } else {
                "Saved"
            };
            done(
                ctx,
                &d,
                "draft saved",
                &format!("{what} the draft of {:?}.", d.subject),
            )
        }
        MoreCommand::SendDraft { number, text } => {
            let d = nth_discussion(client, *number).await?;
            let draft = draft_of(client, &d)
                .await?
                .ok_or_else(|| no_draft(*number, &d))?;
            let content = text.clone().unwrap_or_else(|| draft.content.clone());
            if content.trim().is_empty() {
                return Err(CliError::Usage("the draft is empty: give a text".into()));
            }
            client
                .send_draft(&d, &draft, &content)
                .await
                .map_err(|e| CliError::api(format!("sending the draft of {:?}", d.subject), e))?;
            done(
                ctx,
                &d,
                "draft sent",
                &format!("Sent the draft of {:?}.", d.subject),
            )
        }
        MoreCommand::DeleteDraft { number } => {
            let d = nth_discussion(client, *number).await?;
            let draft = draft_of(client, &d)
                .await?
                .ok_or_else(|| no_draft(*number, &d))?;
            client
                .delete_draft(&draft)
                .await
                .map_err(|e| CliError::api(format!("deleting the draft of {:?}", d.subject), e))?;
            done(
                ctx,
                &d,
                "draft deleted",
                &format!("Deleted the draft of {:?}.", d.subject),
            )
        }
    }
}

/// Participants or recipients: name (and whether they refuse messages),
/// kind.
fn people_table(people: &[Participant]) -> String {
    if people.is_empty() {
        return "Nobody.\n".to_owned();
    }
    let mut table = Table::new(&["Name", "Kind"]);
    for p in people {
        let kind = p.kind.as_ref().map(kind_label).unwrap_or_default();
        let name = if p.refuses_messages {
            format!("{} (refuses messages)", p.name)
        } else {
            p.name.clone()
        };
        table.row(vec![Cell::styled(name, style::TITLE), kind.into()]);
    }
    table.render()
}

fn no_draft(number: u32, d: &Discussion) -> CliError {
    CliError::Usage(format!(
        "discussion #{number} ({:?}) has no draft: write one with `pronote messages draft {number} TEXT`",
        d.subject
    ))
}

/// The draft message of a discussion, if it has one.
async fn draft_of(client: &Client, d: &Discussion) -> CliResult<Option<Message>> {
    let thread = client
        .messages(d)
        .await
        .map_err(|e| CliError::api(format!("reading {:?}", d.subject), e))?;
    Ok(thread.messages.into_iter().find(|m| m.draft))
}

fn done(ctx: &Ctx, d: &Discussion, state: &str, text: &str) -> CliResult<()> {
    if ctx.global.json {
        return print_json(&serde_json::json!({"subject": d.subject, "done": state}));
    }
    print(&format!("{text}\n"))
}

/// `messages drafts`.
async fn drafts(ctx: &Ctx, client: &Client) -> CliResult<()> {
    let list = client
        .discussions()
        .await
        .map_err(|e| CliError::api("reading the discussions", e))?;
    let mut found = Vec::new();
    for (number, d) in (1u32..).zip(&list.discussions) {
        if d.draft_count == 0 {
            continue;
        }
        if let Some(draft) = draft_of(client, d).await? {
            found.push((number, d, draft));
        }
    }
    if ctx.global.json {
        let items: Vec<_> = found
            .iter()
            .map(|(n, d, m)| serde_json::json!({"number": n, "subject": d.subject, "draft": m}))
            .collect();
        return print_json(&items);
    }
    let mut text = title("Drafts");
    if found.is_empty() {
        text.push_str("No drafts.\n");
        return print(&text);
    }
    for (number, d, m) in &found {
        let st = style::TITLE;
        text.push_str(&format!("{st}{number}. {}{st:#}\n", d.subject));
        for line in m.content.trim().lines() {
            text.push_str(&format!("  {line}\n"));
        }
    }
    print(&text)
}
