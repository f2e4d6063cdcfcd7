//! HAProxy 2.6 is the oracle for the JSON stats: both run the same configuration (a frontend, a
//! backend with two checked servers, one of them failing its check, an HTTP listener and an HTTP
//! stats listener) on loopback, carry the same few sessions and requests, and their `show stat json`, `show stat typed`,
//! `show info json` and the stats page's `;json` are compared structurally: the same objects in
//! the same order; for every field the proxy has, the same position, name, tags and value type as
//! HAProxy's; the fields only HAProxy has must be counters the proxy does not measure (listed
//! below); and the same values for the fields that do not depend on timing.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use rustha_harness::proxy::{free_port, http_get, Banner, Daemon, HealthEndpoint, TempDir};

/// Columns HAProxy 2.6 fills that the proxy does not measure, so its rows leave them out.
const NOT_MEASURED: &[&str] = &[
    "wrew",
    "eint",
    "connect",
    "reuse",
    "srv_icur",
    "qtime_max",
    "ctime_max",
    "rtime_max",
    "ttime_max",
    "idle_conn_cur",
    "safe_conn_cur",
    "used_conn_cur",
    "need_conn_est",
    "agg_server_status",
    "agg_server_check_status",
    "agg_check_status",
    // HTTP frontends.
    "req_rate",
    "req_rate_max",
];

/// Fields whose values must be equal once both sides are settled and carried the same sessions
/// (the others move with time: ages, durations, rates, check counts).
const STABLE: &[&str] = &[
    "pxname",
    "svname",
    "intercepted",
    "qcur",
    "qmax",
    "scur",
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
    "chkdown",
    "pid",
    "iid",
    "sid",
    "lbtot",
    "tracked",
    "type",
    "rate_lim",
    "check_status",
    "check_code",
    "hrsp_1xx",
    "hrsp_2xx",
    "hrsp_3xx",
    "hrsp_4xx",
    "hrsp_5xx",
    "hrsp_other",
    "req_tot",
    "cli_abrt",
    "srv_abrt",
    "comp_in",
    "comp_out",
    "comp_byp",
    "comp_rsp",
    "last_chk",
    "check_desc",
    "check_rise",
    "check_fall",
    "check_health",
    "addr",
    "cookie",
    "mode",
    "algo",
    "conn_tot",
    "dcon",
    "dses",
    "cache_lookups",
    "cache_hits",
    "uweight",
];

/// Traffic counters of the stats listener itself: they count the very requests that read the
/// stats, each side is read a different number of times and its pages differ in size (and
/// HAProxy books client aborts on its stats applet's BACKEND), so their values are not
/// compared.
const STATS_TRAFFIC: &[&str] = &[
    "stot",
    "bin",
    "bout",
    "smax",
    "req_tot",
    "hrsp_1xx",
    "hrsp_2xx",
    "hrsp_3xx",
    "hrsp_4xx",
    "hrsp_5xx",
    "hrsp_other",
    "cli_abrt",
    "srv_abrt",
    "conn_tot",
    "lbtot",
];

const AUTH: &str = "b3BzOnB3"; // ops:pw

struct Side {
    daemon: Daemon,
    front: u16,
    web: u16,
    stats: u16,
    _dir: TempDir,
}

fn start(haproxy: bool, srv: &Banner, ok: &HealthEndpoint, ko: &HealthEndpoint) -> Side {
    let dir = TempDir::new(if haproxy {
        "json-haproxy"
    } else {
        "json-proxy"
    });
    let sock = dir.path("admin.sock");
    let (front, web, stats) = (free_port(), free_port(), free_port());
    let cfg = dir.write(
        "haproxy.cfg",
        &format!(
            "global\n  maxconn 500\n  stats socket {sock} mode 600 level admin\n\
defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10s\n  timeout server 10s\n  timeout check 1s\n\
frontend fe\n  bind 127.0.0.1:{front}\n  maxconn 100\n  default_backend be\n\
backend be\n  option httpchk GET /health\n\
  server up {srv} check port {okp} inter 200 rise 2 fall 3\n\
  server down {srv} check port {kop} inter 200 rise 2 fall 2 weight 5\n\
listen web\n  mode http\n  bind 127.0.0.1:{web}\n  server w1 {okaddr}\n\
listen stats\n  mode http\n  bind 127.0.0.1:{stats}\n  stats enable\n  stats uri /pstats\n  stats auth ops:pw\n",
            sock = sock.display(),
            srv = srv.addr,
            okp = ok.addr.port(),
            okaddr = ok.addr,
            kop = ko.addr.port(),
        ),
    );
    let daemon = Daemon::either(haproxy, &dir, &cfg, &sock);
    Side {
        daemon,
        front,
        web,
        stats,
        _dir: dir,
    }
}

