//! Generation records: which copy is newer, so that a sync never deletes or overwrites the
//! peer's files from a copy older than the peer's.
//!
//! Every sync runs with `--delete`, which is right only while the peer's copy is an older state
//! of this one. That stops being true when the roles changed while one side could not see the
//! other: node B is down while A keeps writing, A crashes, B takes over; once A is back, B's
//! start-up full sync would delete what A wrote last. Each copy therefore carries a record, a
//! small file [`NAME`] in the synced tree (at the transfer root, or, with `relative`, in the
//! first source directory or beside the first source file), on the peer at the same place under
//! the target. It is never synced itself (an anchored exclude rule protects it from `--delete`)
//! and is read and written with rsync alone, so it works for rsync daemon, ssh and local
//! targets alike. A record holds:
//!
//! - `current`: the generation of this copy's data;
//! - `base`: set while this copy may hold changes the peer lacks: the generation the two copies
//!   last shared. A node sets it (with a new `current`) when a run carrying local changes
//!   fails, or when a change is seen while the peer is unreachable, and clears it once a full
//!   sync brought the peer up to date and the peer's record says so. A node that took over
//!   from a dead peer and changed nothing keeps its record, so it gives way to the peer's
//!   newer copy once that is back.
//!
//! Comparing the two records ([`compare`]) before the first run and after every failed one,
//! as DRBD compares its generation identifiers:
//! - same `current`: in sync;
//! - this copy's `base` is the peer's `current`: only this side changed, push (a full sync);
//! - the peer's `base` is this copy's `current`: only the peer changed, so this copy is older
//!   and nothing is sent. `start` fails naming both generations, so Pacemaker runs the
//!   resource on the node with the newer copy; to make this node the source anyway, sync from
//!   the peer first (or remove this copy's record);
//! - both changed since what they last shared (both were active, a partition): nothing is
//!   sent either way, the conflict goes to the state file and every monitor warns, until an
//!   administrator merges the copies and removes the record of the one that must give way.
//!
//! A peer without a record (a new or emptied peer, or one synced by an older filesync) is
//! pushed to, as before; a local copy without one, facing a peer with one, is treated as older.
//!
//! Replication is asynchronous, so an active node that dies can hold changes it had not yet
//! sent, without any run having failed: files written in its last moments, or a run cut off by
//! the power-off. Its record says so: `pending` is set (durably, before the run starts) while
//! changes made here are on their way, and cleared once a run delivered everything. A node
//! taking over from a peer whose record is `pending` must not make the peer's copy a mirror of
//! its own, which would delete those files there: it merges first, copying the peer's files
//! that it lacks or holds in an older version (rsync `--update`, nothing deleted), then runs
//! the full sync. Files deleted on the dead node in its last moments come back; none is lost.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The record's file name.
pub const NAME: &str = ".filesync-generation";

/// One generation: a number counting up, who made it and when (which also makes two nodes'
/// generations of the same number differ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gen {
    /// Counts up from 1.
    pub n: u64,
    /// The node that made it.
    pub node: String,
    /// When, in nanoseconds since the epoch.
    pub at: u128,
}

impl fmt::Display for Gen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {}", self.n, self.node)
    }
}

impl Gen {
    /// A new generation numbered after `after` (if any), made by this node now.
    pub fn next(after: Option<&Gen>) -> Gen {
        Gen {
            n: after.map_or(1, |g| g.n + 1),
            node: nix::unistd::gethostname()
                .map(|h| h.to_string_lossy().into_owned())
                .unwrap_or_else(|_| "unknown".into()),
            at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        }
    }
}

/// What one copy's record says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The generation of this copy's data.
    pub current: Gen,
    /// While this copy may hold changes the peer lacks: the generation both last shared.
    pub base: Option<Gen>,
    /// Changes made here are on their way to the peer (set before a run sends them, cleared
    /// once a run delivered all of them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.base {
            Some(b) => write!(f, "generation {} (changed since {b})", self.current)?,
            None => write!(f, "generation {}", self.current)?,
        }
        if self.pending {
            write!(f, " with changes not yet sent")?;
        }
        Ok(())
    }
}

impl Record {
    /// Parse a record file's text.
    pub fn parse(text: &str, what: &str) -> Result<Record, String> {
        serde_json::from_str(text).map_err(|e| format!("generation record {what} is corrupt: {e}"))
    }

    /// Read this copy's record (None when there is none).
    pub fn load(path: &Path) -> Result<Option<Record>, String> {
        match fs::read_to_string(path) {
            Ok(t) => Record::parse(&t, &path.display().to_string()).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut t = serde_json::to_string(self).unwrap_or_default();
        t.push('\n');
        t
    }

    /// Write atomically and durably: the record must not claim more than the data has.
    pub fn store(&self, path: &Path) -> Result<(), String> {
        let tmp: PathBuf = path.with_extension("tmp");
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            std::io::Write::write_all(&mut f, self.text().as_bytes())?;
            f.sync_all()?;
            fs::rename(&tmp, path)
        };
        write().map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// This copy is about to hold changes the peer may not get: a new generation based on the
    /// one both share (unchanged when already marked).
    pub fn diverged(&self) -> Record {
        if self.base.is_some() {
            return self.clone();
        }
        Record {
            current: Gen::next(Some(&self.current)),
            base: Some(self.current.clone()),
            pending: self.pending,
        }
    }

    /// The same record with `pending` set to `pending`.
    pub fn with_pending(&self, pending: bool) -> Record {
        Record {
            pending,
            ..self.clone()
        }
    }
}

/// What the two records allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Both copies are of the same generation.
    InSync,
    /// The peer's copy is an older state of this one: a full sync, then both records agree.
    Push,
    /// The peer's copy is not newer, but it may hold changes it never sent (its record is
    /// `pending`): copy those here first (nothing deleted), then as [`Verdict::Push`].
    Merge,
    /// The peer's copy is newer: sending would delete or overwrite its changes.
    PeerNewer(String),
    /// Both changed since the generation they last shared.
    Conflict(String),
}

