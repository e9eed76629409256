//! Logging in with the instance's root URL as schools publish it
//! (`https://…/pronote/`, with or without the trailing slash): the space
//! page is read from `infoMobileApp.json`.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use pronote_api::models::AccountKind;
use pronote_api::{Error, LoginBuilder};
use pronote_server::Server;

#[tokio::test]
async fn the_root_url_logs_in_to_the_space_chosen() {
    let server = Server::builder()
        .version("2025.2.6")
        .seed(7)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap();
    let root = server.url();
    assert!(root.ends_with("/pronote/"), "{root}");
    for url in [root.clone(), root.trim_end_matches('/').to_owned()] {
        let client = LoginBuilder::password(url.clone(), "demonstration", "pronotevs")
            .space(AccountKind::Parent)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        let user = client.user().await;
        assert_eq!(user.kind, AccountKind::Parent, "{url}");
        let saved = client.credentials().unwrap();
        assert!(
            saved.page_url.ends_with("/pronote/parent.html"),
            "{}",
            saved.page_url
        );
    }
    let client = LoginBuilder::password(root.clone(), "demonstration", "pronotevs")
        .space(AccountKind::Student)
        .connect()
        .await
        .unwrap();
    assert_eq!(client.user().await.kind, AccountKind::Student);
    // Several spaces and none chosen: said so, not "no Start call found".
    let error = LoginBuilder::password(root, "demonstration", "pronotevs")
        .connect()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Usage(_)), "{error}");
    assert!(error.to_string().contains("several spaces"), "{error}");
    server.shutdown().await;
}
