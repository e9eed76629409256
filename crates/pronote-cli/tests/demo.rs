//! `--demo` reading commands, their tables and JSON, exports and the
//! generated completions and manual.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

#[test]
fn demo_timetable_prints_the_lessons_of_the_week() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["--demo", "timetable"])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = stdout_of(&out);
    assert!(text.contains("week 12"), "{text}");
    assert!(text.contains("MATHÉMATIQUES"), "{text}");
    assert_eq!(
        text.lines().count(),
        32,
        "a title, a header and the 30 lessons of week 12: {text}"
    );
    // Piped: no colour.
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn every_reading_command_prints_json_with_demo() {
    let config = TempDir::new().unwrap();
    for command in ["timetable", "homework", "grades", "evaluations", "account"] {
        let out = pronote(config.path())
            .args(["--demo", command, "--json"])
            .assert()
            .success()
            .get_output()
            .clone();
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{command}: {e}: {}", stdout_of(&out)));
        let non_empty = match &json {
            Value::Array(items) => !items.is_empty(),
            Value::Object(o) => !o.is_empty(),
            _ => false,
        };
        assert!(non_empty, "{command}: {json}");
    }
    let out = pronote(config.path())
        .args(["--demo", "grades", "--json", "--period", "Trimestre 1"])
        .output()
        .unwrap();
    let grades: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(grades["period"], "Trimestre 1");
    assert_eq!(
        grades["grades"].as_array().unwrap().len(),
        29,
        "the demo's grades of Trimestre 1 up to the demo's today (2025-11-18)"
    );
}

#[test]
fn demo_parent_chooses_a_child() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "parent", "--child", "emma", "timetable"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Timetable of MARTIN Emma"));
    pronote(config.path())
        .args(["--demo", "parent", "--child", "nobody", "timetable"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("MARTIN Lucas"));
    let out = pronote(config.path())
        .args(["--demo=parent", "account", "--json"])
        .output()
        .unwrap();
    let account: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(account["user"]["children"].as_array().unwrap().len(), 2);
}

#[test]
fn demo_instance_reads_info_mobile_app() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "instance"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2025.2.6"))
        .stdout(predicate::str::contains("Collège Victor Hugo"));
}

#[test]
fn demo_notebook_report_menus_and_staff_as_tables() {
    let config = TempDir::new().unwrap();
    // A day after the first trimester: its report card is out, its
    // notebook complete.
    let pronote = |config: &std::path::Path| {
        let mut cmd = pronote(config);
        cmd.env("PRONOTE_TODAY", "2025-12-09");
        cmd
    };
    pronote(config.path())
        .args([
            "--demo",
            "--color=never",
            "absences",
            "--period",
            "Trimestre 1",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Notebook, Trimestre 1")
                .and(predicate::str::contains("06/11/2025 08:00"))
                .and(predicate::str::contains("Rendez-vous médical"))
                .and(predicate::str::contains("Retard de transport"))
                .and(predicate::str::contains("Travail non fait"))
                .and(predicate::str::contains("Mme GARCIA Lucia"))
                .and(predicate::str::contains("Precautionary measures")),
        );
    pronote(config.path())
        .args([
            "--demo",
            "--color=never",
            "report",
            "--period",
            "Trimestre 1",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Report card, Trimestre 1")
                .and(predicate::str::is_match(r"MATHÉMATIQUES\s+14,44\s+11,59").unwrap())
                .and(predicate::str::contains(
                    "Appréciation générale: Bon ensemble, le travail est sérieux.",
                ))
                .and(predicate::str::contains("Encouragements")),
        );
    pronote(config.path())
        .args(["--demo", "--color=never", "menus", "--date", "2025-11-18"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Tue 18/11")
                .and(predicate::str::contains("Déjeuner"))
                .and(predicate::str::contains("Lasagnes à la bolognaise"))
                .and(predicate::str::contains("Comté (Produit local, Lait)")),
        );
    pronote(config.path())
        .args(["--demo", "--color=never", "staff"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("M. DUPONT Jean (main teacher)")
                .and(predicate::str::contains("MATHÉMATIQUES"))
                .and(predicate::str::contains(
                    "Conseillère principale d'éducation",
                )),
        );
}

#[test]
fn demo_notebook_report_menus_and_staff_as_json() {
    let config = TempDir::new().unwrap();
    let run = |args: &[&str]| {
        let output = pronote(config.path())
            .env("PRONOTE_TODAY", "2025-12-09")
            .arg("--demo")
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        json_of(&output)
    };
    let notebook = run(&["absences", "--period", "Trimestre 1"]);
    assert_eq!(
        notebook["absences"][0]["reasons"][0], "Rendez-vous médical",
        "{notebook}"
    );
    assert_eq!(notebook["absences"][0]["justified"], true);
    assert_eq!(notebook["delays"].as_array().unwrap().len(), 2);
    assert_eq!(notebook["observations"][0]["label"], "Travail non fait");
    assert!(notebook["punishments"].is_array());
    assert!(notebook["precautionary_measures"].is_array());

    let report = run(&["report", "--period", "Trimestre 1"]);
    let subjects = report["Published"]["subjects"].as_array().unwrap();
    let maths = subjects
        .iter()
        .find(|s| s["subject"]["name"] == "MATHÉMATIQUES")
        .unwrap();
    assert_eq!(maths["teachers"][0], "M. DUPONT Jean");

    let menus = run(&["menus", "--date", "2025-11-18"]);
    let tuesday = menus
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["date"] == "2025-11-18")
        .unwrap();
    assert_eq!(tuesday["meals"][0]["name"], "Déjeuner");
    assert_eq!(tuesday["meals"][0]["kind"], "Lunch");

    let staff = run(&["staff"]);
    let first = &staff[0];
    assert_eq!(first["name"], "M. DUPONT Jean");
    assert_eq!(first["main_teacher"], true);
    assert_eq!(first["kind"], "Teacher");
}

#[test]
fn demo_report_pdf_is_saved() {
    let config = TempDir::new().unwrap();
    let pdf = config.path().join("report.pdf");
    pronote(config.path())
        .args(["--demo", "report", "--pdf"])
        .arg(&pdf)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Saved the report card of Trimestre 1",
        ));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF"),
        "{:?}",
        &bytes[..bytes.len().min(16)]
    );
    pronote(config.path())
        .args(["--demo", "report", "--period", "Semestre 9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no period named"));
}

