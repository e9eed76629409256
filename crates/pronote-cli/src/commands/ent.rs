//! `schools near`, `ent list` and the ENT login (`login --ent`).

use pronote_api::ent::{self, EntCredentials, EntLoginError};

use crate::cli::EntCommand;
use crate::error::{CliError, CliResult, LoginKind};
use crate::output::{Cell, Table, print, print_json, style, title, truncate};
use crate::session::Ctx;

/// `ent`.
pub(crate) fn ent(ctx: &Ctx, command: &EntCommand) -> CliResult<()> {
    match command {
        EntCommand::List => {
            let providers = ent::providers();
            if ctx.global.json {
                // The provider's serde form carries its name, region,
                // family and URLs.
                return print_json(providers);
            }
            let mut text = title(&format!("ENT providers ({})", providers.len()));
            let mut table = Table::new(&["Name", "Region", "Family"]);
            for p in providers {
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
/// save (the mobile token PRONOTE hands out after the SSO).
pub(crate) async fn ent_login(
    provider_name: &str,
    url: &str,
    username: &str,
    password: String,
) -> CliResult<pronote_api::Credentials> {
    let provider = ent::provider(provider_name).ok_or_else(|| {
        CliError::Usage(format!(
            "no ENT provider named {provider_name:?}: see `pronote ent list`"
        ))
    })?;
    let client = ent::connect(
        provider.clone(),
        EntCredentials::new(username, password),
        url,
    )
    .await
    .map_err(|e| match e {
        EntLoginError::Pronote(error) => CliError::login(LoginKind::Password, error),
        EntLoginError::Ent(error) => CliError::Other(format!(
            "the ENT login through {provider_name} failed: {error}"
        )),
        other => CliError::Other(format!("the ENT login failed: {other}")),
    })?;
    client.credentials().ok_or_else(|| {
        CliError::Other(
            "PRONOTE gave no token after the ENT login, so the login cannot be saved".into(),
        )
    })
}
