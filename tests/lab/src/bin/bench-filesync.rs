//! `bench-filesync`: file-sync latency of `filesync` against lsyncd 2.2 (`default.rsync`), both
//! replicating to the same rsync daemon on loopback, with the same coalescing delay, in one run.
//!
//! Latency is "write a file on the source" to "its content is visible on the peer", polled every
//! 0.5 ms. Single writes alternate between the two tools (so both see the same machine), then a
//! burst (`mkdir -p` of 20 directories with 10 files each) measures time until all of it is there.
//! CPU is each daemon's own time plus its reaped rsync children's, from /proc.
//! One table per delay: `BENCH_DELAYS` (seconds, default "0 0.1": the pipeline alone, then a
//! typical coalescing window) and `BENCH_SAMPLES` (default 100) override.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rustha_harness::rsyncd::{filesync_run, ChildGuard, RsyncPeer, TempDir};
use rustha_lab::bench::{settings, Knob};

/// CPU seconds of `pid` plus its waited-for children.
fn cpu(pid: i32) -> f64 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    // After the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14).
    let ticks: u64 = f.get(11..15).map(|s| s.iter().sum()).unwrap_or(0);
    ticks as f64 / 100.0
}

fn wait_visible(path: &Path, want: &[u8], timeout: Duration) -> Option<Duration> {
    let t = Instant::now();
    loop {
        if fs::read(path).is_ok_and(|c| c == want) {
            return Some(t.elapsed());
        }
        if t.elapsed() > timeout {
            return None;
        }
        thread::sleep(Duration::from_micros(500));
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

struct Tool {
    name: &'static str,
    src: PathBuf,
    dst: PathBuf,
    guard: ChildGuard,
    lat: Vec<f64>,
    cpu0: f64,
}

/// One measurement round with both tools at the same coalescing delay (fresh directories,
/// daemons and peer).
fn round(delay: f64, samples: usize) {
    let dir = TempDir::new("bench-filesync");
    let peer = RsyncPeer::start(&dir.0, None);
    for d in ["src-filesync", "src-lsyncd", "peer/filesync", "peer/lsyncd"] {
        fs::create_dir_all(dir.path(d)).unwrap();
        if d.starts_with("src") {
            fs::write(dir.path(d).join("seed"), "seed").unwrap();
        }
    }

    let conf = dir.write(
        "filesync.conf",
        &format!(
            "source = {}\ntarget = {}/filesync\ndelay = {delay}s\npidfile = {}\nstate_file = {}\n",
            dir.path("src-filesync").display(),
            peer.url(None),
            dir.path("filesync.pid").display(),
            dir.path("filesync.state").display()
        ),
    );
    let fsd = filesync_run(&conf, &dir.path("filesync.pid"), &dir.path("filesync.log"));

    let lconf = dir.write(
        "lsyncd.conf",
        &format!(
            "settings {{ nodaemon = true, insist = true, logfile = \"{}\", statusFile = \"{}\" }}\n\
             sync {{ default.rsync, source = \"{}\", target = \"{}/lsyncd\", delay = {delay},\n\
                    rsync = {{ archive = true, hard_links = true }} }}\n",
            dir.path("lsyncd.log").display(),
            dir.path("lsyncd.status").display(),
            dir.path("src-lsyncd").display(),
            peer.url(None)
        ),
    );
    let lsd = Command::new("lsyncd")
        .arg(&lconf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(dir.path("lsyncd.out")).unwrap())
        .spawn()
        .expect("lsyncd (tests/scripts/deps.sh installs it)");
    let lsd = ChildGuard(lsd);

    let mut tools = [
        Tool {
            name: "filesync",
            src: dir.path("src-filesync"),
            dst: dir.path("peer/filesync"),
            cpu0: 0.0,
            guard: fsd,
            lat: Vec::new(),
        },
        Tool {
            name: "lsyncd",
            src: dir.path("src-lsyncd"),
            dst: dir.path("peer/lsyncd"),
            cpu0: 0.0,
            guard: lsd,
            lat: Vec::new(),
        },
    ];
    for t in &mut tools {
        if wait_visible(&t.dst.join("seed"), b"seed", Duration::from_secs(30)).is_none() {
            eprintln!("{}: initial sync did not arrive", t.name);
            std::process::exit(1);
        }
        // Let the tool settle after its startup sync.
        thread::sleep(Duration::from_millis(300));
        t.cpu0 = cpu(t.guard.pid());
    }

    println!(
        "file-sync latency, write -> visible on the peer (rsync daemon on loopback), delay {delay}s, {samples} samples each"
    );
    for i in 0..samples {
        for t in &mut tools {
            let name = format!("f{i}");
            let content = format!("sample {i} for {}", t.name);
            let start = Instant::now();
            fs::write(t.src.join(&name), &content).unwrap();
            match wait_visible(
                &t.dst.join(&name),
                content.as_bytes(),
                Duration::from_secs(60),
            ) {
                Some(_) => t.lat.push(start.elapsed().as_secs_f64() * 1e3),
                None => {
                    eprintln!("{}: sample {i} never arrived", t.name);
                    std::process::exit(1);
                }
            }
            // Between samples, so one write never joins the previous batch.
            thread::sleep(Duration::from_millis(20));
        }
    }

    let mut burst = Vec::new();
    for t in &tools {
        let start = Instant::now();
        for d in 0..20 {
            let p = t.src.join(format!("burst/{d}/a/b"));
            fs::create_dir_all(&p).unwrap();
            for f in 0..10 {
                fs::write(p.join(format!("f{f}")), format!("{d}-{f}")).unwrap();
            }
        }
        let last = t.dst.join("burst/19/a/b/f9");
        let mut ok = wait_visible(&last, b"19-9", Duration::from_secs(60)).is_some();
        ok &= (0..20).all(|d| {
            (0..10).all(|f| {
                wait_visible(
                    &t.dst.join(format!("burst/{d}/a/b/f{f}")),
                    format!("{d}-{f}").as_bytes(),
                    Duration::from_secs(30),
                )
                .is_some()
            })
        });
        burst.push(if ok {
            start.elapsed().as_secs_f64() * 1e3
        } else {
            f64::NAN
        });
    }

    let stats: Vec<(f64, f64, f64, f64)> = tools
        .iter_mut()
        .map(|t| {
            t.lat.sort_by(f64::total_cmp);
            (
                pct(&t.lat, 0.5),
                pct(&t.lat, 0.99),
                *t.lat.last().unwrap_or(&f64::NAN),
                cpu(t.guard.pid()) - t.cpu0,
            )
        })
        .collect();
    let (f, l) = (stats[0], stats[1]);
    println!();
    println!("| metric                         | filesync | lsyncd  | lsyncd/filesync |");
    println!("|--------------------------------|----------|---------|-----------------|");
    let row = |name: &str, a: f64, b: f64| {
        println!("| {name:<30} | {a:>8.1} | {b:>7.1} | {:>15.2} |", b / a);
    };
    row("single file p50 (ms)", f.0, l.0);
    row("single file p99 (ms)", f.1, l.1);
    row("single file max (ms)", f.2, l.2);
    row("burst 20 dirs x 10 files (ms)", burst[0], burst[1]);
    row("CPU incl. rsync children (s)", f.3, l.3);
    println!();
}

const ABOUT: &str = "Replication latency and CPU of filesync against lsyncd";

const KNOBS: &[Knob] = &[
    Knob {
        name: "samples",
        env: "BENCH_SAMPLES",
        default: Some("100"),
        help: "Single files written and timed per table",
    },
    Knob {
        name: "delays",
        env: "BENCH_DELAYS",
        // 0: the pipeline alone (event to rsync to peer); 0.1 s: a typical coalescing window.
        default: Some("0 0.1"),
        help: "Coalescing delays in seconds, one table each",
    },
];

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let samples: usize = s.get("samples");
    let delays: Vec<f64> = s.list("delays");
    for delay in delays {
        round(delay, samples);
    }
}
