//! Simulated identity providers for the flow tests: a CAS, EduConnect
//! (SAML, with a `csrf_token`), Open ENT NG, a WAYF, an EduConnect hub and
//! a plain form, served by hyper on loopback. Every successful login hands
//! the user over to the simulated PRONOTE (`pronote-server`) with a SAML
//! POST binding to its `/cas/login`, which then serves `e`/`f`.
//!
//! The IdP is reached as `localhost` and PRONOTE as `127.0.0.1`, so their
//! cookies stay apart.

#![allow(dead_code, reason = "each test binary uses part of the support module")]

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The account the IdP knows (the simulated PRONOTE's demo student).
pub(crate) const USERNAME: &str = "demonstration";
/// Its password.
pub(crate) const PASSWORD: &str = "pronotevs";

/// How the IdP behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// As a working IdP.
    Normal,
    /// Login pages without forms (a maintenance page).
    Malformed,
    /// Login works, but the page after it has no SAML response.
    MalformedAfterLogin,
    /// 503 everywhere.
    Down,
    /// Redirects in a circle.
    Loop,
}

struct State {
    mode: Mutex<Mode>,
    /// `http://127.0.0.1:PORT` (the simulated PRONOTE).
    pronote: String,
    csrf: Mutex<HashSet<String>>,
    counter: AtomicU64,
    /// Credential posts seen (to tell whether the SSO ran again).
    logins: AtomicU64,
    /// CAS service tickets: ticket → service.
    tickets: Mutex<HashMap<String, String>>,
    /// Service tickets validated (by an ENT-bound PRONOTE).
    validations: AtomicU64,
}

/// A running simulated IdP.
pub(crate) struct Idp {
    /// `http://localhost:PORT`.
    pub(crate) base: String,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Idp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Idp {
    /// Starts an IdP handing over to the PRONOTE server at `pronote_addr`.
    pub(crate) async fn start(pronote_addr: SocketAddr) -> std::io::Result<Idp> {
        Idp::start_with(format!("http://{pronote_addr}")).await
    }

    /// Starts a CAS for ENT-bound PRONOTE instances: it hands users back
    /// with service tickets only (no SAML hand-over target).
    pub(crate) async fn start_cas() -> std::io::Result<Idp> {
        Idp::start_with(String::new()).await
    }

    async fn start_with(pronote: String) -> std::io::Result<Idp> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let state = Arc::new(State {
            mode: Mutex::new(Mode::Normal),
            pronote,
            csrf: Mutex::new(HashSet::new()),
            counter: AtomicU64::new(1),
            logins: AtomicU64::new(0),
            tickets: Mutex::new(HashMap::new()),
            validations: AtomicU64::new(0),
        });
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(serve(&state, req).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Idp {
            base: format!("http://localhost:{port}"),
            state,
            task,
        })
    }

    /// Changes the behaviour.
    pub(crate) fn set_mode(&self, mode: Mode) {
        *self
            .state
            .mode
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = mode;
    }

    /// How many credential posts were accepted.
    pub(crate) fn logins(&self) -> u64 {
        self.state.logins.load(Ordering::SeqCst)
    }

    /// How many service tickets were validated.
    pub(crate) fn validations(&self) -> u64 {
        self.state.validations.load(Ordering::SeqCst)
    }

    /// A URL on the IdP.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn page(status: u16, body: String) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: format!(
            "<!DOCTYPE html><html><head><meta charset=utf-8><title>IdP</title></head><body>{body}</body></html>"
        ),
    }
}

