//! Idle keep-alive connections to servers, one pool per worker thread (each worker is a
//! single-threaded runtime, so a pooled socket is reused on the reactor it is registered with
//! and the pool needs no lock). Keyed by server address, so any client connection on the thread,
//! and a server object of a newer generation, reuses them. Like HAProxy's `pool-purge-delay`
//! (5 s), a connection idle that long is closed; a connection the server closed is dropped when
//! it is taken.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

/// Idle connections kept per server and thread.
const MAX_IDLE: usize = 1024;
/// `pool-purge-delay`.
const PURGE: Duration = Duration::from_secs(5);

thread_local! {
    static IDLE: RefCell<HashMap<SocketAddr, Vec<(TcpStream, Instant)>>> = RefCell::new(HashMap::new());
    static REAPER: Cell<bool> = const { Cell::new(false) };
}

/// An idle connection to `addr`, most recently used first; with `probe`, one that still looks
/// open (a system call; without it a closed one shows as an early EOF, and the caller replays
/// the request on a new connection).
pub fn take(addr: SocketAddr, probe: bool) -> Option<TcpStream> {
    IDLE.with(|p| {
        let mut p = p.borrow_mut();
        let list = p.get_mut(&addr)?;
        while let Some((s, since)) = list.pop() {
            if since.elapsed() >= PURGE {
                continue;
            }
            if !probe {
                return Some(s);
            }
            // Closed by the server (EOF), or stray bytes: not reusable.
            let mut probe = [0u8; 1];
            match s.try_read(&mut probe) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Some(s),
                _ => continue,
            }
        }
        None
    })
}

/// Keep `s` for reuse.
pub fn put(addr: SocketAddr, s: TcpStream) {
    IDLE.with(|p| {
        let mut p = p.borrow_mut();
        let list = p.entry(addr).or_default();
        if list.len() < MAX_IDLE {
            list.push((s, Instant::now()));
        }
    });
    if !REAPER.with(|r| r.replace(true)) {
        // One purge task per worker thread, started by its first pooled connection.
        tokio::spawn(async {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                IDLE.with(|p| {
                    for list in p.borrow_mut().values_mut() {
                        list.retain(|(_, since)| since.elapsed() < PURGE);
                    }
                });
            }
        });
    }
}
