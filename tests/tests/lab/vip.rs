//! `ocf:rustha:vip` under real Pacemaker/Corosync clusters in the lab: a one-node cluster repairs
//! an address deleted behind its back; a two-node cluster fails the address over on standby, on a
//! cut link and on a node crash, ends with the address on exactly one node, respects
//! resource-stickiness on failback, and never duplicates the address when only a node's cluster
//! stack dies (the address still answers there; with the lab's fencing on, `RUSTHA_LAB_FENCING=1`,
//! the node is fenced instead, and a node cut off is fenced and powered on again). A client probes the VIP every 10 ms throughout and every
//! client-visible gap is printed (timings are reported, never asserted).

use std::time::{Duration, Instant};

use rustha_harness::probe::{self, Prober, Responder};
use rustha_lab::lab::Lab;

const AGENT: &str = "ocf:rustha:vip";
const PORT: u16 = 7070;
const PROBE_EVERY: Duration = Duration::from_millis(10);

fn create_vip(lab: &Lab, vip: &str, extra: &[&str]) {
    let ip = format!("ip={vip}");
    let mut args = vec![
        "resource",
        "create",
        "v",
        AGENT,
        &ip,
        "cidr_netmask=24",
        "nic=eth0",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["op", "monitor", "interval=2s"]);
    lab.pcs(&args);
}

#[test]
fn one_node_vip_started_and_repaired_after_external_delete() {
    rustha_harness::require_root();
    rustha_harness::bin("vip");
    let lab = Lab::new(1);
    let vip = lab.topo().spare_v4(0).to_string();
    create_vip(&lab, &vip, &[]);
    assert_eq!(lab.wait_started("v", Duration::from_secs(30)), "node1");
    assert_eq!(lab.addr_holders(&vip), ["node1"]);
    // The node runs this build's agent through the rustha provider.
    let link = lab.ok("node1", &["readlink", "/usr/lib/ocf/resource.d/rustha/vip"]);
    assert_eq!(
        std::path::Path::new(link.trim()),
        lab.bin_dir().unwrap().join("vip")
    );
    assert!(lab
        .ok("node1", &["crm_resource", "--list-agents", "ocf:rustha"])
        .lines()
        .any(|l| l == "vip"));
    lab.client().ok(&["ping", "-c1", "-W1", &vip]);

    // Delete the address behind Pacemaker's back: the 2 s monitor must notice (the failure is
    // recorded) and the recovery must put the address back.
    let t0 = Instant::now();
    lab.ns("node1")
        .ip(&["addr", "del", &format!("{vip}/24"), "dev", "eth0"]);
    assert!(lab.addr_holders(&vip).is_empty());
    lab.wait_monitor_failure("node1", &["not running"], Duration::from_secs(20));
    lab.wait_for("the address to come back", Duration::from_secs(20), || {
        lab.addr_holders(&vip) == ["node1"]
    });
    rustha_harness::measured(&format!(
        "one-node: address deleted externally, back after {} ms",
        t0.elapsed().as_millis()
    ));
    lab.wait_started("v", Duration::from_secs(20));
    lab.client().ok(&["ping", "-c1", "-W1", &vip]);
    let count = lab.ok(
        "node1",
        &["crm_failcount", "--query", "-r", "v", "-N", "node1"],
    );
    println!("one-node: {}", count.trim());
    assert!(!count.contains("value=0"), "fail count not raised: {count}");

    lab.pcs(&["resource", "delete", "v"]);
    lab.wait_for("v to be gone", Duration::from_secs(20), || {
        lab.addr_holders(&vip).is_empty()
    });
}

/// Measures the outage the client saw for a fault injected at `at`, prints it, and returns the
/// node that served afterwards.
fn report(prober: &Prober, what: &str, at: Duration, until: Duration) -> Option<String> {
    let samples = prober.samples();
    let gap = probe::outage(&samples, at, until);
    let served = probe::servers_between(&samples, at.saturating_sub(Duration::from_secs(1)), until);
    rustha_harness::measured(&format!(
        "two-node: {what}: client-visible gap {} ms; served by {}",
        gap.as_millis(),
        served.join(" -> ")
    ));
    served.last().cloned()
}

fn other(node: &str) -> &'static str {
    if node == "node1" {
        "node2"
    } else {
        "node1"
    }
}

