//! `schools near`.
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
fn schools_near_a_position_from_a_configurable_endpoint() {
    const REPLY: &str = r#"[
        {"url":"HTTPS://0250000A.INDEX-EDUCATION.NET/PRONOTE/","nomEtab":"COLLEGE LOIN","lat":"47.30","long":"6.10","cp":"25000"},
        {"url":"https://0250001b.index-education.net/pronote/","nomEtab":"LYCEE PROCHE","lat":"47.2380","long":"6.0240","cp":"25000"}
    ]"#;
    let config = TempDir::new().unwrap();
    let (url, server) = geolocation_server(REPLY);
    let output = pronote(config.path())
        .args(["schools", "near", "47.2378,6.0241", "--json", "--url", &url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let request = server.join().unwrap();
    assert!(
        request.contains("geoLoc") && request.contains("47.2378"),
        "{request}"
    );
    let schools = json_of(&output);
    assert_eq!(schools[0]["name"], "LYCEE PROCHE", "{schools}");
    assert_eq!(schools[1]["name"], "COLLEGE LOIN");
    assert_eq!(
        schools[1]["url"],
        "https://0250000a.index-education.net/pronote/"
    );

    let (url, server) = geolocation_server(REPLY);
    pronote(config.path())
        .args([
            "--color=never",
            "schools",
            "near",
            "47.2378,6.0241",
            "--url",
            &url,
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"0\.0 km\s+LYCEE PROCHE\s+25000")
                .unwrap()
                .and(predicate::str::contains("COLLEGE LOIN")),
        );
    server.join().unwrap();

    pronote(config.path())
        .args(["schools", "near", "91,0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("out of range"));
}

#[test]
fn schools_near_a_postcode_or_a_town_with_demo() {
    let config = TempDir::new().unwrap();
    for place in ["25000", "Besançon", "47.2,6.0"] {
        let out = pronote(config.path())
            .args(["--demo", "schools", "near", place, "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{place}: {out:?}");
        let schools = json_of(&out);
        assert_eq!(
            schools[0]["name"], "COLLÈGE VICTOR HUGO",
            "{place}: {schools}"
        );
        assert!(
            schools[0]["url"].as_str().unwrap().ends_with("/pronote/"),
            "{schools}"
        );
    }
    pronote(config.path())
        .args(["--demo", "schools", "near", "Besançon"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Schools near Besançon (25000)"));
    // Far away: nothing; an unknown town: said so.
    pronote(config.path())
        .args(["--demo", "schools", "near", "48.85,2.35"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No schools."));
    pronote(config.path())
        .args(["--demo", "schools", "near", "Atlantis"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no town or postcode matches"));
}
