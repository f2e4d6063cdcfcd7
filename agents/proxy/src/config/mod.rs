//! The configuration model and its parser: HAProxy's `haproxy.cfg` syntax (`global`, `defaults`,
//! `listen`, `frontend`, `backend`), with HAProxy's inheritance rules (a `defaults` section
//! applies to the proxies after it; `default-server` to the `server` lines after it).
//!
//! Everything is reported with file, line and column: an unknown keyword is an error with the
//! nearest valid keyword (Jaro-Winkler through `strsim`), a directive that is accepted but has no
//! effect is a warning (never silence), and the semantic checks that `haproxy -c` misses (track to
//! a missing server, track together with check, duplicate binds, `check port 0`, a bare
//! `balance`, `stats auth` without a password, layer-7 rules in a TCP proxy) are errors or warnings.
//!
//! rustha extensions (not in HAProxy), which replace LVS/ldirectord services:
//! - `mode udp` (defaults, listen, frontend, backend): datagram load balancing, see
//!   [`crate::data::udp`]. A UDP frontend needs UDP backends and the other way round; a UDP `bind` must
//!   name the service address (not `0.0.0.0`/`::`); `check` needs `option sip-check` (there is no
//!   TCP connect to try), `option httpchk` is an error; HTTP-only directives are warned about.
//! - `persist source TIME [MASK4 [MASK6]]` (backend, listen, defaults): ldirectord's
//!   `persistent=TIME` and `netmask=MASK`. New sessions from a client network (MASK4: a dotted
//!   netmask or `/LEN`, default `/32`; MASK6: `/LEN`, default `/128`) go to the server its last
//!   session used while that server is usable and that session was active less than TIME ago.
//!   Applies in `mode tcp` and `mode udp` ([`crate::runtime::persist`]); ignored, with a warning, in
//!   `mode http`.
//! - `option sip-check [LOGIN]`: a SIP `OPTIONS` health check.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod ldirectord;
pub mod lex;
pub mod rules;

use lex::Word;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Accepted, but the user should know.
    Warning,
    /// The configuration is rejected.
    Alert,
}

/// One message about the configuration, located precisely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// Warning or error.
    pub level: Level,
    /// File.
    pub file: PathBuf,
    /// 1-based line (0 when the message is about the whole file).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// Nearest valid keyword.
    pub suggestion: Option<String>,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.level {
            Level::Warning => "[WARNING]",
            Level::Alert => "[ALERT]  ",
        };
        write!(
            f,
            "{tag} {}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.col,
            self.message
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean '{s}'?)")?;
        }
        Ok(())
    }
}

/// A rejected configuration: every error found (and the warnings seen on the way).
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// Errors and warnings in file order.
    pub diags: Vec<Diag>,
}

impl ConfigError {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diag> {
        self.diags.iter().filter(|d| d.level == Level::Alert)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errs: Vec<&Diag> = self.errors().collect();
        match errs.first() {
            Some(first) => {
                write!(
                    f,
                    "{}:{}:{}: {}",
                    first.file.display(),
                    first.line,
                    first.col,
                    first.message
                )?;
                if let Some(s) = &first.suggestion {
                    write!(f, " (did you mean '{s}'?)")?;
                }
                if errs.len() > 1 {
                    write!(f, " (and {} more errors)", errs.len() - 1)?;
                }
                Ok(())
            }
            None => f.write_str("invalid configuration"),
        }
    }
}

impl From<ConfigError> for rustha::Error {
    fn from(e: ConfigError) -> Self {
        match e.errors().next() {
            Some(d) => rustha::Error::ConfigFile {
                file: d.file.clone(),
                line: d.line,
                column: d.col,
                message: {
                    let n = e.errors().count();
                    if n > 1 {
                        format!("{} (and {} more errors)", d.message, n - 1)
                    } else {
                        d.message.clone()
                    }
                },
                suggestion: d.suggestion.clone(),
            },
            None => rustha::Error::Configuration("invalid configuration".into()),
        }
    }
}

/// `mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Layer 4.
    #[default]
    Tcp,
    /// Layer 7.
    Http,
    /// Datagrams (`mode udp`, a rustha extension replacing LVS UDP services): one session per
    /// client address and port, bound to one server, each reply relayed from the bound address.
    Udp,
}

/// `balance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Balance {
    /// Weighted round robin.
    #[default]
    RoundRobin,
    /// Fewest current sessions relative to weight.
    LeastConn,
    /// Hash of the client address.
    Source,
    /// First server (by declaration order) with a free slot.
    First,
}

/// `persist source TIME [MASK]` (a rustha extension; ldirectord's `persistent` and `netmask`):
/// new sessions from a client network go to the server its last session used, while that
/// server is usable and the last session ended less than `timeout` ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Persist {
    /// How long a client network stays bound to its server after its last session.
    pub timeout: Duration,
    /// IPv4 prefix length that makes up a client network (32: each address alone).
    pub v4_prefix: u8,
    /// IPv6 prefix length (128: each address alone).
    pub v6_prefix: u8,
}

/// `option sip-check [URI]` (a rustha extension; ldirectord's `service=sip`): a SIP `OPTIONS`
/// request over the backend's transport (UDP for `mode udp`), passing on `SIP/2.0 200`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipCheck {
    /// User part of the request URI and of To/From (`None`: `rustha@<hostname>`).
    pub login: Option<String>,
}

/// `timeout ...` values; `None` means unset (infinite, as in HAProxy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timeouts {
    /// `timeout connect`.
    pub connect: Option<Duration>,
    /// `timeout client`.
    pub client: Option<Duration>,
    /// `timeout server`.
    pub server: Option<Duration>,
    /// `timeout check`.
    pub check: Option<Duration>,
    /// `timeout queue` (falls back to `timeout connect`).
    pub queue: Option<Duration>,
    /// `timeout http-request`.
    pub http_request: Option<Duration>,
    /// `timeout http-keep-alive`.
    pub http_keep_alive: Option<Duration>,
    /// `timeout tunnel`.
    pub tunnel: Option<Duration>,
    /// `timeout client-fin`.
    pub client_fin: Option<Duration>,
    /// `timeout server-fin`.
    pub server_fin: Option<Duration>,
}

/// `option httpchk [METHOD] [URI] [VERSION]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpCheck {
    /// Request method.
    pub method: String,
    /// Request URI.
    pub uri: String,
    /// HTTP version string, possibly followed by raw header lines (`HTTP/1.1\r\nHost:\ x`).
    pub version: String,
}

impl Default for HttpCheck {
    fn default() -> Self {
        HttpCheck {
            method: "OPTIONS".into(),
            uri: "/".into(),
            version: "HTTP/1.0".into(),
        }
    }
}

/// `http-check send [meth M] [uri U] [ver V] [hdr NAME VALUE]... [body B]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckSend {
    /// `meth`.
    pub method: Option<String>,
    /// `uri`.
    pub uri: Option<String>,
    /// `ver`.
    pub version: Option<String>,
    /// `hdr NAME VALUE`, in order.
    pub headers: Vec<(String, String)>,
    /// `body`.
    pub body: Option<String>,
}

/// `http-check expect`.
#[derive(Debug, Clone)]
pub enum Expect {
    /// `status CODE` (exact), negated with `!`.
    Status(bool, Vec<u16>),
    /// `rstatus REGEX` on the status code.
    RStatus(bool, regex::Regex),
    /// `string TEXT` in the body.
    String(bool, String),
    /// `rstring REGEX` on the body.
    RString(bool, regex::Regex),
}

impl PartialEq for Expect {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Expect::Status(a, x), Expect::Status(b, y)) => a == b && x == y,
            (Expect::RStatus(a, x), Expect::RStatus(b, y))
            | (Expect::RString(a, x), Expect::RString(b, y)) => a == b && x.as_str() == y.as_str(),
            (Expect::String(a, x), Expect::String(b, y)) => a == b && x == y,
            _ => false,
        }
    }
}

/// Where a proxy or the process sends its logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogTarget {
    /// Syslog over UDP.
    Udp(SocketAddr),
    /// Syslog over a unix datagram socket (`/dev/log`).
    Unix(PathBuf),
    /// Standard error (`stderr` or `fd@2`).
    Stderr,
    /// Standard output.
    Stdout,
}

/// One `log` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// Destination.
    pub target: LogTarget,
    /// Syslog facility number.
    pub facility: u8,
    /// Most verbose level sent (syslog severity number).
    pub level: u8,
}

/// Syslog facility names in number order.
const FACILITIES: [&str; 24] = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2",
    "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4",
    "local5", "local6", "local7",
];
/// Syslog severities in number order.
const LEVELS: [&str; 8] = [
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

/// A `bind` address (or the address on a legacy `listen NAME ADDR:PORT` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bind {
    /// Socket address (`*` and an empty host mean the IPv4 wildcard).
    pub addr: SocketAddr,
    /// Line it came from.
    pub line: usize,
    /// `v6only` was not given and the address is `::`: accept IPv4 too.
    pub v4v6: bool,
}

/// The options a `server` line can set; `default-server` sets the same ones as defaults.
#[derive(Debug, Clone, Default, PartialEq)]
struct ServerOpts {
    check: Option<bool>,
    port: Option<u16>,
    addr: Option<String>,
    inter: Option<Duration>,
    fastinter: Option<Duration>,
    downinter: Option<Duration>,
    rise: Option<u32>,
    fall: Option<u32>,
    weight: Option<u32>,
    backup: Option<bool>,
    maxconn: Option<u32>,
    shutdown_on_down: Option<bool>,
    shutdown_backup_on_up: Option<bool>,
    disabled: Option<bool>,
}

impl ServerOpts {
    fn overlay(&self, top: &ServerOpts) -> ServerOpts {
        macro_rules! pick {
            ($($f:ident),*) => { ServerOpts { $($f: top.$f.clone().or_else(|| self.$f.clone()),)* } };
        }
        pick!(
            check,
            port,
            addr,
            inter,
            fastinter,
            downinter,
            rise,
            fall,
            weight,
            backup,
            maxconn,
            shutdown_on_down,
            shutdown_backup_on_up,
            disabled
        )
    }
}

/// A `track [backend/]server` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    /// Backend name (the server's own proxy when omitted).
    pub backend: String,
    /// Server name.
    pub server: String,
}

/// A `server` line with its defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Name, unique in its proxy.
    pub name: String,
    /// Host as written (IP or name).
    pub host: String,
    /// Port; `None` means "the port the client connected to".
    pub port: Option<u16>,
    /// Line of the `server` keyword.
    pub line: usize,
    /// `check`.
    pub check: bool,
    /// `port` (checks only).
    pub check_port: Option<u16>,
    /// `addr` (checks only).
    pub check_addr: Option<String>,
    /// `inter`.
    pub inter: Duration,
    /// `fastinter` (defaults to `inter`).
    pub fastinter: Duration,
    /// `downinter` (defaults to `inter`).
    pub downinter: Duration,
    /// `rise`.
    pub rise: u32,
    /// `fall`.
    pub fall: u32,
    /// `weight` (0..=256).
    pub weight: u32,
    /// `backup`.
    pub backup: bool,
    /// `track`.
    pub track: Option<Track>,
    /// `maxconn` (0 = unlimited).
    pub maxconn: u32,
    /// `on-marked-down shutdown-sessions`.
    pub shutdown_on_down: bool,
    /// `on-marked-up shutdown-backup-sessions`.
    pub shutdown_backup_on_up: bool,
    /// `disabled`: starts in maintenance.
    pub disabled: bool,
}

/// `stats ...` of one proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// `stats enable` (or any stats directive, as in HAProxy).
    pub enabled: bool,
    /// `stats uri` (default `/haproxy?stats`).
    pub uri: Option<String>,
    /// `stats realm` (default "HAProxy Statistics").
    pub realm: Option<String>,
    /// `stats auth user:password` pairs.
    pub auth: Vec<(String, String)>,
    /// `stats refresh`.
    pub refresh: Option<Duration>,
    /// `stats hide-version`.
    pub hide_version: bool,
    /// `stats admin if TRUE`-style admin rights (parsed, read-only page for now).
    pub admin: bool,
    /// `stats show-legends`: the page's CSV and JSON also give server addresses and the
    /// balancing algorithm (the admin socket always does).
    pub show_legends: bool,
}

impl Stats {
    /// The URI prefix served.
    pub fn uri(&self) -> &str {
        self.uri.as_deref().unwrap_or("/haproxy?stats")
    }
    /// The Basic-auth realm.
    pub fn realm(&self) -> &str {
        self.realm.as_deref().unwrap_or("HAProxy Statistics")
    }
}

/// An `acl NAME FETCH VALUES...` line (evaluated in HTTP mode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acl {
    /// Name.
    pub name: String,
    /// Fetch with its flags, as written (`path_beg`, `hdr(host)`, `-i`, ...).
    pub criterion: String,
    /// Values.
    pub values: Vec<String>,
    /// Line.
    pub line: usize,
}

