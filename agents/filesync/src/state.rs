//! The daemon's state file: what `monitor` reads to tell "running and replicating" from
//! "running but the peer has not received anything for a while". Written atomically (temporary
//! file and rename) after every run, so a reader never sees half a file.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Seconds since the epoch, as stored.
pub fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// What the daemon reports.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct State {
    /// The daemon's pid.
    pub pid: i32,
    /// When it started.
    pub started: f64,
    /// Directories watched.
    pub watches: usize,
    /// End of the last successful run.
    pub last_success: Option<f64>,
    /// End of the last failed run.
    pub last_failure: Option<f64>,
    /// Why the last run failed (kept after recovery, for the record).
    pub last_error: Option<String>,
    /// Start of the current run of failures (None when the last run succeeded).
    pub failing_since: Option<f64>,
    /// Set while the mass-delete guard refuses to sync.
    pub guard: Option<String>,
    /// A fatal problem of the watcher itself (e.g. the inotify watch limit).
    pub fatal: Option<String>,
    /// Paths waiting to be sent (a full sync counts as one).
    pub pending: usize,
    /// Whether a full sync is waiting or running.
    pub full_pending: bool,
    /// Successful runs.
    pub syncs: u64,
    /// Successful full syncs.
    pub full_syncs: u64,
    /// Failed runs.
    pub failures: u64,
    /// Kernel queue overflows seen.
    pub overflows: u64,
    /// Configuration reloads handled (SIGHUP), applied or refused.
    pub reloads: u64,
    /// Why the last reload was refused (None when it was applied).
    pub reload_error: Option<String>,
    /// This copy's generation record, as text (see `generation`).
    pub generation: Option<String>,
    /// Set while nothing is sent because the peer's copy is newer.
    pub peer_newer: Option<String>,
    /// Set while nothing is sent because both copies changed since they last agreed.
    pub conflict: Option<String>,
    /// Comparisons of the two generation records attempted (the first answers `start`).
    pub generation_checks: u64,
}

impl State {
    /// Read a state file.
    pub fn read(path: &Path) -> Result<State, String> {
        let text = fs::read_to_string(path)
            .map_err(|e| format!("cannot read state file {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("state file {} is corrupt: {e}", path.display()))
    }

    /// Write atomically.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("state.tmp");
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
        f.write_all(b"\n")?;
        drop(f);
        fs::rename(&tmp, path)
    }

    /// What is wrong on this node, if anything: the guard (a source empty or unmounted here),
    /// a fatal watcher error, or a peer whose copy is newer. Moving the resource may help.
    pub fn local_problem(&self) -> Option<String> {
        self.guard
            .clone()
            .or_else(|| self.fatal.clone())
            .or_else(|| self.peer_newer.clone())
    }

    /// Why replication counts as failed at `now`, if it does: the guard or a fatal watcher error
    /// at once, rsync failures once they last `fail_after` (never when that is zero).
    pub fn problem(&self, now: f64, fail_after: f64) -> Option<String> {
        self.local_problem()
            .or_else(|| self.peer_problem(now, fail_after))
    }

    /// rsync failing for longer than `fail_after` (never when that is zero): mostly the peer
    /// or the way to it, which restarting or moving this resource does not mend.
    pub fn peer_problem(&self, now: f64, fail_after: f64) -> Option<String> {
        let since = self.failing_since?;
        if fail_after <= 0.0 || now - since < fail_after {
            return None;
        }
        Some(format!(
            "replication failing for {:.0}s ({} failed runs; last: {}); {} path(s) pending",
            now - since,
            self.failures,
            self.last_error.as_deref().unwrap_or("unknown error"),
            self.pending
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_thresholds() {
        let mut s = State::default();
        assert_eq!(s.problem(100.0, 10.0), None);
        s.failing_since = Some(95.0);
        s.last_error = Some("rsync exit 10 (error in socket I/O)".into());
        assert_eq!(s.problem(100.0, 10.0), None, "not failing long enough");
        let p = s.problem(106.0, 10.0).unwrap();
        assert!(p.contains("11s") && p.contains("socket"), "{p}");
        assert_eq!(s.problem(1e9, 0.0), None, "fail_after=0 never fails");
        s.guard = Some("source empty".into());
        assert_eq!(s.problem(96.0, 10.0).as_deref(), Some("source empty"));
    }

    #[test]
    fn round_trip() {
        let p = std::env::temp_dir().join(format!("filesync-state-{}", std::process::id()));
        let s = State {
            pid: 7,
            syncs: 3,
            last_error: Some("x".into()),
            ..State::default()
        };
        s.write(&p).unwrap();
        assert_eq!(State::read(&p).unwrap(), s);
        fs::remove_file(&p).unwrap();
        assert!(State::read(&p).is_err());
    }
}
