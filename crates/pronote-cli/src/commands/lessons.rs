//! `lessons`: the lesson contents (cahier de textes) of a day or a range;
//! `homework --lesson N`: those a homework was set in.

use clap::Args;
use pronote_api::Client;
use pronote_api::models::homework::Homework;
use pronote_api::models::lesson_content::LessonContents;
use time::Date;

use crate::error::{CliError, CliResult};
use crate::output::{date_label, day_label, print, print_json, style, time_label, title};
use crate::session::{Ctx, connect};

/// `lessons` options.
#[derive(Debug, Args)]
pub(crate) struct LessonsArgs {
    /// One day (YYYY-MM-DD or DD/MM/YYYY; default: today).
    #[arg(long, value_parser = crate::cli::parse_date, conflicts_with_all = ["from", "to"])]
    pub(crate) date: Option<Date>,
    /// First day of a range.
    #[arg(long, value_parser = crate::cli::parse_date, requires = "to")]
    pub(crate) from: Option<Date>,
    /// Last day of a range.
    #[arg(long, value_parser = crate::cli::parse_date, requires = "from")]
    pub(crate) to: Option<Date>,
}

/// `lessons`.
pub(crate) async fn lessons(ctx: &Ctx, args: &LessonsArgs) -> CliResult<()> {
    let (from, to) = match (args.date, args.from, args.to) {
        (Some(day), _, _) => (day, day),
        (None, Some(from), Some(to)) => (from, to),
        _ => (ctx.today(), ctx.today()),
    };
    if to < from {
        return Err(CliError::Usage(format!(
            "--to ({to}) is before --from ({from})"
        )));
    }
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "lesson contents").await?;
    let mut entries = conn
        .client
        .lesson_contents(from, to)
        .await
        .map_err(|e| CliError::api("reading the lesson contents", e))?;
    entries.sort_by_key(|e| e.start);
    if ctx.global.json {
        return print_json(&entries);
    }
    let range = if from == to {
        date_label(from)
    } else {
        format!("{} – {}", date_label(from), date_label(to))
    };
    let mut text = title(&format!("Lesson contents, {range}"));
    text.push_str(&entries_text(&entries));
    print(&text)
}

/// `homework --lesson N`: the lesson contents homework `number` of the
/// listing `items` was set in.
pub(crate) async fn of_homework(
    ctx: &Ctx,
    client: &Client,
    items: &[Homework],
    number: u32,
) -> CliResult<()> {
    let index = usize::try_from(number)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let homework = items.get(index).ok_or_else(|| {
        CliError::Usage(format!(
            "there is no homework #{number} in this listing ({} items): run `pronote homework` with the same options to see the numbers",
            items.len()
        ))
    })?;
    let what = format!(
        "homework #{number} ({}, due {})",
        homework.subject.name,
        date_label(homework.due)
    );
    let id = homework.lesson_content_id.clone().ok_or_else(|| {
        CliError::Usage(format!(
            "{what} names no lesson contents: it was not set from a lesson's cahier de textes"
        ))
    })?;
    let contents = client
        .lesson_contents_by_id(id)
        .await
        .map_err(|e| CliError::api(format!("reading the lesson contents of {what}"), e))?;
    if ctx.global.json {
        return print_json(&contents);
    }
    let mut text = title(&format!("Lesson contents of {what}"));
    text.push_str(&entries_text(std::slice::from_ref(&contents)));
    print(&text)
}

fn entries_text(entries: &[LessonContents]) -> String {
    if entries.is_empty() {
        return "No lesson contents.\n".to_owned();
    }
    let mut text = String::new();
    for e in entries {
        let st = style::SUBJECT;
        let subject = e.subject.as_ref().map(|s| s.name.as_str()).unwrap_or("?");
        let when = e
            .start
            .map(|s| format!("{} {}", day_label(s.date()), time_label(s)))
            .unwrap_or_default();
        text.push_str(&format!("{st}{subject}{st:#}, {when}"));
        if !e.teachers.is_empty() {
            text.push_str(&format!(", {}", e.teachers.join(", ")));
        }
        text.push('\n');
        for c in &e.contents {
            let category = c
                .category
                .as_ref()
                .and_then(|c| c.label.as_deref())
                .map(|l| format!("[{l}] "))
                .unwrap_or_default();
            let title = c.title.as_deref().unwrap_or("");
            text.push_str(&format!("  {category}{title}\n"));
            if let Some(d) = c.description_text.as_deref() {
                for line in d.trim().lines() {
                    text.push_str(&format!("    {line}\n"));
                }
            }
            for a in &c.attachments {
                text.push_str(&format!("    [attachment] {}\n", a.name));
            }
        }
        if let Some(due) = e.homework_due {
            text.push_str(&format!("  homework set, due {}\n", date_label(due)));
        }
        text.push('\n');
    }
    text
}
