//! Files: `attachments` (list and download those of homework, lesson
//! contents, news, messages and graded tests) and the one download path
//! every command saving a file goes through (PDFs, the profile picture):
//! no overwriting without `--force`, no folder created silently, progress
//! on a terminal, the file appearing only once whole.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use clap::Args;
use pronote_api::Client;
use pronote_api::functions::file_url::FileKind;
use pronote_api::models::attachment::{Attachment, AttachmentKind};
use serde::Serialize;
use time::{Date, Duration};

use crate::commands::export::check_folder;
use crate::commands::read::choose_period;
use crate::error::{CliError, CliResult};
use crate::output::{Cell, Table, date_label, print, print_json, style, title, truncate};
use crate::session::{Ctx, connect};

/// `attachments` options.
#[derive(Debug, Args)]
pub(crate) struct AttachmentsArgs {
    /// First day of the homework and lesson contents looked at (YYYY-MM-DD
    /// or DD/MM/YYYY; default: four weeks before today).
    #[arg(long, value_parser = crate::cli::parse_date)]
    pub(crate) from: Option<Date>,
    /// Last day (default: two weeks after today).
    #[arg(long, value_parser = crate::cli::parse_date)]
    pub(crate) to: Option<Date>,
    /// The period of the graded tests (default: the current one).
    #[arg(long, short)]
    pub(crate) period: Option<String>,
    /// Download these attachments (numbers of the listing; several may be
    /// given: `--get 1 --get 3`).
    #[arg(long, value_name = "N", value_parser = crate::cli::parse_number)]
    pub(crate) get: Vec<u32>,
    /// Download every file of the listing.
    #[arg(long, conflicts_with = "get")]
    pub(crate) all: bool,
    /// The folder to download into (it must exist).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) out: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub(crate) force: bool,
}

/// One attachment and where it was found.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Found {
    /// `homework`, `lesson`, `news`, `message`, `grade subject`,
    /// `grade correction`.
    pub(crate) source: &'static str,
    /// The day it belongs to.
    pub(crate) date: Option<Date>,
    /// The subject, news title or discussion subject.
    pub(crate) about: String,
    /// The file name or the link's label.
    pub(crate) name: String,
    /// Whether it is a link (not downloadable).
    pub(crate) link: bool,
    /// Where it is: the link's target, or the file's URL for this session
    /// (not printed in tables; it holds the session number).
    #[serde(skip)]
    pub(crate) url: Option<String>,
    /// The link's target (links only).
    pub(crate) target: Option<String>,
}

async fn found(
    client: &Client,
    source: &'static str,
    date: Option<Date>,
    about: &str,
    attachment: &Attachment,
) -> Found {
    let link = attachment.kind == AttachmentKind::Link;
    Found {
        source,
        date,
        about: about.to_owned(),
        name: attachment.name.clone(),
        link,
        url: client.attachment_url(attachment).await,
        target: if link { attachment.link.clone() } else { None },
    }
}

/// Every attachment the account can reach around `today`.
async fn collect(ctx: &Ctx, client: &Client, args: &AttachmentsArgs) -> CliResult<Vec<Found>> {
    let today = ctx.today();
    let from = args.from.unwrap_or(today - Duration::weeks(4));
    let to = args.to.unwrap_or(today + Duration::weeks(2));
    if to < from {
        return Err(CliError::Usage(format!(
            "--to ({to}) is before --from ({from})"
        )));
    }
    let mut all = Vec::new();
    let homework = client
        .homework(from, to)
        .await
        .map_err(|e| CliError::api("reading the homework", e))?;
    for h in &homework {
        for a in &h.attachments {
            all.push(found(client, "homework", Some(h.due), &h.subject.name, a).await);
        }
    }
    let lessons = client
        .lesson_contents(from, to)
        .await
        .map_err(|e| CliError::api("reading the lesson contents", e))?;
    for l in &lessons {
        let subject = l.subject.as_ref().map(|s| s.name.as_str()).unwrap_or("");
        for c in &l.contents {
            for a in &c.attachments {
                all.push(found(client, "lesson", l.start.map(|s| s.date()), subject, a).await);
            }
        }
    }
    let news = client
        .news()
        .await
        .map_err(|e| CliError::api("reading the news", e))?;
    for item in &news.items {
        for q in &item.questions {
            for a in &q.attachments {
                let day = Some(item.created.date());
                all.push(found(client, "news", day, &item.title, a).await);
            }
        }
    }
    let discussions = client
        .discussions()
        .await
        .map_err(|e| CliError::api("reading the discussions", e))?;
    for d in &discussions.discussions {
        let thread = client
            .messages(d)
            .await
            .map_err(|e| CliError::api(format!("reading the discussion {:?}", d.subject), e))?;
        for m in &thread.messages {
            for a in &m.attachments {
                let day = m.date.map(|at| at.date());
                all.push(found(client, "message", day, &d.subject, a).await);
            }
        }
    }
    let instance = client.instance().await;
    let period = choose_period(&instance, args.period.as_deref(), today)?;
    let grades = client
        .grades(&period.name)
        .await
        .map_err(|e| CliError::api(format!("reading the grades of {}", period.name), e))?;
    for g in &grades.grades {
        let files = [
            (
                "grade subject",
                FileKind::GradeSubject,
                &g.subject_file_name,
            ),
            (
                "grade correction",
                FileKind::GradeCorrection,
                &g.correction_file_name,
            ),
        ];
        for (source, kind, name) in files {
            let Some(name) = name else { continue };
            if let Some(url) = client.grade_file_url(g, kind).await {
                all.push(Found {
                    source,
                    date: Some(g.date),
                    about: g.subject.name.clone(),
                    name: name.clone(),
                    link: false,
                    url: Some(url),
                    target: None,
                });
            }
        }
    }
    Ok(all)
}

