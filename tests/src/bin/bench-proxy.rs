//! `bench-proxy`: TCP-mode throughput of `proxy` against HAProxy 2.6 with the same configuration,
//! the same thread count and the same backend, in one run with alternating rounds.
//!
//! The backend is an HTTP/1.1 responder on a pool of blocking threads in this process (fixed 100-byte
//! body); wrk drives it through each proxy in two ways: keep-alive (data forwarding on long
//! sessions) and `Connection: close` (a new proxied TCP session per request: accept, server
//! selection, connect, two closes — the work a TCP load balancer really does). Requests/s, p50/p99
//! latency and peak RSS (VmHWM) per run; medians over `BENCH_ROUNDS` (default 3) alternating
//! rounds of `BENCH_SECONDS` (default 5) each; ratios proxy/HAProxy.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::Duration;

use rustha_tests::proxy::{free_port, wait_for, TempDir};

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn backend() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    // A fixed pool blocking in accept: no thread creation per connection, so the backend
    // keeps up with a connection per request.
    let l = std::sync::Arc::new(l);
    for _ in 0..160 {
        let l = l.clone();
        thread::spawn(move || loop {
            if let Ok((c, _)) = l.accept() {
                serve(c);
            }
        });
    }
    addr
}

fn serve(mut c: TcpStream) {
    let body = "x".repeat(100);
    let ka =
        format!("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\n\r\n{body}");
    let close = format!("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n{body}");
    let _ = c.set_nodelay(true);
    let mut buf = vec![0u8; 16384];
    let mut have = 0;
    loop {
        match c.read(&mut buf[have..]) {
            Ok(0) | Err(_) => return,
            Ok(n) => have += n,
        }
        // Answer every complete request head in the buffer (pipelining-safe).
        while let Some(end) = buf[..have].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = &buf[..end];
            let closing = head
                .windows(17)
                .any(|w| w.eq_ignore_ascii_case(b"connection: close"));
            if c.write_all(if closing {
                close.as_bytes()
            } else {
                ka.as_bytes()
            })
            .is_err()
                || closing
            {
                return;
            }
            buf.copy_within(end + 4..have, 0);
            have -= end + 4;
        }
        if have == buf.len() {
            return;
        }
    }
}

/// Per proxy: requests/s, p50, p99, peak MiB of each round, and the error count.
type Samples = (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, u64);

struct Run {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

fn wrk(port: u16, close: bool, seconds: u64, conns: u32) -> Run {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t1",
        &format!("-c{conns}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if close {
        cmd.args(["-H", "Connection: close"]);
    }
    let out = cmd
        .arg(format!("http://127.0.0.1:{port}/"))
        .output()
        .expect("wrk (Debian package wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let ms = |s: &str| -> f64 {
        let (num, unit): (String, String) =
            s.chars().partition(|c| c.is_ascii_digit() || *c == '.');
        let v: f64 = num.parse().unwrap_or(f64::NAN);
        match unit.as_str() {
            "us" => v / 1000.0,
            "ms" => v,
            "s" => v * 1000.0,
            "m" => v * 60000.0,
            _ => f64::NAN,
        }
    };
    let mut run = Run {
        rps: f64::NAN,
        p50_ms: f64::NAN,
        p99_ms: f64::NAN,
        errors: 0,
    };
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["Requests/sec:", v] => run.rps = v.parse().unwrap_or(f64::NAN),
            ["50%", v] => run.p50_ms = ms(v),
            ["99%", v] => run.p99_ms = ms(v),
            ["Socket", "errors:", rest @ ..] => {
                run.errors += rest
                    .iter()
                    .filter_map(|x| x.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>();
            }
            ["Non-2xx", "or", "3xx", "responses:", v] => {
                run.errors += v.parse::<u64>().unwrap_or(0)
            }
            _ => {}
        }
    }
    run
}

fn vm_hwm_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn config(port: u16, backend: SocketAddr, threads: usize) -> String {
    format!(
        "global\n  maxconn 4096\n  nbthread {threads}\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\
listen bench\n  bind 127.0.0.1:{port}\n  balance roundrobin\n  server s1 {backend}\n"
    )
}

