//! `ocf:rustha:osm-failover` under real Pacemaker/Corosync clusters in the lab, always in a group
//! after `vip` (the agent refuses to start without its VIP): a one-node cluster puts back a SNAT
//! rule deleted behind its back; on two nodes the group moves on standby, and the source address
//! of the active node's traffic to the client follows the VIP while the node that gave it up is
//! back to its own address with none of the agent's rules left. Timings are printed, never
//! asserted.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use rustha_harness::probe::source_seen;
use rustha_lab::lab::Lab;

const AGENT: &str = "ocf:rustha:osm-failover";

/// The agent's tagged rules in node `name`'s nat/POSTROUTING.
fn tagged_rules(lab: &Lab, name: &str, instance: &str) -> Vec<String> {
    let tag = format!("rustha:{instance}");
    lab.ok(name, &["iptables", "-w", "-t", "nat", "-S", "POSTROUTING"])
        .lines()
        .filter(|l| l.contains(&tag))
        .map(str::to_string)
        .collect()
}

fn create_osm(lab: &Lab, net: &str, vip: &str, extra: &[&str]) {
    let snat = format!("snat={net}");
    let to = format!("to_source={vip}");
    let mut args = vec![
        "resource",
        "create",
        "osm",
        AGENT,
        "daemon=/bin/sleep",
        "daemon_args=1000",
        &snat,
        &to,
        "op",
        "monitor",
        "interval=2s",
    ];
    args.extend_from_slice(extra);
    lab.pcs(&args);
}

/// Group `g`: the VIP `v`, then `osm` (the agent refuses to start without the VIP here).
fn create_group(lab: &Lab, net: &str, vip: &str) {
    let ip = format!("ip={vip}");
    lab.pcs(&[
        "resource",
        "create",
        "v",
        "ocf:rustha:vip",
        &ip,
        "cidr_netmask=24",
        "nic=eth0",
        "op",
        "monitor",
        "interval=2s",
        "--group",
        "g",
    ]);
    create_osm(lab, net, vip, &["--group", "g"]);
}

/// The SNAT destination: the client only. The lab's nodes share one LAN, and the agent refuses
/// to rewrite the cluster's own (corosync) traffic.
fn client_net(lab: &Lab) -> String {
    format!("{}/32", lab.topo().addr("client"))
}

#[test]
fn one_node_deleted_rule_is_recovered() {
    rustha_harness::require_root();
    rustha_harness::bin("osm-failover");
    rustha_harness::bin("vip");
    let lab = Lab::new(1);
    let net = client_net(&lab);
    let vip = lab.topo().spare_v4(0).to_string();

    // The whole LAN holds node1's ring address: refused, naming the parameter.
    let out = lab
        .command("node1", "/usr/lib/ocf/resource.d/rustha/osm-failover")
        .env("OCF_RESKEY_daemon", "/bin/sleep")
        .env("OCF_RESKEY_snat", lab.topo().subnet().v4_net())
        .env("OCF_RESKEY_to_source", &vip)
        .arg("validate-all")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("'snat'") && err.contains("corosync"), "{err}");

    create_group(&lab, &net, &vip);
    assert_eq!(lab.wait_started("osm", Duration::from_secs(30)), "node1");
    let rules = tagged_rules(&lab, "node1", "osm");
    assert_eq!(rules.len(), 1, "{rules:?}");

    // Delete the rule behind Pacemaker's back: the 2 s monitor fails naming it, and the
    // recovery (stop, start) puts it back.
    let t0 = Instant::now();
    let del = rules[0].replacen("-A", "-D", 1);
    let mut argv = vec!["iptables", "-w", "-t", "nat"];
    argv.extend(del.split(' ').map(|w| w.trim_matches('"')));
    lab.ok("node1", &argv);
    lab.wait_monitor_failure("node1", &["osm"], Duration::from_secs(20));
    let fails = lab.failures("node1");
    println!(
        "one-node: {}",
        fails
            .lines()
            .filter(|l| l.contains("monitor"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    lab.wait_for("the rule to come back", Duration::from_secs(20), || {
        tagged_rules(&lab, "node1", "osm").len() == 1
    });
    println!(
        "one-node: rule deleted externally, back after {} ms",
        t0.elapsed().as_millis()
    );
    lab.wait_started("osm", Duration::from_secs(20));
    let count = lab.ok(
        "node1",
        &["crm_failcount", "--query", "-r", "osm", "-N", "node1"],
    );
    assert!(!count.contains("value=0"), "fail count not raised: {count}");

    lab.pcs(&["resource", "delete", "g"]);
    lab.wait_for("osm to be gone", Duration::from_secs(20), || {
        tagged_rules(&lab, "node1", "osm").is_empty()
    });
}

#[test]
fn two_node_group_moves_on_standby_and_source_follows_the_vip() {
    rustha_harness::require_root();
    rustha_harness::bin("osm-failover");
    rustha_harness::bin("vip");
    let lab = Lab::new(2);
    let net = client_net(&lab);
    let vip_addr = lab.topo().spare_v4(0);
    let vip = vip_addr.to_string();
    let client_addr = IpAddr::V4(lab.topo().addr("client"));
    create_group(&lab, &net, &vip);
    let first = lab.wait_started("osm", Duration::from_secs(30));
    lab.wait_started_on("v", &first, Duration::from_secs(10));
    let second = if first == "node1" { "node2" } else { "node1" };
    let seen = |node: &str| source_seen(lab.ns(node), lab.client(), client_addr);
    assert_eq!(seen(&first), IpAddr::V4(vip_addr), "active node {first}");
    assert_eq!(
        seen(second),
        IpAddr::V4(lab.topo().addr(second)),
        "passive node {second}"
    );

    let t0 = Instant::now();
    lab.pcs(&["node", "standby", &first]);
    lab.wait_started_on("osm", second, Duration::from_secs(30));
    lab.wait_started_on("v", second, Duration::from_secs(10));
    println!(
        "two-node: group moved {first} -> {second} on standby in {} ms",
        t0.elapsed().as_millis()
    );
    assert_eq!(
        seen(second),
        IpAddr::V4(vip_addr),
        "new active node {second}"
    );
    assert_eq!(
        seen(&first),
        IpAddr::V4(lab.topo().addr(&first)),
        "node {first} in standby"
    );
    assert!(tagged_rules(&lab, &first, "osm").is_empty());
    assert_eq!(tagged_rules(&lab, second, "osm").len(), 1);
    assert_eq!(lab.addr_holders(&vip), [second.to_string()]);

    lab.pcs(&["node", "unstandby", &first]);
}
