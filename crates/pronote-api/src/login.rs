//! Logging in: every mode, double authentication and the forced password
//! change as explicit steps, and credentials handed to the caller the
//! moment they change.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use pronote_proto::auth::QrCode;
use pronote_proto::login::{
    Device, DoubleAuthAnswer, DoubleAuthPrompt, IssuedToken, Login, LoginConfig, LoginEvent,
    LoginMethod, LoginOptions, LoginOutcome, LoginOutput,
};
use pronote_proto::password::{NewPassword, NewPasswordPrompt, PasswordRuleError, PasswordRules};
use pronote_proto::{LoginError, Misuse};
use pronote_transport::{HyperTransport, Transport};

use crate::client::Client;
use crate::credentials::{Credentials, Secret};
use crate::error::{Error, Result};
use crate::models::AccountKind;

type Callback = Arc<dyn Fn(&Credentials) + Send + Sync>;

/// Where new credentials go: the caller's callback, and the client's own
/// copy (used to log in again).
#[derive(Clone, Default)]
pub(crate) struct CredentialSink {
    callback: Option<Callback>,
    current: Arc<Mutex<Option<Credentials>>>,
}

impl CredentialSink {
    pub(crate) fn publish(&self, credentials: Credentials) {
        if let Some(cb) = &self.callback {
            cb(&credentials);
        }
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(credentials);
    }

    pub(crate) fn current(&self) -> Option<Credentials> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// A login to run: choose the mode with a constructor, adjust, then
/// [`connect`](Self::connect) (or [`start`](Self::start) for accounts with
/// double authentication or that must choose a new password).
///
/// ```no_run
/// # async fn run() -> pronote_api::Result<()> {
/// use pronote_api::LoginBuilder;
/// let client = LoginBuilder::password("https://demo.index-education.net/pronote/eleve.html", "demonstration", "pronotevs")
///     .on_credentials(|c| println!("save credentials for {}", c.username()))
///     .connect()
///     .await?;
/// println!("{}", client.user().await.resource.name);
/// # Ok(()) }
/// ```
pub struct LoginBuilder<T = HyperTransport> {
    page_url: String,
    space: Option<AccountKind>,
    method: LoginMethod,
    device: Device,
    options: LoginOptions,
    transport: Option<T>,
    sink: CredentialSink,
}

impl<T> fmt::Debug for LoginBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginBuilder")
            .field("page_url", &self.page_url)
            .field("method", &self.method)
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl LoginBuilder<HyperTransport> {
    fn new(page_url: impl Into<String>, method: LoginMethod) -> Self {
        LoginBuilder {
            page_url: page_url.into(),
            space: None,
            method,
            device: Device::default(),
            options: LoginOptions::default(),
            // Building the default transport fails only when no TLS root
            // store is available; `start` reports it.
            transport: HyperTransport::builder().build().ok(),
            sink: CredentialSink::default(),
        }
    }

    /// A username/password login on a space page (`…/pronote/eleve.html`),
    /// or on the instance root as schools publish it (`…/pronote/`, with
    /// or without the trailing slash) with the space chosen by
    /// [`space`](Self::space).
    pub fn password(
        page_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self::new(
            page_url,
            LoginMethod::Password {
                username: username.into(),
                password: password.into(),
            },
        )
    }

    /// A login with stored credentials (a token or a password).
    pub fn credentials(credentials: &Credentials) -> Self {
        let spec = LoginSpec::from_credentials(credentials);
        let mut builder = Self::new(spec.page_url, spec.method);
        builder.device = spec.device;
        builder
    }

    /// A login with a scanned QR code (its JSON text) and the PIN chosen
    /// when it was made. `device_uuid` identifies this device from now on:
    /// the token issued is bound to it.
    pub fn qr_code(
        qr_json: &str,
        pin: impl Into<String>,
        device_uuid: impl Into<String>,
    ) -> Result<Self> {
        let code = QrCode::from_json(qr_json).map_err(pronote_proto::Error::from)?;
        let url = code.url.clone();
        let mut builder = Self::new(
            url,
            LoginMethod::QrCode {
                code,
                pin: pin.into(),
            },
        );
        builder.device.uuid = device_uuid.into();
        Ok(builder)
    }

    /// An ENT login: the page is fetched with the ENT session's cookies
    /// (give a transport whose jar holds them, see
    /// [`transport`](Self::transport)) and carries the `e`/`f` tokens.
    pub fn ent(page_url: impl Into<String>) -> Self {
        Self::new(page_url, LoginMethod::Ent)
    }
}

impl<T: Transport> LoginBuilder<T> {
    /// Uses another transport (another HTTP stack, or a
    /// [`HyperTransport`] with an ENT cookie jar).
    pub fn transport<U: Transport>(self, transport: U) -> LoginBuilder<U> {
        LoginBuilder {
            page_url: self.page_url,
            space: self.space,
            method: self.method,
            device: self.device,
            options: self.options,
            transport: Some(transport),
            sink: self.sink,
        }
    }

