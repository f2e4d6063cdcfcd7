//! `bench-keepalived`: the client-visible gaps of the keepalived guide's set-up (real keepalived
//! and HAProxy) against the Pacemaker cluster `rustha migrate --apply` builds from its
//! keepalived.conf, in one lab and one run, over several rounds of the same faults (proxy
//! killed, node crashed, link cut on the node holding the address) and their recoveries;
//! medians and ratios. See `rustha_lab::keepalived` for the set-up.

use std::process::ExitCode;

use rustha_lab::keepalived::{compare, table};

fn main() -> ExitCode {
    rustha_harness::require_root();
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let c = compare(rounds, &|l| println!("bench: {l}"));
    println!("\n{}", table(&c));
    let failed: Vec<&String> = c
        .keepalived
        .iter()
        .chain(&c.migrated)
        .filter_map(|o| o.as_ref().err())
        .collect();
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        for e in failed {
            eprintln!("bench-keepalived: {e}");
        }
        ExitCode::FAILURE
    }
}
