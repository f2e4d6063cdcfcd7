//! The promotion score: how much Pacemaker should prefer this node as the writable one, set with
//! `crm_attribute --promotion` from replication health. Only under Pacemaker (when
//! `OCF_RESOURCE_INSTANCE` is set); by hand there is no cluster to tell.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rustha::Context;

/// Scores, highest first. Pacemaker compares them between nodes; at promote time the agent still
/// checks positions itself.
pub mod value {
    /// The promoted node, or a replica that is connected, applying and within `max_lag`.
    pub const HEALTHY: i64 = 1000;
    /// Applying, but the peer is unreachable: up to date as far as it can know. The normal
    /// state of the survivor after the promoted node died, so it must stay promotable.
    pub const PEER_UNREACHABLE: i64 = 500;
    /// Connected but behind by more than `max_lag`.
    pub const LAGGING: i64 = 100;
    /// SQL thread stopped without an error (promote restarts it and waits).
    pub const SQL_STOPPED: i64 = 50;
    /// Replication is not configured: a standalone server.
    pub const STANDALONE: i64 = 1;
}

/// What to tell Pacemaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    /// Promotable with this preference.
    Set(i64),
    /// Not promotable (the attribute is deleted): stopped, or a diverged replica.
    Delete,
}

/// Set or delete the promotion score, bounded by the action's deadline. Failures are logged, not
/// returned: the database's state does not depend on the attribute.
pub fn publish(ctx: &Context, score: Score) {
    if ctx.var("OCF_RESOURCE_INSTANCE").is_none() {
        return;
    }
    let mut cmd = Command::new("crm_attribute");
    cmd.arg("--promotion").arg("--quiet");
    match score {
        Score::Set(n) => cmd.arg("--update").arg(n.to_string()),
        Score::Delete => cmd.arg("--delete"),
    };
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let deadline = ctx.deadline().min(Instant::now() + Duration::from_secs(10));
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!("cannot run crm_attribute to set the promotion score: {e}");
            return;
        }
    };
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => {
                tracing::debug!("promotion score: {score:?}");
                return;
            }
            Ok(Some(status)) => {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut err);
                }
                tracing::warn!(
                    "crm_attribute --promotion ({score:?}) failed ({status}): {}",
                    err.trim()
                );
                return;
            }
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                tracing::warn!("crm_attribute --promotion did not finish in time; killed it");
                return;
            }
        }
    }
}
