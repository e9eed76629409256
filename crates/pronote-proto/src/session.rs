//! A logged-in session: turns function calls into HTTP requests and HTTP
//! responses into replies, one call at a time.
//!
//! ```text
//!   Session::call(Call) ──▶ PendingCall ──request()──▶ (your HTTP client)
//!                              │                               │
//!                              └── handle_response(resp) ◀─────┘ ──▶ Reply
//! ```
//!
//! A [`PendingCall`] borrows the session mutably, so a second call cannot
//! start before the first is answered: PRONOTE numbers every message and
//! rejects a chain with a gap. A pending call dropped without its response
//! marks the session [desynchronised](Session::is_desynchronized): the
//! server may have consumed the number, so the next call would be refused;
//! log in again.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::crypto::Cipher;
use crate::envelope::{self, Inner};
use crate::error::{DecodeError, Error, Misuse, PeerError, ServerError};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::order::{self, OrderCounter};
use crate::payload::{self, Flags, Limits, ReplyBody};
use crate::raw_reply::RawReply;
use crate::reply_text::ReplyText;
use crate::version::{Generation, Profile, Version};

/// Everything needed to continue a session elsewhere (another process,
/// after a restart): export it with [`Session::export`], bring it back with
/// [`Session::restore`].
///
/// It holds the session key: store it as a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    /// The instance root, e.g. `https://demo.index-education.net/pronote`.
    pub root: String,
    /// The space id (`a`).
    pub espace: u32,
    /// The session id (`h`).
    pub session_id: u64,
    /// The generation spoken.
    pub generation: Generation,
    /// The server version, once known.
    pub version: Option<Version>,
    /// Payload protection.
    pub flags: Flags,
    /// Current key and IV.
    pub cipher: Cipher,
    /// The next request number.
    pub order: OrderCounter,
    /// Verify the replies' order numbers and session ids.
    pub strict: bool,
    /// Decoder limits.
    pub limits: Limits,
    /// The tabs (`onglets`) the account may use; empty means unknown.
    pub tabs: BTreeSet<u32>,
    /// Extra headers sent with every call (the mobile User-Agent and
    /// cookie of token logins).
    pub headers: Vec<(String, String)>,
}

impl SessionState {
    pub(crate) fn profile(&self) -> Profile {
        self.generation.profile()
    }

