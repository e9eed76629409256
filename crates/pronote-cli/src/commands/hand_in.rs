//! `homework --hand-in N --file FILE` and `homework --withdraw N`: the work
//! returned for a homework that asks for a file.

use pronote_api::Client;
use pronote_api::models::homework::Homework;

use crate::cli::HomeworkArgs;
use crate::error::{CliError, CliResult};
use crate::output::{day_label, print, print_json};
use crate::session::Ctx;

/// The largest file handed in (PRONOTE's own limit is lower on most
/// instances; the server says so).
const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Hands in or withdraws, as `args` say.
pub(crate) async fn hand_in(
    ctx: &Ctx,
    client: &Client,
    items: &[Homework],
    args: &HomeworkArgs,
) -> CliResult<()> {
    let (number, withdrawing) = match (args.hand_in, args.withdraw) {
        (Some(n), _) => (n, false),
        (None, Some(n)) => (n, true),
        (None, None) => return Ok(()),
    };
    let index = usize::try_from(number)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let item = items.get(index).ok_or_else(|| {
        CliError::Usage(format!(
            "there is no homework #{number} in this listing ({} items): run `pronote homework` with the same options to see the numbers",
            items.len()
        ))
    })?;
    let about = format!("{} for {}", item.subject.name, day_label(item.due));
    if !item.can_upload {
        return Err(CliError::Usage(format!(
            "homework #{number} ({about}) asks for no file to hand in"
        )));
    }
    if withdrawing {
        if item.submitted.is_none() {
            return Err(CliError::Usage(format!(
                "nothing was handed in for homework #{number} ({about})"
            )));
        }
        client
            .remove_returned_work(item)
            .await
            .map_err(|e| CliError::api("withdrawing the work handed in", e))?;
        return done(ctx, &about, None, "withdrawn");
    }
    let Some(path) = &args.file else {
        return Err(CliError::Usage("--hand-in needs --file FILE".into()));
    };
    let file_error = |error: std::io::Error| CliError::File {
        doing: "reading",
        path: path.clone(),
        error,
    };
    let size = std::fs::metadata(path).map_err(file_error)?.len();
    if size > MAX_FILE {
        return Err(CliError::Usage(format!(
            "{} is {size} bytes: larger than the {MAX_FILE} bytes handed in at most",
            path.display()
        )));
    }
    let content = std::fs::read(path).map_err(file_error)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| CliError::Usage(format!("{} names no file", path.display())))?;
    client
        .hand_in_homework(item, &name, &content)
        .await
        .map_err(|e| CliError::api(format!("handing {name} in"), e))?;
    done(ctx, &about, Some(&name), "handed in")
}

fn done(ctx: &Ctx, about: &str, file: Option<&str>, state: &str) -> CliResult<()> {
    if ctx.global.json {
        return print_json(&serde_json::json!({"homework": about, "file": file, "done": state}));
    }
    match file {
        Some(name) => print(&format!("Handed {name} in: {about}.\n")),
        None => print(&format!("Withdrew the work handed in: {about}.\n")),
    }
}
