//! Error messages and exit codes: one line, advice that is not doubled,
//! the exit-code table.
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
fn a_wrong_password_is_one_line_and_exit_code_3() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start();
    let out = pronote(config.path())
        .args(["login", "--username", "demonstration", "--url"])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "not-the-password")
        .arg("-vvv")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("wrong username or password"))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("not-the-password"), "{stderr}");
    assert!(
        stderr.contains("TRACE") || stderr.contains("DEBUG"),
        "{stderr}"
    );
    assert!(!profile_file(config.path(), "default").exists());
    // Without a terminal and without the variable, the password is not
    // asked for.
    pronote(config.path())
        .args(["login", "--username", "demonstration", "--url"])
        .arg(server.page("eleve.html"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PRONOTE_PASSWORD"));
}

#[test]
fn server_conditions_are_one_line_with_advice_and_exit_codes() {
    let config = TempDir::new().unwrap();
    let mut server = TestServer::start();
    login(config.path(), &server, "default");
    let one_line = |out: &std::process::Output| {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        stderr
    };

    // Each condition the server reports: its exit code, and the hint it
    // gives said once.
    let cases: [(pronote_server::Fault, &str, i32, &str); 6] = [
        (pronote_server::Fault::RateLimited, "timetable", 4, "wait"),
        (pronote_server::Fault::IpSuspended, "timetable", 4, "wait"),
        (pronote_server::Fault::Busy, "grades", 4, "try again later"),
        (
            pronote_server::Fault::Unavailable,
            "grades",
            4,
            "try again later",
        ),
        (
            pronote_server::Fault::HttpStatus(429),
            "homework",
            4,
            "try again",
        ),
        (
            pronote_server::Fault::WrongOrderNumber,
            "homework",
            1,
            "run the command again",
        ),
    ];
    for (fault, command, code, hint) in cases {
        server.running().inject(fault.clone(), None);
        let out = pronote(config.path())
            .arg(command)
            .assert()
            .code(code)
            .get_output()
            .clone();
        let text = one_line(&out);
        assert_eq!(text.matches(hint).count(), 1, "{fault:?}: {text}");
        assert!(!text.contains("connection interrupted"), "{text}");
        server.running().clear_faults();
    }

    // Unreachable (exit 5).
    let running = server.server.take().unwrap();
    server.runtime.block_on(running.shutdown());
    let out = pronote(config.path())
        .arg("homework")
        .assert()
        .code(5)
        .get_output()
        .clone();
    assert!(one_line(&out).contains("check the address"));
}

#[test]
fn a_session_expired_during_login_says_log_in_again_with_exit_code_3() {
    let config = TempDir::new().unwrap();
    let server = TestServer::start_with(|b| b.session_timeout(std::time::Duration::ZERO));
    let out = pronote(config.path())
        .args(["login", "--username", "demonstration", "--url"])
        .arg(server.page("eleve.html"))
        .env("PRONOTE_PASSWORD", "pronotevs")
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stderr = stdout_of(&std::process::Output {
        stdout: out.stderr.clone(),
        ..out
    });
    assert!(stderr.contains("session expired"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn the_help_lists_every_exit_code() {
    let config = TempDir::new().unwrap();
    let out = pronote(config.path()).arg("--help").assert().success();
    let text = stdout_of(out.get_output());
    for line in [
        "0  success",
        "1  other failure",
        "2  bad usage",
        "3  log in again",
        "4  the server asks to wait",
        "5  network or TLS",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    // The README holds the same table.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for row in [
        "| 1 | other failure |",
        "| 2 | bad usage",
        "| 3 | log in again",
        "| 4 | the server asks to wait",
        "| 5 | network or TLS",
    ] {
        assert!(readme.contains(row), "README lacks {row}");
    }
}

/// Serves HTTPS on a loopback port with the test certificate (issued by
/// `tests/data/tls/ca.pem` to 127.0.0.1): each connection is answered
/// with a small `infoMobileApp.json`. Handshake failures are counted
/// out, not answered.
fn tls_server() -> String {
    use std::io::{Read, Write};
    use std::sync::Arc;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tls/");
    let chain: Vec<_> =
        rustls::pki_types::pem::PemObject::pem_file_iter(format!("{dir}server.pem"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    let key = rustls::pki_types::pem::PemObject::from_pem_file(format!("{dir}server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .unwrap();
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}/pronote/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Ok(connection) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let mut request = Vec::new();
            let mut buffer = [0u8; 2048];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match tls.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let body = r#"{"version":[2025,2,6],"nomEtab":"Collège du certificat","espaces":[]}"#;
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(response.as_bytes());
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    url
}

#[test]
fn an_untrusted_certificate_is_told_in_words_and_a_ca_cert_trusts_it() {
    let config = TempDir::new().unwrap();
    let url = tls_server();
    let out = pronote(config.path())
        .args(["instance", &url])
        .assert()
        .code(5)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("the server's certificate is not trusted (unknown issuer)"),
        "{stderr}"
    );
    assert!(stderr.contains("--ca-cert FILE"), "{stderr}");
    assert!(!stderr.contains("UnknownIssuer"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");

    let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tls/ca.pem");
    pronote(config.path())
        .args(["instance", &url, "--ca-cert", ca])
        .assert()
        .success()
        .stdout(predicate::str::contains("Collège du certificat"));
    pronote(config.path())
        .args(["instance", &url])
        .env("SSL_CERT_FILE", ca)
        .assert()
        .success()
        .stdout(predicate::str::contains("Collège du certificat"));
    // A file that holds no certificate is refused before any connection.
    let bogus = config.path().join("bogus.pem");
    std::fs::write(&bogus, "not a certificate").unwrap();
    pronote(config.path())
        .args(["instance", &url, "--ca-cert"])
        .arg(&bogus)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bogus.pem is not usable"));
}
