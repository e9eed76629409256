//! A first end-to-end run: password login and a timetable call.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use pronote_proto::Call;
use pronote_server::Server;
use serde_json::json;

#[tokio::test]
async fn password_login_and_timetable() {
    let server = Server::builder()
        .version("2025.2.6")
        .seed(1)
        .start()
        .await
        .unwrap();
    let logged = common::login(common::student_login(&server.url()), None)
        .await
        .unwrap();
    assert_eq!(logged.user()["ressource"]["L"], "MARTIN Lucas");
    // The two replies the login hands over come with the server's
    // deflated payload, which reads back to the same data.
    for (reply, data) in [
        (&logged.outcome.instance, logged.instance()),
        (&logged.outcome.user, logged.user()),
    ] {
        let kept = reply.deflated_payload().expect("a deflated payload");
        let again = pronote_proto::RawReply::from_deflated_payload(kept, Default::default())
            .unwrap()
            .data::<serde_json::Value>()
            .unwrap();
        assert_eq!(again, data);
    }
    let mut session = logged.outcome.session;
    let reply = common::call(
        &mut session,
        &Call::new("PageEmploiDuTemps")
            .tab(16)
            .data(json!({"numeroSemaine": 2})),
    )
    .await
    .unwrap();
    let lessons = reply.data["ListeCours"].as_array().unwrap();
    // 30 lessons, two of them moved to another room: each move is two
    // entries in its slot (the lesson as planned, cancelled, and the lesson
    // in its new room), as real instances send it.
    let moved = lessons
        .iter()
        .filter(|l| l["Statut"] == "Changement de salle")
        .count();
    assert_eq!(moved, 2, "room changes of week 2");
    assert_eq!(lessons.len(), 32, "entries of week 2");
    server.shutdown().await;
}
