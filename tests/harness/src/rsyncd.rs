//! Harness for filesync: a real rsync daemon as the peer (on a free loopback port, stoppable and
//! restartable on the same port), directory-tree snapshots to compare source and peer, and
//! `filesync run` / `lsyncd` as child processes killed on drop.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

pub use crate::pg::free_port;
pub use crate::proxy::TempDir;

/// A child process killed (and reaped) on drop.
pub struct ChildGuard(pub Child);

impl ChildGuard {
    /// The process id.
    pub fn pid(&self) -> i32 {
        self.0.id() as i32
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An rsync daemon serving module `peer` (read-write, as root, no chroot, symlinks stored as they
/// are) from a directory.
pub struct RsyncPeer {
    /// Where the module's files live.
    pub dir: PathBuf,
    /// Loopback port.
    pub port: u16,
    conf: PathBuf,
    log: PathBuf,
    child: Option<ChildGuard>,
}

impl RsyncPeer {
    /// Start a daemon whose module `peer` is `work/peer`; with `auth` = (user, password) the
    /// module requires that login (secrets file written mode 600).
    pub fn start(work: &Path, auth: Option<(&str, &str)>) -> RsyncPeer {
        let dir = work.join("peer");
        fs::create_dir_all(&dir).unwrap();
        let conf = work.join("rsyncd.conf");
        let mut text = format!(
            "use chroot = no\nmunge symlinks = no\nuid = root\ngid = root\nreverse lookup = no\n\
             log file = {}\n[peer]\npath = {}\nread only = no\n",
            work.join("rsyncd.log").display(),
            dir.display()
        );
        if let Some((user, pw)) = auth {
            let secrets = work.join("rsyncd.secrets");
            fs::write(&secrets, format!("{user}:{pw}\n")).unwrap();
            fs::set_permissions(&secrets, fs::Permissions::from_mode(0o600)).unwrap();
            text.push_str(&format!(
                "auth users = {user}\nsecrets file = {}\n",
                secrets.display()
            ));
        }
        fs::write(&conf, text).unwrap();
        let mut p = RsyncPeer {
            dir,
            port: free_port(),
            conf,
            log: work.join("rsyncd.out"),
            child: None,
        };
        p.resume();
        p
    }

    /// `rsync://127.0.0.1:PORT/peer` (with `user@` when given).
    pub fn url(&self, user: Option<&str>) -> String {
        match user {
            Some(u) => format!("rsync://{u}@127.0.0.1:{}/peer", self.port),
            None => format!("rsync://127.0.0.1:{}/peer", self.port),
        }
    }

    /// Stop the daemon (the peer is "down": connections are refused).
    pub fn stop(&mut self) {
        self.child = None;
    }

    /// Freeze the daemon (SIGSTOP) or thaw it (SIGCONT): while frozen, connections are
    /// accepted by the kernel but never answered, as with a peer that hangs.
    pub fn freeze(&self, frozen: bool) {
        if let Some(c) = &self.child {
            let sig = if frozen {
                nix::sys::signal::Signal::SIGSTOP
            } else {
                nix::sys::signal::Signal::SIGCONT
            };
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(c.pid()), sig);
        }
    }

    /// Start it again on the same port and wait until it accepts connections.
    pub fn resume(&mut self) {
        let out = fs::File::create(&self.log).unwrap();
        let child = Command::new("rsync")
            .args(["--daemon", "--no-detach", "--address=127.0.0.1"])
            .arg(format!("--port={}", self.port))
            .arg(format!("--config={}", self.conf.display()))
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("rsync (tests/scripts/deps.sh installs it)");
        self.child = Some(ChildGuard(child));
        let end = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < end,
                "rsync daemon did not listen on {}: {}",
                self.port,
                fs::read_to_string(&self.log).unwrap_or_default()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// What a tree holds: relative path -> file contents, or `None` for a directory.
pub type Tree = BTreeMap<PathBuf, Option<Vec<u8>>>;

/// filesync's generation record, kept in each copy but never synced: not part of a tree.
pub const GENERATION_RECORD: &str = ".filesync-generation";

/// Snapshot `root` (not following symlinks; symlinks recorded by target), without filesync's
/// generation records and their temporary files.
pub fn tree(root: &Path) -> Tree {
    let mut out = Tree::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            // The record, and the temporary file it is written through (left behind when the
            // daemon dies in the middle of writing it).
            if e.file_name() == GENERATION_RECORD
                || e.file_name().as_encoded_bytes() == format!("{GENERATION_RECORD}.tmp").as_bytes()
            {
                continue;
            }
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            let ft = match e.file_type() {
                Ok(t) => t,
                Err(_) => continue,
            };
            if ft.is_dir() {
                out.insert(rel, None);
                stack.push(p);
            } else if ft.is_symlink() {
                let t = fs::read_link(&p).unwrap_or_default();
                out.insert(rel, Some(t.into_os_string().into_encoded_bytes()));
            } else if let Ok(c) = fs::read(&p) {
                out.insert(rel, Some(c));
            }
        }
    }
    out
}

/// Poll until `check` holds or `timeout` passes; returns whether it held.
pub fn wait_for(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    loop {
        if check() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// A short description of how two trees differ (for assertion messages).
pub fn diff(want: &Tree, got: &Tree) -> String {
    let mut s = String::new();
    for (k, v) in want {
        match got.get(k) {
            None => s.push_str(&format!("missing on peer: {}\n", k.display())),
            Some(g) if g != v => s.push_str(&format!("differs: {}\n", k.display())),
            _ => {}
        }
    }
    for k in got.keys() {
        if !want.contains_key(k) {
            s.push_str(&format!("extra on peer: {}\n", k.display()));
        }
    }
    s
}

/// `filesync run --config FILE` as a child (debug log to `log`), killed on drop. Returns once
/// the pidfile named in the configuration exists (every watch in place).
pub fn filesync_run(config: &Path, pidfile: &Path, log: &Path) -> ChildGuard {
    let out = fs::File::create(log).unwrap();
    let child = Command::new(crate::bin("filesync"))
        .arg("run")
        .arg("--config")
        .arg(config)
        .env("RUSTHA_LOG", "debug")
        .env("RUSTHA_LOG_STDERR", "1")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .expect("spawning filesync run");
    let g = ChildGuard(child);
    assert!(
        wait_for(Duration::from_secs(10), || pidfile.exists()),
        "filesync did not become ready:\n{}",
        fs::read_to_string(log).unwrap_or_default()
    );
    g
}

/// An OpenSSH server on a free loopback port that lets root in with a key made for the test,
/// for rsync-over-ssh targets (`root@127.0.0.1:/path` with [`SshPeer::rsh`]).
pub struct SshPeer {
    /// Directory the test replicates into.
    pub dir: PathBuf,
    /// Loopback port.
    pub port: u16,
    key: PathBuf,
    conf: PathBuf,
    log: PathBuf,
    child: Option<ChildGuard>,
}

impl SshPeer {
    /// Generate host and client keys under `work/ssh` and start sshd.
    pub fn start(work: &Path) -> SshPeer {
        let ssh = work.join("ssh");
        fs::create_dir_all(&ssh).unwrap();
        // sshd's privilege separation directory (the Debian service creates it at start).
        fs::create_dir_all("/run/sshd").unwrap();
        for name in ["host", "client"] {
            let st = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(ssh.join(name))
                .status()
                .expect("ssh-keygen (openssh-client)");
            assert!(st.success());
        }
        fs::copy(ssh.join("client.pub"), ssh.join("authorized_keys")).unwrap();
        let port = free_port();
        let conf = ssh.join("sshd_config");
        fs::write(
            &conf,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\n\
                 PermitRootLogin prohibit-password\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPidFile none\n",
                ssh.join("host").display(),
                ssh.join("authorized_keys").display()
            ),
        )
        .unwrap();
        let dir = work.join("peer-ssh");
        fs::create_dir_all(&dir).unwrap();
        let mut p = SshPeer {
            dir,
            port,
            key: ssh.join("client"),
            conf,
            log: ssh.join("sshd.log"),
            child: None,
        };
        p.resume();
        p
    }

    /// The remote shell for rsync (`rsh` parameter).
    pub fn rsh(&self) -> String {
        format!(
            "ssh -p {} -i {} -o BatchMode=yes -o StrictHostKeyChecking=no \
             -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5 \
             -o KexAlgorithms=curve25519-sha256",
            self.port,
            self.key.display()
        )
    }

    /// `root@127.0.0.1:/…/peer-ssh`.
    pub fn target(&self) -> String {
        format!("root@127.0.0.1:{}", self.dir.display())
    }

    /// Stop sshd and every connection it serves (the peer is down, not just its listener).
    pub fn stop(&mut self) {
        if let Some(c) = &self.child {
            for pid in descendants(c.pid()) {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
        self.child = None;
    }

    /// Start sshd (again) and wait until it accepts connections.
    pub fn resume(&mut self) {
        let out = fs::File::create(&self.log).unwrap();
        let child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(&self.conf)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("sshd (openssh-server; tests/scripts/deps.sh installs it)");
        self.child = Some(ChildGuard(child));
        let end = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < end,
                "sshd did not listen on {}: {}",
                self.port,
                fs::read_to_string(&self.log).unwrap_or_default()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Every process below `root` (children, their children, ...), from /proc.
pub fn descendants(root: i32) -> Vec<i32> {
    let parent_of = |pid: i32| -> Option<i32> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (_, rest) = stat.rsplit_once(')')?;
        rest.split_whitespace().nth(1)?.parse().ok()
    };
    let all: Vec<(i32, i32)> = fs::read_dir("/proc")
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
                .filter_map(|pid| Some((pid, parent_of(pid)?)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for &(pid, ppid) in &all {
            if ppid == p && !out.contains(&pid) {
                out.push(pid);
                frontier.push(pid);
            }
        }
    }
    out
}
