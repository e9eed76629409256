//! A logged-in client: calls serialised on its session, transparent
//! re-login for reads, keep-alive, child selection, export/resume.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Mutex;
use tokio::time::Instant;

use pronote_proto::http::HttpResponse;
use pronote_proto::login::LoginOutcome;
use pronote_proto::{
    Call, KeepAlive, PendingCall, RawReply, Reply, ReplyText, ServerError, Session, SessionState,
};
use pronote_transport::{HyperTransport, Transport};

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::function::{CallKind, Context, Function};
use crate::login::{CredentialSink, Driven, LoginSpec, drive};
use crate::models::instance::Instance;
use crate::models::user::{AccountKind, User};

/// How many times a `SignatureAttente` ("wait and call again") is honoured.
const MAX_WAITS: u32 = 3;
/// The longest wait honoured, whatever the server asks.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// A logged-in PRONOTE client. Cheap to clone: clones share the session.
/// Calls on one client are serialised (PRONOTE numbers every message);
/// many clients run concurrently.
pub struct Client<T = HyperTransport> {
    inner: Arc<Inner<T>>,
}

impl<T> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<T> fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

struct Inner<T> {
    transport: T,
    live: Mutex<Live>,
    sink: CredentialSink,
}

struct Live {
    session: Session,
    instance: Instance,
    /// The login replies, kept only for `export`; see [`Kept`].
    instance_raw: Kept,
    user: User,
    user_raw: Kept,
    espace: u32,
    child: Option<String>,
    spec: LoginSpec,
    logins: u64,
    last_activity: Instant,
}

impl Live {
    fn context(&self) -> Context<'_> {
        Context {
            instance: &self.instance,
            user: &self.user,
            student: self.user.student(self.child.as_deref()),
        }
    }

    fn build_call<F: Function>(&self, function: &F) -> Result<Call> {
        let ctx = self.context();
        let mut call = Call::new(F::NAME);
        if let Some(tab) = F::TAB {
            call = call.tab(tab);
        }
        if self.user.kind == AccountKind::Parent {
            if let Some(student) = ctx.student {
                call = call.member(serde_json::json!({"N": student.id, "G": 4}));
            }
        }
        if let Some(data) = function.data(&ctx)? {
            call = call.data(data);
        }
        Ok(call)
    }
}

/// A session to resume later or elsewhere: the protocol state plus what
/// the login learnt. It holds the session key and the credentials: store
/// it as a secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportedSession {
    /// The protocol state.
    pub state: SessionState,
    /// `FonctionParametres` data.
    pub instance: Value,
    /// `ParametresUtilisateur` data.
    pub user: Value,
    /// The selected child (parents).
    pub child: Option<String>,
    /// The credentials to log in again with.
    pub credentials: Option<Credentials>,
}

