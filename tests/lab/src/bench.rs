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

/// The table of an action-time benchmark: for each action (`labels`), each agent's median wall
/// and CPU time over its samples (`results[agent][action]`), and its speed-up against the first
/// agent, the anchor, named in the header as `anchor`.
pub fn action_table(anchor: &str, labels: &[&str], names: &[&str], results: &[Vec<Vec<Sample>>]) {
    println!(
        "| action | agent | wall ms | CPU ms | wall speed-up vs {anchor} | CPU ratio |\n|---|---|---:|---:|---:|---:|"
    );
    let med = |s: &[Sample], f: fn(&Sample) -> Duration| median(s.iter().map(f).collect());
    for (ki, label) in labels.iter().enumerate() {
        let anchor_wall = med(&results[0][ki], |s| s.wall);
        let anchor_cpu = med(&results[0][ki], |s| s.cpu);
        for (ai, name) in names.iter().enumerate() {
            let wall = med(&results[ai][ki], |s| s.wall);
            let cpu = med(&results[ai][ki], |s| s.cpu);
            let cpu_ratio = if cpu.is_zero() {
                ">100x (below rusage resolution)".to_string()
            } else {
                format!("{:.1}x", anchor_cpu.as_secs_f64() / cpu.as_secs_f64())
            };
            println!(
                "| {label} | {name} | {:.2} | {:.2} | {:.2}x | {cpu_ratio} |",
                ms(wall),
                ms(cpu),
                anchor_wall.as_secs_f64() / wall.as_secs_f64(),
            );
        }
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

/// The balancer a benchmark starts.
#[derive(Clone, Copy)]
pub enum Balancer<'a> {
    /// This build's `proxy`.
    Proxy,
    /// An earlier build of the proxy (`--baseline`): benchmarks that support it run it as one
    /// more contender in the same alternating rounds, so a change's cost shows as a ratio
    /// measured under the same conditions rather than against another day's table.
    Baseline(&'a Path),
    /// HAProxy, the anchor.
    Haproxy,
}

impl Balancer<'_> {
    /// The name tables print.
    pub fn name(self) -> &'static str {
        match self {
            Balancer::Proxy => "proxy",
            Balancer::Baseline(_) => "baseline",
            Balancer::Haproxy => "haproxy",
        }
    }
}

/// Runs `lb` in the foreground on configuration `cfg`, optionally pinned to CPU 0 (both the
/// same way), and returns once it accepts on `port`.
pub fn start_lb(lb: Balancer<'_>, cfg: &Path, port: u16, pin: bool) -> Guard {
    let (program, args): (std::path::PathBuf, &[&str]) = match lb {
        Balancer::Proxy => (rustha_harness::bin("proxy"), &["run", "-q", "-f"]),
        Balancer::Baseline(p) => (p.to_path_buf(), &["run", "-q", "-f"]),
        Balancer::Haproxy => ("haproxy".into(), &["-db", "-f"]),
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
        "{} did not listen",
        lb.name()
    );
    g
}

/// One setting of a benchmark, declared once: the option `--NAME VALUE`, the `BENCH_*`
/// variable that sets it too (how `make bench` passes settings through), its default and its
/// help line. `--help` lists them all.
pub struct Knob {
    pub name: &'static str,
    pub env: &'static str,
    /// `None`: unset unless given.
    pub default: Option<&'static str>,
    pub help: &'static str,
}

impl Knob {
    /// `--seconds` (`BENCH_SECONDS`): the length of each round or run.
    pub const fn seconds(default: &'static str) -> Knob {
        Knob {
            name: "seconds",
            env: "BENCH_SECONDS",
            default: Some(default),
            help: "Length of each round",
        }
    }

    /// `--rounds` (`BENCH_ROUNDS`): alternating rounds per row of the table.
    pub const fn rounds(default: &'static str) -> Knob {
        Knob {
            name: "rounds",
            env: "BENCH_ROUNDS",
            default: Some(default),
            help: "Alternating rounds per row",
        }
    }
}

/// A benchmark's settings, read from its command line and environment by [`settings`].
pub struct Settings {
    matches: clap::ArgMatches,
}

/// Parses a benchmark's command line: `--help` lists every knob with its variable and default
/// (and needs no root), and an unknown option ends the program with clap's usage error.
pub fn settings(bin: &'static str, about: &'static str, knobs: &[Knob]) -> Settings {
    Settings {
        matches: command(bin, about, knobs).get_matches(),
    }
}

