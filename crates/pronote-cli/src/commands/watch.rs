//! `watch`: polls the grades of the current period, the homework and the
//! timetable of the next days, compares them with the snapshot saved at
//! the previous poll (`<profile>.watch.json` in the profiles directory)
//! and reports what changed: printed, as JSON lines with `--json`, or
//! handed to a command with `--exec`.
//!
//! Ids are salted per session, so items are matched by what identifies
//! them across sessions (subject, dates, description). The first poll of a
//! profile only records the snapshot.

use std::collections::BTreeMap;
use std::time::Duration as StdDuration;

use pronote_api::Client;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::cli::WatchArgs;
use crate::commands::read::{choose_period, grade_label, lessons_between};
use crate::error::{CliError, CliResult};
use crate::output::{date_label, day_label, print, time_label, truncate};
use crate::profile::{read_json, write_json_atomic};
use crate::session::{Ctx, connect};
use pronote_api::models::ical::lesson_summary;

/// The snapshot file format.
const FORMAT: u32 = 1;

/// What the previous poll saw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    /// The file format.
    pub(crate) format: u32,
    /// The student the data is about.
    pub(crate) student: Option<String>,
    /// The first day of the watched window.
    pub(crate) from: Option<Date>,
    /// The last day of the watched window.
    pub(crate) to: Option<Date>,
    /// Grades of the current period, by key.
    pub(crate) grades: BTreeMap<String, GradeEntry>,
    /// Homework due in the window, by key.
    pub(crate) homework: BTreeMap<String, HomeworkEntry>,
    /// Lessons in the window, by key.
    pub(crate) lessons: BTreeMap<String, LessonEntry>,
    /// Discussions, by subject and creator: how many messages they hold.
    #[serde(default)]
    pub(crate) discussions: BTreeMap<String, DiscussionEntry>,
    /// News and surveys, by title and creation time.
    #[serde(default)]
    pub(crate) news: BTreeMap<String, NewsEntry>,
}

/// A discussion as remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DiscussionEntry {
    /// The subject.
    pub(crate) subject: String,
    /// Who started it.
    pub(crate) creator: Option<String>,
    /// Messages in it.
    pub(crate) messages: u32,
}

/// A news item as remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct NewsEntry {
    /// The title.
    pub(crate) title: String,
    /// The author.
    pub(crate) author: String,
}

/// A grade as remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct GradeEntry {
    /// The subject.
    pub(crate) subject: String,
    /// The test's day.
    pub(crate) date: Date,
    /// The mark (`15,5`, `Abs`…).
    pub(crate) value: String,
    /// What it is out of.
    pub(crate) out_of: String,
    /// The test's description.
    pub(crate) comment: Option<String>,
}

/// A homework as remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HomeworkEntry {
    /// The subject.
    pub(crate) subject: String,
    /// The due day.
    pub(crate) due: Date,
    /// The day it was given.
    pub(crate) given: Option<Date>,
    /// The description (plain text, shortened).
    pub(crate) description: String,
    /// Marked done.
    pub(crate) done: bool,
}

/// A lesson as remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LessonEntry {
    /// Subject or title.
    pub(crate) summary: String,
    /// Start.
    pub(crate) start: time::PrimitiveDateTime,
    /// End.
    pub(crate) end: time::PrimitiveDateTime,
    /// Rooms.
    pub(crate) rooms: Vec<String>,
    /// Teachers.
    pub(crate) teachers: Vec<String>,
    /// Status text.
    pub(crate) status: Option<String>,
    /// Cancelled.
    pub(crate) cancelled: bool,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Event {
    /// `new_grade`, `grade_changed`, `new_homework`, `homework_changed`,
    /// `lesson_changed`, `lesson_added`, `lesson_removed`, `new_message`,
    /// `new_news`.
    pub(crate) kind: &'static str,
    /// One line for people.
    pub(crate) text: String,
}

/// The key of a grade across sessions.
fn grade_key(g: &pronote_api::models::Grade) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        g.period.as_deref().unwrap_or(""),
        g.subject.name,
        g.date,
        g.comment.as_deref().unwrap_or(""),
        g.out_of
    )
}

