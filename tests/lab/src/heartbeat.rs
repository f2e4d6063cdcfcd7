//! Heartbeat v1 (`crm no`, `haresources`) nodes for the tests: the real heartbeat 3.0 daemon,
//! one per node, each with its own `/etc/ha.d` (ha.cf, haresources, authkeys, the files its
//! resources read, and the rustha wrappers in `resource.d` as packaging/heartbeat ships them),
//! `/var/lib/heartbeat` and host name, inside the node's network namespace.
//!
//! A node is either standalone ([`HeartbeatNode::standalone`]: its own mount namespace with a
//! tmpfs `/run`, the wrappers pointed at this build's agents) or a [`Lab`] node
//! ([`HeartbeatNode::in_lab`]): heartbeat then runs in the lab node's own mount namespace, the
//! wrappers exactly as packaged (the lab node has `/usr/lib/ocf/resource.d/rustha`), so that
//! heartbeat and, after it, Pacemaker run on the same node with the same files, as when an
//! administrator moves a cluster from one to the other. Only the host name is heartbeat's own
//! (a UTS namespace): heartbeat names its node after `uname -n`.
//!
//! The node's directory (a temporary directory of the host) is bind-mounted over `/etc/ha.d` and
//! `/var/lib/heartbeat` inside the node's mount namespace only; it is removed on drop. Heartbeat's
//! processes live in the node's network namespace and go with it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::lab::Lab;
use rustha_harness::netns::Topology;

/// Debian's heartbeat daemon.
pub const HEARTBEAT: &str = "/usr/libexec/heartbeat/heartbeat";

/// Panics unless heartbeat is installed (tests/scripts/deps.sh installs it).
pub fn require_heartbeat() {
    assert!(
        Path::new(HEARTBEAT).exists(),
        "heartbeat is not installed (tests/scripts/deps.sh)"
    );
}

/// What a node's `/etc/ha.d` holds besides heartbeat's own scripts: ha.cf (`@DIR@` stands for the
/// node's directory, for log files), haresources, and further files by name.
pub struct HaFiles<'a> {
    pub ha_cf: &'a str,
    pub haresources: &'a str,
    pub files: &'a [(&'a str, &'a str)],
}

/// One heartbeat node: a holder process whose namespaces heartbeat's commands enter.
pub struct HeartbeatNode {
    pub name: String,
    holder: Child,
    dir: PathBuf,
}

/// The packaged heartbeat wrapper for `agent`.
fn wrapper(agent: &str) -> String {
    std::fs::read_to_string(rustha_harness::repo_root().join("packaging/heartbeat/wrapper.in"))
        .expect("packaging/heartbeat/wrapper.in")
        .replace("@AGENT@", agent)
}

fn sh(script: &str) {
    let st = Command::new("sh").args(["-ec", script]).status().unwrap();
    assert!(st.success(), "{script}");
}

/// Prepares the node's directory: a copy of the host's /etc/ha.d (heartbeat's own resource.d
/// scripts) and /var/lib/heartbeat, the files, and a wrapper for every agent in `wrappers`.
fn prepare(dir: &Path, files: &HaFiles<'_>, wrappers: &[(String, String)]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let d = dir.display();
    sh(&format!(
        "cp -a /etc/ha.d {d}/ha.d && cp -a /var/lib/heartbeat {d}/lib && mkdir -p {d}/lib/cores"
    ));
    let ha_d = dir.join("ha.d");
    std::fs::write(
        ha_d.join("ha.cf"),
        files.ha_cf.replace("@DIR@", &d.to_string()),
    )
    .unwrap();
    std::fs::write(ha_d.join("haresources"), files.haresources).unwrap();
    std::fs::write(ha_d.join("authkeys"), "auth 1\n1 crc\n").unwrap();
    sh(&format!("chmod 600 {d}/ha.d/authkeys"));
    for (agent, text) in wrappers {
        std::fs::write(ha_d.join("resource.d").join(agent), text).unwrap();
        sh(&format!("chmod 755 {d}/ha.d/resource.d/{agent}"));
    }
    for (file, text) in files.files {
        std::fs::write(ha_d.join(file), text).unwrap();
    }
}

