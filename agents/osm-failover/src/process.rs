//! The managed daemon: started in the background as its user, tracked through its pidfile, and
//! stopped with TERM, a wait, then KILL.
//!
//! Two kinds of daemons are handled without configuration, like `start-stop-daemon` in the seed:
//! daemons that write their own pidfile (possibly after forking) and daemons that stay in the
//! foreground and write none, whose pid the agent records itself once they have survived a short
//! settling period. A pid is only trusted while its process is the one that was recorded: the
//! agent keeps the process's start time (in clock ticks since boot, immune to clock steps) next to
//! its state, so a pid recycled by an unrelated process is never reported as running, let alone
//! killed.

use std::ffi::CString;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use nix::unistd::{Gid, Pid, Uid, User};
use rustha::daemon::{self, Grace, PidFile, Starting};
use rustha::error::{Error, IoContext, Result};

/// How long a daemon that is given a pidfile may take to write it before the agent concludes
/// that it does not and records the pid itself.
const PIDFILE_GRACE: Duration = Duration::from_secs(2);
/// How long a freshly started daemon must stay alive before `start` trusts it: long enough to
/// catch a daemon dying on bad arguments or configuration (exec, parse, exit take milliseconds),
/// short enough not to lengthen a failover (the SNAT rules are in place before this wait).
const SETTLE: Duration = Duration::from_millis(100);
const POLL: Duration = Duration::from_millis(10);

/// The account the daemon runs as.
#[derive(Debug, Clone)]
pub struct Account {
    name: String,
    uid: Uid,
    gid: Gid,
    groups: Vec<Gid>,
    home: PathBuf,
}

impl Account {
    /// Look `name` up in the user database (with its supplementary groups).
    pub fn lookup(name: &str) -> Result<Account> {
        let user = User::from_name(name)
            .map_err(|e| Error::io(format!("looking up user '{name}'"), e.into()))?
            .ok_or_else(|| {
                Error::NotInstalled(format!(
                    "parameter 'user': no user '{name}' exists on this node"
                ))
            })?;
        let cname = CString::new(name)
            .map_err(|_| Error::invalid("user", name, "a user name without NUL characters"))?;
        let groups = nix::unistd::getgrouplist(&cname, user.gid).unwrap_or_else(|_| vec![user.gid]);
        Ok(Account {
            name: name.to_string(),
            uid: user.uid,
            gid: user.gid,
            groups,
            home: user.dir,
        })
    }
}

/// The daemon of one resource instance.
#[derive(Debug, Clone)]
pub struct Daemon {
    /// Absolute path of the executable.
    pub path: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
    /// Its user (`None`: the agent's own, root).
    pub user: Option<String>,
    /// Where its pid is kept.
    pub pidfile: PidFile,
    /// Whether the daemon may write the pidfile itself (it was named by the administrator).
    pub own_pidfile: bool,
    /// The agent's record of the process it started: `PID STARTTIME`.
    pub stamp: PathBuf,
}

impl Daemon {
    /// The running daemon's pid, if it runs.
    pub fn running(&self) -> Result<Option<Pid>> {
        let Some(pid) = self.pidfile.read()? else {
            return Ok(None);
        };
        if !daemon::is_alive(pid) {
            return Ok(None);
        }
        match self.read_stamp() {
            // The pid the agent recorded: it must still be the same process.
            Some((p, start)) if p == pid => Ok((start_ticks(pid) == Some(start)).then_some(pid)),
            // The daemon rewrote its pidfile (forked, re-executed): trust the live pid.
            _ => Ok(Some(pid)),
        }
    }

    fn read_stamp(&self) -> Option<(Pid, u64)> {
        let s = fs::read_to_string(&self.stamp).ok()?;
        let mut it = s.split_whitespace();
        let pid = it.next()?.parse::<i32>().ok()?;
        let start = it.next()?.parse::<u64>().ok()?;
        Some((Pid::from_raw(pid), start))
    }

    fn write_stamp(&self, pid: Pid) -> Result<()> {
        let Some(start) = start_ticks(pid) else {
            return Ok(());
        };
        if let Some(dir) = self.stamp.parent() {
            fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&self.stamp, format!("{pid} {start}\n"))
            .context(|| format!("writing {}", self.stamp.display()))
    }

