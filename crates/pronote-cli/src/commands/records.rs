//! The school-life records: `absences` (the notebook), `report`, `menus`,
//! `staff`.

use pronote_api::models::menu::DayMenu;
use pronote_api::models::notebook::{Notebook, ObservationKind};
use pronote_api::models::report::ReportCard;
use pronote_api::models::staff::StaffMember;
use serde::Serialize;

use crate::cli::{MenusArgs, PeriodArgs, ReportArgs};
use crate::commands::read::{choose_period, opt_grade, student_label};
use crate::error::{CliError, CliResult};
use crate::output::{
    Cell, Table, date_label, day_label, print, print_json, style, time_label, title, truncate,
};
use crate::session::{Ctx, connect};

/// A model enum's serde name (`lunch`, `teacher`…), else its debug form.
pub(crate) fn kind_label<T: Serialize + std::fmt::Debug>(kind: &T) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{kind:?}"),
    }
}

/// An observation's kind as PRONOTE names it.
fn observation_kind(kind: ObservationKind) -> String {
    match kind {
        ObservationKind::LogBookIssue => "Défaut de carnet".to_owned(),
        ObservationKind::Observation => "Observation".to_owned(),
        ObservationKind::Encouragement => "Encouragement".to_owned(),
        ObservationKind::Other => "Autre".to_owned(),
        ObservationKind::Unknown(code) => format!("genre {code}"),
        _ => format!("{kind:?}"),
    }
}

fn yes_no(flag: bool) -> Cell {
    if flag {
        Cell::styled("yes", style::GOOD)
    } else {
        Cell::styled("no", style::BAD)
    }
}

/// `absences`.
pub(crate) async fn absences(ctx: &Ctx, args: &PeriodArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "school-life notebook").await?;
    let instance = conn.client.instance().await;
    let period = choose_period(&instance, args.period.as_deref(), ctx.today())?;
    let notebook = conn
        .client
        .notebook(&period.name)
        .await
        .map_err(|e| CliError::api(format!("reading the notebook of {}", period.name), e))?;
    if ctx.global.json {
        return print_json(&notebook);
    }
    let who = student_label(&conn.client).await;
    let mut text = title(&format!("Notebook{who}, {}", period.name));
    text.push_str(&notebook_text(&notebook));
    print(&text)
}

