//! `ocf:rustha:filesync` in a real two-node Pacemaker cluster (seed 003's setup): each node has
//! its own data directory (`/run/fs-data`, private to the node) and an rsync daemon on its
//! cluster address; the resource runs on the active node only and replicates to `peer`, which
//! each node's own `/etc/hosts` resolves to the other node. A write on the active node reaches
//! the standby; after `pcs node standby`, the resource runs on the other node and replicates back.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rustha_harness::rsyncd::{wait_for, ChildGuard, TempDir};
use rustha_lab::lab::Lab;

const DATA: &str = "/run/fs-data";
const PORT: u16 = 8730;

/// `path` inside `node`'s private mount namespace, seen from the host.
fn in_node(lab: &Lab, node: &str, path: &str) -> PathBuf {
    PathBuf::from(format!("/proc/{}/root{}", lab.node(node).pid(), path))
}

#[test]
fn two_node_replication_follows_the_active_node() {
    rustha_harness::require_root();
    rustha_harness::bin("filesync");
    let tmp = TempDir::new("lab-filesync");
    let lab = Lab::new(2);
    let addr = |n: &str| lab.topo().addr(n).to_string();
    let other = |n: &str| if n == "node1" { "node2" } else { "node1" };

    let mut daemons: Vec<ChildGuard> = Vec::new();
    for node in ["node1", "node2"] {
        lab.ok(node, &["mkdir", "-p", DATA]);
        fs::write(in_node(&lab, node, &format!("{DATA}/seed")), "seed").unwrap();
        // "peer" is the other node, as each node's own hosts file says.
        let hosts = tmp.write(
            &format!("hosts-{node}"),
            &format!("127.0.0.1 localhost\n{} peer\n", addr(other(node))),
        );
        lab.ok(
            node,
            &["mount", "--bind", hosts.to_str().unwrap(), "/etc/hosts"],
        );
        let conf = tmp.write(
            &format!("rsyncd-{node}.conf"),
            &format!(
                "use chroot = no\nmunge symlinks = no\nuid = root\ngid = root\n\
                 reverse lookup = no\nlog file = /run/rsyncd.log\n\
                 [data]\npath = {DATA}\nread only = no\n"
            ),
        );
        let child = lab
            .command(node, "rsync")
            .args(["--daemon", "--no-detach"])
            .arg(format!("--address={}", addr(node)))
            .arg(format!("--port={PORT}"))
            .arg(format!("--config={}", conf.display()))
            .stdin(std::process::Stdio::null())
            .spawn()
            .expect("rsync daemon in the node");
        daemons.push(ChildGuard(child));
    }

    lab.pcs(&[
        "resource",
        "create",
        "sync",
        "ocf:rustha:filesync",
        &format!("source={DATA}"),
        &format!("target=rsync://peer:{PORT}/data"),
        "delay=100ms",
        "retry_max=2s",
        "logfile=/run/filesync.log",
        "op",
        "monitor",
        "interval=2s",
    ]);
    let active = lab.wait_started("sync", Duration::from_secs(60));
    let standby = other(&active);
    println!("filesync runs on {active}");
    assert!(in_node(&lab, &active, "/run/filesync/sync.pid").exists());
    assert!(
        !in_node(&lab, standby, "/run/filesync/sync.pid").exists(),
        "only the active node runs the daemon"
    );

    let send = |from: &str, to: &str, name: &str| {
        let content = format!("written on {from}");
        let t = Instant::now();
        fs::write(in_node(&lab, from, &format!("{DATA}/{name}")), &content).unwrap();
        let seen = wait_for(Duration::from_secs(30), || {
            fs::read_to_string(in_node(&lab, to, &format!("{DATA}/{name}")))
                .is_ok_and(|c| c == content)
        });
        assert!(
            seen,
            "{name} did not reach {to}; log on {from}:\n{}",
            fs::read_to_string(in_node(&lab, from, "/run/filesync.log")).unwrap_or_default()
        );
        println!("{name}: {from} -> {to} in {:?}", t.elapsed());
    };
    send(&active, standby, "first");

    lab.pcs(&["node", "standby", &active]);
    lab.wait_started_on("sync", standby, Duration::from_secs(60));
    assert!(
        !in_node(&lab, &active, "/run/filesync/sync.pid").exists(),
        "stopped on the node put in standby"
    );
    send(standby, &active, "after-failover");
    // The new active node's start ran a full sync: both copies hold the same files.
    for name in ["seed", "first", "after-failover"] {
        assert!(in_node(&lab, &active, &format!("{DATA}/{name}")).exists());
        assert!(in_node(&lab, standby, &format!("{DATA}/{name}")).exists());
    }
    drop(daemons);
}
