//! Lists the ENT providers, or logs in to PRONOTE through one.
//!
//! ```text
//! cargo run -p pronote-ent --example ent -- list [--json]
//! cargo run -p pronote-ent --example ent -- login PROVIDER PRONOTE_PAGE_URL USERNAME
//! ```
//! (the password is read from the `ENT_PASSWORD` environment variable).

use std::io::Write;

use pronote_ent::{EntCredentials, provider, providers};
use pronote_transport::HyperTransport;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `writeln!` rather than `println!`: a closed pipe is an error, not a panic.
    let mut out = std::io::stdout().lock();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["list", "--json"] => writeln!(out, "{}", serde_json::to_string_pretty(providers())?)?,
        ["list"] => {
            for p in providers() {
                writeln!(out, "{:<34} {:<24} {}", p.name, p.flow.family(), p.region)?;
            }
        }
        ["login", name, page, username] => {
            let ent = provider(name).ok_or_else(|| format!("no ENT provider named {name}"))?;
            let password = std::env::var("ENT_PASSWORD").map_err(|_| "set ENT_PASSWORD")?;
            let transport = HyperTransport::builder().build()?;
            let session = pronote_ent::login(
                ent,
                &EntCredentials::new(*username, password),
                page,
                &transport,
            )
            .await?;
            writeln!(out, "PRONOTE page with ENT tokens: {}", session.page_url)?;
            writeln!(
                out,
                "cookies: {}",
                transport.cookie_jar().names().join(", ")
            )?;
        }
        _ => writeln!(
            out,
            "usage: ent list [--json] | ent login PROVIDER PRONOTE_PAGE_URL USERNAME"
        )?,
    }
    Ok(())
}
