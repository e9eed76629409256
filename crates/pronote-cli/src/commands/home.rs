//! `home`: the home page's useful links, partner services (with their
//! signed-in URL on demand) and canteen wallet balances.

use clap::Args;
use pronote_api::models::homepage::{Homepage, Partner};
use time::Date;

use crate::commands::school_life::pick_by_name;
use crate::error::{CliError, CliResult};
use crate::output::{Cell, Table, print, print_json, style, title};
use crate::session::{Ctx, connect};

/// `home` options.
#[derive(Debug, Args)]
pub(crate) struct HomeArgs {
    /// The day of the home page (YYYY-MM-DD or DD/MM/YYYY; default: today).
    #[arg(long, value_parser = crate::cli::parse_date)]
    pub(crate) date: Option<Date>,
    /// Print the signed-in URL of this partner service (name or unique
    /// part): open it to reach the service logged in.
    #[arg(long, value_name = "NAME")]
    pub(crate) partner: Option<String>,
}

/// `home`.
pub(crate) async fn home(ctx: &Ctx, args: &HomeArgs) -> CliResult<()> {
    let conn = connect(ctx).await?;
    let day = args.date.unwrap_or_else(|| ctx.today());
    let page = conn
        .client
        .homepage(day)
        .await
        .map_err(|e| CliError::api("reading the home page", e))?;
    if let Some(wanted) = &args.partner {
        if page.partners.is_empty() {
            return Err(CliError::Usage(
                "the home page lists no partner service".into(),
            ));
        }
        let partner = pick_by_name(&page.partners, |p: &Partner| &p.name, wanted, "partner")?;
        let url = conn
            .client
            .partner_url(partner)
            .await
            .map_err(|e| CliError::api(format!("signing in to {}", partner.name), e))?;
        if ctx.global.json {
            return print_json(&serde_json::json!({"partner": partner.name, "url": url}));
        }
        return print(&format!("{url}\n"));
    }
    if ctx.global.json {
        return print_json(&page);
    }
    print(&home_text(&page))
}

fn home_text(page: &Homepage) -> String {
    let mut text = title("Links");
    if page.links.is_empty() {
        text.push_str("No links.\n");
    } else {
        let mut table = Table::new(&["Name", "URL", "Description"]);
        for l in &page.links {
            table.row(vec![
                Cell::styled(l.name.clone(), style::TITLE),
                l.url.clone().into(),
                l.description.clone().unwrap_or_default().into(),
            ]);
        }
        text.push_str(&table.render());
    }
    text.push('\n');
    text.push_str(&title("Partner services"));
    if page.partners.is_empty() {
        text.push_str("No partner services.\n");
    } else {
        for p in &page.partners {
            text.push_str(&format!(
                "{} (`pronote home --partner …` signs in)\n",
                p.name
            ));
        }
    }
    text.push('\n');
    text.push_str(&title("Wallets"));
    if page.wallets.is_empty() {
        text.push_str("No wallets.\n");
    } else {
        let mut table = Table::new(&["Wallet", "Balance", "Note"]);
        for w in &page.wallets {
            let balance_style = if w.warning { style::BAD } else { style::GOOD };
            table.row(vec![
                Cell::styled(w.name.clone(), style::TITLE),
                Cell::styled(w.balance.clone(), balance_style),
                w.hint
                    .clone()
                    .or_else(|| w.balance_hint.clone())
                    .unwrap_or_default()
                    .into(),
            ]);
        }
        text.push_str(&table.render());
    }
    text
}
