//! The OCF side of `proxy`: `start` launches `proxy run -D` and returns once every listener
//! accepts; `stop` lets the daemon drain (SIGTERM) inside the stop timeout, then kills it;
//! `monitor` asks the running daemon what it serves (control socket `show running`) and checks
//! every one of those listeners (TCP: accepts a connection; UDP: a socket of the daemon is bound
//! to it, as nothing answers a probe datagram); the file on disk only earns a warning when it
//! is not what runs (see [`rustha::applied`]). At depth 10, on request only, it also requires a
//! usable server in every backend.
//! `reload` validates the file first, then asks the daemon to swap in place over its control
//! socket and reports the daemon's own verdict; `validate-all` is `proxy check`; `proxy apply
//! RESOURCE` applies an edited file under Pacemaker from any node.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rustha::applied::{Listener, Running};
use rustha::daemon::{self, control_call, Grace, PidFile, Readiness};
use rustha::{
    ActionSpec, AgentMeta, Context, Error, MapSource, OcfCode, ParamSpec, Params, ResourceAgent,
    Result, State,
};

use crate::config::{Config, Mode};

const PARAMS: &[ParamSpec] = &[
    ParamSpec::string("config")
        .required()
        .reloadable()
        .short("HAProxy-syntax configuration file")
        .long("Path of the haproxy.cfg-style configuration. Changing it (or its contents) is applied by 'reload' without dropping connections; a file that fails validation changes nothing."),
    ParamSpec::string("pidfile")
        .unique()
        .short("pidfile of the daemon")
        .long("Where the daemon records its pid once every listener accepts. Its control socket lives next to it (same name, .sock). Default: /run/rustha-proxy-<resource>.pid"),
    rustha::applied::digest_param("Set by 'rustha-proxy apply RESOURCE' (run on any cluster node after editing the file): the digest of the file it validated. Its change makes Pacemaker call reload wherever the proxy runs; reload there applies the file in place only when that node's copy has this digest, keeps the running configuration otherwise, and reports either in the node attribute rustha-applied-RESOURCE. Leave it unset by hand."),
];

const ACTIONS: &[ActionSpec] = &[
    ActionSpec::new("start", "30s"),
    ActionSpec::new("stop", "30s"),
    // Only depth 0 is advertised: `pcs resource create` copies every advertised monitor, and a
    // backend outage (depth 10) must not get a healthy proxy restarted unless asked for.
    ActionSpec::new("monitor", "20s").interval("10s"),
    ActionSpec::new("reload", "30s"),
    ActionSpec::new("validate-all", "20s"),
    ActionSpec::new("meta-data", "5s"),
];

/// Sessions drain for most of the stop timeout; SIGKILL closes what is left in the last 2 s.
const STOP_GRACE: Grace = Grace::AllBut(Duration::from_secs(2));

static META: AgentMeta = AgentMeta {
    name: "proxy",
    version: env!("CARGO_PKG_VERSION"),
    shortdesc: "HAProxy-compatible TCP, HTTP and UDP load balancer",
    longdesc: "Runs the rustha proxy, a load balancer configured with HAProxy's configuration syntax (global, defaults, listen, frontend, backend; TCP and HTTP/1.1 modes with keep-alive, ACLs, use_backend and http-request rules; a UDP mode with source persistence, a rustha extension replacing LVS services; health checks with rise/fall hysteresis, backup and track servers, maxconn queues, stats page, CSV, JSON and Prometheus metrics, runtime admin socket). start returns once every listener accepts (a UDP address: once the daemon has bound it); stop drains established sessions within the stop timeout; reload applies a new configuration in place, keeping listeners and each server's health; monitor asks the running daemon what it serves and checks that every TCP listener accepts and every UDP address is bound by the daemon; a configuration file that no longer matches what runs (edited, half written, removed) is only a warning naming file:line:column, never a failure. After editing the file, run 'rustha-proxy apply RESOURCE' on any cluster node: it refuses a file that does not validate and otherwise has every node running the proxy reload it in place. A deeper monitor that also fails when a backend has no usable server is available on request: op monitor interval=30s OCF_CHECK_LEVEL=10 (it gets the proxy restarted during a backend outage, so it is not a default).",
    params: PARAMS,
    actions: ACTIONS,
};

