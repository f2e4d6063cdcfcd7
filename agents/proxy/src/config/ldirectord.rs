//! ldirectord.cf, read as written: the Ultra Monkey / ldirectord description of LVS services
//! (`virtual=` blocks of `real=` servers with their checks) becomes the same proxy model as an
//! haproxy.cfg, so `proxy run -f /etc/ha.d/ldirectord.cf` (and the OCF agent's `config`) replaces
//! ldirectord plus the kernel's IPVS table. `proxy convert -f FILE` prints the equivalent
//! haproxy.cfg (with the rustha extensions `mode udp`, `persist source`, `option sip-check`).
//!
//! The file is translated into haproxy.cfg text and then parsed by the one configuration parser,
//! so both formats share every validation; each generated line remembers the ldirectord line it
//! came from, and messages name that line.
//!
//! How LVS concepts map onto a full proxy:
//! - `protocol=tcp|udp` -> `mode tcp|udp`; `fwm` (firewall marks) has no equivalent: an error.
//! - `scheduler`: `rr`/`wrr` -> roundrobin, `lc`/`wlc`/`sed`/`nq` -> leastconn, `sh` -> source;
//!   others -> roundrobin with a warning.
//! - `real=IP[->IP][:PORT] masq|gate|ipip [WEIGHT] [<u:MAX>]`: a server (a range is several); the
//!   forwarding method does not matter to a proxy (a warning for `gate`/`ipip`, whose real
//!   servers will see the balancer as the client); the upper threshold becomes `maxconn`.
//! - `checktype=negotiate` with `service=http` -> `option httpchk` (`httpmethod`, `request`,
//!   `virtualhost` or the real server's address as Host) expecting a 2xx status and, when set,
//!   the `receive` regular expression in the body (what ldirectord's LWP check accepts, without
//!   following redirects); `service=sip` -> `option sip-check` (`login`); `service=none` and
//!   `checktype=on` -> no check; `checktype=connect` -> TCP connect (`checkport`);
//!   `checktype=off` -> every server disabled. Other services, `ping`, `external` and per-real
//!   request/receive pairs are errors naming the line, never silently unchecked servers.
//! - `checkinterval` -> `inter`, `failurecount` -> `fall` (`rise 1`: one good check brings a server
//!   back, as in ldirectord); `negotiatetimeout`/`checktimeout` -> `timeout check`, which bounds
//!   the connect and the answer each.
//! - `persistent`/`netmask` -> `persist source`; `fallback` -> a backup server (unchecked, like
//!   ldirectord's); `quiescent=no` -> `on-marked-down shutdown-sessions` (LVS removes the server
//!   and, with `expire_nodest_conn`, its connections); `quiescent=yes` keeps them.
//! - Session idle timeouts are LVS's defaults: 900 s for TCP, 300 s for UDP.
//! - `autoreload=yes`: the daemon looks at the file's modification time every second and
//!   reloads in process when it changed (keeping connections and server health; a broken file
//!   is refused and the running configuration stays).
//! - Directives about ldirectord itself (`logfile`, `callback`, `emailalert*`, `fork`, ...) are
//!   accepted with a warning saying what takes their place.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;

use crate::config::keywords::nearest;
use crate::config::{Config, ConfigError, Diag, Level};

/// Directives of the global part.
const GLOBAL: &[&str] = &[
    "checktimeout",
    "negotiatetimeout",
    "checkinterval",
    "checkcount",
    "failurecount",
    "autoreload",
    "callback",
    "fallback",
    "fallbackcommand",
    "logfile",
    "emailalert",
    "emailalertfrom",
    "emailalertfreq",
    "emailalertstatus",
    "smtp",
    "execute",
    "supervised",
    "fork",
    "quiescent",
    "readdquiescent",
    "cleanstop",
    "maintenancedir",
    "virtual",
    "virtual6",
];

/// Directives of a `virtual` section.
const VIRTUAL: &[&str] = &[
    "real",
    "real6",
    "request",
    "receive",
    "checktype",
    "checkcommand",
    "checktimeout",
    "negotiatetimeout",
    "checkcount",
    "failurecount",
    "checkinterval",
    "checkport",
    "login",
    "passwd",
    "database",
    "secret",
    "load",
    "scheduler",
    "persistent",
    "schedflags",
    "netmask",
    "protocol",
    "ops",
    "service",
    "httpmethod",
    "virtualhost",
    "fallback",
    "fallback6",
    "fallbackcommand",
    "quiescent",
    "emailalert",
    "emailalertfreq",
    "emailalertstatus",
    "monitorfile",
    "cleanstop",
    "smtp",
    "servicename",
    "comment",
];

/// Only meaningful inside a `virtual` section (a section directive that is not also a global
/// one): a line like this that is not indented still belongs to the section above it (guides
/// copied from web pages lose their indentation).
fn virtual_only(key: &str) -> bool {
    VIRTUAL.contains(&key) && !GLOBAL.contains(&key)
}

/// True when `text` is an ldirectord configuration: it declares a service with `virtual=` at
/// the start of a line, which no haproxy.cfg does.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_end();
        ["virtual", "virtual6"].iter().any(|k| {
            l.strip_prefix(k)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    })
}

/// One `key = value` line.
#[derive(Debug, Clone)]
struct Directive {
    key: String,
    value: String,
    line: usize,
    /// Column of the value (1-based).
    col: usize,
}

#[derive(Debug, Default, Clone)]
struct Settings {
    checktimeout: Option<(u64, usize)>,
    negotiatetimeout: Option<(u64, usize)>,
    checkinterval: Option<(u64, usize)>,
    failurecount: Option<(u64, usize)>,
    quiescent: Option<bool>,
    fallback: Option<Directive>,
    /// Global only.
    autoreload: Option<bool>,
}

