//! Shared by the examples: a PRONOTE page URL from the first argument, or
//! an embedded demo instance when none is given.

use pronote_server::{RunningServer, Server};

/// The page URL to log in on, and the demo server kept alive meanwhile.
pub(crate) async fn page_url(
    page: &str,
) -> Result<(String, Option<RunningServer>), Box<dyn std::error::Error>> {
    if let Some(url) = std::env::args().nth(1) {
        return Ok((url, None));
    }
    let server = Server::builder()
        .version("2025.2.6")
        .seed(7)
        .bind("127.0.0.1:0")
        .start()
        .await?;
    let url = format!("{}{page}", server.url());
    println!("(no URL given: using the demo instance at {url})");
    Ok((url, Some(server)))
}
