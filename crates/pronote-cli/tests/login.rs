//! Logins (password, token rotation, QR code, double authentication, ENT)
//! and saved profiles.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

#[test]
fn login_with_the_password_from_the_environment_then_read_with_the_profile() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    login(config.path(), &server, "marie");
    let path = profile_file(config.path(), "marie");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A token was saved, not the password.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("pronotevs"));
    saved_token(config.path(), "marie");

    pronote(config.path())
        .args(["--profile", "marie", "timetable", "--week", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("week 3"))
        .stdout(predicate::str::contains("MATHÉMATIQUES"));
    // Tick a pending homework off, and see it done in the next session.
    let listing = |config: &Path| -> Vec<Value> {
        let out = pronote(config)
            .args(["--profile", "marie", "homework", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
    };
    let before = listing(config.path());
    let number = before.iter().position(|h| h["done"] == false).unwrap() + 1;
    pronote(config.path())
        .args(["--profile", "marie", "homework", "--mark-done"])
        .arg(number.to_string())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Marked done: "));
    let after = listing(config.path());
    assert_eq!(after[number - 1]["done"], true);
    assert_eq!(
        after[number - 1]["description_text"],
        before[number - 1]["description_text"]
    );
    pronote(config.path())
        .args(["--profile", "marie", "instance"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Collège Victor Hugo"));
    pronote(config.path())
        .args(["profiles"])
        .assert()
        .success()
        .stdout(predicate::str::contains("marie"));
    // Another profile is not logged in.
    pronote(config.path())
        .args(["--profile", "other", "grades"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("pronote --profile other login"));
}

#[test]
fn the_saved_token_rotates_at_every_login_and_the_old_one_is_refused() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    login(config.path(), &server, "default");
    let path = profile_file(config.path(), "default");
    let first_file = std::fs::read(&path).unwrap();
    let first = saved_token(config.path(), "default");

    // The most verbose tracing prints neither the old nor the new token.
    let out = pronote(config.path())
        .args(["-vvv", "account"])
        .assert()
        .success()
        .get_output()
        .clone();
    let second = saved_token(config.path(), "default");
    assert_ne!(first, second, "the token rotates on every login");
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(trace.contains("DEBUG"), "{trace}");
    assert!(
        !trace.contains(&first) && !trace.contains(&second),
        "{trace}"
    );

    pronote(config.path()).arg("login").assert().success();
    let third = saved_token(config.path(), "default");
    assert_ne!(second, third);

    // Put the first (used) token back: the server refuses it, and the
    // message says what to do without printing the token.
    std::fs::write(&path, first_file).unwrap();
    let out = pronote(config.path())
        .arg("timetable")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("run `pronote login` again"))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(&first), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn processes_sharing_a_profile_follow_each_others_rotations() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    login(config.path(), &server, "default");
    // Three processes start from the same token: one wins it, the others
    // are refused, see the rotated token on disk and log in with it.
    let children: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_pronote"))
                .env("PRONOTE_CONFIG_DIR", config.path())
                .env("PRONOTE_TODAY", TODAY)
                .env_remove("PRONOTE_PROFILE")
                .args(["timetable", "--week", "3"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // And the token left on disk works.
    pronote(config.path()).arg("account").assert().success();
}

#[test]
fn double_authentication_pin_from_the_environment() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    pronote(config.path())
        .args(["login", "--username", "securise", "--url"])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "pronotevs")
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .success();
    pronote(config.path())
        .args(["timetable", "--week", "3"])
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .success();
}

#[test]
fn qr_code_login() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    let url = server.page("eleve.html");
    // A session makes a QR code with PIN 4321, as the web page does.
    let reply = server.runtime.block_on(async {
        let client = pronote_api::LoginBuilder::password(&url, "demonstration", "pronotevs")
            .connect()
            .await
            .unwrap();
        client
            .call_raw(
                &pronote_proto::Call::new("JetonAppliMobile")
                    .tab(7)
                    .data(serde_json::json!({"code": "4321"})),
            )
            .await
            .unwrap()
    });
    let qr = serde_json::json!({
        "jeton": reply.data["jeton"], "login": reply.data["login"], "url": url,
    })
    .to_string();
    let qr_file = config.path().join("qr.json");
    std::fs::write(&qr_file, &qr).unwrap();
    pronote(config.path())
        .args(["--profile", "phone", "login", "--qr-json"])
        .arg(&qr_file)
        .args(["--pin", "0000"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("PIN"));
    // The picture of the code works as well as its JSON.
    let picture = config.path().join("qr.png");
    std::fs::write(&picture, qr_png(&qr)).unwrap();
    pronote(config.path())
        .args(["--profile", "phone", "login", "--qr-json"])
        .arg(&picture)
        .args(["--pin", "4321"])
        .assert()
        .success();
    saved_token(config.path(), "phone");
    pronote(config.path())
        .args(["--profile", "phone", "account"])
        .assert()
        .success()
        .stdout(predicate::str::contains("MARTIN Lucas"));
}

#[test]
fn ent_providers_and_ent_login_usage() {
    let config = TempDir::new().unwrap();
    let output = pronote(config.path())
        .args(["ent", "list", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let providers = json_of(&output);
    let providers = providers.as_array().unwrap();
    assert_eq!(
        providers.len(),
        pronote_ent::providers().len(),
        "every built-in provider"
    );
    let arsene = providers
        .iter()
        .find(|p| p["name"] == "cas_arsene76")
        .unwrap();
    assert_eq!(arsene["region"], "Seine-Maritime (76)");
    assert_eq!(arsene["family"], "cas");
    pronote(config.path())
        .args(["--color=never", "ent", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("cas_arsene76")
                .and(predicate::str::contains("Seine-Maritime (76)")),
        );
    // An unknown provider is a usage error, and the password never shows.
    pronote(config.path())
        .env("PRONOTE_PASSWORD", "s3cr3t-ent")
        .args([
            "login",
            "--ent",
            "nope_nowhere",
            "--url",
            "http://127.0.0.1:9/pronote/eleve.html",
            "--username",
            "jean",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no ENT provider named \"nope_nowhere\"")
                .and(predicate::str::contains("s3cr3t-ent").not()),
        );
    // Without a terminal, the password must come from the environment.
    pronote(config.path())
        .args([
            "login",
            "--ent",
            "cas_arsene76",
            "--url",
            "http://127.0.0.1:9/pronote/eleve.html",
            "--username",
            "jean",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PRONOTE_PASSWORD"));
    pronote(config.path())
        .args(["login", "--ent", "cas_arsene76"])
        .assert()
        .code(2);
    assert!(!profile_file(config.path(), "default").exists());
}
