//! keepalived's LVS `virtual_server` blocks as `listen` sections of an haproxy.cfg that
//! `ocf:rustha:proxy` serves (the same model `proxy convert` gives an ldirectord.cf).
//!
//! - `protocol TCP|UDP` -> `mode tcp|udp`; `lb_algo` rr/wrr -> roundrobin, lc/wlc/sed/nq/lblc/lblcr
//!   -> leastconn, sh/dh -> source; `persistence_timeout` (and `persistence_granularity`) ->
//!   `persist source`; `sorry_server` -> a backup server;
//! - `real_server IP PORT` -> a server with its `weight`; `TCP_CHECK` -> a connect check,
//!   `HTTP_GET` with one `url` -> `option httpchk GET PATH` expecting its `status_code` (any 2xx
//!   when none is given); `connect_port` -> `port`, `connect_timeout` -> `timeout check`,
//!   `delay_loop` -> `inter`, `retry`/`nb_get_retry` -> `fall`, `delay_before_retry` -> `fastinter`.
//! - A block whose checks have no proxy equivalent (SSL_GET, MISC_CHECK, SMTP_CHECK, DNS_CHECK, a
//!   `digest`, several `url`s, firewall marks, SCTP) is left out whole, with a comment saying why:
//!   a server whose check the proxy cannot run would otherwise be served unchecked.

use std::fmt::Write as _;
use std::net::IpAddr;

use rustha::Result;

use super::{note_children, number, Node};
use crate::plan::Plan;
use crate::{config_error, nearest, Source};

/// One translated `virtual_server`: its `listen` section and the address it binds.
pub(super) struct Service {
    /// haproxy.cfg text.
    pub text: String,
    /// The virtual address.
    pub addr: IpAddr,
}

const SERVICE_KEYS: &[&str] = &[
    "delay_loop",
    "lb_algo",
    "lvs_sched",
    "lb_kind",
    "lvs_method",
    "persistence_timeout",
    "persistence_granularity",
    "protocol",
    "sorry_server",
    "sorry_server_inhibit",
    "real_server",
    "virtualhost",
    "quorum",
    "quorum_up",
    "quorum_down",
    "hysteresis",
    "alpha",
    "omega",
    "ha_suspend",
    "ops",
    "hashed",
    "flag-1",
    "flag-2",
    "flag-3",
    "sh-port",
    "sh-fallback",
    "mh-port",
    "mh-fallback",
    "retry",
    "delay_before_retry",
    "warmup",
    "connect_timeout",
    "inhibit_on_failure",
    "persistence_engine",
    "smtp_alert",
];

const REAL_KEYS: &[&str] = &[
    "weight",
    "inhibit_on_failure",
    "TCP_CHECK",
    "HTTP_GET",
    "SSL_GET",
    "MISC_CHECK",
    "SMTP_CHECK",
    "DNS_CHECK",
    "BFD_CHECK",
    "PING_CHECK",
    "UDP_CHECK",
    "FILE_CHECK",
    "notify_up",
    "notify_down",
    "uthreshold",
    "lthreshold",
    "delay_loop",
    "retry",
    "delay_before_retry",
    "warmup",
    "connect_timeout",
    "alpha",
    "omega",
    "smtp_alert",
    "virtualhost",
];

const CHECK_KEYS: &[&str] = &[
    "connect_port",
    "connect_timeout",
    "connect_ip",
    "bindto",
    "bind_port",
    "bind_if",
    "fwmark",
    "retry",
    "nb_get_retry",
    "delay_before_retry",
    "url",
    "warmup",
    "virtualhost",
    "delay_loop",
];

/// `IP PORT`, checked.
fn endpoint(file: &std::path::Path, ip: &super::Tok, port: &super::Tok) -> Result<(IpAddr, u16)> {
    let addr = ip.text.parse().map_err(|_| {
        config_error(
            file,
            ip.line,
            ip.col,
            format!("'{}' is not an IP address", ip.text),
            None,
        )
    })?;
    let port = port.text.parse().map_err(|_| {
        config_error(
            file,
            port.line,
            port.col,
            format!("'{}' is not a port", port.text),
            None,
        )
    })?;
    Ok((addr, port))
}

/// `ADDR:PORT`, with brackets for IPv6.
fn hostport(addr: IpAddr, port: u16) -> String {
    if addr.is_ipv6() {
        format!("[{addr}]:{port}")
    } else {
        format!("{addr}:{port}")
    }
}

