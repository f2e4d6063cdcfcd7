//! `proxy run`: the daemon. It detaches (with `-D`) before any thread exists, then runs one
//! single-threaded tokio runtime per worker thread, each with its own `SO_REUSEPORT` listening
//! socket per bind address (the kernel spreads connections, [`workers`] evens out the load; a
//! connection stays on one core), and a control runtime on the main thread for health checks,
//! admin sockets and signals.
//!
//! `mode udp` addresses get one socket each, served on one worker (addresses are spread over
//! the workers), see [`crate::data::udp`].
//!
//! Reload is in-process: the new file is validated, new addresses are bound first, then the new
//! generation is swapped in atomically; listeners whose address (and protocol) did not change
//! keep their sockets (no refused connection, no lost datagram), established sessions finish on
//! the objects they hold, and each server keeps its health by `backend/server` name. Anything
//! that fails changes nothing.
//!
//! Signals: SIGHUP/SIGUSR2 reload; SIGTERM/SIGUSR1 stop accepting and drain (bounded by
//! `hard-stop-after`); SIGINT stops at once.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use arc_swap::ArcSwap;
use rustha::daemon::{daemonize, Forked, PidFile, Readiness};
use rustha::{Error, OcfCode, Result};
use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::{TcpListener, TcpStream};
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::watch;

use crate::config::{Config, Mode};
use crate::control::admin::{self, Level};
use crate::data::session;
use crate::data::upstream::Slots;
use crate::data::workers;
use crate::data::Context;
use crate::runtime::lock;
use crate::runtime::state::{Frontend, Process, Runtime};

/// One listening address: a socket per worker (TCP) or one socket (UDP), all feeding the
/// frontend currently attached.
struct ListenerSet {
    addr: SocketAddr,
    udp: bool,
    fe: ArcSwap<Frontend>,
    stop: watch::Sender<bool>,
}

/// The sockets of a listener set bound but not started yet.
enum Sockets {
    /// One per worker.
    Tcp(Vec<std::net::TcpListener>),
    /// One, served by one worker.
    Udp(std::net::UdpSocket),
}

/// Listener sets bound but not started yet, with their sockets.
type Bound = Vec<(Arc<ListenerSet>, Sockets)>;

struct Daemon {
    /// What the data path and the admin sockets are handed: the generation serving now.
    ctx: Arc<Context>,
    workers: Vec<tokio::runtime::Handle>,
    control: tokio::runtime::Handle,
    listeners: Mutex<Vec<Arc<ListenerSet>>>,
    checks_stop: Mutex<watch::Sender<bool>>,
    admin_tasks: Mutex<Vec<tokio::task::AbortHandle>>,
    file: Mutex<PathBuf>,
    reload_lock: tokio::sync::Mutex<()>,
    /// Worker of the next UDP listener.
    udp_next: std::sync::atomic::AtomicUsize,
}

static DAEMON: OnceLock<Daemon> = OnceLock::new();

/// The control socket that belongs to a pidfile (the daemon binds it, the OCF agent calls it).
pub fn control_path(pidfile: &Path) -> PathBuf {
    pidfile.with_extension("sock")
}

impl admin::Host for Daemon {
    fn current(&self) -> Arc<Runtime> {
        self.ctx.current_full()
    }

    fn running(&self) -> String {
        running_summary()
    }

    fn reload(
        &self,
        file: Option<PathBuf>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, String>> + Send + '_>>
    {
        Box::pin(reload(file))
    }
}

/// Bind `addr` once per worker with SO_REUSEPORT and IP_FREEBIND (a VIP that is not local yet).
fn bind_all(
    addr: SocketAddr,
    v4v6: bool,
    n: usize,
    backlog: i32,
) -> std::io::Result<Vec<std::net::TcpListener>> {
    let make = |reuseport: bool| -> std::io::Result<Socket> {
        let s = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
        s.set_reuse_address(true)?;
        if reuseport {
            s.set_reuse_port(true)?;
        }
        if addr.is_ipv6() {
            s.set_only_v6(!v4v6)?;
            let _ = s.set_freebind_v6(true);
        } else {
            let _ = s.set_freebind_v4(true);
        }
        s.set_nonblocking(true)?;
        // Accepted sockets inherit TCP_NODELAY from the listener: one syscall per listener
        // instead of one per connection.
        s.set_tcp_nodelay(true)?;
        s.bind(&addr.into())?;
        Ok(s)
    };
    // A bind without SO_REUSEPORT fails if anything holds the address, even a process that
    // set SO_REUSEPORT itself: two proxies never silently share a port.
    drop(make(false)?);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let s = make(true)?;
        s.listen(backlog)?;
        out.push(s.into());
    }
    Ok(out)
}