/// `attachments`.
pub(crate) async fn attachments(ctx: &Ctx, args: &AttachmentsArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "attachments").await?;
    let all = collect(ctx, &conn.client, args).await?;
    let wanted: Vec<(u32, &Found)> = if args.all {
        (1..)
            .zip(all.iter())
            .filter(|(_, f)| !f.link && f.url.is_some())
            .collect()
    } else {
        let mut picked = Vec::new();
        for &number in &args.get {
            let index = usize::try_from(number).unwrap_or(usize::MAX) - 1;
            let item = all.get(index).ok_or_else(|| {
                CliError::Usage(format!(
                    "there is no attachment #{number} ({} attachments): run `pronote attachments` to see the numbers",
                    all.len()
                ))
            })?;
            if item.link {
                return Err(CliError::Usage(format!(
                    "attachment #{number} ({:?}) is a link, not a file: open {}",
                    item.name,
                    item.target.as_deref().unwrap_or("it in PRONOTE")
                )));
            }
            picked.push((number, item));
        }
        picked
    };
    if wanted.is_empty() {
        if ctx.global.json {
            return print_json(&all);
        }
        let mut text = title("Attachments");
        text.push_str(&table(&all));
        return print(&text);
    }
    if !args.out.is_dir() {
        return Err(CliError::Usage(format!(
            "the folder {} does not exist: create it first",
            args.out.display()
        )));
    }
    let mut saved = Vec::new();
    for (number, item) in wanted {
        let url = item.url.as_deref().ok_or_else(|| {
            CliError::Other(format!("attachment #{number} has no download address"))
        })?;
        let path = args.out.join(safe_file_name(&item.name, number));
        let bytes = save_url(&conn.client, url, &path, args.force, &item.name).await?;
        saved.push(serde_json::json!({"number": number, "file": path, "bytes": bytes}));
        if !ctx.global.json {
            print(&format!("Saved {} ({bytes} bytes)\n", path.display()))?;
        }
    }
    if ctx.global.json {
        return print_json(&saved);
    }
    Ok(())
}

fn table(all: &[Found]) -> String {
    if all.is_empty() {
        return "No attachments.\n".to_owned();
    }
    let mut table = Table::new(&["#", "Date", "From", "About", "Name"]);
    for (number, f) in (1..).zip(all) {
        let name = if f.link {
            format!(
                "{} (link: {})",
                f.name,
                f.target.as_deref().unwrap_or("no address")
            )
        } else {
            f.name.clone()
        };
        table.row(vec![
            Cell::styled(number.to_string(), style::DIM),
            f.date.map(date_label).unwrap_or_default().into(),
            f.source.into(),
            Cell::styled(truncate(&f.about, 30), style::SUBJECT),
            truncate(&name, 60).into(),
        ]);
    }
    table.render()
}

/// A file name from the server that cannot leave the folder: path
/// separators and leading dots removed; empty names get one from the
/// number.
pub(crate) fn safe_file_name(name: &str, number: u32) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '\0' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        format!("attachment-{number}")
    } else {
        cleaned
    }
}

/// Downloads `url` of this session to `path` (`-`: stdout): never over an
/// existing file without `force`, never into a missing folder, through a
/// temporary file renamed once whole; a progress line on a terminal.
/// Returns the bytes written.
pub(crate) async fn save_url(
    client: &Client,
    url: &str,
    path: &Path,
    force: bool,
    what: &str,
) -> CliResult<u64> {
    if path.as_os_str() == "-" {
        let bytes = client
            .download(url)
            .await
            .map_err(|e| CliError::api(format!("downloading {what}"), e))?;
        crate::output::print_bytes(&bytes)?;
        return Ok(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
    }
    check_folder(path)?;
    if path.exists() && !force {
        return Err(CliError::Usage(format!(
            "{} already exists: pass --force to overwrite it",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_error = |error: std::io::Error| CliError::File {
        doing: "writing",
        path: path.to_owned(),
        error,
    };
    let temp = tempfile::Builder::new()
        .prefix(".pronote-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(file_error)?;
    let file = temp.reopen().map_err(file_error)?;
    let mut writer = Counting::new(tokio::fs::File::from_std(file), what);
    let written = client
        .download_to(url, &mut writer)
        .await
        .map_err(|e| CliError::api(format!("downloading {what}"), e))?;
    writer.finish();
    // A document for the user, not a secret: the usual mode, not the
    // temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(file_error)?;
    }
    if force {
        temp.persist(path).map_err(|e| file_error(e.error))?;
    } else {
        temp.persist_noclobber(path)
            .map_err(|e| file_error(e.error))?;
    }
    Ok(written)
}

/// A writer that shows the bytes written so far on a terminal.
struct Counting<W> {
    inner: W,
    bar: Option<indicatif::ProgressBar>,
}

impl<W> Counting<W> {
    fn new(inner: W, what: &str) -> Self {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(st) =
                indicatif::ProgressStyle::with_template("{spinner} {msg} {bytes} ({bytes_per_sec})")
            {
                bar.set_style(st);
            }
            bar.set_message(what.to_owned());
            bar
        });
        Counting { inner, bar }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl<W: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for Counting<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let (Poll::Ready(Ok(n)), Some(bar)) = (&result, &self.bar) {
            bar.inc(u64::try_from(*n).unwrap_or(0));
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_file_names_stay_in_the_folder() {
        assert_eq!(safe_file_name("../../etc/passwd", 1), "_.._etc_passwd");
        assert_eq!(safe_file_name("..", 2), "attachment-2");
        assert_eq!(safe_file_name("cours.pdf", 3), "cours.pdf");
    }
}
