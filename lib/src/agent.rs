//! The [`ResourceAgent`] trait and [`run`], which turns a process invocation into one call of
//! the trait and an OCF exit code.
//!
//! `run` handles everything that is the same for every agent: the command line and `--help`,
//! `meta-data`, unknown and unadvertised actions (exit 3), heartbeat v1 positional calls,
//! parameter validation, logging, the exit reason on stderr, and the mapping of errors to
//! codes through the node's-view table ([`crate::view`]).

use std::process::ExitCode;
use std::time::Duration;

use crate::cli;
use crate::context::{Action, Context};
use crate::error::{Error, Result};
use crate::meta::AgentMeta;
use crate::ocf::OcfCode;
use crate::param::{EnvSource, Layered, MapSource, ParamSource, Params};
use crate::view::{self, Call};

/// What `monitor` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Running (unpromoted, for promotable clones).
    Running,
    /// Cleanly stopped.
    NotRunning,
    /// Running promoted.
    Promoted,
}

impl State {
    /// The OCF code `monitor` exits with.
    pub fn code(self) -> OcfCode {
        match self {
            State::Running => OcfCode::Success,
            State::NotRunning => OcfCode::NotRunning,
            State::Promoted => OcfCode::RunningPromoted,
        }
    }
}

/// One resource agent. Implementations hold their validated configuration; `run` builds them
/// once per call with [`ResourceAgent::new`].
pub trait ResourceAgent: Sized {
    /// The agent's declarations.
    const META: &'static AgentMeta;

    /// Agent-specific commands besides OCF actions (`proxy run`, `mysql-mm bootstrap`),
    /// declared with clap: the same declarations parse them ([`cli::matches`]) and document them
    /// in `--help` and the man page.
    fn commands() -> Vec<clap::Command> {
        Vec::new()
    }

    /// Interpret the validated parameters. Must not change the system: it also serves
    /// `validate-all`, probes and `meta-data`-adjacent calls.
    fn new(params: Params, ctx: &Context) -> Result<Self>;

    /// Node-local checks for `validate-all` (binaries, interfaces). No side effects.
    fn validate(&self, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    /// Start the resource; return only once it works.
    fn start(&mut self, ctx: &Context) -> Result<()>;

    /// Stop the resource; return only once everything it started is gone. Stopping a stopped
    /// resource succeeds.
    fn stop(&mut self, ctx: &Context) -> Result<()>;

    /// Report the resource's state.
    fn monitor(&mut self, ctx: &Context) -> Result<State>;

    /// Promote (promotable agents).
    fn promote(&mut self, _ctx: &Context) -> Result<()> {
        Err(Error::Unimplemented("promote".into()))
    }

    /// Demote (promotable agents).
    fn demote(&mut self, _ctx: &Context) -> Result<()> {
        Err(Error::Unimplemented("demote".into()))
    }

    /// Handle a clone notification.
    fn notify(&mut self, _ctx: &Context) -> Result<()> {
        Err(Error::Unimplemented("notify".into()))
    }

    /// Apply changed reloadable parameters without a restart.
    fn reload(&mut self, _ctx: &Context) -> Result<()> {
        Err(Error::Unimplemented("reload".into()))
    }

    /// Map heartbeat v1 positional arguments (`10.0.0.154/25/eth0`) to parameters.
    fn heartbeat_params(args: &[String]) -> Result<MapSource> {
        Err(Error::Usage(format!(
            "positional arguments {args:?} are not supported by this agent"
        )))
    }

    /// Run one of [`ResourceAgent::commands`]; `args` starts with the command's name. By
    /// default: parsed with its declaration, then [`ResourceAgent::command`].
    fn subcommand(args: &[String]) -> Result<OcfCode> {
        let name = args.first().map(String::as_str).unwrap_or_default();
        let Some(cmd) = Self::commands().into_iter().find(|c| c.get_name() == name) else {
            return Err(Error::Usage(format!("unknown command {name:?}")));
        };
        match cli::matches(Self::META, cmd, args)? {
            Some(m) => Self::command(name, &m),
            None => Ok(OcfCode::Success),
        }
    }

    /// Run the command `name` of [`ResourceAgent::commands`] with its parsed arguments.
    fn command(name: &str, _args: &clap::ArgMatches) -> Result<OcfCode> {
        Err(Error::Usage(format!("unknown command {name:?}")))
    }
}

/// Run the agent for this process: parse `std::env::args`, act, and return the exit code.
pub fn run<A: ResourceAgent>() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    ExitCode::from(dispatch::<A>(&argv, Box::new(EnvSource)))
}

