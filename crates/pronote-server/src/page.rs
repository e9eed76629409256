//! The pages: space pages with their `Start({...})` call, error pages, the
//! mobile application's instance description and the loopback admin
//! endpoint.
//!
//! pronotepy refuses any page that contains the two capital letters "IP"
//! (it takes them for the "IP suspended" page), so the normal pages are
//! written to never contain them.

use std::net::SocketAddr;
use std::time::Instant;

use hyper::{Method, StatusCode};
use pronote_proto::start::{EntTokens, PageFlags, PageRsaKey, StartParams};
use rand_core::Rng;
use serde_json::json;

use crate::data::Space;
use crate::fault::Fault;
use crate::http::{HttpResponse, html, json as json_response, not_found, query_pairs, respond};
use crate::server::Shared;
use crate::session::Session;

/// A space page (`eleve.html`, `mobile.parent.html`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SpacePage {
    pub(crate) space: Space,
    pub(crate) mobile: bool,
}

impl SpacePage {
    /// Reads a lowercase path relative to the root.
    pub(crate) fn from_path(path: &str) -> Option<Self> {
        let name = path.strip_suffix(".html")?;
        let (mobile, name) = match name.strip_prefix("mobile.") {
            Some(n) => (true, n),
            None => (false, name),
        };
        let space = match name {
            "eleve" => Space::Student,
            "parent" => Space::Parent,
            "professeur" => Space::Teacher,
            "viescolaire" => Space::VieScolaire,
            _ => return None,
        };
        Some(SpacePage { space, mobile })
    }

    /// The espace id `a` of the page.
    pub(crate) fn espace(self) -> u32 {
        self.space.espace(self.mobile)
    }
}

/// Renders the `Start` literal the way real pages write it (see
/// [`StartParams::to_page_literal`]: unquoted keys, single-quoted strings,
/// flags only when true, since pronotepy reads the text `false` as true).
pub(crate) fn start_literal(
    shared: &Shared,
    session_id: u64,
    espace: u32,
    ent: Option<&crate::ent::EntTokens>,
) -> String {
    let config = &shared.config;
    let mut params = StartParams::new(session_id, espace);
    params.session_id_is_number = config.session_must_be_number();
    params.demo = true;
    if config.rsa_in_page() {
        params.rsa = shared.rsa.as_ref().map(|key| {
            let public = key.public_key();
            PageRsaKey {
                modulus_hex: public.modulus_hex(),
                exponent_hex: public.exponent_hex(),
            }
        });
    }
    params.flags = if config.flags_do() {
        PageFlags::Do {
            encrypt: config.encryption,
            compress: config.compression,
        }
    } else {
        PageFlags::Skip {
            skip_encrypt: !config.encryption,
            skip_compress: !config.compression,
        }
    };
    params.http = config.http;
    if let Some(tokens) = ent {
        params.access_kind = Some(3);
        params.ent = Some(EntTokens {
            username: tokens.id.clone(),
            password: tokens.key.clone(),
        });
    }
    params.to_page_literal()
}

/// Serves a space page and opens its session.
pub(crate) fn space_page(
    shared: &Shared,
    page: SpacePage,
    ent: Option<crate::ent::EntTokens>,
) -> HttpResponse {
    let now = Instant::now();
    let (id, salt) = shared.with_rng(|rng| {
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        loop {
            let id = 1_000_000 + rng.next_u64() % 9_000_000;
            if !shared.sessions.contains(id) {
                return (id, salt);
            }
        }
    });
    let espace = page.espace();
    let mut session = Session::new(id, espace, page.space, salt, now);
    session.ent = ent.clone();
    shared
        .sessions
        .insert(session, shared.config.session_timeout, now);
    let literal = start_literal(shared, id, espace, ent.as_ref());
    let title = page.space.title();
    let school = &shared.demo.school.name;
    let version = shared.config.version;
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>PRONOTE - {title} - {school}</title>\n</head>\n\
         <body id=\"id_body\" onload=\"try {{ Start ({literal}) }} catch (e) {{ messageErreur (e) }}\">\n\
         <noscript>Activez le javascript pour utiliser PRONOTE.</noscript>\n\
         <div id=\"div_pied\" style=\"display:none\"><a href=\"https://www.index-education.com/fr/logiciel-gestion-vie-scolaire.php\" \
         title=\"logiciel de vie scolaire\">PRONOTE {version} gestion de vie scolaire</a> - demo simulee</div>\n\
         </body>\n</html>\n"
    );
    html(shared, StatusCode::OK, body)
}

/// A small page with a message.
pub(crate) fn message_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>PRONOTE</title></head>\
         <body><div class=\"message\">{message}</div></body></html>\n"
    )
}

/// The "IP suspended" page.
pub(crate) fn suspended(shared: &Shared) -> HttpResponse {
    html(
        shared,
        StatusCode::OK,
        message_page(
            "Votre adresse IP est provisoirement suspendue. Vous avez d\u{e9}pass\u{e9} le nombre de \
             connexions autoris\u{e9}es.",
        ),
    )
}

/// The "busy" page.
pub(crate) fn busy(shared: &Shared) -> HttpResponse {
    html(
        shared,
        StatusCode::OK,
        message_page(
            "Le site est momentan\u{e9}ment indisponible. Veuillez r\u{e9}essayer plus tard.",
        ),
    )
}

