//! `bench-proxy-udp`: `mode udp` of `proxy` against nginx's stream module (the usual user-space
//! UDP balancer; HAProxy has no UDP, and LVS, which seed 001 used, needs the kernel's IPVS,
//! absent here), both with one worker, round robin over the same two echo servers, in one run
//! with alternating rounds.
//!
//! Each of `BENCH_CLIENTS` (default 16) client threads has its own socket (a session on each
//! balancer) and runs request/response round trips of 100-byte datagrams for `BENCH_SECONDS`
//! (default 5); a reply not back within 1 s counts as lost. Printed per balancer: round trips
//! per second, p50/p99 round-trip time, losses, CPU time per round trip and peak RSS (master and
//! worker for nginx); medians over `BENCH_ROUNDS` (default 3) and the ratios proxy/nginx, with
//! the backends directly as the ceiling.

use std::net::{SocketAddr, UdpSocket};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rustha_harness::nginx::Nginx;
use rustha_harness::proxy::{free_port, wait_for, TempDir};
use rustha_lab::bench::{cpu_seconds, median_f64, proc_status_kb, settings, Guard, Knob, Rounds};

const ABOUT: &str = "mode udp of proxy against nginx's stream module, round trips of 100 bytes";

const KNOBS: &[Knob] = &[
    Knob::seconds("5"),
    Knob::rounds("3"),
    Knob {
        name: "clients",
        env: "BENCH_CLIENTS",
        default: Some("16"),
        help: "Client threads, each with its own socket",
    },
];

const PAYLOAD: usize = 100;

/// An echo server on `ip:port`, one thread.
fn echo(ip: &str, port: u16) -> SocketAddr {
    let s = UdpSocket::bind((ip, port)).expect("bind echo server");
    let addr = s.local_addr().unwrap();
    thread::spawn(move || {
        let mut buf = [0u8; 2048];
        while let Ok((n, from)) = s.recv_from(&mut buf) {
            let _ = s.send_to(&buf[..n], from);
        }
    });
    addr
}

/// What one run measured.
struct Run {
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
    lost: u64,
}

/// `clients` threads doing round trips to `to` for `seconds`.
fn load(to: SocketAddr, clients: usize, seconds: u64) -> Run {
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let stop = stop.clone();
            thread::spawn(move || {
                let s = UdpSocket::bind("127.0.0.1:0").unwrap();
                s.connect(to).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
                let msg = [b'x'; PAYLOAD];
                let mut buf = [0u8; 2048];
                let mut rtts: Vec<u32> = Vec::with_capacity(1 << 16);
                let mut lost = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    if s.send(&msg).is_err() {
                        lost += 1;
                        continue;
                    }
                    match s.recv(&mut buf) {
                        Ok(_) => rtts.push(t.elapsed().as_micros() as u32),
                        Err(_) => lost += 1,
                    }
                }
                (rtts, lost)
            })
        })
        .collect();
    let t = Instant::now();
    thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut lost = 0;
    for w in workers {
        let (r, l) = w.join().unwrap();
        all.extend(r);
        lost += l;
    }
    let elapsed = t.elapsed().as_secs_f64();
    all.sort_unstable();
    let q = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map_or(f64::NAN, |&us| f64::from(us) / 1000.0)
    };
    Run {
        rate: all.len() as f64 / elapsed,
        p50_ms: q(0.50),
        p99_ms: q(0.99),
        lost,
    }
}

/// One datagram answered through `to` (the balancer is up).
fn answers(to: SocketAddr) -> bool {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 64];
    s.send_to(b"ping", to).is_ok() && s.recv_from(&mut buf).is_ok()
}

fn start_proxy(dir: &TempDir, vip: SocketAddr, a: SocketAddr, b: SocketAddr) -> (Guard, Vec<u32>) {
    let cfg = dir.write(
        "proxy.cfg",
        &format!(
            "global\n  nbthread 1\ndefaults\n  mode udp\n  timeout client 30s\n\
             listen u\n  bind {vip}\n  balance roundrobin\n  server a {a}\n  server b {b}\n"
        ),
    );
    let g = Guard(
        Command::new(rustha_harness::bin("proxy"))
            .args(["run", "-q", "-f"])
            .arg(&cfg)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn proxy"),
    );
    let pid = g.0.id();
    (g, vec![pid])
}

