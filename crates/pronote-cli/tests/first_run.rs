//! The guided first run (answers driven through stdin with `login
//! --guided`; on a terminal `pronote login` asks the same by itself) and
//! the instance's address accepted as schools publish it.
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
fn the_instance_address_is_accepted_with_a_space() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    let root = server.page("");
    for url in [root.clone(), root.trim_end_matches('/').to_owned()] {
        pronote(config.path())
            .args([
                "login",
                "--username",
                "demonstration",
                "--space",
                "parent",
                "--url",
                &url,
            ])
            .env("PRONOTE_PASSWORD", "pronotevs")
            .assert()
            .success()
            .stdout(predicate::str::contains("Children:"));
    }
    let saved = std::fs::read_to_string(profile_file(config.path(), "default")).unwrap();
    assert!(saved.contains("parent.html"), "{saved}");
    // Without --space and without a terminal: told to choose one.
    pronote(config.path())
        .args(["login", "--username", "demonstration", "--url", &root])
        .env("PRONOTE_PASSWORD", "pronotevs")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--space"))
        .stderr(predicate::str::contains("Espace Parents"))
        .stderr(predicate::str::contains("Start(").not());
}

#[test]
fn the_guided_login_by_address_asks_each_step() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    let root = server.page("");
    let out = pronote(config.path())
        .args(["login", "--guided"])
        .write_stdin(format!("{root}\n1\n1\ndemonstration\npronotevs\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged in as"))
        .get_output()
        .clone();
    let questions = String::from_utf8_lossy(&out.stderr).into_owned();
    for step in [
        "Your school",
        "Spaces of",
        "How do you log in?",
        "Username",
        "Password",
    ] {
        assert!(questions.contains(step), "{step}: {questions}");
    }
    assert!(!questions.contains("pronotevs"), "{questions}");
    // The saved login works.
    pronote(config.path()).arg("account").assert().success();
}

#[test]
fn the_guided_login_finds_the_school_by_postcode() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    let host = server.page("").trim_end_matches("pronote/").to_owned();
    let out = pronote(config.path())
        .args(["login", "--guided", "--geolocation-url"])
        .arg(format!("{host}swie/geoloc.php"))
        .arg("--geocoder-url")
        .arg(format!("{host}search/"))
        .write_stdin("25000\n1\n2\n1\ndemonstration\npronotevs\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Children:"))
        .get_output()
        .clone();
    let questions = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        questions.contains("COLLÈGE VICTOR HUGO (25000"),
        "{questions}"
    );
    // Input that ends early is a usage error, not a hang.
    pronote(config.path())
        .args(["--profile", "other", "login", "--guided"])
        .write_stdin(format!("{}\n", server.page("")))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the input ended"));
}

#[test]
fn the_guided_login_takes_a_qr_code() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    let out = pronote(config.path())
        .args(["account", "qr-code", "--pin", "2468", "--json"])
        .output()
        .unwrap();
    let code = stdout_of(&out);
    assert!(code.trim_start().starts_with('{'), "{code}");
    pronote(config.path())
        .args(["--profile", "phone", "login", "--guided"])
        .write_stdin(format!(
            "{}\n1\n2\n{}\n2468\n",
            server.page(""),
            code.trim()
        ))
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged in as MARTIN Lucas"));
    pronote(config.path())
        .args(["--profile", "phone", "account"])
        .assert()
        .success();
}