/// Exit status for heartbeat v1 `status` of a stopped resource (LSB "program is not running").
const LSB_STOPPED: u8 = 3;

/// [`run`] with explicit arguments and environment (for tests). Returns the exit status.
pub fn dispatch<A: ResourceAgent>(argv: &[String], env: Box<dyn ParamSource>) -> u8 {
    let meta = A::META;
    let commands = A::commands();
    if let Some(first) = argv.get(1) {
        if commands.iter().any(|c| c.get_name() == first) {
            return match A::subcommand(&argv[1..]) {
                Ok(code) => code as u8,
                Err(e) => {
                    eprintln!("{}: {e}", meta.name);
                    e.code() as u8
                }
            };
        }
    }
    let inv = match cli::parse(meta, &commands, argv) {
        Ok(inv) => inv,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                OcfCode::ErrArgs as u8
            } else {
                0
            };
        }
    };
    if inv.man {
        use std::io::Write;
        let _ = std::io::stdout().write_all(&cli::man_page(meta, &commands));
        return 0;
    }
    let Some(word) = inv.action else {
        eprintln!("{}", usage(meta));
        return OcfCode::ErrArgs as u8;
    };
    let action = match word.parse::<Action>() {
        Ok(a) => a,
        Err(name) => {
            exit_reason(&format!("unknown action '{name}'"));
            eprintln!("{}", usage(meta));
            return OcfCode::Unimplemented as u8;
        }
    };
    match action {
        Action::MetaData => {
            print!("{}", meta.to_xml());
            return 0;
        }
        Action::Usage | Action::Methods => {
            println!("{}", usage(meta));
            return 0;
        }
        _ => {}
    }
    let heartbeat = !inv.positional.is_empty();
    let mut overrides = inv.overrides;
    if heartbeat {
        if !matches!(
            action,
            Action::Start | Action::Stop | Action::Status | Action::Monitor
        ) {
            exit_reason(&format!(
                "heartbeat positional mode supports start, stop and status, not '{action}'"
            ));
            return OcfCode::ErrArgs as u8;
        }
        let entry = crate::heartbeat::split(meta, &inv.positional).and_then(|entry| {
            if entry.positional.is_empty() && !entry.named.is_empty() {
                return Ok(entry.named);
            }
            // Wrong positional arguments are a malformed entry, wrong on every node like a bad
            // parameter (so its stop has nothing to do), not a bad command line.
            let positional = A::heartbeat_params(&entry.positional).map_err(|e| match e {
                Error::Usage(m) => Error::Configuration(format!("haresources entry: {m}")),
                other => other,
            })?;
            Ok(layer_maps(positional, entry.named))
        });
        match entry {
            Ok(hb) => overrides = layer_maps(hb, overrides),
            Err(e) => {
                // A malformed entry cannot have started anything: its stop has nothing to do.
                let call = match action {
                    Action::Stop => Call::Stop,
                    Action::Start => Call::Start,
                    _ => Call::Probe,
                };
                let code = view::answer(call, &e);
                if code == OcfCode::Success {
                    eprintln!("{}: warning: {e}; nothing to stop", meta.name);
                    return 0;
                }
                exit_reason(&e.to_string());
                return code as u8;
            }
        }
    }
    if action != Action::Status && !meta.supports(action.as_str()) {
        exit_reason(&format!(
            "action '{action}' is not implemented by {}",
            meta.name
        ));
        return OcfCode::Unimplemented as u8;
    }
    let timeout = meta
        .default_timeout(action.as_str())
        .or_else(|| meta.default_timeout("monitor"))
        .unwrap_or(Duration::from_secs(20));
    let source = Layered {
        top: overrides,
        bottom: env,
    };
    let mut ctx = Context::new(meta.name, action, timeout, heartbeat, Box::new(source));
    if heartbeat && ctx.var("OCF_RESOURCE_INSTANCE").is_none() {
        ctx.instance = crate::heartbeat::instance(meta.name, &inv.positional);
    }
    crate::log::init(meta.name, &ctx.instance, action.as_str());

    let result = perform::<A>(&ctx);
    let elapsed = ctx.started.elapsed();
    match result {
        Ok(code) => {
            tracing::debug!(
                "{action} finished in {:.3} ms: {code}",
                elapsed.as_secs_f64() * 1e3
            );
            if action == Action::Status {
                let running = matches!(code, OcfCode::Success | OcfCode::RunningPromoted);
                println!("{}", if running { "running" } else { "stopped" });
                if !running && heartbeat {
                    return LSB_STOPPED;
                }
            }
            code as u8
        }
        Err(e) => {
            let call = Call::of(&ctx);
            let code = view::answer(call, &e);
            if code == OcfCode::Success {
                // The node's-view table forgives it (a stop of what cannot be running, a reload
                // that keeps the running configuration): say why, succeed.
                let why = view::why_forgiven(call);
                tracing::warn!("{action}: {e}; {why}");
                eprintln!("{}: warning: {e}; {why}", meta.name);
                return 0;
            }
            if action == Action::Status {
                println!("stopped");
            }
            tracing::error!(
                "{action} failed after {:.3} ms: {e} (exit {code})",
                elapsed.as_secs_f64() * 1e3
            );
            exit_reason(&e.to_string());
            code as u8
        }
    }
}

