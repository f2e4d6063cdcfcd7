//! `mode udp` (the rustha extension that replaces seed 001's ldirectord/LVS SIP service) with the
//! real `proxy` binary, on loopback only: round robin per client address:port, replies from the
//! service address, `persist source` stickiness and its expiry, backup servers, the stats CSV,
//! reload keeping the socket under continuous traffic, `proxy check` errors, and the OCF monitor
//! of a UDP bind.

use std::net::{SocketAddr, UdpSocket};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use rustha_harness::bin;
use rustha_harness::proxy::{
    free_port, parse_csv, proxy_check, wait_for, Daemon, PidGuard, TempDir,
};
use rustha_harness::sip::SipServer;

/// A UDP port free on every address of `ips`. Taken from [`free_port`] (below the ephemeral
/// range and never the same twice in this process): a port the kernel hands out for port 0 can
/// be handed to another test's client socket between this check and the bind.
fn free_udp_port(ips: &[&str]) -> u16 {
    for _ in 0..50 {
        let p = free_port();
        if ips.iter().all(|ip| UdpSocket::bind((*ip, p)).is_ok()) {
            return p;
        }
    }
    panic!("no free UDP port on {ips:?}");
}

fn sa(ip: &str, port: u16) -> SocketAddr {
    format!("{ip}:{port}").parse().unwrap()
}

