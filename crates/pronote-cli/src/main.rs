//! `pronote`: the PRONOTE command line.
//!
//! ```text
//! pronote --demo timetable                 # a simulated school, no account needed
//! pronote login --url URL --username NAME  # password from PRONOTE_PASSWORD or asked
//! pronote timetable --week 12 --json
//! pronote watch --interval 900 --exec 'notify-send "$PRONOTE_EVENT_TEXT"'
//! pronote export ical --out timetable.ics
//! ```
//!
//! Layout: [`cli`] is the grammar, [`session`] logs in (saved profile or
//! in-process demo server), [`profile`] keeps credentials on disk
//! atomically, [`commands`] holds one module per command family,
//! [`output`] prints tables and JSON (`export ical` writes iCalendar with
//! `pronote_api::models::ical`), [`error`] turns every failure into one
//! line and an exit code.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod error;
mod output;
mod profile;
mod qr_image;
mod session;
mod tls;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::Parser;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::cli::{Cli, ColorWhen};
use crate::error::exit;
use crate::session::Ctx;

/// The local UTC offset, read once before any thread starts (the `time`
/// crate refuses to read it from a multi-threaded process on Unix).
static LOCAL_OFFSET: OnceLock<UtcOffset> = OnceLock::new();

/// Today's local date (UTC when the offset could not be read).
pub(crate) fn local_today() -> Date {
    let offset = LOCAL_OFFSET.get().copied().unwrap_or(UtcOffset::UTC);
    OffsetDateTime::now_utc().to_offset(offset).date()
}

fn main() -> ExitCode {
    let _ = LOCAL_OFFSET.set(UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC));
    let cli = match Cli::try_parse_from(cli::normalise_args(std::env::args_os())) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.global.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    init_tracing(cli.global.verbose, cli.global.color);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            crate::output::eprint_line!("error: starting the async runtime failed: {e}");
            return ExitCode::from(exit::FAILURE);
        }
    };
    let ctx = Ctx {
        global: cli.global,
        local_today: local_today(),
    };
    let result = runtime.block_on(commands::run(&ctx, &cli.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let st = anstyle::AnsiColor::Red.on_default().bold();
            crate::output::eprint_line!("{st}error:{st:#} {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// `-v` levels: info, debug, trace (for this program and the PRONOTE
/// crates); `RUST_LOG` overrides. Nothing below errors by default.
fn init_tracing(verbose: u8, color: ColorWhen) {
    let level = match verbose {
        0 => "error",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.is_empty() => tracing_subscriber::EnvFilter::new(spec),
        _ => tracing_subscriber::EnvFilter::new(format!(
            "error,pronote={level},pronote_api={level},pronote_proto={level},pronote_transport={level},pronote_server={}",
            if verbose >= 2 { level } else { "warn" }
        )),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(match color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        })
        .with_target(verbose >= 2)
        .try_init();
}
