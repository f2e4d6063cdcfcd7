//! Prometheus text exposition, with the metric names of HAProxy's built-in exporter.

use std::fmt::Write as _;
use std::sync::atomic::Ordering::Relaxed;

use crate::runtime::lock;
use crate::runtime::state::{Backend, Frontend, Runtime, Server};

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