#[derive(Debug)]
struct Virtual {
    addr: Directive,
    v6: bool,
    items: Vec<Directive>,
}

/// The translation: haproxy.cfg text, the ldirectord line of each generated line, and warnings.
pub struct Translation {
    /// haproxy.cfg text.
    pub text: String,
    /// For generated line `i` (0-based), the ldirectord line it came from (0: none).
    pub lines: Vec<usize>,
    /// Warnings about the ldirectord file itself.
    pub warnings: Vec<Diag>,
    /// `autoreload=yes`.
    pub autoreload: bool,
}

struct Out {
    text: String,
    lines: Vec<usize>,
}

impl Out {
    fn push(&mut self, from: usize, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
        self.lines.push(from);
    }
}

struct Ctx<'a> {
    file: &'a Path,
    diags: Vec<Diag>,
}

impl Ctx<'_> {
    fn diag(&mut self, level: Level, line: usize, col: usize, msg: String, sugg: Option<String>) {
        self.diags.push(Diag {
            level,
            file: self.file.to_path_buf(),
            line,
            col,
            message: msg,
            suggestion: sugg,
        });
    }
    fn error(&mut self, d: &Directive, msg: String) {
        self.diag(Level::Alert, d.line, d.col, msg, None);
    }
    fn warn(&mut self, d: &Directive, msg: String) {
        self.diag(Level::Warning, d.line, d.col, msg, None);
    }
}

/// Split `key = value`, dropping a trailing `# comment` the way ldirectord does.
fn directive(line_no: usize, raw: &str) -> Option<Directive> {
    let indent = raw.len() - raw.trim_start().len();
    let body = raw.trim_start();
    let body = body.split('#').next().unwrap_or("").trim_end();
    if body.is_empty() {
        return None;
    }
    let (key, value) = match body.find('=') {
        Some(i) => (body[..i].trim(), body[i + 1..].trim()),
        None => (body, ""),
    };
    let vstart = body.find('=').map_or(body.len(), |i| {
        i + 1 + (body[i + 1..].len() - body[i + 1..].trim_start().len())
    });
    Some(Directive {
        key: key.to_string(),
        value: value.to_string(),
        line: line_no,
        col: indent + vstart + 1,
    })
}

/// A quoted value's content, or the bare value.
fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v)
}

fn seconds(c: &mut Ctx<'_>, d: &Directive) -> Option<(u64, usize)> {
    match d.value.parse::<u64>() {
        Ok(n) if n > 0 => Some((n, d.line)),
        _ => {
            c.error(
                d,
                format!(
                    "{} must be a whole number of seconds above 0, not '{}'",
                    d.key, d.value
                ),
            );
            None
        }
    }
}

fn yes_no(c: &mut Ctx<'_>, d: &Directive) -> Option<bool> {
    match d.value.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            c.error(
                d,
                format!("{} must be 'yes' or 'no', not '{}'", d.key, d.value),
            );
            None
        }
    }
}

/// Global or per-virtual settings shared by both levels; true when `d` was one of them.
fn setting(c: &mut Ctx<'_>, s: &mut Settings, d: &Directive) -> bool {
    match d.key.as_str() {
        "checktimeout" => s.checktimeout = seconds(c, d),
        "negotiatetimeout" => s.negotiatetimeout = seconds(c, d),
        "checkinterval" => s.checkinterval = seconds(c, d),
        "failurecount" => s.failurecount = seconds(c, d),
        "checkcount" => {
            // Only ping checks (not supported) repeat attempts; every other check ignores it.
            seconds(c, d);
            c.warn(
                d,
                "checkcount is deprecated in ldirectord and only affects ping checks; use failurecount".into(),
            );
        }
        "quiescent" => s.quiescent = yes_no(c, d),
        "fallback" | "fallback6" => s.fallback = Some(d.clone()),
        "emailalert" | "emailalertfreq" | "emailalertstatus" | "emailalertfrom" | "smtp" => c.warn(
            d,
            format!("{} ignored: proxy sends no e-mail; server state changes go to the log (syslog/journal) and the stats page", d.key),
        ),
        "fallbackcommand" => c.warn(
            d,
            "fallbackcommand ignored: proxy runs no command when every real server is down; use 'fallback' or a Pacemaker alert".into(),
        ),
        "cleanstop" => c.warn(
            d,
            "cleanstop ignored: stopping proxy always ends its sessions after draining them".into(),
        ),
        _ => return false,
    }
    true
}

