//! The shared runtime model: frontends, backends and servers with their health, admin state and
//! counters. The data path, the health checks, the stats renderings and the admin socket all
//! read and change this one model.
//!
//! The hot path only touches atomics and an [`ArcSwap`]ped load-balancing table; the mutexes
//! guard details that change on a health transition or an admin command (rare events).

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant, SystemTime};

use arc_swap::{ArcSwap, ArcSwapOption};
use tokio::sync::Notify;

use crate::config::{self, Config};
use crate::runtime::counters::{Counters, Limit};
use crate::runtime::health::Health;
use crate::runtime::killswitch::KillSwitch;
use crate::runtime::lock;

/// The layer-7 rules of one proxy, switching to this generation's backends.
pub type Rules = crate::config::rules::Rules<Arc<Backend>>;

/// The last health-check result, as the stats page shows it.
#[derive(Debug, Clone, Default)]
pub struct CheckResult {
    /// HAProxy's short code: `L4OK`, `L4CON`, `L4TOUT`, `L7OK`, `L7OKC`, `L7STS`, `L7RSP`,
    /// `L7TOUT`, `SOCKERR`, `INI`.
    pub status: &'static str,
    /// HTTP status for layer-7 checks.
    pub code: Option<u16>,
    /// Duration of the check.
    pub duration: Option<Duration>,
    /// Human-readable detail.
    pub desc: String,
}

/// Health and admin state of a server; changes are rare (check transitions, admin commands).
#[derive(Debug)]
pub struct Detail {
    /// The check counter (meaningful when the server is checked).
    pub health: Health,
    /// Administrative maintenance (`disabled`, `disable server`, `set server state maint`).
    pub maint: bool,
    /// Administrative drain.
    pub drain: bool,
    /// Last check result.
    pub check: CheckResult,
    /// Effective operational state last published.
    pub op: bool,
    /// When the effective state last changed.
    pub last_change: Instant,
    /// Time spent down.
    pub down: Downtime,
    /// Failed checks.
    pub chkfail: u64,
    /// UP -> DOWN transitions.
    pub chkdown: u64,
    /// Runtime weight.
    pub weight: u32,
}

/// One server.
#[derive(Debug)]
pub struct Server {
    /// Its configuration.
    pub cfg: config::Server,
    /// Owning backend's name.
    pub backend: String,
    /// Position in the backend, from 1 (HAProxy's `sid`).
    pub sid: u32,
    /// Resolved traffic address (None: resolution failed; the server is never used).
    pub addr: Option<SocketAddr>,
    /// Where checks go (`addr`/`port` overrides).
    pub check_addr: Option<SocketAddr>,
    /// Session counters.
    pub c: Counters,
    /// Usable for new traffic (up, not NOLB/DRAIN/MAINT, weight > 0): read on the hot path.
    pub usable: AtomicBool,
    /// Current weight, mirrored from [`Detail::weight`] for `leastconn` on the hot path.
    pub weight: AtomicU32,
    /// Operational (UP or NOLB/DRAIN): read by the stats.
    pub detail: Mutex<Detail>,
    /// Closes this server's established sessions (`shutdown-sessions`, admin kill).
    pub kill: KillSwitch,
    /// The server whose state this one copies (`track`).
    pub tracks: ArcSwapOption<Server>,
    /// Servers that copy this one's state.
    pub trackers: Mutex<Vec<Weak<Server>>>,
}

