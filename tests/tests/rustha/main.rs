//! The `rustha` command and what every agent shares: `rustha migrate` on the deployment guides'
//! files (`migrate`), heartbeat v1 running the agents through their `resource.d` wrappers
//! (`heartbeat_v1`), and every agent through the node's-view table (`node_view`).

mod heartbeat_v1;
mod migrate;
mod node_view;
