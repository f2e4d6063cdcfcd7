//! The balancing algorithms (`balance roundrobin`, `static-rr`, `leastconn`, `first`, `source`):
//! the table of servers that take new traffic, rebuilt on every state change (active servers,
//! else the first or all backups), its weighted interleaved sequence, and the pick of a server
//! with a free slot.

use std::net::SocketAddr;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Instant;

use crate::config::Balance;
use crate::runtime::lock;
use crate::runtime::state::{Backend, LbTable, Server};

impl Backend {
    /// Rebuild the load-balancing table from the servers' current state.
    pub fn rebuild(&self) {
        let usable: Vec<usize> = (0..self.servers.len())
            .filter(|&i| {
                let s = &self.servers[i];
                let u = s.compute_usable();
                s.usable.store(u, Relaxed);
                u
            })
            .collect();
        let active: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&i| !self.servers[i].cfg.backup)
            .collect();
        let (list, backup) = if !active.is_empty() {
            (active, false)
        } else {
            let backups: Vec<usize> = usable
                .iter()
                .copied()
                .filter(|&i| self.servers[i].cfg.backup)
                .collect();
            if self.cfg.allbackups {
                (backups, true)
            } else {
                (backups.into_iter().take(1).collect(), true)
            }
        };
        let weights: Vec<u32> = list
            .iter()
            .map(|&i| lock(&self.servers[i].detail).weight)
            .collect();
        let seq = weighted_sequence(&list, &weights);
        self.lb.store(Arc::new(LbTable { list, seq, backup }));
        // A backend without servers (a stats-only listen) is UP, as in HAProxy.
        let up = !self.lb.load().list.is_empty() || self.servers.is_empty();
        let mut d = lock(&self.detail);
        if d.up != up {
            d.up = up;
            d.last_change = Instant::now();
            if up {
                d.down.went_up(true);
            } else {
                d.down.went_down();
                d.downs += 1;
            }
        }
    }

    /// Whether some server takes traffic.
    pub fn is_up(&self) -> bool {
        !self.lb.load().list.is_empty()
    }

    /// A server slot was freed: let a queued connection have it.
    pub fn release(&self, s: &Server) {
        s.c.cur.fetch_sub(1, Relaxed);
        if self.c.qcur.load(Relaxed) > 0 {
            self.queue.notify_one();
        }
    }

    /// Pick a server with a free slot (and take the slot), or None when all are busy or down.
    /// `exclude` skips one server (redispatch).
    pub fn pick(&self, src: Option<SocketAddr>, exclude: Option<&Server>) -> Option<Arc<Server>> {
        let lb = self.lb.load();
        let n = lb.seq.len();
        if n == 0 {
            return None;
        }
        let skip =
            |s: &Server| exclude.is_some_and(|e| std::ptr::eq(e, s)) || !s.usable.load(Relaxed);
        match self.cfg.balance {
            Balance::RoundRobin => {
                let start = self.rr.fetch_add(1, Relaxed);
                for k in 0..n {
                    let s = &self.servers[lb.seq[(start + k) % n]];
                    if !skip(s) && s.try_acquire() {
                        return Some(s.clone());
                    }
                }
                None
            }
            Balance::Source => {
                let h = src.map(|a| hash_ip(a.ip())).unwrap_or(0) as usize;
                for k in 0..n {
                    let s = &self.servers[lb.seq[(h + k) % n]];
                    if !skip(s) && s.try_acquire() {
                        return Some(s.clone());
                    }
                }
                None
            }
            Balance::First => lb
                .list
                .iter()
                .map(|&i| &self.servers[i])
                .find(|s| !skip(s) && s.try_acquire())
                .cloned(),
            Balance::LeastConn => {
                // Fewest sessions per weight; ties go round robin.
                let start = self.rr.fetch_add(1, Relaxed);
                let m = lb.list.len();
                let mut order: Vec<(u64, usize)> = (0..m)
                    .map(|k| {
                        let i = lb.list[(start + k) % m];
                        let s = &self.servers[i];
                        let w = s.weight.load(Relaxed).max(1) as u64;
                        ((s.c.cur.load(Relaxed) as u64 * 256) / w, i)
                    })
                    .collect();
                order.sort_by_key(|(load, _)| *load);
                order
                    .into_iter()
                    .map(|(_, i)| &self.servers[i])
                    .find(|s| !skip(s) && s.try_acquire())
                    .cloned()
            }
        }
    }
}

fn hash_ip(ip: std::net::IpAddr) -> u32 {
    // HAProxy hashes the address bytes; any stable mix gives the same affinity property.
    let bytes: Vec<u8> = match ip {
        std::net::IpAddr::V4(a) => a.octets().to_vec(),
        std::net::IpAddr::V6(a) => a.octets().to_vec(),
    };
    let mut h: u32 = 2166136261;
    for b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(16777619);
    }
    h
}

