//! Test helpers: a minimal HTTP/1.1 client over `TcpStream` and a driver
//! of pronote-proto's login and session state machines.
#![allow(dead_code, reason = "each test file uses a subset")]

use std::borrow::Cow;

use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use pronote_proto::login::{
    DoubleAuthAnswer, Login, LoginConfig, LoginEvent, LoginOutcome, LoginOutput,
};
use pronote_proto::{Call, Error, Reply, Session};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends one request (`Connection: close`) and reads the whole response.
pub(crate) async fn send(request: &HttpRequest) -> std::io::Result<HttpResponse> {
    let url = request.url.strip_prefix("http://").expect("http URL");
    let (host, path) = url
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((url, "/".to_owned()));
    let mut stream = TcpStream::connect(host).await?;
    let mut head = format!(
        "{} {path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\ncontent-length: {}\r\n",
        request.method.as_str(),
        request.body.len()
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&request.body).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// A GET.
pub(crate) async fn get(url: &str) -> HttpResponse {
    send(&HttpRequest {
        method: Method::Get,
        url: url.to_owned(),
        headers: Vec::<(Cow<'static, str>, String)>::new(),
        body: Vec::new(),
    })
    .await
    .expect("GET")
}

/// What a finished login gives, with its events.
#[derive(Debug)]
pub(crate) struct Logged {
    pub(crate) outcome: LoginOutcome,
    pub(crate) events: Vec<LoginEvent>,
}

impl Logged {
    /// The `FonctionParametres` data as a tree.
    #[allow(dead_code, reason = "not every test binary reads it")]
    pub(crate) fn instance(&self) -> Value {
        self.outcome
            .instance
            .data()
            .expect("FonctionParametres data")
    }

    /// The `ParametresUtilisateur` data as a tree.
    #[allow(dead_code, reason = "not every test binary reads it")]
    pub(crate) fn user(&self) -> Value {
        self.outcome
            .user
            .data()
            .expect("ParametresUtilisateur data")
    }
}

/// Runs a login to the end. `double_auth` answers a 2FA prompt.
pub(crate) async fn login(
    config: LoginConfig,
    double_auth: Option<DoubleAuthAnswer>,
) -> Result<Logged, Error> {
    login_with_cookie(config, double_auth, None).await
}

/// [`login`], sending a `Cookie` header with every request (an ENT's
/// cookies).
pub(crate) async fn login_with_cookie(
    config: LoginConfig,
    double_auth: Option<DoubleAuthAnswer>,
    cookie: Option<String>,
) -> Result<Logged, Error> {
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut login = Login::new(config, &mut rng)?;
    let mut events = Vec::new();
    let mut answer = double_auth;
    loop {
        match login.poll_output() {
            Some(LoginOutput::Transmit(mut request)) => {
                if let Some(c) = &cookie {
                    request.headers.push((Cow::Borrowed("cookie"), c.clone()));
                }
                let response = send(&request).await.expect("transport");
                login.handle_response(&response)?;
            }
            Some(LoginOutput::Event(e)) => events.push(e),
            Some(LoginOutput::DoubleAuthRequired(_)) => {
                let a = answer
                    .take()
                    .expect("double authentication asked but no answer given");
                login.submit_double_auth(a)?;
            }
            Some(LoginOutput::Ready) => {
                return Ok(Logged {
                    outcome: login.finish()?,
                    events,
                });
            }
            Some(_) => {}
            None => panic!("login stalled"),
        }
    }
}

/// Makes one call on a session.
pub(crate) async fn call(session: &mut Session, call: &Call) -> Result<Reply, Error> {
    let pending = session.call(call)?;
    let response = send(pending.request()).await.expect("transport");
    pending.handle_response(&response)
}

/// Calls `name` in tab `tab` with `data` and returns the reply's data;
/// panics on an error reply.
pub(crate) async fn call_data(
    session: &mut Session,
    name: &str,
    tab: u32,
    data: serde_json::Value,
) -> serde_json::Value {
    call(session, &Call::new(name).tab(tab).data(data))
        .await
        .expect("call")
        .data
}

/// The demo student's password login on the student page of `server_url`.
pub(crate) fn student_login(server_url: &str) -> LoginConfig {
    LoginConfig::new(
        format!("{server_url}eleve.html"),
        pronote_proto::login::LoginMethod::Password {
            username: "demonstration".into(),
            password: "pronotevs".into(),
        },
    )
}

/// A fresh student session's first call, `FonctionParametres`, sent by
/// hand with the envelope keys of `generation`: `secure` makes the secure
/// field from the call's data (`Uuid`, `identifiantNav`). Returns the
/// reply's secure field (its order number checked) and the cipher that
/// reads it.
pub(crate) async fn first_parameters_call(
    server_url: &str,
    generation: pronote_proto::Generation,
    secure: impl FnOnce(&serde_json::Value) -> pronote_proto::payload::SecureField,
) -> (serde_json::Value, pronote_proto::crypto::Cipher) {
    use pronote_proto::crypto::{Cipher, Iv};
    use pronote_proto::{envelope, order};

    let page = get(&format!("{server_url}eleve.html")).await;
    let text = String::from_utf8_lossy(&page.body).into_owned();
    let start = pronote_proto::start::StartPage::parse(&text).expect("start page");
    let keys = generation.profile();
    let cipher = Cipher::initial();
    let iv_temp = [7u8; 16];
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let uuid = pronote_proto::crypto::uuid_field(&iv_temp, None, &mut rng).expect("uuid");
    let data = serde_json::json!({"Uuid": uuid, "identifiantNav": null});
    let wire = order::encode(&cipher, 1);
    let body = envelope::encode(
        &keys.envelope,
        start.params.session_id,
        &wire,
        "FonctionParametres",
        &secure(&data),
    );
    let response = send(&HttpRequest {
        method: Method::Post,
        url: format!(
            "{server_url}appelfonction/3/{}/{wire}",
            start.params.session_id
        ),
        headers: vec![],
        body,
    })
    .await
    .expect("POST");
    assert_eq!(response.status, 200);
    let env = envelope::decode(&keys.envelope, &response.body).expect("envelope");
    let reply_cipher = Cipher::new(cipher.key, Iv::from_iv_temp(&iv_temp));
    order::verify(&reply_cipher, env.order.as_deref().expect("order"), 2).expect("order");
    (env.secure, reply_cipher)
}
