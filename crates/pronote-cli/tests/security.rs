//! `account security --verify-pin`: the double-authentication PIN of the
//! demo account `securise` (PIN 1234) checked from the command line.
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

/// Logs `securise` in (answering its PIN) under the default profile.
fn login_securise(config: &std::path::Path, server: &TestServer) {
    pronote(config)
        .args(["login", "--username", "securise", "--url"])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "pronotevs")
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged in as DUBOIS Chloé"));
}

#[test]
fn the_right_pin_is_accepted_and_a_wrong_one_refused() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login_securise(config.path(), &server);
    pronote(config.path())
        .args(["account", "security", "--verify-pin"])
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .code(0)
        .stdout(predicate::eq(
            "Double authentication: PIN; PIN set.\nThe PIN is right.\n",
        ));
    let out = pronote(config.path())
        .args(["account", "security", "--verify-pin", "--json"])
        .env("PRONOTE_2FA_PIN", "1234")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        json_of(&out),
        serde_json::json!({"pin_right": true, "mode": "PIN", "pin_set": true})
    );
    // A wrong PIN: one line on stderr, nothing on stdout, exit code 3
    // (credentials refused), in both output forms.
    for json in [false, true] {
        let mut cmd = pronote(config.path());
        cmd.args(["account", "security", "--verify-pin"]);
        if json {
            cmd.arg("--json");
        }
        cmd.env("PRONOTE_2FA_PIN", "0000")
            .assert()
            .code(3)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::eq(
                "error: that is not the account's double-authentication PIN (each wrong PIN counts as a failed login: after a few, the account is locked for a while)\n",
            ));
    }
    // The right PIN still works afterwards (two failures do not lock).
    pronote(config.path())
        .args(["account", "security", "--verify-pin"])
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("The PIN is right."));
}

#[test]
fn a_pin_is_not_checked_without_a_terminal_or_on_an_account_without_one() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login_securise(config.path(), &server);
    // No PIN in the environment and no terminal to ask it on.
    pronote(config.path())
        .args(["account", "security", "--verify-pin"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::eq(
            "error: no terminal to ask for it: set PRONOTE_2FA_PIN\n",
        ));
    // The demo student has no PIN: nothing to check (and no failed login
    // counted).
    pronote(config.path())
        .args(["--demo", "account", "security", "--verify-pin"])
        .env("PRONOTE_2FA_PIN", "1234")
        .assert()
        .code(2)
        .stderr(predicate::eq(
            "error: this account has no double-authentication PIN to check\n",
        ));
}
