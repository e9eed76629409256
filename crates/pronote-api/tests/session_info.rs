//! The server's date, the current period, the user's rights, delegate
//! classes and previous connection, against `pronote-server` in-process.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::models::authorisations::tab;
use pronote_api::{Client, LoginBuilder};
use pronote_server::{RunningServer, Server};
use time::Date;
use time::macros::date;

async fn server_on(today: Date) -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .seed(7)
        .today(today)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

async fn login(s: &RunningServer, page: &str, user: &str) -> Client {
    LoginBuilder::password(format!("{}{page}", s.url()), user, "pronotevs")
        .connect()
        .await
        .unwrap()
}

#[tokio::test]
async fn server_date_is_the_instances_day() {
    let s = server_on(date!(2026 - 01 - 15)).await;
    let client = login(&s, "eleve.html", "demonstration").await;
    assert_eq!(client.server_date().await, date!(2026 - 01 - 15));
    let instance = client.instance().await;
    assert_eq!(instance.server_date(), Some(date!(2026 - 01 - 15)));
}

#[tokio::test]
async fn current_period_follows_the_server_date() {
    let s = server_on(date!(2026 - 01 - 15)).await;
    let client = login(&s, "eleve.html", "demonstration").await;
    // The grades tab names its default period: the trimester of the day.
    let period = client.current_period(tab::GRADES).await.unwrap();
    assert_eq!(period.name, "Trimestre 2");
    // A tab without a default falls back on the shortest period of the day.
    let period = client.current_period(tab::MENUS).await.unwrap();
    assert_eq!(period.name, "Trimestre 2");
    let instance = client.instance().await;
    let day = date!(2025 - 10 - 01);
    assert_eq!(
        instance.current_period(day, None).unwrap().name,
        "Trimestre 1"
    );
    // Kind 2: the semesters.
    assert_eq!(
        instance.current_period(day, Some(2)).unwrap().name,
        "Semestre 1"
    );
    assert!(
        instance
            .current_period(date!(2026 - 08 - 01), None)
            .is_none()
    );

    let s = server_on(date!(2025 - 10 - 06)).await;
    let client = login(&s, "eleve.html", "demonstration").await;
    assert_eq!(
        client.current_period(tab::GRADES).await.unwrap().name,
        "Trimestre 1"
    );
}

#[tokio::test]
async fn authorisations_per_space() {
    let s = server_on(date!(2025 - 11 - 18)).await;
    let student = login(&s, "eleve.html", "demonstration").await;
    let rights = student.authorisations().await;
    for t in [
        tab::GRADES,
        tab::HOMEWORK,
        tab::LESSON_CONTENTS,
        tab::DISCUSSIONS,
        tab::MENUS,
    ] {
        assert!(rights.can(t), "tab {t}");
    }
    assert!(!rights.can(tab::CLASS_LISTS));
    assert!(rights.can_discuss_with_teachers() && rights.can_discuss_with_staff());
    assert!(!rights.can_discuss_with_parents() && !rights.can_discuss_with_students());
    assert_eq!(rights.max_homework_upload, Some(4_194_304));
    assert!(rights.can_change_password);
    assert!(rights.can_read_timetable_week(10));
    assert_eq!(rights, student.user().await.authorisations);

    let teacher = login(&s, "professeur.html", "demonstration").await;
    let rights = teacher.authorisations().await;
    assert!(rights.can(tab::CLASS_LISTS) && !rights.can(tab::GRADES));
    assert!(rights.can_discuss_with_parents() && rights.can_discuss_with_students());
}

#[tokio::test]
async fn delegate_classes_and_last_connection() {
    let s = server_on(date!(2025 - 11 - 18)).await;
    let first = login(&s, "eleve.html", "demonstration").await;
    assert_eq!(first.last_connection().await, None);
    // The demonstration student is no delegate.
    assert!(first.delegate_classes().await.is_empty());
    assert!(!first.user().await.resource.is_delegate);

    let again = login(&s, "eleve.html", "demonstration").await;
    let previous = again.last_connection().await.unwrap();
    assert_eq!(previous.date(), date!(2025 - 11 - 18));

    // The parent's second child is their class's delegate.
    let parent = login(&s, "parent.html", "demonstration").await;
    let children = parent.user().await.children;
    assert!(!children[0].is_delegate && children[1].is_delegate);
    assert!(parent.delegate_classes().await.is_empty());
    parent.select_child(&children[1].name).await.unwrap();
    let classes = parent.delegate_classes().await;
    assert_eq!(classes.len(), 1);
    assert_eq!(Some(&classes[0].name), children[1].class_name.as_ref());
    assert_eq!(parent.last_connection().await, None);
}
