//! A minimal ENT (CAS single sign-on) in front of the instance.
//!
//! `POST /cas/login` with a form `username=…&password=…[&service=URL]`
//! checks the account, sets the cookie `CASTGC=<ticket>` (path `/`) and
//! redirects to `service` (default: the student page). A space page
//! fetched with a valid ticket carries the ENT tokens `e` (the login id)
//! and `f` (the key) and `g:3` in `Start()`; the client then identifies
//! with `pourENT: true`, `identifiant` = `e`, and derives its key from `f`
//! alone: `MD5(UPPER(SHA256(f)))` (no `alea`: ENT logins send none).
//!
//! External identity providers (the simulated CAS, EduConnect, Open ENT NG
//! and WAYF of `pronote-ent`'s tests) hand the user over with a SAML POST
//! binding: `POST /cas/login` with `SAMLResponse` (base64 of an assertion
//! whose `<NameID>` is the account's username) and `RelayState` (the
//! service URL to return to). The simulator is a test double for the
//! service provider: it does not check signatures, only that the name is an
//! account of the demo data.

use std::collections::HashMap;

use hyper::StatusCode;
use hyper::header::{HeaderValue, LOCATION, SET_COOKIE};

use crate::data::Space;
use crate::http::{HttpResponse, decode_component, respond};
use crate::server::Shared;

/// The cookie carrying the ticket.
pub(crate) const COOKIE: &str = "CASTGC";

/// ENT tokens handed to one page session.
#[derive(Clone)]
pub(crate) struct EntTokens {
    /// `e`.
    pub(crate) id: String,
    /// `f` (secret).
    pub(crate) key: String,
    /// The account's username.
    pub(crate) username: String,
}

impl std::fmt::Debug for EntTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntTokens")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Tickets issued by the ENT: ticket → username, and the single-use
/// service tickets of an ENT-bound instance: ticket → (service, username).
#[derive(Default)]
pub(crate) struct Tickets {
    map: HashMap<String, String>,
    service: HashMap<String, (String, String)>,
}

impl std::fmt::Debug for Tickets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tickets")
            .field("count", &self.map.len())
            .finish()
    }
}

/// The ticket in a `Cookie` header, if any.
pub(crate) fn ticket_of(cookie_header: Option<&str>) -> Option<String> {
    cookie_header?
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The ENT tokens for a page load: fresh `e`/`f` when the ticket is valid
/// and names an account of the page's space.
pub(crate) fn tokens_for(shared: &Shared, ticket: Option<&str>, space: Space) -> Option<EntTokens> {
    tokens_for_user(shared, &username_of(shared, ticket?)?, space)
}

/// The username a ticket cookie stands for.
pub(crate) fn username_of(shared: &Shared, ticket: &str) -> Option<String> {
    shared
        .ent
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .map
        .get(ticket)
        .cloned()
}

/// Fresh `e`/`f` for `username` when it is an account of `space`.
pub(crate) fn tokens_for_user(shared: &Shared, username: &str, space: Space) -> Option<EntTokens> {
    shared.demo.find_account(username, space)?;
    let username = username.to_owned();
    let mut store = shared.store();
    Some(EntTokens {
        id: format!("ENT-{}", hex::encode_upper(store.random::<8>())),
        key: hex::encode_upper(store.random::<24>()),
        username,
    })
}

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode_component(k), decode_component(v)))
        .collect()
}

/// A single-use service ticket for `username` on `service`.
fn issue_service_ticket(shared: &Shared, username: &str, service: &str) -> String {
    let ticket = format!("ST-{}", hex::encode_upper(shared.store().random::<16>()));
    shared
        .ent
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .service
        .insert(ticket.clone(), (service.to_owned(), username.to_owned()));
    ticket
}

/// Redeems a service ticket issued for `service`: its username, once.
pub(crate) fn redeem(shared: &Shared, ticket: &str, service: &str) -> Option<String> {
    let mut tickets = shared.ent.lock().unwrap_or_else(|e| e.into_inner());
    let (issued_for, username) = tickets.service.remove(ticket)?;
    (issued_for == service).then_some(username)
}

/// `service` with a new service ticket for `username` appended.
fn with_ticket(shared: &Shared, username: &str, service: &str) -> String {
    let ticket = issue_service_ticket(shared, username, service);
    let separator = if service.contains('?') { '&' } else { '?' };
    format!("{service}{separator}ticket={ticket}")
}

