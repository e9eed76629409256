//! `schools near`, `ent list` and the ENT login (`login --ent`).

use pronote_api::ent::{self, EntCredentials, EntError, EntTransport, Provider};
use pronote_transport::{CookieJar, HyperTransport};

use crate::cli::EntCommand;
use crate::error::{CliError, CliResult, LoginKind};
use crate::output::{Cell, Table, print, print_json, style, title, truncate};
use crate::session::Ctx;

/// The environment variable naming a JSON file of ENT providers missing
/// from the built-in table.
pub(crate) const PROVIDERS_ENV: &str = "PRONOTE_ENT_PROVIDERS";

/// The providers: those described in the file of `PRONOTE_ENT_PROVIDERS`
/// (one object or an array of them, as `ent list --json` prints them)
/// first, then the built-in table without the names the file redefines.
pub(crate) fn providers() -> CliResult<Vec<Provider>> {
    let mut all: Vec<Provider> = match std::env::var_os(PROVIDERS_ENV) {
        Some(path) if !path.is_empty() => {
            let path = std::path::PathBuf::from(path);
            let text = std::fs::read_to_string(&path).map_err(|error| CliError::File {
                doing: "reading the ENT providers file",
                path: path.clone(),
                error,
            })?;
            let bad = |e: serde_json::Error| CliError::BadFile {
                path: path.clone(),
                reason: format!("not ENT provider descriptions (set by {PROVIDERS_ENV}): {e}"),
            };
            match serde_json::from_str::<serde_json::Value>(&text).map_err(bad)? {
                list @ serde_json::Value::Array(_) => serde_json::from_value(list).map_err(bad)?,
                one => vec![serde_json::from_value(one).map_err(bad)?],
            }
        }
        _ => Vec::new(),
    };
    let built_in: Vec<Provider> = ent::providers()
        .iter()
        .filter(|p| !all.iter().any(|mine| mine.name == p.name))
        .cloned()
        .collect();
    all.extend(built_in);
    Ok(all)
}

/// `ent`.
pub(crate) fn ent(ctx: &Ctx, command: &EntCommand) -> CliResult<()> {
    match command {
        EntCommand::List => {
            let providers = providers()?;
            if ctx.global.json {
                // The provider's serde form carries its name, region,
                // family and URLs.
                return print_json(&providers);
            }
            let mut text = title(&format!("ENT providers ({})", providers.len()));
            let mut table = Table::new(&["Name", "Region", "Family"]);
            for p in &providers {
                table.row(vec![
                    Cell::styled(p.name.clone(), style::TITLE),
                    truncate(&p.region, 50).into(),
                    crate::commands::records::kind_label(&p.flow.family()).into(),
                ]);
            }
            text.push_str(&table.render());
            print(&text)
        }
    }
}

/// Logs in through the ENT `provider_name` and returns the credentials to
/// save: the mobile token PRONOTE hands out when the login after the SSO
/// asks for one. The SSO runs on `transport`'s TLS settings with a cookie
/// jar of its own.
pub(crate) async fn ent_login(
    transport: &HyperTransport,
    provider_name: &str,
    url: &str,
    username: &str,
    password: String,
) -> CliResult<pronote_api::Credentials> {
    let provider = providers()?
        .into_iter()
        .find(|p| p.name == provider_name)
        .ok_or_else(|| {
            CliError::Usage(format!(
                "no ENT provider named {provider_name:?}: see `pronote ent list`"
            ))
        })?;
    let ent_failed = |error: EntError| {
        let text = format!("the ENT login through {provider_name} failed: {error}");
        if error.is_bad_credentials() {
            CliError::Refused(format!("{text}; check the ENT username and password"))
        } else {
            CliError::Other(text)
        }
    };
    let sso = EntTransport::new(
        transport.with_cookie_jar(CookieJar::default()),
        provider,
        EntCredentials::new(username, password),
        url,
    )
    .map_err(ent_failed)?;
    sso.sign_in().await.map_err(ent_failed)?;
    // `request_token`: without it PRONOTE hands out no token, and an ENT
    // login could not be saved.
    let client = match sso.login_builder().request_token(true).connect().await {
        Ok(client) => client,
        Err(error) => {
            return Err(match sso.take_last_error() {
                Some(e) => ent_failed(e),
                None => CliError::login(LoginKind::Password, error),
            });
        }
    };
    client.credentials().ok_or_else(|| {
        CliError::Other(
            "PRONOTE gave no token after the ENT login, so the login cannot be saved".into(),
        )
    })
}
