//! The `pronote-server` binary: its first stdout line and its flags.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn first_line_and_flags() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_pronote-server"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--version",
                "2024.3.9",
                "--no-encryption",
                "--no-compression",
                "--session-timeout",
                "30",
                "--seed",
                "4",
                "--fault",
                "busy:1",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("PRONOTE demo instance at ")
        .unwrap_or_else(|| panic!("first line: {line:?}"));
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/pronote/"),
        "{url}"
    );
    let busy = common::get(&format!("{url}eleve.html")).await;
    assert!(String::from_utf8_lossy(&busy.body).contains("Le site est momentan"));
    let page = common::get(&format!("{url}eleve.html")).await;
    let text = String::from_utf8_lossy(&page.body).into_owned();
    let start = pronote_proto::start::StartPage::parse(&text).unwrap();
    assert_eq!(
        start.params.flags,
        pronote_proto::start::PageFlags::Skip {
            skip_encrypt: true,
            skip_compress: true
        }
    );
    assert_eq!(
        page.header("server"),
        Some("PRONOTE 2024.3.9 Microsoft-HTTPAPI/2.0")
    );
}

#[test]
fn bad_flags_exit_with_an_error() {
    for args in [
        &["--version", "x.y"][..],
        &["--fault", "nonsense"][..],
        &["--listen", "nowhere"][..],
    ] {
        let status = Command::new(env!("CARGO_BIN_EXE_pronote-server"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(!status.success(), "{args:?}");
    }
}
