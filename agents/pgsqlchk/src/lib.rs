//! # pgsqlchk: which PostgreSQL is the writable primary, as HTTP status codes
//!
//! A drop-in for the n2pg-aux `pgsqlchk` service of seed guide 002 and for the xinetd
//! `pgsqlchk` script: `pgsqlchk run --config /etc/psqlchk/config.json` reads the guide's JSON
//! unchanged and serves one HTTP listener per `webservers` entry. A proxy health check
//! (HAProxy's `option httpchk`, i.e. `OPTIONS / HTTP/1.0`, or the rustha proxy) gets 200 when
//! the instance behind the listener is the writable primary and 503 otherwise (replica,
//! read-only, down, unreachable, too slow). GET answers with a JSON body; Patroni's REST paths
//! (`/primary`, `/read-write`, `/replica?lag=16MB&replication_state=streaming`, `/read-only`,
//! `/health`) work as HAProxy templates written for Patroni expect; `mode: legacy` answers
//! 200/206/503 like the xinetd script.
//!
//! Unlike the script (a fork, `psql` and a new backend per check), each target keeps one
//! persistent connection and a prepared statement ([`check`]), with connect and query bounded
//! below two seconds. The password lives only in memory: never in arguments, logs or errors.
//!
//! The same binary is `ocf:rustha:pgsqlchk` ([`Pgsqlchk`]): `start` daemonizes `pgsqlchk run`
//! and returns once every listener answers, `monitor` checks the daemon and every listener.
//!
//! Runtime: tokio's current-thread scheduler. A check costs microseconds of CPU around one
//! database round trip, so one thread serves thousands of checks per second; it keeps the
//! daemon at a few MB and needs no cross-thread synchronisation beyond the per-target lock.

pub mod check;
pub mod config;
pub mod http;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use nix::unistd::Pid;
use rustha::applied::Running;
use rustha::daemon::{self, Grace, PidFile, Readiness};
use rustha::error::IoContext;
use rustha::{AgentMeta, Context, Error, OcfCode, ParamSpec, Params, ResourceAgent, Result, State};

use crate::config::Config;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::string("config")
        .unique()
        .default(config::DEFAULT_PATH)
        .short("pgsqlchk JSON configuration file")
        .long(
            "The n2pg-aux pgsqlchk configuration: database_host, health_check_user_password, \
             webserver_host and webservers[{target_port, listen_port}] (optional: \
             health_check_user, database_name, and per webserver mode \"legacy\").",
        ),
    ParamSpec::string("pidfile")
        .short("pid file of the daemon")
        .long(
            "Where the daemon records its pid once every listener is bound. Default: \
             /run/pgsqlchk/<resource instance>.pid.",
        ),
    ParamSpec::string("logfile")
        .default("/var/log/pgsqlchk/pgsqlchk.log")
        .short("daemon output file")
        .long(
            "The daemon's standard output and error. Its log goes to journald when journald \
             runs, else here.",
        ),
    rustha::applied::digest_param(
        "Set by 'rustha-pgsqlchk apply RESOURCE' (run on any cluster node after editing the file): \
         the digest of the file it validated. Its change makes Pacemaker call reload wherever \
         pgsqlchk runs; reload there applies the file in place (established connections \
         finish undisturbed) only when that node's copy has this digest, keeps the running \
         configuration otherwise, and reports either in the node attribute \
         rustha-applied-RESOURCE. Leave it unset by hand.",
    ),
];

const META: AgentMeta = AgentMeta {
    name: "pgsqlchk",
    version: env!("CARGO_PKG_VERSION"),
    shortdesc: "PostgreSQL role (writable primary, replica) as HTTP status for proxy health checks",
    longdesc: "Runs the pgsqlchk daemon: one HTTP listener per configured PostgreSQL instance, \
answering 200 when the instance is the writable primary and 503 otherwise (HAProxy's \
'option httpchk' with 'http-check expect status 200'), plus Patroni-style /primary, \
/read-write, /replica?lag=, /read-only and /health paths with JSON bodies. Reads the n2pg-aux \
/etc/psqlchk/config.json unchanged. Monitor checks that the daemon runs and every listener it \
serves answers; a configuration file that no longer matches what runs is only a warning naming \
file:line:column. After editing the file, run 'rustha-pgsqlchk apply RESOURCE' on any cluster node: it \
refuses a file that does not validate and otherwise has every node running pgsqlchk reload it \
in place.",
    params: PARAMS,
    actions: rustha::meta::RELOADABLE_DAEMON_ACTIONS,
};

