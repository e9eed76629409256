//! The login state machine ([protocol notes §2](https://github.com/pronote-rs/pronote-rs/blob/main/docs/protocol.md) and §5), sans-IO.
//!
//! ```text
//!  GET page ─▶ FonctionParametres ─▶ Identification ─▶ Authentification
//!                                                          │
//!              [new password: SecurisationCompteDoubleAuth 1] ◀┘
//!                                       │
//!            [double auth: SecurisationCompteDoubleAuth 0 (PIN)]
//!                                       │
//!            [SecurisationCompteDoubleAuth 3: save the choices]
//!                                       │
//!                                       ▼
//!                              ParametresUtilisateur ─▶ Ready ─▶ finish() ─▶ Session
//! ```
//!
//! The contract, as in quinn or str0m: after [`Login::new`] and after every
//! input ([`handle_response`](Login::handle_response),
//! [`submit_new_password`](Login::submit_new_password),
//! [`submit_double_auth`](Login::submit_double_auth)), drain
//! [`poll_output`](Login::poll_output) until it returns `None`.
//!
//! An account that must choose a new password (a provisional password, a
//! password the school reset) gets [`LoginOutput::NewPasswordRequired`]
//! first, then double authentication if the account has it too, as the
//! official client orders them; the new password is saved with the
//! double-authentication choices, and [`LoginEvent::PasswordChanged`] is
//! output once the server took it: save it then, the old one no longer
//! works.
//!
//! A rotated token ([`LoginEvent::TokenIssued`]) is output as soon as the
//! `Authentification` reply is read, before any later step can fail: save
//! it then, since the previous token no longer works.
//!
//! ```
//! use pronote_proto::login::{Login, LoginConfig, LoginMethod, LoginOutput};
//! let config = LoginConfig::new(
//!     "https://demo.index-education.net/pronote/eleve.html",
//!     LoginMethod::Password { username: "demonstration".into(), password: "pronotevs".into() },
//! );
//! let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
//! let mut login = Login::new(config, &mut rng)?;
//! match login.poll_output() {
//!     Some(LoginOutput::Transmit(request)) => assert!(request.url.ends_with("/eleve.html")),
//!     other => panic!("expected the page request, got {other:?}"),
//! }
//! # Ok::<(), pronote_proto::Error>(())
//! ```

mod peek;

use std::borrow::Cow;
use std::collections::{BTreeSet, VecDeque};
use std::fmt;

use rand_chacha::ChaCha20Rng;
use rand_core::{CryptoRng, SeedableRng};
use serde_json::{Value, json};

use crate::auth::{self, CaseRules, QrCode};
use crate::crypto::{Cipher, Iv, UuidKey};
use crate::envelope;
use crate::error::{AccessDenied, DecodeError, Error, LoginError, Misuse};
use crate::http::{self, HttpRequest, HttpResponse, Method};
use crate::order::OrderCounter;
use crate::password::{NewPassword, NewPasswordPrompt, PasswordRuleError, PasswordRules};
use crate::payload::{Flags, Limits};
use crate::raw_reply::RawReply;
use crate::session::{Reply, Session, SessionState};
use crate::start::{PageFlags, StartPage, StartParams};
use crate::version::{ChallengeRule, Generation, Version};

/// The query that skips the browser check, the ENT redirect and the
/// delegation page; used for mobile (token and QR-code) logins.
pub const MOBILE_QUERY: &str = "fd=1&bydlg=A6ABB224-12DD-4E31-AD3E-8A39A1C2C335&login=true";

/// How to log in.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginMethod {
    /// Username and password.
    Password {
        /// Username.
        username: String,
        /// Password.
        password: String,
    },
    /// A token from an earlier login ([`LoginEvent::TokenIssued`]), with
    /// the same device UUID.
    Token {
        /// The canonical username the token was issued for.
        username: String,
        /// The token.
        token: String,
    },
    /// A scanned QR code and the PIN chosen when it was made.
    QrCode {
        /// The QR code's JSON.
        code: QrCode,
        /// The 4-digit PIN.
        pin: String,
    },
    /// The `e`/`f` tokens of a page fetched after an ENT (SSO) login; the
    /// transport must hold the ENT's cookies.
    Ent,
}

impl fmt::Debug for LoginMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginMethod::Password { username, .. } => f
                .debug_struct("Password")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
            LoginMethod::Token { username, .. } => f
                .debug_struct("Token")
                .field("username", username)
                .field("token", &"<redacted>")
                .finish(),
            LoginMethod::QrCode { code, .. } => f
                .debug_struct("QrCode")
                .field("code", code)
                .field("pin", &"<redacted>")
                .finish(),
            LoginMethod::Ent => f.write_str("Ent"),
        }
    }
}

impl LoginMethod {
    fn is_mobile(&self) -> bool {
        matches!(self, LoginMethod::Token { .. } | LoginMethod::QrCode { .. })
    }
}

/// The device a mobile login is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Device {
    /// A stable UUID chosen by the application (`uuidAppliMobile`); a
    /// token only works with the UUID it was issued to.
    pub uuid: String,
    /// The navigator id the server handed out earlier (`identifiantNav`).
    pub navigator_id: Option<String>,
    /// Model and platform, sent as `informationsAppareil` when both are set.
    pub model: Option<String>,
    /// See `model`.
    pub platform: Option<String>,
}

/// Knobs for a login; the defaults suit real servers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoginOptions {
    /// Speak this generation whatever the page says.
    pub generation: Option<Generation>,
    /// Answer the challenge with this rule only (no fallback).
    pub challenge: Option<ChallengeRule>,
    /// RSA key for the `Uuid` of `http` pages instead of the constant key
    /// (a simulated server can only decrypt with a key of its own).
    pub uuid_key: Option<UuidKey>,
    /// Verify order numbers and session ids of replies (default on).
    pub strict: bool,
    /// Decoder limits.
    pub limits: Limits,
    /// Ask for a mobile token with a password login, to log in with it
    /// later ([`LoginMethod::Token`]).
    pub request_token: bool,
    /// Override the User-Agent.
    pub user_agent: Option<String>,
}

