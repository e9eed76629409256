//! The forced password change at login against `pronote-server`
//! in-process: the step, its rules checked before anything is sent, the
//! server's refusal, the change, and a double authentication after it.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed expectation is a test failure"
)]

use std::sync::{Arc, Mutex};

use pronote_api::{Credentials, DoubleAuthAnswer, Error, LoginBuilder, LoginStep, Secret};
use pronote_proto::LoginError;
use pronote_server::{RunningServer, Server};
use pronote_transport::{HyperTransport, TransportError};

async fn server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .encryption(true)
        .compression(true)
        .seed(7)
        .bind("127.0.0.1:0")
        .start()
        .await
        .unwrap()
}

fn page(server: &RunningServer, page: &str) -> String {
    format!("{}{page}", server.url())
}

/// A transport that counts what it sends.
#[derive(Clone, Debug)]
struct Counting {
    inner: HyperTransport,
    sent: Arc<std::sync::atomic::AtomicUsize>,
}

impl pronote_transport::Transport for Counting {
    fn send(
        &self,
        request: &pronote_proto::http::HttpRequest,
    ) -> impl Future<Output = Result<pronote_proto::http::HttpResponse, TransportError>> + Send
    {
        self.sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.send(request)
    }
}

#[tokio::test]
async fn a_new_password_is_an_explicit_step() {
    use pronote_api::PasswordRuleError;
    use std::sync::atomic::Ordering;

    let s = server().await;
    let url = page(&s, "eleve.html");
    let err = LoginBuilder::password(&url, "nouveau", "pronotevs")
        .connect()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NewPasswordRequired), "{err}");

    let saved: Arc<Mutex<Vec<Credentials>>> = Arc::default();
    let sink = saved.clone();
    let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let transport = Counting {
        inner: HyperTransport::builder().build().unwrap(),
        sent: sent.clone(),
    };
    let step = LoginBuilder::password(&url, "nouveau", "pronotevs")
        .transport(transport)
        .on_credentials(move |c| sink.lock().unwrap().push(c.clone()))
        .start()
        .await
        .unwrap();
    let LoginStep::NewPasswordRequired(step) = step else {
        panic!("expected a new-password step, got {step:?}");
    };
    let rules = step.rules();
    assert_eq!((rules.min, rules.max), (8, Some(30)));
    assert!(rules.digit && rules.special && rules.mixed_case && !rules.letter);
    assert!(step.message().is_some_and(|m| m.contains("mot de passe")));
    assert!(!format!("{step:?}").contains("pronotevs"));

    // A password breaking a rule is refused before anything is sent.
    let before = sent.load(Ordering::SeqCst);
    let (err, step) = step.answer("sans-chiffre-A").await.unwrap_err();
    assert_eq!(err.password_rule(), Some(&PasswordRuleError::NoDigit));
    assert!(!format!("{err:?} {err}").contains("sans-chiffre"));
    let step = step.expect("the step comes back after a broken rule");
    let (err, step) = step.answer("Court1!").await.unwrap_err();
    assert_eq!(
        err.password_rule(),
        Some(&PasswordRuleError::TooShort { min: 8 })
    );
    let step = step.expect("the step comes back after a broken rule");
    assert_eq!(sent.load(Ordering::SeqCst), before);
    assert!(saved.lock().unwrap().is_empty());
    assert_eq!(step.check("Nouveau-2026"), Ok(()));

    // A good one: the credentials are reported, then the client comes.
    let next = step
        .answer("Nouveau-2026")
        .await
        .map_err(|(e, _)| e)
        .unwrap();
    let LoginStep::Connected(client) = next else {
        panic!("expected to be connected");
    };
    // A call goes through (PageInfosPerso, the same page as client.rs uses).
    client.account().await.unwrap();
    let reported = saved.lock().unwrap().clone();
    assert!(!reported.is_empty());
    for c in &reported {
        assert_eq!(
            c.secret,
            Secret::Password {
                username: "nouveau".into(),
                password: "Nouveau-2026".into()
            }
        );
        assert!(!format!("{c:?}").contains("Nouveau-2026"));
    }

    // The new password logs in with no step, the old one is refused.
    LoginBuilder::credentials(reported.last().unwrap())
        .connect()
        .await
        .unwrap();
    let err = LoginBuilder::password(&url, "nouveau", "pronotevs")
        .connect()
        .await
        .unwrap_err();
    assert!(err.is_bad_credentials(), "{err}");

    // The school resets it: the server refuses the current password as
    // the new one, and the step comes back for another.
    assert!(s.require_password_change("nouveau"));
    let LoginStep::NewPasswordRequired(step) =
        LoginBuilder::password(&url, "nouveau", "Nouveau-2026")
            .start()
            .await
            .unwrap()
    else {
        panic!("expected a new-password step");
    };
    let (err, step) = step.answer("Nouveau-2026").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(pronote_proto::Error::Login(LoginError::NewPasswordRefused(
                _
            )))
        ),
        "{err}"
    );
    let step = step.expect("the step comes back after a refusal");
    let LoginStep::Connected(_) = step.answer("Autre-2027").await.map_err(|(e, _)| e).unwrap()
    else {
        panic!("expected to be connected");
    };
}

#[tokio::test]
async fn a_new_password_then_double_authentication() {
    let s = server().await;
    let url = page(&s, "eleve.html");
    let LoginStep::NewPasswordRequired(step) =
        LoginBuilder::password(&url, "nouveaupin", "pronotevs")
            .start()
            .await
            .unwrap()
    else {
        panic!("expected a new-password step first");
    };
    let LoginStep::DoubleAuth(step) = step.answer("Secur1te!").await.map_err(|(e, _)| e).unwrap()
    else {
        panic!("expected the double-auth step next");
    };
    let wrong = DoubleAuthAnswer {
        pin: Some("0000".into()),
        device_name: Some("test".into()),
    };
    let (_, step) = step.answer(wrong).await.unwrap_err();
    let right = DoubleAuthAnswer {
        pin: Some("1234".into()),
        device_name: Some("test".into()),
    };
    let LoginStep::Connected(client) = step
        .expect("the step comes back after a wrong PIN")
        .answer(right)
        .await
        .map_err(|(e, _)| e)
        .unwrap()
    else {
        panic!("expected to be connected");
    };
    let credentials = client.credentials().expect("password credentials");
    assert_eq!(
        credentials.secret,
        Secret::Password {
            username: "nouveaupin".into(),
            password: "Secur1te!".into()
        }
    );
}
