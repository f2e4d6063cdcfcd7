//! The command line of every agent, generated from its [`AgentMeta`]: `--help`, `--version`,
//! one `--<param> VALUE` option per declared parameter (overriding `OCF_RESKEY_<param>`), the
//! trailing `[ARGS...] ACTION` words, and the man page (clap_mangen renders the same command).
//!
//! Agent-specific commands (`proxy run`, `mysql-mm bootstrap`) are clap [`Command`]s too: one
//! declaration parses them ([`matches()`]) and documents them in `--help` and the man page.

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::error::Error;
use crate::meta::AgentMeta;
use crate::ocf::OcfCode;
use crate::param::{MapSource, ParamSpec};

/// What the command line asked for.
#[derive(Debug, Default)]
pub struct Invocation {
    /// The action word (last positional argument), if any.
    pub action: Option<String>,
    /// Positional arguments before the action: heartbeat v1 resource arguments.
    pub positional: Vec<String>,
    /// Parameters given as `--name value`.
    pub overrides: MapSource,
    /// `--man` was given: print the man page.
    pub man: bool,
}

/// The agent's name on `PATH` (`rustha-proxy`): the packages install each agent there under
/// this name, since a bare `proxy` or `vip` could clash with another package's command.
pub fn command_name(meta: &AgentMeta) -> String {
    format!("rustha-{}", meta.name)
}

