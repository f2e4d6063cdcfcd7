//! Idle keep-alive connections to servers, one pool per worker thread (each worker is a
//! single-threaded runtime, so a pooled socket is reused on the reactor it is registered with
//! and the pool needs no lock). Keyed by server address, so any client connection on the thread,
//! and a server object of a newer generation, reuses them. Like HAProxy's `pool-purge-delay`
//! (5 s), a connection idle that long is closed; a connection the server closed is dropped when
//! it is taken. A connection to a server whose sessions were shut down (`on-marked-down
//! shutdown-sessions`, admin `shutdown sessions`) is never reused: it is closed when its
//! thread's watcher sees the kill switch fire ([`crate::runtime::killswitch::on_fire`]), or when taken
//! before that.
//!
//! Which request may take which connection is the caller's rule, from `http-reuse` (with the
//! default `safe`, a client's first request never takes an idle connection; `aggressive` lets
//! it take one that has carried a second request; `never` keeps a client's connection out of
//! the pool, for that client alone). As in HAProxy, a connection that has carried more than one
//! request is taken before one that has carried only one.
//!
//! A connection goes back only when its response ended exactly where its framing said (the
//! caller's check), and one that received anything while idle (a byte the server sent
//! unasked, or its close) is never taken (`quiet`): the byte would be read as the next
//! request's response, handing one client's answer to another.
//!
//! Idle connections hold descriptors too, so they count in the process's budget as in HAProxy
//! 2.6 (`tune.pool-high-fd-ratio`, 25%): a connection is kept idle only while the descriptors
//! of the sessions (two each) and of the idle connections stay below a quarter of the
//! descriptor limit, less what listeners, checks and the process itself hold.
//!
//! The map hashes with `rustc-hash` (FxHash) instead of std's SipHash: its keys are server
//! addresses from the configuration, not chosen by clients, so flooding resistance buys nothing,
//! and SipHash of a `SocketAddr` was 4% of the instructions of a small proxied request (a
//! lookup to take a connection and one to put it back).

use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Weak};
use std::time::Duration;

use rustc_hash::FxHashMap;
use tokio::net::TcpStream;

use crate::runtime::now_ms;
use crate::runtime::state::Server;

/// Idle connections kept per server and thread.
const MAX_IDLE: usize = 1024;
/// `pool-purge-delay`, in milliseconds of the coarse clock ([`now_ms`]): a connection is put
/// back and taken once per request, and a precise clock read there would cost more than the
/// pool lookup itself.
const PURGE_MS: u64 = 5_000;

/// An idle connection: when it was put back, the server it was used for and that server's
/// kill generation when the request that used it started, and whether it has carried more
/// than one request (`http-reuse aggressive` gives a first request only such a one).
struct Idle {
    s: Counted,
    since: u64,
    srv: Weak<Server>,
    kills: u64,
    proven: bool,
}

impl Idle {
    /// Its server's sessions were shut down since (a server gone with a reload is not).
    fn killed(&self) -> bool {
        self.srv
            .upgrade()
            .is_some_and(|s| s.kill.generation() != self.kills)
    }
}

/// Idle connections of every thread.
static IDLE_TOTAL: AtomicUsize = AtomicUsize::new(0);
/// The descriptors sessions and idle connections may hold before no more are kept idle.
static HIGH: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Set the budget from the descriptor limit and the descriptors held besides the sessions'
/// (`tune.pool-high-fd-ratio` 25, as HAProxy 2.6).
pub fn set_budget(nofile: u64, reserve: u64) {
    let high = (nofile / 4).saturating_sub(reserve);
    HIGH.store(usize::try_from(high).unwrap_or(usize::MAX), Relaxed);
}

/// Whether another idle connection fits the budget while `sessions` sessions are open.
fn fits(sessions: usize) -> bool {
    2 * sessions + IDLE_TOTAL.load(Relaxed) < HIGH.load(Relaxed)
}

/// An idle connection, counted in [`IDLE_TOTAL`] while it lives.
struct Counted(Option<TcpStream>);