/// One session through the frontend: read the banner, one echo, close.
fn session(port: u16) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect through the frontend");
    s.set_read_timeout(Some(Duration::from_secs(3))).ok();
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"srv\n");
    s.write_all(b"ping\n").unwrap();
    let mut got = 0;
    while got < 5 {
        match s.read(&mut buf[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    assert_eq!(&buf[..got], b"ping\n");
}

fn json(d: &Daemon, cmd: &str) -> Value {
    let text = d.cmd(cmd);
    assert!(
        text.ends_with("\n\n"),
        "{cmd}: no closing empty line: {text:?}"
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{cmd}: {e}: {text}"))
}

/// Name of a field object, and the object's (objType, proxyId, id).
fn key(f: &Value) -> (String, String) {
    (
        f["field"]["name"].as_str().unwrap_or("?").to_string(),
        format!("{}/{}/{}", f["objType"], f["proxyId"], f["id"]),
    )
}

fn by_pos(obj: &Value) -> BTreeMap<u64, &Value> {
    obj.as_array()
        .expect("an object is an array of fields")
        .iter()
        .map(|f| (f["field"]["pos"].as_u64().expect("pos"), f))
        .collect()
}

/// Every difference between the proxy's stats JSON and HAProxy's (empty: none).
fn compare_stats(ours: &Value, theirs: &Value, values: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let (ours, theirs) = (ours.as_array().unwrap(), theirs.as_array().unwrap());
    if ours.len() != theirs.len() {
        problems.push(format!(
            "{} objects, HAProxy has {}",
            ours.len(),
            theirs.len()
        ));
    }
    for (o, t) in ours.iter().zip(theirs) {
        let (po, pt) = (by_pos(o), by_pos(t));
        let obj = key(pt.values().next().unwrap()).1;
        // Fields must be in increasing position order, as HAProxy writes them.
        let order: Vec<u64> = o
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"]["pos"].as_u64().unwrap())
            .collect();
        if !order.windows(2).all(|w| w[0] < w[1]) {
            problems.push(format!("{obj}: fields out of order: {order:?}"));
        }
        for (pos, f) in &po {
            let Some(h) = pt.get(pos) else {
                problems.push(format!("{obj}: field {} only in ours", key(f).0));
                continue;
            };
            for part in ["objType", "proxyId", "id", "field", "processNum", "tags"] {
                if f[part] != h[part] {
                    problems.push(format!(
                        "{obj} pos {pos}: {part} {} vs HAProxy's {}",
                        f[part], h[part]
                    ));
                }
            }
            if f["value"]["type"] != h["value"]["type"] {
                problems.push(format!(
                    "{obj} {}: type {} vs HAProxy's {}",
                    key(f).0,
                    f["value"]["type"],
                    h["value"]["type"]
                ));
            }
            let name = key(f).0;
            let px = &pt[&0]["value"]["value"];
            let stats_traffic = px == "stats" && STATS_TRAFFIC.contains(&name.as_str());
            // HAProxy counts an HTTP proxy's bytes in its internal (HTX) message format, the
            // proxy counts the messages as it forwards them (with its own header changes): the
            // two are different measures, not compared.
            let http_bytes = px == "web" && (name == "bin" || name == "bout");
            if values
                && STABLE.contains(&name.as_str())
                && !stats_traffic
                && !http_bytes
                && f["value"] != h["value"]
            {
                problems.push(format!(
                    "{obj} {name}: {} vs HAProxy's {}",
                    f["value"]["value"], h["value"]["value"]
                ));
            }
        }
        for (pos, h) in &pt {
            let name = key(h).0;
            // Beyond agg_check_status HAProxy adds module counters (SSL, H1, H2) we do not have.
            if *pos <= 102 && !po.contains_key(pos) && !NOT_MEASURED.contains(&name.as_str()) {
                problems.push(format!("{obj}: HAProxy's {name} (pos {pos}) missing"));
            }
        }
    }
    problems
}

/// Settled: `up` UP, `down` DOWN, no check in flight ("* " prefix), no session open on the
/// frontend, backend or servers (HAProxy books a session's bytes as it ends).
fn settled(d: &Daemon) -> bool {
    let rows = d.stat();
    let row = |px: &str, sv: &str| {
        rows.iter()
            .find(|r| r.len() > 36 && r[0] == px && r[1] == sv)
    };
    let idle = [
        "fe/FRONTEND",
        "be/up",
        "be/down",
        "be/BACKEND",
        "web/FRONTEND",
        "web/w1",
        "web/BACKEND",
    ]
    .iter()
    .all(|k| {
        let (px, sv) = k.split_once('/').unwrap();
        row(px, sv).is_some_and(|r| r[4] == "0")
    });
    let checked = |sv: &str, status: &str| {
        row("be", sv).is_some_and(|r| r[17] == status && !r[36].starts_with('*'))
    };
    idle && checked("up", "UP") && checked("down", "DOWN")
}

fn wait_settled(d: &Daemon) -> bool {
    let end = Instant::now() + Duration::from_secs(8);
    while Instant::now() < end {
        if settled(d) {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Whether a JSON document caught a check in flight (`check_status` "* L7OK"). The CSV reads
/// around a snapshot cannot rule that out: a 1 ms check may start and end between them.
fn check_in_flight(v: &Value) -> bool {
    v.as_array().unwrap().iter().any(|o| {
        o.as_array().unwrap().iter().any(|f| {
            f["field"]["name"] == "check_status"
                && f["value"]["value"]
                    .as_str()
                    .is_some_and(|s| s.starts_with('*'))
        })
    })
}

/// Take both JSON documents when both sides are settled (a check may start between the two
/// reads: retry then).
fn snapshot(h: &Daemon, p: &Daemon, cmd: &str) -> (Value, Value) {
    for _ in 0..50 {
        if settled(h) && settled(p) {
            let (vh, vp) = (json(h, cmd), json(p, cmd));
            if settled(h) && settled(p) && !check_in_flight(&vh) && !check_in_flight(&vp) {
                return (vh, vp);
            }
        }
        thread::sleep(Duration::from_millis(15));
    }
    panic!("the two daemons never settled together");
}

#[test]
fn stats_json_matches_haproxy() {
    let srv = Banner::start("127.0.0.1", 0, "srv");
    let ok = HealthEndpoint::start("127.0.0.1", 0, 200);
    let ko = HealthEndpoint::start("127.0.0.1", 0, 503);
    let h = start(true, &srv, &ok, &ko);
    let p = start(false, &srv, &ok, &ko);
    assert!(wait_settled(&h.daemon), "HAProxy: {:?}", h.daemon.stat());
    assert!(
        wait_settled(&p.daemon),
        "proxy: {:?}\n{}",
        p.daemon.stat(),
        p.daemon.log_text()
    );
    // The same sessions on both, one after the other.
    for _ in 0..3 {
        session(h.front);
        session(p.front);
    }
    // And the same HTTP requests through the HTTP listener.
    for path in ["/a", "/b", "/c"] {
        for port in [h.web, p.web] {
            let (code, _) = http_get(
                std::net::SocketAddr::from(([127, 0, 0, 1], port)),
                path,
                None,
            );
            assert_eq!(code, 200);
        }
    }

    // show stat json
    let (vh, vp) = snapshot(&h.daemon, &p.daemon, "show stat json");
    let problems = compare_stats(&vp, &vh, true);
    assert!(
        problems.is_empty(),
        "show stat json differs from HAProxy 2.6:\n{}\nours: {vp}\nHAProxy: {vh}",
        problems.join("\n")
    );
    // The objects, in order.
    let objects = |v: &Value| -> Vec<(String, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let f = by_pos(o);
                (f[&0]["value"]["value"].to_string(), key(f[&1]).1)
            })
            .collect()
    };
    println!("objects: {:?}", objects(&vp));
    assert_eq!(objects(&vp).len(), 9);

    // HAProxy's selection arguments: by proxy name or id, type mask, server id.
    for cmd in [
        "show stat be 4 -1 json",
        "show stat 3 -1 2 json",
        "show stat -1 1 -1 json",
    ] {
        let (vh, vp) = snapshot(&h.daemon, &p.daemon, cmd);
        let problems = compare_stats(&vp, &vh, true);
        assert!(
            problems.is_empty() && !vp.as_array().unwrap().is_empty(),
            "{cmd}:\n{}",
            problems.join("\n")
        );
    }
    assert_eq!(
        p.daemon.cmd("show stat nope 1 -1"),
        h.daemon.cmd("show stat nope 1 -1")
    );

    // show stat typed: every line of ours, up to the value, is one of HAProxy's.
    let typed_keys = |d: &Daemon| -> Vec<String> {
        d.cmd("show stat typed")
            .lines()
            .filter(|l| !l.is_empty())
            // "S.3.1.73.addr.1:CGS:str:127.0.0.1:80": the value may hold colons.
            .map(|l| l.splitn(4, ':').take(3).collect::<Vec<_>>().join(":"))
            .collect()
    };
    let (th, tp) = (typed_keys(&h.daemon), typed_keys(&p.daemon));
    let missing: Vec<&String> = tp.iter().filter(|k| !th.contains(k)).collect();
    assert!(
        !tp.is_empty() && missing.is_empty(),
        "typed fields HAProxy does not print this way: {missing:?}"
    );

    // show info json: each of our fields where HAProxy 2.6 has it, with its tags and type;
    // Generation is ours, after HAProxy 2.6's last field.
    let (ih, ip) = (
        json(&h.daemon, "show info json"),
        json(&p.daemon, "show info json"),
    );
    let hmap: BTreeMap<u64, &Value> = ih
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"]["pos"].as_u64().unwrap(), f))
        .collect();
    let mut info_problems = Vec::new();
    for f in ip.as_array().unwrap() {
        let pos = f["field"]["pos"].as_u64().unwrap();
        let name = f["field"]["name"].as_str().unwrap();
        if name == "Generation" {
            if hmap.contains_key(&pos) {
                info_problems.push(format!("Generation at {pos}, taken by HAProxy"));
            }
            continue;
        }
        let Some(hf) = hmap.get(&pos) else {
            info_problems.push(format!("{name} (pos {pos}) not in HAProxy's"));
            continue;
        };
        for part in ["field", "processNum", "tags"] {
            if f[part] != hf[part] {
                info_problems.push(format!("{name}: {part} {} vs {}", f[part], hf[part]));
            }
        }
        if f["value"]["type"] != hf["value"]["type"] {
            info_problems.push(format!("{name}: type {}", f["value"]["type"]));
        }
        if [
            "Nbproc",
            "Process_num",
            "Maxconn",
            "Hard_maxconn",
            "node",
            "Stopping",
        ]
        .contains(&name)
            && f["value"] != hf["value"]
        {
            info_problems.push(format!(
                "{name}: {} vs HAProxy's {}",
                f["value"]["value"], hf["value"]["value"]
            ));
        }
    }
    assert!(
        info_problems.is_empty(),
        "show info json differs:\n{}\nours: {ip}",
        info_problems.join("\n")
    );

    // The stats page's ;json, behind the same Basic auth as the page.
    let page = |port: u16, auth: Option<&str>| {
        let (code, resp) = http_get(
            std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            "/pstats;json",
            auth,
        );
        let (head, body) = resp.split_once("\r\n\r\n").unwrap_or((&resp, ""));
        (code, head.to_ascii_lowercase(), body.to_string())
    };
    assert_eq!(page(h.stats, None).0, 401);
    assert_eq!(page(p.stats, None).0, 401);
    let mut last = Vec::new();
    for _ in 0..50 {
        if settled(&h.daemon) && settled(&p.daemon) {
            let (ch, hh, bh) = page(h.stats, Some(AUTH));
            let (cp, hp, bp) = page(p.stats, Some(AUTH));
            assert_eq!((cp, ch), (200, 200));
            assert!(hh.contains("content-type: application/json"), "{hh}");
            assert!(hp.contains("content-type: application/json"), "{hp}");
            // HAProxy may send the page chunked; ours has a length: compare the documents.
            let bh = if hh.contains("transfer-encoding: chunked") {
                dechunk(&bh)
            } else {
                bh
            };
            let vh: Value =
                serde_json::from_str(&bh).unwrap_or_else(|e| panic!("HAProxy's ;json: {e}"));
            let vp: Value = serde_json::from_str(&bp).unwrap_or_else(|e| panic!("{e}: {bp}"));
            assert!(bp.ends_with("]]\n"), "{bp:?}");
            last = compare_stats(&vp, &vh, true);
            if last.is_empty() && settled(&h.daemon) && settled(&p.daemon) {
                return;
            }
        }
        thread::sleep(Duration::from_millis(15));
    }
    panic!(";json differs from HAProxy 2.6's:\n{}", last.join("\n"));
}

/// The body of a chunked HTTP/1.1 response.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}
