//! The guided first run's other branches, answers piped through stdin
//! (`login --guided`): the double-authentication steps (account
//! `securise`, PIN 1234) and the login through an ENT, the simulated
//! instance's own CAS (`/cas/login`) described as a provider in the file
//! `PRONOTE_ENT_PROVIDERS` names.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

#[test]
fn the_guided_login_asks_the_double_authentication_steps() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    // The school by its address, the students' space, a password, then a
    // wrong PIN with this device's name, and the right PIN.
    let out = pronote(config.path())
        .args(["login", "--guided"])
        .write_stdin(format!(
            "{}\n1\n1\nsecurise\npronotevs\n0000\nportable-de-chloe\n1234\n",
            server.page("")
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout_of(&out).starts_with("Logged in as DUBOIS Chloé — profile \"default\" saved"),
        "{}",
        stdout_of(&out)
    );
    let questions = stderr_of(&out);
    let steps = [
        "Password for securise: ",
        "This account uses double authentication.\n",
        "Double-authentication PIN: ",
        "A name for this device among the account's known devices [pronote-rs]: ",
        "logging in failed: double-authentication PIN rejected; try again with the right double-authentication PIN\n",
        "Double-authentication PIN: ",
    ];
    // In this order.
    let mut rest = questions.as_str();
    for step in steps {
        let at = rest
            .find(step)
            .unwrap_or_else(|| panic!("{step:?} missing or out of order: {questions}"));
        rest = &rest[at + step.len()..];
    }
    // The name is asked once, not again with the second PIN.
    assert_eq!(
        questions.matches("A name for this device").count(),
        1,
        "{questions}"
    );
    assert!(!rest.contains("error"), "{questions}");
    for secret in ["pronotevs", "1234", "0000"] {
        assert!(!questions.contains(secret), "{secret}: {questions}");
    }
    // The device is registered under the name typed.
    let out = pronote(config.path())
        .args([
            "account",
            "security",
            "--check",
            "portable-de-chloe",
            "--json",
        ])
        .env("PRONOTE_2FA_PIN", "1234")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        json_of(&out),
        serde_json::json!({"known": true, "mode": "PIN", "pin_set": true})
    );
    // Three wrong PINs end the guided login: exit 3, the reason last.
    let other = TempDir::new().unwrap();
    pronote(other.path())
        .args(["login", "--guided"])
        .write_stdin(format!(
            "{}\n1\n1\nsecurise\npronotevs\n1111\nportable\n2222\n3333\n",
            server.page("")
        ))
        .assert()
        .code(3)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::ends_with(
            "rejected; try again with the right double-authentication PIN\nDouble-authentication PIN: error: logging in failed: double-authentication PIN rejected; try again with the right double-authentication PIN\n",
        ));
}

/// The simulated instance's CAS as a provider file.
fn provider_file(dir: &std::path::Path, server: &TestServer) -> std::path::PathBuf {
    let cas = server.page("").replace("/pronote/", "/cas/login");
    let path = dir.join("providers.json");
    std::fs::write(
        &path,
        serde_json::json!([{
            "name": "cas_du_college",
            "region": "Loopback (tests)",
            "family": "cas",
            "url": cas,
        }])
        .to_string(),
    )
    .unwrap();
    path
}

#[test]
fn the_guided_login_goes_through_an_ent() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    let providers = provider_file(config.path(), &server);
    // The described provider is listed first.
    let out = pronote(config.path())
        .args(["ent", "list", "--json"])
        .env("PRONOTE_ENT_PROVIDERS", &providers)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let list = json_of(&out);
    assert_eq!(list[0]["name"], "cas_du_college", "{list}");
    assert_eq!(
        list.as_array().unwrap().len(),
        pronote_ent::providers().len() + 1
    );
    // The school by its address, the parents' space, the ENT (searched by
    // its region), then the ENT's username and password.
    let out = pronote(config.path())
        .args(["login", "--guided"])
        .env("PRONOTE_ENT_PROVIDERS", &providers)
        .write_stdin(format!(
            "{}\n2\n3\nloopback\n1\ndemonstration\npronotevs\n",
            server.page("")
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout_of(&out).lines().nth(1),
        Some("Children: MARTIN Lucas, MARTIN Emma (choose with --child NAME)"),
        "{}",
        stdout_of(&out)
    );
    let questions = stderr_of(&out);
    for step in [
        "How do you log in?\n  1) username and password\n  2) QR code made in PRONOTE (a picture or its text)\n  3) through the ENT (regional digital workspace)\n",
        "The ENT's name or region (part of it): ",
        "ENT providers:\n  1) cas_du_college (Loopback (tests))\n",
        "ENT username: ",
        "ENT password for demonstration: ",
    ] {
        assert!(questions.contains(step), "{step:?}: {questions}");
    }
    assert!(!questions.contains("pronotevs"), "{questions}");
    // What was saved is the token PRONOTE issued after the SSO: it logs
    // in again with no ENT.
    saved_token(config.path(), "default");
    pronote(config.path())
        .args(["--color=never", "account"])
        .assert()
        .success()
        .stdout(predicate::str::contains("MARTIN Pierre"));
    // A wrong ENT password is the ENT's refusal, and nothing is saved.
    let other = TempDir::new().unwrap();
    pronote(other.path())
        .args(["login", "--guided"])
        .env("PRONOTE_ENT_PROVIDERS", &providers)
        .write_stdin(format!(
            "{}\n1\n3\ncas_du\n1\ndemonstration\nwrong\n",
            server.page("")
        ))
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("error: the ENT login through cas_du_college failed: ").and(
                predicate::str::ends_with("; check the ENT username and password\n"),
            ),
        );
    assert!(!profile_file(other.path(), "default").exists());
}

#[test]
fn login_ent_finds_a_described_provider() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    let providers = provider_file(config.path(), &server);
    pronote(config.path())
        .args([
            "login",
            "--ent",
            "cas_du_college",
            "--username",
            "demonstration",
            "--url",
        ])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_ENT_PROVIDERS", &providers)
        .env("PRONOTE_PASSWORD", "pronotevs")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Logged in as MARTIN Lucas"));
    // A file that is not provider descriptions is named, not ignored.
    let broken = config.path().join("broken.json");
    std::fs::write(&broken, "{\"name\": 3}").unwrap();
    pronote(config.path())
        .args(["ent", "list"])
        .env("PRONOTE_ENT_PROVIDERS", &broken)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{} is not usable (not ENT provider descriptions (set by PRONOTE_ENT_PROVIDERS)",
            broken.display()
        )));
}
