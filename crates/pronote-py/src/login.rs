//! Logging in from Python: every mode, with double authentication as an
//! explicit step and new credentials handed to a callback the moment they
//! exist.

use std::sync::{Arc, Mutex, PoisonError};

use pronote_api::models::AccountKind;
use pronote_api::{Credentials, DoubleAuthAnswer, LoginBuilder, LoginStep};
use pronote_transport::HyperTransport;
use pyo3::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use crate::errors::{to_py, usage};
use crate::session::{AnyClient, Session};
use crate::{Driver, Output, from_python};

/// What `login()` is given (the Python layer builds it).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginParams {
    /// `password`, `credentials`, `qr_code` or `ent`.
    mode: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    credentials: Option<Credentials>,
    #[serde(default)]
    qr_code: Option<Value>,
    #[serde(default)]
    pin: Option<String>,
    #[serde(default)]
    device_uuid: Option<String>,
    #[serde(default)]
    space: Option<String>,
    #[serde(default)]
    request_token: bool,
    #[serde(default)]
    ent: Option<String>,
}

fn required(value: Option<String>, name: &str) -> PyResult<String> {
    value.ok_or_else(|| usage(format!("`{name}` is required for this login")))
}

fn space(text: &str) -> PyResult<AccountKind> {
    match text {
        "student" => Ok(AccountKind::Student),
        "parent" => Ok(AccountKind::Parent),
        "teacher" => Ok(AccountKind::Teacher),
        "school_life" => Ok(AccountKind::SchoolLife),
        other => Err(usage(format!(
            "unknown space {other:?}: expected student, parent, teacher or school_life"
        ))),
    }
}

/// Calls the Python callback with new credentials (as a dict). A failing
/// callback is reported as unraisable: the login goes on, as the new
/// credentials are also kept by the session (`Client.credentials`).
fn credentials_callback(callback: Py<PyAny>) -> impl Fn(&Credentials) + Send + Sync + 'static {
    move |credentials: &Credentials| {
        Python::attach(|py| {
            let result = pythonize::pythonize(py, credentials)
                .map_err(PyErr::from)
                .and_then(|dict| callback.call1(py, (dict,)));
            if let Err(e) = result {
                e.write_unraisable(py, Some(callback.bind(py)));
            }
        });
    }
}

enum Prepared {
    Builder(LoginBuilder<HyperTransport>),
    Ent {
        provider: pronote_api::ent::Provider,
        credentials: pronote_api::ent::EntCredentials,
        url: String,
    },
}

/// The login `params` ask for, on `transport` when one is given (a
/// synchronous login's, sharing its runtime's connections).
fn prepare(
    params: LoginParams,
    callback: Option<Py<PyAny>>,
    transport: Option<HyperTransport>,
) -> PyResult<Prepared> {
    let mut builder = match params.mode.as_str() {
        "password" => LoginBuilder::password(
            required(params.url, "url")?,
            required(params.username, "username")?,
            required(params.password, "password")?,
        ),
        "credentials" => LoginBuilder::credentials(
            &params
                .credentials
                .ok_or_else(|| usage("`credentials` is required for this login"))?,
        ),
        "qr_code" => {
            let qr = match params.qr_code {
                Some(Value::String(text)) => text,
                Some(other) => other.to_string(),
                None => return Err(usage("`qr_code` is required for this login")),
            };
            LoginBuilder::qr_code(
                &qr,
                required(params.pin, "pin")?,
                required(params.device_uuid, "device_uuid")?,
            )
            .map_err(to_py)?
        }
        "ent" => {
            let name = required(params.ent, "ent")?;
            let provider = pronote_api::ent::provider(&name)
                .ok_or_else(|| {
                    usage(format!(
                        "unknown ENT {name:?} (see pronote.ent_providers())"
                    ))
                })?
                .clone();
            return Ok(Prepared::Ent {
                provider,
                credentials: pronote_api::ent::EntCredentials::new(
                    required(params.username, "username")?,
                    required(params.password, "password")?,
                ),
                url: required(params.url, "url")?,
            });
        }
        other => {
            return Err(usage(format!(
                "unknown login mode {other:?}: expected password, credentials, qr_code or ent"
            )));
        }
    };
    if let Some(text) = params.space.as_deref() {
        builder = builder.space(space(text)?);
    }
    if params.request_token {
        builder = builder.request_token(true);
    }
    if let Some(cb) = callback {
        builder = builder.on_credentials(credentials_callback(cb));
    }
    if let Some(transport) = transport {
        builder = builder.transport(transport);
    }
    Ok(Prepared::Builder(builder))
}

/// The outcome of a login, before it becomes a Python object.
enum Outcome {
    Connected(AnyClient),
    DoubleAuth(Box<pronote_api::DoubleAuthStep>),
    NewPassword(Box<pronote_api::NewPasswordStep>),
}