    /// The space to log in to when the URL is the instance root
    /// (`https://…/pronote/`): its page is read from the instance's
    /// `infoMobileApp.json`. Without it, a root URL works only when the
    /// instance has a single space.
    ///
    /// ```no_run
    /// # async fn run() -> pronote_api::Result<()> {
    /// use pronote_api::{LoginBuilder, models::AccountKind};
    /// let client = LoginBuilder::password("https://demo.index-education.net/pronote", "demonstration", "pronotevs")
    ///     .space(AccountKind::Parent)
    ///     .connect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn space(mut self, kind: AccountKind) -> Self {
        self.space = Some(kind);
        self
    }

    /// The device (UUID, navigator id, model) of mobile logins.
    pub fn device(mut self, device: Device) -> Self {
        self.device = device;
        self
    }

    /// Protocol options (force a generation, an RSA key, leniency…).
    pub fn options(mut self, options: LoginOptions) -> Self {
        self.options = options;
        self
    }

    /// Asks the server for a mobile token with a password login, so that
    /// later logins need no password.
    pub fn request_token(mut self, yes: bool) -> Self {
        self.options.request_token = yes;
        if yes && self.device.uuid.is_empty() {
            self.device.uuid = random_device_uuid();
        }
        self
    }

    /// Called with new credentials every time they change (a rotated
    /// token, a new navigator id), before anything else can fail. Save them
    /// there: an old token no longer works.
    pub fn on_credentials(
        mut self,
        callback: impl Fn(&Credentials) + Send + Sync + 'static,
    ) -> Self {
        self.sink.callback = Some(Arc::new(callback));
        self
    }

    /// Logs in; an account with double authentication gives
    /// [`Error::DoubleAuthRequired`], one that must choose a new password
    /// [`Error::NewPasswordRequired`] (use [`start`](Self::start) for
    /// those).
    pub async fn connect(self) -> Result<Client<T>> {
        match self.start().await? {
            LoginStep::Connected(client) => Ok(client),
            LoginStep::DoubleAuth(_) => Err(Error::DoubleAuthRequired),
            LoginStep::NewPasswordRequired(_) => Err(Error::NewPasswordRequired),
        }
    }

    /// Logs in, stopping at a double-authentication prompt or a
    /// new-password prompt if the account has one.
    pub async fn start(mut self) -> Result<LoginStep<T>> {
        if matches!(
            self.method,
            LoginMethod::QrCode { .. } | LoginMethod::Token { .. }
        ) && self.device.uuid.is_empty()
        {
            self.device.uuid = random_device_uuid();
        }
        let transport = self.transport.take().ok_or(Error::Usage(
            "no HTTP transport: the default one could not load TLS roots; pass one with .transport()",
        ))?;
        if crate::discovery::is_instance_root(&self.page_url) {
            self.page_url =
                crate::discovery::space_page_url(&transport, &self.page_url, self.space).await?;
        }
        let spec = LoginSpec {
            page_url: self.page_url,
            method: self.method,
            device: self.device,
            options: self.options,
        };
        let mut spec = spec;
        let mut login = spec.login()?;
        let driven = drive(&transport, &mut login, &mut spec, &self.sink).await?;
        step(transport, login, spec, self.sink, driven)
    }
}

