//! The floor under the client workload of `benches/RESULTS.md`: what a
//! client of this workload spends at the least, whatever its code, when it
//! talks to a server in another process over loopback TCP and reads the
//! replies with serde_json.
//!
//! It replays one recorded round of `benches/examples/workload.rs` (the
//! page, the four login calls, the timetable, five periods' grades, the
//! homework: twelve HTTP exchanges) against a replay server, ROUNDS times,
//! a connection per round as the real workload opens, and does for each
//! exchange only the parts no PRONOTE client can skip:
//!
//! * request: the data part written as JSON, its hex text as deflate's
//!   stored blocks (the cheapest valid deflate, by the library's own
//!   writer, `payload::stored_hex_text`), AES-CBC, hex; the order
//!   number encrypted; one blocking `write` of head and body;
//! * reply: blocking reads up to the body's length, the envelope's two
//!   fields found, the order number decrypted, the payload's hex decoded,
//!   decrypted and inflated, and parsed by `serde_json` into
//!   [`serde::de::IgnoredAny`] (cheaper than any typed read).
//!
//! Nothing of the login's logic, the models, an HTTP library, an async
//! runtime or cookie handling is done: the process's CPU time is a lower
//! bound for any client of the workload on this machine. `replay-hyper`
//! does the same parts with the exchanges sent by `pronote-transport`'s
//! `HyperTransport`: the floor of a client on this project's HTTP stack;
//! `replay-blocking` over a blocking `HyperTransport` (connections driven
//! on the calling thread, as the Python package's synchronous client
//! sends). `run.py --floor` runs them beside the clients.
//!
//! ```text
//! workload_floor capture URL FILE       # URL: pronote-server started with
//!                                       # --no-encryption --no-compression
//! workload_floor serve FILE             # prints its address, serves until killed
//! workload_floor replay ADDR FILE [ROUNDS]
//! workload_floor replay-hyper ADDR FILE [ROUNDS]  # the same over HyperTransport
//! workload_floor replay-blocking ADDR FILE [ROUNDS]  # over a blocking one
//! workload_floor offline FILE [ROUNDS]  # the same parts, no sockets
//! ```

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use pronote_api::LoginBuilder;
use pronote_api::functions::{GetGrades, GetHomework, GetTimetable};
use pronote_proto::crypto::{AesKey, Cipher, Iv};
use pronote_proto::http::{HttpRequest, HttpResponse, Method};
use pronote_proto::payload::{self, Flags, Limits, SecureField};
use pronote_transport::{HyperTransport, Transport, TransportError};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use time::Duration;
use time::macros::date;

type Failure = Box<dyn std::error::Error>;

/// One recorded exchange.
#[derive(serde::Serialize, Deserialize)]
struct Exchange {
    method: String,
    /// The request target (path and query).
    target: String,
    /// The request's body: for a call, its envelope with the data part
    /// in clear (`donneesSec` an object).
    request: String,
    /// The reply's body, the data part in clear likewise.
    reply: String,
}

/// A transport that records every exchange of the transport it wraps.
struct Recorder {
    inner: HyperTransport,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl Transport for Recorder {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let response = self.inner.send(request).await?;
        let target = request
            .url
            .parse::<hyper::Uri>()
            .ok()
            .and_then(|uri| uri.path_and_query().map(|p| p.as_str().to_owned()))
            .unwrap_or_else(|| "/".to_owned());
        if let Ok(mut log) = self.log.lock() {
            log.push(Exchange {
                method: request.method.as_str().to_owned(),
                target,
                request: String::from_utf8_lossy(&request.body).into_owned(),
                reply: String::from_utf8_lossy(&response.body).into_owned(),
            });
        }
        Ok(response)
    }
}

/// One round of `workload.rs`, recorded.
async fn capture(url: &str) -> Result<Vec<Exchange>, Failure> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let recorder = Recorder {
        inner: HyperTransport::builder().build()?,
        log: Arc::clone(&log),
    };
    let monday = date!(2025 - 11 - 17);
    let client = LoginBuilder::password(format!("{url}eleve.html"), "demonstration", "pronotevs")
        .transport(recorder)
        .connect()
        .await?;
    client
        .fetch(&GetTimetable::between(monday, monday + Duration::days(13)))
        .await?;
    for period in client.instance().await.periods {
        client.fetch(&GetGrades::new(&period.name)).await?;
    }
    client
        .fetch(&GetHomework::between(monday, monday + Duration::days(27)))
        .await?;
    drop(client);
    let exchanges = std::mem::take(&mut *log.lock().map_err(|_| "poisoned log")?);
    Ok(exchanges)
}

