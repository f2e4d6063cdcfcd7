//! `persist source TIME [MASK]` (a rustha extension; LVS persistence, ldirectord's `persistent`
//! and `netmask`): a client network (the client address under MASK) is bound to the server of
//! its sessions while one of them lives and for TIME after the last one ended (LVS persistence
//! templates); when that server is no longer usable the binding is dropped and a new server
//! picked. Used by `mode tcp` sessions and `mode udp` sessions alike, which take their share in
//! a binding through [`crate::data::upstream::Held`]. The table lives in
//! [`Process`](crate::runtime::state::Process), so it survives reloads (servers are named).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::Duration;

use crate::config::Persist;
use crate::runtime::{lock, now_ms};

/// The client network of `ip` under the masks of `p`.
pub fn network(ip: IpAddr, p: &Persist) -> IpAddr {
    match ip {
        IpAddr::V4(a) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(p.v4_prefix))
                .unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask))
        }
        IpAddr::V6(a) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(p.v6_prefix))
                .unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask))
        }
    }
}

#[derive(Debug)]
struct Binding {
    server: String,
    /// Sessions of the network on `server` alive now.
    active: u32,
    /// When the last of them ended (ms, [`now_ms`]).
    ended: u64,
    /// The persistence time it was made with (ms).
    keep: u64,
}

/// Source persistence: which server each client network of each backend is bound to.
#[derive(Debug, Default)]
pub struct PersistTable {
    map: Mutex<HashMap<(String, IpAddr), Binding>>,
    /// When expired bindings were last dropped by [`PersistTable::purge_expired`] (ms).
    purged: AtomicU64,
}

impl PersistTable {
    /// The server `net` is bound to in `backend`, if the binding is still valid.
    pub fn lookup(&self, backend: &str, net: IpAddr, timeout: Duration) -> Option<String> {
        let mut m = lock(&self.map);
        let key = (backend.to_string(), net);
        let b = m.get(&key)?;
        if b.active > 0 || now_ms().saturating_sub(b.ended) < timeout.as_millis() as u64 {
            return Some(b.server.clone());
        }
        m.remove(&key);
        None
    }

    /// A session of `net` started on `server`: the network is bound to it from now on.
    pub fn begin(&self, backend: &str, net: IpAddr, server: &str, keep: Duration) {
        let mut m = lock(&self.map);
        let b = m.entry((backend.to_string(), net)).or_insert(Binding {
            server: server.to_string(),
            active: 0,
            ended: 0,
            keep: 0,
        });
        b.keep = keep.as_millis() as u64;
        if b.server != server {
            // Rebound (the old server became unusable): its sessions no longer count.
            b.server = server.to_string();
            b.active = 0;
        }
        b.active += 1;
    }

    /// A session of `net` on `server` ended.
    pub fn end(&self, backend: &str, net: IpAddr, server: &str) {
        let mut m = lock(&self.map);
        if let Some(b) = m.get_mut(&(backend.to_string(), net)) {
            if b.server == server {
                b.active = b.active.saturating_sub(1);
                if b.active == 0 {
                    b.ended = now_ms();
                }
            }
        }
    }

    /// `server` is no longer usable: drop the binding of `net` to it.
    pub fn forget(&self, backend: &str, net: IpAddr, server: &str) {
        let mut m = lock(&self.map);
        let key = (backend.to_string(), net);
        if m.get(&key).is_some_and(|b| b.server == server) {
            m.remove(&key);
        }
    }

    /// Drop expired bindings (`timeout_of` gives each backend's persistence time; None: the
    /// backend has none any more).
    pub fn purge(&self, timeout_of: impl Fn(&str) -> Option<Duration>) {
        let now = now_ms();
        lock(&self.map).retain(|(be, _), b| {
            b.active > 0
                || timeout_of(be)
                    .is_some_and(|t| now.saturating_sub(b.ended) < t.as_millis() as u64)
        });
    }

