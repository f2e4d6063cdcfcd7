//! The keepalived guide's set-up and the cluster `rustha migrate --apply` makes of it, in one
//! two-node lab: real keepalived and HAProxy first (no Pacemaker yet), then the migrated
//! Pacemaker cluster on the same nodes, behind the same application servers, probed by the same
//! client. Each stack takes the same faults on the node holding the address (its proxy killed,
//! the node crashed, its link cut) and the recovery from each: the service must come back on
//! the other node after every fault, and after recovering the address must be on exactly one
//! node, serving. Both stacks' gaps are printed side by side; `make bench` repeats the
//! comparison over several rounds.

use rustha_lab::keepalived::{compare, table};

#[test]
fn keepalived_and_the_migrated_cluster_survive_the_same_faults() {
    rustha_harness::require_root();
    let c = compare(1, &|l| rustha_harness::measured(l));
    rustha_harness::measured(&format!("keepalived vs migrated cluster\n{}", table(&c)));
    for o in c.keepalived.iter().chain(&c.migrated) {
        if let Err(e) = o {
            panic!("{e}");
        }
    }
    let faults = rustha_lab::keepalived::Fault::ALL.len();
    assert_eq!(c.keepalived.len(), faults, "every fault ran on keepalived");
    assert_eq!(
        c.migrated.len(),
        faults,
        "every fault ran on the migrated cluster"
    );
}
