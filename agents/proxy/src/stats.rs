//! Renderings of the shared model: HAProxy's CSV (same columns, same order, same meanings, so
//! monitoring tools that read fields by position keep working), an HTML page a person can read,
//! and Prometheus text metrics.

use std::fmt::Write as _;
use std::sync::atomic::Ordering::Relaxed;

use crate::config::{Balance, Mode};
use crate::state::{lock, Backend, Counters, Frontend, Runtime, Server};

/// HAProxy 2.6's CSV columns up to `agg_check_status` (the fixed, documented part).
pub const CSV_COLUMNS: &[&str] = &[
    "pxname",
    "svname",
    "qcur",
    "qmax",
    "scur",
    "smax",
    "slim",
    "stot",
    "bin",
    "bout",
    "dreq",
    "dresp",
    "ereq",
    "econ",
    "eresp",
    "wretr",
    "wredis",
    "status",
    "weight",
    "act",
    "bck",
    "chkfail",
    "chkdown",
    "lastchg",
    "downtime",
    "qlimit",
    "pid",
    "iid",
    "sid",
    "throttle",
    "lbtot",
    "tracked",
    "type",
    "rate",
    "rate_lim",
    "rate_max",
    "check_status",
    "check_code",
    "check_duration",
    "hrsp_1xx",
    "hrsp_2xx",
    "hrsp_3xx",
    "hrsp_4xx",
    "hrsp_5xx",
    "hrsp_other",
    "hanafail",
    "req_rate",
    "req_rate_max",
    "req_tot",
    "cli_abrt",
    "srv_abrt",
    "comp_in",
    "comp_out",
    "comp_byp",
    "comp_rsp",
    "lastsess",
    "last_chk",
    "last_agt",
    "qtime",
    "ctime",
    "rtime",
    "ttime",
    "agent_status",
    "agent_code",
    "agent_duration",
    "check_desc",
    "agent_desc",
    "check_rise",
    "check_fall",
    "check_health",
    "agent_rise",
    "agent_fall",
    "agent_health",
    "addr",
    "cookie",
    "mode",
    "algo",
    "conn_rate",
    "conn_rate_max",
    "conn_tot",
    "intercepted",
    "dcon",
    "dses",
    "wrew",
    "connect",
    "reuse",
    "cache_lookups",
    "cache_hits",
    "srv_icur",
    "src_ilim",
    "qtime_max",
    "ctime_max",
    "rtime_max",
    "ttime_max",
    "eint",
    "idle_conn_cur",
    "safe_conn_cur",
    "used_conn_cur",
    "need_conn_est",
    "uweight",
    "agg_server_status",
    "agg_server_check_status",
    "agg_check_status",
];

fn col(name: &str) -> usize {
    CSV_COLUMNS
        .iter()
        .position(|c| *c == name)
        .expect("known column")
}

/// One CSV row under construction.
struct Row(Vec<String>);

