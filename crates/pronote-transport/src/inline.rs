//! Connections driven by the calling thread, for a transport built with
//! [`Builder::blocking`](crate::Builder::blocking).
//!
//! A synchronous program (the Python package's `pronote.Client`) makes
//! one exchange at a time and waits for each. On the default path every
//! exchange goes through a runtime's machinery: the connection is a task
//! of its own, the reply wakes it through the I/O driver (`epoll`), the
//! task hands the response to the caller's future through a channel, and
//! the scheduler turns its driver once more before polling that future.
//! None of it serves a program that waits anyway. Measured on the
//! workload's replayed floor (`benches/RESULTS.md`, tenth session), this
//! path takes 6–8 % less CPU than the runtime's and fewer system calls;
//! most of what the transport adds to the floor is hyper's own work,
//! which both paths do.
//!
//! Here the same hyper connection is driven inside the exchange: the
//! request's future and the connection's are polled in turn on the
//! calling thread, and when neither can move, the thread waits on the
//! socket itself (`poll(2)`) for what the connection asked for (readable
//! or writable), until the request's deadline. The socket is
//! non-blocking, so hyper's check of an idle connection (a read that
//! should find nothing) returns at once; nothing drives an idle
//! connection, so one the server closed meanwhile is found closed when
//! next used, and the request goes out again on a new one, as on the
//! default path.
//!
//! TLS is rustls over the same socket, with the transport's
//! `ClientConfig`; the handshake completes while connecting, so that its
//! failures are connect errors as on the default path.

use std::future::{Future, poll_fn};
use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::client::conn::http1::{self, Connection, SendRequest};
use rustix::event::{PollFd, PollFlags, Timespec};

use crate::error::TransportError;
use crate::pool::{Body, Origin};

/// `limit` from now; a limit too long to add (`Duration::MAX` for "no
/// limit") ends a century from now instead of overflowing.
pub(crate) fn deadline_after(limit: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(limit)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 24 * 3600)))
        .unwrap_or(now)
}

/// What the connection waits for before it can move.
const READABLE: u8 = 1;
const WRITABLE: u8 = 2;

/// The most a read takes from the socket at once (hyper asks for less).
const READ_CHUNK: usize = 64 * 1024;

/// The socket and what the connection last waited for, shared by the
/// connection's I/O and the loop that drives it.
struct Shared {
    stream: TcpStream,
    /// [`READABLE`] and/or [`WRITABLE`]: set by the I/O when an operation
    /// would block, taken by the driving loop before it waits.
    interest: AtomicU8,
    /// Nothing to read is known to have come since the last wait on the
    /// socket: a read found nothing, or (without TLS) less than it asked
    /// for, or a request was just written, whose reply cannot be there
    /// yet. Reads then wait for the socket instead of trying it: hyper
    /// reads at every turn of the driving loop (it checks an idle
    /// connection for its close) and after each read until one finds
    /// nothing, and each read that finds nothing is a system call.
    drained: AtomicBool,
}

impl Shared {
    fn want(&self, interest: u8) {
        self.interest.fetch_or(interest, Ordering::Relaxed);
    }
}

/// The connection's byte stream: the socket, or rustls over it.
pub(crate) struct SyncIo {
    shared: Arc<Shared>,
    tls: Option<Box<rustls::ClientConnection>>,
    /// Where reads land before they are copied to hyper's buffer (hyper's
    /// buffer is uninitialized memory, which safe code cannot read into).
    scratch: Vec<u8>,
}

impl SyncIo {
    /// What a TLS operation that would block waits for.
    fn tls_interest(&self) -> u8 {
        self.tls.as_deref().map_or(READABLE, tls_interest)
    }

    fn read_some(&mut self, len: usize) -> io::Result<usize> {
        let Self {
            shared,
            tls,
            scratch,
        } = self;
        let buf = &mut scratch[..len];
        let mut socket = &shared.stream;
        match tls {
            Some(tls) => rustls::Stream::new(tls.as_mut(), &mut socket).read(buf),
            None => socket.read(buf),
        }
    }
}

/// What a TLS operation that would block waits for: the socket writable
/// when rustls has records to send, readable otherwise.
fn tls_interest(tls: &rustls::ClientConnection) -> u8 {
    if tls.wants_write() {
        WRITABLE
    } else {
        READABLE
    }
}

