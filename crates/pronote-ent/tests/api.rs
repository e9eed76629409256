//! `pronote_api::ent`: the first login through an ENT, and the SSO run
//! again when the PRONOTE session must be re-established after the ENT
//! session is gone.

mod idp;

use idp::{Idp, PASSWORD, USERNAME};
use pronote_api::ent::{EntCredentials, EntLoginError, connect_with};
use pronote_api::functions::GetAccount;
use pronote_ent::{EntError, Flow, FormSelector, Provider};
use pronote_server::Server;
use pronote_transport::HyperTransport;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn cas(idp: &Idp) -> Provider {
    Provider {
        name: "test_cas".into(),
        region: "Loopback".into(),
        flow: Flow::Cas {
            url: idp.url("/cas/login"),
            form: Some(FormSelector::class("cas__login-form")),
        },
    }
}

#[tokio::test]
async fn relogin_runs_the_sso_again() -> TestResult {
    let server = Server::builder()
        .seed(5)
        .bind("127.0.0.1:0")
        .start()
        .await?;
    let idp = Idp::start(server.local_addr()).await?;
    let page = format!("{}eleve.html", server.url());
    let transport = HyperTransport::builder().build()?;
    let jar = transport.cookie_jar().clone();
    let client = connect_with(
        transport,
        cas(&idp),
        EntCredentials::new(USERNAME, PASSWORD),
        &page,
    )
    .await?;
    assert_eq!(idp.logins(), 1);
    client.fetch(&GetAccount).await?;
    // The ENT session and the PRONOTE session both expire.
    jar.clear();
    server.expire_sessions();
    client.fetch(&GetAccount).await?;
    assert_eq!(client.login_count().await, 2);
    assert_eq!(idp.logins(), 2, "the SSO ran again");
    // PRONOTE expired, the ENT session did not: no new SSO.
    server.expire_sessions();
    client.fetch(&GetAccount).await?;
    assert_eq!(client.login_count().await, 3);
    assert_eq!(idp.logins(), 2);
    Ok(())
}

#[tokio::test]
async fn first_login_reports_ent_errors() -> TestResult {
    let server = Server::builder()
        .seed(5)
        .bind("127.0.0.1:0")
        .start()
        .await?;
    let idp = Idp::start(server.local_addr()).await?;
    let page = format!("{}eleve.html", server.url());
    let e = connect_with(
        HyperTransport::builder().build()?,
        cas(&idp),
        EntCredentials::new(USERNAME, "nope-nope"),
        &page,
    )
    .await;
    assert!(
        matches!(e, Err(EntLoginError::Ent(EntError::BadCredentials { .. }))),
        "{e:?}"
    );
    Ok(())
}

#[tokio::test]
async fn an_outage_during_relogin_is_kept_for_the_caller() -> TestResult {
    use pronote_api::ent::EntTransport;
    let server = Server::builder()
        .seed(5)
        .bind("127.0.0.1:0")
        .start()
        .await?;
    let idp = Idp::start(server.local_addr()).await?;
    let page = format!("{}eleve.html", server.url());
    let ent = EntTransport::new(
        HyperTransport::builder().build()?,
        cas(&idp),
        EntCredentials::new(USERNAME, PASSWORD),
        &page,
    )?;
    ent.sign_in().await?;
    let client = ent.login_builder().connect().await?;
    assert_eq!(ent.sso_runs(), 1);
    ent.transport().cookie_jar().clear();
    server.expire_sessions();
    idp.set_mode(idp::Mode::Down);
    assert!(client.fetch(&GetAccount).await.is_err());
    assert!(matches!(
        ent.take_last_error(),
        Some(EntError::Unavailable {
            status: Some(503),
            ..
        })
    ));
    // The IdP is back: the next read signs in again.
    idp.set_mode(idp::Mode::Normal);
    client.fetch(&GetAccount).await?;
    assert_eq!(ent.sso_runs(), 3);
    assert!(!format!("{ent:?}").contains(PASSWORD));
    Ok(())
}

/// The whole CAS round trip through an ENT-bound PRONOTE: the flow starts
/// from the PRONOTE page, which sends the browser to the CAS; the CAS logs
/// the user in and sends it back with a service ticket; PRONOTE validates
/// the ticket against the CAS (server to server, over loopback) and serves
/// the page with `e`/`f`; pronote-api logs in with them and reads the
/// timetable, the same as a password login's.
#[tokio::test]
async fn cas_round_trip_through_an_ent_bound_instance() -> TestResult {
    use pronote_api::LoginBuilder;
    use pronote_api::functions::GetTimetable;
    use pronote_server::Ent;

    let idp = Idp::start_cas().await?;
    let server = Server::builder()
        .seed(5)
        .ent(Ent::Cas {
            url: Some(idp.url("/cas")),
        })
        .bind("127.0.0.1:0")
        .start()
        .await?;
    let page = format!("{}eleve.html", server.url());
    let provider = Provider {
        name: "pronote_cas".into(),
        region: "Loopback".into(),
        flow: Flow::Cas {
            url: page.clone(),
            form: Some(FormSelector::class("cas__login-form")),
        },
    };
    let transport = HyperTransport::builder().build()?;
    let session = pronote_ent::login(
        &provider,
        &pronote_ent::EntCredentials::new(USERNAME, PASSWORD),
        &page,
        &transport,
    )
    .await?;
    assert!(
        session.page_url.starts_with(&format!("{page}?ticket=ST-")),
        "{}",
        session.page_url
    );
    assert_eq!(idp.logins(), 1);
    // The flow's landing and the page check each brought a ticket back.
    assert_eq!(idp.validations(), 2);

    let client = connect_with(
        HyperTransport::builder().build()?,
        provider,
        EntCredentials::new(USERNAME, PASSWORD),
        &page,
    )
    .await?;
    assert_eq!(idp.logins(), 2);
    let week = GetTimetable::week(3);
    let through_ent = client.fetch(&week).await?;
    // `?login=true` bypasses the ENT: the same student's password login.
    let direct = LoginBuilder::password(format!("{page}?login=true"), USERNAME, PASSWORD)
        .connect()
        .await?;
    let by_password = direct.fetch(&week).await?;
    assert_eq!(through_ent.len(), 30, "lessons of week 3");
    let summary = |lessons: &[pronote_api::models::Lesson]| {
        lessons
            .iter()
            .map(|l| (l.start, l.end, l.subject.as_ref().map(|s| s.name.clone())))
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&through_ent), summary(&by_password));
    // Wrong credentials at the CAS are the ENT's refusal.
    let e = connect_with(
        HyperTransport::builder().build()?,
        Provider {
            name: "pronote_cas".into(),
            region: "Loopback".into(),
            flow: Flow::Cas {
                url: page.clone(),
                form: None,
            },
        },
        EntCredentials::new(USERNAME, "nope-nope"),
        &page,
    )
    .await;
    assert!(
        matches!(e, Err(EntLoginError::Ent(EntError::BadCredentials { .. }))),
        "{e:?}"
    );
    Ok(())
}