async fn accept_loop(set: Arc<ListenerSet>, l: std::net::TcpListener, ctx: Arc<Context>) {
    let process = &ctx.process;
    let l = match TcpListener::from_std(l) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("listener {}: {e}", set.addr);
            return;
        }
    };
    let mut stop = set.stop.subscribe();
    loop {
        // Accept first, then wait for a slot: with one SO_REUSEPORT socket per thread, a thread
        // holding a slot while idle in accept() would starve a connection the kernel queued on
        // another thread's socket. So each thread holds at most one accepted connection while
        // the limits are reached; the rest wait in the kernel backlog, as with HAProxy.
        let accepted = tokio::select! {
            r = l.accept() => r,
            _ = stop.wait_for(|s| *s) => return,
        };
        let (sock, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!("accept on {}: {e}", set.addr);
                // Out of descriptors and the like: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let limit = set.fe.load().limit.clone();
        if !process.limit.try_acquire() {
            tokio::select! {
                _ = process.limit.acquire() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
        }
        if !limit.try_acquire() {
            tokio::select! {
                _ = limit.acquire() => {}
                _ = stop.wait_for(|s| *s) => {
                    process.limit.release();
                    return;
                }
            }
        }
        process.sessions.fetch_add(1, Relaxed);
        process.total.fetch_add(1, Relaxed);
        let fe = set.fe.load_full();
        let seat = workers::assign();
        let to = seat.worker();
        let slots = Slots {
            ctx: ctx.clone(),
            limit,
            seat,
        };
        if to == workers::worker() {
            spawn_session(fe, sock, peer, slots);
            continue;
        }
        match sock.into_std() {
            Ok(sock) => workers::spawn_on(to, async move {
                match TcpStream::from_std(sock) {
                    Ok(sock) => spawn_session(fe, sock, peer, slots),
                    Err(e) => tracing::warn!("moving a connection from {peer}: {e}"),
                }
            }),
            Err(e) => tracing::warn!("moving a connection from {peer}: {e}"),
        }
    }
}

/// Serve an accepted connection in a task of the calling worker.
fn spawn_session(fe: Arc<Frontend>, sock: TcpStream, peer: SocketAddr, slots: Slots) {
    // Spawned as its own task type: an idle HTTP connection then costs the HTTP state
    // machine only, not the larger TCP one.
    if fe.cfg.mode == crate::config::Mode::Http {
        tokio::spawn(crate::data::http::conn::serve(fe, sock, peer, slots));
    } else {
        tokio::spawn(session::serve(fe, sock, peer, slots));
    }
}

fn start_listener(d: &Daemon, set: &Arc<ListenerSet>, socks: Sockets) {
    match socks {
        Sockets::Tcp(socks) => {
            for (w, sock) in d.workers.iter().zip(socks) {
                w.spawn(accept_loop(set.clone(), sock, d.ctx.clone()));
            }
        }
        Sockets::Udp(sock) => {
            // Spread UDP addresses over the workers.
            let i = d.udp_next.fetch_add(1, Relaxed) % d.workers.len();
            let set2 = set.clone();
            let stop = set.stop.subscribe();
            d.workers[i].spawn(crate::data::udp::serve(
                sock,
                move || set2.fe.load_full(),
                stop,
                d.ctx.clone(),
            ));
        }
    }
}

/// New listener sets for the addresses of `rt` not bound yet (bound, not started).
fn bind_new(
    rt: &Runtime,
    existing: &[Arc<ListenerSet>],
    n: usize,
) -> std::result::Result<Bound, String> {
    let mut out: Bound = Vec::new();
    for fe in &rt.frontends {
        if fe.cfg.disabled {
            continue;
        }
        let udp = fe.cfg.mode == Mode::Udp;
        for b in &fe.cfg.binds {
            if existing.iter().any(|s| s.addr == b.addr && s.udp == udp)
                || out.iter().any(|(s, _)| s.addr == b.addr && s.udp == udp)
            {
                continue;
            }
            let backlog = fe.cfg.maxconn.unwrap_or(1024).clamp(128, 65535) as i32;
            let socks = if udp {
                crate::data::udp::bind(b.addr).map(Sockets::Udp)
            } else {
                bind_all(b.addr, b.v4v6, n, backlog).map(Sockets::Tcp)
            };
            let socks = socks.map_err(|e| {
                format!(
                    "{}:{}: cannot bind {}{} for '{}': {e}",
                    rt.cfg.file.display(),
                    b.line,
                    if udp { "udp " } else { "" },
                    b.addr,
                    fe.cfg.name
                )
            })?;
            let (tx, _) = watch::channel(false);
            out.push((
                Arc::new(ListenerSet {
                    addr: b.addr,
                    udp,
                    fe: ArcSwap::new(fe.clone()),
                    stop: tx,
                }),
                socks,
            ));
        }
    }
    Ok(out)
}

fn udp_tag(set: &ListenerSet) -> &'static str {
    if set.udp {
        "udp "
    } else {
        ""
    }
}