/// `Poll::Pending` for an operation that would block, after noting what
/// it waits for; other results as they are.
fn would_block<T>(shared: &Shared, interest: u8, result: io::Result<T>) -> Poll<io::Result<T>> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
            shared.want(interest);
            Poll::Pending
        }
        other => Poll::Ready(other),
    }
}

impl hyper::rt::Read for SyncIo {
    fn poll_read(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        mut buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.shared.drained.load(Ordering::Relaxed) {
            this.shared.want(READABLE);
            return Poll::Pending;
        }
        let len = buf.remaining().min(READ_CHUNK);
        if this.scratch.len() < len {
            this.scratch.resize(len, 0);
        }
        loop {
            let result = this.read_some(len);
            if matches!(&result, Err(e) if e.kind() == io::ErrorKind::Interrupted) {
                continue;
            }
            let interest = this.tls_interest();
            // A read that found nothing, or (on a plain socket) less than
            // it asked for: the socket has nothing more for now (what
            // comes later, the next wait sees at once).
            let short = this.tls.is_none() && matches!(&result, Ok(n) if *n < len);
            let read = would_block(&this.shared, interest, result);
            if short || (read.is_pending() && interest == READABLE) {
                this.shared.drained.store(true, Ordering::Relaxed);
            }
            return read.map_ok(|n| {
                buf.put_slice(&this.scratch[..n]);
            });
        }
    }
}

impl hyper::rt::Write for SyncIo {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let mut socket = &this.shared.stream;
        let result = match &mut this.tls {
            Some(tls) => rustls::Stream::new(tls.as_mut(), &mut socket).write(buf),
            None => socket.write(buf),
        };
        let interest = if this.tls.is_some() {
            this.tls_interest()
        } else {
            WRITABLE
        };
        this.written(would_block(&this.shared, interest, result))
    }

    fn is_write_vectored(&self) -> bool {
        self.tls.is_none()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.tls.is_some() {
            let first = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| b);
            return self.poll_write(cx, first);
        }
        let this = self.get_mut();
        let result = (&this.shared.stream).write_vectored(bufs);
        this.written(would_block(&this.shared, WRITABLE, result))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let Some(tls) = &mut this.tls else {
            return Poll::Ready(Ok(()));
        };
        let mut socket = &this.shared.stream;
        let result = rustls::Stream::new(tls.as_mut(), &mut socket).flush();
        let interest = this.tls_interest();
        would_block(&this.shared, interest, result)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Some(tls) = &mut this.tls {
            tls.send_close_notify();
        }
        let flushed = Pin::new(&mut *this).poll_flush(cx);
        if flushed.is_ready() {
            // The peer may have gone: nothing is left to tell it.
            let _ = this.shared.stream.shutdown(Shutdown::Write);
        }
        flushed
    }
}

impl SyncIo {
    /// Notes a request written on a plain socket: its reply cannot have
    /// come yet. (With TLS, rustls may hold decrypted bytes the socket
    /// does not show.)
    fn written(&mut self, result: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        if self.tls.is_none() && matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.shared.drained.store(true, Ordering::Relaxed);
        }
        result
    }
}

/// Wakes the driving loop's next turn without a wait on the socket: set
/// when hyper's futures wake one another (a response handed to the
/// request, the body asked for). One per connection, for its life: hyper
/// keeps the last waker it was given (the dispatcher's channel, between
/// two exchanges), which must still reach the loop of the next exchange.
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::Relaxed);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A connection driven by its caller, kept in the pool between exchanges.
pub(crate) struct InlineConn {
    sender: SendRequest<Body>,
    /// The connection's future; dropped once it completes (closed, or
    /// failed), which tells the sender.
    connection: Option<Connection<SyncIo, Body>>,
    shared: Arc<Shared>,
    flag: Arc<Flag>,
}

/// What [`InlineConn::exchange`] did with the request.
pub(crate) enum Outcome {
    /// The response head and its whole body.
    Done(http::response::Parts, Bytes),
    /// The connection was closed before the request went out: it can be
    /// sent on another.
    Unsent(http::Request<Body>),
}

impl InlineConn {
    /// Whether the connection can take another request.
    pub(crate) fn is_open(&self) -> bool {
        self.connection.is_some() && !self.sender.is_closed()
    }

