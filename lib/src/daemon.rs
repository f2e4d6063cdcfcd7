//! Daemons managed by agents, the one place the daemon agents (proxy, pgsqlchk, filesync,
//! osm-failover) spawn, find, wait for and stop what they run:
//!
//! - [`PidFile`]: written by the daemon only once it is ready; [`PidFile::ours`] trusts a
//!   recorded pid only while its process is alive (not a zombie) and runs this very program
//!   ([`runs_exe`], from `/proc/PID/exe`), so a recycled pid is never reported, let alone killed;
//! - [`spawn`]: start a daemon detached (own session, stdin from /dev/null, stdout and stderr
//!   to its log) and [`Starting::wait_ready`] until a ready condition holds or it dies, naming
//!   its exit status and last words in the error; [`wait_ready`] does the same for a pid;
//! - [`stop`]: TERM, wait as long as a [`Grace`] policy allows of the action's time, then KILL,
//!   answering by this node's view: nothing of ours running is stopped;
//! - [`reload`]: SIGHUP, then the daemon's own verdict from what it records;
//! - [`control_call`]: one command to a daemon's control socket, one answer back;
//! - [`daemonize`]: for a program that detaches itself, before any thread exists.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use crate::error::{Error, IoContext, Result};

/// A pidfile.
#[derive(Debug, Clone)]
pub struct PidFile {
    path: PathBuf,
}

impl PidFile {
    /// A pidfile at `path` (not created).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        PidFile { path: path.into() }
    }

    /// Where it lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pid recorded, if the file exists and holds one.
    pub fn read(&self) -> Result<Option<Pid>> {
        match fs::read_to_string(&self.path) {
            Ok(s) => Ok(s
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|p| *p > 0)
                .map(Pid::from_raw)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(format!("reading {}", self.path.display()), e)),
        }
    }

    /// The recorded pid if that process is alive.
    pub fn running(&self) -> Result<Option<Pid>> {
        Ok(self.read()?.filter(|p| is_alive(*p)))
    }

    /// The recorded pid if that process is alive and runs this program (see [`runs_exe`]).
    pub fn ours(&self) -> Result<Option<Pid>> {
        let Some(pid) = self.running()? else {
            return Ok(None);
        };
        Ok(std::env::current_exe()
            .map_or(true, |exe| runs_exe(pid, &exe))
            .then_some(pid))
    }

    /// Record `pid`, atomically (write a temporary file, then rename), creating the directory.
    pub fn write(&self, pid: Pid) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        let tmp = self.path.with_extension("pid.tmp");
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o644)
            .open(&tmp)
            .context(|| format!("creating {}", tmp.display()))?;
        writeln!(f, "{pid}").context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, &self.path).context(|| format!("renaming to {}", self.path.display()))
    }

    /// Remove the file; a missing file is fine.
    pub fn remove(&self) -> Result<()> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(format!("removing {}", self.path.display()), e)),
        }
    }
}

/// Whether `pid` is a live (non-zombie) process.
pub fn is_alive(pid: Pid) -> bool {
    match kill(pid, None) {
        Ok(()) | Err(nix::errno::Errno::EPERM) => !is_zombie(pid),
        Err(_) => false,
    }
}

fn is_zombie(pid: Pid) -> bool {
    // Field 3 of /proc/PID/stat, after the parenthesised command name (which may hold spaces).
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')').and_then(|(_, rest)| {
                rest.split_whitespace()
                    .next()
                    .map(|st| st == "Z" || st == "X")
            })
        })
        .unwrap_or(false)
}

/// The executable of `pid`, to tell a recycled pid from ours.
pub fn exe_of(pid: Pid) -> Option<PathBuf> {
    fs::read_link(format!("/proc/{pid}/exe")).ok()
}

