//! The daemon's configuration: the OCF parameters of [`crate::PARAMS`], read either from the
//! agent's environment or from a `key = value` file with the same keys.
//!
//! Why `key = value` and not TOML: the keys *are* the OCF parameters, validated by the same
//! [`ParamSpec`] declarations, so the agent hands its parameters to the daemon by writing them into
//! this file, and a systemd user writes exactly what `pcs resource create` would take. Values are
//! the same strings as in `OCF_RESKEY_*`; list parameters (`source`, `excludes`) use shell quoting
//! and may be repeated. A second grammar (and crate) would add nothing but a second way to be wrong.
//!
//! ```text
//! # /etc/rustha/filesync.conf
//! source   = /opt/zenon/sys/login.txt /opt/zenon/public_html/profiles
//! relative = yes
//! target   = osm2::zenon/
//! excludes = *.tmp '.#*'
//! password_file = /etc/rustha/filesync.secret
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rustha::error::IoContext;
use rustha::error::Problems;
use rustha::param::{FromParam, Words};
use rustha::{Error, MapSource, ParamSpec, Params, Result};

/// Parameters that hold a list and may be repeated in a file.
const LIST_PARAMS: &[&str] = &["source", "excludes", "rsync_opts"];

/// Where the peer copy lives, which decides the rsync options that apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetKind {
    /// `host::module/path` or `rsync://host[:port]/module/path`: an rsync daemon.
    Daemon,
    /// `[user@]host:/path`: rsync over a remote shell (ssh).
    Shell,
    /// A local path (a mounted network file system).
    Local,
}

/// Everything the daemon needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute paths to replicate (directories, or files in `relative` mode).
    pub sources: Vec<PathBuf>,
    /// Each source keeps its full path under the target (rsync `--relative`).
    pub relative: bool,
    /// rsync destination, as given.
    pub target: String,
    /// What kind of destination.
    pub target_kind: TargetKind,
    /// rsync exclude patterns.
    pub excludes: Vec<String>,
    /// Coalescing delay after the first event of a batch.
    pub delay: Duration,
    /// Options for every rsync run.
    pub rsync_opts: Vec<String>,
    /// The rsync binary.
    pub rsync: String,
    /// Remote shell for `Shell` targets.
    pub rsh: String,
    /// Keep one ssh connection open for all runs (OpenSSH connection sharing).
    pub ssh_control: bool,
    /// rsync daemon password file.
    pub password_file: Option<PathBuf>,
    /// rsync I/O and connect timeout.
    pub timeout: Duration,
    /// Longest wait between retries.
    pub retry_max: Duration,
    /// How long syncs may fail before `monitor` reports an error (zero: never).
    pub fail_after: Duration,
    /// Refuse to sync from an empty source directory.
    pub guard_empty: bool,
    /// A file that must exist in every source directory.
    pub marker: Option<String>,
    /// Pending paths beyond which one full sync replaces the list.
    pub max_pending: usize,
    /// The daemon's pid file.
    pub pidfile: PathBuf,
    /// The daemon's state file (JSON), read by `monitor`.
    pub state_file: PathBuf,
}

/// `source`: absolute paths below `/`, each once.
#[derive(Debug, Clone)]
pub struct Sources(pub Vec<PathBuf>);

impl FromParam for Sources {
    fn from_param(v: &str) -> std::result::Result<Self, String> {
        let Words(words) = Words::from_param(v)?;
        if words.is_empty() {
            return Err("at least one absolute path".into());
        }
        let mut sources = Vec::new();
        for s in &words {
            let path = PathBuf::from(s);
            if !path.is_absolute() {
                return Err(format!("an absolute path, not '{s}'"));
            }
            let clean: PathBuf = path.components().collect();
            if clean == Path::new("/") {
                return Err(
                    "a directory below / (replicating the whole root file system is refused)"
                        .into(),
                );
            }
            if sources.contains(&clean) {
                return Err(format!("each path once ('{s}' twice)"));
            }
            sources.push(clean);
        }
        Ok(Sources(sources))
    }
}

/// `target`: an rsync destination and its kind.
#[derive(Debug, Clone)]
pub struct Target(pub String, pub TargetKind);