/// Where a login stands after [`drive`]: connected, or waiting for the
/// caller.
fn step<T: Transport>(
    transport: T,
    login: Login,
    spec: LoginSpec,
    sink: CredentialSink,
    driven: Driven,
) -> Result<LoginStep<T>> {
    match driven {
        Driven::Ready => finish(transport, login, spec, sink),
        Driven::Prompt(prompt) => Ok(LoginStep::DoubleAuth(Box::new(DoubleAuthStep {
            transport,
            login,
            spec,
            sink,
            prompt,
        }))),
        Driven::NewPassword(prompt) => {
            Ok(LoginStep::NewPasswordRequired(Box::new(NewPasswordStep {
                transport,
                login,
                spec,
                sink,
                prompt,
            })))
        }
    }
}

/// The outcome of [`LoginBuilder::start`] and of answering a step.
///
/// More steps may come: match with a wildcard arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoginStep<T = HyperTransport> {
    /// Logged in.
    Connected(Client<T>),
    /// Double authentication is needed.
    DoubleAuth(Box<DoubleAuthStep<T>>),
    /// The account must choose a new password (a provisional password, a
    /// password the school reset). Double authentication, if the account
    /// has it, comes next.
    NewPasswordRequired(Box<NewPasswordStep<T>>),
}

/// A login waiting for the double-authentication answer.
pub struct DoubleAuthStep<T = HyperTransport> {
    transport: T,
    login: Login,
    spec: LoginSpec,
    sink: CredentialSink,
    prompt: DoubleAuthPrompt,
}

impl<T> fmt::Debug for DoubleAuthStep<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DoubleAuthStep")
            .field("prompt", &self.prompt)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> DoubleAuthStep<T> {
    /// What the server asks for.
    pub fn prompt(&self) -> &DoubleAuthPrompt {
        &self.prompt
    }

    /// Answers the prompt. A wrong PIN gives the step back with the error,
    /// so the user can try again.
    pub async fn answer(
        mut self: Box<Self>,
        answer: DoubleAuthAnswer,
    ) -> Result<LoginStep<T>, (Error, Option<Box<Self>>)> {
        if let Err(e) = self.login.submit_double_auth(answer) {
            return Err((e.into(), Some(self)));
        }
        match drive(&self.transport, &mut self.login, &mut self.spec, &self.sink).await {
            Ok(Driven::Prompt(prompt)) => {
                self.prompt = prompt;
                Ok(LoginStep::DoubleAuth(self))
            }
            Ok(driven) => {
                let this = *self;
                step(this.transport, this.login, this.spec, this.sink, driven)
                    .map_err(|e| (e, None))
            }
            Err(Error::Protocol(pronote_proto::Error::Login(LoginError::WrongDoubleAuthPin))) => {
                // The login outputs the prompt again.
                let again = match self.login.poll_output() {
                    Some(LoginOutput::DoubleAuthRequired(p)) => p,
                    _ => self.prompt.clone(),
                };
                self.prompt = again;
                Err((LoginError::WrongDoubleAuthPin.into(), Some(self)))
            }
            Err(e) => Err((e, None)),
        }
    }
}

/// A login waiting for the account's new password.
///
/// ```no_run
/// # async fn run() -> pronote_api::Result<()> {
/// use pronote_api::{LoginBuilder, LoginStep};
/// let url = "https://demo.index-education.net/pronote/eleve.html";
/// let step = LoginBuilder::password(url, "nouveau", "pronotevs")
///     .on_credentials(|c| println!("save the new credentials of {}", c.username()))
///     .start()
///     .await?;
/// if let LoginStep::NewPasswordRequired(step) = step {
///     println!("rules: {:?}", step.rules());
///     // Checked against the rules before anything is sent.
///     let next = step.answer("Nouveau-2026").await.map_err(|(e, _)| e)?;
///     assert!(matches!(next, LoginStep::Connected(_)));
/// }
/// # Ok(()) }
/// ```
pub struct NewPasswordStep<T = HyperTransport> {
    transport: T,
    login: Login,
    spec: LoginSpec,
    sink: CredentialSink,
    prompt: NewPasswordPrompt,
}

