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