/// A client socket on `ip` (a new source port each time).
fn client(ip: &str) -> UdpSocket {
    let s = UdpSocket::bind((ip, 0)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    s
}

/// One request: (server name, reply source), or None without a reply.
fn ask(c: &UdpSocket, to: SocketAddr, msg: &str) -> Option<(String, SocketAddr)> {
    c.send_to(msg.as_bytes(), to).ok()?;
    let mut buf = [0u8; 2048];
    let (n, from) = c.recv_from(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf[..n]).to_string();
    let (name, echoed) = text.split_once(':')?;
    assert_eq!(echoed, msg, "the reply answers this request");
    Some((name.to_string(), from))
}

fn server_of(c: &UdpSocket, to: SocketAddr) -> String {
    ask(c, to, "who").expect("a reply").0
}

/// The CSV rows of proxy `px` by svname, with the header's column names.
fn rows(d: &Daemon, px: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = d.cmd("show stat");
    let header: Vec<String> = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("# ")
        .split(',')
        .map(str::to_string)
        .collect();
    parse_csv(&text)
        .into_iter()
        .filter(|r| r[0] == px)
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

fn field(d: &Daemon, px: &str, sv: &str, col: &str) -> String {
    rows(d, px)
        .into_iter()
        .find(|r| r["svname"] == sv)
        .and_then(|r| r.get(col).cloned())
        .unwrap_or_default()
}

struct Lab {
    _dir: TempDir,
    _echoes: Vec<SipServer>,
    px: Daemon,
    cfg: std::path::PathBuf,
    /// Listen `sip` (persist source 1s).
    sip: SocketAddr,
    /// Listen `plain` (no persistence).
    plain: SocketAddr,
}

/// Addresses of one test (tests run in parallel; each has its own, so ports never clash):
/// servers a, b, c on `127.0.0.{s}`, `{s+1}`, `{s+2}`; listeners `sip` and `plain` on
/// `127.0.0.{v}` and `{v+1}` (`{v+2}` is left for the test).
#[derive(Clone, Copy)]
struct Net {
    s: u8,
    v: u8,
}

impl Net {
    fn srv(self, i: u8) -> String {
        format!("127.0.0.{}", self.s + i)
    }
    fn vip(self, i: u8) -> String {
        format!("127.0.0.{}", self.v + i)
    }
}

fn config(net: Net, port: u16, srv: u16) -> String {
    let (a, b, c) = (net.srv(0), net.srv(1), net.srv(2));
    let (sip, plain) = (net.vip(0), net.vip(1));
    format!(
        "defaults\n  mode udp\n  timeout client 300ms\n\
         listen sip\n  bind {sip}:{port}\n  balance roundrobin\n  persist source 1s\n  \
         server a {a}:{srv}\n  server b {b}:{srv}\n  server c {c}:{srv} backup\n\
         listen plain\n  bind {plain}:{port}\n  balance roundrobin\n  log stderr local0 info\n  option tcplog\n  \
         server a {a}:{srv}\n  server b {b}:{srv}\n"
    )
}

fn lab(tag: &str, net: Net) -> Lab {
    let dir = TempDir::new(tag);
    let srv = free_udp_port(&[&net.srv(0), &net.srv(1), &net.srv(2)]);
    let port = free_udp_port(&[&net.vip(0), &net.vip(1), &net.vip(2)]);
    let echoes = vec![
        SipServer::start(&net.srv(0), srv, "a"),
        SipServer::start(&net.srv(1), srv, "b"),
        SipServer::start(&net.srv(2), srv, "c"),
    ];
    let cfg = dir.write("udp.cfg", &config(net, port, srv));
    let px = Daemon::proxy(&dir, &cfg);
    Lab {
        _dir: dir,
        _echoes: echoes,
        px,
        cfg,
        sip: sa(&net.vip(0), port),
        plain: sa(&net.vip(1), port),
    }
}

#[test]
fn round_robin_persistence_backup_and_stats() {
    // The addresses of the brief: servers on 127.0.0.2 and .3, the service on 127.0.0.150.
    let l = lab("proxy-udp", Net { s: 2, v: 150 });
    // Replies come from the service address, and one client stays on its server.
    let c1 = client("127.0.0.1");
    let (s1, from) = ask(&c1, l.plain, "hello").expect("a reply through the proxy");
    assert_eq!(from, l.plain, "the reply's source is the bound address");
    let c2 = client("127.0.0.1");
    let s2 = server_of(&c2, l.plain);
    assert_ne!(s1, s2, "two source ports, two sessions, round robin");
    for _ in 0..5 {
        assert_eq!(server_of(&c1, l.plain), s1);
        assert_eq!(server_of(&c2, l.plain), s2);
    }
    // Round trips through the proxy and straight to the server (printed, not asserted).
    let rtt = |c: &UdpSocket, to: SocketAddr| {
        let t = std::time::Instant::now();
        for i in 0..2000 {
            ask(c, to, &format!("{i}")).expect("reply");
        }
        t.elapsed().as_micros() as f64 / 2000.0
    };
    let via = rtt(&c1, l.plain);
    let srv_addr: SocketAddr = field(&l.px, "plain", &s1, "addr").parse().unwrap();
    let straight = rtt(&client("127.0.0.1"), srv_addr);
    println!("round trip: {via:.1} us through the proxy, {straight:.1} us direct");

    // persist source 1s: new source ports of 127.0.0.10 keep its server.
    let (first, from) = ask(&client("127.0.0.10"), l.sip, "p").unwrap();
    assert_eq!(from, l.sip);
    for _ in 0..4 {
        assert_eq!(server_of(&client("127.0.0.10"), l.sip), first);
    }
    let other = server_of(&client("127.0.0.11"), l.sip);
    assert_ne!(other, first, "another client network is balanced");
    // The sessions end after 300 ms idle; the binding outlives them by 1 s.
    assert!(wait_for(Duration::from_secs(5), || field(
        &l.px, "sip", "BACKEND", "scur"
    ) == "0"));
    assert_eq!(
        server_of(&client("127.0.0.10"), l.sip),
        first,
        "still bound right after its sessions ended"
    );
    // After the persistence time, new sessions are balanced again: two expiries in a row give
    // the two servers in turn (round robin), where a binding that never expires would not.
    let mut after = Vec::new();
    for _ in 0..2 {
        assert!(wait_for(Duration::from_secs(5), || field(
            &l.px, "sip", "BACKEND", "scur"
        ) == "0"));
        thread::sleep(Duration::from_millis(1500));
        after.push(server_of(&client("127.0.0.10"), l.sip));
    }
    println!("after expiry: {after:?}");
    assert_ne!(after[0], after[1], "the binding expired");

    // The backup takes nothing while an active server is usable.
    assert_eq!(field(&l.px, "sip", "c", "stot"), "0");
    assert!(l.px.cmd("disable server sip/a").trim().is_empty());
    assert!(l.px.cmd("disable server sip/b").trim().is_empty());
    assert_eq!(field(&l.px, "sip", "a", "status"), "MAINT");
    let c = client("127.0.0.12");
    assert_eq!(server_of(&c, l.sip), "c", "only the backup is left");
    // The same client moves back to an active server once one is usable (and its binding with
    // it), as ldirectord's fallback server leaves the LVS table.
    l.px.cmd("enable server sip/a");
    assert_eq!(server_of(&c, l.sip), "a");
    assert_eq!(server_of(&client("127.0.0.12"), l.sip), "a");
    l.px.cmd("enable server sip/b");

    // Stats: UDP rows with session and byte counts.
    let r = rows(&l.px, "sip");
    let fe = r.iter().find(|r| r["svname"] == "FRONTEND").unwrap();
    let be = r.iter().find(|r| r["svname"] == "BACKEND").unwrap();
    println!(
        "sip frontend: scur {} stot {} bin {} bout {}",
        fe["scur"], fe["stot"], fe["bin"], fe["bout"]
    );
    assert_eq!(fe["mode"], "udp");
    assert_eq!(be["mode"], "udp");
    let stot: u64 = fe["stot"].parse().unwrap();
    assert!(stot >= 10, "{stot}");
    assert_eq!(be["stot"], fe["stot"]);
    assert!(fe["bin"].parse::<u64>().unwrap() > 0 && fe["bout"].parse::<u64>().unwrap() > 0);
    let servers: u64 = ["a", "b", "c"]
        .iter()
        .map(|s| field(&l.px, "sip", s, "stot").parse::<u64>().unwrap())
        .sum();
    assert_eq!(servers, stot, "every session counted on its server");
    assert_eq!(field(&l.px, "sip", "c", "stot"), "1");
    assert_eq!(field(&l.px, "plain", "FRONTEND", "stot"), "2");
    // option tcplog: one line per ended session (they end after 300 ms idle).
    assert!(wait_for(Duration::from_secs(5), || field(
        &l.px, "plain", "FRONTEND", "scur"
    ) == "0"));
    let log = l.px.log_text();
    let ended: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(" plain plain/"))
        .collect();
    println!("{ended:?}");
    assert_eq!(ended.len(), 2, "{log}");
    assert!(ended.iter().all(|l| l.contains(" cD ")), "{ended:?}");
}

#[test]
fn reload_keeps_the_socket_under_traffic_and_moves_listeners() {
    let net = Net { s: 22, v: 170 };
    let l = lab("proxy-udp-reload", net);
    // One client sending continuously through the reloads, never losing a reply.
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, lost) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let sender = {
        let (stop, ok, lost, to) = (stop.clone(), ok.clone(), lost.clone(), l.plain);
        thread::spawn(move || {
            let c = client("127.0.0.1");
            let mut servers = std::collections::HashSet::new();
            let mut i = 0u64;
            while !stop.load(SeqCst) {
                i += 1;
                match ask(&c, to, &format!("m{i}")) {
                    Some((s, from)) if from == to => {
                        servers.insert(s);
                        ok.fetch_add(1, SeqCst);
                    }
                    _ => {
                        lost.fetch_add(1, SeqCst);
                    }
                }
            }
            servers
        })
    };
    assert!(wait_for(Duration::from_secs(5), || ok.load(SeqCst) > 20));
    let extra_ip = net.vip(2);
    let new_port = free_udp_port(&[&extra_ip]);
    let text = std::fs::read_to_string(&l.cfg).unwrap();
    for i in 0..6 {
        // Alternately add a third listener and take it away again; `plain` is kept each time.
        let next = if i % 2 == 0 {
            format!("{text}listen extra\n  bind {extra_ip}:{new_port}\n  server a 127.0.0.1:1\n")
        } else {
            text.clone()
        };
        std::fs::write(&l.cfg, next).unwrap();
        if i % 3 == 2 {
            l.px.signal(nix::sys::signal::Signal::SIGHUP);
        } else {
            let answer = l.px.cmd("reload");
            assert!(answer.starts_with("OK"), "{answer}");
        }
        let before = ok.load(SeqCst);
        assert!(wait_for(Duration::from_secs(5), || ok.load(SeqCst) > before + 20));
        let bound = UdpSocket::bind((extra_ip.as_str(), new_port)).is_err();
        if i % 3 != 2 {
            // An admin reload has completed when it answers.
            assert_eq!(bound, i % 2 == 0, "extra listener after reload {i}");
        }
    }
    stop.store(true, SeqCst);
    let servers = sender.join().unwrap();
    let (ok, lost) = (ok.load(SeqCst), lost.load(SeqCst));
    println!("during 6 reloads: {ok} replies, {lost} lost, servers {servers:?}");
    assert_eq!(lost, 0, "a datagram was lost during reloads");
    assert_eq!(
        servers.len(),
        1,
        "the session kept its server across reloads"
    );
    assert!(
        l.px.log_text().contains("generation 6"),
        "{}",
        l.px.log_text()
    );
}