/// The cipher both ends of the replay use (any key: AES costs the same).
fn cipher() -> Cipher {
    Cipher::new(AesKey::from_material(b"floor"), Iv::from_iv_temp(&[7; 16]))
}

fn read_exchanges(path: &str) -> Result<Vec<Exchange>, Failure> {
    Ok(serde_json::from_slice(&std::fs::read(path)?)?)
}

/// The reply bytes the replay server sends for each exchange: the
/// recorded body with its data part encrypted and deflated as an
/// encrypting, compressing server sends it.
fn encoded_replies(exchanges: &[Exchange]) -> Result<Vec<Vec<u8>>, Failure> {
    let cipher = cipher();
    let mut replies = Vec::new();
    for (order, exchange) in exchanges.iter().enumerate() {
        let body = if exchange.method == "GET" {
            exchange.reply.clone().into_bytes()
        } else {
            let mut envelope: Value = serde_json::from_str(&exchange.reply)?;
            let Some(fields) = envelope.as_object_mut() else {
                return Err("a reply that is not an object".into());
            };
            let keys = Keys::of(fields);
            let data = fields
                .remove(keys.data)
                .ok_or("a reply without its data part")?;
            let SecureField::Hex(hex) = payload::encode_reply(&data, Flags::FULL, &cipher)? else {
                return Err("an opaque payload encoded as JSON".into());
            };
            fields.insert(keys.data.into(), Value::String(hex));
            fields.insert(
                keys.order.into(),
                Value::String(cipher.encrypt_hex((2 * order).to_string().as_bytes())),
            );
            serde_json::to_vec(&envelope)?
        };
        let mut reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        reply.extend_from_slice(&body);
        replies.push(reply);
    }
    Ok(replies)
}

/// The envelope's key names: PRONOTE renamed them in 2025.
#[derive(Clone, Copy)]
struct Keys {
    data: &'static str,
    order: &'static str,
    name: &'static str,
}

impl Keys {
    fn of(envelope: &serde_json::Map<String, Value>) -> Keys {
        if envelope.contains_key("dataSec") {
            Keys {
                data: "dataSec",
                order: "no",
                name: "id",
            }
        } else {
            Keys {
                data: "donneesSec",
                order: "numeroOrdre",
                name: "nom",
            }
        }
    }
}

/// Reads one HTTP message's head and body from `reader` (`Content-Length`
/// framing) into `buf`; where its body starts, `None` at the end of the
/// stream.
fn read_message(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> Result<Option<usize>, Failure> {
    buf.clear();
    let mut length = 0usize;
    loop {
        let start = buf.len();
        if reader.read_until(b'\n', buf)? == 0 {
            return Ok(None);
        }
        let line = &buf[start..];
        if line == b"\r\n" {
            break;
        }
        if let Some(value) = header_value(line, b"content-length:") {
            length = std::str::from_utf8(value)?.trim().parse()?;
        }
    }
    let head = buf.len();
    buf.resize(head + length, 0);
    reader.read_exact(&mut buf[head..])?;
    Ok(Some(head))
}

/// The value of a header line named `name` (with its colon), whatever
/// the name's case.
fn header_value<'l>(line: &'l [u8], name: &[u8]) -> Option<&'l [u8]> {
    let line = line.strip_suffix(b"\r\n")?;
    (line.len() >= name.len() && line[..name.len()].eq_ignore_ascii_case(name))
        .then(|| &line[name.len()..])
}

/// Serves the recorded replies in order on each connection.
fn serve(path: &str) -> Result<(), Failure> {
    let replies = Arc::new(encoded_replies(&read_exchanges(path)?)?);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?);
    std::io::stdout().flush()?;
    for stream in listener.incoming() {
        let stream = stream?;
        let replies = Arc::clone(&replies);
        std::thread::spawn(move || {
            let _ = stream.set_nodelay(true);
            let Ok(mut writer) = stream.try_clone() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut buf = Vec::new();
            for reply in replies.iter() {
                match read_message(&mut reader, &mut buf) {
                    Ok(Some(_)) => {}
                    _ => return,
                }
                if writer.write_all(reply).is_err() {
                    return;
                }
            }
        });
    }
    Ok(())
}

