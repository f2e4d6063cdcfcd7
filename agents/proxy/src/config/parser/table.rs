//! The haproxy.cfg keyword tables, one per kind of section or option list: each keyword is
//! written here once, with where it may appear, its handler or why it is ignored or refused.
//! The parser dispatches through them, and its "did you mean" suggestions and "is ignored"
//! warnings come from them (name order matters: among equally near names the last wins).
//! A keyword's own words (`stats uri`, `http-check send`, `server` options...) are a [`List`]:
//! the table with how its messages name the list.

use std::time::Duration;

use crate::config::keywords::{Keyword, Side, Status};
use crate::config::{ConnMode, Timeouts};

use Status::{Ignored as Ign, Implemented as Do, Refused as No};

/// Handlers of `global` keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum G {
    Log,
    Chroot,
    User,
    Group,
    Uid,
    Gid,
    Pidfile,
    Maxconn,
    Nbthread,
    Stats,
    UlimitN,
    HardStopAfter,
    TuneBufsize,
    TuneMaxrewrite,
    CpuMap,
}

const RUN_D: &str = "run in the background with 'proxy run -D' (the OCF agent does)";
const NO_MEANING: &str = "it has no meaning for this proxy";
const NO_TLS: &str = "TLS is not supported";
const TUNING: &str = "tuning and TLS settings have no meaning for this proxy";
const LOG_DECORATION: &str = "log decoration is fixed";
pub(super) const NOT_IMPLEMENTED: &str = "it is not implemented";

/// The words a keyword takes after it, as one table with how the parser's messages name them:
/// `unknown` for a word that is in no entry, `label` for a warning or refusal; in both, `{}`
/// stands for the word.
pub(super) struct List<H: 'static> {
    pub table: &'static [Keyword<H>],
    pub unknown: &'static str,
    pub label: &'static str,
}

const fn g(name: &'static str, status: Status<G>) -> Keyword<G> {
    Keyword::new(name, status)
}

/// The `global` section.
pub(super) static GLOBAL: &[Keyword<G>] = &[
    g("log", Do(G::Log)),
    g("chroot", Do(G::Chroot)),
    g("user", Do(G::User)),
    g("group", Do(G::Group)),
    g("uid", Do(G::Uid)),
    g("gid", Do(G::Gid)),
    g("daemon", Ign(RUN_D)),
    g("pidfile", Do(G::Pidfile)),
    g("maxconn", Do(G::Maxconn)),
    g("nbthread", Do(G::Nbthread)),
    g("nbproc", Ign("the proxy is one process; use nbthread")),
    g("set-dumpable", Ign(NO_MEANING)),
    g("stats", Do(G::Stats)),
    g("ca-base", Ign(NO_TLS)),
    g("crt-base", Ign(NO_TLS)),
    g("log-tag", Ign(LOG_DECORATION)),
    g("log-send-hostname", Ign(LOG_DECORATION)),
    g("node", Ign(LOG_DECORATION)),
    g("description", Ign(LOG_DECORATION)),
    g("ulimit-n", Do(G::UlimitN)),
    g("spread-checks", Ign(NOT_IMPLEMENTED)),
    g("hard-stop-after", Do(G::HardStopAfter)),
    g("master-worker", Ign(NO_MEANING)),
    g("quiet", Ign(NO_MEANING)),
    g("debug", Ign(NO_MEANING)),
    g("server-state-file", Ign(NOT_IMPLEMENTED)),
    g("server-state-base", Ign(NOT_IMPLEMENTED)),
    g("localpeer", Ign(LOG_DECORATION)),
    g("tune.bufsize", Do(G::TuneBufsize)),
    g("tune.maxrewrite", Do(G::TuneMaxrewrite)),
    g("tune.ssl.default-dh-param", Ign(TUNING)),
    g("ssl-default-bind-ciphers", Ign(TUNING)),
    g("ssl-default-bind-ciphersuites", Ign(TUNING)),
    g("ssl-default-bind-options", Ign(TUNING)),
    g("ssl-default-server-ciphers", Ign(TUNING)),
    g("ssl-default-server-ciphersuites", Ign(TUNING)),
    g("ssl-default-server-options", Ign(TUNING)),
    g("ssl-server-verify", Ign(NO_TLS)),
    g("maxsslconn", Ign(NO_TLS)),
    g("maxconnrate", No(SHAPES)),
    g("expose-experimental-directives", Ign(NO_MEANING)),
    g("insecure-fork-wanted", Ign(NO_MEANING)),
    g("unix-bind", Ign(NOT_IMPLEMENTED)),
    g("busy-polling", Ign(NO_MEANING)),
    g("noepoll", Ign(NO_MEANING)),
    g("nosplice", Ign(NO_MEANING)),
    g("cpu-map", Do(G::CpuMap)),
    g("presetenv", Ign(NOT_IMPLEMENTED)),
    g("setenv", Ign(NOT_IMPLEMENTED)),
    g("tune.*", Ign(TUNING)),
    g("ssl-default-*", Ign(TUNING)),
];

