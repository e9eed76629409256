//! The forced password change at login (`actionsDoubleAuth` 0): the
//! rules in the reply, the local check, the server's own check, the new
//! password replacing the old one, and the order with a PIN step.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use pronote_proto::login::{
    DoubleAuthAnswer, Login, LoginConfig, LoginEvent, LoginMethod, LoginOutput,
};
use pronote_proto::password::{NewPasswordPrompt, PasswordRuleError};
use pronote_proto::{Call, Error, LoginError};
use pronote_server::{RunningServer, Server};
use serde_json::{Value, json};

async fn server() -> RunningServer {
    Server::builder()
        .version("2025.2.6")
        .seed(5)
        .start()
        .await
        .unwrap()
}

fn password(server: &RunningServer, username: &str, password: &str) -> LoginConfig {
    LoginConfig::new(
        format!("{}eleve.html", server.url()),
        LoginMethod::Password {
            username: username.into(),
            password: password.into(),
        },
    )
}

/// What the login asked, in order, and how it ended.
#[derive(Debug, Default)]
struct Run {
    asked: Vec<&'static str>,
    prompts: Vec<NewPasswordPrompt>,
    events: Vec<LoginEvent>,
    errors: Vec<Error>,
}

/// Runs a login, answering a new-password prompt with `passwords` in turn
/// (an answer refused is followed by the next one) and a PIN prompt with
/// `pin`.
async fn drive(
    config: LoginConfig,
    passwords: &[&str],
    pin: Option<&str>,
) -> (Run, Result<Value, Error>) {
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut login = Login::new(config, &mut rng).unwrap();
    let mut run = Run::default();
    let mut passwords = passwords.iter();
    loop {
        match login.poll_output() {
            Some(LoginOutput::Transmit(request)) => {
                let response = common::send(&request).await.unwrap();
                if let Err(e) = login.handle_response(&response) {
                    if login.needs_new_password() {
                        run.errors.push(e);
                    } else {
                        return (run, Err(e));
                    }
                }
            }
            Some(LoginOutput::Event(e)) => run.events.push(e),
            Some(LoginOutput::NewPasswordRequired(prompt)) => {
                run.asked.push("password");
                run.prompts.push(prompt);
                loop {
                    let Some(next) = passwords.next() else {
                        return (run, Err(LoginError::Requires("no more passwords").into()));
                    };
                    match login.submit_new_password(next) {
                        Ok(()) => break,
                        Err(e) => {
                            // Refused locally: nothing was sent.
                            assert!(login.poll_output().is_none());
                            assert!(login.needs_new_password());
                            run.errors.push(e);
                        }
                    }
                }
            }
            Some(LoginOutput::DoubleAuthRequired(prompt)) => {
                run.asked.push("pin");
                assert!(prompt.needs_pin);
                login
                    .submit_double_auth(DoubleAuthAnswer {
                        pin: pin.map(str::to_owned),
                        device_name: Some("tests".into()),
                    })
                    .unwrap();
            }
            Some(LoginOutput::Ready) => {
                let outcome = login.finish().unwrap();
                return (run, Ok(outcome.user.data().unwrap()));
            }
            Some(other) => panic!("unexpected output {other:?}"),
            None => panic!("login stalled"),
        }
    }
}

fn changed(run: &Run) -> Option<String> {
    run.events.iter().find_map(|e| match e {
        LoginEvent::PasswordChanged(p) => Some(p.expose().to_owned()),
        _ => None,
    })
}

#[tokio::test]
async fn a_new_password_is_required_checked_and_replaces_the_old_one() {
    let server = server().await;
    let (run, user) = drive(
        password(&server, "nouveau", "pronotevs"),
        &["Court1!", "sanschiffre!A", "Nouveau-2026"],
        None,
    )
    .await;
    let user = user.unwrap();
    assert_eq!(user["ressource"]["L"], "DUBOIS Chlo\u{e9}");
    assert_eq!(run.asked, ["password"]);
    let prompt = &run.prompts[0];
    assert_eq!((prompt.rules.min, prompt.rules.max), (8, Some(30)));
    assert!(prompt.rules.digit && prompt.rules.special && prompt.rules.mixed_case);
    assert!(!prompt.rules.letter);
    assert!(prompt.message.as_deref().unwrap().contains("mot de passe"));
    assert_eq!(
        run.errors,
        [
            Error::Login(LoginError::PasswordRule(PasswordRuleError::TooShort {
                min: 8
            })),
            Error::Login(LoginError::PasswordRule(PasswordRuleError::NoDigit)),
        ]
    );
    assert_eq!(changed(&run).as_deref(), Some("Nouveau-2026"));
    for e in &run.events {
        assert!(!format!("{e:?}").contains("Nouveau-2026"));
    }

    // The old password no longer works, the new one does, and is not
    // asked to change again.
    let (_, old) = drive(password(&server, "nouveau", "pronotevs"), &[], None).await;
    assert_eq!(old.unwrap_err(), Error::Login(LoginError::BadCredentials));
    let (again, user) = drive(password(&server, "nouveau", "Nouveau-2026"), &[], None).await;
    user.unwrap();
    assert!(again.asked.is_empty());
}