impl Default for LoginOptions {
    fn default() -> Self {
        LoginOptions {
            generation: None,
            challenge: None,
            uuid_key: None,
            strict: true,
            limits: Limits::default(),
            request_token: false,
            user_agent: None,
        }
    }
}

/// What a login needs.
#[derive(Debug, Clone)]
pub struct LoginConfig {
    /// The space page, e.g. `https://…/pronote/eleve.html`. For a QR code
    /// the code's own URL is used.
    pub page_url: String,
    /// How to log in.
    pub method: LoginMethod,
    /// The device (mobile logins).
    pub device: Device,
    /// Options.
    pub options: LoginOptions,
}

impl LoginConfig {
    /// A configuration with default device and options.
    pub fn new(page_url: impl Into<String>, method: LoginMethod) -> Self {
        LoginConfig {
            page_url: page_url.into(),
            method,
            device: Device::default(),
            options: LoginOptions::default(),
        }
    }
}

/// A token the server issued: the credentials of the next login.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The canonical username.
    pub username: String,
    /// The token (`jetonConnexionAppliMobile`).
    pub token: String,
    /// The device UUID it is bound to.
    pub device_uuid: String,
    /// The page to log in on (the mobile page).
    pub page_url: String,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("username", &self.username)
            .field("token", &"<redacted>")
            .field("device_uuid", &self.device_uuid)
            .field("page_url", &self.page_url)
            .finish()
    }
}

/// Something the caller should know as it happens.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LoginEvent {
    /// The generation in use, and the version when known.
    Generation {
        /// The generation.
        generation: Generation,
        /// The server version.
        version: Option<Version>,
    },
    /// The server handed out a navigator id: keep it for the next login.
    NavigatorId(String),
    /// A new token: persist it now, the previous one is void.
    TokenIssued(IssuedToken),
    /// The server saved the new password chosen at
    /// [`LoginOutput::NewPasswordRequired`]: persist it now, the previous
    /// one no longer works.
    PasswordChanged(NewPassword),
}

/// What double authentication asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubleAuthPrompt {
    /// The raw `actionsDoubleAuth` set.
    pub actions: BTreeSet<u32>,
    /// The account's PIN must be entered.
    pub needs_pin: bool,
    /// This device must be registered under a name.
    pub needs_device_name: bool,
}

/// The caller's answer to a [`DoubleAuthPrompt`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct DoubleAuthAnswer {
    /// The PIN.
    pub pin: Option<String>,
    /// The name to register this device under.
    pub device_name: Option<String>,
}

impl fmt::Debug for DoubleAuthAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DoubleAuthAnswer")
            .field("pin", &self.pin.as_ref().map(|_| "<redacted>"))
            .field("device_name", &self.device_name)
            .finish()
    }
}

/// An output of the login.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LoginOutput {
    /// Send this request and hand its response to
    /// [`Login::handle_response`].
    Transmit(HttpRequest),
    /// Something to know (and for [`LoginEvent::TokenIssued`], to save).
    Event(LoginEvent),
    /// Double authentication: answer with [`Login::submit_double_auth`].
    DoubleAuthRequired(DoubleAuthPrompt),
    /// The account must choose a new password: answer with
    /// [`Login::submit_new_password`].
    NewPasswordRequired(NewPasswordPrompt),
    /// Logged in: call [`Login::finish`].
    Ready,
}

/// What a finished login yields.
#[derive(Debug)]
pub struct LoginOutcome {
    /// The session.
    pub session: Session,
    /// The Start page's parameters.
    pub start: StartParams,
    /// The `FonctionParametres` reply (instance settings, periods,
    /// hours…), its data still text (read it into your own types with
    /// [`RawReply::data`]), with the payload as the server deflated it
    /// when it did ([`RawReply::deflated_payload`]), the form to keep.
    pub instance: RawReply,
    /// `Authentification` data, without `cle`.
    pub authentication: Value,
    /// The `ParametresUtilisateur` reply (the user, children, tabs…), as
    /// [`LoginOutcome::instance`].
    pub user: RawReply,
    /// The navigator id to send next time.
    pub navigator_id: Option<String>,
    /// The token issued by this login, if any.
    pub issued_token: Option<IssuedToken>,
}

#[derive(Debug)]
enum Step {
    Page,
    Parameters {
        number: i64,
    },
    Identification {
        number: i64,
    },
    Authentication {
        number: i64,
        login_cipher: Cipher,
    },
    NewPasswordPrompt {
        prompt: NewPasswordPrompt,
        then: Option<DoubleAuthPrompt>,
    },
    NewPasswordCheck {
        number: i64,
        prompt: NewPasswordPrompt,
        password: NewPassword,
        then: Option<DoubleAuthPrompt>,
    },
    DoubleAuthPrompt(DoubleAuthPrompt),
    DoubleAuthPin {
        number: i64,
        prompt: DoubleAuthPrompt,
        answer: DoubleAuthAnswer,
    },
    SaveChoices {
        number: i64,
    },
    UserParameters {
        number: i64,
    },
    Ready,
    Failed,
}

/// A login in progress.
pub struct Login {
    config: LoginConfig,
    page_url: String,
    root: String,
    iv_temp: [u8; 16],
    padding_rng: ChaCha20Rng,
    step: Step,
    outputs: VecDeque<LoginOutput>,
    state: Option<SessionState>,
    start: Option<StartParams>,
    generation_known: bool,
    username: String,
    canonical_username: Option<String>,
    secret: String,
    instance: Option<RawReply>,
    authentication: Value,
    user: Option<RawReply>,
    navigator_id: Option<String>,
    issued_token: Option<IssuedToken>,
    /// The new password the server accepted, saved with the choices.
    new_password: Option<NewPassword>,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("page_url", &self.page_url)
            .field("method", &self.config.method)
            .field("step", &self.step_name())
            .finish_non_exhaustive()
    }
}

