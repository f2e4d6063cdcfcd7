//! What runs against what is on disk: the digest of a configuration file a daemon loaded, the
//! warning `monitor` gives when the file has since changed, and the cluster-wide apply command.
//!
//! A daemon's `monitor` must report what runs, never what a file on disk says: an administrator
//! half-way through an edit must not get the service stopped everywhere. So each daemon records
//! the digest of the bytes it loaded, `monitor` compares the file with it and, when they differ,
//! only warns (naming file:line:column when the file does not parse) — see [`file_warning`].
//!
//! Pacemaker calls `reload` only when a resource parameter changes, never when the file behind an
//! unchanged path does. [`apply`] closes that gap from any cluster node: it validates the file
//! there, then sets the resource's `config_digest` parameter to the file's digest (with a stamp,
//! so that applying the same file again still reloads). Pacemaker then calls `reload` on every
//! node running the resource; the agent there checks that its own copy has that digest, reloads
//! in place and reports the outcome in a transient node attribute ([`report`]), which `apply`
//! waits for and prints.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::ocf::OcfCode;

/// The parameter `apply` sets; agents that support it declare it with [`digest_param`].
pub const DIGEST_PARAM: &str = "config_digest";

/// The declaration of [`DIGEST_PARAM`] for an agent whose file is named by `file_param`.
pub const fn digest_param(agent_apply: &'static str) -> crate::ParamSpec {
    crate::ParamSpec::string(DIGEST_PARAM)
        .reloadable()
        .short("digest of the configuration to run (set by the apply command)")
        .long(agent_apply)
}

/// The digest of a configuration's bytes: the first 16 bytes of its SHA-256, in hex. Stable
/// across builds (an upgraded agent compares it with a daemon started by the old binary).
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The digest of the file at `path`.
pub fn file_digest(path: &Path) -> std::io::Result<String> {
    std::fs::read(path).map(|b| digest(&b))
}

/// The warning `monitor` gives when the file at `path` is not what runs (`running` is the digest
/// the daemon loaded). `check` validates the file's text and returns the first error, located
/// (`file:line:column: message`). `None` when the file is what runs.
pub fn file_warning(
    path: &Path,
    running: &str,
    check: impl FnOnce(&Path) -> std::result::Result<(), String>,
    apply_hint: &str,
) -> Option<String> {
    let on_disk = match file_digest(path) {
        Ok(d) if d == running => return None,
        Ok(d) => d,
        Err(e) => {
            return Some(format!(
                "{}: cannot read: {e}; the running configuration stays until the file is back",
                path.display()
            ))
        }
    };
    Some(match check(path) {
        Err(e) => format!(
            "{e}: the file on disk does not validate; the running configuration (digest {running}) stays"
        ),
        Ok(()) => format!(
            "{} (digest {on_disk}) differs from the running configuration (digest {running}); {apply_hint}",
            path.display()
        ),
    })
}

/// A listening address and whether it is UDP.
pub type Listener = (SocketAddr, bool);

/// What a running daemon serves, as it tells its agent: the file and the digest of the text its
/// serving configuration was parsed from, and its listeners. Its text form (the proxy's control
/// socket answer, pgsqlchk's record next to its pid file) is one `key value` line each:
///
/// ```text
/// file /etc/rustha/haproxy.cfg
/// digest 0123456789abcdef0123456789abcdef
/// listener tcp 127.0.0.1:80
/// listener udp [::]:5060
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    /// The configuration file it loaded.
    pub file: PathBuf,
    /// [`digest`] of that file's text as loaded.
    pub digest: String,
    /// Where it listens.
    pub listeners: Vec<Listener>,
    /// The last reload it refused, when that came after the configuration it runs: the digest
    /// it was asked to load and why not.
    pub refused: Option<(String, String)>,
}

impl fmt::Display for Running {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "file {}", self.file.display())?;
        writeln!(f, "digest {}", self.digest)?;
        for (addr, udp) in &self.listeners {
            writeln!(f, "listener {} {addr}", if *udp { "udp" } else { "tcp" })?;
        }
        if let Some((digest, why)) = &self.refused {
            writeln!(f, "refused {digest} {}", why.replace('\n', "; "))?;
        }
        Ok(())
    }
}

impl Running {
    /// Parse the text form; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Running> {
        let mut file = None;
        let mut digest = None;
        let mut listeners = Vec::new();
        let mut refused = None;
        for line in text.lines() {
            match line.split_once(' ')? {
                ("refused", r) => {
                    let (d, why) = r.split_once(' ')?;
                    refused = Some((d.to_string(), why.to_string()));
                }
                ("file", f) => file = Some(PathBuf::from(f)),
                ("digest", d) => digest = Some(d.to_string()),
                ("listener", l) => {
                    let (proto, addr) = l.split_once(' ')?;
                    listeners.push((addr.parse().ok()?, proto == "udp"));
                }
                _ => return None,
            }
        }
        Some(Running {
            file: file?,
            digest: digest?,
            listeners,
            refused,
        })
    }

    /// Write the text form to `path` atomically (a reader never sees half of it).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("running.tmp");
        std::fs::write(&tmp, self.to_string())?;
        std::fs::rename(&tmp, path)
    }

    /// Read the text form from `path`; `None` when missing or not one.
    pub fn read(path: &Path) -> Option<Running> {
        Running::parse(&std::fs::read_to_string(path).ok()?)
    }
}

