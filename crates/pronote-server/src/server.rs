//! The library API: a builder, and the handle of a running instance.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use hyper_util::rt::TokioIo;
use pronote_proto::Version;
use pronote_proto::crypto::{UuidKey, UuidPrivateKey};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::{Config, ConfigError};
use crate::fault::{Fault, Faults};
use crate::store::Store;

/// Entry point: `Server::builder()…start().await`.
#[derive(Debug)]
pub struct Server;

impl Server {
    /// A builder with the defaults: version 2025.2.6, encryption and
    /// compression on, 10-minute sessions, seed 0, `127.0.0.1:0`.
    pub fn builder() -> ServerBuilder {
        ServerBuilder {
            config: Config::default(),
            bind: "127.0.0.1:0".to_owned(),
            error: None,
            faults: Vec::new(),
        }
    }
}

/// Configures and starts a simulated instance.
#[derive(Debug, Clone)]
#[must_use = "call start() to run the server"]
pub struct ServerBuilder {
    config: Config,
    bind: String,
    error: Option<ConfigError>,
    faults: Vec<(Fault, Option<u32>)>,
}

impl ServerBuilder {
    /// The PRONOTE version to simulate, e.g. `"2025.2.6"`, `"2024.3.9"`,
    /// `"2022.0.2.4"`. An unparsable version makes [`start`](Self::start)
    /// fail.
    pub fn version(mut self, version: &str) -> Self {
        match version.parse::<Version>() {
            Ok(v) => self.config.version = v,
            Err(_) => self.error = Some(ConfigError::Version),
        }
        self
    }

    /// Encrypt the secure payloads.
    pub fn encryption(mut self, on: bool) -> Self {
        self.config.encryption = on;
        self
    }

    /// Compress the secure payloads.
    pub fn compression(mut self, on: bool) -> Self {
        self.config.compression = on;
        self
    }

    /// Serve as an `http` instance (RSA-encrypted `Uuid` with the server's
    /// own key; clients need [`RunningServer::uuid_public_key`]).
    pub fn http_rsa(mut self, on: bool) -> Self {
        self.config.http = on;
        self
    }

    /// Idle time after which a session expires.
    pub fn session_timeout(mut self, timeout: Duration) -> Self {
        self.config.session_timeout = timeout;
        self
    }

    /// Seed of the demo data and of every random draw.
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// The demo school served (default: the collège).
    pub fn school(mut self, school: crate::DemoSchool) -> Self {
        self.config.school = school;
        self
    }

    /// Failed logins before an account is locked, and for how long.
    pub fn lockout(mut self, attempts: u32, duration: Duration) -> Self {
        self.config.max_login_attempts = attempts.max(1);
        self.config.lockout = duration;
        self
    }

    /// The day the instance believes it is.
    pub fn today(mut self, date: time::Date) -> Self {
        self.config.today = Some(date);
        self
    }

    /// How long a long-poll (`appelpolling`) is held before its answer.
    pub fn poll_hold(mut self, hold: Duration) -> Self {
        self.config.poll_hold = hold;
        self
    }

    /// Binds the instance to an ENT: a space page's visitor without a
    /// session is sent to the ENT's login, and the ticket brought back is
    /// validated against it (see [`Ent`](crate::Ent); `?login=true`
    /// bypasses it).
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// use pronote_server::{Ent, Server};
    /// let server = Server::builder()
    ///     .ent(Ent::Cas { url: Some("http://localhost:8443/cas".into()) })
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn ent(mut self, ent: crate::Ent) -> Self {
        self.config.ent = Some(ent);
        self
    }

    /// A fault active from the start, for `count` requests (`None`: until
    /// cleared).
    pub fn fault(mut self, fault: Fault, count: Option<u32>) -> Self {
        self.faults.push((fault, count));
        self
    }

    /// Replaces the whole configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The address to listen on (`127.0.0.1:0` picks a free port).
    pub fn bind(mut self, address: &str) -> Self {
        self.bind = address.to_owned();
        self
    }

    /// Binds the socket and starts serving in the background.
    pub async fn start(self) -> std::io::Result<RunningServer> {
        if let Some(e) = self.error {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, e));
        }
        let address: SocketAddr = self.bind.parse().map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, ConfigError::Address)
        })?;
        let listener = TcpListener::bind(address).await?;
        let local = listener.local_addr()?;
        let config = self.config;
        let rsa = if config.needs_rsa() {
            let seed = config.seed;
            Some(
                tokio::task::spawn_blocking(move || rsa_key(seed))
                    .await
                    .map_err(std::io::Error::other)?
                    .map_err(|e| std::io::Error::other(e.to_string()))?,
            )
        } else {
            None
        };
        let shared = Arc::new(Shared::new(config, rsa, local));
        {
            let mut faults = shared.faults.lock().unwrap_or_else(|e| e.into_inner());
            for (fault, count) in self.faults {
                faults.inject(fault, count);
            }
        }
        let (stop_tx, stop_rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared), stop_rx));
        tracing::info!(%local, version = %shared.config.version, "PRONOTE demo instance started");
        Ok(RunningServer {
            shared,
            address: local,
            stop: stop_tx,
            task: Some(task),
        })
    }
}

