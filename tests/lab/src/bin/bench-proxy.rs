//! `bench-proxy`: TCP-mode throughput of `proxy` against HAProxy 2.6 with the same configuration,
//! the same thread count and the same backend, in one run with alternating rounds.
//!
//! The backend is nginx with one worker serving a fixed body from a file (a backend that costs
//! little CPU, so the proxies are what is measured); wrk drives it through each proxy in three ways: keep-alive with 100-byte bodies (data
//! forwarding on long sessions), `Connection: close` (a new proxied TCP session per request:
//! accept, server selection, connect, two closes — the work a TCP load balancer really does), and
//! keep-alive with 64 KiB bodies (bulk forwarding). Requests/s, p50/p99 latency, the CPU time
//! each proxy used per request (less sensitive to the rest of the machine than requests/s) and
//! peak RSS (VmHWM) per run; medians over `BENCH_ROUNDS` (default 5: single rounds move by
//! 10-20% on a shared machine) alternating rounds of `BENCH_SECONDS` (default 5) each; ratios
//! proxy/HAProxy. With `BENCH_PIN=1` both proxies run
//! on CPU 0 and everything else (backend, wrk) on the other CPUs. `--help` lists the settings.

use std::net::SocketAddr;
use std::process::Command;

use rustha_harness::nginx::Nginx;
use rustha_harness::proxy::{free_port, TempDir};
use rustha_lab::bench::{
    cpu_seconds, haproxy_version, parse_wrk, proc_status_kb, settings, start_lb, Balancer, Guard,
    Knob, Rounds, WrkRun,
};

const ABOUT: &str = "TCP-mode throughput of proxy against HAProxy with the same configuration";

const KNOBS: &[Knob] = &[
    Knob::seconds("5"),
    Knob::rounds("5"),
    Knob {
        name: "conns",
        env: "BENCH_CONNS",
        default: Some("64"),
        help: "wrk's connections",
    },
    Knob {
        name: "threads",
        env: "BENCH_THREADS",
        default: None,
        help: "nbthread values to run, for both proxies (2, or 1,2) [default: 1 and one per CPU]",
    },
    Knob {
        name: "pin",
        env: "BENCH_PIN",
        default: Some("0"),
        help: "1: both proxies on CPU 0, backend and wrk on the other CPUs",
    },
];

/// The backend: nginx with one worker (little CPU per request), answering `/` with
/// 100 bytes on the first address and 64 KiB on the second, keep-alive or not as asked.
fn backend(dir: &TempDir) -> (Nginx, SocketAddr, SocketAddr) {
    let home = dir.0.join("backend");
    let (p_small, p_large) = (free_port(), free_port());
    let mut servers = String::new();
    for (port, name, size) in [(p_small, "small", 100), (p_large, "large", 64 * 1024)] {
        let root = home.join(name);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("body"), "x".repeat(size)).unwrap();
        servers.push_str(&format!(
            "  server {{ listen 127.0.0.1:{port} backlog=4096; root {}; location = / {{ try_files /body =404; }} }}\n",
            root.display()
        ));
    }
    let n = Nginx::start(
        &home,
        &format!(
            "http {{\n  access_log off;\n  default_type text/plain;\n  keepalive_requests 100000000;\n\
             keepalive_timeout 300s;\n{servers}}}"
        ),
    );
    let addr = |p: u16| SocketAddr::from(([127, 0, 0, 1], p));
    (n, addr(p_small), addr(p_large))
}

fn wrk(port: u16, close: bool, seconds: u64, conns: u32) -> WrkRun {
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
    parse_wrk(&String::from_utf8_lossy(&out.stdout))
}

fn config(port: u16, backend: SocketAddr, threads: usize) -> String {
    format!(
        "global\n  maxconn 4096\n  nbthread {threads}\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\
listen bench\n  bind 127.0.0.1:{port}\n  balance roundrobin\n  server s1 {backend}\n"
    )
}

fn start(
    lb: Balancer<'_>,
    pin: bool,
    dir: &TempDir,
    port: u16,
    backend: SocketAddr,
    threads: usize,
) -> Guard {
    let cfg = dir.write(
        &format!("{}.cfg", lb.name()),
        &config(port, backend, threads),
    );
    // Pinned: both proxies on CPU 0, the same way (the rest of this process is on the others).
    start_lb(lb, &cfg, port, pin)
}

