//! `vip` against real network namespaces: reachability, gratuitous ARP / unsolicited NA
//! replacing a stale neighbour entry, duplicate-address refusal, bad input, heartbeat
//! positional mode, and `ocf-tester`.

use std::process::Output;
use std::thread::sleep;
use std::time::{Duration, Instant};

use rustha_harness::netns::{Netns, Topology};
use rustha_harness::{bin, require_root};

/// Run `vip` inside `ns` with the given parameters and arguments.
fn vip(ns: &Netns, params: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = ns.command(bin("vip").to_str().unwrap());
    c.env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("OCF_ROOT", "/usr/lib/ocf")
        .env("RUSTHA_LOG_STDERR", "1");
    for (k, v) in params {
        c.env(format!("OCF_RESKEY_{k}"), v);
    }
    c.args(args).output().expect("run vip")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn exit_reason(o: &Output) -> String {
    stderr(o)
        .lines()
        .filter_map(|l| l.strip_prefix("ocf-exit-reason:"))
        .next_back()
        .unwrap_or_default()
        .to_string()
}

/// Everything about addresses and links in a namespace, to prove an action changed nothing.
/// Link-local IPv6 addresses are the kernel's (one appears when a fresh link finishes coming
/// up, whatever the test does): left out.
fn snapshot(ns: &Netns) -> String {
    let addrs: String = ns
        .ok(&["ip", "-o", "addr", "show"])
        .lines()
        .filter(|l| !l.contains("scope link"))
        .map(|l| format!("{l}\n"))
        .collect();
    let links = ns.ok(&["ip", "-o", "link", "show"]);
    format!("{addrs}\n{links}")
}

/// The MAC the client's neighbour table holds for `ip`, if any.
fn neighbour_mac(ns: &Netns, ip: &str) -> Option<String> {
    let out = ns.ok(&["ip", "neigh", "show", ip]);
    let mut words = out.split_whitespace();
    words.find(|w| *w == "lladdr")?;
    words.next().map(str::to_string)
}

/// start -> reachable from the client, stale neighbour entry replaced within 1 s;
/// stop -> address gone, monitor 7.
fn start_announce_stop(topo: &Topology, vip_addr: &str, prefix: &str) {
    let node = topo.ns("node1");
    let client = topo.ns("client");
    let node_mac = node.mac("eth0");
    let params = [("ip", vip_addr), ("cidr_netmask", prefix), ("nic", "eth0")];

    // A stale entry pointing at a MAC nobody has, older than the kernel's 1 s locktime (during
    // which Linux ignores an override of a freshly updated entry).
    client.ip(&[
        "neigh",
        "replace",
        vip_addr,
        "lladdr",
        "02:00:00:00:be:ef",
        "dev",
        "eth0",
        "nud",
        "stale",
    ]);
    sleep(Duration::from_millis(1100));

    assert_eq!(
        code(&vip(node, &params, &["monitor"])),
        7,
        "not running before start"
    );
    let started = Instant::now();
    let out = vip(node, &params, &["start"]);
    assert_eq!(code(&out), 0, "start failed: {}", stderr(&out));
    let start_ms = started.elapsed().as_secs_f64() * 1e3;
    assert!(node.has_addr(vip_addr));

    let mut learned = None;
    while started.elapsed() < Duration::from_secs(1) {
        if neighbour_mac(client, vip_addr).as_deref() == Some(node_mac.as_str()) {
            learned = Some(started.elapsed());
            break;
        }
        sleep(Duration::from_millis(5));
    }
    let learned = learned.unwrap_or_else(|| {
        panic!(
            "client still has {:?} for {vip_addr} 1 s after start (node MAC {node_mac})",
            neighbour_mac(client, vip_addr)
        )
    });
    println!(
        "{vip_addr}: start took {start_ms:.1} ms (process wall time); client learned the node's MAC after {:.1} ms",
        learned.as_secs_f64() * 1e3
    );

    let ping = if vip_addr.contains(':') {
        vec!["ping", "-6"]
    } else {
        vec!["ping"]
    };
    let mut argv = ping.clone();
    argv.extend(["-c1", "-W1", vip_addr]);
    client.ok(&argv);
    assert_eq!(code(&vip(node, &params, &["monitor"])), 0);

    let out = vip(node, &params, &["start"]);
    assert_eq!(
        code(&out),
        0,
        "second start must be a no-op: {}",
        stderr(&out)
    );

    let out = vip(node, &params, &["stop"]);
    assert_eq!(code(&out), 0, "stop failed: {}", stderr(&out));
    assert!(!node.has_addr(vip_addr), "address still present after stop");
    assert_eq!(code(&vip(node, &params, &["monitor"])), 7);
    assert_eq!(
        code(&vip(node, &params, &["stop"])),
        0,
        "stop of a stopped vip succeeds"
    );
    let mut argv = ping;
    argv.extend(["-c1", "-W1", vip_addr]);
    assert!(
        !client.run(&argv).status.success(),
        "VIP still answers after stop"
    );
}

#[test]
fn ipv4_start_announce_stop() {
    require_root();
    let topo = Topology::new(&["node1", "client"]);
    start_announce_stop(&topo, &topo.spare_v4(0).to_string(), "24");
}

#[test]
fn ipv6_start_announce_stop() {
    require_root();
    let topo = Topology::new(&["node1", "client"]);
    start_announce_stop(&topo, &topo.spare_v6(0).to_string(), "64");
}

/// Right after a link comes up, its link-local address is tentative for a second or two (the
/// kernel's own duplicate-address detection), and the kernel will not send from it: an IPv6
/// start then waits for it within the start timeout instead of failing to send its probe.
#[test]
fn ipv6_start_right_after_the_link_came_up() {
    require_root();
    let topo = Topology::new(&["node1", "client"]);
    let node = topo.ns("node1");
    let ip = topo.spare_v6(1).to_string();
    let params = [("ip", ip.as_str()), ("cidr_netmask", "64"), ("nic", "eth0")];
    node.ip(&["link", "set", "eth0", "down"]);
    node.ip(&["link", "set", "eth0", "up"]);
    // The kernel adds the link-local address once carrier follows; its DAD takes a second.
    let mut link_local = String::new();
    for _ in 0..50 {
        link_local = node.ok(&[
            "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link",
        ]);
        if !link_local.is_empty() {
            break;
        }
        sleep(Duration::from_millis(10));
    }
    assert!(
        link_local.contains("tentative"),
        "the link-local address should still be tentative: {link_local}"
    );
    let out = vip(node, &params, &["start"]);
    assert_eq!(code(&out), 0, "start: {}", stderr(&out));
    assert_eq!(code(&vip(node, &params, &["monitor"])), 0);
    // Announced and reachable: the client reaches the address.
    let client = topo.ns("client");
    let reached = (0..100).any(|_| {
        let ok = client
            .command("ping")
            .args(["-6", "-c1", "-W1", &ip])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            sleep(Duration::from_millis(50));
        }
        ok
    });
    assert!(reached, "{ip} not reachable from the client");
    assert_eq!(code(&vip(node, &params, &["stop"])), 0);
}