fn start_nginx(dir: &TempDir, vip: SocketAddr, a: SocketAddr, b: SocketAddr) -> Nginx {
    let home = dir.0.join("nginx");
    std::fs::create_dir_all(&home).unwrap();
    Nginx::start(
        &home,
        &format!(
            "stream {{\n  upstream up {{ server {a}; server {b}; }}\n\
             server {{ listen {vip} udp; proxy_pass up; proxy_timeout 30s; }}\n}}"
        ),
    )
}

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let seconds: u64 = s.get("seconds");
    let rounds: usize = s.get("rounds");
    let clients: usize = s.get("clients");
    if !Nginx::available(true) {
        eprintln!("bench-proxy-udp: nginx's stream module is missing (apt-get install nginx-light libnginx-mod-stream)");
        std::process::exit(1);
    }
    let port = free_port();
    let a = echo("127.0.0.2", port);
    let b = echo("127.0.0.3", port);
    let dir = TempDir::new("bench-proxy-udp");
    println!(
        "UDP round trips of {PAYLOAD}-byte datagrams, {clients} client sockets, {seconds}s x {rounds} alternating rounds, one worker each, round robin over 2 echo servers"
    );
    let direct = load(a, clients, seconds.min(3));
    println!(
        "  direct to one echo server: {:.0} round trips/s  p50 {:.3} ms  p99 {:.3} ms",
        direct.rate, direct.p50_ms, direct.p99_ms
    );
    let mut proxy = Rounds::default();
    let mut nginx = Rounds::default();
    for round in 0..rounds {
        // Alternate which goes first, so neither always runs on a warmer machine.
        let order: [&str; 2] = if round % 2 == 0 {
            ["proxy", "nginx"]
        } else {
            ["nginx", "proxy"]
        };
        for which in order {
            let vip: SocketAddr = if which == "proxy" {
                format!("127.0.0.150:{port}")
            } else {
                format!("127.0.0.151:{port}")
            }
            .parse()
            .unwrap();
            let (proxy_guard, nginx_guard) = if which == "proxy" {
                (Some(start_proxy(&dir, vip, a, b)), None)
            } else {
                (None, Some(start_nginx(&dir, vip, a, b)))
            };
            let pids: Vec<u32> = match (&proxy_guard, &nginx_guard) {
                (Some((_, p)), _) => p.clone(),
                (_, Some(n)) => n.pids(),
                _ => Vec::new(),
            };
            assert!(
                wait_for(Duration::from_secs(10), || answers(vip)),
                "{which} does not answer on {vip}"
            );
            let cpu0: f64 = pids.iter().map(|&p| cpu_seconds(p)).sum();
            let r = load(vip, clients, seconds);
            let cpu: f64 = pids.iter().map(|&p| cpu_seconds(p)).sum::<f64>() - cpu0;
            let mem: f64 = pids
                .iter()
                .map(|&p| proc_status_kb(p, "VmHWM") as f64 / 1024.0)
                .sum();
            let s = if which == "proxy" {
                &mut proxy
            } else {
                &mut nginx
            };
            let cpu_us = cpu * 1e6 / (r.rate * seconds as f64).max(1.0);
            println!(
                "  round {round} {which:<6} {:>8.0} round trips/s  p50 {:.3} ms  p99 {:.3} ms  CPU {cpu_us:.1} us/round trip  peak RSS {mem:.1} MiB  lost {}",
                r.rate, r.p50_ms, r.p99_ms, r.lost
            );
            // Lost datagrams are this bench's errors.
            s.record([r.rate, r.p50_ms, r.p99_ms, mem, cpu_us], r.lost);
            drop(proxy_guard);
            drop(nginx_guard);
        }
    }
    let m = |v: &Vec<f64>| median_f64(v.clone());
    println!();
    println!("| balancer | round trips/s | ratio | p50 ms | p99 ms | p99 ratio | CPU us/round trip | CPU ratio | peak RSS MiB | lost |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, s) in [("proxy (mode udp)", &proxy), ("nginx stream", &nginx)] {
        println!(
            "| {name} | {:.0} | {:.2}x | {:.3} | {:.3} | {:.2}x | {:.1} | {:.2}x | {:.1} | {} |",
            m(&s.rps),
            m(&s.rps) / m(&nginx.rps),
            m(&s.p50),
            m(&s.p99),
            m(&s.p99) / m(&nginx.p99),
            m(&s.cpu_us),
            m(&s.cpu_us) / m(&nginx.cpu_us),
            m(&s.mem),
            s.errors
        );
    }
    println!(
        "| direct (ceiling) | {:.0} | | {:.3} | {:.3} | | | | | {} |",
        direct.rate, direct.p50_ms, direct.p99_ms, direct.lost
    );
}
