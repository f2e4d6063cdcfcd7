//! HTTP mode end to end on loopback with real HTTP origin servers: seed 000's HTTP listener
//! (X-Forwarded-For, backup only while the primary is DOWN, stats at /pstats behind auth),
//! seed 002's FE frontend as written (TCP mode with a `path_beg` ACL: routed on the complete
//! request head however the client splits it, and `proxy check` names the line that set the
//! mode), keep-alive with per-request round robin over pooled server connections, pipelining,
//! chunked and 100-continue bodies, ACL routing, `http-request` rules, error pages, and
//! `timeout http-request` cutting off a client that sends one byte per second.

use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rustha_harness::httpd::{raw, statuses, Client, Httpd};
use rustha_harness::proxy::{
    example, free_port, http_get, seed000_on_loopback, wait_for, Daemon, TempDir,
};

fn addr(port: u16) -> SocketAddr {
    format!("127.0.0.1:{port}").parse().unwrap()
}

#[test]
fn seed000_http_listener_forwardfor_backup_and_stats() {
    let d = TempDir::new("proxy-http-seed000");
    let (p80, p443, f80, f443) = (free_port(), free_port(), free_port(), free_port());
    let as1 = Httpd::start("127.0.0.1", p80, "as1");
    let as2 = Httpd::start("127.0.0.2", p80, "as2");
    let cfg = seed000_on_loopback(&d, p80, p443, f80, f443);
    let cfg = d.write("haproxy.cfg", &cfg);
    let px = Daemon::proxy(&d, &cfg);
    assert!(
        wait_for(Duration::from_secs(10), || px.status("gvg-as", "gvg-as1")
            == "UP"),
        "primary never UP: {}",
        px.cmd("show stat")
    );
    // A client on 127.0.0.3: the application server sees that address in X-Forwarded-For.
    let mut c = Client::connect(addr(f80), Some("127.0.0.3"));
    for i in 0..10 {
        let (code, _, body) = c.request(&format!("GET /app/{i} HTTP/1.1\r\nHost: gvg\r\n\r\n"));
        assert_eq!(code, 200);
        assert_eq!(body, b"as1\n");
    }
    let got = as1.requests_to("/app/");
    assert_eq!(got.len(), 10);
    for r in &got {
        assert_eq!(
            r.header("x-forwarded-for"),
            vec!["127.0.0.3".to_string()],
            "{}",
            r.head
        );
    }
    assert!(
        as2.requests_to("/app/").is_empty(),
        "the backup got traffic while the primary was UP"
    );
    // The primary's check fails: the backup serves, and only while the primary is DOWN.
    let t0 = Instant::now();
    as1.set_status(500);
    assert!(
        wait_for(Duration::from_secs(15), || px.status("gvg-as", "gvg-as1")
            == "DOWN"),
        "primary never DOWN"
    );
    println!(
        "primary DOWN {:?} after its check started failing",
        t0.elapsed()
    );
    let mut c = Client::connect(addr(f80), Some("127.0.0.3"));
    for _ in 0..5 {
        let (code, _, body) = c.request("GET /app/b HTTP/1.1\r\nHost: gvg\r\n\r\n");
        assert_eq!((code, body.as_slice()), (200, &b"as2\n"[..]));
    }
    as1.set_status(200);
    assert!(
        wait_for(Duration::from_secs(15), || px.status("gvg-as", "gvg-as1")
            == "UP"),
        "primary never came back"
    );
    as2.clear();
    for _ in 0..5 {
        let (code, _, body) = c.request("GET /app/c HTTP/1.1\r\nHost: gvg\r\n\r\n");
        assert_eq!((code, body.as_slice()), (200, &b"as1\n"[..]));
    }
    assert!(
        as2.requests_to("/app/").is_empty(),
        "the backup kept traffic after the primary came back"
    );
    // Stats at /pstats, behind Basic auth (admin:secret in the example).
    assert_eq!(http_get(addr(f80), "/pstats", None).0, 401);
    let (code, body) = http_get(addr(f80), "/pstats;csv", Some("YWRtaW46c2VjcmV0"));
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("gvg-as,gvg-as1,"), "{body}");
    assert!(as1.requests_to("/pstats").is_empty() && as2.requests_to("/pstats").is_empty());
}