fn start_checks(d: &Daemon, rt: &Arc<Runtime>) {
    let (tx, rx) = watch::channel(false);
    let old = std::mem::replace(&mut *lock(&d.checks_stop), tx);
    let _ = old.send(true);
    let rt = rt.clone();
    d.control
        .spawn(async move { crate::runtime::check::spawn_all(&rt, &rx) });
}

fn start_admin(d: &'static Daemon, cfg: &Config) -> std::result::Result<(), String> {
    let bound = bind_admin(d, cfg)?;
    serve_admin(d, bound);
    Ok(())
}

/// Bind the `stats socket`s of `cfg` (not accepting yet).
fn bind_admin(
    d: &Daemon,
    cfg: &Config,
) -> std::result::Result<Vec<(tokio::net::UnixListener, Level)>, String> {
    let _guard = d.control.enter();
    cfg.global
        .stats_sockets
        .iter()
        .map(|s| {
            admin::bind(&s.path, s.mode)
                .map(|l| (l, Level::parse(&s.level)))
                .map_err(|e| format!("stats socket {}: {e}", s.path.display()))
        })
        .collect()
}

/// Serve bound admin sockets, in place of those served so far.
fn serve_admin(d: &'static Daemon, bound: Vec<(tokio::net::UnixListener, Level)>) {
    let mut tasks = lock(&d.admin_tasks);
    for t in tasks.drain(..) {
        t.abort();
    }
    for (l, level) in bound {
        let h = d.control.spawn(admin::serve(l, level, d));
        tasks.push(h.abort_handle());
    }
}

/// The pid file, created (empty: not ready yet, as readers see it) while the daemon may still
/// write where it lives, and filled in once it is ready, after it gave up root.
fn reserve_pidfile(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o644)
        .open(path)
}

/// What runs, for the OCF agent's `monitor` (control socket `show running`): the file and the
/// digest of the text the serving generation was parsed from, then one line per listener.
///
/// ```text
/// file /etc/rustha/haproxy.cfg
/// digest 0123456789abcdef0123456789abcdef
/// listener tcp 127.0.0.1:80
/// listener udp [::]:5060
/// ```
pub fn running_summary() -> String {
    let Some(d) = DAEMON.get() else {
        return "not ready\n".into();
    };
    rustha::applied::Running {
        file: lock(&d.file).clone(),
        digest: d.ctx.current().cfg.digest.clone(),
        listeners: lock(&d.listeners).iter().map(|s| (s.addr, s.udp)).collect(),
        // Its reload answers on the control socket itself.
        refused: None,
    }
    .to_string()
}

