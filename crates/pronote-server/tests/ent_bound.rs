//! An ENT-bound instance (`--ent cas` with the instance's own CAS): the
//! space page sends visitors to the CAS, the CAS hands back a service
//! ticket, the page validates it (over loopback HTTP) and serves `e`/`f`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::borrow::Cow;

use pronote_proto::http::{HttpRequest, Method};
use pronote_proto::login::{LoginConfig, LoginMethod};
use pronote_proto::start::StartPage;
use pronote_server::{Ent, RunningServer, Server};

async fn bound() -> RunningServer {
    Server::builder()
        .seed(5)
        .ent(Ent::Cas { url: None })
        .start()
        .await
        .unwrap()
}

fn header(response: &pronote_proto::http::HttpResponse, name: &str) -> String {
    response.header(name).unwrap_or_default().to_owned()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[tokio::test]
async fn visitors_go_through_the_cas_and_come_back_with_a_ticket() {
    let server = bound().await;
    let page = format!("{}eleve.html", server.url());
    let address = server.local_addr();
    // No session: to the CAS login, with the page as the service.
    let first = common::get(&page).await;
    assert_eq!(first.status, 302);
    let location = header(&first, "location");
    let expected = format!("http://{address}/cas/login?service=");
    assert!(location.starts_with(&expected), "{location}");
    assert_eq!(decode(&location[expected.len()..]), page);
    // The CAS form posts to its own URL, service in the query.
    let post = |password: &str| HttpRequest {
        method: Method::Post,
        url: location.clone(),
        headers: vec![(
            Cow::Borrowed("content-type"),
            "application/x-www-form-urlencoded".to_owned(),
        )],
        body: format!("username=demonstration&password={password}").into_bytes(),
    };
    assert_eq!(common::send(&post("bad")).await.unwrap().status, 401);
    let granted = common::send(&post("pronotevs")).await.unwrap();
    assert_eq!(granted.status, 302);
    let back = header(&granted, "location");
    let ticket_prefix = format!("{page}?ticket=ST-");
    assert!(back.starts_with(&ticket_prefix), "{back}");
    // The page validates the ticket and logs in with e/f.
    let config = LoginConfig::new(back.clone(), LoginMethod::Ent);
    let logged = common::login(config, None).await.unwrap();
    assert_eq!(logged.user()["ressource"]["L"], "MARTIN Lucas");
    // A ticket is single-use.
    assert_eq!(common::get(&back).await.status, 403);
    // A forged one is refused.
    assert_eq!(
        common::get(&format!("{page}?ticket=ST-FORGED"))
            .await
            .status,
        403
    );
    // With the CAS session (its cookie), the CAS sends the user straight
    // back with a new ticket.
    let cookie = header(&granted, "set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let again = common::send(&HttpRequest {
        method: Method::Get,
        url: location.clone(),
        headers: vec![(Cow::Borrowed("cookie"), cookie)],
        body: Vec::new(),
    })
    .await
    .unwrap();
    assert_eq!(again.status, 302);
    let second = header(&again, "location");
    assert!(second.starts_with(&ticket_prefix) && second != back);
    let body = String::from_utf8(common::get(&second).await.body).unwrap();
    let start = StartPage::parse(&body).unwrap();
    assert!(start.params.ent.is_some());
    // A ticket issued for the student page is refused on the parent page.
    let parent = format!("{}parent.html", server.url());
    let ticket = &second[second.find("ticket=").unwrap()..];
    assert_eq!(common::get(&format!("{parent}?{ticket}")).await.status, 403);
}

#[tokio::test]
async fn login_true_bypasses_the_ent() {
    let server = bound().await;
    let page = format!("{}eleve.html?login=true", server.url());
    let response = common::get(&page).await;
    assert_eq!(response.status, 200);
    let start = StartPage::parse(&String::from_utf8(response.body).unwrap()).unwrap();
    assert!(start.params.ent.is_none());
    let config = LoginConfig::new(
        page,
        LoginMethod::Password {
            username: "demonstration".into(),
            password: "pronotevs".into(),
        },
    );
    let logged = common::login(config, None).await.unwrap();
    assert_eq!(logged.user()["ressource"]["L"], "MARTIN Lucas");
}

#[tokio::test]
async fn an_unreachable_cas_refuses_the_ticket() {
    let server = Server::builder()
        .seed(5)
        .ent(Ent::Cas {
            url: Some("http://127.0.0.1:9/cas".into()),
        })
        .start()
        .await
        .unwrap();
    let page = format!("{}eleve.html", server.url());
    let first = common::get(&page).await;
    assert_eq!(first.status, 302);
    assert!(header(&first, "location").starts_with("http://127.0.0.1:9/cas/login?service="));
    assert_eq!(
        common::get(&format!("{page}?ticket=ST-1")).await.status,
        403
    );
}

#[tokio::test]
async fn the_mobile_description_names_the_cas() {
    let server = bound().await;
    let info = common::get(&format!("{}infoMobileApp.json?id=x", server.url())).await;
    let info: serde_json::Value = serde_json::from_slice(&info.body).unwrap();
    assert_eq!(info["CAS"]["actif"], true);
    assert_eq!(
        info["CAS"]["casURL"],
        format!("http://{}/cas", server.local_addr())
    );
}
