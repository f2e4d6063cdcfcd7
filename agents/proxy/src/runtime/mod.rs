//! The runtime layer: what one configuration becomes when it runs. [`state`] is the one model
//! (frontends, backends and servers with their health, counters and load-balancing tables)
//! that the data path, the checks, the stats and the admin socket share; [`counters`] are its
//! traffic counters and `maxconn` limits, [`balance`] its balancing algorithms; [`health`] is the
//! rise/fall counter, [`check`] the health checks, [`persist`] source persistence,
//! [`killswitch`] the "close now" broadcast to sessions, [`logger`] the `log` targets.
//!
//! Imports [`crate::config`] only.

pub mod balance;
pub mod check;
pub mod counters;
pub mod health;
pub mod killswitch;
pub mod logger;
pub mod persist;
pub mod state;

use std::sync::{Mutex, MutexGuard};

/// Lock a mutex, ignoring poisoning (a panicking holder cannot leave these plain data invalid).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Monotonic milliseconds (since boot): cheap timestamps for idle timeouts and per-second
/// rates, read on every session and HTTP request. The coarse clock (a few milliseconds'
/// resolution, ample for both) is a plain memory read, without the TSC read and arithmetic of
/// the precise one.
pub fn now_ms() -> u64 {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC_COARSE)
        .map(|t| t.tv_sec() as u64 * 1000 + t.tv_nsec() as u64 / 1_000_000)
        .unwrap_or(0)
}
