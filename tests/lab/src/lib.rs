//! The cluster lab and the benchmarks of rustha, on top of the component harness
//! (`rustha-harness`).
//!
//! - [`lab`]: 1 to 3 real Pacemaker/Corosync nodes in network namespaces, with the lab's power
//!   switch as their fence device ([`fence`], also the `fence_rustha_lab` binary) and its
//!   databases ([`db`]);
//! - [`stack`]: every agent configured together on three nodes, and [`chaos`], the fault
//!   campaign run against it;
//! - the yardsticks the agents are compared with: [`keepalived`] (the keepalived + HAProxy guide)
//!   and [`heartbeat`] (heartbeat v1 nodes, standalone or on lab nodes);
//! - [`timeline`]: what clients saw during a run, with the cluster's actions;
//! - [`mod@bench`]: what the `bench-*` binaries share.
//!
//! The binaries: `lab` (demo, chaos campaign, failover benchmark, cleanup), `fence_rustha_lab`
//! and one `bench-*` per agent (`make bench`).

pub mod bench;
pub mod chaos;
pub mod db;
pub mod fence;
pub mod heartbeat;
pub mod keepalived;
pub mod lab;
pub mod stack;
pub mod timeline;