/// The 1, 5 and 15 minute load averages: how busy the shared machine was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let seconds: u64 = s.get("seconds");
    let rounds: usize = s.get("rounds");
    let conns: u32 = s.get("conns");
    let pin = s.flag("pin");
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    // One thread, and one per CPU (what both use when the configuration does not say).
    let thread_counts = s.threads().unwrap_or_else(|| vec![1, cpus]);
    if cpus > 1 && pin {
        let mut set = nix::sched::CpuSet::new();
        for c in 1..cpus {
            let _ = set.set(c);
        }
        let _ = nix::sched::sched_setaffinity(nix::unistd::Pid::from_raw(0), &set);
    }
    let dir = TempDir::new("bench-proxy");
    if !Nginx::available(false) {
        eprintln!("bench-proxy: nginx is missing (apt-get install nginx-light)");
        std::process::exit(1);
    }
    let (_backend, small, large) = backend(&dir);
    if pin {
        println!("both proxies pinned to CPU 0, backend and wrk on CPUs 1..{cpus}");
    } else {
        println!("nothing pinned: proxies, backend and wrk share the {cpus} CPUs");
    }
    println!("TCP mode, nbthread {thread_counts:?} (each for both proxies), wrk -t1 -c{conns}, {seconds}s x {rounds} alternating rounds, HTTP responses from one backend");
    println!("load average before: {}", load_average());
    println!("anchor: {}", haproxy_version());
    let scenarios = [
        ("keep-alive", false, small),
        ("conn/request", true, small),
        ("keep-alive 64 KiB", false, large),
    ];
    let mut table = Vec::new();
    for (threads, (label, close, be)) in thread_counts
        .iter()
        .flat_map(|&t| scenarios.iter().map(move |s| (t, *s)))
    {
        let mut res: std::collections::BTreeMap<&str, Rounds> = Default::default();
        for round in 0..rounds {
            // Alternate which goes first so drift does not favour one side.
            let order = if round % 2 == 0 {
                [Balancer::Proxy, Balancer::Haproxy]
            } else {
                [Balancer::Haproxy, Balancer::Proxy]
            };
            for lb in order {
                let which = lb.name();
                let port = free_port();
                let g = start(lb, pin, &dir, port, be, threads);
                // Warm-up.
                let _ = wrk(port, close, 1, conns);
                let cpu0 = cpu_seconds(g.0.id());
                let r = wrk(port, close, seconds, conns);
                // The proxy's own CPU per request: unlike requests/s, it hardly depends on what
                // else runs on the machine.
                let cpu_us = (cpu_seconds(g.0.id()) - cpu0) * 1e6 / r.requests;
                let mem = proc_status_kb(g.0.id(), "VmHWM:") as f64 / 1024.0;
                drop(g);
                res.entry(which).or_default().push(&r, mem, cpu_us);
                eprintln!("  nbthread {threads} {label:<17} round {round} {which:<8} {:>9.0} req/s  p50 {:.3} ms  p99 {:.3} ms  CPU {cpu_us:.1} us/req  peak RSS {:.1} MiB  errors {}", r.rps, r.p50_ms, r.p99_ms, mem, r.errors);
            }
        }
        let m = |f: fn(&Rounds) -> &Vec<f64>| [res["proxy"].median(f), res["haproxy"].median(f)];
        table.push((
            threads,
            label,
            m(|s| &s.rps),
            m(|s| &s.p50),
            m(|s| &s.p99),
            m(|s| &s.mem),
            m(|s| &s.cpu_us),
            res["proxy"].errors + res["haproxy"].errors,
        ));
    }
    println!("load average after: {}", load_average());
    println!();
    println!("| nbthread | scenario | proxy req/s | HAProxy req/s | ratio | proxy p50 ms | HAProxy p50 ms | proxy p99 ms | HAProxy p99 ms | p99 ratio | proxy CPU us/req | HAProxy CPU us/req | CPU ratio | proxy peak MiB | HAProxy peak MiB | errors |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (threads, label, rps, p50, p99, mem, cpu, errors) in table {
        println!(
            "| {threads} | {label} | {:.0} | {:.0} | {:.2}x | {:.3} | {:.3} | {:.3} | {:.3} | {:.2}x | {:.1} | {:.1} | {:.2}x | {:.1} | {:.1} | {errors} |",
            rps[0],
            rps[1],
            rps[0] / rps[1],
            p50[0],
            p50[1],
            p99[0],
            p99[1],
            p99[0] / p99[1],
            cpu[0],
            cpu[1],
            cpu[0] / cpu[1],
            mem[0],
            mem[1]
        );
    }
}