impl Counted {
    fn new(s: TcpStream) -> Counted {
        IDLE_TOTAL.fetch_add(1, Relaxed);
        Counted(Some(s))
    }
    fn stream(&self) -> &TcpStream {
        self.0.as_ref().expect("held until taken")
    }
    fn take(mut self) -> TcpStream {
        self.0.take().expect("held until taken")
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        IDLE_TOTAL.fetch_sub(1, Relaxed);
    }
}

thread_local! {
    static IDLE: RefCell<FxHashMap<SocketAddr, Vec<Idle>>> = RefCell::default();
    static REAPER: Cell<bool> = const { Cell::new(false) };
}

/// An idle connection to `addr` for `srv` that received nothing while idle: as HAProxy 2.6
/// picks, one that has carried more than one request (known to stay open) before one that
/// has carried only one, most recently used first; with `proven`, only the former.
pub fn take(addr: SocketAddr, srv: &Arc<Server>, proven: bool) -> Option<TcpStream> {
    IDLE.with(|p| {
        let mut p = p.borrow_mut();
        let list = p.get_mut(&addr)?;
        take_from(list, srv, true).or_else(|| (!proven).then(|| take_from(list, srv, false))?)
    })
}

/// The most recently used good connection of `list` (only a proven one with `proven`);
/// stale, shut down or noisy ones met on the way are dropped.
fn take_from(list: &mut Vec<Idle>, srv: &Arc<Server>, proven: bool) -> Option<TcpStream> {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        let idle = &list[i];
        // Shut down before the watcher could close it (one atomic load).
        let killed = std::ptr::eq(idle.srv.as_ptr(), Arc::as_ptr(srv))
            && srv.kill.generation() != idle.kills;
        if now_ms().saturating_sub(idle.since) >= PURGE_MS || killed {
            list.remove(i);
            continue;
        }
        if proven && !idle.proven {
            continue;
        }
        let idle = list.remove(i);
        if quiet(idle.s.stream()) {
            return Some(idle.s.take());
        }
    }
    None
}

/// Whether nothing (no byte, no close, no error) arrived on `s` while it was idle. The
/// runtime's readiness says first: a socket the event loop saw nothing on costs no system
/// call (a read per reused connection was a tenth of a small request's cost); one it saw an
/// event on is read, which tells a stale event from bytes or a close. As with HAProxy, whose
/// idle connections are closed by the event that announces their bytes, what the event loop
/// has not polled yet is not seen; the worker polls it whenever it waits, and at least every
/// few dozen tasks under load.
pub(super) fn quiet(s: &TcpStream) -> bool {
    let mut probe = [0u8; 1];
    matches!(s.try_read(&mut probe), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
}

/// Keep `s`, used for `srv` by a request that started at kill generation `kills`, for reuse,
/// if the descriptor budget allows it with `sessions` sessions open (else it closes);
/// `proven`: it has carried more than one request.
pub fn put(
    addr: SocketAddr,
    s: TcpStream,
    srv: &Arc<Server>,
    kills: u64,
    sessions: usize,
    proven: bool,
) {
    if !fits(sessions) {
        return;
    }
    IDLE.with(|p| {
        let mut p = p.borrow_mut();
        let list = p.entry(addr).or_default();
        if list.len() < MAX_IDLE {
            list.push(Idle {
                s: Counted::new(s),
                since: now_ms(),
                srv: Arc::downgrade(srv),
                kills,
                proven,
            });
        }
    });
    if !REAPER.with(|r| r.replace(true)) {
        crate::runtime::killswitch::on_fire(close_killed);
        // One purge task per worker thread, started by its first pooled connection.
        tokio::spawn(async {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                IDLE.with(|p| {
                    let now = now_ms();
                    for list in p.borrow_mut().values_mut() {
                        list.retain(|i| now.saturating_sub(i.since) < PURGE_MS);
                    }
                });
            }
        });
    }
}

/// Close this thread's idle connections to servers whose sessions were shut down.
fn close_killed() {
    IDLE.with(|p| {
        for list in p.borrow_mut().values_mut() {
            list.retain(|i| !i.killed());
        }
    });
}