/// Process-wide cache of generated RSA keys (generation is slow in debug
/// builds and tests start many servers with the same seed).
fn rsa_key(seed: u64) -> Result<UuidPrivateKey, pronote_proto::DecodeError> {
    static CACHE: OnceLock<Mutex<HashMap<u64, UuidPrivateKey>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(key) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&seed) {
        return Ok(key.clone());
    }
    let mut rng = ChaCha20Rng::seed_from_u64(seed ^ 0x5253_4131_3032_3421);
    let key = UuidPrivateKey::generate(&mut rng, 1024)?;
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(seed, key.clone());
    Ok(key)
}

/// Everything the request handlers share.
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) demo: crate::data::Demo,
    pub(crate) store: Mutex<Store>,
    pub(crate) sessions: crate::session::Sessions,
    pub(crate) rsa: Option<UuidPrivateKey>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) ent: Mutex<crate::ent::Tickets>,
    pub(crate) rng: Mutex<ChaCha20Rng>,
    pub(crate) address: SocketAddr,
}

impl Shared {
    fn new(config: Config, rsa: Option<UuidPrivateKey>, address: SocketAddr) -> Self {
        let demo = crate::data::Demo::generate(config.seed, config.school);
        let store = Store::new(&demo, config.seed);
        let rng = ChaCha20Rng::seed_from_u64(
            config.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5345_5353,
        );
        Shared {
            sessions: crate::session::Sessions::new(config.max_sessions),
            config,
            demo,
            store: Mutex::new(store),
            rsa,
            faults: Mutex::new(Faults::default()),
            ent: Mutex::new(crate::ent::Tickets::default()),
            rng: Mutex::new(rng),
            address,
        }
    }

    /// Locks the mutable store.
    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` with the shared random generator.
    pub(crate) fn with_rng<T>(&self, f: impl FnOnce(&mut ChaCha20Rng) -> T) -> T {
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut rng)
    }

    /// The day the instance believes it is.
    pub(crate) fn today(&self) -> time::Date {
        self.config.today.unwrap_or_else(|| {
            self.demo
                .calendar
                .clamp(time::OffsetDateTime::now_utc().date())
        })
    }

    /// The current date and time, as the instance sees it.
    pub(crate) fn now(&self) -> time::PrimitiveDateTime {
        let now = time::OffsetDateTime::now_utc();
        time::PrimitiveDateTime::new(self.today(), now.time())
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let shared = Arc::clone(&shared);
                let service = hyper::service::service_fn(move |request| {
                    let shared = Arc::clone(&shared);
                    async move { crate::http::handle(shared, peer, request).await }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(30))
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service);
                let watched = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(e) = watched.await {
                        tracing::debug!(error = %e, "connection closed with an error");
                    }
                });
            }
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(5)) => {
            tracing::warn!("connections still open after 5 s; closing anyway");
        }
    }
}

/// A running instance. Dropping it stops the server (without waiting);
/// [`shutdown`](Self::shutdown) stops it gracefully.
#[derive(Debug)]
pub struct RunningServer {
    shared: Arc<Shared>,
    address: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("version", &self.config.version)
            .finish_non_exhaustive()
    }
}

impl RunningServer {
    /// The instance root, with a trailing slash:
    /// `http://127.0.0.1:PORT/pronote/`.
    pub fn url(&self) -> String {
        format!("http://{}/pronote/", self.address)
    }

    /// The socket address served.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// The public half of the server's RSA key, when it has one (`http`
    /// mode, or versions before 2023 where it is also in the page as
    /// `MR`/`ER`). An `http` client must encrypt the `Uuid` with it instead
    /// of the constant key.
    pub fn uuid_public_key(&self) -> Option<UuidKey> {
        self.shared.rsa.as_ref().map(UuidPrivateKey::public_key)
    }

    /// Expires every session now: their next call gets error `G` 10.
    pub fn expire_sessions(&self) {
        self.shared.sessions.expire_all();
    }

    /// Injects a fault for the next `count` requests it applies to
    /// (`None`: until [`clear_faults`](Self::clear_faults)).
    pub fn inject(&self, fault: Fault, count: Option<u32>) {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .inject(fault, count);
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Makes the accounts named `username` (in every space) choose a new
    /// password at their next login, as when a school resets a password;
    /// the current password stays valid until then. Returns whether an
    /// account has that name.
    ///
    /// ```
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = pronote_server::Server::builder().start().await?;
    /// assert!(server.require_password_change("demonstration"));
    /// assert!(!server.require_password_change("nobody"));
    /// # Ok(()) }
    /// ```
    pub fn require_password_change(&self, username: &str) -> bool {
        let mut store = self.shared.store();
        let mut found = false;
        for (index, account) in self.shared.demo.accounts.iter().enumerate() {
            if account.username.eq_ignore_ascii_case(username.trim()) {
                if let Some(state) = store.account(index) {
                    state.must_change_password = true;
                    found = true;
                }
            }
        }
        found
    }

    /// Unlocks every account locked after failed logins.
    pub fn unlock_accounts(&self) {
        self.shared.store().unlock_all();
    }

    /// Stops accepting connections and waits (up to 5 s) for the open
    /// ones to finish.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Waits until the server stops (it only stops through
    /// [`shutdown`](Self::shutdown) from another handle, so in practice:
    /// serves forever).
    pub async fn serve_forever(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
