//! The command line grammar (clap derive).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use time::Date;

/// Read your PRONOTE timetable, homework, grades and evaluations from the
/// terminal.
///
/// Log in once with `pronote login`; the credentials (a mobile token that
/// rotates at every login) are saved under the configuration directory and
/// used by every other command. `--demo` runs any reading command against a
/// simulated PRONOTE instance started inside the process, no account needed.
#[derive(Debug, Parser)]
#[command(
    name = "pronote",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  pronote --demo timetable\n  pronote --demo parent --child 'MARTIN Lucas' grades\n  PRONOTE_PASSWORD=… pronote login --url https://school.example/pronote/eleve.html --username jdupont\n  pronote homework --json | jq '.[].subject.name'",
    after_long_help = crate::error::exit::TABLE
)]
pub(crate) struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options that apply to every command (listed apart from each command's
/// own options in its `--help`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct GlobalArgs {
    /// Use a simulated PRONOTE instance started in this process instead of
    /// a saved login: `--demo` (the student account), `--demo parent`
    /// (the parent account with two children) or `--demo vie-scolaire`.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "ACCOUNT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "student"
    )]
    pub(crate) demo: Option<DemoAccount>,

    /// Print the data as JSON (the models' serde form) instead of tables.
    #[arg(long, global = true)]
    pub(crate) json: bool,

    /// The saved login to use (several accounts can be saved side by side).
    #[arg(
        long,
        global = true,
        env = "PRONOTE_PROFILE",
        default_value = "default"
    )]
    pub(crate) profile: String,

    /// Parents: the child to act for (its full name as PRONOTE shows it, or
    /// a unique part of it). Default: the child saved at login, else the
    /// first one.
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) child: Option<String>,

    /// Take this day (YYYY-MM-DD or DD/MM/YYYY) as today: it decides the
    /// default week, period and homework window. Default: the local date
    /// (with `--demo`, mapped into the demo's school year 2025-2026: same
    /// weekday, nearest week in session).
    #[arg(long, global = true, env = "PRONOTE_TODAY", value_parser = parse_date, value_name = "DATE")]
    pub(crate) today: Option<Date>,

    /// Trust the root certificate(s) of this PEM (or DER) file as well as
    /// the built-in ones, for a school whose certificate authority is its
    /// own. Without it, those of `SSL_CERT_FILE` are added when it is set.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) ca_cert: Option<PathBuf>,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub(crate) color: ColorWhen,

    /// Print what happens on stderr (-v: info, -vv: debug, -vvv: trace).
    /// Secrets are never printed.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

