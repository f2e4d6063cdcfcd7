//! The server process: finding it (pidfile, or a server that answers on the socket without
//! one), starting `mariadbd`/`mysqld` read-only in the background, and stopping it within the
//! action's deadline.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use nix::unistd::{Pid, User};
use rustha::daemon::{self, Grace, PidFile, Readiness};
use rustha::error::{Error, IoContext, Result};

/// What a stopping server's grace leaves of the action's time for SIGKILL and its wait.
const KILL_RESERVE: Duration = Duration::from_secs(3);

/// How the server is started and found.
#[derive(Debug, Clone)]
pub struct Server {
    /// `mariadbd` or `mysqld`.
    pub binary: PathBuf,
    /// `my.cnf` passed as `--defaults-file`.
    pub config: PathBuf,
    /// Data directory.
    pub datadir: PathBuf,
    /// Unix socket.
    pub socket: PathBuf,
    /// Pidfile the server writes.
    pub pidfile: PathBuf,
    /// System user the server runs as.
    pub user: String,
}

impl Server {
    /// The server's pid if its pidfile names a live server process. A recycled pid (a live
    /// process that is no database server) does not count.
    pub fn pid(&self) -> Result<Option<Pid>> {
        let Some(pid) = PidFile::new(&self.pidfile).running()? else {
            return Ok(None);
        };
        let is_server = daemon::exe_of(pid)
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .is_none_or(|n| n.contains("mysqld") || n.contains("mariadbd"));
        Ok(is_server.then_some(pid))
    }

    /// Local checks that need no running server: binary, configuration, data directory, user.
    pub fn check_installed(&self) -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        match fs::metadata(&self.binary) {
            Ok(m) if m.is_file() && m.permissions().mode() & 0o111 != 0 => {}
            _ => {
                return Err(Error::NotInstalled(format!(
                    "parameter 'binary': {} is not an executable file on this node",
                    self.binary.display()
                )))
            }
        }
        if !self.config.is_file() {
            return Err(Error::NotInstalled(format!(
                "parameter 'config': {} does not exist on this node",
                self.config.display()
            )));
        }
        if !self.datadir.join("mysql").is_dir() {
            return Err(Error::NotInstalled(format!(
                "parameter 'datadir': {} holds no database (no mysql/ system schema); \
                 create it with mariadb-install-db --user={} --datadir={}",
                self.datadir.display(),
                self.user,
                self.datadir.display()
            )));
        }
        self.uid_gid()?;
        Ok(())
    }

    fn uid_gid(&self) -> Result<(nix::unistd::Uid, nix::unistd::Gid)> {
        match User::from_name(&self.user) {
            Ok(Some(u)) => Ok((u.uid, u.gid)),
            _ => Err(Error::NotInstalled(format!(
                "parameter 'user': no system user '{}' on this node",
                self.user
            ))),
        }
    }

    /// Directories for the socket and the pidfile, owned by the server's user: `/run/mysqld`
    /// is on a tmpfs and gone after a reboot.
    fn make_runtime_dirs(&self) -> Result<()> {
        let (uid, gid) = self.uid_gid()?;
        for file in [&self.socket, &self.pidfile] {
            if let Some(dir) = file.parent() {
                if !dir.exists() {
                    fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
                    nix::unistd::chown(dir, Some(uid), Some(gid))
                        .context(|| format!("chown {} {}", self.user, dir.display()))?;
                }
            }
        }
        Ok(())
    }

    /// Where the server's stdout/stderr go (its early messages, before `log_error` is opened).
    pub fn console_log(&self) -> PathBuf {
        let mut p = self.pidfile.clone().into_os_string();
        p.push(".console");
        PathBuf::from(p)
    }

    /// Start the server in the background with `read_only` on from its first moment, and wait
    /// until `ready` says it serves (or it dies, or `deadline` passes). Spawned and awaited by
    /// the daemon helper like every agent's daemon; what differs is what the server is told and
    /// where its last error is found when it dies.
    pub fn spawn(&self, deadline: Instant, ready: impl FnMut() -> Result<bool>) -> Result<Pid> {
        self.make_runtime_dirs()?;
        let mut cmd = Command::new(&self.binary);
        // --defaults-file must come first.
        cmd.arg(format!("--defaults-file={}", self.config.display()))
            .arg(format!("--datadir={}", self.datadir.display()))
            .arg(format!("--socket={}", self.socket.display()))
            .arg(format!("--pid-file={}", self.pidfile.display()))
            .arg(format!("--user={}", self.user))
            .arg("--read-only=ON");
        let name = self.binary.display().to_string();
        let mut starting = daemon::spawn(&name, &mut cmd, Some(&self.console_log()))?;
        let pid = starting.pid();
        match daemon::wait_ready(pid, deadline, ready)? {
            Readiness::Ready => Ok(pid),
            Readiness::Died => {
                let status = starting
                    .exited()?
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                Err(Error::Failed(format!(
                    "{name} exited during startup{status}; {}",
                    self.startup_hint()
                )))
            }
            Readiness::TimedOut => {
                tracing::warn!("server did not become ready in time; stopping it");
                // A clean InnoDB shutdown gets a few seconds, even past the action's deadline.
                let _ = daemon::terminate(
                    pid,
                    Duration::from_secs(5),
                    Instant::now() + Duration::from_secs(10),
                );
                let _ = starting.exited();
                Err(Error::Timeout {
                    what: format!("startup of {name} (socket {})", self.socket.display()),
                    after: deadline.saturating_duration_since(Instant::now()),
                })
            }
        }
    }

    /// The server's last error before it died (from its console output, else from the
    /// `log_error` file named in `config`), or where to look.
    fn startup_hint(&self) -> String {
        let last_error = |text: &str| {
            text.lines()
                .rev()
                .find(|l| l.contains("[ERROR]") && !l.contains("Aborting"))
                .map(|l| l.trim().to_string())
        };
        let console = fs::read_to_string(self.console_log()).unwrap_or_default();
        let log_error = config_value(&self.config, "log_error").map(|p| {
            let p = PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                self.datadir.join(p)
            }
        });
        let from_log = log_error
            .as_ref()
            .and_then(|p| fs::read_to_string(p).ok())
            .and_then(|t| last_error(&t));
        match last_error(&console).or(from_log) {
            Some(line) => format!("last error: {line}"),
            None => format!(
                "see {}{}",
                self.console_log().display(),
                log_error
                    .map(|p| format!(" and {}", p.display()))
                    .unwrap_or_default()
            ),
        }
    }

    /// Stop `pid`: SIGTERM (a clean InnoDB shutdown), SIGKILL when the deadline nears (a few
    /// seconds are kept for it); a killed server's pidfile is removed.
    pub fn terminate(&self, pid: Pid, deadline: Instant) -> Result<()> {
        let pidfile = PidFile::new(&self.pidfile);
        daemon::stop(&pidfile, Some(pid), Grace::AllBut(KILL_RESERVE), deadline)
    }
}

