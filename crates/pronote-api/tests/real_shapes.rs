//! The shapes of a real 2025 instance, read from `pronote-server`: a room
//! change is two lessons in one slot (the planned one cancelled, the new
//! one), visio addresses are `{_T: 23, V}`, teachers carry no id;
//! `FonctionParametres` sends the working days as `JoursOuvres` `_T` 11,
//! `DureeSequence` as a fraction of a day and `DateServeurHttp` next to
//! `General`. The older timetable shapes (one lesson, a bare address,
//! teachers with ids) are read by `tests/decode.rs`; the older
//! `FonctionParametres` shapes (`_T` 26, minutes, `General.dateServeurHttp`)
//! are read here from each demo school's own reply put back in them.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::functions::GetTimetable;
use pronote_api::models::Instance;
use pronote_api::models::timetable::LessonStatus;
use pronote_api::{Client, LoginBuilder};
use pronote_server::{DemoSchool, RunningServer, Server};
use serde_json::{Value, json};
use time::macros::date;
use time::{Date, Weekday};

/// The last day of the demo year: the demo serves nothing dated after its
/// today, so the counts below are those of the whole year whatever the
/// real date.
const LAST_DAY: Date = date!(2026 - 07 - 03);

async fn student_of(school: DemoSchool, seed: u64, today: Date) -> (RunningServer, Client) {
    let server = Server::builder()
        .school(school)
        .version("2025.2.6")
        .seed(seed)
        .today(today)
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

/// The collège's student (seed 3) on the last day of the year.
async fn student() -> (RunningServer, Client) {
    student_of(DemoSchool::College, 3, LAST_DAY).await
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
    assert_eq!(changes.len(), 11, "room changes in the first term");
    // Each room change adds its planned lesson, hidden by default.
    assert_eq!((shown.len(), all.len()), (414, 414 + 11));
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
    assert_eq!(links.len(), 3, "visio links in the first term");
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
    assert_eq!((taught.len(), lessons.len()), (413, 414));
    assert!(taught.iter().all(|l| l.subject.is_some()));
    server.shutdown().await;
}

/// What a demo school's `FonctionParametres` says about its week and grid,
/// as the api exposes it.
struct Expected {
    school: DemoSchool,
    seed: u64,
    /// The day the test pins: the server's date must be this one.
    today: Date,
    working_days: [Weekday; 5],
    slot_minutes: u32,
    /// Start and end of each place of a day, `HH:MM`.
    starts: &'static [&'static str],
    ends: &'static [&'static str],
}

const WEEK: [Weekday; 5] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
];

/// The collège: 20 half hours from 08h00. Pinned on a Tuesday of the
/// first term, not the default today (the last day of the year).
const COLLEGE: Expected = Expected {
    school: DemoSchool::College,
    seed: 3,
    today: date!(2025 - 11 - 18),
    working_days: WEEK,
    slot_minutes: 30,
    starts: &[
        "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30",
        "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30", "17:00", "17:30",
    ],
    ends: &[
        "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00",
        "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30", "17:00", "17:30", "18:00",
    ],
};

/// The lycée: eight 55-minute places from 08h30, breaks at 10h20 and
/// 15h20, lunch 12h25-13h30. Pinned on a Monday of the second semester.
const LYCEE: Expected = Expected {
    school: DemoSchool::Lycee,
    seed: 0,
    today: date!(2026 - 06 - 01),
    working_days: WEEK,
    slot_minutes: 55,
    starts: &[
        "08:30", "09:25", "10:35", "11:30", "13:30", "14:25", "15:35", "16:30",
    ],
    ends: &[
        "09:25", "10:20", "11:30", "12:25", "14:25", "15:20", "16:30", "17:25",
    ],
};

fn hm(t: Option<time::Time>) -> String {
    t.map_or_else(
        || "none".to_owned(),
        |t| format!("{:02}:{:02}", t.hour(), t.minute()),
    )
}