/// Starts the holder: `unshare` (`cmd`, entering the node's namespaces) with `flags`, running
/// `first` and then the node's binds and host name in the new namespaces, and staying there.
fn hold(mut cmd: Command, flags: &[&str], first: &str, name: &str, dir: PathBuf) -> HeartbeatNode {
    let script = format!(
        "{first} && mkdir -p /run/heartbeat /run/lock && \
         mount --bind {d}/ha.d /etc/ha.d && mount --bind {d}/lib /var/lib/heartbeat && \
         hostname {name} && echo ready && exec sleep 100000",
        d = dir.display()
    );
    let holder = cmd
        .args(flags)
        .args(["sh", "-ec", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("heartbeat node holder");
    let holder = rustha_harness::await_ready(holder, &format!("heartbeat node {name}"));
    HeartbeatNode {
        name: name.to_string(),
        holder,
        dir,
    }
}

impl HeartbeatNode {
    /// Node `name` of `topo`, in a mount namespace of its own (tmpfs `/run`), the wrappers
    /// pointed at this build's agents.
    pub fn standalone(topo: &Topology, name: &str, files: &HaFiles<'_>) -> HeartbeatNode {
        let dir = std::env::temp_dir().join(format!("rustha-hb-{}-{name}", topo.run_id()));
        let wrappers: Vec<(String, String)> = rustha_harness::AGENTS
            .iter()
            .filter(|a| rustha_harness::bin_dir().join(a).exists())
            .map(|a| {
                let text = wrapper(a).replace(
                    &format!("\"$OCF_ROOT/resource.d/rustha/{a}\""),
                    &format!("\"{}\"", rustha_harness::bin(a).display()),
                );
                (a.to_string(), text)
            })
            .collect();
        prepare(&dir, files, &wrappers);
        let cmd = topo.ns(name).command("unshare");
        hold(
            cmd,
            &["-m", "-u", "--propagation", "private"],
            "mount -t tmpfs none /run",
            name,
            dir,
        )
    }

    /// Lab node `name`, in the lab node's mount namespace (the binds stay there for whatever
    /// runs on the node later), with the wrappers as packaged. The lab's cluster stack must not
    /// be running on the node.
    pub fn in_lab(lab: &Lab, name: &str, files: &HaFiles<'_>) -> HeartbeatNode {
        let dir = std::env::temp_dir().join(format!("rustha-hb-{}-{name}", lab.topo().run_id()));
        let wrappers: Vec<(String, String)> = rustha_harness::AGENTS
            .iter()
            .filter(|a| lab.bin_dir().is_some_and(|d| d.join(a).exists()))
            .map(|a| (a.to_string(), wrapper(a)))
            .collect();
        prepare(&dir, files, &wrappers);
        hold(lab.command(name, "unshare"), &["-u"], "true", name, dir)
    }

    /// A `Command` running `prog` in the node's namespaces (mount, host name, network).
    pub fn command(&self, prog: &str) -> Command {
        let mut c = Command::new("nsenter");
        c.args([
            "-t",
            &self.holder.id().to_string(),
            "-m",
            "-u",
            "-n",
            "--",
            prog,
        ]);
        c
    }

    /// Runs `argv` on the node; its stdout.
    pub fn exec(&self, argv: &[&str]) -> String {
        let (prog, args) = argv.split_first().expect("empty command");
        let out = self
            .command(prog)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs the heartbeat daemon with `args` (none: start it; `-k`: stop it, which gives its
    /// resources up to the other node); panics when it fails.
    pub fn heartbeat(&self, args: &[&str]) {
        let st = self
            .command(HEARTBEAT)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(
            st.success(),
            "{}: heartbeat {args:?} failed\n{}",
            self.name,
            self.log()
        );
    }

    /// Whether a heartbeat daemon runs on the node.
    pub fn running(&self) -> bool {
        self.command(HEARTBEAT)
            .arg("-s")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// The node's heartbeat log (ha.cf's `logfile @DIR@/ha-log`).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("ha-log")).unwrap_or_default()
    }

    /// Whether the log says the node has seen `peer` come up.
    pub fn has_seen(&self, peer: &str) -> bool {
        let l = self.log();
        l.contains(peer) && l.contains("is up")
            || l.contains(&format!("Status update for node {peer}"))
    }

    /// Runs resource script `script` (a name in the node's resource.d or /etc/init.d, as
    /// heartbeat finds it) with `args` and `action`, as heartbeat does; its stdout, trimmed.
    pub fn resource(&self, script: &str, args: &[&str], action: &str) -> String {
        let sh = "for d in /etc/ha.d/resource.d /etc/init.d; do \
                  if [ -x \"$d/$0\" ]; then exec \"$d/$0\" \"$@\"; fi; done; exit 5";
        let mut argv = vec!["sh", "-c", sh, script];
        argv.extend(args);
        argv.push(action);
        self.exec(&argv).trim().to_string()
    }
}

impl Drop for HeartbeatNode {
    fn drop(&mut self) {
        // Heartbeat's own processes live in the node's network namespace and go with it when the
        // topology or lab is dropped; the holder is ours to reap.
        let _ = self.holder.kill();
        let _ = self.holder.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Polls `f` every 50 ms until it holds; panics after `timeout` with `what` and `logs()`.
pub fn wait_for(
    what: &str,
    timeout: Duration,
    mut f: impl FnMut() -> bool,
    logs: &dyn Fn() -> String,
) {
    let t = Instant::now();
    while !f() {
        assert!(
            t.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}\n{}",
            logs()
        );
        sleep(Duration::from_millis(50));
    }
}

/// The logs of `nodes`, one after the other, for failure messages.
pub fn logs(nodes: &[&HeartbeatNode]) -> String {
    nodes
        .iter()
        .map(|n| format!("--- {}\n{}", n.name, n.log()))
        .collect()
}
