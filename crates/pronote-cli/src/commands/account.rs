//! `account …`: personal information, PRONOTE's iCal URL, the profile
//! picture, double-authentication settings, and a QR code for the mobile
//! app.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use pronote_api::models::account::{Account, DoubleAuthMode};

use crate::commands::files::save_url;
use crate::commands::login::{QR_PIN_ENV, secret};
use crate::error::{CliError, CliResult};
use crate::output::{Table, print, print_json, title};
use crate::session::{Ctx, PIN_2FA_ENV, connect};

/// `account` options.
#[derive(Debug, Args)]
pub(crate) struct AccountArgs {
    /// What to show or change (default: the user, children, periods and
    /// instance settings).
    #[command(subcommand)]
    pub(crate) action: Option<AccountCommand>,
}

/// `account` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum AccountCommand {
    /// Personal information: address, email, phone, INE, security mode.
    Info,
    /// The URL of the timetable's iCal feed PRONOTE itself serves.
    IcalUrl,
    /// Saves the profile picture to a file.
    Picture {
        /// The file (`-` for stdout).
        #[arg(long, short, value_name = "FILE")]
        out: PathBuf,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Double authentication: the mode, and the known devices (sources).
    Security(SecurityArgs),
    /// Issues a QR code to log the mobile app in (valid ten minutes), drawn
    /// in the terminal; the app asks for the PIN given here.
    QrCode {
        /// The 4-digit PIN the app will ask for (default: from
        /// `PRONOTE_QR_PIN`, else asked).
        #[arg(long, value_name = "PIN")]
        pin: Option<String>,
    },
}

/// `account security` options.
#[derive(Debug, Args)]
pub(crate) struct SecurityArgs {
    /// Whether a device name is a known source of this account.
    #[arg(long, value_name = "DEVICE")]
    pub(crate) check: Option<String>,
    /// Registers this device under a name as a known source (the
    /// double-authentication PIN from `PRONOTE_2FA_PIN`, else asked, when
    /// the mode needs one).
    #[arg(long, value_name = "DEVICE")]
    pub(crate) register: Option<String>,
    /// Sets the double-authentication mode.
    #[arg(long, value_enum)]
    pub(crate) mode: Option<ModeArg>,
    /// Checks the double-authentication PIN (from `PRONOTE_2FA_PIN`, else
    /// asked). A wrong one exits with code 3 and counts as a failed login
    /// on the server.
    #[arg(long)]
    pub(crate) verify_pin: bool,
}

/// The modes `--mode` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ModeArg {
    /// No double authentication.
    None,
    /// A notification at each login from an unknown device.
    Notification,
    /// A PIN at each login from an unknown device.
    Pin,
}

fn mode_label(mode: Option<&DoubleAuthMode>) -> String {
    match mode {
        Some(DoubleAuthMode::NotChosen) | None => "not chosen".to_owned(),
        Some(DoubleAuthMode::Inactive) => "none".to_owned(),
        Some(DoubleAuthMode::NotificationOnly) => "notification".to_owned(),
        Some(DoubleAuthMode::Pin) => "PIN".to_owned(),
        Some(other) => format!("{other:?}"),
    }
}

/// `account …`.
pub(crate) async fn account(ctx: &Ctx, args: &AccountArgs) -> CliResult<()> {
    let Some(action) = &args.action else {
        return crate::commands::overview::account(ctx).await;
    };
    let conn = connect(ctx).await?;
    let client = &conn.client;
    match action {
        AccountCommand::Info => {
            let info = read_account(client).await?;
            if ctx.global.json {
                return print_json(&info);
            }
            print(&info_text(&info))
        }
        AccountCommand::IcalUrl => {
            let url = client
                .ical_url()
                .await
                .map_err(|e| CliError::api("reading the iCal URL", e))?;
            if ctx.global.json {
                return print_json(&serde_json::json!({ "url": url }));
            }
            match url {
                Some(url) => print(&format!("{url}\n")),
                None => Err(CliError::Other(
                    "this instance publishes no iCal feed for this account (`pronote export ical` makes one locally)".into(),
                )),
            }
        }
        AccountCommand::Picture { out, force } => {
            let url = client.profile_picture_url().await.ok_or_else(|| {
                CliError::Other("PRONOTE has no profile picture for this account".into())
            })?;
            let bytes = save_url(client, &url, out, *force, "the profile picture").await?;
            if ctx.global.json {
                return print_json(&serde_json::json!({"file": out, "bytes": bytes}));
            }
            if out.as_os_str() != "-" {
                crate::output::eprint_line!(
                    "Saved the profile picture ({bytes} bytes) to {}",
                    out.display()
                );
            }
            Ok(())
        }
        AccountCommand::Security(args) => security(ctx, client, args).await,
        AccountCommand::QrCode { pin } => {
            let pin = match pin {
                Some(pin) => pin.clone(),
                None => secret(QR_PIN_ENV, "PIN the app will ask for (4 digits): ")?,
            };
            let code = client
                .issue_qr_code(&pin)
                .await
                .map_err(|e| CliError::api("issuing the QR code", e))?;
            let text = serde_json::to_string(&code)
                .map_err(|e| CliError::Other(format!("writing the QR code failed: {e}")))?;
            if ctx.global.json {
                return print(&format!("{text}\n"));
            }
            let drawing = qrcode::QrCode::new(text.as_bytes())
                .map_err(|e| CliError::Other(format!("drawing the QR code failed: {e}")))?
                .render::<qrcode::render::unicode::Dense1x2>()
                .dark_color(qrcode::render::unicode::Dense1x2::Light)
                .light_color(qrcode::render::unicode::Dense1x2::Dark)
                .build();
            print(&format!(
                "{drawing}\nScan it in the PRONOTE app within ten minutes; it asks for the PIN given here.\n"
            ))
        }
    }
}