/// The demo accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DemoAccount {
    /// The student `demonstration` on `eleve.html`.
    Student,
    /// The parent `demonstration` on `parent.html` (two children).
    Parent,
    /// The school-life (vie scolaire) account `viescolaire` on
    /// `viescolaire.html`: classes, students, student files.
    VieScolaire,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// When stdout is a terminal (and `NO_COLOR` is unset).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Log in and save the credentials under the profile.
    ///
    /// With a password: `--url` and `--username`; the password is read
    /// from `PRONOTE_PASSWORD` or asked without echo, never taken as an
    /// argument. With a QR code: `--qr-json` and `--pin`. With a token:
    /// `--token`, `--url`, `--username` and `--device-uuid`, the token read
    /// from `PRONOTE_TOKEN` or asked. Without any of them: logs in again
    /// with the saved credentials (which rotates the saved token).
    Login(LoginArgs),
    /// Forget the saved credentials of the profile (and its watch snapshot).
    Logout,
    /// List the saved profiles.
    Profiles,
    /// The lessons of a week (default: the current week) or of a date range.
    Timetable(TimetableArgs),
    /// The homework due from today on (`--mark-done N` ticks one off).
    Homework(HomeworkArgs),
    /// The grades and averages of a period (default: the current one).
    Grades(PeriodArgs),
    /// The competence evaluations of a period (default: the current one).
    Evaluations(PeriodArgs),
    /// The logged-in user, children, periods and instance settings; `account
    /// info`, `ical-url`, `picture`, `security`, `qr-code`.
    Account(crate::commands::account::AccountArgs),
    /// The lesson contents (cahier de textes) of a day or a range.
    Lessons(crate::commands::lessons::LessonsArgs),
    /// The attachments of homework, lesson contents, news, messages and
    /// graded tests, numbered; `--get N --out DIR` downloads.
    Attachments(crate::commands::files::AttachmentsArgs),
    /// The home page: useful links, partner services, canteen wallets.
    Home(crate::commands::home::HomeArgs),
    /// Vie scolaire and teachers: the classes, a class's students, a
    /// student's file.
    Classes(crate::commands::school_life::ClassesArgs),
    /// The school-life notebook of a period: absences, delays,
    /// punishments, observations and precautionary measures.
    Absences(PeriodArgs),
    /// The report card of a period (`--pdf FILE` saves its PDF).
    Report(ReportArgs),
    /// The canteen menus of the week of a day (default: today), or of a
    /// range of days (`--from --to`).
    Menus(MenusArgs),
    /// The teachers and staff of the student.
    Staff,
    /// The discussions (`messages read N`, `reply N TEXT [--to-message M]`,
    /// `send`, `sent-to N M`…).
    Messages(MessagesArgs),
    /// The news and surveys, with their content (`news answer N …`
    /// answers a survey).
    News(NewsArgs),
    /// Find schools with a PRONOTE instance.
    #[command(subcommand)]
    Schools(SchoolsCommand),
    /// The ENT (single sign-on) providers.
    #[command(subcommand)]
    Ent(EntCommand),
    /// What an instance tells apps before any login (`infoMobileApp.json`):
    /// version, school name, spaces.
    Instance(InstanceArgs),
    /// Poll for new grades, homework and timetable changes.
    Watch(WatchArgs),
    /// Export data to files.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

/// `login` options.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    /// The space page (`https://…/pronote/eleve.html`, `parent.html`, …),
    /// or the instance's address as schools publish it
    /// (`https://…/pronote/`) with `--space` (or the space asked on a
    /// terminal).
    #[arg(long, value_name = "URL")]
    pub(crate) url: Option<String>,
    /// The space, when `--url` is the instance's address.
    #[arg(long, value_enum)]
    pub(crate) space: Option<SpaceArg>,
    /// Ask every step (school, space, login mode, credentials), reading
    /// the answers from stdin one a line. On a terminal, `pronote login`
    /// with no saved login and no options does this by itself.
    #[arg(long, conflicts_with_all = ["url", "username", "qr_json", "token", "ent"])]
    pub(crate) guided: bool,
    /// The geolocation endpoint the guided login searches schools with.
    #[arg(long, value_name = "URL", default_value = pronote_api::models::school::GEOLOCATION_URL, hide_short_help = true)]
    pub(crate) geolocation_url: String,
    /// The town and postcode search the guided login uses.
    #[arg(long, value_name = "URL", default_value = crate::commands::schools::GEOCODER_URL, hide_short_help = true)]
    pub(crate) geocoder_url: String,
    /// The username.
    #[arg(long, short = 'u', value_name = "NAME")]
    pub(crate) username: Option<String>,
    /// Log in with a QR code: its JSON text, a file holding it, a PNG or
    /// JPEG picture of the code, or `-` for stdin.
    #[arg(long, value_name = "FILE_OR_TEXT", conflicts_with_all = ["url", "username", "token"])]
    pub(crate) qr_json: Option<String>,
    /// The QR code's PIN (chosen when the code was made). Without a value:
    /// read from `PRONOTE_QR_PIN` or asked.
    #[arg(long, value_name = "PIN", num_args = 0..=1, default_missing_value = "", requires = "qr_json")]
    pub(crate) pin: Option<String>,
    /// Log in with a mobile token (read from `PRONOTE_TOKEN` or asked).
    #[arg(long, requires_all = ["url", "username", "device_uuid"])]
    pub(crate) token: bool,
    /// The device UUID a token or QR login is bound to (default: a new
    /// random one for QR codes).
    #[arg(long, value_name = "UUID")]
    pub(crate) device_uuid: Option<String>,
    /// The name to register this device under when the account uses double
    /// authentication (the PIN is read from `PRONOTE_2FA_PIN` or asked).
    #[arg(long, value_name = "NAME", default_value = "pronote-rs")]
    pub(crate) device_name: String,
    /// Log in through an ENT (single sign-on) provider (see `pronote ent
    /// list`), with `--url` (the PRONOTE space page) and `--username` (the
    /// ENT username); the ENT password is read from `PRONOTE_PASSWORD` or
    /// asked.
    #[arg(long, value_name = "PROVIDER", conflicts_with_all = ["qr_json", "token"], requires_all = ["url", "username"])]
    pub(crate) ent: Option<String>,
}

