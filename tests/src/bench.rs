//! What the benchmark binaries share: timing one agent action (wall and CPU time of the agent
//! and everything it forked), and the small statistics their tables print.

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
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
    fn timed_reports_exit_code_and_cpu_of_children() {
        let s = timed(Command::new("sh").args([
            "-c",
            "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 3",
        ]));
        assert_eq!(s.code, Some(3));
        assert!(s.cpu > Duration::ZERO);
    }
}
