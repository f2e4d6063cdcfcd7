//! The daemon (`filesync run`): one thread, one `poll` over the inotify descriptor and a
//! signalfd (SIGTERM, SIGINT, SIGHUP and SIGCHLD), at most one rsync child at a time.
//!
//! Events collect into a [`Batch`]; a batch is sent `delay` after its first event (coalescing,
//! as lsyncd's `delay`; counting from the first event rather than waiting for quiet bounds the
//! latency under a steady stream of writes, and lets the guard see a whole quick `rm -rf` at
//! once), and events that arrive while rsync runs wait for the next batch. A failed run puts its paths
//! back and the next attempt waits with exponential backoff (to `retry_max`), so a dead peer costs
//! one connection attempt per backoff step and a bounded list of paths (beyond `max_pending` it
//! collapses into one full sync), never an unbounded queue. Before every run the mass-delete
//! [`Guard`] must agree, and before the first run and after every failed one the two copies'
//! generation records ([`generation`]) must say that the peer's copy is not newer. The
//! [`State`] file records each outcome for `monitor`.

use std::collections::BTreeMap;
use std::fs;
use std::os::fd::AsFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{SigSet, SigmaskHow, Signal};
use nix::sys::signalfd::{SfdFlags, SignalFd};
use rustha::daemon::PidFile;
use rustha::error::IoContext;
use rustha::{Error, Result};

use crate::config::Config;
use crate::generation::{self, Gen, Record, Verdict};
use crate::guard::Guard;
use crate::rsync::{self, Batch, Depth, Layout, Outcome};
use crate::state::{self, State};
use crate::watch::Watcher;

/// First retry delay after a failed run; doubles up to `retry_max`.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// How often a refused (guarded) sync is re-checked.
const GUARD_RECHECK: Duration = Duration::from_secs(1);

/// The rsync run in progress.
struct Running {
    child: Child,
    batch: Batch,
    started: Instant,
}

/// The daemon's mutable state.
struct Engine {
    cfg: Config,
    /// Re-read on SIGHUP.
    config_path: PathBuf,
    layout: Layout,
    guard: Guard,
    watcher: Watcher,
    state: State,
    batch: Batch,
    /// When the oldest unsent event of `batch` arrived.
    first_event: Option<Instant>,
    retry_at: Option<Instant>,
    backoff: Duration,
    running: Option<Running>,
    /// A source vanished or was unmounted: re-add watches once the guard passes again.
    rewatch: bool,
    /// This copy's generation record (None: never paired).
    record: Option<Record>,
    /// Where it is kept.
    record_path: PathBuf,
    /// Compare the generation records before the next run (at start, after a failed run).
    verify: bool,
    /// The peer's copy is an older state of this one: once a full sync succeeds, both records
    /// are set to this copy's generation.
    adopt: bool,
    /// Writing this copy's record failed (a full disk): said once, not at every change or run,
    /// until a write succeeds again.
    pending_unmarked: bool,
}

fn signals() -> SigSet {
    let mut s = SigSet::empty();
    for sig in [
        Signal::SIGTERM,
        Signal::SIGINT,
        Signal::SIGHUP,
        Signal::SIGCHLD,
    ] {
        s.add(sig);
    }
    s
}

