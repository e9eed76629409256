//! The forced password change as an explicit step: the login stops at the
//! prompt with the server's rules, the caller answers with a new password
//! (checked against the rules before it is sent), and the new credentials
//! are reported before the client is handed over.
//!
//! `cargo run -p pronote-api --example new_password` (the embedded demo's
//! `nouveau` account must change its password at its first login).

mod common;

use pronote_api::LoginStep;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (url, _demo) = common::page_url("eleve.html").await?;
    let step = pronote_api::LoginBuilder::password(url, "nouveau", "pronotevs")
        .on_credentials(|c| println!("save the credentials of {} now", c.username()))
        .start()
        .await?;
    let client = match step {
        LoginStep::Connected(client) => client,
        LoginStep::NewPasswordRequired(step) => {
            if let Some(message) = step.message() {
                println!("the server says: {message}");
            }
            println!("rules: {:?}", step.rules());
            // Refused locally, nothing sent: the error names the rule.
            if let Err(rule) = step.check("court") {
                println!("\"court\" is refused: {rule}");
            }
            match step.answer("Nouveau-2026").await.map_err(|(e, _)| e)? {
                LoginStep::Connected(client) => client,
                _ => return Err("another step (double authentication?) follows".into()),
            }
        }
        _ => return Err("another step first: see the double_auth example".into()),
    };
    println!("logged in as {}", client.user().await.resource.name);
    Ok(())
}