impl<T: Transport> Client<T> {
    pub(crate) fn from_login(
        transport: T,
        mut outcome: LoginOutcome,
        spec: LoginSpec,
        sink: CredentialSink,
    ) -> Result<Self> {
        let espace = outcome.start.espace;
        let instance = Instance::from_raw(&outcome.instance)?;
        let user = User::from_raw(&outcome.user, espace)?;
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                sink,
                live: Mutex::new(Live {
                    session: outcome.session,
                    instance,
                    instance_raw: Kept::from_reply(&mut outcome.instance),
                    user,
                    user_raw: Kept::from_reply(&mut outcome.user),
                    espace,
                    child: None,
                    spec,
                    logins: 1,
                    last_activity: Instant::now(),
                }),
            }),
        })
    }

    /// Resumes an exported session. If it expired meanwhile, the next read
    /// logs in again with the exported credentials.
    pub fn resume(transport: T, exported: ExportedSession) -> Result<Self> {
        let espace = exported.state.espace;
        let instance = Instance::from_reply(&exported.instance)?;
        let user = User::from_reply(&exported.user, espace)?;
        let credentials = exported.credentials.clone();
        let spec = match &credentials {
            Some(c) => LoginSpec::from_credentials(c),
            None => {
                return Err(Error::Usage(
                    "an exported session needs its credentials to be resumed",
                ));
            }
        };
        let session = Session::restore(exported.state)?;
        let sink = CredentialSink::default();
        if let Some(c) = credentials {
            sink.publish(c);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                sink,
                live: Mutex::new(Live {
                    session,
                    instance,
                    instance_raw: Kept::from_value(&exported.instance),
                    user,
                    user_raw: Kept::from_value(&exported.user),
                    espace,
                    child: exported.child,
                    spec,
                    logins: 0,
                    last_activity: Instant::now(),
                }),
            }),
        })
    }

    /// Exports the session (see [`ExportedSession`]).
    pub async fn export(&self) -> ExportedSession {
        let live = self.inner.live.lock().await;
        ExportedSession {
            state: live.session.export(),
            instance: live.instance_raw.value(),
            user: live.user_raw.value(),
            child: live.child.clone(),
            credentials: self.inner.sink.current(),
        }
    }

    /// The credentials to log in with next time (the newest token).
    pub fn credentials(&self) -> Option<Credentials> {
        self.inner.sink.current()
    }

    /// The instance settings (periods, hours, holidays…).
    pub async fn instance(&self) -> Instance {
        self.inner.live.lock().await.instance.clone()
    }

    /// The logged-in user.
    pub async fn user(&self) -> User {
        self.inner.live.lock().await.user.clone()
    }

    /// How many logins this client made (1 after the first; more after
    /// transparent re-logins).
    pub async fn login_count(&self) -> u64 {
        self.inner.live.lock().await.logins
    }

    /// Parents: acts for the child named `name` in every later call.
    pub async fn select_child(&self, name: &str) -> Result<()> {
        let mut live = self.inner.live.lock().await;
        if !live.user.children.iter().any(|c| c.name == name) {
            return Err(Error::NotFound(format!("no child named {name}")));
        }
        live.child = Some(name.to_owned());
        Ok(())
    }

    /// The name of the student calls act for.
    pub async fn selected_student(&self) -> Option<String> {
        let live = self.inner.live.lock().await;
        live.user
            .student(live.child.as_deref())
            .map(|s| s.name.clone())
    }

    /// Calls a typed function.
    pub async fn fetch<F: Function>(&self, function: &F) -> Result<F::Output> {
        let mut live = self.inner.live.lock().await;
        let mut relogged = false;
        let mut waits = 0;
        loop {
            if live.session.is_desynchronized() {
                self.relogin(&mut live).await?;
                relogged = true;
            }
            let call = live.build_call(function)?;
            // The payload's error signals (a wait, an expired session) are
            // seen when the reply is read: both steps' errors retry alike.
            let read = self.send_text(&mut live.session, &call).await;
            match read.and_then(|reply| {
                live.last_activity = Instant::now();
                function.decode_text(reply, &live.context())
            }) {
                Ok(output) => return Ok(output),
                Err(Error::Protocol(pronote_proto::Error::Server(ServerError::RetryAfter {
                    delay_secs,
                }))) if waits < MAX_WAITS && F::KIND == CallKind::Read => {
                    waits += 1;
                    tokio::time::sleep(Duration::from_secs(u64::from(delay_secs)).min(MAX_WAIT))
                        .await;
                }
                Err(e) if !relogged && F::KIND == CallKind::Read && e.needs_new_session() => {
                    tracing::info!(error = %e, "session lost: logging in again");
                    self.relogin(&mut live).await?;
                    relogged = true;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Sends a raw call (the escape hatch for unmodelled functions). It is
    /// treated as a write: never retried.
    pub async fn call_raw(&self, call: &Call) -> Result<Reply> {
        let mut live = self.inner.live.lock().await;
        if live.session.is_desynchronized() {
            self.relogin(&mut live).await?;
        }
        let reply = self.send(&mut live.session, call).await?;
        live.last_activity = Instant::now();
        Ok(reply)
    }

    /// Sends the generation's keep-alive call if the session has been idle
    /// long enough; returns whether it sent one.
    pub async fn keep_alive(&self) -> Result<bool> {
        let mut live = self.inner.live.lock().await;
        let idle = keep_alive_interval(&live.session);
        if live.last_activity.elapsed() < idle {
            return Ok(false);
        }
        let call = live.session.keep_alive_call();
        match self.send(&mut live.session, &call).await {
            Ok(_) => {
                live.last_activity = Instant::now();
                Ok(true)
            }
            Err(e) if e.needs_new_session() => {
                self.relogin(&mut live).await?;
                live.last_activity = Instant::now();
                Ok(true)
            }
            Err(e) => Err(e),
        }
    }

    /// Runs [`keep_alive`](Self::keep_alive) in the background until the
    /// returned handle is aborted or the last other clone is dropped.
    pub fn spawn_keep_alive(&self) -> tokio::task::JoinHandle<()>
    where
        T: 'static,
    {
        let weak = Arc::downgrade(&self.inner);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(15)).await;
                let Some(inner) = weak.upgrade() else { return };
                let client = Client { inner };
                if let Err(e) = client.keep_alive().await {
                    tracing::warn!(error = %e, "keep-alive failed");
                }
            }
        })
    }

    /// Downloads a file of this session (an attachment, a grade's subject
    /// or correction, a PDF): the URLs come from the models' helpers.
    /// The body comes whole (the [`Transport`] trait returns whole bodies).
    pub async fn download(&self, url: &str) -> Result<Vec<u8>> {
        let request = pronote_proto::http::HttpRequest {
            method: pronote_proto::http::Method::Get,
            url: url.to_owned(),
            headers: self
                .inner
                .live
                .lock()
                .await
                .session
                .state()
                .headers
                .iter()
                .map(|(n, v)| (std::borrow::Cow::Owned(n.clone()), v.clone()))
                .collect(),
            body: Vec::new(),
        };
        let response = self.inner.transport.send(&request).await?;
        if let Some(condition) = ServerError::from_body_text(&response.text()) {
            return Err(condition.into());
        }
        if let Some(error) = response.status_error() {
            return Err(error.into());
        }
        Ok(response.body)
    }

    /// Hands in a file as the work returned for a homework whose return
    /// kind is a file upload: the multipart upload, then
    /// `SaisieTAFARendreEleve` naming it. A write: never retried.
    pub async fn hand_in_homework(
        &self,
        homework: &crate::models::Homework,
        file_name: &str,
        content: &[u8],
    ) -> Result<()> {
        let mut live = self.inner.live.lock().await;
        if live.session.is_desynchronized() {
            self.relogin(&mut live).await?;
        }
        let file_id = format!("selecfile_1_{}", live.session.state().order.peek());
        let mut attempts = 0;
        loop {
            attempts += 1;
            let pending =
                live.session
                    .upload("SaisieTAFARendreEleve", &file_id, file_name, content)?;
            let status = match self.inner.transport.send(pending.request()).await {
                Ok(response) => pending.handle_response(&response)?,
                Err(e) => {
                    pending.fail();
                    return Err(e.into());
                }
            };
            match status {
                pronote_proto::UploadStatus::Done => break,
                pronote_proto::UploadStatus::Again if attempts < 5 => {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                pronote_proto::UploadStatus::Again => {
                    return Err(Error::from(ServerError::SaveRejected {
                        message: "the server kept the upload pending".into(),
                    }));
                }
            }
        }
        let call = Call::new("SaisieTAFARendreEleve")
            .tab(88)
            .data(serde_json::json!({
                "listeFichiers": [{
                    "E": 1, "G": 1, "L": file_name, "N": -1001,
                    "idFichier": file_id,
                    "TAF": {"N": homework.id},
                }]
            }));
        self.send(&mut live.session, &call).await?;
        live.last_activity = Instant::now();
        Ok(())
    }

    /// Logs out (`SaisieDeconnexion`).
    pub async fn logout(&self) -> Result<()> {
        let mut live = self.inner.live.lock().await;
        let call = live.session.logout_call();
        self.send(&mut live.session, &call).await.map(|_| ())
    }

    /// One exchange on the session.
    async fn send(&self, session: &mut Session, call: &Call) -> Result<Reply> {
        self.exchange(session, call, |pending, response| {
            pending.handle_response(response)
        })
        .await
    }

    /// One exchange on the session, the reply's payload kept as text to be
    /// read in one pass.
    async fn send_text(&self, session: &mut Session, call: &Call) -> Result<ReplyText> {
        self.exchange(session, call, |pending, response| {
            pending.handle_response_text(response)
        })
        .await
    }

    async fn exchange<R>(
        &self,
        session: &mut Session,
        call: &Call,
        handle: impl FnOnce(PendingCall<'_>, &HttpResponse) -> pronote_proto::Result<R>,
    ) -> Result<R> {
        let pending = session.call(call)?;
        match self.inner.transport.send(pending.request()).await {
            Ok(response) => Ok(handle(pending, &response)?),
            Err(e) => {
                pending.fail();
                Err(e.into())
            }
        }
    }

    /// Logs in again with the newest credentials and swaps the session.
    async fn relogin(&self, live: &mut Live) -> Result<()> {
        if let Some(c) = self.inner.sink.current() {
            let fresh = LoginSpec::from_credentials(&c);
            live.spec.method = fresh.method;
            live.spec.page_url = fresh.page_url;
            live.spec.device = fresh.device;
        }
        let mut login = live.spec.login()?;
        match drive(
            &self.inner.transport,
            &mut login,
            &mut live.spec,
            &self.inner.sink,
        )
        .await?
        {
            Driven::Ready => {}
            Driven::Prompt(_) => return Err(Error::DoubleAuthRequired),
            Driven::NewPassword(_) => return Err(Error::NewPasswordRequired),
        }
        let mut outcome = login.finish()?;
        if let Some(token) = &outcome.issued_token {
            live.spec.adopt_token(token);
        }
        live.instance = Instance::from_raw(&outcome.instance)?;
        live.user = User::from_raw(&outcome.user, live.espace)?;
        live.instance_raw = Kept::from_reply(&mut outcome.instance);
        live.user_raw = Kept::from_reply(&mut outcome.user);
        live.session = outcome.session;
        live.logins += 1;
        live.last_activity = Instant::now();
        Ok(())
    }
}

/// A login reply kept for [`Client::export`] and nothing else (every
/// access goes through the typed [`Instance`] and [`User`]), deflated: a
/// tree of `Value`s costs several times its text, and the text several
/// times its deflated form; with thousands of idle sessions in one
/// process, that is most of a session's memory.
enum Kept {
    /// The whole payload as the server deflated it: kept as received,
    /// with no work at login.
    Payload(Box<[u8]>),
    /// The data's JSON text, deflated here (a reply that came
    /// uncompressed, or a resumed session).
    Data(Box<[u8]>),
}

impl Kept {
    fn from_reply(reply: &mut RawReply) -> Self {
        match reply.take_deflated_payload() {
            Some(payload) => Kept::Payload(payload),
            None => match reply.data_text() {
                Some(text) => Kept::Data(Self::deflated(text)),
                None => Self::from_value(&reply.data().unwrap_or(Value::Null)),
            },
        }
    }

    fn from_value(value: &Value) -> Self {
        Kept::Data(Self::deflated(&value.to_string()))
    }

    fn deflated(text: &str) -> Box<[u8]> {
        pronote_proto::payload::deflate(text.as_bytes()).into_boxed_slice()
    }

    /// The reply's data again (`null` if it cannot be read back, which a
    /// payload read once already, or a stream this module deflated, never
    /// does).
    fn value(&self) -> Value {
        let limits = pronote_proto::payload::Limits::default();
        match self {
            Kept::Payload(bytes) => RawReply::from_deflated_payload(bytes, limits)
                .ok()
                .and_then(|reply| reply.data().ok()),
            Kept::Data(bytes) => pronote_proto::payload::inflate(bytes, limits)
                .ok()
                .and_then(|text| serde_json::from_slice(&text).ok()),
        }
        .unwrap_or(Value::Null)
    }
}

fn keep_alive_interval(session: &Session) -> Duration {
    let keep_alive: KeepAlive = session.state().generation.profile().keep_alive;
    Duration::from_secs(keep_alive.idle_secs())
}

impl Client<HyperTransport> {
    /// Downloads a file of this session into `writer` as it arrives, for
    /// files too large to hold in memory; returns the bytes written.
    pub async fn download_to<W>(&self, url: &str, writer: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin,
    {
        use tokio::io::AsyncWriteExt;
        let headers = self.inner.live.lock().await.session.state().headers.clone();
        let mut response = self.inner.transport.stream(url, &headers).await?;
        if !(200..300).contains(&response.status) {
            return Err(Error::Protocol(
                pronote_proto::PeerError::HttpStatus(response.status).into(),
            ));
        }
        let mut written = 0u64;
        while let Some(chunk) = response.next_chunk().await {
            let chunk = chunk?;
            writer
                .write_all(&chunk)
                .await
                .map_err(|e| Error::Usage(io_message(&e)))?;
            written += chunk.len() as u64;
        }
        writer
            .flush()
            .await
            .map_err(|e| Error::Usage(io_message(&e)))?;
        Ok(written)
    }
}

/// A writer failure, as a fixed message (the writer is the caller's).
fn io_message(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::StorageFull => "the destination is full",
        std::io::ErrorKind::PermissionDenied => "the destination is not writable",
        _ => "writing the downloaded file failed",
    }
}