fn command(bin: &'static str, about: &'static str, knobs: &[Knob]) -> clap::Command {
    knobs.iter().fold(
        clap::Command::new(bin)
            .about(about)
            .after_help("Each option can also be set by its variable; the option wins."),
        |cmd, k| {
            let arg = clap::Arg::new(k.name)
                .long(k.name)
                .env(k.env)
                .value_name("VALUE")
                .help(k.help);
            cmd.arg(match k.default {
                Some(d) => arg.default_value(d),
                None => arg,
            })
        },
    )
}

impl Settings {
    /// The value of knob `name` parsed as `T`; a value that does not parse ends the program
    /// with a usage error naming the option and the value, never a silent default.
    pub fn get<T: std::str::FromStr>(&self, name: &str) -> T {
        match self.opt(name) {
            Some(v) => v,
            None => usage_error(format!("--{name} is required")),
        }
    }

    /// Like [`Settings::get`] for a knob without a default: `None` when not given.
    pub fn opt<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        let v = self
            .matches
            .get_one::<String>(name)
            .filter(|v| !v.is_empty())?;
        Some(
            v.parse()
                .unwrap_or_else(|_| usage_error(format!("--{name}: '{v}' is not a valid value"))),
        )
    }

    /// A list knob (`1,2` or `0 0.1`): each element parsed as `T`.
    pub fn list<T: std::str::FromStr>(&self, name: &str) -> Vec<T> {
        let v: String = self.get(name);
        v.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|x| !x.is_empty())
            .map(|x| {
                x.parse().unwrap_or_else(|_| {
                    usage_error(format!("--{name}: '{x}' in '{v}' is not a valid value"))
                })
            })
            .collect()
    }

    /// A knob that is `0` or `1`.
    pub fn flag(&self, name: &str) -> bool {
        match self.get::<String>(name).as_str() {
            "0" => false,
            "1" => true,
            v => usage_error(format!("--{name}: '{v}' is not 0 or 1")),
        }
    }

    /// A knob whose value is one of `choices`; `None` when not given.
    pub fn one_of(&self, name: &str, choices: &[&str]) -> Option<String> {
        let v: String = self.opt(name)?;
        if !choices.contains(&v.as_str()) {
            usage_error(format!(
                "--{name}: '{v}' is not one of {}",
                choices.join(", ")
            ));
        }
        Some(v)
    }

    /// The `nbthread` values to run, the same for both proxies (knob `threads`: `2`, `1,2`);
    /// `None` when the knob has no default and is not given.
    pub fn threads(&self) -> Option<Vec<usize>> {
        self.opt::<String>("threads")?;
        let mut v: Vec<usize> = self.list("threads");
        if v.contains(&0) {
            usage_error("--threads: a thread count is at least 1".into());
        }
        v.dedup();
        Some(v)
    }
}

fn usage_error(msg: String) -> ! {
    clap::Error::raw(clap::error::ErrorKind::ValueValidation, format!("{msg}\n")).exit()
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

    const KNOBS: &[Knob] = &[
        Knob {
            name: "rounds",
            env: "BENCH_TEST_ROUNDS",
            default: Some("5"),
            help: "rounds",
        },
        Knob {
            name: "threads",
            env: "BENCH_TEST_THREADS",
            default: None,
            help: "threads",
        },
    ];

    fn parse(args: &[&str]) -> Result<Settings, clap::Error> {
        let argv = std::iter::once("bench-test").chain(args.iter().copied());
        Ok(Settings {
            matches: command("bench-test", "a test", KNOBS).try_get_matches_from(argv)?,
        })
    }

    #[test]
    fn knobs_parse_with_their_defaults_and_refuse_unknown_options() {
        let s = parse(&[]).unwrap();
        assert_eq!(s.get::<usize>("rounds"), 5);
        assert_eq!(s.opt::<String>("threads"), None);
        assert_eq!(s.threads(), None);
        let s = parse(&["--rounds", "3", "--threads", "2, 2 4"]).unwrap();
        assert_eq!(s.get::<usize>("rounds"), 3);
        assert_eq!(s.threads(), Some(vec![2, 4]));
        assert!(parse(&["--round", "3"]).is_err());
        assert!(parse(&["3"]).is_err());
        let help = command("bench-test", "a test", KNOBS)
            .render_long_help()
            .to_string();
        assert!(
            help.contains("BENCH_TEST_ROUNDS") && help.contains("[default: 5]"),
            "{help}"
        );
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
