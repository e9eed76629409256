//! Where the package's futures run.
//!
//! * The asyncio side (`AsyncClient`, `login_async`, the `*_async`
//!   answers) and the embedded demo server run on one process-wide
//!   multi-threaded runtime ([`runtime`]), started when first needed.
//! * A session made by a synchronous call (`Client`, `login`, `resume`,
//!   a step answered synchronously) gets a current-thread runtime of its
//!   own ([`Driver::Own`]): the calling thread runs the call while the
//!   GIL is released, instead of handing every read and write to a worker
//!   thread and sleeping until it answers. On the workload of `benches/`
//!   these thread crossings were about a quarter of the package's CPU.
//!   Its transport is a blocking one (`Builder::blocking`): each exchange
//!   drives its HTTP connection and waits on the socket on the calling
//!   thread, without the runtime's tasks and I/O driver.
//!
//! A session's streamed downloads run their connections on its runtime,
//! and its transport (whose pool keeps its connections) goes with that
//! runtime, so a session keeps its driver for life, and the steps of a
//! login hand theirs on to the session they make. An awaitable asked of a
//! session with a runtime of its own runs that runtime on one of the
//! shared runtime's blocking threads.
//!
//! A synchronous session's runtime comes with a transport, whose pool
//! keeps the session's connections. When the session is dropped, both are
//! kept (a few at most, [`MAX_SPARES`]) for the next synchronous login of
//! the process, which then reuses the runtime and, with a cookie jar of
//! its own, the kept-alive connection to the same server: a program that
//! logs in again and again (pronotepy's habit: a `Client` per run of a
//! loop) opens one connection instead of one per login. A runtime is
//! reused only in the process that built it: after a `fork`, the child's
//! copy shares the parent's epoll instance and sockets.

use std::future::Future;
use std::sync::{Arc, Mutex, Once, OnceLock};

use pronote_transport::{CookieJar, HyperTransport};
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

/// How many runtimes of dropped synchronous sessions are kept for the
/// next logins.
const MAX_SPARES: usize = 4;

/// Runtimes (with their transports) of dropped synchronous sessions.
static SPARES: Mutex<Vec<Spare>> = Mutex::new(Vec::new());

/// A kept runtime and the transport that came with it.
struct Spare {
    rt: tokio::runtime::Runtime,
    transport: HyperTransport,
    pid: u32,
}

/// A current-thread runtime and the transport that comes with it.
/// Dropped, it is kept for the next synchronous session
/// ([`SPARES`]); when none can be kept, it shuts down without blocking if
/// dropped inside another runtime (a session dropped by Python code that
/// runs in a credentials callback).
pub(crate) struct OwnRuntime {
    rt: Option<tokio::runtime::Runtime>,
    transport: HyperTransport,
    /// The process that built the runtime.
    pid: u32,
}

impl Drop for OwnRuntime {
    fn drop(&mut self) {
        let Some(rt) = self.rt.take() else { return };
        let spare = Spare {
            rt,
            transport: self.transport.clone(),
            pid: self.pid,
        };
        let refused = if spare.pid == std::process::id() {
            match SPARES.lock() {
                Ok(mut spares) if spares.len() < MAX_SPARES => {
                    spares.push(spare);
                    None
                }
                _ => Some(spare),
            }
        } else {
            Some(spare)
        };
        if let Some(spare) = refused {
            if tokio::runtime::Handle::try_current().is_ok() {
                spare.rt.shutdown_background();
            }
        }
    }
}

impl Driver {
    /// A driver with a current-thread runtime of its own, for a
    /// synchronous session (a dropped session's, or a new one), and the
    /// transport the session uses: the runtime's connection pool with a
    /// cookie jar of its own.
    pub(crate) fn own() -> PyResult<(Driver, HyperTransport)> {
        let pid = std::process::id();
        let kept = SPARES.lock().ok().and_then(|mut spares| {
            let at = spares.iter().rposition(|s| s.pid == pid)?;
            Some(spares.swap_remove(at))
        });
        let (rt, transport) = match kept {
            Some(spare) => (spare.rt, spare.transport),
            None => {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| errors::Error::new_err(format!("cannot start a runtime: {e}")))?;
                let transport = HyperTransport::builder()
                    .blocking(true)
                    .build()
                    .map_err(|e| errors::TransportError::new_err(e.to_string()))?;
                (rt, transport)
            }
        };
        let session = transport.with_cookie_jar(CookieJar::default());
        let driver = Driver::Own(Arc::new(OwnRuntime {
            rt: Some(rt),
            transport,
            pid,
        }));
        Ok((driver, session))
    }

    /// Runs `future` to completion on this driver, the GIL released.
    pub(crate) fn block_on<F>(&self, py: Python<'_>, future: F) -> PyResult<F::Output>
    where
        F: Future + Send,
        F::Output: Send,
    {
        // On the heap at once: an operation's future (`ops::run`, a
        // match over every operation) is about ten kilobytes, which each
        // move on the way to the runtime's poll loop would copy (three
        // copies a call, measured).
        let future = Box::pin(future);
        match self {
            Driver::Shared => block_on(py, future),
            Driver::Own(own) => match &own.rt {
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
                    let run = move || match &own.rt {
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