/// Translate ldirectord.cf `text` (named `file` in messages).
pub fn translate(file: &Path, text: &str) -> Result<Translation, ConfigError> {
    let mut c = Ctx {
        file,
        diags: Vec::new(),
    };
    let mut global = Settings::default();
    let mut virtuals: Vec<Virtual> = Vec::new();
    let mut in_virtual = false;
    let mut unindented_warned = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if raw.trim_start().starts_with('#') {
            continue;
        }
        let Some(d) = directive(n, raw) else {
            continue;
        };
        let indented = raw.starts_with('\t') || raw.starts_with("    ");
        if d.key == "virtual" || d.key == "virtual6" {
            if indented {
                c.error(&d, "virtual must start at the beginning of the line".into());
            }
            unindented_warned = false;
            virtuals.push(Virtual {
                v6: d.key == "virtual6",
                addr: d,
                items: Vec::new(),
            });
            in_virtual = true;
            continue;
        }
        // An unknown word there is most likely a misspelt section directive: reported as one,
        // it does not end the section (which would turn every following line into an error).
        let continues = virtual_only(&d.key)
            || !GLOBAL.contains(&d.key.as_str()) && !VIRTUAL.contains(&d.key.as_str());
        if in_virtual && (indented || continues) {
            if !indented && !std::mem::replace(&mut unindented_warned, true) {
                let v = virtuals.last().map(|v| v.addr.line).unwrap_or(0);
                c.warn(
                    &Directive { col: 1, ..d.clone() },
                    format!(
                        "'{}' and the virtual-section lines after it are not indented (ldirectord wants 4 spaces or a tab); taken as part of the virtual at line {v}",
                        d.key
                    ),
                );
            }
            if VIRTUAL.contains(&d.key.as_str()) {
                if let Some(v) = virtuals.last_mut() {
                    v.items.push(d);
                }
            } else {
                c.diag(
                    Level::Alert,
                    d.line,
                    raw.len() - raw.trim_start().len() + 1,
                    format!("unknown directive '{}' in a virtual section", d.key),
                    nearest(&d.key, VIRTUAL),
                );
            }
            continue;
        }
        in_virtual = false;
        if setting(&mut c, &mut global, &d) {
            continue;
        }
        match d.key.as_str() {
            "logfile" => c.warn(
                &d,
                format!(
                    "logfile {} ignored: proxy logs server state changes to syslog/the journal (and 'proxy run' to stderr)",
                    d.value
                ),
            ),
            "autoreload" => global.autoreload = yes_no(&mut c, &d),
            "callback" => c.warn(
                &d,
                "callback ignored: proxy runs no command when the file changes ('autoreload=yes' reloads it, keeping connections and server health)".into(),
            ),
            "supervised" | "fork" | "execute" => c.warn(
                &d,
                format!("{} ignored: one proxy process serves every virtual service of the file", d.key),
            ),
            "readdquiescent" => c.warn(
                &d,
                "readdquiescent ignored: there is no kernel table to re-add servers to".into(),
            ),
            "maintenancedir" => c.warn(
                &d,
                "maintenancedir ignored: put a server in maintenance with the admin socket ('disable server VIRTUAL/REAL')".into(),
            ),
            _ => {
                let col = raw.len() - raw.trim_start().len() + 1;
                let msg = if VIRTUAL.contains(&d.key.as_str()) {
                    format!("'{}' belongs in a virtual section (after a virtual= line, indented)", d.key)
                } else {
                    format!("unknown directive '{}'", d.key)
                };
                c.diag(Level::Alert, d.line, col, msg, nearest(&d.key, GLOBAL));
            }
        }
    }
    if virtuals.is_empty() {
        c.diag(
            Level::Alert,
            0,
            0,
            "no virtual service defined".into(),
            None,
        );
    }
    let mut out = Out {
        text: String::new(),
        lines: Vec::new(),
    };
    out.push(0, &format!("# generated by proxy from {}", file.display()));
    out.push(0, "global");
    if global.autoreload == Some(true) {
        out.push(
            0,
            "  # autoreload=yes: 'proxy run -f' on the ldirectord.cf itself reloads when it changes",
        );
    }
    out.push(0, "defaults");
    out.push(0, "  timeout connect 5s");
    let mut names: Vec<String> = Vec::new();
    for v in &virtuals {
        virtual_section(&mut c, &global, v, &mut out, &mut names);
    }
    let (errors, warnings): (Vec<Diag>, Vec<Diag>) =
        c.diags.into_iter().partition(|d| d.level == Level::Alert);
    if !errors.is_empty() {
        let mut diags = errors;
        diags.extend(warnings);
        return Err(ConfigError { diags });
    }
    Ok(Translation {
        text: out.text,
        lines: out.lines,
        warnings,
        autoreload: global.autoreload.unwrap_or(false),
    })
}

/// `IP:PORT`, `[IPv6]:PORT` or `IP` (with `default_port`).
fn host_port(s: &str, default_port: Option<u16>) -> Result<(IpAddr, u16), String> {
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Ok((sa.ip(), sa.port()));
    }
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || h.ends_with(']') => (h, Some(p)),
        _ => (s, None),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = host
        .parse()
        .map_err(|_| format!("'{host}' is not an IP address (host names are not resolved)"))?;
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            format!("'{p}' is not a port number (service names are not resolved)")
        })?,
        None => default_port.ok_or("a port is required")?,
    };
    Ok((ip, port))
}

fn fmt_addr(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

/// The service checked by default for a port, as ldirectord picks it.
fn default_service(port: u16) -> &'static str {
    match port {
        21 => "ftp",
        25 => "smtp",
        53 => "dns",
        80 => "http",
        110 => "pop",
        119 => "nntp",
        143 => "imap",
        389 => "ldap",
        443 => "https",
        587 => "submission",
        636 => "ldaps",
        993 => "imaps",
        995 => "pops",
        1521 => "oracle",
        1812 => "radius",
        3128 => "http_proxy",
        3306 => "mysql",
        5432 => "pgsql",
        5060 => "sip",
        _ => "none",
    }
}

/// A netmask (`255.255.255.0`) as a prefix length.
fn prefix_of(mask: &str) -> Option<u8> {
    let m: Ipv4Addr = mask.parse().ok()?;
    let bits = u32::from(m);
    let len = bits.leading_ones();
    (bits.checked_shl(len).unwrap_or(0) == 0).then_some(len as u8)
}

struct Real {
    ip: IpAddr,
    port: u16,
    weight: u32,
    maxconn: Option<u32>,
    line: usize,
}

