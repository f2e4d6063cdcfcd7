//! # filesync: inotify + rsync replication of directories to the peer node
//!
//! Replaces seed 003's `osm-inotify.pl` (and the usual lsyncd setup) for the files an
//! active/standby pair must keep identical (seed 000: `/opt/zenon/sys/login.txt`,
//! `/opt/zenon/public_html/profiles/`). `filesync run --config FILE` is the daemon
//! ([`engine`]); the same binary is `ocf:rustha:filesync` ([`Filesync`]), which Pacemaker starts
//! on the active node only.
//!
//! - Recursive inotify watches ([`watch`], the `inotify` crate); a new directory is watched the
//!   moment its event is read and sent as a whole tree, so nothing created in it before the
//!   watch existed is missed.
//! - Events coalesce for `delay`; a batch is one rsync run whose filter rules cover exactly the
//!   changed paths, with `--delete`, so deletions and renames reach the peer too ([`rsync`]).
//! - A full sync at start, after a kernel queue overflow (`IN_Q_OVERFLOW`), after too many
//!   pending paths and on SIGHUP, which also re-reads the configuration (the agent's `reload`:
//!   everything but `source` and `relative` changes without a restart).
//! - A dead peer: retries with exponential backoff up to `retry_max`, paths kept (bounded).
//! - The mass-delete guard ([`guard`]): no rsync runs while a source is empty, on another device
//!   than at start (unmounted) or lacks its marker file.
//! - Generation records ([`generation`]): nothing is sent to a peer whose copy is newer (start
//!   fails naming both generations) or that changed too while this one did (a conflict: every
//!   monitor warns); an older peer gets a full sync first.
//! - Monitor: daemon alive and guard quiet, from the [`state`] file the daemon writes after
//!   every run; syncs failing for longer than `fail_after` (the peer or the way to it) are a
//!   warning, and a failure only at `OCF_CHECK_LEVEL=10`, so a dead peer never gets the daemon
//!   restarted by default.
//! - rsync daemon passwords come from `password_file` (`--password-file`); they never appear in
//!   arguments, logs or the state file.
//!
//! Configuration: `key = value`, the OCF parameter names ([`config`] says why not TOML).
//! Targets: `host::module/path` or `rsync://host:port/module/path` (rsync daemon),
//! `[user@]host:/path` (over `rsh`, ssh by default), or a local path.

pub mod config;
pub mod engine;
pub mod generation;
pub mod guard;
pub mod rsync;
pub mod state;
pub mod watch;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use nix::unistd::Pid;
use rustha::daemon::{self, Grace, PidFile};
use rustha::error::IoContext;
use rustha::param::Check;
use rustha::{
    AgentMeta, Context, Error, MapSource, OcfCode, ParamSpec, Params, ResourceAgent, Result, State,
};

use crate::config::Config;
use crate::guard::Guard;

fn positive_int(v: &str) -> std::result::Result<(), String> {
    match v.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(()),
        _ => Err("a positive integer".into()),
    }
}