#[test]
fn completions_man_and_usage_errors() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pronote"));
    pronote(config.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH pronote"));
    pronote(config.path())
        .args(["--demo", "login"])
        .assert()
        .code(2);
    pronote(config.path())
        .args(["timetable", "--week", "3", "--from", "2025-09-01"])
        .assert()
        .code(2);
}

#[test]
fn export_ical_writes_a_folded_crlf_calendar() {
    let config = TempDir::new().unwrap();
    let file = config.path().join("out/timetable.ics");
    std::fs::create_dir(config.path().join("out")).unwrap();
    pronote(config.path())
        .args(["--demo", "export", "ical", "--weeks", "2", "--out"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("lessons"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
        assert!(!line.contains('\n'));
    }
    let events = text.matches("BEGIN:VEVENT").count();
    assert_eq!(events, 60, "the lessons of weeks 12 and 13");
    assert_eq!(events, text.matches("END:VEVENT").count());
    assert!(text.contains("DTSTART:20251117T080000"));
    assert!(text.contains("STATUS:CANCELLED"));

    // A second run logs in again (a new session, new lesson ids, another
    // demo server port): the events keep their UIDs, so a calendar that
    // imports the file again updates its events instead of doubling them.
    let again = config.path().join("out/again.ics");
    pronote(config.path())
        .args(["--demo", "export", "ical", "--weeks", "2", "--out"])
        .arg(&again)
        .assert()
        .success();
    let uids = |text: &str| -> Vec<String> {
        text.replace("\r\n ", "")
            .split("\r\n")
            .filter_map(|line| line.strip_prefix("UID:"))
            .map(str::to_owned)
            .collect()
    };
    let first = uids(&text);
    assert_eq!(first.len(), events);
    assert_eq!(first, uids(&std::fs::read_to_string(&again).unwrap()));
    let unique: std::collections::BTreeSet<&String> = first.iter().collect();
    assert_eq!(unique.len(), first.len(), "one UID per event");
    for uid in &first {
        let (identity, domain) = uid.split_once('@').expect("identity@domain");
        assert_eq!(domain, "127.0.0.1", "{uid}");
        let hex = identity.split('-').next().unwrap_or_default();
        assert_eq!(hex.len(), 16, "{uid}");
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{uid}");
    }
}