/// Option groups the server reads from `my.cnf`.
fn server_group(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    matches!(
        n.as_str(),
        "mysqld" | "server" | "mariadb" | "mariadbd" | "mysqld_safe"
    ) || n.starts_with("mariadb-")
        || n.starts_with("mysqld-")
}

/// The value of `key` (dashes and underscores alike) in the server's option groups of
/// `config`; the last one wins, as for the server.
pub fn config_value(config: &Path, key: &str) -> Option<String> {
    let text = fs::read_to_string(config).ok()?;
    let mut in_server = false;
    let mut found = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(group) = t.strip_prefix('[') {
            in_server = server_group(group.split(']').next().unwrap_or_default());
        } else if in_server {
            if let Some((k, v)) = t.split_once('=') {
                if k.trim().to_ascii_lowercase().replace('-', "_") == key {
                    found = Some(v.trim().trim_matches(['"', '\'']).to_string());
                }
            }
        }
    }
    found
}

/// Refuse a configuration that skips replication errors (seed 000's
/// `slave-skip-errors=1062,1061,1060`): a skipped error is a row that differs between the two
/// databases from then on, silently. Names file, line and column.
pub fn check_no_skip_errors(config: &Path) -> Result<()> {
    let Ok(text) = fs::read_to_string(config) else {
        return Ok(());
    };
    let mut in_server = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(group) = trimmed.strip_prefix('[') {
            in_server = server_group(group.split(']').next().unwrap_or_default());
            continue;
        }
        if !in_server || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let (key, value) = trimmed.split_once('=').unwrap_or((trimmed, ""));
        let key = key.trim().to_ascii_lowercase().replace('-', "_");
        let value = value.trim();
        let skipping = matches!(key.as_str(), "slave_skip_errors" | "replica_skip_errors")
            && !value.eq_ignore_ascii_case("off");
        if skipping {
            return Err(Error::ConfigFile {
                file: config.to_path_buf(),
                line: i + 1,
                column: line.len() - trimmed.len() + 1,
                message: format!(
                    "'{}' makes replication skip errors ({value}), which silently diverges the two \
                     databases; remove it (mysql-mm stops on a replication error and refuses to \
                     promote the diverged copy instead)",
                    trimmed.trim_end()
                ),
                suggestion: None,
            });
        }
    }
    Ok(())
}

/// Whether `path` exists (sockets are neither files nor directories).
pub fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_errors_are_refused_with_their_position() {
        let dir = std::env::temp_dir().join(format!("mysql-mm-cnf-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let cnf = dir.join("my.cnf");
        fs::write(
            &cnf,
            "[client]\nslave-skip-errors=all\n[mysqld]\ndatadir=/var/lib/mysql\nlog-bin\n  slave-skip-errors=1062,1061,1060\n",
        )
        .unwrap();
        let e = check_no_skip_errors(&cnf).unwrap_err();
        assert_eq!(e.code(), rustha::OcfCode::ErrConfigured);
        let msg = e.to_string();
        assert!(
            msg.starts_with(&format!("{}:6:3: ", cnf.display())),
            "{msg}"
        );
        assert!(msg.contains("1062,1061,1060"), "{msg}");
        fs::write(
            &cnf,
            "[mysqld]\nslave_skip_errors = OFF\n[client]\nslave-skip-errors=1\n",
        )
        .unwrap();
        check_no_skip_errors(&cnf).unwrap();
        fs::write(
            &cnf,
            "[client]\nlog_error=/c\n[mysqld]\nlog-error = /a.err\n[mariadb-10.11]\nlog_error=\"/b.err\"\n",
        )
        .unwrap();
        assert_eq!(config_value(&cnf, "log_error").as_deref(), Some("/b.err"));
        assert_eq!(config_value(&cnf, "port"), None);
        fs::remove_dir_all(dir).unwrap();
    }
}