/// Smooth weighted round robin (nginx's): each server appears `weight / gcd` times, spread out.
pub fn weighted_sequence(list: &[usize], weights: &[u32]) -> Vec<usize> {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let g = weights
        .iter()
        .copied()
        .filter(|w| *w > 0)
        .fold(0, gcd)
        .max(1);
    let w: Vec<i64> = weights.iter().map(|x| (*x / g) as i64).collect();
    let total: i64 = w.iter().sum();
    let mut current = vec![0i64; w.len()];
    let mut seq = Vec::with_capacity(total as usize);
    for _ in 0..total {
        let mut best = 0;
        for i in 0..w.len() {
            current[i] += w[i];
            if current[i] > current[best] {
                best = i;
            }
        }
        current[best] -= total;
        seq.push(list[best]);
    }
    seq
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::runtime::state::{Process, Runtime};

    fn rt(text: &str) -> Runtime {
        let cfg = Config::parse(Path::new("t.cfg"), text).unwrap();
        Runtime::build(cfg, Arc::new(Process::default()), None)
    }

    #[test]
    fn weighted_sequence_is_spread_and_proportional() {
        let seq = weighted_sequence(&[0, 1, 2], &[5, 1, 1]);
        assert_eq!(seq.len(), 7);
        assert_eq!(seq.iter().filter(|&&i| i == 0).count(), 5);
        assert_eq!(seq, [0, 0, 1, 0, 2, 0, 0]);
        assert_eq!(weighted_sequence(&[3, 4], &[10, 20]), [4, 3, 4]);
    }

    #[test]
    fn roundrobin_weighted_and_maxconn() {
        let r = rt("backend b\n server a 127.0.0.1:1 weight 2\n server c 127.0.0.1:2 maxconn 1\n");
        let b = &r.backends[0];
        let picks: Vec<String> = (0..3)
            .map(|_| b.pick(None, None).unwrap().cfg.name.clone())
            .collect();
        assert_eq!(picks.iter().filter(|p| *p == "a").count(), 2);
        // c is now full (maxconn 1): only a is handed out.
        for _ in 0..5 {
            assert_eq!(b.pick(None, None).unwrap().cfg.name, "a");
        }
    }

    #[test]
    fn backup_first_usable_only_unless_allbackups() {
        let text = "backend b\n server a 127.0.0.1:1 check\n server b1 127.0.0.1:2 backup\n server b2 127.0.0.1:3 backup\n";
        let r = rt(text);
        let b = &r.backends[0];
        assert_eq!(b.pick(None, None).unwrap().cfg.name, "a");
        let a = b.servers[0].clone();
        lock(&a.detail)
            .health
            .apply(crate::runtime::health::Outcome::Fail);
        r.refresh(&a, "test");
        let names: Vec<String> = (0..4)
            .map(|_| b.pick(None, None).unwrap().cfg.name.clone())
            .collect();
        assert_eq!(names, ["b1", "b1", "b1", "b1"]);
        let r = rt(&text.replace("backend b\n", "backend b\n option allbackups\n"));
        let b = &r.backends[0];
        let a = b.servers[0].clone();
        lock(&a.detail)
            .health
            .apply(crate::runtime::health::Outcome::Fail);
        r.refresh(&a, "test");
        let mut names: Vec<String> = (0..4)
            .map(|_| b.pick(None, None).unwrap().cfg.name.clone())
            .collect();
        names.sort();
        assert_eq!(names, ["b1", "b1", "b2", "b2"]);
    }

    #[test]
    fn track_follows_and_first_and_leastconn() {
        let r = rt("backend h\n server p 127.0.0.1:1 check\nbackend t\n balance first\n server p 127.0.0.1:2 track h/p maxconn 1\n server q 127.0.0.1:3\n");
        let t = r.backend("t").unwrap();
        assert_eq!(t.pick(None, None).unwrap().cfg.name, "p");
        assert_eq!(t.pick(None, None).unwrap().cfg.name, "q", "p is full");
        let (_, hp) = r.server("h", "p").unwrap();
        lock(&hp.detail)
            .health
            .apply(crate::runtime::health::Outcome::Fail);
        r.refresh(&hp.clone(), "test");
        let (_, tp) = r.server("t", "p").unwrap();
        assert_eq!(tp.status(), "DOWN");
        assert!(!tp.usable.load(Relaxed));
        let r = rt("backend l\n balance leastconn\n server a 127.0.0.1:1\n server b 127.0.0.1:2\n");
        let l = &r.backends[0];
        let first = l.pick(None, None).unwrap();
        let second = l.pick(None, None).unwrap();
        assert_ne!(first.cfg.name, second.cfg.name);
    }

    #[test]
    fn source_is_sticky() {
        let r = rt("backend s\n balance source\n server a 127.0.0.1:1\n server b 127.0.0.1:2\n server c 127.0.0.1:3\n");
        let b = &r.backends[0];
        let src: SocketAddr = "10.1.2.3:5555".parse().unwrap();
        let first = b.pick(Some(src), None).unwrap().cfg.name.clone();
        for _ in 0..5 {
            assert_eq!(b.pick(Some(src), None).unwrap().cfg.name, first);
        }
    }
}