fn check(text: &str) -> (i32, String) {
    let d = TempDir::new("proxy-udp-check");
    proxy_check(&d.write("u.cfg", text))
}

#[test]
fn check_rejects_what_udp_cannot_do() {
    let (code, text) = check(&config(Net { s: 2, v: 150 }, 5060, 5060));
    assert_eq!(code, 0, "{text}");
    for (cfg, line, what) in [
        (
            "frontend f\n  mode udp\n  bind 127.0.0.150:5060\n  default_backend b\nbackend b\n  server a 127.0.0.2:5060\n",
            1,
            "uses incompatible tcp backend",
        ),
        (
            "frontend f\n  bind 127.0.0.150:5060\n  default_backend b\nbackend b\n  mode udp\n  server a 127.0.0.2:5060\n",
            1,
            "uses incompatible udp backend",
        ),
        (
            "listen l\n  mode udp\n  bind 127.0.0.150:5060\n  server a 127.0.0.2:5060 check\n",
            4,
            "cannot be checked by a TCP connect",
        ),
        (
            "listen l\n  mode udp\n  bind 127.0.0.150:5060\n  option httpchk\n  server a 127.0.0.2:5060\n",
            4,
            "'option httpchk' cannot check the UDP servers",
        ),
        (
            "listen l\n  mode udp\n  bind 0.0.0.0:5060\n  server a 127.0.0.2:5060\n",
            3,
            "wildcard",
        ),
    ] {
        let (code, out) = check(cfg);
        assert_eq!(code, 1, "{cfg}\n{out}");
        assert!(
            out.contains(&format!("u.cfg:{line}:")) && out.contains(what),
            "expected u.cfg:{line}: ... {what} in:\n{out}"
        );
    }
    // persist in mode http (a choice per request): valid, with a located warning.
    let (code, out) = check(
        "listen l\n  mode http\n  bind 127.0.0.150:5060\n  persist source 1s\n  server a 127.0.0.2:5060\n",
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("u.cfg:4:") && out.contains("every request"),
        "{out}"
    );
}