fn start(which: &str, dir: &TempDir, port: u16, backend: SocketAddr, threads: usize) -> Guard {
    let cfg = dir.write(&format!("{which}.cfg"), &config(port, backend, threads));
    let mut cmd = if which == "proxy" {
        let mut c = Command::new(rustha_tests::bin("proxy"));
        c.args(["run", "-q", "-f"]).arg(&cfg);
        c
    } else {
        let mut c = Command::new("haproxy");
        c.args(["-db", "-f"]).arg(&cfg);
        c
    };
    let g = Guard(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn"),
    );
    assert!(
        wait_for(Duration::from_secs(10), || TcpStream::connect((
            "127.0.0.1",
            port
        ))
        .is_ok()),
        "{which} did not listen"
    );
    g
}

fn pinned() -> bool {
    std::env::var("BENCH_PIN").is_ok_and(|v| v == "1")
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let threads: usize = std::env::var("BENCH_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let conns: u32 = std::env::var("BENCH_CONNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    if cpus > 1 && pinned() {
        let mut set = nix::sched::CpuSet::new();
        for c in 1..cpus {
            let _ = set.set(c);
        }
        let _ = nix::sched::sched_setaffinity(nix::unistd::Pid::from_raw(0), &set);
    }
    let dir = TempDir::new("bench-proxy");
    let be = backend();
    if pinned() {
        println!("proxy under test pinned to CPU 0, backend and wrk on CPUs 1..{cpus}");
    }
    println!("TCP mode, {threads} proxy thread(s), wrk -t1 -c{conns}, {seconds}s x {rounds} alternating rounds, 100-byte HTTP responses from one backend");
    let haproxy_version = Command::new("haproxy")
        .arg("-v")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    println!("anchor: {haproxy_version}");
    let scenarios = [("keep-alive", false), ("conn/request", true)];
    let mut table = Vec::new();
    for (label, close) in scenarios {
        let mut res: std::collections::BTreeMap<&str, Samples> = Default::default();
        for round in 0..rounds {
            // Alternate which goes first so drift does not favour one side.
            let order = if round % 2 == 0 {
                ["proxy", "haproxy"]
            } else {
                ["haproxy", "proxy"]
            };
            for which in order {
                let port = free_port();
                let g = start(which, &dir, port, be, threads);
                // Warm-up.
                let _ = wrk(port, close, 1, conns);
                let r = wrk(port, close, seconds, conns);
                let mem = vm_hwm_kb(g.0.id()) as f64 / 1024.0;
                drop(g);
                let e = res.entry(which).or_default();
                e.0.push(r.rps);
                e.1.push(r.p50_ms);
                e.2.push(r.p99_ms);
                e.3.push(mem);
                e.4 += r.errors;
                eprintln!("  {label:<12} round {round} {which:<8} {:>9.0} req/s  p50 {:.3} ms  p99 {:.3} ms  peak RSS {:.1} MiB  errors {}", r.rps, r.p50_ms, r.p99_ms, mem, r.errors);
            }
        }
        let m = |w: &str, i: usize| {
            let e = &res[w];
            median(match i {
                0 => e.0.clone(),
                1 => e.1.clone(),
                2 => e.2.clone(),
                _ => e.3.clone(),
            })
        };
        table.push((
            label,
            [m("proxy", 0), m("haproxy", 0)],
            [m("proxy", 1), m("haproxy", 1)],
            [m("proxy", 2), m("haproxy", 2)],
            [m("proxy", 3), m("haproxy", 3)],
            res["proxy"].4 + res["haproxy"].4,
        ));
    }
    println!();
    println!("| scenario | proxy req/s | HAProxy req/s | ratio | proxy p50 ms | HAProxy p50 ms | proxy p99 ms | HAProxy p99 ms | p99 ratio | proxy peak MiB | HAProxy peak MiB | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (label, rps, p50, p99, mem, errors) in table {
        println!(
            "| {label} | {:.0} | {:.0} | {:.2}x | {:.3} | {:.3} | {:.3} | {:.3} | {:.2}x | {:.1} | {:.1} | {errors} |",
            rps[0],
            rps[1],
            rps[0] / rps[1],
            p50[0],
            p50[1],
            p99[0],
            p99[1],
            p99[0] / p99[1],
            mem[0],
            mem[1]
        );
    }
}
