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

/// Snapshot `root` (not following symlinks; symlinks recorded by target).
pub fn tree(root: &Path) -> Tree {
    let mut out = Tree::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
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
