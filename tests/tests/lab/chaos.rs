//! The fault campaign (`lab chaos`) as `make test` runs it: a short campaign on the seed
//! guides' stack finds no invariant violation; and the campaign can fail: with mysql-mm's guard
//! against promoting beside a writable peer switched off (the test-only knob), the same fault
//! that passes with the guard yields two writable MariaDB servers, and the campaign says so and
//! exits nonzero.
//!
//! The short campaign draws the faults that are safe without fencing: a silent partition, a cut
//! link or a dead cluster stack leave a node holding its resources while the others take them
//! over, which only fencing prevents (`make chaos` draws every kind and lets the invariants judge).

use std::process::{Command, Output};
use std::sync::Mutex;

/// One campaign at a time: each is a three-node cluster with databases.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The faults the lab survives without fencing.
const WITHOUT_FENCING: &str =
    "node-crash,proxy-kill,sigstop,backend-kill,db-primary-kill,netem,disk-full,rsync-peer-down,several";

fn campaign(args: &[&str]) -> (Output, String) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let out_dir = rustha_harness::proxy::TempDir::new("chaos-out");
    let bin_dir = rustha_harness::bin_dir();
    let out = Command::new(rustha_harness::bin("lab"))
        .arg("chaos")
        .arg("--bin-dir")
        .arg(&bin_dir)
        .arg("--out")
        .arg(&out_dir.0)
        .args(args)
        .output()
        .expect("run lab chaos");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{text}{}", String::from_utf8_lossy(&out.stderr));
    (out, text)
}

/// The number on the campaign's last line, `violations: N`.
fn violations(text: &str) -> usize {
    let last = text.lines().last().unwrap_or_default();
    last.strip_prefix("violations: ")
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("last line is not 'violations: N': {last:?}"))
}

#[test]
fn a_short_campaign_finds_no_violation() {
    rustha_harness::require_root();
    let (out, text) = campaign(&["--seed", "7", "--steps", "10", "--faults", WITHOUT_FENCING]);
    assert_eq!(text.lines().filter(|l| l.starts_with("step ")).count(), 10);
    assert!(text.contains("| fault | count | worst gap ms | median gap ms | violations |"));
    // The invariants on acknowledged writes say something only if writes were acknowledged.
    let writes = text
        .lines()
        .find_map(|l| l.strip_prefix("chaos: ")?.split_once(" MariaDB and "))
        .map(|(m, rest)| {
            (
                m.to_string(),
                rest.split_whitespace().next().unwrap_or("").to_string(),
            )
        })
        .expect("the line counting the acknowledged writes");
    assert!(
        writes.0.parse::<u64>().is_ok_and(|n| n > 0)
            && writes.1.parse::<u64>().is_ok_and(|n| n > 0),
        "no MariaDB or no PostgreSQL write acknowledged through the VIP: {writes:?}"
    );
    assert_eq!(violations(&text), 0, "the campaign found violations");
    assert!(out.status.success(), "{}", out.status);
}

#[test]
fn without_its_guard_mysql_mm_promotes_beside_a_writable_peer_and_the_campaign_says_so() {
    rustha_harness::require_root();
    // The cluster stack of the writable database's node dies, its server keeps running.
    let fault = ["--seed", "1", "--steps", "1", "--faults", "pacemaker-kill"];
    let (_, guarded) = campaign(&fault);
    assert!(
        !guarded.contains("MariaDB writable on"),
        "two writable servers although the guard is on"
    );
    let mut args = fault.to_vec();
    args.extend(["--unguard", "mysql-mm-writable-peer"]);
    let (out, unguarded) = campaign(&args);
    assert!(
        unguarded.contains("MariaDB writable on"),
        "the campaign did not see the second writable server"
    );
    assert!(violations(&unguarded) > 0);
    assert!(!out.status.success());
}