fn reals(c: &mut Ctx<'_>, d: &Directive, vport: u16) -> Vec<Real> {
    let mut words = Vec::new();
    let mut rest = d.value.as_str();
    // Quoted words (request/receive pairs) may hold spaces.
    while !rest.is_empty() {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            words.push(format!("\"{}\"", &q[..end]));
            rest = q.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            words.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    let Some(target) = words.first() else {
        c.error(d, "real needs an address".into());
        return Vec::new();
    };
    let (range, port) = match target.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || h.ends_with(']') => (h.to_string(), Some(p)),
        _ => (target.clone(), None),
    };
    let port = match port.map(|p| p.parse::<u16>()) {
        None => vport,
        Some(Ok(p)) if p > 0 => p,
        Some(_) => {
            c.error(
                d,
                format!(
                    "'{}' is not a port number (service names are not resolved)",
                    port.unwrap_or("")
                ),
            );
            return Vec::new();
        }
    };
    let (first, last) = match range.split_once("->") {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (range.clone(), None),
    };
    let parse_ip = |c: &mut Ctx<'_>, s: &str| -> Option<IpAddr> {
        let s = s.trim_start_matches('[').trim_end_matches(']');
        match s.parse::<IpAddr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                c.error(
                    d,
                    format!("'{s}' is not an IP address (host names are not resolved)"),
                );
                None
            }
        }
    };
    let Some(a) = parse_ip(c, &first) else {
        return Vec::new();
    };
    let mut ips = vec![a];
    if let Some(b) = last {
        let Some(b) = parse_ip(c, &b) else {
            return Vec::new();
        };
        match (a, b) {
            (IpAddr::V4(a), IpAddr::V4(b)) if u32::from(a) <= u32::from(b) => {
                let (a, b) = (u32::from(a), u32::from(b));
                if b - a > 255 {
                    c.error(d, "an address range of more than 256 real servers".into());
                    return Vec::new();
                }
                ips = (a..=b).map(|x| IpAddr::V4(Ipv4Addr::from(x))).collect();
            }
            _ => {
                c.error(
                    d,
                    "an address range must go from a lower to a higher IPv4 address".into(),
                );
                return Vec::new();
            }
        }
    }
    let mut i = 1;
    match words.get(i).map(String::as_str) {
        Some("masq") => i += 1,
        Some(m @ ("gate" | "ipip")) => {
            c.warn(
                d,
                format!("forwarding method '{m}': proxy forwards as a full proxy, like masq; the real servers see the balancer's address as the client and need no VIP of their own"),
            );
            i += 1;
        }
        Some(other) => {
            c.error(
                d,
                format!("forwarding method must be gate, masq or ipip, not '{other}'"),
            );
            return Vec::new();
        }
        None => {
            c.error(
                d,
                "real needs a forwarding method (gate, masq or ipip)".into(),
            );
            return Vec::new();
        }
    }
    let mut weight = 1;
    if let Some(w) = words
        .get(i)
        .filter(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        match w.parse::<u32>() {
            Ok(v) if v <= 256 => weight = v,
            _ => {
                c.error(d, format!("weight '{w}' is out of range (0 to 256)"));
                return Vec::new();
            }
        }
        i += 1;
    }
    let mut maxconn = None;
    for w in &words[i..] {
        if w.starts_with('"') {
            c.error(
                d,
                "a request/receive pair of its own for one real server is not supported; set request and receive for the whole virtual".into(),
            );
            return Vec::new();
        } else if let Some(u) = w.strip_prefix("<u:").and_then(|s| s.strip_suffix('>')) {
            match u.parse::<u32>() {
                Ok(v) if v > 0 => maxconn = Some(v),
                _ => {
                    c.error(d, format!("upper threshold '{w}' is not a number above 0"));
                    return Vec::new();
                }
            }
        } else if w.starts_with("<l:") {
            c.warn(
                d,
                format!("lower threshold {w} ignored: a server below its maxconn takes new connections at once"),
            );
        } else {
            c.error(d, format!("unexpected '{w}' after the weight"));
            return Vec::new();
        }
    }
    ips.into_iter()
        .map(|ip| Real {
            ip,
            port,
            weight,
            maxconn,
            line: d.line,
        })
        .collect()
}

/// What ldirectord checks, as proxy does it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Check {
    /// `checktype=on`, `service=none`: always usable.
    None,
    /// `checktype=off`: never used.
    Off,
    /// TCP connect.
    Connect,
    /// HTTP request with status and `receive`.
    Http,
    /// SIP OPTIONS.
    Sip,
}

/// One `virtual` section, read.
struct Section<'a> {
    at: &'a Directive,
    v6: bool,
    vip: IpAddr,
    vport: u16,
    s: Settings,
    protocol: &'static str,
    protocol_line: usize,
    service: Option<&'a Directive>,
    checktype: Option<&'a Directive>,
    request: Option<&'a Directive>,
    receive: Option<&'a Directive>,
    httpmethod: String,
    virtualhost: Option<String>,
    login: Option<String>,
    checkport: Option<u16>,
    scheduler: Option<&'a Directive>,
    persistent: Option<u64>,
    netmask: Option<&'a Directive>,
    name: Option<String>,
    reals: Vec<&'a Directive>,
}

