//! The control layer: [`daemon`] wires threads, listeners, signals and in-process reload;
//! [`admin`] is the runtime socket, [`stats`] the CSV/JSON/HTML/Prometheus renderings,
//! [`agent`] the OCF agent, [`cli`] the `check`/`run`/`convert` command lines, [`limits`] sizes
//! `maxconn` and the descriptor limit, [`privs`] gives up root after binding.
//!
//! The top layer: it may import every other one, and nothing imports it.

pub mod admin;
pub mod agent;
pub mod cli;
pub mod daemon;
pub mod limits;
pub mod privs;
pub mod stats;
