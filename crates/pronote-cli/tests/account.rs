//! `account …`, `home`, `classes`, `lessons`: the rest of what the library
//! reads, at the command line.
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
fn personal_information_and_the_ical_url() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "account", "info"])
        .assert()
        .success()
        .stdout(predicate::str::contains("BESANÇON"))
        .stdout(predicate::str::contains("Double auth."));
    let out = pronote(config.path())
        .args(["--demo", "account", "info", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_of(&out)["ine"], "0123456789AB");
    let out = pronote(config.path())
        .args(["--demo", "account", "ical-url"])
        .output()
        .unwrap();
    let url = stdout_of(&out);
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains(".ics"),
        "{url}"
    );
}

#[test]
fn double_authentication_settings() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    pronote(config.path())
        .args(["account", "security", "--check", "laptop"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"laptop\" is not a known device"));
    pronote(config.path())
        .args([
            "account",
            "security",
            "--mode",
            "notification",
            "--register",
            "laptop",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Mode changed."))
        .stdout(predicate::str::contains("\"laptop\" is now a known device"));
    let out = pronote(config.path())
        .args(["account", "security", "--check", "laptop", "--json"])
        .output()
        .unwrap();
    let report = json_of(&out);
    assert_eq!(report["known"], true, "{report}");
    // (The simulated server accepts a mode without keeping it.)
    assert_eq!(report["mode"], "none", "{report}");
}

#[test]
fn a_qr_code_for_the_mobile_app_is_drawn_and_logs_in() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    pronote(config.path())
        .args(["account", "qr-code", "--pin", "4321"])
        .assert()
        .success()
        .stdout(predicate::str::contains("▀").or(predicate::str::contains("▄")))
        .stdout(predicate::str::contains("ten minutes"));
    let out = pronote(config.path())
        .args(["account", "qr-code", "--pin", "4321", "--json"])
        .output()
        .unwrap();
    let code = stdout_of(&out);
    // The code logs another profile in, with its PIN.
    pronote(config.path())
        .args([
            "--profile",
            "phone",
            "login",
            "--qr-json",
            code.trim(),
            "--pin",
            "4321",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged in as"));
}

#[test]
fn home_page_links_partners_and_wallets() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "home"])
        .assert()
        .success()
        .stdout(predicate::str::contains("CDI en ligne"))
        .stdout(predicate::str::contains("Turboself"))
        .stdout(predicate::str::contains("12,50 €"));
    pronote(config.path())
        .args(["--demo", "home", "--partner", "turbo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("/partenaires/turboself/"));
}

#[test]
fn vie_scolaire_classes_students_and_a_student_file() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "vie-scolaire", "classes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3A"));
    pronote(config.path())
        .args(["--demo", "vie-scolaire", "classes", "3A"])
        .assert()
        .success()
        .stdout(predicate::str::contains("MARTIN Lucas"));
    let out = pronote(config.path())
        .args([
            "--demo",
            "vie-scolaire",
            "classes",
            "3A",
            "--student",
            "martin lucas",
            "--json",
        ])
        .output()
        .unwrap();
    let file = json_of(&out);
    assert_eq!(file["identity"]["last_name"], "MARTIN", "{file}");
    let guardians: Vec<(&str, &str)> = file["guardians"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["details"]["last_name"].as_str().unwrap(),
                g["relationship"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(guardians, [("M. MARTIN Pierre", "Père")], "{file}");
    // A student's ParametresUtilisateur lists the student's own class, as
    // real instances do: that one class is all a student sees.
    let out = pronote(config.path())
        .args(["--demo", "classes", "--json"])
        .output()
        .unwrap();
    let classes = json_of(&out);
    let names: Vec<&str> = classes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["3A"], "{classes}");
}

#[test]
fn lesson_contents_by_day_and_range() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "lessons"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Lesson contents, 18/11/2025"))
        .stdout(predicate::str::contains("Cours_La_cellule.pdf"));
    let out = pronote(config.path())
        .args([
            "--demo",
            "lessons",
            "--from",
            "17/11/2025",
            "--to",
            "2025-11-21",
            "--json",
        ])
        .output()
        .unwrap();
    let entries = json_of(&out);
    assert_eq!(
        entries.as_array().unwrap().len(),
        21,
        "lesson contents of 17 to 21 November: {entries}"
    );
}