/// A recurring monitor whose interface vanished is a failure of the running resource (1), not
/// a clean stop; a probe on a node without that interface still says "not running here" (7).
#[test]
fn recurring_monitor_of_a_vanished_interface_fails() {
    require_root();
    let topo = Topology::new(&["node1"]);
    let node = topo.ns("node1");
    // A second link inside the node (a veth pair, both ends here) that can vanish.
    let add_link = || {
        node.ip(&[
            "link", "add", "vipa0", "type", "veth", "peer", "name", "vipb0",
        ]);
        node.ip(&["link", "set", "vipb0", "up"]);
        node.ip(&["link", "set", "vipa0", "up"]);
        node.ip(&["addr", "add", "192.0.2.1/24", "dev", "vipa0"]);
    };
    add_link();
    let recurring = ("CRM_meta_interval", "10000");
    for params in [
        &[("ip", "192.0.2.10"), ("nic", "vipa0")][..],
        &[("ip", "192.0.2.10")][..],
    ] {
        let with_interval: Vec<_> = params.iter().copied().chain([recurring]).collect();
        let out = vip(node, params, &["start"]);
        assert_eq!(code(&out), 0, "{params:?} start: {}", stderr(&out));
        assert_eq!(code(&vip(node, &with_interval, &["monitor"])), 0);
        node.ip(&["link", "del", "vipa0"]);
        let out = vip(node, &with_interval, &["monitor"]);
        assert_eq!(
            code(&out),
            1,
            "{params:?} recurring monitor: {}",
            stderr(&out)
        );
        let reason = exit_reason(&out);
        assert!(
            reason.contains("vipa0") || reason.contains("192.0.2.10"),
            "{reason}"
        );
        assert_eq!(
            code(&vip(node, params, &["monitor"])),
            7,
            "{params:?} probe"
        );
        assert_eq!(code(&vip(node, params, &["stop"])), 0, "{params:?} stop");
        add_link();
    }
}

