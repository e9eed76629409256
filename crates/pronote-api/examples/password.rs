//! Password login, then this week's timetable.
//!
//! `cargo run -p pronote-api --example password [URL USERNAME]`
//! (password from `PRONOTE_PASSWORD`; without arguments, the demo instance).

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (url, _demo) = common::page_url("eleve.html").await?;
    let username = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "demonstration".into());
    let password = std::env::var("PRONOTE_PASSWORD").unwrap_or_else(|_| "pronotevs".into());
    let client = pronote_api::LoginBuilder::password(url, username, password)
        .on_credentials(|c| println!("credentials to save for {}", c.username()))
        .connect()
        .await?;
    let user = client.user().await;
    println!("logged in as {}", user.resource.name);
    for lesson in client.timetable_week(3).await? {
        println!(
            "{} {}",
            lesson.start,
            lesson.subject.as_ref().map_or("?", |s| s.name.as_str())
        );
    }
    Ok(())
}
