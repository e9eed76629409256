//! The demo tells the truth about dates: its today follows the real date,
//! and nothing is dated after it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use common::*;
use tempfile::TempDir;

#[test]
fn the_demo_today_follows_the_real_date() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .env_remove("PRONOTE_TODAY")
        .args(["--demo", "instance", "--json"])
        .output()
        .unwrap();
    let info = json_of(&out);
    let served = info["date"].as_str().unwrap().to_owned();
    // The local date may differ from the UTC one by a day.
    let utc = time::OffsetDateTime::now_utc().date();
    let candidates: Vec<String> = [utc.previous_day(), Some(utc), utc.next_day()]
        .into_iter()
        .flatten()
        .map(|d| pronote_server::demo_today(d).to_string())
        .collect();
    assert!(
        candidates.contains(&served),
        "{served} not in {candidates:?}"
    );
}

#[test]
fn nothing_is_dated_after_the_demo_today() {
    let config = TempDir::new().unwrap();
    let run = |args: &[&str]| {
        let out = pronote(config.path())
            .arg("--demo")
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        json_of(&out)
    };
    // PRONOTE_TODAY is 2025-11-18, inside the first trimester.
    let grades = run(&["grades"]);
    let dates: Vec<&str> = grades["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates.len(), 29, "grades up to the demo's today: {dates:?}");
    assert!(dates.iter().all(|d| *d <= "2025-11-18"), "{dates:?}");
    // The day itself is included.
    assert_eq!(dates.iter().max(), Some(&"2025-11-18"), "{dates:?}");
    let notebook = run(&["absences"]);
    let counts: Vec<(&str, usize)> = ["absences", "delays", "punishments", "observations"]
        .into_iter()
        .map(|kind| (kind, notebook[kind].as_array().unwrap().len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("absences", 1),
            ("delays", 1),
            ("punishments", 0),
            ("observations", 1)
        ],
        "the notebook up to the demo's today: {notebook}"
    );
    for kind in ["absences", "delays", "punishments", "observations"] {
        for item in notebook[kind].as_array().unwrap() {
            let text = item.to_string();
            assert!(
                !text.contains("2025-11-2") && !text.contains("2025-12"),
                "{kind}: {text}"
            );
        }
    }
    let news = run(&["news"]);
    assert_eq!(
        news["items"].as_array().unwrap().len(),
        4,
        "news published by the demo's today: {news}"
    );
    for item in news["items"].as_array().unwrap() {
        assert!(item["created"].as_str().unwrap() <= "2025-11-18", "{item}");
    }
    // The trimester is not over: its report card is not out yet.
    let report = run(&["report"]);
    assert_eq!(
        report,
        serde_json::json!({"Unavailable": {
            "message": "Le bulletin de cette p\u{e9}riode n'est pas encore publi\u{e9}."
        }})
    );
}
