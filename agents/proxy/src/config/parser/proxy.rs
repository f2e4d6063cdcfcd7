//! Lines of `defaults`, `listen`, `frontend` and `backend` sections: `option`, `http-check`,
//! `stats` and every other proxy keyword but `server`.

use std::net::IpAddr;
use std::time::Duration;

use super::table::{self, Ex, Ff, Hc, Hs, St, B, O, P};
use super::{arg, err, num, Parser, Section, Step};
use crate::config::keywords::{nearest, Keyword, Side};
use crate::config::lex::Word;
use crate::config::values::parse_bind_addr;
use crate::config::{
    errorfile, rules, Acl, Balance, Bind, CheckSend, Expect, ForwardFor, HttpCheck,
    HttpRequestRule, Kind, Level, Mode, Persist, Proxy, SipCheck, UseBackend,
};

impl Parser {
    pub(super) fn cur(&mut self) -> &mut Proxy {
        match self.section {
            Section::Defaults => &mut self.defaults.proxy,
            _ => self.proxies.last_mut().expect("in a proxy section"),
        }
    }

    /// `errorfile CODE FILE` and `errorloc* CODE URL` (`what` names the second word): the
    /// page `make` builds from it replaces the built-in one for CODE; a wrong code is refused
    /// at the code, anything else at the second word.
    fn error_page(
        &mut self,
        words: &[Word],
        what: &str,
        make: impl FnOnce(u16, &str) -> Result<errorfile::ErrorPage, String>,
    ) -> Step {
        let kw = &words[0].text;
        let c = arg(words, 1, &format!("a status code and {what}"))?;
        let v = arg(words, 2, &format!("{what} after the status code"))?;
        if let Some(extra) = words.get(3) {
            return err(extra, format!("'{kw}' takes a status code and {what}"));
        }
        let code: u16 = num(c, "status code")?;
        let refused = |at: &Word, e: String| (at.col, format!("{kw} '{}': {e}", v.text), None);
        errorfile::check_code(code).map_err(|e| refused(c, e))?;
        let page = make(code, &v.text).map_err(|e| refused(v, e))?;
        self.cur().errorfiles.insert(code, page);
        Ok(())
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
        let section = self.cur_kind().map(Kind::as_str).unwrap_or("defaults");
        // Seed 000 writes `Stats enable`; HAProxy rejects it, we accept it loudly.
        let case_note = " (keywords are case-sensitive in HAProxy)";
        let Some((k, handler)) = self.keyword(
            n,
            words,
            table::PROXY,
            section,
            case_note,
            Parser::proxy_line,
        )?
        else {
            return Ok(());
        };
        self.place(w0, k)?;
        match handler {
            P::Bind => {
                let a = arg(words, 1, "an address")?;
                for part in a.text.split(',') {
                    let (addr, mut v4v6) = parse_bind_addr(part).map_err(|m| (a.col, m, None))?;
                    let mut i = 2;
                    while let Some(o) = words.get(i) {
                        let (opt, handler) = self.sub(n, o, &table::BIND_LIST)?;
                        match handler {
                            Some(B::V6only) => v4v6 = false,
                            Some(B::V4v6) => v4v6 = true,
                            None => {}
                        }
                        i += 1 + opt.values;
                    }
                    self.cur().binds.push(Bind {
                        addr,
                        line: n,
                        v4v6,
                    });
                }
            }
            P::Mode => {
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
            P::Balance => {
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
            P::Maxconn => {
                let v: u32 = num(arg(words, 1, "a number")?, "number")?;
                self.cur().maxconn = Some(v);
            }
            P::Fullconn => {
                let v: u32 = num(arg(words, 1, "a number")?, "number")?;
                self.cur().fullconn = Some(v);
            }
            P::Timeout | P::LegacyTimeout(_) => {
                let (slot, vi) = match handler {
                    P::LegacyTimeout(new) => {
                        self.warn(
                            n,
                            w0.col,
                            format!("'{kw}' is deprecated; read as 'timeout {new}'"),
                        );
                        let t = Word {
                            text: new.to_string(),
                            col: w0.col,
                        };
                        (self.sub(n, &t, &table::TIMEOUT_LIST)?.1, 1)
                    }
                    _ => {
                        let t = arg(words, 1, "a timeout name and a time")?;
                        (self.sub(n, t, &table::TIMEOUT_LIST)?.1, 2)
                    }
                };
                let v = self.time(n, arg(words, vi, "a time")?)?;
                if let Some(slot) = slot {
                    *slot(&mut self.cur().timeouts) = Some(v);
                }
            }
            P::Retries => {
                self.cur().retries = num(arg(words, 1, "a number")?, "number of retries")?;
            }
            P::Option => self.option(n, words, true)?,
            P::No => {
                let o = arg(words, 1, "'option NAME'")?;
                if o.text != "option" {
                    return err(o, "only 'no option NAME' is supported");
                }
                self.option(n, &words[1..], false)?;
            }
            P::Server => self.server(n, words)?,
            P::DefaultServer => {
                let (opts, _track, _) = self.server_opts(n, words, 1, true)?;
                if in_defaults {
                    self.defaults.server = self.defaults.server.overlay(&opts);
                    self.cur_server_defaults = self.defaults.server.clone();
                } else {
                    self.cur_server_defaults = self.cur_server_defaults.overlay(&opts);
                }
            }
            P::HttpCheck => self.http_check(n, words)?,
            P::Stats => self.stats(n, words)?,
            P::Log => {
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
            P::Acl => {
                let name = arg(words, 1, "a name, a criterion and values")?;
                let crit = arg(words, 2, "a criterion")?;
                let values: Vec<String> = words[3..].iter().map(|w| w.text.clone()).collect();
                match rules::Matcher::compile(&crit.text, &values) {
                    Ok(matcher) => self.cur().acls.push(Acl {
                        name: name.text.clone(),
                        criterion: crit.text.clone(),
                        matcher,
                        line: n,
                    }),
                    // Reported at the line's start, as `haproxy -c` does.
                    Err((m, s)) => {
                        let m = format!("acl '{}': {m}", name.text);
                        self.diag(Level::Alert, n, 1, m, s);
                    }
                }
            }
            P::UseBackend => {
                let b = arg(words, 1, "a backend name")?;
                let cond = match words.get(2) {
                    None => None,
                    Some(k) if k.text == "if" || k.text == "unless" => {
                        if words.len() < 4 {
                            return err(k, format!("'{}' needs a condition", k.text));
                        }
                        Some(rules::parse_condition(&words[3..], k.text == "unless")?)
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
                    line: n,
                });
            }
            P::DefaultBackend => {
                let b = arg(words, 1, "a backend name")?;
                self.cur().default_backend = Some(b.text.clone());
            }
            P::HttpRequest | P::Redirect => {
                let mut rest = if handler == P::Redirect {
                    words.to_vec()
                } else {
                    words[1..].to_vec()
                };
                if rest.is_empty() {
                    return err(w0, "'http-request' expects an action");
                }
                if handler == P::Redirect {
                    rest[0].text = "redirect".into();
                }
                let (action, cond) = rules::parse_rule(&rest)?;
                self.cur().http_request.push(HttpRequestRule {
                    action,
                    cond,
                    line: n,
                });
            }
            P::HttpResponse => {
                let rest = &words[1..];
                if rest.is_empty() {
                    return err(w0, "'http-response' expects an action");
                }
                match rules::parse_response_rule(rest)? {
                    Some((action, cond)) => self.cur().http_response.push(HttpRequestRule {
                        action,
                        cond,
                        line: n,
                    }),
                    None => {
                        let why = format!("'http-response {}' is ignored: this action is not implemented (implemented: allow, deny, set-header, add-header, del-header)", rest[0].text);
                        self.warn(n, rest[0].col, why);
                    }
                }
            }
            P::Persist if words.get(1).is_some_and(|w| w.text == "source") => {
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
            P::Errorfile => {
                let max = self
                    .global
                    .bufsize
                    .unwrap_or(crate::config::DEFAULT_BUFSIZE);
                self.error_page(words, "a file", |code, file| {
                    errorfile::load(code, std::path::Path::new(file), max)
                })?;
            }
            P::HttpReuse => {
                let m = arg(words, 1, "never, safe, aggressive or always")?;
                if let Some(extra) = words.get(2) {
                    return err(extra, "'http-reuse' takes one mode");
                }
                self.cur().http_reuse =
                    match m.text.as_str() {
                        "never" => crate::config::Reuse::Never,
                        "safe" => crate::config::Reuse::Safe,
                        "aggressive" => crate::config::Reuse::Aggressive,
                        "always" => crate::config::Reuse::Always,
                        _ => return err(
                            m,
                            "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'",
                        ),
                    };
            }
            P::SendNameHeader => {
                let name = match words.get(1) {
                    Some(w) => {
                        if !w
                            .text
                            .bytes()
                            .all(|c| c.is_ascii_alphanumeric() || b"-_".contains(&c))
                        {
                            return err(w, format!("'{}' is not a header name", w.text));
                        }
                        w.text.clone()
                    }
                    // HAProxy's default name.
                    None => "X-Server".to_string(),
                };
                if let Some(extra) = words.get(2) {
                    return err(extra, "'http-send-name-header' takes one header name");
                }
                self.cur().send_name_header = Some(name);
            }
            P::MonitorUri => {
                let u = arg(words, 1, "a URI")?;
                if let Some(extra) = words.get(2) {
                    return err(extra, "'monitor-uri' takes one URI");
                }
                self.cur().monitor_uri = Some(u.text.clone());
                self.directive_at(n, "monitor-uri", w0.col);
            }
            P::Errorloc(see_other) => {
                self.error_page(words, "a URL", |code, url| {
                    errorfile::redirect(code, url, see_other)
                })?;
            }
            P::Persist => {
                let why = table::NOT_IMPLEMENTED;
                self.warn(n, w0.col, format!("'{kw}' is ignored: {why}"));
            }
            P::Disabled => self.cur().disabled = true,
            P::Enabled => self.cur().disabled = false,
            P::Name => {}
        }
        Ok(())
    }

    /// Refuse `k` outside the sections its table entry allows.
    fn place<H: Copy>(&self, w: &Word, k: &Keyword<H>) -> Step {
        match k.side {
            Side::Any => {}
            Side::Frontend => self.need(w, true)?,
            Side::Backend => self.need(w, false)?,
        }
        match (self.section, k.not_in_defaults) {
            (Section::Defaults, Some(refusal)) => err(w, refusal),
            _ => Ok(()),
        }
    }

    pub(super) fn option(&mut self, n: usize, words: &[Word], on: bool) -> Step {
        let o = arg(words, 1, "an option name")?;
        let (k, handler) = self.sub(n, o, &table::OPTION_LIST)?;
        let Some(handler) = handler else {
            return Ok(());
        };
        self.place(o, k)?;
        match handler {
            O::Mode(mode) => {
                // One setting written three ways: the last one counts, and `no option X`
                // undoes only X.
                let cur = &mut self.cur().conn_mode;
                if on {
                    *cur = mode;
                } else if *cur == mode {
                    *cur = crate::config::ConnMode::KeepAlive;
                }
            }
            O::Redispatch => {
                self.cur().redispatch = on;
            }
            O::Allbackups => {
                self.cur().allbackups = on;
            }
            O::Httpchk => {
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
            O::SipCheck => {
                if let Some(extra) = words.get(3) {
                    return err(
                        extra,
                        "'option sip-check' takes at most one argument, the LOGIN",
                    );
                }
                let login = words.get(2).map(|w| w.text.clone());
                self.cur().sipchk = on.then_some(SipCheck { login });
            }
            O::Tcplog => self.cur().tcplog = on,
            O::Httplog => self.cur().httplog = on,
            O::Tcpka => {
                let p = self.cur();
                p.clitcpka = on;
                p.srvtcpka = on;
            }
            O::Clitcpka => self.cur().clitcpka = on,
            O::Srvtcpka => self.cur().srvtcpka = on,
            O::Forwardfor | O::Originalto => {
                if !on {
                    // As HAProxy 2.6: these options add a header and cannot be undone.
                    return err(o, format!("'no option {}' is not supported", o.text));
                }
                let list = if handler == O::Forwardfor {
                    &table::FORWARDFOR
                } else {
                    &table::ORIGINALTO
                };
                let mut ff = ForwardFor::default();
                let mut i = 2;
                while let Some(w) = words.get(i) {
                    let (k, handler) = self.sub(n, w, list)?;
                    match handler {
                        Some(Ff::Except) => {
                            ff.except = Some(arg(words, i + 1, "a network")?.text.clone());
                        }
                        Some(Ff::Header) => {
                            ff.header = Some(arg(words, i + 1, "a header name")?.text.clone());
                        }
                        Some(Ff::IfNone) => ff.if_none = true,
                        None => {}
                    }
                    i += 1 + k.values;
                }
                let slot = if handler == O::Forwardfor {
                    &mut self.cur().forwardfor
                } else {
                    &mut self.cur().originalto
                };
                *slot = Some(ff);
            }
        }
        Ok(())
    }

    pub(super) fn expect(
        &mut self,
        n: usize,
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
            Some(rest) => (
                Word {
                    text: rest.to_string(),
                    col: k.col + 1,
                },
                true,
            ),
            None => (k.clone(), neg),
        };
        let (_, matcher) = self.sub(n, &kind, &table::EXPECT)?;
        let v = arg(words, i + 1, "a value")?;
        let re = |s: &str| {
            regex::Regex::new(s).map_err(|e| (v.col, format!("bad regular expression: {e}"), None))
        };
        Ok(match matcher {
            None => return err(k, "'http-check expect' needs a matcher"),
            Some(Ex::Status) => {
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
            Some(Ex::RStatus) => Expect::RStatus(neg, re(&v.text)?),
            Some(Ex::String) => Expect::String(neg, v.text.clone()),
            Some(Ex::RString) => Expect::RString(neg, re(&v.text)?),
        })
    }

    pub(super) fn stats(&mut self, n: usize, words: &[Word]) -> Step {
        let a = arg(
            words,
            1,
            "enable, uri, realm, auth, refresh, hide-version, admin, show-legends",
        )?;
        let Some(handler) = self.sub(n, a, &table::STATS)?.1 else {
            return Ok(());
        };
        if handler == St::Admin {
            self.warn(n, a.col, "'stats admin' is accepted but the page is read-only; use the stats socket to change servers".into());
        }
        let refresh = match handler {
            St::Refresh => Some(self.time(n, arg(words, 2, "a time")?)?),
            _ => None,
        };
        let st = &mut self.cur().stats;
        // Every word but `disable` and `admin` also turns the page on, as in HAProxy.
        if !matches!(handler, St::Disable | St::Admin) {
            st.enabled = true;
        }
        match handler {
            St::Enable => {}
            St::Disable => st.enabled = false,
            St::Admin => st.admin = true,
            St::Uri => st.uri = Some(arg(words, 2, "a URI prefix")?.text.clone()),
            St::Realm => {
                let realm = words[2..]
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if realm.is_empty() {
                    return err(a, "'stats realm' expects a realm name");
                }
                st.realm = Some(realm);
            }
            St::Auth => {
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
                st.auth.push((u.to_string(), p.to_string()));
            }
            St::Refresh => st.refresh = refresh,
            St::HideVersion => st.hide_version = true,
            St::ShowLegends => st.show_legends = true,
        }
        Ok(())
    }

    /// `http-check expect|disable-on-404|send ...`.
    fn http_check(&mut self, n: usize, words: &[Word]) -> Step {
        let a = arg(words, 1, "expect, disable-on-404 or send")?;
        match self.sub(n, a, &table::HTTP_CHECK)?.1 {
            None => {}
            Some(Hc::DisableOn404) => self.cur().disable_on_404 = true,
            Some(Hc::Expect) => {
                let e = self.expect(n, words)?;
                if !std::mem::replace(&mut self.own_expect, true) {
                    self.cur().expect.clear();
                }
                self.cur().expect.push(e);
            }
            Some(Hc::Send) => {
                let mut cs = CheckSend::default();
                let mut i = 2;
                while let Some(w) = words.get(i) {
                    let (k, handler) = self.sub(n, w, &table::HTTP_CHECK_SEND)?;
                    let value = |what| arg(words, i + 1, what).map(|v| v.text.clone());
                    match handler {
                        Some(Hs::Meth) => cs.method = Some(value("a value")?),
                        Some(Hs::Uri) => cs.uri = Some(value("a value")?),
                        Some(Hs::Ver) => cs.version = Some(value("a value")?),
                        Some(Hs::Body) => cs.body = Some(value("a value")?),
                        Some(Hs::Hdr) => {
                            let name = value("a header name and value")?;
                            let v = arg(words, i + 2, "a header value")?.text.clone();
                            cs.headers.push((name, v));
                        }
                        None => {}
                    }
                    i += 1 + k.values;
                }
                self.cur().check_send = cs;
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
