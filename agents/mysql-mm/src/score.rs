//! The promotion score: how much Pacemaker should prefer this node as the writable one, set with
//! `crm_attribute --promotion` from replication health. Only under Pacemaker (when
//! `OCF_RESOURCE_INSTANCE` is set); by hand there is no cluster to tell.
//!
//! `crm_attribute` is most of a monitor's cost (docs/benchmarks.md), so a recurring monitor calls
//! it only when the score it would set (or the deletion) differs from the one last published on
//! this node (remembered in `/run`, which a reboot clears). Probes and every other action always
//! publish: after a Pacemaker restart (which loses transient attributes) or a
//! `crm_resource --cleanup` the probes come first, so a lost attribute is set again by them, not
//! by a periodic refresh that would cost every monitor its share of `crm_attribute`.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rustha::context::Action;
use rustha::Context;

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
    if run_crm_attribute(ctx, score) {
        let _ = std::fs::create_dir_all(CACHE_DIR);
        let _ = std::fs::write(&cache, cache_text(score));
    } else {
        // Unknown what the cluster holds now: the next monitor publishes again.
        let _ = std::fs::remove_file(&cache);
    }
}

/// How a published score is remembered: the number, or `delete`.
fn cache_text(score: Score) -> String {
    match score {
        Score::Set(n) => n.to_string(),
        Score::Delete => "delete".into(),
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

/// The score last published on this node, if remembered.
fn read_cache(path: &PathBuf) -> Option<Score> {
    let text = std::fs::read_to_string(path).ok()?;
    match text.trim() {
        "delete" => Some(Score::Delete),
        n => n.parse().ok().map(Score::Set),
    }
}

/// Whether a recurring monitor must call crm_attribute: only when the score changed.
pub fn needs_publish(cached: Option<Score>, score: Score) -> bool {
    cached != Some(score)
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
    fn recurring_monitors_publish_only_a_changed_score() {
        assert!(!needs_publish(Some(Score::Set(1000)), Score::Set(1000)));
        assert!(
            !needs_publish(Some(Score::Delete), Score::Delete),
            "a deletion already published is not repeated"
        );
        assert!(needs_publish(Some(Score::Set(1000)), Score::Set(500)));
        assert!(needs_publish(Some(Score::Set(1000)), Score::Delete));
        assert!(needs_publish(Some(Score::Delete), Score::Set(1)));
        assert!(needs_publish(None, Score::Set(1000)), "never published");
        for s in [Score::Set(500), Score::Delete] {
            let p = std::env::temp_dir().join(format!("mysql-mm-score-{}", std::process::id()));
            std::fs::write(&p, cache_text(s)).unwrap();
            assert_eq!(read_cache(&p), Some(s));
            std::fs::remove_file(&p).unwrap();
        }
        assert_eq!(
            cache_path("db:1").file_name().unwrap().to_str().unwrap(),
            "db_1.score"
        );
    }
}