/// Every parameter, declared once: OCF parameters and the keys of the daemon's config file.
pub const PARAMS: &[ParamSpec] = &[
    ParamSpec::string("source")
        .required()
        .unique()
        .of::<config::Sources>()
        .short("directories (or, with relative, files) to replicate")
        .long(
            "Absolute path of the directory to replicate; with relative=true, several \
             whitespace-separated paths (shell quoting for spaces), directories or single files.",
        ),
    ParamSpec::string("target")
        .reloadable()
        .required()
        .of::<config::Target>()
        .short("rsync destination on the peer")
        .long(
            "Where the copy lives: HOST::MODULE/PATH or rsync://HOST[:PORT]/MODULE/PATH (rsync \
             daemon), [USER@]HOST:/PATH (rsync over ssh, see rsh), or a local absolute path.",
        ),
    ParamSpec::boolean("relative")
        .default("false")
        .short("keep each source's full path under the target")
        .long(
            "false: the one source directory's contents go to the target (rsync SRC/ TARGET/). \
             true: every source keeps its absolute path below the target (rsync --relative), \
             so target root@peer:/ mirrors the same paths on the peer.",
        ),
    ParamSpec::string("excludes")
        .of::<rustha::param::Words>()
        .reloadable()
        .default("")
        .short("rsync exclude patterns")
        .long(
            "Whitespace-separated rsync exclude patterns (shell quoting allowed), e.g. \
             \"*.tmp .#* cache/\". Excluded files are neither sent nor deleted on the peer.",
        ),
    ParamSpec::time("delay")
        .reloadable()
        .default("1s")
        .short("coalescing delay")
        .long("Events are collected for this long after the first one before rsync runs."),
    ParamSpec::string("rsync_opts")
        .of::<rustha::param::Words>()
        .reloadable()
        .default("--archive --hard-links --numeric-ids")
        .short("options for every rsync run")
        .long(
            "rsync options added to every run (filesync itself adds --recursive --delete, \
             timeouts and its filter rules).",
        ),
    ParamSpec::string("rsync")
        .reloadable()
        .default("rsync")
        .short("rsync binary")
        .long("The rsync program (a name looked up in PATH, or a path)."),
    ParamSpec::string("rsh")
        .reloadable()
        .default("ssh -o BatchMode=yes -o ConnectTimeout=10")
        .short("remote shell for HOST:PATH targets")
        .long("rsync --rsh for ssh targets; key authentication (BatchMode) is expected."),
    ParamSpec::boolean("ssh_control")
        .reloadable()
        .default("true")
        .short("share one ssh connection between runs")
        .long(
            "For ssh targets (rsh is OpenSSH's ssh): keep one connection open (ControlMaster, \
             ControlPersist=60s, a socket next to the state file) so a batch does not pay an \
             ssh handshake; the connection is closed when the daemon stops.",
        ),
    ParamSpec::string("password_file")
        .reloadable()
        .short("rsync daemon password file")
        .long(
            "File holding the rsync daemon password (passed as --password-file; must not be \
             readable by others). The password never appears in arguments or logs.",
        ),
    ParamSpec::time("timeout")
        .reloadable()
        .default("30s")
        .short("rsync I/O and connect timeout")
        .long("rsync --timeout (and --contimeout for daemon targets)."),
    ParamSpec::time("retry_max")
        .reloadable()
        .default("60s")
        .short("longest backoff between retries")
        .long("After a failed run the next try waits 0.5s, doubling up to this."),
    ParamSpec::time("fail_after")
        .reloadable()
        .default("60s")
        .short("how long syncs may fail before monitor reports it")
        .long(
            "Once every run has failed for this long (0: never), monitor warns, and a monitor \
             asked for with OCF_CHECK_LEVEL=10 returns OCF_ERR_GENERIC. The default monitor does \
             not fail on it: a dead peer is not mended by restarting this daemon. Colocate this \
             resource with the service it follows, not the other way round, so a dead peer \
             does not move the service.",
        ),
    ParamSpec::boolean("guard_empty")
        .reloadable()
        .default("true")
        .short("refuse to sync from an empty source directory")
        .long(
            "The mass-delete guard: while a source directory is empty (an unmounted file \
             system's mount point), nothing is synced and monitor fails. Sources on another \
             device than at start are always refused.",
        ),
    ParamSpec::string("marker")
        .of::<config::Marker>()
        .reloadable()
        .short("file that must exist in each source directory")
        .long(
            "Name of a file inside every source directory; while it is missing (file system not \
             mounted), nothing is synced and monitor fails.",
        ),
    ParamSpec::integer("max_pending")
        .reloadable()
        .default("10000")
        .check(Check::Custom(positive_int))
        .of::<usize>()
        .short("pending paths before one full sync replaces them")
        .long("Bounds the daemon's memory while the peer is down."),
    ParamSpec::string("pidfile")
        .unique()
        .short("pid file of the daemon")
        .long("Default: /run/filesync/<resource instance>.pid."),
    ParamSpec::string("state_file")
        .unique()
        .short("state file the daemon writes and monitor reads")
        .long("JSON: last success and failure, last error, counters. Default: /run/filesync/<resource instance>.state."),
    ParamSpec::string("logfile")
        .default("/var/log/filesync/filesync.log")
        .short("daemon output file")
        .long("The daemon's standard output and error (its log goes to journald when journald runs)."),
];

