//! The embedded demo instance (`pronote-server`), for testing programs
//! offline.

use std::sync::Mutex;
use std::sync::PoisonError;

use pronote_server::{RunningServer, Server};
use pyo3::prelude::*;

use crate::errors::{Error, usage};
use crate::{block_on, runtime};

/// The version and data seed of `pronote --demo`, so that both show the
/// same school.
const DEMO_VERSION: &str = "2025.2.6";
const DEMO_SEED: u64 = 7;

/// The demo accounts: (page, username, password, who).
const ACCOUNTS: &[(&str, &str, &str, &str)] = &[
    (
        "eleve.html",
        "demonstration",
        "pronotevs",
        "student MARTIN Lucas, 3A",
    ),
    (
        "parent.html",
        "demonstration",
        "pronotevs",
        "parent of MARTIN Lucas (3A) and MARTIN Emma (6B)",
    ),
    (
        "eleve.html",
        "securise",
        "pronotevs",
        "student with double authentication, PIN 1234",
    ),
    (
        "professeur.html",
        "demonstration",
        "pronotevs",
        "teacher M. DUPONT Jean",
    ),
    (
        "viescolaire.html",
        "viescolaire",
        "pronotevs",
        "school life (CPE) Mme BERNARD Sophie",
    ),
];

/// A running demo instance on loopback. `pronote.demo()` wraps it in a
/// context manager.
#[pyclass(module = "pronote._pronote", frozen)]
pub struct Demo {
    server: Mutex<Option<RunningServer>>,
    url: String,
}

#[pymethods]
impl Demo {
    /// Starts an instance. `version` is a PRONOTE version (`"2025.2.6"`),
    /// `school` `"college"` or `"lycee"`, `today` the instance's date
    /// (`"YYYY-MM-DD"`, default: today mapped into the demo's year).
    #[new]
    #[pyo3(signature = (version = None, school = None, today = None, encryption = true, compression = true, seed = DEMO_SEED))]
    fn new(
        py: Python<'_>,
        version: Option<String>,
        school: Option<String>,
        today: Option<String>,
        encryption: bool,
        compression: bool,
        seed: u64,
    ) -> PyResult<Self> {
        let mut builder = Server::builder()
            .encryption(encryption)
            .compression(compression)
            .seed(seed)
            .version(version.as_deref().unwrap_or(DEMO_VERSION));
        match school.as_deref() {
            None | Some("college") => {}
            Some("lycee") => builder = builder.school(pronote_server::DemoSchool::Lycee),
            Some(other) => {
                return Err(usage(format!(
                    "unknown demo school {other:?}: expected \"college\" or \"lycee\""
                )));
            }
        }
        let today = match today {
            Some(text) => parse_date(&text)?,
            None => pronote_server::demo_today(time::OffsetDateTime::now_utc().date()),
        };
        builder = builder.today(today);
        runtime()?;
        let server = block_on(py, async move { builder.start().await })?
            .map_err(|e| Error::new_err(format!("cannot start the demo instance: {e}")))?;
        let url = server.url();
        Ok(Demo {
            server: Mutex::new(Some(server)),
            url,
        })
    }

    /// The instance's root URL (`http://127.0.0.1:PORT/pronote/`).
    #[getter]
    fn url(&self) -> String {
        self.url.clone()
    }

    /// The demo accounts as dicts: `url` (the space page), `username`,
    /// `password`, `who`.
    fn accounts(&self) -> Vec<(String, String, String, String)> {
        ACCOUNTS
            .iter()
            .map(|(page, user, password, who)| {
                (
                    format!("{}{page}", self.url),
                    (*user).to_owned(),
                    (*password).to_owned(),
                    (*who).to_owned(),
                )
            })
            .collect()
    }

    /// Ends every session (the next call logs in again).
    fn expire_sessions(&self) {
        if let Some(server) = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            server.expire_sessions();
        }
    }

    /// Makes the instance misbehave for the next `count` requests (every
    /// request when `count` is `None`): `"rate-limit"`, `"ip-suspended"`,
    /// `"busy"`, `"unavailable"`, `"http-503"` (any status),
    /// `"garbled"`, `"wrong-order"`, `"refused"`, `"slow-2000"` (milliseconds),
    /// `"drop"`. For testing how a program copes.
    #[pyo3(signature = (fault, count = None))]
    fn inject_fault(&self, fault: &str, count: Option<u32>) -> PyResult<()> {
        let fault: pronote_server::Fault = fault.parse().map_err(usage)?;
        if let Some(server) = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            server.inject(fault, count);
        }
        Ok(())
    }

    /// Removes every injected fault.
    fn clear_faults(&self) {
        if let Some(server) = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            server.clear_faults();
        }
    }

    /// Stops the instance (idempotent).
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let server = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(server) = server {
            block_on(py, server.shutdown())?;
        }
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!("<pronote demo instance at {}>", self.url)
    }
}

fn parse_date(text: &str) -> PyResult<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).map_err(|e| usage(format!("`today` {text:?}: {e}")))
}
