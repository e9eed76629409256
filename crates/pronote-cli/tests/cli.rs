//! The `pronote` binary driven end to end: against the demo instance it
//! starts itself (`--demo`), and against a `pronote-server` started by
//! the test (logins, saved profiles, token rotation, watch).
//!
//! Every run gets its own `PRONOTE_CONFIG_DIR` (a temporary directory) and
//! a pinned `PRONOTE_TODAY`, so nothing depends on the machine's files or
//! clock.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use pronote_server::{RunningServer, Server};
use serde_json::Value;
use tempfile::TempDir;

/// The demo's day (also given to the test servers).
const TODAY: &str = "2025-11-18";

/// The binary, with a private configuration directory and no ambient
/// settings.
fn pronote(config: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pronote"));
    cmd.env("PRONOTE_CONFIG_DIR", config)
        .env("PRONOTE_TODAY", TODAY)
        .env_remove("PRONOTE_PASSWORD")
        .env_remove("PRONOTE_PROFILE")
        .env_remove("PRONOTE_TOKEN")
        .env_remove("PRONOTE_2FA_PIN")
        .env_remove("PRONOTE_QR_PIN")
        .env_remove("RUST_LOG")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// A simulated instance served by a runtime of its own, so that the
/// blocking `Command` runs of the test can talk to it.
struct TestServer {
    server: Option<RunningServer>,
    runtime: tokio::runtime::Runtime,
}

impl TestServer {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let today = time::Date::parse(
            TODAY,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap();
        let server = runtime
            .block_on(
                Server::builder()
                    .version("2025.2.6")
                    .encryption(true)
                    .compression(true)
                    .seed(7)
                    .today(today)
                    .bind("127.0.0.1:0")
                    .start(),
            )
            .unwrap();
        TestServer {
            server: Some(server),
            runtime,
        }
    }

    fn page(&self, page: &str) -> String {
        format!("{}{page}", self.server.as_ref().unwrap().url())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn profile_file(config: &Path, name: &str) -> PathBuf {
    config.join("profiles").join(format!("{name}.json"))
}

fn saved_token(config: &Path, name: &str) -> String {
    let text = std::fs::read_to_string(profile_file(config, name)).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["credentials"]["secret"]["kind"], "token", "{json}");
    json["credentials"]["secret"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Logs the demo student in on `server` under `profile`.
fn login(config: &Path, server: &TestServer, profile: &str) {
    pronote(config)
        .args([
            "--profile",
            profile,
            "login",
            "--username",
            "demonstration",
            "--url",
        ])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "pronotevs")
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged in as"))
        .stdout(predicate::str::contains("pronotevs").not());
}

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
    assert!(text.lines().count() > 10, "{text}");
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
        31,
        "the demo's grades of Trimestre 1"
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
fn login_with_the_password_from_the_environment_then_read_with_the_profile() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    login(config.path(), &server, "marie");
    let path = profile_file(config.path(), "marie");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A token was saved, not the password.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("pronotevs"));
    saved_token(config.path(), "marie");

    pronote(config.path())
        .args(["--profile", "marie", "timetable", "--week", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("week 3"))
        .stdout(predicate::str::contains("MATHÉMATIQUES"));
    // Tick a pending homework off, and see it done in the next session.
    let listing = |config: &Path| -> Vec<Value> {
        let out = pronote(config)
            .args(["--profile", "marie", "homework", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
    };
    let before = listing(config.path());
    let number = before.iter().position(|h| h["done"] == false).unwrap() + 1;
    pronote(config.path())
        .args(["--profile", "marie", "homework", "--mark-done"])
        .arg(number.to_string())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Marked done: "));
    let after = listing(config.path());
    assert_eq!(after[number - 1]["done"], true);
    assert_eq!(
        after[number - 1]["description_text"],
        before[number - 1]["description_text"]
    );
    pronote(config.path())
        .args(["--profile", "marie", "instance"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Collège Victor Hugo"));
    pronote(config.path())
        .args(["profiles"])
        .assert()
        .success()
        .stdout(predicate::str::contains("marie"));
    // Another profile is not logged in.
    pronote(config.path())
        .args(["--profile", "other", "grades"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("pronote --profile other login"));
}

#[test]
fn the_saved_token_rotates_at_every_login_and_the_old_one_is_refused() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    login(config.path(), &server, "default");
    let path = profile_file(config.path(), "default");
    let first_file = std::fs::read(&path).unwrap();
    let first = saved_token(config.path(), "default");

    // The most verbose tracing prints neither the old nor the new token.
    let out = pronote(config.path())
        .args(["-vvv", "account"])
        .assert()
        .success()
        .get_output()
        .clone();
    let second = saved_token(config.path(), "default");
    assert_ne!(first, second, "the token rotates on every login");
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(trace.contains("DEBUG"), "{trace}");
    assert!(
        !trace.contains(&first) && !trace.contains(&second),
        "{trace}"
    );

    pronote(config.path()).arg("login").assert().success();
    let third = saved_token(config.path(), "default");
    assert_ne!(second, third);

    // Put the first (used) token back: the server refuses it, and the
    // message says what to do without printing the token.
    std::fs::write(&path, first_file).unwrap();
    let out = pronote(config.path())
        .arg("timetable")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("run `pronote login` again"))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(&first), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn processes_sharing_a_profile_follow_each_others_rotations() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    login(config.path(), &server, "default");
    // Three processes start from the same token: one wins it, the others
    // are refused, see the rotated token on disk and log in with it.
    let children: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_pronote"))
                .env("PRONOTE_CONFIG_DIR", config.path())
                .env("PRONOTE_TODAY", TODAY)
                .env_remove("PRONOTE_PROFILE")
                .args(["timetable", "--week", "3"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // And the token left on disk works.
    pronote(config.path()).arg("account").assert().success();
}

#[test]
fn a_wrong_password_is_one_line_and_exit_code_3() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    let out = pronote(config.path())
        .args(["login", "--username", "demonstration", "--url"])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "not-the-password")
        .arg("-vvv")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("wrong username or password"))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("not-the-password"), "{stderr}");
    assert!(
        stderr.contains("TRACE") || stderr.contains("DEBUG"),
        "{stderr}"
    );
    assert!(!profile_file(config.path(), "default").exists());
    // Without a terminal and without the variable, the password is not
    // asked for.
    pronote(config.path())
        .args(["login", "--username", "demonstration", "--url"])
        .arg(server.page("eleve.html"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PRONOTE_PASSWORD"));
}

#[test]
fn server_conditions_are_one_line_with_advice_and_exit_codes() {
    let config = TempDir::new().unwrap();
    let mut server = TestServer::start();
    login(config.path(), &server, "default");
    let one_line = |out: &std::process::Output| {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        stderr
    };

    // Rate limited: wait (exit 4).
    server
        .server
        .as_ref()
        .unwrap()
        .inject(pronote_server::Fault::RateLimited, None);
    let out = pronote(config.path())
        .arg("timetable")
        .assert()
        .code(4)
        .get_output()
        .clone();
    assert!(one_line(&out).contains("wait"));
    server.server.as_ref().unwrap().clear_faults();

    // The instance's site is down: try later (exit 4).
    server
        .server
        .as_ref()
        .unwrap()
        .inject(pronote_server::Fault::Busy, None);
    let out = pronote(config.path())
        .arg("grades")
        .assert()
        .code(4)
        .get_output()
        .clone();
    assert!(one_line(&out).contains("try again later"));
    server.server.as_ref().unwrap().clear_faults();

    // Unreachable (exit 5).
    let running = server.server.take().unwrap();
    server.runtime.block_on(running.shutdown());
    let out = pronote(config.path())
        .arg("homework")
        .assert()
        .code(5)
        .get_output()
        .clone();
    assert!(one_line(&out).contains("check the address"));
}

#[test]
fn double_authentication_pin_from_the_environment() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    pronote(config.path())
        .args(["login", "--username", "securise", "--url"])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "pronotevs")
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .success();
    pronote(config.path())
        .args(["timetable", "--week", "3"])
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .success();
}

#[test]
fn qr_code_login() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    let url = server.page("eleve.html");
    // A session makes a QR code with PIN 4321, as the web page does.
    let reply = server.runtime.block_on(async {
        let client = pronote_api::LoginBuilder::password(&url, "demonstration", "pronotevs")
            .connect()
            .await
            .unwrap();
        client
            .call_raw(
                &pronote_proto::Call::new("JetonAppliMobile")
                    .tab(7)
                    .data(serde_json::json!({"code": "4321"})),
            )
            .await
            .unwrap()
    });
    let qr = serde_json::json!({
        "jeton": reply.data["jeton"], "login": reply.data["login"], "url": url,
    })
    .to_string();
    let qr_file = config.path().join("qr.json");
    std::fs::write(&qr_file, &qr).unwrap();
    pronote(config.path())
        .args(["--profile", "phone", "login", "--qr-json"])
        .arg(&qr_file)
        .args(["--pin", "0000"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("PIN"));
    // The picture of the code works as well as its JSON.
    let picture = config.path().join("qr.png");
    std::fs::write(&picture, qr_png(&qr)).unwrap();
    pronote(config.path())
        .args(["--profile", "phone", "login", "--qr-json"])
        .arg(&picture)
        .args(["--pin", "4321"])
        .assert()
        .success();
    saved_token(config.path(), "phone");
    pronote(config.path())
        .args(["--profile", "phone", "account"])
        .assert()
        .success()
        .stdout(predicate::str::contains("MARTIN Lucas"));
}

#[test]
fn watch_reports_changes_against_the_saved_snapshot() {
    // Robust approach: the first poll records the snapshot; the test then
    // edits the snapshot as if the previous poll had seen less (a grade
    // missing, a lesson in another room), and the second poll must report
    // exactly those differences. The demo data itself never changes.
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "watch", "--once"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Watching"));
    let snapshot_path = config.path().join("profiles/demo-student.watch.json");
    // Nothing changed: nothing reported.
    pronote(config.path())
        .args(["--demo", "watch", "--once"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());

    let mut snapshot: Value =
        serde_json::from_str(&std::fs::read_to_string(&snapshot_path).unwrap()).unwrap();
    let grades = snapshot["grades"].as_object_mut().unwrap();
    let removed = grades.keys().next().unwrap().clone();
    grades.remove(&removed);
    let lessons = snapshot["lessons"].as_object_mut().unwrap();
    let lesson = lessons.values_mut().next().unwrap();
    lesson["rooms"] = serde_json::json!(["OLD ROOM"]);
    std::fs::write(&snapshot_path, snapshot.to_string()).unwrap();

    let out = pronote(config.path())
        .args(["--demo", "watch", "--once", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let events: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds, ["new_grade", "lesson_changed"], "{events:?}");
    assert!(
        events[1]["text"].as_str().unwrap().contains("OLD ROOM"),
        "{events:?}"
    );
}

#[test]
fn watch_sees_a_homework_marked_done_on_the_server() {
    // A real change on the server: the homework "done" flag, set through
    // the API by another session of the same student.
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    login(config.path(), &server, "default");
    pronote(config.path())
        .args(["watch", "--once"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());

    let url = server.page("eleve.html");
    let subject = server.runtime.block_on(async {
        let client = pronote_api::LoginBuilder::password(&url, "demonstration", "pronotevs")
            .connect()
            .await
            .unwrap();
        let from = time::macros::date!(2025 - 11 - 18);
        let homework = client
            .homework(from, from + time::Duration::days(14))
            .await
            .unwrap();
        let pending = homework
            .iter()
            .find(|h| !h.done)
            .expect("a pending homework");
        client.set_homework_done(pending, true).await.unwrap();
        // And a message in an open discussion.
        let discussions = client.discussions().await.unwrap();
        let open = discussions
            .discussions
            .iter()
            .find(|d| !d.closed)
            .expect("an open discussion");
        client.reply(open, "Bien reçu, merci.").await.unwrap();
        pending.subject.name.clone()
    });

    let exec_log = config.path().join("events.log");
    pronote(config.path())
        .args(["watch", "--once", "--exec"])
        .arg(format!(
            "printf '%s|%s\\n' \"$PRONOTE_EVENT\" \"$PRONOTE_EVENT_TEXT\" >> '{}'",
            exec_log.display()
        ))
        .assert()
        .success();
    let log = std::fs::read_to_string(&exec_log).unwrap();
    assert!(
        log.starts_with("homework_changed|homework marked done: "),
        "{log}"
    );
    assert!(log.contains(&subject), "{log}");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[1].starts_with("new_message|1 new message in "),
        "{log}"
    );
}

#[test]
fn export_ical_writes_a_folded_crlf_calendar() {
    let config = TempDir::new().unwrap();
    let file = config.path().join("out/timetable.ics");
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
    assert!(events > 20, "{events}");
    assert_eq!(events, text.matches("END:VEVENT").count());
    assert!(text.contains("DTSTART:20251117T080000"));
    assert!(text.contains("STATUS:CANCELLED"));
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

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn demo_notebook_report_menus_and_staff_as_tables() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "--color=never", "absences"])
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
        .args(["--demo", "--color=never", "report"])
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

    let report = run(&["report"]);
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
fn messages_list_read_reply_and_send_against_a_server() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    pronote(config.path())
        .args(["--color=never", "messages"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Devoir maison n°2")
                .and(predicate::str::contains("M. DUPONT Jean"))
                .and(predicate::str::contains("Voyage en Espagne (closed)")),
        );
    pronote(config.path())
        .args(["messages", "reply", "1", "Merci pour la réponse."])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Replied to \"Devoir maison n°2\".",
        ));
    pronote(config.path())
        .args(["--color=never", "messages", "read", "1"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Oui, l'exercice 3 est obligatoire.")
                .and(predicate::str::contains("Merci pour la réponse.")),
        );
    let output = pronote(config.path())
        .args(["messages", "read", "1", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let thread = json_of(&output);
    assert_eq!(thread["discussion"]["subject"], "Devoir maison n°2");
    let messages = thread["thread"]["messages"].as_array().unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m["content"] == "Merci pour la réponse." && m["from_me"] == true),
        "{thread}"
    );
    // A closed discussion refuses replies: one line, exit code 1.
    pronote(config.path())
        .args(["messages", "reply", "3", "Et le retour ?"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("La discussion est fermée"));
    pronote(config.path())
        .args(["messages", "read", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no discussion #99"));
    // A new discussion.
    pronote(config.path())
        .args([
            "messages",
            "send",
            "--to",
            "dupont",
            "--subject",
            "Question sur le cours",
            "Bonjour, pourriez-vous réexpliquer le théorème ?",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Sent \"Question sur le cours\" to M. DUPONT Jean.",
        ));
    let output = pronote(config.path())
        .args(["messages", "--json"])
        .output()
        .unwrap();
    let list = json_of(&output);
    assert!(
        list["discussions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["subject"] == "Question sur le cours"),
        "{list}"
    );
    pronote(config.path())
        .args(["messages", "send", "--to", "M.", "--subject", "S", "T"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("matches several recipients"));
}

#[test]
fn news_lists_content_and_answers_a_survey() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "--color=never", "news"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Rentrée scolaire 2025")
                .and(predicate::str::contains(
                    "Les emplois du temps définitifs sont en ligne.",
                ))
                .and(predicate::str::contains(
                    "[attachment] Convocation_reunion.pdf",
                ))
                .and(predicate::str::contains("2) Satisfait")),
        );
    let server = TestServer::start();
    login(config.path(), &server, "default");
    let output = pronote(config.path())
        .args(["news", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let news = json_of(&output);
    let items = news["items"].as_array().unwrap();
    let number = items
        .iter()
        .position(|i| i["title"] == "Sondage : menus de la cantine")
        .unwrap()
        + 1;
    pronote(config.path())
        .args(["news", "answer", &number.to_string(), "-q", "satisf", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Answered \"Satisfaction\""));
    pronote(config.path())
        .args(["news", "answer", &number.to_string(), "-q", "satisf", "9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no choice 9"));
    let output = pronote(config.path())
        .args(["news", "--json"])
        .output()
        .unwrap();
    let news = json_of(&output);
    let survey = &news["items"][number - 1];
    let question = &survey["questions"][0];
    assert_eq!(question["title"], "Satisfaction");
    assert_eq!(question["response"]["answered"], true, "{survey}");
}

/// Serves one canned geolocation reply on a loopback port and returns its
/// URL and the request body it received.
fn geolocation_server(reply: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/swie/geoloc.php", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = stream.read(&mut buffer).unwrap();
            request.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&request).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    (url, handle)
}

#[test]
fn schools_near_a_position_from_a_configurable_endpoint() {
    const REPLY: &str = r#"[
        {"url":"HTTPS://0250000A.INDEX-EDUCATION.NET/PRONOTE/","nomEtab":"COLLEGE LOIN","lat":"47.30","long":"6.10","cp":"25000"},
        {"url":"https://0250001b.index-education.net/pronote/","nomEtab":"LYCEE PROCHE","lat":"47.2380","long":"6.0240","cp":"25000"}
    ]"#;
    let config = TempDir::new().unwrap();
    let (url, server) = geolocation_server(REPLY);
    let output = pronote(config.path())
        .args(["schools", "near", "47.2378,6.0241", "--json", "--url", &url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let request = server.join().unwrap();
    assert!(
        request.contains("geoLoc") && request.contains("47.2378"),
        "{request}"
    );
    let schools = json_of(&output);
    assert_eq!(schools[0]["name"], "LYCEE PROCHE", "{schools}");
    assert_eq!(schools[1]["name"], "COLLEGE LOIN");
    assert_eq!(
        schools[1]["url"],
        "https://0250000a.index-education.net/pronote/"
    );

    let (url, server) = geolocation_server(REPLY);
    pronote(config.path())
        .args([
            "--color=never",
            "schools",
            "near",
            "47.2378,6.0241",
            "--url",
            &url,
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"0\.0 km\s+LYCEE PROCHE\s+25000")
                .unwrap()
                .and(predicate::str::contains("COLLEGE LOIN")),
        );
    server.join().unwrap();

    pronote(config.path())
        .args(["schools", "near", "91,0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("out of range"));
}

#[test]
fn ent_providers_and_ent_login_usage() {
    let config = TempDir::new().unwrap();
    let output = pronote(config.path())
        .args(["ent", "list", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let providers = json_of(&output);
    let providers = providers.as_array().unwrap();
    assert_eq!(
        providers.len(),
        pronote_ent::providers().len(),
        "every built-in provider"
    );
    let arsene = providers
        .iter()
        .find(|p| p["name"] == "cas_arsene76")
        .unwrap();
    assert_eq!(arsene["region"], "Seine-Maritime (76)");
    assert_eq!(arsene["family"], "cas");
    pronote(config.path())
        .args(["--color=never", "ent", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("cas_arsene76")
                .and(predicate::str::contains("Seine-Maritime (76)")),
        );
    // An unknown provider is a usage error, and the password never shows.
    pronote(config.path())
        .env("PRONOTE_PASSWORD", "s3cr3t-ent")
        .args([
            "login",
            "--ent",
            "nope_nowhere",
            "--url",
            "http://127.0.0.1:9/pronote/eleve.html",
            "--username",
            "jean",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no ENT provider named \"nope_nowhere\"")
                .and(predicate::str::contains("s3cr3t-ent").not()),
        );
    // Without a terminal, the password must come from the environment.
    pronote(config.path())
        .args([
            "login",
            "--ent",
            "cas_arsene76",
            "--url",
            "http://127.0.0.1:9/pronote/eleve.html",
            "--username",
            "jean",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PRONOTE_PASSWORD"));
    pronote(config.path())
        .args(["login", "--ent", "cas_arsene76"])
        .assert()
        .code(2);
    assert!(!profile_file(config.path(), "default").exists());
}

/// A PNG picture of a QR code holding `text`, as a phone screenshot would be.
fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let width = code.width();
    let colors = code.to_colors();
    let (scale, margin) = (4u32, 4u32);
    let side = (width as u32 + 2 * margin) * scale;
    let picture = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (
            (x / scale) as i64 - margin as i64,
            (y / scale) as i64 - margin as i64,
        );
        let dark = mx >= 0
            && my >= 0
            && (mx as usize) < width
            && (my as usize) < width
            && colors[my as usize * width + mx as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