/// Handlers of `defaults`, `listen`, `frontend` and `backend` keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum P {
    Bind,
    Mode,
    Balance,
    Maxconn,
    Fullconn,
    /// `timeout NAME TIME`.
    Timeout,
    /// `contimeout` and its kind, read as `timeout NAME`.
    LegacyTimeout(&'static str),
    Retries,
    Option,
    No,
    Server,
    DefaultServer,
    HttpCheck,
    Stats,
    Log,
    Acl,
    UseBackend,
    DefaultBackend,
    Disabled,
    Enabled,
    /// `description`, `id`: they name the proxy, nothing to do.
    Name,
    HttpRequest,
    HttpResponse,
    Redirect,
    /// `persist source` (other `persist` forms are ignored).
    Persist,
    Errorfile,
    /// `errorloc`/`errorloc302` (false) and `errorloc303` (true).
    Errorloc(bool),
    MonitorUri,
    HttpReuse,
    SendNameHeader,
}

const HTTP_FEATURE: &str = "this HTTP feature is not implemented";
/// Why a keyword that is not implemented is refused rather than ignored: ignoring it would
/// pass, route or answer traffic otherwise than the file says.
const SHAPES: &str = "not implemented, and ignoring it would change what the traffic gets";
const LOG_FORMAT: &str = "the log line format is fixed (tcplog)";

const fn p(name: &'static str, status: Status<P>) -> Keyword<P> {
    Keyword::new(name, status)
}
const fn front(name: &'static str, status: Status<P>) -> Keyword<P> {
    Keyword::new(name, status).side(Side::Frontend)
}
const fn back(name: &'static str, status: Status<P>) -> Keyword<P> {
    Keyword::new(name, status).side(Side::Backend)
}

