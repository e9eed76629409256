//! The reading commands: timetable, homework, grades, evaluations,
//! account.

use pronote_api::Client;
use pronote_api::models::evaluations::Evaluation;
use pronote_api::models::grades::{GradeValue, GradesOverview};
use pronote_api::models::homework::Homework;
use pronote_api::models::timetable::Lesson;
use pronote_api::models::{AccountKind, Instance, Period};
use time::{Date, Duration, Weekday};

use crate::cli::{HomeworkArgs, PeriodArgs, TimetableArgs, WeekArg};
use crate::error::{CliError, CliResult};
use crate::output::{
    Cell, Progress, Table, date_label, day_label, print, print_json, style, time_label, title,
    truncate,
};
use crate::session::{Ctx, connect};
use pronote_api::models::ical::lesson_summary;

/// The school week to show for `today`: its own, or the next one on a
/// weekend.
pub(crate) fn current_week(instance: &Instance, today: Date) -> i32 {
    let week = instance.week_of(today);
    match today.weekday() {
        Weekday::Saturday | Weekday::Sunday => week + 1,
        _ => week,
    }
}

/// The Monday and Friday-or-Sunday bounds of a school week.
fn week_bounds(instance: &Instance, week: i32) -> CliResult<(Date, Date)> {
    let monday = instance
        .monday_of(week)
        .map_err(|e| CliError::Usage(format!("week {week} is not in the school year: {e}")))?;
    Ok((monday, monday + Duration::days(6)))
}

/// How many days one timetable call covers in long ranges.
const CHUNK_DAYS: i64 = 28;

/// The lessons from `from` to `to`: one call for up to four weeks, else
/// one call per four weeks with a progress bar (few calls, so as not to
/// hammer the server, yet visible progress on a school year).
pub(crate) async fn lessons_between(
    client: &Client,
    from: Date,
    to: Date,
) -> CliResult<Vec<Lesson>> {
    if to < from {
        return Err(CliError::Usage(format!(
            "--to ({to}) is before --from ({from})"
        )));
    }
    let days = (to - from).whole_days() + 1;
    let chunks = (days + CHUNK_DAYS - 1) / CHUNK_DAYS;
    let progress = Progress::new(u64::try_from(chunks).unwrap_or(1), "timetable");
    let mut lessons = Vec::new();
    let mut start = from;
    while start <= to {
        let end = (start + Duration::days(CHUNK_DAYS - 1)).min(to);
        let mut batch = client.timetable(start, end).await.map_err(|e| {
            CliError::api(format!("reading the timetable from {start} to {end}"), e)
        })?;
        lessons.append(&mut batch);
        progress.inc();
        start = end + Duration::days(1);
    }
    progress.finish();
    lessons.sort_by_key(|l| l.start);
    Ok(lessons)
}

/// `timetable`.
pub(crate) async fn timetable(ctx: &Ctx, args: &TimetableArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "timetable").await?;
    let client = &conn.client;
    if let Some(path) = &args.pdf {
        return crate::commands::timetable_pdf::save(ctx, client, args, path).await;
    }
    let instance = client.instance().await;
    let week_arg = args.week.map(|w| match w {
        WeekArg::Number(n) => n,
        WeekArg::Relative(n) => current_week(&instance, ctx.today()).saturating_add(n),
    });
    let (label, lessons) = match (week_arg, args.from, args.to) {
        (Some(week), _, _) => {
            let lessons = client
                .timetable_week(week)
                .await
                .map_err(|e| CliError::api(format!("reading the timetable of week {week}"), e))?;
            (week_label(&instance, week)?, lessons)
        }
        (None, Some(from), Some(to)) => (
            format!("{} – {}", date_label(from), date_label(to)),
            lessons_between(client, from, to).await?,
        ),
        _ => {
            let week = current_week(&instance, ctx.today());
            let lessons = client
                .timetable_week(week)
                .await
                .map_err(|e| CliError::api("reading the timetable", e))?;
            (week_label(&instance, week)?, lessons)
        }
    };
    if ctx.global.json {
        return print_json(&lessons);
    }
    let who = student_label(client).await;
    let mut text = title(&format!("Timetable{who}, {label}"));
    text.push_str(&timetable_table(&lessons));
    if lessons.is_empty() {
        let first = match (week_arg, args.from) {
            (Some(week), _) => instance.monday_of(week).ok(),
            (None, Some(from)) => Some(from),
            _ => instance
                .monday_of(current_week(&instance, ctx.today()))
                .ok(),
        };
        if let Some(day) = first {
            if let Some(holiday) = instance.holiday_on(day) {
                text.push_str(&format!("({})\n", holiday.name));
            } else if day < instance.first_day || day > instance.last_day {
                text.push_str(&format!(
                    "(outside the school year, {} – {})\n",
                    date_label(instance.first_day),
                    date_label(instance.last_day)
                ));
            }
        }
    }
    print(&text)
}

