//! The namespace harness itself: a topology is reachable end to end (IPv4 and IPv6 at once),
//! cut/heal works, and dropping it leaves no namespace behind.

use rustha_harness::netns::{self, Netns, Topology};

fn ping(from: &Netns, to: &str) -> bool {
    from.run(&["ping", "-c1", "-W1", to]).status.success()
}

#[test]
fn topology_pings_and_leaves_nothing() {
    rustha_harness::require_root();
    let before = netns::list();
    let names;
    let mut sleeper;
    {
        let topo = Topology::new(&["node1", "client"]);
        names = topo.namespaces();
        let id = topo.run_id();
        for n in &names {
            assert!(n.contains(&id), "{n} lacks the run id {id}");
            assert!(netns::exists(n), "{n} was not created");
        }
        let client = topo.ns("client");
        assert!(
            ping(client, &topo.addr("node1").to_string()),
            "IPv4 ping across the bridge"
        );
        // nodad: IPv6 is usable immediately, no waiting for duplicate address detection.
        assert!(
            ping(client, &topo.addr6("node1").to_string()),
            "IPv6 ping across the bridge"
        );
        assert!(
            ping(topo.ns("node1"), &topo.addr("client").to_string()),
            "ping back"
        );

        // A spare address added by hand is reachable, then the link cut makes it unreachable.
        let vip = topo.spare_v4(0).to_string();
        topo.ns("node1")
            .ip(&["addr", "add", &format!("{vip}/24"), "dev", "eth0"]);
        assert!(topo.ns("node1").has_addr(&vip));
        assert!(ping(client, &vip));
        topo.cut("node1");
        assert!(
            !ping(client, &vip),
            "ping must fail while node1's link is cut"
        );
        topo.heal("node1");
        assert!(ping(client, &vip), "ping after heal");
        topo.isolate("node1");
        assert!(
            !ping(client, &vip),
            "ping must fail while node1 is isolated"
        );
        topo.heal("node1");
        assert!(ping(client, &vip), "ping after heal of the isolation");

        // Something running inside a namespace does not keep it alive past the drop.
        sleeper = topo
            .ns("node1")
            .command("sleep")
            .arg("600")
            .stdin(std::process::Stdio::null())
            .spawn()
            .expect("spawn sleep");
        let mac = topo.ns("node1").mac("eth0");
        assert_eq!(mac.len(), 17, "MAC {mac}");
    }
    // The process inside was killed by the teardown.
    assert!(!sleeper.wait().unwrap().success());
    let after = netns::list();
    for n in &names {
        assert!(!after.contains(n), "{n} left behind: {after:?}");
    }
    // Nothing else appeared either (namespaces of parallel tests come and go; only ours matter).
    let ours: Vec<_> = after
        .iter()
        .filter(|n| !before.contains(n) && names.contains(n))
        .collect();
    assert!(ours.is_empty());
}

#[test]
fn topologies_in_parallel_do_not_collide() {
    rustha_harness::require_root();
    let a = Topology::new(&["h"]);
    let b = Topology::new(&["h"]);
    assert_ne!(a.run_id(), b.run_id());
    assert_ne!(a.subnet(), b.subnet());
    // Separate bridges: a's host cannot reach b's.
    assert!(!ping(a.ns("h"), &b.addr("h").to_string()));
}

#[test]
fn drop_on_panic_tears_down() {
    rustha_harness::require_root();
    let names = std::sync::Mutex::new(Vec::new());
    let r = std::panic::catch_unwind(|| {
        let topo = Topology::new(&["x"]);
        *names.lock().unwrap() = topo.namespaces();
        panic!("test panic with a live topology");
    });
    assert!(r.is_err());
    let names = names.into_inner().unwrap();
    assert!(!names.is_empty());
    for n in names {
        assert!(!netns::exists(&n), "{n} survived a panic");
    }
}

/// A process that dies without running any destructor (as on Ctrl-C or SIGKILL) still leaves
/// nothing behind: the watchdog removes its namespaces.
#[test]
fn killed_process_leaves_nothing() {
    rustha_harness::require_root();
    if std::env::var_os("RUSTHA_NETNS_CHILD").is_some() {
        let topo = Topology::new(&["k"]);
        println!("\nNAMES {}", topo.namespaces().join(" "));
        use std::io::Write;
        std::io::stdout().flush().unwrap();
        std::process::abort();
    }
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "killed_process_leaves_nothing",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RUSTHA_NETNS_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("NAMES ").map(|(_, n)| n))
        .unwrap_or_else(|| {
            panic!(
                "child printed no names: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let names: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(names.len(), 2);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while names.iter().any(|n| netns::exists(n)) {
        assert!(
            std::time::Instant::now() < deadline,
            "watchdog did not remove {names:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