/// The proxy sections (`defaults`, `listen`, `frontend`, `backend`).
pub(super) static PROXY: &[Keyword<P>] = &[
    front("bind", Do(P::Bind)).not_in_defaults("'bind' is not allowed in 'defaults'"),
    p("mode", Do(P::Mode)),
    back("balance", Do(P::Balance)),
    front("maxconn", Do(P::Maxconn)),
    p("timeout", Do(P::Timeout)),
    back("retries", Do(P::Retries)),
    p("option", Do(P::Option)),
    p("no", Do(P::No)),
    back("server", Do(P::Server))
        .not_in_defaults("'server' is not allowed in 'defaults'; use 'default-server'"),
    back("default-server", Do(P::DefaultServer)),
    back("http-check", Do(P::HttpCheck)),
    p("stats", Do(P::Stats)),
    p("log", Do(P::Log)),
    front("acl", Do(P::Acl)),
    front("use_backend", Do(P::UseBackend))
        .not_in_defaults("'use_backend' is not allowed in 'defaults'"),
    front("default_backend", Do(P::DefaultBackend)),
    p("disabled", Do(P::Disabled)),
    p("enabled", Do(P::Enabled)),
    p("description", Do(P::Name)),
    back("fullconn", Do(P::Fullconn)),
    p("http-request", Do(P::HttpRequest))
        .not_in_defaults("'http-request' rules are not allowed in 'defaults'"),
    p("http-response", Do(P::HttpResponse))
        .not_in_defaults("'http-response' rules are not allowed in 'defaults'"),
    p("tcp-request", No(SHAPES)),
    p("tcp-response", No(SHAPES)),
    p("cookie", No(SHAPES)),
    p("hash-type", Ign(NOT_IMPLEMENTED)),
    p("id", Do(P::Name)),
    p("errorfile", Do(P::Errorfile)),
    p("compression", No(SHAPES)),
    p("capture", Ign(HTTP_FEATURE)),
    front("monitor-uri", Do(P::MonitorUri)),
    p("redirect", Do(P::Redirect))
        .not_in_defaults("'redirect' rules are not allowed in 'defaults'"),
    p("backlog", Ign(NOT_IMPLEMENTED)),
    p("rate-limit", No(SHAPES)),
    p("persist", Do(P::Persist)),
    p("source", No(SHAPES)),
    p("contimeout", Do(P::LegacyTimeout("connect"))),
    p("clitimeout", Do(P::LegacyTimeout("client"))),
    p("srvtimeout", Do(P::LegacyTimeout("server"))),
    p("grace", Ign(NOT_IMPLEMENTED)),
    back("http-reuse", Do(P::HttpReuse)),
    p("unique-id-format", No(SHAPES)),
    p("unique-id-header", No(SHAPES)),
    p("log-format", Ign(LOG_FORMAT)),
    p("email-alert", Ign(NOT_IMPLEMENTED)),
    back("http-send-name-header", Do(P::SendNameHeader)),
    p("stick-table", No(SHAPES)),
    p("stick", No(SHAPES)),
    p("tcp-check", No(SHAPES)),
    p("external-check", No(SHAPES)),
    p("dispatch", No(SHAPES)),
    p("transparent", No(SHAPES)),
    p("load-server-state-from-file", Ign(NOT_IMPLEMENTED)),
    p("errorloc", Do(P::Errorloc(false))),
    p("errorloc302", Do(P::Errorloc(false))),
    p("errorloc303", Do(P::Errorloc(true))),
    p("monitor", No(SHAPES)),
    p("ignore-persist", No(SHAPES)),
    p("force-persist", No(SHAPES)),
    p("http-after-response", No(SHAPES)),
    p("log-tag", Ign(LOG_FORMAT)),
    p("filter", No(SHAPES)),
    p("max-keep-alive-queue", Ign(NOT_IMPLEMENTED)),
    p("server-template", No(SHAPES)),
];

/// Handlers of `option NAME` (and `no option NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum O {
    Redispatch,
    Allbackups,
    Httpchk,
    SipCheck,
    Tcplog,
    Httplog,
    Forwardfor,
    Tcpka,
    Clitcpka,
    Srvtcpka,
    /// `option http-keep-alive`, `http-server-close`, `httpclose`.
    Mode(crate::config::ConnMode),
    Originalto,
}

const LOG_KIND: &str = "logging of this kind is fixed";
const NO_EFFECT: &str = "it has no effect in this proxy";

const fn o(name: &'static str, status: Status<O>) -> Keyword<O> {
    Keyword::new(name, status)
}
const fn o_back(name: &'static str, status: Status<O>) -> Keyword<O> {
    Keyword::new(name, status).side(Side::Backend)
}

