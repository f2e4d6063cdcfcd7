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
//!
//! This file is the model ([`Config`] and what it holds). [`lex`] splits lines into words,
//! `parser` reads an haproxy.cfg into the model (section handlers, then the checks across
//! sections), [`keywords`] lists what each section knows and suggests the nearest one,
//! [`values`] parses times, addresses and number sets, [`ldirectord`] translates an
//! ldirectord.cf, and [`rules`] is the ACL and `http-request`/`http-response` language.
//! The bottom layer of the crate: nothing here imports from `runtime`, `data` or `control`.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub mod errorfile;
pub mod keywords;
pub mod ldirectord;
pub mod lex;
mod load;
mod parser;
pub mod rules;
pub mod values;

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

/// An `acl NAME FETCH VALUES...` line (evaluated in HTTP mode), compiled when it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Acl {
    /// Name.
    pub name: String,
    /// The fetch as written (`path_beg`, `hdr(host)`), for messages.
    pub criterion: String,
    /// The test: fetch, match method, flags and values.
    pub matcher: rules::Matcher,
    /// Line.
    pub line: usize,
}

/// `use_backend NAME [if|unless COND]`.
#[derive(Debug, Clone, PartialEq)]
pub struct UseBackend {
    /// Target backend.
    pub backend: String,
    /// The condition (none: always).
    pub cond: Option<rules::Condition>,
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

/// One `http-request ACTION ... [if|unless COND]` line (or a legacy `redirect` line, read as
/// `http-request redirect ...`), or an `http-response` one, parsed when it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequestRule {
    /// What it does.
    pub action: rules::Action,
    /// When (none: always).
    pub cond: Option<rules::Condition>,
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

/// `http-reuse`: which idle server connections (of this thread, to the same server) a request
/// may take, as in HAProxy 2.6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reuse {
    /// None: a client's connection keeps its own server connection for its later requests.
    Never,
    /// A client's first request goes on a connection of its own; later ones take any.
    #[default]
    Safe,
    /// A first request takes only a connection that has already carried a second request
    /// (the server is known to keep connections open).
    Aggressive,
    /// Any request takes any.
    Always,
}

/// How HTTP connections go on after a response (`option http-keep-alive`,
/// `http-server-close`, `httpclose`): the frontend's decides the client side; either
/// section's close decides the server side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConnMode {
    /// Both sides stay open.
    #[default]
    KeepAlive,
    /// The server connection closes after each response (`connection: close` to the server).
    ServerClose,
    /// Both sides close after each response.
    Close,
}

/// HAProxy's default `tune.bufsize`.
pub const DEFAULT_BUFSIZE: usize = 16384;

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
    /// `option originalto` (its `if_none` is never set).
    pub originalto: Option<ForwardFor>,
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
    /// `errorfile` and `errorloc*`: pages replacing the built-in ones, by status code (a
    /// section's own replace those of `defaults` code by code).
    pub errorfiles: std::collections::BTreeMap<u16, errorfile::ErrorPage>,
    /// `http-send-name-header`: the header that tells the server its own name (any such
    /// header of the request is removed).
    pub send_name_header: Option<String>,
    /// `http-reuse`: which idle server connections a request may take.
    pub http_reuse: Reuse,
    /// `option http-keep-alive` / `http-server-close` / `httpclose` (the last one written).
    pub conn_mode: ConnMode,
    /// `monitor-uri`: requests for exactly this target (path and query; the path of an
    /// absolute URI) get the 200 page at once, before any rule, and reach no server.
    pub monitor_uri: Option<String>,
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

    /// The proxy named `name` that can hold servers.
    pub fn backend(&self, name: &str) -> Option<&Proxy> {
        self.proxies
            .iter()
            .find(|p| p.is_backend() && p.name == name)
    }
}

#[cfg(test)]
mod tests;