impl FromParam for Target {
    fn from_param(v: &str) -> std::result::Result<Self, String> {
        let target = v.trim();
        target_kind(target)
            .map(|kind| Target(target.to_string(), kind))
            .map_err(|e| match e {
                Error::InvalidParam { allowed, .. } => allowed,
                other => other.to_string(),
            })
    }
}

/// `marker`: a file name inside each source directory.
#[derive(Debug, Clone)]
pub struct Marker(pub String);

impl FromParam for Marker {
    fn from_param(m: &str) -> std::result::Result<Self, String> {
        if m.contains('/') || m == "." || m == ".." {
            return Err("a file name (no '/') inside each source directory".into());
        }
        Ok(Marker(m.to_string()))
    }
}

impl Config {
    /// Build from validated parameters. `instance` names the default pid and state files.
    pub fn from_params(p: &Params, instance: &str) -> Result<Config> {
        // Every value and every conflict between values is added to one list, so that all are
        // reported at once; a value refused on its own (`None` here) was reported already.
        let mut problems = Problems::new();
        let sources = problems.check(p.get::<Sources>("source"));
        let relative = problems.check(p.get::<bool>("relative"));
        let target = problems.check(p.get::<Target>("target"));
        let password_file = problems.check(p.opt::<PathBuf>("password_file"));
        if let (Some(Sources(sources)), Some(false)) = (&sources, relative) {
            if sources.len() > 1 {
                problems.push(Error::invalid(
                    "source",
                    p.raw("source").unwrap_or_default(),
                    "one directory unless relative=true (with relative=true each source keeps its \
                     full path under the target)",
                ));
            }
        }
        if let (Some(Some(_)), Some(Target(_, kind))) = (&password_file, &target) {
            if *kind != TargetKind::Daemon {
                problems.push(Error::invalid(
                    "password_file",
                    p.raw("password_file").unwrap_or_default(),
                    "only with an rsync daemon target (host::module or rsync://host/module); \
                     ssh targets authenticate with keys",
                ));
            }
        }
        let rest = || -> Result<Config> {
            let Sources(sources) = p.get("source")?;
            let Target(target, target_kind) = p.get("target")?;
            let dir = PathBuf::from("/run/filesync");
            let pidfile = p
                .opt("pidfile")?
                .unwrap_or_else(|| dir.join(format!("{instance}.pid")));
            let state_file = p
                .opt("state_file")?
                .unwrap_or_else(|| dir.join(format!("{instance}.state")));
            Ok(Config {
                sources,
                relative: p.get("relative")?,
                target,
                target_kind,
                excludes: p.get::<Words>("excludes")?.0,
                delay: p.get("delay")?,
                rsync_opts: p.get::<Words>("rsync_opts")?.0,
                rsync: p.get("rsync")?,
                rsh: p.get("rsh")?,
                ssh_control: p.get("ssh_control")?,
                password_file: p.opt("password_file")?,
                timeout: p.get("timeout")?,
                retry_max: p.get("retry_max")?,
                fail_after: p.get("fail_after")?,
                guard_empty: p.get("guard_empty")?,
                marker: p.opt::<Marker>("marker")?.map(|m| m.0),
                max_pending: p.get("max_pending")?,
                pidfile,
                state_file,
            })
        };
        let config = problems.check(rest());
        problems.finish_with(config)
    }

    /// Read a `key = value` configuration file. Errors name file, line and column, and suggest
    /// the nearest parameter for an unknown key.
    pub fn load(path: &Path, specs: &'static [ParamSpec], instance: &str) -> Result<Config> {
        let text = fs::read_to_string(path).context(|| format!("reading {}", path.display()))?;
        let (map, positions) = parse_file(path, &text, specs)?;
        let located = |name: &str, message: String| {
            Error::at(
                path,
                positions.get(name).copied().unwrap_or((1, 1)),
                message,
            )
        };
        let locate = |e: Error| match e {
            Error::InvalidParam { ref name, .. } => located(&name.clone(), e.to_string()),
            Error::MissingParam { name } => {
                Error::at(path, (1, 1), format!("required key '{name}' is not set"))
            }
            other => other,
        };
        let locate_all = |e: Error| match e {
            Error::Params(all) => Error::Params(all.into_iter().map(&locate).collect()),
            one => locate(one),
        };
        let (params, mut problems) = Params::read(specs, &map);
        let config = problems.check(Config::from_params(&params, instance));
        problems.finish_with(config).map_err(locate_all)
    }