/// Time one listener gets to answer `/liveness` during `start` and `monitor`.
const PROBE_TIMEOUT: Duration = Duration::from_millis(1000);
/// What `start` waits for.
const READY: &str = "pidfile written, every listener answering";
/// Nothing to drain: half the stop timeout, at most 5 s, before KILL.
const STOP_GRACE: Grace = Grace::HalfUpTo(Duration::from_secs(5));

/// `ocf:rustha:pgsqlchk`.
pub struct Pgsqlchk {
    config: PathBuf,
    pidfile: PidFile,
    logfile: PathBuf,
    /// `config_digest`: what `pgsqlchk apply` validated, when it asked for this reload.
    requested: Option<String>,
}

impl ResourceAgent for Pgsqlchk {
    const META: &'static AgentMeta = &META;
    fn commands() -> Vec<clap::Command> {
        let run = clap::Command::new("run")
            .about("Serve PostgreSQL role checks over HTTP in the foreground")
            .arg(
                clap::Arg::new("config")
                    .short('c')
                    .long("config")
                    .value_name("FILE")
                    .default_value(config::DEFAULT_PATH)
                    .help("JSON configuration (n2pg-aux format)"),
            )
            .arg(
                clap::Arg::new("pidfile")
                    .long("pidfile")
                    .value_name("FILE")
                    .help("Write the pid here once every listener is bound"),
            );
        vec![run, rustha::applied::command()]
    }

    fn new(params: Params, ctx: &Context) -> Result<Self> {
        let pidfile = params
            .opt::<PathBuf>("pidfile")?
            .unwrap_or_else(|| PathBuf::from(format!("/run/pgsqlchk/{}.pid", ctx.instance)));
        Ok(Pgsqlchk {
            config: params.get("config")?,
            pidfile: PidFile::new(pidfile),
            logfile: params.get("logfile")?,
            requested: params.opt(rustha::applied::DIGEST_PARAM)?,
        })
    }

    fn validate(&self, _ctx: &Context) -> Result<()> {
        Config::load(&self.config).map(drop)
    }

    fn start(&mut self, ctx: &Context) -> Result<()> {
        let cfg = Config::load(&self.config)?;
        let deadline = ctx.deadline();
        if let Some(pid) = self.pidfile.ours()? {
            tracing::info!("already running as pid {pid}");
            return match daemon::wait_ready(pid, deadline, || self.ready(pid, &cfg, deadline))? {
                Readiness::Ready => Ok(()),
                Readiness::Died => Err(Error::Failed(format!(
                    "pgsqlchk daemon (pid {pid}) exited before its listeners answered"
                ))),
                Readiness::TimedOut => Err(Error::Timeout {
                    what: format!("pgsqlchk readiness ({READY})"),
                    after: ctx.timeout,
                }),
            };
        }
        let exe = std::env::current_exe().context(|| "locating this executable".into())?;
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("run")
            .arg("--config")
            .arg(&self.config)
            .arg("--pidfile")
            .arg(self.pidfile.path());
        let mut starting = daemon::spawn("pgsqlchk daemon", &mut cmd, Some(&self.logfile))?;
        let pid = starting.pid();
        starting.wait_ready(deadline, READY, || self.ready(pid, &cfg, deadline))
    }

    fn stop(&mut self, ctx: &Context) -> Result<()> {
        let pid = self.pidfile.ours()?;
        daemon::stop(&self.pidfile, pid, STOP_GRACE, ctx.deadline())
    }

    fn monitor(&mut self, ctx: &Context) -> Result<State> {
        let Some(pid) = self.pidfile.ours()? else {
            // Nothing runs, so nothing was loaded: a probe says whether the file could run
            // (malformed everywhere: 6; missing here: 7 through the node's-view table).
            if ctx.is_probe() {
                Config::load(&self.config)?;
            }
            return Ok(State::NotRunning);
        };
        let running = self.what_runs(pid)?;
        let deadline = ctx.deadline();
        for (addr, _) in &running.listeners {
            listener_answers_at(*addr, deadline)?;
        }
        let warning = rustha::applied::file_warning(
            &self.config,
            &running.digest,
            |p| Config::load(p).map(drop).map_err(|e| e.to_string()),
            "apply it with 'rustha-pgsqlchk apply RESOURCE' (or reload)",
        );
        if let Some(w) = warning {
            rustha::log::warn_caller(&w);
        }
        Ok(State::Running)
    }

