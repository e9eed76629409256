//! `classes` (vie scolaire and teacher spaces): the classes, a class's
//! students, a student's file.

use clap::Args;
use pronote_api::models::vie_scolaire::{Class, ClassStudent, PersonDetails, StudentFile};

use crate::error::{CliError, CliResult};
use crate::output::{Cell, Table, date_label, print, print_json, style, title};
use crate::session::{Ctx, connect};

/// `classes` options.
#[derive(Debug, Args)]
pub(crate) struct ClassesArgs {
    /// A class (its name, or a unique part of it): list its students.
    pub(crate) class: Option<String>,
    /// A student of the class (name or unique part): show their file
    /// (identity and guardians).
    #[arg(long, short, value_name = "NAME", requires = "class")]
    pub(crate) student: Option<String>,
}

/// The one item whose name is `wanted` or uniquely contains it.
pub(crate) fn pick_by_name<'a, T>(
    items: &'a [T],
    name: impl Fn(&T) -> &str,
    wanted: &str,
    what: &str,
) -> CliResult<&'a T> {
    let lower = wanted.trim().to_lowercase();
    if let Some(exact) = items.iter().find(|i| name(i).to_lowercase() == lower) {
        return Ok(exact);
    }
    let matching: Vec<&T> = items
        .iter()
        .filter(|i| name(i).to_lowercase().contains(&lower))
        .collect();
    let names = |list: &mut dyn Iterator<Item = &T>| {
        list.map(|i| name(i).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(CliError::Usage(format!(
            "no {what} matches {wanted:?}; they are: {}",
            names(&mut items.iter())
        ))),
        several => Err(CliError::Usage(format!(
            "{wanted:?} matches several {what}s ({}): give more of the name",
            names(&mut several.iter().copied())
        ))),
    }
}

/// `classes`.
pub(crate) async fn classes(ctx: &Ctx, args: &ClassesArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    let client = &conn.client;
    let classes = client.classes().await;
    if classes.is_empty() {
        return Err(CliError::Usage(
            "this account sees no classes (the list is for vie scolaire and teacher spaces)".into(),
        ));
    }
    let Some(wanted) = &args.class else {
        if ctx.global.json {
            return print_json(&classes);
        }
        let mut text = title("Classes");
        text.push_str(&classes_table(&classes));
        return print(&text);
    };
    let class = pick_by_name(&classes, |c: &Class| &c.name, wanted, "class")?;
    let students = client
        .class_students(class)
        .await
        .map_err(|e| CliError::api(format!("reading the students of {}", class.name), e))?;
    let Some(wanted) = &args.student else {
        if ctx.global.json {
            return print_json(&students);
        }
        let mut text = title(&format!("Students of {}", class.name));
        text.push_str(&students_table(&students));
        return print(&text);
    };
    let student = pick_by_name(&students, |s: &ClassStudent| &s.name, wanted, "student")?;
    let file = client
        .student_file(student)
        .await
        .map_err(|e| CliError::api(format!("reading the file of {}", student.name), e))?;
    if ctx.global.json {
        return print_json(&file);
    }
    print(&file_text(&student.name, &file))
}

fn classes_table(classes: &[Class]) -> String {
    let mut table = Table::new(&["Class", "Level", "Responsible"]);
    for c in classes {
        table.row(vec![
            Cell::styled(c.name.clone(), style::TITLE),
            c.level.clone().unwrap_or_default().into(),
            if c.responsible { "yes" } else { "" }.into(),
        ]);
    }
    table.render()
}

fn students_table(students: &[ClassStudent]) -> String {
    if students.is_empty() {
        return "No students.\n".to_owned();
    }
    let mut table = Table::new(&["Student", "Born", "Options"]);
    for s in students {
        table.row(vec![
            Cell::styled(s.name.clone(), style::TITLE),
            s.birth_date.map(date_label).unwrap_or_default().into(),
            s.options.join(", ").into(),
        ]);
    }
    table.render()
}

fn details_lines(d: &PersonDetails, indent: &str) -> String {
    let mut text = String::new();
    let mut line = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            text.push_str(&format!("{indent}{label:<10} {v}\n"));
        }
    };
    line("Born", d.birth_date.map(date_label));
    line("Address", Some(d.address.join(", ")));
    line(
        "Town",
        Some(
            [d.postal_code.as_deref(), d.city.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        ),
    );
    line("Email", d.email.clone());
    line("Mobile", d.mobile_phone.clone());
    line("Phone", d.landline.clone());
    text
}

fn file_text(name: &str, file: &StudentFile) -> String {
    let mut text = title(name);
    text.push_str(&details_lines(&file.identity, ""));
    for g in &file.guardians {
        let st = style::TITLE;
        let relation = g
            .relationship
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        text.push_str(&format!(
            "\n{st}{} {}{st:#}{relation}\n",
            g.details.last_name,
            g.details.first_names.join(" ")
        ));
        text.push_str(&details_lines(&g.details, "  "));
    }
    text
}
