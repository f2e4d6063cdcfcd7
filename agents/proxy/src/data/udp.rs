//! `mode udp` (a rustha extension): datagram load balancing with LVS semantics, replacing the
//! ldirectord/LVS UDP services of seed 001 (a SIP service, round robin, `persistent=1`).
//!
//! A session is one client address:port bound to one server. Its first datagram picks the
//! server with the backend's algorithm (`roundrobin`, `leastconn`, `source`, `first`, backup
//! servers as in TCP mode, `maxconn` counted in sessions) and opens a UDP socket `connect`ed to
//! that server; the client's datagrams go out on it, and the server's replies come back to the
//! client from the listening socket, so their source is the service address (the VIP). A UDP
//! `bind` must therefore name that address: a wildcard bind is refused by the configuration
//! check (answering from the right address of a wildcard socket would need IP_PKTINFO on every
//! datagram for no gain in a cluster, where the VIP is known).
//!
//! A session ends after `timeout client` without a datagram either way (else `timeout server`,
//! else 300 s, the LVS UDP default), when its server's sessions are shut down
//! (`on-marked-down shutdown-sessions`, admin) or when the listener closes (stop, or a reload
//! that removes the address). When its server is no longer usable (DOWN, MAINT, DRAIN), the
//! client's next datagram opens a new session on another server, as LVS does with
//! `expire_nodest_conn`; so do the sessions of a backup server once an active server is usable
//! again (ldirectord's `fallback` server leaves the LVS table then). Datagrams that cannot open a session (no usable server, `maxconn`
//! reached, stopping) are dropped and counted as denied (`dreq` of the frontend).
//!
//! `persist source TIME [MASK]` ([`crate::runtime::persist`]): a client network stays on the server of its
//! sessions while one of them lives and for TIME after the last one ended.
//!
//! Each bound address has one socket, served by one task on one worker thread (addresses are
//! spread over the workers); each session adds one task that relays the server's replies. No
//! task or thread per datagram. Counters are updated per datagram, so the stats show live bytes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use arc_swap::ArcSwap;
use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::UdpSocket;
use tokio::sync::watch;
use tokio::task::AbortHandle;

use crate::data::upstream::Slots;
use crate::data::Context;
use crate::runtime::now_ms;
use crate::runtime::state::{Backend, Frontend, Process, Server};

/// Idle timeout of a session when neither `timeout client` nor `timeout server` is set.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(300);

/// Largest UDP payload.
const MAX_DATAGRAM: usize = 65536;

thread_local! {
    /// One receive buffer per worker thread, shared by every task on it.
    static BUF: RefCell<Vec<u8>> = RefCell::new(vec![0; MAX_DATAGRAM]);
}

/// Bind a listening socket on `addr`, with IP_FREEBIND (the VIP may not be local yet). No
/// SO_REUSEADDR: for UDP it would let a second process share the port silently.
pub fn bind(addr: SocketAddr) -> io::Result<std::net::UdpSocket> {
    let s = Socket::new(Domain::for_address(addr), Type::DGRAM, Some(Protocol::UDP))?;
    if addr.is_ipv6() {
        s.set_only_v6(true)?;
        let _ = s.set_freebind_v6(true);
    } else {
        let _ = s.set_freebind_v4(true);
    }
    s.set_nonblocking(true)?;
    s.bind(&addr.into())?;
    Ok(s.into())
}

/// The idle timeout of sessions of `fe` going to `be`.
fn idle_timeout(fe: &Frontend, be: Option<&Backend>) -> Duration {
    fe.cfg
        .timeouts
        .client
        .or_else(|| be.and_then(|b| b.cfg.timeouts.server))
        .unwrap_or(DEFAULT_IDLE)
}

/// Where a session's traffic is counted; replaced when a reload keeps the session's server.
struct Home {
    fe: Arc<Frontend>,
    be: Arc<Backend>,
}

/// What a session and its reply task share.
struct Shared {
    /// Last datagram either way (ms).
    last: AtomicU64,
    /// The server's sessions were shut down (or the process stops hard).
    killed: AtomicBool,
    /// Bytes sent to the client.
    bout: AtomicU64,
    home: ArcSwap<Home>,
}

/// Why a session ended, as HAProxy's two-letter termination state in the log.
#[derive(Clone, Copy)]
enum End {
    /// Idle for the timeout: `cD`.
    Idle,
    /// Shut down (server, admin, hard stop): `KD`.
    Killed,
    /// Its server is no longer usable: `SD`.
    ServerGone,
    /// The listener closed: `KD`.
    Closed,
}