/// Whether process `pid` runs the executable `exe`, by `/proc/PID/exe` (a replaced binary shows
/// as "PATH (deleted)" and still counts). A process this user may not look into is trusted:
/// the pidfile is then the only witness there is.
pub fn runs_exe(pid: Pid, exe: &Path) -> bool {
    let Some(theirs) = exe_of(pid) else {
        return true;
    };
    let theirs = theirs.to_string_lossy();
    let theirs = Path::new(theirs.trim_end_matches(" (deleted)"));
    let ours = exe.canonicalize().unwrap_or_else(|_| exe.to_path_buf());
    theirs == ours
}

/// Poll `check` every `every` until it returns true or `deadline` passes.
pub fn wait_until(
    deadline: Instant,
    every: Duration,
    mut check: impl FnMut() -> Result<bool>,
) -> Result<bool> {
    loop {
        if check()? {
            return Ok(true);
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(false);
        }
        thread::sleep(every.min(deadline - now));
    }
}

/// Stop `pid`: SIGTERM, wait up to `grace`, then SIGKILL and wait until `deadline`.
/// Succeeds when the process is gone.
pub fn terminate(pid: Pid, grace: Duration, deadline: Instant) -> Result<()> {
    if !is_alive(pid) {
        return Ok(());
    }
    let _ = kill(pid, Signal::SIGTERM);
    let soft = (Instant::now() + grace).min(deadline);
    let gone = || Ok(!is_alive(pid));
    if wait_until(soft, POLL, gone)? {
        return Ok(());
    }
    tracing::warn!("process {pid} ignored SIGTERM for {grace:?}; sending SIGKILL");
    let _ = kill(pid, Signal::SIGKILL);
    let hard = deadline.max(Instant::now() + Duration::from_secs(1));
    if wait_until(hard, POLL, gone)? {
        Ok(())
    } else {
        Err(Error::Timeout {
            what: format!("termination of process {pid}"),
            after: grace,
        })
    }
}

/// How often readiness and termination are polled.
const POLL: Duration = Duration::from_millis(10);

/// What became of a daemon being waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// The ready condition holds.
    Ready,
    /// The daemon died first.
    Died,
    /// Neither before the deadline.
    TimedOut,
}

/// Wait until `ready` holds, the daemon `pid` dies, or `deadline` passes. Death is checked
/// before readiness, so a daemon that wrote its pidfile and then died is not taken as ready.
pub fn wait_ready(
    pid: Pid,
    deadline: Instant,
    mut ready: impl FnMut() -> Result<bool>,
) -> Result<Readiness> {
    let mut died = false;
    let ok = wait_until(deadline, POLL, || {
        died = !is_alive(pid);
        Ok(died || ready()?)
    })?;
    Ok(match (ok, died) {
        (true, false) => Readiness::Ready,
        (true, true) => Readiness::Died,
        (false, _) => Readiness::TimedOut,
    })
}

/// The last non-empty lines of a daemon's log that `keep` selects, oldest first (at most `n`).
pub fn last_words(log: &Path, n: usize, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let text = fs::read_to_string(log).unwrap_or_default();
    let mut lines: Vec<String> = text
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty() && keep(l))
        .take(n)
        .map(str::to_string)
        .collect();
    lines.reverse();
    lines
}

/// Signals a daemon is told things with, back to their default action. Ignored signals are
/// inherited: an agent run under `nohup`, or by a manager that ignores SIGHUP, would otherwise
/// pass that on, and a daemon that never installs its own handler (a shell script, a foreign
/// program) would then not reload on SIGHUP or not stop on SIGTERM.
fn default_signals() -> io::Result<()> {
    use nix::sys::signal::{signal, SigHandler};
    for s in [
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGQUIT,
        Signal::SIGTERM,
        Signal::SIGUSR1,
        Signal::SIGUSR2,
    ] {
        // SAFETY: installs the default action; no handler code runs in the child.
        unsafe { signal(s, SigHandler::SigDfl) }.map_err(io::Error::from)?;
    }
    Ok(())
}

