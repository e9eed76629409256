//! ENT login: after the SSO (CAS, EduConnect…) left its session in a cookie
//! jar, the PRONOTE page carries `e`/`f` tokens that replace the password.
//! Here the jar is filled by hand; the ENT providers fill it for you.
//!
//! `cargo run -p pronote-api --example ent_cookies -- URL COOKIE` (a `Set-Cookie`
//! value from your ENT session).

use pronote_transport::{CookieJar, HyperTransport};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(cookie)) = (args.next(), args.next()) else {
        println!("usage: ent_cookies <PRONOTE page URL> <ENT session Set-Cookie value>");
        return Ok(());
    };
    let jar = CookieJar::default();
    jar.add(&cookie, &url)?;
    let transport = HyperTransport::builder().cookie_jar(jar).build()?;
    let client = pronote_api::LoginBuilder::ent(url)
        .transport(transport)
        .connect()
        .await?;
    println!("logged in as {}", client.user().await.resource.name);
    Ok(())
}