/// Read the lines of one `virtual` section; None when its address is unusable.
fn read_section<'a>(c: &mut Ctx<'_>, global: &Settings, v: &'a Virtual) -> Option<Section<'a>> {
    let vd = &v.addr;
    if vd.value.bytes().all(|b| b.is_ascii_digit()) && !vd.value.is_empty() {
        c.error(
            vd,
            format!("firewall-mark virtual service {} needs the kernel's IPVS; proxy balances address:port services only", vd.value),
        );
        return None;
    }
    let (vip, vport) = match host_port(&vd.value, None) {
        Ok(a) => a,
        Err(e) => {
            c.error(vd, format!("invalid address for virtual server: {e}"));
            return None;
        }
    };
    if v.v6 != vip.is_ipv6() {
        let want = if v.v6 { 6 } else { 4 };
        c.error(vd, format!("{} takes an IPv{want} address", vd.key));
        return None;
    }
    let mut sec = Section {
        at: vd,
        v6: v.v6,
        vip,
        vport,
        s: global.clone(),
        // ldirectord's default: UDP for DNS, TCP otherwise.
        protocol: if vport == 53 { "udp" } else { "tcp" },
        protocol_line: vd.line,
        service: None,
        checktype: None,
        request: None,
        receive: None,
        httpmethod: "GET".into(),
        virtualhost: None,
        login: None,
        checkport: None,
        scheduler: None,
        persistent: None,
        netmask: None,
        name: None,
        reals: Vec::new(),
    };
    for d in &v.items {
        if setting(c, &mut sec.s, d) {
            continue;
        }
        match d.key.as_str() {
            "real" | "real6" => sec.reals.push(d),
            "request" => sec.request = Some(d),
            "receive" => sec.receive = Some(d),
            "checktype" => sec.checktype = Some(d),
            "service" => sec.service = Some(d),
            "protocol" => match d.value.as_str() {
                p @ ("tcp" | "udp") => {
                    sec.protocol = if p == "tcp" { "tcp" } else { "udp" };
                    sec.protocol_line = d.line;
                }
                "fwm" => c.error(
                    d,
                    "protocol=fwm (firewall marks) needs the kernel's IPVS; proxy balances tcp and udp services".into(),
                ),
                other => c.error(d, format!("protocol must be tcp or udp, not '{other}'")),
            },
            "scheduler" => sec.scheduler = Some(d),
            "persistent" => match d.value.parse::<u64>() {
                Ok(n) if n > 0 => sec.persistent = Some(n),
                _ => c.error(
                    d,
                    format!("persistent must be a number of seconds above 0, not '{}'", d.value),
                ),
            },
            "netmask" => sec.netmask = Some(d),
            "httpmethod" => match d.value.to_ascii_uppercase().as_str() {
                m @ ("GET" | "HEAD") => sec.httpmethod = m.to_string(),
                _ => c.error(d, format!("httpmethod must be GET or HEAD, not '{}'", d.value)),
            },
            "virtualhost" => sec.virtualhost = Some(unquote(&d.value).to_string()),
            "login" => sec.login = Some(unquote(&d.value).to_string()),
            "checkport" => match d.value.parse::<u16>() {
                Ok(p) if p > 0 => sec.checkport = Some(p),
                _ => c.error(d, format!("checkport must be a port number, not '{}'", d.value)),
            },
            "servicename" => sec.name = Some(d.value.clone()),
            "ops" if d.value == "yes" => c.warn(
                d,
                "ops=yes ignored: each client address and port is one session, bound to one server until it is idle"
                    .into(),
            ),
            "ops" => {}
            "comment" => c.warn(d, "comment ignored: it only appears in ldirectord's e-mail alerts".into()),
            "monitorfile" => c.warn(d, "monitorfile ignored: check results are on the stats page and in the log".into()),
            "passwd" | "database" | "secret" | "load" | "checkcommand" | "schedflags" => c.warn(
                d,
                format!("{} ignored: only used by check types or schedulers proxy does not have", d.key),
            ),
            _ => {}
        }
    }
    Some(sec)
}

/// The check ldirectord would run for `sec`; None (with an error) when proxy has none like it.
fn check_of(c: &mut Ctx<'_>, sec: &Section<'_>) -> Option<Check> {
    let kind = sec.checktype.map_or("negotiate", |d| d.value.as_str());
    let combined = kind.bytes().all(|b| b.is_ascii_digit()) && !kind.is_empty();
    let service = sec
        .service
        .map_or_else(|| default_service(sec.vport), |d| d.value.as_str());
    let negotiated = |c: &mut Ctx<'_>| match service {
        "http" => Some(Check::Http),
        "sip" => Some(Check::Sip),
        "none" => Some(Check::None),
        other => {
            c.error(
                sec.service.or(sec.checktype).unwrap_or(sec.at),
                format!("negotiate checks for service={other} are not supported by proxy (http and sip are); use checktype=connect"),
            );
            None
        }
    };
    let check = match kind {
        "on" => Check::None,
        "off" => Check::Off,
        "connect" if sec.protocol == "udp" => {
            c.error(
                sec.checktype?,
                "checktype=connect on a UDP service is an ICMP ping in ldirectord, which proxy does not do; use service=sip with checktype=negotiate, or checktype=on".into(),
            );
            return None;
        }
        "connect" => Check::Connect,
        "negotiate" => negotiated(c)?,
        _ if combined => {
            c.warn(
                sec.checktype?,
                format!("checktype={kind} (a negotiate check every {kind} connect checks): every check negotiates"),
            );
            negotiated(c)?
        }
        "ping" | "external" | "external-perl" => {
            c.error(
                sec.checktype?,
                format!("checktype={kind} is not supported by proxy; use negotiate (http, sip), connect, on or off"),
            );
            return None;
        }
        other => {
            let d = sec.checktype?;
            c.diag(
                Level::Alert,
                d.line,
                d.col,
                format!("checktype must be connect, negotiate, on, off, ping, external, external-perl or a number, not '{other}'"),
                nearest(other, &["connect", "negotiate", "on", "off"]),
            );
            return None;
        }
    };
    if check == Check::Http && sec.protocol == "udp" {
        c.error(
            sec.service.unwrap_or(sec.at),
            "an HTTP check on a UDP service".into(),
        );
        return None;
    }
    Some(check)
}