/// Checks the week, the grid and the server date of `instance` against
/// `expected`.
fn check_grid(instance: &Instance, expected: &Expected) {
    assert_eq!(instance.working_days, expected.working_days);
    assert_eq!(instance.slot_minutes, Some(expected.slot_minutes));
    let places = u32::try_from(expected.starts.len()).unwrap();
    assert_eq!(instance.places_per_day, places);
    let starts: Vec<String> = (0..places).map(|p| hm(instance.slot_start(p))).collect();
    let ends: Vec<String> = (0..places).map(|p| hm(instance.slot_end(p, 1))).collect();
    assert_eq!(starts, expected.starts);
    assert_eq!(ends, expected.ends);
    // Every place lasts what `DureeSequence` says.
    for p in 0..places {
        let length = instance.slot_end(p, 1).unwrap() - instance.slot_start(p).unwrap();
        assert_eq!(
            length.whole_minutes(),
            i64::from(expected.slot_minutes),
            "place {p}"
        );
    }
    // The server's date is the day the test pinned.
    assert_eq!(instance.server_date(), Some(expected.today));
    assert_eq!(
        instance.server_time.map(time::PrimitiveDateTime::date),
        Some(expected.today)
    );
}

/// Logs in to `expected`'s school, checks that its `FonctionParametres`
/// is in the real shapes and that the api reads them; returns the raw
/// reply and what the client read from it.
async fn real_shapes(expected: &Expected) -> (Value, Instance) {
    let (server, client) = student_of(expected.school, expected.seed, expected.today).await;
    let raw = client.export().await.instance;
    let general = &raw["General"];
    assert_eq!(general["JoursOuvres"], json!({"_T": 11, "V": "[1..5]"}));
    let sequence = general["DureeSequence"].as_f64().unwrap();
    let per_hour = general["PlacesParHeure"].as_f64().unwrap();
    assert!(
        (sequence * 1440.0 / per_hour - f64::from(expected.slot_minutes)).abs() < 1e-6,
        "DureeSequence {sequence} is not a day fraction of {} minutes per place",
        expected.slot_minutes
    );
    assert_eq!(raw["DateServeurHttp"]["_T"], 7);
    assert!(general.get("dateServeurHttp").is_none());
    let instance = client.instance().await;
    check_grid(&instance, expected);
    server.shutdown().await;
    (raw, instance)
}

/// `raw` put back in the older shapes: `JoursOuvres` `_T` 26,
/// `DureeSequence` in minutes per place, the server time as
/// `General.dateServeurHttp`.
fn older_shapes(raw: &Value, place_minutes: u32) -> Value {
    let mut older = raw.clone();
    let top = older.as_object_mut().unwrap();
    let time = top.remove("DateServeurHttp").unwrap();
    let general = top.get_mut("General").unwrap().as_object_mut().unwrap();
    general.insert("JoursOuvres".into(), json!({"_T": 26, "V": "[1..5]"}));
    general.insert("DureeSequence".into(), json!(place_minutes));
    general.insert("dateServeurHttp".into(), time);
    older
}

#[tokio::test]
async fn college_week_grid_and_server_date_in_the_real_shapes() {
    real_shapes(&COLLEGE).await;
}

#[tokio::test]
async fn lycee_week_grid_and_server_date_in_the_real_shapes() {
    real_shapes(&LYCEE).await;
}

#[tokio::test]
async fn college_week_grid_and_server_date_in_the_older_shapes() {
    let (raw, real) = real_shapes(&COLLEGE).await;
    let older = Instance::from_reply(&older_shapes(&raw, COLLEGE.slot_minutes)).unwrap();
    check_grid(&older, &COLLEGE);
    assert_eq!(older, real);
}

#[tokio::test]
async fn lycee_week_grid_and_server_date_in_the_older_shapes() {
    let (raw, real) = real_shapes(&LYCEE).await;
    let older = Instance::from_reply(&older_shapes(&raw, LYCEE.slot_minutes)).unwrap();
    check_grid(&older, &LYCEE);
    assert_eq!(older, real);
}