async fn read_account(client: &pronote_api::Client) -> CliResult<Account> {
    client
        .account()
        .await
        .map_err(|e| CliError::api("reading the personal information", e))
}

fn info_text(info: &Account) -> String {
    let mut text = title("Personal information");
    let mut table = Table::new(&["", ""]);
    let mut row = |label: &str, value: String| {
        if !value.is_empty() {
            table.row(vec![label.into(), value.into()]);
        }
    };
    row("Address", info.address.join(", "));
    row(
        "Town",
        [info.postal_code.as_deref(), info.city.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    );
    row("Country", info.country.clone().unwrap_or_default());
    row("Email", info.email.clone().unwrap_or_default());
    row("Mobile", info.mobile_phone.clone().unwrap_or_default());
    row("INE", info.ine.clone().unwrap_or_default());
    row("Double auth.", mode_label(info.security_mode.as_ref()));
    row(
        "PIN",
        if info.pin_managed { "set" } else { "not set" }.to_owned(),
    );
    let rendered = table.render();
    text.push_str(rendered.split_once('\n').map_or("", |(_, rest)| rest));
    text
}

async fn security(ctx: &Ctx, client: &pronote_api::Client, args: &SecurityArgs) -> CliResult<()> {
    let mut report = serde_json::Map::new();
    if let Some(mode) = args.mode {
        let wanted = match mode {
            ModeArg::None => DoubleAuthMode::Inactive,
            ModeArg::Notification => DoubleAuthMode::NotificationOnly,
            ModeArg::Pin => DoubleAuthMode::Pin,
        };
        let accepted = client
            .set_double_auth_mode(wanted)
            .await
            .map_err(|e| CliError::api("setting the double-authentication mode", e))?;
        if !accepted {
            return Err(CliError::Other(
                "the server refused the double-authentication mode".into(),
            ));
        }
        report.insert("mode_set".into(), true.into());
    }
    if args.verify_pin {
        // An account without a PIN would only see every check fail, each
        // counted as a failed login.
        if !read_account(client).await?.pin_managed {
            return Err(CliError::Usage(
                "this account has no double-authentication PIN to check".into(),
            ));
        }
        let pin = secret(PIN_2FA_ENV, "Double-authentication PIN: ")?;
        let right = client
            .verify_pin(&pin)
            .await
            .map_err(|e| CliError::api("checking the PIN", e))?;
        if !right {
            return Err(CliError::Refused(
                "that is not the account's double-authentication PIN (each wrong PIN counts as a failed login: after a few, the account is locked for a while)".into(),
            ));
        }
        report.insert("pin_right".into(), right.into());
    }
    if let Some(name) = &args.register {
        let info = read_account(client).await?;
        let pin = if info.security_mode == Some(DoubleAuthMode::Pin) {
            Some(secret(PIN_2FA_ENV, "Double-authentication PIN: ")?)
        } else {
            None
        };
        let accepted = client
            .register_source(name, pin.as_deref())
            .await
            .map_err(|e| CliError::api(format!("registering {name:?}"), e))?;
        if !accepted {
            return Err(CliError::Other(format!(
                "the server refused to register {name:?}"
            )));
        }
        report.insert("registered".into(), name.clone().into());
    }
    if let Some(name) = &args.check {
        let known = client
            .is_known_source(name)
            .await
            .map_err(|e| CliError::api(format!("checking {name:?}"), e))?;
        report.insert("known".into(), known.into());
    }
    let info = read_account(client).await?;
    report.insert(
        "mode".into(),
        mode_label(info.security_mode.as_ref()).into(),
    );
    report.insert("pin_set".into(), info.pin_managed.into());
    if ctx.global.json {
        return print_json(&report);
    }
    let mut text = format!(
        "Double authentication: {}; PIN {}.\n",
        mode_label(info.security_mode.as_ref()),
        if info.pin_managed { "set" } else { "not set" }
    );
    if report.contains_key("mode_set") {
        text.push_str("Mode changed.\n");
    }
    if report.get("pin_right") == Some(&true.into()) {
        text.push_str("The PIN is right.\n");
    }
    if let Some(name) = &args.register {
        text.push_str(&format!("{name:?} is now a known device.\n"));
    }
    if let (Some(name), Some(known)) = (&args.check, report.get("known")) {
        let known = known.as_bool().unwrap_or(false);
        text.push_str(&format!(
            "{name:?} is {}a known device.\n",
            if known { "" } else { "not " }
        ));
    }
    print(&text)
}
