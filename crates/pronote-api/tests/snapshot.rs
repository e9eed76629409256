//! One serialised example of every model kind, checked in as
//! `tests/snapshots/models.json`, so that any change to a model's JSON
//! form (a renamed field, a new one, another number or date format) shows
//! in review.
//!
//! The examples come from a demo `pronote-server` of fixed version, seed
//! and date; lists are cut to their first item; what changes from one
//! login to the next (session-salted ids, the server's clock) is replaced
//! by a placeholder. After an intended change, rewrite the file with
//! `PRONOTE_UPDATE_SNAPSHOTS=1 cargo test -p pronote-api --test snapshot`
//! and review the diff.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::functions::{
    GetEvaluations, GetGrades, GetHomework, GetLessonContents, GetTimetable,
};
use pronote_api::models::discussion::PersonKind;
use pronote_api::{Client, LoginBuilder};
use pronote_server::{RunningServer, Server};
use serde::Serialize;
use serde_json::{Map, Value};
use time::macros::date;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/models.json");

async fn server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .encryption(true)
        .compression(true)
        .seed(7)
        .today(date!(2025 - 11 - 18))
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

async fn login(s: &RunningServer, page: &str, user: &str, password: &str) -> Client {
    LoginBuilder::password(format!("{}{page}", s.url()), user, password)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Keeps the first item of every list, and replaces what differs between
/// logins: session-salted ids (`"12#…"`) and the server's clock.
fn example(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().take(1).map(example).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, item)| {
                    let item = if key == "server_time" && !item.is_null() {
                        Value::from("<server clock>")
                    } else {
                        example(item)
                    };
                    (key, item)
                })
                .collect(),
        ),
        Value::String(text) if is_salted_id(&text) => Value::from("<id>"),
        other => other,
    }
}

/// `"12#AbC_d-9"`: digits, `#`, then URL-safe base64.
fn is_salted_id(text: &str) -> bool {
    let Some((kind, rest)) = text.split_once('#') else {
        return false;
    };
    !kind.is_empty()
        && kind.bytes().all(|b| b.is_ascii_digit())
        && rest.len() >= 8
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

struct Examples(Map<String, Value>);

impl Examples {
    fn add<T: Serialize>(&mut self, kind: &str, model: &T) {
        let value = serde_json::to_value(model).unwrap();
        let value = example(value);
        let empty = match &value {
            Value::Array(items) => items.is_empty(),
            Value::Object(map) => map.is_empty(),
            Value::Null => true,
            _ => false,
        };
        assert!(!empty, "{kind}: the demo gave no example");
        self.0.insert(kind.to_owned(), value);
    }
}

#[tokio::test]
async fn one_example_of_every_model_kind() {
    let s = server().await;
    let mut out = Examples(Map::new());

    let student = login(&s, "eleve.html", "demonstration", "pronotevs").await;
    out.add("Instance", &student.instance().await);
    out.add("User", &student.user().await);
    let lessons = student.fetch(&GetTimetable::week(12)).await.unwrap();
    out.add("Lesson", &lessons);
    let homework = student
        .fetch(&GetHomework::between(
            date!(2025 - 11 - 17),
            date!(2025 - 11 - 30),
        ))
        .await
        .unwrap();
    out.add("Homework", &homework);
    let contents = student
        .fetch(&GetLessonContents::between(
            date!(2025 - 11 - 10),
            date!(2025 - 11 - 14),
        ))
        .await
        .unwrap();
    out.add("LessonContents", &contents);
    out.add(
        "GradesOverview",
        &student.fetch(&GetGrades::new("Trimestre 1")).await.unwrap(),
    );
    out.add(
        "Evaluation",
        &student
            .fetch(&GetEvaluations::new("Trimestre 1"))
            .await
            .unwrap(),
    );
    out.add("Notebook", &student.notebook("Trimestre 1").await.unwrap());
    out.add(
        "ReportCard",
        &student.report_card("Trimestre 1").await.unwrap(),
    );
    out.add(
        "DayMenu",
        &student.menus(date!(2025 - 11 - 17)).await.unwrap(),
    );
    out.add("Account", &student.account().await.unwrap());
    out.add("StaffMember", &student.teaching_staff().await.unwrap());
    out.add(
        "Homepage",
        &student.homepage(date!(2025 - 11 - 18)).await.unwrap(),
    );
    let discussions = student.discussions().await.unwrap();
    out.add("Discussions", &discussions);
    let first = discussions.discussions.first().unwrap();
    out.add("Thread", &student.messages(first).await.unwrap());
    out.add("Participant", &student.participants(first).await.unwrap());
    out.add(
        "Recipient",
        &student.recipients(PersonKind::Teacher).await.unwrap(),
    );
    let news = student.news().await.unwrap();
    out.add("News", &news);

    let staff = login(&s, "viescolaire.html", "viescolaire", "pronotevs").await;
    let classes = staff.classes().await;
    out.add("Class", &classes);
    let pupils = staff.class_students(&classes[0]).await.unwrap();
    out.add("ClassStudent", &pupils);
    out.add(
        "StudentFile",
        &staff.student_file(&pupils[0]).await.unwrap(),
    );
    s.shutdown().await;

    let mut text = serde_json::to_string_pretty(&Value::Object(out.0)).unwrap();
    text.push('\n');
    if std::env::var_os("PRONOTE_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(SNAPSHOT).parent().unwrap()).unwrap();
        std::fs::write(SNAPSHOT, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(SNAPSHOT)
        .unwrap_or_else(|e| panic!("{SNAPSHOT}: {e}; write it with PRONOTE_UPDATE_SNAPSHOTS=1"));
    if expected != text {
        // The first line that differs, then the whole new text.
        let line = expected
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(text.lines().count()));
        panic!(
            "the models' JSON changed (first at line {}); if intended, rewrite {SNAPSHOT} \
             with PRONOTE_UPDATE_SNAPSHOTS=1 and review the diff.\nnew text:\n{text}",
            line + 1
        );
    }
}