    fn reload(&mut self, ctx: &Context) -> Result<()> {
        rustha::applied::reported(ctx, self.requested.as_deref(), self.reload_checked(ctx))
    }

    fn heartbeat_params(args: &[String]) -> Result<rustha::MapSource> {
        match args {
            [config] => Ok(rustha::MapSource::new().with_param("config", config.clone())),
            _ => Err(Error::Usage(format!(
                "expected one argument, the configuration file (pgsqlchk::/etc/psqlchk/config.json), got {args:?}"
            ))),
        }
    }

    fn command(name: &str, m: &clap::ArgMatches) -> Result<OcfCode> {
        if name == "apply" {
            let (resource, wait) = rustha::applied::resource_and_wait(m);
            return rustha::applied::apply(
                &resource,
                "config",
                Some(config::DEFAULT_PATH),
                |p| Config::load(p).map(drop),
                wait,
            );
        }
        let config = PathBuf::from(m.get_one::<String>("config").expect("has a default"));
        let pidfile = m.get_one::<String>("pidfile").map(PidFile::new);
        let instance = std::env::var("OCF_RESOURCE_INSTANCE").unwrap_or_else(|_| "pgsqlchk".into());
        rustha::log::init("pgsqlchk", &instance, "run");
        // An error is printed once, by the caller, on stderr (the journal under systemd).
        run(&config, pidfile.as_ref()).map(|()| OcfCode::Success)
    }
}

impl Pgsqlchk {
    /// What the daemon `pid` records it serves.
    fn what_runs(&self, pid: Pid) -> Result<Running> {
        let path = running_path(self.pidfile.path());
        Running::read(&path).ok_or_else(|| {
            Error::Failed(format!(
                "pgsqlchk daemon {pid} runs but its record {} is missing or unreadable",
                path.display()
            ))
        })
    }

    /// Validate the file, check it is the one `apply` asked for, have the daemon re-read it
    /// (SIGHUP) and wait for its answer in its record.
    fn reload_checked(&self, ctx: &Context) -> Result<()> {
        let (_, digest) = Config::load_digested(&self.config)?;
        if let Some(wanted) = self
            .requested
            .as_deref()
            .map(rustha::applied::requested_digest)
        {
            if wanted != digest {
                return Err(Error::Configuration(format!(
                    "{} on this node (digest {digest}) is not the file 'rustha-pgsqlchk apply' validated (digest {wanted}): copy it here; the running configuration stays",
                    self.config.display()
                )));
            }
        }
        let Some(pid) = self.pidfile.ours()? else {
            return Err(Error::Failed(
                "pgsqlchk is not running; nothing to reload".into(),
            ));
        };
        let before = self.what_runs(pid)?;
        if before.digest == digest {
            tracing::info!("the daemon already runs {}", self.config.display());
            return Ok(());
        }
        daemon::reload(pid, ctx.deadline(), || {
            let now = self.what_runs(pid)?;
            Ok(if now.digest == digest {
                Some(Ok(()))
            } else {
                // The daemon changed nothing and serves on: not a reason to restart it.
                now.refused.filter(|(d, _)| *d == digest).map(|(_, why)| {
                    Err(Error::Configuration(format!(
                        "reload refused by the daemon, the running configuration stays: {why}"
                    )))
                })
            })
        })
    }

    /// Whether the daemon `pid` is ready: it wrote its pidfile (every listener bound) and every
    /// listener answers.
    fn ready(&self, pid: Pid, cfg: &Config, deadline: Instant) -> Result<bool> {
        if self.pidfile.read()? != Some(pid) {
            return Ok(false);
        }
        Ok(cfg
            .webservers
            .iter()
            .all(|w| listener_answers(&cfg.webserver_host, w.listen_port, deadline).is_ok()))
    }
}