const META: AgentMeta = AgentMeta {
    name: "filesync",
    version: env!("CARGO_PKG_VERSION"),
    shortdesc: "Replicates directories to the peer node with inotify and rsync",
    longdesc: "Runs the filesync daemon on the active node: recursive inotify watches on the \
source directories, events coalesced for a short delay, and rsync of exactly the changed paths \
(creations, changes, deletions, renames) to the target, an rsync daemon or ssh. A full sync on \
start and after an inotify queue overflow, retries with backoff while the peer is down, and a \
guard that never propagates a mass delete from an empty or unmounted source. A generation record \
in each copy (.filesync-generation, never synced) keeps an older copy from deleting or overwriting \
a newer one: start fails when the peer's copy is newer, and when both copies changed since they \
last agreed (both were active) nothing is synced either way and monitor warns of the conflict. \
A node that died with changes not yet sent is merged from, never mirrored over: the node taking \
over first copies the files it lacks or holds in an older version (nothing deleted). \
Monitor checks that the daemon runs and the guard is quiet; replication failing for longer than fail_after (a dead \
peer, which restarting here does not mend) is a warning, and a failure only for a monitor asked \
for with OCF_CHECK_LEVEL=10. Start \
returns once every directory is watched (one inotify watch each: very large trees need a longer \
start timeout and enough fs.inotify.max_user_watches); the first full sync runs in the \
background.",
    params: PARAMS,
    actions: rustha::meta::RELOADABLE_DAEMON_ACTIONS,
};

/// `ocf:rustha:filesync`.
pub struct Filesync {
    params: Params,
    cfg: Config,
    logfile: PathBuf,
}

impl ResourceAgent for Filesync {
    const META: &'static AgentMeta = &META;
    fn commands() -> Vec<clap::Command> {
        vec![clap::Command::new("run")
            .about("Replicate the configured sources to the target in the foreground")
            .arg(
                clap::Arg::new("config")
                    .short('c')
                    .long("config")
                    .value_name("FILE")
                    .required(true)
                    .help("key = value configuration (the OCF parameter names)"),
            )
            .arg(
                clap::Arg::new("pidfile")
                    .long("pidfile")
                    .value_name("FILE")
                    .help("Write the pid here once every watch is in place (default: from the configuration)"),
            )]
    }

    fn new(params: Params, ctx: &Context) -> Result<Self> {
        let cfg = Config::from_params(&params, &ctx.instance)?;
        let logfile = params.get("logfile")?;
        Ok(Filesync {
            params,
            cfg,
            logfile,
        })
    }

    fn validate(&self, _ctx: &Context) -> Result<()> {
        check_local(&self.cfg)
    }

    fn start(&mut self, ctx: &Context) -> Result<()> {
        check_local(&self.cfg)?;
        if let Some(pid) = self.running()? {
            tracing::info!("already running as pid {pid}");
            return Ok(());
        }
        // Refuse here too, so an unmounted source fails the start (and moves the resource)
        // instead of starting a daemon that can only refuse.
        Guard::record(&self.cfg).map_err(Error::Failed)?;
        let conf = self.cfg.pidfile.with_extension("conf");
        if let Some(dir) = conf.parent() {
            fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&conf, self.render()).context(|| format!("writing {}", conf.display()))?;
        let exe = std::env::current_exe().context(|| "locating this executable".into())?;
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("run")
            .arg("--config")
            .arg(&conf)
            .env("OCF_RESOURCE_INSTANCE", &ctx.instance);
        let mut starting = daemon::spawn("filesync daemon", &mut cmd, Some(&self.logfile))?;
        let pid = starting.pid();
        let pf = self.pidfile();
        starting.wait_ready(
            ctx.deadline(),
            "pidfile written once every directory is watched",
            || Ok(pf.read()? == Some(pid)),
        )?;
        self.wait_generation_check(ctx, pid)
    }

    fn stop(&mut self, ctx: &Context) -> Result<()> {
        let pid = self.running()?;
        // Nothing to drain: half the stop timeout, at most 10 s, before KILL.
        let grace = Grace::HalfUpTo(Duration::from_secs(10));
        daemon::stop(&self.pidfile(), pid, grace, ctx.deadline())
    }