/// `option NAME`.
pub(super) static OPTIONS: &[Keyword<O>] = &[
    o_back("redispatch", Do(O::Redispatch)),
    o_back("allbackups", Do(O::Allbackups)),
    o_back("httpchk", Do(O::Httpchk)),
    o_back("sip-check", Do(O::SipCheck)),
    o("tcplog", Do(O::Tcplog)),
    o("httplog", Do(O::Httplog)),
    o("logasap", Ign(LOG_KIND)),
    o("dontlognull", Ign(LOG_KIND)),
    // Allowed everywhere, as in HAProxy: the backend's setting wins over the frontend's.
    o("forwardfor", Do(O::Forwardfor)),
    o("http-server-close", Do(O::Mode(ConnMode::ServerClose))),
    o("httpclose", Do(O::Mode(ConnMode::Close))),
    o("http-keep-alive", Do(O::Mode(ConnMode::KeepAlive))),
    o("tcpka", Do(O::Tcpka)),
    o("clitcpka", Do(O::Clitcpka)),
    o("srvtcpka", Do(O::Srvtcpka)),
    o("abortonclose", Ign(NO_EFFECT)),
    o("log-health-checks", Ign(LOG_KIND)),
    o("splice-auto", Ign(NO_EFFECT)),
    o("splice-request", Ign(NO_EFFECT)),
    o("splice-response", Ign(NO_EFFECT)),
    o("pgsql-check", No(SHAPES)),
    o("mysql-check", No(SHAPES)),
    o("ssl-hello-chk", No(SHAPES)),
    o("tcp-check", No(SHAPES)),
    o("redis-check", No(SHAPES)),
    o("smtpchk", No(SHAPES)),
    o("ldap-check", No(SHAPES)),
    o("dontlog-normal", Ign(LOG_KIND)),
    o("http-buffer-request", Ign(NO_EFFECT)),
    o("nolinger", Ign(NO_EFFECT)),
    o("independent-streams", Ign(NO_EFFECT)),
    o("persist", Ign(NO_EFFECT)),
    o("prefer-last-server", Ign(NO_EFFECT)),
    o("contstats", Ign(NO_EFFECT)),
    o("socket-stats", Ign(NO_EFFECT)),
    o("log-separate-errors", Ign(LOG_KIND)),
    o(
        "forceclose",
        No("not supported any more since HAProxy 2.0: remove it, or use 'option httpclose'"),
    ),
    o("http-pretend-keepalive", Ign(NO_EFFECT)),
    o("checkcache", Ign(NO_EFFECT)),
    o("originalto", Do(O::Originalto)),
    o("accept-invalid-http-request", Ign(NO_EFFECT)),
    o("accept-invalid-http-response", Ign(NO_EFFECT)),
    o("transparent", No(SHAPES)),
    o("http-use-proxy-header", Ign(NO_EFFECT)),
    o("http-no-delay", Ign(NO_EFFECT)),
    o("http-ignore-probes", Ign(NO_EFFECT)),
    o("disable-h2-upgrade", Ign(NO_EFFECT)),
    o("http-restrict-req-hdr-names", Ign(NO_EFFECT)),
    o("h1-case-adjust-bogus-client", Ign(NO_EFFECT)),
    o("h1-case-adjust-bogus-server", Ign(NO_EFFECT)),
    o("spop-check", No(SHAPES)),
    o("external-check", No(SHAPES)),
    o("idle-close-on-response", Ign(NO_EFFECT)),
];

/// `option NAME` as a list.
pub(super) static OPTION_LIST: List<O> = List {
    table: OPTIONS,
    unknown: "unknown option '{}'",
    label: "'option {}'",
};

/// Handlers of `server` and `default-server` options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum S {
    Check,
    NoCheck,
    Port,
    Addr,
    Inter,
    Fastinter,
    Downinter,
    Rise,
    Fall,
    Weight,
    Backup,
    NoBackup,
    Track,
    Maxconn,
    OnMarkedDown,
    OnMarkedUp,
    Disabled,
    Enabled,
}

const SERVER_REFUSED: &str = "traffic or checks would not be what the server expects";

