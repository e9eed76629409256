//! ENT-bound instances: a space page's visitor without a session is sent
//! to the ENT's CAS login, and the service ticket it brings back is
//! validated against the CAS before the page is served with the ENT tokens
//! `e`/`f`, as real instances behind an ENT do.
//!
//! ```text
//!  GET eleve.html ──▶ 302 <cas>/login?service=<page URL>
//!  (the CAS logs the user in) ──▶ 302 <page URL>?ticket=ST-…
//!  GET eleve.html?ticket=ST-… ──▶ GET <cas>/serviceValidate?ticket=…&service=…  (loopback HTTP)
//!                              ◀── <cas:authenticationSuccess><cas:user>name</cas:user>
//!  page with Start({…, e, f, g: 3})
//! ```
//!
//! `eleve.html?login=true` bypasses the ENT (the PRONOTE login form), as on
//! real instances. With no CAS URL the instance's own `/cas` (see
//! [`crate::ent`]) plays the CAS: it issues service tickets and answers
//! `/cas/serviceValidate`.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::StatusCode;
use hyper::header::{HeaderValue, LOCATION};
use hyper_util::rt::TokioIo;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::http::{HttpResponse, query_pairs, respond};
use crate::server::Shared;

/// The ENT an instance is bound to.
///
/// ```
/// use pronote_server::Ent;
/// let ent: Ent = "cas".parse()?;
/// assert_eq!(
///     ent.with_url("http://localhost:8443/cas/"),
///     Ent::Cas { url: Some("http://localhost:8443/cas".into()) }
/// );
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ent {
    /// A CAS server: visitors are sent to `<url>/login?service=…` and
    /// tickets validated at `<url>/serviceValidate` (CAS protocol 2.0).
    /// `None`: the instance's own `/cas`.
    Cas {
        /// The CAS base URL (`http://host:port/cas`), plain HTTP.
        url: Option<String>,
    },
}

impl Ent {
    /// The same ENT with its base URL set.
    pub fn with_url(self, url: &str) -> Ent {
        match self {
            Ent::Cas { .. } => Ent::Cas {
                url: Some(url.trim_end_matches('/').to_owned()),
            },
        }
    }
}

impl std::str::FromStr for Ent {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "cas" => Ok(Ent::Cas { url: None }),
            other => Err(format!("unknown ENT {other:?} (known: cas)")),
        }
    }
}

/// How long the ticket validation may take.
const VALIDATION_TIMEOUT: Duration = Duration::from_secs(5);

/// Largest validation reply read.
const MAX_REPLY: usize = 64 * 1024;

/// The CAS base URL in force, without a trailing slash.
pub(crate) fn base(shared: &Shared) -> Option<String> {
    match shared.config.ent.as_ref()? {
        Ent::Cas { url: Some(url) } => Some(url.trim_end_matches('/').to_owned()),
        Ent::Cas { url: None } => Some(format!("http://{}/cas", shared.address)),
    }
}

/// The page's service URL: the page without its `ticket` parameter.
pub(crate) fn service_url(shared: &Shared, path: &str, query: Option<&str>) -> String {
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("ticket="))
        .collect();
    let mut url = format!("http://{}{path}", shared.address);
    if !kept.is_empty() {
        url.push('?');
        url.push_str(&kept.join("&"));
    }
    url
}

/// What a space page request asks of the ENT binding.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Visit {
    /// Not bound, or `login=true`: serve the page as usual.
    Page,
    /// No ticket: to the CAS login.
    ToLogin,
    /// A ticket to validate.
    Ticket(String),
}

/// Reads a space page request's query.
pub(crate) fn visit(shared: &Shared, query: Option<&str>) -> Visit {
    if shared.config.ent.is_none() {
        return Visit::Page;
    }
    let pairs = query_pairs(query);
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    if get("login").is_some_and(|v| v == "true") {
        return Visit::Page;
    }
    match get("ticket") {
        Some(ticket) if !ticket.is_empty() => Visit::Ticket(ticket.clone()),
        _ => Visit::ToLogin,
    }
}

/// `302` to the CAS login for `service`.
pub(crate) fn to_login(shared: &Shared, service: &str) -> HttpResponse {
    let target = format!(
        "{}/login?service={}",
        base(shared).unwrap_or_default(),
        utf8_percent_encode(service, NON_ALPHANUMERIC)
    );
    redirect(shared, &target)
}

/// A `302` to `target`.
pub(crate) fn redirect(shared: &Shared, target: &str) -> HttpResponse {
    let mut response = respond(
        shared,
        StatusCode::FOUND,
        "text/html; charset=utf-8",
        crate::page::message_page("Redirection vers l'ENT."),
    );
    if let Ok(v) = HeaderValue::from_str(target) {
        response.headers_mut().insert(LOCATION, v);
    }
    response
}