/// The transient node attribute in which the agent on each node reports an apply's outcome.
pub fn attribute_name(resource: &str) -> String {
    format!("rustha-applied-{resource}")
}

/// The digest part of a [`DIGEST_PARAM`] value (`DIGEST@STAMP`).
pub fn requested_digest(value: &str) -> &str {
    value.split('@').next().unwrap_or_default()
}

/// A reload's `outcome`, reported first when `apply` asked for it (`requested`, the value of
/// [`DIGEST_PARAM`]): see [`report`].
pub fn reported(ctx: &Context, requested: Option<&str>, outcome: Result<()>) -> Result<()> {
    if let Some(requested) = requested {
        let why = outcome.as_ref().err().map(ToString::to_string);
        report(ctx, requested, why.as_deref().map_or(Ok(()), Err));
    }
    outcome
}

/// Report in this node's attribute what became of the apply request `requested` (the value of
/// [`DIGEST_PARAM`]): `applied`, or `refused: why`. Only under Pacemaker; failures are logged.
pub fn report(ctx: &Context, requested: &str, outcome: std::result::Result<(), &str>) {
    let (Some(resource), Some(node)) = (ctx.var("OCF_RESOURCE_INSTANCE"), ctx.meta_attr("on_node"))
    else {
        return;
    };
    let resource = primitive_name(&resource);
    let value = match outcome {
        Ok(()) => format!("{requested} applied"),
        Err(why) => format!("{requested} refused: {why}"),
    };
    let status = Command::new("crm_attribute")
        .args(["--lifetime", "reboot", "--node", &node, "--name"])
        .arg(attribute_name(resource))
        .args(["--update", &value])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !status.is_ok_and(|s| s.success()) {
        tracing::warn!("could not record the apply outcome in node attribute of {node}");
    }
}

/// A clone instance `lb:1` is the primitive `lb`.
fn primitive_name(instance: &str) -> &str {
    instance.split(':').next().unwrap_or(instance)
}