/// The notebook as one table per section.
pub(crate) fn notebook_text(notebook: &Notebook) -> String {
    let mut text = String::new();
    text.push_str(&title("Absences"));
    if notebook.absences.is_empty() {
        text.push_str("No absences.\n");
    } else {
        let mut table = Table::new(&["From", "To", "Length", "Justified", "Reasons"]);
        for a in &notebook.absences {
            let length = match (&a.hours, a.days) {
                (Some(h), Some(d)) => format!("{h} ({d} d)"),
                (Some(h), None) => h.clone(),
                (None, Some(d)) => format!("{d} d"),
                (None, None) => String::new(),
            };
            table.row(vec![
                format!("{} {}", date_label(a.start.date()), time_label(a.start)).into(),
                format!("{} {}", date_label(a.end.date()), time_label(a.end)).into(),
                length.into(),
                yes_no(a.justified),
                truncate(&a.reasons.join(", "), 50).into(),
            ]);
        }
        text.push_str(&table.render());
    }
    text.push('\n');
    text.push_str(&title("Delays"));
    if notebook.delays.is_empty() {
        text.push_str("No delays.\n");
    } else {
        let mut table = Table::new(&["At", "Minutes", "Justified", "Reasons"]);
        for d in &notebook.delays {
            let mut reasons = d.reasons.join(", ");
            if let Some(j) = &d.justification {
                // Often the same words as the reason: said once.
                if !j.is_empty() && !d.reasons.iter().any(|r| r.eq_ignore_ascii_case(j.trim())) {
                    reasons = if reasons.is_empty() {
                        j.clone()
                    } else {
                        format!("{reasons} ({j})")
                    };
                }
            }
            table.row(vec![
                format!("{} {}", date_label(d.at.date()), time_label(d.at)).into(),
                d.minutes.map(|m| m.to_string()).unwrap_or_default().into(),
                yes_no(d.justified),
                truncate(&reasons, 50).into(),
            ]);
        }
        text.push_str(&table.render());
    }
    text.push('\n');
    text.push_str(&title("Punishments"));
    if notebook.punishments.is_empty() {
        text.push_str("No punishments.\n");
    } else {
        let mut table = Table::new(&["Given", "Nature", "By", "Reasons", "Sessions"]);
        for p in &notebook.punishments {
            let sessions = p
                .schedule
                .iter()
                .map(|s| date_label(s.date))
                .collect::<Vec<_>>()
                .join(", ");
            table.row(vec![
                date_label(p.given).into(),
                Cell::styled(p.nature.clone(), style::WARN),
                p.giver.clone().unwrap_or_default().into(),
                truncate(&p.reasons.join(", "), 40).into(),
                sessions.into(),
            ]);
        }
        text.push_str(&table.render());
    }
    text.push('\n');
    text.push_str(&title("Observations"));
    if notebook.observations.is_empty() {
        text.push_str("No observations.\n");
    } else {
        let mut table = Table::new(&["Date", "Kind", "Label", "Subject", "By", "Comment"]);
        for o in &notebook.observations {
            table.row(vec![
                date_label(o.date).into(),
                observation_kind(o.kind).into(),
                Cell::styled(o.label.clone(), style::TITLE),
                o.subject
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
                    .into(),
                o.giver.clone().unwrap_or_default().into(),
                truncate(o.comment.as_deref().unwrap_or(""), 50).into(),
            ]);
        }
        text.push_str(&table.render());
    }
    text.push('\n');
    text.push_str(&title("Precautionary measures"));
    if notebook.precautionary_measures.is_empty() {
        text.push_str("No precautionary measures.\n");
    } else {
        let mut table = Table::new(&["Nature", "Reasons", "Comment"]);
        for m in &notebook.precautionary_measures {
            table.row(vec![
                Cell::styled(m.nature.clone().unwrap_or_default(), style::WARN),
                truncate(&m.reasons.join(", "), 40).into(),
                truncate(m.comment.as_deref().unwrap_or(""), 50).into(),
            ]);
        }
        text.push_str(&table.render());
    }
    text
}

/// `report`.
pub(crate) async fn report(ctx: &Ctx, args: &ReportArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "report card").await?;
    let instance = conn.client.instance().await;
    let period = choose_period(&instance, args.period.as_deref(), ctx.today())?;
    if let Some(path) = &args.pdf {
        let url = conn
            .client
            .report_card_pdf_url(&period.name)
            .await
            .map_err(|e| {
                CliError::api(
                    format!("asking for the report card PDF of {}", period.name),
                    e,
                )
            })?;
        let bytes = crate::commands::files::save_url(
            &conn.client,
            &url,
            path,
            args.force,
            "the report card PDF",
        )
        .await?;
        if path.as_os_str() != "-" {
            crate::output::eprint_line!(
                "Saved the report card of {} ({bytes} bytes) to {}",
                period.name,
                path.display()
            );
        }
        return Ok(());
    }
    let card = conn
        .client
        .report_card(&period.name)
        .await
        .map_err(|e| CliError::api(format!("reading the report card of {}", period.name), e))?;
    if ctx.global.json {
        return print_json(&card);
    }
    let who = student_label(&conn.client).await;
    let mut text = title(&format!("Report card{who}, {}", period.name));
    text.push_str(&report_text(&card));
    print(&text)
}

fn report_text(card: &ReportCard) -> String {
    let Some(report) = card.report() else {
        return match card {
            ReportCard::Unavailable { message } => format!("Not available: {message}\n"),
            _ => "Not available.\n".to_owned(),
        };
    };
    let mut text = String::new();
    if report.subjects.is_empty() {
        text.push_str("No subjects.\n");
    } else {
        let mut table = Table::new(&[
            "Subject",
            "Average",
            "Class",
            "Min",
            "Max",
            "Teachers",
            "Appreciation",
        ]);
        for s in &report.subjects {
            table.row(vec![
                Cell::styled(s.subject.name.clone(), style::SUBJECT),
                Cell::styled(opt_grade(s.student_average.as_ref()), style::TITLE),
                opt_grade(s.class_average.as_ref()).into(),
                opt_grade(s.min.as_ref()).into(),
                opt_grade(s.max.as_ref()).into(),
                truncate(&s.teachers.join(", "), 30).into(),
                truncate(&s.appreciations.join(" / "), 60).into(),
            ]);
        }
        text.push_str(&table.render());
    }
    for a in &report.appreciations {
        if a.text.is_empty() {
            continue;
        }
        let label = a.title.as_deref().unwrap_or("Appreciation");
        text.push_str(&format!("\n{label}: {}\n", a.text));
    }
    text
}