    fn monitor(&mut self, ctx: &Context) -> Result<State> {
        let Some(pid) = self.running()? else {
            return Ok(State::NotRunning);
        };
        let st = state::State::read(&self.cfg.state_file).map_err(Error::Failed)?;
        if st.pid != pid.as_raw() {
            return Err(Error::Failed(format!(
                "state file {} belongs to pid {}, not to the running daemon {pid}",
                self.cfg.state_file.display(),
                st.pid
            )));
        }
        if let Some(problem) = st.local_problem() {
            return Err(Error::Failed(problem));
        }
        // Both copies changed: nothing is synced until an administrator merges them, but the
        // service runs, and restarting or moving it mends nothing.
        if let Some(conflict) = &st.conflict {
            rustha::log::warn_caller(conflict);
            rustha::agent::exit_reason(conflict);
        }
        // A dead peer is not mended by restarting this daemon: only a deeper monitor, asked for
        // with OCF_CHECK_LEVEL=10, fails on it; the default one warns.
        if let Some(problem) = st.peer_problem(state::now(), self.cfg.fail_after.as_secs_f64()) {
            if ctx.check_level >= 10 {
                return Err(Error::Failed(problem));
            }
            rustha::log::warn_caller(&problem);
        }
        Ok(State::Running)
    }

    /// Rewrite the daemon's configuration and have it re-read it (SIGHUP); wait for its answer.
    /// Everything but `source` and `relative` applies without a restart.
    fn reload(&mut self, ctx: &Context) -> Result<()> {
        check_local(&self.cfg)?;
        let Some(pid) = self.running()? else {
            tracing::info!("not running: the new parameters apply at the next start");
            return Ok(());
        };
        let before = state::State::read(&self.cfg.state_file)
            .map(|s| s.reloads)
            .unwrap_or(0);
        let conf = self.cfg.pidfile.with_extension("conf");
        fs::write(&conf, self.render()).context(|| format!("writing {}", conf.display()))?;
        daemon::reload(pid, ctx.deadline(), || {
            let st = state::State::read(&self.cfg.state_file).unwrap_or_default();
            let answer = st.reload_error.map_or(Ok(()), |e| Err(Error::Failed(e)));
            Ok((st.reloads > before).then_some(answer))
        })
    }

    fn heartbeat_params(args: &[String]) -> Result<MapSource> {
        match args {
            [source, target] => Ok(MapSource::new()
                .with_param("source", source.clone())
                .with_param("target", target.clone())),
            // Heartbeat splits entries at '::', so `filesync::/srv/www::peer::www/` arrives as
            // three words: an rsync daemon target HOST::MODULE.
            [source, host, module] => Ok(MapSource::new()
                .with_param("source", source.clone())
                .with_param("target", format!("{host}::{module}"))),
            _ => Err(Error::Usage(format!(
                "expected a source and a target (filesync::/srv/www::rsync://peer/www or \
                 filesync::/srv/www::peer::www), got {args:?}"
            ))),
        }
    }

    fn command(_name: &str, m: &clap::ArgMatches) -> Result<OcfCode> {
        let instance = std::env::var("OCF_RESOURCE_INSTANCE").unwrap_or_else(|_| "filesync".into());
        rustha::log::init("filesync", &instance, "run");
        let path = PathBuf::from(m.get_one::<String>("config").expect("required"));
        let result = Config::load(&path, PARAMS, &instance).and_then(|cfg| {
            let pidfile = PidFile::new(
                m.get_one::<String>("pidfile")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| cfg.pidfile.clone()),
            );
            engine::run(cfg, &path, Some(&pidfile))
        });
        match result {
            Ok(()) => Ok(OcfCode::Success),
            Err(e) => {
                tracing::error!("{e}");
                Err(e)
            }
        }
    }
}

