//! Throw-away PostgreSQL 15 instances for tests and benchmarks: a primary made with `initdb`,
//! streaming replicas made with `pg_basebackup`, each on its own loopback port and data
//! directory under one temporary root, run as the `postgres` user.
//!
//! Cleanup is by `Drop`, so it also happens when a test panics: every [`Pg`] stops its server
//! (`immediate` mode; nothing in a test database is worth a checkpoint), and [`PgRoot`] removes
//! the directory tree. Declare the root first so it is dropped after the instances.
//!
//! ```no_run
//! use rustha_harness::pg::{Pg, PgRoot};
//! let root = PgRoot::new("example");
//! let primary = Pg::init_primary(&root, "p", "");
//! let replica = primary.base_backup(&root, "r");
//! assert_eq!(replica.sql("SELECT pg_is_in_recovery()"), "t");
//! ```

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::dbroot::{check, Root, Roots};

/// Where Debian's PostgreSQL 15 server binaries live.
pub const BIN: &str = "/usr/lib/postgresql/15/bin";

/// A free TCP port on 127.0.0.1 (see [`crate::proxy::free_port`]).
pub use crate::proxy::free_port;

fn postgres_ids() -> (u32, u32) {
    let u = nix::unistd::User::from_name("postgres")
        .expect("reading the user database")
        .expect("no 'postgres' user: install the postgresql package (tests/scripts/deps.sh)");
    (u.uid.as_raw(), u.gid.as_raw())
}

static ROOTS: Roots = Roots::new("pg");

/// For binaries built with `panic = "abort"` (the release profile), where `Drop` never runs
/// on a panic: install a panic hook that stops every instance under every live [`PgRoot`]
/// and removes the roots, so a failed benchmark leaves no server behind.
pub fn stop_all_on_panic() {
    ROOTS.stop_all_on_panic(|instance| {
        if instance.join("postmaster.pid").exists() {
            let _ = as_postgres("pg_ctl", instance.parent().unwrap_or(instance))
                .arg("-D")
                .arg(instance)
                .args(["-m", "immediate", "-w", "stop"])
                .output();
        }
    });
}

/// A temporary directory owned by `postgres`, removed on drop.
pub struct PgRoot {
    root: Root,
}

impl PgRoot {
    /// A new, empty root named after `tag`, the process and a counter.
    pub fn new(tag: &str) -> PgRoot {
        assert!(
            Path::new(BIN).join("initdb").exists(),
            "{BIN}/initdb missing: install postgresql (tests/scripts/deps.sh)"
        );
        PgRoot {
            root: ROOTS.create(tag, Some(postgres_ids())),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.root.path()
    }
}

/// One PostgreSQL instance.
pub struct Pg {
    /// Instance name (also its `cluster_name`, hence the replica's `application_name`).
    pub name: String,
    /// Data directory.
    pub data: PathBuf,
    /// TCP port on 127.0.0.1.
    pub port: u16,
    /// Unix socket directory.
    pub socket_dir: PathBuf,
    log: PathBuf,
    running: bool,
    /// The pid whose network and mount namespaces the server runs in (a lab node), if any.
    node: Option<u32>,
}

/// A command run as the `postgres` user from `dir`.
fn as_postgres(prog: &str, dir: &Path) -> Command {
    let (uid, gid) = postgres_ids();
    let mut c = Command::new(Path::new(BIN).join(prog));
    c.uid(uid).gid(gid).current_dir(dir).stdin(Stdio::null());
    c.env("LC_ALL", "C.UTF-8");
    c
}

/// Settings every test instance gets: loopback only, sockets in the test root, fast and small.
const BASE_CONF: &str = "
listen_addresses = '127.0.0.1'
fsync = off
full_page_writes = off
shared_buffers = 16MB
max_connections = 60
wal_keep_size = 128MB
wal_receiver_status_interval = 1s
log_min_messages = warning
";

impl Pg {
    /// `initdb` a new primary in `root/name` with `extra` appended to `postgresql.conf`, and
    /// start it. Local and `postgres` connections are trusted; other roles use passwords.
    pub fn init_primary(root: &PgRoot, name: &str, extra: &str) -> Pg {
        let mut pg = Pg::init_data(root, name, extra);
        pg.start();
        pg
    }