/// Start `cmd` as a daemon: in its own session (out of the caller's process group and without a
/// terminal), in `/`, stdin from /dev/null, stdout and stderr appended to `log` (or /dev/null).
/// `name` names it in messages. `pre_exec` steps the caller added (dropping privileges, ...)
/// are kept.
pub fn spawn(name: &str, cmd: &mut Command, log: Option<&Path>) -> Result<Starting> {
    let (out, err) = match log {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
            }
            let f = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .context(|| format!("opening {}", p.display()))?;
            let g = f
                .try_clone()
                .context(|| format!("opening {}", p.display()))?;
            (Stdio::from(f), Stdio::from(g))
        }
        None => (Stdio::null(), Stdio::null()),
    };
    cmd.stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .current_dir("/");
    // SAFETY: setsid and sigaction are async-signal-safe and touch no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            nix::unistd::setsid()?;
            default_signals()
        });
    }
    let child = cmd
        .spawn()
        .context(|| format!("starting {name} ({})", cmd.get_program().to_string_lossy()))?;
    let pid = Pid::from_raw(child.id() as i32);
    tracing::info!("{name} started as pid {pid}");
    Ok(Starting {
        child,
        pid,
        name: name.to_string(),
        log: log.map(Path::to_path_buf),
        began: Instant::now(),
    })
}

/// A daemon [`spawn`]ed and not yet known to be ready. Dropping it leaves the daemon running
/// (it outlives the agent, adopted by init).
#[derive(Debug)]
pub struct Starting {
    child: Child,
    pid: Pid,
    name: String,
    log: Option<PathBuf>,
    began: Instant,
}

impl Starting {
    /// The daemon's pid.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// How it ended, if it has (reaping it).
    pub fn exited(&mut self) -> Result<Option<ExitStatus>> {
        self.child
            .try_wait()
            .context(|| format!("waiting for {}", self.name))
    }

    /// The error for a daemon that ended with `status` during start: its last words from the
    /// log make the reason Pacemaker shows say what went wrong.
    pub fn died(&self, status: Option<ExitStatus>) -> Error {
        let status = status.map(|s| format!(" ({s})")).unwrap_or_default();
        let (said, see) = match &self.log {
            Some(log) => (
                last_words(log, 1, |_| true)
                    .pop()
                    .map(|l| format!(": {l}"))
                    .unwrap_or_default(),
                format!(" (see {} or the journal)", log.display()),
            ),
            None => (String::new(), String::new()),
        };
        Error::Failed(format!(
            "{} (pid {}) exited during start{status}{said}{see}",
            self.name, self.pid
        ))
    }

    /// Wait until `ready` holds; fail when the daemon dies first (with its exit status and last
    /// words) or at `deadline` (naming `what` was awaited).
    pub fn wait_ready(
        &mut self,
        deadline: Instant,
        what: &str,
        ready: impl FnMut() -> Result<bool>,
    ) -> Result<()> {
        match wait_ready(self.pid, deadline, ready)? {
            Readiness::Ready => Ok(()),
            Readiness::Died => {
                let status = self.exited()?;
                Err(self.died(status))
            }
            Readiness::TimedOut => Err(Error::Timeout {
                what: format!("{} readiness ({what})", self.name),
                after: self.began.elapsed(),
            }),
        }
    }

    /// Stop a daemon that failed its start, so no half-started daemon is left behind.
    pub fn abandon(mut self, deadline: Instant) {
        if is_alive(self.pid) {
            let _ = terminate(self.pid, Duration::from_secs(1), deadline);
        }
        let _ = self.child.try_wait();
    }
}

/// How long a stopping daemon gets between TERM and KILL, out of what the action has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grace {
    /// Half of what is left, at most this long: a daemon with nothing to drain.
    HalfUpTo(Duration),
    /// All that is left but this reserve for KILL (and never less than half): a daemon that
    /// drains sessions or finishes work.
    AllBut(Duration),
}

impl Grace {
    /// The grace period out of `remaining`.
    pub fn of(self, remaining: Duration) -> Duration {
        match self {
            Grace::HalfUpTo(cap) => (remaining / 2).min(cap),
            Grace::AllBut(reserve) => remaining.saturating_sub(reserve).max(remaining / 2),
        }
    }
}

