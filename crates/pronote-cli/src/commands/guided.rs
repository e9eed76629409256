//! The guided first run: `pronote login` on a terminal with nothing to go
//! on asks, step by step, for the school (a town or postcode through the
//! geolocation search, or its address), the space, the login mode and the
//! credentials, then the double-authentication steps the login meets
//! (the PIN, the name to register this device under). `login --guided` asks the same questions reading the answers
//! from stdin, one a line, for scripts and tests.

use std::io::{BufRead, IsTerminal, Write};

use pronote_api::models::AccountKind;
use pronote_api::{LoginBuilder, is_instance_root};
use pronote_transport::HyperTransport;

use crate::cli::LoginArgs;
use crate::error::{CliError, CliResult, LoginKind};

/// Questions on stderr, answers from stdin.
pub(crate) struct Prompt {
    terminal: bool,
    lines: std::io::Lines<std::io::StdinLock<'static>>,
}

impl Prompt {
    /// Asks on this process's terminal (or reads stdin).
    pub(crate) fn new() -> Self {
        Prompt {
            terminal: std::io::stdin().is_terminal(),
            lines: std::io::stdin().lock().lines(),
        }
    }

    /// Writes `text` on stderr at once.
    pub(crate) fn say(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    }

    /// One answer (trimmed); the end of the input is an error.
    pub(crate) fn ask(&mut self, question: &str) -> CliResult<String> {
        self.say(question);
        match self.lines.next() {
            Some(Ok(line)) => Ok(line.trim().to_owned()),
            Some(Err(e)) => Err(CliError::Other(format!("reading the answer failed: {e}"))),
            None => Err(CliError::Usage(
                "the input ended before the login was complete".into(),
            )),
        }
    }

    /// A secret: typed without echo on a terminal, else a line of stdin.
    pub(crate) fn secret(&mut self, question: &str) -> CliResult<String> {
        let value = if self.terminal {
            rpassword::prompt_password(question)
                .map_err(|e| CliError::Other(format!("reading from the terminal failed: {e}")))?
        } else {
            self.ask(question)?
        };
        if value.is_empty() {
            return Err(CliError::Usage("nothing was typed".into()));
        }
        Ok(value)
    }

    /// One of `options` (numbered from 1), asked again on a terminal when
    /// the answer is not one of the numbers.
    pub(crate) fn choose(&mut self, title: &str, options: &[String]) -> CliResult<usize> {
        if options.is_empty() {
            return Err(CliError::Other(format!(
                "{title}: there is nothing to choose"
            )));
        }
        let mut text = format!("{title}\n");
        for (number, option) in (1..).zip(options) {
            text.push_str(&format!("  {number}) {option}\n"));
        }
        self.say(&text);
        for _ in 0..3 {
            let answer = self.ask(&format!("Number (1-{}): ", options.len()))?;
            match answer.parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(n - 1),
                _ if self.terminal => self.say(&format!("{answer:?} is not one of the numbers.\n")),
                _ => break,
            }
        }
        Err(CliError::Usage(format!(
            "{title}: give a number from 1 to {}",
            options.len()
        )))
    }
}

/// The space page of the instance at `root`: the one of `kind`, else the
/// one chosen at the prompt (when there is one), else a usage error
/// naming `--space`.
pub(crate) async fn space_page(
    transport: &HyperTransport,
    root: &str,
    kind: Option<AccountKind>,
    prompt: Option<&mut Prompt>,
) -> CliResult<String> {
    if let Some(kind) = kind {
        return pronote_api::space_page_url(transport, root, Some(kind))
            .await
            .map_err(|e| CliError::api(format!("finding the space at {root}"), e));
    }
    let info = pronote_api::instance_info(transport, root)
        .await
        .map_err(|e| CliError::api(format!("reading what {root} offers"), e))?;
    let spaces: Vec<_> = info.spaces.iter().filter(|s| s.espace.is_some()).collect();
    let names: Vec<String> = spaces.iter().map(|s| s.name.clone()).collect();
    let chosen = match (spaces.as_slice(), prompt) {
        ([only], _) => only,
        (_, Some(prompt)) => {
            spaces[prompt.choose(&format!("Spaces of {}:", info.school), &names)?]
        }
        (_, None) => {
            return Err(CliError::Usage(format!(
                "{root} is the instance's address; choose the space with --space (student, parent, teacher, vie-scolaire): it offers {}",
                names.join(", ")
            )));
        }
    };
    let kind = chosen.espace.map(AccountKind::from_espace);
    pronote_api::space_page_url(transport, root, kind)
        .await
        .map_err(|e| CliError::api(format!("finding the space at {root}"), e))
}