    /// An instance `name` under `root` with no data directory yet, on a free loopback port.
    pub fn unmade(root: &PgRoot, name: &str) -> Pg {
        Pg {
            name: name.into(),
            log: root.path().join(format!("{name}.log")),
            socket_dir: root.path().to_path_buf(),
            data: root.path().join(name),
            port: free_port(),
            running: false,
            node: None,
        }
    }

    /// The data directory and configuration of [`Pg::init_primary`], not started (so that a
    /// caller can edit `pg_hba.conf` first).
    pub fn init_data(root: &PgRoot, name: &str, extra: &str) -> Pg {
        let data = root.path().join(name);
        check(
            "initdb",
            as_postgres("initdb", root.path())
                .args(["-D"])
                .arg(&data)
                .args(["-U", "postgres", "-A", "trust", "--no-sync"])
                .output(),
        );
        let conf = data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).expect("reading postgresql.conf");
        text.push_str(BASE_CONF);
        text.push_str(extra);
        text.push('\n');
        std::fs::write(&conf, text).expect("writing postgresql.conf");
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\n\
             host all postgres 127.0.0.1/32 trust\n\
             host replication all 127.0.0.1/32 trust\n\
             host all all 127.0.0.1/32 scram-sha-256\n",
        )
        .expect("writing pg_hba.conf");
        Pg::unmade(root, name)
    }

    /// A streaming replica of this server (`pg_basebackup -R`), started.
    pub fn base_backup(&self, root: &PgRoot, name: &str) -> Pg {
        let mut pg = Pg::unmade(root, name);
        pg.fetch_base_backup("127.0.0.1", self.port);
        pg.start();
        pg
    }

    /// Fills this instance's (not yet made) data directory with a base backup of the server at
    /// `host:port` set up to stream from it (`pg_basebackup -R`), run where this instance lives.
    pub fn fetch_base_backup(&self, host: &str, port: u16) {
        check(
            "pg_basebackup",
            self.command("pg_basebackup")
                .args(["-h", host, "-p", &port.to_string(), "-U", "postgres", "-D"])
                .arg(&self.data)
                .args(["-R", "-X", "stream", "-c", "fast", "--no-sync"])
                .output(),
        );
    }

    /// Moves this instance, not started yet, into the network and mount namespaces of process
    /// `pid` (a lab node), on `port` there, with its Unix socket in a directory of its own under
    /// `root` (instances in other namespaces listen on the same port).
    pub fn place_in(&mut self, root: &PgRoot, pid: u32, port: u16) {
        let (uid, gid) = postgres_ids();
        self.socket_dir = root.path().join(format!("{}-run", self.name));
        std::fs::create_dir_all(&self.socket_dir).expect("socket directory");
        nix::unistd::chown(
            &self.socket_dir,
            Some(nix::unistd::Uid::from_raw(uid)),
            Some(nix::unistd::Gid::from_raw(gid)),
        )
        .expect("chown socket directory");
        self.port = port;
        self.node = Some(pid);
    }

    /// Start the server and wait until it accepts connections.
    pub fn start(&mut self) {
        if let Err(e) = self.try_start() {
            panic!("{e}");
        }
    }

    /// [`Pg::start`], failing with pg_ctl's output instead of panicking.
    pub fn try_start(&mut self) -> Result<(), String> {
        let opts = format!(
            "-p {} -k {} -c cluster_name={}",
            self.port,
            self.socket_dir.display(),
            self.name
        );
        let out = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-o", &opts, "-l"])
            .arg(&self.log)
            .args(["-w", "-t", "60", "start"])
            .output()
            .map_err(|e| format!("pg_ctl start {}: {e}", self.name))?;
        if !out.status.success() {
            return Err(format!(
                "pg_ctl start {} failed ({}): {}{}",
                self.name,
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        self.running = true;
        Ok(())
    }

    /// `prog` (a server binary) run as `postgres` where this instance lives: on the host, or
    /// inside its lab node's network and mount namespaces.
    fn command(&self, prog: &str) -> Command {
        let Some(pid) = self.node else {
            return as_postgres(prog, &self.socket_dir);
        };
        let mut c = Command::new("nsenter");
        c.args(["-t", &pid.to_string(), "-m", "-n"])
            .arg(format!("--wdns={}", self.socket_dir.display()))
            .args([
                "--",
                "setpriv",
                "--reuid=postgres",
                "--regid=postgres",
                "--clear-groups",
                "--",
            ])
            .arg(Path::new(BIN).join(prog))
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null());
        c
    }

    /// Whether the postmaster of `postmaster.pid` is alive.
    pub fn alive(&self) -> bool {
        let data = self.data.to_string_lossy().into_owned();
        self.postmaster_pid().is_some_and(|p| {
            std::fs::read(format!("/proc/{p}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&data))
        })
    }

    /// Stop the server (`fast`: sessions are terminated, a shutdown checkpoint is written).
    pub fn stop(&mut self) {
        self.stop_mode("fast");
    }

    fn stop_mode(&mut self, mode: &str) {
        if !self.running {
            return;
        }
        let out = as_postgres("pg_ctl", &self.socket_dir)
            .arg("-D")
            .arg(&self.data)
            .args(["-m", mode, "-w", "-t", "60", "stop"])
            .output();
        if let Ok(o) = &out {
            if !o.status.success() {
                eprintln!(
                    "pg_ctl stop {}: {}",
                    self.name,
                    String::from_utf8_lossy(&o.stderr)
                );
            }
        }
        self.running = false;
    }

    /// Promote a replica and wait until it leaves recovery.
    pub fn promote(&self) {
        check(
            &format!("pg_ctl promote {}", self.name),
            as_postgres("pg_ctl", &self.socket_dir)
                .arg("-D")
                .arg(&self.data)
                .args(["-w", "-t", "60", "promote"])
                .output(),
        );
    }

    /// Whether the server runs (as far as this handle knows).
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The postmaster's pid, from `postmaster.pid`.
    pub fn postmaster_pid(&self) -> Option<i32> {
        std::fs::read_to_string(self.data.join("postmaster.pid"))
            .ok()?
            .lines()
            .next()?
            .trim()
            .parse()
            .ok()
    }

    /// Run `sql` as `postgres` over the Unix socket; the unaligned, tuples-only result.
    pub fn sql(&self, sql: &str) -> String {
        check(
            &format!("psql on {}: {sql}", self.name),
            self.psql(sql).output(),
        )
    }

    /// A `psql` command for `sql` on this instance (to add options or inspect failures).
    pub fn psql(&self, sql: &str) -> Command {
        let mut c = Command::new(Path::new(BIN).join("psql"));
        c.arg("-h")
            .arg(&self.socket_dir)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .args(["-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .stdin(Stdio::null());
        c
    }

    /// Wait until `sql` returns `want` (e.g. a replica caught up), or panic after `timeout`.
    pub fn wait_for(&self, sql: &str, want: &str, timeout: Duration) {
        let end = Instant::now() + timeout;
        loop {
            let got = self
                .psql(sql)
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
            if got.as_deref() == Some(want) {
                return;
            }
            assert!(
                Instant::now() < end,
                "{}: '{sql}' gave {got:?}, wanted '{want}' within {timeout:?}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The server log so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        self.stop_mode("immediate");
    }
}

/// Runs `c` (a `psql`), killing it after `timeout`; its trimmed stdout, or why it failed.
pub fn output_within(mut c: Command, timeout: Duration) -> Result<String, String> {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let end = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < end => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no answer within {timeout:?}"));
            }
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}
