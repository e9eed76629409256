//! Files: attachments listed and downloaded, PDFs and the profile picture
//! saved, never over an existing file without `--force`.
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
fn attachments_of_every_source_are_listed_and_downloaded() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path())
        .args(["--demo", "attachments", "--json"])
        .output()
        .unwrap();
    let all = json_of(&out);
    let all = all.as_array().unwrap();
    for source in [
        "homework",
        "lesson",
        "news",
        "grade subject",
        "grade correction",
    ] {
        assert!(
            all.iter().any(|a| a["source"] == source),
            "no {source} attachment: {all:?}"
        );
    }
    let number = |name: &str| 1 + all.iter().position(|a| a["name"] == name).unwrap();
    let pdf = number("Convocation_reunion.pdf").to_string();
    let correction = number("Corrige_esp.pdf").to_string();
    let dir = config.path().join("downloads");
    std::fs::create_dir(&dir).unwrap();
    pronote(config.path())
        .args([
            "--demo",
            "attachments",
            "--get",
            &pdf,
            "--get",
            &correction,
            "--out",
        ])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved"));
    for name in ["Convocation_reunion.pdf", "Corrige_esp.pdf"] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{name}");
    }
    // No overwriting without --force.
    std::fs::write(dir.join("Corrige_esp.pdf"), b"mine").unwrap();
    pronote(config.path())
        .args(["--demo", "attachments", "--get", &correction, "--out"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --force"));
    assert_eq!(std::fs::read(dir.join("Corrige_esp.pdf")).unwrap(), b"mine");
    pronote(config.path())
        .args([
            "--demo",
            "attachments",
            "--force",
            "--get",
            &correction,
            "--out",
        ])
        .arg(&dir)
        .assert()
        .success();
    assert!(
        std::fs::read(dir.join("Corrige_esp.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    // A link is not downloaded; it is shown.
    let link = 1 + all.iter().position(|a| a["link"] == true).unwrap();
    pronote(config.path())
        .args(["--demo", "attachments", "--get", &link.to_string(), "--out"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a link"));
    // Into a missing folder: refused, nothing created.
    pronote(config.path())
        .args(["--demo", "attachments", "--get", &pdf, "--out"])
        .arg(config.path().join("missing"))
        .assert()
        .code(2);
    assert!(!config.path().join("missing").exists());
}

#[test]
fn timetable_and_report_pdfs_and_the_profile_picture_are_saved() {
    let config = TempDir::new().unwrap();
    let timetable = config.path().join("timetable.pdf");
    pronote(config.path())
        .args(["--demo", "timetable", "--pdf"])
        .arg(&timetable)
        .assert()
        .success();
    assert!(std::fs::read(&timetable).unwrap().starts_with(b"%PDF"));
    pronote(config.path())
        .args(["--demo", "timetable", "--pdf"])
        .arg(&timetable)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    let picture = config.path().join("me.png");
    pronote(config.path())
        .args(["--demo", "account", "picture", "--out"])
        .arg(&picture)
        .assert()
        .success();
    let bytes = std::fs::read(&picture).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{bytes:?}");
    // The demo's portrait: 16×16, a face-coloured disc on blue.
    let picture = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .unwrap()
        .to_rgb8();
    assert_eq!(picture.dimensions(), (16, 16));
    assert_eq!(picture.get_pixel(8, 7).0, [233, 190, 160]);
    assert_eq!(picture.get_pixel(0, 0).0, [70, 110, 180]);
}

#[test]
fn homework_is_handed_in_and_withdrawn() {
    let server = TestServer::start();
    let config = TempDir::new().unwrap();
    login(config.path(), &server, "default");
    let out = pronote(config.path())
        .args(["homework", "--days", "30", "--json"])
        .output()
        .unwrap();
    let list = json_of(&out);
    let number = 1 + list
        .as_array()
        .unwrap()
        .iter()
        .position(|h| h["can_upload"] == true && h["submitted"].is_null())
        .unwrap();
    let number = number.to_string();
    let work = config.path().join("devoir.txt");
    std::fs::write(&work, "Mon travail").unwrap();
    pronote(config.path())
        .args(["homework", "--days", "30", "--hand-in", &number, "--file"])
        .arg(&work)
        .assert()
        .success()
        .stdout(predicate::str::contains("Handed devoir.txt in"));
    pronote(config.path())
        .args(["--color=never", "homework", "--days", "30"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[handed in: devoir.txt]"));
    pronote(config.path())
        .args(["homework", "--days", "30", "--withdraw", &number])
        .assert()
        .success()
        .stdout(predicate::str::contains("Withdrew"));
    pronote(config.path())
        .args(["homework", "--days", "30", "--withdraw", &number])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing was handed in"));
}