/// Stop our daemon `pid` (as found by [`PidFile::ours`] or the agent's own check): TERM, wait
/// as `grace` allows of the time to `deadline`, KILL; then remove `pidfile`. `None` (nothing of
/// ours runs on this node) is already stopped.
pub fn stop(pidfile: &PidFile, pid: Option<Pid>, grace: Grace, deadline: Instant) -> Result<()> {
    if let Some(pid) = pid {
        let grace = grace.of(deadline.saturating_duration_since(Instant::now()));
        terminate(pid, grace, deadline)?;
        tracing::info!("daemon pid {pid} stopped");
    }
    pidfile.remove()
}

/// Have daemon `pid` re-read its configuration (SIGHUP) and wait until `verdict` finds its
/// answer (it returns `None` while the daemon has not answered), or `deadline` passes.
pub fn reload(
    pid: Pid,
    deadline: Instant,
    mut verdict: impl FnMut() -> Result<Option<Result<()>>>,
) -> Result<()> {
    let asked = Instant::now();
    kill(pid, Signal::SIGHUP).context(|| format!("signalling daemon {pid}"))?;
    let mut answer = None;
    wait_until(deadline, POLL, || {
        answer = verdict()?;
        Ok(answer.is_some())
    })?;
    answer.unwrap_or_else(|| {
        Err(Error::Timeout {
            what: "the daemon's reload".into(),
            after: asked.elapsed(),
        })
    })
}

/// Send one line `cmd` to the control socket at `path` and return everything the daemon answers
/// before it closes the connection; each step is bounded by `timeout`.
pub fn control_call(path: &Path, cmd: &str, timeout: Duration) -> Result<String> {
    use std::io::Read;
    let mut s = std::os::unix::net::UnixStream::connect(path)
        .context(|| format!("connecting to {}", path.display()))?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    s.write_all(format!("{cmd}\n").as_bytes())
        .context(|| "writing to the control socket".into())?;
    let mut out = String::new();
    s.read_to_string(&mut out)
        .context(|| "reading from the control socket".into())?;
    Ok(out)
}

/// Which side of [`daemonize`] we are on.
#[derive(Debug)]
pub enum Forked {
    /// The calling process; the daemon's pid.
    Parent(Pid),
    /// The daemon.
    Daemon,
}

/// Detach into the background: double fork, new session, stdin from /dev/null, stdout and stderr
/// to `log` (or /dev/null). Must be called before any thread exists. The parent learns the
/// daemon's pid through a pipe so it can wait for readiness (the daemon writes its own pidfile
/// once it serves).
pub fn daemonize(log: Option<&Path>) -> Result<Forked> {
    use nix::unistd::{fork, pipe, read, setsid, write, ForkResult};
    use std::os::fd::AsRawFd;

    let (rx, tx) = pipe().context(|| "creating pipe".into())?;
    // SAFETY: the callers are single-threaded at this point (documented requirement).
    match unsafe { fork() }.context(|| "fork".into())? {
        ForkResult::Parent { child } => {
            drop(tx);
            let mut buf = [0u8; 4];
            let n = read(&rx, &mut buf).context(|| "reading daemon pid".into())?;
            let _ = nix::sys::wait::waitpid(child, None);
            if n != 4 {
                return Err(Error::Failed("daemon failed to start".into()));
            }
            Ok(Forked::Parent(Pid::from_raw(i32::from_ne_bytes(buf))))
        }
        ForkResult::Child => {
            drop(rx);
            let _ = setsid();
            // SAFETY: still single-threaded; the intermediate child only forks and exits.
            match unsafe { fork() } {
                Ok(ForkResult::Parent { .. }) => std::process::exit(0),
                Ok(ForkResult::Child) => {}
                Err(_) => std::process::exit(1),
            }
            let pid = nix::unistd::getpid().as_raw();
            let _ = write(&tx, &pid.to_ne_bytes());
            drop(tx);
            let null = fs::File::open("/dev/null").context(|| "opening /dev/null".into())?;
            let out = match log {
                Some(p) => fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .context(|| format!("opening {}", p.display()))?,
                None => fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/null")
                    .context(|| "opening /dev/null".into())?,
            };
            // SAFETY: dup2 onto the standard descriptors of a fresh single-threaded child.
            unsafe {
                let _ = dup2_raw(null.as_raw_fd(), 0);
                let _ = dup2_raw(out.as_raw_fd(), 1);
                let _ = dup2_raw(out.as_raw_fd(), 2);
            }
            let _ = std::env::set_current_dir("/");
            Ok(Forked::Daemon)
        }
    }
}

