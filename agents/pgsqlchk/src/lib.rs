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
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use nix::unistd::Pid;
use rustha::cli::Subcommand;
use rustha::daemon::{self, Forked, PidFile};
use rustha::error::IoContext;
use rustha::{
    ActionSpec, AgentMeta, Context, Error, OcfCode, ParamSpec, Params, ResourceAgent, Result, State,
};

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
];

const META: AgentMeta = AgentMeta {
    name: "pgsqlchk",
    version: env!("CARGO_PKG_VERSION"),
    shortdesc: "PostgreSQL role (writable primary, replica) as HTTP status for proxy health checks",
    longdesc: "Runs the pgsqlchk daemon: one HTTP listener per configured PostgreSQL instance, \
answering 200 when the instance is the writable primary and 503 otherwise (HAProxy's \
'option httpchk' with 'http-check expect status 200'), plus Patroni-style /primary, \
/read-write, /replica?lag=, /read-only and /health paths with JSON bodies. Reads the n2pg-aux \
/etc/psqlchk/config.json unchanged. Monitor checks that the daemon runs and every listener \
answers.",
    params: PARAMS,
    actions: &[
        ActionSpec::new("start", "20s"),
        ActionSpec::new("stop", "20s"),
        ActionSpec::new("monitor", "20s").interval("10s"),
        ActionSpec::new("meta-data", "5s"),
        ActionSpec::new("validate-all", "10s"),
    ],
};

/// Time one listener gets to answer `/liveness` during `start` and `monitor`.
const PROBE_TIMEOUT: Duration = Duration::from_millis(1000);

/// `ocf:rustha:pgsqlchk`.
pub struct Pgsqlchk {
    config: PathBuf,
    pidfile: PidFile,
    logfile: PathBuf,
}

impl ResourceAgent for Pgsqlchk {
    const META: &'static AgentMeta = &META;
    const SUBCOMMANDS: &'static [Subcommand] = &[(
        "run",
        "run the daemon in the foreground: run [--config FILE] [--pidfile FILE]",
    )];

    fn new(params: Params, ctx: &Context) -> Result<Self> {
        let config = PathBuf::from(params.get("config").unwrap_or(config::DEFAULT_PATH));
        let pidfile = params
            .get("pidfile")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(format!("/run/pgsqlchk/{}.pid", ctx.instance)));
        let logfile = PathBuf::from(params.get("logfile").unwrap_or("/dev/null"));
        Ok(Pgsqlchk {
            config,
            pidfile: PidFile::new(pidfile),
            logfile,
        })
    }

    fn validate(&self, _ctx: &Context) -> Result<()> {
        Config::load(&self.config).map(drop)
    }

    fn start(&mut self, ctx: &Context) -> Result<()> {
        let cfg = Config::load(&self.config)?;
        if let Some(pid) = self.running()? {
            tracing::info!("already running as pid {pid}");
            return self.wait_ready(ctx, pid, &cfg);
        }
        if let Some(dir) = self.logfile.parent() {
            std::fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        let exe = std::env::current_exe().context(|| "locating this executable".into())?;
        match daemon::daemonize(Some(&self.logfile))? {
            Forked::Daemon => {
                let err = std::process::Command::new(&exe)
                    .arg("run")
                    .arg("--config")
                    .arg(&self.config)
                    .arg("--pidfile")
                    .arg(self.pidfile.path())
                    .exec();
                eprintln!("pgsqlchk: cannot execute {}: {err}", exe.display());
                std::process::exit(1);
            }
            Forked::Parent(pid) => {
                tracing::info!("daemon started as pid {pid}");
                self.wait_ready(ctx, pid, &cfg)
            }
        }
    }

    fn stop(&mut self, ctx: &Context) -> Result<()> {
        if let Some(pid) = self.running()? {
            let grace = (ctx.remaining() / 2).min(Duration::from_secs(5));
            daemon::terminate(pid, grace, ctx.deadline())?;
            tracing::info!("daemon pid {pid} stopped");
        }
        self.pidfile.remove()
    }

    fn monitor(&mut self, ctx: &Context) -> Result<State> {
        let Some(_pid) = self.running()? else {
            return Ok(State::NotRunning);
        };
        let cfg = Config::load(&self.config)?;
        let deadline = ctx.deadline();
        for w in &cfg.webservers {
            listener_answers(&cfg.webserver_host, w.listen_port, deadline)?;
        }
        Ok(State::Running)
    }

    fn heartbeat_params(args: &[String]) -> Result<rustha::MapSource> {
        match args {
            [config] => Ok(rustha::MapSource::new().with_param("config", config.clone())),
            _ => Err(Error::Usage(format!(
                "expected one argument, the configuration file (pgsqlchk::/etc/psqlchk/config.json), got {args:?}"
            ))),
        }
    }

    fn subcommand(args: &[String]) -> Result<OcfCode> {
        let m = clap::Command::new("run")
            .bin_name("pgsqlchk run")
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
            )
            .try_get_matches_from(args);
        let m = match m {
            Ok(m) => m,
            Err(e) => {
                let _ = e.print();
                return if e.use_stderr() {
                    Err(Error::Usage("invalid arguments for 'run'".into()))
                } else {
                    Ok(OcfCode::Success)
                };
            }
        };
        let config = PathBuf::from(m.get_one::<String>("config").expect("has a default"));
        let pidfile = m.get_one::<String>("pidfile").map(PidFile::new);
        let instance = std::env::var("OCF_RESOURCE_INSTANCE").unwrap_or_else(|_| "pgsqlchk".into());
        rustha::log::init("pgsqlchk", &instance, "run");
        // An error is printed once, by the caller, on stderr (the journal under systemd).
        run(&config, pidfile.as_ref()).map(|()| OcfCode::Success)
    }
}

