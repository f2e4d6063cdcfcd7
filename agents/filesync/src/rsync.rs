//! One rsync run: which paths it covers ([`Batch`]), the filter rules that limit the transfer to
//! them, the command line, and what rsync's exit status means.
//!
//! A batch is sent the way lsyncd's `default.rsync` does it, because it is the one form that
//! also propagates deletions and renames: the whole source is the transfer root, run with
//! `--recursive --delete`, and a merged filter file includes exactly the changed paths (plus each
//! parent directory, so rsync descends to them) and ends with `- *`. rsync then sends what
//! exists among those paths and deletes on the peer what no longer exists, while everything the
//! filter excludes is protected from deletion. (`--files-from` cannot delete: a vanished path is
//! just an error.) A changed directory is included with its whole subtree (`/dir/***`), which is
//! what makes new directories race-free: whatever appeared in them before their watch existed
//! is still sent.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use crate::config::{Config, TargetKind};

/// How much of a changed path a batch must cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// The entry itself (a file, or a directory's own metadata).
    Entry,
    /// The entry and everything below it (new, moved or deleted directories).
    Tree,
}

/// Paths waiting to be sent, relative to the transfer root, or "everything".
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// Everything: a full sync.
    pub full: bool,
    /// Changed paths (relative to the transfer root, no leading `/`).
    pub paths: BTreeMap<PathBuf, Depth>,
    /// Something changed here (an event, even one a full sync already covers), as opposed to
    /// a full sync that only checks the peer (at start): only such a batch, undelivered, means
    /// this copy holds what the peer lacks.
    pub changed: bool,
}

impl Batch {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        !self.full && self.paths.is_empty()
    }

    /// Record a changed path; the deeper requirement wins.
    pub fn add(&mut self, rel: PathBuf, depth: Depth) {
        self.changed = true;
        if self.full {
            return;
        }
        let e = self.paths.entry(rel).or_insert(depth);
        if depth > *e {
            *e = depth;
        }
    }

    /// Turn into a full sync (after an overflow, or when too many paths are pending).
    pub fn set_full(&mut self) {
        self.full = true;
        self.paths.clear();
    }

    /// Put back what a failed run did not deliver.
    pub fn merge(&mut self, other: Batch) {
        self.changed |= other.changed;
        if other.full {
            self.set_full();
        }
        for (p, d) in other.paths {
            self.add(p, d);
        }
    }

    /// Number of paths (a full sync counts as one).
    pub fn len(&self) -> usize {
        if self.full {
            1
        } else {
            self.paths.len()
        }
    }
}

