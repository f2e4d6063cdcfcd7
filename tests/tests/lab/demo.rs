//! `lab demo` end to end (what `make demo` runs): the service of the seed guides (VIP + proxy in
//! front of two application servers) must be reached through the proxy after each of the five
//! faults (a failed health check, a killed proxy daemon, standby, cut link, crash): by the backup
//! server, by the restarted proxy on the same node, and by the other node's proxy after each node
//! fault; the run must end with the address and the proxy on one node, write the timeline
//! and its picture, and leave no namespace or process behind. Its measured gaps are printed, not
//! judged.

use std::process::Command;

/// One row of the per-fault summary after the timeline: the fault and who served the client
/// from just before it to the next fault (`<node>/<application server>`, in order).
struct Row {
    fault: String,
    servers: Vec<String>,
}

fn summary(stdout: &str) -> Vec<Row> {
    let Some(table) = stdout.split("\n   fault ").nth(1) else {
        return Vec::new();
    };
    table
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| {
            rustha_harness::measured(&format!("demo: {}", l.trim()));
            let (head, servers) = l.split_once(" ms   ")?;
            let fault = head.trim_end().trim_end_matches(char::is_numeric).trim();
            Some(Row {
                fault: fault.to_string(),
                servers: servers
                    .split(" -> ")
                    .map(|s| s.trim().to_string())
                    .collect(),
            })
        })
        .collect()
}

fn node_of(server: &str) -> &str {
    server.split('/').next().unwrap_or("")
}

#[test]
fn demo_serves_through_the_proxy_across_five_faults_and_writes_the_timeline() {
    rustha_harness::require_root();
    let bin_dir = rustha_harness::bin_dir();
    rustha_harness::bin("vip");
    rustha_harness::bin("proxy");
    let out_dir = std::env::temp_dir().join(format!("rustha-demo-{}", std::process::id()));
    let out = Command::new(rustha_harness::bin("lab"))
        .args(["demo", "--bin-dir"])
        .arg(&bin_dir)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .expect("run lab demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    let svg = std::fs::read_to_string(out_dir.join("failover-demo.svg"));
    let txt = std::fs::read_to_string(out_dir.join("failover-demo.txt"));
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(out.status.success(), "lab demo failed: {}", out.status);
    assert!(stdout.contains("left behind: nothing"), "{stdout}");
    // After each fault the demo waits for the client to be served the new way (by app2, or
    // through the other node's proxy) and says so when that never happened.
    assert!(!stdout.contains("was not served"), "{stdout}");
    assert!(
        stdout.contains("pcs resource create proxy ocf:rustha:proxy config=")
            && stdout.contains("--group svc"),
        "{stdout}"
    );

    let rows = summary(&stdout);
    let faults: Vec<&str> = rows.iter().map(|r| r.fault.as_str()).collect();
    assert_eq!(
        rows.len(),
        5,
        "five faults summarised: {faults:?}\n{stdout}"
    );
    for r in &rows {
        // Every answer came from an application server through a node's proxy.
        for s in &r.servers {
            let (node, app) = s.split_once('/').unwrap_or_default();
            assert!(
                node.starts_with("node") && app.starts_with("app"),
                "{}: answer {s:?} did not come through a node's proxy\n{stdout}",
                r.fault
            );
        }
    }
    // The failed health check: the proxy moved the client to the backup server, on the same node.
    let health = &rows[0];
    assert!(health.fault.contains("health check"), "{}", health.fault);
    assert!(
        health.servers.iter().any(|s| s == "node1/app2"),
        "the proxy did not route around app1: {:?}",
        health.servers
    );
    // The killed proxy: Pacemaker restarted it in place, the client stayed with node1.
    let killed = &rows[1];
    assert!(killed.fault.contains("killed"), "{}", killed.fault);
    assert!(
        killed.servers.iter().all(|s| node_of(s) == "node1"),
        "{:?}",
        killed.servers
    );
    // Each node fault: served afterwards through the other node's proxy.
    for r in &rows[2..] {
        let (first, last) = (&r.servers[0], &r.servers[r.servers.len() - 1]);
        assert_ne!(
            node_of(first),
            node_of(last),
            "{}: not served by the other node's proxy afterwards: {:?}",
            r.fault,
            r.servers
        );
    }

    let txt = txt.expect("text timeline written");
    for fault in [
        "FAULT: app1 fails its health check",
        "FAULT: proxy daemon on node1 killed",
        "FAULT: pcs node standby node1",
        "FAULT: link of",
        "crashed",
    ] {
        assert!(txt.contains(fault), "timeline lacks {fault:?}:\n{txt}");
    }
    assert!(
        txt.contains("answered by node1/") && txt.contains("answered by node2/"),
        "{txt}"
    );
    // Pacemaker's part, from the nodes' logs: the killed daemon found by the recurring monitor,
    // the proxy started on the other node by a failover.
    for action in [
        "pacemaker: node1: proxy monitor: not running",
        "pacemaker: node2: proxy started",
    ] {
        assert!(txt.contains(action), "timeline lacks {action:?}:\n{txt}");
    }
    assert_eq!(
        txt.matches("service regained").count(),
        txt.matches("service lost").count(),
        "{txt}"
    );

    let svg = svg.expect("SVG written");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(
        svg.matches(r##"stroke="#d62728" stroke-width="2""##)
            .count(),
        5,
        "five fault markers"
    );
}