#[test]
fn seed002_fe_tcp_mode_routes_on_the_complete_head() {
    let d = TempDir::new("proxy-http-seed002");
    let (fe, stats, apache_p, sms_p) = (free_port(), free_port(), free_port(), free_port());
    let apache = Httpd::start("127.0.0.1", apache_p, "apache");
    let sms1 = Httpd::start("127.0.0.1", sms_p, "sms-01");
    let sms2 = Httpd::start("127.0.0.2", sms_p, "sms-02");
    let text = example("seed002-fe.cfg")
        .replace("*:7000", &format!("127.0.0.1:{stats}"))
        .replace("*:80", &format!("127.0.0.1:{fe}"))
        .replace("127.0.0.1:81", &format!("127.0.0.1:{apache_p}"))
        .replace(":80 maxconn", &format!(":{sms_p} maxconn"));
    let cfg = d.write("haproxy.cfg", &text);
    // `proxy check` warns about the layer-7 ACL in a TCP-mode frontend and names the line
    // that set the mode (`mode tcp` in `defaults`).
    let mode_line = text.lines().position(|l| l.trim() == "mode tcp").unwrap() + 1;
    let out = std::process::Command::new(rustha_harness::bin("proxy"))
        .args(["check", "-f"])
        .arg(&cfg)
        .output()
        .unwrap();
    let msg =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{msg}");
    assert!(
        msg.contains("path_beg") && msg.contains(&format!("mode set by line {mode_line}")),
        "{msg}"
    );
    let px = Daemon::proxy(&d, &cfg);
    assert!(wait_for(Duration::from_secs(10), || px
        .status("jarvis", "sms-01")
        == "UP"));
    // HAProxy 2.6 routes up to half of these to apache, all of them when the client pauses
    // before sending: every one must reach jarvis, whatever the packet boundaries.
    let mut jarvis = 0;
    for i in 0..12 {
        let mut s = std::net::TcpStream::connect(addr(fe)).unwrap();
        s.set_nodelay(true).unwrap();
        let req = format!(
            "GET /n2acd-fe/jarvis-agent/api/{i} HTTP/1.1\r\nHost: fe\r\nConnection: close\r\n\r\n"
        );
        match i % 3 {
            0 => s.write_all(req.as_bytes()).unwrap(),
            1 => {
                std::thread::sleep(Duration::from_millis(20));
                s.write_all(req.as_bytes()).unwrap();
            }
            _ => {
                for part in req.as_bytes().chunks(7) {
                    s.write_all(part).unwrap();
                    std::thread::sleep(Duration::from_millis(3));
                }
            }
        }
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut s, &mut out);
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
        if out.ends_with("sms-01\n") || out.ends_with("sms-02\n") {
            jarvis += 1;
        }
    }
    assert_eq!(jarvis, 12, "jarvis requests went to apache");
    assert!(apache.requests_to("/n2acd-fe").is_empty());
    let both = sms1.requests_to("/n2acd-fe").len() + sms2.requests_to("/n2acd-fe").len();
    assert_eq!(both, 12);
    // Everything else goes to apache.
    for p in ["/", "/n2acd-fe/other", "/index.html?n2acd-fe/jarvis-agent"] {
        let out = raw(
            addr(fe),
            format!("GET {p} HTTP/1.1\r\nHost: fe\r\nConnection: close\r\n\r\n").as_bytes(),
            Duration::from_secs(3),
        );
        assert!(String::from_utf8_lossy(&out).ends_with("apache\n"), "{p}");
    }
}

const BASE: &str = "global
    maxconn 1000
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 3s
    timeout http-request 2s
    timeout http-keep-alive 2s
";