/// Reads everything watched into a snapshot.
async fn take(client: &Client, today: Date, days: u16) -> CliResult<Snapshot> {
    let instance = client.instance().await;
    let to = today + Duration::days(i64::from(days));
    let mut snapshot = Snapshot {
        format: FORMAT,
        student: client.selected_student().await,
        from: Some(today),
        to: Some(to),
        ..Snapshot::default()
    };
    let period = choose_period(&instance, None, today)?.name.clone();
    let grades = client
        .grades(&period)
        .await
        .map_err(|e| CliError::api(format!("reading the grades of {period}"), e))?;
    for g in &grades.grades {
        snapshot.grades.insert(
            grade_key(g),
            GradeEntry {
                subject: g.subject.name.clone(),
                date: g.date,
                value: grade_label(&g.value),
                out_of: grade_label(&g.out_of),
                comment: g.comment.clone(),
            },
        );
    }
    let homework = client
        .homework(today, to)
        .await
        .map_err(|e| CliError::api("reading the homework", e))?;
    for h in &homework {
        let description = truncate(&h.description_text, 200);
        let key = format!(
            "{}|{}|{}|{}",
            h.subject.name,
            h.due,
            h.given.map(|d| d.to_string()).unwrap_or_default(),
            description
        );
        snapshot.homework.insert(
            key,
            HomeworkEntry {
                subject: h.subject.name.clone(),
                due: h.due,
                given: h.given,
                description,
                done: h.done,
            },
        );
    }
    let discussions = client
        .discussions()
        .await
        .map_err(|e| CliError::api("reading the discussions", e))?;
    for d in &discussions.discussions {
        let key = format!("{}|{}", d.subject, d.creator.as_deref().unwrap_or(""));
        snapshot.discussions.insert(
            key,
            DiscussionEntry {
                subject: d.subject.clone(),
                creator: d.creator.clone(),
                messages: d.message_count,
            },
        );
    }
    let news = client
        .news()
        .await
        .map_err(|e| CliError::api("reading the news", e))?;
    for n in &news.items {
        snapshot.news.insert(
            format!("{}|{}", n.title, n.created),
            NewsEntry {
                title: n.title.clone(),
                author: n.author.clone(),
            },
        );
    }
    let lessons = lessons_between(client, today, to).await?;
    for l in &lessons {
        let summary = lesson_summary(l);
        let base = l
            .subject
            .as_ref()
            .map(|s| s.name.clone())
            .or_else(|| l.title.clone())
            .unwrap_or_default();
        let key = format!("{}|{}|{}", l.start, base, l.groups.join(","));
        snapshot.lessons.insert(
            key,
            LessonEntry {
                summary,
                start: l.start,
                end: l.end,
                rooms: l.rooms.clone(),
                teachers: l.teachers.clone(),
                status: l.status.clone(),
                cancelled: l.cancelled,
            },
        );
    }
    Ok(snapshot)
}