impl Pgsqlchk {
    /// The daemon's pid, if it runs and really is this program (not a recycled pid).
    fn running(&self) -> Result<Option<Pid>> {
        let Some(pid) = self.pidfile.running()? else {
            return Ok(None);
        };
        let ours = std::env::current_exe()
            .ok()
            .and_then(|p| p.canonicalize().ok());
        let theirs = daemon::exe_of(pid);
        let same = match (ours, theirs) {
            (Some(a), Some(b)) => {
                // An upgraded binary shows as "path (deleted)".
                let b = b
                    .to_string_lossy()
                    .trim_end_matches(" (deleted)")
                    .to_string();
                a == Path::new(&b)
            }
            // Not allowed to look (another user's process): trust the pidfile.
            _ => true,
        };
        Ok(same.then_some(pid))
    }

    /// Wait until the daemon wrote its pidfile and every listener answers.
    fn wait_ready(&self, ctx: &Context, pid: Pid, cfg: &Config) -> Result<()> {
        let deadline = ctx.deadline();
        let ready = daemon::wait_until(deadline, Duration::from_millis(20), || {
            if !daemon::is_alive(pid) {
                // The daemon's last words (it prints its error on stderr, i.e. the log file)
                // make the exit reason Pacemaker shows say what went wrong.
                let last = std::fs::read_to_string(&self.logfile)
                    .ok()
                    .and_then(|t| {
                        t.lines()
                            .rev()
                            .find(|l| !l.trim().is_empty())
                            .map(str::to_string)
                    })
                    .map(|l| format!(": {l}"))
                    .unwrap_or_default();
                return Err(Error::Failed(format!(
                    "pgsqlchk daemon (pid {pid}) exited during start{last} (see {} or the journal)",
                    self.logfile.display()
                )));
            }
            if self.pidfile.read()? != Some(pid) {
                return Ok(false);
            }
            Ok(cfg
                .webservers
                .iter()
                .all(|w| listener_answers(&cfg.webserver_host, w.listen_port, deadline).is_ok()))
        })?;
        if ready {
            Ok(())
        } else {
            Err(Error::Timeout {
                what: "pgsqlchk listeners".into(),
                after: ctx.timeout,
            })
        }
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
    let mut last = String::from("no address");
    for mut addr in resolve(host, port)? {
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let timeout = PROBE_TIMEOUT.min(left).max(Duration::from_millis(50));
        match liveness(addr, timeout) {
            Ok(()) => return Ok(()),
            Err(e) => last = format!("{addr}: {e}"),
        }
    }
    Err(Error::Failed(format!(
        "listener {host}:{port} does not answer ({last})"
    )))
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

/// Bind every listener of `cfg` (all addresses of `webserver_host`). An address family the
/// host lacks (no IPv6) is skipped with a warning as long as one address per port binds.
fn bind_all(cfg: &Config) -> Result<Vec<(usize, std::net::TcpListener)>> {
    let mut out = Vec::new();
    for (i, w) in cfg.webservers.iter().enumerate() {
        let mut bound = 0;
        let mut failures = Vec::new();
        for addr in resolve(&cfg.webserver_host, w.listen_port)? {
            match std::net::TcpListener::bind(addr) {
                Ok(l) => {
                    l.set_nonblocking(true)
                        .context(|| format!("configuring listener {addr}"))?;
                    out.push((i, l));
                    bound += 1;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AddrNotAvailable => {
                    tracing::warn!("cannot bind {addr}: {e}; skipping that address");
                }
                Err(e) => failures.push(Error::io(format!("binding {addr}"), e)),
            }
        }
        if let Some(e) = failures.into_iter().next() {
            return Err(e);
        }
        if bound == 0 {
            return Err(Error::Failed(format!(
                "no address of '{}' could be bound for port {}",
                cfg.webserver_host, w.listen_port
            )));
        }
    }
    Ok(out)
}

/// The daemon: bind, write the pidfile, serve until SIGTERM or SIGINT.
pub fn run(config_path: &Path, pidfile: Option<&PidFile>) -> Result<()> {
    let cfg = Config::load(config_path)?;
    let listeners = bind_all(&cfg)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context(|| "building the tokio runtime".into())?;
    let result = rt.block_on(async {
        let mut targets: HashMap<u16, Arc<check::Target>> = HashMap::new();
        for (i, std_listener) in listeners {
            let w = &cfg.webservers[i];
            let target = targets
                .entry(w.target_port)
                .or_insert_with(|| Arc::new(check::Target::new(&cfg, w.target_port)))
                .clone();
            let addr = std_listener.local_addr().ok();
            let listener = tokio::net::TcpListener::from_std(std_listener)
                .context(|| "registering listener".into())?;
            tracing::info!(
                "listening on {} for PostgreSQL {}:{} ({:?} mode)",
                addr.map(|a| a.to_string()).unwrap_or_default(),
                cfg.database_host,
                w.target_port,
                w.mode
            );
            tokio::spawn(http::serve(listener, target, w.mode));
        }
        if let Some(pf) = pidfile {
            pf.write(nix::unistd::getpid())?;
        }
        use tokio::signal::unix::{signal, SignalKind};
        let mut term =
            signal(SignalKind::terminate()).context(|| "installing SIGTERM handler".into())?;
        // SIGHUP's default action would kill the daemon on a stray `kill -HUP` or a unit's
        // reload; it has no configuration to re-read in place, so it says so and keeps serving.
        let mut hup =
            signal(SignalKind::hangup()).context(|| "installing SIGHUP handler".into())?;
        loop {
            tokio::select! {
                _ = term.recv() => { tracing::info!("SIGTERM: exiting"); break; }
                _ = tokio::signal::ctrl_c() => { tracing::info!("SIGINT: exiting"); break; }
                _ = hup.recv() => tracing::warn!(
                    "SIGHUP ignored: restart pgsqlchk to apply a changed configuration"
                ),
            }
        }
        Ok::<(), Error>(())
    });
    if let Some(pf) = pidfile {
        if pf.read().ok().flatten() == Some(nix::unistd::getpid()) {
            let _ = pf.remove();
        }
    }
    result
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