/// `use_backend NAME [if|unless COND]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseBackend {
    /// Target backend.
    pub backend: String,
    /// Condition words after `if`/`unless` (empty: always).
    pub cond: Vec<String>,
    /// `unless` instead of `if`.
    pub unless: bool,
    /// Line.
    pub line: usize,
}

/// `option forwardfor [except NET] [header NAME] [if-none]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForwardFor {
    /// `except NET`.
    pub except: Option<String>,
    /// `header NAME`.
    pub header: Option<String>,
    /// `if-none`.
    pub if_none: bool,
}

/// One `http-request ACTION ... [if|unless COND]` line (or a legacy `redirect` line, kept as
/// `http-request redirect ...`), as written; [`crate::data::http::rules`] validates and compiles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequestRule {
    /// The words after `http-request`.
    pub words: Vec<String>,
    /// The column of each word.
    pub cols: Vec<usize>,
    /// Line.
    pub line: usize,
}

/// What a proxy section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `frontend`: accepts connections.
    Frontend,
    /// `backend`: holds servers.
    Backend,
    /// `listen`: both.
    Listen,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Frontend => "frontend",
            Kind::Backend => "backend",
            Kind::Listen => "listen",
        }
    }
}

/// A proxy: a `frontend`, `backend` or `listen` section with its defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Proxy {
    /// Name.
    pub name: String,
    /// Section kind.
    pub kind: Kind,
    /// Line of the section keyword.
    pub line: usize,
    /// `mode`.
    pub mode: Mode,
    /// Line that set the mode (0 = built-in default).
    pub mode_line: usize,
    /// Listening addresses.
    pub binds: Vec<Bind>,
    /// `maxconn` (frontend side).
    pub maxconn: Option<u32>,
    /// `fullconn` (backend side): shown as the backend's session limit (`slim`); see
    /// [`Config::fullconn`].
    pub fullconn: Option<u32>,
    /// `balance`.
    pub balance: Balance,
    /// Timeouts.
    pub timeouts: Timeouts,
    /// `retries` (default 3).
    pub retries: u32,
    /// `option redispatch`.
    pub redispatch: bool,
    /// `option allbackups`.
    pub allbackups: bool,
    /// `option httpchk`.
    pub httpchk: Option<HttpCheck>,
    /// `http-check expect` rules, all of which a response must pass, in order (HAProxy 2.2+);
    /// a section's own rules replace those of `defaults`.
    pub expect: Vec<Expect>,
    /// `http-check disable-on-404`.
    pub disable_on_404: bool,
    /// `http-check send`: request line overrides, headers and body of the check.
    pub check_send: CheckSend,
    /// `option tcplog`.
    pub tcplog: bool,
    /// `option httplog`.
    pub httplog: bool,
    /// `option tcpka` / `clitcpka`.
    pub clitcpka: bool,
    /// `option tcpka` / `srvtcpka`.
    pub srvtcpka: bool,
    /// `option forwardfor`.
    pub forwardfor: Option<ForwardFor>,
    /// Log targets (after resolving `log global`).
    pub logs: Vec<Log>,
    /// Servers.
    pub servers: Vec<Server>,
    /// Stats page.
    pub stats: Stats,
    /// ACLs.
    pub acls: Vec<Acl>,
    /// `use_backend` rules.
    pub use_backends: Vec<UseBackend>,
    /// `default_backend`.
    pub default_backend: Option<String>,
    /// `http-request` rules in order.
    pub http_request: Vec<HttpRequestRule>,
    /// `http-response` rules in order (the actions implemented; others are warned about).
    pub http_response: Vec<HttpRequestRule>,
    /// `disabled`.
    pub disabled: bool,
    /// `persist source` (rustha extension).
    pub persist: Option<Persist>,
    /// `option sip-check` (rustha extension).
    pub sipchk: Option<SipCheck>,
}

impl Proxy {
    /// The backends a frontend hands connections to: each with the line that names it and how
    /// (for messages).
    pub fn backend_targets(&self) -> impl Iterator<Item = (&str, usize, &'static str)> {
        self.use_backends
            .iter()
            .map(|u| (u.backend.as_str(), u.line, "a use_backend rule"))
            .chain(
                self.default_backend
                    .iter()
                    .map(|b| (b.as_str(), self.line, "its default backend")),
            )
    }

    /// Accepts connections.
    pub fn is_frontend(&self) -> bool {
        matches!(self.kind, Kind::Frontend | Kind::Listen)
    }
    /// Holds servers.
    pub fn is_backend(&self) -> bool {
        matches!(self.kind, Kind::Backend | Kind::Listen)
    }
}

/// A `stats socket PATH` in `global`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsSocket {
    /// Unix socket path.
    pub path: PathBuf,
    /// `mode` (octal permissions).
    pub mode: Option<u32>,
    /// `level` (`user`, `operator`, `admin`); only `admin` may change servers.
    pub level: String,
}

/// The `global` section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Global {
    /// `maxconn`; when the file sets none, the daemon derives it from the descriptor limit
    /// (see [`crate::control::limits`]).
    pub maxconn: Option<u32>,
    /// `ulimit-n`: the descriptor limit to run with.
    pub ulimit_n: Option<u64>,
    /// `user`/`uid`: the user id to run as once the listeners are bound.
    pub uid: Option<u32>,
    /// `group`/`gid`: the group id to run as.
    pub gid: Option<u32>,
    /// `chroot`: the directory the worker threads are jailed in once the listeners are bound
    /// (see [`crate::control::privs`]).
    pub chroot: Option<PathBuf>,
    /// `nbthread`.
    pub nbthread: Option<usize>,
    /// `pidfile`.
    pub pidfile: Option<PathBuf>,
    /// `daemon`.
    pub daemon: bool,
    /// `log` lines.
    pub logs: Vec<Log>,
    /// `stats socket`.
    pub stats_sockets: Vec<StatsSocket>,
    /// `hard-stop-after`.
    pub hard_stop_after: Option<Duration>,
    /// `tune.bufsize`: the buffer an HTTP request head must fit in.
    pub bufsize: Option<usize>,
    /// `tune.maxrewrite`: the part of the buffer reserved for header rewriting.
    pub maxrewrite: Option<usize>,
    /// Reload by itself when the file changes (ldirectord's `autoreload=yes`; no haproxy.cfg
    /// directive sets it).
    pub autoreload: bool,
    /// `cpu-map` lines in file order (a later line wins for a thread both name).
    pub cpu_map: Vec<CpuMap>,
}

/// One `cpu-map [auto:]1[/THREADS] CPUS...` line: worker threads (1-based) and the CPUs each
/// may run on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CpuMap {
    /// Thread numbers, ascending; empty means every thread.
    pub threads: Vec<usize>,
    /// CPU numbers, ascending.
    pub cpus: Vec<usize>,
    /// `auto:`: the n-th thread gets the n-th CPU alone.
    pub auto: bool,
}

impl Global {
    /// The CPUs `cpu-map` allows worker thread `thread` (1-based), if any line names it.
    pub fn cpus_of(&self, thread: usize) -> Option<Vec<usize>> {
        let mut out = None;
        for m in &self.cpu_map {
            if m.auto && m.cpus.len() > 1 {
                let pos = if m.threads.is_empty() {
                    Some(thread - 1)
                } else {
                    m.threads.iter().position(|&t| t == thread)
                };
                if let Some(cpu) = pos.and_then(|i| m.cpus.get(i)) {
                    out = Some(vec![*cpu]);
                }
            } else if m.threads.is_empty() || m.threads.contains(&thread) {
                out = Some(m.cpus.clone());
            }
        }
        out
    }
}

/// A set of numbers as HAProxy writes them: `N`, `N-M`, comma-separated lists of those, and
/// `all`, `odd`, `even` (of `range`).
fn number_set(
    text: &str,
    range: std::ops::RangeInclusive<usize>,
    what: &str,
) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in text.split(',') {
        match part {
            "all" => out.extend(range.clone()),
            "odd" => out.extend(range.clone().filter(|n| n % 2 == 1)),
            "even" => out.extend(range.clone().filter(|n| n % 2 == 0)),
            _ => {
                let (a, b) = part.split_once('-').unwrap_or((part, part));
                let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                    return Err(format!("'{part}' is not a {what} number or range"));
                };
                if a > b || !range.contains(&a) || !range.contains(&b) {
                    return Err(format!(
                        "{what} '{part}' is not within {}-{}",
                        range.start(),
                        range.end()
                    ));
                }
                out.extend(a..=b);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// A parsed, validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from.
    pub file: PathBuf,
    /// `global`.
    pub global: Global,
    /// Proxies in file order.
    pub proxies: Vec<Proxy>,
    /// Warnings (accepted-but-ignored directives and the like).
    pub warnings: Vec<Diag>,
    /// Digest of the text it was parsed from ([`rustha::applied::digest`]): what `monitor`
    /// compares the file on disk with.
    pub digest: String,
}

impl Config {
    /// A backend's `fullconn`: as set, else as HAProxy 2.6 derives it, a tenth (rounded up) of
    /// the `maxconn` of the frontends that can hand it connections (each counted once; a
    /// listen counts its own), at least 1. Only the stats show it: `minconn`, the one
    /// thing it scales, is not implemented.
    pub fn fullconn(&self, backend: &Proxy) -> u32 {
        if let Some(f) = backend.fullconn {
            return f;
        }
        let global = self.global.maxconn.unwrap_or(0);
        let sum: u64 = self
            .proxies
            .iter()
            .filter(|p| p.is_frontend())
            .filter(|p| {
                (p.kind == Kind::Listen && p.name == backend.name)
                    || p.backend_targets().any(|(b, _, _)| b == backend.name)
            })
            .map(|p| u64::from(p.maxconn.unwrap_or(global)))
            .sum();
        sum.div_ceil(10).clamp(1, u64::from(u32::MAX)) as u32
    }

    /// Read and validate `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            diags: vec![Diag {
                level: Level::Alert,
                file: path.to_path_buf(),
                line: 0,
                col: 0,
                message: format!("cannot read configuration: {e}"),
                suggestion: None,
            }],
        })?;
        Config::parse(path, &text)
    }

    /// Parse and validate `text` (named `file` in messages): an haproxy.cfg, or an ldirectord.cf
    /// (see [`crate::config::ldirectord`]).
    pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let mut cfg = if crate::config::ldirectord::looks_like(text) {
            crate::config::ldirectord::parse(file, text)?
        } else {
            Config::parse_haproxy(file, text)?
        };
        cfg.digest = rustha::applied::digest(text.as_bytes());
        Ok(cfg)
    }

    /// Parse and validate haproxy.cfg `text`.
    pub fn parse_haproxy(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let mut p = Parser::new(file);
        for (i, line) in text.lines().enumerate() {
            p.line(i + 1, line);
        }
        p.finish()
    }

    /// The proxy named `name` that can hold servers.
    pub fn backend(&self, name: &str) -> Option<&Proxy> {
        self.proxies
            .iter()
            .find(|p| p.is_backend() && p.name == name)
    }
}

/// The masks of `persist source TIME [MASK4 [MASK6]]`: MASK4 is a dotted IPv4 netmask (LVS
/// `netmask`) or `/LEN` (0..=32), MASK6 `/LEN` (0..=128) or an IPv6 netmask. Unset: each
/// address alone (/32, /128).
fn parse_persist_masks(
    timeout: Duration,
    words: &[Word],
) -> Result<Persist, (usize, String, Option<String>)> {
    let mut p = Persist {
        timeout,
        v4_prefix: 32,
        v6_prefix: 128,
    };
    let prefix = |w: &Word, max: u8| -> Result<u8, (usize, String, Option<String>)> {
        let bad = || {
            (
                w.col,
                format!(
                    "'{}' is not an {} mask: write a netmask ({}) or /LEN with LEN 0..={max}",
                    w.text,
                    if max == 32 { "IPv4" } else { "IPv6" },
                    if max == 32 {
                        "255.255.255.0"
                    } else {
                        "ffff:ffff:ffff:ffff::"
                    }
                ),
                None,
            )
        };
        if let Some(len) = w.text.strip_prefix('/') {
            return len.parse::<u8>().ok().filter(|l| *l <= max).ok_or_else(bad);
        }
        let (ones, bits) = match w.text.parse::<IpAddr>() {
            Ok(IpAddr::V4(a)) if max == 32 => {
                let b = u32::from(a);
                (b.leading_ones(), b.count_ones())
            }
            Ok(IpAddr::V6(a)) if max == 128 => {
                let b = u128::from(a);
                (b.leading_ones(), b.count_ones())
            }
            _ => return Err(bad()),
        };
        // Only contiguous masks describe a network.
        if ones != bits {
            return Err(bad());
        }
        Ok(ones as u8)
    };
    if let Some(w) = words.first() {
        p.v4_prefix = prefix(w, 32)?;
    }
    if let Some(w) = words.get(1) {
        p.v6_prefix = prefix(w, 128)?;
    }
    if let Some(w) = words.get(2) {
        return err(
            w,
            "'persist source' takes a time and at most two masks (IPv4, then IPv6)",
        );
    }
    Ok(p)
}

