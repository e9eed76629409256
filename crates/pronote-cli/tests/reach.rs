//! The library's capabilities the command line reaches since issue 15's
//! review: menus over a range of days (`Client::menus_between`), a reply
//! to a given message (`reply_to_message`), who a message went to
//! (`message_recipients`), the lesson contents a homework was set in
//! (`lesson_contents_by_id`), the timetable PDF's layout
//! (`timetable_pdf_url_with`), a news item's details (`news_details`) and
//! the session facts of `account` (`server_date`, `current_period`,
//! `authorisations`, `delegate_classes`, `last_connection`), each checked
//! with the demo's exact values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::{Value, json};
use tempfile::TempDir;

/// The lines of a table output, trailing spaces cut.
fn lines(output: &std::process::Output) -> Vec<String> {
    stdout_of(output)
        .lines()
        .map(|l| l.trim_end().to_owned())
        .collect()
}

fn run(config: &TempDir, args: &[&str]) -> std::process::Output {
    let out = pronote(config.path())
        .args(["--color=never"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    out
}

#[test]
fn menus_over_a_range_of_days() {
    let config = TempDir::new().unwrap();
    // Thursday to the next Tuesday: two weeks asked for, no Wednesday
    // served, the days outside the range left out.
    let out = run(
        &config,
        &[
            "--demo",
            "menus",
            "--from",
            "2025-11-20",
            "--to",
            "25/11/2025",
            "--json",
        ],
    );
    let days = json_of(&out);
    let dates: Vec<&str> = days
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2025-11-20", "2025-11-21", "2025-11-24", "2025-11-25"]
    );
    let starters: Vec<&str> = days
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["meals"][0]["dishes"][0]["foods"][0]["name"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        starters,
        [
            "Carottes râpées",
            "Œuf mayonnaise",
            "Œuf mayonnaise",
            "Betteraves vinaigrette"
        ]
    );
    let out = run(
        &config,
        &[
            "--demo",
            "menus",
            "--from",
            "2025-11-20",
            "--to",
            "2025-11-21",
        ],
    );
    assert_eq!(
        lines(&out),
        [
            "Menus, 20/11/2025 – 21/11/2025",
            "Day        Meal      Course   Food",
            "Thu 20/11  Déjeuner  Starter  Carottes râpées (Bio)",
            "                     Main     Filet de colin meunière (Gluten, Poisson)",
            "                     Side     Ratatouille (Fait maison, Produit local)",
            "                     Cheese   Comté (Produit local, Lait)",
            "                     Dessert  Pomme (Bio, Produit local)",
            "Fri 21/11  Déjeuner  Starter  Œuf mayonnaise (Œuf)",
            "                     Main     Lasagnes à la bolognaise (Fait maison, Gluten, Lait)",
            "                     Side     Ratatouille (Fait maison, Produit local)",
            "                     Cheese   Yaourt nature (Bio, Lait)",
            "                     Dessert  Compote (Bio)",
        ]
    );
    pronote(config.path())
        .args([
            "--demo",
            "menus",
            "--from",
            "2025-11-20",
            "--to",
            "2025-11-19",
        ])
        .assert()
        .code(2)
        .stderr(predicate::eq(
            "error: --to (2025-11-19) is before --from (2025-11-20)\n",
        ));
    pronote(config.path())
        .args([
            "--demo",
            "menus",
            "--date",
            "2025-11-20",
            "--from",
            "2025-11-20",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn a_reply_answers_the_message_given() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    pronote(config.path())
        .args([
            "messages",
            "reply",
            "1",
            "--to-message",
            "1",
            "Pour l'exercice 1, faut-il détailler les calculs ?",
        ])
        .assert()
        .success()
        .stdout(predicate::eq(
            "Replied to message 1 of \"Devoir maison n°2\".\n",
        ));
    let out = run(&config, &["messages", "read", "1", "--json"]);
    let thread = json_of(&out);
    let messages = thread["thread"]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4, "{thread}");
    let answer = &messages[3];
    assert_eq!(
        answer["content"],
        "Pour l'exercice 1, faut-il détailler les calculs ?"
    );
    assert_eq!(answer["from_me"], true);
    // It answers the first message, not the latest.
    assert_eq!(answer["source"], messages[0]["id"], "{thread}");
    assert_ne!(answer["source"], messages[2]["id"]);
    // `messages read` numbers the messages as --to-message counts them.
    let out = run(&config, &["messages", "read", "1"]);
    let headers: Vec<String> = lines(&out)
        .into_iter()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        headers,
        [
            "1. M. DUPONT Jean (Teacher) → Moi",
            "2. Moi (Student) → M. DUPONT Jean",
            "3. M. DUPONT Jean (Teacher) → Moi",
            "4. Moi (Student) → M. DUPONT Jean",
        ]
    );
    let out = run(
        &config,
        &[
            "messages",
            "reply",
            "1",
            "--to-message",
            "2",
            "Et l'exercice 2 ?",
            "--json",
        ],
    );
    assert_eq!(
        json_of(&out),
        json!({"subject": "Devoir maison n°2", "to": null, "answers": 2, "sent": true})
    );
    pronote(config.path())
        .args(["messages", "reply", "1", "--to-message", "9", "Et ?"])
        .assert()
        .code(2)
        .stderr(predicate::eq(
            "error: discussion #1 (\"Devoir maison n°2\") has no message #9 (5 messages): run `pronote messages read 1` to see the numbers\n",
        ));
    // A closed discussion refuses it as it refuses any reply.
    pronote(config.path())
        .args(["messages", "reply", "3", "--to-message", "1", "Et ?"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("La discussion est fermée"));
}

#[test]
fn who_a_message_was_sent_to() {
    let config = TempDir::new().unwrap();
    let out = run(&config, &["--demo", "messages", "sent-to", "1", "2"]);
    assert_eq!(
        lines(&out),
        [
            "Recipients of message 2 of \"Devoir maison n°2\" (Moi, 15/09/2025 16:30)",
            "Name            Kind",
            "M. DUPONT Jean  Teacher",
        ]
    );
    let out = run(
        &config,
        &["--demo", "messages", "sent-to", "1", "2", "--json"],
    );
    let people = json_of(&out);
    let people: Vec<(&str, &str, bool)> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["kind"].as_str().unwrap(),
                p["refuses_messages"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(people, [("M. DUPONT Jean", "Teacher", false)]);
    pronote(config.path())
        .args(["--demo", "messages", "sent-to", "2", "3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "discussion #2 (\"Retard du 12 septembre\") has no message #3 (1 messages)",
        ));
}

#[test]
fn the_lesson_contents_a_homework_was_set_in() {
    let config = TempDir::new().unwrap();
    let out = run(&config, &["--demo", "homework", "--lesson", "5"]);
    assert_eq!(
        lines(&out),
        [
            "Lesson contents of homework #5 (MATHÉMATIQUES, due 19/11/2025)",
            "MATHÉMATIQUES, Tue 18/11 09:00, M. DUPONT Jean",
            "  [Cours] Le calcul littéral",
            "    Cours : Le calcul littéral.",
            "    Pages 26 à 76 du manuel.",
            "  homework set, due 19/11/2025",
            "",
        ]
    );
    let out = run(&config, &["--demo", "homework", "--lesson", "5", "--json"]);
    let contents = json_of(&out);
    assert_eq!(contents["subject"]["name"], "MATHÉMATIQUES");
    assert_eq!(contents["start"], "2025-11-18T09:00:00");
    assert_eq!(contents["end"], "2025-11-18T10:00:00");
    assert_eq!(contents["teachers"], json!(["M. DUPONT Jean"]));
    assert_eq!(contents["homework_due"], "2025-11-19");
    assert_eq!(contents["contents"][0]["title"], "Le calcul littéral");
    // The same entry as the day's lesson contents list (ids aside: they
    // are salted per session).
    let out = run(&config, &["--demo", "lessons", "--json"]);
    let day = json_of(&out);
    let same = day
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["start"] == "2025-11-18T09:00:00")
        .unwrap();
    for field in ["subject", "start", "end", "teachers", "homework_due"] {
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("id");
            }
            v
        };
        assert_eq!(strip(&same[field]), strip(&contents[field]), "{field}");
    }
    pronote(config.path())
        .args(["--demo", "homework", "--lesson", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no homework #99 in this listing (22 items)",
        ));
    pronote(config.path())
        .args(["--demo", "homework", "--lesson", "1", "--mark-done", "1"])
        .assert()
        .code(2);
}