/// Reload from `file` (or the current file). Returns a summary, or why nothing changed.
pub async fn reload(file: Option<PathBuf>) -> std::result::Result<String, String> {
    let d = DAEMON.get().ok_or("not started")?;
    let _g = d.reload_lock.lock().await;
    let file = file.unwrap_or_else(|| lock(&d.file).clone());
    let mut cfg = Config::load(&file).map_err(|e| {
        let all: Vec<String> = e.errors().map(|d| d.to_string()).collect();
        tracing::error!(
            "reload refused, configuration unchanged: {}",
            all.join(" | ")
        );
        all.join(" | ")
    })?;
    for w in &cfg.warnings {
        tracing::warn!("{w}");
    }
    let mut n_warn = cfg.warnings.len();
    for w in crate::control::limits::apply(&mut cfg, d.workers.len()) {
        n_warn += 1;
        tracing::warn!("{w}");
    }
    let old = d.ctx.current_full();
    if cfg.global.nbthread.is_some() && cfg.global.nbthread != Some(d.workers.len()) {
        n_warn += 1;
        tracing::warn!(
            "nbthread {} takes effect at the next restart; {} worker thread(s) keep serving",
            cfg.global.nbthread.unwrap_or_default(),
            d.workers.len()
        );
    }
    if cfg.global.cpu_map != old.cfg.global.cpu_map {
        n_warn += 1;
        tracing::warn!("cpu-map takes effect at the next restart");
    }
    if (cfg.global.uid, cfg.global.gid) != (old.cfg.global.uid, old.cfg.global.gid) {
        n_warn += 1;
        tracing::warn!("user and group take effect at the next restart");
    }
    if cfg.global.chroot != old.cfg.global.chroot {
        n_warn += 1;
        tracing::warn!("chroot takes effect at the next restart");
    }
    let existing: Vec<Arc<ListenerSet>> = lock(&d.listeners).clone();
    // Bind what is new before changing anything; a failure drops the new sockets only.
    let probe = Runtime::build(cfg.clone(), Arc::new(Process::default()), None);
    let fresh = bind_new(&probe, &existing, d.workers.len())
        .inspect_err(|e| tracing::error!("reload refused: {e}"))?;
    drop(probe);
    let rt = Arc::new(Runtime::build(cfg, d.ctx.process.clone(), Some(&old)));
    for w in &rt.warnings {
        tracing::warn!("{w}");
    }
    d.ctx.swap(rt.clone());
    // Re-point kept listeners, stop removed ones, start new ones.
    let mut by_addr: HashMap<(SocketAddr, bool), Arc<Frontend>> = HashMap::new();
    for fe in rt.frontends.iter().filter(|f| !f.cfg.disabled) {
        for b in &fe.cfg.binds {
            by_addr.insert((b.addr, fe.cfg.mode == Mode::Udp), fe.clone());
        }
    }
    let mut kept = Vec::new();
    for set in existing {
        match by_addr.get(&(set.addr, set.udp)) {
            Some(fe) => {
                set.fe.store(fe.clone());
                kept.push(set);
            }
            None => {
                let _ = set.stop.send(true);
                tracing::info!("listener {}{} closed", udp_tag(&set), set.addr);
            }
        }
    }
    for (set, socks) in fresh {
        if let Some(fe) = by_addr.get(&(set.addr, set.udp)) {
            set.fe.store(fe.clone());
        }
        start_listener(d, &set, socks);
        tracing::info!("listener {}{} opened", udp_tag(&set), set.addr);
        kept.push(set);
    }
    *lock(&d.listeners) = kept;
    start_checks(d, &rt);
    if let Err(e) = start_admin(d, &rt.cfg) {
        tracing::warn!("{e}");
    }
    *lock(&d.file) = file;
    let g = d.ctx.process.generation.fetch_add(1, Relaxed) + 1;
    // Idle keep-alive connections of the old generation close now.
    crate::runtime::killswitch::wake_all();
    tracing::info!("reloaded: generation {g}");
    Ok(format!("generation {g}, {n_warn} warning(s)"))
}