impl Server {
    fn new(cfg: &config::Server, backend: &str, sid: u32) -> (Server, Option<String>) {
        let resolve = |host: &str, port: u16| -> Result<SocketAddr, String> {
            // IPv4 first, as HAProxy's libc resolution does: `localhost` is 127.0.0.1.
            let all: Vec<SocketAddr> = (host, port)
                .to_socket_addrs()
                .map_err(|e| e.to_string())?
                .collect();
            all.iter()
                .find(|a| a.is_ipv4())
                .or_else(|| all.first())
                .copied()
                .ok_or_else(|| "no address".to_string())
        };
        let mut warning = None;
        let traffic_port = cfg.port.unwrap_or(0);
        let addr = match resolve(&cfg.host, traffic_port) {
            Ok(a) => Some(a),
            Err(e) => {
                warning = Some(format!(
                    "server {backend}/{} : could not resolve '{}' ({e}); kept in maintenance",
                    cfg.name, cfg.host
                ));
                None
            }
        };
        let check_addr = match (&cfg.check_addr, addr) {
            (Some(h), _) => resolve(h, cfg.check_port.or(cfg.port).unwrap_or(0)).ok(),
            (None, Some(a)) => Some(SocketAddr::new(
                a.ip(),
                cfg.check_port.or(cfg.port).unwrap_or(0),
            )),
            (None, None) => None,
        };
        let mut health = Health::new(cfg.rise, cfg.fall);
        let unresolved = addr.is_none();
        health.up = !unresolved;
        let now = Instant::now();
        let s = Server {
            cfg: cfg.clone(),
            backend: backend.to_string(),
            sid,
            addr,
            check_addr,
            c: Counters::default(),
            usable: AtomicBool::new(false),
            weight: AtomicU32::new(cfg.weight),
            detail: Mutex::new(Detail {
                health,
                maint: cfg.disabled || unresolved,
                drain: false,
                check: CheckResult {
                    status: if cfg.check { "INI" } else { "" },
                    ..Default::default()
                },
                op: false,
                last_change: now,
                down: Downtime::since(now),
                chkfail: 0,
                chkdown: 0,
                weight: cfg.weight,
            }),
            kill: KillSwitch::new(),
            tracks: ArcSwapOption::empty(),
            trackers: Mutex::new(Vec::new()),
        };
        (s, warning)
    }

    /// The effective operational state (own health, or the tracked server's), ignoring drain.
    pub fn operational(&self) -> bool {
        let d = lock(&self.detail);
        if d.maint {
            return false;
        }
        drop(d);
        self.own_or_tracked_up()
    }

    fn own_or_tracked_up(&self) -> bool {
        if let Some(t) = self.tracks.load_full() {
            return t.operational();
        }
        let d = lock(&self.detail);
        !self.cfg.check || d.health.up
    }

    fn tracked_nolb(&self) -> bool {
        match self.tracks.load_full() {
            Some(t) => {
                let d = lock(&t.detail);
                d.health.nolb || d.drain || t.tracked_nolb()
            }
            None => false,
        }
    }

    fn tracked_drain(&self) -> bool {
        match self.tracks.load_full() {
            Some(t) => lock(&t.detail).drain || t.tracked_drain(),
            None => false,
        }
    }

    /// The server in maintenance along the tracking chain, as `backend/server`.
    pub fn tracked_maint(&self) -> Option<String> {
        let t = self.tracks.load_full()?;
        if lock(&t.detail).maint {
            Some(format!("{}/{}", t.backend, t.cfg.name))
        } else {
            t.tracked_maint()
        }
    }

    /// HAProxy's status word: `UP`, `UP 1/3`, `DOWN`, `DOWN 1/2`, `NOLB`, `DRAIN`, `MAINT`,
    /// `MAINT (via b/s)`, `no check`.
    pub fn status(&self) -> String {
        if lock(&self.detail).maint {
            return "MAINT".into();
        }
        if let Some(via) = self.tracked_maint() {
            return format!("MAINT (via {via})");
        }
        let op = self.own_or_tracked_up();
        // Like HAProxy, a tracking server shows the health counter of the end of its chain.
        let (checked, health) = self.with_chain_end(|r| (r.cfg.check, lock(&r.detail).health));
        // Admin drain is inherited along a tracking chain, as in HAProxy.
        let drain = lock(&self.detail).drain || self.tracked_drain();
        if op {
            if drain {
                "DRAIN".into()
            } else if checked {
                let mut h = health;
                h.nolb = h.nolb || self.tracked_nolb();
                h.status()
            } else {
                "no check".into()
            }
        } else if !checked {
            "DOWN".into()
        } else {
            let mut h = health;
            // A tracked server can be down while its reference's counter says otherwise only
            // transiently; show the reference's counter as HAProxy does.
            h.up = false;
            h.status()
        }
    }

    /// Run `f` on the server at the end of the tracking chain (itself when it tracks nothing).
    pub fn with_chain_end<R>(&self, f: impl FnOnce(&Server) -> R) -> R {
        let Some(mut cur) = self.tracks.load_full() else {
            return f(self);
        };
        for _ in 0..32 {
            match cur.tracks.load_full() {
                Some(n) => cur = n,
                None => break,
            }
        }
        f(&cur)
    }