impl Row {
    fn new() -> Self {
        Row(vec![String::new(); CSV_COLUMNS.len()])
    }
    fn set(&mut self, name: &str, v: impl ToString) -> &mut Self {
        self.0[col(name)] = v.to_string();
        self
    }
    fn get(&self, name: &str) -> &str {
        &self.0[col(name)]
    }
    fn csv(&self) -> String {
        self.0
            .iter()
            .map(|f| quote(f))
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn quote(f: &str) -> String {
    if f.contains([',', '"', '\n']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

fn mode(m: Mode) -> &'static str {
    match m {
        Mode::Tcp => "tcp",
        Mode::Http => "http",
        Mode::Udp => "udp",
    }
}

fn algo(b: Balance) -> &'static str {
    match b {
        Balance::RoundRobin => "roundrobin",
        Balance::LeastConn => "leastconn",
        Balance::Source => "source",
        Balance::First => "first",
    }
}

/// HTTP counters, as HAProxy 2.6 shows them: filled for HTTP proxies; a TCP frontend shows
/// `req_tot` 0 and the rest empty, TCP servers and backends nothing.
fn http_columns(r: &mut Row, c: &Counters, http: bool, frontend: bool) {
    if http {
        // hrsp_1xx..hrsp_other are consecutive columns, in the order of `Counters::hrsp`.
        let first = col("hrsp_1xx");
        for (i, n) in c.hrsp.iter().enumerate() {
            r.0[first + i] = n.load(Relaxed).to_string();
        }
        r.set("req_tot", c.req_tot.load(Relaxed));
    } else if frontend {
        r.set("req_tot", 0);
    }
}

fn frontend_row(rt: &Runtime, f: &Frontend) -> Row {
    let mut r = Row::new();
    let c = &f.c;
    let slim = f.cfg.maxconn.or(rt.cfg.global.maxconn).unwrap_or(0);
    r.set("pxname", &f.cfg.name)
        .set("svname", "FRONTEND")
        .set("scur", c.cur.load(Relaxed))
        .set("smax", c.max.load(Relaxed))
        .set(
            "slim",
            if slim > 0 {
                slim.to_string()
            } else {
                String::new()
            },
        )
        .set("stot", c.tot.load(Relaxed))
        .set("bin", c.bin.load(Relaxed))
        .set("bout", c.bout.load(Relaxed))
        .set("dreq", c.dreq.load(Relaxed))
        .set("dresp", 0)
        .set("ereq", c.ereq.load(Relaxed))
        .set(
            "status",
            if rt.process.stopping.load(Relaxed) || f.cfg.disabled {
                "STOP"
            } else {
                "OPEN"
            },
        )
        .set("pid", std::process::id())
        .set("iid", f.iid)
        .set("sid", 0)
        .set("type", 0)
        .set("rate", c.rate())
        .set("rate_lim", 0)
        .set("rate_max", c.rate_max.load(Relaxed))
        .set("mode", mode(f.cfg.mode))
        .set("conn_rate", c.rate())
        .set("conn_rate_max", c.rate_max.load(Relaxed))
        .set("conn_tot", c.tot.load(Relaxed));
    http_columns(&mut r, c, f.cfg.mode == Mode::Http, true);
    r
}

fn server_row(b: &Backend, s: &Server) -> Row {
    let mut r = Row::new();
    let c = &s.c;
    let d = lock(&s.detail);
    let (weight, check, health, chkfail, chkdown) =
        (d.weight, d.check.clone(), d.health, d.chkfail, d.chkdown);
    drop(d);
    let own_check = s.cfg.check && s.cfg.track.is_none();
    r.set("pxname", &b.cfg.name)
        .set("svname", &s.cfg.name)
        .set("qcur", 0)
        .set("qmax", 0)
        .set("scur", c.cur.load(Relaxed))
        .set("smax", c.max.load(Relaxed))
        .set(
            "slim",
            if s.cfg.maxconn > 0 {
                s.cfg.maxconn.to_string()
            } else {
                String::new()
            },
        )
        .set("stot", c.tot.load(Relaxed))
        .set("bin", c.bin.load(Relaxed))
        .set("bout", c.bout.load(Relaxed))
        .set("dresp", 0)
        .set("econ", c.econ.load(Relaxed))
        .set("eresp", c.eresp.load(Relaxed))
        .set("wretr", c.wretr.load(Relaxed))
        .set("wredis", c.wredis.load(Relaxed))
        .set("status", s.status())
        .set("weight", weight)
        .set("act", u8::from(!s.cfg.backup))
        .set("bck", u8::from(s.cfg.backup))
        .set("lastchg", s.last_change_secs())
        .set("pid", std::process::id())
        .set("iid", b.iid)
        .set("sid", s.sid)
        .set("lbtot", c.lbtot.load(Relaxed))
        .set("type", 2)
        .set("rate", c.rate())
        .set("rate_max", c.rate_max.load(Relaxed))
        .set("addr", s.addr.map(|a| a.to_string()).unwrap_or_default())
        .set("mode", mode(b.cfg.mode))
        .set("cli_abrt", 0)
        .set("srv_abrt", 0)
        .set("lastsess", -1)
        .set("qtime", 0)
        .set("ctime", 0)
        .set("rtime", 0)
        .set("ttime", 0)
        .set("uweight", weight);
    if let Some(t) = &s.cfg.track {
        r.set("tracked", format!("{}/{}", t.backend, t.server));
    }
    if own_check {
        r.set("chkfail", chkfail)
            .set("chkdown", chkdown)
            .set("downtime", s.downtime().as_secs())
            .set(
                "check_status",
                if check.status.is_empty() {
                    ""
                } else {
                    check.status
                },
            )
            .set(
                "check_code",
                check.code.map(|c| c.to_string()).unwrap_or_default(),
            )
            .set(
                "check_duration",
                check
                    .duration
                    .map(|d| d.as_millis().to_string())
                    .unwrap_or_default(),
            )
            .set("check_desc", &check.desc)
            .set("last_chk", &check.desc)
            .set("check_rise", health.rise)
            .set("check_fall", health.fall)
            .set("check_health", health.health);
    }
    http_columns(&mut r, c, b.cfg.mode == Mode::Http, false);
    r
}

fn backend_row(b: &Backend) -> Row {
    let mut r = Row::new();
    let c = &b.c;
    let lb = b.lb.load();
    let (mut act, mut bck, mut weight) = (0, 0, 0);
    for s in &b.servers {
        if s.usable.load(Relaxed) {
            if s.cfg.backup {
                bck += 1;
            } else {
                act += 1;
            }
        }
    }
    for &i in &lb.list {
        weight += lock(&b.servers[i].detail).weight;
    }
    let d = *lock(&b.detail);
    let downtime = d.3 + d.2.map(|s| s.elapsed()).unwrap_or_default();
    let srv_bytes = |f: fn(&Server) -> u64| b.servers.iter().map(|s| f(s)).sum::<u64>();
    r.set("pxname", &b.cfg.name)
        .set("svname", "BACKEND")
        .set("qcur", c.qcur.load(Relaxed))
        .set("qmax", c.qmax.load(Relaxed))
        .set("scur", c.cur.load(Relaxed))
        .set("smax", c.max.load(Relaxed))
        .set("stot", c.tot.load(Relaxed))
        .set(
            "bin",
            c.bin
                .load(Relaxed)
                .max(srv_bytes(|s| s.c.bin.load(Relaxed))),
        )
        .set(
            "bout",
            c.bout
                .load(Relaxed)
                .max(srv_bytes(|s| s.c.bout.load(Relaxed))),
        )
        .set("dreq", 0)
        .set("dresp", 0)
        .set("econ", c.econ.load(Relaxed))
        .set("eresp", c.eresp.load(Relaxed))
        .set("wretr", c.wretr.load(Relaxed))
        .set("wredis", c.wredis.load(Relaxed))
        // HAProxy calls a backend without any server UP (a stats-only listen, say).
        .set(
            "status",
            if b.is_up() || b.servers.is_empty() {
                "UP"
            } else {
                "DOWN"
            },
        )
        .set("weight", weight)
        .set("act", act)
        .set("bck", bck)
        .set("chkdown", d.4)
        .set("lastchg", d.1.elapsed().as_secs())
        .set("downtime", downtime.as_secs())
        .set("pid", std::process::id())
        .set("iid", b.iid)
        .set("sid", 0)
        .set("lbtot", c.tot.load(Relaxed))
        .set("type", 1)
        .set("rate", c.rate())
        .set("rate_max", c.rate_max.load(Relaxed))
        .set("cli_abrt", 0)
        .set("srv_abrt", 0)
        .set("lastsess", -1)
        .set("qtime", 0)
        .set("ctime", 0)
        .set("rtime", 0)
        .set("ttime", 0)
        .set("mode", mode(b.cfg.mode))
        .set("algo", algo(b.cfg.balance))
        .set("uweight", weight);
    http_columns(&mut r, c, b.cfg.mode == Mode::Http, false);
    r
}

fn rows(rt: &Runtime) -> Vec<Row> {
    let mut out = Vec::new();
    for p in &rt.cfg.proxies {
        if let Some(f) = rt.frontends.iter().find(|f| f.cfg.name == p.name) {
            out.push(frontend_row(rt, f));
        }
        if let Some(b) = rt.backends.iter().find(|b| b.cfg.name == p.name) {
            for s in &b.servers {
                out.push(server_row(b, s));
            }
            out.push(backend_row(b));
        }
    }
    out
}

/// `show stat` / `;csv`: header line, then one row per FRONTEND, server and BACKEND.
pub fn csv(rt: &Runtime) -> String {
    let mut s = format!("# {}\n", CSV_COLUMNS.join(","));
    for r in rows(rt) {
        s.push_str(&r.csv());
        s.push('\n');
    }
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn human_secs(s: u64) -> String {
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{}s", s / 60, s % 60),
        3600..=86399 => format!("{}h{}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d{}h", s / 86400, (s % 86400) / 3600),
    }
}

/// The HTML page.
pub fn html(rt: &Runtime, uri: &str, refresh: Option<u64>, hide_version: bool) -> String {
    let mut h = String::new();
    let title = if hide_version {
        "Statistics Report".to_string()
    } else {
        format!(
            "Statistics Report for rustha proxy {}",
            env!("CARGO_PKG_VERSION")
        )
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>{}<style>\
body{{font-family:Arial,Helvetica,sans-serif;font-size:13px;margin:12px}}\
table{{border-collapse:collapse;margin-bottom:18px;min-width:900px}}\
th,td{{border:1px solid #999;padding:2px 6px;text-align:right}}\
th{{background:#20a0ff;color:#fff}} td.n{{text-align:left;font-weight:bold}}\
caption{{text-align:left;font-size:15px;font-weight:bold;padding:4px 0;background:#b0d0ff}}\
tr.UP td{{background:#c0ffc0}} tr.DOWN td{{background:#ff9090}} tr.GOINGDOWN td{{background:#ffd020}}\
tr.GOINGUP td{{background:#e0e060}} tr.NOLB td{{background:#a0e0ff}} tr.MAINT td{{background:#c07820;color:#fff}}\
tr.NOCHECK td{{background:#e0e0e0}} tr.FE td,tr.BE td{{background:#f0f0f0;font-weight:bold}}\
</style></head><body><h1>{}</h1>\n",
        esc(&title),
        refresh
            .map(|r| format!("<meta http-equiv=\"refresh\" content=\"{r}\">"))
            .unwrap_or_default(),
        esc(&title)
    );
    let _ = writeln!(
        h,
        "<p>pid = {} &middot; uptime = {} &middot; current sessions = {} &middot; generation = {} &middot; <a href=\"{}\">CSV export</a></p>",
        std::process::id(),
        human_secs(rt.process.started.elapsed().map(|d| d.as_secs()).unwrap_or(0)),
        rt.process.sessions.load(Relaxed),
        rt.process.generation.load(Relaxed),
        esc(&format!("{uri};csv"))
    );
    let all = rows(rt);
    for p in &rt.cfg.proxies {
        let _ = write!(
            h,
            "<table id=\"{0}\"><caption>{0} <small>({1})</small></caption>\n<tr><th>Name</th><th>Status</th><th>Last check</th><th>Queue cur/max</th><th>Sessions cur/max/limit</th><th>Total</th><th>Bytes in</th><th>Bytes out</th><th>Conn errors</th><th>Retries/Redisp</th><th>Weight</th><th>Act/Bck</th><th>Chk fail/down</th><th>Last change</th><th>Downtime</th></tr>\n",
            esc(&p.name),
            mode(p.mode)
        );
        for r in all.iter().filter(|r| r.get("pxname") == p.name) {
            let sv = r.get("svname");
            let status = r.get("status");
            let class = match sv {
                "FRONTEND" => "FE",
                "BACKEND" => "BE",
                _ if status.starts_with("UP ") => "GOINGDOWN",
                _ if status.starts_with("DOWN ") => "GOINGUP",
                _ if status.starts_with("UP") => "UP",
                _ if status.starts_with("DOWN") => "DOWN",
                _ if status.starts_with("NOLB") || status.starts_with("DRAIN") => "NOLB",
                _ if status.starts_with("MAINT") => "MAINT",
                _ => "NOCHECK",
            };
            let check = match (
                r.get("check_status"),
                r.get("check_code"),
                r.get("check_duration"),
            ) {
                ("", _, _) if !r.get("tracked").is_empty() => format!("via {}", r.get("tracked")),
                ("", _, _) => String::new(),
                (s, "", d) => format!("{s} in {d}ms"),
                (s, c, d) => format!("{s}/{c} in {d}ms"),
            };
            let lastchg = r
                .get("lastchg")
                .parse::<u64>()
                .map(human_secs)
                .unwrap_or_default();
            let downtime = r
                .get("downtime")
                .parse::<u64>()
                .map(human_secs)
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<tr class=\"{class}\"><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}/{}</td><td>{}/{}/{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}/{}</td><td>{}</td><td>{}/{}</td><td>{}/{}</td><td>{}</td><td>{}</td></tr>",
                esc(sv),
                esc(status),
                esc(&check),
                r.get("qcur"),
                r.get("qmax"),
                r.get("scur"),
                r.get("smax"),
                r.get("slim"),
                r.get("stot"),
                r.get("bin"),
                r.get("bout"),
                r.get("econ"),
                r.get("wretr"),
                r.get("wredis"),
                r.get("weight"),
                r.get("act"),
                r.get("bck"),
                r.get("chkfail"),
                r.get("chkdown"),
                lastchg,
                downtime
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</body></html>\n");
    h
}

/// Prometheus text exposition (names as HAProxy's built-in exporter uses them).
pub fn prometheus(rt: &Runtime) -> String {
    let mut o = String::new();
    let mut metric = |name: &str, help: &str, kind: &str, samples: Vec<(String, String)>| {
        let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for (labels, v) in samples {
            let _ = writeln!(o, "{name}{{{labels}}} {v}");
        }
    };
    let fe = |f: &Frontend| format!("proxy=\"{}\"", f.cfg.name);
    let be = |b: &Backend| format!("proxy=\"{}\"", b.cfg.name);
    let sv =
        |b: &Backend, s: &Server| format!("proxy=\"{}\",server=\"{}\"", b.cfg.name, s.cfg.name);
    let fes = &rt.frontends;
    let bes = &rt.backends;
    metric(
        "haproxy_process_current_connections",
        "Number of active sessions.",
        "gauge",
        vec![(String::new(), rt.process.sessions.load(Relaxed).to_string())],
    );
    metric(
        "haproxy_frontend_current_sessions",
        "Number of current sessions.",
        "gauge",
        fes.iter()
            .map(|f| (fe(f), f.c.cur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_frontend_sessions_total",
        "Total number of sessions.",
        "counter",
        fes.iter()
            .map(|f| (fe(f), f.c.tot.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_frontend_bytes_in_total",
        "Current total of incoming bytes.",
        "counter",
        fes.iter()
            .map(|f| (fe(f), f.c.bin.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_frontend_bytes_out_total",
        "Current total of outgoing bytes.",
        "counter",
        fes.iter()
            .map(|f| (fe(f), f.c.bout.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_status",
        "Current status of the service (1 = UP).",
        "gauge",
        bes.iter()
            .map(|b| (be(b), u8::from(b.is_up()).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_current_sessions",
        "Number of current sessions.",
        "gauge",
        bes.iter()
            .map(|b| (be(b), b.c.cur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_current_queue",
        "Number of current queued connections.",
        "gauge",
        bes.iter()
            .map(|b| (be(b), b.c.qcur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_sessions_total",
        "Total number of sessions.",
        "counter",
        bes.iter()
            .map(|b| (be(b), b.c.tot.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_connection_errors_total",
        "Total number of connection errors.",
        "counter",
        bes.iter()
            .map(|b| (be(b), b.c.econ.load(Relaxed).to_string()))
            .collect(),
    );
    let servers: Vec<(&Backend, &Server)> = bes
        .iter()
        .flat_map(|b| b.servers.iter().map(move |s| (b.as_ref(), s.as_ref())))
        .collect();
    metric(
        "haproxy_server_status",
        "Current status of the server (1 = UP).",
        "gauge",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), u8::from(s.operational()).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_current_sessions",
        "Number of current sessions.",
        "gauge",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.cur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_sessions_total",
        "Total number of sessions.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.tot.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_bytes_in_total",
        "Current total of incoming bytes.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.bin.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_bytes_out_total",
        "Current total of outgoing bytes.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.bout.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_check_failures_total",
        "Total number of failed checks.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), lock(&s.detail).chkfail.to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_check_up_down_total",
        "Total number of UP->DOWN transitions.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), lock(&s.detail).chkdown.to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_downtime_seconds_total",
        "Total downtime (in seconds).",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.downtime().as_secs().to_string()))
            .collect(),
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Process, Runtime};
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn csv_columns_match_haproxy_positions() {
        // Positions monitoring tools rely on.
        assert_eq!(col("status"), 17);
        assert_eq!(col("check_status"), 36);
        assert_eq!(col("type"), 32);
        assert_eq!(col("addr"), 73);
        let cfg = crate::config::Config::parse(
            Path::new("t"),
            "listen l\n bind 127.0.0.1:1\n server a 127.0.0.1:2 check\n server b 127.0.0.1:3\n server c 127.0.0.1:4 track a backup\n",
        )
        .unwrap();
        let rt = Runtime::build(cfg, Arc::new(Process::default()), None);
        let text = csv(&rt);
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
        assert!(lines[0][0].starts_with("# pxname"));
        assert!(lines.iter().all(|l| l.len() == CSV_COLUMNS.len()));
        let names: Vec<(&str, &str)> = lines[1..].iter().map(|l| (l[1], l[17])).collect();
        assert_eq!(
            names,
            [
                ("FRONTEND", "OPEN"),
                ("a", "UP 1/3"),
                ("b", "no check"),
                ("c", "UP 1/3"),
                ("BACKEND", "UP")
            ]
        );
        assert_eq!(lines[4][31], "l/a");
        let page = html(&rt, "/", Some(5), true);
        assert!(page.contains("<td class=\"n\">a</td><td>UP 1/3</td>"));
        assert!(prometheus(&rt).contains("haproxy_server_status{proxy=\"l\",server=\"b\"} 1"));
    }
}
