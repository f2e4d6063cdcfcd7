//! The `proxy run`, `proxy check` and `proxy convert` command lines (HAProxy's `-f`, `-c`, `-D`,
//! `-p` spirit), declared with clap like every agent command.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};
use rustha::{Error, OcfCode, Result};

use crate::config::{Config, Level};

/// Options of `proxy run` / `proxy check`.
#[derive(Debug, Default, Clone)]
pub struct Opts {
    /// `-f FILE`.
    pub file: Option<PathBuf>,
    /// `-D`: detach into the background.
    pub daemon: bool,
    /// `-p PIDFILE`.
    pub pidfile: Option<PathBuf>,
    /// `-S PATH`: private control socket (admin level); defaults to the pidfile with `.sock`.
    pub control: Option<PathBuf>,
    /// `-q`: no warnings on stderr.
    pub quiet: bool,
}

fn file_arg() -> Arg {
    Arg::new("file")
        .short('f')
        .value_name("FILE")
        .required(true)
        .help("The configuration file (haproxy.cfg syntax, or an ldirectord.cf)")
}

fn quiet_arg() -> Arg {
    Arg::new("quiet")
        .short('q')
        .action(ArgAction::SetTrue)
        .help("No warnings on stderr")
}

/// `proxy run`, `proxy check` and `proxy convert`, declared once for parsing, `--help` and the
/// man page.
pub fn commands() -> Vec<Command> {
    vec![
        Command::new("run")
            .about("Run the proxy")
            .arg(file_arg())
            .arg(
                Arg::new("daemon")
                    .short('D')
                    .action(ArgAction::SetTrue)
                    .help("Detach into the background"),
            )
            .arg(
                Arg::new("pidfile")
                    .short('p')
                    .value_name("PIDFILE")
                    .help("Write the pid here once every listener accepts"),
            )
            .arg(
                Arg::new("control")
                    .short('S')
                    .value_name("CONTROL_SOCKET")
                    .help("Private control socket (admin level) [default: the pidfile with .sock]"),
            )
            .arg(quiet_arg()),
        Command::new("check")
            .about("Validate a configuration like haproxy -c")
            .long_about(
                "Validate a configuration like haproxy -c: exit 0 when it is valid, 1 when it is \
                 not, 2 when it is valid but has no listener.",
            )
            .arg(file_arg())
            .arg(quiet_arg()),
        Command::new("convert")
            .about("Print the haproxy.cfg equivalent of an ldirectord.cf")
            .arg(file_arg()),
    ]
}

impl Opts {
    /// The options of a parsed [`commands`] entry.
    pub fn from_matches(m: &ArgMatches) -> Opts {
        let path = |id: &str| {
            m.try_get_one::<String>(id)
                .ok()
                .flatten()
                .map(PathBuf::from)
        };
        let flag = |id: &str| {
            m.try_get_one::<bool>(id)
                .ok()
                .flatten()
                .copied()
                .unwrap_or(false)
        };
        Opts {
            file: path("file"),
            daemon: flag("daemon"),
            pidfile: path("pidfile"),
            control: path("control"),
            quiet: flag("quiet"),
        }
    }
}

/// Load `file` and print every diagnostic like `haproxy -c` does (warnings unless `quiet`);
/// None when it is invalid.
pub fn load_and_report(file: &Path, quiet: bool) -> Option<Config> {
    match Config::load(file) {
        Ok(c) => {
            if !quiet {
                for d in &c.warnings {
                    eprintln!("{d}");
                }
            }
            Some(c)
        }
        Err(e) => {
            for d in &e.diags {
                if d.level == Level::Alert || !quiet {
                    eprintln!("{d}");
                }
            }
            eprintln!(
                "[ALERT]   {}: fatal errors found in configuration ({} error(s)).",
                file.display(),
                e.errors().count()
            );
            None
        }
    }
}

/// `proxy check -f FILE`: exit 0 when valid, 1 when not, and 2, as HAProxy 2.6 does, when
/// it is valid but has no listener (the daemon would serve nothing).
pub fn check(o: Opts) -> Result<OcfCode> {
    let file = o.file.expect("required by the declaration");
    match load_and_report(&file, o.quiet) {
        Some(c) if c.proxies.iter().all(|p| p.binds.is_empty()) => {
            if !o.quiet {
                if !c.warnings.is_empty() {
                    println!("Warnings were found.");
                }
                println!(
                    "Configuration file has no error but will not start (no listener) => exit(2)."
                );
            }
            Ok(OcfCode::ErrArgs)
        }
        Some(c) => {
            if !o.quiet {
                let n = c.warnings.len();
                println!(
                    "Configuration file is valid{}",
                    if n > 0 {
                        format!(" ({n} warning(s))")
                    } else {
                        String::new()
                    }
                );
            }
            Ok(OcfCode::Success)
        }
        None => Ok(OcfCode::ErrGeneric),
    }
}

/// `proxy convert -f FILE`: print the haproxy.cfg that an ldirectord.cf stands for (exit 0), or
/// its errors (exit 1). The output runs as it is: `proxy run -f` either file does the same.
pub fn convert(o: Opts) -> Result<OcfCode> {
    let file = o.file.expect("required by the declaration");
    let text = std::fs::read_to_string(&file)
        .map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
    if !crate::config::ldirectord::looks_like(&text) {
        eprintln!(
            "[ALERT]   {}: not an ldirectord configuration (no virtual= line); it needs no conversion",
            file.display()
        );
        return Ok(OcfCode::ErrGeneric);
    }
    // Validate the whole translation first: only a configuration that loads is printed.
    if load_and_report(&file, true).is_none() {
        return Ok(OcfCode::ErrGeneric);
    }
    match crate::config::ldirectord::translate(&file, &text) {
        Ok(t) => {
            print!("{}", t.text);
            Ok(OcfCode::Success)
        }
        Err(e) => {
            for d in &e.diags {
                eprintln!("{d}");
            }
            Ok(OcfCode::ErrGeneric)
        }
    }
}
