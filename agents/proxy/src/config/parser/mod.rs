//! The haproxy.cfg parser: one pass over the lines, a handler per section ([`global`],
//! [`proxy`] for `defaults`/`listen`/`frontend`/`backend`, [`server`] for `server` and
//! `default-server` lines), then the checks across sections ([`checks`]) that `haproxy -c`
//! does and the ones it misses. Every message has its line and column.

mod checks;
mod global;
mod proxy;
mod server;
mod table;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::keywords::{find, names, nearest, suggest, Keyword, Status};
use crate::config::lex::{self, Word};
use crate::config::values::{parse_bind_addr, parse_time};
use crate::config::{
    Balance, Bind, CheckSend, Config, ConfigError, Diag, Global, Kind, Level, Mode, Proxy, Stats,
    Timeouts, Track,
};
use table::List;

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
        originalto: None,
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
        errorfiles: Default::default(),
        monitor_uri: None,
        send_name_header: None,
        http_reuse: Default::default(),
        conn_mode: Default::default(),
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

    /// What to do with `w`, which `k` names (`label` as the messages write it): its handler,
    /// or None when it is ignored (after the warning).
    fn accept<H: Copy>(
        &mut self,
        n: usize,
        w: &Word,
        label: &str,
        k: &Keyword<H>,
    ) -> Result<Option<H>, (usize, String, Option<String>)> {
        match k.status {
            Status::Implemented(h) => Ok(Some(h)),
            Status::Ignored("") => {
                self.warn(n, w.col, format!("{label} is ignored"));
                Ok(None)
            }
            Status::Ignored(why) => {
                self.warn(n, w.col, format!("{label} is ignored: {why}"));
                Ok(None)
            }
            Status::Refused(why) => err(w, format!("{label} is not supported ({why})")),
        }
    }

    /// The entry of `w` in a keyword's own `list` of words, with its handler, or None for the
    /// handler when it is ignored (after the warning). A word in no entry is an error with the
    /// list's nearest name (or the word in lower case, when that is one).
    #[allow(clippy::type_complexity)]
    fn sub<H: Copy>(
        &mut self,
        n: usize,
        w: &Word,
        list: &List<H>,
    ) -> Result<(&'static Keyword<H>, Option<H>), (usize, String, Option<String>)> {
        let word = w.text.as_str();
        let Some(k) = find(list.table, word) else {
            let lower = word.to_ascii_lowercase();
            let suggestion = suggest(list.table, word)
                .or_else(|| names(list.table).contains(&lower.as_str()).then_some(lower));
            return Err((w.col, list.unknown.replace("{}", word), suggestion));
        };
        let handler = self.accept(n, w, &list.label.replace("{}", word), k)?;
        Ok((k, handler))
    }

    /// The entry of the line's first word in `table` with its handler, or None when the line
    /// is done with: an ignored keyword (warned about), or a keyword written in the wrong case
    /// (warned about, and the line read again by `again` in lower case). An unknown keyword is
    /// an error naming `section`, with the table's nearest name.
    #[allow(clippy::type_complexity)]
    fn keyword<H: Copy>(
        &mut self,
        n: usize,
        words: &[Word],
        table: &'static [Keyword<H>],
        section: &str,
        case_note: &str,
        again: fn(&mut Parser, usize, &[Word]) -> Step,
    ) -> Result<Option<(&'static Keyword<H>, H)>, (usize, String, Option<String>)> {
        let w0 = &words[0];
        let kw = w0.text.as_str();
        let Some(k) = find(table, kw) else {
            let lower = kw.to_ascii_lowercase();
            if lower != kw && find(table, &lower).is_some() {
                self.warn(
                    n,
                    w0.col,
                    format!("keyword '{kw}' should be written '{lower}'{case_note}; accepted"),
                );
                let mut fixed = words.to_vec();
                fixed[0].text = lower;
                again(self, n, &fixed)?;
                return Ok(None);
            }
            return Err((
                w0.col,
                format!("unknown keyword '{kw}' in '{section}' section"),
                suggest(table, kw),
            ));
        };
        Ok(self.accept(n, w0, &format!("'{kw}'"), k)?.map(|h| (k, h)))
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
}

impl Config {
    /// Parse and validate haproxy.cfg `text`.
    pub fn parse_haproxy(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let mut p = Parser::new(file);
        for (i, line) in text.lines().enumerate() {
            p.line(i + 1, line);
        }
        p.finish()
    }
}
