//! `bench-pgsqlchk`: health-check latency of `pgsqlchk` against the classic xinetd `pgsqlchk`
//! script (bash forking `psql` per check), on the same PostgreSQL 15 primary, in one run.
//!
//! Both are driven open-loop at a fixed rate (default 200 checks/s for 10 s each,
//! `BENCH_RATE` and `BENCH_SECONDS` override): every check starts on schedule whether or not
//! the previous ones finished, like several proxies checking one node. Each check is what
//! HAProxy's `option httpchk` does: a new TCP connection, `OPTIONS / HTTP/1.0`, read to EOF.
//! Latency is connect-to-EOF; machine CPU time (all processes, from /proc/stat) per check shows
//! the cost that fork-per-check puts on the database host.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rustha_harness::pg::{free_port, Pg, PgRoot, BIN};
use rustha_lab::bench::{settings, Knob};

const PASSWORD: &str = "bench-Secret-42";

/// Children to kill, also from the panic hook (`panic = "abort"`: no `Drop` on panic).
static CHILDREN: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

struct Guard(Child);

impl Guard {
    fn new(child: Child) -> Guard {
        if let Ok(mut c) = CHILDREN.lock() {
            c.push(child.id());
        }
        Guard(child)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn kill_children_on_panic() {
    let next = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        for pid in CHILDREN.lock().map(|c| c.clone()).unwrap_or_default() {
            // SAFETY: plain kill(2) of a child this process spawned.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        }
        next(info);
    }));
}

/// One check: status code and latency, or the error.
fn check(port: u16) -> Result<(u16, Duration), String> {
    let t = Instant::now();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"OPTIONS / HTTP/1.0\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut buf = Vec::with_capacity(512);
    if let Err(e) = s.read_to_end(&mut buf) {
        // The script never reads the request, so its close resets the connection; what it
        // wrote before that still counts, as it does for HAProxy when it read it in time.
        if buf.len() < 12 {
            return Err(e.to_string());
        }
    }
    let took = t.elapsed();
    let code = std::str::from_utf8(buf.get(9..12).unwrap_or_default())
        .ok()
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("bad response {:?}", String::from_utf8_lossy(&buf)))?;
    Ok((code, took))
}

/// (parent pid, own CPU ns, CPU ns of reaped children) of a live process. A live process's own
/// time comes from the scheduler (`schedstat`, nanoseconds, every thread), which, unlike the
/// tick-sampled `utime`, is exact for short bursts like one check; exited children are only
/// known through the tick-based `cutime + cstime` their parent collected.
fn proc_times(pid: i32, ns_per_tick: u64) -> Option<(i32, u64, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let f: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let n = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    // After the command: state(0) ppid(1) ... cutime(13) cstime(14).
    let reaped = (n(13) + n(14)) * ns_per_tick;
    let own = std::fs::read_dir(format!("/proc/{pid}/task"))
        .ok()?
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Some((f.get(1)?.parse().ok()?, own, reaped))
}

/// CPU nanoseconds of the process trees under `roots`: every live member's own time plus what
/// the members reaped from children that already exited (a script run per check, a backend per
/// connection). This is the cost a checker puts on the database host, free of whatever else
/// the machine runs.
fn tree_ns(roots: &[i32]) -> u64 {
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    let mut procs = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() {
            if let Some((ppid, own, reaped)) = proc_times(pid, 1_000_000_000 / hz) {
                procs.push((pid, ppid, own + reaped));
            }
        }
    }
    let mut members: Vec<i32> = roots.to_vec();
    let mut i = 0;
    while i < members.len() {
        let parent = members[i];
        members.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    procs
        .iter()
        .filter(|p| members.contains(&p.0))
        .map(|p| p.2)
        .sum()
}

struct Run {
    latencies: Vec<Duration>,
    ok: usize,
    other: Vec<String>,
    /// CPU of the checker's process tree (daemon, or xinetd with its bash and psql children).
    cpu_ms_per_check: f64,
    /// CPU of the PostgreSQL server (postmaster tree: backends, background processes).
    pg_ms_per_check: f64,
}

/// Fire `n` checks at `rate` per second, each on its own thread, and collect the results.
fn drive(port: u16, rate: u32, n: usize, tree: &[i32], pg: i32) -> Run {
    let (tx, rx) = mpsc::channel();
    let period = Duration::from_secs_f64(1.0 / f64::from(rate));
    let ns0 = tree_ns(tree);
    let pg0 = tree_ns(&[pg]);
    let t0 = Instant::now();
    for i in 0..n {
        let due = t0 + period * i as u32;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(check(port));
        });
    }
    drop(tx);
    let mut run = Run {
        latencies: Vec::with_capacity(n),
        ok: 0,
        other: Vec::new(),
        cpu_ms_per_check: 0.0,
        pg_ms_per_check: 0.0,
    };
    for r in rx {
        match r {
            Ok((code, took)) => {
                run.latencies.push(took);
                if code == 200 {
                    run.ok += 1;
                } else {
                    run.other.push(format!("HTTP {code}"));
                }
            }
            Err(e) => run.other.push(e),
        }
    }
    let ns = tree_ns(tree).saturating_sub(ns0);
    let pg_ns = tree_ns(&[pg]).saturating_sub(pg0);
    run.cpu_ms_per_check = ns as f64 / 1e6 / n as f64;
    run.pg_ms_per_check = pg_ns as f64 / 1e6 / n as f64;
    run.latencies.sort();
    run
}