/// What changed from `old` to `new`.
pub(crate) fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Event> {
    let mut events = Vec::new();
    for (key, g) in &new.grades {
        let what = format!(
            "{} {}/{} on {}{}",
            g.subject,
            g.value,
            g.out_of,
            date_label(g.date),
            g.comment
                .as_deref()
                .filter(|c| !c.is_empty())
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        );
        match old.grades.get(key) {
            None => events.push(Event {
                kind: "new_grade",
                text: format!("new grade: {what}"),
            }),
            Some(before) if before.value != g.value => events.push(Event {
                kind: "grade_changed",
                text: format!("grade changed: {what} (was {})", before.value),
            }),
            Some(_) => {}
        }
    }
    for (key, h) in &new.homework {
        let what = format!(
            "{} for {}: {}",
            h.subject,
            day_label(h.due),
            truncate(&h.description, 80)
        );
        match old.homework.get(key) {
            None => {
                // A homework only entering the window at its far end is not
                // new: it was given before the previous poll.
                let seen_window = old.to.is_some_and(|to| h.due <= to);
                let given_since = match (h.given, old.from) {
                    (Some(given), Some(from)) => given >= from,
                    _ => false,
                };
                if seen_window || given_since {
                    events.push(Event {
                        kind: "new_homework",
                        text: format!("new homework: {what}"),
                    });
                }
            }
            Some(before) if before.done != h.done => events.push(Event {
                kind: "homework_changed",
                text: format!(
                    "homework marked {}: {what}",
                    if h.done { "done" } else { "not done" }
                ),
            }),
            Some(_) => {}
        }
    }
    // Discussions and news: a snapshot from before they were watched has
    // none, and reports nothing for them.
    let watched_messages = !old.discussions.is_empty() || !old.news.is_empty();
    for (key, d) in new.discussions.iter().filter(|_| watched_messages) {
        let before = old.discussions.get(key).map_or(0, |b| b.messages);
        if d.messages > before {
            let from = d
                .creator
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            events.push(Event {
                kind: "new_message",
                text: format!(
                    "{} new message{} in \"{}\"{from}",
                    d.messages - before,
                    if d.messages - before > 1 { "s" } else { "" },
                    d.subject
                ),
            });
        }
    }
    for (key, n) in new.news.iter().filter(|_| watched_messages) {
        if !old.news.contains_key(key) {
            events.push(Event {
                kind: "new_news",
                text: format!("news: {} ({})", n.title, n.author),
            });
        }
    }
    // Lessons: compare the days both polls covered.
    let (Some(from), Some(to)) = (
        old.from.max(new.from),
        match (old.to, new.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        },
    ) else {
        return events;
    };
    let covered = |l: &LessonEntry| from <= l.start.date() && l.start.date() <= to;
    let lesson_text = |l: &LessonEntry| {
        format!(
            "{} {}–{} {}",
            day_label(l.start.date()),
            time_label(l.start),
            time_label(l.end),
            l.summary
        )
    };
    for (key, l) in new.lessons.iter().filter(|(_, l)| covered(l)) {
        match old.lessons.get(key) {
            None => events.push(Event {
                kind: "lesson_added",
                text: format!("lesson added: {}", lesson_text(l)),
            }),
            Some(before) if before != l => {
                let mut changes = Vec::new();
                if before.cancelled != l.cancelled {
                    changes.push(if l.cancelled {
                        "cancelled".to_owned()
                    } else {
                        "no longer cancelled".to_owned()
                    });
                }
                if before.rooms != l.rooms {
                    changes.push(format!(
                        "room {} → {}",
                        before.rooms.join(", "),
                        l.rooms.join(", ")
                    ));
                }
                if before.teachers != l.teachers {
                    changes.push(format!("teacher {}", l.teachers.join(", ")));
                }
                if before.status != l.status {
                    if let Some(status) = &l.status {
                        changes.push(status.clone());
                    }
                }
                if before.end != l.end {
                    changes.push(format!("now ends {}", time_label(l.end)));
                }
                events.push(Event {
                    kind: "lesson_changed",
                    text: format!(
                        "lesson changed: {} ({})",
                        lesson_text(l),
                        changes.join("; ")
                    ),
                });
            }
            Some(_) => {}
        }
    }
    for (key, l) in old.lessons.iter().filter(|(_, l)| covered(l)) {
        if !new.lessons.contains_key(key) {
            events.push(Event {
                kind: "lesson_removed",
                text: format!("lesson removed: {}", lesson_text(l)),
            });
        }
    }
    events
}

/// `watch`.
pub(crate) async fn watch(ctx: &Ctx, args: &WatchArgs) -> CliResult<()> {
    let store = ctx.store()?;
    let path = store.snapshot_path(&ctx.state_name())?;
    let conn = connect(ctx).await?;
    let mut wait = StdDuration::from_secs(args.interval);
    loop {
        match poll(ctx, args, &conn.client, &path).await {
            Ok(()) => wait = StdDuration::from_secs(args.interval),
            Err(e) if !args.once && e.is_transient() => {
                if e.is_rate_limited() {
                    wait = (wait * 2).min(StdDuration::from_secs(3600));
                }
                crate::output::eprint_line!("warning: {e} (next try in {} s)", wait.as_secs());
            }
            Err(e) => return Err(e),
        }
        if args.once {
            return Ok(());
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = tokio::signal::ctrl_c() => return Ok(()),
        }
    }
}

async fn poll(
    ctx: &Ctx,
    args: &WatchArgs,
    client: &Client,
    path: &std::path::Path,
) -> CliResult<()> {
    let today = ctx.today_now();
    let new = take(client, today, args.days).await?;
    let old: Option<Snapshot> = read_json(path)?;
    let events = match &old {
        Some(old) if old.format == FORMAT && old.student == new.student => diff(old, &new),
        _ => {
            let window = match (new.from, new.to) {
                (Some(from), Some(to)) => format!(
                    " from {} to {}",
                    crate::output::date_label(from),
                    crate::output::date_label(to)
                ),
                _ => String::new(),
            };
            crate::output::eprint_line!(
                "Now watching {} grades, {} homework and {} lessons{window}, {} discussions and {} news; changes are reported from the next poll.",
                new.grades.len(),
                new.homework.len(),
                new.lessons.len(),
                new.discussions.len(),
                new.news.len()
            );
            Vec::new()
        }
    };
    for event in &events {
        report(ctx, args, event)?;
    }
    write_json_atomic(path, &new)
}

