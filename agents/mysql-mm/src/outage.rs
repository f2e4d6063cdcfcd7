//! How long this copy has gone without receiving the peer's binlog, across agent calls, server
//! restarts and reboots: a replica whose IO thread has been down for days may miss days of
//! writes the peer acknowledged, while one whose peer just died misses at most what was in
//! flight. The agent cannot tell from the replica alone whether the peer is dead or just
//! unreachable, so it bounds how long an unreachable peer is taken to be a dead one
//! (`max_replication_outage`).
//!
//! The record is one number, the time this copy was last known current (its IO thread connected
//! to the peer, or the server writable: then it is the peer that follows it), in a small file in
//! the data directory, because it describes that data: it survives a reboot, and a data
//! directory restored from a backup brings an old time with it, which is right.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The record's file name in the data directory (the server ignores files it does not know).
pub const FILE: &str = "rustha-mysql-mm.current";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn path(datadir: &Path) -> PathBuf {
    datadir.join(FILE)
}

fn read(datadir: &Path) -> Option<u64> {
    std::fs::read_to_string(path(datadir))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn write(datadir: &Path, t: u64) {
    let p = path(datadir);
    let tmp = p.with_extension("tmp");
    let done = std::fs::write(&tmp, format!("{t}\n")).and_then(|()| std::fs::rename(&tmp, &p));
    if let Err(e) = done {
        tracing::warn!("cannot record replication health in {}: {e}", p.display());
    }
}

/// This copy is current now.
pub fn current(datadir: &Path) {
    let t = now();
    if read(datadir) != Some(t) {
        write(datadir, t);
    }
}

/// Seconds since this copy was last known current. With no record (a data directory this
/// agent never saw current) the outage is counted from now on.
pub fn broken_for(datadir: &Path) -> u64 {
    let t = now();
    match read(datadir) {
        Some(last) => t.saturating_sub(last),
        None => {
            write(datadir, t);
            0
        }
    }
}

/// Why a replica broken for `secs` is not promotable under `bound` (0: no bound), if it is not.
pub fn too_long(secs: u64, bound: u64) -> Option<String> {
    (bound > 0 && secs > bound).then(|| {
        format!(
            "replication from the peer has been broken for {secs}s, longer than \
             max_replication_outage={bound}s: the peer may have acknowledged writes this copy \
             never received"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_and_bound() {
        let dir = std::env::temp_dir().join(format!("mysql-mm-outage-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(broken_for(&dir), 0, "no record: counted from now");
        write(&dir, now() - 400);
        assert!(broken_for(&dir) >= 400);
        current(&dir);
        assert!(broken_for(&dir) <= 1);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(too_long(400, 300).is_some());
        assert_eq!(too_long(300, 300), None);
        assert_eq!(too_long(1_000_000, 0), None, "0: no bound");
        assert!(too_long(400, 300).unwrap().contains("400s"));
    }
}
