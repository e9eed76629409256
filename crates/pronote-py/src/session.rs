//! A logged-in session, shared by the synchronous and asyncio clients.

use std::sync::Arc;

use pronote_api::Client;
use pronote_api::ent::EntTransport;
use pronote_transport::HyperTransport;
use pyo3::prelude::*;
use serde_json::Value;

use crate::errors::{to_py, usage};
use crate::ops::{self, OpError};
use crate::{Driver, Output, from_python};

/// The client behind a session: a plain one, or one whose transport runs
/// the ENT's single sign-on again when it has to log in again.
pub(crate) enum AnyClient {
    Plain(Client<HyperTransport>),
    Ent(Client<EntTransport>),
}

impl AnyClient {
    async fn run(&self, name: &str, args: Value) -> Result<Output, OpError> {
        match self {
            AnyClient::Plain(c) => ops::run(c, name, args).await,
            AnyClient::Ent(c) => ops::run(c, name, args).await,
        }
    }
}

fn op_error(e: OpError) -> PyErr {
    match e {
        OpError::Api(e) => to_py(e),
        OpError::Args(message) => usage(message),
    }
}

/// A logged-in session (`pronote._pronote.Session`). Python code uses
/// `pronote.Client` / `pronote.AsyncClient`, which wrap it.
#[pyclass(module = "pronote._pronote", frozen)]
pub struct Session {
    client: Arc<AnyClient>,
    /// Where the client's calls run: its connections belong there.
    driver: Driver,
}

impl Session {
    pub(crate) fn new(client: AnyClient, driver: Driver) -> Self {
        Session {
            client: Arc::new(client),
            driver,
        }
    }
}

#[pymethods]
impl Session {
    /// Runs the operation `name` with `args` (a dict) and waits for it,
    /// the GIL released meanwhile.
    #[pyo3(signature = (name, args = None))]
    fn call(
        &self,
        py: Python<'_>,
        name: &str,
        args: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Output> {
        let args = match args {
            Some(a) => from_python(a)?,
            None => Value::Null,
        };
        let client = Arc::clone(&self.client);
        let result = self
            .driver
            .block_on(py, async move { client.run(name, args).await })?;
        result.map_err(op_error)
    }

    /// The same as [`call`](Self::call), as an awaitable for asyncio.
    #[pyo3(signature = (name, args = None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        name: String,
        args: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let args = match args {
            Some(a) => from_python(a)?,
            None => Value::Null,
        };
        let client = Arc::clone(&self.client);
        self.driver.future_into_py(py, async move {
            client.run(&name, args).await.map_err(op_error)
        })
    }

    /// The names of every operation `call` knows.
    #[staticmethod]
    fn operations() -> Vec<&'static str> {
        ops::OPERATIONS.to_vec()
    }

    fn __repr__(&self) -> &'static str {
        "<pronote._pronote.Session>"
    }
}

/// A session from `Client.export()`'s dict, without logging in again, for
/// the synchronous `Client`.
#[pyfunction]
pub fn resume(exported: &Bound<'_, PyAny>) -> PyResult<Session> {
    let exported: pronote_api::ExportedSession = serde_json::from_value(from_python(exported)?)
        .map_err(|e| usage(format!("not an exported session: {e}")))?;
    let (driver, transport) = Driver::own()?;
    let client = Client::resume(transport, exported).map_err(to_py)?;
    Ok(Session::new(AnyClient::Plain(client), driver))
}
