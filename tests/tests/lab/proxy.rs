//! `ocf:rustha:proxy` under a real one-node Pacemaker cluster: `pcs resource create` starts it,
//! the recurring monitor sees a killed daemon, and Pacemaker restarts it.

use std::time::{Duration, Instant};

use rustha_harness::proxy::TempDir;
use rustha_lab::lab::Lab;

#[test]
fn one_node_pcs_create_and_restart_after_kill() {
    rustha_harness::require_root();
    rustha_harness::bin("proxy");
    let d = TempDir::new("lab-proxy");
    // The listener is inside node1's network namespace; its server does not need to exist for
    // the listener to accept.
    let cfg = d.write(
        "lb.cfg",
        "global\n  maxconn 1000\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 30s\n  timeout server 30s\n\
listen db\n  bind 127.0.0.1:15432\n  server s1 127.0.0.1:5432\n",
    );
    let lab = Lab::new(1);
    let config = format!("config={}", cfg.display());
    lab.pcs(&[
        "resource",
        "create",
        "lb",
        "ocf:rustha:proxy",
        &config,
        "op",
        "monitor",
        "interval=2s",
        "timeout=20s",
    ]);
    assert_eq!(lab.wait_started("lb", Duration::from_secs(30)), "node1");
    let pidfile = "/run/rustha-proxy-lb.pid";
    let pid = lab.ok("node1", &["cat", pidfile]).trim().to_string();
    // The listener accepts inside the node.
    lab.ok("node1", &["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/15432"]);
    let t0 = Instant::now();
    lab.ok("node1", &["kill", "-9", &pid]);
    lab.wait_monitor_failure("node1", &["lb"], Duration::from_secs(20));
    lab.wait_for("a new daemon", Duration::from_secs(30), || {
        lab.try_ok("node1", &["cat", pidfile])
            .is_ok_and(|p| !p.trim().is_empty() && p.trim() != pid)
            && lab
                .try_ok("node1", &["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/15432"])
                .is_ok()
    });
    println!(
        "killed proxy daemon restarted by Pacemaker, accepting again after {} ms",
        t0.elapsed().as_millis()
    );
    let count = lab.ok(
        "node1",
        &["crm_failcount", "--query", "-r", "lb", "-N", "node1"],
    );
    assert!(!count.contains("value=0"), "fail count not raised: {count}");
    lab.pcs(&["resource", "delete", "lb"]);
    lab.wait_for("lb to be gone", Duration::from_secs(30), || {
        lab.try_ok("node1", &["cat", pidfile]).is_err()
    });
}
