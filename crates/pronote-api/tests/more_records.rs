//! Replying to a given message, menus over a date range, timetable PDF
//! options and lesson contents by id, against `pronote-server`
//! in-process.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::functions::ReplyToDiscussion;
use pronote_api::models::timetable_pdf::{PdfColour, TimetablePdfOptions};
use pronote_api::{Client, Error, LoginBuilder};
use pronote_server::{RunningServer, Server};
use time::macros::date;

async fn server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .encryption(true)
        .compression(true)
        .seed(7)
        .today(date!(2025 - 09 - 10))
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

async fn student(s: &RunningServer) -> Client {
    LoginBuilder::password(
        format!("{}eleve.html", s.url()),
        "demonstration",
        "pronotevs",
    )
    .connect()
    .await
    .unwrap()
}

#[tokio::test]
async fn reply_to_a_given_message() {
    let s = server().await;
    let client = student(&s).await;
    let list = client.discussions().await.unwrap();
    let discussion = list.by_subject("Devoir maison n\u{b0}2").unwrap();
    let thread = client.messages(discussion).await.unwrap();
    let authors: Vec<&str> = thread.messages.iter().map(|m| m.author.as_str()).collect();
    assert_eq!(
        authors,
        ["M. DUPONT Jean", "Moi", "M. DUPONT Jean"],
        "the demo's thread of Devoir maison n\u{b0}2"
    );
    let first = thread.messages.first().unwrap().clone();
    let latest = thread.messages.last().unwrap().clone();
    assert_ne!(first.id, latest.id);

    client
        .reply_to_message(discussion, &first, "Pour la question 1 :")
        .await
        .unwrap();
    let thread = client.messages(discussion).await.unwrap();
    let answer = thread.messages.last().unwrap();
    assert!(answer.from_me);
    assert_eq!(answer.content, "Pour la question 1 :");
    // It answers the first message, not the latest.
    assert_eq!(answer.source.as_ref(), Some(&first.id));

    // The default reply answers the latest message.
    let latest = answer.clone();
    client.reply(discussion, "Et merci !").await.unwrap();
    let thread = client.messages(discussion).await.unwrap();
    assert_eq!(
        thread.messages.last().unwrap().source.as_ref(),
        Some(&latest.id)
    );

    // A draft cannot be answered.
    let mut draft = first;
    draft.draft = true;
    let err = ReplyToDiscussion::to_message(&thread, &draft, "x").unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err:?}");
}

#[tokio::test]
async fn menus_between_merges_weeks() {
    let s = server().await;
    let client = student(&s).await;
    // Wednesday to the next Tuesday: two weeks asked for, the days
    // outside the range dropped, no Wednesday served.
    let days = client
        .menus_between(date!(2025 - 09 - 03), date!(2025 - 09 - 09))
        .await
        .unwrap();
    let dates: Vec<_> = days.iter().map(|d| d.date).collect();
    assert_eq!(
        dates,
        [
            date!(2025 - 09 - 04),
            date!(2025 - 09 - 05),
            date!(2025 - 09 - 08),
            date!(2025 - 09 - 09)
        ]
    );
    let meals: Vec<usize> = days.iter().map(|d| d.meals.len()).collect();
    assert_eq!(meals, [1, 1, 1, 1], "one lunch a canteen day");
    // The same days as the weekly calls.
    let week = client.menus(date!(2025 - 09 - 08)).await.unwrap();
    assert_eq!(days[2], week[0]);

    let one = client
        .menus_between(date!(2025 - 09 - 05), date!(2025 - 09 - 05))
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    let err = client
        .menus_between(date!(2025 - 09 - 09), date!(2025 - 09 - 03))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err:?}");
}

#[tokio::test]
async fn timetable_pdf_options() {
    let s = server().await;
    let client = student(&s).await;
    let default = client.timetable_pdf_url().await.unwrap();
    let options = TimetablePdfOptions::default()
        .portrait(true)
        .colour(PdfColour::Text)
        .weeks(2, 3);
    let custom = client.timetable_pdf_url_with(options).await.unwrap();
    assert_ne!(default, custom);
    assert!(custom.contains("Emploi%5Fdu%5Ftemps%2Epdf"), "{custom}");
    let pdf = client.download(&custom).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("Format portrait"), "{text}");
    assert!(text.contains("Semaines 2 a 3"), "{text}");

    // The default options are the default layout.
    let same = client
        .timetable_pdf_url_with(TimetablePdfOptions::default())
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&client.download(&same).await.unwrap()).into_owned();
    assert!(!text.contains("Format portrait") && !text.contains("Semaines"));
}

#[tokio::test]
async fn lesson_contents_by_id() {
    let s = server().await;
    let client = student(&s).await;
    let all = client
        .lesson_contents(date!(2025 - 09 - 01), date!(2025 - 09 - 12))
        .await
        .unwrap();
    assert_eq!(all.len(), 39, "lesson contents of 1 to 12 September");
    for entry in all.iter().take(3) {
        let one = client
            .lesson_contents_by_id(entry.id.clone())
            .await
            .unwrap();
        assert_eq!(&one, entry);
    }
    // A homework's link to the lesson it was given in.
    let homework = client
        .homework(date!(2025 - 09 - 01), date!(2025 - 09 - 30))
        .await
        .unwrap();
    let linked = homework
        .iter()
        .find_map(|h| h.lesson_content_id.clone())
        .expect("a homework names its lesson contents");
    let contents = client.lesson_contents_by_id(linked.clone()).await.unwrap();
    assert_eq!(contents.id, linked);
}