impl Login {
    /// Starts a login; the first output is the page request. `rng` provides
    /// the session IV seed and the RSA padding.
    pub fn new<R: CryptoRng + ?Sized>(config: LoginConfig, rng: &mut R) -> Result<Self, Error> {
        let mut iv_temp = [0u8; 16];
        rng.fill_bytes(&mut iv_temp);
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        Self::with_randomness(config, iv_temp, seed)
    }

    /// Starts a login with fixed randomness (`iv_temp` and the seed of the
    /// RSA padding): for reproducible tests only.
    pub fn with_randomness(
        config: LoginConfig,
        iv_temp: [u8; 16],
        seed: [u8; 32],
    ) -> Result<Self, Error> {
        let (username, secret, page_url) = match &config.method {
            LoginMethod::Password { username, password } => {
                (username.clone(), password.clone(), config.page_url.clone())
            }
            LoginMethod::Token { username, token } => {
                (username.clone(), token.clone(), config.page_url.clone())
            }
            LoginMethod::QrCode { code, pin } => {
                let secrets = code.decrypt(pin)?;
                (secrets.username, secrets.token, mobile_page_url(&code.url)?)
            }
            LoginMethod::Ent => (String::new(), String::new(), config.page_url.clone()),
        };
        if config.method.is_mobile() && config.device.uuid.is_empty() {
            return Err(Misuse::Config(
                "token and QR-code logins need a device UUID (Device::uuid)",
            )
            .into());
        }
        let (root, _) = split_page_url(&page_url)?;
        let mut login = Login {
            config,
            root,
            page_url,
            iv_temp,
            padding_rng: ChaCha20Rng::from_seed(seed),
            step: Step::Page,
            outputs: VecDeque::new(),
            state: None,
            start: None,
            generation_known: false,
            username,
            canonical_username: None,
            secret,
            instance: None,
            authentication: Value::Null,
            user: None,
            navigator_id: None,
            issued_token: None,
            new_password: None,
        };
        login.navigator_id = login.config.device.navigator_id.clone();
        let request = login.page_request();
        login.outputs.push_back(LoginOutput::Transmit(request));
        Ok(login)
    }

    /// The next output, or `None` while waiting for input.
    pub fn poll_output(&mut self) -> Option<LoginOutput> {
        self.outputs.pop_front()
    }

    /// Whether the login is waiting for the caller's double-authentication
    /// answer.
    pub fn needs_double_auth(&self) -> bool {
        matches!(self.step, Step::DoubleAuthPrompt(_))
    }

    /// Whether the login is waiting for the caller's new password.
    pub fn needs_new_password(&self) -> bool {
        matches!(self.step, Step::NewPasswordPrompt { .. })
    }

    /// Hands in the response to the last transmitted request.
    ///
    /// On error the login is over, except for a rejected
    /// double-authentication PIN or a new password the server refused,
    /// after which the prompt is output again.
    pub fn handle_response(&mut self, response: &HttpResponse) -> Result<(), Error> {
        let step = std::mem::replace(&mut self.step, Step::Failed);
        let result = self.advance(step, response);
        if result.is_err()
            && !matches!(
                self.step,
                Step::DoubleAuthPrompt(_) | Step::NewPasswordPrompt { .. }
            )
        {
            self.step = Step::Failed;
            self.outputs.retain(|o| matches!(o, LoginOutput::Event(_)));
        }
        result
    }

    /// Answers a [`LoginOutput::NewPasswordRequired`] prompt with the new
    /// password. It is checked against the prompt's rules first: a
    /// password that breaks one gives [`LoginError::PasswordRule`], sends
    /// nothing and leaves the prompt pending. Otherwise the server is asked
    /// to check it (`SecurisationCompteDoubleAuth` action 1); it is saved
    /// after double authentication, if any, and reported by
    /// [`LoginEvent::PasswordChanged`].
    pub fn submit_new_password(&mut self, password: &str) -> Result<(), Error> {
        let Step::NewPasswordPrompt { prompt, then } =
            std::mem::replace(&mut self.step, Step::Failed)
        else {
            self.step = Step::Failed;
            return Err(Misuse::WrongStep("no new-password prompt is pending").into());
        };
        if let Err(rule) = prompt.rules.check(password) {
            self.step = Step::NewPasswordPrompt { prompt, then };
            return Err(LoginError::PasswordRule(rule).into());
        }
        let password = NewPassword::new(password);
        let sent = self.state_mut().map(|state| {
            let code = auth::encode_pin(password.expose(), &state.cipher);
            json!({"action": 1, "nouveauMDP": code})
        });
        let number = match sent
            .and_then(|data| self.send("SecurisationCompteDoubleAuth", Some(data), None))
        {
            Ok(number) => number,
            Err(e) => {
                self.step = Step::NewPasswordPrompt { prompt, then };
                return Err(e);
            }
        };
        self.step = Step::NewPasswordCheck {
            number,
            prompt,
            password,
            then,
        };
        Ok(())
    }

    /// Answers a double-authentication prompt.
    pub fn submit_double_auth(&mut self, answer: DoubleAuthAnswer) -> Result<(), Error> {
        let Step::DoubleAuthPrompt(prompt) = std::mem::replace(&mut self.step, Step::Failed) else {
            self.step = Step::Failed;
            return Err(Misuse::WrongStep("no double-authentication prompt is pending").into());
        };
        if prompt.needs_pin && answer.pin.is_none() {
            self.step = Step::DoubleAuthPrompt(prompt);
            return Err(
                Misuse::WrongStep("this account needs its double-authentication PIN").into(),
            );
        }
        if prompt.needs_device_name && answer.device_name.is_none() {
            self.step = Step::DoubleAuthPrompt(prompt);
            return Err(Misuse::WrongStep(
                "this account needs a name to register the device under",
            )
            .into());
        }
        if let Some(pin) = answer.pin.clone().filter(|_| prompt.needs_pin) {
            let state = self.state_mut()?;
            let code = auth::encode_pin(&pin, &state.cipher);
            let data = json!({"action": 0, "codePin": code});
            let number = self.send("SecurisationCompteDoubleAuth", Some(data), None)?;
            self.step = Step::DoubleAuthPin {
                number,
                prompt,
                answer,
            };
            return Ok(());
        }
        self.after_pin(&prompt, &answer)
    }