    /// The OpenSSH control socket shared by all runs, when connection sharing applies: an ssh
    /// target whose remote shell is OpenSSH's `ssh`.
    pub fn ssh_control_path(&self) -> Option<PathBuf> {
        let program = self.rsh.split_whitespace().next().unwrap_or("");
        let is_ssh = Path::new(program).file_name().is_some_and(|n| n == "ssh");
        (self.ssh_control && self.target_kind == TargetKind::Shell && is_ssh)
            .then(|| self.state_file.with_extension("ssh"))
    }

    /// `[user@]host` of an ssh target.
    pub fn ssh_host(&self) -> Option<&str> {
        (self.target_kind == TargetKind::Shell)
            .then(|| self.target.split_once(':').map(|(h, _)| h))
            .flatten()
    }

    /// The configuration as a file [`Config::load`] reads back (what the agent hands the daemon).
    pub fn render(params: &Params) -> String {
        let mut out = String::from("# written by the filesync OCF agent from its parameters\n");
        for (name, value) in params.iter() {
            out.push_str(&format!("{name} = {}\n", value.replace('\n', " ")));
        }
        out
    }
}

/// Where each key's value starts: (line, column), 1-based.
type Positions = BTreeMap<String, (usize, usize)>;

/// Parse `key = value` lines into a parameter map, remembering where each key's value starts.
fn parse_file(
    path: &Path,
    text: &str,
    specs: &'static [ParamSpec],
) -> Result<(MapSource, Positions)> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut positions: Positions = BTreeMap::new();
    let err = |line: usize, column: usize, message: String, suggestion: Option<String>| {
        Error::ConfigFile {
            file: path.to_path_buf(),
            line,
            column,
            message,
            suggestion,
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let key_col = raw.len() - trimmed.len() + 1;
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(err(line_no, key_col, "expected 'key = value'".into(), None));
        };
        let key = key.trim();
        if !specs.iter().any(|s| s.name == key) {
            let best = specs
                .iter()
                .map(|s| (strsim::jaro_winkler(key, s.name), s.name))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .filter(|(score, _)| *score > 0.7)
                .map(|(_, n)| n.to_string());
            return Err(err(line_no, key_col, format!("unknown key '{key}'"), best));
        }
        let value_col = key_col + trimmed.find('=').unwrap_or(0) + 1 + {
            let after = &trimmed[trimmed.find('=').unwrap_or(0) + 1..];
            after.len() - after.trim_start().len()
        };
        let value = value.trim().to_string();
        match values.get_mut(key) {
            Some(prev) if LIST_PARAMS.contains(&key) => {
                prev.push(' ');
                prev.push_str(&value);
            }
            Some(_) => {
                let (first, _) = positions[key];
                return Err(err(
                    line_no,
                    key_col,
                    format!("'{key}' is set twice (first on line {first})"),
                    None,
                ));
            }
            None => {
                values.insert(key.to_string(), value);
                positions.insert(key.to_string(), (line_no, value_col));
            }
        }
    }
    let mut map = MapSource::new();
    for (k, v) in values {
        map.set_param(&k, v);
    }
    Ok((map, positions))
}