    /// Checks that the state can drive a session: an `http(s)` root
    /// without spaces or control characters, a non-zero session id, a
    /// positive odd order counter with numbers left, a non-zero inflate
    /// limit and headers that are HTTP tokens and single-line values.
    /// [`Session::restore`] calls it.
    ///
    /// ```
    /// # use pronote_proto::{Generation, SessionState};
    /// # use pronote_proto::crypto::Cipher;
    /// # use pronote_proto::order::OrderCounter;
    /// # use pronote_proto::payload::{Flags, Limits};
    /// let mut state = SessionState {
    ///     root: "https://demo.index-education.net/pronote".into(),
    ///     espace: 3,
    ///     session_id: 42,
    ///     generation: Generation::V2025,
    ///     version: None,
    ///     flags: Flags::FULL,
    ///     cipher: Cipher::initial(),
    ///     order: OrderCounter::default(),
    ///     strict: true,
    ///     limits: Limits::default(),
    ///     tabs: Default::default(),
    ///     headers: Vec::new(),
    /// };
    /// assert!(state.validate().is_ok());
    /// state.order = OrderCounter::starting_at(i64::MAX);
    /// assert!(state.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), DecodeError> {
        let invalid = |field, reason| Err(DecodeError::State { field, reason });
        let scheme_ok = ["https://", "http://"].iter().any(|scheme| {
            self.root
                .get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
                && self.root.len() > scheme.len()
        });
        if !scheme_ok {
            return invalid("root", "is not an http:// or https:// URL");
        }
        if self
            .root
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return invalid("root", "contains spaces or control characters");
        }
        if self.session_id == 0 {
            return invalid("session_id", "is zero");
        }
        if !self.order.is_valid() {
            return invalid(
                "order",
                "is not a positive odd number with request numbers left",
            );
        }
        if self.limits.max_inflated == 0 {
            return invalid("limits", "allow no inflated payload at all");
        }
        for (name, value) in &self.headers {
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                return invalid("headers", "hold a name that is not an HTTP token");
            }
            if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
                return invalid("headers", "hold a value with a line break or NUL");
            }
        }
        Ok(())
    }

    /// Takes the next request number, or says the counter ran out.
    fn take_number(&mut self) -> Result<i64, DecodeError> {
        self.order.take().ok_or(DecodeError::State {
            field: "order",
            reason: "has no request numbers left: log in again",
        })
    }

    /// Builds the POST for a function; consumes its order number.
    pub(crate) fn post(
        &mut self,
        function: &str,
        payload: Value,
    ) -> Result<(HttpRequest, i64), DecodeError> {
        let profile = self.profile();
        let number = self.take_number()?;
        let wire_order = order::encode(&self.cipher, number);
        let secure = payload::encode_request_owned(payload, self.flags, &self.cipher)?;
        let body = envelope::encode(
            &profile.envelope,
            self.session_id,
            &wire_order,
            function,
            &secure,
        );
        let url = format!(
            "{}/appelfonction/{}/{}/{}",
            self.root, self.espace, self.session_id, wire_order
        );
        let mut headers = Vec::with_capacity(1 + self.headers.len());
        headers.push((Cow::Borrowed("content-type"), "application/json".to_owned()));
        for (name, value) in &self.headers {
            headers.push((Cow::Owned(name.clone()), value.clone()));
        }
        Ok((
            HttpRequest {
                method: Method::Post,
                url,
                headers,
                body,
            },
            number,
        ))
    }

    /// Checks the reply to request `number` of `function` (status,
    /// envelope, session, order number, function name) and gives its
    /// secure field.
    fn open_reply(
        &self,
        function: &str,
        number: i64,
        response: &HttpResponse,
    ) -> Result<Value, Error> {
        if !(200..300).contains(&response.status) {
            if let Some(condition) = ServerError::from_body_text(&response.text()) {
                return Err(condition.into());
            }
            if let Ok(Value::Object(map)) =
                payload::parse_value(&response.body, &self.limits, "error body")
            {
                if let Some(err) = map.get("Erreur") {
                    return Err(envelope::server_error(err).into());
                }
            }
            return Err(PeerError::HttpStatus(response.status).into());
        }
        let profile = self.profile();
        let env = envelope::decode_limited(&profile.envelope, &response.body, &self.limits)?;
        if self.strict {
            match env.session {
                Some(session) if session == self.session_id => {}
                // Absent, or not a u64 (negative, too large, not a number).
                None => return Err(PeerError::SessionMissing.into()),
                Some(_) => return Err(PeerError::SessionMismatch.into()),
            }
            let wire = env.order.as_deref().ok_or(DecodeError::Field {
                context: "reply",
                field: "order number",
            })?;
            let expected = order::reply_number(number).ok_or(DecodeError::State {
                field: "order",
                reason: "has no reply number left: log in again",
            })?;
            order::verify(&self.cipher, wire, expected)?;
            if let Some(got) = env.function.as_deref() {
                if got != function {
                    return Err(PeerError::UnexpectedFunction {
                        expected: function.to_owned(),
                        got: got.to_owned(),
                    }
                    .into());
                }
            }
        }
        Ok(env.secure)
    }

    /// Reads the reply to request `number` of `function`.
    pub(crate) fn read_reply(
        &self,
        function: &str,
        number: i64,
        response: &HttpResponse,
    ) -> Result<Inner, Error> {
        let secure = self.open_reply(function, number, response)?;
        let payload = payload::decode_reply_owned(secure, self.flags, &self.cipher, self.limits)?;
        Ok(envelope::split_reply(&self.profile().inner, payload)?)
    }

    /// Reads the reply to request `number` of `function`, keeping its data
    /// part as text.
    pub(crate) fn read_reply_raw(
        &self,
        function: &str,
        number: i64,
        response: &HttpResponse,
    ) -> Result<RawReply, Error> {
        self.read_reply_text(function, number, response)
            .and_then(ReplyText::into_raw)
    }

    /// Reads the reply to request `number` of `function` up to its
    /// payload's text, to be read in one pass ([`ReplyText::read`]).
    pub(crate) fn read_reply_text(
        &self,
        function: &str,
        number: i64,
        response: &HttpResponse,
    ) -> Result<ReplyText, Error> {
        let secure = self.open_reply(function, number, response)?;
        let keys = self.profile().inner;
        match payload::decode_reply_body(secure, self.flags, &self.cipher, self.limits)? {
            ReplyBody::Text(json) => ReplyText::from_payload(json, keys.data, keys.signature),
            ReplyBody::Json(value) => Ok(ReplyText::from(RawReply::from_inner(
                envelope::split_reply(&keys, value)?,
            ))),
        }
    }

    /// [`read_reply_raw`](Self::read_reply_raw) for a reply that is kept:
    /// it also holds the payload as the server deflated it, when it did
    /// (see [`RawReply::deflated_payload`]).
    pub(crate) fn read_reply_kept(
        &self,
        function: &str,
        number: i64,
        response: &HttpResponse,
    ) -> Result<RawReply, Error> {
        let secure = self.open_reply(function, number, response)?;
        let keys = self.profile().inner;
        let (body, deflated) =
            payload::decode_reply_body_keeping(secure, self.flags, &self.cipher, self.limits)?;
        let reply = match body {
            ReplyBody::Text(json) => RawReply::from_payload(json, keys.data, keys.signature)?,
            ReplyBody::Json(value) => RawReply::from_inner(envelope::split_reply(&keys, value)?),
        };
        Ok(match deflated {
            Some(bytes) => reply.with_deflated_payload(bytes),
            None => reply,
        })
    }
}