fn virtual_section(
    c: &mut Ctx<'_>,
    global: &Settings,
    v: &Virtual,
    out: &mut Out,
    names: &mut Vec<String>,
) {
    let Some(sec) = read_section(c, global, v) else {
        return;
    };
    let (vip, vport, l) = (sec.vip, sec.vport, sec.at.line);
    let name = sec.name.clone().unwrap_or_else(|| {
        format!(
            "{}-{}",
            sec.protocol.to_ascii_uppercase(),
            fmt_addr(vip, vport)
        )
    });
    if names.contains(&name) {
        c.error(sec.at, format!("duplicate virtual server {name}"));
        return;
    }
    names.push(name.clone());
    let balance = match sec.scheduler.map(|d| d.value.as_str()) {
        None | Some("rr" | "wrr") => "roundrobin",
        Some("lc" | "wlc" | "sed" | "nq") => "leastconn",
        Some("sh") => "source",
        Some(other) => {
            c.warn(
                sec.scheduler.expect("matched"),
                format!(
                    "scheduler '{other}' has no proxy equivalent; roundrobin (weighted) is used"
                ),
            );
            "roundrobin"
        }
    };
    let Some(check) = check_of(c, &sec) else {
        return;
    };
    let s = &sec.s;
    let timeout = if matches!(check, Check::Http | Check::Sip) {
        s.negotiatetimeout.or(s.checktimeout).map_or(30, |t| t.0)
    } else {
        s.checktimeout.or(s.negotiatetimeout).map_or(5, |t| t.0)
    };
    out.push(l, "");
    out.push(l, &format!("listen {name}"));
    out.push(sec.protocol_line, &format!("  mode {}", sec.protocol));
    out.push(l, &format!("  bind {}", fmt_addr(vip, vport)));
    out.push(
        sec.scheduler.map_or(l, |d| d.line),
        &format!("  balance {balance}"),
    );
    // LVS's own idle timeouts (ipvsadm --set 900 120 300).
    let idle = if sec.protocol == "udp" { 300 } else { 900 };
    out.push(l, &format!("  timeout client {idle}s"));
    out.push(l, &format!("  timeout server {idle}s"));
    out.push(l, &format!("  timeout check {timeout}s"));
    emit_persist(c, &sec, out);
    if !emit_check(c, &sec, check, out) {
        return;
    }
    emit_servers(c, &sec, check, out);
}

/// `persistent` and `netmask` as `persist source`.
fn emit_persist(c: &mut Ctx<'_>, sec: &Section<'_>, out: &mut Out) {
    let Some(p) = sec.persistent else {
        if let Some(m) = sec.netmask {
            c.warn(
                m,
                "netmask ignored: it only groups clients for 'persistent'".into(),
            );
        }
        return;
    };
    let mut line = format!("  persist source {p}s");
    if let Some(m) = sec.netmask {
        if sec.v6 {
            match m.value.parse::<u8>() {
                Ok(len) if (1..=128).contains(&len) => {
                    let _ = write!(line, " /32 /{len}");
                }
                _ => c.error(
                    m,
                    format!("netmask for an IPv6 service must be a prefix length from 1 to 128, not '{}'", m.value),
                ),
            }
        } else if prefix_of(&m.value).is_some() {
            let _ = write!(line, " {}", m.value);
        } else {
            c.error(
                m,
                format!(
                    "netmask must be a dotted IPv4 netmask like 255.255.255.0, not '{}'",
                    m.value
                ),
            );
        }
    }
    out.push(sec.at.line, &line);
}

/// The backend's check directives; false (with an error) when they cannot be written.
fn emit_check(c: &mut Ctx<'_>, sec: &Section<'_>, check: Check, out: &mut Out) -> bool {
    let l = sec.at.line;
    match check {
        Check::Http => {
            let uri = sec.request.map_or("/".to_string(), |d| {
                let u = unquote(&d.value);
                if u.starts_with('/') {
                    u.to_string()
                } else {
                    format!("/{u}")
                }
            });
            if let Some(r) = sec.request.filter(|_| uri.starts_with("/http")) {
                if uri.starts_with("/http://") || uri.starts_with("/https://") {
                    c.error(
                        r,
                        "a request URL with its own host is not supported; give the path only"
                            .into(),
                    );
                    return false;
                }
            }
            let method = &sec.httpmethod;
            out.push(
                sec.request.map_or(l, |d| d.line),
                &format!("  option httpchk {method} {}", haproxy_word(&uri)),
            );
            // ldirectord's LWP check wants a success status, then the receive pattern.
            out.push(l, "  http-check expect rstatus ^2");
            if let Some(r) = sec.receive {
                let re = unquote(&r.value);
                if !re.is_empty() {
                    if let Err(e) = regex::Regex::new(re) {
                        c.error(r, format!("receive is not a valid regular expression: {e}"));
                        return false;
                    }
                    out.push(
                        r.line,
                        &format!("  http-check expect rstring {}", haproxy_word(re)),
                    );
                }
            }
            if let Some(host) = &sec.virtualhost {
                // Without virtualhost, ldirectord's Host is each real server's address; HTTP/1.0
                // without Host reaches the same default virtual host of every server.
                out.push(
                    l,
                    &format!(
                        "  http-check send ver HTTP/1.1 hdr Host {}",
                        haproxy_word(host)
                    ),
                );
            }
        }
        Check::Sip => {
            let login = sec
                .login
                .as_ref()
                .map(|l| format!(" {}", haproxy_word(l)))
                .unwrap_or_default();
            out.push(
                sec.service.map_or(l, |d| d.line),
                &format!("  option sip-check{login}"),
            );
        }
        Check::None | Check::Off | Check::Connect => {}
    }
    true
}

