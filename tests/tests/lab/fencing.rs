//! Fencing in the lab: the lab's power switch registered with Pacemaker as a fence device
//! (`fence_rustha_lab`, `stonith-enabled=true`). A silently partitioned node of a three-node
//! cluster is powered off by the fence agent, as `stonith_admin --history` and the power switch
//! record, before the resource it ran starts on another node (the order is read from the
//! switch's and Pacemaker's own timestamps); the agent then powers it on and it rejoins. The
//! agent refuses a node the lab does not have and callers outside the lab's nodes, and its
//! meta-data is well-formed XML.

use std::io::Write;
use std::process::{Output, Stdio};
use std::time::{Duration, SystemTime};

use rustha_lab::fence::AGENT;
use rustha_lab::lab::{Lab, LabConfig, FENCE_DEVICE};

fn fenced_lab(nodes: usize) -> Lab {
    Lab::with_config(LabConfig {
        nodes,
        fencing: true,
        ..LabConfig::default()
    })
}

/// Runs the fence agent on node `on` the way pacemaker-fenced does: `key=value` lines on stdin.
fn agent(lab: &Lab, on: &str, stdin: &str) -> Output {
    let mut child = lab
        .command(on, &format!("/usr/sbin/{AGENT}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the fence agent");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin.as_bytes())
        .expect("write the agent's stdin");
    child.wait_with_output().expect("fence agent output")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_partitioned_node_is_fenced_before_its_resource_starts_elsewhere_then_rejoins() {
    rustha_harness::require_root();
    rustha_harness::bin("vip");
    let lab = fenced_lab(3);
    assert!(lab.fencing());
    let config = lab.pcs(&["stonith", "config"]);
    assert!(config.contains(AGENT), "{config}");
    assert_eq!(
        lab.ok(
            "node1",
            &["crm_attribute", "-G", "-n", "stonith-enabled", "-q"]
        )
        .trim(),
        "true"
    );

    let vip = lab.topo().spare_v4(0).to_string();
    lab.pcs(&[
        "resource",
        "create",
        "v",
        "ocf:rustha:vip",
        &format!("ip={vip}"),
        "cidr_netmask=24",
        "nic=eth0",
        "op",
        "monitor",
        "interval=2s",
    ]);
    lab.pcs(&["constraint", "location", "v", "prefers", "node3=100"]);
    lab.wait_started_on("v", "node3", Duration::from_secs(30));
    assert_eq!(lab.addr_holders(&vip), ["node3"]);

    // node3 goes silent: its link stays up, nothing passes. The others must fence it before
    // they take the address over.
    let since = SystemTime::now();
    lab.isolate("node3");
    let survivor = std::cell::RefCell::new(String::new());
    lab.wait_for("v started on a survivor", Duration::from_secs(90), || {
        ["node1", "node2"].iter().any(|n| {
            let at = lab.locate_from(n, "v");
            let ok = at.len() == 1 && at[0] != "node3" && lab.is_started(&at[0], "v");
            if ok {
                *survivor.borrow_mut() = at[0].clone();
            }
            ok
        })
    });
    let survivor = survivor.into_inner();
    assert!(lab.is_powered_off("node3"), "node3 was not powered off");
    assert_eq!(lab.addr_holders(&vip), [survivor.as_str()]);

    // The power switch's record: node3 powered off, at the request of a node of the majority.
    let events = lab.power_events();
    println!("power switch: {events:?}");
    let off = events
        .iter()
        .find(|e| e.node == "node3" && e.action == "off")
        .unwrap_or_else(|| panic!("node3 was never powered off by the agent: {events:?}"));
    assert_ne!(off.by, "node3");
    assert!(
        events.iter().all(|e| e.node == "node3"),
        "only node3 may have been fenced: {events:?}"
    );
    let off_after = off.at.duration_since(since).expect("after the partition");

    // Pacemaker's record: the fencing succeeded.
    let history = lab.ok(&survivor, &["stonith_admin", "--history", "node3"]);
    println!("stonith_admin --history node3:\n{history}");
    assert!(
        history
            .lines()
            .any(|l| l.contains("off of node3 successful")),
        "{history}"
    );

    // The order: the survivor's start of v completed after node3 was off, and no start of v
    // anywhere (node3 included) came between the partition and the power-off.
    let starts: Vec<_> = ["node1", "node2"]
        .iter()
        .flat_map(|n| lab.actions(n, since))
        .filter(|a| a.resource == "v" && a.op == "start")
        .collect();
    println!(
        "node3 off {} ms after the partition; starts of v after it: {starts:?}",
        off_after.as_millis()
    );
    assert!(
        starts
            .iter()
            .any(|a| a.node == survivor && a.result == "ok" && a.after > off_after),
        "no start of v on {survivor} after node3 was off: {starts:?}"
    );
    assert!(
        starts.iter().all(|a| a.after > off_after),
        "v started before node3 was fenced: {starts:?}"
    );

    // Powered on through the agent (what an administrator does once the fault is fixed): the
    // node boots with its link back and rejoins.
    let on = agent(&lab, &survivor, "action=on\nport=node3\n");
    assert!(
        on.status.success(),
        "on: {}{}",
        text(&on.stdout),
        text(&on.stderr)
    );
    assert!(!lab.is_powered_off("node3"));
    lab.wait_online(Duration::from_secs(90));
    let status = agent(&lab, "node3", "action=status\nnodename=node3\n");
    assert_eq!(status.status.code(), Some(0), "{}", text(&status.stderr));
    assert!(text(&status.stdout).contains("ON"));
    // It rejoined with nothing of v on it (the preference for node3 may bring v back: either
    // way exactly one node holds the address, the one Pacemaker says).
    lab.ok(&survivor, &["crm_resource", "--wait", "--timeout=60s"]);
    let at = lab.wait_started("v", Duration::from_secs(60));
    assert_eq!(lab.addr_holders(&vip), [at.as_str()]);
    let events = lab.power_events();
    assert_eq!(
        events
            .iter()
            .map(|e| (e.node.as_str(), e.action.as_str()))
            .collect::<Vec<_>>(),
        [("node3", "off"), ("node3", "on")],
        "{events:?}"
    );
}

#[test]
fn the_agent_refuses_unknown_nodes_and_outside_callers_and_describes_itself() {
    rustha_harness::require_root();
    let lab = fenced_lab(2);
    lab.wait_started(FENCE_DEVICE, Duration::from_secs(30));

    // Meta-data: well-formed XML naming the agent, its parameters and actions.
    let meta = agent(&lab, "node1", "action=metadata\n");
    assert!(meta.status.success());
    let xml = text(&meta.stdout);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut elements = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                elements.push(e.name().into_inner().to_string())
            }
            Ok(_) => {}
            Err(e) => panic!("metadata is not well-formed XML: {e}\n{xml}"),
        }
    }
    assert_eq!(elements.first().map(String::as_str), Some("resource-agent"));
    assert!(elements.iter().any(|e| e == "parameters"));
    assert_eq!(elements.iter().filter(|e| *e == "action").count(), 8);
    // Pacemaker reads the same meta-data.
    let pcmk = lab.ok("node1", &["stonith_admin", "--metadata", "--agent", AGENT]);
    assert!(pcmk.contains("port"), "{pcmk}");

    // A node the lab does not have: a clear error, a failure exit, nothing powered.
    for stdin in ["action=off\nport=node9\n", "action=status\nplug=db1\n"] {
        let out = agent(&lab, "node1", stdin);
        let err = text(&out.stderr);
        println!(
            "{}: exit {:?}: {}",
            stdin.replace('\n', " "),
            out.status.code(),
            err.trim()
        );
        assert_eq!(out.status.code(), Some(1), "{stdin}: {err}");
        assert!(
            err.contains("no node") && err.contains("node1, node2"),
            "{stdin}: {err}"
        );
    }
    // No node at all, an unknown action.
    let out = agent(&lab, "node1", "action=off\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("needs a node"));
    let out = agent(&lab, "node1", "action=explode\nport=node2\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unknown action"));
    // A caller outside the lab's nodes (here: the test's own namespace) is refused, whatever
    // it names.
    let socket = lab.power_socket().expect("fencing on");
    let out = std::process::Command::new(rustha_lab::fence::agent_path(Some(
        &rustha_harness::bin_dir(),
    )))
    .args(["-o", "off", "-n", "node2", "-s"])
    .arg(&socket)
    .output()
    .expect("run the agent outside the lab");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("from the lab's nodes only"),
        "{}",
        text(&out.stderr)
    );
    assert!(lab.power_events().is_empty(), "{:?}", lab.power_events());
    assert!(!lab.is_powered_off("node2"));

    // The device's own checks answer: list, monitor, status of a node that is on.
    let list = agent(&lab, "node2", "action=list\n");
    assert!(list.status.success());
    assert_eq!(text(&list.stdout), "node1,\nnode2,\n");
    assert!(agent(&lab, "node2", "action=monitor\n").status.success());
    let status = agent(&lab, "node2", "action=status\nport=node1\n");
    assert_eq!(status.status.code(), Some(0));
    assert_eq!(text(&status.stdout).trim(), "Status: ON");
}

#[test]
fn in_a_two_node_partition_only_the_isolated_node_is_fenced() {
    rustha_harness::require_root();
    let lab = fenced_lab(2);
    // Both nodes lose each other and both try to fence; only node1 can still reach the power
    // switch, so there is no fence race to lose.
    lab.isolate("node2");
    lab.wait_for("node2 fenced", Duration::from_secs(60), || {
        lab.is_powered_off("node2")
    });
    lab.wait_for("node1 to see node2 fenced", Duration::from_secs(30), || {
        lab.try_ok("node1", &["stonith_admin", "--history", "node2"])
            .is_ok_and(|h| h.contains("off of node2 successful"))
    });
    assert!(!lab.is_powered_off("node1"));
    let events = lab.power_events();
    assert!(
        events.iter().all(|e| e.node == "node2" && e.by == "node1"),
        "{events:?}"
    );
    assert!(lab.stack_running("node1") && !lab.stack_running("node2"));
    // The isolated node's agent was refused, not obeyed: its own fence attempts failed.
    println!("power switch: {events:?}");
}