/// One function call: its name, the tab it belongs to and its data.
///
/// ```
/// use pronote_proto::Call;
/// let call = Call::new("PageEmploiDuTemps")
///     .tab(16)
///     .data(serde_json::json!({"numeroSemaine": 3}));
/// assert_eq!(call.function(), "PageEmploiDuTemps");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    function: String,
    tab: Option<u32>,
    member: Option<Value>,
    data: Option<Value>,
}

impl Call {
    /// A call of `function` with no signature and no data.
    pub fn new(function: impl Into<String>) -> Self {
        Call {
            function: function.into(),
            tab: None,
            member: None,
            data: None,
        }
    }

    /// The tab (`Signature.onglet`).
    pub fn tab(mut self, tab: u32) -> Self {
        self.tab = Some(tab);
        self
    }

    /// The child a parent account acts for (`Signature.membre`), as its
    /// `{N, G}` reference.
    pub fn member(mut self, member: Value) -> Self {
        self.member = Some(member);
        self
    }

    /// The data object.
    pub fn data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// The function name.
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The payload with the generation's key names.
    pub fn payload(&self, generation: Generation) -> Value {
        let signature = if self.tab.is_some() || self.member.is_some() {
            let mut sig = Map::new();
            if let Some(tab) = self.tab {
                sig.insert("onglet".into(), json!(tab));
            }
            if let Some(member) = &self.member {
                sig.insert("membre".into(), member.clone());
            }
            Some(Value::Object(sig))
        } else {
            None
        };
        envelope::inner(&generation.profile().inner, self.data.clone(), signature)
    }
}

/// A decoded reply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reply {
    /// `data` / `donnees`.
    pub data: Value,
    /// The signature, when the server sent one.
    pub signature: Option<Value>,
    /// Other root keys.
    pub rest: Map<String, Value>,
}

impl From<Inner> for Reply {
    fn from(inner: Inner) -> Self {
        Reply {
            data: inner.data,
            signature: inner.signature,
            rest: inner.rest,
        }
    }
}

/// A logged-in PRONOTE session (sans-IO).
#[derive(Debug)]
pub struct Session {
    state: SessionState,
    desynchronized: bool,
}

impl Session {
    /// A session from its state, as exported by [`export`](Self::export).
    ///
    /// The state is checked first ([`SessionState::validate`]): a state
    /// read back from a file may have been edited or damaged.
    pub fn restore(state: SessionState) -> Result<Self, Error> {
        state.validate()?;
        Ok(Session {
            state,
            desynchronized: false,
        })
    }

    /// The state to store for a later [`restore`](Self::restore).
    pub fn export(&self) -> SessionState {
        self.state.clone()
    }

