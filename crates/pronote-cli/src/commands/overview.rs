//! `account` (no subcommand): the logged-in user, the children, the
//! instance's calendar, and what the login told about the session: the
//! server's date, the current period, the rights (tabs, who may be
//! written to), the classes the student represents and the previous
//! connection.

use pronote_api::Client;
use pronote_api::models::authorisations::{Authorisations, DelegateClass, tab};
use pronote_api::models::{AccountKind, Instance, Period};
use serde::Serialize;
use time::Date;

use crate::error::CliResult;
use crate::output::{Cell, Table, date_label, print, print_json, style, time_label, title};
use crate::session::{Ctx, connect};

/// What the login told about the session (`account --json` has it at its
/// top level).
#[derive(Serialize)]
struct Facts {
    /// The instance's date at login.
    server_date: Date,
    /// The grades tab's current period.
    current_period: Option<Period>,
    /// The tabs and rights.
    authorisations: Authorisations,
    /// The classes the student (the child acted for) represents.
    delegate_classes: Vec<DelegateClass>,
    /// The previous connection, ISO 8601 local time.
    last_connection: Option<String>,
}

async fn facts(client: &Client) -> (Facts, Option<time::PrimitiveDateTime>) {
    let last = client.last_connection().await;
    (
        Facts {
            server_date: client.server_date().await,
            current_period: client.current_period(tab::GRADES).await,
            authorisations: client.authorisations().await,
            delegate_classes: client.delegate_classes().await,
            last_connection: last.map(pronote_api::models::json::iso_local),
        },
        last,
    )
}

/// The tabs named in the table (the others are counted).
const TAB_NAMES: &[(u32, &str)] = &[
    (tab::HOME, "home"),
    (tab::TIMETABLE, "timetable"),
    (tab::HOMEWORK, "homework"),
    (tab::LESSON_CONTENTS, "lesson contents"),
    (tab::GRADES, "grades"),
    (tab::EVALUATIONS, "evaluations"),
    (tab::NOTEBOOK, "notebook"),
    (tab::REPORT_CARDS, "report cards"),
    (tab::MENUS, "menus"),
    (tab::TEACHING_STAFF, "staff"),
    (tab::DISCUSSIONS, "discussions"),
    (tab::NEWS, "news"),
    (tab::CLASS_LISTS, "class lists"),
    (tab::ACCOUNT, "account"),
];

/// The tabs the user may open, by name, in the table's order.
fn tabs_label(rights: &Authorisations) -> String {
    let named: Vec<&str> = TAB_NAMES
        .iter()
        .filter(|(t, _)| rights.can(*t))
        .map(|(_, name)| *name)
        .collect();
    let others = rights
        .tabs
        .iter()
        .filter(|t| !TAB_NAMES.iter().any(|(known, _)| known == *t))
        .count();
    let mut text = named.join(", ");
    if others > 0 {
        text.push_str(&format!(" (and {others} other tabs)"));
    }
    text
}

/// Who the user may write to.
fn writes_to_label(rights: &Authorisations) -> String {
    let who: Vec<&str> = [
        (rights.can_discuss_with_teachers(), "teachers"),
        (rights.can_discuss_with_staff(), "staff"),
        (rights.can_discuss_with_parents(), "parents"),
        (rights.can_discuss_with_students(), "students"),
    ]
    .into_iter()
    .filter(|(yes, _)| *yes)
    .map(|(_, who)| who)
    .collect();
    if who.is_empty() {
        "nobody".to_owned()
    } else {
        who.join(", ")
    }
}

/// What `account --json` prints.
#[derive(Serialize)]
struct AccountJson<'a> {
    user: &'a pronote_api::models::User,
    selected_student: Option<String>,
    instance: &'a Instance,
    #[serde(flatten)]
    facts: &'a Facts,
}

/// `account`.
pub(crate) async fn account(ctx: &Ctx) -> CliResult<()> {
    let conn = connect(ctx).await?;
    let user = conn.client.user().await;
    let instance = conn.client.instance().await;
    let selected = conn.client.selected_student().await;
    let (facts, last_connection) = facts(&conn.client).await;
    if ctx.global.json {
        return print_json(&AccountJson {
            user: &user,
            selected_student: selected,
            instance: &instance,
            facts: &facts,
        });
    }
    let mut text = title("Account");
    let kind = match user.kind {
        AccountKind::Student => "student",
        AccountKind::Parent => "parent",
        AccountKind::Teacher => "teacher",
        AccountKind::SchoolLife => "school life",
        _ => "other",
    };
    let mut table = Table::new(&["", ""]);
    table.row(vec![
        "Name".into(),
        Cell::styled(user.resource.name.clone(), style::TITLE),
    ]);
    table.row(vec!["Kind".into(), kind.into()]);
    if let Some(class) = &user.resource.class_name {
        table.row(vec!["Class".into(), class.clone().into()]);
    }
    if let Some(school) = &user.resource.establishment {
        table.row(vec!["School".into(), school.clone().into()]);
    }
    for child in &user.children {
        let mark = if selected.as_deref() == Some(child.name.as_str()) {
            " (selected)"
        } else {
            ""
        };
        let class = child
            .class_name
            .as_deref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default();
        table.row(vec![
            "Child".into(),
            format!("{}{class}{mark}", child.name).into(),
        ]);
    }
    if let Some(version) = &instance.version {
        table.row(vec!["PRONOTE".into(), version.to_string().into()]);
    }
    table.row(vec![
        "School year".into(),
        format!(
            "{} – {}",
            date_label(instance.first_day),
            date_label(instance.last_day)
        )
        .into(),
    ]);
    table.row(vec![
        "Server date".into(),
        date_label(facts.server_date).into(),
    ]);
    if let Some(period) = &facts.current_period {
        table.row(vec!["Current period".into(), period.name.clone().into()]);
    }
    table.row(vec![
        "Last connection".into(),
        last_connection
            .map(|at| format!("{} {}", date_label(at.date()), time_label(at)))
            .unwrap_or_else(|| "not given (first login)".to_owned())
            .into(),
    ]);
    if !facts.delegate_classes.is_empty() {
        let names: Vec<&str> = facts
            .delegate_classes
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        table.row(vec!["Delegate of".into(), names.join(", ").into()]);
    }
    table.row(vec![
        "May open".into(),
        tabs_label(&facts.authorisations).into(),
    ]);
    table.row(vec![
        "May write to".into(),
        writes_to_label(&facts.authorisations).into(),
    ]);
    // The empty header row of a key/value table is dropped.
    let rendered = table.render();
    text.push_str(rendered.split_once('\n').map_or("", |(_, rest)| rest));
    if !instance.periods.is_empty() {
        text.push('\n');
        let mut periods = Table::new(&["Period", "From", "To"]);
        for p in &instance.periods {
            periods.row(vec![
                p.name.clone().into(),
                date_label(p.start).into(),
                date_label(p.end).into(),
            ]);
        }
        text.push_str(&periods.render());
    }
    print(&text)
}