/// The outcome of a login step; a step this package does not know yet
/// is an error rather than a silent success.
fn outcome_of(step: LoginStep) -> Result<Outcome, PyErr> {
    match step {
        LoginStep::Connected(client) => Ok(Outcome::Connected(AnyClient::Plain(client))),
        LoginStep::DoubleAuth(step) => Ok(Outcome::DoubleAuth(step)),
        LoginStep::NewPasswordRequired(step) => Ok(Outcome::NewPassword(step)),
        _ => Err(usage(
            "the login asks for a step this version of the package cannot answer; \
             finish it in PRONOTE's web page",
        )),
    }
}

async fn run(prepared: Prepared) -> Result<Outcome, PyErr> {
    match prepared {
        Prepared::Builder(builder) => outcome_of(builder.start().await.map_err(to_py)?),
        Prepared::Ent {
            provider,
            credentials,
            url,
        } => match pronote_api::ent::connect(provider, credentials, &url).await {
            Ok(client) => Ok(Outcome::Connected(AnyClient::Ent(client))),
            Err(pronote_api::ent::EntLoginError::Pronote(e)) => Err(to_py(e)),
            Err(pronote_api::ent::EntLoginError::Ent(e)) => Err(match e {
                pronote_api::ent::EntError::BadCredentials { .. } => {
                    crate::errors::BadCredentials::new_err(e.to_string())
                }
                _ => crate::errors::TransportError::new_err(e.to_string()),
            }),
            Err(e) => Err(crate::errors::Error::new_err(e.to_string())),
        },
    }
}

/// The outcome as a Python object, keeping `driver`: the connections of
/// the login belong to its runtime.
fn into_python(py: Python<'_>, outcome: Outcome, driver: Driver) -> PyResult<Py<PyAny>> {
    Ok(match outcome {
        Outcome::Connected(client) => Py::new(py, Session::new(client, driver))?.into_any(),
        Outcome::DoubleAuth(step) => Py::new(py, DoubleAuthStep::new(step, driver))?.into_any(),
        Outcome::NewPassword(step) => Py::new(py, NewPasswordStep::new(step, driver))?.into_any(),
    })
}

fn parse(params: &Bound<'_, PyAny>) -> PyResult<LoginParams> {
    serde_json::from_value(from_python(params)?).map_err(|e| usage(format!("login: {e}")))
}

/// Logs in; returns a `Session`, or a `DoubleAuthStep` to answer.
#[pyfunction]
#[pyo3(signature = (params, on_credentials = None))]
pub fn login(
    py: Python<'_>,
    params: &Bound<'_, PyAny>,
    on_credentials: Option<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    let (driver, transport) = Driver::own()?;
    let prepared = prepare(parse(params)?, on_credentials, Some(transport))?;
    let outcome = driver.block_on(py, run(prepared))??;
    into_python(py, outcome, driver)
}

/// [`login`] as an awaitable.
#[pyfunction]
#[pyo3(signature = (params, on_credentials = None))]
pub fn login_async<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    on_credentials: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let prepared = prepare(parse(params)?, on_credentials, None)?;
    Driver::Shared.future_into_py(py, async move {
        let outcome = run(prepared).await?;
        Python::attach(|py| into_python(py, outcome, Driver::Shared))
    })
}

type Slot = Arc<Mutex<Option<Box<pronote_api::DoubleAuthStep>>>>;

/// A login waiting for the double-authentication answer.
#[pyclass(module = "pronote._pronote", frozen)]
pub struct DoubleAuthStep {
    step: Slot,
    needs_pin: bool,
    needs_device_name: bool,
    /// The login's driver, handed on to the session.
    driver: Driver,
}

impl DoubleAuthStep {
    fn new(step: Box<pronote_api::DoubleAuthStep>, driver: Driver) -> Self {
        let prompt = step.prompt();
        DoubleAuthStep {
            needs_pin: prompt.needs_pin,
            needs_device_name: prompt.needs_device_name,
            step: Arc::new(Mutex::new(Some(step))),
            driver,
        }
    }
}

fn take(slot: &Slot) -> PyResult<Box<pronote_api::DoubleAuthStep>> {
    slot.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .ok_or_else(|| usage("this double-authentication step was already answered"))
}

async fn answer_step(slot: Slot, answer: DoubleAuthAnswer) -> Result<Outcome, PyErr> {
    let step = take(&slot)?;
    match step.answer(answer).await {
        Ok(next) => outcome_of(next),
        Err((error, back)) => {
            // A wrong PIN gives the step back: it can be answered again.
            if let Some(back) = back {
                *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(back);
            }
            Err(to_py(error))
        }
    }
}

#[pymethods]
impl DoubleAuthStep {
    /// The PIN must be given.
    #[getter]
    fn needs_pin(&self) -> bool {
        self.needs_pin
    }

