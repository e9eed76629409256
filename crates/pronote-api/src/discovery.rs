//! What can be learnt about an instance before logging in.

use pronote_proto::http::{HttpRequest, Method};
use pronote_proto::login::split_page_url;
use pronote_proto::urls::info_mobile_app_url;
use pronote_transport::Transport;

use crate::error::{Error, Result};
use crate::models::InstanceInfo;

/// Fetches the instance description (`infoMobileApp.json`) from the
/// instance root or any of its page URLs.
///
/// ```no_run
/// # async fn run() -> pronote_api::Result<()> {
/// let transport = pronote_transport::HyperTransport::builder().build()?;
/// let info = pronote_api::instance_info(&transport, "https://demo.index-education.net/pronote/").await?;
/// println!("{} runs PRONOTE {:?}", info.school, info.version);
/// # Ok(()) }
/// ```
pub async fn instance_info<T: Transport>(transport: &T, url: &str) -> Result<InstanceInfo> {
    let root = if url.ends_with('/') {
        url.trim_end_matches('/').to_owned()
    } else {
        split_page_url(url)?.0
    };
    let request = HttpRequest {
        method: Method::Get,
        url: info_mobile_app_url(&root),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let response = transport.send(&request).await?;
    if let Some(condition) = pronote_proto::ServerError::from_body_text(&response.text()) {
        return Err(condition.into());
    }
    if let Some(error) = response.status_error() {
        return Err(error.into());
    }
    let doc: serde_json::Value = serde_json::from_slice(&response.body)
        .map_err(|e| Error::reply("infoMobileApp.json", format!("not JSON: {e}")))?;
    InstanceInfo::from_json(&doc)
}