/// Run the daemon until SIGTERM/SIGINT. The pidfile is written once every watch is in place
/// (so `start` returning means events are being seen), and removed on exit.
pub fn run(cfg: Config, config_path: &Path, pidfile: Option<&PidFile>) -> Result<()> {
    let mask = signals();
    mask.thread_block().context(|| "blocking signals".into())?;
    let sfd = SignalFd::with_flags(&mask, SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC)
        .context(|| "creating signalfd".into())?;
    let guard = Guard::record(&cfg).map_err(Error::Failed)?;
    let layout = Layout::new(&cfg);
    let record_path = layout.local_record(&cfg);
    let record = Record::load(&record_path).map_err(Error::Failed)?;
    let watcher = Watcher::new(&cfg).map_err(Error::Failed)?;
    let mut batch = Batch::default();
    batch.set_full();
    let delay = cfg.delay;
    let mut e = Engine {
        layout,
        record,
        record_path,
        verify: true,
        adopt: false,
        pending_unmarked: false,
        state: State {
            pid: nix::unistd::getpid().as_raw(),
            started: state::now(),
            watches: watcher.count(),
            full_pending: true,
            pending: 1,
            ..State::default()
        },
        cfg,
        config_path: config_path.to_path_buf(),
        guard,
        watcher,
        batch,
        // The initial full sync is due at once, not after the coalescing delay.
        first_event: Some(
            Instant::now()
                .checked_sub(delay)
                .unwrap_or_else(Instant::now),
        ),
        retry_at: None,
        backoff: FIRST_BACKOFF,
        running: None,
        rewatch: false,
    };
    e.save();
    tracing::info!(
        "watching {} directories under {} for {}",
        e.watcher.count(),
        e.cfg
            .sources
            .iter()
            .map(|s| s.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        e.cfg.target
    );
    if let Some(pf) = pidfile {
        pf.write(nix::unistd::getpid())?;
    }
    let result = e.serve(&sfd);
    e.shutdown();
    if let Some(pf) = pidfile {
        if pf.read().ok().flatten() == Some(nix::unistd::getpid()) {
            let _ = pf.remove();
        }
    }
    result
}

impl Engine {
    fn save(&mut self) {
        self.state.generation = self.record.as_ref().map(Record::to_string);
        self.state.watches = self.watcher.count();
        self.state.pending = self.batch.len() + self.running.as_ref().map_or(0, |r| r.batch.len());
        self.state.full_pending =
            self.batch.full || self.running.as_ref().is_some_and(|r| r.batch.full);
        if let Err(err) = self.state.write(&self.cfg.state_file) {
            tracing::error!(
                "cannot write state file {}: {err}",
                self.cfg.state_file.display()
            );
        }
    }

    /// When the pending batch may be sent.
    fn due(&self) -> Option<Instant> {
        if self.batch.is_empty() {
            return None;
        }
        let coalesced = self.first_event.unwrap_or_else(Instant::now) + self.cfg.delay;
        Some(match self.retry_at {
            Some(r) if r > coalesced => r,
            _ => coalesced,
        })
    }

    fn serve(&mut self, sfd: &SignalFd) -> Result<()> {
        loop {
            let timeout = if self.running.is_some() {
                // SIGCHLD wakes us; the bound only guards against a lost wake-up.
                Some(Duration::from_millis(500))
            } else {
                self.due()
                    .map(|d| d.saturating_duration_since(Instant::now()))
            };
            let timeout = match timeout {
                Some(d) => PollTimeout::try_from(d.as_millis().min(60_000) as u64 + 1)
                    .unwrap_or(PollTimeout::MAX),
                None => PollTimeout::NONE,
            };
            {
                let mut fds = [
                    PollFd::new(self.watcher.fd(), PollFlags::POLLIN),
                    PollFd::new(sfd.as_fd(), PollFlags::POLLIN),
                ];
                match poll(&mut fds, timeout) {
                    Ok(_) | Err(nix::errno::Errno::EINTR) => {}
                    Err(err) => return Err(Error::io("poll", err.into())),
                }
            }
            while let Ok(Some(si)) = sfd.read_signal() {
                match Signal::try_from(si.ssi_signo as i32) {
                    Ok(Signal::SIGTERM) | Ok(Signal::SIGINT) => {
                        tracing::info!("signal {}: exiting", si.ssi_signo);
                        return Ok(());
                    }
                    Ok(Signal::SIGHUP) => {
                        self.reload();
                        self.batch.set_full();
                        self.first_event.get_or_insert_with(Instant::now);
                        self.retry_at = None;
                        self.save();
                    }
                    _ => {}
                }
            }
            self.read_events();
            self.reap();
            if self.running.is_none() && self.due().is_some_and(|d| d <= Instant::now()) {
                self.launch();
            }
        }
    }

    /// SIGHUP: re-read the configuration and apply what can change while running (everything
    /// but the sources and the layout); a full resync follows either way.
    fn reload(&mut self) {
        self.state.reloads += 1;
        let instance = std::env::var("OCF_RESOURCE_INSTANCE").unwrap_or_else(|_| "filesync".into());
        let refused = match Config::load(&self.config_path, crate::PARAMS, &instance) {
            Err(e) => Some(format!(
                "reload refused, keeping the running configuration: {e}"
            )),
            Ok(new) if new.sources != self.cfg.sources || new.relative != self.cfg.relative => {
                Some("reload refused: source and relative can only change with a restart".into())
            }
            Ok(mut new) => {
                // Identity of this daemon: keep the files `start`, `stop` and `monitor` use.
                new.pidfile = self.cfg.pidfile.clone();
                new.state_file = self.cfg.state_file.clone();
                self.guard.update(&new);
                self.watcher.set_excludes(&new.excludes);
                self.cfg = new;
                if let Err(msg) = self.watcher.watch_sources() {
                    self.fatal(msg);
                }
                None
            }
        };
        match &refused {
            Some(msg) => tracing::error!("{msg}"),
            None => tracing::info!(
                "SIGHUP: configuration reloaded from {}; full resync",
                self.config_path.display()
            ),
        }
        self.state.reload_error = refused;
    }

    fn read_events(&mut self) {
        let before = self.batch.len();
        let was_empty = self.batch.is_empty();
        match self.watcher.drain(&mut self.batch, self.cfg.max_pending) {
            Ok(out) => {
                if out.overflow {
                    self.batch.changed = true;
                    self.state.overflows += 1;
                    tracing::warn!(
                        "inotify queue overflow (events lost): full resync and re-scan of watches"
                    );
                    self.batch.set_full();
                    if let Err(msg) = self.watcher.watch_sources() {
                        self.fatal(msg);
                    }
                }
                if out.source_lost {
                    tracing::warn!("a source was removed, moved or unmounted");
                    self.rewatch = true;
                    self.batch.set_full();
                }
                if let Some(msg) = out.watch_error {
                    self.fatal(msg);
                }
            }
            Err(msg) => self.fatal(msg),
        }
        if !self.batch.is_empty() && (was_empty || self.first_event.is_none()) {
            self.first_event = Some(Instant::now());
        }
        // Written here while the peer is not known to be in step (unreachable, or refused):
        // this copy now holds what the peer lacks, recorded before anything else can happen.
        if self.batch.changed && self.verify {
            self.mark_diverged();
        }
        if self.batch.len() != before {
            tracing::trace!("{} path(s) pending", self.batch.len());
        }
    }

    fn fatal(&mut self, msg: String) {
        tracing::error!("{msg}");
        self.state.fatal = Some(msg);
        self.save();
    }

    /// Start rsync for the pending batch, unless the guard refuses.
    fn launch(&mut self) {
        if let Err(msg) = self.guard.check() {
            if self.state.guard.as_deref() != Some(msg.as_str()) {
                tracing::error!("{msg}");
                self.state.guard = Some(msg);
                self.save();
            }
            self.retry_at = Some(Instant::now() + GUARD_RECHECK);
            return;
        }
        if self.state.guard.take().is_some() || self.rewatch {
            tracing::info!("sources look right again: re-watching and running a full sync");
            self.rewatch = false;
            self.batch.set_full();
            if let Err(msg) = self.watcher.watch_sources() {
                self.fatal(msg);
            }
        }
        if self.verify && !self.check_generations() {
            return;
        }
        self.mark_pending();
        let batch = std::mem::take(&mut self.batch);
        self.first_event = None;
        let paths = if batch.full {
            self.layout.full_paths(&self.cfg)
        } else {
            Some(batch.paths.clone())
        };
        let filter_file = match self.filter_file(paths) {
            Ok(f) => f,
            Err(msg) => {
                self.failed(batch, msg, true);
                return;
            }
        };
        let args = rsync::args(&self.cfg, &self.layout, filter_file.as_deref());
        let errfile = self.cfg.state_file.with_extension("rsync-stderr");
        let stderr = match fs::File::create(&errfile) {
            Ok(f) => Stdio::from(f),
            Err(_) => Stdio::null(),
        };
        let mut cmd = Command::new(&self.cfg.rsync);
        cmd.args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        // SAFETY: between fork and exec only async-signal-safe sigprocmask is called, to give
        // rsync the default (empty) signal mask instead of the daemon's blocked set.
        unsafe {
            cmd.pre_exec(|| {
                let none = SigSet::empty();
                nix::sys::signal::sigprocmask(SigmaskHow::SIG_SETMASK, Some(&none), None)
                    .map_err(std::io::Error::from)
            });
        }
        tracing::debug!(
            "rsync {}",
            args.iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        );
        match cmd.spawn() {
            Ok(child) => {
                self.running = Some(Running {
                    child,
                    batch,
                    started: Instant::now(),
                });
                self.save();
            }
            Err(err) => self.failed(batch, format!("cannot run {}: {err}", self.cfg.rsync), true),
        }
    }

    /// Collect a finished rsync.
    fn reap(&mut self) {
        let Some(r) = self.running.as_mut() else {
            return;
        };
        let status = match r.child.try_wait() {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(err) => {
                tracing::error!("waiting for rsync: {err}");
                return;
            }
        };
        let r = self.running.take().expect("checked above");
        let took = r.started.elapsed();
        let code = status.code();
        match rsync::classify(code) {
            Outcome::Done => {
                let now = state::now();
                if self.state.failing_since.is_some() {
                    tracing::info!("replication to {} recovered", self.cfg.target);
                }
                self.state.last_success = Some(now);
                self.state.failing_since = None;
                self.state.syncs += 1;
                if r.batch.full {
                    self.state.full_syncs += 1;
                    tracing::info!(
                        "full sync to {} done in {:.0} ms",
                        self.cfg.target,
                        took.as_secs_f64() * 1e3
                    );
                } else {
                    tracing::debug!(
                        "{} path(s) sent in {:.1} ms",
                        r.batch.len(),
                        took.as_secs_f64() * 1e3
                    );
                }
                self.backoff = FIRST_BACKOFF;
                self.retry_at = None;
                if self.adopt && r.batch.full {
                    self.adopt_generation();
                }
                self.save();
            }
            outcome => {
                let errfile = self.cfg.state_file.with_extension("rsync-stderr");
                let tail = error_summary(&fs::read_to_string(&errfile).unwrap_or_default());
                let mut msg = rsync::describe(code);
                if !tail.is_empty() {
                    msg.push_str(": ");
                    msg.push_str(&tail);
                }
                self.failed(r.batch, msg, outcome == Outcome::Fatal);
            }
        }
    }

    /// Record a failed run and schedule the retry.
    fn failed(&mut self, batch: Batch, msg: String, fatal: bool) {
        // Changes made here did not reach the peer: this copy takes a new generation (also at
        // the next change while the peer stays unreachable), and the records are compared again
        // before the next run, since the peer may have been active meanwhile. A failed start-up
        // sync alone changes nothing: a node that takes over from a dead peer and writes
        // nothing stays an older copy, which gives way to the newer one once it is back.
        self.verify = true;
        if batch.changed {
            self.mark_diverged();
        }
        let now = state::now();
        self.batch.merge(batch);
        self.first_event.get_or_insert_with(Instant::now);
        self.state.failures += 1;
        self.state.last_failure = Some(now);
        self.state.failing_since.get_or_insert(now);
        self.state.last_error = Some(msg.clone());
        let wait = if fatal {
            self.cfg.retry_max
        } else {
            self.backoff.min(self.cfg.retry_max)
        };
        self.backoff = (self.backoff * 2).min(self.cfg.retry_max.max(FIRST_BACKOFF));
        self.retry_at = Some(Instant::now() + wait);
        tracing::warn!(
            "sync to {} failed: {msg}; retrying in {:.1}s",
            self.cfg.target,
            wait.as_secs_f64()
        );
        self.save();
    }

    /// This copy holds changes the peer may lack: a new generation based on the shared one
    /// (once; a copy without a record was never paired and has nothing to diverge from).
    fn mark_diverged(&mut self) {
        let Some(r) = &self.record else {
            return;
        };
        let diverged = r.diverged();
        if &diverged == r {
            return;
        }
        let shown = diverged.to_string();
        if self.store_record(diverged, "") {
            tracing::info!("this copy changed without the peer: now at {shown}");
            self.save();
        }
    }

    /// Stores `r` as this copy's record and keeps it; whether it was stored. A failure (a full
    /// disk) is logged once, followed by `then`, not at every change or run, until a store
    /// succeeds again.
    fn store_record(&mut self, r: Record, then: &str) -> bool {
        match r.store(&self.record_path) {
            Ok(()) => {
                self.record = Some(r);
                self.pending_unmarked = false;
                true
            }
            Err(e) => {
                if !self.pending_unmarked {
                    self.pending_unmarked = true;
                    tracing::error!("{e}{then}");
                }
                false
            }
        }
    }

    /// Compare this copy's generation record with the peer's; whether a run may go ahead.
    fn check_generations(&mut self) -> bool {
        self.state.generation_checks += 1;
        let peer = match self.fetch_peer_record() {
            Ok(p) => p,
            Err(msg) => {
                let batch = std::mem::take(&mut self.batch);
                self.failed(batch, msg, false);
                return false;
            }
        };
        let verdict = generation::compare(self.record.as_ref(), peer.as_ref());
        let (newer, conflict) = match &verdict {
            Verdict::PeerNewer(m) => (Some(m.clone()), None),
            Verdict::Conflict(m) => (None, Some(m.clone())),
            _ => (None, None),
        };
        if let Some(msg) = newer.as_ref().or(conflict.as_ref()) {
            if self.state.peer_newer != newer || self.state.conflict != conflict {
                tracing::error!("{msg}");
            }
            self.state.peer_newer = newer;
            self.state.conflict = conflict;
            // Checked again later: an administrator may have resolved it.
            self.retry_at = Some(Instant::now() + self.cfg.retry_max.max(GUARD_RECHECK));
            self.save();
            return false;
        }
        if self.state.peer_newer.take().is_some() | self.state.conflict.take().is_some() {
            tracing::info!("the generation records agree again: syncing");
        }
        if verdict == Verdict::Merge {
            if let Err(msg) = self.merge_from_peer() {
                let batch = std::mem::take(&mut self.batch);
                self.failed(batch, msg, false);
                return false;
            }
            tracing::warn!(
                "the peer's copy ({}) had changes it never sent: copied here what this copy \
                 lacked or held in an older version (nothing deleted); files deleted there in \
                 its last moments come back",
                peer.as_ref().map_or_else(String::new, Record::to_string),
            );
        }
        self.verify = false;
        match verdict {
            Verdict::Push | Verdict::Merge => {
                tracing::info!(
                    "the peer's copy ({}) is an older state of this one ({}): full sync",
                    peer.as_ref()
                        .map_or("no generation record".into(), Record::to_string),
                    self.record
                        .as_ref()
                        .map_or("no generation record yet".into(), Record::to_string)
                );
                self.adopt = true;
                self.batch.set_full();
            }
            _ => {
                if let Some(r) = self.record.as_ref().filter(|r| r.base.is_some()) {
                    // The peer's record was updated, this one not yet (a crash in between).
                    let synced = Record {
                        current: r.current.clone(),
                        base: None,
                        pending: r.pending,
                    };
                    if synced.store(&self.record_path).is_ok() {
                        self.record = Some(synced);
                    }
                }
            }
        }
        self.save();
        true
    }

    /// After a full sync that brought an older peer up to date: both records at this copy's
    /// generation, the peer's first (a record never claims more than its copy holds).
    fn adopt_generation(&mut self) {
        let synced = Record {
            current: self
                .record
                .as_ref()
                .map_or_else(|| Gen::next(None), |r| r.current.clone()),
            base: None,
            pending: false,
        };
        if let Err(msg) = self.store_peer_record(&synced) {
            let mut full = Batch::default();
            full.set_full();
            self.failed(full, msg, false);
            return;
        }
        // This copy goes on sending: its own record stays marked (see `mark_pending`).
        let local = synced.with_pending(true);
        match local.store(&self.record_path) {
            Ok(()) => {
                tracing::info!("both copies at {synced}");
                self.record = Some(local);
                self.adopt = false;
            }
            Err(e) => tracing::error!("{e}"),
        }
    }

    /// The peer's generation record (None when it has none); an error when the peer cannot be
    /// asked.
    fn fetch_peer_record(&self) -> std::result::Result<Option<Record>, String> {
        let tmp = self.cfg.state_file.with_extension("peer-generation");
        let _ = fs::remove_file(&tmp);
        let mut args = rsync::connection_args(&self.cfg);
        args.push(rsync::peer_record(&self.cfg, &self.layout));
        args.push(tmp.clone().into_os_string());
        let (code, stderr) = self.rsync_now(args)?;
        match code {
            Some(0) => {
                let text = fs::read_to_string(&tmp)
                    .map_err(|e| format!("reading {}: {e}", tmp.display()))?;
                let _ = fs::remove_file(&tmp);
                Record::parse(&text, "on the peer").map(Some)
            }
            Some(23) if stderr.contains("No such file or directory") => Ok(None),
            _ => Err(format!(
                "reading the peer's generation record: {}: {}",
                rsync::describe(code),
                error_summary(&stderr)
            )),
        }
    }

    /// Write the peer's generation record.
    fn store_peer_record(&self, record: &Record) -> std::result::Result<(), String> {
        let tmp = self.cfg.state_file.with_extension("peer-generation");
        fs::write(&tmp, record.text()).map_err(|e| format!("writing {}: {e}", tmp.display()))?;
        let mut args = rsync::connection_args(&self.cfg);
        args.push(tmp.clone().into_os_string());
        args.push(rsync::peer_record(&self.cfg, &self.layout));
        let (code, stderr) = self.rsync_now(args)?;
        let _ = fs::remove_file(&tmp);
        match code {
            Some(0) => Ok(()),
            _ => Err(format!(
                "writing the peer's generation record: {}: {}",
                rsync::describe(code),
                error_summary(&stderr)
            )),
        }
    }

    /// Run rsync to its end (one small file, bounded by its timeouts); exit status and stderr.
    fn rsync_now(
        &self,
        args: Vec<std::ffi::OsString>,
    ) -> std::result::Result<(Option<i32>, String), String> {
        let mut cmd = Command::new(&self.cfg.rsync);
        cmd.args(&args).stdin(Stdio::null()).stdout(Stdio::null());
        // SAFETY: as in `launch`: only sigprocmask between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let none = SigSet::empty();
                nix::sys::signal::sigprocmask(SigmaskHow::SIG_SETMASK, Some(&none), None)
                    .map_err(std::io::Error::from)
            });
        }
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.cfg.rsync))?;
        Ok((
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    }

    /// Stop a running rsync (TERM, then KILL) and record the final state.
    fn shutdown(&mut self) {
        if let Some(mut r) = self.running.take() {
            let pid = nix::unistd::Pid::from_raw(r.child.id() as i32);
            let _ = nix::sys::signal::kill(pid, Signal::SIGTERM);
            let end = Instant::now() + Duration::from_secs(2);
            while Instant::now() < end {
                if let Ok(Some(_)) = r.child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = r.child.kill();
            let _ = r.child.wait();
            self.batch.merge(r.batch);
        }
        self.read_events();
        if self.batch.is_empty() && self.state.failing_since.is_none() {
            self.clear_pending();
        }
        self.close_ssh_master();
        self.save();
    }

    /// Changes made here are about to be sent: say so in this copy's record first, durably, so
    /// that a peer taking over after this node died merges rather than deletes what never
    /// arrived. Set once and kept while the daemon runs (cleared at a stop that delivered
    /// everything): a record written per run would cost a synchronous write each time.
    fn mark_pending(&mut self) {
        let Some(r) = self.record.as_ref().filter(|r| !r.pending) else {
            return;
        };
        let marked = r.with_pending(true);
        // Sent anyway when the store fails: holding changes back only widens what a crash
        // could lose.
        self.store_record(marked, "; sending anyway");
    }

    /// Everything made here reached the peer: the record no longer says otherwise.
    fn clear_pending(&mut self) {
        let Some(r) = self.record.as_ref().filter(|r| r.pending) else {
            return;
        };
        let clear = r.with_pending(false);
        match clear.store(&self.record_path) {
            Ok(()) => self.record = Some(clear),
            Err(e) => tracing::error!("{e}"),
        }
    }

    /// The merge file holding `paths`' filter rules, beside the state file (None for no paths:
    /// the whole transfer root).
    fn filter_file(
        &self,
        paths: Option<BTreeMap<PathBuf, Depth>>,
    ) -> std::result::Result<Option<PathBuf>, String> {
        let Some(p) = paths else {
            return Ok(None);
        };
        let filter = self.cfg.state_file.with_extension("filter");
        fs::write(&filter, rsync::filter_rules(&p))
            .map_err(|e| format!("writing {}: {e}", filter.display()))?;
        Ok(Some(filter))
    }

    /// The peer's copy may hold changes it never sent: copy here what this copy lacks or holds
    /// in an older version, deleting nothing, before the full sync makes the peer a mirror.
    fn merge_from_peer(&mut self) -> std::result::Result<(), String> {
        let filter_file = self.filter_file(self.layout.full_paths(&self.cfg))?;
        let (code, stderr) = self.rsync_now(rsync::pull_args(
            &self.cfg,
            &self.layout,
            filter_file.as_deref(),
        ))?;
        match rsync::classify(code) {
            Outcome::Done => Ok(()),
            _ => Err(format!(
                "merging from the peer: {}: {}",
                rsync::describe(code),
                error_summary(&stderr)
            )),
        }
    }

    /// End the shared ssh connection (it would otherwise linger for ControlPersist).
    fn close_ssh_master(&self) {
        let (Some(path), Some(host)) = (self.cfg.ssh_control_path(), self.cfg.ssh_host()) else {
            return;
        };
        if !path.exists() {
            return;
        }
        let program = self.cfg.rsh.split_whitespace().next().unwrap_or("ssh");
        let child = Command::new(program)
            .arg("-o")
            .arg(format!("ControlPath={}", path.display()))
            .args(["-O", "exit", host])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Ok(mut c) = child {
            let end = Instant::now() + Duration::from_secs(2);
            while Instant::now() < end {
                if let Ok(Some(_)) = c.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The informative part of rsync's stderr: a remote shell's message if there is one, else
/// rsync's first specific message (the root cause, e.g.
/// `rsync: [receiver] write failed on "f": No space left on device`; later ones are usually its
/// consequences), not the generic `rsync error: ... (code N) at file.c(line)` lines that repeat
/// the exit status; the last line when there is nothing else.
fn error_summary(stderr: &str) -> String {
    let all: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // The remote shell's own words (`ssh: connect to host ...: Connection refused`) first.
    all.iter()
        .find(|l| !l.starts_with("rsync"))
        .or_else(|| all.iter().find(|l| !l.starts_with("rsync error:")))
        .or(all.last())
        .map(|l| l.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsync_errors_keep_the_specific_message() {
        let disk =
            "rsync: [receiver] write failed on \"big\" (in peer): No space left on device (28)\n\
                    rsync error: error in file IO (code 11) at receiver.c(380) [receiver=3.2.7]\n\
                    rsync error: error in file IO (code 11) at io.c(1700) [generator=3.2.7]\n";
        let s = error_summary(disk);
        assert!(
            s.contains("No space left") && !s.contains("reset") && !s.contains("io.c"),
            "{s}"
        );
        let ssh = "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n\
                   ssh: connect to host 10.0.0.2 port 22: Connection refused\n\
                   rsync error: unexplained error (code 255) at io.c(231) [sender=3.2.7]\n";
        assert_eq!(
            error_summary(ssh),
            "ssh: connect to host 10.0.0.2 port 22: Connection refused"
        );
        let generic = "rsync error: some error (code 10) at x.c(1)\n";
        assert_eq!(
            error_summary(generic),
            "rsync error: some error (code 10) at x.c(1)"
        );
        assert_eq!(error_summary(""), "");
    }
}