/// Node-local checks: rsync present, sources present, password file private.
fn check_local(cfg: &Config) -> Result<()> {
    if !binary_exists(&cfg.rsync) {
        return Err(Error::NotInstalled(format!(
            "rsync binary '{}' not found (install the rsync package)",
            cfg.rsync
        )));
    }
    if cfg.target_kind == config::TargetKind::Shell {
        // shlex as rsync itself splits --rsh; an unbalanced quote is left to rsync to report.
        let words = shlex::split(&cfg.rsh).unwrap_or_default();
        if let Some(program) = words.first().filter(|p| !binary_exists(p)) {
            return Err(Error::NotInstalled(format!(
                "remote shell '{program}' (parameter rsh) not found on this node (install \
                 openssh-client)"
            )));
        }
    }
    for s in &cfg.sources {
        if fs::symlink_metadata(s).is_err() {
            return Err(Error::NotInstalled(format!(
                "source {} does not exist on this node",
                s.display()
            )));
        }
        if !cfg.relative && !s.is_dir() {
            return Err(Error::invalid(
                "source",
                s.display().to_string(),
                "a directory (single files need relative=true)",
            ));
        }
    }
    // The password file is this node's copy: missing or too open here says nothing about the
    // other node's, so it is "unusable here" (5), not a configuration error for every node.
    if let Some(pw) = &cfg.password_file {
        let m = fs::metadata(pw).map_err(|e| {
            Error::NotInstalled(format!("password_file {}: {e} on this node", pw.display()))
        })?;
        if m.mode() & 0o077 != 0 {
            return Err(Error::NotInstalled(format!(
                "password_file {} is readable by others (mode {:o}); chmod 600 it (rsync refuses it too)",
                pw.display(),
                m.mode() & 0o777
            )));
        }
    }
    Ok(())
}

fn binary_exists(name: &str) -> bool {
    if name.contains('/') {
        return Path::new(name).is_file();
    }
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false)
}

impl Filesync {
    /// The daemon's configuration file: every parameter, plus the pid and state files resolved
    /// for this instance.
    fn render(&self) -> String {
        let mut text = Config::render(&self.params);
        for (key, path) in [
            ("pidfile", &self.cfg.pidfile),
            ("state_file", &self.cfg.state_file),
        ] {
            if self.params.raw(key).is_none() {
                text.push_str(&format!("{key} = {}\n", path.display()));
            }
        }
        text
    }

    fn pidfile(&self) -> PidFile {
        PidFile::new(&self.cfg.pidfile)
    }

    /// The daemon's pid, if it runs and really is this program (not a recycled pid).
    fn running(&self) -> Result<Option<Pid>> {
        self.pidfile().ours()
    }

    /// Wait (leaving time to stop it again) for the daemon's first comparison of the two
    /// copies' generation records: a peer whose copy is newer fails the start, so Pacemaker
    /// runs the resource where the newer copy is. A peer that takes longer to answer is left to
    /// the daemon, which sends nothing before it did.
    fn wait_generation_check(&self, ctx: &Context, pid: Pid) -> Result<()> {
        let margin = (ctx.timeout / 4).min(Duration::from_secs(5));
        let until = ctx
            .deadline()
            .checked_sub(margin)
            .unwrap_or_else(std::time::Instant::now);
        let mut refused = None;
        daemon::wait_until(until, Duration::from_millis(10), || {
            let st = state::State::read(&self.cfg.state_file).unwrap_or_default();
            refused = st.peer_newer.clone();
            Ok(st.generation_checks > 0 || st.local_problem().is_some())
        })?;
        let Some(msg) = refused else {
            return Ok(());
        };
        daemon::stop(
            &self.pidfile(),
            Some(pid),
            Grace::HalfUpTo(margin / 2),
            ctx.deadline(),
        )?;
        Err(Error::Failed(msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_declares_every_parameter_once() {
        let xml = META.to_xml();
        for p in PARAMS {
            assert_eq!(
                xml.matches(&format!("<parameter name=\"{}\"", p.name))
                    .count(),
                1,
                "{}",
                p.name
            );
        }
        assert!(xml.contains("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"));
    }

    #[test]
    fn heartbeat_positional() {
        use rustha::ParamSource;
        let m = Filesync::heartbeat_params(&["/srv/www".into(), "peer::www".into()]).unwrap();
        assert_eq!(m.param("source").as_deref(), Some("/srv/www"));
        assert_eq!(m.param("target").as_deref(), Some("peer::www"));
        assert!(Filesync::heartbeat_params(&["/srv".into()]).is_err());
        let m =
            Filesync::heartbeat_params(&["/srv/www".into(), "peer".into(), "www/".into()]).unwrap();
        assert_eq!(m.param("target").as_deref(), Some("peer::www/"));
    }
}
