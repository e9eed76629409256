//! Stable lesson uids and the iCalendar export against `pronote-server`
//! in-process: the same lesson has the same uid (and the same event
//! `UID`) in two sessions and for two accounts, and the lessons PRONOTE
//! sends in one slot (a room change) have distinct uids.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::collections::BTreeSet;

use pronote_api::functions::GetTimetable;
use pronote_api::models::Lesson;
use pronote_api::{Client, LoginBuilder};
use pronote_server::{DemoSchool, RunningServer, Server};
use time::macros::{date, datetime};

async fn server(school: DemoSchool) -> RunningServer {
    Server::builder()
        .school(school)
        .version("2025.2.6")
        .encryption(true)
        .compression(true)
        .seed(7)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

async fn login(s: &RunningServer, page: &str) -> Client {
    LoginBuilder::password(format!("{}{page}", s.url()), "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap()
}

/// Two weeks of lessons, cancelled ones kept.
async fn weeks(client: &Client) -> Vec<Lesson> {
    let mut lessons = Vec::new();
    for week in [1, 2] {
        lessons.extend(
            client
                .fetch(&GetTimetable::week(week).keep_superposed_cancelled(true))
                .await
                .unwrap(),
        );
    }
    lessons
}

/// The `UID`s of an iCalendar text, unfolded, in order.
fn uids(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter_map(|line| line.strip_prefix("UID:"))
        .map(str::to_owned)
        .collect()
}

/// What identifies a lesson to a reader, and its uid.
fn keyed(lessons: &[Lesson]) -> Vec<(time::PrimitiveDateTime, Option<String>, bool, String)> {
    lessons
        .iter()
        .map(|l| {
            (
                l.start,
                l.subject.as_ref().map(|s| s.name.clone()),
                l.cancelled,
                l.uid.clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_same_lesson_has_the_same_uid_in_every_login() {
    let s = server(DemoSchool::default()).await;
    let first = login(&s, "eleve.html").await;
    let second = login(&s, "eleve.html").await;
    let (a, b) = (weeks(&first).await, weeks(&second).await);
    assert_eq!(a.len(), 61, "lessons of weeks 1 and 2, cancelled ones kept");
    // The ids are salted per session; the uids are not.
    let ids = |l: &[Lesson]| l.iter().map(|l| l.id.to_string()).collect::<Vec<_>>();
    assert_ne!(ids(&a), ids(&b), "the demo salts ids per session");
    assert_eq!(keyed(&a), keyed(&b));

    // One demo lesson: Monday 1 September, 08h00, mathematics.
    let maths = |lessons: &[Lesson]| {
        lessons
            .iter()
            .find(|l| {
                l.start == datetime!(2025-09-01 8:00)
                    && l.subject.as_ref().map(|s| s.name.as_str()) == Some("MATH\u{c9}MATIQUES")
            })
            .cloned()
            .expect("mathematics on Monday at 08h00")
    };
    let (ma, mb) = (maths(&a), maths(&b));
    assert_ne!(ma.id, mb.id);
    assert_eq!(ma.uid, mb.uid);
    assert_eq!(ma.uid.len(), 16);
    assert!(
        ma.uid
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(ma.uid, ma.identity());

    // Another account seeing the same student: a parent, Lucas selected.
    let parent = login(&s, "parent.html").await;
    parent.select_child("MARTIN Lucas").await.unwrap();
    assert_eq!(keyed(&weeks(&parent).await), keyed(&a));

    // No two lessons share a uid.
    let unique: BTreeSet<&str> = a.iter().map(|l| l.uid.as_str()).collect();
    assert_eq!(unique.len(), a.len());

    // The iCalendar export: the same UIDs in both sessions, each the
    // lesson's uid at the instance's host.
    let (from, to) = (date!(2025 - 09 - 01), date!(2025 - 09 - 12));
    let ics_a = first.timetable_ical(from, to).await.unwrap();
    let ics_b = second.timetable_ical(from, to).await.unwrap();
    let (uids_a, uids_b) = (uids(&ics_a), uids(&ics_b));
    assert_eq!(uids_a, uids_b);
    let shown = first.timetable(from, to).await.unwrap();
    let expected: Vec<String> = shown
        .iter()
        .map(|l| format!("{}@127.0.0.1", l.uid))
        .collect();
    assert_eq!(uids_a, expected);
    assert!(uids_a.contains(&format!("{}@127.0.0.1", ma.uid)));
    s.shutdown().await;
}

#[tokio::test]
async fn lessons_in_one_slot_have_distinct_uids() {
    let s = server(DemoSchool::Lycee).await;
    let client = login(&s, "eleve.html").await;
    let mut found = None;
    for week in 1..=10 {
        let all = client
            .fetch(&GetTimetable::week(week).keep_superposed_cancelled(true))
            .await
            .unwrap();
        let unique: BTreeSet<&str> = all.iter().map(|l| l.uid.as_str()).collect();
        assert_eq!(unique.len(), all.len(), "a uid twice in week {week}");
        let pair = all.iter().find_map(|new| {
            let old = all
                .iter()
                .find(|old| old.start == new.start && old.id != new.id && old.cancelled)?;
            (!new.cancelled).then(|| (old.clone(), new.clone()))
        });
        if let Some(pair) = pair {
            found = Some((week, pair));
            break;
        }
    }
    let (week, (old, new)) = found.expect("a room change in the first ten weeks");
    // PRONOTE's room change: the planned lesson, cancelled, and the
    // lesson in its new room, same subject and class.
    assert_eq!(old.subject, new.subject);
    assert_eq!(old.groups, new.groups);
    assert_ne!(old.rooms, new.rooms);
    assert_eq!(old.identity(), new.identity());
    assert_ne!(old.uid, new.uid);
    // The lesson that takes place keeps the plain identity.
    assert_eq!(new.uid, new.identity());
    assert_eq!(old.uid, format!("{}-2", old.identity()));

    // Seen from another login, the pair keeps its uids.
    let again = login(&s, "eleve.html").await;
    let all = again
        .fetch(&GetTimetable::week(week).keep_superposed_cancelled(true))
        .await
        .unwrap();
    let same_slot: BTreeSet<(bool, String)> = all
        .iter()
        .filter(|l| l.start == new.start)
        .map(|l| (l.cancelled, l.uid.clone()))
        .collect();
    assert!(
        same_slot.contains(&(true, old.uid.clone())),
        "{same_slot:?}"
    );
    assert!(
        same_slot.contains(&(false, new.uid.clone())),
        "{same_slot:?}"
    );

    // Without the cancelled lessons (the default), the lesson that takes
    // place has the same uid: the event stays the same.
    let shown = again.fetch(&GetTimetable::week(week)).await.unwrap();
    assert!(shown.iter().any(|l| l.uid == new.uid && !l.cancelled));
    assert!(!shown.iter().any(|l| l.uid == old.uid));
    s.shutdown().await;
}
