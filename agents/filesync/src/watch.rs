//! Recursive inotify watching: one watch per directory, new directories watched the moment they
//! appear and then scanned, events turned into the paths a [`Batch`] must cover.
//!
//! Race freedom for new directories: the event for a new directory `d` adds `d` to the batch as
//! a whole tree *and* adds its watch (and those of its subdirectories) before the batch runs. A
//! file created in `d` before the watch existed produces no event, but the tree rule sends it; one
//! created after has its own event. Directories moved within the tree are re-walked (their old
//! watches are dropped and fresh ones added), which keeps the descriptor-to-path map right without
//! pairing rename cookies; the old path is sent as a deleted tree and the new one as a new tree.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::{CString, OsStr, OsString};
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use inotify::{EventMask, Inotify, WatchDescriptor, WatchMask};

use crate::config::Config;
use crate::rsync::{Batch, Depth, Layout};

/// The events that change what the peer must hold. MODIFY as well as CLOSE_WRITE, so a file held
/// open by a long-running writer still replicates (the kernel merges repeated MODIFY events).
fn mask() -> WatchMask {
    WatchMask::CREATE
        | WatchMask::DELETE
        | WatchMask::MODIFY
        | WatchMask::CLOSE_WRITE
        | WatchMask::ATTRIB
        | WatchMask::MOVED_FROM
        | WatchMask::MOVED_TO
        | WatchMask::DELETE_SELF
        | WatchMask::MOVE_SELF
        | WatchMask::ONLYDIR
        | WatchMask::DONT_FOLLOW
        | WatchMask::EXCL_UNLINK
}

/// Exclude patterns the watcher can apply itself (rsync applies all of them anyway): a name
/// pattern without a `/` inside, optionally ending in `/` (directories only).
#[derive(Debug, Default)]
struct Excludes {
    names: Vec<(CString, bool)>,
}

impl Excludes {
    fn new(patterns: &[String]) -> Excludes {
        let names = patterns
            .iter()
            .filter_map(|p| {
                let dir_only = p.ends_with('/');
                let core = p.trim_end_matches('/');
                if core.is_empty() || core.contains('/') || core.contains("**") {
                    return None;
                }
                Some((CString::new(core).ok()?, dir_only))
            })
            .collect::<Vec<_>>();
        // Its own writes to the generation record (through a temporary file renamed over it)
        // are no change to send.
        let mut names = names;
        for own in [
            crate::generation::NAME.to_string(),
            format!("{}.tmp", crate::generation::NAME),
        ] {
            if let Ok(c) = CString::new(own) {
                names.push((c, false));
            }
        }
        Excludes { names }
    }

    fn matches(&self, name: &OsStr, is_dir: bool) -> bool {
        let Ok(c) = CString::new(name.as_bytes()) else {
            return false;
        };
        self.names.iter().any(|(pat, dir_only)| {
            // SAFETY: both are valid NUL-terminated strings; fnmatch only reads them.
            (!dir_only || is_dir) && unsafe { libc::fnmatch(pat.as_ptr(), c.as_ptr(), 0) } == 0
        })
    }
}

/// One watched directory.
#[derive(Debug)]
struct Watched {
    path: PathBuf,
    /// Whole subtree replicated (a source directory or below); false for the parent of a file
    /// source, where only `names` matter.
    recursive: bool,
    names: HashSet<OsString>,
}

/// What a read of the event queue asks the daemon to do beyond sending paths.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The kernel queue overflowed: events were lost.
    pub overflow: bool,
    /// A source (or a file source's directory) vanished, was moved or unmounted.
    pub source_lost: bool,
    /// The first directory that could not be watched, and why (e.g. the watch limit).
    pub watch_error: Option<String>,
}

/// The inotify instance and its watches.
pub struct Watcher {
    inotify: Inotify,
    dirs: HashMap<WatchDescriptor, Watched>,
    by_path: BTreeMap<PathBuf, WatchDescriptor>,
    excludes: Excludes,
    layout: Layout,
    sources: Vec<PathBuf>,
    buffer: Vec<u8>,
}

/// Turn a watch error into a message that says what to do about it.
fn watch_error(path: &Path, e: io::Error) -> String {
    if e.raw_os_error() == Some(libc::ENOSPC) {
        format!(
            "cannot watch {}: the inotify watch limit is reached; raise fs.inotify.max_user_watches \
             (sysctl -w fs.inotify.max_user_watches=524288)",
            path.display()
        )
    } else {
        format!("cannot watch {}: {e}", path.display())
    }
}

