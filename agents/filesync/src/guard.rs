//! The mass-delete guard: before any rsync run (which always carries `--delete`), check that each
//! source still looks like the one the daemon started with. An unmounted file system leaves its
//! mount point empty or on the parent's device; a sync from there would delete the peer's copy,
//! which is how lsyncd users lost data. Refusing costs a delayed sync; running costs the data.
//!
//! The guard looks at the source when a batch is about to run. A source that becomes empty at
//! once (an unmount, a replaced directory, an `rm -rf` inside one coalescing `delay`) is refused
//! as a whole; a delete that takes longer than `delay` is, up to its last batch, indistinguishable
//! from deletions the administrator wants, and those batches are sent.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::config::Config;

/// What each source looked like at start.
#[derive(Debug, Clone)]
pub struct Guard {
    /// (source, is a directory, device of the directory (or of a file's parent) at start).
    sources: Vec<(PathBuf, bool, u64)>,
    empty: bool,
    marker: Option<String>,
}

fn device_of(dir: &Path) -> Result<u64, String> {
    fs::metadata(dir)
        .map(|m| m.dev())
        .map_err(|e| format!("source {} is not accessible: {e}", dir.display()))
}

fn parent(p: &Path) -> &Path {
    p.parent().unwrap_or(Path::new("/"))
}

impl Guard {
    /// Record the sources as they are now, refusing a source that already looks wrong.
    pub fn record(cfg: &Config) -> Result<Guard, String> {
        let mut sources = Vec::new();
        for s in &cfg.sources {
            let meta = fs::metadata(s)
                .map_err(|e| format!("source {} is not accessible: {e}", s.display()))?;
            let is_dir = meta.is_dir();
            let dev = if is_dir {
                meta.dev()
            } else {
                device_of(parent(s))?
            };
            sources.push((s.clone(), is_dir, dev));
        }
        let g = Guard {
            sources,
            empty: cfg.guard_empty,
            marker: cfg.marker.clone(),
        };
        g.check()?;
        Ok(g)
    }

    /// Take the reloadable settings (`guard_empty`, `marker`) from a new configuration; the
    /// devices recorded at start stay.
    pub fn update(&mut self, cfg: &Config) {
        self.empty = cfg.guard_empty;
        self.marker = cfg.marker.clone();
    }

    /// Ok when every source may be synced with `--delete`; otherwise why not.
    pub fn check(&self) -> Result<(), String> {
        for (path, is_dir, dev) in &self.sources {
            let dir = if *is_dir {
                path.as_path()
            } else {
                parent(path)
            };
            let now = device_of(dir)?;
            if now != *dev {
                return Err(format!(
                    "refusing to sync: source {} is now on device {}:{} but was on {}:{} at start \
                     (unmounted or replaced?); not propagating deletions",
                    dir.display(),
                    libc::major(now),
                    libc::minor(now),
                    libc::major(*dev),
                    libc::minor(*dev)
                ));
            }
            if !*is_dir {
                continue;
            }
            if self.empty {
                let mut entries = fs::read_dir(path)
                    .map_err(|e| format!("source {} cannot be read: {e}", path.display()))?
                    // A generation record alone (left in a mount point) is no content.
                    .filter(|e| {
                        e.as_ref()
                            .map_or(true, |e| e.file_name() != crate::generation::NAME)
                    });
                if entries.next().is_none() {
                    return Err(format!(
                        "refusing to sync: source {} is empty (not mounted?); not propagating a \
                         mass delete to the peer (set guard_empty=false to allow an empty source)",
                        path.display()
                    ));
                }
            }
            if let Some(m) = &self.marker {
                let mp = path.join(m);
                if fs::symlink_metadata(&mp).is_err() {
                    return Err(format!(
                        "refusing to sync: marker {} is missing (source not mounted?); not \
                         propagating deletions",
                        mp.display()
                    ));
                }
            }
        }
        Ok(())
    }
}
