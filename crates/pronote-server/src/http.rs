//! HTTP routing and response helpers.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue, SERVER};
use hyper::{Method, Request, Response, StatusCode};

use crate::fault::Fault;
use crate::server::Shared;

/// The response type of every handler.
pub(crate) type HttpResponse = Response<Full<Bytes>>;

/// Where the instance lives.
pub(crate) const ROOT: &str = "/pronote";

/// Builds a response with the PRONOTE `Server` header.
pub(crate) fn respond(
    shared: &Shared,
    status: StatusCode,
    content_type: &str,
    body: impl Into<Bytes>,
) -> HttpResponse {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "PRONOTE {} Microsoft-HTTPAPI/2.0",
        shared.config.version
    )) {
        headers.insert(SERVER, v);
    }
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(CONTENT_TYPE, v);
    }
    headers.insert(
        hyper::header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    response
}

/// A JSON response.
pub(crate) fn json(shared: &Shared, body: Vec<u8>) -> HttpResponse {
    respond(
        shared,
        StatusCode::OK,
        "application/json; charset=utf-8",
        body,
    )
}

/// An HTML response.
pub(crate) fn html(shared: &Shared, status: StatusCode, body: String) -> HttpResponse {
    respond(shared, status, "text/html; charset=utf-8", body)
}

/// A 404 page.
pub(crate) fn not_found(shared: &Shared) -> HttpResponse {
    html(
        shared,
        StatusCode::NOT_FOUND,
        crate::page::message_page("La page demand\u{e9}e n'existe pas."),
    )
}