const fn s(name: &'static str, values: usize, status: Status<S>) -> Keyword<S> {
    Keyword::new(name, status).values(values)
}

/// Options of `server` and `default-server` lines.
pub(super) static SERVER: &[Keyword<S>] = &[
    s("check", 0, Do(S::Check)),
    s("port", 1, Do(S::Port)),
    s("addr", 1, Do(S::Addr)),
    s("inter", 1, Do(S::Inter)),
    s("fastinter", 1, Do(S::Fastinter)),
    s("downinter", 1, Do(S::Downinter)),
    s("rise", 1, Do(S::Rise)),
    s("fall", 1, Do(S::Fall)),
    s("weight", 1, Do(S::Weight)),
    s("backup", 0, Do(S::Backup)),
    s("track", 1, Do(S::Track)),
    s("maxconn", 1, Do(S::Maxconn)),
    s("on-marked-down", 1, Do(S::OnMarkedDown)),
    s("on-marked-up", 1, Do(S::OnMarkedUp)),
    s("disabled", 0, Do(S::Disabled)),
    s("enabled", 0, Do(S::Enabled)),
    s("id", 1, Ign("")),
    s("cookie", 1, Ign("")),
    s("send-proxy", 0, No(SERVER_REFUSED)),
    s("send-proxy-v2", 0, No(SERVER_REFUSED)),
    s("check-ssl", 0, No(SERVER_REFUSED)),
    s("ssl", 0, No(SERVER_REFUSED)),
    s("verify", 1, No(SERVER_REFUSED)),
    s("sni", 1, No(SERVER_REFUSED)),
    s("resolvers", 1, Ign("")),
    s("init-addr", 1, Ign("")),
    s("resolve-prefer", 1, Ign("")),
    s("agent-check", 0, Ign("")),
    s("agent-port", 1, Ign("")),
    s("agent-inter", 1, Ign("")),
    s("maxqueue", 1, Ign("")),
    s("minconn", 1, Ign("")),
    s("slowstart", 1, Ign("")),
    s("observe", 1, Ign("")),
    s("error-limit", 1, Ign("")),
    s("on-error", 1, Ign("")),
    s("no-check", 0, Do(S::NoCheck)),
    s("non-stick", 0, Ign("")),
    s("check-send-proxy", 0, No(SERVER_REFUSED)),
    s("redir", 1, Ign("")),
    s("source", 1, Ign("")),
    s("proto", 1, No(SERVER_REFUSED)),
    s("alpn", 1, No(SERVER_REFUSED)),
    s("ca-file", 1, No(SERVER_REFUSED)),
    s("crt", 1, No(SERVER_REFUSED)),
    s("namespace", 1, Ign("")),
    s("pool-max-conn", 1, Ign("")),
    s("pool-purge-delay", 1, Ign("")),
    s("tfo", 0, Ign("")),
    s("ws", 1, No(SERVER_REFUSED)),
    s("check-sni", 1, No(SERVER_REFUSED)),
    s("check-proto", 1, No(SERVER_REFUSED)),
    s("no-backup", 0, Do(S::NoBackup)),
    s("log-proto", 1, Ign("")),
];

/// `server` and `default-server` options as a list.
pub(super) static SERVER_LIST: List<S> = List {
    table: SERVER,
    unknown: "unknown server option '{}'",
    label: "server option '{}'",
};

/// Handlers of `bind` options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum B {
    V6only,
    V4v6,
}

const BIND_REFUSED: &str = "the proxy would mishandle the traffic";

const fn b(name: &'static str, values: usize, status: Status<B>) -> Keyword<B> {
    Keyword::new(name, status).values(values)
}