    /// The session and everything the login learnt, once
    /// [`LoginOutput::Ready`] was output.
    pub fn finish(self) -> Result<LoginOutcome, Error> {
        let (Step::Ready, Some(state), Some(start), Some(instance), Some(user)) =
            (&self.step, self.state, self.start, self.instance, self.user)
        else {
            return Err(Misuse::WrongStep(
                "the login is not finished: drain poll_output() until Ready",
            )
            .into());
        };
        Ok(LoginOutcome {
            session: Session::restore(state)?,
            start,
            instance,
            authentication: self.authentication,
            user,
            navigator_id: self.navigator_id,
            issued_token: self.issued_token,
        })
    }

    fn step_name(&self) -> &'static str {
        match self.step {
            Step::Page => "page",
            Step::Parameters { .. } => "FonctionParametres",
            Step::Identification { .. } => "Identification",
            Step::Authentication { .. } => "Authentification",
            Step::NewPasswordPrompt { .. } => "new-password prompt",
            Step::DoubleAuthPrompt(_) => "double-auth prompt",
            Step::NewPasswordCheck { .. }
            | Step::DoubleAuthPin { .. }
            | Step::SaveChoices { .. } => "SecurisationCompteDoubleAuth",
            Step::UserParameters { .. } => "ParametresUtilisateur",
            Step::Ready => "ready",
            Step::Failed => "failed",
        }
    }

    fn user_agent(&self) -> String {
        match (
            &self.config.options.user_agent,
            self.config.method.is_mobile(),
        ) {
            (Some(ua), _) => ua.clone(),
            (None, true) => http::USER_AGENT_MOBILE.to_owned(),
            (None, false) => http::USER_AGENT_DESKTOP.to_owned(),
        }
    }

    fn common_headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![("user-agent".to_owned(), self.user_agent())];
        if self.config.method.is_mobile() {
            headers.push(("cookie".to_owned(), "appliMobile=1".to_owned()));
        }
        headers
    }

    fn page_request(&self) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: self.page_url.clone(),
            headers: self
                .common_headers()
                .into_iter()
                .map(|(n, v)| (Cow::Owned(n), v))
                .collect(),
            body: Vec::new(),
        }
    }

    fn state_mut(&mut self) -> Result<&mut SessionState, Error> {
        self.state
            .as_mut()
            .ok_or(Error::Misuse(Misuse::WrongStep("no session yet")))
    }

    /// Queues a POST and returns its number.
    fn send(
        &mut self,
        function: &str,
        data: Option<Value>,
        signature: Option<Value>,
    ) -> Result<i64, Error> {
        let state = self.state_mut()?;
        let payload = envelope::inner(&state.generation.profile().inner, data, signature);
        let (request, number) = state.post(function, payload)?;
        self.outputs.push_back(LoginOutput::Transmit(request));
        Ok(number)
    }

    fn read(
        &mut self,
        function: &str,
        number: i64,
        response: &HttpResponse,
    ) -> Result<Reply, Error> {
        let state = self.state_mut()?;
        Ok(state.read_reply(function, number, response)?.into())
    }

    /// Reads a reply handed over whole in the [`LoginOutcome`], and what
    /// the login needs from it (`P`).
    fn read_kept<P: serde::de::DeserializeOwned>(
        &mut self,
        function: &'static str,
        number: i64,
        response: &HttpResponse,
    ) -> Result<(RawReply, P), Error> {
        let state = self.state_mut()?;
        let reply = state.read_reply_kept(function, number, response)?;
        let peek = reply
            .data()
            .map_err(|e| Error::from(DecodeError::json(function, &e)))?;
        Ok((reply, peek))
    }

    fn advance(&mut self, step: Step, response: &HttpResponse) -> Result<(), Error> {
        match step {
            Step::Page => self.on_page(response),
            Step::Parameters { number } => self.on_parameters(number, response),
            Step::Identification { number } => self.on_identification(number, response),
            Step::Authentication {
                number,
                login_cipher,
            } => self.on_authentication(number, login_cipher, response),
            Step::DoubleAuthPin {
                number,
                prompt,
                answer,
            } => {
                let reply = self.read("SecurisationCompteDoubleAuth", number, response)?;
                if reply.data.get("result").and_then(Value::as_bool) != Some(true) {
                    self.outputs
                        .push_back(LoginOutput::DoubleAuthRequired(prompt.clone()));
                    self.step = Step::DoubleAuthPrompt(prompt);
                    return Err(LoginError::WrongDoubleAuthPin.into());
                }
                self.after_pin(&prompt, &answer)
            }
            Step::NewPasswordCheck {
                number,
                prompt,
                password,
                then,
            } => self.on_new_password_check(number, prompt, password, then, response),
            Step::SaveChoices { number } => self.on_choices_saved(number, response),
            Step::UserParameters { number } => self.on_user_parameters(number, response),
            Step::DoubleAuthPrompt(prompt) => {
                self.step = Step::DoubleAuthPrompt(prompt);
                Err(
                    Misuse::WrongStep("waiting for submit_double_auth(), not for a response")
                        .into(),
                )
            }
            Step::NewPasswordPrompt { prompt, then } => {
                self.step = Step::NewPasswordPrompt { prompt, then };
                Err(
                    Misuse::WrongStep("waiting for submit_new_password(), not for a response")
                        .into(),
                )
            }
            Step::Ready | Step::Failed => Err(Misuse::Finished.into()),
        }
    }

    fn on_page(&mut self, response: &HttpResponse) -> Result<(), Error> {
        if let Some(error) = response.status_error() {
            return Err(error);
        }
        let page = StartPage::parse(&response.text())?;
        let params = page.params;
        let header_version = response.header("server").and_then(Version::find_in_text);
        let version = page.version.or(header_version);
        let options = &self.config.options;
        let flag_generation = match params.flags {
            PageFlags::Do { .. } => Some(Generation::V2025),
            _ => None,
        };
        let (generation, known) = match (options.generation, version, flag_generation) {
            (Some(g), _, _) => (g, true),
            (None, Some(v), _) => (v.generation(), true),
            (None, None, Some(g)) => (g, false),
            (None, None, None) => (Generation::V2025, false),
        };
        self.generation_known = known;
        let flags = resolve_flags(&params.flags, generation);
        let uuid_key = match (&params.rsa, params.http) {
            (Some(key), _) => Some(UuidKey::from_hex(&key.modulus_hex, &key.exponent_hex)?),
            (None, true) => Some(match &options.uuid_key {
                Some(k) => k.clone(),
                None => UuidKey::constant()?,
            }),
            (None, false) => None,
        };
        if matches!(self.config.method, LoginMethod::Ent) {
            let Some(ent) = &params.ent else {
                return Err(LoginError::Requires(
                    "ENT tokens (e/f) in the page: fetch it with the ENT session's cookies",
                )
                .into());
            };
            self.username = ent.username.clone();
            self.secret = ent.password.clone();
        }
        let uuid =
            crate::crypto::uuid_field(&self.iv_temp, uuid_key.as_ref(), &mut self.padding_rng)?;
        self.state = Some(SessionState {
            root: self.root.clone(),
            espace: params.espace,
            session_id: params.session_id,
            generation,
            version,
            flags,
            cipher: Cipher::initial(),
            order: OrderCounter::default(),
            strict: options.strict,
            limits: options.limits,
            tabs: BTreeSet::new(),
            headers: self.common_headers(),
        });
        self.start = Some(params);
        self.outputs
            .push_back(LoginOutput::Event(LoginEvent::Generation {
                generation,
                version,
            }));
        let data = json!({"Uuid": uuid, "identifiantNav": self.navigator_id});
        let mut payload = envelope::inner(&generation.profile().inner, Some(data.clone()), None);
        if !known {
            // The generation is a guess: send the data under both names,
            // as the official client's successors do.
            if let Value::Object(map) = &mut payload {
                for key in ["data", "donnees"] {
                    map.entry(key).or_insert_with(|| data.clone());
                }
            }
        }
        let state = self.state_mut()?;
        let (request, number) = state.post("FonctionParametres", payload)?;
        self.outputs.push_back(LoginOutput::Transmit(request));
        self.step = Step::Parameters { number };
        Ok(())
    }

    fn on_parameters(&mut self, number: i64, response: &HttpResponse) -> Result<(), Error> {
        let iv = Iv::from_iv_temp(&self.iv_temp);
        self.state_mut()?.cipher.iv = iv;
        let (reply, peek) =
            self.read_kept::<peek::Parameters>("FonctionParametres", number, response)?;
        if let Some(nav) = peek.navigator_id {
            self.navigator_id = Some(nav.clone());
            self.outputs
                .push_back(LoginOutput::Event(LoginEvent::NavigatorId(nav)));
        }
        let version = peek.version.and_then(|v| v.parse::<Version>().ok());
        let forced = self.config.options.generation.is_some();
        if let Some(version) = version {
            let state = self.state_mut()?;
            state.version = Some(version);
            if !forced && state.generation != version.generation() {
                state.generation = version.generation();
                let generation = state.generation;
                self.outputs
                    .push_back(LoginOutput::Event(LoginEvent::Generation {
                        generation,
                        version: Some(version),
                    }));
            }
        }
        self.instance = Some(reply);
        let data = self.identification_data()?;
        let number = self.send("Identification", Some(data), None)?;
        self.step = Step::Identification { number };
        Ok(())
    }

    fn identification_data(&mut self) -> Result<Value, Error> {
        let espace = self.start.as_ref().map(|s| s.espace).unwrap_or_default();
        let options = &self.config.options;
        let (ask_mobile, ask_token, in_mobile) = match &self.config.method {
            LoginMethod::Password { .. } => (options.request_token, false, false),
            LoginMethod::QrCode { .. } => (true, true, false),
            LoginMethod::Token { .. } => (false, false, true),
            LoginMethod::Ent => (options.request_token, false, false),
        };
        let uuid = if ask_mobile || in_mobile {
            self.config.device.uuid.clone()
        } else {
            String::new()
        };
        let mut data = json!({
            "genreConnexion": 0,
            "genreEspace": espace,
            "identifiant": self.username,
            "pourENT": matches!(self.config.method, LoginMethod::Ent),
            "enConnexionAuto": false,
            "demandeConnexionAuto": false,
            "demandeConnexionAppliMobile": ask_mobile,
            "demandeConnexionAppliMobileJeton": ask_token,
            "enConnexionAppliMobile": in_mobile,
            "uuidAppliMobile": uuid,
            "loginTokenSAV": "",
        });
        if let (Some(model), Some(platform), Value::Object(map)) = (
            &self.config.device.model,
            &self.config.device.platform,
            &mut data,
        ) {
            map.insert(
                "informationsAppareil".into(),
                json!({"modele": model, "platforme": platform}),
            );
        }
        Ok(data)
    }

    fn on_identification(&mut self, number: i64, response: &HttpResponse) -> Result<(), Error> {
        let reply = self.read("Identification", number, response)?;
        let data = &reply.data;
        let alea = data.get("alea").and_then(Value::as_str).unwrap_or("");
        let challenge =
            data.get("challenge")
                .and_then(Value::as_str)
                .ok_or(DecodeError::Field {
                    context: "Identification",
                    field: "challenge",
                })?;
        let rules = CaseRules {
            lowercase_username: truthy(data.get("modeCompLog")),
            lowercase_password: truthy(data.get("modeCompMdp")),
        };
        // The key uses the username as sent, as pronotepy and Pawnote do;
        // `login` (the canonical name of mobile logins) only names the
        // issued token.
        if self.config.method.is_mobile() {
            if let Some(login) = data.get("login").and_then(Value::as_str) {
                self.canonical_username = Some(login.to_owned());
            }
        }
        let key = match self.config.method {
            LoginMethod::Ent => auth::ent_key(&self.secret, alea),
            _ => auth::login_key(&self.username, &self.secret, alea, rules),
        };
        let forced_rule = self.config.options.challenge;
        let state = self.state_mut()?;
        let login_cipher = state.cipher.with_key(key);
        let answer = match forced_rule {
            Some(rule) => auth::solve_challenge(challenge, &login_cipher, rule)?,
            // A challenge that does not decrypt with the classic rule means
            // a wrong password on servers that use it; only 2025+ servers may
            // have moved to the new rule early, so only there is the other
            // rule tried (a wrong password then fails server-side).
            None => {
                let generation = state.generation;
                let preferred = generation.profile().challenge;
                if generation >= Generation::V2025 {
                    auth::solve_challenge_auto(challenge, &login_cipher, preferred).0
                } else {
                    auth::solve_challenge(challenge, &login_cipher, preferred)?
                }
            }
        };
        let espace = self.start.as_ref().map(|s| s.espace).unwrap_or_default();
        let data = json!({"connexion": 0, "challenge": answer, "espace": espace});
        let number = self.send("Authentification", Some(data), None)?;
        self.step = Step::Authentication {
            number,
            login_cipher,
        };
        Ok(())
    }

    fn on_authentication(
        &mut self,
        number: i64,
        login_cipher: Cipher,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let reply = self.read("Authentification", number, response)?;
        let mut data = reply.data;
        let Some(cle) = data.get("cle").and_then(Value::as_str).map(str::to_owned) else {
            return Err(refusal(&data).into());
        };
        let session_key = auth::session_key_from_cle(&cle, &login_cipher)
            .map_err(|_| LoginError::BadCredentials)?;
        if let Some(token) = data
            .get("jetonConnexionAppliMobile")
            .and_then(Value::as_str)
        {
            let page_url = if self.config.method.is_mobile() {
                self.page_url.clone()
            } else {
                mobile_page_url(&self.page_url)?
            };
            let issued = IssuedToken {
                username: data
                    .get("login")
                    .and_then(Value::as_str)
                    .or(self.canonical_username.as_deref())
                    .unwrap_or(&self.username)
                    .to_owned(),
                token: token.to_owned(),
                device_uuid: self.config.device.uuid.clone(),
                page_url,
            };
            self.issued_token = Some(issued.clone());
            self.outputs
                .push_back(LoginOutput::Event(LoginEvent::TokenIssued(issued)));
        }
        let state = self.state_mut()?;
        state.cipher = state.cipher.with_key(session_key);
        let actions = data
            .get("actionsDoubleAuth")
            .map(number_set)
            .unwrap_or_default();
        if let Value::Object(map) = &mut data {
            map.remove("cle");
        }
        let new_password = actions.contains(&0).then(|| NewPasswordPrompt {
            rules: PasswordRules::from_wire(
                data.get("reglesSaisieMDP").unwrap_or(&Value::Null),
                Some(&self.username)
                    .filter(|u| !u.is_empty())
                    .map(String::as_str),
            ),
            message: data
                .get("messageForcerModificationMdp")
                .and_then(Value::as_str)
                .filter(|m| !m.trim().is_empty())
                .map(|m| crate::error::truncate(m, 500)),
        });
        self.authentication = data;
        let prompt = DoubleAuthPrompt {
            needs_pin: actions.contains(&3),
            needs_device_name: actions.contains(&3) || actions.contains(&5),
            actions,
        };
        // Choosing a 2FA strategy or a PIN (1, 2, 4) needs the web page;
        // say so before asking anything.
        if prompt.actions.iter().any(|a| matches!(a, 1 | 2 | 4)) {
            return Err(LoginError::Requires(
                "double authentication to be set up in the PRONOTE web page first",
            )
            .into());
        }
        let then = (prompt.needs_pin || prompt.needs_device_name).then_some(prompt);
        if let Some(prompt) = new_password {
            self.outputs
                .push_back(LoginOutput::NewPasswordRequired(prompt.clone()));
            self.step = Step::NewPasswordPrompt { prompt, then };
            return Ok(());
        }
        if let Some(prompt) = then {
            self.outputs
                .push_back(LoginOutput::DoubleAuthRequired(prompt.clone()));
            self.step = Step::DoubleAuthPrompt(prompt);
            return Ok(());
        }
        self.request_user_parameters()
    }

    fn on_new_password_check(
        &mut self,
        number: i64,
        mut prompt: NewPasswordPrompt,
        password: NewPassword,
        then: Option<DoubleAuthPrompt>,
        response: &HttpResponse,
    ) -> Result<(), Error> {
        let reply = self.read("SecurisationCompteDoubleAuth", number, response)?;
        let data = &reply.data;
        if data.get("result").and_then(Value::as_bool) == Some(true) {
            self.new_password = Some(password);
            if let Some(prompt) = then {
                self.outputs
                    .push_back(LoginOutput::DoubleAuthRequired(prompt.clone()));
                self.step = Step::DoubleAuthPrompt(prompt);
                return Ok(());
            }
            return self.save_choices(None);
        }
        if let Some(rules) = data.get("reglesSaisieMDP") {
            prompt.rules = PasswordRules::from_wire(rules, prompt.rules.not_username.as_deref());
        }
        let error = refused_password(data, &prompt.rules, password.expose());
        self.outputs
            .push_back(LoginOutput::NewPasswordRequired(prompt.clone()));
        self.step = Step::NewPasswordPrompt { prompt, then };
        Err(error.into())
    }

    /// Action 3: saves the new password and the device registration.
    fn save_choices(&mut self, answer: Option<&DoubleAuthAnswer>) -> Result<(), Error> {
        let cipher = self.state_mut()?.cipher;
        let mut data = json!({"action": 3});
        if let Value::Object(map) = &mut data {
            if let Some(password) = &self.new_password {
                map.insert(
                    "nouveauMDP".into(),
                    Value::String(auth::encode_pin(password.expose(), &cipher)),
                );
            }
            if let Some(answer) = answer {
                if let Some(pin) = &answer.pin {
                    map.insert(
                        "codePin".into(),
                        Value::String(auth::encode_pin(pin, &cipher)),
                    );
                }
                if let Some(name) = &answer.device_name {
                    map.insert("avecIdentification".into(), Value::Bool(true));
                    map.insert("strIdentification".into(), Value::String(name.clone()));
                }
            }
        }
        let number = self.send("SecurisationCompteDoubleAuth", Some(data), None)?;
        self.step = Step::SaveChoices { number };
        Ok(())
    }

    fn on_choices_saved(&mut self, number: i64, response: &HttpResponse) -> Result<(), Error> {
        let reply = self.read("SecurisationCompteDoubleAuth", number, response)?;
        if let Some(password) = self.new_password.take() {
            if reply.data.get("result").and_then(Value::as_bool) == Some(false) {
                return Err(LoginError::NewPasswordRefused(
                    "the server did not save the new password".into(),
                )
                .into());
            }
            self.outputs
                .push_back(LoginOutput::Event(LoginEvent::PasswordChanged(password)));
        }
        if let Some(token) = reply
            .data
            .get("jetonConnexionAppliMobile")
            .and_then(Value::as_str)
        {
            if let Some(issued) = &mut self.issued_token {
                issued.token = token.to_owned();
                let issued = issued.clone();
                self.outputs
                    .push_back(LoginOutput::Event(LoginEvent::TokenIssued(issued)));
            }
        }
        self.request_user_parameters()
    }

    fn after_pin(
        &mut self,
        prompt: &DoubleAuthPrompt,
        answer: &DoubleAuthAnswer,
    ) -> Result<(), Error> {
        let register = prompt.needs_device_name && answer.device_name.is_some();
        if register || self.new_password.is_some() {
            let answer = DoubleAuthAnswer {
                pin: answer.pin.clone(),
                device_name: answer.device_name.clone().filter(|_| register),
            };
            return self.save_choices(Some(&answer));
        }
        self.request_user_parameters()
    }

    fn request_user_parameters(&mut self) -> Result<(), Error> {
        let number = self.send("ParametresUtilisateur", None, None)?;
        self.step = Step::UserParameters { number };
        Ok(())
    }

    fn on_user_parameters(&mut self, number: i64, response: &HttpResponse) -> Result<(), Error> {
        let (reply, peek) =
            self.read_kept::<peek::UserParameters>("ParametresUtilisateur", number, response)?;
        self.state_mut()?.tabs = peek.tabs();
        self.user = Some(reply);
        self.step = Step::Ready;
        self.outputs.push_back(LoginOutput::Ready);
        Ok(())
    }
}