    /// Drop the bindings whose time is over, at most once a second (called as sessions begin,
    /// so the table does not grow with every client network ever seen).
    pub fn purge_expired(&self) {
        let now = now_ms();
        let last = self.purged.load(Relaxed);
        // 0: never purged yet.
        if (last != 0 && now.saturating_sub(last) < 1000)
            || self
                .purged
                .compare_exchange(last, now.max(1), Relaxed, Relaxed)
                .is_err()
        {
            return;
        }
        lock(&self.map).retain(|_, b| b.active > 0 || now.saturating_sub(b.ended) < b.keep);
    }

    /// Bindings held (for tests and `show info`-like diagnostics).
    pub fn len(&self) -> usize {
        lock(&self.map).len()
    }

    /// No binding held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_under_masks() {
        let p = |v4, v6| Persist {
            timeout: Duration::from_secs(1),
            v4_prefix: v4,
            v6_prefix: v6,
        };
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(network(ip("10.1.2.3"), &p(32, 128)), ip("10.1.2.3"));
        assert_eq!(network(ip("10.1.2.3"), &p(24, 128)), ip("10.1.2.0"));
        assert_eq!(network(ip("10.1.2.3"), &p(0, 128)), ip("0.0.0.0"));
        assert_eq!(network(ip("2001:db8::1:2"), &p(32, 64)), ip("2001:db8::"));
        assert_eq!(
            network(ip("2001:db8::1:2"), &p(32, 128)),
            ip("2001:db8::1:2")
        );
    }

    #[test]
    fn persistence_lives_while_sessions_do_then_for_its_time() {
        let t = PersistTable::default();
        let net: IpAddr = "10.0.0.0".parse().unwrap();
        let zero = Duration::ZERO;
        let hour = Duration::from_secs(3600);
        assert_eq!(t.lookup("b", net, hour), None);
        t.begin("b", net, "s1", hour);
        t.begin("b", net, "s1", hour);
        // Active sessions keep it, whatever the time.
        assert_eq!(t.lookup("b", net, zero).as_deref(), Some("s1"));
        t.end("b", net, "s1");
        assert_eq!(t.lookup("b", net, zero).as_deref(), Some("s1"));
        t.end("b", net, "s1");
        assert_eq!(t.lookup("b", net, hour).as_deref(), Some("s1"));
        assert_eq!(t.lookup("other", net, hour), None);
        // All ended and the time is over: gone.
        assert_eq!(t.lookup("b", net, zero), None);
        assert!(t.is_empty());
        // Rebinding to another server: sessions of the old one no longer count.
        t.begin("b", net, "s1", hour);
        t.begin("b", net, "s2", hour);
        t.end("b", net, "s1");
        t.end("b", net, "s2");
        assert_eq!(t.lookup("b", net, hour).as_deref(), Some("s2"));
        t.forget("b", net, "s1");
        assert_eq!(t.len(), 1, "only a binding to that server is forgotten");
        t.forget("b", net, "s2");
        assert!(t.is_empty());
        t.begin("b", net, "s1", hour);
        t.end("b", net, "s1");
        t.purge(|_| Some(hour));
        assert_eq!(t.len(), 1);
        t.purge(|_| None);
        assert!(t.is_empty());
    }

    #[test]
    fn expired_bindings_are_purged_with_their_own_time() {
        let t = PersistTable::default();
        let net: IpAddr = "10.0.0.0".parse().unwrap();
        t.begin("short", net, "s1", Duration::ZERO);
        t.end("short", net, "s1");
        t.begin("long", net, "s1", Duration::from_secs(3600));
        t.end("long", net, "s1");
        t.purge_expired();
        assert_eq!(t.len(), 1, "only the binding whose time is over goes");
        // At most once a second.
        t.begin("short", net, "s1", Duration::ZERO);
        t.end("short", net, "s1");
        t.purge_expired();
        assert_eq!(t.len(), 2);
    }
}