fn week_label(instance: &Instance, week: i32) -> CliResult<String> {
    let (monday, sunday) = week_bounds(instance, week)?;
    let fortnight = instance
        .fortnight_of(week)
        .map(|f| format!(", {f}"))
        .unwrap_or_default();
    Ok(format!(
        "week {week} ({} – {}){fortnight}",
        date_label(monday),
        date_label(sunday - Duration::days(2))
    ))
}

/// `(for MARTIN Lucas)` for parents.
pub(crate) async fn student_label(client: &Client) -> String {
    if client.user().await.kind == AccountKind::Parent {
        client
            .selected_student()
            .await
            .map(|s| format!(" of {s}"))
            .unwrap_or_default()
    } else {
        String::new()
    }
}

/// The lessons as a table, one block per day.
pub(crate) fn timetable_table(lessons: &[Lesson]) -> String {
    if lessons.is_empty() {
        return "No lessons.\n".to_owned();
    }
    let mut table = Table::new(&["Day", "Time", "Subject", "Room", "Teacher", "Status"]);
    let mut last_day = None;
    for lesson in lessons {
        let day = lesson.start.date();
        let day_cell = if last_day == Some(day) {
            Cell::default()
        } else {
            Cell::styled(day_label(day), style::TITLE)
        };
        last_day = Some(day);
        let (status, status_style) = lesson_status(lesson);
        let subject_style = if lesson.cancelled {
            style::BAD
        } else {
            style::SUBJECT
        };
        table.row(vec![
            day_cell,
            format!("{}–{}", time_label(lesson.start), time_label(lesson.end)).into(),
            Cell::styled(lesson_summary(lesson), subject_style),
            lesson.rooms.join(", ").into(),
            truncate(&lesson.teachers.join(", "), 30).into(),
            Cell::styled(status, status_style),
        ]);
    }
    table.render()
}

fn lesson_status(lesson: &Lesson) -> (String, anstyle::Style) {
    let mut parts = Vec::new();
    if let Some(status) = &lesson.status {
        parts.push(status.clone());
    } else if lesson.cancelled {
        parts.push("Cours annulé".to_owned());
    }
    if lesson.exempted {
        parts.push("dispensé".to_owned());
    }
    if lesson.test {
        parts.push("devoir".to_owned());
    }
    let st = if lesson.cancelled {
        style::BAD
    } else if lesson.status.is_some() || lesson.test {
        style::WARN
    } else {
        style::PLAIN
    };
    (parts.join(", "), st)
}

/// The homework range of the command line.
pub(crate) fn homework_range(args: &HomeworkArgs, today: Date) -> CliResult<(Date, Date)> {
    let from = args.from.unwrap_or(today);
    let to = args
        .to
        .unwrap_or(from + Duration::days(i64::from(args.days.max(1)) - 1));
    if to < from {
        return Err(CliError::Usage(format!(
            "--to ({to}) is before --from ({from})"
        )));
    }
    Ok((from, to))
}

/// `homework`.
pub(crate) async fn homework(ctx: &Ctx, args: &HomeworkArgs) -> CliResult<()> {
    let (from, to) = homework_range(args, ctx.today())?;
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "homework").await?;
    let mut items = conn
        .client
        .homework(from, to)
        .await
        .map_err(|e| CliError::api("reading the homework", e))?;
    if args.pending {
        items.retain(|h| !h.done);
    }
    items.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(a.subject.name.cmp(&b.subject.name))
            .then(a.description_text.cmp(&b.description_text))
    });
    let mark = match (args.mark_done, args.mark_undone) {
        (Some(n), _) => Some((n, true)),
        (None, Some(n)) => Some((n, false)),
        (None, None) => None,
    };
    if let Some(number) = args.lesson {
        return crate::commands::lessons::of_homework(ctx, &conn.client, &items, number).await;
    }
    if args.hand_in.is_some() || args.withdraw.is_some() {
        return crate::commands::hand_in::hand_in(ctx, &conn.client, &items, args).await;
    }
    if let Some((number, done)) = mark {
        let index = usize::try_from(number)
            .unwrap_or(usize::MAX)
            .saturating_sub(1);
        let item = items.get(index).ok_or_else(|| {
            CliError::Usage(format!(
                "there is no homework #{number} in this listing ({} items): run `pronote homework` with the same options to see the numbers",
                items.len()
            ))
        })?;
        conn.client
            .set_homework_done(item, done)
            .await
            .map_err(|e| CliError::api("marking the homework", e))?;
        let state = if done { "done" } else { "not done" };
        if ctx.global.json {
            let mut marked = item.clone();
            marked.done = done;
            return print_json(&marked);
        }
        return print(&format!(
            "Marked {state}: {} for {}: {}\n",
            item.subject.name,
            day_label(item.due),
            truncate(&item.description_text, 60)
        ));
    }
    if ctx.global.json {
        return print_json(&items);
    }
    let who = student_label(&conn.client).await;
    let mut text = title(&format!(
        "Homework{who}, due {} – {}",
        date_label(from),
        date_label(to)
    ));
    text.push_str(&homework_table(&items));
    print(&text)
}