    pub(crate) fn compute_usable(&self) -> bool {
        let d = lock(&self.detail);
        if d.maint
            || d.drain
            || d.weight == 0
            || (self.cfg.check && self.tracks.load().is_none() && d.health.nolb)
        {
            return false;
        }
        drop(d);
        self.own_or_tracked_up() && !self.tracked_nolb()
    }

    /// Try to take a connection slot under `maxconn`.
    pub fn try_acquire(&self) -> bool {
        let max = self.cfg.maxconn;
        let ok = if max == 0 {
            self.c.cur.fetch_add(1, Relaxed);
            true
        } else {
            self.c
                .cur
                .fetch_update(Relaxed, Relaxed, |c| (c < max).then_some(c + 1))
                .is_ok()
        };
        if ok {
            self.c.started(self.c.cur.load(Relaxed));
            self.c.lbtot.fetch_add(1, Relaxed);
        }
        ok
    }

    /// Seconds since the last state change.
    pub fn last_change_secs(&self) -> u64 {
        lock(&self.detail).last_change.elapsed().as_secs()
    }

    /// Total downtime so far.
    pub fn downtime(&self) -> Duration {
        lock(&self.detail).down.total()
    }
}

/// Which servers take new traffic, rebuilt on every state change
/// ([`Backend::rebuild`], with the algorithms in [`crate::runtime::balance`]).
#[derive(Debug, Default)]
pub struct LbTable {
    /// Usable servers (indexes into `Backend::servers`) in declaration order.
    pub list: Vec<usize>,
    /// Weighted, interleaved round-robin sequence of indexes.
    pub seq: Vec<usize>,
    /// Serving from backup servers.
    pub backup: bool,
}

/// One backend (or the backend half of a `listen`).
#[derive(Debug)]
pub struct Backend {
    /// Configuration.
    pub cfg: Arc<config::Proxy>,
    /// Proxy id (HAProxy's `iid`).
    pub iid: u32,
    /// Servers in declaration order.
    pub servers: Vec<Arc<Server>>,
    /// Current load-balancing table.
    pub lb: ArcSwap<LbTable>,
    /// Round-robin position.
    pub rr: AtomicUsize,
    /// Counters (sessions, bytes, queue).
    pub c: Counters,
    /// Queued connections wait here for a server slot.
    pub queue: Notify,
    /// State-change bookkeeping for the stats.
    pub detail: Mutex<BackendDetail>,
    /// Its `http-request` rules and `option forwardfor` (HTTP mode).
    pub rules: Arc<Rules>,
    /// `fullconn`, set or derived ([`config::Config::fullconn`]).
    pub fullconn: u32,
}

/// A backend's up/down history, as the stats report it.
#[derive(Clone, Copy, Debug)]
pub struct BackendDetail {
    /// Whether some server took traffic at the last rebuild.
    pub up: bool,
    /// When `up` last changed (`lastchg`).
    pub last_change: Instant,
    /// Time spent down.
    pub down: Downtime,
    /// Transitions to down (`chkdown`); `clear counters all` zeroes it.
    pub downs: u64,
}

impl BackendDetail {
    /// A new backend: down until its first rebuild finds a usable server.
    fn new() -> Self {
        let now = Instant::now();
        BackendDetail {
            up: false,
            last_change: now,
            down: Downtime::since(now),
            downs: 0,
        }
    }
}

/// Time a server or backend spent down: the spells that ended, and the current one while it
/// lasts.
#[derive(Clone, Copy, Debug)]
pub struct Downtime {
    /// Start of the current spell, while down.
    since: Option<Instant>,
    /// The spells that ended.
    ended: Duration,
}

impl Downtime {
    /// Down since `t`, with no earlier downtime.
    fn since(t: Instant) -> Self {
        Downtime {
            since: Some(t),
            ended: Duration::ZERO,
        }
    }

    /// A spell starts now, unless one is running.
    pub(crate) fn went_down(&mut self) {
        self.since.get_or_insert_with(Instant::now);
    }

    /// The current spell ends; `count` false drops it instead (the state a new process starts
    /// in is not downtime).
    pub(crate) fn went_up(&mut self, count: bool) {
        if let Some(s) = self.since.take() {
            if count {
                self.ended += s.elapsed();
            }
        }
    }

    /// Keep the ended spells of a previous generation (a reload).
    fn carry(&mut self, old: &Downtime) {
        self.ended = old.ended;
    }