    /// Read access to the state.
    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// Whether a call was abandoned without its response: the order
    /// numbers are then out of step and only a new login helps.
    pub fn is_desynchronized(&self) -> bool {
        self.desynchronized
    }

    /// Whether the account may use a tab (true when the list is unknown).
    pub fn is_tab_allowed(&self, tab: u32) -> bool {
        self.state.tabs.is_empty() || self.state.tabs.contains(&tab)
    }

    /// Starts a call. The returned [`PendingCall`] holds the request to
    /// send and takes the response.
    pub fn call(&mut self, call: &Call) -> Result<PendingCall<'_>, Error> {
        if self.desynchronized {
            return Err(Misuse::WrongStep(
                "a previous call was abandoned: the session is out of step, log in again",
            )
            .into());
        }
        if let Some(tab) = call.tab {
            if !self.is_tab_allowed(tab) {
                return Err(Misuse::TabNotAllowed { tab }.into());
            }
        }
        let payload = call.payload(self.state.generation);
        let (request, number) = self.state.post(&call.function, payload)?;
        Ok(PendingCall {
            session: self,
            request,
            number,
            function: call.function.clone(),
            done: false,
        })
    }

    /// The call that keeps the session alive for this generation
    /// (`Presence` or `Navigation`); send it after
    /// [`KeepAlive::idle_secs`](crate::KeepAlive::idle_secs) without
    /// traffic.
    pub fn keep_alive_call(&self) -> Call {
        let keep_alive = self.state.profile().keep_alive;
        let call = Call::new(keep_alive.function()).tab(7);
        match keep_alive {
            crate::KeepAlive::Navigation => call.data(json!({"onglet": 7, "ongletPrec": 7})),
            crate::KeepAlive::Presence => call,
        }
    }

    /// Starts a file upload (`POST uploadfilesession/{a}/{h}`, multipart),
    /// as the homework hand-in uses it: the file is stored under `file_id`
    /// for the call named `function` (e.g. `SaisieTAFARendreEleve`), which
    /// then refers to it. An upload consumes order numbers like a call.
    pub fn upload(
        &mut self,
        function: &str,
        file_id: &str,
        file_name: &str,
        content: &[u8],
    ) -> Result<PendingUpload<'_>, Error> {
        if self.desynchronized {
            return Err(Misuse::WrongStep(
                "a previous call was abandoned: the session is out of step, log in again",
            )
            .into());
        }
        let state = &mut self.state;
        let number = state.take_number()?;
        let wire_order = order::encode(&state.cipher, number);
        let modern = state.generation >= Generation::V2025;
        let names = if modern {
            ["u_no", "u_ns", "u_idR", "u_idF", "u_md5"]
        } else {
            [
                "numeroOrdre",
                "numeroSession",
                "nomRequete",
                "idFichier",
                "md5",
            ]
        };
        let mut boundary = format!("----pronote-rs-{wire_order}");
        while content
            .windows(boundary.len())
            .any(|w| w == boundary.as_bytes())
        {
            boundary.push('x');
        }
        let encoded_name = crate::urls::encode_file_name(file_name);
        let mut body = Vec::with_capacity(content.len() + 1024);
        let session_id = state.session_id.to_string();
        for (name, value) in names.iter().zip([
            wire_order.as_str(),
            session_id.as_str(),
            function,
            file_id,
            "",
        ]) {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"{encoded_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut headers = Vec::with_capacity(2 + state.headers.len());
        headers.push((
            Cow::Borrowed("content-type"),
            format!("multipart/form-data; boundary={boundary}"),
        ));
        headers.push((
            Cow::Borrowed("content-disposition"),
            format!("attachment; filename=\"{encoded_name}\""),
        ));
        for (name, value) in &state.headers {
            headers.push((Cow::Owned(name.clone()), value.clone()));
        }
        let request = HttpRequest {
            method: Method::Post,
            url: format!(
                "{}/uploadfilesession/{}/{}",
                state.root, state.espace, state.session_id
            ),
            headers,
            body,
        };
        Ok(PendingUpload {
            session: self,
            request,
            done: false,
        })
    }

    /// The logout call (`SaisieDeconnexion`).
    pub fn logout_call(&self) -> Call {
        Call::new("SaisieDeconnexion")
    }
}

