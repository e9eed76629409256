//! What can be learnt about an instance before logging in.

use pronote_proto::http::{HttpRequest, Method};
use pronote_proto::login::split_page_url;
use pronote_proto::urls::info_mobile_app_url;
use pronote_transport::Transport;

use crate::error::{Error, Result};
use crate::models::{AccountKind, InstanceInfo};

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
    let root = if is_instance_root(url) {
        url.split(['?', '#'])
            .next()
            .unwrap_or(url)
            .trim_end_matches('/')
            .to_owned()
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

/// Whether `url` is an instance root (`https://…/pronote/` or
/// `https://…/pronote`) rather than a space page (`…/eleve.html`): its
/// last path segment names no `.html` page.
///
/// ```
/// use pronote_api::is_instance_root;
/// assert!(is_instance_root("https://x.fr/pronote/"));
/// assert!(is_instance_root("https://x.fr/pronote"));
/// assert!(!is_instance_root("https://x.fr/pronote/eleve.html"));
/// assert!(!is_instance_root("https://x.fr/pronote/mobile.parent.html?fd=1"));
/// ```
pub fn is_instance_root(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or("");
    !last.to_ascii_lowercase().ends_with(".html")
}

/// The page URL of a space of the instance at `root` (a root URL as
/// schools publish it), read from its `infoMobileApp.json`: the space of
/// `kind`, or the only one. The mobile page the file names
/// (`mobile.eleve.html`) is given as its desktop page (`eleve.html`).
pub async fn space_page_url<T: Transport>(
    transport: &T,
    root: &str,
    kind: Option<AccountKind>,
) -> Result<String> {
    let info = instance_info(transport, root).await?;
    let base = root
        .split(['?', '#'])
        .next()
        .unwrap_or(root)
        .trim_end_matches('/');
    let space = match kind {
        Some(kind) => info
            .spaces
            .iter()
            .find(|s| s.espace.map(AccountKind::from_espace) == Some(kind))
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "a space for {kind:?} accounts at {base}/ (its spaces: {})",
                    space_names(&info)
                ))
            })?,
        None => match info.spaces.as_slice() {
            [only] => only,
            _ => {
                return Err(Error::Usage(
                    "the URL is the instance root and it has several spaces: choose one with LoginBuilder::space, or give the space page (…/eleve.html)",
                ));
            }
        },
    };
    let page = space.page.trim_start_matches('/');
    let page = page.strip_prefix("mobile.").unwrap_or(page);
    if page.starts_with("http://") || page.starts_with("https://") {
        return Ok(page.to_owned());
    }
    Ok(format!("{base}/{page}"))
}

fn space_names(info: &InstanceInfo) -> String {
    info.spaces
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