/// The spaces `--space` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SpaceArg {
    /// The students' space.
    Student,
    /// The parents' space.
    Parent,
    /// The teachers' space.
    Teacher,
    /// The school-life space.
    VieScolaire,
}

impl SpaceArg {
    /// The account kind of the space.
    pub(crate) fn kind(self) -> pronote_api::models::AccountKind {
        use pronote_api::models::AccountKind;
        match self {
            SpaceArg::Student => AccountKind::Student,
            SpaceArg::Parent => AccountKind::Parent,
            SpaceArg::Teacher => AccountKind::Teacher,
            SpaceArg::VieScolaire => AccountKind::SchoolLife,
        }
    }
}

/// `report` options.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// The period's name (default: the period containing today).
    #[arg(long, short)]
    pub(crate) period: Option<String>,
    /// Save the report card's PDF to this file (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub(crate) pdf: Option<PathBuf>,
    /// Overwrite the PDF file if it exists.
    #[arg(long, requires = "pdf")]
    pub(crate) force: bool,
}

/// `menus` options.
#[derive(Debug, Args)]
pub(crate) struct MenusArgs {
    /// A day of the week to show (YYYY-MM-DD or DD/MM/YYYY, default: today).
    #[arg(long, value_parser = parse_date, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub(crate) date: Option<Date>,
    /// The first day of a range of days (over several weeks if need be).
    #[arg(long, value_parser = parse_date, value_name = "DATE", requires = "to")]
    pub(crate) from: Option<Date>,
    /// The last day of the range.
    #[arg(long, value_parser = parse_date, value_name = "DATE", requires = "from")]
    pub(crate) to: Option<Date>,
}

/// `messages` options.
#[derive(Debug, Args)]
pub(crate) struct MessagesArgs {
    /// List only the discussions with unread messages.
    #[arg(long)]
    pub(crate) unread: bool,
    /// What to do (default: list the discussions).
    #[command(subcommand)]
    pub(crate) action: Option<MessagesCommand>,
}

/// `messages` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum MessagesCommand {
    /// The messages of discussion N of the listing (marks it read).
    Read {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = parse_number)]
        number: u32,
    },
    /// Replies to discussion N of the listing: to its latest message, or
    /// to message M with `--to-message M`.
    Reply {
        /// The discussion's number in `pronote messages`.
        #[arg(value_parser = parse_number)]
        number: u32,
        /// The reply.
        text: String,
        /// Answer message M (its number in `pronote messages read N`)
        /// rather than the latest one.
        #[arg(long, value_name = "M", value_parser = parse_number)]
        to_message: Option<u32>,
    },
    /// Starts a discussion.
    Send {
        /// The recipient: a teacher's or staff member's name, or a unique
        /// part of it.
        #[arg(long, value_name = "NAME")]
        to: String,
        /// The subject.
        #[arg(long, value_name = "SUBJECT")]
        subject: String,
        /// The message.
        text: String,
    },
    /// Mark, trash, participants, recipients, drafts.
    #[command(flatten)]
    More(crate::commands::discussions::MoreCommand),
}

/// `news` options.
#[derive(Debug, Args)]
pub(crate) struct NewsArgs {
    /// What to do (default: list the news).
    #[command(subcommand)]
    pub(crate) action: Option<NewsCommand>,
}