    /// Total downtime, the current spell included.
    pub fn total(&self) -> Duration {
        self.ended + self.since.map(|s| s.elapsed()).unwrap_or_default()
    }
}

/// One frontend (or the frontend half of a `listen`).
#[derive(Debug)]
pub struct Frontend {
    /// Configuration.
    pub cfg: Arc<config::Proxy>,
    /// Proxy id.
    pub iid: u32,
    /// Where connections go (TCP mode: `default_backend`, the unconditional `use_backend`, or
    /// the listen section itself).
    pub backend: Option<Arc<Backend>>,
    /// ACLs, `use_backend` switching, `http-request` rules, `option forwardfor`.
    pub rules: Arc<Rules>,
    /// Counters.
    pub c: Counters,
    /// `maxconn` of this frontend.
    pub limit: Arc<Limit>,
}

/// Process-wide state that outlives reloads.
#[derive(Debug)]
pub struct Process {
    /// Global `maxconn`.
    pub limit: Limit,
    /// When the process started.
    pub started: SystemTime,
    /// Closes every session at once (hard stop).
    pub kill_all: KillSwitch,
    /// Sessions alive (all generations).
    pub sessions: AtomicU32,
    /// Connections accepted in total.
    pub total: AtomicU64,
    /// Draining: no new sessions.
    pub stopping: AtomicBool,
    /// Reload generation.
    pub generation: AtomicU64,
    /// `persist source` bindings (kept across reloads).
    pub persist: crate::runtime::persist::PersistTable,
}

impl Default for Process {
    fn default() -> Self {
        Process {
            limit: Limit::new(0),
            started: SystemTime::now(),
            kill_all: KillSwitch::new(),
            sessions: AtomicU32::new(0),
            total: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            persist: crate::runtime::persist::PersistTable::default(),
        }
    }
}

/// HAProxy's id (`iid`) of the `n`th proxy of `cfg`: ids follow the file's order from 1, and
/// from 2 when `global` has a `stats socket`, whose CLI frontend HAProxy numbers 1.
fn proxy_iid(cfg: &Config, n: usize) -> u32 {
    let first = if cfg.global.stats_sockets.is_empty() {
        1
    } else {
        2
    };
    n as u32 + first
}

/// One generation of the configuration, built from a [`Config`].
#[derive(Debug)]
pub struct Runtime {
    /// The configuration.
    pub cfg: Arc<Config>,
    /// Frontends in file order.
    pub frontends: Vec<Arc<Frontend>>,
    /// Backends in file order.
    pub backends: Vec<Arc<Backend>>,
    /// Process-wide state.
    pub process: Arc<Process>,
    /// Problems found while building (unresolvable server names).
    pub warnings: Vec<String>,
}

impl Runtime {
    /// HAProxy's id of the `n`th proxy of the configuration.
    pub fn iid(&self, n: usize) -> u32 {
        proxy_iid(&self.cfg, n)
    }

