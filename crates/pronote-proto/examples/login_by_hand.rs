//! Drives one PRONOTE login by hand over the simplest HTTP client there is:
//! a blocking HTTP/1.1 exchange on a `TcpStream` (plain `http://` only).
//! Any HTTP client does the same job: proto only says what to send and
//! reads what came back.
//!
//! ```sh
//! pronote-server --listen 127.0.0.1:8080 &
//! cargo run -p pronote-proto --example login_by_hand -- \
//!     http://127.0.0.1:8080/pronote/eleve.html demonstration pronotevs
//! ```
#![allow(
    clippy::disallowed_types,
    reason = "this example is the HTTP client the sans-IO crate does not have"
)]

use std::error::Error;
use std::io::{Read, Write};
use std::net::TcpStream;

use pronote_proto::Call;
use pronote_proto::http::{HttpRequest, HttpResponse};
use pronote_proto::login::{Login, LoginConfig, LoginEvent, LoginMethod, LoginOutput};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(username), Some(password)) = (args.next(), args.next(), args.next())
    else {
        return Err(
            "usage: login_by_hand <http://host:port/pronote/eleve.html> <username> <password>"
                .into(),
        );
    };
    let config = LoginConfig::new(url, LoginMethod::Password { username, password });
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut login = Login::new(config, &mut rng)?;

    // The contract: drain poll_output() after every input.
    loop {
        match login.poll_output() {
            Some(LoginOutput::Transmit(request)) => {
                let response = send(&request)?;
                login.handle_response(&response)?;
            }
            Some(LoginOutput::Event(LoginEvent::TokenIssued(token))) => {
                // Persist it here: the previous token is void from now on.
                println!("token issued for {}", token.username);
            }
            Some(LoginOutput::Event(event)) => println!("{event:?}"),
            Some(LoginOutput::DoubleAuthRequired(_)) => {
                return Err("this account needs double authentication".into());
            }
            Some(LoginOutput::Ready) => break,
            Some(other) => println!("{other:?}"),
            None => return Err("the login stalled".into()),
        }
    }
    let outcome = login.finish()?;
    // The login hands its last reply over as text: read what you need
    // into your own types, or into a tree as here.
    let user: serde_json::Value = outcome.user.data()?;
    println!("logged in as {}", user["ressource"]["L"]);

    // One call on the session: the week-1 timetable.
    let mut session = outcome.session;
    let call = Call::new("PageEmploiDuTemps")
        .tab(16)
        .data(serde_json::json!({
            "ressource": user["ressource"],
            "numeroSemaine": 1,
            "NumeroSemaine": 1,
        }));
    let pending = session.call(&call)?;
    let response = send(pending.request())?;
    let reply = pending.handle_response(&response)?;
    let lessons = reply.data["ListeCours"].as_array().map_or(0, Vec::len);
    println!("week 1: {lessons} lessons");
    Ok(())
}

/// One blocking HTTP/1.1 exchange (`Connection: close`).
fn send(request: &HttpRequest) -> Result<HttpResponse, Box<dyn Error>> {
    let rest = request
        .url
        .strip_prefix("http://")
        .ok_or("this example speaks plain http:// only")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(authority)?;
    let mut head = format!(
        "{} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        request.method.as_str(),
        request.body.len()
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&request.body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no HTTP header end")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("bad status line")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"))
    {
        body = dechunk(&body)?;
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size_text = std::str::from_utf8(&data[..line_end])?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or("truncated chunk")?);
        data = data.get(size + 2..).ok_or("truncated chunk")?;
    }
}
