//! Daemons managed by agents: pidfiles written only when ready, liveness checks that are not
//! fooled by zombies or recycled pids, daemonizing before any thread exists, and bounded
//! termination (TERM, wait, KILL) inside an action's deadline.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
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
    if wait_until(soft, Duration::from_millis(10), gone)? {
        return Ok(());
    }
    tracing::warn!("process {pid} ignored SIGTERM for {grace:?}; sending SIGKILL");
    let _ = kill(pid, Signal::SIGKILL);
    let hard = deadline.max(Instant::now() + Duration::from_secs(1));
    if wait_until(hard, Duration::from_millis(10), gone)? {
        Ok(())
    } else {
        Err(Error::Timeout {
            what: format!("termination of process {pid}"),
            after: grace,
        })
    }
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
}