/// The page's flags read with the generation's rules.
fn resolve_flags(flags: &PageFlags, generation: Generation) -> Flags {
    let style = generation.profile().flags;
    Flags {
        encrypt: flags.encrypt(style),
        compress: flags.compress(style),
    }
}

/// The refusal behind an `Authentification` reply without `cle`.
fn refusal(data: &Value) -> LoginError {
    let code = data.get("Acces").and_then(Value::as_u64).unwrap_or(1);
    match code {
        0 | 1 => LoginError::BadCredentials,
        10 => LoginError::AccountDisabled,
        _ => LoginError::Refused(match code {
            2 => AccessDenied::Authorisation,
            3 => AccessDenied::ClassConnection,
            4 => AccessDenied::NoResource,
            5 => AccessDenied::Connection,
            6 => AccessDenied::StudentBlocked,
            7 => AccessDenied::AccompanistFunction,
            8 => AccessDenied::AccompanistWithoutStudent,
            9 => {
                let msg = data.get("AccesMessage");
                let text = |k: &str| {
                    msg.and_then(|m| m.get(k))
                        .and_then(Value::as_str)
                        .map(|s| crate::error::truncate(s, 300))
                        .unwrap_or_default()
                };
                AccessDenied::Message {
                    title: text("titre"),
                    message: text("message"),
                }
            }
            other => AccessDenied::Other(u32::try_from(other).unwrap_or(u32::MAX)),
        }),
    }
}