/// Compare this copy's record with the peer's.
pub fn compare(local: Option<&Record>, peer: Option<&Record>) -> Verdict {
    let (l, p) = match (local, peer) {
        (_, None) => return Verdict::Push,
        (None, Some(p)) => {
            return Verdict::PeerNewer(format!(
                "refusing to sync: this copy has no generation record while the peer's copy is \
                 at {p}; it may be newer, so nothing is sent (sync from the peer first)"
            ))
        }
        (Some(l), Some(p)) => (l, p),
    };
    if p.pending && (l.current == p.current || l.base.as_ref() == Some(&p.current)) {
        Verdict::Merge
    } else if l.current == p.current {
        Verdict::InSync
    } else if l.base.as_ref() == Some(&p.current) {
        Verdict::Push
    } else if p.base.as_ref() == Some(&l.current) {
        Verdict::PeerNewer(format!(
            "refusing to sync: the peer's copy is newer (peer at {p}, this copy at {l}); \
             nothing is sent, so none of its changes is deleted or overwritten (run the \
             resource where the newer copy is, or sync from the peer first)"
        ))
    } else {
        Verdict::Conflict(format!(
            "conflict: both copies changed since they last agreed (this copy at {l}, the peer \
             at {p}; both were active, e.g. during a partition); nothing is synced either way \
             and no file is deleted; merge the copies by hand, then remove the generation \
             record ({NAME}) of the copy that must give way"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(n: u64, node: &str) -> Gen {
        Gen {
            n,
            node: node.into(),
            at: n as u128,
        }
    }

    fn rec(current: Gen, base: Option<Gen>) -> Record {
        Record {
            current,
            base,
            pending: false,
        }
    }

    #[test]
    fn verdicts() {
        let g1 = gen(1, "a");
        let synced = rec(g1.clone(), None);
        assert_eq!(compare(Some(&synced), Some(&synced)), Verdict::InSync);
        assert_eq!(compare(None, None), Verdict::Push, "first pairing");
        assert_eq!(compare(Some(&synced), None), Verdict::Push, "new peer");
        assert!(matches!(
            compare(None, Some(&synced)),
            Verdict::PeerNewer(_)
        ));
        // a wrote while b was down: a pushes, b (unchanged) must not.
        let a = rec(gen(2, "a"), Some(g1.clone()));
        assert_eq!(compare(Some(&a), Some(&synced)), Verdict::Push);
        match compare(Some(&synced), Some(&a)) {
            Verdict::PeerNewer(m) => assert!(m.contains("2 of a") && m.contains("1 of a"), "{m}"),
            v => panic!("{v:?}"),
        }
        // Both wrote: a conflict either way, even with equal numbers.
        let b = rec(gen(2, "b"), Some(g1.clone()));
        for (x, y) in [(&a, &b), (&b, &a)] {
            match compare(Some(x), Some(y)) {
                Verdict::Conflict(m) => assert!(m.contains("2 of a") && m.contains("2 of b")),
                v => panic!("{v:?}"),
            }
        }
        // Marking twice keeps the first base.
        let d = synced.diverged();
        assert_eq!(d.base, Some(g1));
        assert_eq!(d.diverged(), d);
        assert_eq!(Record::parse(&d.text(), "x").unwrap(), d);
    }

    #[test]
    fn a_peer_with_unsent_changes_is_merged_from_never_mirrored() {
        let g1 = gen(1, "a");
        let synced = rec(g1.clone(), None);
        // a died while sending: same generation, but files b may lack.
        let a = synced.with_pending(true);
        assert_eq!(compare(Some(&synced), Some(&a)), Verdict::Merge);
        // b wrote meanwhile (its sends to the dead a failed): still a merge, not a plain push.
        let b = synced.diverged();
        assert_eq!(compare(Some(&b), Some(&a)), Verdict::Merge);
        // a's own view is unchanged: its pending flag concerns the peer's decision only.
        assert_eq!(compare(Some(&a), Some(&synced)), Verdict::InSync);
        // A peer that is newer stays newer, and a conflict stays a conflict.
        let a2 = a.diverged();
        assert!(a2.pending);
        assert!(matches!(
            compare(Some(&synced), Some(&a2)),
            Verdict::PeerNewer(_)
        ));
        assert!(matches!(compare(Some(&b), Some(&a2)), Verdict::Conflict(_)));
        // Older records (no field) read as not pending, and a clear one is written without it.
        let old = r#"{"current":{"n":1,"node":"a","at":1},"base":null}"#;
        assert_eq!(Record::parse(old, "x").unwrap(), synced);
        assert!(!synced.text().contains("pending"));
        assert!(Record::parse(&a.text(), "x").unwrap().pending);
        assert!(a.to_string().contains("not yet sent"), "{a}");
    }
}