/// The text lines a demo PDF shows, before its lessons.
fn pdf_head(path: &std::path::Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4\n"));
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| l.strip_suffix(" Tj T*"))
        .take_while(|l| *l != "()")
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_timetable_pdf_is_laid_out_by_options() {
    let config = TempDir::new().unwrap();
    let file = config.path().join("week.pdf");
    let out = pronote(config.path())
        .args([
            "--demo",
            "timetable",
            "--week",
            "12",
            "--portrait",
            "--colour",
            "text",
            "--overflow",
            "at-end",
            "--font-size",
            "8",
            "--min-font-size",
            "6,5",
            "--one-grid-per-week",
            "--swap-axes",
            "--skip-empty-slots",
            "--json",
            "--pdf",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let report = json_of(&out);
    assert_eq!(report["file"], file.to_str().unwrap());
    assert_eq!(
        report["bytes"],
        std::fs::metadata(&file).unwrap().len(),
        "{report}"
    );
    assert_eq!(
        report["options"],
        json!({
            "portrait": true,
            "font_size": 8.0,
            "min_font_size": 6.5,
            "colour": "Text",
            "overflow": "AtEnd",
            "one_grid_per_week": true,
            "swap_axes": true,
            "skip_empty_slots": true,
            "span": {"Weeks": {"first": 12, "last": 12}},
        })
    );
    assert_eq!(
        pdf_head(&file),
        [
            "(Emploi du temps - MARTIN Lucas \\(3A\\))",
            "(Format portrait)",
            "(Semaines 12 a 12)"
        ]
    );
    // The weeks of a range of days; a week relative to today's (week 12).
    let range = config.path().join("range.pdf");
    pronote(config.path())
        .args([
            "--demo",
            "timetable",
            "--from",
            "2025-11-17",
            "--to",
            "28/11/2025",
            "--pdf",
        ])
        .arg(&range)
        .assert()
        .success()
        .stderr(predicate::str::starts_with("Saved the timetable PDF ("));
    assert_eq!(
        pdf_head(&range),
        [
            "(Emploi du temps - MARTIN Lucas \\(3A\\))",
            "(Semaines 12 a 13)"
        ]
    );
    let last = config.path().join("last.pdf");
    pronote(config.path())
        .args(["--demo", "timetable", "--week", "-1", "--pdf"])
        .arg(&last)
        .assert()
        .success();
    assert_eq!(
        pdf_head(&last),
        [
            "(Emploi du temps - MARTIN Lucas \\(3A\\))",
            "(Semaines 11 a 11)"
        ]
    );
    // No option: the year, landscape.
    let year = config.path().join("year.pdf");
    pronote(config.path())
        .args(["--demo", "timetable", "--pdf"])
        .arg(&year)
        .assert()
        .success();
    assert_eq!(
        pdf_head(&year),
        ["(Emploi du temps - MARTIN Lucas \\(3A\\))"]
    );
    // Layout options need --pdf; sizes are checked.
    pronote(config.path())
        .args(["--demo", "timetable", "--portrait"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--pdf <FILE>"));
    pronote(config.path())
        .args([
            "--demo",
            "timetable",
            "--font-size",
            "6",
            "--min-font-size",
            "8",
            "--pdf",
        ])
        .arg(config.path().join("no.pdf"))
        .assert()
        .code(2)
        .stderr(predicate::eq(
            "error: --min-font-size (8) is above the font size (6)\n",
        ));
    pronote(config.path())
        .args(["--demo", "timetable", "--font-size", "300", "--pdf"])
        .arg(config.path().join("no.pdf"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a font size is from 1 to 72 points",
        ));
    assert!(!config.path().join("no.pdf").exists());
}

#[test]
fn a_news_item_with_its_details() {
    let config = TempDir::new().unwrap();
    let out = run(&config, &["--demo", "news", "show", "2"]);
    assert_eq!(
        stdout_of(&out),
        "2. Réunion parents-professeurs (Information, Vie de l'établissement), 13/09/2025 08:00, by M. MERCIER Alain (unread)\n  \
         La réunion parents-professeurs aura lieu le jeudi 2 octobre à 18h00 en salle polyvalente.\n  \
         [attachment] Convocation_reunion.pdf\n\n"
    );
    let out = run(&config, &["--demo", "news", "show", "4"]);
    assert_eq!(
        stdout_of(&out),
        "4. Sondage : menus de la cantine (Survey, Vie de l'établissement), 01/10/2025 08:00, by Mme BERNARD Sophie (unread)\n  \
         Satisfaction\n  \
         Êtes-vous satisfait des repas servis à la cantine ?\n    \
         1) Très satisfait\n    \
         2) Satisfait\n    \
         3) Peu satisfait\n    \
         4) Pas du tout satisfait\n  \
         Suggestions\n  \
         Quels plats aimeriez-vous voir plus souvent ?\n\n"
    );
    let out = run(&config, &["--demo", "news", "show", "2", "--json"]);
    let item = json_of(&out);
    assert_eq!(item["title"], "Réunion parents-professeurs");
    assert_eq!(item["created"], "2025-09-13T08:00:00");
    let questions = item["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 1, "{item}");
    assert_eq!(
        questions[0]["attachments"][0]["name"],
        "Convocation_reunion.pdf"
    );
    pronote(config.path())
        .args(["--demo", "news", "show", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no news #99"));
}

#[test]
fn account_tells_the_session_facts() {
    let config = TempDir::new().unwrap();
    let out = run(&config, &["--demo", "account"]);
    let text = lines(&out);
    for line in [
        "Server date      18/11/2025",
        "Current period   Trimestre 1",
        "Last connection  not given (first login)",
        "May open         home, timetable, homework, lesson contents, grades, evaluations, notebook, report cards, menus, staff, discussions, news, account",
        "May write to     teachers, staff",
    ] {
        assert!(text.iter().any(|l| l == line), "{line:?}: {text:#?}");
    }
    assert!(!text.iter().any(|l| l.starts_with("Delegate of")));
    let out = run(&config, &["--demo", "account", "--json"]);
    let account = json_of(&out);
    assert_eq!(account["server_date"], "2025-11-18");
    let period = &account["current_period"];
    assert_eq!(
        (&period["name"], &period["start"], &period["end"]),
        (
            &json!("Trimestre 1"),
            &json!("2025-09-01"),
            &json!("2025-11-30")
        )
    );
    assert_eq!(account["delegate_classes"], json!([]));
    assert_eq!(account["last_connection"], Value::Null);
    let rights = &account["authorisations"];
    assert_eq!(
        rights["tabs"],
        json!([7, 16, 88, 89, 198, 201, 13, 19, 8, 10, 131, 37, 49])
    );
    for (right, value) in [
        ("discussions_with_teachers", json!(true)),
        ("discussions_with_staff", json!(true)),
        ("discussions_with_parents", json!(false)),
        ("discussions_with_students", json!(false)),
        ("max_homework_upload", json!(4_194_304)),
        ("can_change_password", json!(true)),
    ] {
        assert_eq!(rights[right], value, "{right}");
    }
    // Another day of the instance: another server date and period.
    let out = run(
        &config,
        &["--demo", "--today", "2026-01-15", "account", "--json"],
    );
    let account = json_of(&out);
    assert_eq!(account["server_date"], "2026-01-15");
    assert_eq!(account["current_period"]["name"], "Trimestre 2");
    // The parent's second child represents her class.
    let out = run(&config, &["--demo=parent", "--child", "emma", "account"]);
    assert!(
        lines(&out).iter().any(|l| l == "Delegate of      6B"),
        "{}",
        stdout_of(&out)
    );
    let out = run(
        &config,
        &["--demo=parent", "--child", "emma", "account", "--json"],
    );
    let classes: Vec<Value> = json_of(&out)["delegate_classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(classes, [json!("6B")]);
}

#[test]
fn account_tells_the_previous_connection() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    // `login` logs in once; `account` logs in again and is told of it.
    login(config.path(), &server, "default");
    let out = run(&config, &["account", "--json"]);
    let last = json_of(&out)["last_connection"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(is_demo_day_time(&last), "{last}");
    let out = run(&config, &["account"]);
    let line = lines(&out)
        .into_iter()
        .find(|l| l.starts_with("Last connection"))
        .unwrap();
    assert!(line.starts_with("Last connection  18/11/2025 "), "{line}");
}

/// `2025-11-18T` then `HH:MM:SS`: the demo's day at the server's clock.
fn is_demo_day_time(text: &str) -> bool {
    let Some(time) = text.strip_prefix("2025-11-18T") else {
        return false;
    };
    let bytes = time.as_bytes();
    bytes.len() == 8
        && bytes[2] == b':'
        && bytes[5] == b':'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 2 || i == 5 || b.is_ascii_digit())
}