fn redirect(to: &str) -> Reply {
    Reply {
        status: 302,
        headers: vec![("location", to.to_owned())],
        body: String::new(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

async fn serve(state: &State, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query: HashMap<String, String> =
        url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let cookie = req
        .headers()
        .get("cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let mode = *state.mode.lock().unwrap_or_else(PoisonError::into_inner);
    let reply = route(
        state,
        mode,
        method == hyper::Method::POST,
        &path,
        &query,
        &form,
        &cookie,
    );
    let mut response = Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    response
        .header("content-type", "text/html; charset=utf-8")
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn route(
    state: &State,
    mode: Mode,
    post: bool,
    path: &str,
    query: &HashMap<String, String>,
    form: &HashMap<String, String>,
    cookie: &str,
) -> Reply {
    match mode {
        Mode::Down => return page(503, "<h1>Service indisponible</h1>".into()),
        Mode::Loop => {
            return redirect(if path == "/loop" { "/loop2" } else { "/loop" });
        }
        Mode::Malformed => {
            return page(
                200,
                "<h1>Maintenance</h1><p>Le service revient bient\u{f4}t.</p>".into(),
            );
        }
        Mode::Normal | Mode::MalformedAfterLogin => {}
    }
    let get = |m: &HashMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let good = |user: &str, pass: &str| user == USERNAME && pass == PASSWORD;
    match path {
        // CAS: the login form, or a hand-over to EduConnect for `selection=EDU…`;
        // with a `service` (an ENT-bound PRONOTE), a service ticket back to it,
        // at once when the CAS session cookie is there.
        "/cas/login" if !post => {
            let service = get(query, "service");
            if get(query, "selection").starts_with("EDU") {
                saml_request_page(state, "/idp/profile/SAML2/POST/SSO")
            } else if !service.is_empty() && cookie.contains("TGC=TGC-1") {
                service_ticket(state, &service)
            } else {
                cas_form(None)
            }
        }
        "/cas/login" => {
            let service = get(query, "service");
            if good(&get(form, "username"), &get(form, "password")) && !get(form, "execution").is_empty() {
                if service.is_empty() {
                    handover(state, mode)
                } else {
                    state.logins.fetch_add(1, Ordering::SeqCst);
                    let mut r = service_ticket(state, &service);
                    r.headers.push(("set-cookie", "TGC=TGC-1; Path=/cas; HttpOnly".into()));
                    r
                }
            } else {
                cas_form(Some("Mauvais identifiant / mot de passe."))
            }
        }
        // CAS 2.0 ticket validation (single-use tickets bound to their service).
        "/cas/serviceValidate" => {
            let issued_for = state
                .tickets
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&get(query, "ticket"));
            if issued_for.is_some_and(|s| s == get(query, "service")) {
                state.validations.fetch_add(1, Ordering::SeqCst);
                Reply {
                    status: 200,
                    headers: Vec::new(),
                    body: format!(
                        "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess>\
                         <cas:user>{USERNAME}</cas:user></cas:authenticationSuccess></cas:serviceResponse>"
                    ),
                }
            } else {
                Reply {
                    status: 200,
                    headers: Vec::new(),
                    body: "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\
                           <cas:authenticationFailure code=\"INVALID_TICKET\">Ticket inconnu</cas:authenticationFailure>\
                           </cas:serviceResponse>"
                        .into(),
                }
            }
        }
        // A plain form with its own field names.
        "/simple/login" if !post => page(
            200,
            "<form id=\"fm1\" method=\"post\"><input name=\"login\"><input type=\"password\" name=\"pass\">\
             <input type=\"hidden\" name=\"lt\" value=\"LT-1\"><input type=\"submit\" value=\"OK\"></form>"
                .into(),
        ),
        "/simple/login" => {
            if good(&get(form, "login"), &get(form, "pass")) && get(form, "lt") == "LT-1" {
                handover(state, mode)
            } else {
                page(401, "<p>Identifiant incorrect.</p>".into())
            }
        }
        // EduConnect.
        "/idp/profile/SAML2/Unsolicited/SSO" if !post && get(query, "providerId").is_empty() => {
            page(400, "<p>providerId manquant</p>".into())
        }
        "/idp/profile/SAML2/Unsolicited/SSO" | "/idp/profile/SAML2/POST/SSO" => {
            if post && form.contains_key("j_username") {
                let token = get(form, "csrf_token");
                let known = state
                    .csrf
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(&token);
                if !known {
                    return page(403, "<p>Jeton CSRF invalide.</p>".into());
                }
                if !get(form, "_eventId_proceed").is_empty() || !form.contains_key("_eventId_proceed") {
                    return page(400, "<p>Action inconnue.</p>".into());
                }
                if good(&get(form, "j_username"), &get(form, "j_password")) {
                    handover(state, mode)
                } else {
                    educonnect_form(state, path, Some("Identifiant ou mot de passe incorrect."))
                }
            } else if path.ends_with("POST/SSO")
                && get(if post { form } else { query }, "SAMLRequest").is_empty()
            {
                page(400, "<p>Requ\u{ea}te SAML manquante.</p>".into())
            } else {
                educonnect_form(state, path, None)
            }
        }
        // Open ENT NG.
        "/auth/login" if !post => page(
            200,
            "<form method=\"post\" action=\"/auth/login\"><input name=\"email\"><input type=\"password\" name=\"password\"></form>"
                .into(),
        ),
        "/auth/login" => {
            if good(&get(form, "email"), &get(form, "password")) {
                state.logins.fetch_add(1, Ordering::SeqCst);
                let mut r = redirect("/welcome");
                r.headers.push(("set-cookie", "oneSessionId=S-1; Path=/; HttpOnly".into()));
                r
            } else {
                redirect("/auth/login?error=auth.error.authenticationFailed")
            }
        }
        "/welcome" => {
            if cookie.contains("oneSessionId=S-1") {
                handover_no_count(state, mode)
            } else {
                redirect("/auth/login")
            }
        }
        // WAYF: a plain redirect (HTTP-Redirect binding) to EduConnect.
        "/discovery/WAYF" => {
            if get(query, "origin").is_empty() || get(query, "entityID").is_empty() {
                page(400, "<p>Fournisseur non choisi.</p>".into())
            } else {
                redirect("/idp/profile/SAML2/POST/SSO?SAMLRequest=UkVR&RelayState=wayf")
            }
        }
        // Toutatice: portal WAYF form, EduConnect, remote-user exchange.
        "/portail/auth/MonEspace" => page(
            200,
            "<form method=\"post\" action=\"/wayf/Ctrl\"><input type=\"hidden\" name=\"entityID\" value=\"urn:toutatice\">\
             <input type=\"hidden\" name=\"return\" value=\"/portail\"><input type=\"hidden\" name=\"_saml_idp\" value=\"educonnect\">\
             <button>EduConnect</button></form>"
                .into(),
        ),
        "/wayf/Ctrl" if post => {
            if get(form, "entityID") != "urn:toutatice" || get(form, "_saml_idp").is_empty() {
                return page(400, "<p>Choix invalide.</p>".into());
            }
            let mut r = redirect("/idp/profile/SAML2/POST/SSO?SAMLRequest=UkVR&execution=e1s7");
            r.headers
                .push(("set-cookie", "IDP_JSESSIONID=J-7; Path=/".into()));
            r
        }
        "/idp/Authn/RemoteUser" => {
            if get(query, "sessionid") != "J-7" {
                page(200, "<erreurFonctionnelle>Session inconnue</erreurFonctionnelle>".into())
            } else if get(query, "conversation") == "e1s7" {
                page(200, "<reponse><conversation>c-2</conversation><uidInSession>u-1</uidInSession></reponse>".into())
            } else if get(query, "conversation") == "c-2" && get(query, "uidInSession") == "u-1" {
                page(200, "<p>OK</p>".into())
            } else {
                page(200, "<erreurTechnique>Conversation inconnue</erreurTechnique>".into())
            }
        }
        // Index Education's hub.
        "/hub/cas/login" => {
            let service = get(query, "service");
            if service.is_empty() {
                page(200, "<label id=\"zone_msgDetail\">L&#x27;url de service est vide</label>".into())
            } else if !service.starts_with(&state.pronote) {
                page(200, format!("<label id=\"zone_msgDetail\">{} n&#x27;est pas une url de confiance.</label>", escape(&service)))
            } else {
                saml_request_page(state, "/idp/profile/SAML2/POST/SSO")
            }
        }
        _ => page(404, "<p>Introuvable</p>".into()),
    }
}

/// A new service ticket for `service`, as a redirect back to it.
fn service_ticket(state: &State, service: &str) -> Reply {
    let n = state.counter.fetch_add(1, Ordering::SeqCst);
    let ticket = format!("ST-{n:06}-idp");
    state
        .tickets
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(ticket.clone(), service.to_owned());
    let separator = if service.contains('?') { '&' } else { '?' };
    redirect(&format!("{service}{separator}ticket={ticket}"))
}

fn cas_form(error: Option<&str>) -> Reply {
    let error = error
        .map(|e| format!("<div class=\"alert\">{e}</div>"))
        .unwrap_or_default();
    page(
        200,
        format!(
            "{error}<form id=\"fm1\" class=\"cas__login-form\" method=\"post\">\
             <input type=\"hidden\" name=\"execution\" value=\"e1s1\">\
             <input type=\"hidden\" name=\"_eventId\" value=\"submit\">\
             <input id=\"username\" name=\"username\"><input id=\"password\" type=\"password\" name=\"password\">\
             <input type=\"submit\" name=\"submit\" value=\"Se connecter\"></form>"
        ),
    )
}

fn educonnect_form(state: &State, path: &str, error: Option<&str>) -> Reply {
    let n = state.counter.fetch_add(1, Ordering::SeqCst);
    let token = format!("csrf-{n:08}");
    state
        .csrf
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(token.clone());
    let error = error
        .map(|e| format!("<p class=\"fr-error\">{e}</p>"))
        .unwrap_or_default();
    page(
        200,
        format!(
            "<h1>EduConnect</h1>{error}<form action=\"{path}?execution=e1s{n}\" method=\"post\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">\
             <input name=\"j_username\" id=\"username\"><input type=\"password\" name=\"j_password\">\
             <button type=\"submit\" name=\"_eventId_proceed\">Se connecter</button></form>"
        ),
    )
}

fn saml_request_page(state: &State, action: &str) -> Reply {
    let _ = state;
    page(
        200,
        format!(
            "<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"SAMLRequest\" value=\"UkVRVUVTVA==\">\
             <input type=\"hidden\" name=\"RelayState\" value=\"rs-1\"><noscript><button>Continuer</button></noscript></form>\
             <script>document.forms[0].submit()</script>"
        ),
    )
}

/// After a successful login: the SAML POST binding to PRONOTE.
fn handover(state: &State, mode: Mode) -> Reply {
    state.logins.fetch_add(1, Ordering::SeqCst);
    handover_no_count(state, mode)
}

fn handover_no_count(state: &State, mode: Mode) -> Reply {
    if mode == Mode::MalformedAfterLogin {
        return page(
            200,
            "<p>Connexion r\u{e9}ussie, mais rien ne suit.</p>".into(),
        );
    }
    let assertion = base64::engine::general_purpose::STANDARD.encode(format!(
        "<Assertion><Issuer>simulated-idp</Issuer><Subject><NameID>{USERNAME}</NameID></Subject></Assertion>"
    ));
    page(
        200,
        format!(
            "<form method=\"post\" action=\"{p}/cas/login\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{assertion}\">\
             <input type=\"hidden\" name=\"RelayState\" value=\"{p}/pronote/eleve.html\"></form>\
             <script>document.forms[0].submit()</script>",
            p = state.pronote
        ),
    )
}
