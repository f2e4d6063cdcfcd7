//! Throw-away MariaDB instances for the mysql-mm tests: a data directory made with
//! `mariadb-install-db`, a `my.cnf` with a binlog and a free loopback port, everything under one
//! temporary root owned by the `mysql` user. The servers themselves are started by the agent
//! under test (`mysql-mm start`); this module only prepares, queries and cleans up.
//!
//! Cleanup is by `Drop`, so it also happens when a test panics: every [`Maria`] stops the server
//! named by its pidfile (TERM, then KILL), and [`MariaRoot`] removes the directory tree. Declare
//! the root first so it is dropped after the instances.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::dbroot::{check, Root, Roots};

pub use crate::pg::free_port;

/// The server binary on Debian 12.
pub const MARIADBD: &str = "/usr/sbin/mariadbd";

fn mysql_ids() -> (u32, u32) {
    let u = nix::unistd::User::from_name("mysql")
        .expect("reading the user database")
        .expect("no 'mysql' user: install mariadb-server (tests/scripts/deps.sh)");
    (u.uid.as_raw(), u.gid.as_raw())
}

static ROOTS: Roots = Roots::new("mariadb");

/// For binaries built with `panic = "abort"` (the release profile), where `Drop` never runs on
/// a panic: a panic hook that kills every server under every live [`MariaRoot`] and removes the
/// roots, so a failed benchmark leaves nothing behind.
pub fn stop_all_on_panic() {
    ROOTS.stop_all_on_panic(|instance| {
        if let Some(pid) = std::fs::read_to_string(instance.join("run").join("mysqld.pid"))
            .ok()
            .and_then(|p| p.trim().parse::<i32>().ok())
        {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    });
}

/// A temporary directory, removed on drop.
pub struct MariaRoot {
    root: Root,
}

impl MariaRoot {
    /// A new, empty root named after `tag`, the process and a counter.
    pub fn new(tag: &str) -> MariaRoot {
        assert!(
            Path::new(MARIADBD).exists(),
            "{MARIADBD} missing: install mariadb-server (tests/scripts/deps.sh)"
        );
        // Mode 0755: the server (user mysql) must traverse it to reach its datadir and socket.
        MariaRoot {
            root: ROOTS.create(tag, None),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// Write a file readable only by root (a password file).
    pub fn secret(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, format!("{content}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }
}

/// One instance: its paths and port.
pub struct Maria {
    /// Short name (`a`, `b`).
    pub name: String,
    /// Data directory.
    pub datadir: PathBuf,
    /// Unix socket.
    pub socket: PathBuf,
    /// Pidfile.
    pub pidfile: PathBuf,
    /// `my.cnf`.
    pub cnf: PathBuf,
    /// Error log.
    pub log: PathBuf,
    /// Included by `cnf`: the place for bootstrap's persistent settings.
    pub mm_cnf: PathBuf,
    /// TCP port on 127.0.0.1.
    pub port: u16,
}

impl Maria {
    /// Create the data directory and configuration of instance `name` (not started), listening
    /// on 127.0.0.1 and a free port.
    pub fn init(root: &MariaRoot, name: &str) -> Maria {
        Maria::init_on(root, name, "127.0.0.1", free_port())
    }

    /// [`Maria::init`] listening on `bind:port` (e.g. `0.0.0.0:3306` inside a lab node's
    /// network namespace).
    pub fn init_on(root: &MariaRoot, name: &str, bind: &str, port: u16) -> Maria {
        let dir = root.path().join(name);
        let run = dir.join("run");
        let datadir = dir.join("data");
        // A private tmpdir: temporary tables in the shared /tmp have been seen vanishing under
        // other tests' cleanup, failing mariadb-install-db.
        let tmp = dir.join("tmp");
        for d in [&run, &datadir, &tmp] {
            std::fs::create_dir_all(d).unwrap();
        }
        let (uid, gid) = mysql_ids();
        for d in [&dir, &run, &datadir, &tmp] {
            std::os::unix::fs::chown(d, Some(uid), Some(gid)).unwrap();
        }
        let log = dir.join("error.log");
        let cnf = dir.join("my.cnf");
        std::fs::write(
            &cnf,
            format!(
                "[mysqld]\nport = {port}\nbind-address = {bind}\nlog_bin = mysql-bin\n\
                 log_error = {}\nskip-name-resolve\ninnodb_buffer_pool_size = 16M\n\
                 innodb_log_file_size = 8M\nperformance_schema = OFF\ntmpdir = {}\n\
                 !include {}\n",
                log.display(),
                tmp.display(),
                dir.join("mm.cnf").display()
            ),
        )
        .unwrap();
        // Where `mysql-mm bootstrap --write-cnf` puts the settings that must survive a restart.
        std::fs::write(dir.join("mm.cnf"), "").unwrap();
        check(
            "mariadb-install-db",
            Command::new("mariadb-install-db")
                .arg("--no-defaults")
                .arg("--user=mysql")
                .arg(format!("--datadir={}", datadir.display()))
                .arg("--auth-root-authentication-method=socket")
                .arg("--skip-test-db")
                .env("TMPDIR", &tmp)
                .stdin(Stdio::null())
                .output(),
        );
        Maria {
            name: name.to_string(),
            socket: run.join("mysqld.sock"),
            pidfile: run.join("mysqld.pid"),
            datadir,
            mm_cnf: dir.join("mm.cnf"),
            cnf,
            log,
            port,
        }
    }

    /// The agent's parameters for this instance, as `OCF_RESKEY_*` pairs.
    pub fn ocf_params(&self) -> Vec<(String, String)> {
        [
            ("config", self.cnf.display().to_string()),
            ("datadir", self.datadir.display().to_string()),
            ("socket", self.socket.display().to_string()),
            ("pid", self.pidfile.display().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// The agent's parameters for this instance replicating from `peer` (on 127.0.0.1), with
    /// the replication password in `repl_pw`.
    pub fn ocf_params_with_peer(&self, peer: &Maria, repl_pw: &Path) -> Vec<(String, String)> {
        let mut env = self.ocf_params();
        env.push(("peer".into(), format!("127.0.0.1:{}", peer.port)));
        env.push((
            "replication_password_file".into(),
            repl_pw.display().to_string(),
        ));
        env
    }

    /// A `mariadb` client command as root through the socket (unix_socket authentication).
    pub fn client(&self) -> Command {
        let mut c = Command::new("mariadb");
        c.arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .args(["-u", "root", "-N", "-B"]);
        c
    }

    /// Run SQL as root; panics on error; returns the output without headers.
    pub fn sql(&self, sql: &str) -> String {
        check(
            &format!("SQL on {}: {sql}", self.name),
            self.client().arg("-e").arg(sql).output(),
        )
    }

    /// Run SQL as root; the error text on failure.
    pub fn try_sql(&self, sql: &str) -> Result<String, String> {
        let out = self
            .client()
            .arg("-e")
            .arg(sql)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// One column of `SHOW SLAVE STATUS` (empty when not a replica).
    pub fn slave_status(&self, column: &str) -> String {
        let out = check(
            "SHOW SLAVE STATUS",
            Command::new("mariadb")
                .arg("--no-defaults")
                .arg(format!("--socket={}", self.socket.display()))
                .args(["-u", "root", "-e", "SHOW SLAVE STATUS\\G"])
                .output(),
        );
        out.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (k.trim() == column).then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    }

    /// Poll `sql` until it prints `want`.
    pub fn wait_for(&self, sql: &str, want: &str, timeout: Duration) {
        let end = Instant::now() + timeout;
        loop {
            let got = self.try_sql(sql).unwrap_or_else(|e| e);
            if got == want {
                return;
            }
            assert!(
                Instant::now() < end,
                "{}: '{sql}' gave '{got}', not '{want}' within {timeout:?}\nreplica: IO {} SQL {} {} {}",
                self.name,
                self.slave_status("Slave_IO_Running"),
                self.slave_status("Slave_SQL_Running"),
                self.slave_status("Last_IO_Error"),
                self.slave_status("Last_SQL_Error"),
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The server's pid, when its pidfile names a live process.
    pub fn pid(&self) -> Option<i32> {
        let pid: i32 = std::fs::read_to_string(&self.pidfile)
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let alive = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok()
            && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .unwrap_or_default()
                .contains(") Z");
        alive.then_some(pid)
    }

    /// Kills the server with SIGKILL (a crash: no shutdown, nothing flushed) and waits until it
    /// is gone; panics when it is still there after 10 s.
    pub fn crash(&self) {
        let pid = self.pid().expect("crash: the server is not running");
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        )
        .expect("SIGKILL the server");
        let end = Instant::now() + Duration::from_secs(10);
        while self.pid().is_some() {
            assert!(Instant::now() < end, "{}'s server did not die", self.name);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The error log (for failure messages).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Maria {
    fn drop(&mut self) {
        use nix::sys::signal::{kill, Signal};
        let Some(pid) = self.pid() else {
            return;
        };
        let pid = nix::unistd::Pid::from_raw(pid);
        let _ = kill(pid, Signal::SIGTERM);
        let end = Instant::now() + Duration::from_secs(15);
        while self.pid().is_some() && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(50));
        }
        if self.pid().is_some() {
            let _ = kill(pid, Signal::SIGKILL);
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// `env` with the parameters in `changes` set to new values (added when missing).
pub fn with_params(
    mut env: Vec<(String, String)>,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    for (k, v) in changes {
        env.retain(|(name, _)| name != k);
        env.push((k.to_string(), v.to_string()));
    }
    env
}

/// Run the `mysql-mm` agent with `args` and the parameters `env` (as `OCF_RESKEY_*`); returns
/// (exit code, stdout, stderr). Panics when one of `secrets` appears in either output.
pub fn run_agent(
    env: &[(String, String)],
    args: &[&str],
    secrets: &[&str],
) -> (i32, String, String) {
    let mut cmd = Command::new(crate::bin("mysql-mm"));
    cmd.args(args)
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("RUSTHA_LOG_STDERR", "1")
        .env("OCF_RESKEY_CRM_meta_timeout", "60000")
        .env_remove("OCF_RESOURCE_INSTANCE")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(format!("OCF_RESKEY_{k}"), v);
    }
    let out = cmd.output().expect("running mysql-mm");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    for secret in secrets {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "a password appeared in the output of {args:?}:\n{stdout}{stderr}"
        );
    }
    (out.status.code().unwrap_or(-1), stdout, stderr)
}
