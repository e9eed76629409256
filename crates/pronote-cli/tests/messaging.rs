//! Discussions and news.
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