/// The `proxy` agent.
pub struct Proxy {
    config: PathBuf,
    pidfile: PidFile,
    /// `config_digest`: what `proxy apply` validated, when it asked for this reload.
    requested: Option<String>,
}

impl Proxy {
    fn control_path(&self) -> PathBuf {
        crate::control::daemon::control_path(self.pidfile.path())
    }

    fn load(&self) -> Result<Config> {
        load(&self.config)
    }

    /// The warning for a file on disk that is not what the daemon runs.
    fn file_warning(&self, running: &Running) -> Option<String> {
        let named = std::fs::canonicalize(&self.config).unwrap_or_else(|_| self.config.clone());
        if named != running.file {
            return Some(format!(
                "the daemon runs {}, not {} (the resource's config parameter); apply it with 'rustha-proxy apply RESOURCE'",
                running.file.display(),
                self.config.display()
            ));
        }
        rustha::applied::file_warning(
            &self.config,
            &running.digest,
            |p| load(p).map(drop).map_err(|e| e.to_string()),
            "apply it with 'rustha-proxy apply RESOURCE' (or reload)",
        )
    }

    fn reload_checked(&self, ctx: &Context) -> Result<()> {
        let cfg = self.load()?;
        if let Some(wanted) = self
            .requested
            .as_deref()
            .map(rustha::applied::requested_digest)
        {
            if wanted != cfg.digest {
                return Err(Error::Configuration(format!(
                    "{} on this node (digest {}) is not the file 'rustha-proxy apply' validated (digest {wanted}): copy it here; the running configuration stays",
                    self.config.display(),
                    cfg.digest
                )));
            }
        }
        if self.running()?.is_none() {
            return Err(Error::Failed(
                "proxy is not running; nothing to reload".into(),
            ));
        }
        let started = Instant::now();
        let answer = control_call(
            &self.control_path(),
            &format!("reload {}", self.config.display()),
            ctx.remaining(),
        )?;
        let answer = answer.trim();
        match answer.strip_prefix("OK") {
            Some(rest) => {
                tracing::info!(
                    "reloaded in {:.1} ms:{rest}",
                    started.elapsed().as_secs_f64() * 1e3
                );
                Ok(())
            }
            // The daemon changed nothing and serves on: not a reason to restart it.
            None => Err(Error::Configuration(format!(
                "reload refused by the daemon, the running configuration stays: {answer}"
            ))),
        }
    }

    /// The daemon's pid if it runs and is this binary.
    fn running(&self) -> Result<Option<nix::unistd::Pid>> {
        self.pidfile.ours()
    }
}

/// Read and validate the configuration at `path`. A file this node lacks is "unusable here"
/// (another node may have it), not malformed.
fn load(path: &Path) -> Result<Config> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotInstalled(format!(
            "configuration file {} does not exist on this node",
            path.display()
        ))),
        _ => {
            let cfg = Config::load(path)?;
            if listeners_of(&cfg).is_empty() {
                return Err(Error::Configuration(format!(
                    "{}: no enabled listener found (check for 'bind' directives): the proxy would serve nothing",
                    path.display()
                )));
            }
            Ok(cfg)
        }
    }
}

/// Where a health probe should connect to reach a listener bound to `addr`.
fn probe_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// The listeners a configuration asks for (enabled frontends' binds).
fn listeners_of(cfg: &Config) -> Vec<Listener> {
    cfg.proxies
        .iter()
        .filter(|p| p.is_frontend() && !p.disabled)
        .flat_map(|p| p.binds.iter().map(move |b| (b.addr, p.mode == Mode::Udp)))
        .collect()
}