struct Session {
    peer: SocketAddr,
    srv: Arc<Server>,
    up: Arc<UdpSocket>,
    shared: Arc<Shared>,
    reply: AbortHandle,
    /// Its share in the client network's `persist source` binding.
    bound: Option<crate::data::upstream::Held>,
    process: Arc<Process>,
    started: Instant,
    accept_time: SystemTime,
    end: End,
    _slots: Slots,
}

impl Drop for Session {
    fn drop(&mut self) {
        self.reply.abort();
        let home = self.shared.home.load_full();
        home.fe.c.leave();
        home.be.c.leave();
        home.be.release(&self.srv);
        // `option tcplog`'s format; the session is accepted and connected at once (Tw/Tc 0).
        let cfg = &home.fe.cfg;
        if (cfg.tcplog || cfg.httplog) && !cfg.logs.is_empty() {
            let term = match self.end {
                End::Idle => "cD",
                End::Killed | End::Closed => "KD",
                End::ServerGone => "SD",
            };
            let line = format!(
                "{} [{}] {} {}/{} 0/0/{} {} {} {}/{}/{}/{}/0 0/0",
                self.peer,
                crate::runtime::logger::clf_time(self.accept_time),
                home.fe.cfg.name,
                home.be.cfg.name,
                self.srv.cfg.name,
                self.started.elapsed().as_millis(),
                self.shared.bout.load(Relaxed),
                term,
                self.process.sessions.load(Relaxed),
                home.fe.c.cur.load(Relaxed),
                home.be.c.cur.load(Relaxed),
                self.srv.c.cur.load(Relaxed),
            );
            crate::runtime::logger::traffic(&home.fe.cfg, &line);
        }
    }
}

/// Whether `srv` is in the load-balancing table of `be` now (for backup servers: an active
/// server is back, or another backup is the one in use).
fn serves(be: &Backend, srv: &Arc<Server>) -> bool {
    let lb = be.lb.load();
    lb.list.iter().any(|&i| Arc::ptr_eq(&be.servers[i], srv))
}

/// After a reload: attach `s` to the new frontend `fe` (and its backend) if that generation
/// kept the session's server object (same definition); whether it did.
fn rehome(s: &Session, home: &Home, fe: &Arc<Frontend>) -> bool {
    let Some(be) = fe
        .backend
        .as_ref()
        .filter(|b| b.servers.iter().any(|x| Arc::ptr_eq(x, &s.srv)))
    else {
        return false;
    };
    move_cur(&home.fe.c, &fe.c);
    move_cur(&home.be.c, &be.c);
    s.shared.home.store(Arc::new(Home {
        fe: fe.clone(),
        be: be.clone(),
    }));
    true
}

/// Count the current session of a reload-kept session on its new frontend/backend.
fn move_cur(from: &crate::runtime::counters::Counters, to: &crate::runtime::counters::Counters) {
    from.leave();
    let c = to.cur.fetch_add(1, Relaxed) + 1;
    crate::runtime::counters::raise(&to.max, c);
}

/// One listening socket and its sessions.
struct Listener {
    sock: Arc<UdpSocket>,
    local: SocketAddr,
    ctx: Arc<Context>,
    sessions: HashMap<SocketAddr, Session>,
}

impl Listener {
    fn datagram(&mut self, fe: &Arc<Frontend>, peer: SocketAddr, data: &[u8]) {
        if let Some(s) = self.sessions.get_mut(&peer) {
            let home = s.shared.home.load();
            let keep = if s.shared.killed.load(Relaxed) {
                s.end = End::Killed;
                false
            } else if !s.srv.usable.load(Relaxed) || (s.srv.cfg.backup && !serves(&home.be, &s.srv))
            {
                s.end = End::ServerGone;
                if let Some(b) = &s.bound {
                    b.forget();
                }
                false
            } else if !Arc::ptr_eq(&home.fe, fe) {
                // A reload kept the server (same definition) or the session moves on like one
                // whose server went away.
                let kept = rehome(s, &home, fe);
                if !kept {
                    s.end = End::ServerGone;
                }
                kept
            } else {
                true
            };
            drop(home);
            if !keep {
                self.sessions.remove(&peer);
            }
        }
        if !self.sessions.contains_key(&peer) {
            match self.open(fe, peer) {
                Some(s) => {
                    self.sessions.insert(peer, s);
                }
                None => {
                    fe.c.dreq.fetch_add(1, Relaxed);
                    return;
                }
            }
        }
        let s = self.sessions.get_mut(&peer).expect("present");
        // A full socket buffer drops the datagram, as the network would. Sent directly: tokio's
        // try_send would wait for a writability event a new socket has not had yet.
        if socket2::SockRef::from(&*s.up).send(data).is_ok() {
            let n = data.len() as u64;
            let home = s.shared.home.load();
            home.fe.c.bin.fetch_add(n, Relaxed);
            home.be.c.bin.fetch_add(n, Relaxed);
            s.srv.c.bin.fetch_add(n, Relaxed);
        }
        s.shared.last.store(now_ms(), Relaxed);
    }