/// `news` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum NewsCommand {
    /// Answers survey N of the listing: one question with `--question` and
    /// the answer, or, on a terminal, each question in turn.
    Answer {
        /// The item's number in `pronote news`.
        #[arg(value_parser = parse_number)]
        number: u32,
        /// The question's title (or a unique part of it).
        #[arg(long, short, value_name = "TITLE", requires = "answer")]
        question: Option<String>,
        /// The answer: text, or for a choice question the choice numbers
        /// shown by `pronote news` (`2`, or `1,3`).
        answer: Option<String>,
    },
    /// Item N with the details PRONOTE gives on opening it: each
    /// question's text, choices and attachments.
    Show {
        /// The item's number in `pronote news`.
        #[arg(value_parser = parse_number)]
        number: u32,
    },
    /// Marks item N read (or unread with `--unread`).
    Read {
        /// The item's number in `pronote news`.
        #[arg(value_parser = parse_number)]
        number: u32,
        /// Mark it unread instead.
        #[arg(long)]
        unread: bool,
    },
    /// Acknowledges information N (says it was read, for those that ask).
    Ack {
        /// The item's number in `pronote news`.
        #[arg(value_parser = parse_number)]
        number: u32,
    },
    /// Deletes item N from the list.
    Delete {
        /// The item's number in `pronote news`.
        #[arg(value_parser = parse_number)]
        number: u32,
    },
}

/// `schools` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum SchoolsCommand {
    /// The schools around a place, nearest first (no login needed): a
    /// position, a postcode or a town. With `--demo`, the demo instance
    /// answers (its school is in Besançon, 25000).
    Near {
        /// `LATITUDE,LONGITUDE` (`47.2378,6.0241`), a postcode (`25000`) or
        /// a town (`Besançon`).
        #[arg(value_name = "PLACE", allow_hyphen_values = true)]
        place: String,
        /// The geolocation endpoint.
        #[arg(long, value_name = "URL", default_value = pronote_api::models::school::GEOLOCATION_URL)]
        url: String,
        /// The town and postcode search (the French address API).
        #[arg(long, value_name = "URL", default_value = crate::commands::schools::GEOCODER_URL)]
        geocoder: String,
    },
}

/// `ent` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum EntCommand {
    /// The known providers (`--json`: an array, one object per provider).
    ///
    /// A provider missing from the built-in table can be described in a
    /// JSON file named by `PRONOTE_ENT_PROVIDERS` (one object, or an array,
    /// shaped as this listing's `--json` prints them: `{"name": …,
    /// "region": …, "family": "cas", "url": …}`); `login --ent NAME` and the
    /// guided login find it too.
    List,
}

/// Parses `LAT,LON`.
pub(crate) fn parse_position(text: &str) -> Result<(f64, f64), String> {
    let bad = || format!("{text:?} is not a position like 47.2378,6.0241");
    let (lat, lon) = text.split_once(',').ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!(
            "{text:?} is out of range (latitude ±90, longitude ±180)"
        ));
    }
    Ok((lat, lon))
}

/// `timetable` options.
#[derive(Debug, Args)]
pub(crate) struct TimetableArgs {
    /// A school week: its number (1 = the week of the first Monday of the
    /// school year), or relative to the current one (`-1` last week, `+1`
    /// next week).
    #[arg(long, short, conflicts_with_all = ["from", "to"], allow_hyphen_values = true, value_parser = parse_week, value_name = "N|+N|-N")]
    pub(crate) week: Option<WeekArg>,
    /// First day (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_parser = parse_date, requires = "to")]
    pub(crate) from: Option<Date>,
    /// Last day (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_parser = parse_date, requires = "from")]
    pub(crate) to: Option<Date>,
    /// Save PRONOTE's PDF of the timetable to this file (`-` for stdout)
    /// instead of printing the lessons: the year's, or that of the school
    /// weeks of `--week` or `--from --to`, laid out by the options below.
    #[arg(long, value_name = "FILE")]
    pub(crate) pdf: Option<PathBuf>,
    /// Overwrite the PDF file if it exists.
    #[arg(long, requires = "pdf")]
    pub(crate) force: bool,
    /// The PDF's layout.
    #[command(flatten)]
    pub(crate) layout: crate::commands::timetable_pdf::PdfLayoutArgs,
}