/// A request prepared for the replay: its head up to the body's length
/// and, for a call, its envelope's fields.
struct Prepared {
    head: String,
    target: String,
    call: Option<Call>,
}

/// A call's envelope: its key names, function name, session and data part
/// in clear.
struct Call {
    keys: Keys,
    name: String,
    session: Value,
    data: Value,
}

fn prepare(exchanges: &[Exchange], addr: &str) -> Result<Vec<Prepared>, Failure> {
    let mut prepared = Vec::new();
    for exchange in exchanges {
        let head = format!(
            "{} {} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n",
            exchange.method, exchange.target
        );
        let call = if exchange.method == "GET" {
            None
        } else {
            let envelope: serde_json::Map<String, Value> = serde_json::from_str(&exchange.request)?;
            let keys = Keys::of(&envelope);
            Some(Call {
                keys,
                name: envelope
                    .get(keys.name)
                    .and_then(Value::as_str)
                    .ok_or("a call without its function's name")?
                    .to_owned(),
                session: envelope.get("session").cloned().unwrap_or(Value::Null),
                data: envelope.get(keys.data).cloned().unwrap_or(Value::Null),
            })
        };
        prepared.push(Prepared {
            head,
            target: exchange.target.clone(),
            call,
        });
    }
    Ok(prepared)
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "no", alias = "numeroOrdre", borrow)]
    order: &'a str,
    #[serde(rename = "dataSec", alias = "donneesSec", borrow)]
    data: &'a str,
}

/// Hex text, by the fastest hex crate at hand (the client's own).
fn to_hex(bytes: &[u8]) -> String {
    faster_hex::hex_string(bytes)
}

/// Bytes of hex text.
fn from_hex(text: &str) -> Result<Vec<u8>, Failure> {
    let mut out = vec![0; text.len() / 2];
    faster_hex::hex_decode(text.as_bytes(), &mut out).map_err(|e| format!("hex: {e}"))?;
    Ok(out)
}

/// A call's body: its envelope with the data part sealed; `None` for the
/// page.
fn request_body(
    request: &Prepared,
    order: usize,
    cipher: &Cipher,
) -> Result<Option<Vec<u8>>, Failure> {
    let Some(call) = &request.call else {
        return Ok(None);
    };
    let json = serde_json::to_vec(&call.data)?;
    let sealed = to_hex(&cipher.encrypt(&payload::stored_hex_text(&json)));
    let mut envelope = serde_json::Map::new();
    envelope.insert("session".into(), call.session.clone());
    envelope.insert(
        call.keys.order.into(),
        to_hex(&cipher.encrypt((2 * order + 1).to_string().as_bytes())).into(),
    );
    envelope.insert(call.keys.name.into(), call.name.as_str().into());
    envelope.insert(call.keys.data.into(), sealed.into());
    Ok(Some(serde_json::to_vec(&envelope)?))
}

/// A request's bytes on the wire: head and body.
fn request_bytes(request: &Prepared, order: usize, cipher: &Cipher) -> Result<Vec<u8>, Failure> {
    let mut message = request.head.clone().into_bytes();
    match request_body(request, order, cipher)? {
        Some(body) => {
            message.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
            message.extend_from_slice(&body);
        }
        None => message.extend_from_slice(b"\r\n"),
    }
    Ok(message)
}

/// Reads a reply's body the least a client can: the sum of its bytes and
/// of its payload's.
fn read_body(body: &[u8], call: bool, cipher: &Cipher) -> Result<u64, Failure> {
    if !call {
        return Ok(body.len() as u64);
    }
    let envelope: Envelope<'_> = serde_json::from_slice(body)?;
    let order = cipher.decrypt(&from_hex(envelope.order)?, "order")?;
    let json = payload::inflate(
        &cipher.decrypt(&from_hex(envelope.data)?, "data")?,
        Limits::default(),
    )?;
    serde_json::from_slice::<IgnoredAny>(&json)?;
    Ok((order.len() + json.len()) as u64)
}

