//! `rustha`: cluster administration commands over the rustha agents.
//!
//! `rustha migrate FILE...` reads the configuration of a heartbeat v1 cluster (`ha.cf`,
//! `haresources`), of keepalived (`keepalived.conf`) or of ldirectord (`ldirectord.cf`), each
//! recognised by its content, and prints a shell script of `pcs` commands that builds the same
//! cluster with the rustha agents ([`plan`]); `--apply` runs those commands against the local
//! cluster. Every input line is either translated or named in a comment saying why not; a line
//! that cannot be read stops the migration with its file, line and column, before anything runs.
//!
//! [`heartbeat`] and [`keepalived`] translate their formats; an ldirectord.cf is checked with the
//! proxy's own reader (the migrated `ocf:rustha:proxy` loads the file as written).

pub mod apply;
pub mod heartbeat;
pub mod keepalived;
pub mod plan;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgAction, Command};
use rustha::{Error, Result};

use crate::plan::Plan;

/// One input file.
#[derive(Debug)]
pub struct Source {
    /// As named on the command line (what comments and messages say).
    pub name: String,
    /// Its path.
    pub path: PathBuf,
    /// Its content.
    pub text: String,
    /// What it is.
    pub kind: Kind,
}

/// The formats `rustha migrate` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// heartbeat v1 ha.cf.
    HaCf,
    /// heartbeat v1 haresources.
    HaResources,
    /// keepalived.conf.
    Keepalived,
    /// ldirectord.cf.
    Ldirectord,
}

/// Options of `rustha migrate`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Cluster name in the `pcs cluster setup` line.
    pub cluster_name: String,
    /// The node a keepalived.conf comes from.
    pub node: Option<String>,
    /// The haproxy.cfg a proxy clone replacing a tracked HAProxy reads.
    pub haproxy_config: String,
    /// Resource class for init scripts: `lsb` or `systemd`.
    pub init_class: String,
    /// Where the haproxy.cfg made from keepalived's `virtual_server` blocks goes.
    pub lvs_config: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cluster_name: "cluster".into(),
            node: None,
            haproxy_config: "/etc/haproxy/haproxy.cfg".into(),
            init_class: "lsb".into(),
            lvs_config: "/etc/rustha/keepalived-lvs.cfg".into(),
        }
    }
}

/// A located configuration error.
pub(crate) fn config_error(
    file: &Path,
    line: usize,
    column: usize,
    message: String,
    suggestion: Option<String>,
) -> Error {
    Error::ConfigFile {
        file: file.to_path_buf(),
        line,
        column,
        message,
        suggestion,
    }
}

/// The candidate closest to `word`, when one is close enough to be a likely typo (the proxy's
/// rule, so every rustha parser suggests alike).
pub(crate) use rustha_proxy::config::keywords::nearest;

/// `cidr_netmask=P` for `addr`, or why `p` is no prefix length.
pub(crate) fn cidr_netmask(addr: std::net::IpAddr, p: &str) -> std::result::Result<String, String> {
    let max = if addr.is_ipv4() { 32 } else { 128 };
    match p.parse::<u8>() {
        Ok(v) if v <= max => Ok(format!("cidr_netmask={v}")),
        _ => Err(format!("'{p}' is not a prefix length (0-{max})")),
    }
}

/// Read `path` and recognise its format.
pub fn load(name: &str) -> Result<Source> {
    let path = PathBuf::from(name);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(format!("{name}: cannot read"), e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        config_error(
            &path,
            line,
            1,
            "not text (invalid UTF-8): no configuration format rustha migrate reads".into(),
            None,
        )
    })?;
    let kind = if keepalived::looks_like(&text) {
        Kind::Keepalived
    } else if rustha_proxy::config::ldirectord::looks_like(&text) {
        Kind::Ldirectord
    } else if heartbeat::looks_like_hacf(&text) {
        Kind::HaCf
    } else if heartbeat::looks_like_haresources(&text) {
        Kind::HaResources
    } else {
        let (line, first) = text
            .lines()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|(i, l)| (i + 1, l.trim().to_string()))
            .unwrap_or((1, String::new()));
        return Err(config_error(
            &path,
            line,
            1,
            format!(
                "no known format: not a heartbeat ha.cf or haresources, a keepalived.conf or an ldirectord.cf ({})",
                if first.is_empty() { "the file is empty".to_string() } else { format!("first line: '{first}'") }
            ),
            None,
        ));
    };
    Ok(Source {
        name: name.to_string(),
        path,
        text,
        kind,
    })
}