/// Splits `?a=b&c=d` into decoded pairs.
pub(crate) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Percent-decodes a query component (`+` is a space).
pub(crate) fn decode_component(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// The one handler of every request.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    peer: SocketAddr,
    request: Request<Incoming>,
) -> Result<HttpResponse, std::io::Error> {
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let method = request.method().clone();
    let cookie = request
        .headers()
        .get(hyper::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if path == "/cas/login" {
        if method == Method::POST {
            let body = Limited::new(request.into_body(), 64 * 1024)
                .collect()
                .await
                .map(|c| c.to_bytes())
                .unwrap_or_default();
            return Ok(crate::ent::login(&shared, query.as_deref(), &body));
        }
        return Ok(crate::ent::login_page(
            &shared,
            query.as_deref(),
            cookie.as_deref(),
        ));
    }
    if path == "/cas/serviceValidate" && shared.config.ent.is_some() {
        return Ok(crate::cas::service_validate(&shared, query.as_deref()));
    }
    if path == crate::geoloc::GEOLOC_PATH && method == Method::POST {
        let host = request
            .headers()
            .get(hyper::header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_else(|| "127.0.0.1".to_owned());
        let body = Limited::new(request.into_body(), 64 * 1024)
            .collect()
            .await
            .map(|c| c.to_bytes())
            .unwrap_or_default();
        return Ok(crate::geoloc::geoloc(&shared, &host, &body));
    }
    if path == crate::geoloc::SEARCH_PATH {
        return Ok(crate::geoloc::search(&shared, query.as_deref()));
    }
    let Some(rest) = path.strip_prefix(ROOT) else {
        return Ok(not_found(&shared));
    };
    let rest = rest.trim_start_matches('/').to_owned();

    if let Some(admin) = rest.strip_prefix("__admin/") {
        return Ok(crate::page::admin(
            &shared,
            peer,
            &method,
            admin,
            query.as_deref(),
        ));
    }

    if method == Method::POST && rest.starts_with("appelpolling/") && shared.config.flags_do() {
        let body = match Limited::new(request.into_body(), 64 * 1024).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => return Ok(json(&shared, crate::rpc::top_error(8))),
        };
        let (reply, hold) = crate::rpc::handle_poll(&shared, &rest, &body);
        if hold {
            tokio::time::sleep(shared.config.poll_hold).await;
        }
        return Ok(json(&shared, reply));
    }
    if method == Method::POST && rest.starts_with("uploadfilesession/") {
        let content_type = request
            .headers()
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = match Limited::new(request.into_body(), crate::upload::MAX_FILE + 64 * 1024)
            .collect()
            .await
        {
            Ok(collected) => collected.to_bytes(),
            Err(_) => return Ok(json(&shared, br#"{"etat":2}"#.to_vec())),
        };
        return Ok(json(
            &shared,
            crate::upload::handle(&shared, &rest, &content_type, &body),
        ));
    }
    let is_call = method == Method::POST && rest.starts_with("appelfonction/");
    let faults = shared
        .faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take(!is_call);
    let mut call_faults = crate::rpc::CallFaults::default();
    for fault in &faults {
        match fault {
            Fault::Slow(delay) => tokio::time::sleep(*delay).await,
            Fault::DropConnection => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "fault injection: connection dropped",
                ));
            }
            _ => {}
        }
    }
    for fault in &faults {
        match fault {
            Fault::HttpStatus(code) => {
                let status =
                    StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return Ok(html(
                    &shared,
                    status,
                    crate::page::message_page("Erreur interne du serveur."),
                ));
            }
            Fault::IpSuspended => return Ok(crate::page::suspended(&shared)),
            Fault::Busy => return Ok(crate::page::busy(&shared)),
            Fault::Unavailable => return Ok(crate::page::unavailable(&shared)),
            Fault::RateLimited if is_call => {
                return Ok(json(&shared, crate::rpc::top_error(25)));
            }
            Fault::GarbledBody if is_call => {
                return Ok(respond(
                    &shared,
                    StatusCode::OK,
                    "application/json; charset=utf-8",
                    Bytes::from_static(b"\x1f\x8b\x08\x00garbled\xff{\"session\":"),
                ));
            }
            Fault::WrongOrderNumber if is_call => call_faults.wrong_order = true,
            Fault::Refused if is_call => call_faults.refused = true,
            _ => {}
        }
    }

    if is_call {
        let limit = shared.config.max_body;
        let body = match Limited::new(request.into_body(), limit).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                return Ok(respond(
                    &shared,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "text/html; charset=utf-8",
                    crate::page::message_page("Requ\u{ea}te trop volumineuse."),
                ));
            }
        };
        let shared2 = Arc::clone(&shared);
        let rest2 = rest.clone();
        // Decoding, RSA and deflate are CPU work: keep them off the reactor.
        let reply = tokio::task::spawn_blocking(move || {
            crate::rpc::handle_call(&shared2, &rest2, &body, call_faults)
        })
        .await
        .map_err(std::io::Error::other)?;
        return Ok(json(&shared, reply));
    }

    if method != Method::GET && method != Method::HEAD {
        return Ok(respond(
            &shared,
            StatusCode::METHOD_NOT_ALLOWED,
            "text/html; charset=utf-8",
            crate::page::message_page("M\u{e9}thode non autoris\u{e9}e."),
        ));
    }
    let lower = rest.to_ascii_lowercase();
    if lower.is_empty() || lower == "index.html" {
        return Ok(crate::page::index(&shared));
    }
    if lower == "infomobileapp.json" {
        return Ok(crate::page::info_mobile_app(&shared));
    }
    if lower.starts_with("fichiersexternes/") {
        return Ok(crate::files::external_file(
            &shared,
            &rest,
            query.as_deref(),
        ));
    }
    if lower.starts_with("ical/") {
        return Ok(crate::files::ical(&shared, query.as_deref()));
    }
    if let Some(page) = crate::page::SpacePage::from_path(&lower) {
        let cookie_ticket = crate::ent::ticket_of(cookie.as_deref());
        let from_cookie = crate::ent::tokens_for(&shared, cookie_ticket.as_deref(), page.space);
        if from_cookie.is_some() {
            return Ok(crate::page::space_page(&shared, page, from_cookie));
        }
        let service = crate::cas::service_url(&shared, &path, query.as_deref());
        return Ok(match crate::cas::visit(&shared, query.as_deref()) {
            crate::cas::Visit::Page => crate::page::space_page(&shared, page, None),
            crate::cas::Visit::ToLogin => crate::cas::to_login(&shared, &service),
            crate::cas::Visit::Ticket(ticket) => {
                match crate::cas::validate(&shared, &ticket, &service).await {
                    Ok(user) => match crate::ent::tokens_for_user(&shared, &user, page.space) {
                        Some(tokens) => crate::page::space_page(&shared, page, Some(tokens)),
                        None => html(
                            &shared,
                            StatusCode::FORBIDDEN,
                            crate::page::message_page(
                                "Ce compte de l'ENT n'a pas acc\u{e8}s \u{e0} cet espace.",
                            ),
                        ),
                    },
                    Err(e) => {
                        tracing::info!(error = %e, "ENT ticket not validated");
                        html(
                            &shared,
                            StatusCode::FORBIDDEN,
                            crate::page::message_page("Ticket de l'ENT refus\u{e9}."),
                        )
                    }
                }
            }
        });
    }
    Ok(not_found(&shared))
}
