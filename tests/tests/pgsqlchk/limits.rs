//! pgsqlchk's bound on connections, without a database (its checks answer 503, "connection
//! refused", which is all a check needs to be answered): started as a service manager starts
//! it, with a soft limit of 1,024 descriptors and a higher hard one, it raises the soft limit
//! to the hard one; flooded with more idle connections than it may hold, it still answers a
//! check, and never holds more descriptors than its limit.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rustha_harness::proxy::{free_port, wait_for, TempDir};

struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A check's answer status, None when the connection closed first.
fn check(port: u16) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.split(' ').nth(1)?.parse().ok()
}

fn soft_nofile(pid: u32) -> u64 {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    line.split_whitespace().nth(3).unwrap().parse().unwrap()
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn raises_its_descriptor_limit_and_keeps_answering_under_a_flood_of_idle_connections() {
    let d = TempDir::new("pgsqlchk-limits");
    let (listen, db) = (free_port(), free_port());
    let cfg = d.write(
        "config.json",
        &format!(
            "{{\"database_host\": \"127.0.0.1\", \"health_check_user_password\": \"pw\", \"webserver_host\": \"127.0.0.1\", \"webservers\": [{{\"target_port\": {db}, \"listen_port\": {listen}}}]}}"
        ),
    );
    // A hard limit of 600: a cap of a few hundred connections, reached by the flood below.
    let child = Command::new("prlimit")
        .arg("--nofile=256:600")
        .arg(rustha_harness::bin("pgsqlchk"))
        .args(["run", "--config"])
        .arg(&cfg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawning pgsqlchk run");
    let daemon = Daemon(child);
    let pid = daemon.0.id();
    assert!(wait_for(Duration::from_secs(10), || check(listen).is_some()));
    assert_eq!(check(listen), Some(503));
    assert_eq!(soft_nofile(pid), 600, "the soft limit was not raised");
    // 700 idle connections, more than it may hold.
    let mut flood = Vec::new();
    for _ in 0..700 {
        match TcpStream::connect(("127.0.0.1", listen)) {
            Ok(s) => flood.push(s),
            Err(_) => break,
        }
    }
    assert_eq!(flood.len(), 700);
    assert_eq!(
        check(listen),
        Some(503),
        "no answer while idle connections fill the daemon"
    );
    assert!(
        open_fds(pid) <= 600,
        "{} descriptors open over a limit of 600",
        open_fds(pid)
    );
    drop(flood);
    assert_eq!(check(listen), Some(503));
}