/// What the server said of an uploaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadStatus {
    /// Stored: name it in the call that uses it (`idFichier`).
    Done,
    /// Not yet: send the upload again (a new request, new numbers).
    Again,
}

/// An upload whose request is on its way (see [`Session::upload`]).
#[must_use = "send the request and hand the response back, or the session goes out of step"]
#[derive(Debug)]
pub struct PendingUpload<'s> {
    session: &'s mut Session,
    request: HttpRequest,
    done: bool,
}

impl PendingUpload<'_> {
    /// The request to send.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// Reads the reply (`{"etat": n}`).
    pub fn handle_response(mut self, response: &HttpResponse) -> Result<UploadStatus, Error> {
        self.done = true;
        if let Some(error) = response.status_error() {
            return Err(error);
        }
        let reply: Value = serde_json::from_slice(&response.body)
            .map_err(|e| DecodeError::json("upload reply", &e))?;
        match reply.get("etat").and_then(Value::as_u64) {
            Some(3) => Ok(UploadStatus::Again),
            Some(0 | 2) => Err(ServerError::SaveRejected {
                message: "the server refused the file".into(),
            }
            .into()),
            Some(_) => Ok(UploadStatus::Done),
            None => Err(DecodeError::Field {
                context: "upload reply",
                field: "etat",
            }
            .into()),
        }
    }

    /// The request could not be sent: the session is out of step.
    pub fn fail(mut self) {
        self.done = true;
        self.session.desynchronized = true;
    }
}

impl Drop for PendingUpload<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.session.desynchronized = true;
        }
    }
}

/// A call whose request is on its way. Hand its response to
/// [`handle_response`](Self::handle_response), or report a failure with
/// [`fail`](Self::fail).
#[must_use = "send the request and hand the response back, or the session goes out of step"]
#[derive(Debug)]
pub struct PendingCall<'s> {
    session: &'s mut Session,
    request: HttpRequest,
    number: i64,
    function: String,
    done: bool,
}

impl PendingCall<'_> {
    /// The request to send.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// The order number this call consumed.
    pub fn number(&self) -> i64 {
        self.number
    }

    /// Decodes the response.
    pub fn handle_response(self, response: &HttpResponse) -> Result<Reply, Error> {
        self.finish(|state, function, number| {
            state
                .read_reply(function, number, response)
                .map(Reply::from)
        })
    }

    /// Decodes the response, checking it as
    /// [`handle_response`](Self::handle_response) does but keeping the
    /// data part as JSON text, to read it straight into typed structs.
    pub fn handle_response_raw(self, response: &HttpResponse) -> Result<RawReply, Error> {
        self.finish(|state, function, number| state.read_reply_raw(function, number, response))
    }

    /// Decodes the response as far as its payload's text, checking its
    /// envelope as [`handle_response`](Self::handle_response) does; the
    /// payload's own error signals are checked when it is read
    /// ([`ReplyText::read`], in one pass with the data, or
    /// [`ReplyText::into_raw`]).
    pub fn handle_response_text(self, response: &HttpResponse) -> Result<ReplyText, Error> {
        self.finish(|state, function, number| state.read_reply_text(function, number, response))
    }

    /// Runs `read`, marking the session out of step when the reply shows
    /// that it is.
    fn finish<R>(
        mut self,
        read: impl FnOnce(&SessionState, &str, i64) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.done = true;
        let result = read(&self.session.state, &self.function, self.number);
        if let Err(e) = &result {
            if matches!(
                e,
                Error::Peer(
                    PeerError::OrderMismatch { .. }
                        | PeerError::SessionMismatch
                        | PeerError::SessionMissing
                )
            ) {
                self.session.desynchronized = true;
            }
        }
        result
    }

    /// The request could not be sent or its response was lost. The server
    /// may have consumed the number, so the session is out of step.
    pub fn fail(mut self) {
        self.done = true;
        self.session.desynchronized = true;
    }
}

impl Drop for PendingCall<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.session.desynchronized = true;
        }
    }
}

/// A byte allowed in an HTTP header name (RFC 9110 `tchar`).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