#[tokio::test]
async fn the_password_comes_before_the_pin_and_both_are_saved() {
    let server = server().await;
    let (run, user) = drive(
        password(&server, "nouveaupin", "pronotevs"),
        &["Secur1te!"],
        Some("1234"),
    )
    .await;
    user.unwrap();
    assert_eq!(run.asked, ["password", "pin"]);
    assert_eq!(changed(&run).as_deref(), Some("Secur1te!"));
    // A wrong PIN after a good password: the password is not saved.
    let server = self::server().await;
    let (run, user) = drive(
        password(&server, "nouveaupin", "pronotevs"),
        &["Secur1te!"],
        Some("0000"),
    )
    .await;
    assert_eq!(
        user.unwrap_err(),
        Error::Login(LoginError::WrongDoubleAuthPin)
    );
    assert_eq!(changed(&run), None);
    let (_, user) = drive(password(&server, "nouveaupin", "Secur1te!"), &[], None).await;
    assert_eq!(user.unwrap_err(), Error::Login(LoginError::BadCredentials));
}

#[tokio::test]
async fn the_server_checks_the_rules_too() {
    let server = server().await;
    let mut session = common::login(password(&server, "demonstration", "pronotevs"), None)
        .await
        .unwrap()
        .outcome
        .session;
    let check = |session: &pronote_proto::Session, candidate: &str| {
        let code = session.state().cipher.encrypt_hex(candidate.as_bytes());
        Call::new("SecurisationCompteDoubleAuth").data(json!({"action": 1, "nouveauMDP": code}))
    };
    let call = check(&session, "tropcourt");
    let reply = common::call(&mut session, &call).await.unwrap();
    assert_eq!(reply.data["result"], false);
    assert_eq!(reply.data["erreurMDP"]["reglesNonRespectes"]["V"], "[1]");
    assert_eq!(reply.data["reglesSaisieMDP"]["min"], 8);
    let call = check(&session, "abc");
    let reply = common::call(&mut session, &call).await.unwrap();
    assert_eq!(reply.data["erreurMDP"]["erreurTailleMDP"], true);
    let call = check(&session, "Bon-mot2passe");
    let reply = common::call(&mut session, &call).await.unwrap();
    assert_eq!(reply.data["result"], true);
}

/// The change on every version profile, with a PIN and a token asked for
/// too: the token comes first, the password once saved.
#[tokio::test]
async fn on_every_profile_with_a_token_and_a_pin() {
    use pronote_proto::login::Device;
    for version in [
        "2022.0.2.4",
        "2023.0.3.1",
        "2024.3.8",
        "2024.3.9",
        "2025.1.3",
        "2025.2.6",
        "2026.2.5",
    ] {
        for (encryption, compression) in [(true, true), (false, false)] {
            let server = Server::builder()
                .version(version)
                .encryption(encryption)
                .compression(compression)
                .seed(5)
                .start()
                .await
                .unwrap();
            let label = format!("{version} enc={encryption} comp={compression}");
            let mut config = password(&server, "nouveaupin", "pronotevs");
            config.options.request_token = true;
            config.options.uuid_key = server.uuid_public_key();
            config.device = Device {
                uuid: "profile-device".into(),
                ..Device::default()
            };
            let (run, user) = drive(config, &["Secur1te!"], Some("1234")).await;
            user.unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(run.asked, ["password", "pin"], "{label}");
            let order: Vec<&str> = run
                .events
                .iter()
                .filter_map(|e| match e {
                    LoginEvent::TokenIssued(_) => Some("token"),
                    LoginEvent::PasswordChanged(_) => Some("password"),
                    _ => None,
                })
                .collect();
            assert_eq!(order, ["token", "password"], "{label}");
            let mut config = password(&server, "nouveaupin", "Secur1te!");
            config.options.uuid_key = server.uuid_public_key();
            let (again, user) = drive(config, &[], Some("1234")).await;
            user.unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(again.asked, ["pin"], "{label}");
        }
    }
}

/// A password the school resets: the login asks for a new one, and the
/// server refuses the current one (which follows the rules) before
/// accepting another.
#[tokio::test]
async fn a_reset_password_must_differ_from_the_current_one() {
    let server = server().await;
    let (_, user) = drive(
        password(&server, "nouveau", "pronotevs"),
        &["Nouveau-2026"],
        None,
    )
    .await;
    user.unwrap();
    assert!(server.require_password_change("nouveau"));
    assert!(!server.require_password_change("personne"));
    let (run, user) = drive(
        password(&server, "nouveau", "Nouveau-2026"),
        &["Nouveau-2026", "Autre-2027"],
        None,
    )
    .await;
    user.unwrap();
    assert_eq!(run.asked, ["password", "password"]);
    assert!(
        matches!(
            &run.errors[..],
            [Error::Login(LoginError::NewPasswordRefused(message))] if message.contains("diff\u{e9}rent")
        ),
        "{:?}",
        run.errors
    );
    assert_eq!(changed(&run).as_deref(), Some("Autre-2027"));
    let (_, user) = drive(password(&server, "nouveau", "Autre-2027"), &[], None).await;
    user.unwrap();
}
