//! Cases that used to mislead: each is told in its own terms now.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

#[test]
fn answering_an_information_says_it_is_not_a_survey() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "news", "answer", "1", "-q", "x", "y"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is an information, not a survey"));
}

#[test]
fn several_answers_to_a_single_choice_question_name_it() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["--demo", "news", "--json"])
        .output()
        .unwrap();
    let survey = 1 + json_of(&out)["items"]
        .as_array()
        .unwrap()
        .iter()
        .position(|i| i["kind"] == "Survey")
        .unwrap();
    pronote(config.path())
        .args([
            "--demo",
            "news",
            "answer",
            &survey.to_string(),
            "-q",
            "Satisfaction",
            "1,2",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "\"Satisfaction\" takes one choice only",
        ));
}

#[test]
fn item_numbers_start_at_1() {
    let config = TempDir::new().unwrap();
    for args in [
        &["--demo", "homework", "--mark-done", "0"][..],
        &["--demo", "messages", "read", "0"][..],
    ] {
        pronote(config.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("the numbering starts at 1"));
    }
}

#[test]
fn weeks_are_relative_with_a_sign() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "timetable", "--week", "-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("week 11 (10/11/2025"));
    pronote(config.path())
        .args(["--demo", "timetable", "--week=+1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("week 13 (24/11/2025"));
    pronote(config.path())
        .args(["--demo", "timetable", "--week", "12"])
        .assert()
        .success()
        .stdout(predicate::str::contains("week 12 (17/11/2025"));
}

#[test]
fn an_empty_ical_export_is_refused_and_no_folder_is_created() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "export", "ical", "--weeks", "0", "--out", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("0 weeks would be empty"));
    let missing = config.path().join("no-such-folder");
    pronote(config.path())
        .args(["--demo", "export", "ical", "--weeks", "1", "--out"])
        .arg(missing.join("timetable.ics"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    assert!(!missing.exists());
}

#[test]
fn days_counts_the_first_day_and_dates_read_as_printed() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["--demo", "homework", "--days", "2", "--json"])
        .output()
        .unwrap();
    let homework = json_of(&out);
    let due: std::collections::BTreeSet<&str> = homework
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["due"].as_str().unwrap())
        .collect();
    assert_eq!(
        due.into_iter().collect::<Vec<_>>(),
        ["2025-11-18", "2025-11-19"],
        "two days from the demo's today, both due days"
    );
    assert_eq!(homework.as_array().unwrap().len(), 6, "{homework}");
    pronote(config.path())
        .args(["--demo", "homework", "--days", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("18/11/2025 – 19/11/2025"));
    // DD/MM/YYYY as the tables print dates, as well as ISO.
    let french = pronote(config.path())
        .args([
            "--demo",
            "timetable",
            "--from",
            "17/11/2025",
            "--to",
            "18/11/2025",
        ])
        .output()
        .unwrap();
    let iso = pronote(config.path())
        .args([
            "--demo",
            "timetable",
            "--from",
            "2025-11-17",
            "--to",
            "2025-11-18",
        ])
        .output()
        .unwrap();
    assert!(french.status.success(), "{}", stderr_of(&french));
    assert_eq!(stdout_of(&french), stdout_of(&iso));
}

#[test]
fn the_first_watch_says_what_it_now_watches() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["--demo", "watch", "--once"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = stderr_of(&out);
    assert!(stderr.contains("Now watching"), "{stderr}");
    assert!(stderr.contains("lessons from 18/11/2025"), "{stderr}");
    assert!(stderr.contains("discussions"), "{stderr}");
}

#[test]
fn a_discussion_started_by_the_user_shows_its_author() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "parent", "messages"])
        .assert()
        .success()
        .stdout(predicate::str::contains("MARTIN Pierre (you)"));
}

#[test]
fn the_notebook_speaks_french_and_says_a_reason_once() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["--demo", "absences"])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(text.contains("Défaut de carnet"), "{text}");
    assert!(!text.contains("LogBookIssue"), "{text}");
    assert!(!text.contains("(Retard de transport)"), "{text}");
}

#[test]
fn subcommand_help_separates_global_options() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["timetable", "--help"])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    let global = text.find("Global options:").expect("a global heading");
    let week = text.find("--week").unwrap();
    let json = text.find("--json").unwrap();
    assert!(week < global && global < json, "{text}");
}

#[test]
fn a_vie_scolaire_account_is_told_what_its_space_offers() {
    let config = TempDir::new().unwrap();
    for command in ["timetable", "grades"] {
        let out = pronote(config.path())
            .args(["--demo", "vie-scolaire", command])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = stderr_of(&out);
        assert!(stderr.contains("a vie scolaire account has no"), "{stderr}");
        assert!(stderr.contains("pronote classes"), "{stderr}");
        assert!(!stderr.contains("check the URL"), "{stderr}");
    }
}

#[test]
fn the_demo_survey_reads_etes_vous() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "news"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Êtes-vous satisfait"))
        .stdout(predicate::str::contains("Ëtes").not());
}
