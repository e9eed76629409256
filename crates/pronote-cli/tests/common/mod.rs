//! Helpers of the end-to-end tests of the `pronote` binary, driven: against the demo instance it
//! starts itself (`--demo`), and against a `pronote-server` started by
//! the test (logins, saved profiles, token rotation, watch).
//!
//! Every run gets its own `PRONOTE_CONFIG_DIR` (a temporary directory) and
//! a pinned `PRONOTE_TODAY`, so nothing depends on the machine's files or
//! clock.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure; each test file uses some helpers"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use pronote_server::{RunningServer, Server, ServerBuilder};
use serde_json::Value;

/// The demo's day (also given to the test servers).
pub(crate) const TODAY: &str = "2025-11-18";

/// The binary, with a private configuration directory and no ambient
/// settings.
pub(crate) fn pronote(config: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pronote"));
    cmd.env("PRONOTE_CONFIG_DIR", config)
        .env("PRONOTE_TODAY", TODAY)
        .env_remove("PRONOTE_PASSWORD")
        .env_remove("PRONOTE_PROFILE")
        .env_remove("PRONOTE_TOKEN")
        .env_remove("PRONOTE_2FA_PIN")
        .env_remove("PRONOTE_QR_PIN")
        .env_remove("RUST_LOG")
        .env_remove("SSL_CERT_FILE")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// A simulated instance served by a runtime of its own, so that the
/// blocking `Command` runs of the test can talk to it.
pub(crate) struct TestServer {
    pub(crate) server: Option<RunningServer>,
    pub(crate) runtime: tokio::runtime::Runtime,
}

impl TestServer {
    pub(crate) fn start() -> Self {
        Self::start_with(|builder| builder)
    }

    /// Like [`TestServer::start`], with the builder adjusted by `adjust`.
    pub(crate) fn start_with(adjust: impl FnOnce(ServerBuilder) -> ServerBuilder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let today = time::Date::parse(
            TODAY,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap();
        let server = runtime
            .block_on(
                adjust(
                    Server::builder()
                        .version("2025.2.6")
                        .encryption(true)
                        .compression(true)
                        .seed(7)
                        .today(today)
                        .bind("127.0.0.1:0"),
                )
                .start(),
            )
            .unwrap();
        TestServer {
            server: Some(server),
            runtime,
        }
    }

    /// The running server.
    pub(crate) fn running(&self) -> &RunningServer {
        self.server.as_ref().unwrap()
    }

    pub(crate) fn page(&self, page: &str) -> String {
        format!("{}{page}", self.server.as_ref().unwrap().url())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

pub(crate) fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn profile_file(config: &Path, name: &str) -> PathBuf {
    config.join("profiles").join(format!("{name}.json"))
}

pub(crate) fn saved_token(config: &Path, name: &str) -> String {
    let text = std::fs::read_to_string(profile_file(config, name)).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["credentials"]["secret"]["kind"], "token", "{json}");
    json["credentials"]["secret"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Logs the demo student in on `server` under `profile`.
pub(crate) fn login(config: &Path, server: &TestServer, profile: &str) {
    pronote(config)
        .args([
            "--profile",
            profile,
            "login",
            "--username",
            "demonstration",
            "--url",
        ])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "pronotevs")
        .assert()
        .success()
        .stdout(predicate::str::contains("Logged in as"))
        .stdout(predicate::str::contains("pronotevs").not());
}

pub(crate) fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Serves one canned geolocation reply on a loopback port and returns its
/// URL and the request body it received.
pub(crate) fn geolocation_server(reply: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/swie/geoloc.php", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = stream.read(&mut buffer).unwrap();
            request.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&request).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    (url, handle)
}

/// A PNG picture of a QR code holding `text`, as a phone screenshot would be.
pub(crate) fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let width = code.width();
    let colors = code.to_colors();
    let (scale, margin) = (4u32, 4u32);
    let side = (width as u32 + 2 * margin) * scale;
    let picture = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (
            (x / scale) as i64 - margin as i64,
            (y / scale) as i64 - margin as i64,
        );
        let dark = mx >= 0
            && my >= 0
            && (mx as usize) < width
            && (my as usize) < width
            && colors[my as usize * width + mx as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