    /// A new session for `peer`, or None when no server (or no slot) takes it.
    fn open(&mut self, fe: &Arc<Frontend>, peer: SocketAddr) -> Option<Session> {
        let process = &self.ctx.process;
        if process.stopping.load(Relaxed) {
            return None;
        }
        let be = fe.backend.clone()?;
        if !process.limit.try_acquire() {
            return None;
        }
        if !fe.limit.try_acquire() {
            process.limit.release();
            return None;
        }
        process.sessions.fetch_add(1, Relaxed);
        let slots = Slots {
            ctx: self.ctx.clone(),
            limit: fe.limit.clone(),
            seat: crate::data::workers::Seat::here(),
        };
        let persisted = crate::data::upstream::bound_server(process, &be, peer.ip());
        let srv = persisted.or_else(|| be.pick(Some(peer), None))?;
        let up = match srv.addr.map(|a| self.connect(a)) {
            Some(Ok(u)) => Arc::new(u),
            other => {
                if let Some(Err(e)) = other {
                    // Out of descriptors under a flood of new clients: once a second, not per
                    // datagram.
                    static LAST: AtomicU64 = AtomicU64::new(u64::MAX);
                    let now = now_ms() / 1000;
                    if LAST.swap(now, Relaxed) != now {
                        tracing::warn!(
                            "udp {}: cannot open a socket to {}/{}: {e}",
                            self.local,
                            be.cfg.name,
                            srv.cfg.name
                        );
                    }
                }
                srv.c.econ.fetch_add(1, Relaxed);
                be.c.econ.fetch_add(1, Relaxed);
                be.release(&srv);
                return None;
            }
        };
        process.total.fetch_add(1, Relaxed);
        fe.c.enter();
        be.c.enter();
        let bound = crate::data::upstream::Held::begin(process, &be, peer.ip(), &srv);
        let shared = Arc::new(Shared {
            last: AtomicU64::new(now_ms()),
            killed: AtomicBool::new(false),
            bout: AtomicU64::new(0),
            home: ArcSwap::from_pointee(Home {
                fe: fe.clone(),
                be: be.clone(),
            }),
        });
        let reply = tokio::spawn(replies(
            up.clone(),
            self.sock.clone(),
            peer,
            srv.clone(),
            shared.clone(),
            process.clone(),
        ))
        .abort_handle();
        Some(Session {
            peer,
            srv,
            up,
            shared,
            reply,
            bound,
            process: process.clone(),
            started: Instant::now(),
            accept_time: SystemTime::now(),
            end: End::Idle,
            _slots: slots,
        })
    }

    /// A socket connected to the server (a server without a port gets the listener's port).
    fn connect(&self, addr: SocketAddr) -> io::Result<UdpSocket> {
        let addr = if addr.port() == 0 {
            SocketAddr::new(addr.ip(), self.local.port())
        } else {
            addr
        };
        let s = Socket::new(
            Domain::for_address(addr),
            Type::DGRAM.nonblocking().cloexec(),
            Some(Protocol::UDP),
        )?;
        s.connect(&addr.into())?;
        UdpSocket::from_std(s.into())
    }

    /// End idle and shut-down sessions.
    /// End idle and shut-down sessions; count quiet sessions of a kept server on the
    /// generation attached now (the others move at their next datagram).
    fn sweep(&mut self, fe: &Arc<Frontend>) {
        let idle = idle_timeout(fe, fe.backend.as_deref()).as_millis() as u64;
        let now = now_ms();
        self.sessions.retain(|_, s| {
            if s.shared.killed.load(Relaxed) {
                s.end = End::Killed;
                return false;
            }
            if now.saturating_sub(s.shared.last.load(Relaxed)) >= idle {
                s.end = End::Idle;
                return false;
            }
            let home = s.shared.home.load();
            if !Arc::ptr_eq(&home.fe, fe) {
                rehome(s, &home, fe);
            }
            true
        });
    }
}

