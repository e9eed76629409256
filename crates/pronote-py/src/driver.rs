//! Where the package's futures run.
//!
//! * The asyncio side (`AsyncClient`, `login_async`, the `*_async`
//!   answers) and the embedded demo server run on one process-wide
//!   multi-threaded runtime ([`runtime`]), started when first needed.
//! * A session made by a synchronous call (`Client`, `login`, `resume`,
//!   a step answered synchronously) gets a current-thread runtime of its
//!   own ([`Driver::Own`]): the calling thread runs the call and the
//!   HTTP connection's task itself while the GIL is released, instead of
//!   handing every read and write to a worker thread and sleeping until
//!   it answers. On the workload of `benches/` these thread crossings were
//!   about a quarter of the package's CPU.
//!
//! A session's HTTP connections belong to the runtime they were opened
//! on, so a session keeps its driver for life, and the steps of a login
//! hand theirs on to the session they make. An awaitable asked of a
//! session with a runtime of its own runs that runtime on one of the
//! shared runtime's blocking threads.

use std::future::Future;
use std::sync::{Arc, Once, OnceLock};

use pyo3::prelude::*;

use crate::errors;

/// The process-wide runtime, started on first use (the first asyncio
/// call or demo server), so that a program using only the synchronous
/// client starts no thread of ours, and a process that forks before its
/// first asyncio call does not hand its child a runtime whose worker
/// threads stayed in the parent. The asyncio futures of
/// `pyo3-async-runtimes` run on it too.
pub(crate) fn runtime() -> PyResult<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    static HANDED_TO_ASYNCIO: Once = Once::new();
    let built = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("pronote")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    match built {
        Ok(runtime) => {
            HANDED_TO_ASYNCIO.call_once(|| {
                // Fails only when a runtime was set already, which only
                // this function does.
                let _ = pyo3_async_runtimes::tokio::init_with_runtime(runtime);
            });
            Ok(runtime)
        }
        Err(e) => Err(errors::Error::new_err(format!(
            "cannot start the async runtime: {e}"
        ))),
    }
}

/// Runs a future to completion on the shared runtime with the GIL released.
pub(crate) fn block_on<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let rt = runtime()?;
    Ok(py.detach(|| rt.block_on(future)))
}

/// Where one session's (or one login's) futures run.
#[derive(Clone)]
pub(crate) enum Driver {
    /// The shared multi-threaded runtime.
    Shared,
    /// A current-thread runtime of its own, run by the calling thread.
    Own(Arc<OwnRuntime>),
}

/// A current-thread runtime, shut down without blocking when it is
/// dropped inside another runtime (a session dropped by Python code that
/// runs in a credentials callback).
pub(crate) struct OwnRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                rt.shutdown_background();
            }
        }
    }
}

impl Driver {
    /// A driver with a new current-thread runtime, for a synchronous
    /// session.
    pub(crate) fn own() -> PyResult<Driver> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| errors::Error::new_err(format!("cannot start a runtime: {e}")))?;
        Ok(Driver::Own(Arc::new(OwnRuntime(Some(rt)))))
    }

    /// Runs `future` to completion on this driver, the GIL released.
    pub(crate) fn block_on<F>(&self, py: Python<'_>, future: F) -> PyResult<F::Output>
    where
        F: Future + Send,
        F::Output: Send,
    {
        match self {
            Driver::Shared => block_on(py, future),
            Driver::Own(own) => match &own.0 {
                Some(rt) => Ok(py.detach(|| rt.block_on(future))),
                None => Err(errors::Error::new_err(
                    "this session's runtime is shut down",
                )),
            },
        }
    }

    /// `future` as a Python awaitable, run on this driver.
    pub(crate) fn future_into_py<'py, F, T>(
        &self,
        py: Python<'py>,
        future: F,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        F: Future<Output = PyResult<T>> + Send + 'static,
        T: for<'a> IntoPyObject<'a> + Send + 'static,
    {
        runtime()?;
        match self {
            Driver::Shared => pyo3_async_runtimes::tokio::future_into_py(py, future),
            Driver::Own(own) => {
                let own = Arc::clone(own);
                pyo3_async_runtimes::tokio::future_into_py(py, async move {
                    let run = move || match &own.0 {
                        Some(rt) => rt.block_on(future),
                        None => Err(errors::Error::new_err(
                            "this session's runtime is shut down",
                        )),
                    };
                    tokio::task::spawn_blocking(run).await.map_err(|e| {
                        errors::Error::new_err(format!("the call did not finish: {e}"))
                    })?
                })
            }
        }
    }
}