    /// This device must be registered under a name.
    #[getter]
    fn needs_device_name(&self) -> bool {
        self.needs_device_name
    }

    /// Answers; returns a `Session` (or another step). A wrong PIN raises
    /// `BadCredentials` and leaves the step ready for another answer.
    #[pyo3(signature = (pin = None, device_name = None))]
    fn answer(
        &self,
        py: Python<'_>,
        pin: Option<String>,
        device_name: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let answer = DoubleAuthAnswer { pin, device_name };
        let slot = Arc::clone(&self.step);
        let outcome = self.driver.block_on(py, answer_step(slot, answer))??;
        into_python(py, outcome, self.driver.clone())
    }

    /// [`answer`](Self::answer) as an awaitable.
    #[pyo3(signature = (pin = None, device_name = None))]
    fn answer_async<'py>(
        &self,
        py: Python<'py>,
        pin: Option<String>,
        device_name: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer = DoubleAuthAnswer { pin, device_name };
        let slot = Arc::clone(&self.step);
        let driver = self.driver.clone();
        self.driver.future_into_py(py, async move {
            let outcome = answer_step(slot, answer).await?;
            Python::attach(|py| into_python(py, outcome, driver))
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<DoubleAuthStep needs_pin={} needs_device_name={}>",
            self.needs_pin, self.needs_device_name
        )
    }
}

type PasswordSlot = Arc<Mutex<Option<Box<pronote_api::NewPasswordStep>>>>;

/// A login waiting for the account's new password (a first login with a
/// provisional password, or one the school reset).
#[pyclass(module = "pronote._pronote", frozen)]
pub struct NewPasswordStep {
    step: PasswordSlot,
    rules: Value,
    message: Option<String>,
    /// The login's driver, handed on to the session.
    driver: Driver,
}

impl NewPasswordStep {
    fn new(step: Box<pronote_api::NewPasswordStep>, driver: Driver) -> Self {
        let rules = step.rules();
        let rules = serde_json::json!({
            "min": rules.min,
            "max": rules.max,
            "letter": rules.letter,
            "digit": rules.digit,
            "special": rules.special,
            "mixed_case": rules.mixed_case,
            "not_username": rules.not_username.is_some(),
        });
        NewPasswordStep {
            rules,
            message: step.message().map(str::to_owned),
            step: Arc::new(Mutex::new(Some(step))),
            driver,
        }
    }
}

fn take_password_step(slot: &PasswordSlot) -> PyResult<Box<pronote_api::NewPasswordStep>> {
    slot.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .ok_or_else(|| usage("this new-password step was already answered"))
}

async fn answer_password(slot: PasswordSlot, new_password: String) -> Result<Outcome, PyErr> {
    let step = take_password_step(&slot)?;
    match step.answer(&new_password).await {
        Ok(next) => outcome_of(next),
        Err((error, back)) => {
            // A password breaking a rule, or refused by the server, gives
            // the step back: it can be answered again.
            if let Some(back) = back {
                *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(back);
            }
            Err(to_py(error))
        }
    }
}

#[pymethods]
impl NewPasswordStep {
    /// The rules the new password must follow: `min`, `max` (or None),
    /// `letter`, `digit`, `special`, `mixed_case`, `not_username`.
    #[getter]
    fn rules(&self) -> Output {
        Output::new(self.rules.clone())
    }

    /// The server's explanation, when it sent one.
    #[getter]
    fn message(&self) -> Option<String> {
        self.message.clone()
    }

    /// The rule `new_password` breaks, in words, or None when it follows
    /// them all. Sends nothing.
    fn check(&self, new_password: &str) -> PyResult<Option<String>> {
        let guard = self.step.lock().unwrap_or_else(PoisonError::into_inner);
        let step = guard
            .as_ref()
            .ok_or_else(|| usage("this new-password step was already answered"))?;
        Ok(step.check(new_password).err().map(|rule| rule.to_string()))
    }

    /// Sets the new password and carries on; returns a `Session` (or the
    /// next step, such as double authentication). A password breaking a
    /// rule raises `PasswordRejected` before anything is sent, and the
    /// step can be answered again.
    fn answer(&self, py: Python<'_>, new_password: String) -> PyResult<Py<PyAny>> {
        let slot = Arc::clone(&self.step);
        let outcome = self
            .driver
            .block_on(py, answer_password(slot, new_password))??;
        into_python(py, outcome, self.driver.clone())
    }

    /// [`answer`](Self::answer) as an awaitable.
    fn answer_async<'py>(
        &self,
        py: Python<'py>,
        new_password: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let slot = Arc::clone(&self.step);
        let driver = self.driver.clone();
        self.driver.future_into_py(py, async move {
            let outcome = answer_password(slot, new_password).await?;
            Python::attach(|py| into_python(py, outcome, driver))
        })
    }

    fn __repr__(&self) -> String {
        format!("<NewPasswordStep rules={}>", self.rules)
    }
}