/// Homework as a table.
pub(crate) fn homework_table(items: &[Homework]) -> String {
    if items.is_empty() {
        return "No homework.\n".to_owned();
    }
    let mut table = Table::new(&["#", "Due", "Subject", "Done", "Work"]);
    for (number, hw) in items.iter().enumerate() {
        let done = if hw.done {
            Cell::styled("✓", style::GOOD)
        } else {
            Cell::styled("·", style::DIM)
        };
        let mut work = truncate(&hw.description_text, 80);
        if !hw.attachments.is_empty() {
            work.push_str(&format!(" [{} attachment(s)]", hw.attachments.len()));
        }
        match &hw.submitted {
            Some(file) => work.push_str(&format!(" [handed in: {}]", file.name)),
            None if hw.can_upload => work.push_str(" [to hand in]"),
            None => {}
        }
        table.row(vec![
            Cell::styled((number + 1).to_string(), style::DIM),
            Cell::styled(day_label(hw.due), style::TITLE),
            Cell::styled(hw.subject.name.clone(), style::SUBJECT),
            done,
            work.into(),
        ]);
    }
    table.render()
}

/// The period named on the command line, else the shortest one containing
/// today, else the last one that started, else the first.
pub(crate) fn choose_period<'a>(
    instance: &'a Instance,
    wanted: Option<&str>,
    today: Date,
) -> CliResult<&'a Period> {
    if let Some(name) = wanted {
        return instance
            .periods
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "no period named {name:?}; the periods are: {}",
                    period_names(instance)
                ))
            });
    }
    instance
        .periods
        .iter()
        .filter(|p| p.contains(today))
        .min_by_key(|p| p.end - p.start)
        .or_else(|| {
            instance
                .periods
                .iter()
                .filter(|p| p.start <= today)
                .max_by_key(|p| p.start)
        })
        .or_else(|| instance.periods.first())
        .ok_or_else(|| CliError::Other("the instance lists no period".into()))
}

fn period_names(instance: &Instance) -> String {
    instance
        .periods
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A grade as PRONOTE shows it (`15,5`, `Abs`, `Disp`…).
pub(crate) fn grade_label(grade: &GradeValue) -> String {
    match grade {
        GradeValue::Value(d) => d.to_string(),
        GradeValue::Absent => "Abs".into(),
        GradeValue::Exempted => "Disp".into(),
        GradeValue::NotGraded => "N.Not".into(),
        GradeValue::Unfit => "Inap".into(),
        GradeValue::NotReturned => "N.Rdu".into(),
        GradeValue::AbsentZero => "Abs (0)".into(),
        GradeValue::NotReturnedZero => "N.Rdu (0)".into(),
        GradeValue::Congratulations => "Félicitations".into(),
        other => other.to_string(),
    }
}

pub(crate) fn opt_grade(grade: Option<&GradeValue>) -> String {
    grade.map(grade_label).unwrap_or_default()
}

/// `grades`.
pub(crate) async fn grades(ctx: &Ctx, args: &PeriodArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "grades").await?;
    let instance = conn.client.instance().await;
    let period = choose_period(&instance, args.period.as_deref(), ctx.today())?;
    let overview = conn
        .client
        .grades(&period.name)
        .await
        .map_err(|e| CliError::api(format!("reading the grades of {}", period.name), e))?;
    if ctx.global.json {
        return print_json(&overview);
    }
    let who = student_label(&conn.client).await;
    let mut text = title(&format!("Grades{who}, {}", overview.period));
    text.push_str(&grades_text(&overview));
    print(&text)
}

