//! Checks across the whole file once it is read: timeouts a proxy needs, what `mode udp`
//! allows, and the references between sections (`use_backend`, `track`, `default_backend`...).

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::time::Duration;

use super::Parser;
use crate::config::keywords::nearest;
use crate::config::{Kind, Level, Mode};

impl Parser {
    /// HAProxy 2.6's warning for a TCP or HTTP proxy without the timeouts its sides need
    /// (`client` for a frontend, `connect` and `server` for a backend; zero is none): each
    /// such session could hang for ever.
    pub(super) fn timeout_checks(
        &self,
        out: &mut Vec<(Level, usize, usize, String, Option<String>)>,
    ) {
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
    pub(super) fn udp_checks(&self, out: &mut Vec<(Level, usize, usize, String, Option<String>)>) {
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
            for u in p.use_backends.iter().filter(|u| u.cond.is_some()) {
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

    pub(super) fn semantic_checks(&mut self) {
        let mut out: Vec<(Level, usize, usize, String, Option<String>)> = Vec::new();
        let mut fe_names = HashMap::new();
        let mut be_names = HashMap::new();
        for p in &self.proxies {
            let fe_prev = if p.is_frontend() {
                fe_names.insert(p.name.clone(), p.line)
            } else {
                None
            };
            let be_prev = if p.is_backend() {
                // A `listen` section is a frontend and a backend of one name: no twin of itself.
                be_names.insert(p.name.clone(), p.line).filter(|&prev| {
                    !p.is_frontend() || fe_names.get(&p.name) != Some(&p.line) || prev != p.line
                })
            } else {
                None
            };
            for prev in fe_prev.into_iter().chain(be_prev) {
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
            if p.mode != Mode::Http && p.is_frontend() && p.monitor_uri.is_some() {
                // As HAProxy 2.6 warns: there is no request to match in TCP mode.
                let (line, col) = self.written(p, "monitor-uri").unwrap_or((p.line, 1));
                out.push((
                    Level::Warning,
                    line,
                    col,
                    format!(
                        "monitor-uri will be ignored for {} '{}' (needs 'mode http')",
                        p.kind.as_str(),
                        p.name
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
            for (line, col, m, sug) in crate::config::rules::validate(p) {
                out.push((Level::Alert, line, col, m, sug));
            }
            for (line, col, m) in crate::config::rules::warnings(p) {
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
fn is_layer7(criterion: &str) -> bool {
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