/// Addresses `host:port` resolves to, in resolver order, without duplicates.
fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>> {
    let mut out: Vec<SocketAddr> = Vec::new();
    for a in (host, port).to_socket_addrs().map_err(|e| {
        Error::Configuration(format!("webserver_host '{host}' does not resolve: {e}"))
    })? {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    Ok(out)
}

/// Whether a listener on `host:port` answers `GET /liveness` with 200 (on any of the host's
/// addresses; the wildcard is reached through loopback).
fn listener_answers(host: &str, port: u16, deadline: Instant) -> Result<()> {
    let mut last = Error::Failed(format!("listener {host}:{port}: no address"));
    for addr in resolve(host, port)? {
        match listener_answers_at(addr, deadline) {
            Ok(()) => return Ok(()),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Whether the listener at `addr` answers `GET /liveness` (the wildcard through loopback).
fn listener_answers_at(mut addr: SocketAddr, deadline: Instant) -> Result<()> {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        });
    }
    let left = deadline.saturating_duration_since(Instant::now());
    let timeout = PROBE_TIMEOUT.min(left).max(Duration::from_millis(50));
    liveness(addr, timeout)
        .map_err(|e| Error::Failed(format!("listener {addr} does not answer: {e}")))
}

fn liveness(addr: SocketAddr, timeout: Duration) -> std::io::Result<()> {
    let mut s = TcpStream::connect_timeout(&addr, timeout)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    s.write_all(b"GET /liveness HTTP/1.0\r\n\r\n")?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head)?;
    if &head == b"HTTP/1.1 200" {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "answered {:?}",
            String::from_utf8_lossy(&head)
        )))
    }
}

/// Where the daemon that writes `pidfile` records what it runs ([`Running`]).
pub fn running_path(pidfile: &Path) -> PathBuf {
    pidfile.with_extension("running")
}

/// One generation of the daemon: its configuration, sockets and accept loops.
struct Generation {
    cfg: Config,
    digest: String,
    /// Bound sockets, by address; a reload keeps those whose address stays.
    sockets: HashMap<SocketAddr, Arc<tokio::net::TcpListener>>,
    tasks: Vec<tokio::task::AbortHandle>,
}

