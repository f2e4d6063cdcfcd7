//! The keywords of each section the parser knows, the ones it accepts and ignores (with the
//! reason it warns with), and the "did you mean" suggestion for a word that is none of them.

pub(crate) const GLOBAL_KEYWORDS: &[&str] = &[
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
pub(crate) fn global_ignored(kw: &str) -> Option<&'static str> {
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

pub(crate) const PROXY_KEYWORDS: &[&str] = &[
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

pub(crate) const OPTIONS: &[&str] = &[
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

pub(crate) const SERVER_KEYWORDS: &[&str] = &[
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

pub(crate) const TIMEOUTS: &[&str] = &[
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
pub(crate) fn one_edit_apart(a: &str, b: &str) -> bool {
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
