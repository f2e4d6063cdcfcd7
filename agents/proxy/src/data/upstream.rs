//! The way to a server, shared by TCP sessions, HTTP connections and UDP sessions: the slots a
//! client connection holds under the global and frontend `maxconn`, picking a server (waiting
//! in the backend queue when every usable one is at its `maxconn`) or the server a client's
//! network is bound to (`persist source`), and connecting to it.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Duration;

use socket2::{Domain, Protocol, Socket, Type};
use tokio::io::Interest;
use tokio::net::TcpStream;

use crate::data::Context;
use crate::runtime::counters::Limit;
use crate::runtime::persist::network;
use crate::runtime::state::{Backend, Process, Server};

/// Why a session ended: HAProxy's two-letter termination state.
#[derive(Debug, Clone, Copy)]
pub struct Term(pub char, pub char);

/// Slots a session holds, given back when it ends (even on panic or cancellation).
pub struct Slots {
    /// Global maxconn, and what else the data path is handed.
    pub ctx: Arc<Context>,
    /// Frontend maxconn.
    pub limit: Arc<Limit>,
    /// The worker thread's load.
    pub seat: crate::data::workers::Seat,
}

impl Drop for Slots {
    fn drop(&mut self) {
        self.limit.release();
        self.ctx.process.limit.release();
        self.ctx.process.sessions.fetch_sub(1, Relaxed);
    }
}

/// Connect to a server. Success is read from the readiness epoll reports (EPOLLOUT without
/// EPOLLERR/EPOLLHUP), which saves the `getsockopt(SO_ERROR)` a connect usually costs; the error
/// is fetched only when there is one.
pub async fn connect(
    addr: SocketAddr,
    timeout: Duration,
    keepalive: bool,
) -> io::Result<TcpStream> {
    let sock = Socket::new(
        Domain::for_address(addr),
        Type::STREAM.nonblocking().cloexec(),
        Some(Protocol::TCP),
    )?;
    sock.set_tcp_nodelay(true)?;
    if keepalive {
        sock.set_keepalive(true)?;
    }
    match sock.connect(&addr.into()) {
        Ok(()) => {}
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
        Err(e) => return Err(e),
    }
    let stream = TcpStream::from_std(sock.into())?;
    let ready = match tokio::time::timeout(timeout, stream.ready(Interest::WRITABLE)).await {
        Ok(r) => r?,
        Err(_) => return Err(io::Error::new(io::ErrorKind::TimedOut, "connect timeout")),
    };
    if ready.is_error() || ready.is_write_closed() || !ready.is_writable() {
        return Err(stream
            .take_error()?
            .unwrap_or_else(|| io::ErrorKind::ConnectionRefused.into()));
    }
    Ok(stream)
}

/// A server with a free slot, waiting in the backend's queue (at most `timeout`) when every
/// usable server is at its `maxconn`.
pub async fn pick_or_queue(
    be: &Backend,
    peer: SocketAddr,
    timeout: Option<Duration>,
) -> Result<Arc<Server>, Term> {
    if let Some(s) = be.pick(Some(peer), None) {
        return Ok(s);
    }
    if !be.is_up() {
        return Err(Term('S', 'C'));
    }
    let q = be.c.qcur.fetch_add(1, Relaxed) + 1;
    crate::runtime::counters::raise(&be.c.qmax, q);
    let deadline = timeout.map(|t| tokio::time::Instant::now() + t);
    let result = loop {
        let n = be.queue.notified();
        tokio::pin!(n);
        n.as_mut().enable();
        if let Some(s) = be.pick(Some(peer), None) {
            break Ok(s);
        }
        if !be.is_up() {
            break Err(Term('S', 'Q'));
        }
        match deadline {
            Some(d) => {
                // Re-check now and then: servers coming back do not signal the queue.
                let wake = d.min(tokio::time::Instant::now() + Duration::from_millis(100));
                if tokio::time::timeout_at(wake, n).await.is_err()
                    && tokio::time::Instant::now() >= d
                {
                    break Err(Term('s', 'Q'));
                }
            }
            None => {
                let _ = tokio::time::timeout(Duration::from_millis(100), n).await;
            }
        }
    };
    be.c.qcur.fetch_sub(1, Relaxed);
    result
}

/// The server of `be` that the network of `client` is bound to, with a slot taken on it: only
/// while that server is in the backend's current table (a backup stops getting new sessions as
/// soon as an active server is back), usable, and below its `maxconn`.
pub fn bound_server(process: &Process, be: &Backend, client: IpAddr) -> Option<Arc<Server>> {
    let p = be.cfg.persist?;
    let name = process
        .persist
        .lookup(&be.cfg.name, network(client, &p), p.timeout)?;
    let lb = be.lb.load();
    let s = lb
        .list
        .iter()
        .map(|&i| &be.servers[i])
        .find(|s| s.cfg.name == name)?;
    (s.usable.load(Relaxed) && s.try_acquire()).then(|| s.clone())
}

/// A session's share in its network's binding (TCP and UDP sessions): taken when the session has
/// its server, given back when it ends.
pub struct Held {
    process: Arc<Process>,
    backend: String,
    net: IpAddr,
    server: String,
}

impl Held {
    /// Bind the network of `client` to `srv` in `be` (when `be` persists) for this session.
    pub fn begin(
        process: &Arc<Process>,
        be: &Backend,
        client: IpAddr,
        srv: &Server,
    ) -> Option<Held> {
        let p = be.cfg.persist?;
        let net = network(client, &p);
        process
            .persist
            .begin(&be.cfg.name, net, &srv.cfg.name, p.timeout);
        process.persist.purge_expired();
        Some(Held {
            process: process.clone(),
            backend: be.cfg.name.clone(),
            net,
            server: srv.cfg.name.clone(),
        })
    }

    /// The session's server is no longer usable: the network is free to go elsewhere.
    pub fn forget(&self) {
        self.process
            .persist
            .forget(&self.backend, self.net, &self.server);
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.process
            .persist
            .end(&self.backend, self.net, &self.server);
    }
}