/// What the running daemon says it serves (control socket `show running`).
fn query_running(control: &Path, timeout: Duration) -> Result<Running> {
    let answer = control_call(control, "show running", timeout)?;
    Running::parse(&answer).ok_or_else(|| {
        Error::Failed(format!(
            "the daemon's control socket {} answered 'show running' with {:?}",
            control.display(),
            answer.trim()
        ))
    })
}

/// Listeners that do not work right now: TCP ones that refuse a connection, and those no
/// socket of the daemon `pid` is bound to where a connection or datagram cannot tell: UDP (nothing
/// answers a probe datagram) and a TCP address not on this node (bound with IP_FREEBIND, e.g. a
/// VIP held by another node for now: a connection would reach that node's proxy instead).
fn dead_listeners(listeners: &[Listener], pid: Option<nix::unistd::Pid>) -> Vec<SocketAddr> {
    let mut dead = Vec::new();
    let mut inodes = None;
    for &(addr, udp) in listeners {
        if udp || !is_local(addr.ip()) {
            let owned = inodes.get_or_insert_with(|| pid.map(socket_inodes).unwrap_or_default());
            if !socket_bound(addr, udp, owned) {
                dead.push(addr);
            }
            continue;
        }
        if TcpStream::connect_timeout(&probe_addr(addr), Duration::from_millis(500)).is_err() {
            dead.push(addr);
        }
    }
    dead
}

/// Whether `ip` is an address of this node (or the wildcard): binding it without IP_FREEBIND
/// succeeds only then.
fn is_local(ip: IpAddr) -> bool {
    ip.is_unspecified()
        || !matches!(
            std::net::UdpSocket::bind((ip, 0)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrNotAvailable
        )
}

/// Inodes of the sockets process `pid` holds open (`/proc/PID/fd/* -> socket:[INODE]`).
fn socket_inodes(pid: nix::unistd::Pid) -> HashSet<u64> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return HashSet::new();
    };
    dir.filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter_map(|l| {
            l.to_str()?
                .strip_prefix("socket:[")?
                .strip_suffix(']')?
                .parse()
                .ok()
        })
        .collect()
}

/// Whether one of the sockets `owned` is bound to `addr` (UDP) or listens on it (TCP), from
/// `/proc/net/{udp,tcp}{,6}`.
fn socket_bound(addr: SocketAddr, udp: bool, owned: &HashSet<u64>) -> bool {
    let table = match (udp, addr.is_ipv4()) {
        (true, true) => "/proc/net/udp",
        (true, false) => "/proc/net/udp6",
        (false, true) => "/proc/net/tcp",
        (false, false) => "/proc/net/tcp6",
    };
    let text = std::fs::read_to_string(table).unwrap_or_default();
    // A TCP row counts only in state LISTEN (0A); a UDP socket has no such state to wait for.
    let bound = proc_net_sockets(&text).any(|(local, state, inode)| {
        local == addr && (udp || state == 0x0A) && owned.contains(&inode)
    });
    bound
}

/// The (local address, state, inode) rows of a `/proc/net/{udp,tcp}{,6}` table. Addresses are
/// printed as the kernel's in-memory words: 32-bit groups in host byte order.
fn proc_net_sockets(text: &str) -> impl Iterator<Item = (SocketAddr, u8, u64)> + '_ {
    text.lines().skip(1).filter_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let (ip, port) = f.get(1)?.split_once(':')?;
        let port = u16::from_str_radix(port, 16).ok()?;
        let mut bytes = Vec::with_capacity(16);
        for i in (0..ip.len()).step_by(8) {
            let word = u32::from_str_radix(ip.get(i..i + 8)?, 16).ok()?;
            bytes.extend_from_slice(&word.to_ne_bytes());
        }
        let ip: IpAddr = match bytes.len() {
            4 => <[u8; 4]>::try_from(bytes).ok().map(Ipv4Addr::from)?.into(),
            16 => <[u8; 16]>::try_from(bytes).ok().map(Ipv6Addr::from)?.into(),
            _ => return None,
        };
        let state = u8::from_str_radix(f.get(3)?, 16).ok()?;
        Some((SocketAddr::new(ip, port), state, f.get(9)?.parse().ok()?))
    })
}