/// Translate one `virtual_server` block, or say why not (None).
pub(super) fn virtual_server(src: &Source, n: &Node, plan: &mut Plan) -> Result<Option<Service>> {
    let f = src.name.as_str();
    let file = src.path.as_path();
    let head = n.text();
    let skip = |plan: &mut Plan, why: String| {
        plan.note(f, n.line(), format!("{head}: not translated: {why}"));
        note_children(f, n, "part of the virtual_server above", plan);
        Ok(None)
    };
    let [ip, port] = &n.args[..] else {
        return skip(plan, "only `virtual_server IP PORT` has a proxy equivalent (firewall marks and groups have none)".into());
    };
    let (addr, port) = endpoint(file, ip, port)?;
    let children = n.children.as_deref().unwrap_or(&[]);
    for c in children {
        if !SERVICE_KEYS.contains(&c.key.text.as_str()) {
            return Err(config_error(
                file,
                c.key.line,
                c.key.col,
                format!("unknown virtual_server keyword '{}'", c.key.text),
                nearest(&c.key.text, SERVICE_KEYS),
            ));
        }
    }
    let arg = |c: &Node| c.args.first().map(|a| a.text.clone()).unwrap_or_default();
    let get = |k: &str| children.iter().find(|c| c.key.text == k);
    let udp = match get("protocol").map(arg).as_deref() {
        None | Some("TCP") => false,
        Some("UDP") => true,
        Some(other) => {
            return skip(
                plan,
                format!("protocol {other}: the proxy balances TCP and UDP only"),
            )
        }
    };
    let mut notes: Vec<(usize, String, String)> = Vec::new();
    let mut out = String::new();
    let proto = if udp { "UDP" } else { "TCP" };
    let _ = writeln!(out, "listen {proto}-{addr}:{port}");
    let _ = writeln!(out, "  mode {}", if udp { "udp" } else { "tcp" });
    let _ = writeln!(out, "  bind {}", hostport(addr, port));
    // LVS's session idle timeouts, as for an ldirectord.cf.
    let idle = if udp { 300 } else { 900 };
    let _ = writeln!(out, "  timeout client {idle}s\n  timeout server {idle}s");
    let mut inter = 60;
    // One `timeout check` per service: the longest of the service's and its checks' timeouts.
    let mut check_timeout = 0;
    let mut server_opts = String::new();
    for c in children {
        let l = c.line();
        let t = c.text();
        match c.key.text.as_str() {
            "delay_loop" => {
                inter = number(file, c)?.max(1);
                notes.push((l, t, format!("every server checked every {inter}s (inter)")));
            }
            "lb_algo" | "lvs_sched" => {
                let balance = match arg(c).as_str() {
                    "rr" | "wrr" => "roundrobin",
                    "lc" | "wlc" | "sed" | "nq" | "lblc" | "lblcr" | "fo" | "ovf" => "leastconn",
                    "sh" | "dh" | "mh" => "source",
                    other => return skip(plan, format!("scheduler '{other}' has no proxy equivalent")),
                };
                let _ = writeln!(out, "  balance {balance}");
                notes.push((l, t, format!("balance {balance}")));
            }
            "lb_kind" | "lvs_method" => notes.push((l, t, "nothing to do: the proxy opens its own connections to the real servers (with DR or TUN they saw the client's address; now they see the proxy's)".into())),
            "persistence_timeout" => {
                let secs = number(file, c)?;
                let mask = get("persistence_granularity").map(arg).map(|m| format!(" {m}")).unwrap_or_default();
                let _ = writeln!(out, "  persist source {secs}s{mask}");
                notes.push((l, t, format!("persist source {secs}s{mask}")));
            }
            "persistence_granularity" => notes.push((l, t, "the mask of persist source".into())),
            "protocol" => notes.push((l, t, format!("mode {}", if udp { "udp" } else { "tcp" }))),
            "connect_timeout" => {
                let secs = number(file, c)?;
                check_timeout = check_timeout.max(secs);
                notes.push((l, t, format!("timeout check {secs}s")));
            }
            "retry" => {
                let n = number(file, c)?.max(1);
                let _ = write!(server_opts, " fall {n}");
                notes.push((l, t, format!("fall {n}")));
            }
            "delay_before_retry" => {
                let n = number(file, c)?.max(1);
                let _ = write!(server_opts, " fastinter {n}s");
                notes.push((l, t, format!("fastinter {n}s")));
            }
            "sorry_server" | "real_server" => {}
            _ => notes.push((l, t, "not translated: LVS tuning with no proxy counterpart".into())),
        }
    }
    let mut checked_http: Option<String> = None;
    for c in children.iter().filter(|c| c.key.text == "real_server") {
        let [rip, rport] = &c.args[..] else {
            return Err(config_error(
                file,
                c.key.line,
                c.key.col,
                "real_server takes IP PORT".into(),
                None,
            ));
        };
        let (raddr, rport) = endpoint(file, rip, rport)?;
        let mut line = format!("  server {raddr}:{rport} {}", hostport(raddr, rport));
        let mut check = false;
        let mut check_port = None;
        notes.push((c.line(), c.text(), format!("server {raddr}:{rport}")));
        for k in c.children.as_deref().unwrap_or(&[]) {
            let (l, t) = (k.line(), k.text());
            match k.key.text.as_str() {
                "weight" => {
                    let w = number(file, k)?;
                    let _ = write!(line, " weight {w}");
                    notes.push((l, t, format!("weight {w}")));
                }
                "TCP_CHECK" | "HTTP_GET" => {
                    check = true;
                    let mut url_count = 0;
                    notes.push((l, t, if k.key.text == "TCP_CHECK" { "a connect check".into() } else { "an HTTP check (option httpchk)".into() }));
                    for o in k.children.as_deref().unwrap_or(&[]) {
                        let (ol, ot) = (o.line(), o.text());
                        match o.key.text.as_str() {
                            "connect_port" => {
                                check_port = Some(number(file, o)?);
                                notes.push((ol, ot, "port of the check".into()));
                            }
                            "connect_timeout" => {
                                let s = number(file, o)?;
                                notes.push((ol, ot, format!("timeout check {s}s (one per service: the longest applies)")));
                                check_timeout = check_timeout.max(s);
                            }
                            "retry" | "nb_get_retry" => {
                                let n = number(file, o)?.max(1);
                                let _ = write!(line, " fall {n}");
                                notes.push((ol, ot, format!("fall {n}")));
                            }
                            "delay_before_retry" => {
                                let n = number(file, o)?.max(1);
                                let _ = write!(line, " fastinter {n}s");
                                notes.push((ol, ot, format!("fastinter {n}s")));
                            }
                            "url" => {
                                url_count += 1;
                                if url_count > 1 {
                                    return skip(plan, format!("{}:{}: several url blocks; the proxy's HTTP check asks for one", f, ol));
                                }
                                let items = o.children.as_deref().unwrap_or(&[]);
                                if let Some(d) = items.iter().find(|i| i.key.text == "digest") {
                                    return skip(plan, format!("{f}:{}: a digest check of the page body has no proxy equivalent", d.line()));
                                }
                                let path = items.iter().find(|i| i.key.text == "path").map(arg).unwrap_or_else(|| "/".into());
                                let expect = match items.iter().find(|i| i.key.text == "status_code") {
                                    Some(s) => format!("status {}", arg(s)),
                                    None => "rstatus ^2".into(),
                                };
                                let http = format!("  option httpchk GET {path}\n  http-check expect {expect}\n");
                                if checked_http.as_ref().is_some_and(|h| *h != http) {
                                    return skip(plan, format!("{f}:{ol}: real servers with different HTTP checks; the proxy checks a service's servers alike"));
                                }
                                checked_http = Some(http);
                                notes.push((ol, ot, format!("option httpchk GET {path}, http-check expect {expect}")));
                                for i in items {
                                    if !matches!(i.key.text.as_str(), "path" | "status_code") {
                                        return Err(config_error(file, i.key.line, i.key.col, format!("unknown url keyword '{}'", i.key.text), nearest(&i.key.text, &["path", "status_code", "digest"])));
                                    }
                                    notes.push((i.line(), i.text(), "see url above".into()));
                                }
                            }
                            other if CHECK_KEYS.contains(&other) => notes.push((ol, ot, "not translated: the proxy checks from this node's own address".into())),
                            other => return Err(config_error(file, o.key.line, o.key.col, format!("unknown {} keyword '{other}'", k.key.text), nearest(other, CHECK_KEYS))),
                        }
                    }
                }
                "SSL_GET" | "MISC_CHECK" | "SMTP_CHECK" | "DNS_CHECK" | "BFD_CHECK" | "PING_CHECK" | "UDP_CHECK" | "FILE_CHECK" => {
                    return skip(plan, format!("{f}:{l}: {} has no proxy equivalent, and its servers would go unchecked", k.key.text));
                }
                "inhibit_on_failure" => notes.push((l, t, "not translated: a failed server's sessions end (on-marked-down shutdown-sessions), as when LVS removes it".into())),
                other if REAL_KEYS.contains(&other) => notes.push((l, t, "not translated: keepalived's own tuning, with no proxy counterpart".into())),
                other => return Err(config_error(file, k.key.line, k.key.col, format!("unknown real_server keyword '{other}'"), nearest(other, REAL_KEYS))),
            }
        }
        if check {
            let _ = write!(line, " check inter {inter}s rise 1{server_opts}");
            if let Some(p) = check_port {
                let _ = write!(line, " port {p}");
            }
            line.push_str(" on-marked-down shutdown-sessions");
        }
        let _ = writeln!(out, "{line}");
    }
    if check_timeout > 0 {
        let _ = writeln!(out, "  timeout check {check_timeout}s");
    }
    if let Some(h) = &checked_http {
        out.push_str(h);
    }
    if let Some(s) = get("sorry_server") {
        let [sip, sport] = &s.args[..] else {
            return Err(config_error(
                file,
                s.key.line,
                s.key.col,
                "sorry_server takes IP PORT".into(),
                None,
            ));
        };
        let (saddr, sport) = endpoint(file, sip, sport)?;

        let _ = writeln!(out, "  server sorry {} backup", hostport(saddr, sport));
        notes.push((
            s.line(),
            s.text(),
            "a backup server, used when every real server is down".into(),
        ));
    }
    plan.note(
        f,
        n.line(),
        format!("{head}: listen {proto}-{addr}:{port} in the proxy configuration below"),
    );
    notes.sort_by_key(|(l, _, _)| *l);
    for (l, t, what) in notes {
        plan.note(f, l, format!("{t}: {what}"));
    }
    Ok(Some(Service { text: out, addr }))
}
