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

#[test]
fn discussions_are_filtered_marked_trashed_and_restored() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    let unread = |config: &std::path::Path| {
        let out = pronote(config)
            .args(["messages", "--unread", "--json"])
            .output()
            .unwrap();
        json_of(&out)["discussions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["subject"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let before = unread(config.path());
    assert!(
        before.contains(&"Devoir maison n°2".to_owned()),
        "{before:?}"
    );
    assert!(
        !before.contains(&"Voyage en Espagne".to_owned()),
        "{before:?}"
    );
    pronote(config.path())
        .args(["messages", "mark", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("read"));
    assert!(!unread(config.path()).contains(&"Devoir maison n°2".to_owned()));
    pronote(config.path())
        .args(["messages", "mark", "1", "--unread"])
        .assert()
        .success();
    assert!(unread(config.path()).contains(&"Devoir maison n°2".to_owned()));

    pronote(config.path())
        .args(["messages", "participants", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("M. DUPONT Jean"));
    pronote(config.path())
        .args(["messages", "recipients", "teachers"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Mme MOREAU Claire"));
    pronote(config.path())
        .args(["messages", "recipients", "staff", "--json"])
        .assert()
        .success();

    pronote(config.path())
        .args(["messages", "trash", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("to the trash"));
    let out = pronote(config.path())
        .args(["messages", "--json"])
        .output()
        .unwrap();
    let listing = json_of(&out);
    let trashed = listing["discussions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["subject"] == "Devoir maison n°2")
        .unwrap();
    let folders: Vec<(&str, &str)> = trashed["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["name"].as_str().unwrap()))
        .collect();
    assert_eq!(folders, [("Trash", "Corbeille")], "{trashed}");
    let number = 1 + listing["discussions"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d["subject"] == "Devoir maison n°2")
        .unwrap();
    pronote(config.path())
        .args(["messages", "restore", &number.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("out of the trash"));
    let count = listing["discussions"].as_array().unwrap().len();
    pronote(config.path())
        .args(["messages", "delete", &number.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Deleted \"Devoir maison n°2\""));
    let out = pronote(config.path())
        .args(["messages", "--json"])
        .output()
        .unwrap();
    let after = json_of(&out);
    let subjects: Vec<&str> = after["discussions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), count - 1, "{subjects:?}");
    assert!(!subjects.contains(&"Devoir maison n°2"), "{subjects:?}");
}

#[test]
fn drafts_are_written_edited_sent_and_deleted() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    pronote(config.path())
        .args(["messages", "draft", "1", "Premier jet"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved the draft"));
    pronote(config.path())
        .args(["messages", "draft", "1", "Second jet"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Replaced the draft"));
    pronote(config.path())
        .args(["messages", "drafts"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Second jet"))
        .stdout(predicate::str::contains("Premier jet").not());
    pronote(config.path())
        .args(["messages", "send-draft", "1"])
        .assert()
        .success();
    pronote(config.path())
        .args(["--color=never", "messages", "read", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Second jet"))
        .stdout(predicate::str::contains("(draft)").not());
    pronote(config.path())
        .args(["messages", "draft", "1", "À jeter"])
        .assert()
        .success();
    pronote(config.path())
        .args(["messages", "delete-draft", "1"])
        .assert()
        .success();
    pronote(config.path())
        .args(["messages", "drafts"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No drafts."));
    pronote(config.path())
        .args(["messages", "send-draft", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no draft"));
}

#[test]
fn news_are_marked_read_acknowledged_deleted_and_surveys_answered_line_by_line() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    let items = |config: &std::path::Path| {
        let out = pronote(config).args(["news", "--json"]).output().unwrap();
        json_of(&out)["items"].as_array().unwrap().clone()
    };
    assert_eq!(items(config.path())[0]["read"], false);
    pronote(config.path())
        .args(["news", "read", "1"])
        .assert()
        .success();
    assert_eq!(items(config.path())[0]["read"], true);
    pronote(config.path())
        .args(["news", "ack", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("acknowledged"));
    let count = items(config.path()).len();
    pronote(config.path())
        .args(["news", "delete", "2"])
        .assert()
        .success();
    let after = items(config.path());
    assert_eq!(after.len(), count - 1);
    let survey = 1 + after.iter().position(|i| i["kind"] == "Survey").unwrap();
    // Without --question, each question is answered in turn (one line
    // each when stdin is not a terminal).
    pronote(config.path())
        .args(["news", "answer", &survey.to_string()])
        .write_stdin("2\nDes frites\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Answered 2 question(s)"));
    let answered = &items(config.path())[survey - 1];
    let questions = answered["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 2, "{answered}");
    assert!(
        questions
            .iter()
            .all(|q| q["kind"] == "SurveyText" || q["response"]["answered"] == true),
        "{answered}"
    );
    // Nothing on stdin: told how to answer.
    pronote(config.path())
        .args(["news", "answer", &survey.to_string()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--question"));
}