impl Generation {
    /// Bind what `cfg` needs (all addresses of `webserver_host` per listener), taking the
    /// sockets `old` already holds for the same address. An address family the host lacks (no
    /// IPv6) is skipped with a warning as long as one address per port binds. Nothing is served
    /// yet: a failure leaves `old` untouched.
    fn bind(cfg: Config, digest: String, old: Option<&Generation>) -> Result<Generation> {
        let mut sockets = HashMap::new();
        for w in &cfg.webservers {
            let mut bound = 0;
            for addr in resolve(&cfg.webserver_host, w.listen_port)? {
                if let Some(s) = old.and_then(|o| o.sockets.get(&addr)) {
                    sockets.insert(addr, s.clone());
                    bound += 1;
                    continue;
                }
                match std::net::TcpListener::bind(addr) {
                    Ok(l) => {
                        l.set_nonblocking(true)
                            .context(|| format!("configuring listener {addr}"))?;
                        let l = tokio::net::TcpListener::from_std(l)
                            .context(|| format!("registering listener {addr}"))?;
                        sockets.insert(addr, Arc::new(l));
                        bound += 1;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AddrNotAvailable => {
                        tracing::warn!("cannot bind {addr}: {e}; skipping that address");
                    }
                    Err(e) => return Err(Error::io(format!("binding {addr}"), e)),
                }
            }
            if bound == 0 {
                return Err(Error::Failed(format!(
                    "no address of '{}' could be bound for port {}",
                    cfg.webserver_host, w.listen_port
                )));
            }
        }
        Ok(Generation {
            cfg,
            digest,
            sockets,
            tasks: Vec::new(),
        })
    }

    /// Start an accept loop per socket, each with its target (one per database port).
    fn serve(&mut self) {
        let mut targets: HashMap<u16, Arc<check::Target>> = HashMap::new();
        for w in &self.cfg.webservers {
            let target = targets
                .entry(w.target_port)
                .or_insert_with(|| Arc::new(check::Target::new(&self.cfg, w.target_port)))
                .clone();
            for (addr, sock) in &self.sockets {
                if addr.port() != w.listen_port {
                    continue;
                }
                tracing::info!(
                    "listening on {addr} for PostgreSQL {}:{} ({:?} mode)",
                    self.cfg.database_host,
                    w.target_port,
                    w.mode
                );
                let h = tokio::spawn(http::serve(sock.clone(), target.clone(), w.mode));
                self.tasks.push(h.abort_handle());
            }
        }
    }

    /// Stop accepting for this generation (established connections finish on their own).
    fn stop(&mut self) {
        for t in self.tasks.drain(..) {
            t.abort();
        }
    }

    fn running(&self, file: &Path, refused: Option<(String, String)>) -> Running {
        let mut listeners: Vec<_> = self.sockets.keys().map(|a| (*a, false)).collect();
        listeners.sort();
        Running {
            file: file.to_path_buf(),
            digest: self.digest.clone(),
            listeners,
            refused,
        }
    }
}

/// The daemon: bind, write the pidfile, serve until SIGTERM or SIGINT; SIGHUP re-reads the
/// file and swaps listeners and targets in place (a file that fails validation, or a listener
/// that cannot bind, changes nothing). What runs is recorded next to the pid file
/// ([`running_path`]) for the agent's `monitor` and `reload`.
pub fn run(config_path: &Path, pidfile: Option<&PidFile>) -> Result<()> {
    let config_path =
        std::fs::canonicalize(config_path).unwrap_or_else(|_| config_path.to_path_buf());
    let (cfg, digest) = Config::load_digested(&config_path)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context(|| "building the tokio runtime".into())?;
    let record = pidfile.map(|p| running_path(p.path()));
    let result = rt.block_on(async {
        let mut current = Generation::bind(cfg, digest, None)?;
        current.serve();
        if let Some(r) = &record {
            current
                .running(&config_path, None)
                .write(r)
                .context(|| format!("writing {}", r.display()))?;
        }
        if let Some(pf) = pidfile {
            pf.write(nix::unistd::getpid())?;
        }
        use tokio::signal::unix::{signal, SignalKind};
        let mut term =
            signal(SignalKind::terminate()).context(|| "installing SIGTERM handler".into())?;
        let mut hup =
            signal(SignalKind::hangup()).context(|| "installing SIGHUP handler".into())?;
        loop {
            tokio::select! {
                _ = term.recv() => { tracing::info!("SIGTERM: exiting"); break; }
                _ = tokio::signal::ctrl_c() => { tracing::info!("SIGINT: exiting"); break; }
                _ = hup.recv() => {
                    let refused = match reload(&config_path, &mut current) {
                        Ok(()) => None,
                        Err((digest, e)) => {
                            tracing::error!("reload refused, the running configuration stays: {e}");
                            Some((digest, e.to_string()))
                        }
                    };
                    if let Some(r) = &record {
                        if let Err(e) = current.running(&config_path, refused).write(r) {
                            tracing::warn!("writing {}: {e}", r.display());
                        }
                    }
                }
            }
        }
        Ok::<(), Error>(())
    });
    if let Some(pf) = pidfile {
        if pf.read().ok().flatten() == Some(nix::unistd::getpid()) {
            let _ = pf.remove();
            if let Some(r) = &record {
                let _ = std::fs::remove_file(r);
            }
        }
    }
    result
}

/// Swap in the configuration at `path`; on failure, the digest it was asked to load (what was
/// on disk) and why not.
fn reload(path: &Path, current: &mut Generation) -> std::result::Result<(), (String, Error)> {
    let on_disk = || rustha::applied::file_digest(path).unwrap_or_else(|_| "-".into());
    let (cfg, digest) = Config::load_digested(path).map_err(|e| (on_disk(), e))?;
    let mut next = Generation::bind(cfg, digest.clone(), Some(current)).map_err(|e| (digest, e))?;
    current.stop();
    next.serve();
    let old = std::mem::replace(current, next);
    tracing::info!(
        "reloaded {}: {} listener(s), digest {}",
        path.display(),
        current.sockets.len(),
        current.digest
    );
    drop(old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_declares_config_and_pidfile() {
        let xml = META.to_xml();
        assert!(xml.contains("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"));
        for p in ["config", "pidfile", "logfile"] {
            assert!(
                xml.contains(&format!("<parameter name=\"{p}\"")),
                "{p}: {xml}"
            );
        }
        assert!(xml.contains("/etc/psqlchk/config.json"));
    }

    #[test]
    fn heartbeat_positional_config() {
        let m = Pgsqlchk::heartbeat_params(&["/etc/psqlchk/a.json".into()]).unwrap();
        use rustha::ParamSource;
        assert_eq!(m.param("config").as_deref(), Some("/etc/psqlchk/a.json"));
        assert!(Pgsqlchk::heartbeat_params(&[]).is_err());
    }
}
