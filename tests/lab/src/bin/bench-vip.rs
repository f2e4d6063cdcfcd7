//! `bench-vip`: action latency of `ocf:rustha:vip` against `ocf:heartbeat:IPaddr2`, in one run,
//! in one network namespace, alternating agents so both see the same machine state.
//!
//! The bench enters the namespace itself (setns) and spawns the agents directly, so the
//! figures are the agents' own cost, not `ip netns exec`'s. Wall time is spawn-to-exit;
//! CPU time is user+system of the agent and everything it forked (wait4 rusage).

use std::time::Duration;

use rustha_harness::bin;
use rustha_harness::netns::Topology;
use rustha_lab::bench::{action_table, ocf_command, settings, timed, Knob, Sample};

const ABOUT: &str = "Action latency of ocf:rustha:vip against ocf:heartbeat:IPaddr2";

const IPADDR2: &str = "/usr/lib/ocf/resource.d/heartbeat/IPaddr2";

const KNOBS: &[Knob] = &[Knob {
    name: "rounds",
    env: "BENCH_VIP_ROUNDS",
    default: Some("15"),
    help: "Rounds of start, monitor and stop of each agent",
}];

fn run(agent: &str, params: &[(&str, String)], action: &str) -> Sample {
    let mut c = ocf_command(&[agent], action, "bench", 20000);
    for (k, v) in params {
        c.env(format!("OCF_RESKEY_{k}"), v);
    }
    let s = timed(&mut c);
    let ok = match action {
        "monitor" => matches!(s.code, Some(0) | Some(7)),
        _ => s.code == Some(0),
    };
    assert!(ok, "{agent} {action} exited {:?}", s.code);
    s
}

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let rounds: usize = s.get("rounds");
    rustha_harness::require_root();
    let topo = Topology::new(&["node1"]);
    // Back home before the topology is dropped: it kills every process inside its namespaces.
    let home = std::fs::File::open("/proc/self/ns/net").expect("own netns");
    let ns = std::fs::File::open(format!("/run/netns/{}", topo.ns("node1").name())).expect("netns");
    nix::sched::setns(ns, nix::sched::CloneFlags::CLONE_NEWNET).expect("setns");
    let vip = bin("vip");
    let vip = vip.to_str().unwrap();
    let ip = topo.spare_v4(0).to_string();
    let base = vec![
        ("ip", ip.clone()),
        ("cidr_netmask", "24".to_string()),
        ("nic", "eth0".to_string()),
    ];
    let mut no_probe = base.clone();
    no_probe.push(("dup_check", "false".into()));
    type Agent<'a> = (&'a str, &'a str, &'a [(&'a str, String)]);
    let agents: [Agent<'_>; 3] = [
        ("IPaddr2", IPADDR2, &base),
        ("vip", vip, &base),
        ("vip dup_check=false", vip, &no_probe),
    ];
    let actions = ["start", "monitor", "stop", "monitor"];
    // results[agent][action] = samples
    let mut results: Vec<Vec<Vec<Sample>>> = (0..agents.len())
        .map(|_| (0..actions.len()).map(|_| Vec::new()).collect())
        .collect();
    for _ in 0..rounds {
        for (ai, (_, path, params)) in agents.iter().enumerate() {
            for (ki, action) in actions.iter().enumerate() {
                results[ai][ki].push(run(path, params, action));
            }
            // Let a background announcer of the previous start finish its work elsewhere.
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let labels = ["start", "monitor (running)", "stop", "monitor (stopped)"];
    println!(
        "\nvip action time vs IPaddr2, medians of {rounds} rounds, same namespace, same run\n"
    );
    let names: Vec<&str> = agents.iter().map(|(n, _, _)| *n).collect();
    action_table("IPaddr2", &labels, &names, &results);
    println!(
        "\n`vip` start includes its duplicate-address probe (default dup_check_timeout=30ms, \
         all of it spent listening for another owner); IPaddr2 has none."
    );
    nix::sched::setns(home, nix::sched::CloneFlags::CLONE_NEWNET).expect("setns home");
}
