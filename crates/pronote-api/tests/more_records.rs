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
    assert!(thread.messages.len() >= 2);
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