/// The measured client: the parts of every exchange, ROUNDS times.
fn replay(addr: &str, path: &str, rounds: u32) -> Result<u64, Failure> {
    let prepared = prepare(&read_exchanges(path)?, addr)?;
    let cipher = cipher();
    let mut checksum = 0u64;
    let mut reply = Vec::new();
    for _ in 0..rounds {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        let mut writer = stream.try_clone()?;
        let mut reader = BufReader::with_capacity(64 * 1024, stream);
        for (order, request) in prepared.iter().enumerate() {
            writer.write_all(&request_bytes(request, order, &cipher)?)?;
            let body = read_message(&mut reader, &mut reply)?
                .ok_or("the replay server closed the connection")?;
            checksum += read_body(&reply[body..], request.call.is_some(), &cipher)?;
        }
    }
    Ok(checksum)
}

/// The same parts with the exchanges sent by `pronote-transport`'s
/// `HyperTransport` (hyper on a current-thread tokio runtime, cookie jar,
/// a new transport a round as the workload logs in; `blocking`: its
/// connections driven on the calling thread): what the HTTP stack adds
/// to the floor.
async fn replay_hyper(addr: &str, path: &str, rounds: u32, blocking: bool) -> Result<u64, Failure> {
    let prepared = prepare(&read_exchanges(path)?, addr)?;
    let cipher = cipher();
    let mut checksum = 0u64;
    for _ in 0..rounds {
        let transport = HyperTransport::builder().blocking(blocking).build()?;
        for (order, request) in prepared.iter().enumerate() {
            let body = request_body(request, order, &cipher)?;
            let http = HttpRequest {
                method: if body.is_some() {
                    Method::Post
                } else {
                    Method::Get
                },
                url: format!("http://{addr}{}", request.target),
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.unwrap_or_default(),
            };
            let response = transport.send(&http).await?;
            checksum += read_body(&response.body, request.call.is_some(), &cipher)?;
        }
    }
    Ok(checksum)
}

/// The same parts without the sockets: the replies the server would send
/// read from memory.
fn offline(path: &str, rounds: u32) -> Result<u64, Failure> {
    let exchanges = read_exchanges(path)?;
    let replies = encoded_replies(&exchanges)?;
    let prepared = prepare(&exchanges, "127.0.0.1:1")?;
    let cipher = cipher();
    let mut checksum = 0u64;
    let mut reply = Vec::new();
    for _ in 0..rounds {
        for (order, (request, sent)) in prepared.iter().zip(&replies).enumerate() {
            checksum += request_bytes(request, order, &cipher)?.len() as u64;
            let body =
                read_message(&mut sent.as_slice(), &mut reply)?.ok_or("a reply cut short")?;
            checksum += read_body(&reply[body..], request.call.is_some(), &cipher)?;
        }
    }
    Ok(checksum)
}

/// The optional ROUNDS argument; 20 without it.
fn rounds(rest: &[String]) -> Result<u32, Failure> {
    Ok(match rest.first() {
        Some(r) => r.parse()?,
        None => 20,
    })
}

fn run(args: &[String]) -> Result<(), Failure> {
    match args {
        [mode, url, file] if mode == "capture" => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let exchanges = runtime.block_on(capture(url))?;
            std::fs::write(file, serde_json::to_vec(&exchanges)?)?;
            println!("{} exchanges", exchanges.len());
        }
        [mode, file] if mode == "serve" => serve(file)?,
        [mode, addr, file, rest @ ..] if mode == "replay" && rest.len() <= 1 => {
            println!("{}", replay(addr, file, rounds(rest)?)?);
        }
        [mode, addr, file, rest @ ..]
            if (mode == "replay-hyper" || mode == "replay-blocking") && rest.len() <= 1 =>
        {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let blocking = mode == "replay-blocking";
            println!(
                "{}",
                runtime.block_on(replay_hyper(addr, file, rounds(rest)?, blocking))?
            );
        }
        [mode, file, rest @ ..] if mode == "offline" && rest.len() <= 1 => {
            println!("{}", offline(file, rounds(rest)?)?);
        }
        _ => {
            return Err(
                "usage: workload_floor capture URL FILE | serve FILE | replay ADDR FILE [ROUNDS] \
                 | replay-hyper ADDR FILE [ROUNDS] | replay-blocking ADDR FILE [ROUNDS] \
                 | offline FILE [ROUNDS]"
                    .into(),
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("workload_floor: {e}");
            ExitCode::FAILURE
        }
    }
}