impl ResourceAgent for Proxy {
    const META: &'static AgentMeta = &META;
    fn commands() -> Vec<clap::Command> {
        let mut commands = crate::control::cli::commands();
        commands.push(rustha::applied::command());
        commands
    }

    fn new(params: Params, ctx: &Context) -> Result<Self> {
        let pidfile = params.opt::<PathBuf>("pidfile")?.unwrap_or_else(|| {
            PathBuf::from(format!(
                "/run/rustha-proxy-{}.pid",
                ctx.instance.replace('/', "_")
            ))
        });
        Ok(Proxy {
            config: params.get("config")?,
            pidfile: PidFile::new(pidfile),
            requested: params.opt(rustha::applied::DIGEST_PARAM)?,
        })
    }

    fn validate(&self, _ctx: &Context) -> Result<()> {
        let cfg = self.load()?;
        for w in &cfg.warnings {
            tracing::warn!("{w}");
        }
        Ok(())
    }

    fn start(&mut self, ctx: &Context) -> Result<()> {
        let cfg = self.load()?;
        // Missing on this node, not wrong in the file: Pacemaker should try another node.
        if let Some(dir) = cfg.global.chroot.as_ref().filter(|d| !d.is_dir()) {
            return Err(Error::NotInstalled(format!(
                "chroot directory {} does not exist on this node",
                dir.display()
            )));
        }
        let listeners = listeners_of(&cfg);
        if let Some(pid) = self.running()? {
            if dead_listeners(&listeners, Some(pid)).is_empty() {
                return Ok(());
            }
        }
        let exe = std::env::current_exe().map_err(|e| Error::io("locating the proxy binary", e))?;
        let _ = std::fs::remove_file(self.pidfile.path().with_extension("log"));
        // `proxy run -D` returns once the daemon is bound (pidfile written) or has died.
        let out = Command::new(&exe)
            .arg("run")
            .arg("-q")
            .arg("-f")
            .arg(&self.config)
            .arg("-D")
            .arg("-p")
            .arg(self.pidfile.path())
            .arg("-S")
            .arg(self.control_path())
            .output()
            .map_err(|e| Error::io(format!("starting {}", exe.display()), e))?;
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr)
                .trim()
                .replace('\n', "; ");
            return Err(Error::Failed(format!("proxy failed to start: {why}")));
        }
        let exited = || Error::Failed("proxy exited right after start-up".into());
        let pid = self.running()?.ok_or_else(exited)?;
        let mut last_dead = Vec::new();
        match daemon::wait_ready(pid, ctx.deadline(), || {
            last_dead = dead_listeners(&listeners, Some(pid));
            Ok(last_dead.is_empty())
        })? {
            Readiness::Ready => {
                tracing::info!("started; every listener accepts");
                Ok(())
            }
            Readiness::Died => Err(exited()),
            Readiness::TimedOut => Err(Error::Timeout {
                what: format!("start (listeners not accepting: {last_dead:?})"),
                after: ctx.timeout,
            }),
        }
    }

    fn stop(&mut self, ctx: &Context) -> Result<()> {
        let pid = self.running()?;
        daemon::stop(&self.pidfile, pid, STOP_GRACE, ctx.deadline())?;
        if pid.is_some() {
            let _ = std::fs::remove_file(self.control_path());
        }
        Ok(())
    }

    fn monitor(&mut self, ctx: &Context) -> Result<State> {
        let Some(pid) = self.running()? else {
            // Nothing runs, so nothing was loaded: a probe says whether the file could run
            // (malformed everywhere: 6; missing here: 7 through the node's-view table).
            if ctx.is_probe() {
                self.load()?;
            }
            return Ok(State::NotRunning);
        };
        let running = query_running(&self.control_path(), Duration::from_secs(5))?;
        let dead = dead_listeners(&running.listeners, Some(pid));
        if !dead.is_empty() {
            return Err(Error::Failed(format!("listeners not accepting: {dead:?}")));
        }
        if let Some(w) = self.file_warning(&running) {
            rustha::log::warn_caller(&w);
        }
        if ctx.check_level >= 10 {
            let csv = control_call(&self.control_path(), "show stat", Duration::from_secs(5))?;
            let down: Vec<String> = csv
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| l.split(',').collect::<Vec<_>>())
                .filter(|f| f.len() > 17 && f[1] == "BACKEND" && f[17] != "UP")
                .map(|f| f[0].to_string())
                .collect();
            if !down.is_empty() {
                return Err(Error::Failed(format!(
                    "no usable server in backend(s): {}",
                    down.join(", ")
                )));
            }
        }
        Ok(State::Running)
    }

    fn reload(&mut self, ctx: &Context) -> Result<()> {
        rustha::applied::reported(ctx, self.requested.as_deref(), self.reload_checked(ctx))
    }

    /// Heartbeat v1 `haresources`: `proxy::/etc/rustha/haproxy.cfg` calls
    /// `proxy /etc/rustha/haproxy.cfg start|stop|status`.
    fn heartbeat_params(args: &[String]) -> Result<MapSource> {
        let [config] = args else {
            return Err(Error::Usage(format!(
                "expected one argument, the configuration file, got {args:?}"
            )));
        };
        // `proxy::ldirectord.cf` names its file the way ldirectord's own resource script does:
        // relative to /etc/ha.d when it is not a path.
        let path = std::path::Path::new(config);
        let config = if path.is_relative() && path.components().count() == 1 {
            std::path::Path::new("/etc/ha.d")
                .join(path)
                .display()
                .to_string()
        } else {
            config.clone()
        };
        Ok(MapSource::new().with_param("config", config))
    }

    fn command(name: &str, m: &clap::ArgMatches) -> Result<OcfCode> {
        let opts = || crate::control::cli::Opts::from_matches(m);
        match name {
            "check" => crate::control::cli::check(opts()),
            "run" => crate::control::daemon::run(opts()),
            "convert" => crate::control::cli::convert(opts()),
            _ => {
                let (resource, wait) = rustha::applied::resource_and_wait(m);
                rustha::applied::apply(&resource, "config", None, |p| load(p).map(drop), wait)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_net_rows_name_address_state_and_inode() {
        let v6 = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n\
                  12: 00000000000000000000000001000000:13C4 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0\n";
        let rows: Vec<_> = proc_net_sockets(v6).map(|(a, _, i)| (a, i)).collect();
        if cfg!(target_endian = "little") {
            assert_eq!(rows, [("[::1]:5060".parse().unwrap(), 4242)]);
        }
        // A socket of this process is found, with an inode this process holds.
        let s = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let addr = s.local_addr().unwrap();
        let mine = socket_inodes(nix::unistd::getpid());
        assert!(socket_bound(addr, true, &mine));
        assert!(
            !socket_bound(addr, true, &HashSet::new()),
            "held by another process"
        );
        drop(s);
        assert!(!socket_bound(
            addr,
            true,
            &socket_inodes(nix::unistd::getpid())
        ));
        // A listening TCP socket counts; one that only connected does not.
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let at = l.local_addr().unwrap();
        let c = std::net::TcpStream::connect(at).unwrap();
        let mine = socket_inodes(nix::unistd::getpid());
        assert!(socket_bound(at, false, &mine));
        assert!(!socket_bound(c.local_addr().unwrap(), false, &mine));
        assert!(is_local("127.0.0.1".parse().unwrap()) && is_local("0.0.0.0".parse().unwrap()));
        // TEST-NET-1 is on no interface here; nothing is sent by the check.
        assert!(!is_local("192.0.2.1".parse().unwrap()));
    }
}