    /// Build a generation. `prev` is the running generation: servers whose definition did not
    /// change are carried over as they are (sessions, counters, health), changed servers keep
    /// their health and admin state by `backend/server` name.
    pub fn build(cfg: Config, process: Arc<Process>, prev: Option<&Runtime>) -> Runtime {
        let cfg = Arc::new(cfg);
        let mut warnings = Vec::new();
        let mut backends = Vec::new();
        for (pi, p) in cfg.proxies.iter().enumerate() {
            if !p.is_backend() {
                continue;
            }
            let old_be = prev.and_then(|r| r.backend(&p.name));
            let mut servers = Vec::new();
            for (si, sc) in p.servers.iter().enumerate() {
                let old = old_be.and_then(|b| b.servers.iter().find(|s| s.cfg.name == sc.name));
                let srv = match old {
                    Some(o) if o.cfg == *sc => o.clone(),
                    _ => {
                        let (s, w) = Server::new(sc, &p.name, si as u32 + 1);
                        if let Some(w) = w {
                            warnings.push(w);
                        }
                        if let Some(o) = old {
                            let od = lock(&o.detail);
                            let mut d = lock(&s.detail);
                            if s.addr.is_some() {
                                d.maint = od.maint || sc.disabled;
                            }
                            d.drain = od.drain;
                            if sc.check && o.cfg.check {
                                d.health = od.health;
                                d.health.rise = sc.rise;
                                d.health.fall = sc.fall;
                                d.health.health = d.health.health.min(d.health.top());
                                d.check = od.check.clone();
                            }
                            d.last_change = od.last_change;
                            d.down.carry(&od.down);
                            d.chkfail = od.chkfail;
                            d.chkdown = od.chkdown;
                            drop(d);
                            s.c.absorb(&o.c);
                        }
                        Arc::new(s)
                    }
                };
                lock(&srv.trackers).clear();
                servers.push(srv);
            }
            let be = Backend {
                cfg: Arc::new(p.clone()),
                fullconn: cfg.fullconn(p),
                iid: proxy_iid(&cfg, pi),
                servers,
                lb: ArcSwap::from_pointee(LbTable::default()),
                rr: AtomicUsize::new(0),
                c: Counters::default(),
                queue: Notify::new(),
                detail: Mutex::new(BackendDetail::new()),
                rules: Arc::new(Rules::build(p, |_| None, None)),
            };
            if let Some(o) = old_be {
                be.c.absorb(&o.c);
                let od = lock(&o.detail);
                *lock(&be.detail) = *od;
            }
            backends.push(Arc::new(be));
        }
        // Wire tracking.
        for b in &backends {
            for s in &b.servers {
                s.tracks.store(None);
                if let Some(t) = &s.cfg.track {
                    let target = backends
                        .iter()
                        .find(|x| x.cfg.name == t.backend)
                        .and_then(|x| x.servers.iter().find(|y| y.cfg.name == t.server));
                    if let Some(target) = target {
                        s.tracks.store(Some(target.clone()));
                        lock(&target.trackers).push(Arc::downgrade(s));
                    }
                }
            }
        }
        let mut frontends = Vec::new();
        for (pi, p) in cfg.proxies.iter().enumerate() {
            if !p.is_frontend() {
                continue;
            }
            let target = if p.kind == config::Kind::Listen {
                Some(p.name.clone())
            } else {
                p.use_backends
                    .iter()
                    .find(|u| u.cond.is_none())
                    .map(|u| u.backend.clone())
                    .or_else(|| p.default_backend.clone())
            };
            let backend = target.and_then(|n| backends.iter().find(|b| b.cfg.name == n).cloned());
            let old = prev.and_then(|r| r.frontends.iter().find(|f| f.cfg.name == p.name));
            let limit = match old {
                Some(o) => {
                    o.limit.max.store(p.maxconn.unwrap_or(0), Relaxed);
                    o.limit.clone()
                }
                None => Arc::new(Limit::new(p.maxconn.unwrap_or(0))),
            };
            let own = (p.kind == config::Kind::Listen)
                .then(|| backend.clone())
                .flatten();
            let rules = Arc::new(Rules::build(
                p,
                |n| backends.iter().find(|b| b.cfg.name == n).cloned(),
                own,
            ));
            let fe = Frontend {
                cfg: Arc::new(p.clone()),
                iid: proxy_iid(&cfg, pi),
                backend,
                rules,
                c: Counters::default(),
                limit,
            };
            if let Some(o) = old {
                fe.c.absorb(&o.c);
            }
            frontends.push(Arc::new(fe));
        }
        process
            .limit
            .max
            .store(cfg.global.maxconn.unwrap_or(0), Relaxed);
        let rt = Runtime {
            cfg,
            frontends,
            backends,
            process,
            warnings,
        };
        // Publish each server's effective state (without transition side effects at build).
        for b in &rt.backends {
            for s in &b.servers {
                let op = s.operational();
                let mut d = lock(&s.detail);
                if d.op != op {
                    d.op = op;
                    if op {
                        d.down.went_up(prev.is_some());
                    } else {
                        d.down.went_down();
                    }
                }
            }
        }
        for b in &rt.backends {
            b.rebuild();
        }
        rt
    }

    /// The backend named `name`.
    pub fn backend(&self, name: &str) -> Option<&Arc<Backend>> {
        self.backends.iter().find(|b| b.cfg.name == name)
    }

    /// `backend/server`.
    pub fn server(&self, backend: &str, server: &str) -> Option<(&Arc<Backend>, &Arc<Server>)> {
        let b = self.backend(backend)?;
        let s = b.servers.iter().find(|s| s.cfg.name == server)?;
        Some((b, s))
    }

