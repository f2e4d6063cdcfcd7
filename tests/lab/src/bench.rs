//! What the benchmark binaries share: timing one agent action (wall and CPU time of the agent
//! and everything it forked), reading wrk's report and a daemon's memory and CPU from /proc,
//! and the small statistics their tables print.

use std::net::TcpStream;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One timed run of an agent action.
pub struct Sample {
    /// Spawn to exit.
    pub wall: Duration,
    /// User plus system time of the process and all its children (wait4 rusage).
    pub cpu: Duration,
    /// Exit code; `None` when killed by a signal.
    pub code: Option<i32>,
}

/// `argv` followed by `action`, with the clean environment Pacemaker gives an agent: a fixed
/// PATH, `OCF_ROOT`, the resource instance and the action timeout; output discarded and our own
/// logging limited to warnings, so what is timed is the action and not the terminal.
pub fn ocf_command(argv: &[&str], action: &str, instance: &str, timeout_ms: u32) -> Command {
    let mut c = Command::new(argv[0]);
    c.args(&argv[1..])
        .arg(action)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("OCF_RESOURCE_INSTANCE", instance)
        .env("OCF_RESKEY_CRM_meta_timeout", timeout_ms.to_string())
        .env("RUSTHA_LOG", "warn")
        .env("RUSTHA_LOG_STDERR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Runs `cmd` to completion and measures it. wait4 (rather than `Child::wait`) because it also
/// yields the rusage of the child and of everything it forked and waited for.
pub fn timed(cmd: &mut Command) -> Sample {
    let t = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped below by wait4
    let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {cmd:?}: {e}"));
    let mut status = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for the child we spawned.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child; it is reaped here, so `child` is not waited on again.
    let rc = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut ru) };
    let wall = t.elapsed();
    assert!(rc > 0, "wait4 failed: {}", std::io::Error::last_os_error());
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Sample {
        wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        code: std::process::ExitStatus::from_raw(status).code(),
    }
}

/// The median (upper median for an even count). Panics on an empty sample: a benchmark that
/// measured nothing must not print a number.
pub fn median(mut v: Vec<Duration>) -> Duration {
    assert!(!v.is_empty(), "median of no samples");
    v.sort();
    v[v.len() / 2]
}

/// Milliseconds, for tables.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The median of the measured values (NaN, a run that measured nothing, left out); NaN when
/// none is left.
pub fn median_f64(mut v: Vec<f64>) -> f64 {
    v.retain(|x| !x.is_nan());
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

/// What one `wrk --latency` run reported; NaN where the report lacked the line.
pub struct WrkRun {
    pub requests: f64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Socket errors plus non-2xx/3xx responses.
    pub errors: u64,
}

/// Parses wrk's report (`--latency` for the percentiles).
pub fn parse_wrk(text: &str) -> WrkRun {
    let mut run = WrkRun {
        requests: f64::NAN,
        rps: f64::NAN,
        p50_ms: f64::NAN,
        p99_ms: f64::NAN,
        errors: 0,
    };
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            [n, "requests", "in", ..] => run.requests = n.parse().unwrap_or(f64::NAN),
            ["Requests/sec:", v] => run.rps = v.parse().unwrap_or(f64::NAN),
            ["50%", v] => run.p50_ms = wrk_ms(v),
            ["99%", v] => run.p99_ms = wrk_ms(v),
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

/// A wrk duration (`812.00us`, `1.20ms`, `2.01s`, `1.00m`) in milliseconds.
fn wrk_ms(s: &str) -> f64 {
    let (num, unit): (String, String) = s.chars().partition(|c| c.is_ascii_digit() || *c == '.');
    let v: f64 = num.parse().unwrap_or(f64::NAN);
    match unit.as_str() {
        "us" => v / 1000.0,
        "ms" => v,
        "s" => v * 1000.0,
        "m" => v * 60000.0,
        _ => f64::NAN,
    }
}

/// A `kB` field of /proc/PID/status (`VmRSS:`, `VmHWM:`); 0 when absent.
pub fn proc_status_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU time (user + system) a process used so far, in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    let (user, system) = cpu_times(pid);
    user + system
}

/// User and system CPU time a process used so far, in seconds.
pub fn cpu_times(pid: u32) -> (f64, f64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces): state is the first, then utime and
    // stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // SAFETY: sysconf only reads a constant of the C library.
    let tck = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let tick = |i: usize| f.get(i).copied().unwrap_or(0) as f64 / tck;
    (tick(10), tick(11))
}

/// A daemon under benchmark, killed when dropped.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An earlier build of the proxy to compare with (`BENCH_BASELINE=path/to/proxy`): benchmarks
/// that support it run it as one more contender in the same alternating rounds, so a change's
/// cost shows as a ratio measured under the same conditions rather than against another day's
/// table.
pub fn baseline() -> Option<std::path::PathBuf> {
    std::env::var_os("BENCH_BASELINE")
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from)
}

