//! `rustha migrate --apply` against real Pacemaker clusters:
//! - one node: the Ultra Monkey guide's heartbeat set-up (ha.cf with `auto_failback off`,
//!   haresources with LVSSyncDaemonSwap, ldirectord and IPaddr2 on one line, its ldirectord.cf)
//!   with only its node name and addresses moved into the lab, becomes a group whose proxy and VIP
//!   start, with the stickiness heartbeat's failback setting implies; and a haresources line that
//!   does not parse changes nothing;
//! - two nodes: the keepalived guide's keepalived.conf (VRRP tracking HAProxy with `killall -0
//!   haproxy`) becomes a proxy clone and the VIP colocated with it: the proxy killed on the VIP's
//!   node moves the VIP to the other node, as keepalived did.

use std::time::Duration;

use std::time::Instant;

use rustha_harness::bin;
use rustha_lab::lab::Lab;

const DIR: &str = "/run/migrate";

#[test]
fn heartbeat_cluster_migrates_and_starts() {
    rustha_harness::require_root();
    let lab = Lab::new(1);
    let vip = lab.topo().spare_v4(0).to_string();
    let node_addr = lab.topo().addr("node1").to_string();
    let rustha = bin("rustha").display().to_string();

    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/migrate/ultramonkey-ldirectord/ldirectord.cf"),
    )
    .unwrap();
    // The services on the VIP, their real servers on closed ports of the node itself: the proxy
    // starts with its servers down, and its checks stay inside the node.
    let ldirectord = seed
        .replace("10.0.0.150", &vip)
        .replace("10.0.0.147", &node_addr)
        .replace("10.0.0.146", "127.0.0.1");
    lab.write_file("node1", &format!("{DIR}/ldirectord.cf"), &ldirectord);
    lab.write_file(
        "node1",
        &format!("{DIR}/ha.cf"),
        "mcast eth0 225.0.0.1 694 1 0\nauto_failback off\nnode node1\n",
    );

    // A line that does not parse: nothing reaches the cluster.
    lab.write_file(
        "node1",
        &format!("{DIR}/haresources"),
        &format!("node1 IPaddr2::{vip}/24/eth0\nnode2 IPaddr2::{vip}/24/eth0\n"),
    );
    let files = [
        format!("{DIR}/ha.cf"),
        format!("{DIR}/haresources"),
        format!("{DIR}/ldirectord.cf"),
    ];
    let mut argv = vec![rustha.as_str(), "migrate", "--apply"];
    argv.extend(files.iter().map(String::as_str));
    let out = lab.run("node1", &argv);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("haresources:2:1: node 'node2'"),
        "{err}"
    );
    let cib = lab.pcs(&["resource", "config"]);
    assert!(
        !cib.contains("vip-"),
        "bad input changed the cluster:\n{cib}"
    );

    lab.write_file(
        "node1",
        &format!("{DIR}/haresources"),
        &format!(
            "node1 \\\nLVSSyncDaemonSwap::master \\\nldirectord::{DIR}/ldirectord.cf \\\nIPaddr2::{vip}/24/eth0\n"
        ),
    );
    let out = lab.run("node1", &argv);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vip_id = format!("vip-{vip}");
    lab.wait_started("proxy-ldirectord", Duration::from_secs(60));
    lab.wait_started(&vip_id, Duration::from_secs(60));
    assert_eq!(lab.addr_holders(&vip), ["node1"]);
    let stickiness = lab.ok(
        "node1",
        &[
            "crm_resource",
            "-r",
            "group-node1",
            "--meta",
            "-g",
            "resource-stickiness",
        ],
    );
    assert_eq!(stickiness.trim(), "INFINITY");
    let status = lab.ok("node1", &["crm_mon", "-1"]);
    assert!(!status.contains("Failed"), "{status}");
}

#[test]
fn keepalived_tracking_haproxy_moves_the_vip_when_the_proxy_dies() {
    rustha_harness::require_root();
    let lab = Lab::new(2);
    let vip = lab.topo().spare_v4(1).to_string();
    let rustha = bin("rustha").display().to_string();
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/migrate/keepalived-haproxy/keepalived.conf"),
    )
    .unwrap();
    // The proxy runs on both nodes, where the VIP is and where it is not: it listens on the
    // wildcard address, as the migration's note asks.
    let haproxy_cfg = "global\n  maxconn 100\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n\
listen lb\n  bind 0.0.0.0:18080\n  server app 127.0.0.1:9\n";
    for node in ["node1", "node2"] {
        lab.write_file(node, &format!("{DIR}/haproxy.cfg"), haproxy_cfg);
    }
    lab.write_file(
        "node1",
        &format!("{DIR}/keepalived.conf"),
        &seed.replace("10.30.1.15", &vip),
    );
    let config = format!("{DIR}/haproxy.cfg");
    let conf = format!("{DIR}/keepalived.conf");
    let out = lab.run(
        "node1",
        &[
            &rustha,
            "migrate",
            "--apply",
            "--node",
            "node1",
            "--haproxy-config",
            &config,
            &conf,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vip_id = format!("vip-{vip}");
    lab.wait_started_on(&vip_id, "node1", Duration::from_secs(60));
    lab.wait_for(
        "the proxy clone on both nodes",
        Duration::from_secs(60),
        || {
            lab.try_ok("node1", &["crm_mon", "-1", "-r"])
                .is_ok_and(|s| s.contains("Started: [ node1 node2 ]"))
        },
    );
    assert_eq!(lab.addr_holders(&vip), ["node1"]);

    let pid = lab
        .ok("node1", &["sh", "-c", "cat /run/rustha-proxy-haproxy*.pid"])
        .trim()
        .to_string();
    assert!(pid.parse::<u32>().is_ok(), "no proxy pid: '{pid}'");
    let killed = Instant::now();
    lab.ok("node1", &["kill", "-9", &pid]);
    lab.wait_for("the VIP on node2", Duration::from_secs(60), || {
        lab.addr_holders(&vip) == ["node2"]
    });
    rustha_harness::measured(&format!(
        "migrated keepalived set-up: proxy killed on the VIP's node, VIP on the other node after {} ms",
        killed.elapsed().as_millis()
    ));
    lab.wait_started_on(&vip_id, "node2", Duration::from_secs(30));
}
