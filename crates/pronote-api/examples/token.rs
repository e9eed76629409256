//! Token login: a first login asks for a mobile token, the second uses it
//! (and is issued the next one: always keep the newest).
//!
//! `cargo run -p pronote-api --example token`

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (url, _demo) = common::page_url("eleve.html").await?;
    let first = pronote_api::LoginBuilder::password(url, "demonstration", "pronotevs")
        .request_token(true)
        .connect()
        .await?;
    let credentials = first.credentials().ok_or("no credentials issued")?;
    println!("token issued for device {}", credentials.device_uuid);
    // What an app stores between runs:
    let stored = serde_json::to_string(&credentials)?;
    let restored: pronote_api::Credentials = serde_json::from_str(&stored)?;
    let second = pronote_api::LoginBuilder::credentials(&restored)
        .on_credentials(|c| println!("rotated token received for {}: save it now", c.username()))
        .connect()
        .await?;
    println!("logged in again as {}", second.user().await.resource.name);
    Ok(())
}
