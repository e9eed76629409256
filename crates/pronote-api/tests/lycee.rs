//! The client against the second demo school (`--school lycee`): an uneven
//! hour grid (55-minute places from 08h30, lunch 12h25-13h30), semesters,
//! room changes as superposed lessons and a canteen on some days only.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::functions::GetTimetable;
use pronote_api::models::Lesson;
use pronote_api::{Client, Error, LoginBuilder};
use pronote_server::{DemoSchool, RunningServer, Server};
use time::macros::{date, time};
use time::{Date, Weekday};

/// The last day of the lycée's year: the demo serves nothing dated after
/// its today, so the counts below are those of the whole year whatever the
/// real date.
const LAST_DAY: Date = date!(2026 - 07 - 03);

async fn lycee() -> (RunningServer, Client) {
    let server = Server::builder()
        .school(DemoSchool::Lycee)
        .seed(0)
        .today(LAST_DAY)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap();
    let page = format!("{}eleve.html", server.url());
    let client = LoginBuilder::password(page, "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    (server, client)
}

fn hm(t: time::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[tokio::test]
async fn the_uneven_grid_gives_real_lesson_times() {
    let (_server, client) = lycee().await;
    let instance = client.instance().await;
    assert_eq!(instance.places_per_day, 8);
    let starts: Vec<String> = (0..8)
        .map(|p| hm(instance.slot_start(p).unwrap()))
        .collect();
    assert_eq!(
        starts,
        [
            "08:30", "09:25", "10:35", "11:30", "13:30", "14:25", "15:35", "16:30"
        ]
    );
    assert_eq!(instance.slot_end(3, 1), Some(time!(12:25)));
    assert_eq!(instance.slot_end(6, 2), Some(time!(17:25)));
    // Monday 8 September, 2NDE 3: the weekly timetable in real times.
    let monday = client
        .timetable(date!(2025 - 09 - 08), date!(2025 - 09 - 08))
        .await
        .unwrap();
    let mut seen: Vec<(String, String, String)> = monday
        .iter()
        .map(|l| {
            (
                hm(l.start.time()),
                hm(l.end.time()),
                l.subject
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    seen.sort();
    let expected = [
        ("08:30", "10:20", "MATH\u{c9}MATIQUES"),
        ("10:35", "11:30", "FRAN\u{c7}AIS"),
        ("11:30", "12:25", "ANGLAIS LV1"),
        ("13:30", "14:25", "HISTOIRE-G\u{c9}OGRAPHIE"),
        ("14:25", "16:30", "PHYSIQUE-CHIMIE"),
    ]
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()));
    assert_eq!(seen, expected);
    // Week numbers and places follow the grid: place = day × 8 + slot.
    let french = monday
        .iter()
        .find(|l| l.start.time() == time!(10:35))
        .unwrap();
    assert_eq!(
        (french.week, french.place, french.slots),
        (2, Some(2), Some(1))
    );
}

/// The first room change of the year, as two superposed lessons.
fn room_change(lessons: &[Lesson]) -> Option<(&Lesson, &Lesson)> {
    let new = lessons
        .iter()
        .find(|l| l.status.as_deref() == Some("Changement de salle"))?;
    let old = lessons
        .iter()
        .find(|l| l.start == new.start && l.id != new.id)?;
    Some((old, new))
}

#[tokio::test]
async fn room_changes_are_superposed_lessons() {
    let (_server, client) = lycee().await;
    let mut found = None;
    for week in 1..=10 {
        let all = client
            .fetch(&GetTimetable::week(week).keep_superposed_cancelled(true))
            .await
            .unwrap();
        if let Some((old, new)) = room_change(&all) {
            found = Some((week, old.clone(), new.clone()));
            break;
        }
    }
    let (week, old, new) = found.expect("a room change in the first ten weeks");
    assert_eq!(week, 1, "the first room change of the year");
    // The old lesson is cancelled, the new one takes its slot in
    // another room; `P` tells them apart.
    assert!(old.cancelled && !new.cancelled);
    assert_eq!(old.status.as_deref(), Some("Cours annul\u{e9}"));
    // `P` numbers the lessons of the reply: distinct, the old one first.
    assert!(old.order.is_some() && old.order.map(|p| p + 1) == new.order);
    assert_eq!((old.start, old.end), (new.start, new.end));
    assert_eq!(
        old.subject.as_ref().map(|s| &s.name),
        new.subject.as_ref().map(|s| &s.name)
    );
    assert_ne!(old.rooms, new.rooms);
    // By default the cancelled one is hidden, as PRONOTE shows it.
    let shown = client.timetable_week(week).await.unwrap();
    let in_slot: Vec<&Lesson> = shown.iter().filter(|l| l.start == new.start).collect();
    assert_eq!(in_slot.len(), 1);
    assert_eq!(in_slot[0].id, new.id);
}

#[tokio::test]
async fn grades_are_by_semester() {
    let (_server, client) = lycee().await;
    let instance = client.instance().await;
    let periods: Vec<(&str, time::Date, time::Date)> = instance
        .periods
        .iter()
        .map(|p| (p.name.as_str(), p.start, p.end))
        .collect();
    assert_eq!(
        periods,
        [
            ("Semestre 1", date!(2025 - 09 - 01), date!(2026 - 01 - 31)),
            ("Semestre 2", date!(2026 - 02 - 01), date!(2026 - 07 - 03)),
        ]
    );
    for period in &instance.periods {
        let overview = client.grades(&period.name).await.unwrap();
        assert_eq!(overview.period, period.name);
        assert_eq!(overview.grades.len(), 31, "{}", period.name);
        assert!(
            overview
                .grades
                .iter()
                .all(|g| period.start <= g.date && g.date <= period.end)
        );
        assert_eq!(
            client.evaluations(&period.name).await.unwrap().len(),
            7,
            "{}",
            period.name
        );
    }
    assert!(matches!(
        client.grades("Trimestre 1").await,
        Err(Error::NotFound(_))
    ));
    // The first semester's report card is published, the second's not yet.
    let card = client.report_card("Semestre 1").await.unwrap();
    assert_eq!(card.report().unwrap().subjects.len(), 10);
    let card = client.report_card("Semestre 2").await.unwrap();
    assert!(card.report().is_none());
}

#[tokio::test]
async fn the_canteen_serves_some_days_only() {
    let (_server, client) = lycee().await;
    let days: Vec<Weekday> = client
        .menus(date!(2025 - 09 - 10))
        .await
        .unwrap()
        .iter()
        .map(|m| m.date.weekday())
        .collect();
    assert_eq!(days, [Weekday::Monday, Weekday::Tuesday, Weekday::Thursday]);
}

#[tokio::test]
async fn the_teacher_sees_both_lessons_of_a_room_change() {
    let server = Server::builder()
        .school(DemoSchool::Lycee)
        .seed(0)
        .today(LAST_DAY)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap();
    let page = format!("{}professeur.html", server.url());
    let client = LoginBuilder::password(page, "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap();
    let mut pair = None;
    for week in 1..=30 {
        let lessons = client
            .fetch(&GetTimetable::week(week).keep_superposed_cancelled(true))
            .await
            .unwrap();
        assert!(lessons.iter().all(|l| {
            l.subject
                .as_ref()
                .is_some_and(|s| s.name == "MATH\u{c9}MATIQUES")
                && l.start.time() >= time!(08:30)
                && l.end.time() <= time!(17:25)
        }));
        if let Some((old, new)) = room_change(&lessons) {
            pair = Some((week, old.clone(), new.clone()));
            break;
        }
    }
    let (week, old, new) = pair.expect("a room change of M. DUPONT's in 30 weeks");
    assert_eq!(week, 2, "M. DUPONT's first room change");
    assert!(old.cancelled && !new.cancelled);
    // `P` numbers the lessons of the reply: distinct, the old one first.
    assert!(old.order.is_some() && old.order.map(|p| p + 1) == new.order);
}

/// Every read of the student, parent and vie scolaire spaces works on the
/// lycée and shows its data.
#[tokio::test]
async fn every_space_reads_the_lycee() {
    let (server, client) = lycee().await;
    let (monday, friday) = (date!(2025 - 09 - 08), date!(2025 - 09 - 12));
    assert_eq!(
        client
            .homework(monday, date!(2025 - 10 - 31))
            .await
            .unwrap()
            .len(),
        60
    );
    assert_eq!(
        client.lesson_contents(monday, friday).await.unwrap().len(),
        16
    );
    let mut absences = Vec::new();
    for semester in ["Semestre 1", "Semestre 2"] {
        let notebook = client.notebook(semester).await.unwrap();
        absences.push(notebook.absences.len());
        // Absences follow the grid: they start with the first place.
        assert!(
            notebook
                .absences
                .iter()
                .all(|a| a.start.time() == time!(08:30)),
            "{:?}",
            notebook.absences
        );
    }
    assert_eq!(absences, [1, 5], "absences by semester");
    let account = client.account().await.unwrap();
    assert_eq!(account.email.as_deref(), Some("lea.robert@eleves.example"));
    let staff = client.teaching_staff().await.unwrap();
    assert!(
        staff
            .iter()
            .any(|s| s.name == "M. DUPONT Jean" && s.main_teacher)
    );
    assert_eq!(client.news().await.unwrap().items.len(), 5);
    assert_eq!(client.discussions().await.unwrap().discussions.len(), 3);
    client.homepage(monday).await.unwrap();
    let ics = client.timetable_ical(monday, monday).await.unwrap();
    assert!(ics.contains("T103500"), "no lesson at 10h35 in the iCal");
    client.timetable_pdf_url().await.unwrap();
    client.report_card_pdf_url("Semestre 1").await.unwrap();

    let parent = LoginBuilder::password(
        format!("{}parent.html", server.url()),
        "demonstration",
        "pronotevs",
    )
    .connect()
    .await
    .unwrap();
    let children: Vec<String> = parent
        .user()
        .await
        .children
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(children, ["ROBERT L\u{e9}a", "ROBERT Tom"]);

    let school_life = LoginBuilder::password(
        format!("{}viescolaire.html", server.url()),
        "viescolaire",
        "pronotevs",
    )
    .connect()
    .await
    .unwrap();
    let classes = school_life.classes().await;
    let names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["2NDE 3", "1ERE G2", "TLE G1"]);
    let students: Vec<String> = school_life
        .class_students(&classes[0])
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        students,
        [
            "ROBERT L\u{e9}a",
            "BAILLY Enzo",
            "CHARPENTIER Lou",
            "DESCHAMPS Yanis",
            "ETIENNE Clara",
            "FLEURY Mathis",
            "GUILLOT Anna",
            "HUET Sacha",
            "LACROIX Mila",
            "MAILLARD Th\u{e9}o",
        ]
    );
}