impl<T> fmt::Debug for NewPasswordStep<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewPasswordStep")
            .field("prompt", &self.prompt)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> NewPasswordStep<T> {
    /// The rules the new password must follow.
    pub fn rules(&self) -> &PasswordRules {
        &self.prompt.rules
    }

    /// The server's explanation, if it sent one.
    pub fn message(&self) -> Option<&str> {
        self.prompt.message.as_deref()
    }

    /// Checks a candidate against [`rules`](Self::rules) without sending
    /// anything (to validate a form as the user types).
    pub fn check(&self, new_password: &str) -> std::result::Result<(), PasswordRuleError> {
        self.prompt.rules.check(new_password)
    }

    /// Sets the new password and carries on with the login.
    ///
    /// The password is checked against the rules first: one that breaks a
    /// rule gives the step back with an error naming the rule
    /// ([`Error::password_rule`]) and nothing is sent. The server checks
    /// it too; a refusal also gives the step back. Once the server saved
    /// it, the new credentials go to
    /// [`on_credentials`](LoginBuilder::on_credentials) (password logins)
    /// before anything else can fail; then the login goes on (to double
    /// authentication, if the account has it).
    pub async fn answer(
        mut self: Box<Self>,
        new_password: &str,
    ) -> Result<LoginStep<T>, (Error, Option<Box<Self>>)> {
        if let Err(e) = self.login.submit_new_password(new_password) {
            return Err((e.into(), Some(self)));
        }
        match drive(&self.transport, &mut self.login, &mut self.spec, &self.sink).await {
            Ok(Driven::NewPassword(prompt)) => {
                self.prompt = prompt;
                Ok(LoginStep::NewPasswordRequired(self))
            }
            Ok(driven) => {
                let this = *self;
                step(this.transport, this.login, this.spec, this.sink, driven)
                    .map_err(|e| (e, None))
            }
            Err(e) if self.login.needs_new_password() => {
                // The server refused it; the login outputs the prompt again.
                if let Some(LoginOutput::NewPasswordRequired(prompt)) = self.login.poll_output() {
                    self.prompt = prompt;
                }
                Err((e, Some(self)))
            }
            Err(e) => Err((e, None)),
        }
    }
}

impl From<pronote_proto::LoginError> for Error {
    fn from(e: pronote_proto::LoginError) -> Self {
        Error::Protocol(e.into())
    }
}

/// Everything needed to run the same login again.
#[derive(Clone)]
pub(crate) struct LoginSpec {
    pub(crate) page_url: String,
    pub(crate) method: LoginMethod,
    pub(crate) device: Device,
    pub(crate) options: LoginOptions,
}

impl fmt::Debug for LoginSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginSpec")
            .field("page_url", &self.page_url)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

impl LoginSpec {
    pub(crate) fn from_credentials(credentials: &Credentials) -> Self {
        let method = match &credentials.secret {
            Secret::Password { username, password } => LoginMethod::Password {
                username: username.clone(),
                password: password.clone(),
            },
            Secret::Token { username, token } => LoginMethod::Token {
                username: username.clone(),
                token: token.clone(),
            },
        };
        LoginSpec {
            page_url: credentials.page_url.clone(),
            method,
            device: Device {
                uuid: credentials.device_uuid.clone(),
                navigator_id: credentials.navigator_id.clone(),
                ..Device::default()
            },
            options: LoginOptions::default(),
        }
    }

    pub(crate) fn login(&self) -> Result<Login> {
        let config = LoginConfig {
            page_url: self.page_url.clone(),
            method: self.method.clone(),
            device: self.device.clone(),
            options: self.options.clone(),
        };
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        Ok(Login::new(config, &mut rng)?)
    }

    /// After a token was issued, the next login uses it.
    pub(crate) fn adopt_token(&mut self, token: &IssuedToken) {
        self.page_url = token.page_url.clone();
        self.device.uuid = token.device_uuid.clone();
        self.method = LoginMethod::Token {
            username: token.username.clone(),
            token: token.token.clone(),
        };
    }

