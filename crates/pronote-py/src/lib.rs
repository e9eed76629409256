//! The `pronote` Python package's native part (`pronote._pronote`).
//!
//! The Python layer (`python/pronote/`) gives the typed classes, the
//! synchronous `Client` and the asyncio `AsyncClient`;
//! this module gives them one entry point per operation:
//!
//! * [`login::login`] / [`login::login_async`] run a login and return a
//!   session handle or a pending step (double authentication);
//! * `Session.call` / `Session.call_async` ([`session::Session`]) run one
//!   named operation of `pronote-api`'s `Client` with JSON-shaped
//!   arguments, returning the model's serde form as Python objects;
//! * [`demo::Demo`] runs the embedded `pronote-server` in-process.
//!
//! # Design notes
//! * The asyncio calls run on one tokio runtime per process
//!   (multi-threaded, two workers; futures handed to the running event
//!   loop through `pyo3-async-runtimes`): no thread per call. It starts
//!   on the first asyncio call or demo server, not at import. A session
//!   made synchronously runs on a current-thread runtime of its own,
//!   driven by the calling thread with the GIL released (the private `driver` module).
//! * Models cross the boundary as their serde form, so `to_dict()` in
//!   Python is exactly the Rust models' JSON, and a model handed back (a
//!   discussion to reply to) is read by the same `Deserialize`. A model
//!   returned by an operation stays in Rust behind [`lazy::Fields`] views
//!   and each field is converted when Python first reads it: a program
//!   reading two fields of sixty lessons converts those, not the rest.
//! * The extension allocates with mimalloc (its `#[global_allocator]`),
//!   not the C library's allocator it would share with the interpreter.
//! * A dropped synchronous session's runtime and connection pool are kept
//!   for the next synchronous login (a few at most, in the process that
//!   made them): a program making a client per run of a loop reuses one
//!   connection.
//! * Errors become the `pronote.Error` hierarchy ([`errors`]); no Rust
//!   panic reaches the interpreter as an abort: PyO3 turns a panic into
//!   `PanicException`, and library code has no `unwrap` on external data.

use pyo3::prelude::*;

mod args;
pub mod demo;
mod driver;
pub mod errors;
pub mod lazy;
pub mod login;
pub mod ops;
pub mod session;

pub(crate) use args::from_python;
pub(crate) use driver::{Driver, block_on, runtime};

/// A result handed to Python in its serde form (dict, list, str, int,
/// float, bool, None), converted straight from the Rust value: no JSON
/// tree is built in between. A model ([`Output::model`]) crosses as
/// [`lazy::Fields`] views instead, converted field by field on read.
pub(crate) struct Output(Box<dyn ToPython + Send>);

impl Output {
    /// A value converted at once.
    pub(crate) fn new<T: serde::Serialize + Send + 'static>(value: T) -> Self {
        Output(Box::new(Eager(value)))
    }

    /// A model (a struct or a list of structs) kept in Rust behind views;
    /// any other value is converted at once.
    pub(crate) fn model<T: serde::Serialize + Send + Sync + 'static>(value: T) -> Self {
        Output(Box::new(Lazy(value)))
    }
}

/// A value Python can receive.
trait ToPython {
    fn to_python<'py>(self: Box<Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

struct Eager<T>(T);

impl<T: serde::Serialize> ToPython for Eager<T> {
    fn to_python<'py>(self: Box<Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.0)?)
    }
}

struct Lazy<T>(T);

impl<T: serde::Serialize + Send + Sync + 'static> ToPython for Lazy<T> {
    fn to_python<'py>(self: Box<Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        lazy::to_python(py, self.0)
    }
}

impl<'py> IntoPyObject<'py> for Output {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.0.to_python(py)
    }
}

/// The demo instance's date for a real date (`YYYY-MM-DD` both): the same
/// weekday inside the demo's school year.
#[pyfunction]
fn demo_today(real: &str) -> PyResult<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(real, &format)
        .map_err(|e| errors::usage(format!("not a date {real:?}: {e}")))?;
    pronote_server::demo_today(day)
        .format(&format)
        .map_err(|e| errors::Error::new_err(e.to_string()))
}

/// The ENT providers known by name: `(name, region)` pairs.
#[pyfunction]
fn ent_providers() -> Vec<(String, String)> {
    pronote_api::ent::providers()
        .iter()
        .map(|p| (p.name.clone(), p.region.clone()))
        .collect()
}

#[pymodule]
fn _pronote(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<session::Session>()?;
    m.add_class::<login::DoubleAuthStep>()?;
    m.add_class::<login::NewPasswordStep>()?;
    m.add_class::<demo::Demo>()?;
    m.add_class::<lazy::Fields>()?;
    m.add_function(wrap_pyfunction!(login::login, m)?)?;
    m.add_function(wrap_pyfunction!(login::login_async, m)?)?;
    m.add_function(wrap_pyfunction!(session::resume, m)?)?;
    m.add_function(wrap_pyfunction!(demo_today, m)?)?;
    m.add_function(wrap_pyfunction!(args::_read_args, m)?)?;
    m.add_function(wrap_pyfunction!(ent_providers, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

/// The extension's own allocations (replies, models, views) go to
/// mimalloc rather than the C library's allocator, which the
/// interpreter's large objects share: on the workload of `benches/`
/// through `pronote.compat`, glibc's `malloc`/`free` (with its heap
/// consolidations and the page faults of a heap trimmed and grown again)
/// took about a tenth of the process's samples; with mimalloc the
/// process runs 5 % fewer instructions and takes a quarter of the page
/// faults (2,062 to 1,548, of which 1,382 are the interpreter's start).
/// Python's own objects keep Python's allocator.
///
/// mimalloc is built without its requests for transparent huge pages
/// (the `no_thp` feature): the process is the interpreter's, and a huge
/// page costs its first touch two megabytes of zeroing. With them, on a
/// kernel that grants huge pages on request (`madvise`, the common
/// setting), the same workload faulted in six huge pages (12 MiB zeroed
/// for about 3 MiB of blocks in use), `clear_page_erms` alone 3–6 % of
/// the process's samples; without them, none (`thp_fault_alloc` in
/// `/proc/vmstat`, RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