    /// Re-evaluate `srv` after a health or admin change: publish transitions (logs, counters,
    /// `on-marked-down`/`on-marked-up` actions), follow trackers, rebuild the tables.
    pub fn refresh(&self, srv: &Arc<Server>, reason: &str) {
        let mut touched = Vec::new();
        let mut kill = Vec::new();
        self.refresh_inner(srv, reason, &mut touched, &mut kill, 0);
        for name in touched {
            if let Some(b) = self.backend(&name) {
                b.rebuild();
            }
        }
        // Only now: a client whose session is closed here and reconnects at once must find the
        // new tables (a backup session killed before them came straight back to the backup).
        for (s, flag) in kill {
            s.kill.fire_as(flag);
        }
    }

    fn refresh_inner(
        &self,
        srv: &Arc<Server>,
        reason: &str,
        touched: &mut Vec<String>,
        kill: &mut Vec<(Arc<Server>, u8)>,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        if !touched.contains(&srv.backend) {
            touched.push(srv.backend.clone());
        }
        let op = srv.operational();
        let changed = {
            let mut d = lock(&srv.detail);
            if d.op == op {
                false
            } else {
                d.op = op;
                d.last_change = Instant::now();
                if op {
                    d.down.went_up(true);
                } else {
                    d.down.went_down();
                    d.chkdown += 1;
                }
                true
            }
        };
        if changed {
            let b = self.backend(&srv.backend);
            let (act, bck) = b
                .map(|b| {
                    let a = b
                        .servers
                        .iter()
                        .filter(|s| !s.cfg.backup && s.operational())
                        .count();
                    (
                        a,
                        b.servers
                            .iter()
                            .filter(|s| s.cfg.backup && s.operational())
                            .count(),
                    )
                })
                .unwrap_or((0, 0));
            let kind = if srv.cfg.backup {
                "Backup server"
            } else {
                "Server"
            };
            let msg = format!(
                "{kind} {}/{} is {}, reason: {reason}. {act} active and {bck} backup servers online. {} sessions active.",
                srv.backend,
                srv.cfg.name,
                if op { "UP" } else { "DOWN" },
                srv.c.cur.load(Relaxed)
            );
            if op {
                tracing::info!("{msg}");
            } else {
                tracing::warn!("{msg}");
            }
            crate::runtime::logger::event(&self.cfg, &srv.backend, if op { 5 } else { 1 }, &msg);
            if !op && srv.cfg.shutdown_on_down {
                kill.push((srv.clone(), b'D'));
            }
            if op && srv.cfg.shutdown_backup_on_up && !srv.cfg.backup {
                if let Some(b) = b {
                    let backups = b.servers.iter().filter(|s| s.cfg.backup);
                    kill.extend(backups.map(|s| (s.clone(), b'U')));
                }
            }
        }
        let trackers: Vec<Arc<Server>> = lock(&srv.trackers)
            .iter()
            .filter_map(Weak::upgrade)
            .collect();
        for t in trackers {
            self.refresh_inner(
                &t,
                &format!("via {}/{}", srv.backend, srv.cfg.name),
                touched,
                kill,
                depth + 1,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn reload_carries_health_by_name() {
        let text = "backend b\n server a 127.0.0.1:1 check\n server c 127.0.0.1:2 check\n";
        let process = Arc::new(Process::default());
        let r1 = Runtime::build(
            Config::parse(Path::new("t"), text).unwrap(),
            process.clone(),
            None,
        );
        let a = r1.backends[0].servers[0].clone();
        lock(&a.detail)
            .health
            .apply(crate::runtime::health::Outcome::Fail);
        r1.refresh(&a, "test");
        // Same definition: same object; changed definition: health copied.
        let r2 = Runtime::build(
            Config::parse(
                Path::new("t"),
                &text.replace("127.0.0.1:2 check", "127.0.0.1:2 check weight 3"),
            )
            .unwrap(),
            process.clone(),
            Some(&r1),
        );
        assert!(Arc::ptr_eq(&r2.backends[0].servers[0], &a));
        assert_eq!(r2.backends[0].servers[0].status(), "DOWN");
        let r3 = Runtime::build(
            Config::parse(
                Path::new("t"),
                &text.replace("127.0.0.1:1 check", "127.0.0.1:1 check inter 5s"),
            )
            .unwrap(),
            process,
            Some(&r2),
        );
        assert!(!Arc::ptr_eq(&r3.backends[0].servers[0], &a));
        assert_eq!(r3.backends[0].servers[0].status(), "DOWN");
        assert_eq!(r3.backends[0].pick(None, None).unwrap().cfg.name, "c");
    }
}
