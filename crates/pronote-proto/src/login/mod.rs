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

mod config;
mod output;
mod peek;
mod steps;
mod url;

pub use config::{Device, LoginConfig, LoginMethod, LoginOptions};
pub use output::{
    DoubleAuthAnswer, DoubleAuthPrompt, IssuedToken, LoginEvent, LoginOutcome, LoginOutput,
};
pub(crate) use steps::number_set;
pub use url::{MOBILE_QUERY, mobile_page_url, split_page_url};

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;

use rand_chacha::ChaCha20Rng;
use rand_core::{CryptoRng, SeedableRng};
use serde_json::{Value, json};

use crate::auth;
use crate::crypto::Cipher;
use crate::envelope;
use crate::error::{DecodeError, Error, LoginError, Misuse};
use crate::http::{self, HttpRequest, HttpResponse, Method};
use crate::password::{NewPassword, NewPasswordPrompt};
use crate::raw_reply::RawReply;
use crate::session::{Reply, Session, SessionState};
use crate::start::StartParams;

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