/// Build the agent for `ctx` from its parameters: every bad parameter and every conflict
/// between parameters that [`ResourceAgent::new`] finds are reported at once, as one error
/// whose code is that of its most specific problem.
pub fn configure<A: ResourceAgent>(ctx: &Context) -> Result<A> {
    let (params, mut problems) = Params::read(A::META.params, ctx.source());
    let agent = problems.check(A::new(params, ctx));
    problems.finish_with(agent)
}

fn perform<A: ResourceAgent>(ctx: &Context) -> Result<OcfCode> {
    let mut agent = configure::<A>(ctx)?;
    let ok = |r: Result<()>| r.map(|()| OcfCode::Success);
    match ctx.action {
        Action::Start => ok(agent.start(ctx)),
        Action::Stop => ok(agent.stop(ctx)),
        Action::Monitor | Action::Status => agent.monitor(ctx).map(State::code),
        Action::ValidateAll => ok(agent.validate(ctx)),
        Action::Promote => ok(agent.promote(ctx)),
        Action::Demote => ok(agent.demote(ctx)),
        Action::Notify => ok(agent.notify(ctx)),
        Action::Reload | Action::ReloadAgent => ok(agent.reload(ctx)),
        other => Err(Error::Unimplemented(other.as_str().to_string())),
    }
}

fn layer_maps(bottom: MapSource, top: MapSource) -> MapSource {
    let mut merged = bottom;
    merged.extend(top);
    merged
}

/// Print the OCF exit reason that Pacemaker shows in `pcs status`.
pub fn exit_reason(text: &str) {
    // Pacemaker keeps only the first line.
    let line = text.lines().next().unwrap_or_default();
    eprintln!("ocf-exit-reason:{line}");
}