/// `0`/`1`, `false`/`true` or absent.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_u64().is_some_and(|n| n != 0),
        Some(Value::String(s)) => !(s.is_empty() || s == "0" || s == "false"),
        _ => false,
    }
}

/// Why the server refused a new password (`erreurMDP`, `messageErreur`).
fn refused_password(data: &Value, rules: &PasswordRules, password: &str) -> LoginError {
    if let Err(rule) = rules.check(password) {
        return LoginError::PasswordRule(rule);
    }
    let errors = data.get("erreurMDP");
    if truthy(errors.and_then(|e| e.get("erreurTailleMDP"))) {
        let length = password.chars().count();
        return LoginError::PasswordRule(match rules.max.filter(|max| length > *max) {
            Some(max) => PasswordRuleError::TooLong { max },
            None => PasswordRuleError::TooShort { min: rules.min },
        });
    }
    if let Some(rule) = errors
        .and_then(|e| e.get("reglesNonRespectes"))
        .map(number_set)
        .and_then(|codes| codes.into_iter().find_map(|c| rules.error_for_code(c)))
    {
        return LoginError::PasswordRule(rule);
    }
    let message = data
        .get("messageErreur")
        .and_then(Value::as_str)
        .filter(|m| !m.trim().is_empty())
        .map(|m| crate::error::truncate(m, 300))
        .unwrap_or_else(|| "the server refused the new password".into());
    LoginError::NewPasswordRefused(message)
}

