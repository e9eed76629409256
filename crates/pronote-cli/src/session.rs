//! Getting a logged-in client: from the saved profile (the rotated token
//! saved the moment it is issued), or from the demo instance started in
//! this process.

use std::io::IsTerminal;
use std::sync::Arc;

use pronote_api::{Client, Credentials, DoubleAuthAnswer, LoginBuilder, LoginStep};
use pronote_server::{RunningServer, Server};
use time::Date;

use crate::cli::{DemoAccount, GlobalArgs};
use crate::commands::guided::Prompt;
use crate::error::{CliError, CliResult, LoginKind};
use crate::profile::{Profile, Store};

/// The demo instance's protocol version.
pub(crate) const DEMO_VERSION: &str = "2025.2.6";
/// The demo data's seed (the same school every run).
pub(crate) const DEMO_SEED: u64 = 7;
/// The demo accounts' password (public: it is the demo's).
const DEMO_PASSWORD: &str = "pronotevs";
/// The environment variable holding a double-authentication PIN.
pub(crate) const PIN_2FA_ENV: &str = "PRONOTE_2FA_PIN";

/// What every command gets: the global options, the store and today.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// The global options.
    pub(crate) global: GlobalArgs,
    /// Today on this machine when the command started (see
    /// [`Ctx::today`]).
    pub(crate) local_today: Date,
}

impl Ctx {
    /// Today as the instance sees it: `--today`, else with `--demo` the
    /// local date mapped into the demo's school year (same weekday, nearest
    /// week in session: [`pronote_server::demo_today`]), else the local
    /// date.
    pub(crate) fn today(&self) -> Date {
        match (self.global.today, self.global.demo) {
            (Some(day), _) => day,
            (None, Some(_)) => pronote_server::demo_today(self.local_today),
            (None, None) => self.local_today,
        }
    }

    /// Like [`Ctx::today`], reading the clock again (for long runs).
    pub(crate) fn today_now(&self) -> Date {
        match (self.global.today, self.global.demo) {
            (None, None) => crate::local_today(),
            _ => self.today(),
        }
    }

    /// The HTTP client of this run (with the roots of `--ca-cert`).
    pub(crate) fn transport(&self) -> CliResult<pronote_transport::HyperTransport> {
        crate::tls::transport(self.global.ca_cert.as_deref())
    }

    /// The profiles directory.
    pub(crate) fn store(&self) -> CliResult<Store> {
        Store::locate()
    }

    /// The name under which data of this run is kept (the profile, or
    /// `demo-student` / `demo-parent`).
    pub(crate) fn state_name(&self) -> String {
        match self.global.demo {
            Some(DemoAccount::Student) => "demo-student".to_owned(),
            Some(DemoAccount::Parent) => "demo-parent".to_owned(),
            Some(DemoAccount::VieScolaire) => "demo-vie-scolaire".to_owned(),
            None => self.global.profile.clone(),
        }
    }
}

/// A logged-in client, and the demo server it talks to (kept alive as
/// long as the client is used).
#[derive(Debug)]
pub(crate) struct Connection {
    /// The client.
    pub(crate) client: Client,
    /// The demo instance, when `--demo`: held so that it serves as long
    /// as the client is used.
    _demo: Option<RunningServer>,
}

/// Starts the demo instance on a free loopback port, believing it is
/// `today`.
pub(crate) async fn start_demo(today: Date) -> CliResult<RunningServer> {
    Server::builder()
        .version(DEMO_VERSION)
        .encryption(true)
        .compression(true)
        .seed(DEMO_SEED)
        .today(today)
        .bind("127.0.0.1:0")
        .start()
        .await
        .map_err(|e| CliError::Other(format!("starting the demo instance failed: {e}")))
}

/// Logs in as `--demo` or `--profile` say, and selects `--child`.
pub(crate) async fn connect(ctx: &Ctx) -> CliResult<Connection> {
    let connection = match ctx.global.demo {
        Some(account) => {
            let server = start_demo(ctx.today()).await?;
            let (page, username) = match account {
                DemoAccount::Student => ("eleve.html", "demonstration"),
                DemoAccount::Parent => ("parent.html", "demonstration"),
                DemoAccount::VieScolaire => ("viescolaire.html", "viescolaire"),
            };
            let url = format!("{}{page}", server.url());
            tracing::info!(%url, "logging in to the demo instance");
            let client = LoginBuilder::password(url, username, DEMO_PASSWORD)
                .connect()
                .await
                .map_err(|e| CliError::login(LoginKind::Password, e))?;
            Connection {
                client,
                _demo: Some(server),
            }
        }
        None => {
            let store = ctx.store()?;
            let name = &ctx.global.profile;
            let (client, profile) = login_with_profile(ctx, &store, name).await?;
            if ctx.global.child.is_none() {
                if let Some(child) = &profile.child {
                    select_child(&client, child).await?;
                }
            }
            Connection {
                client,
                _demo: None,
            }
        }
    };
    if let Some(child) = &ctx.global.child {
        select_child(&connection.client, child).await?;
    }
    Ok(connection)
}

