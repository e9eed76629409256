//! QR-code login: a logged-in session issues QR data (as the PRONOTE web
//! page does), then a "device" logs in with it and its PIN.
//!
//! `cargo run -p pronote-api --example qr_code`

mod common;

use pronote_proto::Call;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (url, _demo) = common::page_url("eleve.html").await?;
    let web = pronote_api::LoginBuilder::password(url.clone(), "demonstration", "pronotevs")
        .connect()
        .await?;
    let pin = "4321";
    let reply = web
        .call_raw(
            &Call::new("JetonAppliMobile")
                .tab(7)
                .data(serde_json::json!({"code": pin})),
        )
        .await?;
    let qr =
        serde_json::json!({"jeton": reply.data["jeton"], "login": reply.data["login"], "url": url})
            .to_string();
    let device = pronote_api::LoginBuilder::qr_code(&qr, pin, "my-device-uuid")?
        .connect()
        .await?;
    let credentials = device.credentials().ok_or("no token issued")?;
    println!(
        "device logged in; next time log in with its token on {}",
        credentials.page_url
    );
    Ok(())
}