/// A `_T: 26` number set (`{V: "[3,5]"}`), or a bare string or array.
pub(crate) fn number_set(v: &Value) -> BTreeSet<u32> {
    let inner = v.get("V").unwrap_or(v);
    match inner {
        Value::String(s) => crate::value::Domain::parse(s)
            .map(|d| d.iter().map(u32::from).collect())
            .unwrap_or_default(),
        Value::Array(items) => items
            .iter()
            .filter_map(|x| x.as_u64().and_then(|n| u32::try_from(n).ok()))
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// Flattens `listeOnglets` (`[{G, Onglet: [...]}, ...]`, possibly nested).
/// Splits a page URL into the instance root and the page (with its
/// query): `https://x/pronote/eleve.html?a=1` → (`https://x/pronote`,
/// `eleve.html?a=1`).
///
/// ```
/// use pronote_proto::login::split_page_url;
/// let (root, page) = split_page_url("https://x.fr/pronote/mobile.eleve.html?fd=1")?;
/// assert_eq!((root.as_str(), page.as_str()), ("https://x.fr/pronote", "mobile.eleve.html?fd=1"));
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn split_page_url(url: &str) -> Result<(String, String), DecodeError> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| DecodeError::Url("expected an absolute http(s) URL".into()))?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Err(DecodeError::Url("expected an http or https URL".into()));
    }
    let without_fragment = rest.split('#').next().unwrap_or(rest);
    let (path_part, query) = match without_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (without_fragment, None),
    };
    let Some(slash) = path_part.rfind('/') else {
        return Err(DecodeError::Url(
            "the URL has no path: expected …/pronote/eleve.html".into(),
        ));
    };
    if path_part[..slash].is_empty() {
        return Err(DecodeError::Url("the URL has no host".into()));
    }
    let root = format!("{scheme}://{}", &path_part[..slash]);
    let mut page = path_part[slash + 1..].to_owned();
    if let Some(q) = query {
        page.push('?');
        page.push_str(q);
    }
    Ok((root, page))
}