/// `GET /cas/login`: an ENT session (the ticket cookie) and a `service`
/// go straight back to the service with a service ticket (ENT-bound
/// instances); otherwise the login form.
pub(crate) fn login_page(
    shared: &Shared,
    query: Option<&str>,
    cookie: Option<&str>,
) -> HttpResponse {
    let pairs = crate::http::query_pairs(query);
    let service = pairs
        .iter()
        .find(|(k, _)| k == "service")
        .map(|(_, v)| v.as_str());
    if let (Some(service), Some(username)) = (
        service.filter(|s| own_service(shared, s) && shared.config.ent.is_some()),
        ticket_of(cookie).and_then(|t| username_of(shared, &t)),
    ) {
        return crate::cas::redirect(shared, &with_ticket(shared, &username, service));
    }
    respond(
        shared,
        StatusCode::OK,
        "text/html; charset=utf-8",
        crate::page::message_page(
            "<form method=\"post\"><input name=\"username\"><input name=\"password\" type=\"password\"><button>Se connecter</button></form>",
        ),
    )
}

/// Whether `service` is a URL of this instance.
fn own_service(shared: &Shared, service: &str) -> bool {
    service.starts_with(&format!("http://{}/", shared.address))
}

/// `POST /cas/login` (`service` in the form or, as the CAS form posts to
/// its own URL, in the query).
pub(crate) fn login(shared: &Shared, query: Option<&str>, body: &[u8]) -> HttpResponse {
    let mut pairs = form_pairs(body);
    pairs.extend(crate::http::query_pairs(query));
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(assertion) = get("SAMLResponse") {
        let service = get("RelayState").or(get("service"));
        return match assertion_subject(assertion) {
            Some(name)
                if shared
                    .demo
                    .accounts
                    .iter()
                    .any(|a| a.username.eq_ignore_ascii_case(&name)) =>
            {
                grant(shared, &name, service)
            }
            _ => respond(
                shared,
                StatusCode::FORBIDDEN,
                "text/html; charset=utf-8",
                crate::page::message_page("Assertion SAML refus\u{e9}e."),
            ),
        };
    }
    let (Some(username), Some(password)) = (get("username"), get("password")) else {
        return respond(
            shared,
            StatusCode::BAD_REQUEST,
            "text/html; charset=utf-8",
            crate::page::message_page("Formulaire incomplet."),
        );
    };
    let known = shared
        .demo
        .accounts
        .iter()
        .any(|a| a.username.eq_ignore_ascii_case(username.trim()) && a.password == password);
    if !known {
        return respond(
            shared,
            StatusCode::UNAUTHORIZED,
            "text/html; charset=utf-8",
            crate::page::message_page("Identifiant ou mot de passe incorrect."),
        );
    }
    grant(shared, username, get("service"))
}

/// The `<NameID>` of a base64 SAML assertion.
fn assertion_subject(assertion: &str) -> Option<String> {
    use base64::Engine as _;
    let compact: String = assertion.split_whitespace().collect();
    let xml = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()?;
    let xml = String::from_utf8(xml).ok()?;
    let open = xml.find("<NameID")?;
    let start = open + xml[open..].find('>')? + 1;
    let end = start + xml[start..].find("</NameID>")?;
    let name = xml[start..end].trim();
    (!name.is_empty()).then(|| name.to_lowercase())
}

/// Issues a ticket cookie for `username` and redirects to `service` (a
/// URL of this server; default the student page).
fn grant(shared: &Shared, username: &str, service: Option<&str>) -> HttpResponse {
    let ticket = format!("TGT-{}", hex::encode_upper(shared.store().random::<16>()));
    shared
        .ent
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .map
        .insert(ticket.clone(), username.trim().to_lowercase());
    let service = match service.filter(|s| own_service(shared, s)) {
        // An ENT-bound instance takes the user back with a service ticket.
        Some(s) if shared.config.ent.is_some() => {
            with_ticket(shared, &username.trim().to_lowercase(), s)
        }
        Some(s) => s.to_owned(),
        None => format!("http://{}/pronote/eleve.html", shared.address),
    };
    let mut response = respond(
        shared,
        StatusCode::FOUND,
        "text/html; charset=utf-8",
        crate::page::message_page("Connexion r\u{e9}ussie."),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("{COOKIE}={ticket}; Path=/; HttpOnly")) {
        response.headers_mut().insert(SET_COOKIE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&service) {
        response.headers_mut().insert(LOCATION, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing() {
        assert_eq!(
            ticket_of(Some("a=1; CASTGC=TGT-X; b=2")).as_deref(),
            Some("TGT-X")
        );
        assert_eq!(ticket_of(Some("a=1")), None);
        assert_eq!(ticket_of(None), None);
    }

    #[test]
    fn assertion_names() {
        use base64::Engine as _;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        assert_eq!(
            assertion_subject(&b64(
                "<Assertion><NameID Format=\"x\"> Demonstration </NameID></Assertion>"
            ))
            .as_deref(),
            Some("demonstration")
        );
        assert_eq!(assertion_subject(&b64("<Assertion/>")), None);
        assert_eq!(assertion_subject("%%%"), None);
        assert_eq!(assertion_subject(&b64("<NameID></NameID>")), None);
    }
}
