//! `watch`: snapshots and the changes reported.
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
        .stderr(predicate::str::contains("Now watching"));
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
