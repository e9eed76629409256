//! Double authentication as explicit steps: the login stops at the prompt,
//! the caller answers with the PIN and a device name.
//!
//! `cargo run -p pronote-api --example double_auth`

mod common;

use pronote_api::{DoubleAuthAnswer, LoginStep};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (url, _demo) = common::page_url("eleve.html").await?;
    let step = pronote_api::LoginBuilder::password(url, "securise", "pronotevs")
        .start()
        .await?;
    let client = match step {
        LoginStep::Connected(client) => client,
        LoginStep::DoubleAuth(step) => {
            println!("the server asks for: {:?}", step.prompt());
            let answer = DoubleAuthAnswer {
                pin: Some("1234".into()),
                device_name: Some("example device".into()),
            };
            match step.answer(answer).await.map_err(|(e, _)| e)? {
                LoginStep::Connected(client) => client,
                _ => return Err("still asking".into()),
            }
        }
        _ => return Err("another step first: see the new_password example".into()),
    };
    println!("logged in as {}", client.user().await.resource.name);
    Ok(())
}