/// One `server` line per real server (ranges expanded), then the fallback as a backup.
fn emit_servers(c: &mut Ctx<'_>, sec: &Section<'_>, check: Check, out: &mut Out) {
    let s = &sec.s;
    let (inter, fall) = (
        s.checkinterval.map_or(10, |t| t.0),
        s.failurecount.map_or(1, |t| t.0),
    );
    let mut all = Vec::new();
    for d in &sec.reals {
        if (d.key == "real6") != sec.v6 {
            let want = if sec.v6 { "real6" } else { "real" };
            c.error(d, format!("use {want} in a {} section", sec.at.key));
            continue;
        }
        all.extend(reals(c, d, sec.vport));
    }
    if sec.reals.is_empty() {
        c.warn(
            sec.at,
            format!(
                "virtual {} has no real server: every connection is refused",
                sec.at.value
            ),
        );
    }
    let mut seen = Vec::new();
    for r in &all {
        let addr = fmt_addr(r.ip, r.port);
        if seen.contains(&addr) {
            c.diag(
                Level::Alert,
                r.line,
                1,
                format!("duplicate real server {addr}"),
                None,
            );
            continue;
        }
        seen.push(addr.clone());
        let mut line = format!("  server {addr} {addr} weight {}", r.weight);
        if let Some(m) = r.maxconn {
            let _ = write!(line, " maxconn {m}");
        }
        match check {
            Check::None => {}
            Check::Off => line.push_str(" disabled"),
            Check::Connect | Check::Http | Check::Sip => {
                // rise 1: one good check brings a server back, as in ldirectord.
                let _ = write!(line, " check inter {inter}s rise 1 fall {fall}");
                if let Some(p) = sec.checkport {
                    let _ = write!(line, " port {p}");
                }
            }
        }
        if !s.quiescent.unwrap_or(true) {
            line.push_str(" on-marked-down shutdown-sessions");
        }
        out.push(r.line, &line);
    }
    // checktype=off activates neither the real servers nor the fallback.
    if let Some(fb) = s.fallback.as_ref().filter(|_| check != Check::Off) {
        let spec = fb.value.split_whitespace().next().unwrap_or("");
        match host_port(spec, Some(sec.vport)) {
            Ok((ip, port)) => out.push(
                fb.line,
                &format!("  server fallback {} backup", fmt_addr(ip, port)),
            ),
            Err(e) => c.error(fb, format!("invalid fallback: {e}")),
        }
    }
}

/// `s` as one haproxy.cfg word (quoted when it holds spaces, quotes or backslashes).
fn haproxy_word(s: &str) -> String {
    if !s.is_empty()
        && !s.contains(|ch: char| {
            ch.is_whitespace() || ch == '"' || ch == '\\' || ch == '#' || ch == '\''
        })
    {
        return s.to_string();
    }
    let mut q = String::from("\"");
    for ch in s.chars() {
        if ch == '"' || ch == '\\' {
            q.push('\\');
        }
        q.push(ch);
    }
    q.push('"');
    q
}

