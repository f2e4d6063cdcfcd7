//! The promotion score: how much Pacemaker should prefer this node as the writable one, set with
//! `crm_attribute --promotion` from replication health. Only under Pacemaker (when
//! `OCF_RESOURCE_INSTANCE` is set); by hand there is no cluster to tell.
//!
//! `crm_attribute` is most of a monitor's cost (about 17 of 20 ms), so a recurring monitor skips
//! it when the score it would set is the one last set less than [`REFRESH`] ago (remembered in
//! `/run`, which a reboot clears). Probes and every other action always set it: after a
//! Pacemaker restart (which loses transient attributes) the probes come first, and the refresh
//! bounds how long an attribute deleted by hand stays missing.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use rustha::context::Action;
use rustha::Context;

/// How long a published score is trusted by recurring monitors.
pub const REFRESH: Duration = Duration::from_secs(60);

const CACHE_DIR: &str = "/run/rustha/mysql-mm";

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
    let Some(instance) = ctx.var("OCF_RESOURCE_INSTANCE") else {
        return;
    };
    let cache = cache_path(&instance);
    let recurring = ctx.action == Action::Monitor && !ctx.is_probe();
    if recurring && !needs_publish(read_cache(&cache), score) {
        tracing::debug!("promotion score {score:?} unchanged; not calling crm_attribute");
        return;
    }
    let published = run_crm_attribute(ctx, score);
    match (published, score) {
        (true, Score::Set(n)) => {
            let _ = std::fs::create_dir_all(CACHE_DIR);
            let _ = std::fs::write(&cache, n.to_string());
        }
        _ => {
            let _ = std::fs::remove_file(&cache);
        }
    }
}

fn cache_path(instance: &str) -> PathBuf {
    let safe: String = instance
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from(CACHE_DIR).join(format!("{safe}.score"))
}

/// The score last published and how long ago.
fn read_cache(path: &PathBuf) -> Option<(i64, Duration)> {
    let value = std::fs::read_to_string(path).ok()?.trim().parse().ok()?;
    let age = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())?;
    Some((value, age))
}

/// Whether a recurring monitor must call crm_attribute.
pub fn needs_publish(cached: Option<(i64, Duration)>, score: Score) -> bool {
    match (cached, score) {
        (Some((last, age)), Score::Set(n)) => last != n || age >= REFRESH,
        _ => true,
    }
}

/// Run crm_attribute; whether it succeeded.
fn run_crm_attribute(ctx: &Context, score: Score) -> bool {
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
            return false;
        }
    };
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => {
                tracing::debug!("promotion score: {score:?}");
                return true;
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
                return false;
            }
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                tracing::warn!("crm_attribute --promotion did not finish in time; killed it");
                return false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_monitors_skip_only_a_fresh_unchanged_score() {
        let fresh = Duration::from_secs(5);
        assert!(!needs_publish(Some((1000, fresh)), Score::Set(1000)));
        assert!(
            needs_publish(Some((1000, fresh)), Score::Set(500)),
            "changed"
        );
        assert!(
            needs_publish(Some((1000, REFRESH)), Score::Set(1000)),
            "stale"
        );
        assert!(needs_publish(None, Score::Set(1000)), "never published");
        assert!(needs_publish(Some((1000, fresh)), Score::Delete));
        assert_eq!(
            cache_path("db:1").file_name().unwrap().to_str().unwrap(),
            "db_1.score"
        );
    }
}