/// The clap command describing the agent.
pub fn command(meta: &AgentMeta, subcommands: &[Command]) -> Command {
    let mut cmd = Command::new(command_name(meta))
        .version(meta.version)
        .about(meta.shortdesc)
        .long_about(format!("{}\n\n{}", meta.shortdesc, meta.longdesc))
        .override_usage(format!(
            "{0} [--PARAM VALUE]... ACTION\n       \
             /etc/ha.d/resource.d/{1} [ARG | PARAM=VALUE]... start|stop|status   (heartbeat v1 haresources: {1}::ARG::PARAM=VALUE)",
            command_name(meta),
            meta.name
        ))
        .arg(
            Arg::new("args")
                .value_name("ACTION")
                .num_args(0..)
                .trailing_var_arg(true)
                .help("OCF action, preceded by heartbeat v1 resource arguments if any"),
        )
        .arg(
            Arg::new("man")
                .long("man")
                .action(ArgAction::SetTrue)
                .hide(true)
                .help("Print the man page (roff) and exit"),
        )
        .after_long_help(after_help(meta, subcommands))
        .after_help(format!(
            "Actions: {}. Run with --help for parameters, actions and exit codes.",
            meta.actions
                .iter()
                .map(|a| a.name)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    for p in meta.params {
        cmd = cmd.arg(param_arg(p));
    }
    cmd
}

/// The `--<param> VALUE` option of one parameter, with its description, environment variable
/// and default (also for subcommands that take the agent's parameters).
pub fn param_arg(p: &ParamSpec) -> Arg {
    let mut long = format!("{}\n[env: OCF_RESKEY_{}]", p.longdesc, p.name);
    if p.required {
        long.push_str(" [required]");
    }
    if let Some(d) = p.default {
        long.push_str(&format!(" [default: {d}]"));
    }
    Arg::new(p.name)
        .long(p.name)
        .value_name(p.kind.as_str().to_uppercase())
        .num_args(1)
        .help(p.shortdesc)
        .long_help(long)
}

fn after_help(meta: &AgentMeta, subcommands: &[Command]) -> String {
    let mut s = String::from("Actions:\n");
    for a in meta.actions {
        s.push_str(&format!(
            "  {:<14} (default timeout {})\n",
            a.name, a.timeout
        ));
    }
    if !subcommands.is_empty() {
        s.push_str("\nCommands:\n");
        for sub in subcommands {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            let usage = named(meta, sub.clone()).render_usage().to_string();
            let usage = usage.trim_start_matches("Usage: ");
            s.push_str(&format!(
                "  {:<14} {about}\n  {:<14} {usage}\n",
                sub.get_name(),
                ""
            ));
        }
    }
    s.push_str(&format!(
        "\nHeartbeat v1 (haresources):\n  {0}::ARG::PARAM=VALUE runs `/etc/ha.d/resource.d/{0} ARG PARAM=VALUE start|stop|status`. \
         PARAM=VALUE sets any parameter above; a value with blanks is the parameter repeated, its \
         parts joined with one space (PARAM=a::PARAM=b is 'a b'). Each entry is its own instance: \
         pid, state and control files and firewall tags are named after its arguments.\n\
         \nInstalled as:\n  /usr/lib/ocf/resource.d/rustha/{0}   (ocf:rustha:{0}, what Pacemaker runs)\n  \
         /usr/sbin/{1}   (the same program on PATH)\n  /etc/ha.d/resource.d/{0}   (heartbeat v1 wrapper)\n",
        meta.name,
        command_name(meta)
    ));
    s.push_str("\nExit status (OCF):\n");
    for code in OcfCode::ALL {
        s.push_str(&format!(
            "  {}  {:<22} {}\n",
            code.as_i32(),
            code.name(),
            code.meaning()
        ));
    }
    s
}

/// Parse `argv` (including the program name).
pub fn parse(
    meta: &AgentMeta,
    subcommands: &[Command],
    argv: &[String],
) -> Result<Invocation, clap::Error> {
    let m = command(meta, subcommands).try_get_matches_from(argv)?;
    let mut words: Vec<String> = m
        .get_many::<String>("args")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    let action = words.pop();
    let mut overrides = MapSource::new();
    for p in meta.params {
        if let Some(v) = m.get_one::<String>(p.name) {
            overrides.set_param(p.name, v.clone());
        }
    }
    Ok(Invocation {
        action,
        positional: words,
        overrides,
        man: m.get_flag("man"),
    })
}

/// An agent command named as it is typed (`rustha-proxy run`) in usage and errors.
fn named(meta: &AgentMeta, cmd: Command) -> Command {
    let bin = format!("{} {}", command_name(meta), cmd.get_name());
    cmd.bin_name(bin)
}

/// Parse an agent command's words (`args[0]` is its name) with its declaration. `Ok(None)`:
/// help or version was asked for and printed. A bad command line is printed by clap and
/// answered with [`Error::Usage`] (exit 2).
pub fn matches(
    meta: &AgentMeta,
    cmd: Command,
    args: &[String],
) -> Result<Option<ArgMatches>, Error> {
    let name = cmd.get_name().to_string();
    match named(meta, cmd).try_get_matches_from(args) {
        Ok(m) => Ok(Some(m)),
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() {
                Err(Error::Usage(format!("invalid arguments for '{name}'")))
            } else {
                Ok(None)
            }
        }
    }
}

/// The man page (section 8) in roff: the agent, then one section per agent command.
pub fn man_page(meta: &AgentMeta, subcommands: &[Command]) -> Vec<u8> {
    let cmd = command(meta, subcommands);
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .section("8")
        .manual("rustha")
        .source(format!("rustha {}", meta.version))
        .render(&mut out)
        .expect("rendering into a Vec cannot fail");
    for sub in subcommands {
        out.extend_from_slice(command_roff(&command_name(meta), sub, "").as_bytes());
    }
    out
}

/// A man page section for one command of a program (clap_mangen renders one command per
/// page): its long description, `extra` (an exit status paragraph), and each option.
pub fn command_roff(program: &str, sub: &Command, extra: &str) -> String {
    let escape = |s: &str| s.replace('-', "\\-");
    let mut roff = format!(
        ".SH \"{} {}\"\n",
        program.to_uppercase(),
        sub.get_name().to_uppercase()
    );
    roff.push_str(
        &sub.get_long_about()
            .or(sub.get_about())
            .map(|s| s.to_string())
            .unwrap_or_default(),
    );
    roff.push('\n');
    if !extra.is_empty() {
        roff.push_str(&format!(".PP\n{extra}\n"));
    }
    for a in sub.get_arguments() {
        let value = a
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string());
        let name = match (a.get_long(), a.get_short()) {
            (Some(l), _) => format!("\\-\\-{}", escape(l)),
            (None, Some(c)) => format!("\\-{c}"),
            (None, None) => value.clone().unwrap_or_default(),
        };
        let value = match value {
            Some(v)
                if a.get_action().takes_values()
                    && (a.get_long().is_some() || a.get_short().is_some()) =>
            {
                format!(" {v}")
            }
            _ => String::new(),
        };
        roff.push_str(&format!(
            ".TP\n\\fB{name}\\fR{value}\n{}\n",
            a.get_help().map(|h| h.to_string()).unwrap_or_default()
        ));
    }
    roff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::{ParamSource, ParamSpec};

    static META: AgentMeta = AgentMeta {
        name: "t",
        version: "0.0.1",
        shortdesc: "test",
        longdesc: "test agent",
        params: &[
            ParamSpec::string("ip")
                .required()
                .short("address")
                .long("the address"),
            ParamSpec::integer("arp_count")
                .default("5")
                .short("count")
                .long("how many"),
        ],
        actions: &[crate::meta::ActionSpec::new("start", "20s")],
    };

    fn argv(words: &[&str]) -> Vec<String> {
        std::iter::once("t")
            .chain(words.iter().copied())
            .map(String::from)
            .collect()
    }

    #[test]
    fn plain_ocf_call() {
        let inv = parse(&META, &[], &argv(&["monitor"])).unwrap();
        assert_eq!(inv.action.as_deref(), Some("monitor"));
        assert!(inv.positional.is_empty() && inv.overrides.is_empty());
    }

    #[test]
    fn heartbeat_positional_call() {
        let inv = parse(&META, &[], &argv(&["10.0.0.154/25/eth0", "start"])).unwrap();
        assert_eq!(inv.action.as_deref(), Some("start"));
        assert_eq!(inv.positional, vec!["10.0.0.154/25/eth0"]);
    }

    #[test]
    fn options_override_parameters() {
        let inv = parse(
            &META,
            &[],
            &argv(&["--ip", "10.0.0.1", "--arp_count", "2", "start"]),
        )
        .unwrap();
        assert_eq!(inv.overrides.param("ip").as_deref(), Some("10.0.0.1"));
        assert_eq!(inv.overrides.param("arp_count").as_deref(), Some("2"));
    }

    #[test]
    fn help_lists_parameters_actions_and_codes() {
        let run = Command::new("run").about("run the daemon").arg(
            Arg::new("file")
                .short('f')
                .value_name("FILE")
                .required(true),
        );
        let help = command(&META, std::slice::from_ref(&run))
            .render_long_help()
            .to_string();
        for needle in [
            "--ip",
            "OCF_RESKEY_arp_count",
            "[default: 5]",
            "start",
            "OCF_ERR_CONFIGURED",
            "run the daemon",
            "t::ARG::PARAM=VALUE",
            "rustha-t run -f <FILE>",
        ] {
            assert!(help.contains(needle), "help lacks {needle}:\n{help}");
        }
        let man = String::from_utf8(man_page(&META, std::slice::from_ref(&run))).unwrap();
        assert!(
            man.contains(".TH rustha-t 8")
                && man.contains("arp_count")
                && man.contains(".SH \"RUSTHA-T RUN\"")
                && man.contains("\\fB\\-f\\fR FILE"),
            "{man}"
        );
    }

    #[test]
    fn agent_commands_parse_with_their_declaration() {
        let run = || Command::new("run").arg(Arg::new("file").short('f').required(true));
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let m = matches(&META, run(), &words(&["run", "-f", "x"]))
            .unwrap()
            .unwrap();
        assert_eq!(m.get_one::<String>("file").map(String::as_str), Some("x"));
        let err = matches(&META, run(), &words(&["run"])).unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrArgs);
        assert!(matches(&META, run(), &words(&["run", "--help"]))
            .unwrap()
            .is_none());
    }
}
