//! The HTML stats page, for a person to read.

use std::fmt::Write as _;
use std::sync::atomic::Ordering::Relaxed;

use super::{mode, rows};
use crate::runtime::state::Runtime;

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
        "<p>pid = {} &middot; uptime = {} &middot; current sessions = {} &middot; generation = {} &middot; <a href=\"{}\">CSV export</a> &middot; <a href=\"{}\">JSON export</a></p>",
        std::process::id(),
        human_secs(rt.process.started.elapsed().map(|d| d.as_secs()).unwrap_or(0)),
        rt.process.sessions.load(Relaxed),
        rt.process.generation.load(Relaxed),
        esc(&format!("{uri};csv")),
        esc(&format!("{uri};json"))
    );
    let all = rows(rt, false);
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
