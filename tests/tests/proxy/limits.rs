//! Resources a client of the proxy cannot grow without bound: the admin socket reads one command
//! line of at most HAProxy's buffer size (`tune.bufsize`, 16384 bytes by default, less one: the
//! longest line HAProxy 2.6 can answer, though it does not always, depending on how the line
//! arrives, so the test's long line that both must answer is 8000 bytes); a line of 20000
//! closes the connection unanswered, and no line is held whole (a 64 MiB line without a
//! newline used to grow the process by 64 MiB).

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use rustha_harness::proxy::{free_port, stats_socket_line, Daemon, TempDir};

/// Send `line` (its newline included) and read the answer: None when the connection closed
/// (or was reset) with no answer.
fn send_line(sock: &Path, line: &[u8]) -> Option<String> {
    let mut s = UnixStream::connect(sock).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = s.write_all(line);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    (!out.is_empty()).then(|| String::from_utf8_lossy(&out).to_string())
}

/// `show info` padded with spaces to `len` bytes, newline included.
fn padded(len: usize) -> Vec<u8> {
    let mut l = b"show info".to_vec();
    l.resize(len - 1, b' ');
    l.push(b'\n');
    l
}

#[test]
fn admin_socket_lines_are_capped_at_haproxys_buffer_size() {
    for haproxy in [false, true] {
        let d = TempDir::new("proxy-admin-cap");
        let sock = d.path("haproxy.sock");
        let cfg = d.write(
            "p.cfg",
            &format!(
                "global\n{}defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\nlisten l\n  bind 127.0.0.1:{}\n  server s 127.0.0.1:{}\n",
                stats_socket_line(haproxy.then_some(sock.as_path())),
                free_port(),
                free_port()
            ),
        );
        let px = Daemon::either(haproxy, &d, &cfg, &sock);
        let who = if haproxy { "haproxy" } else { "proxy" };
        let answer = send_line(&px.socket, &padded(8000));
        assert!(
            answer.as_deref().is_some_and(|a| a.contains("Pid: ")),
            "{who}: {answer:?}"
        );
        assert_eq!(send_line(&px.socket, &padded(20000)), None, "{who}");
        if haproxy {
            continue;
        }
        // 64 MiB without a newline: the proxy stops reading (the writer sees the connection
        // close long before the end) and the process does not grow by the line.
        let rss = || {
            std::fs::read_to_string(format!("/proc/{}/status", px.pid()))
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
                .unwrap()
        };
        let before = rss();
        let mut s = UnixStream::connect(&px.socket).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(15))).unwrap();
        let chunk = vec![b'x'; 1 << 20];
        let mut sent = 0;
        for _ in 0..64 {
            match s.write(&chunk) {
                Ok(n) if n > 0 => sent += n,
                _ => break,
            }
        }
        assert!(sent < 64 << 20, "the proxy read all of a 64 MiB line");
        let grew = rss().saturating_sub(before);
        assert!(grew < 16 * 1024, "the proxy grew by {grew} kB");
        // Still answering.
        assert!(send_line(&px.socket, b"show info\n").is_some_and(|a| a.contains("Pid: ")));
    }
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Idle pooled server connections count in the descriptor budget: with 200 descriptors (a
/// quarter of them, less the reserve, for sessions and idle connections), thirty open client
/// sessions leave no room for idle server connections, so none of their thirty is kept (each
/// would hold a descriptor the sessions' limit was computed without).
#[test]
fn idle_server_connections_count_in_the_descriptor_budget() {
    use rustha_harness::httpd::{Client, Httpd};
    let d = TempDir::new("proxy-idle-budget");
    let origin = Httpd::start("127.0.0.1", 0, "o");
    let f = free_port();
    let cfg = d.write(
        "p.cfg",
        &format!(
            "global\n  nbthread 1\ndefaults\n  mode http\n  timeout connect 1s\n  timeout client 30s\n  timeout server 30s\nlisten l\n  bind 127.0.0.1:{f}\n  server s {}\n",
            origin.addr
        ),
    );
    let px = Daemon::proxy_with_nofile(&d, &cfg, 200, 200);
    let addr: std::net::SocketAddr = format!("127.0.0.1:{f}").parse().unwrap();
    // One session first: its server connection is kept (the budget has room).
    let mut first = Client::connect(addr, None);
    assert_eq!(first.request("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").0, 200);
    std::thread::sleep(Duration::from_millis(100));
    let base = open_fds(px.pid());
    // Thirty requests at once, slow to answer: thirty server connections at once, each
    // offered back to the pool when its answer went.
    origin.set_delay(Duration::from_millis(300));
    let mut clients = Vec::new();
    for i in 0..30 {
        let mut c = Client::connect(addr, None);
        let req = format!("GET /{i} HTTP/1.1\r\nHost: x\r\n\r\n");
        c.stream().write_all(req.as_bytes()).unwrap();
        clients.push(c);
    }
    for c in &mut clients {
        assert_eq!(c.response().0, 200);
    }
    std::thread::sleep(Duration::from_millis(200));
    let grown = open_fds(px.pid()) - base;
    // Thirty client sockets; their thirty server connections were not kept idle.
    assert!(
        grown <= 31,
        "{grown} more descriptors for 30 sessions: idle server connections kept beyond the budget"
    );
}