/// How many times a refused saved token is retried when another `pronote`
/// process rotated it meanwhile.
const RACE_RETRIES: u32 = 8;

/// Logs in with a saved profile. Two processes using one profile at once
/// race for its token: the loser's token is refused because the winner
/// used it a moment earlier, and the winner saves the new one. So a
/// refusal is retried, a few times, with the profile as it is now on disk
/// if it changed.
async fn login_with_profile(ctx: &Ctx, store: &Store, name: &str) -> CliResult<(Client, Profile)> {
    let mut profile = store
        .load_profile(name)?
        .ok_or_else(|| CliError::NoProfile {
            profile: name.to_owned(),
        })?;
    let mut retries = 0;
    loop {
        let builder = LoginBuilder::credentials(&profile.credentials)
            .transport(ctx.transport()?)
            .on_credentials(saver(store.clone(), name.to_owned(), profile.child.clone()));
        match finish_login(builder, LoginKind::Saved, "pronote-rs", None).await {
            Ok(client) => return Ok((client, profile)),
            Err(CliError::Api {
                error,
                login,
                doing,
            }) if error.is_bad_credentials() && retries < RACE_RETRIES => {
                retries += 1;
                // The winner may still be finishing its login (a loaded
                // machine): wait up to five seconds for its token.
                let mut changed = None;
                for _ in 0..20 {
                    match store.load_profile(name)? {
                        Some(now) if now.credentials != profile.credentials => {
                            changed = Some(now);
                            break;
                        }
                        _ => tokio::time::sleep(std::time::Duration::from_millis(250)).await,
                    }
                }
                match changed {
                    Some(now) => {
                        tracing::info!("the saved token was rotated by another process: retrying");
                        profile = now;
                    }
                    None => {
                        return Err(CliError::Api {
                            error,
                            login,
                            doing,
                        });
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// A callback that saves every new credentials of a login to the profile,
/// before anything else can fail. A failure to save is reported at once:
/// the old token no longer works.
pub(crate) fn saver(
    store: Store,
    name: String,
    child: Option<String>,
) -> impl Fn(&Credentials) + Send + Sync + 'static {
    let store = Arc::new(store);
    move |credentials: &Credentials| {
        let profile = Profile::new(credentials.clone(), child.clone());
        match store.save_profile(&name, &profile) {
            Ok(()) => tracing::info!(profile = %name, "credentials saved"),
            Err(e) => {
                crate::output::eprint_line!(
                    "warning: the new credentials could not be saved ({e}); the saved ones no longer work: run `pronote login` again"
                );
            }
        }
    }
}

/// Runs a login to the end, answering a double-authentication prompt from
/// `PRONOTE_2FA_PIN` or the terminal; in a guided login (`prompt`), the
/// PIN and the name this device is registered under are asked there (a
/// wrong PIN is asked again, three times at most).
pub(crate) async fn finish_login(
    builder: LoginBuilder,
    kind: LoginKind,
    device_name: &str,
    mut prompt: Option<&mut Prompt>,
) -> CliResult<Client> {
    let mut step = builder
        .start()
        .await
        .map_err(|e| CliError::login(kind, e))?;
    let mut attempts = 0;
    let mut chosen_name: Option<String> = None;
    loop {
        match step {
            LoginStep::Connected(client) => return Ok(client),
            LoginStep::DoubleAuth(double_auth) => {
                attempts += 1;
                let asked = double_auth.prompt().clone();
                if attempts == 1 {
                    if let Some(prompt) = prompt.as_deref_mut() {
                        prompt.say("This account uses double authentication.\n");
                    }
                }
                let from_env = std::env::var(PIN_2FA_ENV).ok().filter(|p| !p.is_empty());
                let pin = if asked.needs_pin {
                    match (&from_env, attempts, prompt.as_deref_mut()) {
                        (Some(pin), 1, _) => Some(pin.clone()),
                        (_, 1..=3, Some(prompt)) => {
                            Some(prompt.secret("Double-authentication PIN: ")?)
                        }
                        _ if std::io::stdin().is_terminal() && attempts <= 3 => Some(
                            rpassword::prompt_password("Double-authentication PIN: ").map_err(
                                |e| CliError::Other(format!("reading the PIN failed: {e}")),
                            )?,
                        ),
                        _ => {
                            return Err(CliError::login(
                                kind,
                                pronote_api::Error::DoubleAuthRequired,
                            ));
                        }
                    }
                } else {
                    None
                };
                let name = match (asked.needs_device_name, &chosen_name) {
                    (false, _) => None,
                    (true, Some(name)) => Some(name.clone()),
                    (true, None) => {
                        let name = match prompt.as_deref_mut() {
                            Some(prompt) => {
                                let answer = prompt.ask(&format!(
                                    "A name for this device among the account's known devices [{device_name}]: "
                                ))?;
                                if answer.is_empty() {
                                    device_name.to_owned()
                                } else {
                                    answer
                                }
                            }
                            None => device_name.to_owned(),
                        };
                        chosen_name = Some(name.clone());
                        Some(name)
                    }
                };
                let answer = DoubleAuthAnswer {
                    pin,
                    device_name: name,
                };
                // Another PIN can be asked: in the guided login or on a
                // terminal, three times in all.
                let ask_again =
                    attempts < 3 && (prompt.is_some() || std::io::stdin().is_terminal());
                step = match double_auth.answer(answer).await {
                    Ok(next) => next,
                    Err((error, Some(again))) if ask_again && error_is_wrong_pin(&error) => {
                        crate::output::eprint_line!("{}", CliError::login(kind, error));
                        LoginStep::DoubleAuth(again)
                    }
                    Err((error, _)) => return Err(CliError::login(kind, error)),
                };
            }
            LoginStep::NewPasswordRequired(_) => {
                return Err(CliError::Other(
                    "this account must choose a new password: set it in PRONOTE's web page, then log in again"
                        .into(),
                ));
            }
            _ => {
                return Err(CliError::Other(
                    "this login needs a step the command line cannot answer: log in once in PRONOTE's web page, then try again"
                        .into(),
                ));
            }
        }
    }
}

fn error_is_wrong_pin(error: &pronote_api::Error) -> bool {
    matches!(
        error,
        pronote_api::Error::Protocol(pronote_proto::Error::Login(
            pronote_proto::LoginError::WrongDoubleAuthPin
        ))
    )
}

/// Refuses, in terms of what the space offers, a command about a
/// student's own data (`what`: "a timetable") from a school-life account,
/// which has none (the server would only answer "access refused").
pub(crate) async fn require_student_data(client: &Client, what: &str) -> CliResult<()> {
    if client.user().await.kind == pronote_api::models::AccountKind::SchoolLife {
        return Err(CliError::Usage(format!(
            "a vie scolaire account has no {what} of its own: its space offers the classes and their students (`pronote classes`, `pronote classes CLASS`, `pronote classes CLASS --student NAME`), messages and news"
        )));
    }
    Ok(())
}

/// Selects a parent's child by full name or by a unique part of it
/// (case-insensitive).
pub(crate) async fn select_child(client: &Client, wanted: &str) -> CliResult<()> {
    let user = client.user().await;
    if user.children.is_empty() {
        return Err(CliError::Usage(
            "--child is for parent accounts; this account has no children".into(),
        ));
    }
    let names: Vec<&str> = user.children.iter().map(|c| c.name.as_str()).collect();
    let lower = wanted.to_lowercase();
    let name: String = match names.iter().find(|n| **n == wanted) {
        Some(exact) => (*exact).to_owned(),
        None => {
            let matching: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| n.to_lowercase().contains(&lower))
                .collect();
            match matching.as_slice() {
                [one] => (*one).to_owned(),
                [] => {
                    return Err(CliError::Usage(format!(
                        "no child matches {wanted:?}; the children are: {}",
                        names.join(", ")
                    )));
                }
                _ => {
                    return Err(CliError::Usage(format!(
                        "{wanted:?} matches several children ({}): give more of the name",
                        matching.join(", ")
                    )));
                }
            }
        }
    };
    client
        .select_child(&name)
        .await
        .map_err(|e| CliError::api("selecting the child", e))
}
