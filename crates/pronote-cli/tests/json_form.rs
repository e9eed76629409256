//! `--json` prints the models' own JSON: no wire value (`{"_T": …}`)
//! anywhere, every date and date-time in ISO 8601, marks as numbers and
//! HTML as text and markup. Every reading command of every demo account.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use common::*;
use serde_json::Value;
use tempfile::TempDir;
use time::format_description::well_known::Iso8601;
use time::{Date, PrimitiveDateTime};

/// What a check found in one document.
#[derive(Default)]
struct Found {
    dates: usize,
    date_times: usize,
    problems: Vec<String>,
}

fn looks_dated(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

fn walk(value: &Value, path: &str, found: &mut Found) {
    match value {
        Value::Object(map) => {
            if map.contains_key("_T") {
                found.problems.push(format!("{path}: a wire value {value}"));
            }
            for (key, item) in map {
                walk(item, &format!("{path}.{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), found);
            }
        }
        Value::String(text) if looks_dated(text) => {
            if text.len() == 10 {
                match Date::parse(text, &Iso8601::DEFAULT) {
                    Ok(_) => found.dates += 1,
                    Err(e) => found.problems.push(format!("{path}: {text:?}: {e}")),
                }
            } else if text.len() == 19 && text.as_bytes()[10] == b'T' {
                match PrimitiveDateTime::parse(text, &Iso8601::DEFAULT) {
                    Ok(_) => found.date_times += 1,
                    Err(e) => found.problems.push(format!("{path}: {text:?}: {e}")),
                }
            } else {
                found
                    .problems
                    .push(format!("{path}: {text:?} is not YYYY-MM-DD[THH:MM:SS]"));
            }
        }
        _ => {}
    }
}

fn json_of(config: &TempDir, args: &[&str]) -> Value {
    let out = pronote(config.path())
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .clone();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout_of(&out)))
}

/// Checks one command's output and returns what was found in it.
fn check(config: &TempDir, args: &[&str]) -> (Value, Found) {
    let json = json_of(config, args);
    let mut found = Found::default();
    walk(&json, "$", &mut found);
    assert!(
        found.problems.is_empty(),
        "{args:?}:\n{}",
        found.problems.join("\n")
    );
    (json, found)
}

#[test]
fn every_reading_command_prints_iso_dates_and_no_wire_value() {
    let config = TempDir::new().unwrap();
    let student: &[&[&str]] = &[
        &["--demo", "timetable"],
        &["--demo", "homework"],
        &["--demo", "grades", "--period", "Trimestre 1"],
        &["--demo", "evaluations", "--period", "Trimestre 1"],
        &["--demo", "account"],
        &["--demo", "account", "info"],
        &[
            "--demo",
            "lessons",
            "--from",
            "2025-12-01",
            "--to",
            "2025-12-05",
        ],
        &["--demo", "attachments", "--period", "Trimestre 1"],
        &["--demo", "home"],
        &["--demo", "absences", "--period", "Trimestre 1"],
        &["--demo", "report", "--period", "Trimestre 1"],
        &["--demo", "menus"],
        &["--demo", "staff"],
        &["--demo", "messages"],
        &["--demo", "news"],
        &["--demo", "instance"],
        &["--demo=parent", "timetable"],
        &["--demo=parent", "grades", "--period", "Trimestre 1"],
        &["--demo=vie-scolaire", "classes"],
    ];
    let (mut dates, mut date_times) = (0, 0);
    for args in student {
        let (_, found) = check(&config, args);
        dates += found.dates;
        date_times += found.date_times;
    }
    // The checks above saw real dates, not an empty demo.
    assert_eq!(dates, 186, "dates in the documents above");
    assert_eq!(date_times, 177, "date-times in the documents above");
}

#[test]
fn marks_are_numbers_or_named_special_marks_and_html_has_text() {
    let config = TempDir::new().unwrap();
    let (grades, _) = check(&config, &["--demo", "grades", "--period", "Trimestre 1"]);
    let grades = grades["grades"].as_array().unwrap();
    assert_eq!(
        grades.len(),
        29,
        "grades of Trimestre 1 up to the demo's today"
    );
    // Special marks are rare in the demo (none may fall before its
    // today); their names are covered by pronote-api's unit tests of the
    // JSON form, and any that appears here must be one of them.
    for grade in grades {
        assert!(grade["out_of"].is_number(), "{grade}");
        match &grade["value"] {
            Value::Number(_) => {}
            Value::String(name) => {
                assert!(
                    [
                        "absent",
                        "exempted",
                        "not_graded",
                        "unfit",
                        "not_returned",
                        "absent_zero",
                        "not_returned_zero",
                        "congratulations"
                    ]
                    .contains(&name.as_str()),
                    "{grade}"
                );
            }
            other => panic!("a mark as {other}"),
        }
    }

    let (timetable, _) = check(&config, &["--demo", "timetable"]);
    let lesson = &timetable.as_array().unwrap()[0];
    let start = lesson["start"].as_str().unwrap();
    PrimitiveDateTime::parse(start, &Iso8601::DEFAULT).unwrap();

    let (homework, _) = check(&config, &["--demo", "homework"]);
    let first = &homework.as_array().unwrap()[0];
    let description = &first["description"];
    assert!(description["text"].is_string(), "{first}");
    assert!(
        description["html"].as_str().unwrap().contains('<'),
        "{first}"
    );
}