/// Parse an HAProxy time: digits and a unit (`us`, `ms`, `s`, `m`, `h`, `d`; none = ms).
/// Returns the duration and, when trailing characters followed a valid unit (`5sec`, which
/// HAProxy 2.6 takes as `5s`), a warning to give.
pub fn parse_time(s: &str) -> Result<(Duration, Option<String>), String> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(format!(
            "'{s}' is not a time (expected a number with an optional unit us, ms, s, m, h, d)"
        ));
    }
    let n: u64 = s[..digits]
        .parse()
        .map_err(|_| format!("time '{s}' is too large"))?;
    let rest = &s[digits..];
    let (unit_us, used): (u64, usize) = if rest.is_empty() {
        (1_000, 0)
    } else if rest.starts_with("us") {
        (1, 2)
    } else if rest.starts_with("ms") {
        (1_000, 2)
    } else if rest.starts_with('s') {
        (1_000_000, 1)
    } else if rest.starts_with('m') {
        (60_000_000, 1)
    } else if rest.starts_with('h') {
        (3_600_000_000, 1)
    } else if rest.starts_with('d') {
        (86_400_000_000, 1)
    } else {
        return Err(format!(
            "unexpected character '{}' after the number in time '{s}' (units: us, ms, s, m, h, d)",
            rest.chars().next().unwrap_or(' ')
        ));
    };
    let us = n
        .checked_mul(unit_us)
        .filter(|us| *us / 1000 <= i32::MAX as u64)
        .ok_or_else(|| format!("time '{s}' is too large (at most {} ms)", i32::MAX))?;
    let warn = (used < rest.len()).then(|| {
        format!(
            "time '{s}' has unexpected characters '{}' after the unit; taken as '{}{}'",
            &rest[used..],
            &s[..digits],
            &rest[..used]
        )
    });
    Ok((Duration::from_micros(us), warn))
}

/// Parse `HOST:PORT` where HOST may be `*`, empty, an IPv4 address, a bracketed or bare IPv6
/// address (`[::]:80`, `:::80`), optionally prefixed with `ipv4@`/`ipv6@`.
pub fn parse_bind_addr(s: &str) -> Result<(SocketAddr, bool), String> {
    let s = s
        .strip_prefix("ipv4@")
        .or_else(|| s.strip_prefix("ipv6@"))
        .unwrap_or(s);
    let (host, port) = split_host_port(s)
        .ok_or_else(|| format!("'{s}' is missing a port (expected ADDRESS:PORT)"))?;
    let port = parse_port(port)?;
    let ip: IpAddr = match host {
        "" | "*" => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        h => h.parse().map_err(|_| {
            format!("'{h}' is not an IP address (bind needs an address, '*' or nothing)")
        })?,
    };
    let v4v6 = ip == IpAddr::V6(Ipv6Addr::UNSPECIFIED);
    Ok((SocketAddr::new(ip, port), v4v6))
}

fn split_host_port(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (h, p) = rest.split_once("]:")?;
        return Some((h, p));
    }
    s.rsplit_once(':')
}

fn parse_port(p: &str) -> Result<u16, String> {
    if p.contains('-') {
        return Err(format!(
            "port ranges ('{p}') are not supported; write one bind per port"
        ));
    }
    match p.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
        Ok(n) => Err(format!("port {n} is out of range (1-65535)")),
        Err(_) => Err(format!("'{p}' is not a port number")),
    }
}

/// Split a server address `HOST[:PORT]` (IPv6 in brackets or bare).
fn parse_server_addr(s: &str) -> Result<(String, Option<u16>), String> {
    let s = s
        .strip_prefix("ipv4@")
        .or_else(|| s.strip_prefix("ipv6@"))
        .unwrap_or(s);
    if s.is_empty() {
        return Err("empty server address".into());
    }
    if s.parse::<Ipv6Addr>().is_ok() {
        return Ok((s.to_string(), None));
    }
    match split_host_port(s) {
        Some((h, "")) => Ok((h.to_string(), None)),
        Some((h, p)) if !h.is_empty() => {
            let p = p.strip_prefix('+').unwrap_or(p);
            Ok((h.to_string(), Some(parse_port(p)?)))
        }
        Some(_) => Err(format!("'{s}' has no host")),
        None => Ok((s.to_string(), None)),
    }
}

const GLOBAL_KEYWORDS: &[&str] = &[
    "log",
    "chroot",
    "user",
    "group",
    "uid",
    "gid",
    "daemon",
    "pidfile",
    "maxconn",
    "nbthread",
    "nbproc",
    "set-dumpable",
    "stats",
    "ca-base",
    "crt-base",
    "log-tag",
    "log-send-hostname",
    "node",
    "description",
    "ulimit-n",
    "spread-checks",
    "hard-stop-after",
    "master-worker",
    "quiet",
    "debug",
    "server-state-file",
    "server-state-base",
    "localpeer",
    "tune.bufsize",
    "tune.maxrewrite",
    "tune.ssl.default-dh-param",
    "ssl-default-bind-ciphers",
    "ssl-default-bind-ciphersuites",
    "ssl-default-bind-options",
    "ssl-default-server-ciphers",
    "ssl-default-server-ciphersuites",
    "ssl-default-server-options",
    "ssl-server-verify",
    "maxsslconn",
    "maxconnrate",
    "expose-experimental-directives",
    "insecure-fork-wanted",
    "unix-bind",
    "busy-polling",
    "noepoll",
    "nosplice",
    "cpu-map",
    "presetenv",
    "setenv",
];

/// Directives the `global` section accepts without acting on them, with why.
fn global_ignored(kw: &str) -> Option<&'static str> {
    Some(match kw {
        "daemon" => "run in the background with 'proxy run -D' (the OCF agent does)",
        "nbproc" => "the proxy is one process; use nbthread",
        "set-dumpable"
        | "insecure-fork-wanted"
        | "expose-experimental-directives"
        | "master-worker"
        | "quiet"
        | "debug"
        | "busy-polling"
        | "noepoll"
        | "nosplice" => "it has no meaning for this proxy",
        "ca-base" | "crt-base" | "maxsslconn" | "ssl-server-verify" => "TLS is not supported",
        k if k.starts_with("tune.") || k.starts_with("ssl-default-") => {
            "tuning and TLS settings have no meaning for this proxy"
        }
        "log-tag" | "log-send-hostname" | "node" | "description" | "localpeer" => {
            "log decoration is fixed"
        }
        "spread-checks" | "server-state-file" | "server-state-base" | "maxconnrate"
        | "unix-bind" | "presetenv" | "setenv" => "it is not implemented",
        _ => return None,
    })
}

const PROXY_KEYWORDS: &[&str] = &[
    "bind",
    "mode",
    "balance",
    "maxconn",
    "timeout",
    "retries",
    "option",
    "no",
    "server",
    "default-server",
    "http-check",
    "stats",
    "log",
    "acl",
    "use_backend",
    "default_backend",
    "disabled",
    "enabled",
    "description",
    "fullconn",
    "http-request",
    "http-response",
    "tcp-request",
    "tcp-response",
    "cookie",
    "hash-type",
    "id",
    "errorfile",
    "compression",
    "capture",
    "monitor-uri",
    "redirect",
    "backlog",
    "rate-limit",
    "persist",
    "source",
    "contimeout",
    "clitimeout",
    "srvtimeout",
    "grace",
    "http-reuse",
    "unique-id-format",
    "unique-id-header",
    "log-format",
    "email-alert",
    "http-send-name-header",
    "stick-table",
    "stick",
    "tcp-check",
    "external-check",
    "dispatch",
    "transparent",
    "load-server-state-from-file",
    "errorloc",
    "errorloc302",
    "errorloc303",
    "monitor",
    "ignore-persist",
    "force-persist",
    "http-after-response",
    "log-tag",
    "filter",
    "max-keep-alive-queue",
    "server-template",
];

const OPTIONS: &[&str] = &[
    "redispatch",
    "allbackups",
    "httpchk",
    "sip-check",
    "tcplog",
    "httplog",
    "logasap",
    "dontlognull",
    "forwardfor",
    "http-server-close",
    "httpclose",
    "http-keep-alive",
    "tcpka",
    "clitcpka",
    "srvtcpka",
    "abortonclose",
    "log-health-checks",
    "splice-auto",
    "splice-request",
    "splice-response",
    "pgsql-check",
    "mysql-check",
    "ssl-hello-chk",
    "tcp-check",
    "redis-check",
    "smtpchk",
    "ldap-check",
    "dontlog-normal",
    "http-buffer-request",
    "nolinger",
    "independent-streams",
    "persist",
    "prefer-last-server",
    "contstats",
    "socket-stats",
    "log-separate-errors",
    "forceclose",
    "http-pretend-keepalive",
    "checkcache",
    "originalto",
    "accept-invalid-http-request",
    "accept-invalid-http-response",
    "transparent",
    "http-use-proxy-header",
    "http-no-delay",
    "http-ignore-probes",
    "disable-h2-upgrade",
    "http-restrict-req-hdr-names",
    "h1-case-adjust-bogus-client",
    "h1-case-adjust-bogus-server",
    "spop-check",
    "external-check",
    "idle-close-on-response",
];

const SERVER_KEYWORDS: &[&str] = &[
    "check",
    "port",
    "addr",
    "inter",
    "fastinter",
    "downinter",
    "rise",
    "fall",
    "weight",
    "backup",
    "track",
    "maxconn",
    "on-marked-down",
    "on-marked-up",
    "disabled",
    "enabled",
    "id",
    "cookie",
    "send-proxy",
    "send-proxy-v2",
    "check-ssl",
    "ssl",
    "verify",
    "sni",
    "resolvers",
    "init-addr",
    "resolve-prefer",
    "agent-check",
    "agent-port",
    "agent-inter",
    "maxqueue",
    "minconn",
    "slowstart",
    "observe",
    "error-limit",
    "on-error",
    "no-check",
    "non-stick",
    "check-send-proxy",
    "redir",
    "source",
    "proto",
    "alpn",
    "ca-file",
    "crt",
    "namespace",
    "pool-max-conn",
    "pool-purge-delay",
    "tfo",
    "ws",
    "check-sni",
    "check-proto",
    "no-backup",
    "log-proto",
];

const TIMEOUTS: &[&str] = &[
    "connect",
    "client",
    "server",
    "check",
    "queue",
    "http-request",
    "http-keep-alive",
    "tunnel",
    "client-fin",
    "server-fin",
    "tarpit",
];

/// Nearest candidate to `word` (Jaro-Winkler >= 0.7, or one edit away for short names), for
/// "did you mean".
pub fn nearest(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(s, c)| *s >= 0.7 || one_edit_apart(word, c))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance <= 1, in one pass: a full distance matrix for every candidate made a
/// long unknown word cost quadratic time per keyword.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let head = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if head == short.len() {
        return true;
    }
    let skip = usize::from(short.len() == long.len());
    short[head + skip..] == long[head + 1..]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Global,
    Defaults,
    Proxy,
    Ignored,
}

/// Settings a `defaults` section passes on.
#[derive(Debug, Clone)]
struct Defaults {
    proxy: Proxy,
    server: ServerOpts,
    log_global: bool,
}

struct Parser {
    file: PathBuf,
    diags: Vec<Diag>,
    section: Section,
    global: Global,
    defaults: Defaults,
    proxies: Vec<Proxy>,
    /// `default-server` of the proxy being parsed.
    cur_server_defaults: ServerOpts,
    /// Per-proxy: `log global` seen (resolved at the end, when `global` is complete).
    log_global: Vec<bool>,
    /// `track` lines: (proxy index, server index, line, column).
    tracks: Vec<(usize, usize, usize, usize)>,
    /// Where each proxy's `check` came from, to report `track` + `check` precisely.
    check_cols: HashMap<(usize, usize), usize>,
    /// The section being parsed has its own `http-check expect` (inherited ones are dropped).
    own_expect: bool,
    /// Where directives that later checks report were written: (line of the section,
    /// section is `defaults`, directive, line, column).
    written_at: Vec<(usize, bool, String, usize, usize)>,
}

fn base_proxy(name: &str, kind: Kind, line: usize) -> Proxy {
    Proxy {
        name: name.to_string(),
        kind,
        line,
        mode: Mode::Tcp,
        mode_line: 0,
        binds: Vec::new(),
        maxconn: None,
        fullconn: None,
        balance: Balance::RoundRobin,
        timeouts: Timeouts::default(),
        retries: 3,
        redispatch: false,
        allbackups: false,
        httpchk: None,
        expect: Vec::new(),
        disable_on_404: false,
        check_send: CheckSend::default(),
        tcplog: false,
        httplog: false,
        clitcpka: false,
        srvtcpka: false,
        forwardfor: None,
        logs: Vec::new(),
        servers: Vec::new(),
        stats: Stats::default(),
        acls: Vec::new(),
        use_backends: Vec::new(),
        default_backend: None,
        http_request: Vec::new(),
        http_response: Vec::new(),
        disabled: false,
        persist: None,
        sipchk: None,
    }
}