/// The "unavailable" page.
pub(crate) fn unavailable(shared: &Shared) -> HttpResponse {
    html(
        shared,
        StatusCode::OK,
        message_page("Le site n'est pas disponible pour le moment."),
    )
}

/// The instance root: links to the spaces.
pub(crate) fn index(shared: &Shared) -> HttpResponse {
    let links: String = [
        ("eleve.html", "Espace \u{c9}l\u{e8}ves"),
        ("parent.html", "Espace Parents"),
        ("professeur.html", "Espace Professeurs"),
        ("viescolaire.html", "Espace Vie scolaire"),
    ]
    .iter()
    .map(|(href, label)| format!("<li><a href=\"{href}\">{label}</a></li>"))
    .collect();
    html(
        shared,
        StatusCode::OK,
        message_page(&format!(
            "{} - PRONOTE {}<ul>{links}</ul>",
            shared.demo.school.name, shared.config.version
        )),
    )
}

/// `infoMobileApp.json`: what the mobile application reads first.
pub(crate) fn info_mobile_app(shared: &Shared) -> HttpResponse {
    let version: Vec<u32> = shared.config.version.components().to_vec();
    let spaces: Vec<_> = [
        Space::Student,
        Space::Parent,
        Space::Teacher,
        Space::VieScolaire,
    ]
    .iter()
    .map(|s| {
        json!({
            "nom": s.title(),
            "URL": format!("mobile.{}.html", s.page()),
            "genreEspace": s.espace(false),
        })
    })
    .collect();
    let body = json!({
        "version": version,
        "date": format!("{}", shared.today()),
        "CAS": match crate::cas::base(shared) {
            Some(url) => json!({"actif": true, "casURL": url, "jetonCAS": ""}),
            None => json!({"actif": false, "casURL": "", "jetonCAS": ""}),
        },
        "espaces": spaces,
        "nomEtab": shared.demo.school.name,
        "avecMembre": true,
    });
    json_response(
        shared,
        pronote_proto::payload::to_ascii_json(&body)
            .unwrap_or_default()
            .into_bytes(),
    )
}

/// `__admin/…`: fault injection and session control, from loopback only.
pub(crate) fn admin(
    shared: &Shared,
    peer: SocketAddr,
    _method: &Method,
    path: &str,
    query: Option<&str>,
) -> HttpResponse {
    if !peer.ip().is_loopback() {
        return not_found(shared);
    }
    let params = query_pairs(query);
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let ok = |text: &str| {
        respond(
            shared,
            StatusCode::OK,
            "text/plain; charset=utf-8",
            text.to_owned(),
        )
    };
    match path.trim_end_matches('/') {
        "fault" => {
            let Some(kind) = param("f").or_else(|| param("fault")) else {
                return respond(
                    shared,
                    StatusCode::BAD_REQUEST,
                    "text/plain",
                    "missing f=<fault>",
                );
            };
            let fault: Fault = match kind.parse() {
                Ok(f) => f,
                Err(e) => return respond(shared, StatusCode::BAD_REQUEST, "text/plain", e),
            };
            let count = param("count").and_then(|c| c.parse().ok());
            shared
                .faults
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .inject(fault, count);
            ok("ok\n")
        }
        "clear" => {
            shared
                .faults
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            ok("ok\n")
        }
        // The data of a login QR code, as `JetonAppliMobile` issues it from
        // a logged-in session: for clients (Pawnote) that cannot call it.
        "qr" => {
            let user = param("user").unwrap_or("demonstration");
            let space = param("space").unwrap_or("eleve");
            let pin = param("pin").unwrap_or("1234");
            if pin.len() != 4 || !pin.bytes().all(|b| b.is_ascii_digit()) {
                return respond(
                    shared,
                    StatusCode::BAD_REQUEST,
                    "text/plain",
                    "pin: 4 digits",
                );
            }
            let found = shared
                .demo
                .accounts
                .iter()
                .position(|a| a.username == user && a.space.page() == space);
            let Some(index) = found else {
                return respond(
                    shared,
                    StatusCode::NOT_FOUND,
                    "text/plain",
                    "no such account",
                );
            };
            let token = shared.store().issue_qr(index, Instant::now());
            let url = format!("http://{}/pronote/mobile.{space}.html", shared.address);
            let qr = pronote_proto::auth::QrCode::make(user, &token, &url, pin);
            respond(
                shared,
                StatusCode::OK,
                "application/json",
                json!({"jeton": qr.jeton, "login": qr.login, "url": qr.url}).to_string(),
            )
        }
        "expire" => {
            shared.sessions.expire_all();
            ok("ok\n")
        }
        "unlock" => {
            shared.store().unlock_all();
            ok("ok\n")
        }
        "rsa" => match &shared.rsa {
            Some(key) => {
                let public = key.public_key();
                let body =
                    json!({"modulus": public.modulus_hex(), "exponent": public.exponent_hex()});
                json_response(shared, body.to_string().into_bytes())
            }
            None => not_found(shared),
        },
        _ => not_found(shared),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_parse() {
        assert_eq!(
            SpacePage::from_path("mobile.parent.html"),
            Some(SpacePage {
                space: Space::Parent,
                mobile: true
            })
        );
        assert_eq!(
            SpacePage::from_path("eleve.html").map(SpacePage::espace),
            Some(3)
        );
        assert_eq!(
            SpacePage::from_path("mobile.eleve.html").map(SpacePage::espace),
            Some(6)
        );
        assert_eq!(SpacePage::from_path("x.html"), None);
    }
}