/// Runs `which` ("proxy", "baseline" (see [`baseline`]) or "haproxy") in the foreground on configuration `cfg`, optionally
/// pinned to CPU 0 (both the same way), and returns once it accepts on `port`.
pub fn start_lb(which: &str, cfg: &Path, port: u16, pin: bool) -> Guard {
    let (program, args): (std::path::PathBuf, &[&str]) = match which {
        "proxy" => (rustha_harness::bin("proxy"), &["run", "-q", "-f"]),
        "baseline" => (
            baseline().expect("BENCH_BASELINE names a proxy binary"),
            &["run", "-q", "-f"],
        ),
        _ => ("haproxy".into(), &["-db", "-f"]),
    };
    let mut cmd = if pin {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args).arg(cfg);
    let g = Guard(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn"),
    );
    assert!(
        rustha_harness::proxy::wait_for(Duration::from_secs(10), || TcpStream::connect((
            "127.0.0.1",
            port
        ))
        .is_ok()),
        "{which} did not listen"
    );
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_ms() {
        let d = |n| Duration::from_millis(n);
        assert_eq!(median(vec![d(5), d(1), d(3)]), d(3));
        assert_eq!(median(vec![d(4), d(1)]), d(4));
        assert_eq!(ms(Duration::from_micros(1500)), 1.5);
    }

    #[test]
    fn wrk_report() {
        let r = parse_wrk(
            "  Latency Distribution\n     50%  812.00us\n     99%    1.20ms\n\
             123456 requests in 5.00s, 1.00MB read\n  Socket errors: connect 1, read 2, write 0, timeout 3\n\
             Non-2xx or 3xx responses: 4\nRequests/sec:  24691.20\n",
        );
        assert_eq!((r.requests, r.rps), (123456.0, 24691.2));
        assert_eq!((r.p50_ms, r.p99_ms), (0.812, 1.2));
        assert_eq!(r.errors, 10);
        assert!(median_f64(vec![f64::NAN, 3.0, 1.0]) == 3.0);
        assert!(median_f64(vec![f64::NAN]).is_nan());
    }

    #[test]
    fn timed_reports_exit_code_and_cpu_of_children() {
        let s = timed(Command::new("sh").args([
            "-c",
            "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 3",
        ]));
        assert_eq!(s.code, Some(3));
        assert!(s.cpu > Duration::ZERO);
    }
}

/// `name` from the environment parsed as `T`, else `default` (the benchmarks' `BENCH_*` knobs).
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `nbthread` values to run, the same for both proxies: `BENCH_THREADS` (`2`, `1,2`), else
/// `default`.
pub fn thread_counts(default: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = std::env::var("BENCH_THREADS")
        .ok()
        .map(|v| {
            v.split(|c: char| c == ',' || c.is_whitespace())
                .filter_map(|x| x.parse().ok())
                .filter(|&n| n > 0)
                .collect()
        })
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| default.to_vec());
    v.dedup();
    v
}

/// `haproxy -v`'s first line: the anchor each table names.
pub fn haproxy_version() -> String {
    Command::new("haproxy")
        .arg("-v")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default()
}

/// One balancer's rounds of a wrk scenario: what each round measured, and its errors.
#[derive(Default)]
pub struct Rounds {
    pub rps: Vec<f64>,
    pub p50: Vec<f64>,
    pub p99: Vec<f64>,
    /// Peak RSS (VmHWM), MiB.
    pub mem: Vec<f64>,
    /// The balancer's own CPU time per request, microseconds.
    pub cpu_us: Vec<f64>,
    pub errors: u64,
}

impl Rounds {
    /// Record one round: wrk's report, the peak memory and the CPU per request.
    pub fn push(&mut self, r: &WrkRun, mem_mib: f64, cpu_us: f64) {
        self.record([r.rps, r.p50_ms, r.p99_ms, mem_mib, cpu_us], r.errors);
    }

    /// Record one round measured by other means: requests (or round trips) per second, p50 and
    /// p99 in ms, peak MiB, CPU us per request; and its errors (or lost datagrams).
    pub fn record(&mut self, [rps, p50, p99, mem_mib, cpu_us]: [f64; 5], errors: u64) {
        self.rps.push(rps);
        self.p50.push(p50);
        self.p99.push(p99);
        self.mem.push(mem_mib);
        self.cpu_us.push(cpu_us);
        self.errors += errors;
    }

    /// The median of one measure over the rounds.
    pub fn median(&self, f: fn(&Rounds) -> &Vec<f64>) -> f64 {
        median_f64(f(self).clone())
    }
}