async fn drain(d: &Daemon, hard_after: Option<Duration>) {
    d.ctx.process.stopping.store(true, Relaxed);
    // Idle connections close at once.
    crate::runtime::killswitch::wake_all();
    for set in lock(&d.listeners).drain(..) {
        let _ = set.stop.send(true);
    }
    tracing::info!(
        "stopping: listeners closed, draining {} session(s)",
        d.ctx.process.sessions.load(Relaxed)
    );
    let deadline = hard_after.map(|h| tokio::time::Instant::now() + h);
    while d.ctx.process.sessions.load(Relaxed) > 0 {
        if deadline.is_some_and(|t| tokio::time::Instant::now() >= t) {
            tracing::warn!(
                "hard-stop-after reached: closing {} session(s)",
                d.ctx.process.sessions.load(Relaxed)
            );
            d.ctx.process.kill_all.fire();
            tokio::time::sleep(Duration::from_millis(50)).await;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The parent of `proxy run -D`: exit 0 once the daemon wrote its pidfile (every listener is
/// bound), 1 with the daemon's last words if it died first.
fn wait_ready(
    pid: nix::unistd::Pid,
    pidfile: Option<&std::path::Path>,
    log: Option<&std::path::Path>,
) -> OcfCode {
    let Some(pidfile) = pidfile else {
        return OcfCode::Success;
    };
    let pf = PidFile::new(pidfile);
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    match rustha::daemon::wait_ready(pid, deadline, || Ok(pf.read()? == Some(pid))) {
        Ok(Readiness::Ready) => return OcfCode::Success,
        Ok(Readiness::Died) => {
            let alerts = log
                .map(|l| {
                    rustha::daemon::last_words(l, usize::MAX, |l| {
                        // Its log lines start with the time, then the level.
                        l.contains("[ALERT]") || l.split_whitespace().take(2).any(|w| w == "ERROR")
                    })
                })
                .unwrap_or_default();
            if alerts.is_empty() {
                eprintln!("[ALERT]   the daemon exited during start-up");
            } else {
                eprintln!("{}", alerts.join("\n"));
            }
        }
        Ok(Readiness::TimedOut) => {
            eprintln!("[ALERT]   the daemon did not become ready within 120 s")
        }
        Err(e) => eprintln!("[ALERT]   waiting for the daemon: {e}"),
    }
    OcfCode::ErrGeneric
}

/// `proxy run`.
pub fn run(o: crate::control::cli::Opts) -> Result<OcfCode> {
    let file = o.file.clone().expect("required by the declaration");
    let Some(mut cfg) = crate::control::cli::load_and_report(&file, o.quiet) else {
        return Ok(OcfCode::ErrGeneric);
    };
    // As HAProxy 2.6: a valid file that listens nowhere does not start.
    if cfg
        .proxies
        .iter()
        .all(|p| p.disabled || !p.is_frontend() || p.binds.is_empty())
    {
        eprintln!(
            "[ALERT]   {}: No enabled listener found (check for 'bind' directives) ! Exiting.",
            file.display()
        );
        return Ok(OcfCode::ErrGeneric);
    }
    let file = std::fs::canonicalize(&file).unwrap_or(file);
    let pidfile = o.pidfile.clone().or_else(|| cfg.global.pidfile.clone());
    if o.daemon {
        let log = pidfile.as_ref().map(|p| p.with_extension("log"));
        match daemonize(log.as_deref())? {
            Forked::Parent(pid) => return Ok(wait_ready(pid, pidfile.as_deref(), log.as_deref())),
            Forked::Daemon => {}
        }
    }
    if o.daemon {
        // Detached: journald when present (the file behind stderr then only holds start-up
        // alerts, which the waiting parent reads), else that file.
        let instance = pidfile
            .as_ref()
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "proxy".into());
        rustha::log::init("proxy", &instance, "run");
    } else {
        rustha::log::init_stderr("proxy:", rustha::log::default_level());
    }
    let n = cfg.global.nbthread.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    for w in crate::control::limits::apply(&mut cfg, n) {
        tracing::warn!("{w}");
    }
    let mut workers = Vec::with_capacity(n);
    for i in 0..n {
        let (tx, rx) = std::sync::mpsc::channel();
        let cpus = cfg.global.cpus_of(i + 1);
        std::thread::Builder::new()
            .name(format!("proxy-w{i}"))
            .spawn(move || {
                if let Some(cpus) = cpus {
                    pin_thread(i + 1, &cpus);
                }
                workers::set_worker(i);
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("worker runtime");
                let _ = tx.send(rt.handle().clone());
                rt.block_on(crate::data::pump::timer_heartbeat());
            })
            .map_err(|e| Error::io("spawning a worker thread", e))?;
        workers.push(
            rx.recv()
                .map_err(|_| Error::Failed("worker thread died".into()))?,
        );
    }
    workers::init(workers.clone());
    let control_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("building the control runtime", e))?;
    let control_path = o
        .control
        .clone()
        .or_else(|| pidfile.as_ref().map(|p| control_path(p)));
    let code = control_rt.block_on(main_loop(
        cfg,
        file,
        workers,
        pidfile.clone(),
        control_path.clone(),
    ));
    if let Some(p) = &pidfile {
        let _ = PidFile::new(p).remove();
    }
    if let Some(c) = &control_path {
        let _ = std::fs::remove_file(c);
    }
    // Worker runtimes never return; leave without joining them.
    std::process::exit(code as i32);
}

extern "C" {
    /// POSIX `tzset(3)` (the libc crate does not declare it for Linux).
    fn tzset();
}

/// `chroot`: jail every worker thread in `dir` (each must do it itself), while they still run
/// as root. The time zone is loaded first: a jailed thread could not read it for the log lines'
/// local time.
async fn jail_workers(workers: &[tokio::runtime::Handle], dir: &Path) -> Result<(), String> {
    // SAFETY: tzset only (re)reads TZ and the zone file into libc's state, under the lock
    // glibc's localtime_r takes too.
    unsafe { tzset() };
    let jobs: Vec<_> = workers
        .iter()
        .map(|w| {
            let dir = dir.to_path_buf();
            w.spawn(async move {
                crate::control::privs::jail(&dir)?;
                rustha::log::mark_jailed();
                Ok::<(), String>(())
            })
        })
        .collect();
    for j in jobs {
        j.await.map_err(|e| format!("worker thread: {e}"))??;
    }
    Ok(())
}

/// `cpu-map`: keep the calling worker thread (`thread`, 1-based) on `cpus`. A CPU this machine
/// does not have is reported and the thread left where it was, as a configuration written for
/// another machine should not stop the proxy.
fn pin_thread(thread: usize, cpus: &[usize]) {
    let mut set = nix::sched::CpuSet::new();
    for &c in cpus {
        let _ = set.set(c);
    }
    // Pid 0 is the calling thread.
    match nix::sched::sched_setaffinity(nix::unistd::Pid::from_raw(0), &set) {
        Ok(()) => tracing::debug!("worker thread {thread} on CPU(s) {cpus:?}"),
        Err(e) => {
            tracing::warn!("cpu-map: worker thread {thread} cannot be kept on CPU(s) {cpus:?}: {e}")
        }
    }
}

async fn main_loop(
    cfg: Config,
    file: PathBuf,
    workers: Vec<tokio::runtime::Handle>,
    pidfile: Option<PathBuf>,
    control_path: Option<PathBuf>,
) -> OcfCode {
    let process = Arc::new(Process::default());
    let hard_after = cfg.global.hard_stop_after;
    let rt = Arc::new(Runtime::build(cfg, process.clone(), None));
    for w in &rt.warnings {
        tracing::warn!("{w}");
    }
    let n = workers.len();
    let fresh = match bind_new(&rt, &[], n) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("[ALERT]   {e}");
            return OcfCode::ErrGeneric;
        }
    };
    let (checks_tx, _) = watch::channel(false);
    let d = Daemon {
        ctx: Arc::new(Context::new(rt.clone(), Some(crate::control::stats::page))),
        workers,
        control: tokio::runtime::Handle::current(),
        listeners: Mutex::new(Vec::new()),
        checks_stop: Mutex::new(checks_tx),
        admin_tasks: Mutex::new(Vec::new()),
        file: Mutex::new(file),
        reload_lock: tokio::sync::Mutex::new(()),
        udp_next: std::sync::atomic::AtomicUsize::new(0),
    };
    if DAEMON.set(d).is_err() {
        return OcfCode::ErrGeneric;
    }
    let d = DAEMON.get().expect("just set");
    // Everything is bound now, while the daemon may; nothing accepts before it gave up root.
    let admin_sockets = match bind_admin(d, &rt.cfg) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("[ALERT]   {e}");
            return OcfCode::ErrGeneric;
        }
    };
    let control = match &control_path {
        Some(c) => match admin::bind(c, Some(0o600)) {
            Ok(l) => Some(l),
            Err(e) => {
                eprintln!("[ALERT]   control socket {}: {e}", c.display());
                return OcfCode::ErrGeneric;
            }
        },
        None => None,
    };
    let (mut hup, mut usr2, mut term, mut usr1, mut int) = match (
        signal(SignalKind::hangup()),
        signal(SignalKind::user_defined2()),
        signal(SignalKind::terminate()),
        signal(SignalKind::user_defined1()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(a), Ok(b), Ok(c), Ok(e), Ok(f)) => (a, b, c, e, f),
        _ => {
            eprintln!("[ALERT]   cannot install signal handlers");
            return OcfCode::ErrGeneric;
        }
    };
    if let Err(e) = crate::control::privs::check(&rt.cfg.global) {
        eprintln!("[ALERT]   {e}");
        return OcfCode::ErrGeneric;
    }
    // Created before root is given up: a directory only root may write to usually holds it
    // (the OCF agent removes it at stop when the daemon no longer may).
    let mut pid_file = match pidfile.as_deref().map(reserve_pidfile).transpose() {
        Ok(f) => f,
        Err(e) => {
            let p = pidfile.as_deref().unwrap_or(Path::new(""));
            eprintln!("[ALERT]   creating {}: {e}", p.display());
            return OcfCode::ErrGeneric;
        }
    };
    if let Some(dir) = &rt.cfg.global.chroot {
        if let Err(e) = jail_workers(&d.workers, dir).await {
            eprintln!("[ALERT]   {e}");
            if let Some(p) = &pidfile {
                let _ = PidFile::new(p).remove();
            }
            return OcfCode::ErrGeneric;
        }
        tracing::info!("worker threads jailed in {}", dir.display());
    }
    match crate::control::privs::drop_root(&rt.cfg.global) {
        Ok(Some(done)) => tracing::info!("{done}"),
        Ok(None) => {}
        Err(e) => {
            eprintln!("[ALERT]   {e}");
            if let Some(p) = &pidfile {
                let _ = PidFile::new(p).remove();
            }
            return OcfCode::ErrGeneric;
        }
    }
    // Root given up: now the listeners accept, the checks run, the sockets answer.
    let mut sets = Vec::new();
    for (set, socks) in fresh {
        start_listener(d, &set, socks);
        sets.push(set);
    }
    *lock(&d.listeners) = sets;
    start_checks(d, &rt);
    serve_admin(d, admin_sockets);
    if let Some(l) = control {
        tokio::spawn(admin::serve(l, Level::Control, d));
    }
    // Ready: every listener is bound and accepting.
    if let Some(f) = &mut pid_file {
        use std::io::Write;
        if let Err(e) = writeln!(f, "{}", nix::unistd::getpid()) {
            eprintln!("[ALERT]   writing the pid file: {e}");
            if let Some(p) = &pidfile {
                let _ = PidFile::new(p).remove();
            }
            return OcfCode::ErrGeneric;
        }
    }
    drop(pid_file);
    tracing::info!(
        "ready: {} listener(s), {} worker thread(s), pid {}",
        lock(&d.listeners).len(),
        n,
        std::process::id()
    );
    // ldirectord's `autoreload=yes`: the file's modification time, looked at every second.
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mtime = || {
        std::fs::metadata(&*lock(&d.file))
            .and_then(|m| m.modified())
            .ok()
    };
    let mut seen = mtime();
    loop {
        tokio::select! {
            _ = tick.tick(), if d.ctx.current().cfg.global.autoreload => {
                let now = mtime();
                if now.is_some() && now != seen {
                    seen = now;
                    tracing::info!("{} changed: reloading (autoreload)", lock(&d.file).display());
                    let _ = reload(None).await;
                }
            }
            _ = hup.recv() => { let _ = reload(None).await; }
            _ = usr2.recv() => { let _ = reload(None).await; }
            _ = term.recv() => { drain(d, hard_after).await; return OcfCode::Success; }
            _ = usr1.recv() => { drain(d, hard_after).await; return OcfCode::Success; }
            _ = int.recv() => {
                tracing::info!("interrupted: closing every session");
                d.ctx.process.kill_all.fire();
                return OcfCode::Success;
            }
        }
    }
}