/// Server options, the `track` target with its column, and the column of `check`.
type ParsedOpts = (ServerOpts, Option<(Track, usize)>, Option<usize>);

/// The result of one directive handler: `Err((column, message, suggestion))`.
type Step = Result<(), (usize, String, Option<String>)>;

fn err<T>(w: &Word, msg: impl Into<String>) -> Result<T, (usize, String, Option<String>)> {
    Err((w.col, msg.into(), None))
}

fn arg<'a>(
    words: &'a [Word],
    i: usize,
    what: &str,
) -> Result<&'a Word, (usize, String, Option<String>)> {
    words.get(i).ok_or_else(|| {
        let last = words
            .last()
            .map(|w| w.col + w.text.chars().count())
            .unwrap_or(1);
        (
            last,
            format!(
                "'{}' expects {what}",
                words[..i.min(words.len())]
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            None,
        )
    })
}

fn num<T: std::str::FromStr>(w: &Word, what: &str) -> Result<T, (usize, String, Option<String>)> {
    w.text
        .parse()
        .map_err(|_| (w.col, format!("'{}' is not a valid {what}", w.text), None))
}

impl Parser {
    fn new(file: &Path) -> Self {
        Parser {
            file: file.to_path_buf(),
            diags: Vec::new(),
            section: Section::None,
            global: Global::default(),
            defaults: Defaults {
                proxy: base_proxy("", Kind::Listen, 0),
                server: ServerOpts::default(),
                log_global: false,
            },
            proxies: Vec::new(),
            cur_server_defaults: ServerOpts::default(),
            log_global: Vec::new(),
            tracks: Vec::new(),
            check_cols: HashMap::new(),
            own_expect: false,
            written_at: Vec::new(),
        }
    }

    /// Remember where `key` was written in the current section.
    fn directive_at(&mut self, line: usize, key: &str, col: usize) {
        let (section, defaults) = match self.section {
            Section::Defaults => (self.defaults.proxy.line, true),
            _ => (self.proxies.last().map(|p| p.line).unwrap_or(0), false),
        };
        self.written_at
            .push((section, defaults, key.to_string(), line, col));
    }

    /// Where `p` got `key` from: its own section, else the `defaults` section it inherited.
    fn written(&self, p: &Proxy, key: &str) -> Option<(usize, usize)> {
        let own = self
            .written_at
            .iter()
            .rev()
            .find(|w| !w.1 && w.0 == p.line && w.2 == key);
        own.or_else(|| {
            self.written_at
                .iter()
                .rev()
                .find(|w| w.1 && w.0 < p.line && w.2 == key)
        })
        .map(|w| (w.3, w.4))
    }

    fn diag(
        &mut self,
        level: Level,
        line: usize,
        col: usize,
        message: String,
        suggestion: Option<String>,
    ) {
        self.diags.push(Diag {
            level,
            file: self.file.clone(),
            line,
            col,
            message,
            suggestion,
        });
    }

    fn warn(&mut self, line: usize, col: usize, message: String) {
        self.diag(Level::Warning, line, col, message, None);
    }

    fn time(&mut self, line: usize, w: &Word) -> Result<Duration, (usize, String, Option<String>)> {
        match parse_time(&w.text) {
            Ok((d, warning)) => {
                if let Some(m) = warning {
                    self.warn(line, w.col, m);
                }
                Ok(d)
            }
            Err(m) => Err((w.col, m, None)),
        }
    }

    fn line(&mut self, n: usize, text: &str) {
        let words = match lex::split(text) {
            Ok(w) => w,
            Err((col, m)) => {
                self.diag(Level::Alert, n, col, m, None);
                return;
            }
        };
        let Some(first) = words.first() else { return };
        let kw = first.text.as_str();
        let section_kw = ["global", "defaults", "listen", "frontend", "backend"];
        if section_kw.contains(&kw) {
            self.start_section(n, &words);
            return;
        }
        if [
            "userlist",
            "peers",
            "resolvers",
            "mailers",
            "program",
            "http-errors",
            "cache",
            "ring",
        ]
        .contains(&kw)
        {
            self.warn(
                n,
                first.col,
                format!("section '{kw}' is not supported; its contents are ignored"),
            );
            self.section = Section::Ignored;
            return;
        }
        let r = match self.section {
            Section::None => Err((
                first.col,
                format!("unknown keyword '{kw}' out of section"),
                nearest(kw, &section_kw),
            )),
            Section::Ignored => Ok(()),
            Section::Global => self.global_line(n, &words),
            Section::Defaults | Section::Proxy => self.proxy_line(n, &words),
        };
        if let Err((col, m, s)) = r {
            self.diag(Level::Alert, n, col, m, s);
        }
    }

    fn start_section(&mut self, n: usize, words: &[Word]) {
        let kw = words[0].text.as_str();
        match kw {
            "global" => self.section = Section::Global,
            "defaults" => {
                // Each defaults section replaces the previous one (named defaults: same rule).
                self.section = Section::Defaults;
                self.defaults = Defaults {
                    proxy: base_proxy("", Kind::Listen, n),
                    server: ServerOpts::default(),
                    log_global: false,
                };
                self.cur_server_defaults = ServerOpts::default();
                self.own_expect = false;
                if words.len() > 2 {
                    self.warn(
                        n,
                        words[2].col,
                        "'defaults ... from' inheritance is ignored".into(),
                    );
                }
            }
            _ => {
                let kind = match kw {
                    "listen" => Kind::Listen,
                    "frontend" => Kind::Frontend,
                    _ => Kind::Backend,
                };
                let Some(name) = words.get(1) else {
                    self.diag(
                        Level::Alert,
                        n,
                        words[0].col,
                        format!("'{kw}' needs a name"),
                        None,
                    );
                    self.section = Section::Ignored;
                    return;
                };
                let mut p = self.defaults.proxy.clone();
                p.name = name.text.clone();
                p.kind = kind;
                p.line = n;
                p.binds.clear();
                p.servers.clear();
                p.acls.clear();
                p.use_backends.clear();
                match kind {
                    Kind::Backend => p.maxconn = None,
                    Kind::Frontend => p.fullconn = None,
                    _ => {}
                }
                self.cur_server_defaults = self.defaults.server.clone();
                self.own_expect = false;
                self.section = Section::Proxy;
                let mut extra = 2;
                if let Some(addr) = words.get(2).filter(|w| !w.text.starts_with('#')) {
                    if kind == Kind::Backend {
                        self.diag(
                            Level::Alert,
                            n,
                            addr.col,
                            "a backend has no address; use 'bind' in a frontend".into(),
                            None,
                        );
                    } else {
                        match parse_bind_addr(&addr.text) {
                            Ok((a, v4v6)) => {
                                self.warn(n, addr.col, format!("address on the '{kw}' line is a legacy form; accepted as 'bind {}'", addr.text));
                                p.binds.push(Bind {
                                    addr: a,
                                    line: n,
                                    v4v6,
                                });
                            }
                            Err(m) => self.diag(Level::Alert, n, addr.col, m, None),
                        }
                    }
                    extra = 3;
                }
                if let Some(w) = words.get(extra) {
                    self.warn(
                        n,
                        w.col,
                        format!("extra words after '{kw} {}' are ignored", name.text),
                    );
                }
                self.proxies.push(p);
                self.log_global.push(self.defaults.log_global);
            }
        }
    }

