//! Lines of `defaults`, `listen`, `frontend` and `backend` sections: `option`, `http-check`,
//! `stats` and every other proxy keyword but `server`.

use std::net::IpAddr;
use std::time::Duration;

use super::{arg, err, num, Parser, Section, Step};
use crate::config::keywords::{nearest, OPTIONS, PROXY_KEYWORDS, TIMEOUTS};
use crate::config::lex::Word;
use crate::config::values::parse_bind_addr;
use crate::config::{
    Acl, Balance, Bind, CheckSend, Expect, ForwardFor, HttpCheck, HttpRequestRule, Kind, Mode,
    Persist, Proxy, SipCheck, UseBackend,
};

impl Parser {
    pub(super) fn cur(&mut self) -> &mut Proxy {
        match self.section {
            Section::Defaults => &mut self.defaults.proxy,
            _ => self.proxies.last_mut().expect("in a proxy section"),
        }
    }

    pub(super) fn cur_kind(&self) -> Option<Kind> {
        match self.section {
            Section::Defaults => None,
            _ => self.proxies.last().map(|p| p.kind),
        }
    }

    pub(super) fn need(&self, w: &Word, frontend: bool) -> Step {
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

    pub(super) fn proxy_line(&mut self, n: usize, words: &[Word]) -> Step {
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
                crate::config::rules::parse_rule(&r)
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
                let known = crate::config::rules::parse_response_rule(&r)
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

    pub(super) fn option(&mut self, n: usize, words: &[Word], on: bool) -> Step {
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

    pub(super) fn expect(
        &mut self,
        words: &[Word],
    ) -> Result<Expect, (usize, String, Option<String>)> {
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

    pub(super) fn stats(&mut self, n: usize, words: &[Word]) -> Step {
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