fn crm(args: &[&str]) -> Result<String> {
    let out = Command::new(args[0])
        .args(&args[1..])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::NotInstalled(format!("{}: {e} (is Pacemaker installed?)", args[0])))?;
    if !out.status.success() {
        return Err(Error::Failed(format!(
            "{} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The `apply RESOURCE [--wait SECONDS]` command of an agent whose file can be applied.
pub fn command() -> clap::Command {
    clap::Command::new("apply")
        .about("Apply a resource's edited file wherever the resource runs")
        .long_about(
            "Validate the file of Pacemaker resource RESOURCE on this node, then have every node \
             running it reload it in place (each node checks that its copy is the same file); \
             waits up to SECONDS for their answers.",
        )
        .arg(
            clap::Arg::new("resource")
                .value_name("RESOURCE")
                .required(true)
                .help("The Pacemaker resource whose file was edited"),
        )
        .arg(
            clap::Arg::new("wait")
                .short('w')
                .long("wait")
                .value_name("SECONDS")
                .value_parser(clap::value_parser!(u64))
                .default_value("60")
                .help("How long to wait for the answers of the nodes running it"),
        )
}

/// The resource and the wait of a parsed [`command`].
pub fn resource_and_wait(m: &clap::ArgMatches) -> (String, Duration) {
    let resource = m
        .get_one::<String>("resource")
        .cloned()
        .expect("required by the declaration");
    let wait = m.get_one::<u64>("wait").copied().unwrap_or(60);
    (resource, Duration::from_secs(wait))
}

/// Nodes where `resource` is active, from `crm_resource --locate` (none when it cannot tell).
fn locate(resource: &str) -> Vec<String> {
    let out = crm(&[
        "crm_resource",
        "--resource",
        resource,
        "--locate",
        "--quiet",
    ])
    .unwrap_or_default();
    let mut nodes: Vec<String> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    nodes.sort();
    nodes.dedup();
    nodes
}

/// The apply command: validate `resource`'s file here, ask Pacemaker to reload it where it runs,
/// and wait (up to `wait`) for every such node's verdict. `file_param` names the parameter
/// holding the path (`default_path` when unset); `validate` checks a file and returns its first
/// error, located.
pub fn apply(
    resource: &str,
    file_param: &str,
    default_path: Option<&str>,
    validate: impl FnOnce(&Path) -> Result<()>,
    wait: Duration,
) -> Result<OcfCode> {
    let configured = crm(&[
        "crm_resource",
        "--resource",
        resource,
        "--get-parameter",
        file_param,
        "--quiet",
    ])
    .ok()
    .filter(|v| !v.is_empty());
    let path = match configured.as_deref().or(default_path) {
        Some(p) => PathBuf::from(p),
        None => {
            return Err(Error::Configuration(format!(
                "resource '{resource}' has no '{file_param}' parameter (is it a resource of this agent?)"
            )))
        }
    };
    validate(&path)?;
    let digest =
        file_digest(&path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let requested = format!("{digest}@{stamp}");
    let nodes = locate(resource);
    crm(&[
        "crm_resource",
        "--resource",
        resource,
        "--set-parameter",
        DIGEST_PARAM,
        "--parameter-value",
        &requested,
    ])?;
    println!("{}: valid, digest {digest}", path.display());
    if nodes.is_empty() {
        println!("{resource} runs nowhere now; the file applies when it starts");
        return Ok(OcfCode::Success);
    }
    let attr = attribute_name(resource);
    let deadline = Instant::now() + wait;
    let mut pending = nodes.clone();
    let mut refused = 0;
    while !pending.is_empty() && Instant::now() < deadline {
        pending.retain(|node| {
            let v = crm(&[
                "crm_attribute",
                "--lifetime",
                "reboot",
                "--node",
                node,
                "--name",
                &attr,
                "--query",
                "--quiet",
            ])
            .unwrap_or_default();
            let Some(verdict) = v.strip_prefix(requested.as_str()) else {
                return true;
            };
            let verdict = verdict.trim();
            if verdict != "applied" {
                refused += 1;
            }
            println!("{node}: {verdict}");
            false
        });
        if !pending.is_empty() {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    for node in &pending {
        println!("{node}: no answer within {wait:?} (see the cluster log; `crm_mon` shows a failed reload)");
    }
    if refused > 0 || !pending.is_empty() {
        return Err(Error::Failed(format!(
            "{} of {} node(s) did not apply {}",
            refused + pending.len(),
            nodes.len(),
            path.display()
        )));
    }
    Ok(OcfCode::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_command_line() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let m = command()
            .try_get_matches_from(words(&["apply", "web", "--wait", "5"]))
            .unwrap();
        assert_eq!(
            resource_and_wait(&m),
            ("web".to_string(), Duration::from_secs(5))
        );
        let m = command()
            .try_get_matches_from(words(&["apply", "web"]))
            .unwrap();
        assert_eq!(resource_and_wait(&m).1, Duration::from_secs(60));
        for bad in [
            &["apply"][..],
            &["apply", "web", "--wait", "x"],
            &["apply", "a", "b"],
        ] {
            assert!(
                command().try_get_matches_from(words(bad)).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn digest_is_stable_and_short() {
        // SHA-256("abc"), first 16 bytes: a fixed value, so daemons and agents of different
        // builds agree.
        assert_eq!(digest(b"abc"), "ba7816bf8f01cfea414140de5dae2223");
        assert_eq!(requested_digest("ab12@1700"), "ab12");
        assert_eq!(primitive_name("lb:1"), "lb");
    }

    #[test]
    fn running_round_trips_as_text() {
        let r = Running {
            file: "/etc/rustha/haproxy.cfg".into(),
            digest: digest(b"x"),
            listeners: vec![
                ("127.0.0.1:80".parse().unwrap(), false),
                ("[::]:5060".parse().unwrap(), true),
            ],
            refused: Some(("ab".into(), "cannot bind 127.0.0.1:80: in use".into())),
        };
        assert_eq!(Running::parse(&r.to_string()), Some(r));
        assert_eq!(Running::parse("not ready\n"), None);
        assert_eq!(Running::parse("file /x\n"), None, "no digest");
    }

    #[test]
    fn file_warning_names_what_differs() {
        let dir = std::env::temp_dir().join(format!("rustha-applied-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("x.cfg");
        std::fs::write(&f, "good\n").unwrap();
        let running = file_digest(&f).unwrap();
        let ok = |_: &Path| Ok(());
        assert_eq!(file_warning(&f, &running, ok, "apply it"), None);
        std::fs::write(&f, "good\nmore\n").unwrap();
        let w = file_warning(&f, &running, ok, "apply it").unwrap();
        assert!(w.contains("differs") && w.ends_with("apply it"), "{w}");
        let bad = |p: &Path| Err(format!("{}:2:1: unknown keyword 'more'", p.display()));
        let w = file_warning(&f, &running, bad, "apply it").unwrap();
        assert!(
            w.contains(":2:1: unknown keyword") && w.contains("stays"),
            "{w}"
        );
        std::fs::remove_file(&f).unwrap();
        let w = file_warning(&f, &running, ok, "apply it").unwrap();
        assert!(w.contains("cannot read"), "{w}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
