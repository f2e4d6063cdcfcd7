//! The `proxy check` and `proxy run` command lines (HAProxy's `-f`, `-c`, `-D`, `-p` spirit).

use std::path::{Path, PathBuf};

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

const USAGE: &str = "usage: rustha-proxy check -f FILE [-q]\n       rustha-proxy convert -f LDIRECTORD_CF\n       rustha-proxy run -f FILE [-D] [-p PIDFILE] [-S CONTROL_SOCKET] [-q]";

/// Parse the words after the subcommand.
pub fn parse(args: &[String]) -> Result<Opts> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| Error::Usage(format!("{flag} needs a value\n{USAGE}")))
        };
        match a.as_str() {
            "-f" => o.file = Some(PathBuf::from(value("-f")?)),
            "-p" => o.pidfile = Some(PathBuf::from(value("-p")?)),
            "-S" => o.control = Some(PathBuf::from(value("-S")?)),
            "-D" => o.daemon = true,
            "-q" => o.quiet = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(Error::Usage(format!("unknown option '{other}'\n{USAGE}"))),
        }
    }
    if o.file.is_none() {
        return Err(Error::Usage(format!("-f FILE is required\n{USAGE}")));
    }
    Ok(o)
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
pub fn check(args: &[String]) -> Result<OcfCode> {
    let o = parse(args)?;
    let file = o.file.expect("checked by parse");
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
pub fn convert(args: &[String]) -> Result<OcfCode> {
    let o = parse(args)?;
    let file = o.file.expect("checked by parse");
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
