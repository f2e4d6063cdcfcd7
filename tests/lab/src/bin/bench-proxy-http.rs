//! `bench-proxy-http`: HTTP mode through `proxy` against HAProxy 2.6 with the same
//! configuration (`option forwardfor`, `option httpchk`), the same thread count and the same
//! backend, and against the backend directly (the ceiling), in one run with alternating rounds.
//!
//! - Throughput: `wrk -t1 -c64` keep-alive, 100-byte and 64 KiB responses, 1 and 2 proxy
//!   threads; requests/s, wrk's p50/p99, peak RSS (VmHWM) and CPU time per request of the proxy
//!   process (utime + stime from /proc, the user-space part shown apart), and the requests/s
//!   ratio the proxy would reach if its user-space time were zero: what is left when wrk,
//!   nginx and the kernel's work for the same system calls share the cores.
//! - Latency at a fixed rate: Debian's wrk has no `-R`, so a small open-loop client in this
//!   binary sends `BENCH_RATE` requests/s (default 5000) over 16 keep-alive connections and
//!   measures each response from its scheduled send time (no coordinated omission).
//! - Memory with 8,000 idle client connections (RSS growth per connection).
//!
//! The backend is nginx with one worker serving static files (a backend that costs little
//! CPU, so the proxies are what is measured). Medians
//! over `BENCH_ROUNDS` (default 5) rounds of `BENCH_SECONDS` (default 5); ratios proxy/HAProxy.
//! `BENCH_THREADS` (`2`, or `1,2`, the default) and `BENCH_RESPONSE=small|big` run only those
//! rows of the table.
//! Numbers are noisy on a shared machine: read the ratios, not the absolutes.
//!
//! With `BENCH_BASELINE=path/to/proxy` (an earlier build of the proxy) that build runs as a
//! fourth contender in the same rotation, and a second table gives this build against it: the
//! way to show that a change costs nothing, measured in one run.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use rustha_harness::nginx::Nginx;
use rustha_harness::proxy::{free_port, TempDir};
use rustha_lab::bench::{
    cpu_times, haproxy_version, median_f64, parse_wrk, proc_status_kb, settings, start_lb,
    Balancer, Guard, Knob, Rounds, WrkRun,
};

const ABOUT: &str = "HTTP-mode throughput, latency and memory of proxy against HAProxy";

const KNOBS: &[Knob] = &[
    Knob::seconds("5"),
    Knob::rounds("5"),
    Knob {
        name: "rate",
        env: "BENCH_RATE",
        default: Some("5000"),
        help: "Requests/s of the fixed-rate latency run",
    },
    Knob {
        name: "idle",
        env: "BENCH_IDLE",
        default: Some("8000"),
        help: "Idle client connections of the memory row",
    },
    Knob {
        name: "threads",
        env: "BENCH_THREADS",
        default: Some("1,2"),
        help: "nbthread values to run, for both proxies",
    },
    Knob {
        name: "response",
        env: "BENCH_RESPONSE",
        default: None,
        help: "small or big: only the rows of that response",
    },
    Knob {
        name: "baseline",
        env: "BENCH_BASELINE",
        default: None,
        help: "An earlier build of proxy, run as a fourth contender",
    },
];

const BIG: usize = 64 * 1024;

/// The backend: nginx with one worker (little CPU per request), keep-alive, serving
/// `/small` (100 bytes), `/big` (64 KiB) and the health check's `/health` from files.
fn backend(dir: &TempDir) -> (Nginx, SocketAddr) {
    let port = free_port();
    let home = dir.0.join("backend");
    let www = home.join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("small"), "x".repeat(100)).unwrap();
    std::fs::write(www.join("big"), "y".repeat(BIG)).unwrap();
    std::fs::write(www.join("health"), "ok\n").unwrap();
    let n = Nginx::start(
        &home,
        &format!(
            "http {{\n  access_log off;\n  default_type text/plain;\n  keepalive_requests 100000000;\n\
             keepalive_timeout 300s;\n  server {{ listen 127.0.0.1:{port} backlog=4096; root {}; }}\n}}",
            www.display()
        ),
    );
    (n, SocketAddr::from(([127, 0, 0, 1], port)))
}