#[test]
fn keepalive_round_robin_pool_pipelining_bodies() {
    let d = TempDir::new("proxy-http-ka");
    let f = free_port();
    let a = Httpd::start("127.0.0.1", 0, "a");
    let b = Httpd::start("127.0.0.1", 0, "b");
    let cfg = format!(
        "{BASE}listen web
    bind 127.0.0.1:{f}
    option forwardfor
    server a {} 
    server b {}
",
        a.addr, b.addr
    );
    let cfg = d.write("haproxy.cfg", &cfg);
    let px = Daemon::proxy(&d, &cfg);
    // One keep-alive client connection: each request is balanced on its own.
    let mut c = Client::connect(addr(f), None);
    let mut seq = Vec::new();
    for i in 0..10 {
        let (code, head, body) = c.request(&format!("GET /ka/{i} HTTP/1.1\r\nHost: x\r\n\r\n"));
        assert_eq!(code, 200, "{head}");
        assert!(!head.to_ascii_lowercase().contains("connection: close"));
        seq.push(String::from_utf8(body).unwrap());
    }
    assert!(
        seq.windows(2).all(|w| w[0] != w[1]),
        "not per-request round robin: {seq:?}"
    );
    // Sequential client connections: as with HAProxy's default `http-reuse safe`, each client's
    // first request goes on a new server connection, and the later ones reuse idle ones.
    let conns = || {
        a.conns.load(std::sync::atomic::Ordering::SeqCst)
            + b.conns.load(std::sync::atomic::Ordering::SeqCst)
    };
    let before = conns();
    for i in 0..10 {
        let mut c = Client::connect(addr(f), None);
        for j in 0..3 {
            assert_eq!(
                c.request(&format!("GET /reuse/{i}/{j} HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .0,
                200
            );
        }
    }
    let server_conns = conns() - before;
    println!("30 requests over 10 client connections used {server_conns} new server connections");
    assert!(
        (10..=14).contains(&server_conns),
        "one new server connection per client's first request, idle ones for the rest: {server_conns}"
    );
    // Pipelining: three requests in one write, answered in order.
    let out = raw(
        addr(f),
        b"GET /p/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p/2 HTTP/1.1\r\nHost: x\r\n\r\nGET /p/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(3),
    );
    assert_eq!(
        statuses(&out),
        vec![200, 200, 200],
        "{}",
        String::from_utf8_lossy(&out)
    );
    // Bodies: Content-Length, chunked (with a pipelined request behind it), 100-continue.
    let mut c = Client::connect(addr(f), None);
    let (code, _, _) =
        c.request("POST /body/cl HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");
    assert_eq!(code, 200);
    let (code, _, _) = c.request("POST /body/chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    assert_eq!(code, 200);
    let big = "z".repeat(200_000);
    let (code, _, _) = c.request(&format!(
        "PUT /body/big HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{big}",
        big.len()
    ));
    assert_eq!(code, 200);
    c.stream().write_all(b"POST /body/expect HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n").unwrap();
    let (code, _, _) = c.response();
    assert_eq!(code, 100, "no 100 Continue relayed");
    c.stream().write_all(b"data").unwrap();
    assert_eq!(c.response().0, 200);
    let all: Vec<_> = a
        .requests_to("/body/")
        .into_iter()
        .chain(b.requests_to("/body/"))
        .collect();
    let body_of = |p: &str| {
        all.iter()
            .find(|r| r.line().contains(p))
            .map(|r| r.body.clone())
            .unwrap_or_default()
    };
    assert_eq!(body_of("/body/cl"), b"hello world");
    assert_eq!(body_of("/body/chunked"), b"hello world");
    assert_eq!(body_of("/body/big").len(), 200_000);
    assert_eq!(body_of("/body/expect"), b"data");
    for r in &all {
        assert_eq!(r.header("x-forwarded-for"), vec!["127.0.0.1".to_string()]);
    }
    // Byte counters (CSV bin, bout) include heads and bodies.
    for sv in ["FRONTEND", "BACKEND"] {
        let row = px
            .stat()
            .into_iter()
            .find(|r| r[0] == "web" && r[1] == sv)
            .unwrap();
        let (bin, bout): (u64, u64) = (row[8].parse().unwrap(), row[9].parse().unwrap());
        assert!(bin > 200_000 && bout > 1000, "{sv}: bin {bin} bout {bout}");
    }
}

#[test]
fn acl_routing_rules_and_error_pages() {
    let d = TempDir::new("proxy-http-acl");
    let f = free_port();
    let api = Httpd::start("127.0.0.1", 0, "api");
    let web = Httpd::start("127.0.0.1", 0, "web");
    let slow = Httpd::start("127.0.0.1", 0, "slow");
    slow.set_delay(Duration::from_secs(5));
    let dead = free_port();
    let cfg = format!(
        "{BASE}frontend fe
    bind 127.0.0.1:{f}
    acl is_api path_beg /api/
    acl is_api path_reg ^/v[0-9]+/
    acl host_admin hdr(host) -i admin.example
    acl post method POST
    acl local src 127.0.0.0/8
    acl old path_end .php
    http-request deny if old
    http-request deny deny_status 400 if {{ path_beg /bad }}
    http-request redirect location /new code 301 if {{ path /moved }}
    http-request set-header X-Set one
    http-request add-header X-Added two
    http-request del-header X-Secret
    use_backend api_be if is_api post || host_admin
    use_backend slow_be if {{ path_beg /slow }}
    use_backend dead_be if {{ path_beg /dead }}
    use_backend none_be if {{ path_beg /none }} local
    use_backend api_be unless !{{ hdr_beg(host) api. }}
    default_backend web_be
backend api_be
    server s {}
backend web_be
    server s {}
backend slow_be
    server s {}
backend dead_be
    retries 0
    server s 127.0.0.1:{dead}
backend none_be
    server s 127.0.0.1:{dead} disabled
",
        api.addr, web.addr, slow.addr
    );
    let cfg = d.write("haproxy.cfg", &cfg);
    let _px = Daemon::proxy(&d, &cfg);
    let mut c = Client::connect(addr(f), None);
    let mut go = |req: &str| {
        let (code, head, body) = c.request(req);
        (code, head, String::from_utf8_lossy(&body).to_string())
    };
    assert_eq!(
        go("POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").2,
        "api\n"
    );
    assert_eq!(go("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n").2, "web\n");
    assert_eq!(
        go("POST /v2/x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").2,
        "api\n"
    );
    assert_eq!(
        go("GET /x HTTP/1.1\r\nHost: ADMIN.example\r\n\r\n").2,
        "api\n"
    );
    assert_eq!(
        go("GET /x HTTP/1.1\r\nHost: api.example\r\n\r\n").2,
        "api\n"
    );
    let (code, head, _) = go("GET /moved HTTP/1.1\r\nHost: a\r\n\r\n");
    assert_eq!(code, 301);
    assert!(
        head.to_ascii_lowercase().contains("location: /new"),
        "{head}"
    );
    assert_eq!(
        go("GET /x HTTP/1.1\r\nHost: a\r\nX-Secret: s\r\nX-Set: zero\r\n\r\n").2,
        "web\n"
    );
    let r = web.requests_to("/x").pop().unwrap();
    assert_eq!(r.header("x-set"), vec!["one"]);
    assert_eq!(r.header("x-added"), vec!["two"]);
    assert!(r.header("x-secret").is_empty());
    // Error pages, as HAProxy 2.6 words them.
    let (code, _, body) = go("GET /index.php HTTP/1.1\r\nHost: a\r\n\r\n");
    assert_eq!(code, 403);
    assert!(body.contains("Request forbidden by administrative rules."));
    let page = |p: &str| {
        let out = raw(
            addr(f),
            // Closed after the answer: a 503 for want of a server keeps a keep-alive
            // connection open, as HAProxy does.
            format!("GET {p} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").as_bytes(),
            Duration::from_secs(6),
        );
        String::from_utf8_lossy(&out).to_string()
    };
    assert!(page("/bad").starts_with("HTTP/1.1 400 Bad request"));
    assert!(page("/dead").starts_with("HTTP/1.1 503 Service Unavailable"));
    assert!(page("/none").starts_with("HTTP/1.1 503 Service Unavailable"));
    let t = Instant::now();
    let p = page("/slow");
    assert!(p.starts_with("HTTP/1.1 504 Gateway Time-out"), "{p}");
    println!("504 after {:?} (timeout server 3s)", t.elapsed());
    let bad = raw(addr(f), b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", Duration::from_secs(3));
    assert!(bad.starts_with(b"HTTP/1.1 400 Bad request"));
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: {}\r\n\r\n",
        "b".repeat(20_000)
    );
    assert!(raw(addr(f), huge.as_bytes(), Duration::from_secs(3))
        .starts_with(b"HTTP/1.1 400 Bad request"));
}

#[test]
fn slow_client_is_cut_off_by_timeout_http_request() {
    let d = TempDir::new("proxy-http-slow");
    let f = free_port();
    let web = Httpd::start("127.0.0.1", 0, "web");
    let cfg = format!(
        "{BASE}listen web\n    bind 127.0.0.1:{f}\n    server s {}\n",
        web.addr
    );
    let cfg = d.write("haproxy.cfg", &cfg);
    let _px = Daemon::proxy(&d, &cfg);
    let mut s = std::net::TcpStream::connect(addr(f)).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let req = b"GET / HTTP/1.1\r\nHost: slowloris.example\r\nX-Long: aaaaaaaaaaaaaaaa\r\n\r\n";
    let t0 = Instant::now();
    let mut out = Vec::new();
    let mut sent = 0;
    for b in req.iter() {
        if s.write_all(&[*b]).is_err() {
            break;
        }
        sent += 1;
        let end = Instant::now() + Duration::from_secs(1);
        let mut closed = false;
        while Instant::now() < end {
            let mut buf = [0u8; 4096];
            match std::io::Read::read(&mut s, &mut buf) {
                Ok(0) => {
                    closed = true;
                    break;
                }
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock
                        || e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(_) => {
                    closed = true;
                    break;
                }
            }
        }
        if closed {
            break;
        }
    }
    let took = t0.elapsed();
    println!(
        "slow client cut off after {took:?} and {sent} of {} bytes",
        req.len()
    );
    assert!(
        sent < 10,
        "the slow client was not cut off ({sent} bytes sent)"
    );
    assert!(
        out.starts_with(b"HTTP/1.1 408 Request Time-out"),
        "{}",
        String::from_utf8_lossy(&out)
    );
    assert!(web.requests().is_empty());
    // `timeout http-keep-alive` (2s): an idle keep-alive connection is closed, without a
    // response, after its last response.
    let mut c = Client::connect(addr(f), None);
    assert_eq!(c.request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").0, 200);
    let t0 = Instant::now();
    assert!(
        c.closed_within(Duration::from_secs(5)),
        "idle keep-alive connection not closed"
    );
    println!(
        "idle keep-alive connection closed after {:?} (timeout http-keep-alive 2s)",
        t0.elapsed()
    );
    assert!(t0.elapsed() >= Duration::from_millis(1500));
}

#[test]
fn reload_closes_idle_keepalive_connections_of_the_old_generation() {
    let d = TempDir::new("proxy-http-reload");
    let f = free_port();
    let a = Httpd::start("127.0.0.1", 0, "a");
    let b = Httpd::start("127.0.0.1", 0, "b");
    let v = |srv: SocketAddr| {
        format!("{BASE}listen web\n    bind 127.0.0.1:{f}\n    timeout http-keep-alive 30s\n    server s {srv}\n")
    };
    let cfg = d.write("haproxy.cfg", &v(a.addr));
    let px = Daemon::proxy(&d, &cfg);
    let mut c = Client::connect(addr(f), None);
    assert_eq!(c.request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").2, b"a\n");
    std::fs::write(&cfg, v(b.addr)).unwrap();
    let answer = rustha_harness::proxy::admin(&px.socket, "reload");
    assert!(answer.starts_with("OK"), "{answer}");
    // The idle connection of the old generation is closed (well before its 30 s keep-alive
    // timeout); a new one is served by the new configuration.
    assert!(
        c.closed_within(Duration::from_secs(3)),
        "old-generation connection kept open"
    );
    let mut c = Client::connect(addr(f), None);
    assert_eq!(c.request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").2, b"b\n");
    // The HTTP counters carry over the reload like the session counters: one request before,
    // one after (they used to start again from 0). A response is counted once it is written, so
    // the client can read it a moment before the count: wait for the count (at most 2 s), then
    // check every counter.
    let counted = |rows: &Vec<Vec<String>>| {
        rows.iter()
            .filter(|r| r.len() > 48 && r[0] == "web" && (r[1] == "FRONTEND" || r[1] == "BACKEND"))
            .all(|r| r[40] != "1")
    };
    wait_for(Duration::from_secs(2), || counted(&px.stat()));
    let rows = px.stat();
    for sv in ["FRONTEND", "BACKEND"] {
        let r = rows
            .iter()
            .find(|r| r.len() > 48 && r[0] == "web" && r[1] == sv)
            .unwrap_or_else(|| panic!("{sv} row in {rows:?}"));
        assert_eq!(
            (r[7].as_str(), r[40].as_str()),
            ("2", "2"),
            "{sv} stot, hrsp_2xx: {r:?}"
        );
        assert_eq!(r[48], "2", "{sv} req_tot: {r:?}");
    }
}

#[test]
fn sigterm_closes_idle_connections_at_once() {
    let d = TempDir::new("proxy-http-drain");
    let f = free_port();
    let a = Httpd::start("127.0.0.1", 0, "a");
    let cfg = format!(
        "defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n    timeout http-keep-alive 60s\nlisten web\n    bind 127.0.0.1:{f}\n    server s {}\n",
        a.addr
    );
    let cfg = d.write("haproxy.cfg", &cfg);
    let mut px = Daemon::proxy(&d, &cfg);
    let mut idle = Client::connect(addr(f), None);
    assert_eq!(idle.request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").0, 200);
    let _never_used = std::net::TcpStream::connect(addr(f)).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let t0 = Instant::now();
    px.signal(nix::sys::signal::Signal::SIGTERM);
    // A graceful stop does not wait for the 60 s timeouts of idle connections.
    assert_eq!(
        px.wait(Duration::from_secs(10)),
        Some(0),
        "{}",
        px.log_text()
    );
    println!(
        "stopped {:?} after SIGTERM with two idle connections",
        t0.elapsed()
    );
    assert!(idle.closed_within(Duration::from_secs(1)));
}
