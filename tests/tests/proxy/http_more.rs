//! HTTP mode, the parts that end or rewrite an exchange: `http-response` rules (on a tunnel's
//! `101` or CONNECT answer too), what a client sees when its server's sessions are shut down
//! (`on-marked-down shutdown-sessions`, admin `disable server` and `shutdown sessions
//! server`), and tunnels (`101 Switching Protocols`,
//! CONNECT) with their idle timeout, kill switch and byte counters; idle pooled connections to
//! a shut-down server are never reused.
//!
//! HAProxy 2.6 (Debian's `/usr/sbin/haproxy`) is the oracle for the first two: both run the
//! same configuration against the same scripted origin, and each client-visible outcome must be
//! the same: statuses and whether the connection stays open (the error pages' bytes are
//! compared in `proxy_http_oracle`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rustha_harness::httpd::Client;
use rustha_harness::proxy::{free_port, stats_socket_line, wait_for, Daemon, TempDir};

/// A scripted origin server, by request target:
/// - `/slowhead`: never answers (holds the connection until the peer closes it);
/// - `/slowbody`: a head announcing 100 bytes, 10 of them, then holds;
/// - `/deny`: 200 with `X-Deny: yes`; `/created`: 201;
/// - an `Upgrade` request: `101`, then echoes; CONNECT: `200`, then echoes;
/// - anything else: 200 `ok` with `Server: origin` and `X-Gone: a`, keep-alive.
struct Origin {
    addr: SocketAddr,
    /// Connections accepted.
    accepted: Arc<AtomicUsize>,
    /// Connections open now.
    open: Arc<AtomicUsize>,
    /// Requests held (`/slowhead`, `/slowbody`) now.
    held: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Origin {
    fn start() -> Origin {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let o = Origin {
            addr: l.local_addr().unwrap(),
            accepted: Arc::default(),
            open: Arc::default(),
            held: Arc::default(),
            stop: Arc::default(),
        };
        let (accepted, open, held, stop) = (
            o.accepted.clone(),
            o.open.clone(),
            o.held.clone(),
            o.stop.clone(),
        );
        thread::spawn(move || {
            while !stop.load(SeqCst) {
                match l.accept() {
                    Ok((c, _)) => {
                        accepted.fetch_add(1, SeqCst);
                        open.fetch_add(1, SeqCst);
                        let (open, held, stop) = (open.clone(), held.clone(), stop.clone());
                        thread::spawn(move || {
                            origin_conn(c, &held, &stop);
                            open.fetch_sub(1, SeqCst);
                        });
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        o
    }

    /// Wait until `n` requests are held.
    fn wait_held(&self, n: usize) {
        assert!(
            wait_for(Duration::from_secs(5), || self.held.load(SeqCst) >= n),
            "the origin never got the request"
        );
    }
}

impl Drop for Origin {
    fn drop(&mut self) {
        self.stop.store(true, SeqCst);
    }
}

/// Read from `c` until EOF or the test ends (a held request, or the end of an echo).
fn hold(c: &mut TcpStream, stop: &AtomicBool, echo: bool) {
    let mut b = [0u8; 4096];
    while !stop.load(SeqCst) {
        match c.read(&mut b) {
            Ok(0) => return,
            Ok(n) => {
                if echo && c.write_all(&b[..n]).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return,
        }
    }
}

fn origin_conn(mut c: TcpStream, held: &AtomicUsize, stop: &AtomicBool) {
    c.set_read_timeout(Some(Duration::from_millis(100))).ok();
    let mut buf = Vec::new();
    let mut b = [0u8; 4096];
    while !stop.load(SeqCst) {
        let Some(e) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            match c.read(&mut b) {
                Ok(0) => return,
                Ok(n) => buf.extend_from_slice(&b[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(_) => return,
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..e]).to_ascii_lowercase();
        buf.drain(..e + 4);
        let target = head.split(' ').nth(1).unwrap_or("").to_string();
        if head.starts_with("connect ") {
            let _ = c.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            return hold(&mut c, stop, true);
        }
        if head.contains("\nupgrade:") && target == "/noaccept" {
            let _ = c.write_all(
                b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
            );
            return hold(&mut c, stop, true);
        }
        if head.contains("\nupgrade:") {
            let _ = c.write_all(
                b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
            );
            return hold(&mut c, stop, true);
        }
        let resp: &[u8] = match target.as_str() {
            "/slowhead" | "/slowbody" => {
                if target == "/slowbody" {
                    let _ =
                        c.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
                }
                held.fetch_add(1, SeqCst);
                hold(&mut c, stop, false);
                held.fetch_sub(1, SeqCst);
                return;
            }
            "/deny" => b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Deny: yes\r\n\r\nok",
            "/created" => b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
            _ => b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: origin\r\nX-Gone: a\r\n\r\nok",
        };
        if c.write_all(resp).is_err() {
            return;
        }
    }
}

fn config(front: u16, origin: SocketAddr, socket: Option<&std::path::Path>) -> String {
    let sock = stats_socket_line(socket);
    format!(
        "global
    maxconn 100
{sock}defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend f
    bind 127.0.0.1:{front}
    http-response del-header x-gone
    http-response set-header X-Set \"v1\"
    http-response add-header X-Add \"%[src]\"
    http-response set-header X-Who fe
    http-response deny if {{ res.hdr(x-deny) -m found }}
    default_backend b
backend b
    http-response set-header X-Who be
    http-response deny deny_status 500 if {{ status 201 }}
    server s1 {origin} on-marked-down shutdown-sessions
"
    )
}

fn connect(port: u16) -> Client {
    Client::connect(SocketAddr::from(([127, 0, 0, 1], port)), None)
}

/// Header lines of a response head, lower-cased, without the status line.
fn headers(head: &str) -> Vec<String> {
    head.lines()
        .skip(1)
        .map(|l| l.to_ascii_lowercase())
        .collect()
}

const GET: &str = "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n";

/// A WebSocket handshake (RFC 6455's example key: HAProxy 2.6 answers 400 without one).
const UPGRADE: &str = "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

/// What a client of `port` sees in each scenario, one line each.
fn scenarios(port: u16, d: &Daemon, o: &Origin) -> Vec<String> {
    let mut out = Vec::new();
    // http-response rules: rewritten headers, both deny rules, the connection kept after each.
    let mut c = connect(port);
    let (code, head, body) = c.request(GET);
    out.push(format!(
        "rules: {code} {:?} {}",
        headers(&head),
        String::from_utf8_lossy(&body)
    ));
    let (code, _, _) = c.request("GET /deny HTTP/1.1\r\nHost: x\r\n\r\n");
    let (again, _, _) = c.request(GET);
    out.push(format!("deny: {code}, then {again} on the same connection"));
    let (code, _, _) = c.request("GET /created HTTP/1.1\r\nHost: x\r\n\r\n");
    let (again, _, _) = c.request(GET);
    out.push(format!(
        "deny_status: {code}, then {again} on the same connection"
    ));
    drop(c);

    // Waiting for the response head when the server is put in maintenance.
    for (what, cmd) in [
        ("disable server", "disable server b/s1"),
        ("shutdown sessions", "shutdown sessions server b/s1"),
    ] {
        let n = o.held.load(SeqCst);
        let mut c = connect(port);
        c.stream()
            .write_all(b"GET /slowhead HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        o.wait_held(n + 1);
        d.cmd(cmd);
        let (code, _, _) = c.response();
        // In maintenance, no server is left for the next request.
        let (next, _, _) = c.request(GET);
        d.cmd("enable server b/s1");
        let (again, _, _) = c.request(GET);
        out.push(format!(
            "{what} while waiting for the head: {code}, then {next} and {again} on the same connection"
        ));
    }

    // Relaying the body.
    let n = o.held.load(SeqCst);
    let mut c = connect(port);
    c.stream()
        .write_all(b"GET /slowbody HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    o.wait_held(n + 1);
    d.cmd("shutdown sessions server b/s1");
    let (code, _, body) = c.response();
    let closed = c.closed_within(Duration::from_secs(5));
    out.push(format!(
        "shutdown sessions while relaying the body: {code}, {} body bytes, closed {closed}",
        body.len()
    ));

    // A WebSocket tunnel; its `101` is a response the rules apply to.
    let mut c = connect(port);
    let (code, head, _) = c.request(UPGRADE);
    let switched = headers(&head);
    let s = c.stream();
    s.write_all(b"ping").unwrap();
    let mut b = [0u8; 4];
    let echoed = s.read_exact(&mut b).is_ok() && &b == b"ping";
    d.cmd("shutdown sessions server b/s1");
    let closed = c.closed_within(Duration::from_secs(5));
    out.push(format!(
        "tunnel: {code} {switched:?}, echo {echoed}; shutdown sessions: closed {closed}"
    ));

    // A WebSocket `101` without `Sec-WebSocket-Accept`.
    let mut c = connect(port);
    let (code, _, _) = c.request(&UPGRADE.replace("/ws", "/noaccept"));
    let closed = c.closed_within(Duration::from_secs(1));
    out.push(format!("101 without accept: {code}, closed {closed}"));

    // CONNECT: the 2xx that opens the tunnel is a response too.
    let mut c = connect(port);
    let (code, head, _) = c.request("CONNECT origin:443 HTTP/1.1\r\nHost: origin:443\r\n\r\n");
    let s = c.stream();
    s.write_all(b"ping").unwrap();
    let mut b = [0u8; 4];
    let echoed = s.read_exact(&mut b).is_ok() && &b == b"ping";
    out.push(format!(
        "connect: {code} {:?}, echo {echoed}",
        headers(&head)
    ));
    out
}

#[test]
fn response_rules_and_shutdown_sessions_match_haproxy_26() {
    let d = TempDir::new("proxy-http-more-oracle");
    let o = Origin::start();
    let (fh, fp) = (free_port(), free_port());
    let sock = d.path("haproxy.sock");
    // Each logs its requests (`option httplog`) to its own socket here.
    let (lh, lp) = (
        UdpSocket::bind("127.0.0.1:0").unwrap(),
        UdpSocket::bind("127.0.0.1:0").unwrap(),
    );
    let logged = |cfg: String, log: &UdpSocket| {
        let to = log.local_addr().unwrap();
        log.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        cfg.replace(
            "defaults\n",
            &format!("defaults\n    log {to} local0\n    option httplog\n"),
        )
    };
    let ch = d.write("haproxy.cfg", &logged(config(fh, o.addr, Some(&sock)), &lh));
    let cp = d.write("proxy.cfg", &logged(config(fp, o.addr, None), &lp));
    let check = std::process::Command::new(rustha_harness::bin("proxy"))
        .args(["check", "-f"])
        .arg(&cp)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let hx = Daemon::haproxy(&d, &ch, &sock);
    let px = Daemon::proxy(&d, &cp);
    let got_h = scenarios(fh, &hx, &o);
    let got_p = scenarios(fp, &px, &o);
    let mut mismatches = Vec::new();
    for (h, p) in got_h.iter().zip(&got_p) {
        println!("haproxy: {h}\nproxy:   {p}");
        if h != p {
            mismatches.push(format!("haproxy: {h}\n  proxy: {p}"));
        }
    }
    assert_eq!(got_h.len(), got_p.len());
    // Denied responses are counted on the frontend, the backend and the server.
    let dresp = |d: &Daemon| -> Vec<String> {
        d.stat()
            .into_iter()
            .filter(|r| r.len() > 11)
            .map(|r| format!("{}/{} dresp {}", r[0], r[1], r[11]))
            .collect()
    };
    let (dh, dp) = (dresp(&hx), dresp(&px));
    println!("haproxy: {dh:?}\nproxy:   {dp:?}");
    if dh != dp {
        mismatches.push(format!("dresp: haproxy {dh:?}\n  proxy: {dp:?}"));
    }
    // The log lines of the killed requests: status and termination flags (`DH`: its server
    // went down while the head was awaited, `K`: killed by `shutdown sessions`).
    let (th, tp) = (log_entries(&lh), log_entries(&lp));
    // Sorted: a killed tunnel's line is written when it ends, which may come after the next
    // scenario's (HAProxy 2.6 was seen writing them in either order).
    let flags = |l: &[(String, u64)]| {
        let mut f = l.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        f.sort();
        f
    };
    println!("haproxy: {th:?}\nproxy:   {tp:?}");
    if flags(&th) != flags(&tp) || th.is_empty() {
        mismatches.push(format!("log: haproxy {th:?}\n  proxy: {tp:?}"));
    }
    // The body killed half-way logs what reached the client: the rewritten head and the ten
    // body bytes. (HAProxy 2.6 counts the size of its internal HTX form instead.)
    let head = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\nx-set: v1\r\nx-add: 127.0.0.1\r\nx-who: fe\r\n\r\n";
    let slowbody = tp.iter().find(|x| x.0.starts_with("/slowbody "));
    assert_eq!(
        slowbody.map(|x| x.1),
        Some(head.len() as u64 + 10),
        "{tp:?}"
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // Not a pair of identical failures: the outcomes HAProxy 2.6 was seen to produce.
    let expect = [
        "rules: 200 [\"content-length: 2\", \"server: origin\", \"x-set: v1\", \"x-add: 127.0.0.1\", \"x-who: fe\"] ok",
        "deny: 502, then 200 on the same connection",
        "deny_status: 500, then 200 on the same connection",
        "disable server while waiting for the head: 502, then 503 and 200 on the same connection",
        "shutdown sessions while waiting for the head: 502, then 200 and 200 on the same connection",
        "shutdown sessions while relaying the body: 200, 0 body bytes, closed true",
        "tunnel: 101 [\"connection: upgrade\", \"upgrade: websocket\", \"sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=\", \"x-set: v1\", \"x-add: 127.0.0.1\", \"x-who: fe\"], echo true; shutdown sessions: closed true",
        "101 without accept: 502, closed false",
        "connect: 200 [\"x-set: v1\", \"x-add: 127.0.0.1\", \"x-who: fe\"], echo true",
    ];
    assert_eq!(got_p, expect);
}

/// "TARGET STATUS FLAGS" of the logged requests that did not end normally.
fn killed_in_log(sock: &UdpSocket) -> Vec<String> {
    log_entries(sock).into_iter().map(|(l, _)| l).collect()
}

/// [`killed_in_log`], each with its byte count.
fn log_entries(sock: &UdpSocket) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = sock.recv(&mut buf) {
        let line = String::from_utf8_lossy(&buf[..n]).to_string();
        let f: Vec<&str> = line.trim_end().split(' ').collect();
        // The request line of an httplog line: `"METHOD` (event lines have quotes too).
        let method = |w: &&str| {
            w.len() > 1 && w.starts_with('"') && w[1..].bytes().all(|b| b.is_ascii_uppercase())
        };
        let Some(k) = f.iter().position(method) else {
            continue;
        };
        if k < 8 || f[k - 3].starts_with("--") {
            continue;
        }
        let target = f.get(k + 1).copied().unwrap_or("");
        // Status, bytes, two captures, flags, connection counts, queues, request.
        out.push((
            format!("{target} {} {}", f[k - 7], &f[k - 3][..2]),
            f[k - 6].parse().unwrap_or(0),
        ));
    }
    out
}

/// `show stat` row of b/s1: (bin, bout).
fn server_bytes(d: &Daemon) -> (u64, u64) {
    let row = d
        .stat()
        .into_iter()
        .find(|r| r.len() > 9 && r[0] == "b" && r[1] == "s1")
        .expect("b/s1 in show stat");
    (row[8].parse().unwrap(), row[9].parse().unwrap())
}

#[test]
fn tunnels_idle_out_count_bytes_and_shut_down_servers_lose_their_idle_connections() {
    let d = TempDir::new("proxy-http-more");
    let o = Origin::start();
    let port = free_port();
    // Client and server timeouts far above the tunnel's, so that which one ended the tunnel
    // does not depend on how fast the machine is.
    let cfg = config(port, o.addr, None)
        .replace("    timeout client 10s\n", "    timeout client 120s\n")
        .replace(
            "    timeout server 10s\n",
            "    timeout server 120s\n    timeout tunnel 1s\n",
        );
    let px = Daemon::proxy(&d, &d.write("proxy.cfg", &cfg));

    // A WebSocket tunnel idles out after `timeout tunnel`, not `timeout client`.
    let (bin0, bout0) = server_bytes(&px);
    let mut c = connect(port);
    let upgrade = UPGRADE;
    let (code, head, _) = c.request(upgrade);
    assert_eq!(code, 101, "{head}");
    c.stream().write_all(b"hello tunnel").unwrap();
    let mut b = [0u8; 12];
    c.stream().read_exact(&mut b).unwrap();
    assert_eq!(&b, b"hello tunnel");
    let t = Instant::now();
    assert!(
        c.closed_within(Duration::from_secs(60)),
        "an idle tunnel stays open past timeout tunnel (1 s)"
    );
    println!(
        "idle tunnel closed after {:?} (timeout tunnel 1s, client and server 120s)",
        t.elapsed()
    );
    // Its bytes are counted: the request head and 12 bytes up, the 101 head and 12 down.
    let (bin, bout) = server_bytes(&px);
    println!("server bin {bin0} -> {bin}, bout {bout0} -> {bout}");
    assert!(
        bin - bin0 >= (upgrade.len() + 12) as u64,
        "bin {bin0} -> {bin}"
    );
    assert!(bout - bout0 >= 12 + 19, "bout {bout0} -> {bout}");

    // CONNECT: 200, then a tunnel.
    let mut c = connect(port);
    let (code, head, _) =
        c.request("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n");
    assert_eq!(code, 200, "{head}");
    c.stream().write_all(b"through").unwrap();
    let mut b = [0u8; 7];
    c.stream().read_exact(&mut b).unwrap();
    assert_eq!(&b, b"through");
    px.cmd("shutdown sessions server b/s1");
    assert!(
        c.closed_within(Duration::from_secs(5)),
        "a CONNECT tunnel survives shutdown sessions"
    );

    // An idle pooled connection to a shut-down server is closed and never reused.
    let mut c = connect(port);
    assert_eq!(c.request(GET).0, 200);
    assert_eq!(c.request(GET).0, 200);
    let accepted = o.accepted.load(SeqCst);
    let open = o.open.load(SeqCst);
    px.cmd("shutdown sessions server b/s1");
    // Closed at once by the thread's watcher (the pool's own purge would take 5 s): printed,
    // not asserted, as it is a matter of time.
    let t = Instant::now();
    let closed = wait_for(Duration::from_secs(4), || o.open.load(SeqCst) < open);
    println!(
        "pooled connection closed after shutdown sessions: {closed}, after {:?}",
        t.elapsed()
    );
    assert_eq!(c.request(GET).0, 200);
    assert_eq!(
        o.accepted.load(SeqCst),
        accepted + 1,
        "the request after shutdown sessions reused a connection to the shut-down server"
    );
}

/// `on-marked-up shutdown-backup-sessions`: what a client whose request waits on the backup
/// sees when the active server comes back, against HAProxy 2.6.
#[test]
fn backup_request_in_flight_when_the_active_server_returns_matches_haproxy_26() {
    let d = TempDir::new("proxy-http-more-backup");
    let (active, backup) = (Origin::start(), Origin::start());
    let chk = rustha_harness::proxy::HealthEndpoint::start("127.0.0.1", 0, 503);
    let cfg = |port: u16, socket: Option<&std::path::Path>| {
        let sock = stats_socket_line(socket);
        format!(
            "global\n{sock}defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
listen l
    bind 127.0.0.1:{port}
    option httpchk GET /
    server a {} check port {} inter 200 rise 1 fall 1 on-marked-up shutdown-backup-sessions
    server b {} backup
",
            active.addr,
            chk.addr.port(),
            backup.addr
        )
    };
    let log = UdpSocket::bind("127.0.0.1:0").unwrap();
    log.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let logged = |cfg: String| {
        let to = log.local_addr().unwrap();
        cfg.replace(
            "defaults\n",
            &format!("defaults\n    log {to} local0\n    option httplog\n"),
        )
    };
    let run = |px: &Daemon, port: u16| -> String {
        assert!(
            wait_for(Duration::from_secs(5), || px.status("l", "a") == "DOWN"),
            "the active server never went DOWN"
        );
        let n = backup.held.load(SeqCst);
        let mut c = connect(port);
        c.stream()
            .write_all(b"GET /slowhead HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        backup.wait_held(n + 1);
        let served = active.accepted.load(SeqCst);
        chk.set(200);
        let (code, _, _) = c.response();
        let (again, _, _) = c.request(GET);
        let on_active = active.accepted.load(SeqCst) > served;
        chk.set(503);
        // The killed request's log line (HAProxy writes `UH`: an active server came up).
        format!(
            "{code}, then {again} on the same connection (from the active server: {on_active}); log {:?}",
            killed_in_log(&log)
        )
    };
    let sock = d.path("haproxy.sock");
    let (fh, fp) = (free_port(), free_port());
    let got_h = {
        let hx = Daemon::haproxy(
            &d,
            &d.write("haproxy.cfg", &logged(cfg(fh, Some(&sock)))),
            &sock,
        );
        run(&hx, fh)
    };
    let got_p = {
        let px = Daemon::proxy(&d, &d.write("proxy.cfg", &logged(cfg(fp, None))));
        run(&px, fp)
    };
    println!("haproxy: {got_h}\nproxy:   {got_p}");
    assert_eq!(got_p, got_h);
    assert_eq!(
        got_p,
        "502, then 200 on the same connection (from the active server: true); log [\"/slowhead 502 UH\"]"
    );
}

/// A tunnel is closed by the hard stop (`hard-stop-after`) of a draining process.
#[test]
fn hard_stop_closes_tunnels() {
    let d = TempDir::new("proxy-http-more-stop");
    let o = Origin::start();
    let port = free_port();
    let cfg = format!(
        "global\n    hard-stop-after 500ms\n{}",
        config(port, o.addr, None).replace("global\n", "")
    );
    let mut px = Daemon::proxy(&d, &d.write("proxy.cfg", &cfg));
    let mut c = connect(port);
    assert_eq!(c.request(UPGRADE).0, 101);
    c.stream().write_all(b"ping").unwrap();
    let mut b = [0u8; 4];
    c.stream().read_exact(&mut b).unwrap();
    let t = Instant::now();
    px.signal(nix::sys::signal::Signal::SIGTERM);
    assert!(
        c.closed_within(Duration::from_secs(30)),
        "the tunnel outlived the hard stop"
    );
    println!(
        "tunnel closed {:?} after SIGTERM (hard-stop-after 500ms)",
        t.elapsed()
    );
    assert!(
        px.wait(Duration::from_secs(30)).is_some(),
        "the proxy did not exit"
    );
}