fn wrk(port: u16, path: &str, seconds: u64) -> WrkRun {
    let out = Command::new("wrk")
        .args(["-t1", "-c64", &format!("-d{seconds}s"), "--latency"])
        .arg(format!("http://127.0.0.1:{port}{path}"))
        .output()
        .expect("wrk (Debian package wrk)");
    parse_wrk(&String::from_utf8_lossy(&out.stdout))
}

/// Open-loop client: `rate` requests/s over `conns` keep-alive connections for `seconds`;
/// latencies in ms measured from each request's scheduled time.
fn fixed_rate(port: u16, path: &str, rate: u64, seconds: u64) -> (f64, f64, u64) {
    let conns = 16u64;
    let interval = Duration::from_nanos(1_000_000_000 * conns / rate.max(1));
    let start = Instant::now() + Duration::from_millis(50);
    let end = start + Duration::from_secs(seconds);
    let handles: Vec<_> = (0..conns)
        .map(|k| {
            let path = path.to_string();
            thread::spawn(move || {
                let mut lat = Vec::new();
                let mut errors = 0u64;
                let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
                    return (lat, 1);
                };
                let _ = s.set_nodelay(true);
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let req = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n");
                let mut buf = vec![0u8; 256 * 1024];
                let mut due = start + interval * k as u32 / conns as u32;
                while due < end {
                    let now = Instant::now();
                    if due > now {
                        thread::sleep(due - now);
                    }
                    if s.write_all(req.as_bytes()).is_err() {
                        errors += 1;
                        break;
                    }
                    if !read_response(&mut s, &mut buf) {
                        errors += 1;
                        break;
                    }
                    lat.push(due.elapsed().as_secs_f64() * 1000.0);
                    due += interval;
                }
                (lat, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().unwrap();
        all.extend(l);
        errors += e;
    }
    all.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| {
        if all.is_empty() {
            f64::NAN
        } else {
            all[((all.len() as f64 * p) as usize).min(all.len() - 1)]
        }
    };
    (pct(0.5), pct(0.99), errors)
}

fn read_response(s: &mut TcpStream, buf: &mut [u8]) -> bool {
    let mut have = 0;
    loop {
        match s.read(&mut buf[have..]) {
            Ok(0) | Err(_) => return false,
            Ok(n) => have += n,
        }
        if let Some(e) = buf[..have].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..e]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            let total = (e + 4 + len).min(buf.len());
            while have < total {
                match s.read(&mut buf[have..total]) {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => have += n,
                }
            }
            return true;
        }
    }
}

fn config(port: u16, backend: SocketAddr, threads: usize) -> String {
    format!(
        "global\n  maxconn 9000\n  nbthread {threads}\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\
listen bench\n  bind 127.0.0.1:{port}\n  balance roundrobin\n  option forwardfor\n  option httpchk GET /health\n  server s1 {backend} check inter 2s\n"
    )
}

fn start(lb: Balancer<'_>, dir: &TempDir, port: u16, backend: SocketAddr, threads: usize) -> Guard {
    let cfg = dir.write(
        &format!("{}.cfg", lb.name()),
        &config(port, backend, threads),
    );
    start_lb(lb, &cfg, port, false)
}

/// One balancer's rounds of a cell: wrk's saturated run and the fixed-rate one.
#[derive(Default)]
struct Samples {
    wrk: Rounds,
    fixed_p50: Vec<f64>,
    fixed_p99: Vec<f64>,
    /// The balancer's user-space CPU time per request, microseconds (its share of `cpu_us`).
    user_us: Vec<f64>,
}

fn idle_memory(lb: Balancer<'_>, dir: &TempDir, be: SocketAddr, n: usize) -> (f64, f64) {
    let which = lb.name();
    let port = free_port();
    let g = start(lb, dir, port, be, 1);
    thread::sleep(Duration::from_millis(300));
    let before = proc_status_kb(g.0.id(), "VmRSS:");
    let mut socks = Vec::with_capacity(n);
    for _ in 0..n {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => socks.push(s),
            Err(e) => {
                eprintln!("  {which}: connection {} failed: {e}", socks.len());
                break;
            }
        }
    }
    thread::sleep(Duration::from_secs(1));
    let after = proc_status_kb(g.0.id(), "VmRSS:");
    drop(socks);
    drop(g);
    (before as f64 / 1024.0, after as f64 / 1024.0)
}

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let seconds: u64 = s.get("seconds");
    let rounds: usize = s.get("rounds");
    let rate: u64 = s.get("rate");
    let idle: usize = s.get("idle");
    let baseline: Option<std::path::PathBuf> = s.opt("baseline");
    let only_response = s.one_of("response", &["small", "big"]);
    let balancer = |which: &str| match which {
        "proxy" => Balancer::Proxy,
        "haproxy" => Balancer::Haproxy,
        _ => Balancer::Baseline(
            baseline
                .as_deref()
                .expect("a baseline contender has its path"),
        ),
    };
    let dir = TempDir::new("bench-proxy-http");
    if !Nginx::available(false) {
        eprintln!("bench-proxy-http: nginx is missing (apt-get install nginx-light)");
        std::process::exit(1);
    }
    let (_backend, be) = backend(&dir);
    let haproxy_version = haproxy_version();
    println!("HTTP mode (option forwardfor + option httpchk), wrk -t1 -c64 keep-alive, {seconds}s x {rounds} alternating rounds; fixed rate {rate} req/s over 16 connections; anchor: {haproxy_version}");
    let mut contenders = vec!["proxy", "haproxy", "direct"];
    if let Some(b) = &baseline {
        println!("baseline: {}", b.display());
        contenders.push("baseline");
    }
    let mut table = Vec::new();
    for threads in s.threads().expect("--threads has a default") {
        for (label, path) in [("100 B", "/small"), ("64 KiB", "/big")] {
            if only_response
                .as_ref()
                .is_some_and(|r| path != format!("/{r}"))
            {
                continue;
            }
            let mut res: std::collections::BTreeMap<&str, Samples> = Default::default();
            for round in 0..rounds {
                // Each contender takes each place in the order in turn.
                let mut order = contenders.clone();
                order.rotate_left(round % contenders.len());
                for which in order {
                    let (port, g) = if which == "direct" {
                        (be.port(), None)
                    } else {
                        let port = free_port();
                        (port, Some(start(balancer(which), &dir, port, be, threads)))
                    };
                    let pid = g.as_ref().map(|g| g.0.id());
                    let _ = wrk(port, path, 1);
                    let cpu0 = pid.map(cpu_times).unwrap_or_default();
                    let r = wrk(port, path, seconds);
                    let cpu = pid.map(|p| {
                        let c = cpu_times(p);
                        (c.0 - cpu0.0, c.1 - cpu0.1)
                    });
                    let (f50, f99, ferr) = fixed_rate(port, path, rate, seconds.min(3));
                    let mem = pid
                        .map(|p| proc_status_kb(p, "VmHWM:") as f64 / 1024.0)
                        .unwrap_or(f64::NAN);
                    drop(g);
                    let per_req = |t: f64| t * 1e6 / (r.rps * seconds as f64);
                    let cpu_us = cpu.map(|c| per_req(c.0 + c.1)).unwrap_or(f64::NAN);
                    let user_us = cpu.map(|c| per_req(c.0)).unwrap_or(f64::NAN);
                    let e = res.entry(which).or_default();
                    e.wrk.push(&r, mem, cpu_us);
                    e.wrk.errors += ferr;
                    e.fixed_p50.push(f50);
                    e.fixed_p99.push(f99);
                    e.user_us.push(user_us);
                    eprintln!("  {threads}t {label:<6} round {round} {which:<8} {:>8.0} req/s  wrk p50 {:.3} p99 {:.3} ms  fixed-rate p50 {f50:.3} p99 {f99:.3} ms  peak {mem:.1} MiB  cpu {cpu_us:.1} us/req (user {user_us:.1})  errors {}", r.rps, r.p50_ms, r.p99_ms, r.errors + ferr);
                }
            }
            table.push((threads, label, res));
        }
    }
    let cores = thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    println!();
    println!("| threads | response | proxy req/s | HAProxy req/s | direct req/s | req/s ratio | proxy p50/p99 ms (wrk) | HAProxy p50/p99 ms (wrk) | proxy p50/p99 ms @{rate}/s | HAProxy p50/p99 ms @{rate}/s | p99 ratio @{rate}/s | proxy / HAProxy peak MiB | proxy / HAProxy CPU us/req (user) | req/s ratio at zero proxy user time | errors |");
    println!("|---:|---|---:|---:|---:|---:|---|---|---|---|---:|---|---|---:|---:|");
    for (threads, label, res) in &table {
        let m = |w: &str, f: fn(&Rounds) -> &Vec<f64>| res[w].wrk.median(f);
        let fixed = |w: &str, p99: bool| {
            let s = &res[w];
            median_f64(if p99 { &s.fixed_p99 } else { &s.fixed_p50 }.clone())
        };
        let (pr, hr, dr) = (
            m("proxy", |s| &s.rps),
            m("haproxy", |s| &s.rps),
            m("direct", |s| &s.rps),
        );
        let user = |w: &str| median_f64(res[w].user_us.clone());
        // wrk, nginx and the balancer share the cores, so each request costs the machine
        // cores / rate of CPU time (idle included). Take away the proxy's user-space part and
        // the rest (its system calls, wrk, nginx, idle) bounds what any proxy making the same
        // system calls could reach against this HAProxy.
        let bound = pr / hr / (1.0 - user("proxy") * pr / (cores * 1e6));
        println!(
            "| {threads} | {label} | {pr:.0} | {hr:.0} | {dr:.0} | {:.2}x | {:.3} / {:.3} | {:.3} / {:.3} | {:.3} / {:.3} | {:.3} / {:.3} | {:.2}x | {:.1} / {:.1} | {:.1} ({:.1}) / {:.1} ({:.1}) | {bound:.2}x | {} |",
            pr / hr,
            m("proxy", |s| &s.p50),
            m("proxy", |s| &s.p99),
            m("haproxy", |s| &s.p50),
            m("haproxy", |s| &s.p99),
            fixed("proxy", false),
            fixed("proxy", true),
            fixed("haproxy", false),
            fixed("haproxy", true),
            fixed("proxy", true) / fixed("haproxy", true),
            m("proxy", |s| &s.mem),
            m("haproxy", |s| &s.mem),
            m("proxy", |s| &s.cpu_us),
            user("proxy"),
            m("haproxy", |s| &s.cpu_us),
            user("haproxy"),
            res.values().map(|s| s.wrk.errors).sum::<u64>(),
        );
    }
    if contenders.contains(&"baseline") {
        println!();
        println!("| threads | response | proxy req/s | baseline req/s | req/s ratio | p99 ms @{rate}/s proxy / baseline | CPU us/req (user) proxy / baseline | peak MiB proxy / baseline |");
        println!("|---:|---|---:|---:|---:|---|---|---|");
        for (threads, label, res) in &table {
            let m = |w: &str, f: fn(&Rounds) -> &Vec<f64>| res[w].wrk.median(f);
            let p99 = |w: &str| median_f64(res[w].fixed_p99.clone());
            let user = |w: &str| median_f64(res[w].user_us.clone());
            let (pr, br) = (m("proxy", |s| &s.rps), m("baseline", |s| &s.rps));
            println!(
                "| {threads} | {label} | {pr:.0} | {br:.0} | {:.2}x | {:.3} / {:.3} | {:.1} ({:.1}) / {:.1} ({:.1}) | {:.1} / {:.1} |",
                pr / br,
                p99("proxy"),
                p99("baseline"),
                m("proxy", |s| &s.cpu_us),
                user("proxy"),
                m("baseline", |s| &s.cpu_us),
                user("baseline"),
                m("proxy", |s| &s.mem),
                m("baseline", |s| &s.mem),
            );
        }
    }
    if idle > 0 {
        println!();
        println!("| {idle} idle client connections (1 thread) | RSS before MiB | RSS after MiB | KiB per connection |");
        println!("|---|---:|---:|---:|");
        for which in ["proxy", "haproxy"] {
            let (b, a) = idle_memory(balancer(which), &dir, be, idle);
            println!(
                "| {which} | {b:.1} | {a:.1} | {:.2} |",
                (a - b) * 1024.0 / idle as f64
            );
        }
    }
}
