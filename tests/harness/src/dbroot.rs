//! What the throw-away database servers ([`crate::mariadb`], [`crate::pg`]) share: a temporary
//! root per test, removed on drop, and listed while it lives so that a panic hook can stop every
//! server under it in binaries built with `panic = "abort"`, where `Drop` never runs; and the
//! check of a set-up command's output.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// The roots of one kind of server alive in this process.
pub(crate) struct Roots {
    kind: &'static str,
    live: Mutex<Vec<PathBuf>>,
}

impl Roots {
    pub(crate) const fn new(kind: &'static str) -> Roots {
        Roots {
            kind,
            live: Mutex::new(Vec::new()),
        }
    }

    /// A new, empty root named after the kind, `tag`, the process and a counter, traversable
    /// by the server's user (mode 0755) and owned by `owner` (uid, gid) when given.
    pub(crate) fn create(&'static self, tag: &str, owner: Option<(u32, u32)>) -> Root {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "rustha-{}-{tag}-{}-{}",
            self.kind,
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("creating the test root");
        if let Some((uid, gid)) = owner {
            nix::unistd::chown(
                &path,
                Some(nix::unistd::Uid::from_raw(uid)),
                Some(nix::unistd::Gid::from_raw(gid)),
            )
            .expect("chown of the test root");
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("chmod of the test root");
        if let Ok(mut live) = self.live.lock() {
            live.push(path.clone());
        }
        Root { path, roots: self }
    }

    /// Installs a panic hook (after the one already there) that calls `stop` on every entry of
    /// every live root, an instance's directory, then removes the roots.
    pub(crate) fn stop_all_on_panic(&'static self, stop: fn(&Path)) {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            default(info);
            let live = self.live.lock().map(|r| r.clone()).unwrap_or_default();
            for root in live {
                for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
                    stop(&entry.path());
                }
                // A killed server's files close as it exits; removing them under it fails.
                std::thread::sleep(Duration::from_millis(200));
                let _ = std::fs::remove_dir_all(&root);
            }
        }));
    }
}

/// A test root: removed, and taken off its list, on drop.
pub(crate) struct Root {
    path: PathBuf,
    roots: &'static Roots,
}

impl Root {
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        if let Ok(mut live) = self.roots.live.lock() {
            live.retain(|r| r != &self.path);
        }
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The trimmed standard output of a set-up command that must have succeeded; a panic naming
/// `what` with both outputs otherwise.
pub(crate) fn check(what: &str, out: std::io::Result<Output>) -> String {
    let out = out.unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