/// Read ldirectord.cf `text` into the proxy model (messages name `file` and its lines).
pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
    let t = translate(file, text)?;
    let remap = |mut d: Diag| {
        d.file = file.to_path_buf();
        d.line = t.lines.get(d.line.wrapping_sub(1)).copied().unwrap_or(0);
        d.col = 1;
        d
    };
    match Config::parse_haproxy(file, &t.text) {
        Ok(mut cfg) => {
            cfg.global.autoreload = t.autoreload;
            let mut w: Vec<Diag> = t.warnings.clone();
            w.extend(cfg.warnings.drain(..).map(remap));
            cfg.warnings = w;
            Ok(cfg)
        }
        Err(e) => {
            let mut diags: Vec<Diag> = e.diags.into_iter().map(remap).collect();
            diags.extend(t.warnings.clone());
            Err(ConfigError { diags })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Balance, Expect, Mode};
    use std::time::Duration;

    const SEED001: &str = include_str!("../../examples/seed001-ldirectord.cf");

    fn load(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("ld.cf"), text)
    }

    fn errors(text: &str) -> Vec<Diag> {
        load(text)
            .expect_err("rejected")
            .diags
            .into_iter()
            .filter(|d| d.level == Level::Alert)
            .collect()
    }

    #[test]
    fn seed_001_loads_as_written() {
        assert!(looks_like(SEED001));
        let c = load(SEED001).unwrap();
        assert_eq!(c.proxies.len(), 2);
        let http = &c.proxies[0];
        assert_eq!(http.name, "TCP-10.0.0.150:9072");
        assert_eq!(http.mode, Mode::Tcp);
        assert_eq!(http.binds[0].addr.to_string(), "10.0.0.150:9072");
        assert_eq!(http.balance, Balance::RoundRobin);
        let hc = http.httpchk.as_ref().unwrap();
        assert_eq!(
            (hc.method.as_str(), hc.uri.as_str()),
            ("GET", "/SpringRing/status")
        );
        assert!(
            matches!(&http.expect[..], [Expect::RStatus(false, _), Expect::RString(false, re)]
            if re.as_str() == "Sample SpringRing web application")
        );
        assert_eq!(http.timeouts.check, Some(Duration::from_secs(1)));
        let s = &http.servers[0];
        assert_eq!((s.host.as_str(), s.port), ("10.0.0.147", Some(9072)));
        assert!(s.check && s.shutdown_on_down);
        assert_eq!(
            (s.inter, s.rise, s.fall, s.weight),
            (Duration::from_secs(1), 1, 1, 1)
        );
        let sip = &c.proxies[1];
        assert_eq!(sip.mode, Mode::Udp);
        assert_eq!(sip.binds[0].addr.to_string(), "10.0.0.150:7072");
        assert!(sip.sipchk.is_some());
        assert_eq!(sip.persist.unwrap().timeout, Duration::from_secs(1));
        assert_eq!(sip.servers.len(), 2);
        assert!(c.global.autoreload);
        // Only what proxy does not honour is warned about: logfile, indentation.
        let lines: Vec<usize> = c.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![8, 16, 34], "{:#?}", c.warnings);
    }

    #[test]
    fn indented_file_with_every_mapping() {
        let c = load(
            "checkinterval=3\nfailurecount=2\nnegotiatetimeout=4\nquiescent=no\n\
             virtual6=[2001:db8::1]:80\n    real6=[2001:db8::10]:8080 masq 3 <u:50>\n\
             \tservice=http\n    virtualhost=\"www.example.org\"\n    httpmethod=head\n\
             \tscheduler=wlc\n\tpersistent=60\n\tnetmask=64\n\tquiescent=yes\n\
             virtual=192.0.2.1:443\n    real=192.0.2.10->192.0.2.12 gate\n    checktype=connect\n\
             \tcheckport=8443\n\tservicename=web-tls\n\tfallback=127.0.0.1:8443\n",
        );
        let c = c.unwrap_or_else(|e| panic!("{:#?}", e.diags));
        let v6 = &c.proxies[0];
        assert_eq!(v6.balance, Balance::LeastConn);
        assert_eq!(v6.httpchk.as_ref().unwrap().method, "HEAD");
        assert_eq!(
            v6.check_send.headers,
            vec![("Host".to_string(), "www.example.org".to_string())]
        );
        assert_eq!(v6.persist.unwrap().v6_prefix, 64);
        let s = &v6.servers[0];
        assert_eq!(
            (s.weight, s.maxconn, s.fall, s.inter),
            (3, 50, 2, Duration::from_secs(3))
        );
        assert!(!s.shutdown_on_down);
        assert_eq!(v6.timeouts.check, Some(Duration::from_secs(4)));
        let tls = &c.proxies[1];
        assert_eq!(tls.name, "web-tls");
        assert!(tls.httpchk.is_none());
        let names: Vec<&str> = tls.servers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "192.0.2.10:443",
                "192.0.2.11:443",
                "192.0.2.12:443",
                "fallback"
            ]
        );
        assert_eq!(tls.servers[0].check_port, Some(8443));
        assert!(tls.servers[0].shutdown_on_down, "global quiescent=no");
        let fb = tls.servers.last().unwrap();
        assert!(fb.backup && !fb.check && fb.port == Some(8443));
        // The gate forwarding method is taken as a full proxy, with a warning.
        assert!(c
            .warnings
            .iter()
            .any(|w| w.line == 15 && w.message.contains("gate")));
    }

    #[test]
    fn check_types_on_and_off() {
        let c = load(
            "virtual=127.0.0.1:9000\n    real=127.0.0.2 masq\n    checktype=on\n\
             virtual=127.0.0.1:9001\n    real=127.0.0.2 masq\n    checktype=off\n\
             \tfallback=127.0.0.1:80\n",
        )
        .unwrap();
        let (on, off) = (&c.proxies[0].servers[0], &c.proxies[1].servers[0]);
        assert!(!on.check && !on.disabled);
        assert!(off.disabled);
        assert_eq!(c.proxies[1].servers.len(), 1, "no fallback either");
        assert_eq!(
            on.port,
            Some(9000),
            "a real without port takes the virtual's"
        );
    }

    #[test]
    fn bad_inputs_name_their_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("virtual=127.0.0.1:80\n    real=127.0.0.2:80 masq\n    sheduler=rr\n", 3, "scheduler"),
            ("chektimeout=3\nvirtual=127.0.0.1:80\n    real=127.0.0.2 masq\n", 1, "checktimeout"),
            ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    checktype=negociate\n", 3, "negotiate"),
            ("virtual=100\n    real=127.0.0.2 masq\n", 1, "firewall-mark"),
            ("virtual=127.0.0.1:80\n    real=127.0.0.2 nat\n", 2, "forwarding method"),
            ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq 1 \"/x\", \"ok\"\n", 2, "request/receive"),
            ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    service=mysql\n", 3, "service=mysql"),
            ("virtual=127.0.0.1:5060\n    real=127.0.0.2 masq\n    protocol=udp\n    checktype=connect\n", 4, "ICMP"),
            ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    receive=\"(unclosed\"\n", 3, "regular expression"),
            ("virtual=127.0.0.1:80\n    real=127.0.0.2:99999 masq\n", 2, "port"),
            ("checkinterval=0\nvirtual=127.0.0.1:80\n    real=127.0.0.2 masq\n", 1, "above 0"),
            ("virtual=127.0.0.1:80\n    real=127.0.0.2 masq\n    real=127.0.0.2 masq\n", 3, "duplicate"),
            ("virtual=127.0.0.1:80\n    real=web1 masq\n", 2, "not an IP address"),
        ];
        for (text, line, needle) in cases {
            let e = errors(text);
            assert!(
                e.iter().any(|d| d.line == *line
                    && (d.message.contains(needle) || d.suggestion.as_deref() == Some(*needle))),
                "{text:?}: want line {line} with {needle:?}, got {e:#?}"
            );
        }
    }

    #[test]
    fn haproxy_files_are_not_taken_for_ldirectord() {
        assert!(!looks_like("global\n  maxconn 10\nlisten x\n  bind :80\n"));
        assert!(looks_like("# lb\nvirtual = 10.0.0.1:80\n"));
    }

    #[test]
    fn quoting_for_haproxy_words() {
        assert_eq!(haproxy_word("plain"), "plain");
        assert_eq!(haproxy_word("two words"), "\"two words\"");
        assert_eq!(haproxy_word(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