#[test]
fn refuses_an_address_another_host_holds() {
    require_root();
    let topo = Topology::new(&["node1", "client", "other"]);
    let node = topo.ns("node1");
    let other = topo.ns("other");
    let other_mac = other.mac("eth0");
    for (ip, prefix) in [
        (topo.spare_v4(1).to_string(), "24"),
        (topo.spare_v6(1).to_string(), "64"),
    ] {
        other.ip(&[
            "addr",
            "add",
            &format!("{ip}/{prefix}"),
            "dev",
            "eth0",
            "nodad",
        ]);
        let before = snapshot(node);
        let out = vip(
            node,
            &[("ip", &ip), ("cidr_netmask", prefix), ("nic", "eth0")],
            &["start"],
        );
        assert_eq!(
            code(&out),
            1,
            "start must fail with OCF_ERR_GENERIC: {}",
            stderr(&out)
        );
        let reason = exit_reason(&out);
        assert!(
            reason.contains(&other_mac),
            "reason must name the other MAC {other_mac}: {reason}"
        );
        assert!(reason.contains(&ip), "{reason}");
        assert_eq!(
            snapshot(node),
            before,
            "a refused start must change nothing"
        );
        // The nic is found from the routing table too, with the same refusal.
        let out = vip(node, &[("ip", &ip)], &["start"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert_eq!(snapshot(node), before);
    }
}

/// A cut-off node must not report a start that its next monitor would fail: on a link without
/// carrier start fails (after a short grace for carrier to follow a raised interface), adds
/// nothing, and succeeds once the link is back.
#[test]
fn start_refuses_a_link_without_carrier() {
    require_root();
    let topo = Topology::new(&["node1"]);
    let node = topo.ns("node1");
    let ip = topo.spare_v4(2).to_string();
    let params = [("ip", ip.as_str()), ("cidr_netmask", "24"), ("nic", "eth0")];
    topo.cut("node1");
    // The kernel's own link-local address may still be finishing DAD: not ours to compare.
    let settled = |s: String| s.replace(" tentative", "");
    let before = settled(snapshot(node));
    let out = vip(node, &params, &["start"]);
    assert_eq!(code(&out), 1, "start without carrier: {}", stderr(&out));
    let reason = exit_reason(&out);
    assert!(
        reason.contains("no carrier") && reason.contains("eth0"),
        "reason must say the link has no carrier: {reason}"
    );
    assert_eq!(
        settled(snapshot(node)),
        before,
        "a refused start must add nothing"
    );
    assert_eq!(code(&vip(node, &params, &["monitor"])), 7);
    topo.heal("node1");
    let out = vip(node, &params, &["start"]);
    assert_eq!(code(&out), 0, "start after heal: {}", stderr(&out));
    assert_eq!(code(&vip(node, &params, &["monitor"])), 0);
    assert_eq!(code(&vip(node, &params, &["stop"])), 0);
}

#[test]
fn bad_input_exits_with_the_ocf_code_and_changes_nothing() {
    require_root();
    let topo = Topology::new(&["node1"]);
    let node = topo.ns("node1");
    let spare = topo.spare_v4(2).to_string();
    let before = snapshot(node);
    // (parameters, action, expected exit code, text the exit reason must contain)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, i32, &'a str);
    let cases: &[Case<'_>] = &[
        (&[], "start", 6, "'ip'"),
        (&[], "validate-all", 6, "'ip'"),
        (&[("ip", "300.1.1.1")], "start", 6, "300.1.1.1"),
        (&[("ip", "300.1.1.1")], "validate-all", 6, "ip"),
        (
            &[("ip", &spare), ("cidr_netmask", "40")],
            "start",
            6,
            "cidr_netmask",
        ),
        (
            &[("ip", &spare), ("arp_count", "many")],
            "start",
            6,
            "arp_count",
        ),
        (&[("ip", &spare), ("nic", "nosuch0")], "start", 5, "nosuch0"),
        (
            &[("ip", &spare), ("nic", "nosuch0")],
            "validate-all",
            5,
            "nosuch0",
        ),
        // No interface has a connected route to this address: node-local, so 5, not 6.
        (&[("ip", "192.0.2.77")], "start", 5, "nic"),
        // A label too long for the interface: everywhere when nic names it, here otherwise.
        (
            &[("ip", &spare), ("nic", "eth0"), ("iflabel", "toolonglabel")],
            "start",
            6,
            "eth0:toolonglabel",
        ),
        (
            &[("ip", &spare), ("iflabel", "toolonglabel")],
            "start",
            5,
            "eth0:toolonglabel",
        ),
        // IPaddr's legacy NIC:LABEL form: refused, saying how to write it.
        (
            &[("ip", &spare), ("nic", "eth0:1")],
            "start",
            6,
            "iflabel=1",
        ),
        (
            &[("ip", &spare), ("nic", "eth0:1")],
            "validate-all",
            6,
            "nic=eth0",
        ),
        // A stop of what these parameters cannot describe has nothing to do.
        (&[], "stop", 0, ""),
        (&[("ip", "300.1.1.1")], "stop", 0, ""),
        (&[("ip", &spare), ("nic", "eth0:1")], "stop", 0, ""),
        (&[("ip", &spare), ("nic", "nosuch0")], "stop", 0, ""),
    ];
    for (params, action, want, needle) in cases {
        let out = vip(node, params, &[action]);
        let reason = exit_reason(&out);
        assert_eq!(code(&out), *want, "{params:?} {action}: {}", stderr(&out));
        assert!(
            reason.contains(needle),
            "{params:?} {action}: reason '{reason}' lacks {needle}"
        );
        assert_eq!(
            snapshot(node),
            before,
            "{params:?} {action} changed the system"
        );
    }
    // A probe on a node without the interface reports "not running", not an error.
    assert_eq!(
        code(&vip(
            node,
            &[("ip", &spare), ("nic", "nosuch0")],
            &["monitor"]
        )),
        7
    );
    // validate-all of a good configuration succeeds and changes nothing either.
    assert_eq!(
        code(&vip(
            node,
            &[("ip", &spare), ("nic", "eth0")],
            &["validate-all"]
        )),
        0
    );
    assert_eq!(code(&vip(node, &[("ip", &spare)], &["bogus-action"])), 3);
    assert_eq!(code(&vip(node, &[("ip", &spare)], &["promote"])), 3);
    assert_eq!(code(&vip(node, &[("ip", &spare)], &[])), 2);
    assert_eq!(snapshot(node), before);
}

#[test]
fn heartbeat_positional_mode() {
    require_root();
    let topo = Topology::new(&["node1", "client"]);
    let node = topo.ns("node1");
    let ip = topo.spare_v4(3).to_string();
    let arg = format!("{ip}/24/eth0");
    let out = vip(node, &[], &[&arg, "status"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "stopped");
    assert_eq!(code(&vip(node, &[], &[&arg, "start"])), 0);
    assert!(node.has_addr(&ip));
    let addr_line = node.ok(&["ip", "-o", "-4", "addr", "show", "dev", "eth0"]);
    assert!(addr_line.contains(&format!("{ip}/24")), "{addr_line}");
    let out = vip(node, &[], &[&arg, "status"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "running");
    assert_eq!(code(&out), 0);
    topo.ns("client").ok(&["ping", "-c1", "-W1", &ip]);
    assert_eq!(code(&vip(node, &[], &[&arg, "stop"])), 0);
    assert!(!node.has_addr(&ip));
    assert_eq!(
        code(&vip(node, &[], &[&arg, "stop"])),
        0,
        "heartbeat retries stop: must succeed"
    );
    let out = vip(node, &[], &[&arg, "status"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "stopped");
    // Broadcast from the positional form and a label given by name (`vip::IP/24/eth0/BRD::
    // iflabel=vip`) reach the kernel.
    let arg = format!("{ip}/24/eth0/{}", topo.subnet().v4(255));
    assert_eq!(code(&vip(node, &[], &[&arg, "iflabel=vip", "start"])), 0);
    let line = node.ok(&["ip", "-o", "-4", "addr", "show", "dev", "eth0"]);
    assert!(
        line.contains("eth0:vip") && line.contains(&format!("brd {}", topo.subnet().v4(255))),
        "{line}"
    );
    assert_eq!(code(&vip(node, &[], &[&arg, "iflabel=vip", "stop"])), 0);
    assert!(!node.has_addr(&ip));
    // A malformed entry: start refuses it (6), stop has nothing to do (heartbeat would retry
    // a failed stop and then reboot the node).
    for bad in [
        &[arg.as_str(), "label=vip"][..],
        &[arg.as_str(), "extra"][..],
    ] {
        let start: Vec<&str> = bad.iter().copied().chain(["start"]).collect();
        let out = vip(node, &[], &start);
        assert_eq!(code(&out), 6, "{bad:?}: {}", stderr(&out));
        let stop: Vec<&str> = bad.iter().copied().chain(["stop"]).collect();
        assert_eq!(code(&vip(node, &[], &stop)), 0, "{bad:?}");
    }
    assert!(!node.has_addr(&ip));
}

#[test]
fn ocf_tester_passes() {
    require_root();
    let topo = Topology::new(&["node1"]);
    let node = topo.ns("node1");
    for (ip, prefix) in [
        (topo.spare_v4(4).to_string(), "24"),
        (topo.spare_v6(4).to_string(), "64"),
    ] {
        let out = node.run(&[
            "ocf-tester",
            "-n",
            "t",
            "-o",
            &format!("ip={ip}"),
            "-o",
            &format!("cidr_netmask={prefix}"),
            "-o",
            "nic=eth0",
            bin("vip").to_str().unwrap(),
        ]);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        println!("{text}");
        assert!(out.status.success(), "ocf-tester failed for {ip}:\n{text}");
        assert!(text.contains("passed all tests"), "{text}");
        for bad in ["error", "warning", "WARNING", "failed"] {
            assert!(
                !text.contains(bad),
                "ocf-tester output mentions '{bad}':\n{text}"
            );
        }
    }
}

#[test]
fn every_log_line_names_instance_and_action() {
    require_root();
    let topo = Topology::new(&["node1"]);
    let node = topo.ns("node1");
    let ip = topo.spare_v4(5).to_string();
    for action in ["start", "monitor", "stop"] {
        let out = node
            .command(bin("vip").to_str().unwrap())
            .env("OCF_RESOURCE_INSTANCE", "web-vip")
            .env("OCF_RESKEY_ip", &ip)
            .env("RUSTHA_LOG", "debug")
            .env("RUSTHA_LOG_STDERR", "1")
            .arg(action)
            .output()
            .unwrap();
        assert!(out.status.success(), "{action}: {}", stderr(&out));
        let text = stderr(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert!(!lines.is_empty(), "{action} logged nothing at debug level");
        for line in lines {
            let (_level, rest) = line.split_once(' ').unwrap_or_default();
            assert!(
                rest.starts_with(&format!("vip(web-vip) {action}:")),
                "log line does not name instance and action: {line}"
            );
        }
    }
}