fn report(ctx: &Ctx, args: &WatchArgs, event: &Event) -> CliResult<()> {
    let json = serde_json::to_string(event)
        .map_err(|e| CliError::Other(format!("writing JSON failed: {e}")))?;
    if let Some(command) = &args.exec {
        let status = shell(command)
            // The command gets the event, not the login secrets.
            .env_remove(crate::commands::login::PASSWORD_ENV)
            .env_remove(crate::commands::login::TOKEN_ENV)
            .env_remove(crate::commands::login::QR_PIN_ENV)
            .env_remove(crate::session::PIN_2FA_ENV)
            .env("PRONOTE_EVENT", event.kind)
            .env("PRONOTE_EVENT_TEXT", &event.text)
            .env("PRONOTE_EVENT_JSON", &json)
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => crate::output::eprint_line!("warning: --exec command exited with {s}"),
            Err(e) => crate::output::eprint_line!("warning: --exec command could not run: {e}"),
        }
        return Ok(());
    }
    if ctx.global.json {
        print(&format!("{json}\n"))
    } else {
        print(&format!("{}\n", event.text))
    }
}

#[cfg(unix)]
fn shell(command: &str) -> std::process::Command {
    let mut c = std::process::Command::new("sh");
    c.arg("-c").arg(command);
    c
}

#[cfg(not(unix))]
fn shell(command: &str) -> std::process::Command {
    let mut c = std::process::Command::new("cmd");
    c.arg("/C").arg(command);
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn lesson(room: &str) -> LessonEntry {
        LessonEntry {
            summary: "MATHS".into(),
            start: datetime!(2025-11-18 8:00),
            end: datetime!(2025-11-18 9:00),
            rooms: vec![room.into()],
            teachers: vec!["M. X".into()],
            status: None,
            cancelled: false,
        }
    }

    fn base() -> Snapshot {
        Snapshot {
            format: FORMAT,
            from: Some(date!(2025 - 11 - 18)),
            to: Some(date!(2025 - 12 - 02)),
            ..Snapshot::default()
        }
    }

    #[test]
    fn nothing_changed_nothing_reported() {
        let mut s = base();
        s.lessons.insert("k".into(), lesson("101"));
        assert!(diff(&s, &s).is_empty());
    }

    #[test]
    fn changes_are_reported() {
        let mut old = base();
        old.lessons.insert("k".into(), lesson("101"));
        let mut new = old.clone();
        new.lessons.insert("k".into(), lesson("202"));
        new.grades.insert(
            "g".into(),
            GradeEntry {
                subject: "MATHS".into(),
                date: date!(2025 - 11 - 17),
                value: "15".into(),
                out_of: "20".into(),
                comment: None,
            },
        );
        let kinds: Vec<_> = diff(&old, &new).iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["new_grade", "lesson_changed"]);
    }

    #[test]
    fn homework_entering_the_window_is_not_new() {
        let old = base();
        let mut new = base();
        new.from = Some(date!(2025 - 11 - 19));
        new.to = Some(date!(2025 - 12 - 03));
        new.homework.insert(
            "h".into(),
            HomeworkEntry {
                subject: "MATHS".into(),
                due: date!(2025 - 12 - 03),
                given: Some(date!(2025 - 11 - 10)),
                description: "Ex 1".into(),
                done: false,
            },
        );
        assert!(diff(&old, &new).is_empty());
    }

    #[test]
    fn new_messages_and_news_are_reported() {
        let mut old = base();
        old.discussions.insert(
            "Voyage|M. X".into(),
            DiscussionEntry {
                subject: "Voyage".into(),
                creator: Some("M. X".into()),
                messages: 2,
            },
        );
        let mut new = old.clone();
        if let Some(d) = new.discussions.get_mut("Voyage|M. X") {
            d.messages = 3;
        }
        new.news.insert(
            "Sortie|2025-11-18 8:00:00.0".into(),
            NewsEntry {
                title: "Sortie".into(),
                author: "Mme Y".into(),
            },
        );
        let events = diff(&old, &new);
        let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["new_message", "new_news"]);
        assert!(
            events[0].text.contains("1 new message in \"Voyage\""),
            "{}",
            events[0].text
        );
        // A snapshot from before messages were watched reports none.
        let mut older = base();
        older.lessons.clone_from(&old.lessons);
        assert!(diff(&older, &new).is_empty());
    }
}