/// Asks everything a login needs and returns it ready to run, with the
/// prompt (the double-authentication steps are asked there too).
pub(crate) async fn guided(
    args: &LoginArgs,
    transport: &HyperTransport,
) -> CliResult<(LoginBuilder, LoginKind, Prompt)> {
    let mut prompt = Prompt::new();
    prompt.say("Logging in to PRONOTE: a few questions (Ctrl-C to stop).\n");
    let root = loop {
        let answer = prompt.ask("Your school: its town or postcode, or its PRONOTE address: ")?;
        if answer.is_empty() {
            continue;
        }
        if answer.starts_with("http://") || answer.starts_with("https://") {
            break answer;
        }
        let found = crate::commands::schools::find(
            transport,
            &args.geolocation_url,
            &args.geocoder_url,
            &answer,
        )
        .await?;
        if found.schools.is_empty() {
            prompt.say(&format!(
                "No school with PRONOTE near {}: try another town, or give its address.\n",
                found.label
            ));
            if !prompt.terminal {
                return Err(CliError::Usage(format!(
                    "no school with PRONOTE near {}",
                    found.label
                )));
            }
            continue;
        }
        let names: Vec<String> = found
            .schools
            .iter()
            .take(20)
            .map(|s| match s.distance_km {
                Some(d) => format!("{} ({}, {d:.1} km)", s.name, s.postal_code),
                None => format!("{} ({})", s.name, s.postal_code),
            })
            .collect();
        let index = prompt.choose(&format!("Schools near {}:", found.label), &names)?;
        break found.schools[index].url.clone();
    };
    let page = if is_instance_root(&root) {
        space_page(transport, &root, None, Some(&mut prompt)).await?
    } else {
        root
    };
    let modes = [
        "username and password".to_owned(),
        "QR code made in PRONOTE (a picture or its text)".to_owned(),
        "through the ENT (regional digital workspace)".to_owned(),
    ];
    let mode = prompt.choose("How do you log in?", &modes)?;
    match mode {
        0 => {
            let username = prompt.ask("Username: ")?;
            let password = prompt.secret(&format!("Password for {username}: "))?;
            let builder = LoginBuilder::password(page, username, password).request_token(true);
            Ok((builder, LoginKind::Password, prompt))
        }
        1 => {
            let source =
                prompt.ask("The QR code: a picture file (PNG, JPEG) or its JSON text: ")?;
            let text = crate::commands::login::qr_text(&source)?;
            let pin = prompt.secret("The PIN chosen for the code: ")?;
            let device = args.device_uuid.clone().unwrap_or_default();
            let builder = LoginBuilder::qr_code(&text, pin, device)
                .map_err(|e| CliError::login(LoginKind::QrCode, e))?;
            Ok((builder, LoginKind::QrCode, prompt))
        }
        _ => {
            let wanted = prompt.ask("The ENT's name or region (part of it): ")?;
            let lower = wanted.to_lowercase();
            let all = crate::commands::ent::providers()?;
            let providers: Vec<_> = all
                .iter()
                .filter(|p| {
                    p.name.to_lowercase().contains(&lower)
                        || p.region.to_lowercase().contains(&lower)
                })
                .take(30)
                .collect();
            if providers.is_empty() {
                return Err(CliError::Usage(format!(
                    "no ENT matches {wanted:?}: see `pronote ent list`"
                )));
            }
            let names: Vec<String> = providers
                .iter()
                .map(|p| format!("{} ({})", p.name, p.region))
                .collect();
            let provider = providers[prompt.choose("ENT providers:", &names)?];
            let username = prompt.ask("ENT username: ")?;
            let password = prompt.secret(&format!("ENT password for {username}: "))?;
            let credentials = crate::commands::ent::ent_login(
                transport,
                &provider.name,
                &page,
                &username,
                password,
            )
            .await?;
            Ok((
                LoginBuilder::credentials(&credentials),
                LoginKind::Token,
                prompt,
            ))
        }
    }
}