/// Read every file and build the plan; nothing runs.
pub fn migrate(files: &[String], opts: &Options) -> Result<Plan> {
    let sources = files.iter().map(|f| load(f)).collect::<Result<Vec<_>>>()?;
    let mut plan = Plan::default();
    let of = |k: Kind| sources.iter().filter(move |s| s.kind == k);
    let ldirectord: Vec<&Source> = of(Kind::Ldirectord).collect();
    // Checked first so that a broken file stops the migration before anything else; its notes
    // come after the resources that use it.
    let mut checked = Plan::default();
    for s in &ldirectord {
        check_ldirectord(s, &mut checked)?;
    }
    let mut hacf = None;
    for s in of(Kind::HaCf) {
        if hacf.is_some() {
            return Err(config_error(
                &s.path,
                1,
                1,
                "a second ha.cf: migrate one heartbeat cluster at a time".into(),
                None,
            ));
        }
        hacf = Some(heartbeat::hacf(s, opts, &mut plan)?);
    }
    let mut referenced = Vec::new();
    for s in of(Kind::HaResources) {
        referenced.extend(heartbeat::haresources(
            s,
            hacf.as_ref(),
            &ldirectord,
            opts,
            &mut plan,
        )?);
    }
    if hacf.is_some() && of(Kind::HaResources).next().is_none() {
        plan.comment("no haresources given: the cluster has no resources yet");
    }
    let mut shared = keepalived::Shared::default();
    for s in of(Kind::Keepalived) {
        keepalived::migrate(s, opts, &mut shared, &mut plan)?;
    }
    keepalived::setup(&shared, opts, &mut plan);
    plan.items.extend(checked.items);
    for s in ldirectord.iter().filter(|s| !referenced.contains(&s.name)) {
        let config = std::path::absolute(&s.path)
            .map_err(|e| Error::io(format!("{}: cannot make the path absolute", s.name), e))?;
        let base = s
            .path
            .file_stem()
            .and_then(|b| b.to_str())
            .unwrap_or("ldirectord");
        plan.note(&s.name, 0, format!("no haresources starts it: one ocf:rustha:proxy reading {} as written; add a vip and a group if its virtual addresses float", config.display()));
        plan.create(
            &format!("proxy-{base}"),
            "ocf:rustha:proxy",
            &[format!("config={}", config.display())],
            "5s",
            &[],
            plan::Placement::Alone,
        );
        plan.blank();
    }
    Ok(plan)
}

/// An ldirectord.cf, read by the proxy's own reader; its warnings become comments.
fn check_ldirectord(s: &Source, plan: &mut Plan) -> Result<()> {
    let cfg = rustha_proxy::config::ldirectord::parse(&s.path, &s.text).map_err(Error::from)?;
    let lines = s.text.lines().count();
    plan.note(
        &s.name,
        0,
        format!("lines 1-{lines}: read as written by ocf:rustha:proxy (`proxy convert -f FILE` prints the haproxy.cfg it amounts to); checked: no error"),
    );
    for w in &cfg.warnings {
        plan.note(&s.name, w.line, format!("the proxy says: {}", w.message));
    }
    plan.blank();
    Ok(())
}

const EXIT_STATUS: &str = "Exit status: 0 done; 6 an input file is invalid or of no known format \
     (FILE:LINE:COLUMN on stderr); 1 an input file cannot be read, or a pcs command failed (the \
     cluster is unchanged); 4 a file is not readable for lack of permission; 5 pcs is not on \
     PATH; 2 bad command line.";