    /// Sends `request` and reads the response whole (at most `max_body`
    /// bytes of body), on the calling thread, until `deadline` (the end
    /// of the exchange's time, `limit`).
    pub(crate) fn exchange(
        &mut self,
        request: http::Request<Body>,
        max_body: usize,
        deadline: Instant,
        limit: Duration,
        host: &str,
    ) -> Result<Outcome, TransportError> {
        let Self {
            sender,
            connection,
            shared,
            flag,
        } = self;
        let io_error = |source: Box<dyn std::error::Error + Send + Sync>| TransportError::Io {
            host: host.to_owned(),
            source,
        };
        let work = async {
            if poll_fn(|cx| sender.poll_ready(cx)).await.is_err() {
                return Ok(Outcome::Unsent(request));
            }
            let response = match sender.try_send_request(request).await {
                Ok(response) => response,
                Err(mut e) => {
                    return match e.take_message() {
                        Some(unsent) => Ok(Outcome::Unsent(unsent)),
                        None => Err(io_error(Box::new(e.into_error()))),
                    };
                }
            };
            let (parts, incoming) = response.into_parts();
            let body = Limited::new(incoming, max_body)
                .collect()
                .await
                .map_err(|e| crate::hyper_transport::body_error(e, max_body, host))?
                .to_bytes();
            Ok(Outcome::Done(parts, body))
        };
        // The socket may have changed since the last exchange (the server
        // closed an idle connection): the first turn reads it.
        shared.drained.store(false, Ordering::Relaxed);
        match drive(connection, shared, flag, pin!(work), deadline) {
            Ok(output) => output,
            Err(Waited::Timeout) => Err(TransportError::Timeout {
                what: "request",
                secs: limit.as_secs_f64(),
            }),
            Err(Waited::Failed(source)) => Err(io_error(Box::new(source))),
        }
    }
}

/// Polls `work` and the connection in turn until `work` completes; waits
/// on the socket when neither can move, until `deadline`.
///
/// Both are polled outside tokio's cooperative budget: hyper's channels
/// are tokio's, which past a task's budget answer `Pending` and wake the
/// task only once it yields to its runtime, and this loop never yields
/// (a blocking exchange runs inside one poll of its caller's task).
fn drive<F: Future>(
    connection: &mut Option<Connection<SyncIo, Body>>,
    shared: &Shared,
    flag: &Arc<Flag>,
    mut work: Pin<&mut F>,
    deadline: Instant,
) -> Result<F::Output, Waited> {
    let waker = Waker::from(Arc::clone(flag));
    let mut cx = Context::from_waker(&waker);
    loop {
        flag.0.store(false, Ordering::Relaxed);
        if let Some(conn) = connection {
            if let Poll::Ready(result) = pin!(tokio::task::unconstrained(conn)).poll(&mut cx) {
                // Dropped, it closes the sender's channel: the request
                // learns that the connection is gone.
                *connection = None;
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
            }
        }
        if let Poll::Ready(output) = pin!(tokio::task::unconstrained(work.as_mut())).poll(&mut cx) {
            return Ok(output);
        }
        if flag.0.load(Ordering::Relaxed) {
            // A future that keeps waking itself must not keep the loop
            // past the deadline either.
            if Instant::now() >= deadline {
                return Err(Waited::Timeout);
            }
            continue;
        }
        let interest = shared.interest.swap(0, Ordering::Relaxed);
        if interest == 0 || connection.is_none() {
            // hyper's request and connection wait for each other with no
            // I/O outstanding: not a state hyper leaves; an error rather
            // than a wait that could not end.
            return Err(Waited::Failed(io::Error::other(
                "the connection stopped without finishing the exchange",
            )));
        }
        wait(&shared.stream, interest, deadline)?;
        // The socket moved: a read may find something now.
        shared.drained.store(false, Ordering::Relaxed);
    }
}

/// Why a wait on the socket ended without it ready.
enum Waited {
    /// The deadline passed.
    Timeout,
    /// `poll(2)` failed, or (in [`drive`]) there was nothing to wait for.
    Failed(io::Error),
}