fn usage(meta: &AgentMeta) -> String {
    format!(
        "usage: {} {{{}}}",
        meta.name,
        meta.actions
            .iter()
            .map(|a| a.name)
            .collect::<Vec<_>>()
            .join("|")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::ActionSpec;
    use crate::param::ParamSpec;
    use std::cell::Cell;

    thread_local! {
        static RUNNING: Cell<bool> = const { Cell::new(false) };
        static STARTED_AS: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    static META: AgentMeta = AgentMeta {
        name: "flag",
        version: "0",
        shortdesc: "flag",
        longdesc: "a test agent",
        params: &[
            ParamSpec::string("name").required(),
            ParamSpec::boolean("fail_start").default("false"),
        ],
        actions: &[
            ActionSpec::new("start", "20s"),
            ActionSpec::new("stop", "20s"),
            ActionSpec::new("monitor", "20s"),
            ActionSpec::new("meta-data", "5s"),
            ActionSpec::new("validate-all", "5s"),
        ],
    };

    /// An agent whose resource is a thread-local flag.
    struct FlagAgent {
        fail_start: bool,
    }

    impl ResourceAgent for FlagAgent {
        const META: &'static AgentMeta = &META;
        fn new(p: Params, _ctx: &Context) -> Result<Self> {
            Ok(FlagAgent {
                fail_start: p.get("fail_start")?,
            })
        }
        fn start(&mut self, ctx: &Context) -> Result<()> {
            STARTED_AS.with(|s| *s.borrow_mut() = ctx.instance.clone());
            if self.fail_start {
                return Err(Error::Failed("cannot start".into()));
            }
            RUNNING.with(|r| r.set(true));
            Ok(())
        }
        fn stop(&mut self, _ctx: &Context) -> Result<()> {
            RUNNING.with(|r| r.set(false));
            Ok(())
        }
        fn monitor(&mut self, _ctx: &Context) -> Result<State> {
            Ok(if RUNNING.with(Cell::get) {
                State::Running
            } else {
                State::NotRunning
            })
        }
        fn heartbeat_params(args: &[String]) -> Result<MapSource> {
            match args {
                [name] => Ok(MapSource::new().with_param("name", name.clone())),
                _ => Err(Error::Usage(format!("expected one argument, got {args:?}"))),
            }
        }
    }

    fn call(args: &[&str], env: MapSource) -> u8 {
        let argv: Vec<String> = std::iter::once("flag")
            .chain(args.iter().copied())
            .map(String::from)
            .collect();
        dispatch::<FlagAgent>(&argv, Box::new(env))
    }

    fn named() -> MapSource {
        MapSource::new().with_param("name", "x")
    }

    #[test]
    fn ocf_actions_map_to_codes() {
        assert_eq!(
            call(&["meta-data"], MapSource::new()),
            0,
            "meta-data needs no parameters"
        );
        assert_eq!(call(&["monitor"], named()), 7);
        assert_eq!(call(&["start"], named()), 0);
        assert_eq!(call(&["monitor"], named()), 0);
        assert_eq!(call(&["stop"], named()), 0);
        assert_eq!(call(&["stop"], named()), 0);
        assert_eq!(call(&["validate-all"], named()), 0);
        assert_eq!(call(&["start"], named().with_param("fail_start", "yes")), 1);
    }

    #[test]
    fn bad_calls() {
        assert_eq!(
            call(&["start"], MapSource::new()),
            6,
            "missing required parameter"
        );
        assert_eq!(
            call(&["start"], named().with_param("fail_start", "maybe")),
            6
        );
        assert_eq!(
            call(&["stop"], MapSource::new()),
            0,
            "stop of what cannot be running succeeds whatever the parameters"
        );
        assert_eq!(
            call(&["stop"], named().with_param("fail_start", "maybe")),
            0
        );
        assert_eq!(call(&["monitor"], MapSource::new()), 6, "probe: malformed");
        assert_eq!(
            call(
                &["monitor"],
                MapSource::new().with_param("CRM_meta_interval", "10000")
            ),
            1,
            "a recurring monitor never says 6"
        );
        assert_eq!(call(&["frobnicate"], named()), 3, "unknown action");
        assert_eq!(call(&["promote"], named()), 3, "action not advertised");
        assert_eq!(call(&["reload"], named()), 3);
        assert_eq!(call(&[], named()), 2, "no action");
        assert_eq!(call(&["--no-such-flag", "start"], named()), 2);
        assert_eq!(
            call(&["x", "promote"], named()),
            2,
            "heartbeat mode has no promote"
        );
    }

    #[test]
    fn heartbeat_mode_and_options() {
        assert_eq!(
            call(&["res", "status"], MapSource::new()),
            3,
            "LSB: stopped"
        );
        assert_eq!(call(&["res", "start"], MapSource::new()), 0);
        assert_eq!(call(&["res", "status"], MapSource::new()), 0);
        assert_eq!(call(&["res", "stop"], MapSource::new()), 0);
        assert_eq!(
            call(&["--name", "y", "monitor"], MapSource::new()),
            7,
            "--PARAM sets a parameter"
        );
    }

    #[test]
    fn haresources_entries_are_instances_with_named_parameters() {
        let started_as = || STARTED_AS.with(|s| s.borrow().clone());
        assert_eq!(call(&["a", "start"], MapSource::new()), 0);
        let a = started_as();
        assert_eq!(call(&["b", "start"], MapSource::new()), 0);
        assert_ne!(a, started_as(), "two entries, two instances");
        assert!(a.starts_with("flag-a-"), "{a}");
        assert_eq!(
            call(&["name=x", "start"], MapSource::new()),
            0,
            "NAME=VALUE alone is enough"
        );
        assert_eq!(
            call(&["a", "fail_start=yes", "start"], MapSource::new()),
            1,
            "NAME=VALUE beside positional arguments"
        );
        assert_eq!(
            call(
                &["a", "start"],
                MapSource::new().with_var("OCF_RESOURCE_INSTANCE", "web")
            ),
            0
        );
        assert_eq!(started_as(), "web", "an explicit instance wins");
        // A malformed entry: refused at start, nothing to do at stop.
        assert_eq!(call(&["a", "fail_strat=yes", "start"], MapSource::new()), 6);
        assert_eq!(call(&["a", "fail_strat=yes", "stop"], MapSource::new()), 0);
        assert_eq!(
            call(&["a", "fail_start=maybe", "stop"], MapSource::new()),
            0
        );
        assert_eq!(call(&["a", "b", "start"], MapSource::new()), 6);
        assert_eq!(call(&["a", "b", "stop"], MapSource::new()), 0);
    }
}
