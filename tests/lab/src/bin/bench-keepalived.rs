//! `bench-keepalived`: the client-visible gaps of the keepalived guide's set-up (real keepalived
//! and HAProxy) against the Pacemaker cluster `rustha migrate --apply` builds from its
//! keepalived.conf, in one lab and one run, over several rounds of the same faults (proxy
//! killed, node crashed, link cut on the node holding the address) and their recoveries;
//! medians and ratios. See `rustha_lab::keepalived` for the set-up.

use std::process::ExitCode;

use rustha_lab::bench::{settings, Knob};
use rustha_lab::keepalived::{compare, table};

const ABOUT: &str =
    "Client-visible gaps of keepalived + HAProxy against the cluster rustha migrate builds";

const KNOBS: &[Knob] = &[Knob {
    name: "rounds",
    env: "BENCH_KEEPALIVED_ROUNDS",
    default: Some("5"),
    help: "Rounds of the faults and their recoveries",
}];

fn main() -> ExitCode {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let rounds: usize = s.get("rounds");
    rustha_harness::require_root();
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
