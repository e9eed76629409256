//! `export ical`: the timetable as a locally generated iCalendar file.

use std::io::Write;

use pronote_api::models::ical::{Calendar, uid_domain};
use time::{Duration, OffsetDateTime};

use crate::cli::{ExportCommand, IcalArgs};
use crate::commands::read::{current_week, lessons_between};
use crate::error::{CliError, CliResult};
use crate::output::{print, print_json};
use crate::profile::write_text_atomic;
use crate::session::{Ctx, connect};

/// `export …`.
pub(crate) async fn export(ctx: &Ctx, command: &ExportCommand) -> CliResult<()> {
    match command {
        ExportCommand::Ical(args) => ical_export(ctx, args).await,
    }
}

/// Refuses a file whose folder does not exist (a typo in the path should
/// not create folders silently).
pub(crate) fn check_folder(path: &std::path::Path) -> CliResult<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(CliError::Usage(format!(
            "the folder {} does not exist: create it first, or write elsewhere",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

async fn ical_export(ctx: &Ctx, args: &IcalArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    let instance = conn.client.instance().await;
    let from = match args.from {
        Some(from) => from,
        None => instance
            .monday_of(current_week(&instance, ctx.today()))
            .map_err(|e| CliError::Other(format!("today is outside the school year: {e}")))?,
    };
    let to = match (args.to, args.weeks) {
        (Some(to), _) => to,
        (None, Some(weeks)) => from + Duration::weeks(i64::from(weeks)) - Duration::days(1),
        (None, None) => instance.last_day,
    };
    let lessons = lessons_between(&conn.client, from, to).await?;
    let user = conn.client.user().await;
    let who = conn
        .client
        .selected_student()
        .await
        .unwrap_or(user.resource.name);
    let root = conn.client.export().await.state.root;
    let calendar = Calendar {
        name: Some(format!("PRONOTE – {who}")),
        ..Calendar::from_lessons(&lessons, uid_domain(&root))
    };
    let text = calendar.to_ics(OffsetDateTime::now_utc());
    if args.out.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| CliError::Other(format!("writing to stdout failed: {e}")));
    }
    check_folder(&args.out)?;
    write_text_atomic(&args.out, text.as_bytes())?;
    if ctx.global.json {
        return print_json(&serde_json::json!({
            "file": args.out,
            "events": lessons.len(),
            "from": from.to_string(),
            "to": to.to_string(),
        }));
    }
    print(&format!(
        "Wrote {} lessons ({from} – {to}) to {}\n",
        lessons.len(),
        args.out.display()
    ))
}