/// Classify an rsync destination.
pub fn target_kind(target: &str) -> Result<TargetKind> {
    let bad = |why: &str| Error::invalid("target", target, why);
    if target.is_empty() {
        return Err(bad("an rsync destination"));
    }
    if let Some(rest) = target.strip_prefix("rsync://") {
        let (host, module) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || module.is_empty() {
            return Err(bad("rsync://HOST[:PORT]/MODULE[/PATH]"));
        }
        return Ok(TargetKind::Daemon);
    }
    if let Some((host, module)) = target.split_once("::") {
        if host.is_empty() || module.is_empty() {
            return Err(bad("HOST::MODULE[/PATH]"));
        }
        return Ok(TargetKind::Daemon);
    }
    if target.starts_with('/') {
        return Ok(TargetKind::Local);
    }
    match target.split_once(':') {
        Some((host, _)) if !host.is_empty() && !host.contains('/') => Ok(TargetKind::Shell),
        _ => Err(bad(
            "HOST::MODULE[/PATH] or rsync://HOST[:PORT]/MODULE (rsync daemon), \
             [USER@]HOST:PATH (ssh) or an absolute local path",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let f = std::env::temp_dir().join(format!("filesync-cfg-{}-{n}.conf", std::process::id()));
        fs::write(&f, text).unwrap();
        let r = Config::load(&f, crate::PARAMS, "fs");
        let _ = fs::remove_file(&f);
        r
    }

    #[test]
    fn every_bad_key_is_reported_at_once_and_located() {
        let text = "source = /a /b\ntarget = peer:/srv\npassword_file = /etc/pw\ndelay = soon\n";
        let err = load(text).unwrap_err();
        // The bad value and both conflicts, each at its key's value.
        let Error::Params(all) = &err else {
            panic!("expected every problem, got {err}");
        };
        let at: Vec<(usize, usize)> = all
            .iter()
            .filter_map(|e| match e {
                Error::ConfigFile { line, column, .. } => Some((*line, *column)),
                _ => None,
            })
            .collect();
        assert_eq!(at, [(4, 9), (1, 10), (3, 17)], "{err}");
        let text = "source = relative/a\ntarget = peer:/srv\ndelay = soon\n";
        let Error::Params(all) = load(text).unwrap_err() else {
            panic!("expected both bad keys");
        };
        assert!(
            matches!(
                all[..],
                [
                    Error::ConfigFile { line: 1, .. },
                    Error::ConfigFile { line: 3, .. }
                ]
            ),
            "{all:?}"
        );
        let text = "source = /a /b\ntarget = peer:/srv\npassword_file = /etc/pw\n";
        let err = load(text).unwrap_err();
        let Error::Params(all) = &err else {
            panic!("expected both contradictions, got {err}");
        };
        assert_eq!(all.len(), 2, "{err}");
        assert!(
            all.iter().all(|e| matches!(e, Error::ConfigFile { .. })),
            "{err}"
        );
        let msg = err.to_string();
        assert!(msg.contains(":1:") && msg.contains(":3:"), "{msg}");
    }

    #[test]
    fn seed_000_files_in_relative_mode() {
        let c = load(
            "# seed 000: files to keep in sync\n\
             source = /opt/zenon/sys/login.txt\n\
             source = '/opt/zenon/public_html/profiles/'\n\
             relative = yes\n\
             target = rsync://as2:8730/zenon\n\
             excludes = *.tmp '.#*'\n\
             delay = 250ms\n",
        )
        .unwrap();
        assert_eq!(
            c.sources,
            vec![
                PathBuf::from("/opt/zenon/sys/login.txt"),
                PathBuf::from("/opt/zenon/public_html/profiles")
            ]
        );
        assert!(c.relative);
        assert_eq!(c.target_kind, TargetKind::Daemon);
        assert_eq!(c.excludes, vec!["*.tmp", ".#*"]);
        assert_eq!(c.delay, Duration::from_millis(250));
        assert_eq!(c.state_file, PathBuf::from("/run/filesync/fs.state"));
        assert!(c.guard_empty, "the mass-delete guard is on by default");
    }

    #[test]
    fn errors_name_line_column_and_suggest() {
        let e = load("source = /srv\ntarget = peer::m\n  exclude = *.o\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(":3:3: unknown key 'exclude'"), "{msg}");
        assert!(msg.contains("did you mean 'excludes'"), "{msg}");

        let e = load("source = /srv\ntarget = peer::m\ndelay =  soon\n").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(":3:10:") && msg.contains("delay"), "{msg}");

        let e = load("source = /srv\ntarget = peer::m\ntarget = other::m\n").unwrap_err();
        assert!(e.to_string().contains("set twice (first on line 2)"), "{e}");

        let e = load("source = /a /b\ntarget = peer::m\n").unwrap_err();
        assert!(e.to_string().contains("relative=true"), "{e}");

        let e = load("target = peer::m\n").unwrap_err();
        assert!(e.to_string().contains("'source'"), "{e}");

        let e = load("source = srv\ntarget = peer::m\n").unwrap_err();
        assert!(e.to_string().contains("absolute"), "{e}");

        let e = load("source = /srv\ntarget = me@peer:/x\npassword_file = /p\n").unwrap_err();
        assert!(e.to_string().contains("rsync daemon"), "{e}");

        let e = load("source = /srv\ntarget = peer::m\nno equals sign\n").unwrap_err();
        assert!(
            e.to_string().contains(":3:1: expected 'key = value'"),
            "{e}"
        );
    }

    #[test]
    fn shipped_example_parses() {
        let example =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/examples/filesync.conf");
        let c = Config::load(&example, crate::PARAMS, "filesync").unwrap();
        assert_eq!(c.sources.len(), 2);
        assert!(c.relative && c.guard_empty);
        assert_eq!(c.target_kind, TargetKind::Daemon);
        assert!(c.password_file.is_some());
    }

    #[test]
    fn ssh_connection_sharing_only_for_openssh_targets() {
        let base = "source = /srv\nstate_file = /run/fs/x.state\n";
        let c = load(&format!("{base}target = root@peer:/srv\n")).unwrap();
        assert_eq!(c.ssh_control_path(), Some(PathBuf::from("/run/fs/x.ssh")));
        assert_eq!(c.ssh_host(), Some("root@peer"));
        let args = crate::rsync::args(&c, &crate::rsync::Layout::new(&c), None);
        let rsh = args
            .iter()
            .map(|a| a.to_string_lossy())
            .find(|a| a.starts_with("ssh "));
        assert!(rsh.is_some_and(|r| r.contains("ControlPath=/run/fs/x.ssh")));
        let c = load(&format!(
            "{base}target = peer:/srv\nrsh = /usr/bin/ssh -p 2222\n"
        ))
        .unwrap();
        assert!(c.ssh_control_path().is_some());
        let c = load(&format!("{base}target = peer:/srv\nrsh = rsh\n")).unwrap();
        assert_eq!(c.ssh_control_path(), None, "not OpenSSH");
        let c = load(&format!("{base}target = peer:/srv\nssh_control = no\n")).unwrap();
        assert_eq!(c.ssh_control_path(), None);
        let c = load(&format!("{base}target = peer::m\n")).unwrap();
        assert_eq!(c.ssh_control_path(), None, "rsync daemon");
    }

    #[test]
    fn target_kinds() {
        assert_eq!(target_kind("peer::mod/sub").unwrap(), TargetKind::Daemon);
        assert_eq!(
            target_kind("rsync://127.0.0.1:873/mod").unwrap(),
            TargetKind::Daemon
        );
        assert_eq!(
            target_kind("root@10.0.0.2:/srv").unwrap(),
            TargetKind::Shell
        );
        assert_eq!(target_kind("osm2:/srv").unwrap(), TargetKind::Shell);
        assert_eq!(target_kind("/mnt/peer").unwrap(), TargetKind::Local);
        assert!(target_kind("relative/path").is_err());
        assert!(target_kind("::mod").is_err());
        assert!(target_kind("rsync://host").is_err());
    }

    #[test]
    fn render_round_trips() {
        let src = MapSource::new()
            .with_param("source", "'/srv/my files'")
            .with_param("target", "peer::m")
            .with_param("excludes", "*.swp");
        let p = Params::from_source(crate::PARAMS, &src).unwrap();
        let text = Config::render(&p);
        let c = load(&text).unwrap();
        assert_eq!(c.sources, vec![PathBuf::from("/srv/my files")]);
        assert_eq!(c.excludes, vec!["*.swp"]);
    }

    #[test]
    fn conflicts_and_bad_values_are_named_at_once() {
        let src = MapSource::new()
            .with_param("source", "/srv/a /srv/b")
            .with_param("target", "root@10.0.0.2:/srv")
            .with_param("password_file", "/etc/rsync.secret")
            .with_param("delay", "soon");
        let (p, mut problems) = Params::read(crate::PARAMS, &src);
        let config = problems.check(Config::from_params(&p, "fs"));
        let err = problems.finish_with(config).unwrap_err();
        assert_eq!(err.code(), rustha::OcfCode::ErrConfigured, "{err}");
        let msg = err.to_string();
        for needle in [
            "'source'",
            "relative=true",
            "'password_file'",
            "'delay'",
            "'soon'",
        ] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
        assert!(msg.starts_with("3 problems"), "each problem once: {msg}");
    }
}