    /// After a password change, the next login uses the new password;
    /// whether this spec logs in with a password.
    pub(crate) fn adopt_password(&mut self, new: &NewPassword) -> bool {
        match &mut self.method {
            LoginMethod::Password { password, .. } => {
                *password = new.expose().to_owned();
                true
            }
            _ => false,
        }
    }

    pub(crate) fn credentials(&self) -> Option<Credentials> {
        let secret = match &self.method {
            LoginMethod::Password { username, password } => Secret::Password {
                username: username.clone(),
                password: password.clone(),
            },
            LoginMethod::Token { username, token } => Secret::Token {
                username: username.clone(),
                token: token.clone(),
            },
            _ => return None,
        };
        Some(Credentials {
            page_url: self.page_url.clone(),
            secret,
            device_uuid: self.device.uuid.clone(),
            navigator_id: self.device.navigator_id.clone(),
        })
    }
}

pub(crate) enum Driven {
    Ready,
    Prompt(DoubleAuthPrompt),
    NewPassword(NewPasswordPrompt),
}

/// Runs the login until it is ready or needs the caller; publishes
/// credentials as they change. A new password the server saved replaces
/// the one in `spec`.
pub(crate) async fn drive<T: Transport>(
    transport: &T,
    login: &mut Login,
    spec: &mut LoginSpec,
    sink: &CredentialSink,
) -> Result<Driven> {
    let mut spec_now = spec.clone();
    loop {
        match login.poll_output() {
            Some(LoginOutput::Transmit(request)) => {
                let response = transport.send(&request).await?;
                login.handle_response(&response)?;
            }
            Some(LoginOutput::Event(LoginEvent::TokenIssued(token))) => {
                spec_now.adopt_token(&token);
                if let Some(credentials) = spec_now.credentials() {
                    sink.publish(credentials);
                }
            }
            Some(LoginOutput::Event(LoginEvent::NavigatorId(id))) => {
                spec_now.device.navigator_id = Some(id);
            }
            Some(LoginOutput::Event(LoginEvent::PasswordChanged(password))) => {
                spec.adopt_password(&password);
                if spec_now.adopt_password(&password) {
                    if let Some(credentials) = spec_now.credentials() {
                        sink.publish(credentials);
                    }
                }
            }
            Some(LoginOutput::Event(event)) => tracing::debug!(?event, "login"),
            Some(LoginOutput::DoubleAuthRequired(prompt)) => return Ok(Driven::Prompt(prompt)),
            Some(LoginOutput::NewPasswordRequired(prompt)) => {
                return Ok(Driven::NewPassword(prompt));
            }
            Some(LoginOutput::Ready) => return Ok(Driven::Ready),
            Some(other) => tracing::debug!(?other, "login output"),
            None => {
                return Err(Error::Protocol(
                    Misuse::WrongStep("the login stalled").into(),
                ));
            }
        }
    }
}

fn finish<T: Transport>(
    transport: T,
    login: Login,
    mut spec: LoginSpec,
    sink: CredentialSink,
) -> Result<LoginStep<T>> {
    let outcome: LoginOutcome = login.finish()?;
    spec.device.navigator_id = outcome.navigator_id.clone().or(spec.device.navigator_id);
    if let Some(token) = &outcome.issued_token {
        spec.adopt_token(token);
    }
    // Password logins without a token publish the password credentials
    // once, with the navigator id the server handed out.
    if outcome.issued_token.is_none() || sink.current().is_none() {
        if let Some(c) = spec.credentials() {
            sink.publish(c);
        }
    }
    Ok(LoginStep::Connected(Client::from_login(
        transport, outcome, spec, sink,
    )?))
}

/// A random device UUID (version 4 layout).
pub(crate) fn random_device_uuid() -> String {
    let mut b = [0u8; 16];
    rand_core::Rng::fill_bytes(&mut rand_core::UnwrapErr(getrandom::SysRng), &mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = |r: std::ops::Range<usize>| b[r].iter().map(|x| format!("{x:02x}")).collect::<String>();
    format!(
        "{}-{}-{}-{}-{}",
        h(0..4),
        h(4..6),
        h(6..8),
        h(8..10),
        h(10..16)
    )
}