/// `homework` options.
#[derive(Debug, Args)]
pub(crate) struct HomeworkArgs {
    /// First due day (YYYY-MM-DD or DD/MM/YYYY, default: today).
    #[arg(long, value_parser = parse_date)]
    pub(crate) from: Option<Date>,
    /// Last due day (YYYY-MM-DD or DD/MM/YYYY, default: `--days` after the first).
    #[arg(long, value_parser = parse_date)]
    pub(crate) to: Option<Date>,
    /// How many days to show when `--to` is not given (the first one
    /// included).
    #[arg(long, default_value_t = 14, value_parser = parse_days)]
    pub(crate) days: u16,
    /// Hide the homework already marked done.
    #[arg(long)]
    pub(crate) pending: bool,
    /// Mark homework number N of the listing (same options) as done.
    #[arg(long, value_name = "N", conflicts_with = "mark_undone", value_parser = parse_number)]
    pub(crate) mark_done: Option<u32>,
    /// Mark homework number N of the listing (same options) as not done.
    #[arg(long, value_name = "N", value_parser = parse_number)]
    pub(crate) mark_undone: Option<u32>,
    /// Hand a file in (`--file`) as the work returned for homework number N
    /// of the listing (same options).
    #[arg(long, value_name = "N", value_parser = parse_number, requires = "file", conflicts_with_all = ["mark_done", "mark_undone", "withdraw"])]
    pub(crate) hand_in: Option<u32>,
    /// The file to hand in.
    #[arg(long, value_name = "FILE", requires = "hand_in")]
    pub(crate) file: Option<PathBuf>,
    /// Withdraw the file handed in for homework number N of the listing.
    #[arg(long, value_name = "N", value_parser = parse_number, conflicts_with_all = ["mark_done", "mark_undone"])]
    pub(crate) withdraw: Option<u32>,
    /// Show the lesson contents (cahier de textes) homework number N of
    /// the listing was set in.
    #[arg(long, value_name = "N", value_parser = parse_number, conflicts_with_all = ["mark_done", "mark_undone", "hand_in", "withdraw"])]
    pub(crate) lesson: Option<u32>,
}

/// Options of the commands that read a period.
#[derive(Debug, Args)]
pub(crate) struct PeriodArgs {
    /// The period's name (`Trimestre 1`; see `pronote account`). Default:
    /// the period containing today.
    #[arg(long, short)]
    pub(crate) period: Option<String>,
}

/// `instance` options.
#[derive(Debug, Args)]
pub(crate) struct InstanceArgs {
    /// The instance root or any page under it
    /// (`https://school.example/pronote/`). Default: the profile's (or the
    /// demo's).
    pub(crate) url: Option<String>,
}

/// `watch` options.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// Seconds between two polls.
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u64).range(10..))]
    pub(crate) interval: u64,
    /// A command run (by `sh -c`) for every change, with `PRONOTE_EVENT`
    /// (kind), `PRONOTE_EVENT_TEXT` (one line) and `PRONOTE_EVENT_JSON` in
    /// its environment. Without it, changes are printed.
    #[arg(long, value_name = "CMD")]
    pub(crate) exec: Option<String>,
    /// Poll once, report, save the snapshot and exit.
    #[arg(long)]
    pub(crate) once: bool,
    /// How many days of homework and timetable ahead to watch.
    #[arg(long, default_value_t = 14)]
    pub(crate) days: u16,
}

/// `export` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// The timetable as an iCalendar file (RFC 5545), made locally.
    Ical(IcalArgs),
}

/// `export ical` options.
#[derive(Debug, Args)]
pub(crate) struct IcalArgs {
    /// Where to write the calendar (`-` for stdout).
    #[arg(long, short, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// First day (YYYY-MM-DD or DD/MM/YYYY, default: the Monday of the current week).
    #[arg(long, value_parser = parse_date)]
    pub(crate) from: Option<Date>,
    /// Last day (YYYY-MM-DD or DD/MM/YYYY, default: the end of the school year, or
    /// `--weeks` after the first day).
    #[arg(long, value_parser = parse_date)]
    pub(crate) to: Option<Date>,
    /// How many weeks to export when `--to` is not given (at least 1).
    #[arg(long, conflicts_with = "to", value_parser = parse_weeks)]
    pub(crate) weeks: Option<u16>,
}

/// `completions` options.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    pub(crate) shell: clap_complete::Shell,
}