/// Escape a path for an rsync filter pattern that contains wildcards: rsync honours backslash
/// escapes only in patterns that contain a wildcard character.
fn escape(rel: &[u8], wildcard_pattern: bool) -> Vec<u8> {
    let needs = wildcard_pattern || rel.iter().any(|b| matches!(b, b'*' | b'?' | b'['));
    let mut out = Vec::with_capacity(rel.len() + 8);
    for &b in rel {
        if needs && matches!(b, b'*' | b'?' | b'[' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

/// The NUL-separated merge-file rules for `paths` (rsync `--from0`): every parent directory,
/// each path, each tree, then `- *`.
pub fn filter_rules(paths: &BTreeMap<PathBuf, Depth>) -> Vec<u8> {
    let mut rules: Vec<Vec<u8>> = Vec::new();
    let mut seen_dirs = std::collections::BTreeSet::new();
    let mut rule = |prefix: &[u8], body: Vec<u8>, suffix: &[u8]| {
        let mut r = prefix.to_vec();
        r.extend_from_slice(&body);
        r.extend_from_slice(suffix);
        rules.push(r);
    };
    for (path, depth) in paths {
        let bytes = path.as_os_str().as_bytes();
        if bytes.is_empty() {
            // The transfer root itself (its own metadata changed): rsync always sends "."; a
            // run with no other rule does just that.
            continue;
        }
        // Parents, outermost first: "+ /a/", "+ /a/b/".
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'/' && i > 0 && seen_dirs.insert(bytes[..i].to_vec()) {
                rule(b"+ /", escape(&bytes[..i], false), b"/");
            }
        }
        rule(b"+ /", escape(bytes, false), b"");
        if *depth == Depth::Tree {
            rule(b"+ /", escape(bytes, true), b"/***");
        }
    }
    rule(b"- ", b"*".to_vec(), b"");
    let mut out = Vec::new();
    for r in rules {
        out.extend_from_slice(&r);
        out.push(0);
    }
    out
}

/// The transfer root and how a path below it is named in a batch.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `source/` (one directory) or `/` (relative mode).
    pub root: PathBuf,
}

impl Layout {
    /// The layout for `cfg`.
    pub fn new(cfg: &Config) -> Layout {
        Layout {
            root: if cfg.relative {
                PathBuf::from("/")
            } else {
                cfg.sources[0].clone()
            },
        }
    }

    /// The generation record relative to the transfer root: at the root, or with `relative`
    /// in the first source directory (beside the first source file). See [`crate::generation`].
    pub fn record_rel(&self, cfg: &Config) -> PathBuf {
        let dir = match (cfg.relative, cfg.sources.first()) {
            (true, Some(s)) if !s.is_dir() => s.parent().unwrap_or(Path::new("/")),
            (true, Some(s)) => s.as_path(),
            _ => self.root.as_path(),
        };
        self.rel(dir)
            .unwrap_or_default()
            .join(crate::generation::NAME)
    }

    /// This copy's generation record.
    pub fn local_record(&self, cfg: &Config) -> PathBuf {
        self.root.join(self.record_rel(cfg))
    }

    /// `abs` relative to the transfer root (None when outside it).
    pub fn rel(&self, abs: &Path) -> Option<PathBuf> {
        abs.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// The batch that a full sync sends: in relative mode only the sources (and their parents);
    /// otherwise the whole root.
    pub fn full_paths(&self, cfg: &Config) -> Option<BTreeMap<PathBuf, Depth>> {
        if !cfg.relative {
            return None;
        }
        Some(
            cfg.sources
                .iter()
                .filter_map(|s| Some((self.rel(s)?, Depth::Tree)))
                .collect(),
        )
    }
}

/// The rsync argument list for one run (without the binary). `filter_file` is the merge file
/// holding [`filter_rules`] (None for a full sync of a single directory). No secret is ever part
/// of it: the daemon password is read by rsync from `--password-file`.
pub fn args(cfg: &Config, layout: &Layout, filter_file: Option<&Path>) -> Vec<OsString> {
    transfer(cfg, layout, filter_file, false)
}

/// The rsync argument list that copies the peer's files here without deleting or overwriting
/// anything newer: `--update`, no `--delete`, the same filters, from the target to the transfer
/// root. What a merge runs before its full sync when the peer's copy may hold files this one
/// lacks (see [`crate::generation`]).
pub fn pull_args(cfg: &Config, layout: &Layout, filter_file: Option<&Path>) -> Vec<OsString> {
    transfer(cfg, layout, filter_file, true)
}

fn transfer(
    cfg: &Config,
    layout: &Layout,
    filter_file: Option<&Path>,
    pull: bool,
) -> Vec<OsString> {
    let mut a: Vec<OsString> = cfg.rsync_opts.iter().map(OsString::from).collect();
    a.push("--recursive".into());
    a.push(if pull { "--update" } else { "--delete" }.into());
    a.extend(connection_args(cfg));
    // The generation records first of all: never sent, and (not --delete-excluded) never
    // deleted on the peer.
    // So is the temporary file a record is written through, which a daemon killed while writing
    // leaves behind.
    for suffix in ["", ".tmp"] {
        let mut record = b"- /".to_vec();
        record.extend(escape(layout.record_rel(cfg).as_os_str().as_bytes(), false));
        record.extend_from_slice(suffix.as_bytes());
        let mut filter = OsString::from("--filter=");
        filter.push(OsString::from_vec(record));
        a.push(filter);
    }
    // Excludes first: the first matching rule wins, so an excluded name is never included by
    // the batch's rules, and (not being --delete-excluded) is never deleted on the peer.
    for e in &cfg.excludes {
        a.push(format!("--exclude={e}").into());
    }
    if let Some(f) = filter_file {
        a.push("--from0".into());
        let mut o = OsString::from("--filter=merge ");
        o.push(f);
        a.push(o);
    }
    let mut local = layout.root.clone().into_os_string().into_vec();
    if local.last() != Some(&b'/') {
        local.push(b'/');
    }
    let mut peer = cfg.target.clone();
    if !peer.ends_with('/') {
        peer.push('/');
    }
    let (local, peer) = (OsString::from_vec(local), OsString::from(peer));
    if pull {
        a.extend([peer, local]);
    } else {
        a.extend([local, peer]);
    }
    a
}

/// The options that reach the peer (timeouts, daemon password, remote shell), for every run,
/// including those that read or write the generation record.
pub fn connection_args(cfg: &Config) -> Vec<OsString> {
    let mut a: Vec<OsString> = Vec::new();
    a.push(format!("--timeout={}", cfg.timeout.as_secs().max(1)).into());
    match cfg.target_kind {
        TargetKind::Daemon => {
            a.push(format!("--contimeout={}", cfg.timeout.as_secs().max(1)).into());
            // rsync's protocol exchanges many small messages; with Nagle's algorithm each waits
            // for a delayed ACK (40 ms on Linux), which halves the latency of a one-file batch.
            a.push("--sockopts=TCP_NODELAY".into());
            if let Some(pw) = &cfg.password_file {
                let mut o = OsString::from("--password-file=");
                o.push(pw);
                a.push(o);
            }
        }
        TargetKind::Shell => {
            let mut rsh = cfg.rsh.clone();
            if let Some(path) = cfg.ssh_control_path() {
                // rsync splits --rsh at spaces and honours quotes.
                let quoted = shlex::try_quote(&path.to_string_lossy())
                    .map(|q| q.into_owned())
                    .unwrap_or_else(|_| path.display().to_string());
                rsh.push_str(&format!(
                    " -o ControlMaster=auto -o ControlPersist=60 -o ControlPath={quoted} \
                     -o ServerAliveInterval=5 -o ServerAliveCountMax=2"
                ));
            }
            a.push("--rsh".into());
            a.push(rsh.into());
        }
        TargetKind::Local => {}
    }
    a
}

/// The peer's generation record as an rsync path: the target plus the record's place below it.
pub fn peer_record(cfg: &Config, layout: &Layout) -> OsString {
    let mut dst = cfg.target.clone().into_bytes();
    if !dst.ends_with(b"/") {
        dst.push(b'/');
    }
    dst.extend_from_slice(layout.record_rel(cfg).as_os_str().as_bytes());
    OsString::from_vec(dst)
}

/// What an rsync exit status means for the daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered (0; 24 = some source files vanished meanwhile, which their own events cover).
    Done,
    /// Worth retrying with backoff: the peer or network is away, or a partial transfer.
    Retry,
    /// A configuration problem (syntax, protocol, `--max-delete` stop) that needs a human;
    /// retried at the longest backoff in case the peer is fixed.
    Fatal,
}

/// Classify an rsync exit status (None: killed by a signal). Unlike lsyncd, 23 (partial
/// transfer) is not "done": with filter rules instead of `--files-from`, a vanished file is no
/// error, so 23 means something really was not delivered.
pub fn classify(code: Option<i32>) -> Outcome {
    match code {
        Some(0) | Some(24) => Outcome::Done,
        Some(1) | Some(2) | Some(4) | Some(25) => Outcome::Fatal,
        _ => Outcome::Retry,
    }
}

/// rsync's own words for an exit status (from its man page), for the state file and logs.
pub fn describe(code: Option<i32>) -> String {
    let what = match code {
        None => "killed by a signal",
        Some(1) => "syntax or usage error",
        Some(2) => "protocol incompatibility",
        Some(3) => "errors selecting input/output files, dirs",
        Some(4) => "requested action not supported",
        Some(5) => "error starting client-server protocol",
        Some(10) => "error in socket I/O",
        Some(11) => "error in file I/O",
        Some(12) => "error in rsync protocol data stream",
        Some(14) => "error in IPC code",
        Some(20) => "received SIGUSR1 or SIGINT",
        Some(23) => "partial transfer due to error",
        Some(25) => "the --max-delete limit stopped deletions",
        Some(30) => "timeout in data send/receive",
        Some(35) => "timeout waiting for daemon connection",
        Some(255) => "remote shell failed",
        Some(_) => "error",
    };
    match code {
        Some(c) => format!("rsync exit {c} ({what})"),
        None => format!("rsync {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(paths: &[(&str, Depth)]) -> Vec<String> {
        let map = paths.iter().map(|(p, d)| (PathBuf::from(p), *d)).collect();
        filter_rules(&map)
            .split(|b| *b == 0)
            .filter(|r| !r.is_empty())
            .map(|r| String::from_utf8(r.to_vec()).unwrap())
            .collect()
    }

    #[test]
    fn parents_paths_trees_then_exclude_everything() {
        assert_eq!(
            rules(&[("a/b/c.txt", Depth::Entry), ("a/new", Depth::Tree)]),
            vec![
                "+ /a/",
                "+ /a/b/",
                "+ /a/b/c.txt",
                "+ /a/new",
                "+ /a/new/***",
                "- *"
            ]
        );
    }

    #[test]
    fn the_root_itself_needs_no_rule() {
        assert_eq!(rules(&[("", Depth::Entry)]), vec!["- *"]);
    }

    #[test]
    fn wildcards_in_names_are_escaped() {
        assert_eq!(
            rules(&[("x*y/[z]", Depth::Tree), ("back\\slash", Depth::Entry)]),
            vec![
                "+ /back\\slash",
                "+ /x\\*y/",
                "+ /x\\*y/\\[z]",
                "+ /x\\*y/\\[z]/***",
                "- *"
            ]
        );
    }

    #[test]
    fn batch_merging() {
        let mut b = Batch::default();
        b.add("d".into(), Depth::Entry);
        b.add("d".into(), Depth::Tree);
        b.add("d".into(), Depth::Entry);
        assert_eq!(b.paths[Path::new("d")], Depth::Tree);
        let mut full = Batch::default();
        full.set_full();
        b.merge(full);
        assert!(b.full && b.paths.is_empty() && b.len() == 1);
        b.add("e".into(), Depth::Entry);
        assert!(b.paths.is_empty(), "a full sync covers everything");
        // The start-up full sync is no local change; an event is, even under a full sync.
        let mut start = Batch::default();
        start.set_full();
        assert!(!start.changed);
        let mut later = Batch::default();
        later.merge(start.clone());
        assert!(!later.changed);
        start.add("f".into(), Depth::Entry);
        later.merge(start);
        assert!(later.changed && later.full);
    }

    #[test]
    fn exit_codes() {
        assert_eq!(classify(Some(0)), Outcome::Done);
        assert_eq!(classify(Some(24)), Outcome::Done);
        assert_eq!(classify(Some(23)), Outcome::Retry);
        assert_eq!(classify(Some(10)), Outcome::Retry);
        assert_eq!(classify(Some(35)), Outcome::Retry);
        assert_eq!(classify(Some(255)), Outcome::Retry);
        assert_eq!(classify(None), Outcome::Retry);
        assert_eq!(classify(Some(1)), Outcome::Fatal);
        assert_eq!(classify(Some(25)), Outcome::Fatal);
        assert!(describe(Some(10)).contains("socket"));
    }
}