/// Grades, then averages, as tables.
pub(crate) fn grades_text(overview: &GradesOverview) -> String {
    let mut text = String::new();
    if overview.grades.is_empty() {
        text.push_str("No grades.\n");
    } else {
        let mut grades = overview.grades.clone();
        grades.sort_by_key(|g| std::cmp::Reverse(g.date));
        let mut table = Table::new(&[
            "Date",
            "Subject",
            "Grade",
            "Coef",
            "Class",
            "Min–Max",
            "Test",
        ]);
        for g in &grades {
            let mark_style = match (g.value.as_f64(), g.out_of.as_f64()) {
                (Some(v), Some(o)) if o > 0.0 && v / o < 0.5 => style::BAD,
                (Some(_), Some(_)) => style::GOOD,
                _ => style::WARN,
            };
            let mut mark = format!("{}/{}", grade_label(&g.value), grade_label(&g.out_of));
            if g.bonus {
                mark.push_str(" bonus");
            } else if g.optional {
                mark.push_str(" opt.");
            }
            let range = match (&g.min, &g.max) {
                (Some(min), Some(max)) => format!("{}–{}", grade_label(min), grade_label(max)),
                _ => String::new(),
            };
            table.row(vec![
                date_label(g.date).into(),
                Cell::styled(g.subject.name.clone(), style::SUBJECT),
                Cell::styled(mark, mark_style),
                g.coefficient
                    .map(|c| c.to_string())
                    .unwrap_or_default()
                    .into(),
                opt_grade(g.class_average.as_ref()).into(),
                range.into(),
                truncate(g.comment.as_deref().unwrap_or(""), 40).into(),
            ]);
        }
        text.push_str(&table.render());
    }
    if !overview.averages.is_empty() {
        text.push('\n');
        let mut table = Table::new(&["Subject", "Average", "Class", "Min", "Max"]);
        for a in &overview.averages {
            table.row(vec![
                Cell::styled(a.subject.name.clone(), style::SUBJECT),
                Cell::styled(opt_grade(a.student.as_ref()), style::TITLE),
                opt_grade(a.class_average.as_ref()).into(),
                opt_grade(a.min.as_ref()).into(),
                opt_grade(a.max.as_ref()).into(),
            ]);
        }
        text.push_str(&table.render());
    }
    if let Some(overall) = &overview.overall_average {
        let class = overview
            .class_overall_average
            .as_ref()
            .map(|c| format!(" (class {})", grade_label(c)))
            .unwrap_or_default();
        text.push_str(&format!(
            "\nOverall average: {}{class}\n",
            grade_label(overall)
        ));
    }
    text
}

/// `evaluations`.
pub(crate) async fn evaluations(ctx: &Ctx, args: &PeriodArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "evaluations").await?;
    let instance = conn.client.instance().await;
    let period = choose_period(&instance, args.period.as_deref(), ctx.today())?;
    let mut items = conn
        .client
        .evaluations(&period.name)
        .await
        .map_err(|e| CliError::api(format!("reading the evaluations of {}", period.name), e))?;
    items.sort_by_key(|e| std::cmp::Reverse(e.date));
    if ctx.global.json {
        return print_json(&items);
    }
    let who = student_label(&conn.client).await;
    let mut text = title(&format!("Evaluations{who}, {}", period.name));
    text.push_str(&evaluations_table(&items));
    print(&text)
}

fn evaluations_table(items: &[Evaluation]) -> String {
    if items.is_empty() {
        return "No evaluations.\n".to_owned();
    }
    let mut table = Table::new(&["Date", "Subject", "Evaluation", "Skill", "Level"]);
    for e in items {
        let mut first = true;
        let rows: Vec<(String, String)> = if e.acquisitions.is_empty() {
            vec![(String::new(), String::new())]
        } else {
            e.acquisitions
                .iter()
                .map(|a| {
                    let skill = a
                        .item
                        .as_ref()
                        .or(a.domain.as_ref())
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    let level = match &a.abbreviation {
                        Some(abbr) if !abbr.is_empty() => format!("{abbr} ({})", a.level),
                        _ => a.level.clone(),
                    };
                    (skill, level)
                })
                .collect()
        };
        for (skill, level) in rows {
            let (date, subject, name) = if first {
                (
                    date_label(e.date).into(),
                    Cell::styled(e.subject.name.clone(), style::SUBJECT),
                    truncate(&e.name, 40).into(),
                )
            } else {
                (Cell::default(), Cell::default(), Cell::default())
            };
            first = false;
            table.row(vec![
                date,
                subject,
                name,
                truncate(&skill, 50).into(),
                Cell::styled(level, style::TITLE),
            ]);
        }
    }
    table.render()
}