/// Parses a date as `YYYY-MM-DD` or as the tables print it,
/// `DD/MM/YYYY`.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    let french = time::macros::format_description!("[day]/[month]/[year]");
    let trimmed = text.trim();
    Date::parse(trimmed, iso)
        .or_else(|_| Date::parse(trimmed, french))
        .map_err(|_| format!("{text:?} is not a date like 2025-09-15 or 15/09/2025"))
}

/// Parses the number of an item in a listing (they start at 1).
pub(crate) fn parse_number(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(0) => Err("the numbering starts at 1 (the first item of the listing is 1)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{text:?} is not an item number (1, 2, …)")),
    }
}

/// A week given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WeekArg {
    /// A school week number.
    Number(i32),
    /// Weeks after (or, negative, before) the current one.
    Relative(i32),
}

/// Parses `N`, `+N` or `-N`.
pub(crate) fn parse_week(text: &str) -> Result<WeekArg, String> {
    let text = text.trim();
    let bad =
        || format!("{text:?} is not a week: give its number (12), or +N / -N weeks from this one");
    if let Some(rest) = text.strip_prefix('+') {
        return rest
            .parse::<i32>()
            .map(WeekArg::Relative)
            .map_err(|_| bad());
    }
    if text.starts_with('-') {
        return text
            .parse::<i32>()
            .map(WeekArg::Relative)
            .map_err(|_| bad());
    }
    match text.parse::<i32>() {
        Ok(0) => Err("school weeks are numbered from 1 (use +0 for this week)".into()),
        Ok(n) => Ok(WeekArg::Number(n)),
        Err(_) => Err(bad()),
    }
}

/// Parses `export ical --weeks` (at least one week).
fn parse_weeks(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(0) => Err("a calendar of 0 weeks would be empty: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{text:?} is not a number of weeks")),
    }
}

/// Parses a number of days (at least one).
fn parse_days(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(0) => Err("0 days would show nothing: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{text:?} is not a number of days")),
    }
}

/// Accepts `--demo parent` / `--demo student` (a space instead of `=`):
/// `--demo` takes an optional value, which clap only binds with `=` so that
/// `--demo timetable` keeps `timetable` as the command.
pub(crate) fn normalise_args(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out: Vec<OsString> = Vec::new();
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        if arg == "--" {
            out.push(arg);
            out.extend(args);
            break;
        }
        if arg == "--demo" {
            if let Some(next) = args.peek() {
                if next == "parent" || next == "student" || next == "vie-scolaire" {
                    let mut joined = OsString::from("--demo=");
                    joined.push(next);
                    out.push(joined);
                    args.next();
                    continue;
                }
            }
        }
        out.push(arg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(normalise_args(args.iter().map(OsString::from)))
    }

    #[test]
    fn demo_takes_an_optional_account() {
        let cli = parse(&["pronote", "--demo", "timetable"]).map_err(|e| e.to_string());
        assert!(matches!(
            cli.as_ref().map(|c| (&c.global.demo, &c.command)),
            Ok((Some(DemoAccount::Student), Command::Timetable(_)))
        ));
        let cli = parse(&["pronote", "--demo", "parent", "grades"]).map_err(|e| e.to_string());
        assert!(matches!(
            cli.as_ref().map(|c| (&c.global.demo, &c.command)),
            Ok((Some(DemoAccount::Parent), Command::Grades(_)))
        ));
        let cli = parse(&["pronote", "homework", "--demo=parent", "--json"]);
        assert!(cli.is_ok_and(|c| c.global.demo == Some(DemoAccount::Parent) && c.global.json));
    }

    #[test]
    fn the_grammar_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_parse() {
        assert!(parse_date("2025-09-15").is_ok());
        assert_eq!(parse_date("15/09/2025"), parse_date("2025-09-15"));
        assert!(parse_date("31/02/2025").is_err());
        assert_eq!(parse_week("-1"), Ok(WeekArg::Relative(-1)));
        assert_eq!(parse_week("+2"), Ok(WeekArg::Relative(2)));
        assert_eq!(parse_week("12"), Ok(WeekArg::Number(12)));
        assert!(parse_week("0").is_err());
        assert!(parse_number("0").is_err_and(|e| e.contains("starts at 1")));
    }
}