fn pct(v: &[Duration], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1e3
}

fn wait_200(port: u16, what: &str) {
    let end = Instant::now() + Duration::from_secs(15);
    loop {
        let got = check(port);
        if matches!(got, Ok((200, _))) {
            return;
        }
        assert!(Instant::now() < end, "{what} never answered 200: {got:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The widely copied xinetd script, as printed in countless HAProxy + PostgreSQL guides
/// (only the psql path, port and user adapted).
fn script(port: u16) -> String {
    format!(
        r#"#!/bin/bash
# This script checks if a postgres server is healthy running on localhost. It will return:
# "HTTP/1.x 200 OK\r" (if postgres is running smoothly)
# - OR -
# "HTTP/1.x 500 Internal Server Error\r" (else)
# The purpose of this script is make haproxy capable of monitoring postgres properly
export PGPASSWORD="{PASSWORD}"
PGBIN={BIN}
PGSQL_HOST="127.0.0.1"
PGSQL_PORT="{port}"
PGSQL_DATABASE="postgres"
PGSQL_USERNAME="health_check_user"
VALUE=`$PGBIN/psql -t -h $PGSQL_HOST -U $PGSQL_USERNAME -d $PGSQL_DATABASE -p $PGSQL_PORT -c "select pg_is_in_recovery()" 2> /dev/null`
if [ $VALUE == "t" ]
then
    /bin/echo -e "HTTP/1.1 206 OK\r\n"
    /bin/echo -e "Content-Type: Content-Type: text/plain\r\n"
    /bin/echo -e "\r\n"
    /bin/echo "Standby"
    /bin/echo -e "\r\n"
elif [ $VALUE == "f" ]
then
    /bin/echo -e "HTTP/1.1 200 OK\r\n"
    /bin/echo -e "Content-Type: Content-Type: text/plain\r\n"
    /bin/echo -e "\r\n"
    /bin/echo "Primary"
    /bin/echo -e "\r\n"
else
    /bin/echo -e "HTTP/1.1 503 Service Unavailable\r\n"
    /bin/echo -e "Content-Type: Content-Type: text/plain\r\n"
    /bin/echo -e "\r\n"
    /bin/echo "DB Down"
    /bin/echo -e "\r\n"
fi
"#
    )
}

const ABOUT: &str =
    "Health checks of pgsqlchk against the guide's xinetd script at a fixed rate, side by side";

const KNOBS: &[Knob] = &[
    Knob {
        name: "rate",
        env: "BENCH_RATE",
        default: Some("200"),
        help: "Checks started per second",
    },
    Knob::seconds("10"),
];

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let rate: u32 = s.get("rate");
    let seconds: u32 = s.get("seconds");
    rustha_harness::require_root();
    rustha_harness::pg::stop_all_on_panic();
    kill_children_on_panic();
    let n = (rate * seconds) as usize;
    assert!(
        Path::new("/usr/sbin/xinetd").exists(),
        "xinetd missing: run tests/scripts/deps.sh"
    );

    let root = PgRoot::new("bench");
    // Enough connections for the script's backends piling up under load.
    let primary = Pg::init_primary(&root, "primary", "max_connections = 400");
    primary.sql(&format!(
        "CREATE USER health_check_user LOGIN PASSWORD '{PASSWORD}'; GRANT pg_monitor TO health_check_user"
    ));

    let ours = free_port();
    let cfg = root.path().join("config.json");
    std::fs::write(
        &cfg,
        format!(
            r#"{{"database_host": "127.0.0.1", "health_check_user_password": "{PASSWORD}",
"webserver_host": "127.0.0.1", "webservers": [{{"target_port": {}, "listen_port": {ours}}}]}}"#,
            primary.port
        ),
    )
    .unwrap();
    let _daemon = Guard::new(
        Command::new(rustha_harness::bin("pgsqlchk"))
            .args(["run", "--config"])
            .arg(&cfg)
            .env("RUSTHA_LOG", "warn")
            .env("RUSTHA_LOG_STDERR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawning pgsqlchk"),
    );

    let theirs = free_port();
    let sh = root.path().join("pgsqlchk.sh");
    std::fs::write(&sh, script(primary.port)).unwrap();
    std::fs::set_permissions(&sh, std::fs::Permissions::from_mode(0o755)).unwrap();
    let xconf = root.path().join("xinetd.conf");
    std::fs::write(
        &xconf,
        format!(
            "defaults
{{
    instances = UNLIMITED
    per_source = UNLIMITED
    cps = 10000 1
}}
service pgsqlchk
{{
    type = UNLISTED
    flags = REUSE
    socket_type = stream
    protocol = tcp
    port = {theirs}
    bind = 127.0.0.1
    wait = no
    user = nobody
    server = {}
    log_on_failure += USERID
    only_from = 127.0.0.1
    disable = no
}}
",
            sh.display()
        ),
    )
    .unwrap();
    let _xinetd = Guard::new(
        Command::new("/usr/sbin/xinetd")
            .arg("-dontfork")
            .arg("-filelog")
            .arg(root.path().join("xinetd.log"))
            .arg("-f")
            .arg(&xconf)
            .arg("-pidfile")
            .arg(root.path().join("xinetd.pid"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawning xinetd"),
    );
    wait_200(ours, "pgsqlchk");
    wait_200(theirs, "xinetd pgsqlchk script");

    let postmaster = primary.postmaster_pid().expect("postmaster pid");
    let ours_tree = [_daemon.0.id() as i32];
    let theirs_tree = [_xinetd.0.id() as i32];
    // Each side is warmed up right before its own run (connections, caches), and the script's
    // warm-up comes after pgsqlchk's run so its exiting backends are not billed to pgsqlchk.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let _ = drive(ours, rate, (rate / 10) as usize, &ours_tree, postmaster);
    let a = drive(ours, rate, n, &ours_tree, postmaster);
    let _ = drive(theirs, rate, (rate / 10) as usize, &theirs_tree, postmaster);
    std::thread::sleep(Duration::from_secs(1));
    let b = drive(theirs, rate, n, &theirs_tree, postmaster);
    // The script cannot keep up at that rate on a small machine; its latency at a tenth of
    // the rate shows what one check costs when nothing queues.
    std::thread::sleep(Duration::from_secs(5));
    let slow = (rate / 10).max(1);
    let c = drive(
        theirs,
        slow,
        (slow * seconds) as usize,
        &theirs_tree,
        postmaster,
    );

    println!();
    println!(
        "pgsqlchk check latency: {rate} checks/s for {seconds} s each, OPTIONS / HTTP/1.0 on a new connection, one PostgreSQL 15 primary"
    );
    println!(
        "(machine load average before: {}; CPU from /proc: the checker's process tree, and PostgreSQL's)",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "{:<34} {:>6} {:>6} {:>9} {:>9} {:>9} {:>13} {:>13}",
        "checker", "checks", "200", "p50 ms", "p99 ms", "max ms", "CPU ms/check", "PG CPU ms/chk"
    );
    let slow_name = format!("script at {slow} checks/s (reference)");
    for (name, r) in [
        ("pgsqlchk (rustha)", &a),
        ("xinetd + bash + psql script", &b),
        (slow_name.as_str(), &c),
    ] {
        println!(
            "{:<34} {:>6} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>13.3} {:>13.3}",
            name,
            r.latencies.len() + r.other.iter().filter(|e| !e.starts_with("HTTP")).count(),
            r.ok,
            pct(&r.latencies, 0.5),
            pct(&r.latencies, 0.99),
            r.latencies
                .last()
                .map_or(f64::NAN, |d| d.as_secs_f64() * 1e3),
            r.cpu_ms_per_check,
            r.pg_ms_per_check,
        );
    }
    let ratio = |f: fn(&Run) -> f64| f(&b) / f(&a);
    println!(
        "{:<34} {:>6} {:>6} {:>8.1}x {:>8.1}x {:>9} {:>12.1}x {:>12.1}x",
        "ratio (script / pgsqlchk)",
        "",
        "",
        ratio(|r| pct(&r.latencies, 0.5)),
        ratio(|r| pct(&r.latencies, 0.99)),
        "",
        ratio(|r| r.cpu_ms_per_check),
        ratio(|r| r.pg_ms_per_check),
    );
    for (name, r) in [("pgsqlchk", &a), ("script", &b), ("script (slow rate)", &c)] {
        if !r.other.is_empty() {
            let mut kinds: Vec<&String> = r.other.iter().collect();
            kinds.sort();
            kinds.dedup();
            println!(
                "{name}: {} checks not 200: {:?}",
                r.other.len(),
                kinds.iter().take(5).collect::<Vec<_>>()
            );
        }
    }
    let p99 = pct(&a.latencies, 0.99);
    println!(
        "target (p99 < 5 ms, >= 10x faster than the script at p50 and p99): {}",
        if p99 < 5.0
            && ratio(|r| pct(&r.latencies, 0.5)) >= 10.0
            && ratio(|r| pct(&r.latencies, 0.99)) >= 10.0
        {
            "met"
        } else {
            "NOT met"
        }
    );
}