    fn forget(&self) -> Result<()> {
        self.pidfile.remove()?;
        match fs::remove_file(&self.stamp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io(format!("removing {}", self.stamp.display()), e))
            }
            _ => Ok(()),
        }
    }

    /// Start the daemon unless it runs; return once it is up and its pid is recorded.
    pub fn start(&self, deadline: Instant) -> Result<Pid> {
        if let Some(pid) = self.running()? {
            tracing::info!(
                "daemon {} already running as pid {pid}",
                self.path.display()
            );
            return Ok(pid);
        }
        // A pidfile left by a dead or foreign process would be mistaken for the new daemon's.
        self.forget()?;
        let account = self.user.as_deref().map(Account::lookup).transpose()?;
        if let Some(dir) = self.pidfile.path().parent().filter(|_| self.own_pidfile) {
            if !dir.exists() {
                fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
                if let Some(a) = &account {
                    // The daemon writes its pidfile after dropping privileges.
                    nix::unistd::chown(dir, Some(a.uid), Some(a.gid))
                        .context(|| format!("chown {} to {}", dir.display(), a.name))?;
                }
            }
        }
        let mut starting = self.spawn(account.as_ref())?;
        let result = self.await_ready(&mut starting, deadline);
        if result.is_err() {
            // Never leave a half-started daemon behind a failed start.
            starting.abandon(deadline);
        }
        result
    }

    fn spawn(&self, account: Option<&Account>) -> Result<Starting> {
        let mut cmd = Command::new(&self.path);
        cmd.args(&self.args);
        if let Some(a) = account {
            cmd.env("HOME", &a.home)
                .env("USER", &a.name)
                .env("LOGNAME", &a.name);
            let (uid, gid, groups) = (a.uid, a.gid, a.groups.clone());
            // SAFETY: the closure runs in the forked child before exec and only makes
            // async-signal-safe system calls (setgroups, setgid, setuid); the group list was
            // resolved before the fork.
            unsafe {
                cmd.pre_exec(move || {
                    nix::unistd::setgroups(&groups)?;
                    nix::unistd::setgid(gid)?;
                    nix::unistd::setuid(uid)?;
                    Ok(())
                });
            }
        }
        let name = format!(
            "daemon {}{}",
            self.path.display(),
            account
                .map(|a| format!(" (user {})", a.name))
                .unwrap_or_default()
        );
        tracing::info!("starting {} {:?}", self.path.display(), self.args);
        daemon::spawn(&name, &mut cmd, None)
    }

    fn await_ready(&self, starting: &mut Starting, deadline: Instant) -> Result<Pid> {
        let child_pid = starting.pid();
        let began = Instant::now();
        let grace = if self.own_pidfile {
            PIDFILE_GRACE
        } else {
            SETTLE
        };
        let mut exited = false;
        loop {
            if !exited {
                if let Some(status) = starting.exited()? {
                    if !status.success() {
                        return Err(starting.died(Some(status)));
                    }
                    // A forking daemon: its parent is done, the pidfile names the real one.
                    exited = true;
                }
            }
            if self.own_pidfile {
                if let Some(pid) = self.pidfile.read()?.filter(|p| daemon::is_alive(*p)) {
                    if began.elapsed() >= SETTLE || pid != child_pid {
                        self.write_stamp(pid)?;
                        return Ok(pid);
                    }
                }
            }
            let now = Instant::now();
            if !exited && now.duration_since(began) >= grace {
                self.pidfile.write(child_pid)?;
                self.write_stamp(child_pid)?;
                return Ok(child_pid);
            }
            if now >= deadline {
                return Err(if exited {
                    Error::Failed(format!(
                        "daemon {} went to the background but no live pid appeared in {}",
                        self.path.display(),
                        self.pidfile.path().display()
                    ))
                } else {
                    Error::Timeout {
                        what: format!("start of {}", self.path.display()),
                        after: now.duration_since(began),
                    }
                });
            }
            if exited && !self.own_pidfile {
                return Err(Error::Failed(format!(
                    "daemon {} exited right after start (status 0) and leaves no pidfile; \
                     if it forks, set 'pidfile' to the file it writes",
                    self.path.display()
                )));
            }
            std::thread::sleep(POLL.min(deadline - now));
        }
    }

    /// Stop the daemon: TERM, wait as `grace` allows, KILL, all before `deadline`.
    pub fn stop(&self, grace: Grace, deadline: Instant) -> Result<()> {
        let pid = self.running()?;
        if let Some(pid) = pid {
            tracing::info!("stopping {} (pid {pid})", self.path.display());
        }
        daemon::stop(&self.pidfile, pid, grace, deadline)?;
        self.forget()
    }
}

/// When `pid` started, in clock ticks since boot (`/proc/PID/stat` field 22).
fn start_ticks(pid: Pid) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    // `rest` starts at field 3 (state).
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Where the agent keeps its own records for `instance`.
pub fn state_dir() -> &'static Path {
    Path::new("/run/rustha/osm-failover")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn daemon(dir: &Path, path: &str, args: &[&str], own: bool) -> Daemon {
        Daemon {
            path: path.into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            user: None,
            pidfile: PidFile::new(dir.join("d.pid")),
            own_pidfile: own,
            stamp: dir.join("d.start"),
        }
    }

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rustha-osm-{name}-{}", std::process::id()));
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn records_the_pid_of_a_foreground_daemon_and_stops_it() {
        let dir = tmp("fg");
        let d = daemon(&dir, "/bin/sleep", &["30"], false);
        let deadline = Instant::now() + Duration::from_secs(10);
        let pid = d.start(deadline).unwrap();
        assert_eq!(d.running().unwrap(), Some(pid));
        assert_eq!(d.start(deadline).unwrap(), pid, "start is idempotent");
        d.stop(Grace::HalfUpTo(Duration::from_secs(2)), deadline)
            .unwrap();
        assert_eq!(d.running().unwrap(), None);
        assert!(!d.pidfile.path().exists());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_recycled_pid_is_not_ours() {
        let dir = tmp("recycled");
        let d = daemon(&dir, "/bin/sleep", &["30"], false);
        // This test process stands in for an unrelated process that got the recorded pid.
        let me = nix::unistd::getpid();
        d.pidfile.write(me).unwrap();
        fs::write(&d.stamp, format!("{me} 1\n")).unwrap();
        assert_eq!(d.running().unwrap(), None);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_daemon_failing_at_once_fails_start() {
        let dir = tmp("fail");
        let d = daemon(&dir, "/bin/false", &[], false);
        let err = d
            .start(Instant::now() + Duration::from_secs(5))
            .unwrap_err();
        assert!(err.to_string().contains("exited during start"), "{err}");
        fs::remove_dir_all(dir).unwrap();
    }
}