fn ocf(action: &str, cfg: &std::path::Path, pid: &std::path::Path) -> (i32, String) {
    let out = Command::new(bin("proxy"))
        .arg(action)
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("OCF_RESOURCE_INSTANCE", "sip")
        .env("OCF_RESKEY_config", cfg)
        .env("OCF_RESKEY_pidfile", pid)
        .env("OCF_RESKEY_CRM_meta_timeout", "20000")
        .env("RUSTHA_LOG_STDERR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn ocf_start_monitor_stop_of_a_udp_service() {
    let d = TempDir::new("proxy-udp-ocf");
    let srv = free_udp_port(&["127.0.0.32"]);
    let port = free_udp_port(&["127.0.0.180", "127.0.0.183"]);
    let _a = SipServer::start("127.0.0.32", srv, "a");
    let pid = d.path("sip.pid");
    let _guard = PidGuard(pid.clone());
    let v1 =
        format!("listen sip\n  mode udp\n  bind 127.0.0.180:{port}\n  server a 127.0.0.32:{srv}\n");
    let cfg = d.write("sip.cfg", &v1);
    assert_eq!(ocf("monitor", &cfg, &pid).0, 7, "not running yet");
    let (code, err) = ocf("start", &cfg, &pid);
    assert_eq!(code, 0, "{err}");
    // start returned: the service answers right away.
    assert_eq!(
        server_of(&client("127.0.0.1"), sa("127.0.0.180", port)),
        "a"
    );
    assert_eq!(ocf("monitor", &cfg, &pid).0, 0);
    // The file now asks for a UDP address someone else holds: monitor reports what runs (0,
    // with a warning that the file differs), and a reload that cannot bind it changes nothing
    // and keeps serving. (Whether a bound address is the daemon's own socket, not another
    // process's, is checked by the agent's unit test on /proc/net/udp.)
    let squatter = UdpSocket::bind(("127.0.0.183", port)).unwrap();
    std::fs::write(
        &cfg,
        format!(
            "{v1}listen other\n  mode udp\n  bind 127.0.0.183:{port}\n  server a 127.0.0.32:{srv}\n"
        ),
    )
    .unwrap();
    let (code, err) = ocf("monitor", &cfg, &pid);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("differs from the running configuration"),
        "{err}"
    );
    let (code, err) = ocf("reload", &cfg, &pid);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("127.0.0.183:{port}")) && err.contains("running configuration stays"),
        "{err}"
    );
    assert_eq!(
        server_of(&client("127.0.0.1"), sa("127.0.0.180", port)),
        "a",
        "still serving after the refused reload"
    );
    drop(squatter);
    std::fs::write(&cfg, &v1).unwrap();
    let (code, err) = ocf("stop", &cfg, &pid);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ocf("monitor", &cfg, &pid).0, 7);
    // Stopped: the address is free again.
    assert!(UdpSocket::bind(("127.0.0.180", port)).is_ok());
}