/// # Safety
/// `new` must be a standard descriptor number the caller owns.
unsafe fn dup2_raw(old: i32, new: i32) -> io::Result<()> {
    // SAFETY: forwarded to the caller's contract.
    if unsafe { libc::dup2(old, new) } < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pidfile_round_trip_and_liveness() {
        let dir = std::env::temp_dir().join(format!("rustha-pid-{}", std::process::id()));
        let pf = PidFile::new(dir.join("x.pid"));
        assert_eq!(pf.read().unwrap(), None);
        let me = nix::unistd::getpid();
        pf.write(me).unwrap();
        assert_eq!(pf.read().unwrap(), Some(me));
        assert_eq!(pf.running().unwrap(), Some(me));
        pf.remove().unwrap();
        pf.remove().unwrap();
        fs::write(pf.path(), "garbage").unwrap();
        assert_eq!(pf.read().unwrap(), None);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn terminate_stops_a_child() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let pid = Pid::from_raw(child.id() as i32);
        assert!(is_alive(pid));
        // Reap concurrently so the child does not linger as a zombie of this test process.
        let reaper = thread::spawn(move || child.wait());
        terminate(
            pid,
            Duration::from_secs(2),
            Instant::now() + Duration::from_secs(5),
        )
        .unwrap();
        reaper.join().unwrap().unwrap();
        assert!(!is_alive(pid));
    }

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rustha-daemon-{name}-{}", std::process::id()));
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn only_a_live_process_of_this_program_is_ours() {
        let dir = tmp("ours");
        let pf = PidFile::new(dir.join("d.pid"));
        let me = nix::unistd::getpid();
        pf.write(me).unwrap();
        assert_eq!(pf.ours().unwrap(), Some(me));
        // A recycled pid: a live process running another program.
        let mut child = Command::new("sleep").arg("30").spawn().unwrap();
        let other = Pid::from_raw(child.id() as i32);
        pf.write(other).unwrap();
        assert_eq!(pf.running().unwrap(), Some(other));
        assert_eq!(pf.ours().unwrap(), None);
        assert!(!runs_exe(other, &std::env::current_exe().unwrap()));
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(pf.running().unwrap(), None);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_daemon_dying_at_start_is_named_with_its_status_and_last_words() {
        let dir = tmp("dies");
        let log = dir.join("d.log");
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo starting; echo 'bad option -x' >&2; exit 3"]);
        let mut d = spawn("test daemon", &mut cmd, Some(&log)).unwrap();
        let err = d
            .wait_ready(Instant::now() + Duration::from_secs(10), "never", || {
                Ok(false)
            })
            .unwrap_err()
            .to_string();
        assert!(err.contains("test daemon (pid"), "{err}");
        assert!(err.contains("exit status: 3"), "{err}");
        assert!(err.contains("bad option -x"), "{err}");
        assert!(err.contains(&log.display().to_string()), "{err}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_ready_daemon_runs_detached_until_stopped() {
        let dir = tmp("ready");
        let pf = PidFile::new(dir.join("d.pid"));
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let mut d = spawn("sleeper", &mut cmd, None).unwrap();
        let pid = d.pid();
        pf.write(pid).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        d.wait_ready(deadline, "pidfile", || Ok(pf.read()? == Some(pid)))
            .unwrap();
        // Its own session, out of this process group.
        assert_eq!(nix::unistd::getsid(Some(pid)).unwrap(), pid);
        stop(
            &pf,
            Some(pid),
            Grace::HalfUpTo(Duration::from_secs(2)),
            deadline,
        )
        .unwrap();
        assert!(!is_alive(pid));
        assert!(!pf.path().exists());
        assert!(d.exited().unwrap().is_some());
        // Nothing running is stopped, and stays so.
        stop(&pf, None, Grace::HalfUpTo(Duration::from_secs(2)), deadline).unwrap();
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_daemon_never_ready_times_out_and_is_abandoned() {
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let mut d = spawn("sleeper", &mut cmd, None).unwrap();
        let pid = d.pid();
        let err = d
            .wait_ready(Instant::now(), "a condition that never holds", || Ok(false))
            .unwrap_err();
        assert!(matches!(err, Error::Timeout { .. }), "{err}");
        assert!(
            err.to_string().contains("a condition that never holds"),
            "{err}"
        );
        d.abandon(Instant::now() + Duration::from_secs(5));
        assert!(!is_alive(pid));
    }

    #[test]
    fn grace_policies() {
        let s = Duration::from_secs;
        assert_eq!(Grace::HalfUpTo(s(5)).of(s(30)), s(5));
        assert_eq!(Grace::HalfUpTo(s(5)).of(s(4)), s(2));
        assert_eq!(Grace::AllBut(s(2)).of(s(30)), s(28));
        assert_eq!(Grace::AllBut(s(2)).of(s(3)), Duration::from_millis(1500));
        assert_eq!(Grace::AllBut(s(2)).of(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn control_call_sends_a_line_and_reads_the_answer() {
        use std::io::{BufRead, BufReader};
        let dir = tmp("control");
        let path = dir.join("d.sock");
        let l = std::os::unix::net::UnixListener::bind(&path).unwrap();
        let server = thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut line = String::new();
            BufReader::new(&s).read_line(&mut line).unwrap();
            s.write_all(format!("OK {line}").as_bytes()).unwrap();
        });
        let answer = control_call(&path, "show running", Duration::from_secs(5)).unwrap();
        assert_eq!(answer, "OK show running\n");
        server.join().unwrap();
        let err = control_call(&dir.join("none.sock"), "x", Duration::from_secs(1)).unwrap_err();
        assert!(err.to_string().contains("none.sock"), "{err}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn reload_signals_and_reports_the_daemons_verdict() {
        // A shell that records each SIGHUP in a file stands in for a daemon.
        let dir = tmp("reload");
        let seen = dir.join("hup");
        let ready = dir.join("ready");
        let script = format!(
            "trap 'echo hup >> {}' HUP; touch {}; while :; do sleep 0.05; done",
            seen.display(),
            ready.display()
        );
        // A shell cannot trap a signal ignored on entry (a run under nohup): start it with the
        // defaults, as `spawn` starts daemons.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &script]);
        // SAFETY: only sigaction between fork and exec.
        unsafe { cmd.pre_exec(default_signals) };
        let mut child = cmd.spawn().unwrap();
        let pid = Pid::from_raw(child.id() as i32);
        // The shell says when its trap is in place.
        let far = Instant::now() + Duration::from_secs(30);
        assert!(wait_until(far, POLL, || Ok(ready.exists())).unwrap());
        let deadline = Instant::now() + Duration::from_secs(10);
        reload(pid, deadline, || Ok(seen.exists().then_some(Ok(())))).unwrap();
        let refused = reload(pid, deadline, || {
            let n = fs::read_to_string(&seen)
                .unwrap_or_default()
                .lines()
                .count();
            Ok((n == 2).then(|| Err(Error::Configuration("refused".into()))))
        });
        assert!(
            matches!(refused, Err(Error::Configuration(_))),
            "{refused:?}"
        );
        let silent = reload(pid, Instant::now(), || Ok(None)).unwrap_err();
        assert!(matches!(silent, Error::Timeout { .. }), "{silent}");
        child.kill().unwrap();
        child.wait().unwrap();
        fs::remove_dir_all(dir).unwrap();
    }
}