/// Options of `bind` lines.
pub(super) static BIND: &[Keyword<B>] = &[
    b("v6only", 0, Do(B::V6only)),
    b("v4v6", 0, Do(B::V4v6)),
    b("transparent", 0, Ign("")),
    b("defer-accept", 0, Ign("")),
    b("tfo", 0, Ign("")),
    b("accept-proxy", 0, No(BIND_REFUSED)),
    b("ssl", 0, No(BIND_REFUSED)),
    b("crt", 1, No(BIND_REFUSED)),
    b("alpn", 1, Ign("")),
    b("id", 1, Ign("")),
    b("process", 1, Ign("")),
    b("mss", 1, Ign("")),
    b("nice", 1, Ign("")),
    b("thread", 1, Ign("")),
    b("mode", 1, Ign("")),
    b("user", 1, Ign("")),
    b("group", 1, Ign("")),
    b("level", 1, Ign("")),
    b("namespace", 1, Ign("")),
    b("name", 1, Ign("")),
    b("backlog", 1, Ign("")),
    b("maxconn", 1, Ign("")),
    b("interface", 1, Ign("")),
];

/// `bind` options as a list.
pub(super) static BIND_LIST: List<B> = List {
    table: BIND,
    unknown: "unknown bind option '{}'",
    label: "bind option '{}'",
};

/// Where `timeout NAME` is kept.
pub(super) type Slot = fn(&mut Timeouts) -> &mut Option<Duration>;

const fn t(name: &'static str, status: Status<Slot>) -> Keyword<Slot> {
    Keyword::new(name, status)
}

/// `timeout NAME`.
pub(super) static TIMEOUTS: &[Keyword<Slot>] = &[
    t("connect", Do(|t| &mut t.connect)),
    t("client", Do(|t| &mut t.client)),
    t("server", Do(|t| &mut t.server)),
    t("check", Do(|t| &mut t.check)),
    t("queue", Do(|t| &mut t.queue)),
    t("http-request", Do(|t| &mut t.http_request)),
    t("http-keep-alive", Do(|t| &mut t.http_keep_alive)),
    t("tunnel", Do(|t| &mut t.tunnel)),
    t("client-fin", Do(|t| &mut t.client_fin)),
    t("server-fin", Do(|t| &mut t.server_fin)),
    t("tarpit", Ign("")),
];

/// `timeout NAME` as a list.
pub(super) static TIMEOUT_LIST: List<Slot> = List {
    table: TIMEOUTS,
    unknown: "unknown timeout '{}'",
    label: "'timeout {}'",
};

/// Handlers of `stats` words in a proxy section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum St {
    Enable,
    Disable,
    Uri,
    Realm,
    Auth,
    Refresh,
    HideVersion,
    Admin,
    ShowLegends,
}

const fn st(name: &'static str, status: Status<St>) -> Keyword<St> {
    Keyword::new(name, status)
}

/// `stats WORD` in `defaults`, `listen`, `frontend` and `backend`.
pub(super) static STATS: List<St> = List {
    table: &[
        st("enable", Do(St::Enable)),
        st("disable", Do(St::Disable)),
        st("uri", Do(St::Uri)),
        st("realm", Do(St::Realm)),
        st("auth", Do(St::Auth)),
        st("refresh", Do(St::Refresh)),
        st("hide-version", Do(St::HideVersion)),
        st("admin", Do(St::Admin)),
        st("show-legends", Do(St::ShowLegends)),
        st("show-node", Ign("")),
        st("show-desc", Ign("")),
        st("show-modules", Ign("")),
        st("scope", Ign("")),
        st("http-request", Ign("")),
        st("bind-process", Ign("")),
        st("socket", No("it belongs in the 'global' section")),
    ],
    unknown: "unknown 'stats' keyword '{}'",
    label: "'stats {}'",
};

/// Handlers of `stats` words in `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gs {
    Socket,
}

/// `stats WORD` in `global`.
pub(super) static GLOBAL_STATS: List<Gs> = List {
    table: &[
        Keyword::new("socket", Do(Gs::Socket)),
        Keyword::new("timeout", Ign("")),
        Keyword::new("maxconn", Ign("")),
        Keyword::new("bind-process", Ign("")),
    ],
    unknown: "unknown 'stats' option '{}' in global",
    label: "'stats {}'",
};