/// `menus`.
pub(crate) async fn menus(ctx: &Ctx, args: &MenusArgs) -> CliResult<()> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if to < from {
            return Err(CliError::Usage(format!(
                "--to ({to}) is before --from ({from})"
            )));
        }
    }
    let conn = connect(ctx).await?;
    let (menus, label) = match (args.from, args.to) {
        (Some(from), Some(to)) => (
            conn.client
                .menus_between(from, to)
                .await
                .map_err(|e| CliError::api(format!("reading the menus from {from} to {to}"), e))?,
            format!("Menus, {} – {}", date_label(from), date_label(to)),
        ),
        _ => {
            let day = args.date.unwrap_or_else(|| ctx.today());
            (
                conn.client
                    .menus(day)
                    .await
                    .map_err(|e| CliError::api(format!("reading the menus of {day}"), e))?,
                format!("Menus, week of {}", date_label(day)),
            )
        }
    };
    if ctx.global.json {
        return print_json(&menus);
    }
    let mut text = title(&label);
    text.push_str(&menus_table(&menus));
    print(&text)
}

fn menus_table(menus: &[DayMenu]) -> String {
    if menus.iter().all(|m| m.meals.is_empty()) {
        return "No menus.\n".to_owned();
    }
    let mut table = Table::new(&["Day", "Meal", "Course", "Food"]);
    for menu in menus {
        let mut first_of_day = true;
        for meal in &menu.meals {
            let mut first_of_meal = true;
            for dish in &meal.dishes {
                let foods = dish
                    .foods
                    .iter()
                    .map(|f| {
                        let mut tags: Vec<&str> =
                            f.labels.iter().map(|t| t.name.as_str()).collect();
                        tags.extend(f.allergens.iter().map(|t| t.name.as_str()));
                        if tags.is_empty() {
                            f.name.clone()
                        } else {
                            format!("{} ({})", f.name, tags.join(", "))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let day_cell = if first_of_day {
                    Cell::styled(day_label(menu.date), style::TITLE)
                } else {
                    Cell::default()
                };
                let meal_cell = if first_of_meal {
                    meal.name
                        .clone()
                        .unwrap_or_else(|| kind_label(&meal.kind))
                        .into()
                } else {
                    Cell::default()
                };
                first_of_day = false;
                first_of_meal = false;
                table.row(vec![
                    day_cell,
                    meal_cell,
                    Cell::styled(kind_label(&dish.kind), style::DIM),
                    truncate(&foods, 80).into(),
                ]);
            }
        }
    }
    table.render()
}

/// `staff`.
pub(crate) async fn staff(ctx: &Ctx) -> CliResult<()> {
    let conn = connect(ctx).await?;
    crate::session::require_student_data(&conn.client, "teaching staff").await?;
    let members = conn
        .client
        .teaching_staff()
        .await
        .map_err(|e| CliError::api("reading the teaching staff", e))?;
    if ctx.global.json {
        return print_json(&members);
    }
    let who = student_label(&conn.client).await;
    let mut text = title(&format!("Teaching staff{who}"));
    text.push_str(&staff_table(&members));
    print(&text)
}

fn staff_table(members: &[StaffMember]) -> String {
    if members.is_empty() {
        return "No staff.\n".to_owned();
    }
    let mut table = Table::new(&["Name", "Kind", "Subjects or function", "Hours"]);
    for m in members {
        let mut name = m.name.clone();
        if m.main_teacher {
            name.push_str(" (main teacher)");
        }
        let (what, hours) = if m.subjects.is_empty() {
            (m.function.clone().unwrap_or_default(), String::new())
        } else {
            (
                m.subjects
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                m.subjects
                    .iter()
                    .filter_map(|s| s.weekly_hours.as_deref())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        };
        table.row(vec![
            Cell::styled(name, style::TITLE),
            kind_label(&m.kind).into(),
            truncate(&what, 60).into(),
            hours.into(),
        ]);
    }
    table.render()
}
