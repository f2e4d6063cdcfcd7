//! The runtime layer: what one configuration becomes when it runs. [`state`] is the one model
//! (frontends, backends and servers with their health, counters and load-balancing tables)
//! that the data path, the checks, the stats and the admin socket share; [`health`] is the
//! rise/fall counter, [`check`] the health checks, [`persist`] source persistence,
//! [`killswitch`] the "close now" broadcast to sessions, [`logger`] the `log` targets.
//!
//! Imports [`crate::config`] only.

pub mod check;
pub mod health;
pub mod killswitch;
pub mod logger;
pub mod persist;
pub mod state;