/// Handlers of `stats socket PATH` options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sock {
    Mode,
    Level,
}

const fn sock(name: &'static str, status: Status<Sock>) -> Keyword<Sock> {
    Keyword::new(name, status).values(1)
}

/// Options of `stats socket PATH`.
pub(super) static SOCKET: List<Sock> = List {
    table: &[
        sock("mode", Do(Sock::Mode)),
        sock("level", Do(Sock::Level)),
        sock("expose-fd", Ign("")),
        sock("uid", Ign("")),
        sock("gid", Ign("")),
        sock("user", Ign("")),
        sock("group", Ign("")),
    ],
    unknown: "unknown stats socket option '{}'",
    label: "stats socket option '{}'",
};

/// Handlers of `http-check WORD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hc {
    DisableOn404,
    Expect,
    Send,
}

const fn hc(name: &'static str, status: Status<Hc>) -> Keyword<Hc> {
    Keyword::new(name, status)
}

/// `http-check WORD`.
pub(super) static HTTP_CHECK: List<Hc> = List {
    table: &[
        hc("expect", Do(Hc::Expect)),
        hc("disable-on-404", Do(Hc::DisableOn404)),
        hc("send", Do(Hc::Send)),
        hc("send-state", Ign("")),
        hc("connect", Ign("")),
        hc("comment", Ign("")),
        hc("set-var", Ign("")),
        hc("unset-var", Ign("")),
    ],
    unknown: "unknown 'http-check' keyword '{}'",
    label: "'http-check {}'",
};

/// What `http-check send` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hs {
    Meth,
    Uri,
    Ver,
    Body,
    Hdr,
}

const fn hs(name: &'static str, values: usize, status: Status<Hs>) -> Keyword<Hs> {
    Keyword::new(name, status).values(values)
}

/// Arguments of `http-check send`.
pub(super) static HTTP_CHECK_SEND: List<Hs> = List {
    table: &[
        hs("meth", 1, Do(Hs::Meth)),
        hs("uri", 1, Do(Hs::Uri)),
        hs("ver", 1, Do(Hs::Ver)),
        hs("hdr", 2, Do(Hs::Hdr)),
        hs("body", 1, Do(Hs::Body)),
    ],
    unknown: "unknown 'http-check send' argument '{}'",
    label: "'http-check send {}'",
};

/// Matchers of `http-check expect [!]MATCHER VALUE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ex {
    Status,
    RStatus,
    String,
    RString,
}

/// `http-check expect` matchers.
pub(super) static EXPECT: List<Ex> = List {
    table: &[
        Keyword::new("status", Do(Ex::Status)),
        Keyword::new("rstatus", Do(Ex::RStatus)),
        Keyword::new("string", Do(Ex::String)),
        Keyword::new("rstring", Do(Ex::RString)),
    ],
    unknown: "unknown 'http-check expect' matcher '{}'",
    label: "'http-check expect {}'",
};

/// What `option forwardfor` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ff {
    Except,
    Header,
    IfNone,
}

/// Arguments of `option originalto`.
pub(super) static ORIGINALTO: List<Ff> = List {
    table: &[
        Keyword::new("except", Do(Ff::Except)).values(1),
        Keyword::new("header", Do(Ff::Header)).values(1),
    ],
    unknown: "unknown 'option originalto' argument '{}'",
    label: "'option originalto {}'",
};

/// Arguments of `option forwardfor`.
pub(super) static FORWARDFOR: List<Ff> = List {
    table: &[
        Keyword::new("except", Do(Ff::Except)).values(1),
        Keyword::new("header", Do(Ff::Header)).values(1),
        Keyword::new("if-none", Do(Ff::IfNone)),
    ],
    unknown: "unknown 'option forwardfor' argument '{}'",
    label: "'option forwardfor {}'",
};