impl Watcher {
    /// An inotify instance with every source watched.
    pub fn new(cfg: &Config) -> Result<Watcher, String> {
        let inotify = Inotify::init().map_err(|e| format!("inotify_init: {e}"))?;
        let mut w = Watcher {
            inotify,
            dirs: HashMap::new(),
            by_path: BTreeMap::new(),
            excludes: Excludes::new(&cfg.excludes),
            layout: Layout::new(cfg),
            sources: cfg.sources.clone(),
            buffer: vec![0u8; 64 * 1024],
        };
        w.watch_sources()?;
        Ok(w)
    }

    /// Replace the exclude patterns (reload). Newly excluded directories stay watched (rsync
    /// still skips them); newly included ones are picked up by [`Watcher::watch_sources`].
    pub fn set_excludes(&mut self, patterns: &[String]) {
        self.excludes = Excludes::new(patterns);
    }

    /// The descriptor to poll.
    pub fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        use std::os::fd::AsFd;
        self.inotify.as_fd()
    }

    /// Directories watched.
    pub fn count(&self) -> usize {
        self.dirs.len()
    }

    /// (Re)add the watches of every source, e.g. after an overflow (lost creations) or after a
    /// source was remounted. Existing watches are kept: inotify returns the same descriptor.
    pub fn watch_sources(&mut self) -> Result<(), String> {
        for s in self.sources.clone() {
            match fs::symlink_metadata(&s) {
                Ok(m) if m.is_dir() => self.add_tree(&s)?,
                Ok(_) => {
                    let parent = s.parent().unwrap_or(Path::new("/")).to_path_buf();
                    let name = s.file_name().map(OsStr::to_os_string).unwrap_or_default();
                    self.add_one(&parent, false, Some(name))?;
                }
                Err(e) => return Err(format!("source {}: {e}", s.display())),
            }
        }
        Ok(())
    }

    fn add_one(
        &mut self,
        dir: &Path,
        recursive: bool,
        name: Option<OsString>,
    ) -> Result<bool, String> {
        let wd = match self.inotify.watches().add(dir, mask()) {
            Ok(wd) => wd,
            // Gone again (or replaced by a file) before we got to it: its parent's event covers it.
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT) | Some(libc::ENOTDIR)) => {
                return Ok(false)
            }
            Err(e) => return Err(watch_error(dir, e)),
        };
        if let Some(old) = self.dirs.get(&wd) {
            if old.path != dir {
                // The same inode under a new name (a moved directory that kept its watch).
                self.by_path.remove(&old.path.clone());
            }
        }
        let entry = self.dirs.entry(wd.clone()).or_insert_with(|| Watched {
            path: dir.to_path_buf(),
            recursive,
            names: HashSet::new(),
        });
        entry.path = dir.to_path_buf();
        entry.recursive |= recursive;
        if let Some(n) = name {
            entry.names.insert(n);
        }
        self.by_path.insert(dir.to_path_buf(), wd);
        Ok(true)
    }

    /// Watch `dir` and every directory below it (not following symlinks, skipping excluded
    /// names). The watch is added before the directory is read, so nothing created meanwhile is
    /// missed.
    fn add_tree(&mut self, dir: &Path) -> Result<(), String> {
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            if !self.add_one(&d, true, None)? {
                continue;
            }
            let Ok(rd) = fs::read_dir(&d) else { continue };
            for entry in rd.flatten() {
                let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
                if is_dir && !self.excludes.matches(&entry.file_name(), true) {
                    stack.push(entry.path());
                }
            }
        }
        Ok(())
    }

    /// Forget (and remove) the watches of `dir` and below.
    fn drop_tree(&mut self, dir: &Path) {
        let doomed: Vec<PathBuf> = self
            .by_path
            .range(dir.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(dir))
            .map(|(p, _)| p.clone())
            .collect();
        for p in doomed {
            if let Some(wd) = self.by_path.remove(&p) {
                self.dirs.remove(&wd);
                let _ = self.inotify.watches().remove(wd);
            }
        }
    }

    fn is_source_dir(&self, p: &Path) -> bool {
        self.sources.iter().any(|s| s == p)
    }

    /// Read every queued event into `batch`. Returns what else happened.
    pub fn drain(&mut self, batch: &mut Batch, max_pending: usize) -> Result<Outcome, String> {
        let mut out = Outcome::default();
        loop {
            let mut buffer = std::mem::take(&mut self.buffer);
            let events = match self.inotify.read_events(&mut buffer) {
                Ok(ev) => ev,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.buffer = buffer;
                    break;
                }
                Err(e) => {
                    self.buffer = buffer;
                    return Err(format!("reading inotify events: {e}"));
                }
            };
            let owned: Vec<(WatchDescriptor, EventMask, Option<OsString>)> = events
                .map(|e| (e.wd, e.mask, e.name.map(OsStr::to_os_string)))
                .collect();
            self.buffer = buffer;
            for (wd, mask, name) in owned {
                // A watch that cannot be added must not cost the events after it.
                if let Err(e) = self.handle(wd, mask, name, batch, &mut out) {
                    out.watch_error.get_or_insert(e);
                }
            }
        }
        if batch.paths.len() > max_pending {
            tracing::warn!(
                "{} paths pending (max_pending {max_pending}): switching to one full sync",
                batch.paths.len()
            );
            batch.set_full();
        }
        Ok(out)
    }

    fn handle(
        &mut self,
        wd: WatchDescriptor,
        mask: EventMask,
        name: Option<OsString>,
        batch: &mut Batch,
        out: &mut Outcome,
    ) -> Result<(), String> {
        if mask.contains(EventMask::Q_OVERFLOW) {
            out.overflow = true;
            return Ok(());
        }
        let Some(w) = self.dirs.get(&wd) else {
            return Ok(()); // a watch we already dropped
        };
        let dir = w.path.clone();
        let recursive = w.recursive;
        let listed = name.as_ref().is_some_and(|n| w.names.contains(n));
        if mask.contains(EventMask::IGNORED) || mask.contains(EventMask::UNMOUNT) {
            if let Some(w) = self.dirs.remove(&wd) {
                if self.by_path.get(&w.path) == Some(&wd) {
                    self.by_path.remove(&w.path);
                }
            }
            if mask.contains(EventMask::UNMOUNT) || self.is_source_dir(&dir) || !recursive {
                out.source_lost = true;
            }
            return Ok(());
        }
        if mask.intersects(EventMask::DELETE_SELF | EventMask::MOVE_SELF) {
            if self.is_source_dir(&dir) || !recursive {
                out.source_lost = true;
            }
            return Ok(());
        }
        let Some(name) = name else {
            // An event on the directory itself (ATTRIB): its own metadata.
            if recursive {
                if let Some(rel) = self.layout.rel(&dir) {
                    batch.add(rel, Depth::Entry);
                }
            }
            return Ok(());
        };
        if !recursive && !listed {
            return Ok(());
        }
        let is_dir = mask.contains(EventMask::ISDIR);
        if self.excludes.matches(&name, is_dir) {
            return Ok(());
        }
        let path = dir.join(&name);
        let Some(rel) = self.layout.rel(&path) else {
            return Ok(());
        };
        if is_dir {
            // Into the batch first: should watching fail, the tree is still sent once.
            batch.add(rel, Depth::Tree);
            if mask.intersects(EventMask::DELETE | EventMask::MOVED_FROM) {
                self.drop_tree(&path);
            }
            if mask.intersects(EventMask::CREATE | EventMask::MOVED_TO) {
                self.drop_tree(&path);
                self.add_tree(&path)?;
            }
        } else {
            batch.add(rel, Depth::Entry);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_excludes_match_names() {
        let x = Excludes::new(&[
            "*.tmp".into(),
            "cache/".into(),
            "a/b".into(),
            "**/deep".into(),
        ]);
        assert!(x.matches(OsStr::new("x.tmp"), false));
        assert!(!x.matches(OsStr::new("x.txt"), false));
        assert!(x.matches(OsStr::new("cache"), true));
        assert!(!x.matches(OsStr::new("cache"), false), "dir-only pattern");
        assert!(!x.matches(OsStr::new("b"), false), "left to rsync");
        assert!(
            x.matches(OsStr::new(crate::generation::NAME), false),
            "its own generation record is no change"
        );
        assert!(
            x.matches(
                OsStr::new(&format!("{}.tmp", crate::generation::NAME)),
                false
            ),
            "nor is the temporary file it is written through"
        );
        assert_eq!(x.names.len(), 4);
    }
}