#[test]
fn two_node_vip_failover_standby_cut_crash_stickiness() {
    rustha_harness::require_root();
    rustha_harness::bin("vip");
    let lab = Lab::new(2);
    let vip = lab.topo().spare_v4(0).to_string();
    let vip_addr = lab.topo().spare_v4(0).into();
    let _responders: Vec<Responder> = lab
        .node_names()
        .iter()
        .map(|n| Responder::start(lab.ns(n), vip_addr, PORT, n))
        .collect();
    // Stickiness 100 beats the 50-point preference for node1: once moved, the VIP stays.
    create_vip(&lab, &vip, &["meta", "resource-stickiness=100"]);
    lab.pcs(&["constraint", "location", "v", "prefers", "node1=50"]);
    lab.wait_started_on("v", "node1", Duration::from_secs(30));
    let prober = Prober::start(lab.client(), vip_addr, PORT, PROBE_EVERY);
    assert!(
        prober.wait_served(Some("node1"), Duration::from_secs(5)),
        "client not served by node1"
    );

    // 1. Standby of the active node.
    let t = prober.now();
    lab.pcs(&["node", "standby", "node1"]);
    lab.wait_started_on("v", "node2", Duration::from_secs(30));
    assert!(
        prober.wait_served(Some("node2"), Duration::from_secs(10)),
        "client not served by node2"
    );
    assert_eq!(
        report(&prober, "standby node1", t, prober.now()).as_deref(),
        Some("node2")
    );
    assert_eq!(lab.addr_holders(&vip), ["node2"]);

    // Failback: node1 comes back, but stickiness keeps the VIP where it is.
    lab.pcs(&["node", "unstandby", "node1"]);
    lab.ok("node1", &["crm_resource", "--wait", "--timeout=30s"]);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        lab.locate("v"),
        ["node2"],
        "stickiness not respected on failback"
    );
    assert_eq!(lab.addr_holders(&vip), ["node2"]);
    println!("two-node: after unstandby node1, v stays on node2 (stickiness 100 > preference 50)");

    // 2. Cut link of the active node (node2): node1 takes over.
    let t = prober.now();
    lab.cut("node2");
    lab.wait_for("node1 to run v", Duration::from_secs(30), || {
        lab.locate_from("node1", "v") == ["node1"]
            && lab.addr_holders(&vip).contains(&"node1".to_string())
    });
    assert!(
        prober.wait_served(Some("node1"), Duration::from_secs(10)),
        "client not served by node1"
    );
    report(&prober, "cut link of node2", t, prober.now());
    println!(
        "two-node: during the cut the address is on {:?}",
        lab.addr_holders(&vip)
    );
    lab.heal("node2");
    if lab.fencing() {
        // node1 fenced the node it lost before taking the address; node2, cut off from the power
        // switch too, could not fence node1.
        assert!(lab.is_powered_off("node2"), "node2 was not fenced");
        assert!(!lab.is_powered_off("node1"));
        println!("two-node: node2 was fenced during the cut; powering it on");
        lab.boot("node2");
    }
    lab.wait_online(Duration::from_secs(60));
    lab.ok("node1", &["crm_resource", "--wait", "--timeout=60s"]);
    let holders = lab.addr_holders(&vip);
    assert_eq!(
        holders.len(),
        1,
        "after heal the address must be on exactly one node: {holders:?}"
    );
    assert_eq!(lab.locate("v"), holders);
    println!("two-node: after heal the address is on {holders:?} only");
    // While the partitions merge, the cut node may still try to start the VIP on its own; the
    // agent's duplicate probe then sees the other node answering and refuses (a failed start
    // that bans the node). Show what happened, then clear it as an administrator would.
    let failures = lab.failures("node1");
    for l in failures.lines().filter(|l| l.contains("returned")) {
        println!("two-node: after heal: {}", l.trim());
    }
    lab.pcs(&["resource", "cleanup", "v"]);
    lab.ok("node1", &["crm_resource", "--wait", "--timeout=60s"]);
    assert_eq!(lab.addr_holders(&vip), holders);
    let active = holders[0].clone();
    assert!(prober.wait_served(Some(&active), Duration::from_secs(10)));

    // 3. Crash of the active node: its stack is SIGKILLed and the machine drops off the network.
    let survivor = other(&active);
    let t = prober.now();
    lab.power_off(&active);
    lab.wait_for("the survivor to run v", Duration::from_secs(30), || {
        lab.locate_from(survivor, "v") == [survivor] && lab.addr_holders(&vip) == [survivor]
    });
    assert!(
        prober.wait_served(Some(survivor), Duration::from_secs(10)),
        "client not served by {survivor}"
    );
    report(&prober, &format!("crash of {active}"), t, prober.now());
    lab.boot(&active);
    lab.wait_online(Duration::from_secs(60));
    lab.ok(survivor, &["crm_resource", "--wait", "--timeout=60s"]);
    assert_eq!(
        lab.addr_holders(&vip),
        [survivor],
        "after the crashed node returned"
    );
    assert_eq!(lab.locate("v"), [survivor]);

    // 4. Crash of the survivor's cluster stack only (SIGKILL of corosync and pacemaker; the
    // machine and its address stay up). The other node must not create a duplicate: its start
    // refuses because the address still answers, and the client keeps being served. When the
    // crashed stack comes back, the address is on exactly one node. With fencing the peer
    // powers the crashed node off first, then takes the address.
    let crashed = survivor;
    let peer = other(crashed);
    let t = prober.now();
    lab.crash(crashed);
    if lab.fencing() {
        // The node's address goes with its power: still never on two nodes.
        lab.wait_for("the peer to run v", Duration::from_secs(30), || {
            lab.locate_from(peer, "v") == [peer] && lab.addr_holders(&vip) == [peer]
        });
        assert!(lab.is_powered_off(crashed), "{crashed} was not fenced");
        assert!(prober.wait_served(Some(peer), Duration::from_secs(10)));
        report(
            &prober,
            &format!("stack crash of {crashed}, fenced"),
            t,
            prober.now(),
        );
        lab.boot(crashed);
        lab.wait_online(Duration::from_secs(60));
        lab.ok(peer, &["crm_resource", "--wait", "--timeout=60s"]);
        assert_eq!(lab.addr_holders(&vip), [peer]);
        assert_eq!(lab.locate("v"), [peer]);
        println!(
            "two-node: {crashed} fenced after its stack crashed; the address is on {peer} only"
        );
    } else {
        lab.wait_for(
            "the peer to try and refuse the address",
            Duration::from_secs(30),
            || {
                lab.failures(peer)
                    .lines()
                    .any(|l| l.contains("start on") && l.contains("already in use"))
            },
        );
        assert_eq!(
            lab.addr_holders(&vip),
            [crashed],
            "a duplicate address appeared"
        );
        report(
            &prober,
            &format!("stack crash of {crashed} (address still up)"),
            t,
            prober.now(),
        );
        lab.start_stack(crashed);
        lab.wait_online(Duration::from_secs(60));
        lab.ok(peer, &["crm_resource", "--wait", "--timeout=60s"]);
        assert_eq!(
            lab.addr_holders(&vip),
            [crashed],
            "after the crashed stack restarted"
        );
        assert_eq!(lab.locate("v"), [crashed]);
        println!("two-node: after the stack restart the address is on {crashed} only");
    }

    let samples = prober.stop();
    let gaps = probe::gaps(&samples);
    println!(
        "two-node: {} probes, {} outages: {:?} ms",
        samples.len(),
        gaps.len(),
        gaps.iter()
            .map(|g| g.length(&samples).as_millis())
            .collect::<Vec<_>>()
    );

    ipv6_standby(&lab);
}

