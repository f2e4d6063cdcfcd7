//! A clean Debian 12 system to install the packages into: a throwaway overlay over the root that
//! `tests/scripts/clean-root.sh` makes once with debootstrap (cached outside the repository,
//! under `/var/cache/rustha-tests` or `RUSTHA_TEST_CACHE`), holding what a cluster node has
//! before rustha arrives (Pacemaker, Corosync, pcs, resource-agents, man-db, systemd).
//!
//! The overlay is mounted in new mount, network, PID and UTS namespaces, so nothing the test
//! does reaches the host: the cached root stays as it was (writes go to the overlay's upper
//! directory, a [`TempDir`]), the network is the namespace's own loopback (and any link the test
//! adds inside it), and every process started in the root dies with the namespace's first
//! process, the holder. The holder is killed on drop, and also when the test process dies
//! (`PR_SET_PDEATHSIG` on `unshare`, whose `--kill-child` passes it on), so the mounts go with
//! the namespace even then.
//!
//! Commands run chrooted in the root (`nsenter --root`) with a clean environment; a directory
//! of the host's temp dir is mounted read-only at `/mnt/host` inside, for handing in files.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::proxy::TempDir;

/// Mounts the overlay and the API file systems inside the new namespaces, then becomes the
/// holder: the namespaces' first process, chrooted in the root. It says `ready` from inside the
/// root, so no command can enter it before the chroot. Arguments: the cached root, the
/// work directory (upper, work, root, share).
const HOLDER: &str = r#"
set -e
lower=$1; dir=$2; r=$dir/root
mkdir -p "$dir/upper" "$dir/work" "$r" "$dir/share"
mount -t overlay rustha-clean -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$r"
mount -t proc proc "$r/proc"
mount -t sysfs sysfs "$r/sys"
mount -t tmpfs -o mode=1777 clean-shm "$r/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$r/dev/pts"
mount -t tmpfs -o mode=755 clean-run "$r/run"
mount -t tmpfs -o mode=1777 clean-tmp "$r/tmp"
mkdir -p "$r/mnt/host"
mount --bind -o ro "$dir/share" "$r/mnt/host"
hostname node1
ip link set lo up
exec chroot "$r" /bin/sh -c 'echo ready; exec sleep infinity'
"#;

/// The environment every command in the root starts with.
const ENV: &[&str] = &[
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG=C.UTF-8",
    "HOME=/root",
    "TERM=dumb",
    "DEBIAN_FRONTEND=noninteractive",
];

/// The cached root, made (once, then reused) by `tests/scripts/clean-root.sh`.
pub fn cached_root() -> PathBuf {
    let script = crate::repo_root().join("tests/scripts/clean-root.sh");
    let cache =
        std::env::var("RUSTHA_TEST_CACHE").unwrap_or_else(|_| "/var/cache/rustha-tests".into());
    let out = Command::new(&script)
        .arg(&cache)
        .stderr(Stdio::inherit())
        .output()
        .expect("run clean-root.sh");
    assert!(
        out.status.success(),
        "{} failed (its log is in {cache}/build.log)",
        script.display()
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// A running clean system; dropping it kills everything in it and removes the overlay.
pub struct CleanRoot {
    /// `unshare`, whose only child is the holder.
    holder: Child,
    /// The holder's pid in the host's PID namespace: the target for `nsenter`.
    pid: String,
    background: Vec<Child>,
    // Declared last: removed after the holder (and with it the mounts) is gone.
    dir: TempDir,
}

impl CleanRoot {
    /// A fresh overlay over the cached root, in its own namespaces (panics when it cannot).
    pub fn new() -> CleanRoot {
        let lower = cached_root();
        let dir = TempDir::new("clean-root");
        let mut cmd = Command::new("unshare");
        cmd.args([
            "--mount",
            "--net",
            "--pid",
            "--uts",
            "--fork",
            "--kill-child",
            "--propagation",
            "private",
            "sh",
            "-c",
            HOLDER,
            "sh",
        ])
        .arg(&lower)
        .arg(&dir.0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        // SAFETY: prctl is async-signal-safe and touches nothing of the parent's state.
        unsafe {
            cmd.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let holder = crate::await_ready(cmd.spawn().expect("spawn unshare"), "clean root setup");
        // The holder is unshare's only child, the namespaces' first process.
        let children = format!("/proc/{0}/task/{0}/children", holder.id());
        let pid = std::fs::read_to_string(&children).unwrap_or_default();
        let pid = pid
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(!pid.is_empty(), "the clean root's holder is gone");
        // Every command enters the holder's root: make sure it is the overlay, not the host's.
        let holder_root = std::fs::read_link(format!("/proc/{pid}/root")).unwrap_or_default();
        assert_eq!(
            holder_root,
            dir.0.join("root"),
            "the holder is not in the clean root"
        );
        CleanRoot {
            holder,
            pid,
            background: Vec::new(),
            dir,
        }
    }

    /// `prog` run chrooted in the root, in its namespaces, with a clean environment.
    pub fn command(&self, prog: &str) -> Command {
        let mut c = Command::new("nsenter");
        c.args(["-t", &self.pid, "-m", "-n", "-p", "-u", "-r", "-w"])
            .arg("env")
            .arg("-i")
            .args(ENV)
            .arg(prog);
        c
    }

    /// The host's `prog` run in the root's namespaces but not chrooted: the root is at
    /// [`CleanRoot::path`] (for `rpm --root`, or `curl` on the root's loopback).
    pub fn outside(&self, prog: &str) -> Command {
        let mut c = Command::new("nsenter");
        c.args(["-t", &self.pid, "-m", "-n", "-p", "-u"]).arg(prog);
        c
    }

    /// Where the root is mounted, as [`CleanRoot::outside`] commands see it.
    pub fn path(&self) -> PathBuf {
        self.dir.0.join("root")
    }

    /// Copies `file` in; returns its path inside the root (under `/mnt/host`).
    pub fn hand_in(&self, file: &Path) -> String {
        let name = file.file_name().expect("a file name");
        std::fs::copy(file, self.dir.0.join("share").join(name)).expect("copy into the share");
        format!("/mnt/host/{}", name.to_string_lossy())
    }

    /// Runs `script` with `sh -c` in the root.
    pub fn sh(&self, script: &str) -> Output {
        self.command("sh")
            .args(["-c", script])
            .stdin(Stdio::null())
            .output()
            .expect("nsenter")
    }

    /// Runs `script` in the root; its stdout, or a panic with both outputs when it fails.
    pub fn ok(&self, script: &str) -> String {
        let out = self.sh(script);
        assert!(
            out.status.success(),
            "in the clean root, `{script}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `argv` in the root in the background with `env` added to its environment (a
    /// daemon in the foreground, such as `corosync -f`); it dies with the root at the latest.
    pub fn spawn(&mut self, argv: &[&str], env: &[&str]) {
        let child = self
            .command("env")
            .args(env)
            .args(argv)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {argv:?} in the clean root: {e}"));
        self.background.push(child);
    }
}

impl Default for CleanRoot {
    fn default() -> Self {
        CleanRoot::new()
    }
}

impl Drop for CleanRoot {
    fn drop(&mut self) {
        // The holder's death ends the PID namespace: the kernel kills everything in it, and the
        // mount namespace (overlay, tmpfs, proc) goes with its last process.
        let _ = self.holder.kill();
        let _ = self.holder.wait();
        for c in &mut self.background {
            let _ = c.wait();
        }
        let gone = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while Path::new("/proc").join(&self.pid).exists() && std::time::Instant::now() < gone {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}
