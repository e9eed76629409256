//! `pronote-server`: runs a simulated PRONOTE instance until killed.
//!
//! The first line on stdout is `PRONOTE demo instance at <url>`.
#![forbid(unsafe_code)]

use std::io::Write;
use std::time::Duration;

use clap::Parser;
use pronote_server::{Fault, Server};

/// A simulated PRONOTE instance for testing clients.
#[derive(Debug, Parser)]
#[command(name = "pronote-server", about, disable_version_flag = true)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: String,
    /// PRONOTE version to simulate (e.g. 2022.0.2.4, 2023.0.3.1, 2024.3.8, 2024.3.9, 2025.1.3, 2025.2.6, 2026.2.5).
    #[arg(long = "version", id = "pronote_version", default_value = "2025.2.6")]
    pronote_version: String,
    /// Send the secure payloads unencrypted.
    #[arg(long)]
    no_encryption: bool,
    /// Send the secure payloads uncompressed.
    #[arg(long)]
    no_compression: bool,
    /// Serve as an `http` instance (RSA-encrypted Uuid with the server's own key).
    #[arg(long)]
    http: bool,
    /// Idle seconds before a session expires.
    #[arg(long, default_value_t = 600)]
    session_timeout: u64,
    /// Seed of the demo data.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// The demo school: college (default) or lycee.
    #[arg(long, default_value = "college")]
    school: pronote_server::DemoSchool,
    /// Faults active from the start: rate-limit, ip-suspended, busy,
    /// unavailable, http-NNN, garbled, wrong-order, refused, slow-MS, drop;
    /// optionally `:COUNT` (e.g. `slow-2000:1`). Repeatable.
    #[arg(long)]
    fault: Vec<String>,
    /// The date the instance believes it is (YYYY-MM-DD). Default: today's
    /// date mapped into the demo school year (same weekday, nearest week in
    /// session).
    #[arg(long)]
    today: Option<String>,
    /// Bind the instance to an ENT (`cas`): space pages send visitors to
    /// its login and accept the tickets it hands back (`?login=true`
    /// bypasses it).
    #[arg(long)]
    ent: Option<pronote_server::Ent>,
    /// The ENT's base URL (e.g. http://localhost:8443/cas); default: the
    /// instance's own `/cas`.
    #[arg(long, requires = "ent")]
    ent_url: Option<String>,
}

fn parse_fault(text: &str) -> Result<(Fault, Option<u32>), String> {
    let (kind, count) = match text.rsplit_once(':') {
        Some((k, c)) => (
            k,
            Some(
                c.parse::<u32>()
                    .map_err(|_| format!("bad count in {text:?}"))?,
            ),
        ),
        None => (text, None),
    };
    Ok((kind.parse()?, count))
}

fn parse_day(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format).map_err(|_| format!("bad date {text:?}, expected YYYY-MM-DD"))
}

/// Waits for Ctrl-C or, on Unix, SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let mut builder = Server::builder()
        .version(&args.pronote_version)
        .encryption(!args.no_encryption)
        .compression(!args.no_compression)
        .http_rsa(args.http)
        .session_timeout(Duration::from_secs(args.session_timeout.max(1)))
        .seed(args.seed)
        .school(args.school)
        .bind(&args.listen);
    match &args.today {
        Some(day) => match parse_day(day) {
            Ok(d) => builder = builder.today(d),
            Err(e) => {
                eprintln!("pronote-server: {e}");
                return std::process::ExitCode::from(2);
            }
        },
        None => {
            builder = builder.today(pronote_server::demo_today(
                time::OffsetDateTime::now_utc().date(),
            ));
        }
    }
    if let Some(ent) = args.ent.clone() {
        builder = builder.ent(match &args.ent_url {
            Some(url) => ent.with_url(url),
            None => ent,
        });
    }
    for text in &args.fault {
        match parse_fault(text) {
            Ok((fault, count)) => builder = builder.fault(fault, count),
            Err(e) => {
                eprintln!("pronote-server: {e}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let server = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("pronote-server: cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "PRONOTE demo instance at {}", server.url());
    if let Some(key) = server.uuid_public_key() {
        let _ = writeln!(
            out,
            "RSA public key for the Uuid: modulus={} exponent={}",
            key.modulus_hex(),
            key.exponent_hex()
        );
    }
    let _ = out.flush();
    drop(out);
    stop_signal().await;
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
}