/// Waits until `stream` is readable and/or writable as `interest` says
/// (or closed, or in error: the next operation will tell), at most until
/// `deadline`.
fn wait(stream: &TcpStream, interest: u8, deadline: Instant) -> Result<(), Waited> {
    let mut flags = PollFlags::empty();
    if interest & READABLE != 0 {
        flags |= PollFlags::IN;
    }
    if interest & WRITABLE != 0 {
        flags |= PollFlags::OUT;
    }
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Waited::Timeout);
        }
        let timeout = Timespec::try_from(left).unwrap_or(Timespec {
            tv_sec: i64::MAX,
            tv_nsec: 0,
        });
        let mut fds = [PollFd::new(stream, flags)];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(0) => continue,
            Ok(_) => return Ok(()),
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(Waited::Failed(e.into())),
        }
    }
}

/// Opens a connection to `origin` (TCP, then TLS for `https` with
/// `tls`), each address in turn, the TLS handshake completed, within
/// `connect_timeout` and before the exchange's `deadline` (the end of
/// its time, `limit`).
pub(crate) fn connect(
    origin: &Origin,
    tls: &Arc<rustls::ClientConfig>,
    connect_timeout: Duration,
    deadline: Instant,
    limit: Duration,
) -> Result<InlineConn, TransportError> {
    let host = origin.host();
    let connect_error =
        |source: Box<dyn std::error::Error + Send + Sync>| TransportError::Connect {
            host: host.to_owned(),
            source,
        };
    let connect_deadline = deadline_after(connect_timeout);
    let timeout = || {
        if connect_deadline <= deadline {
            TransportError::Timeout {
                what: "connect",
                secs: connect_timeout.as_secs_f64(),
            }
        } else {
            TransportError::Timeout {
                what: "request",
                secs: limit.as_secs_f64(),
            }
        }
    };
    let deadline = connect_deadline.min(deadline);
    let name = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = (name, origin.port())
        .to_socket_addrs()
        .map_err(|e| connect_error(Box::new(e)))?
        .collect();
    let mut last: Option<io::Error> = None;
    let mut stream = None;
    for address in addresses {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timeout());
        }
        match TcpStream::connect_timeout(&address, left) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let stream = match (stream, last) {
        (Some(stream), _) => stream,
        (None, Some(e)) if e.kind() == io::ErrorKind::TimedOut => return Err(timeout()),
        (None, Some(e)) => return Err(connect_error(Box::new(e))),
        (None, None) => return Err(connect_error("the host has no address".into())),
    };
    let setup = stream
        .set_nodelay(true)
        .and_then(|()| stream.set_nonblocking(true));
    setup.map_err(|e| connect_error(Box::new(e)))?;
    let shared = Arc::new(Shared {
        stream,
        interest: AtomicU8::new(0),
        drained: AtomicBool::new(false),
    });
    let tls = if origin.is_secure() {
        let server = rustls::pki_types::ServerName::try_from(name.to_owned())
            .map_err(|e| connect_error(Box::new(e)))?;
        let mut tls = rustls::ClientConnection::new(Arc::clone(tls), server)
            .map_err(|e| connect_error(Box::new(e)))?;
        handshake(&mut tls, &shared.stream, deadline).map_err(|e| match e {
            Waited::Timeout => timeout(),
            Waited::Failed(e) => connect_error(Box::new(e)),
        })?;
        Some(Box::new(tls))
    } else {
        None
    };
    let io = SyncIo {
        shared: Arc::clone(&shared),
        tls,
        scratch: Vec::new(),
    };
    // hyper's HTTP/1 handshake does no I/O: it is ready at its first poll.
    let flag = Arc::new(Flag(AtomicBool::new(false)));
    let waker = Waker::from(Arc::clone(&flag));
    let mut made = pin!(http1::Builder::new().handshake::<_, Body>(io));
    let (sender, connection) = match made.as_mut().poll(&mut Context::from_waker(&waker)) {
        Poll::Ready(Ok(parts)) => parts,
        Poll::Ready(Err(e)) => return Err(connect_error(Box::new(e))),
        Poll::Pending => return Err(connect_error("hyper's handshake did not complete".into())),
    };
    Ok(InlineConn {
        sender,
        connection: Some(connection),
        shared,
        flag,
    })
}

/// Completes rustls's handshake on the non-blocking `stream`.
fn handshake(
    tls: &mut rustls::ClientConnection,
    stream: &TcpStream,
    deadline: Instant,
) -> Result<(), Waited> {
    let mut socket = stream;
    while tls.is_handshaking() {
        match tls.complete_io(&mut socket) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                wait(stream, tls_interest(tls), deadline)?;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Waited::Failed(e)),
        }
    }
    Ok(())
}