/// A ticket the CAS did not confirm.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TicketError {
    /// The CAS could not be reached or answered garbage.
    #[error("CAS unreachable: {0}")]
    Unreachable(String),
    /// The CAS refused the ticket.
    #[error("ticket refused by the CAS")]
    Refused,
}

/// Validates `ticket` for `service` at the CAS (`serviceValidate`) and
/// returns the user it names.
pub(crate) async fn validate(
    shared: &Shared,
    ticket: &str,
    service: &str,
) -> Result<String, TicketError> {
    let base = base(shared).ok_or(TicketError::Refused)?;
    let url = format!(
        "{base}/serviceValidate?ticket={}&service={}",
        utf8_percent_encode(ticket, NON_ALPHANUMERIC),
        utf8_percent_encode(service, NON_ALPHANUMERIC)
    );
    let body = tokio::time::timeout(VALIDATION_TIMEOUT, get(&url))
        .await
        .map_err(|_| TicketError::Unreachable("timed out".into()))??;
    success_user(&body).ok_or(TicketError::Refused)
}

/// The `<cas:user>` of a `<cas:authenticationSuccess>` reply.
fn success_user(xml: &str) -> Option<String> {
    let success = &xml[xml.find("authenticationSuccess")?..];
    let open = success.find("<cas:user>")? + "<cas:user>".len();
    let close = open + success[open..].find("</cas:user>")?;
    let user = success[open..close].trim();
    (!user.is_empty()).then(|| user.to_lowercase())
}

/// A plain-HTTP GET returning the body of a `200`.
async fn get(url: &str) -> Result<String, TicketError> {
    let fail = |e: &dyn std::fmt::Display| TicketError::Unreachable(e.to_string());
    let parsed = url::Url::parse(url).map_err(|e| fail(&e))?;
    if parsed.scheme() != "http" {
        return Err(fail(&"only http:// CAS URLs are supported"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| fail(&"no host"))?
        .to_owned();
    let port = parsed.port_or_known_default().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| fail(&e))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| fail(&e))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let target = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_owned(),
    };
    let request = hyper::Request::get(target)
        .header(hyper::header::HOST, format!("{host}:{port}"))
        .body(Empty::<Bytes>::new())
        .map_err(|e| fail(&e))?;
    let response = sender.send_request(request).await.map_err(|e| fail(&e))?;
    if response.status() != StatusCode::OK {
        return Err(fail(&format!("HTTP {}", response.status())));
    }
    let bytes = Limited::new(response.into_body(), MAX_REPLY)
        .collect()
        .await
        .map_err(|e| fail(&e))?
        .to_bytes();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The own CAS's `GET /cas/serviceValidate?ticket=…&service=…`: tickets
/// are single-use and bound to their service.
pub(crate) fn service_validate(shared: &Shared, query: Option<&str>) -> HttpResponse {
    let pairs = query_pairs(query);
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let user = crate::ent::redeem(shared, get("ticket"), get("service"));
    let body = match user {
        Some(user) => format!(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\n\
             <cas:authenticationSuccess><cas:user>{user}</cas:user></cas:authenticationSuccess>\n\
             </cas:serviceResponse>\n"
        ),
        None => "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\n\
                 <cas:authenticationFailure code=\"INVALID_TICKET\">Ticket inconnu</cas:authenticationFailure>\n\
                 </cas:serviceResponse>\n"
            .to_owned(),
    };
    respond(shared, StatusCode::OK, "text/xml; charset=utf-8", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_replies() {
        assert_eq!(
            success_user(
                "<cas:serviceResponse><cas:authenticationSuccess>\n<cas:user> Demonstration </cas:user>\
                 </cas:authenticationSuccess></cas:serviceResponse>"
            )
            .as_deref(),
            Some("demonstration")
        );
        assert_eq!(
            success_user(
                "<cas:serviceResponse><cas:authenticationFailure code=\"INVALID_TICKET\">\
                 <cas:user>x</cas:user></cas:authenticationFailure></cas:serviceResponse>"
            ),
            None
        );
        assert_eq!(
            success_user("<cas:authenticationSuccess><cas:user></cas:user>"),
            None
        );
        assert_eq!(success_user("garbage"), None);
    }

    #[test]
    fn ents_parse() {
        assert_eq!("cas".parse::<Ent>(), Ok(Ent::Cas { url: None }));
        assert!("saml".parse::<Ent>().is_err());
        assert_eq!(
            Ent::Cas { url: None }.with_url("http://localhost:1/cas/"),
            Ent::Cas {
                url: Some("http://localhost:1/cas".into())
            }
        );
    }
}
