//! The timetable in the shapes of a real 2025 instance, read from
//! `pronote-server`: a room change is two lessons in one slot (the planned
//! one cancelled, the new one), visio addresses are `{_T: 23, V}`, teachers
//! carry no id. The older shapes (one lesson, a bare address, teachers
//! with ids) are read by `tests/decode.rs`; `JoursOuvres` `_T` 11, the
//! day-fraction `DureeSequence` and the top-level `DateServeurHttp` are
//! read in both shapes (`models::instance_grid`'s unit tests).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::functions::GetTimetable;
use pronote_api::models::timetable::LessonStatus;
use pronote_api::{Client, LoginBuilder};
use pronote_server::{RunningServer, Server};
use time::macros::date;

async fn student() -> (RunningServer, Client) {
    let server = Server::builder()
        .version("2025.2.6")
        .seed(3)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap();
    let url = format!("{}eleve.html", server.url());
    let client = LoginBuilder::password(url, "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn room_changes_are_superposed_lessons_shown_once() {
    let (server, client) = student().await;
    let (from, to) = (date!(2025 - 09 - 01), date!(2025 - 12 - 19));
    let shown = client.timetable(from, to).await.unwrap();
    let all = client
        .fetch(&GetTimetable::between(from, to).keep_superposed_cancelled(true))
        .await
        .unwrap();
    let changes: Vec<_> = shown.iter().filter(|l| l.is_room_change()).collect();
    assert!(!changes.is_empty(), "no room change in a term");
    for change in &changes {
        // Shown once, in its new room...
        assert!(!change.cancelled);
        assert_eq!(
            shown.iter().filter(|l| l.start == change.start).count(),
            1,
            "{change:?}"
        );
        // ...and behind it, the lesson as planned: cancelled, same subject,
        // another room.
        let planned: Vec<_> = all
            .iter()
            .filter(|l| l.start == change.start && l.cancelled)
            .collect();
        assert_eq!(planned.len(), 1, "{change:?}");
        assert_eq!(planned[0].status_kind(), Some(LessonStatus::Cancelled));
        assert_eq!(
            planned[0].subject.as_ref().map(|s| &s.name),
            change.subject.as_ref().map(|s| &s.name)
        );
        assert_ne!(planned[0].rooms, change.rooms);
        assert_ne!(planned[0].id, change.id);
    }
    // Every lesson has its own order number (`P`).
    let mut orders: Vec<i64> = all.iter().filter_map(|l| l.order).collect();
    let count = orders.len();
    orders.sort_unstable();
    orders.dedup();
    assert_eq!((orders.len(), count), (all.len(), all.len()));
    server.shutdown().await;
}

#[tokio::test]
async fn visio_addresses_and_teachers_without_ids() {
    let (server, client) = student().await;
    let lessons = client
        .timetable(date!(2025 - 09 - 01), date!(2025 - 12 - 19))
        .await
        .unwrap();
    let links: Vec<_> = lessons.iter().flat_map(|l| &l.visio_links).collect();
    assert!(!links.is_empty(), "no visio link in a term");
    for link in links {
        assert!(
            link.url.starts_with("https://visio.example.com/cours/"),
            "{link:?}"
        );
        assert_eq!(link.label.as_deref(), Some("Classe virtuelle"));
    }
    let taught: Vec<_> = lessons
        .iter()
        .filter(|l| l.is_lesson() && !l.teachers.is_empty())
        .collect();
    assert!(taught.len() > 100, "{}", taught.len());
    assert!(taught.iter().all(|l| l.subject.is_some()));
    server.shutdown().await;
}

#[tokio::test]
async fn working_days_slot_length_and_server_time() {
    use time::Weekday::*;
    let (server, client) = student().await;
    let instance = client.instance().await;
    assert_eq!(
        instance.working_days,
        [Monday, Tuesday, Wednesday, Thursday, Friday]
    );
    // `DureeSequence` is an hour of the grid as a day fraction: 30-minute
    // slots, as `ListeHeures` says.
    assert_eq!(instance.slot_minutes, Some(30));
    let (first, second) = (
        instance.slot_start(0).unwrap(),
        instance.slot_start(1).unwrap(),
    );
    assert_eq!((second - first).whole_minutes(), 30);
    assert!(instance.server_time.is_some());
    server.shutdown().await;
}
