//! The agents under real Pacemaker/Corosync (and heartbeat v1) clusters in the lab's network
//! namespaces (`rustha_lab::lab`): one test binary, one module per scenario.

mod apply;
mod chaos;
mod demo;
mod fencing;
mod filesync;
mod heartbeat_migrate;
mod keepalived;
mod migrate;
mod mysql_mm;
mod osm_failover;
mod proxy;
mod three_nodes;
mod vip;
