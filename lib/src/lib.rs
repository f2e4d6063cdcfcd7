//! # rustha: the shared core of the rustha OCF resource agents
//!
//! Every agent binary (`vip`, `proxy`, `osm-failover`, ...) is a thin `main` over this crate,
//! the way uutils' utilities sit on `uucore`. The crate owns everything that must behave the
//! same in every agent:
//!
//! - [`OcfCode`]: the OCF exit codes, the agents' public API towards Pacemaker;
//! - [`Error`]: typed failures, mapped to an exit code in exactly one place ([`Error::code`]);
//! - [`param`]: each OCF parameter declared once as data, driving parsing, validation,
//!   `meta-data`, `--help` and the man page;
//! - [`meta`]: the `meta-data` XML (valid against `ra-api-1.dtd`);
//! - [`agent`]: the [`ResourceAgent`] trait and [`run`], which dispatch OCF actions,
//!   heartbeat v1 positional calls and the command line;
//! - [`heartbeat`]: haresources entries: `NAME=VALUE` arguments and one instance per entry;
//! - [`view`]: the node's-view table: what each action answers for each kind of finding;
//! - [`log`]: `tracing` to journald or stderr, every line naming instance and action;
//! - [`applied`]: what runs against what is on disk: digests, `monitor`'s warning, `apply`;
//! - [`daemon`]: what the daemon agents share: pidfiles and "is this pid ours", spawning with
//!   readiness, stopping with a grace policy, daemonizing;
//! - [`net`]: netlink address/link/route helpers, gratuitous ARP and IPv6 neighbour discovery.

pub mod agent;
pub mod applied;
pub mod cli;
pub mod context;
pub mod daemon;
pub mod error;
pub mod heartbeat;
pub mod log;
pub mod meta;
pub mod net;
pub mod ocf;
pub mod param;
pub mod view;

pub use agent::{run, ResourceAgent, State};
pub use context::Context;
pub use error::{Error, Result};
pub use meta::{ActionSpec, AgentMeta};
pub use ocf::OcfCode;
pub use param::{EnvSource, MapSource, ParamSource, ParamSpec, ParamType, Params};
