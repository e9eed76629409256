//! The file a message carries: the maths teacher's first message of
//! "Devoir maison n°2" (the demo student's first discussion) comes with
//! the statement `DM2_enonce.pdf`, shown under the message, listed by
//! `attachments` and downloaded.
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

/// The text the demo prints in the statement's PDF.
const STATEMENT: &str = "(Devoir maison 2 - Mathematiques) Tj T*\n\
(A rendre le lundi 22 septembre 2025) Tj T*\n\
(Exercice 1 : calcul litteral) Tj T*\n\
(Exercice 2 : equations du premier degre) Tj T*\n\
(Exercice 3 : probleme \\(obligatoire\\)) Tj T*\n";

#[test]
fn a_message_shows_its_attachment() {
    let config = TempDir::new().unwrap();
    pronote(config.path())
        .args(["--demo", "--color=never", "messages", "read", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Bonjour, le devoir maison n°2 est à rendre pour lundi. Bon courage !\n  [attachment] DM2_enonce.pdf\n\n",
        ));
    let out = pronote(config.path())
        .args(["--demo", "messages", "read", "1", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let thread = json_of(&out);
    let messages = thread["thread"]["messages"].as_array().unwrap();
    let files: Vec<Vec<(&str, &str)>> = messages
        .iter()
        .map(|m| {
            m["attachments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| (a["name"].as_str().unwrap(), a["kind"].as_str().unwrap()))
                .collect()
        })
        .collect();
    // The first message only, and the file is a file (not a link).
    assert_eq!(
        files,
        vec![vec![("DM2_enonce.pdf", "File")], vec![], vec![]],
        "{thread}"
    );
}

#[test]
fn a_message_attachment_is_listed_and_downloaded() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["--demo", "attachments", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let all = json_of(&out);
    let from_messages: Vec<(usize, &serde_json::Value)> = all
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, a)| a["source"] == "message")
        .collect();
    assert_eq!(from_messages.len(), 1, "{all}");
    let (index, item) = from_messages[0];
    assert_eq!(
        *item,
        serde_json::json!({
            "source": "message",
            "date": "2025-09-15",
            "about": "Devoir maison n°2",
            "name": "DM2_enonce.pdf",
            "link": false,
            "target": null,
        })
    );
    let number = (index + 1).to_string();
    // The table names it as well.
    pronote(config.path())
        .args(["--demo", "--color=never", "attachments"])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(format!(
                r"(?m)^ *{number} +15/09/2025 +message +Devoir maison n°2 +DM2_enonce\.pdf *$"
            ))
            .unwrap(),
        );
    let dir = config.path().join("files");
    std::fs::create_dir(&dir).unwrap();
    pronote(config.path())
        .args(["--demo", "attachments", "--get", &number, "--out"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "Saved {} (",
            dir.join("DM2_enonce.pdf").display()
        )));
    let bytes = std::fs::read(dir.join("DM2_enonce.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4\n"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(STATEMENT), "{text}");
    // The size printed is the file's.
    pronote(config.path())
        .args([
            "--demo",
            "attachments",
            "--force",
            "--json",
            "--get",
            &number,
            "--out",
        ])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::function(|out: &str| {
            let saved: serde_json::Value = serde_json::from_str(out).unwrap();
            saved[0]["number"] == index + 1 && saved[0]["bytes"] == bytes.len()
        }));
}
