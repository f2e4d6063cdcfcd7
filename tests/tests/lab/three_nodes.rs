//! All six agents in a real three-node Pacemaker cluster, created with `pcs` as the README
//! shows: the group of vip, osm-failover and filesync moving among the three nodes, the proxy and
//! pgsqlchk as clones on every node, mysql-mm as a promotable clone kept to two of the three by a
//! location constraint (the third node's probes answer "not running", never an error), with the
//! lab's fence device. The node of the writable database is powered off, then the node the group
//! runs on: each time the others fence it, everything it ran recovers on them, and the node
//! comes back and rejoins. The cluster ends with every resource started where it should be, nothing
//! FAILED, blocked or stopped, and no fail count.

use std::time::{Duration, Instant};

use rustha_harness::probe::{echo_round_trip, http_status, Echo};
use rustha_harness::proxy::TempDir;
use rustha_lab::db::LabPair;
use rustha_lab::lab::{Lab, LabConfig};
use rustha_lab::stack::{
    clone_nodes, db_commands, fail_counts, pcs_each, pgsqlchk_config, service_args, sorted, status,
    words,
};

const ECHO_PORT: u16 = 7000;
const LB_PORT: u16 = 18080;
const CHK_PORT: u16 = 18090;

#[test]
fn six_agents_on_three_nodes_survive_a_power_failure() {
    rustha_harness::require_root();
    for a in rustha_harness::AGENTS {
        rustha_harness::bin(a);
    }
    let lab = Lab::with_config(LabConfig {
        nodes: 3,
        extra_hosts: vec!["app1".into()],
        fencing: true,
        ..LabConfig::default()
    });
    let app = lab.topo().addr("app1");
    let _echo = Echo::start(lab.ns("app1"), app.into(), ECHO_PORT);
    let vip = lab.topo().spare_v4(0).to_string();
    let d = TempDir::new("lab-three");
    let lb_cfg = d.write(
        "lb.cfg",
        &format!(
            "global\n  maxconn 200\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 5m\n  timeout server 5m\n\
listen lb\n  bind 0.0.0.0:{LB_PORT}\n  server app1 {app}:{ECHO_PORT} check inter 1s\n"
        ),
    );
    let chk_cfg = d.write("pgsqlchk.json", &pgsqlchk_config(CHK_PORT));
    for n in lab.node_names() {
        lab.ok(&n, &["mkdir", "-p", "/run/fs-src", "/run/fs-dst"]);
        lab.ok(&n, &["sh", "-c", "echo seed > /run/fs-src/seed"]);
    }
    let pair = LabPair::start(&lab, "node1", "node2");

    // The commands an administrator types, in order.
    let svc = service_args(&lab, &vip, &chk_cfg);
    let lb = format!("config={}", lb_cfg.display());
    let t = Instant::now();
    let mut commands = vec![
        svc.ip,
        svc.osm,
        words(&[
            "resource",
            "create",
            "sync",
            "ocf:rustha:filesync",
            "source=/run/fs-src",
            "target=/run/fs-dst",
        ]),
    ];
    for c in &mut commands {
        c.extend(words(&["--group", "svc"]));
    }
    commands.extend([
        words(&["resource", "create", "lb", "ocf:rustha:proxy", &lb, "clone"]),
        svc.chk,
    ]);
    // Two instances, kept off the third node: crm_mon then lists no stopped instance.
    commands.extend(db_commands(&pair, "db"));
    pcs_each(&lab, &commands);
    lab.pcs(&["resource", "enable", "db"]);

    let all = sorted(&["node1", "node2", "node3"]);
    lab.wait_for("every resource started", Duration::from_secs(120), || {
        let out = status(&lab);
        clone_nodes(&out, "lb-clone", "Started:") == all
            && clone_nodes(&out, "chk-clone", "Started:") == all
            && clone_nodes(&out, "db-clone", "Promoted:").len() == 1
            && clone_nodes(&out, "db-clone", "Unpromoted:").len() == 1
            && lab.locate("sync").len() == 1
    });
    println!(
        "all six agents started on three nodes {} ms after the first pcs command\n{}",
        t.elapsed().as_millis(),
        status(&lab)
    );
    lab.wait_started("sync", Duration::from_secs(10));
    let writer = clone_nodes(&status(&lab), "db-clone", "Promoted:")[0].clone();
    assert_ne!(writer, "node3");
    // The third node answered the database's probes "not running": no failure anywhere.
    assert!(fail_counts(&lab).is_empty(), "{:?}", fail_counts(&lab));

    // Served through the proxy and by pgsqlchk on every node.
    for n in lab.node_names() {
        let addr = lab.topo().addr(&n);
        let mut s = lab.client_connect((addr, LB_PORT).into());
        assert_eq!(echo_round_trip(&mut s, &n), n);
        let mut c = lab.client_connect((addr, CHK_PORT).into());
        assert_eq!(http_status(&mut c, "/liveness"), "HTTP/1.1 200 OK");
    }

    // Power failures: first the writable database's node, then the node the group runs on.
    let mut victims = vec![writer.clone()];
    for step in 0..2 {
        if step == 1 {
            victims.push(lab.locate("sync")[0].clone());
        }
        let victim = victims[step].clone();
        let writer = clone_nodes(&status(&lab), "db-clone", "Promoted:")[0].clone();
        let group_on = lab.locate("sync")[0].clone();
        let survivors: Vec<String> = all.iter().filter(|n| **n != victim).cloned().collect();
        let t = Instant::now();
        lab.power_off(&victim);
        lab.wait_for(
            &format!("recovery from the power failure of {victim}"),
            Duration::from_secs(90),
            || {
                let out = status(&lab);
                let group = lab.locate("sync");
                clone_nodes(&out, "lb-clone", "Started:") == survivors
                    && clone_nodes(&out, "chk-clone", "Started:") == survivors
                    && clone_nodes(&out, "db-clone", "Promoted:")
                        .first()
                        .is_some_and(|n| *n != victim)
                    && group.len() == 1
                    && survivors.contains(&group[0])
                    && lab.is_started(&group[0], "ip")
                    && lab.is_started(&group[0], "osm")
                    && lab.is_started(&group[0], "sync")
            },
        );
        // Recovery waited for the fence device to confirm the node off.
        let fenced = lab.power_events();
        let by = fenced
            .iter()
            .rfind(|e| e.node == victim && e.action == "off")
            .unwrap_or_else(|| panic!("{victim} recovered from without being fenced: {fenced:?}"))
            .by
            .clone();
        println!("{victim} fenced by {by}");
        let now_writer = clone_nodes(&status(&lab), "db-clone", "Promoted:")[0].clone();
        println!(
            "{victim} powered off (database writable on {writer}, group on {group_on}): recovered after {} ms, database writable on {now_writer}, group on {}",
            t.elapsed().as_millis(),
            lab.locate("sync")[0]
        );
        // It comes back: clones start there again, a database node rejoins unpromoted.
        let t = Instant::now();
        lab.boot(&victim);
        lab.wait_for(
            &format!("{victim} back with its instances"),
            Duration::from_secs(120),
            || {
                let out = status(&lab);
                clone_nodes(&out, "lb-clone", "Started:") == all
                    && clone_nodes(&out, "chk-clone", "Started:") == all
                    && clone_nodes(&out, "db-clone", "Promoted:") == [now_writer.clone()]
                    && clone_nodes(&out, "db-clone", "Unpromoted:").len() == 1
            },
        );
        println!(
            "{victim} back: rejoined after {} ms",
            t.elapsed().as_millis()
        );
    }
    // The end state as a snapshot with no action in flight: a recurring monitor running at
    // that instant makes crm_mon list the clone's instances one by one, stopped ones included.
    let mut out = String::new();
    lab.wait_for(
        "a status with no action in flight",
        Duration::from_secs(30),
        || {
            out = status(&lab);
            ![
                "(Starting)",
                "(Stopping)",
                "(Monitoring)",
                "(Promoting)",
                "(Demoting)",
            ]
            .iter()
            .any(|p| out.contains(p))
        },
    );
    println!("{out}");
    let failures = lab
        .try_ok(&lab.admin_node(), &["crm_mon", "-1", "--include=failures"])
        .unwrap_or_default();
    if failures.contains("Failed Resource Actions") || out.contains("FAILED") {
        for m in [&pair.a, &pair.b] {
            let log = m.error_log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            println!("--- MariaDB error log of {}:", m.name);
            for l in tail.iter().rev() {
                println!("{l}");
            }
        }
    }
    for bad in ["FAILED", "blocked", "Stopped"] {
        assert!(!out.contains(bad), "'{bad}' in the end state:\n{out}");
    }
    let counts = fail_counts(&lab);
    assert!(
        counts.is_empty(),
        "unexplained fail counts: {counts:?}\n{out}"
    );
    assert!(
        !failures.contains("Failed Resource Actions"),
        "failed actions:\n{failures}"
    );
    lab.pcs(&["resource", "disable", "db"]);
    lab.wait_for(
        "both database servers stopped",
        Duration::from_secs(60),
        || pair.a.pid().is_none() && pair.b.pid().is_none(),
    );
}