    fn global_line(&mut self, n: usize, words: &[Word]) -> Step {
        let w0 = &words[0];
        let kw = w0.text.as_str();
        match kw {
            "maxconn" => self.global.maxconn = Some(num(arg(words, 1, "a number")?, "number")?),
            "user" => {
                let w = arg(words, 1, "a user name")?;
                let Some(u) = nix::unistd::User::from_name(&w.text).ok().flatten() else {
                    return err(w, format!("cannot find user id for '{}'", w.text));
                };
                self.global.uid = Some(u.uid.as_raw());
            }
            "group" => {
                let w = arg(words, 1, "a group name")?;
                let Some(g) = nix::unistd::Group::from_name(&w.text).ok().flatten() else {
                    return err(w, format!("cannot find group id for '{}'", w.text));
                };
                self.global.gid = Some(g.gid.as_raw());
            }
            "chroot" => {
                let w = arg(words, 1, "a directory")?;
                let dir = PathBuf::from(&w.text);
                // `haproxy -c` says nothing, and the start then fails: say it now.
                if !dir.is_dir() {
                    let col = w.col;
                    self.warn(
                        n,
                        col,
                        format!(
                            "chroot directory '{}' does not exist on this host: the proxy will \
                             not start until it does (an empty directory no one may write to)",
                            w.text
                        ),
                    );
                }
                self.global.chroot = Some(dir);
            }
            "uid" => self.global.uid = Some(num(arg(words, 1, "a user id")?, "number")?),
            "gid" => self.global.gid = Some(num(arg(words, 1, "a group id")?, "number")?),
            "ulimit-n" => {
                let v: u64 = num(arg(words, 1, "a number of descriptors")?, "number")?;
                if v == 0 {
                    return err(&words[1], "ulimit-n must be at least 1");
                }
                self.global.ulimit_n = Some(v);
            }
            "nbthread" => {
                let v: usize = num(arg(words, 1, "a number of threads")?, "number of threads")?;
                if v == 0 || v > 64 {
                    return err(&words[1], "nbthread must be between 1 and 64");
                }
                self.global.nbthread = Some(v);
            }
            "pidfile" => self.global.pidfile = Some(PathBuf::from(&arg(words, 1, "a path")?.text)),
            "cpu-map" => {
                let set = arg(words, 1, "a thread set such as 1/all or auto:1/1-4")?;
                let (auto, spec) = match set.text.strip_prefix("auto:") {
                    Some(rest) => (true, rest),
                    None => (false, set.text.as_str()),
                };
                let (group, threads) = spec.split_once('/').unwrap_or((spec, "all"));
                // HAProxy 2.6 numbers processes (or thread groups) first: there is one, 1.
                let groups = number_set(group, 1..=64, "process").or_else(|m| err(set, m))?;
                if !groups.contains(&1) {
                    self.warn(
                        n,
                        set.col,
                        format!("cpu-map for process or thread group '{group}' is ignored: the proxy runs one, 1"),
                    );
                    return Ok(());
                }
                let all = threads == "all";
                let threads = if all {
                    Vec::new()
                } else {
                    number_set(threads, 1..=64, "thread").or_else(|m| err(set, m))?
                };
                let mut cpus = Vec::new();
                let first = arg(words, 2, "a CPU set such as 0-3")?;
                for w in words[2..].iter().take_while(|w| !w.text.starts_with('#')) {
                    cpus.extend(number_set(&w.text, 0..=1023, "CPU").or_else(|m| err(w, m))?);
                }
                cpus.sort_unstable();
                cpus.dedup();
                // As HAProxy 2.6: one CPU for them all, or one CPU per thread ('all' being 64).
                let n_threads = if all { 64 } else { threads.len() };
                if auto && cpus.len() != 1 && n_threads != cpus.len() {
                    return err(
                        first,
                        format!(
                            "with auto:, the {n_threads} thread(s) and the {} CPU(s) must be as many (one CPU per thread), or one CPU for all",
                            cpus.len()
                        ),
                    );
                }
                self.global.cpu_map.push(CpuMap {
                    threads,
                    cpus,
                    auto,
                });
            }
            "log" => {
                let log = self.parse_log(n, words)?;
                if let Some(l) = log {
                    self.global.logs.push(l);
                }
            }
            "hard-stop-after" => {
                let d = self.time(n, arg(words, 1, "a time")?)?;
                self.global.hard_stop_after = Some(d);
            }
            "stats" => {
                let sub = arg(words, 1, "socket, timeout or maxconn")?;
                match sub.text.as_str() {
                    "socket" => {
                        let path = arg(words, 2, "a path")?;
                        let path_s = path.text.strip_prefix("unix@").unwrap_or(&path.text);
                        if path_s.contains(':') && !path_s.starts_with('/') {
                            return err(path, "only unix stats sockets (a path) are supported");
                        }
                        let mut sock = StatsSocket {
                            path: PathBuf::from(path_s),
                            mode: None,
                            level: "user".into(),
                        };
                        let mut i = 3;
                        while i < words.len() {
                            let k = &words[i];
                            match k.text.as_str() {
                                "mode" => {
                                    let v = arg(words, i + 1, "an octal mode")?;
                                    sock.mode =
                                        Some(u32::from_str_radix(&v.text, 8).map_err(|_| {
                                            (
                                                v.col,
                                                format!("'{}' is not an octal mode", v.text),
                                                None,
                                            )
                                        })?);
                                    i += 2;
                                }
                                "level" => {
                                    let v = arg(words, i + 1, "user, operator or admin")?;
                                    if !["user", "operator", "admin"].contains(&v.text.as_str()) {
                                        return Err((
                                            v.col,
                                            format!("unknown level '{}'", v.text),
                                            nearest(&v.text, &["user", "operator", "admin"]),
                                        ));
                                    }
                                    sock.level = v.text.clone();
                                    i += 2;
                                }
                                "expose-fd" | "uid" | "gid" | "user" | "group" => {
                                    self.warn(
                                        n,
                                        k.col,
                                        format!("stats socket option '{}' is ignored", k.text),
                                    );
                                    i += 2;
                                }
                                _ => {
                                    return Err((
                                        k.col,
                                        format!("unknown stats socket option '{}'", k.text),
                                        nearest(
                                            &k.text,
                                            &[
                                                "mode",
                                                "level",
                                                "expose-fd",
                                                "uid",
                                                "gid",
                                                "user",
                                                "group",
                                            ],
                                        ),
                                    ))
                                }
                            }
                        }
                        self.global.stats_sockets.push(sock);
                    }
                    "timeout" | "maxconn" | "bind-process" => {
                        self.warn(n, sub.col, format!("'stats {}' is ignored", sub.text));
                    }
                    other => {
                        return Err((
                            sub.col,
                            format!("unknown 'stats' option '{other}' in global"),
                            nearest(other, &["socket", "timeout", "maxconn"]),
                        ))
                    }
                }
            }
            "tune.bufsize" | "tune.maxrewrite" => {
                let v = arg(words, 1, "a size in bytes")?;
                let size: usize = num(v, "size in bytes")?;
                if kw == "tune.bufsize" {
                    if !(1024..=1 << 30).contains(&size) {
                        return err(v, "'tune.bufsize' must be between 1024 and 1073741824");
                    }
                    self.global.bufsize = Some(size);
                } else {
                    self.global.maxrewrite = Some(size);
                }
            }
            _ => {
                if let Some(why) = global_ignored(kw) {
                    self.warn(n, w0.col, format!("'{kw}' is ignored: {why}"));
                } else if let Some(lower) = Some(kw.to_ascii_lowercase())
                    .filter(|l| l != kw && GLOBAL_KEYWORDS.contains(&l.as_str()))
                {
                    self.warn(
                        n,
                        w0.col,
                        format!("keyword '{kw}' should be written '{lower}'; accepted"),
                    );
                    let mut fixed = words.to_vec();
                    fixed[0].text = lower;
                    return self.global_line(n, &fixed);
                } else {
                    return Err((
                        w0.col,
                        format!("unknown keyword '{kw}' in 'global' section"),
                        nearest(kw, GLOBAL_KEYWORDS),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `log global` | `log TARGET [len N] [format F] FACILITY [LEVEL [MINLEVEL]]` | `no log`.
    fn parse_log(
        &mut self,
        n: usize,
        words: &[Word],
    ) -> Result<Option<Log>, (usize, String, Option<String>)> {
        let t = arg(
            words,
            1,
            "a target (address, socket path, stderr or global)",
        )?;
        if t.text == "global" {
            return Ok(None);
        }
        let target = match t.text.as_str() {
            "stderr" | "fd@2" => LogTarget::Stderr,
            "stdout" | "fd@1" => LogTarget::Stdout,
            s if s.starts_with('/') || s.starts_with("unix@") => {
                LogTarget::Unix(PathBuf::from(s.strip_prefix("unix@").unwrap_or(s)))
            }
            s => {
                let s = s
                    .strip_prefix("udp@")
                    .or_else(|| s.strip_prefix("ipv4@"))
                    .unwrap_or(s);
                let (host, port) = match split_host_port(s) {
                    Some((h, p)) if h.parse::<IpAddr>().is_ok() => {
                        (h, parse_port(p).map_err(|m| (t.col, m, None))?)
                    }
                    _ => (s, 514),
                };
                let ip: IpAddr = host.parse().map_err(|_| {
                    (
                        t.col,
                        format!(
                            "log target '{}' is not an IP address, a socket path or stderr",
                            t.text
                        ),
                        None,
                    )
                })?;
                LogTarget::Udp(SocketAddr::new(ip, port))
            }
        };
        let mut i = 2;
        while let Some(w) = words.get(i) {
            if w.text == "len" || w.text == "format" || w.text == "sample" {
                if w.text == "format" {
                    self.warn(
                        n,
                        w.col,
                        "log 'format' is ignored (RFC 3164 is used)".into(),
                    );
                }
                i += 2;
            } else {
                break;
            }
        }
        let fw = arg(words, i, "a syslog facility")?;
        let facility = FACILITIES
            .iter()
            .position(|f| *f == fw.text)
            .ok_or_else(|| {
                (
                    fw.col,
                    format!("unknown syslog facility '{}'", fw.text),
                    nearest(&fw.text, &FACILITIES),
                )
            })? as u8;
        let level = match words.get(i + 1) {
            Some(lw) => LEVELS.iter().position(|l| *l == lw.text).ok_or_else(|| {
                (
                    lw.col,
                    format!("unknown syslog level '{}'", lw.text),
                    nearest(&lw.text, &LEVELS),
                )
            })? as u8,
            None => 7,
        };
        Ok(Some(Log {
            target,
            facility,
            level,
        }))
    }

    fn cur(&mut self) -> &mut Proxy {
        match self.section {
            Section::Defaults => &mut self.defaults.proxy,
            _ => self.proxies.last_mut().expect("in a proxy section"),
        }
    }

    fn cur_kind(&self) -> Option<Kind> {
        match self.section {
            Section::Defaults => None,
            _ => self.proxies.last().map(|p| p.kind),
        }
    }

    fn need(&self, w: &Word, frontend: bool) -> Step {
        let (ok, what) = match (self.cur_kind(), frontend) {
            (None, _) => (true, ""),
            (Some(k), true) => (k != Kind::Backend, "a frontend"),
            (Some(k), false) => (k != Kind::Frontend, "a backend"),
        };
        if ok {
            Ok(())
        } else {
            let k = self.cur_kind().map(Kind::as_str).unwrap_or("defaults");
            err(
                w,
                format!(
                    "'{}' is not allowed in a '{k}' section (it belongs in {what} or listen)",
                    w.text
                ),
            )
        }
    }

    fn proxy_line(&mut self, n: usize, words: &[Word]) -> Step {
        let w0 = &words[0];
        let kw = w0.text.as_str();
        let in_defaults = self.section == Section::Defaults;
        if let (true, Some(o)) = (kw == "option", words.get(1)) {
            // Kept for checks that need every section first (`option httpchk` in mode udp).
            self.directive_at(n, &format!("option {}", o.text), o.col);
        }
        match kw {
            "bind" => {
                self.need(w0, true)?;
                if in_defaults {
                    return err(w0, "'bind' is not allowed in 'defaults'");
                }
                let a = arg(words, 1, "an address")?;
                for part in a.text.split(',') {
                    let (addr, mut v4v6) = parse_bind_addr(part).map_err(|m| (a.col, m, None))?;
                    let mut i = 2;
                    while let Some(o) = words.get(i) {
                        match o.text.as_str() {
                            "v6only" => v4v6 = false,
                            "v4v6" => v4v6 = true,
                            "transparent" | "defer-accept" | "tfo" | "accept-proxy" | "ssl"
                            | "crt" | "alpn" | "name" | "id" | "process" | "interface"
                            | "backlog" | "maxconn" | "mss" | "nice" | "thread" | "mode"
                            | "user" | "group" | "level" | "namespace" => {
                                if o.text == "ssl" || o.text == "crt" || o.text == "accept-proxy" {
                                    return err(o, format!("bind option '{}' is not supported (the proxy would mishandle the traffic)", o.text));
                                }
                                self.warn(n, o.col, format!("bind option '{}' is ignored", o.text));
                                if [
                                    "name",
                                    "id",
                                    "process",
                                    "interface",
                                    "backlog",
                                    "maxconn",
                                    "mss",
                                    "nice",
                                    "thread",
                                    "mode",
                                    "user",
                                    "group",
                                    "level",
                                    "namespace",
                                    "alpn",
                                ]
                                .contains(&o.text.as_str())
                                {
                                    i += 1;
                                }
                            }
                            other => {
                                return Err((
                                    o.col,
                                    format!("unknown bind option '{other}'"),
                                    nearest(
                                        other,
                                        &[
                                            "v6only",
                                            "v4v6",
                                            "transparent",
                                            "defer-accept",
                                            "name",
                                            "backlog",
                                            "maxconn",
                                            "interface",
                                        ],
                                    ),
                                ));
                            }
                        }
                        i += 1;
                    }
                    self.cur().binds.push(Bind {
                        addr,
                        line: n,
                        v4v6,
                    });
                }
            }
            "mode" => {
                let m = arg(words, 1, "tcp, http or udp")?;
                let mode = match m.text.as_str() {
                    "tcp" => Mode::Tcp,
                    "http" => Mode::Http,
                    // rustha extension: datagram load balancing (LVS UDP services).
                    "udp" => Mode::Udp,
                    "health" => {
                        return err(
                            m,
                            "'mode health' was removed from HAProxy and is not supported",
                        )
                    }
                    other => {
                        return Err((
                            m.col,
                            format!("unknown mode '{other}'"),
                            nearest(other, &["tcp", "http", "udp"]),
                        ))
                    }
                };
                let p = self.cur();
                p.mode = mode;
                p.mode_line = n;
            }
            "balance" => {
                self.need(w0, false)?;
                let a = arg(
                    words,
                    1,
                    "an algorithm (roundrobin, leastconn, source, first)",
                )?;
                let b = match a.text.as_str() {
                    "roundrobin" => Balance::RoundRobin,
                    "static-rr" => {
                        self.warn(n, a.col, "'static-rr' is served as 'roundrobin'".into());
                        Balance::RoundRobin
                    }
                    "leastconn" => Balance::LeastConn,
                    "source" => Balance::Source,
                    "first" => Balance::First,
                    other => {
                        return Err((
                            a.col,
                            format!("unsupported balance algorithm '{other}'"),
                            nearest(
                                other,
                                &["roundrobin", "static-rr", "leastconn", "source", "first"],
                            ),
                        ))
                    }
                };
                self.cur().balance = b;
            }
            "maxconn" => {
                self.need(w0, true)?;
                let v: u32 = num(arg(words, 1, "a number")?, "number")?;
                self.cur().maxconn = Some(v);
            }
            "fullconn" => {
                self.need(w0, false)?;
                let v: u32 = num(arg(words, 1, "a number")?, "number")?;
                self.cur().fullconn = Some(v);
            }
            "timeout" | "contimeout" | "clitimeout" | "srvtimeout" => {
                let (which, vi) = match kw {
                    "timeout" => {
                        let t = arg(words, 1, "a timeout name and a time")?;
                        if !TIMEOUTS.contains(&t.text.as_str()) {
                            return Err((
                                t.col,
                                format!("unknown timeout '{}'", t.text),
                                nearest(&t.text, TIMEOUTS),
                            ));
                        }
                        (t.text.clone(), 2)
                    }
                    _ => {
                        let new = match kw {
                            "contimeout" => "connect",
                            "clitimeout" => "client",
                            _ => "server",
                        };
                        self.warn(
                            n,
                            w0.col,
                            format!("'{kw}' is deprecated; read as 'timeout {new}'"),
                        );
                        (new.to_string(), 1)
                    }
                };
                let v = self.time(n, arg(words, vi, "a time")?)?;
                let t = &mut self.cur().timeouts;
                let slot = match which.as_str() {
                    "connect" => &mut t.connect,
                    "client" => &mut t.client,
                    "server" => &mut t.server,
                    "check" => &mut t.check,
                    "queue" => &mut t.queue,
                    "http-request" => &mut t.http_request,
                    "http-keep-alive" => &mut t.http_keep_alive,
                    "tunnel" => &mut t.tunnel,
                    "client-fin" => &mut t.client_fin,
                    "server-fin" => &mut t.server_fin,
                    _ => {
                        self.warn(n, words[1].col, format!("'timeout {which}' is ignored"));
                        return Ok(());
                    }
                };
                *slot = Some(v);
            }
            "retries" => {
                self.need(w0, false)?;
                self.cur().retries = num(arg(words, 1, "a number")?, "number of retries")?;
            }
            "option" => self.option(n, words, true)?,
            "no" => {
                let o = arg(words, 1, "'option NAME'")?;
                if o.text != "option" {
                    return err(o, "only 'no option NAME' is supported");
                }
                self.option(n, &words[1..], false)?;
            }
            "server" => {
                self.need(w0, false)?;
                if in_defaults {
                    return err(
                        w0,
                        "'server' is not allowed in 'defaults'; use 'default-server'",
                    );
                }
                self.server(n, words)?;
            }
            "default-server" => {
                self.need(w0, false)?;
                let (opts, _track, _) = self.server_opts(n, words, 1, true)?;
                if in_defaults {
                    self.defaults.server = self.defaults.server.overlay(&opts);
                    self.cur_server_defaults = self.defaults.server.clone();
                } else {
                    self.cur_server_defaults = self.cur_server_defaults.overlay(&opts);
                }
            }
            "http-check" => {
                self.need(w0, false)?;
                let a = arg(words, 1, "expect, disable-on-404 or send")?;
                match a.text.as_str() {
                    "disable-on-404" => self.cur().disable_on_404 = true,
                    "expect" => {
                        let e = self.expect(words)?;
                        if !std::mem::replace(&mut self.own_expect, true) {
                            self.cur().expect.clear();
                        }
                        self.cur().expect.push(e);
                    }
                    "send" => {
                        let mut cs = CheckSend::default();
                        let mut i = 2;
                        while let Some(w) = words.get(i) {
                            match w.text.as_str() {
                                "meth" | "uri" | "ver" | "body" => {
                                    let v = arg(words, i + 1, "a value")?.text.clone();
                                    match w.text.as_str() {
                                        "meth" => cs.method = Some(v),
                                        "uri" => cs.uri = Some(v),
                                        "ver" => cs.version = Some(v),
                                        _ => cs.body = Some(v),
                                    }
                                    i += 2;
                                }
                                "hdr" => {
                                    let k =
                                        arg(words, i + 1, "a header name and value")?.text.clone();
                                    let v = arg(words, i + 2, "a header value")?.text.clone();
                                    cs.headers.push((k, v));
                                    i += 3;
                                }
                                other => {
                                    return Err((
                                        w.col,
                                        format!("unknown 'http-check send' argument '{other}'"),
                                        nearest(other, &["meth", "uri", "ver", "hdr", "body"]),
                                    ))
                                }
                            }
                        }
                        self.cur().check_send = cs;
                    }
                    "send-state" | "connect" | "comment" | "set-var" | "unset-var" => {
                        self.warn(n, a.col, format!("'http-check {}' is ignored", a.text));
                    }
                    other => {
                        return Err((
                            a.col,
                            format!("unknown 'http-check' keyword '{other}'"),
                            nearest(
                                other,
                                &["expect", "disable-on-404", "send", "send-state", "connect"],
                            ),
                        ))
                    }
                }
            }
            "stats" => self.stats(n, words)?,
            "log" => {
                if words.get(1).map(|w| w.text.as_str()) == Some("global") {
                    if in_defaults {
                        self.defaults.log_global = true;
                    } else if let Some(l) = self.log_global.last_mut() {
                        *l = true;
                    }
                } else if let Some(l) = self.parse_log(n, words)? {
                    self.cur().logs.push(l);
                }
            }
            "acl" => {
                self.need(w0, true)?;
                let name = arg(words, 1, "a name, a criterion and values")?;
                let crit = arg(words, 2, "a criterion")?;
                self.cur().acls.push(Acl {
                    name: name.text.clone(),
                    criterion: crit.text.clone(),
                    values: words[3..].iter().map(|w| w.text.clone()).collect(),
                    line: n,
                });
            }
            "use_backend" => {
                self.need(w0, true)?;
                if in_defaults {
                    return err(w0, "'use_backend' is not allowed in 'defaults'");
                }
                let b = arg(words, 1, "a backend name")?;
                let (cond, unless) = match words.get(2) {
                    None => (Vec::new(), false),
                    Some(k) if k.text == "if" || k.text == "unless" => {
                        if words.len() < 4 {
                            return err(k, format!("'{}' needs a condition", k.text));
                        }
                        (
                            words[3..].iter().map(|w| w.text.clone()).collect(),
                            k.text == "unless",
                        )
                    }
                    Some(k) => {
                        return Err((
                            k.col,
                            format!(
                                "expected 'if' or 'unless' after the backend name, got '{}'",
                                k.text
                            ),
                            nearest(&k.text, &["if", "unless"]),
                        ))
                    }
                };
                self.cur().use_backends.push(UseBackend {
                    backend: b.text.clone(),
                    cond,
                    unless,
                    line: n,
                });
            }
            "default_backend" => {
                self.need(w0, true)?;
                let b = arg(words, 1, "a backend name")?;
                self.cur().default_backend = Some(b.text.clone());
            }
            "http-request" | "redirect" => {
                if in_defaults {
                    return err(w0, format!("'{kw}' rules are not allowed in 'defaults'"));
                }
                let rest = if kw == "redirect" { words } else { &words[1..] };
                if rest.is_empty() {
                    return err(w0, "'http-request' expects an action");
                }
                let mut r = HttpRequestRule {
                    words: rest.iter().map(|w| w.text.clone()).collect(),
                    cols: rest.iter().map(|w| w.col).collect(),
                    line: n,
                };
                if kw == "redirect" {
                    r.words[0] = "redirect".into();
                }
                rules::parse_rule(&r)
                    .map_err(|(i, m, s)| (r.cols[i.min(r.cols.len() - 1)], m, s))?;
                self.cur().http_request.push(r);
            }
            "http-response" => {
                if in_defaults {
                    return err(w0, format!("'{kw}' rules are not allowed in 'defaults'"));
                }
                let rest = &words[1..];
                if rest.is_empty() {
                    return err(w0, "'http-response' expects an action");
                }
                let r = HttpRequestRule {
                    words: rest.iter().map(|w| w.text.clone()).collect(),
                    cols: rest.iter().map(|w| w.col).collect(),
                    line: n,
                };
                let known = rules::parse_response_rule(&r)
                    .map_err(|(i, m, s)| (r.cols[i.min(r.cols.len() - 1)], m, s))?;
                if known.is_some() {
                    self.cur().http_response.push(r);
                } else {
                    let why = format!("'http-response {}' is ignored: this action is not implemented (implemented: allow, deny, set-header, add-header, del-header)", rest[0].text);
                    self.warn(n, rest[0].col, why);
                }
            }
            "persist" if words.get(1).is_some_and(|w| w.text == "source") => {
                self.need(w0, false)?;
                let t = arg(
                    words,
                    2,
                    "a time (how long a client network keeps its server)",
                )?;
                let timeout = self.time(n, t)?;
                if timeout.is_zero() {
                    return err(t, "'persist source' needs a time above 0");
                }
                let persist = parse_persist_masks(timeout, &words[3..])?;
                self.cur().persist = Some(persist);
                self.directive_at(n, "persist", w0.col);
            }
            "disabled" => self.cur().disabled = true,
            "enabled" => self.cur().disabled = false,
            "description" | "id" => {}
            _ => {
                if !PROXY_KEYWORDS.contains(&kw) {
                    let lower = kw.to_ascii_lowercase();
                    if lower != kw && PROXY_KEYWORDS.contains(&lower.as_str()) {
                        // Seed 000 writes `Stats enable`; HAProxy rejects it, we accept it loudly.
                        self.warn(n, w0.col, format!("keyword '{kw}' should be written '{lower}' (keywords are case-sensitive in HAProxy); accepted"));
                        let mut fixed = words.to_vec();
                        fixed[0].text = lower;
                        return self.proxy_line(n, &fixed);
                    }
                    let section = self.cur_kind().map(Kind::as_str).unwrap_or("defaults");
                    return Err((
                        w0.col,
                        format!("unknown keyword '{kw}' in '{section}' section"),
                        nearest(kw, PROXY_KEYWORDS),
                    ));
                }
                let why = match kw {
                    "http-after-response"
                    | "capture"
                    | "compression"
                    | "http-reuse"
                    | "unique-id-format"
                    | "unique-id-header"
                    | "http-send-name-header"
                    | "monitor-uri"
                    | "errorfile"
                    | "errorloc"
                    | "errorloc302"
                    | "errorloc303" => "this HTTP feature is not implemented",
                    "log-format" | "log-tag" => "the log line format is fixed (tcplog)",
                    _ => "it is not implemented",
                };
                self.warn(n, w0.col, format!("'{kw}' is ignored: {why}"));
            }
        }
        Ok(())
    }

    fn option(&mut self, n: usize, words: &[Word], on: bool) -> Step {
        let o = arg(words, 1, "an option name")?;
        let name = o.text.as_str();
        match name {
            "redispatch" => {
                self.need(o, false)?;
                self.cur().redispatch = on;
            }
            "allbackups" => {
                self.need(o, false)?;
                self.cur().allbackups = on;
            }
            "httpchk" => {
                self.need(o, false)?;
                let hc = if on {
                    let rest: Vec<&str> = words[2..].iter().map(|w| w.text.as_str()).collect();
                    let mut hc = HttpCheck::default();
                    match rest.as_slice() {
                        [] => {}
                        [uri] => hc.uri = uri.to_string(),
                        [m, uri] => {
                            hc.method = m.to_string();
                            hc.uri = uri.to_string();
                        }
                        [m, uri, v, ..] => {
                            hc.method = m.to_string();
                            hc.uri = uri.to_string();
                            hc.version = words[4..]
                                .iter()
                                .map(|w| w.text.as_str())
                                .collect::<Vec<_>>()
                                .join(" ");
                            let _ = v;
                        }
                    }
                    Some(hc)
                } else {
                    None
                };
                self.cur().httpchk = hc;
            }
            "sip-check" => {
                self.need(o, false)?;
                if let Some(extra) = words.get(3) {
                    return err(
                        extra,
                        "'option sip-check' takes at most one argument, the LOGIN",
                    );
                }
                let login = words.get(2).map(|w| w.text.clone());
                self.cur().sipchk = on.then_some(SipCheck { login });
            }
            "tcplog" => self.cur().tcplog = on,
            "httplog" => self.cur().httplog = on,
            "tcpka" => {
                let p = self.cur();
                p.clitcpka = on;
                p.srvtcpka = on;
            }
            "clitcpka" => self.cur().clitcpka = on,
            "srvtcpka" => self.cur().srvtcpka = on,
            "forwardfor" => {
                // Allowed everywhere, as in HAProxy: the backend's setting wins over the frontend's.
                let mut ff = ForwardFor::default();
                let mut i = 2;
                while let Some(w) = words.get(i) {
                    match w.text.as_str() {
                        "except" => {
                            ff.except = Some(arg(words, i + 1, "a network")?.text.clone());
                            i += 2;
                        }
                        "header" => {
                            ff.header = Some(arg(words, i + 1, "a header name")?.text.clone());
                            i += 2;
                        }
                        "if-none" => {
                            ff.if_none = true;
                            i += 1;
                        }
                        other => {
                            return Err((
                                w.col,
                                format!("unknown 'option forwardfor' argument '{other}'"),
                                nearest(other, &["except", "header", "if-none"]),
                            ))
                        }
                    }
                }
                self.cur().forwardfor = on.then_some(ff);
            }
            _ => {
                if !OPTIONS.contains(&name) {
                    return Err((
                        o.col,
                        format!("unknown option '{name}'"),
                        nearest(name, OPTIONS),
                    ));
                }
                let why = match name {
                    "pgsql-check" | "mysql-check" | "ssl-hello-chk" | "tcp-check" | "redis-check" | "smtpchk" | "ldap-check" | "spop-check" | "external-check" => {
                        "this check type is not implemented; servers with 'check' get a TCP connect check"
                    }
                    "logasap" | "dontlognull" | "dontlog-normal" | "log-separate-errors" | "log-health-checks" => "logging of this kind is fixed",
                    _ => "it has no effect in this proxy",
                };
                self.warn(n, o.col, format!("'option {name}' is ignored: {why}"));
            }
        }
        Ok(())
    }

    fn expect(&mut self, words: &[Word]) -> Result<Expect, (usize, String, Option<String>)> {
        let mut i = 2;
        let mut neg = false;
        if words.get(i).map(|w| w.text.as_str()) == Some("!") {
            neg = true;
            i += 1;
        }
        let k = arg(words, i, "status, rstatus, string or rstring")?;
        let (kind, neg) = match k.text.strip_prefix('!') {
            Some(rest) => (rest.to_string(), true),
            None => (k.text.clone(), neg),
        };
        let v = arg(words, i + 1, "a value")?;
        let re = |s: &str| {
            regex::Regex::new(s).map_err(|e| (v.col, format!("bad regular expression: {e}"), None))
        };
        Ok(match kind.as_str() {
            "status" => {
                let mut codes = Vec::new();
                for part in v.text.split(',') {
                    let (a, b) = part.split_once('-').unwrap_or((part, part));
                    let (a, b): (u16, u16) = match (a.parse(), b.parse()) {
                        (Ok(a), Ok(b)) if (100..=599).contains(&a) && a <= b && b <= 599 => (a, b),
                        _ => return err(v, format!("'{}' is not an HTTP status code", v.text)),
                    };
                    codes.extend(a..=b);
                }
                Expect::Status(neg, codes)
            }
            "rstatus" => Expect::RStatus(neg, re(&v.text)?),
            "string" => Expect::String(neg, v.text.clone()),
            "rstring" => Expect::RString(neg, re(&v.text)?),
            other => {
                return Err((
                    k.col,
                    format!("unknown 'http-check expect' matcher '{other}'"),
                    nearest(other, &["status", "rstatus", "string", "rstring"]),
                ))
            }
        })
    }

    fn stats(&mut self, n: usize, words: &[Word]) -> Step {
        let a = arg(
            words,
            1,
            "enable, uri, realm, auth, refresh, hide-version, admin, show-legends",
        )?;
        let st = &mut self.cur().stats;
        match a.text.as_str() {
            "enable" => st.enabled = true,
            "disable" => st.enabled = false,
            "uri" => {
                st.enabled = true;
                st.uri = Some(arg(words, 2, "a URI prefix")?.text.clone());
            }
            "realm" => {
                st.enabled = true;
                st.realm = Some(
                    words[2..]
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                if st.realm.as_deref() == Some("") {
                    return err(a, "'stats realm' expects a realm name");
                }
            }
            "auth" => {
                let v = arg(words, 2, "user:password")?;
                let (u, p) = v.text.split_once(':').ok_or_else(|| {
                    (
                        v.col,
                        "'stats auth' expects user:password (no ':' found)".to_string(),
                        None,
                    )
                })?;
                if u.is_empty() || p.is_empty() {
                    return err(v, "'stats auth' expects a non-empty user and password");
                }
                st.enabled = true;
                st.auth.push((u.to_string(), p.to_string()));
            }
            "refresh" => {
                let w = arg(words, 2, "a time")?.clone();
                let d = self.time(n, &w)?;
                let st = &mut self.cur().stats;
                st.enabled = true;
                st.refresh = Some(d);
            }
            "hide-version" => {
                st.enabled = true;
                st.hide_version = true;
            }
            "admin" => {
                st.admin = true;
                self.warn(n, a.col, "'stats admin' is accepted but the page is read-only; use the stats socket to change servers".into());
            }
            "show-legends" => {
                st.enabled = true;
                st.show_legends = true;
            }
            "show-node" | "show-desc" | "show-modules" | "scope" | "http-request"
            | "bind-process" => {
                self.warn(n, a.col, format!("'stats {}' is ignored", a.text));
            }
            "socket" => return err(a, "'stats socket' belongs in the 'global' section"),
            other => {
                return Err((
                    a.col,
                    format!("unknown 'stats' keyword '{other}'"),
                    nearest(
                        other,
                        &[
                            "enable",
                            "uri",
                            "realm",
                            "auth",
                            "refresh",
                            "hide-version",
                            "admin",
                            "show-legends",
                        ],
                    ),
                ))
            }
        }
        Ok(())
    }

    /// Parse server options from `words[start..]`. Returns the options, the `track` target and
    /// the column of `check` (if any).
    fn server_opts(
        &mut self,
        n: usize,
        words: &[Word],
        start: usize,
        is_default: bool,
    ) -> Result<ParsedOpts, (usize, String, Option<String>)> {
        let mut o = ServerOpts::default();
        let mut track = None;
        let mut check_col = None;
        let mut i = start;
        while let Some(w) = words.get(i) {
            let k = w.text.as_str();
            let val = |i: usize, what: &str| arg(words, i + 1, what).cloned();
            let mut used = 1;
            match k {
                "check" => {
                    o.check = Some(true);
                    check_col = Some(w.col);
                }
                "no-check" => o.check = Some(false),
                "port" => {
                    let v = val(i, "a port")?;
                    o.port =
                        Some(parse_port(&v.text).map_err(|m| (v.col, format!("check {m}"), None))?);
                    used = 2;
                }
                "addr" => {
                    let v = val(i, "an address")?;
                    o.addr = Some(v.text.clone());
                    used = 2;
                }
                "inter" | "fastinter" | "downinter" => {
                    let v = val(i, "a time")?;
                    let d = self.time(n, &v)?;
                    if d.is_zero() {
                        return err(&v, format!("'{k}' must be greater than 0"));
                    }
                    match k {
                        "inter" => o.inter = Some(d),
                        "fastinter" => o.fastinter = Some(d),
                        _ => o.downinter = Some(d),
                    }
                    used = 2;
                }
                "rise" | "fall" => {
                    let v = val(i, "a count")?;
                    let c: u32 = num(&v, "count")?;
                    if c == 0 {
                        return err(&v, format!("'{k}' must be at least 1"));
                    }
                    if k == "rise" {
                        o.rise = Some(c);
                    } else {
                        o.fall = Some(c);
                    }
                    used = 2;
                }
                "weight" => {
                    let v = val(i, "a weight")?;
                    let c: u32 = num(&v, "weight")?;
                    if c > 256 {
                        return err(&v, "weight must be between 0 and 256");
                    }
                    o.weight = Some(c);
                    used = 2;
                }
                "backup" => o.backup = Some(true),
                "no-backup" => o.backup = Some(false),
                "maxconn" => {
                    let v = val(i, "a number")?;
                    o.maxconn = Some(num(&v, "number")?);
                    used = 2;
                }
                "on-marked-down" => {
                    let v = val(i, "shutdown-sessions")?;
                    if v.text != "shutdown-sessions" {
                        return Err((
                            v.col,
                            format!("unknown on-marked-down action '{}'", v.text),
                            nearest(&v.text, &["shutdown-sessions"]),
                        ));
                    }
                    o.shutdown_on_down = Some(true);
                    used = 2;
                }
                "on-marked-up" => {
                    let v = val(i, "shutdown-backup-sessions")?;
                    if v.text != "shutdown-backup-sessions" {
                        return Err((
                            v.col,
                            format!("unknown on-marked-up action '{}'", v.text),
                            nearest(&v.text, &["shutdown-backup-sessions"]),
                        ));
                    }
                    o.shutdown_backup_on_up = Some(true);
                    used = 2;
                }
                "disabled" => o.disabled = Some(true),
                "enabled" => o.disabled = Some(false),
                "track" => {
                    if is_default {
                        return err(w, "'track' is not allowed on 'default-server'");
                    }
                    let v = val(i, "[backend/]server")?;
                    let cur = self
                        .proxies
                        .last()
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    let t = match v.text.split_once('/') {
                        Some((b, s)) => Track {
                            backend: b.to_string(),
                            server: s.to_string(),
                        },
                        None => Track {
                            backend: cur,
                            server: v.text.clone(),
                        },
                    };
                    track = Some((t, v.col));
                    used = 2;
                }
                "ssl" | "check-ssl" | "send-proxy" | "send-proxy-v2" | "check-send-proxy"
                | "proto" | "alpn" | "crt" | "ca-file" | "verify" | "sni" | "check-sni"
                | "check-proto" | "ws" => {
                    return err(w, format!("server option '{k}' is not supported (traffic or checks would not be what the server expects)"));
                }
                "id" | "cookie" | "resolvers" | "init-addr" | "resolve-prefer" | "agent-port"
                | "agent-inter" | "maxqueue" | "minconn" | "slowstart" | "observe"
                | "error-limit" | "on-error" | "redir" | "source" | "namespace"
                | "pool-max-conn" | "pool-purge-delay" | "log-proto" => {
                    self.warn(n, w.col, format!("server option '{k}' is ignored"));
                    used = 2;
                }
                "agent-check" | "non-stick" | "tfo" => {
                    self.warn(n, w.col, format!("server option '{k}' is ignored"));
                }
                _ => {
                    let lower = k.to_ascii_lowercase();
                    let sugg = nearest(k, SERVER_KEYWORDS)
                        .or_else(|| SERVER_KEYWORDS.contains(&lower.as_str()).then_some(lower));
                    return Err((w.col, format!("unknown server option '{k}'"), sugg));
                }
            }
            i += used;
        }
        Ok((o, track, check_col))
    }

    fn server(&mut self, n: usize, words: &[Word]) -> Step {
        let name = arg(words, 1, "a name and an address")?;
        let addr = arg(words, 2, "an address")?;
        let (host, port) = parse_server_addr(&addr.text).map_err(|m| (addr.col, m, None))?;
        let (opts, track, check_col) = self.server_opts(n, words, 3, false)?;
        let o = self.cur_server_defaults.overlay(&opts);
        let inter = o.inter.unwrap_or(Duration::from_secs(2));
        let srv = Server {
            name: name.text.clone(),
            host,
            port,
            line: n,
            check: o.check.unwrap_or(false),
            check_port: o.port,
            check_addr: o.addr,
            inter,
            fastinter: o.fastinter.unwrap_or(inter),
            downinter: o.downinter.unwrap_or(inter),
            rise: o.rise.unwrap_or(2),
            fall: o.fall.unwrap_or(3),
            weight: o.weight.unwrap_or(1),
            backup: o.backup.unwrap_or(false),
            track: track.as_ref().map(|(t, _)| t.clone()),
            maxconn: o.maxconn.unwrap_or(0),
            shutdown_on_down: o.shutdown_on_down.unwrap_or(false),
            shutdown_backup_on_up: o.shutdown_backup_on_up.unwrap_or(false),
            disabled: o.disabled.unwrap_or(false),
        };
        let pi = self.proxies.len() - 1;
        let p = &mut self.proxies[pi];
        if p.servers.iter().any(|s| s.name == srv.name) {
            return err(
                name,
                format!("server '{}' is declared twice in '{}'", srv.name, p.name),
            );
        }
        let si = p.servers.len();
        p.servers.push(srv);
        if let Some(cc) = check_col {
            self.check_cols.insert((pi, si), cc);
        }
        if let Some((_, col)) = track {
            self.tracks.push((pi, si, n, col));
            if check_col.is_none() && self.proxies[pi].servers[si].check {
                // `check` inherited from default-server.
                self.check_cols.insert((pi, si), words[0].col);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Config, ConfigError> {
        // `log global` is resolved once `global` is complete (it may come later in the file).
        for (p, lg) in self.proxies.iter_mut().zip(&self.log_global) {
            if *lg {
                let mut logs = self.global.logs.clone();
                logs.append(&mut p.logs);
                p.logs = logs;
            }
        }
        self.semantic_checks();
        let (errors, _): (Vec<&Diag>, Vec<&Diag>) =
            self.diags.iter().partition(|d| d.level == Level::Alert);
        if !errors.is_empty() {
            return Err(ConfigError { diags: self.diags });
        }
        Ok(Config {
            file: self.file,
            global: self.global,
            proxies: self.proxies,
            warnings: self.diags,
            digest: String::new(),
        })
    }

    /// HAProxy 2.6's warning for a TCP or HTTP proxy without the timeouts its sides need
    /// (`client` for a frontend, `connect` and `server` for a backend; zero is none): each
    /// such session could hang for ever.
    fn timeout_checks(&self, out: &mut Vec<(Level, usize, usize, String, Option<String>)>) {
        let set = |t: Option<Duration>| t.is_some_and(|d| !d.is_zero());
        for p in &self.proxies {
            if p.mode == Mode::Udp {
                continue;
            }
            let t = &p.timeouts;
            let fe_short = p.is_frontend() && !set(t.client);
            let be_short = p.is_backend() && !(set(t.connect) && set(t.server));
            if fe_short || be_short {
                let what = match p.kind {
                    Kind::Frontend => "frontend",
                    Kind::Backend => "backend",
                    Kind::Listen => "proxy",
                };
                out.push((
                    Level::Warning,
                    p.line,
                    1,
                    format!(
                        "missing timeouts for {what} '{}'. While not properly invalid, you will \
                         certainly encounter various problems with such a configuration. To fix \
                         this, please ensure that all following timeouts are set to a non-zero \
                         value: 'client', 'connect', 'server'.",
                        p.name
                    ),
                    None,
                ));
            }
        }
    }

    /// `mode udp` and `persist source` (rustha extensions): what cannot work over datagrams.
    fn udp_checks(&self, out: &mut Vec<(Level, usize, usize, String, Option<String>)>) {
        let mode_name = |m: Mode| match m {
            Mode::Tcp => "tcp",
            Mode::Http => "http",
            Mode::Udp => "udp",
        };
        for (pi, p) in self.proxies.iter().enumerate() {
            let udp = p.mode == Mode::Udp;
            let at = |key: &str| self.written(p, key).unwrap_or((p.line, 1));
            if p.kind == Kind::Frontend {
                let targets = p.backend_targets();
                for (name, line, how) in targets {
                    let Some(b) = self
                        .proxies
                        .iter()
                        .find(|b| b.is_backend() && b.name == name)
                    else {
                        continue;
                    };
                    // http -> tcp is reported above; datagrams and streams never mix.
                    if (b.mode == Mode::Udp) != udp {
                        out.push((Level::Alert, line, 1, format!("{} frontend '{}' uses incompatible {} backend '{}' (line {}) as {how}; UDP frontends need 'mode udp' backends and the other way round", mode_name(p.mode), p.name, mode_name(b.mode), b.name, b.line), None));
                    }
                }
            }
            if let Some(ps) = &p.persist {
                if p.mode == Mode::Http && p.is_backend() {
                    let (line, col) = at("persist");
                    out.push((Level::Warning, line, col, format!("'persist source {}s' in '{}' is ignored: in http mode every request is balanced on its own (use 'balance source')", ps.timeout.as_secs(), p.name), None));
                }
            }
            if !udp {
                continue;
            }
            for b in &p.binds {
                if b.addr.ip().is_unspecified() {
                    out.push((Level::Alert, b.line, 1, format!("UDP bind {} in '{}' is a wildcard address: replies must leave from the address the client sent to, so bind the service address (the VIP) itself", b.addr, p.name), None));
                }
            }
            for u in p.use_backends.iter().filter(|u| !u.cond.is_empty()) {
                out.push((Level::Alert, u.line, 1, format!("conditional 'use_backend {}' in UDP proxy '{}' cannot be evaluated: datagrams carry no request to match; use 'default_backend'", u.backend, p.name), None));
            }
            if let Some(r) = p.http_request.first() {
                out.push((
                    Level::Warning,
                    r.line,
                    1,
                    format!("'http-request' rules in UDP proxy '{}' are ignored", p.name),
                    None,
                ));
            }
            if p.httplog && p.is_frontend() {
                let (line, col) = at("option httplog");
                out.push((
                    Level::Warning,
                    line,
                    col,
                    format!(
                        "'option httplog' in UDP proxy '{}' needs 'mode http'; falling back to 'option tcplog'",
                        p.name
                    ),
                    None,
                ));
            }
            if p.forwardfor.is_some() {
                let (line, col) = at("option forwardfor");
                out.push((
                    Level::Warning,
                    line,
                    col,
                    format!(
                        "'option forwardfor' in UDP proxy '{}' is ignored (no HTTP)",
                        p.name
                    ),
                    None,
                ));
            }
            if !p.is_backend() {
                continue;
            }
            if p.httpchk.is_some() {
                let (line, col) = at("option httpchk");
                out.push((Level::Alert, line, col, format!("'option httpchk' cannot check the UDP servers of '{}' (HTTP runs over TCP); use 'option sip-check' for SIP servers", p.name), Some("option sip-check".into())));
            }
            for (si, s) in p.servers.iter().enumerate() {
                if s.check && p.sipchk.is_none() {
                    let col = self.check_cols.get(&(pi, si)).copied().unwrap_or(1);
                    out.push((Level::Alert, s.line, col, format!("UDP server '{}/{}' cannot be checked by a TCP connect; add 'option sip-check' to '{}' or drop 'check'", p.name, s.name, p.name), Some("option sip-check".into())));
                }
            }
        }
    }

    fn semantic_checks(&mut self) {
        let mut out: Vec<(Level, usize, usize, String, Option<String>)> = Vec::new();
        let mut fe_names = HashMap::new();
        let mut be_names = HashMap::new();
        for p in &self.proxies {
            if p.is_frontend() {
                if let Some(prev) = fe_names.insert(p.name.clone(), p.line) {
                    out.push((
                        Level::Alert,
                        p.line,
                        1,
                        format!(
                            "{} '{}' has the same name as the one on line {prev}",
                            p.kind.as_str(),
                            p.name
                        ),
                        None,
                    ));
                }
            }
            if p.is_backend() {
                if let Some(prev) = be_names.insert(p.name.clone(), p.line) {
                    if !p.is_frontend() || fe_names.get(&p.name) != Some(&p.line) || prev != p.line
                    {
                        out.push((
                            Level::Alert,
                            p.line,
                            1,
                            format!(
                                "{} '{}' has the same name as the one on line {prev}",
                                p.kind.as_str(),
                                p.name
                            ),
                            None,
                        ));
                    }
                }
            }
        }
        // Duplicate binds, across all proxies.
        // A UDP and a TCP listener on one address:port are two sockets (SIP serves both).
        let mut binds: HashMap<(SocketAddr, bool), (String, usize)> = HashMap::new();
        for p in &self.proxies {
            if p.disabled {
                continue;
            }
            let udp = p.mode == Mode::Udp;
            for b in &p.binds {
                if let Some((other, line)) = binds.get(&(b.addr, udp)) {
                    out.push((
                        Level::Alert,
                        b.line,
                        1,
                        format!(
                            "address {} is already bound by '{other}' on line {line}",
                            b.addr
                        ),
                        None,
                    ));
                } else {
                    binds.insert((b.addr, udp), (p.name.clone(), b.line));
                }
            }
            if p.is_frontend() && p.binds.is_empty() && !p.disabled {
                out.push((
                    Level::Warning,
                    p.line,
                    1,
                    format!(
                        "{} '{}' has no 'bind' address and will accept nothing",
                        p.kind.as_str(),
                        p.name
                    ),
                    None,
                ));
            }
        }
        let backend_names: Vec<&str> = self
            .proxies
            .iter()
            .filter(|p| p.is_backend())
            .map(|p| p.name.as_str())
            .collect();
        for p in &self.proxies {
            for u in &p.use_backends {
                if !backend_names.contains(&u.backend.as_str()) {
                    out.push((
                        Level::Alert,
                        u.line,
                        1,
                        format!(
                            "'use_backend' names a backend '{}' that does not exist",
                            u.backend
                        ),
                        nearest(&u.backend, &backend_names),
                    ));
                }
            }
            if let Some(d) = &p.default_backend {
                if !backend_names.contains(&d.as_str()) {
                    out.push((
                        Level::Alert,
                        p.line,
                        1,
                        format!(
                            "'default_backend' of '{}' names a backend '{d}' that does not exist",
                            p.name
                        ),
                        nearest(d, &backend_names),
                    ));
                }
            }
            if p.kind == Kind::Frontend
                && p.default_backend.is_none()
                && p.use_backends.is_empty()
                && !p.stats.enabled
            {
                out.push((
                    Level::Warning,
                    p.line,
                    1,
                    format!(
                        "frontend '{}' has no backend: every connection will be closed",
                        p.name
                    ),
                    None,
                ));
            }
            if p.mode != Mode::Http && p.stats.enabled {
                out.push((
                    Level::Warning,
                    p.line,
                    1,
                    format!(
                        "'stats' in '{}' needs 'mode http'; ignored in {} mode",
                        p.name,
                        if p.mode == Mode::Udp { "UDP" } else { "TCP" }
                    ),
                    None,
                ));
            }
            if p.mode == Mode::Tcp {
                // As HAProxy 2.6 warns: layer-7 rules need an HTTP stream.
                for (rules, kw) in [
                    (&p.http_request, "http-request"),
                    (&p.http_response, "http-response"),
                ] {
                    if let Some(r) = rules.first() {
                        // HAProxy calls a `listen` section a proxy here.
                        let kind = match p.kind {
                            Kind::Listen => "proxy",
                            k => k.as_str(),
                        };
                        let what = format!(
                            "'{kw}' rules ignored for {kind} '{}' as they require HTTP mode",
                            p.name
                        );
                        out.push((Level::Warning, r.line, 1, what, None));
                    }
                }
                for a in &p.acls {
                    if is_layer7(&a.criterion) {
                        let by = if p.mode_line == 0 {
                            "the default".to_string()
                        } else {
                            format!("line {}", p.mode_line)
                        };
                        out.push((Level::Warning, a.line, 1, format!("acl '{}' uses layer-7 fetch '{}' in TCP-mode proxy '{}' (mode set by {by}): HAProxy evaluates it on whatever bytes arrived first; this proxy waits for a complete request head (at most 'timeout client'), then routes the connection as a TCP stream; set 'mode http'", a.name, a.criterion, p.name), None));
                    }
                }
            }
            for (line, col, m, sug) in rules::validate(p) {
                out.push((Level::Alert, line, col, m, sug));
            }
            for (line, col, m) in rules::warnings(p) {
                out.push((Level::Warning, line, col, m, None));
            }
            if p.mode == Mode::Http && p.kind == Kind::Frontend {
                // As HAProxy: an HTTP frontend cannot hand its requests to a TCP backend.
                let targets = p.backend_targets();
                for (name, line, how) in targets {
                    if let Some(b) = self
                        .proxies
                        .iter()
                        .find(|b| b.is_backend() && b.name == name && b.mode == Mode::Tcp)
                    {
                        out.push((Level::Alert, line, 1, format!("http frontend '{}' uses incompatible tcp backend '{}' (line {}) as {how}; set 'mode http' in the backend", p.name, b.name, b.line), None));
                    }
                }
            }
            for s in &p.servers {
                if s.port.is_none() && p.mode == Mode::Http {
                    out.push((
                        Level::Warning,
                        s.line,
                        1,
                        format!(
                            "server '{}' has no port: the client's destination port is used",
                            s.name
                        ),
                        None,
                    ));
                }
                if s.check && s.port.is_none() && s.check_port.is_none() {
                    out.push((Level::Alert, s.line, 1, format!("server '{}' has 'check' but neither an address port nor 'port' to check", s.name), None));
                }
                if s.check && p.httpchk.is_none() && !p.expect.is_empty() {
                    out.push((
                        Level::Warning,
                        s.line,
                        1,
                        format!(
                            "'http-check expect' in '{}' has no effect without 'option httpchk'",
                            p.name
                        ),
                        None,
                    ));
                }
            }
        }
        self.udp_checks(&mut out);
        self.timeout_checks(&mut out);
        // track: target exists, is not itself + check, chain ends in a checked server, no loop.
        let tracks = self.tracks.clone();
        for (pi, si, line, col) in tracks {
            let srv = &self.proxies[pi].servers[si];
            let t = srv.track.clone().expect("tracked server");
            if let Some(cc) = self.check_cols.get(&(pi, si)) {
                out.push((Level::Alert, line, *cc, format!("server '{}' has both 'track' and 'check'; a tracking server copies the state of '{}/{}' and cannot be checked itself", srv.name, t.backend, t.server), None));
                continue;
            }
            let Some(bp) = self
                .proxies
                .iter()
                .position(|p| p.is_backend() && p.name == t.backend)
            else {
                let names: Vec<&str> = self
                    .proxies
                    .iter()
                    .filter(|p| p.is_backend())
                    .map(|p| p.name.as_str())
                    .collect();
                out.push((
                    Level::Alert,
                    line,
                    col,
                    format!("'track' names backend '{}' which does not exist", t.backend),
                    nearest(&t.backend, &names),
                ));
                continue;
            };
            if !self.proxies[bp].servers.iter().any(|s| s.name == t.server) {
                let names: Vec<&str> = self.proxies[bp]
                    .servers
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                out.push((
                    Level::Alert,
                    line,
                    col,
                    format!(
                        "'track' names server '{}' which does not exist in backend '{}'",
                        t.server, t.backend
                    ),
                    nearest(&t.server, &names),
                ));
                continue;
            }
            // Follow the chain.
            let mut seen = HashSet::new();
            seen.insert((pi, si));
            let (mut cp, mut cs) = (
                bp,
                self.proxies[bp]
                    .servers
                    .iter()
                    .position(|s| s.name == t.server)
                    .expect("found above"),
            );
            loop {
                if !seen.insert((cp, cs)) {
                    out.push((
                        Level::Alert,
                        line,
                        col,
                        format!("'track' of server '{}' loops back on itself", srv.name),
                        None,
                    ));
                    break;
                }
                let target = &self.proxies[cp].servers[cs];
                match &target.track {
                    None => {
                        if !target.check {
                            out.push((Level::Alert, line, col, format!("server '{}' tracks '{}/{}', which has no 'check' (the end of a tracking chain must be checked)", srv.name, self.proxies[cp].name, target.name), None));
                        }
                        break;
                    }
                    Some(next) => {
                        let Some(np) = self
                            .proxies
                            .iter()
                            .position(|p| p.is_backend() && p.name == next.backend)
                        else {
                            break;
                        };
                        let Some(ns) = self.proxies[np]
                            .servers
                            .iter()
                            .position(|s| s.name == next.server)
                        else {
                            break;
                        };
                        cp = np;
                        cs = ns;
                    }
                }
            }
        }
        for (level, line, col, m, s) in out {
            self.diag(level, line, col, m, s);
        }
        self.diags.sort_by_key(|d| (d.line, d.col));
    }
}

/// Whether an ACL criterion needs a parsed HTTP request.
pub fn is_layer7(criterion: &str) -> bool {
    let c = criterion.split('(').next().unwrap_or(criterion);
    c.starts_with("path")
        || c.starts_with("hdr")
        || c.starts_with("url")
        || c.starts_with("method")
        || c.starts_with("req.hdr")
        || c.starts_with("cook")
        || c == "base"
        || c.starts_with("base_")
        || c.starts_with("query")
}

#[cfg(test)]
mod tests;