/// The mobile variant of a space page, as token and QR-code logins use it:
/// the page gets the `mobile.` prefix, the query becomes
/// [`MOBILE_QUERY`], the fragment is dropped.
///
/// ```
/// use pronote_proto::login::mobile_page_url;
/// assert_eq!(
///     mobile_page_url("https://x.fr/pronote/eleve.html?login=true#x")?,
///     "https://x.fr/pronote/mobile.eleve.html?fd=1&bydlg=A6ABB224-12DD-4E31-AD3E-8A39A1C2C335&login=true"
/// );
/// # Ok::<(), pronote_proto::DecodeError>(())
/// ```
pub fn mobile_page_url(url: &str) -> Result<String, DecodeError> {
    let (root, page) = split_page_url(url)?;
    let name = page.split('?').next().unwrap_or("");
    let name = if name.is_empty() { "eleve.html" } else { name };
    let mobile = if name.starts_with("mobile.") {
        name.to_owned()
    } else {
        format!("mobile.{name}")
    };
    Ok(format!("{root}/{mobile}?{MOBILE_QUERY}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_codes() {
        assert_eq!(refusal(&json!({})), LoginError::BadCredentials);
        assert_eq!(refusal(&json!({"Acces": 10})), LoginError::AccountDisabled);
        assert_eq!(
            refusal(&json!({"Acces": 9, "AccesMessage": {"titre": "T", "message": "M"}})),
            LoginError::Refused(AccessDenied::Message {
                title: "T".into(),
                message: "M".into()
            })
        );
        assert_eq!(
            refusal(&json!({"Acces": 6})),
            LoginError::Refused(AccessDenied::StudentBlocked)
        );
    }

    #[test]
    fn urls() {
        assert!(split_page_url("eleve.html").is_err());
        assert!(split_page_url("ftp://x/y.html").is_err());
        assert_eq!(
            mobile_page_url("https://0000000a.index-education.net/pronote/mobile.parent.html?fd=1")
                .ok(),
            Some(format!(
                "https://0000000a.index-education.net/pronote/mobile.parent.html?{MOBILE_QUERY}"
            ))
        );
    }

    #[test]
    fn flags_by_generation() {
        assert_eq!(
            resolve_flags(&PageFlags::Absent, Generation::V2025),
            Flags::PLAIN
        );
        assert_eq!(
            resolve_flags(&PageFlags::Absent, Generation::V2022),
            Flags::FULL
        );
        assert_eq!(
            resolve_flags(
                &PageFlags::Skip {
                    skip_encrypt: true,
                    skip_compress: false
                },
                Generation::V2022
            ),
            Flags {
                encrypt: false,
                compress: true
            }
        );
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let method = LoginMethod::Password {
            username: "u".into(),
            password: "hunter2".into(),
        };
        assert!(!format!("{method:?}").contains("hunter2"));
        let answer = DoubleAuthAnswer {
            pin: Some("9876".into()),
            device_name: None,
        };
        assert!(!format!("{answer:?}").contains("9876"));
        let event = LoginEvent::PasswordChanged(NewPassword::new("N3w-secret"));
        assert!(!format!("{event:?}").contains("N3w-secret"));
    }

    #[test]
    fn server_refusals_name_the_rule() {
        let rules = PasswordRules::from_wire(
            &json!({"min": 8, "max": 30, "regles": {"_T": 26, "V": "[1]"}}),
            None,
        );
        let refused = |data: Value| refused_password(&data, &rules, "Abcdefgh1");
        assert_eq!(
            refused(
                json!({"result": false, "erreurMDP": {"reglesNonRespectes": {"_T": 26, "V": "[3]"}}})
            ),
            LoginError::PasswordRule(PasswordRuleError::NoMixedCase)
        );
        assert_eq!(
            refused(json!({"result": false, "messageErreur": "D\u{e9}j\u{e0} utilis\u{e9}"})),
            LoginError::NewPasswordRefused("D\u{e9}j\u{e0} utilis\u{e9}".into())
        );
        assert_eq!(
            refused(json!({"result": false})),
            LoginError::NewPasswordRefused("the server refused the new password".into())
        );
        assert_eq!(
            refused_password(&json!({}), &rules, "short1"),
            LoginError::PasswordRule(PasswordRuleError::TooShort { min: 8 })
        );
    }
}