/// 5. An IPv6 VIP fails over on standby too (unsolicited neighbour advertisements).
fn ipv6_standby(lab: &Lab) {
    let vip6 = lab.topo().spare_v6(0);
    let _responders6: Vec<Responder> = lab
        .node_names()
        .iter()
        .map(|n| Responder::start(lab.ns(n), vip6.into(), PORT, n))
        .collect();
    lab.pcs(&[
        "resource",
        "create",
        "v6",
        AGENT,
        &format!("ip={vip6}"),
        "cidr_netmask=64",
        "nic=eth0",
        "meta",
        "resource-stickiness=100",
        "op",
        "monitor",
        "interval=2s",
    ]);
    let from = lab.wait_started("v6", Duration::from_secs(30));
    let to = other(&from);
    let prober6 = Prober::start(lab.client(), vip6.into(), PORT, PROBE_EVERY);
    assert!(
        prober6.wait_served(Some(&from), Duration::from_secs(10)),
        "IPv6 client not served by {from}"
    );
    let t = prober6.now();
    lab.pcs(&["node", "standby", &from]);
    lab.wait_started_on("v6", to, Duration::from_secs(30));
    assert!(
        prober6.wait_served(Some(to), Duration::from_secs(10)),
        "IPv6 client not served by {to}"
    );
    report(
        &prober6,
        &format!("IPv6 VIP, standby {from}"),
        t,
        prober6.now(),
    );
    assert_eq!(lab.addr_holders(&vip6.to_string()), [to]);
    lab.pcs(&["node", "unstandby", &from]);
}