/// Relay the server's replies of one session to its client, from the listening socket.
async fn replies(
    up: Arc<UdpSocket>,
    listen: Arc<UdpSocket>,
    peer: SocketAddr,
    srv: Arc<Server>,
    shared: Arc<Shared>,
    process: Arc<Process>,
) {
    // Registered once: polling them again costs one atomic load each.
    let killed = srv.kill.wait();
    let all = process.kill_all.wait();
    tokio::pin!(killed, all);
    loop {
        tokio::select! {
            biased;
            _ = &mut killed => break,
            _ = &mut all => break,
            r = up.readable() => {
                if r.is_err() {
                    break;
                }
            }
        }
        let got = BUF.with(|b| {
            let mut b = b.borrow_mut();
            match up.try_recv(&mut b) {
                Ok(n) => match socket2::SockRef::from(&*listen).send_to(&b[..n], &peer.into()) {
                    Ok(_) => Ok((n, None)),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        Ok((n, Some(b[..n].to_vec())))
                    }
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            }
        });
        let n = match got {
            Ok((n, None)) => n,
            Ok((n, Some(copy))) => {
                if listen.send_to(&copy, peer).await.is_err() {
                    continue;
                }
                n
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(_) => {
                // ICMP port unreachable and the like, reported on the connected socket.
                srv.c.eresp.fetch_add(1, Relaxed);
                continue;
            }
        };
        let n = n as u64;
        shared.bout.fetch_add(n, Relaxed);
        shared.last.store(now_ms(), Relaxed);
        let home = shared.home.load();
        home.fe.c.bout.fetch_add(n, Relaxed);
        home.be.c.bout.fetch_add(n, Relaxed);
        srv.c.bout.fetch_add(n, Relaxed);
    }
    shared.killed.store(true, Relaxed);
}

/// Serve one bound address until `stop` turns true: `frontend` gives the frontend attached now
/// (a reload re-points it). Every session ends with the listener.
pub async fn serve(
    sock: std::net::UdpSocket,
    frontend: impl Fn() -> Arc<Frontend>,
    mut stop: watch::Receiver<bool>,
    ctx: Arc<Context>,
) {
    let process = ctx.process.clone();
    let local = match sock.local_addr() {
        Ok(a) => a,
        Err(e) => {
            tracing::error!("udp listener: {e}");
            return;
        }
    };
    let sock = match UdpSocket::from_std(sock) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            tracing::error!("udp listener {local}: {e}");
            return;
        }
    };
    let mut l = Listener {
        sock: sock.clone(),
        local,
        ctx: ctx.clone(),
        sessions: HashMap::new(),
    };
    let mut last_sweep = now_ms();
    loop {
        let fe = frontend();
        let idle = idle_timeout(&fe, fe.backend.as_deref());
        // Sessions end within a quarter of their idle timeout after it (at most 1 s late).
        let tick = (idle / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
        let r = tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            r = sock.readable() => r,
            _ = tokio::time::sleep(tick) => Ok(()),
        };
        if let Err(e) = r {
            tracing::error!("udp listener {local}: {e}");
            break;
        }
        // The generation attached now (a reload may have happened while waiting).
        let fe = frontend();
        // Drain what is queued (bounded, so the sweep and the stop still get their turn).
        for _ in 0..256 {
            let got = BUF.with(|b| {
                let mut b = b.borrow_mut();
                sock.try_recv_from(&mut b).map(|(n, peer)| {
                    l.datagram(&fe, peer, &b[..n]);
                })
            });
            match got {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => {
                    tracing::debug!("udp listener {local}: {e}");
                    break;
                }
            }
        }
        let now = now_ms();
        if now.saturating_sub(last_sweep) >= tick.as_millis() as u64 {
            last_sweep = now;
            l.sweep(&fe);
            if fe.backend.as_ref().is_some_and(|b| b.cfg.persist.is_some()) {
                let rt = ctx.current();
                process.persist.purge(|name| {
                    rt.backend(name)
                        .or(fe.backend.as_ref().filter(|b| b.cfg.name == name))
                        .and_then(|b| b.cfg.persist)
                        .map(|p| p.timeout)
                });
            }
        }
    }
    for s in l.sessions.values_mut() {
        s.end = End::Closed;
    }
    let n = l.sessions.len();
    drop(l);
    tracing::info!("udp listener {local} closed ({n} session(s) ended)");
}

#[cfg(test)]
mod tests;
