//! The commands, one module per family.

pub(crate) mod account;
pub(crate) mod discussions;
pub(crate) mod ent;
pub(crate) mod export;
pub(crate) mod files;
pub(crate) mod guided;
pub(crate) mod hand_in;
pub(crate) mod home;
pub(crate) mod instance;
pub(crate) mod lessons;
pub(crate) mod login;
pub(crate) mod messaging;
pub(crate) mod overview;
pub(crate) mod read;
pub(crate) mod records;
pub(crate) mod school_life;
pub(crate) mod schools;
pub(crate) mod survey;
pub(crate) mod timetable_pdf;
pub(crate) mod watch;

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::error::{CliError, CliResult};
use crate::output;
use crate::session::Ctx;

/// Runs one command.
pub(crate) async fn run(ctx: &Ctx, command: &Command) -> CliResult<()> {
    match command {
        Command::Login(args) => login::login(ctx, args).await,
        Command::Logout => login::logout(ctx),
        Command::Profiles => login::profiles(ctx),
        Command::Timetable(args) => read::timetable(ctx, args).await,
        Command::Homework(args) => read::homework(ctx, args).await,
        Command::Grades(args) => read::grades(ctx, args).await,
        Command::Evaluations(args) => read::evaluations(ctx, args).await,
        Command::Account(args) => account::account(ctx, args).await,
        Command::Lessons(args) => lessons::lessons(ctx, args).await,
        Command::Attachments(args) => files::attachments(ctx, args).await,
        Command::Home(args) => home::home(ctx, args).await,
        Command::Classes(args) => school_life::classes(ctx, args).await,
        Command::Absences(args) => records::absences(ctx, args).await,
        Command::Report(args) => records::report(ctx, args).await,
        Command::Menus(args) => records::menus(ctx, args).await,
        Command::Staff => records::staff(ctx).await,
        Command::Messages(args) => messaging::messages(ctx, args).await,
        Command::News(args) => messaging::news(ctx, args).await,
        Command::Schools(command) => schools::schools(ctx, command).await,
        Command::Ent(command) => ent::ent(ctx, command),
        Command::Instance(args) => instance::instance(ctx, args).await,
        Command::Watch(args) => watch::watch(ctx, args).await,
        Command::Export(command) => export::export(ctx, command).await,
        Command::Completions(args) => {
            // Generated into memory first: clap_complete panics on a
            // failed write (a closed pipe), `print` does not.
            let mut buffer = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "pronote", &mut buffer);
            output::print_bytes(&buffer)
        }
        Command::Man => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buffer)
                .map_err(|e| CliError::Other(format!("writing the manual failed: {e}")))?;
            output::print_bytes(&buffer)
        }
    }
}
