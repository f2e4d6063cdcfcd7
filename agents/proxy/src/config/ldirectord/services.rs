//! One `virtual=` block into haproxy.cfg lines: its addresses, real servers (ranges, weights,
//! thresholds, the fallback), the check ldirectord would run and persistence.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::{setting, unquote, Ctx, Directive, Out, Settings, Virtual};
use crate::config::keywords::nearest;
use crate::config::Level;

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

pub(super) fn virtual_section(
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
pub(super) fn haproxy_word(s: &str) -> String {
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