/// The clap command (also the man page's source).
pub fn command() -> Command {
    Command::new("rustha")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Cluster administration commands over the rustha agents")
        .arg(Arg::new("man").long("man").action(ArgAction::SetTrue).hide(true).help("Print the man page (roff) and exit"))
        .subcommand(
            Command::new("migrate")
                .about("Print (or apply) the pcs commands that rebuild a heartbeat v1, keepalived or ldirectord cluster with Pacemaker and the rustha agents")
                .long_about(
                    "Reads heartbeat v1 ha.cf and haresources, keepalived.conf and ldirectord.cf files, each recognised by its \
                     content, and prints a shell script of pcs commands that builds the equivalent Pacemaker cluster with the \
                     rustha agents (ocf:rustha:vip, ocf:rustha:proxy, ...): resources, groups, clones, colocations, and the \
                     stickiness that matches auto_failback or nopreempt. Every input line is either translated or named in a \
                     comment saying why not. The script edits a copy of the CIB and pushes it in one step.\n\n\
                     A line that cannot be read stops the migration with FILE:LINE:COLUMN and a nonzero exit status; \
                     with --apply nothing is changed then.",
                )
                .after_help(EXIT_STATUS)
                .arg(Arg::new("files").value_name("FILE").num_args(1..).required(true).help("ha.cf, haresources, keepalived.conf or ldirectord.cf"))
                .arg(Arg::new("apply").long("apply").action(ArgAction::SetTrue).help("Run the commands against the local cluster (pcs on PATH) instead of printing them"))
                .arg(Arg::new("node").long("node").value_name("NAME").help("The cluster node a keepalived.conf comes from (its priority becomes a location score there) [default: the file's router_id]"))
                .arg(
                    Arg::new("haproxy-config")
                        .long("haproxy-config")
                        .value_name("PATH")
                        .default_value("/etc/haproxy/haproxy.cfg")
                        .help("haproxy.cfg that the proxy clone replacing a tracked HAProxy reads"),
                )
                .arg(Arg::new("lvs-config")
                        .long("lvs-config")
                        .value_name("PATH")
                        .default_value("/etc/rustha/keepalived-lvs.cfg")
                        .help("Where the haproxy.cfg made from keepalived's virtual_server blocks is written (to be copied to every node)"),
                )
                .arg(
                    Arg::new("cluster-name").long("cluster-name").value_name("NAME").default_value("cluster").help("Cluster name in the suggested pcs cluster setup"))
                .arg(
                    Arg::new("init-class")
                        .long("init-class")
                        .value_name("CLASS")
                        .value_parser(["lsb", "systemd"])
                        .default_value("lsb")
                        .help("Resource class of haresources' init scripts"),
                ),
        )
        .subcommand_required(false)
        .disable_help_subcommand(true)
}

/// The man page (section 8) in roff.
pub fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command())
        .section("8")
        .manual("rustha")
        .source(format!("rustha {}", env!("CARGO_PKG_VERSION")))
        .render(&mut out)
        .expect("rendering into a Vec cannot fail");
    // clap_mangen renders one command per page; the subcommands' options follow in their own
    // sections so that one page documents the whole command.
    for sub in command().get_subcommands() {
        out.extend_from_slice(rustha::cli::command_roff("rustha", sub, EXIT_STATUS).as_bytes());
    }
    out
}

/// The whole command: parse `argv`, run, report, and give the exit status.
pub fn main(argv: Vec<String>) -> ExitCode {
    let m = match command().try_get_matches_from(&argv) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if m.get_flag("man") {
        use std::io::Write as _;
        let _ = std::io::stdout().write_all(&man_page());
        return ExitCode::SUCCESS;
    }
    let Some(("migrate", m)) = m.subcommand() else {
        let _ = command().print_help();
        return ExitCode::from(2);
    };
    let files: Vec<String> = m
        .get_many::<String>("files")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let opts = Options {
        cluster_name: m
            .get_one::<String>("cluster-name")
            .cloned()
            .unwrap_or_default(),
        node: m.get_one::<String>("node").cloned(),
        haproxy_config: m
            .get_one::<String>("haproxy-config")
            .cloned()
            .unwrap_or_default(),
        init_class: m
            .get_one::<String>("init-class")
            .cloned()
            .unwrap_or_default(),
        lvs_config: m
            .get_one::<String>("lvs-config")
            .cloned()
            .unwrap_or_default(),
    };
    let result = migrate(&files, &opts).and_then(|plan| {
        if m.get_flag("apply") {
            apply::apply(&plan)
        } else {
            let args: Vec<String> = argv
                .iter()
                .skip_while(|a| *a != "migrate")
                .skip(1)
                .cloned()
                .collect();
            print!("{}", plan.script(&args));
            Ok(())
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rustha migrate: {e}");
            ExitCode::from(e.code().as_i32() as u8)
        }
    }
}
